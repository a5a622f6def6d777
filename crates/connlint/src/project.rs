//! Groups linted files into connector projects and reads the files around each
//! connector for the project rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use connlint_linter::secrets::{looks_fake, value_class, ValueClass};
use connlint_linter::{ConnectorFacts, Project, ProjectFile};

use crate::config::Config;

/// A linted file that holds a connector.
pub struct Found<'a> {
    pub path: PathBuf,
    pub shown: String,
    pub facts: ConnectorFacts,
    pub config: &'a Config,
}

fn find_case_insensitive(dir: &Path, name: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(name))
        })
}

/// The connector's logo among the images beside it: `logo.png` or `logo.svg`, else an
/// image named for a logo or icon, or after the app (`fyle.png` beside
/// `fyle/connector.rb`, `travelperk.png` in `travelperk-connector/`).
fn logo_beside(dir: &Path, connector: &Path) -> Option<String> {
    let plain = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let folder = dir
        .canonicalize()
        .ok()
        .and_then(|d| Some(plain(&d.file_name()?.to_string_lossy())));
    let folder = folder.unwrap_or_default();
    let stem = connector
        .file_stem()
        .map(|s| plain(&s.to_string_lossy()))
        .unwrap_or_default();
    // Each image beside the connector with its name's letters and digits, in name order.
    let mut images: Vec<(String, String)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let (name, ext) = file.rsplit_once('.')?;
            let image = ["png", "svg", "jpg", "jpeg"].contains(&ext.to_ascii_lowercase().as_str());
            image.then(|| (plain(name), file.clone()))
        })
        .collect();
    images.sort_by(|a, b| a.1.cmp(&b.1));
    let after_app = |name: &str| {
        name.len() >= 3 && (folder.contains(name) || stem != "connector" && stem.contains(name))
    };
    let logo = images.iter().find(|(name, _)| name == "logo").or_else(|| {
        images
            .iter()
            .find(|(name, _)| name.contains("logo") || name.contains("icon") || after_app(name))
    })?;
    Some(logo.1.clone())
}

fn read(path: &Path, shown_dir: &str) -> Option<ProjectFile> {
    let text = std::fs::read_to_string(path).ok()?;
    let name = path.file_name()?.to_string_lossy();
    Some(ProjectFile {
        path: join(shown_dir, &name),
        text,
    })
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether git ignores `path` (false outside a repository: nothing stops a commit).
fn git_ignores(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["check-ignore", "-q"])
        .arg(path.file_name().unwrap_or_default())
        .status()
        .is_ok_and(|s| s.success())
}

/// A settings file with at least one `key: value` line.
fn has_values(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && l != &"---")
        .filter_map(|l| l.split_once(':').map(|(_, v)| v.trim()))
        .any(is_real_value)
}

/// A value someone could have pasted: not empty, not a template slot (`{{CLIENT_ID}}`,
/// `<token>`, `${TOKEN}`) filled in by CI, not a placeholder or test word.
fn is_real_value(value: &str) -> bool {
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    let template = [("{{", "}}"), ("<", ">"), ("${", "}"), ("%{", "}")]
        .iter()
        .any(|(open, close)| value.starts_with(open) && value.ends_with(close));
    !template && matches!(value_class(value), ValueClass::Candidate) && !looks_fake(value)
}

/// Where a project keeps its VCR cassettes: the `cassette_library_dir` its spec helper
/// sets (`spec/spec_helper.rb`, `spec/support/vcr.rb`), and wherever it sets none, the
/// SDK's places: `tape_library/` (what `workato new` writes) and `cassettes` folders
/// under `spec/`.
fn cassette_dirs(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for helper in ["spec/spec_helper.rb", "spec/support/vcr.rb"] {
        let Ok(text) = std::fs::read_to_string(dir.join(helper)) else {
            continue;
        };
        for line in text.lines() {
            let Some((_, rest)) = line.split_once("cassette_library_dir") else {
                continue;
            };
            let value = rest.trim_start().trim_start_matches('=').trim();
            let quoted = value.len() >= 2
                && (value.starts_with('\'') && value[1..].contains('\'')
                    || value.starts_with('"') && value[1..].contains('"'));
            if quoted {
                let quote = &value[..1];
                let inner = value[1..].split(quote).next().unwrap_or_default();
                if !inner.is_empty() && !inner.contains("#{") && !inner.starts_with('/') {
                    out.push(
                        inner
                            .trim_start_matches("./")
                            .trim_end_matches('/')
                            .to_owned(),
                    );
                }
            }
        }
    }
    out.push("tape_library".to_owned());
    out.sort();
    out.dedup();
    out
}

