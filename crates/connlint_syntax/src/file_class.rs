//! What a path is, by name alone: its kind (how it is read) and its role (what the
//! project uses it for). The one rule the walk, `check`, the server, history scans and
//! every rule ask; a [`crate::SourceFile`] carries its class from the moment it is made.

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

/// `connector.rb` or `*.custom_adapter.rb`: a connector by its name, whatever its keys.
pub fn is_named_connector(path: &str) -> bool {
    path.rsplit(['/', '\\'])
        .next()
        .is_some_and(|name| name == "connector.rb" || is_adapter_source(name))
}

/// What a file is for in its project, by the directories it lies under and its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Code and data the project ships.
    Source,
    /// Specs and tests (`spec/`, `*_spec.rb` …).
    Test,
    /// Test input data (`fixtures/`: `workato exec` inputs, JSON samples).
    Fixture,
    /// Recorded HTTP interactions (`tape_library/`, `cassettes/`).
    Cassette,
}

/// Directory names and the role of what lies below them, compared without case; the
/// innermost one a path passes wins. README.md's "What a path is" table lists the same.
pub const ROLE_DIRS: &[(&str, Role)] = &[
    ("spec", Role::Test),
    ("specs", Role::Test),
    ("test", Role::Test),
    ("tests", Role::Test),
    ("__tests__", Role::Test),
    ("testdata", Role::Test),
    ("features", Role::Test),
    ("fixtures", Role::Fixture),
    ("cassettes", Role::Cassette),
    ("vcr_cassettes", Role::Cassette),
    // What `workato new` names the VCR cassette library.
    ("tape_library", Role::Cassette),
];

/// Whether the file's own name makes it a test (`*_spec.rb`, `*_test.rb`, `test_*`,
/// cucumber's `*_steps.rb`), wherever it lies.
pub fn is_test_name(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let name = name.to_ascii_lowercase();
    name.ends_with("_spec.rb")
        || name.ends_with("_test.rb")
        || name.starts_with("test_")
        || name.ends_with("_steps.rb")
}

impl Role {
    pub fn of(path: &str) -> Self {
        if is_test_name(path) {
            return Role::Test;
        }
        let mut parts = path.split(['/', '\\']);
        parts.next_back();
        parts
            .rev()
            .find_map(|dir| {
                ROLE_DIRS
                    .iter()
                    .find(|(name, _)| dir.eq_ignore_ascii_case(name))
                    .map(|&(_, role)| role)
            })
            .unwrap_or(Role::Source)
    }

    /// Whether credentials here are judged as test data: fake values are the norm, and a
    /// real-looking one needs more evidence.
    pub fn is_test_data(self) -> bool {
        self != Role::Source
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Test => "test",
            Role::Fixture => "fixture",
            Role::Cassette => "cassette",
        }
    }
}

/// A path's kind and role, computed once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileClass {
    pub kind: FileKind,
    pub role: Role,
    /// Whether a connector or package here is a test sample (the SDK's
    /// `spec/examples/*/connector.rb`, a gem's `spec/fixtures/connectors/*.rb`): it lies
    /// under a test directory, however deep (a name alone does not make a connector a
    /// sample: `test_connector.rb` may be the real one). Samples are
    /// deliberately partial or broken and never published, so only the rules about leaks
    /// apply — a leaked key is a leak wherever it sits. A connector among fixtures or
    /// cassettes outside the tests is linted as any other.
    pub sample: bool,
}

impl FileClass {
    pub fn of(path: &str) -> Self {
        let mut dirs = path.split(['/', '\\']);
        dirs.next_back();
        let sample = dirs.any(|dir| {
            ROLE_DIRS
                .iter()
                .any(|&(name, role)| role == Role::Test && dir.eq_ignore_ascii_case(name))
        });
        Self {
            kind: FileKind::of(path),
            role: Role::of(path),
            sample,
        }
    }
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

    /// One table for the roles (the walk's test fixtures and the secrets engine once
    /// kept two lists that disagreed on `specs/`, `testdata/`, `fixtures/`, `features/`
    /// and on case).
    #[test]
    fn what_a_path_is_for() {
        for (path, role) in [
            ("connector.rb", Role::Source),
            ("lib/client.rb", Role::Source),
            ("spec/examples/x/connector.rb", Role::Test),
            ("Spec/connector.rb", Role::Test),
            ("specs/connector.rb", Role::Test),
            ("pkg/testdata/creds.yml", Role::Test),
            ("src/__tests__/x.json", Role::Test),
            ("features/step_definitions/login.rb", Role::Test),
            ("lib/client_spec.rb", Role::Test),
            ("lib/client_test.rb", Role::Test),
            ("test_client.rb", Role::Test),
            ("features/steps/api_steps.rb", Role::Test),
            ("fixtures/actions/search/input.json", Role::Fixture),
            ("spec/fixtures/users.json", Role::Fixture),
            ("tape_library/search.yml", Role::Cassette),
            ("spec/cassettes/login.yml", Role::Cassette),
            ("spec\\vcr_cassettes\\login.yml", Role::Cassette),
            ("latest/contest.rb", Role::Source),
            ("testing/x.rb", Role::Source),
        ] {
            assert_eq!(Role::of(path), role, "{path}");
        }
        assert!(Role::Cassette.is_test_data() && !Role::Source.is_test_data());
        for (path, sample) in [
            ("spec/examples/echo/connector.rb", true),
            ("spec/fixtures/connectors/echo.rb", true),
            ("test/cassettes/connector.rb", true),
            ("fixtures/example/connector.rb", false),
            ("tape_library/connector.rb", false),
            ("test_connector.rb", false),
            ("connector.rb", false),
        ] {
            assert_eq!(FileClass::of(path).sample, sample, "{path}");
        }
    }
}
