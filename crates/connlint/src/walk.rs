//! Finds the files to lint: explicit files as given, directories walked with ripgrep's
//! `ignore` walker (so `.gitignore` and hidden-file rules apply as users expect).

use std::path::{Path, PathBuf};

use connlint_linter::FileKind;

/// Files above this size are skipped with a diagnostic. Real connectors stay well
/// under 2 MB; generated fixtures or dumps above 10 MB are not connector code.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// What to do with one path the walk found.
pub enum Candidate {
    /// A `.rb` file.
    Ruby(PathBuf),
    /// An extensionless file: linted only if it holds a connector hash.
    MaybeConnector(PathBuf),
    /// A YAML, JSON, `.env` or Markdown file, or a package's JSON file.
    Text(PathBuf),
    /// A `.zip`: a package export, linted entry by entry.
    Archive(PathBuf),
    /// A path that could not be walked (permission denied, symlink loop, missing).
    Error { path: PathBuf, message: String },
}

impl Candidate {
    pub fn path(&self) -> &Path {
        match self {
            Candidate::Ruby(p)
            | Candidate::MaybeConnector(p)
            | Candidate::Text(p)
            | Candidate::Archive(p) => p,
            Candidate::Error { path, .. } => path,
        }
    }
}

fn is_ruby(path: &Path) -> bool {
    kind(path) == FileKind::Ruby
}

fn kind(path: &Path) -> FileKind {
    FileKind::of(&path.to_string_lossy())
}

/// The files to lint, each with the directory it was found in when it was walked, or
/// `None` when it was named on the command line (explicit files are linted even when
/// config excludes them).
pub fn collect(paths: &[PathBuf]) -> Vec<(Candidate, Option<PathBuf>)> {
    let mut out = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => out.push((
                Candidate::Error {
                    path: root.clone(),
                    message: e.to_string(),
                },
                None,
            )),
            Ok(meta) if meta.is_file() => {
                let kind = FileKind::of(&root.to_string_lossy());
                if kind.is_text() {
                    out.push((Candidate::Text(root.clone()), None));
                } else if kind == FileKind::Archive {
                    out.push((Candidate::Archive(root.clone()), None));
                } else if is_ruby(root) {
                    out.push((Candidate::Ruby(root.clone()), None));
                } else if root.extension().is_none() {
                    // As in a walk: `LICENSE` or `Makefile` passed by pre-commit is not
                    // Ruby; an extensionless connector is.
                    out.push((Candidate::MaybeConnector(root.clone()), None));
                }
                // Any file beside a connector (README, connlint.toml, a logo, settings)
                // re-checks that connector's project, as pre-commit passes only what changed.
                if let Some(connector) = project_connector(root) {
                    if !paths.contains(&connector)
                        && !out
                            .iter()
                            .any(|(c, _): &(Candidate, Option<PathBuf>)| c.path() == connector)
                    {
                        out.push((Candidate::Ruby(connector), None));
                    }
                }
            }
            Ok(_) => {
                let mut walked = Vec::new();
                walk_dir(root, &mut walked);
                out.extend(walked.into_iter().map(|c| (c, Some(root.clone()))));
            }
        }
    }
    out
}

/// The connector of the project a file belongs to: `connector.rb` beside it, or the only
/// Ruby file in its directory.
fn project_connector(file: &Path) -> Option<PathBuf> {
    if is_ruby(file) {
        return None;
    }
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let named = dir.join("connector.rb");
    if named.is_file() {
        return Some(if file.parent().is_some_and(|d| d.as_os_str().is_empty()) {
            PathBuf::from("connector.rb")
        } else {
            named
        });
    }
    let mut ruby = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_ruby(p));
    let only = ruby.next()?;
    ruby.next().is_none().then_some(only)
}

/// Hidden entries the walk still enters: environment files and CI configuration are
/// where a connector project's credentials leak (`.env`, `.env.local`,
/// `.github/workflows/*.yml`, `.gitlab-ci.yml`, `.circleci/`). Everything else hidden
/// (`.git`, editor folders) is skipped, and `.gitignore` still applies to all.
fn hidden_but_scanned(name: &str) -> bool {
    name == ".env"
        || name.starts_with(".env.")
        || matches!(name, ".github" | ".gitlab-ci.yml" | ".circleci")
}

fn walk_dir(root: &Path, out: &mut Vec<Candidate>) {
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .hidden(false)
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !name.starts_with('.') || hidden_but_scanned(&name)
        })
        .build();
    for entry in walker {
        match entry {
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
                // `ignore`'s message names the path twice ("./x: IO error for operation
                // on ./x: …"), and the finding already stands at the path.
                let cause = e.io_error().map(|io| match io.raw_os_error() {
                    Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
                    None => io.kind().to_string(),
                });
                let message = match cause {
                    Some(cause) if path.is_dir() => format!("cannot read this directory: {cause}"),
                    Some(cause) => cause,
                    None => e.to_string(),
                };
                out.push(Candidate::Error { path, message });
            }
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = entry.into_path();
                match kind(&path) {
                    FileKind::Ruby => out.push(Candidate::Ruby(path)),
                    FileKind::Text | FileKind::Package(_) => out.push(Candidate::Text(path)),
                    FileKind::Archive => out.push(Candidate::Archive(path)),
                    FileKind::MaybeRuby => out.push(Candidate::MaybeConnector(path)),
                    FileKind::Other => {}
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

/// Whether a file named on the command line (or staged, or in history) is linted by its
/// name (see `FileKind::is_lintable`).
pub(crate) fn is_lintable(path: &Path) -> bool {
    kind(path).is_lintable()
}

/// A file's bytes as text, refusing what cannot be source: binary or not UTF-8.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes); skipped".to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {}); skipped",
            e.utf8_error().valid_up_to()
        )
    })
}
