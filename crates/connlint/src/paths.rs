//! How the CLI shows a path: one rule for findings, projects and history.

use std::path::Path;

/// How paths are shown: as given, or relative to the working directory when absolute
/// paths (discovered configs) lie below it.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let s = relative
        .as_deref()
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    s.strip_prefix("./").unwrap_or(&s).to_owned()
}
