//! The result cache of `check`, in the manner of ruff's: one entry per linted file, keyed
//! by this build of connlint, the effective settings, the file's path and its content.
//! Project rules are not cached: they read the README and settings afresh each run, so a
//! changed project file is always seen.
//!
//! Entries live in `.connlint_cache/<build>/` (or `$CONNLINT_CACHE_DIR`), a folder that
//! carries its own `.gitignore`. An entry that cannot be read, does not parse or holds
//! another key is ignored and rewritten; entries are written to a temporary file and
//! renamed into place, so concurrent runs never read half an entry.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use connlint_linter::{ConnectorFacts, Diagnostic, LintResult, PackageFacts};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;

/// What linting one file produced, as stored.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    diagnostics: Vec<Stored>,
    connector: Option<ConnectorFacts>,
    package: Option<PackageFacts>,
}

/// A diagnostic with the secret ranges its JSON form leaves out (renderers mask them).
#[derive(Serialize, Deserialize)]
struct Stored {
    diagnostic: Diagnostic,
    secrets: Vec<(usize, usize)>,
}

pub struct Cache {
    dir: PathBuf,
    /// What besides a file's config changes results: the command line's rule selection.
    salt: String,
    pub hits: AtomicUsize,
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// This build: the version, and the executable's size and modification time, so that a
/// rebuilt binary (new rules, same version) never reads an older build's results.
fn build_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default();
    let digest = Sha256::digest(format!("{}/{exe}", env!("CARGO_PKG_VERSION")));
    format!("{}-{}", env!("CARGO_PKG_VERSION"), &hex(&digest)[..16])
}

/// Where the cache lives: `$CONNLINT_CACHE_DIR`, or `.connlint_cache/` in the current
/// directory.
pub fn root() -> Option<PathBuf> {
    match std::env::var_os("CONNLINT_CACHE_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(std::env::current_dir().ok()?.join(".connlint_cache")),
    }
}

impl Cache {
    /// The cache for this run, or `None` when the folder cannot be made. `salt` is what
    /// besides a file's config and content changes its result (the command line's rule
    /// selection).
    pub fn open(salt: String) -> Option<Cache> {
        let root = root()?;
        std::fs::create_dir_all(&root).ok()?;
        let ignore = root.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(&ignore, "# Made by connlint: its result cache.\n*\n");
        }
        let build = build_id();
        // Entries of other builds can never match again.
        if let Ok(entries) = std::fs::read_dir(&root) {
            for entry in entries.filter_map(Result::ok) {
                let name = entry.file_name();
                if entry.path().is_dir() && name.to_string_lossy() != build {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = root.join(build);
        std::fs::create_dir_all(&dir).ok()?;
        Some(Cache {
            dir,
            salt,
            hits: AtomicUsize::new(0),
        })
    }

    fn key(&self, config: &Config, path: &str, text: &str) -> String {
        let mut hasher = Sha256::new();
        for part in [
            self.salt.as_bytes(),
            config
                .path
                .as_deref()
                .map_or(&[][..], |p| p.as_os_str().as_encoded_bytes()),
            config.text.as_bytes(),
            path.as_bytes(),
            text.as_bytes(),
        ]
        .into_iter()
        .chain(
            config
                .read
                .iter()
                .flat_map(|(file, content)| [file.as_bytes(), content.as_bytes()]),
        ) {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hex(&hasher.finalize())
    }

    fn file(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{}.json", &key[..32]))
    }

    /// The stored result of linting `text` as `path` under `config`, if there is one.
    pub fn get(&self, config: &Config, path: &str, text: &str) -> Option<LintResult> {
        let key = self.key(config, path, text);
        let bytes = std::fs::read(self.file(&key)).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        if entry.key != key {
            return None;
        }
        let diagnostics = entry
            .diagnostics
            .into_iter()
            .map(|s| Diagnostic {
                secrets: s.secrets,
                ..s.diagnostic
            })
            .collect();
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(LintResult {
            diagnostics,
            explanations: Vec::new(),
            connector: entry.connector,
            package: entry.package,
        })
    }

    /// Stores a result; a failure to write only costs the next run a lint.
    pub fn put(&self, config: &Config, path: &str, text: &str, result: &LintResult) {
        let key = self.key(config, path, text);
        let entry = Entry {
            diagnostics: result
                .diagnostics
                .iter()
                .map(|d| Stored {
                    diagnostic: d.clone(),
                    secrets: d.secrets.clone(),
                })
                .collect(),
            connector: result.connector.clone(),
            package: result.package.clone(),
            key,
        };
        let Ok(bytes) = serde_json::to_vec(&entry) else {
            return;
        };
        let target = self.file(&entry.key);
        let temporary = target.with_extension(format!(
            "tmp.{}.{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let written = std::fs::File::create(&temporary)
            .and_then(|mut f| f.write_all(&bytes))
            .and_then(|()| std::fs::rename(&temporary, &target));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }
}
