//! What a path is, by name alone: the one rule the walk, `check`, the server and
//! history scans ask.

/// What kind of file a path is, by name alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Parsed as Ruby and linted by every rule.
    Ruby,
    /// YAML, JSON, `.env`, Markdown: scanned for provider-format secrets only.
    Text,
}

/// Extensions of the text files next to a connector that can leak credentials:
/// VCR cassettes, settings files, environment files, the README.
pub const TEXT_EXTENSIONS: &[&str] = &["yml", "yaml", "json", "env", "md"];

impl FileKind {
    pub fn of(path: &str) -> Self {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext {
            Some(e) if TEXT_EXTENSIONS.contains(&e.as_str()) => FileKind::Text,
            _ if name == ".env" || name.starts_with(".env.") => FileKind::Text,
            _ => FileKind::Ruby,
        }
    }
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
