//! Finds the files to lint: explicit files as given, directories walked with ripgrep's
//! `ignore` walker (so `.gitignore` and hidden-file rules apply as users expect).

use std::path::{Path, PathBuf};

use connlint_linter::FileKind;

/// Files above this size are skipped with a diagnostic. Real connectors stay well
/// under 2 MB; generated fixtures or dumps above 10 MB are not connector code.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// What to do with one path the walk found.
pub enum Candidate {
    /// A `.rb` file, or a file named on the command line (its name decides how it is
    /// linted).
    Ruby(PathBuf),
    /// An extensionless file: linted only if it holds a connector hash.
    MaybeConnector(PathBuf),
    /// A YAML, JSON, `.env` or Markdown file: scanned for secrets only.
    Text(PathBuf),
    /// A path that could not be walked (permission denied, symlink loop, missing).
    Error { path: PathBuf, message: String },
}

impl Candidate {
    pub fn path(&self) -> &Path {
        match self {
            Candidate::Ruby(p) | Candidate::MaybeConnector(p) | Candidate::Text(p) => p,
            Candidate::Error { path, .. } => path,
        }
    }
}

fn is_ruby(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rb")
}

/// The files to lint, each with whether it was named on the command line (explicit
/// files are linted even when config excludes them).
pub fn collect(paths: &[PathBuf]) -> Vec<(Candidate, bool)> {
    let mut out = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => out.push((
                Candidate::Error {
                    path: root.clone(),
                    message: e.to_string(),
                },
                true,
            )),
            Ok(meta) if meta.is_file() => out.push((Candidate::Ruby(root.clone()), true)),
            Ok(_) => {
                let mut walked = Vec::new();
                walk_dir(root, &mut walked);
                out.extend(walked.into_iter().map(|c| (c, false)));
            }
        }
    }
    out
}

fn walk_dir(root: &Path, out: &mut Vec<Candidate>) {
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Err(e) => out.push(Candidate::Error {
                path: error_path(&e).unwrap_or_else(|| root.to_path_buf()),
                message: e.to_string(),
            }),
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = entry.into_path();
                if is_ruby(&path) {
                    out.push(Candidate::Ruby(path));
                } else if FileKind::of(&path.to_string_lossy()) == FileKind::Text {
                    out.push(Candidate::Text(path));
                } else if path.extension().is_none() {
                    out.push(Candidate::MaybeConnector(path));
                }
            }
        }
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// A cheap test that an extensionless file is a connector: a Ruby hash with connector
/// sections. Full parsing decides the rest.
pub fn looks_like_connector(text: &str) -> bool {
    let has = |key: &str| {
        text.contains(&format!("{key}:"))
            || text.contains(&format!("'{key}' =>"))
            || text.contains(&format!("\"{key}\" =>"))
    };
    text.contains('{') && has("title") && (has("connection") || has("actions") || has("triggers"))
}
