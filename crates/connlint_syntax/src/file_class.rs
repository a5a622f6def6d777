//! What a path is, by name alone: the one rule the walk, `check`, the server and
//! history scans ask.

/// What kind of file a path is, by name alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `*.rb`: parsed as Ruby and linted by every rule.
    Ruby,
    /// No extension: Ruby when it holds a connector hash (`connector` files of old
    /// projects), which only its text can tell.
    MaybeRuby,
    /// YAML, JSON, `.env`, Markdown: read by the credential rules.
    Text,
    /// A JSON file of a Workato package export or `workato push` package.
    Package(PackagePart),
    /// A `.zip`: a package export, read entry by entry in memory.
    Archive,
    /// Anything else (a logo, `connlint.toml`): no findings of its own.
    Other,
}

/// The JSON files of a Workato package. Its connector source
/// (`*.custom_adapter.rb`) is Ruby, its logo (`*.custom_adapter.png`) no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackagePart {
    /// `*.recipe.json`: a recipe, with its steps and the connections it uses.
    Recipe,
    /// `*.connection.json`: a connection's name and connector, never its credentials.
    Connection,
    /// `*.custom_adapter.json`: a custom connector's listing (title, description, logo).
    Adapter,
}

/// Extensions of the text files next to a connector that can leak credentials:
/// VCR cassettes, settings files, environment files, the README.
const TEXT_EXTENSIONS: &[&str] = &["yml", "yaml", "json", "env", "md"];

impl FileKind {
    pub fn of(path: &str) -> Self {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        if name == ".env" || name.starts_with(".env.") {
            return FileKind::Text;
        }
        let lower = name.to_ascii_lowercase();
        for (suffix, part) in [
            (".recipe.json", PackagePart::Recipe),
            (".connection.json", PackagePart::Connection),
            (".custom_adapter.json", PackagePart::Adapter),
        ] {
            if lower.ends_with(suffix) {
                return FileKind::Package(part);
            }
        }
        match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
            Some(e) if e == "zip" => FileKind::Archive,
            Some(e) if e == "rb" => FileKind::Ruby,
            Some(e) if TEXT_EXTENSIONS.contains(&e.as_str()) => FileKind::Text,
            Some(_) => FileKind::Other,
            None => FileKind::MaybeRuby,
        }
    }

    /// Whether a file named on the command line, staged or met in history is linted:
    /// Ruby, text and package files by name (extensionless files only when they hold a
    /// connector).
    pub fn is_lintable(self) -> bool {
        !matches!(self, FileKind::MaybeRuby | FileKind::Other)
    }

    /// Whether [`crate::lint`] reads the file as text rather than as Ruby.
    pub fn is_text(self) -> bool {
        matches!(self, FileKind::Text | FileKind::Package(_))
    }
}

/// Whether `path` is a package's connector source (`<name>.custom_adapter.rb`): a
/// connector whatever its hash holds, whose listing is the `.custom_adapter.json` beside
/// it, not a README.
pub fn is_adapter_source(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".custom_adapter.rb")
}

/// Directory names under which a connector is a test fixture (the SDK's
/// `spec/examples/*/connector.rb`): deliberately partial or broken, never published, so
/// only the rules about leaks apply: a leaked key is a leak wherever it sits.
const TEST_DIRS: &[&str] = &["spec", "specs", "test", "tests", "__tests__", "testdata"];

/// Whether `path` lies under a test directory.
pub(crate) fn is_test_fixture(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    parts.pop();
    parts.iter().any(|dir| TEST_DIRS.contains(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One answer per path for the walk, `check`, the server and history (they once
    /// disagreed: `.env.local` was lintable by name but skipped by the walk and the
    /// server, a logo was "Ruby").
    #[test]
    fn what_a_path_is() {
        for (path, kind) in [
            ("connector.rb", FileKind::Ruby),
            ("lib/helpers.RB", FileKind::Ruby),
            ("connector", FileKind::MaybeRuby),
            (".env", FileKind::Text),
            ("app/.env.local", FileKind::Text),
            (".github/workflows/ci.yml", FileKind::Text),
            ("spec/fixtures/users.json", FileKind::Text),
            ("README.md", FileKind::Text),
            ("logo.png", FileKind::Other),
            ("connlint.toml", FileKind::Other),
            (
                "export/Sync.recipe.json",
                FileKind::Package(PackagePart::Recipe),
            ),
            (
                "acme_account.connection.json",
                FileKind::Package(PackagePart::Connection),
            ),
            (
                "acme.custom_adapter.json",
                FileKind::Package(PackagePart::Adapter),
            ),
            ("acme.custom_adapter.rb", FileKind::Ruby),
            ("acme.custom_adapter.png", FileKind::Other),
            ("export.ZIP", FileKind::Archive),
        ] {
            assert_eq!(FileKind::of(path), kind, "{path}");
        }
        assert!(FileKind::of("x.env").is_lintable());
        assert!(!FileKind::of("connector").is_lintable());
        assert!(!FileKind::of("logo.png").is_lintable());
        assert!(FileKind::of("package.zip").is_lintable());
    }
}