fn plain_cassettes(dir: &Path, shown_dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Under `spec/`, YAML in a `cassettes` folder; under a library folder, all of it.
    let mut stack = vec![(dir.join("spec"), join(shown_dir, "spec"), false)];
    for library in cassette_dirs(dir) {
        stack.push((dir.join(&library), join(shown_dir, &library), true));
    }
    // Bounded: cassette trees are shallow, and a symlink loop must not hang the scan.
    let mut budget = 10_000;
    while let Some((d, shown, library)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            budget -= 1;
            if budget == 0 {
                return out;
            }
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push((path, join(&shown, &name), library));
            } else if (library || shown.contains("cassettes"))
                && (name.ends_with(".yml") || name.ends_with(".yaml"))
            {
                out.push(join(&shown, &name));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What a directory holds for deciding whether it is a project: the names of its Ruby
/// files that look like connectors (two are enough to know), and whether it has any of
/// a project's files.
#[derive(Clone, Default)]
struct DirFacts {
    connectors: Vec<std::ffi::OsString>,
    project_files: bool,
}

/// Reads `dir` once. Ruby files that are no connector (helpers, scripts, a Rakefile's
/// tasks) are left out: a project is a directory with one connector, however many
/// other Ruby files lie beside it.
fn dir_facts(dir: &Path) -> DirFacts {
    const PROJECT_FILES: &[&str] = &[
        "readme.md",
        "connector_details.md",
        "connlint.toml",
        "settings.yaml",
        "settings.yml",
        "settings.yaml.enc",
        "master.key",
        "spec",
        ".git",
    ];
    let mut facts = DirFacts::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return facts;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let lower = name.to_string_lossy().to_ascii_lowercase();
        facts.project_files |= PROJECT_FILES.contains(&lower.as_str());
        let connector = facts.connectors.len() < 2
            && lower.ends_with(".rb")
            && std::fs::read_to_string(entry.path())
                .is_ok_and(|text| crate::walk::looks_like_connector(&text));
        if connector {
            facts.connectors.push(name);
        }
    }
    facts
}

/// Whether each directory asked about is a project: each directory is read once per
/// project assembly, however many of its files were linted.
#[derive(Default)]
pub struct ProjectDirs {
    dirs: Mutex<HashMap<PathBuf, DirFacts>>,
    /// The paths named on the command line: a connector file named there, or one in a
    /// directory named there, is what the user asked about — a project without the
    /// README or connlint.toml an unnamed one needs.
    named: Vec<PathBuf>,
}

impl ProjectDirs {
    pub fn new(named: &[PathBuf]) -> Self {
        Self {
            dirs: Mutex::default(),
            named: named.to_vec(),
        }
    }

    /// Whether a file that holds a connector is a project's: a project is a directory
    /// with one connector — its `connector.rb`, or its one Ruby file that holds a
    /// connector — that is `connector.rb`, lies beside a project's files, or was named
    /// (or its directory was) on the command line. Other Ruby files beside it do not
    /// count; a second connector makes the directory a folder of samples.
    pub fn may_hold_connector(&self, path: &Path) -> bool {
        if path.file_name().is_some_and(|n| n == "connector.rb") {
            return true;
        }
        // A package's connector: its listing is the `.custom_adapter.json` beside it.
        if connlint_linter::is_adapter_source(&path.to_string_lossy()) {
            return false;
        }
        let dir = parent_dir(path);
        let named = self.named.iter().any(|n| n == path || *n == dir);
        let facts = {
            let mut dirs = self.dirs.lock().unwrap_or_else(PoisonError::into_inner);
            dirs.entry(dir)
                .or_insert_with_key(|dir| dir_facts(dir))
                .clone()
        };
        let others = facts
            .connectors
            .iter()
            .any(|name| path.file_name() != Some(name.as_os_str()));
        !others && (facts.project_files || named)
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The connector projects among the linted files (see [`ProjectDirs::may_hold_connector`]).
/// Decided from the directory on disk, so a folder of connector samples is not a project
/// whether it is linted whole or file by file.
pub fn projects<'a>(found: Vec<Found<'a>>, dirs: &ProjectDirs) -> Vec<(Project, &'a Config)> {
    let mut out = Vec::new();
    for f in found {
        if !dirs.may_hold_connector(&f.path) {
            continue;
        }
        let dir = parent_dir(&f.path);
        let shown_dir = f.shown.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let listing = f.config.listing.clone();
        let description = match listing.as_ref().and_then(|l| l.description_file.as_ref()) {
            Some(file) => read(&f.config.dir.join(file.get_ref()), &shown_dir),
            None => find_case_insensitive(&dir, "README.md").and_then(|p| read(&p, &shown_dir)),
        };
        let details =
            find_case_insensitive(&dir, "Connector_details.md").and_then(|p| read(&p, &shown_dir));
        let config_file = f.config.path.as_ref().map(|p| ProjectFile {
            path: crate::paths::display_path(p),
            text: f.config.text.clone(),
        });
        let logo_exists = listing
            .as_ref()
            .and_then(|l| l.logo.as_ref())
            .map(|logo| f.config.dir.join(logo.get_ref()).is_file());
        let logo_file = logo_beside(&dir, &f.path);
        let master_key = dir.join("master.key");
        let master_key = master_key
            .is_file()
            .then(|| (join(&shown_dir, "master.key"), git_ignores(&master_key)));
        let plain_settings = ["settings.yaml", "settings.yml"]
            .iter()
            .filter_map(|name| read(&dir.join(name), &shown_dir))
            .filter(|file| has_values(&file.text))
            .collect();
        let config = f.config;
        out.push((
            Project {
                connector: f.shown,
                facts: f.facts,
                description,
                details,
                config: config_file,
                listing,
                logo_exists,
                logo_file,
                master_key,
                plain_settings,
                plain_cassettes: plain_cassettes(&dir, &shown_dir),
                listing_file: None,
            },
            config,
        ));
    }
    out
}
