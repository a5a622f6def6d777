//! What a run lints: standard input, the staged files (read from the git index), or the
//! files under the paths given, with zips expanded into their entries in memory.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{render_error, Config, Configs};
use crate::paths::display_path;
use crate::walk::{self, decode, is_lintable, Candidate};
use crate::CheckArgs;

/// Where an input's text comes from.
pub(crate) enum Content {
    Disk,
    /// Standard input or a staged blob.
    Given(String),
}

pub(crate) struct Input {
    pub(crate) candidate: Candidate,
    pub(crate) content: Content,
    pub(crate) config: Arc<Config>,
    /// The package the file belongs to, when it may be part of one: the walked
    /// directory or zip it was found in, or `.` for a file named on the command line.
    pub(crate) root: Option<String>,
}

/// Reads a file as UTF-8 text, refusing what cannot be connector source.
pub(crate) fn read_text(path: &Path, max_size: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".to_owned());
    }
    if meta.len() > max_size {
        return Err(format!(
            "file is {} bytes, over the --max-file-size limit of {max_size}; skipped",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    decode(bytes)
}

/// A logo found in a zip: the zip's shown path, and the logo's.
pub(crate) type ZipLogo = (String, String);

/// The inputs of a run: standard input, the staged files, or the files under the
/// paths (zips expanded into their entries), each with its configuration; and the
/// logos found in zips, by zip. Says so on stderr when there is nothing to lint.
pub(crate) fn collect(
    args: &CheckArgs,
    configs: &mut Configs,
) -> Result<(Vec<Input>, Vec<ZipLogo>), String> {
    let mut inputs = Vec::new();
    // Logos of custom connectors in zips, by the zip they are in.
    let mut logos: Vec<(String, String)> = Vec::new();
    let reading_stdin = args.reads_stdin();
    if reading_stdin {
        let name = args
            .stdin_filename
            .clone()
            .ok_or("reading standard input (`-`) needs --stdin-filename PATH")?;
        let mut text = Vec::new();
        std::io::stdin()
            .read_to_end(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let config = configs.for_file(&name).map_err(|e| render_error(&e))?;
        let candidate = match decode(text) {
            Ok(text) => (Candidate::Ruby(name), Content::Given(text)),
            Err(message) => (
                Candidate::Error {
                    path: name,
                    message,
                },
                Content::Disk,
            ),
        };
        inputs.push(Input {
            candidate: candidate.0,
            content: candidate.1,
            config,
            root: None,
        });
    } else if args.staged {
        for (path, blob) in staged_inputs()? {
            if !is_lintable(&path) {
                continue;
            }
            let config = configs.for_file(&path).map_err(|e| render_error(&e))?;
            let shown = std::env::current_dir()
                .ok()
                .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
                .unwrap_or(path);
            let (candidate, content) = match blob {
                Ok(text) => (Candidate::Ruby(shown), Content::Given(text)),
                Err(message) => (
                    Candidate::Error {
                        path: shown,
                        message,
                    },
                    Content::Disk,
                ),
            };
            inputs.push(Input {
                candidate,
                content,
                config,
                root: None,
            });
        }
    } else {
        for (candidate, walked_from) in walk::collect(&args.paths) {
            let config = configs
                .for_file(candidate.path())
                .map_err(|e| render_error(&e))?;
            if walked_from.is_some() && config.is_excluded(candidate.path()) {
                continue;
            }
            let root = walked_from.map_or_else(|| ".".to_owned(), |r| display_path(&r));
            if let Candidate::Archive(path) = &candidate {
                inputs.extend(archive_inputs(
                    path,
                    &config,
                    args.max_file_size,
                    &mut logos,
                ));
                continue;
            }
            inputs.push(Input {
                candidate,
                content: Content::Disk,
                config,
                root: Some(root),
            });
        }
    }

    if inputs.is_empty() && !reading_stdin && !args.quiet {
        let what = if args.staged {
            "staged files".to_owned()
        } else {
            args.paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        eprintln!(
            "connlint: nothing to lint in {what}: connlint reads Ruby, YAML, JSON, .env, Markdown and Workato package files (*.recipe.json, *.connection.json, *.custom_adapter.*, .zip)"
        );
    }
    Ok((inputs, logos))
}

/// The inputs of a zip: each lintable entry, in memory, under the zip's config; the zip
/// is their package. An unreadable zip is one `io-error`.
fn archive_inputs(
    path: &Path,
    config: &Arc<Config>,
    max_size: u64,
    logos: &mut Vec<(String, String)>,
) -> Vec<Input> {
    let shown = display_path(path);
    let input = |candidate, content| Input {
        candidate,
        content,
        config: config.clone(),
        root: Some(shown.clone()),
    };
    match crate::package::read_archive(path, &shown, max_size) {
        Err(message) => vec![input(
            Candidate::Error {
                path: path.to_path_buf(),
                message,
            },
            Content::Disk,
        )],
        Ok(archive) => {
            logos.extend(archive.logos.into_iter().map(|l| (shown.clone(), l)));
            archive
                .entries
                .into_iter()
                .map(|entry| match entry.text {
                    Ok(text) => input(
                        Candidate::Text(PathBuf::from(entry.shown)),
                        Content::Given(text),
                    ),
                    Err(message) => input(
                        Candidate::Error {
                            path: PathBuf::from(entry.shown),
                            message,
                        },
                        Content::Disk,
                    ),
                })
                .collect()
        }
    }
}

/// A staged path with its blob, or why the blob cannot be linted.
type StagedFile = (PathBuf, Result<String, String>);

/// The files git will commit: staged additions, copies, modifications and renames
/// (index entries whose blob is not HEAD's), read from the index rather than the working
/// tree. Conflicted entries, symlinks and submodules are not files to lint.
fn staged_inputs() -> Result<Vec<StagedFile>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let repo = gix::discover(&cwd).map_err(|e| {
        format!(
            "--staged reads the git index, and {} is not in a git repository ({e})",
            cwd.display()
        )
    })?;
    let top = repo
        .workdir()
        .ok_or("--staged reads the index of a repository with a work tree")?
        .to_path_buf();
    let failed = |what: &str, e: &dyn std::fmt::Display| format!("cannot read {what}: {e}");
    let index = repo
        .index_or_empty()
        .map_err(|e| failed("the git index", &e))?;
    let head_tree = repo
        .head_tree_id_or_empty()
        .map_err(|e| failed("HEAD", &e))?;
    let head = repo
        .index_from_tree(&head_tree)
        .map_err(|e| failed("HEAD's tree", &e))?;
    let committed: HashMap<&gix::bstr::BStr, gix::ObjectId> = head
        .entries()
        .iter()
        .map(|e| (e.path(&head), e.id))
        .collect();
    let mut out = Vec::new();
    for entry in index.entries() {
        let lintable = entry.stage() == gix::index::entry::Stage::Unconflicted
            && matches!(
                entry.mode,
                gix::index::entry::Mode::FILE | gix::index::entry::Mode::FILE_EXECUTABLE
            );
        let name = entry.path(&index);
        if !lintable || committed.get(name) == Some(&entry.id) {
            continue;
        }
        let blob = repo
            .find_object(entry.id)
            .map_err(|e| failed(&format!("the staged {name}"), &e))
            .and_then(|object| decode(object.detach().data));
        let Ok(relative) = gix::path::from_bstr(name) else {
            continue;
        };
        out.push((top.join(relative), blob));
    }
    Ok(out)
}
