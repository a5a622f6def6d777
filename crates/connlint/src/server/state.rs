//! What the server knows between messages: the open documents and their last lint, the
//! configuration, and the project findings of each open connector.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use connlint_linter::{lint_project, ConnectorFacts, Diagnostic, Document};
use lsp_types::{Range, Uri};

use super::protocol::{doc_path, to_lsp, Positions};
use crate::config::Configs;
use crate::project;

/// An open document and what its last lint found.
pub(crate) struct Doc {
    pub(crate) uri: Uri,
    /// The text, and the syntax tree each edit is applied to.
    pub(crate) document: Document,
    /// The client's version of the text.
    pub(crate) version: i32,
    /// Findings of the file itself, from the last lint of `text`.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// What the connector says, when the file holds one (for project rules).
    pub(crate) facts: Option<ConnectorFacts>,
}

/// Project findings of one connector, by the file they point into.
pub(crate) type ProjectFindings = HashMap<PathBuf, (String, Vec<Diagnostic>)>;

pub(crate) struct Workspace {
    pub(crate) documents: HashMap<String, Doc>,
    /// Documents changed since their last lint: they are linted once the client has
    /// sent everything it queued, so a burst of keystrokes costs one lint of the last
    /// version, and only that version's diagnostics are published.
    pub(crate) dirty: Vec<String>,
    pub(crate) configs: Configs,
    /// By connector path: the project findings published for it last time.
    pub(crate) projects: HashMap<PathBuf, ProjectFindings>,
}

pub(crate) fn absolute(path: &str) -> PathBuf {
    let p = PathBuf::from(path);
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map_or(p.clone(), |cwd| cwd.join(p))
    }
}

pub(crate) fn same_dir(a: &Path, b: &Path) -> bool {
    a.parent() == b.parent()
}

impl Workspace {
    /// Lints an open document again (its own findings and connector facts), and says
    /// whether its connector facts changed.
    pub(crate) fn relint(&mut self, key: &str) -> bool {
        let Some(doc) = self.documents.get(key) else {
            return false;
        };
        let path = doc_path(&doc.uri);
        // Ruby (or extensionless), the text kinds `check` scans and package JSON files; a
        // connlint.toml or logo buffer has no findings of its own, a zip no text.
        let lintable = !matches!(
            connlint_linter::FileKind::of(&path.to_string_lossy()),
            connlint_linter::FileKind::Other | connlint_linter::FileKind::Archive
        );
        let config = self.configs.for_file(&path);
        let Some(doc) = self.documents.get_mut(key) else {
            return false;
        };
        let (diagnostics, facts) = match config {
            _ if !lintable => (Vec::new(), None),
            Ok(config) => {
                let result = doc.document.lint(&config.settings);
                (result.diagnostics, result.connector)
            }
            Err(errors) => {
                // A broken config is reported where the user is looking, every error of it.
                let meta = connlint_linter::RuleId::IoError.meta();
                let file = path.to_string_lossy();
                let found = errors
                    .0
                    .iter()
                    .map(|e| {
                        connlint_linter::file_diagnostic(
                            meta,
                            &file,
                            format!("{}: {}", e.path.display(), e.message),
                        )
                    })
                    .collect();
                (found, None)
            }
        };
        doc.diagnostics = diagnostics;
        let changed = doc.facts != facts;
        doc.facts = facts;
        changed
    }

    /// The text of a file for position conversion: an open buffer, else the disk.
    pub(crate) fn text_of(&self, path: &Path) -> Option<String> {
        self.documents
            .values()
            .find(|d| doc_path(&d.uri) == path)
            .map(|d| d.document.text().to_owned())
            .or_else(|| std::fs::read_to_string(path).ok())
    }

    /// Runs the project rules for the connector open as `key`, with README,
    /// Connector_details.md and connlint.toml from open buffers where they are open.
    pub(crate) fn project_findings(&mut self, key: &str) -> ProjectFindings {
        let mut out = ProjectFindings::new();
        let Some(doc) = self.documents.get(key) else {
            return out;
        };
        let path = doc_path(&doc.uri);
        let Some(facts) = doc.facts.clone() else {
            return out;
        };
        let Ok(config) = self.configs.for_file(&path) else {
            return out;
        };
        let found = project::Found {
            path: path.clone(),
            shown: path.to_string_lossy().into_owned(),
            facts,
            config: &config,
        };
        let projects = project::projects(vec![found], &project::ProjectDirs::new(&[]));
        for (mut project, config) in projects {
            let buffers = [
                project.description.as_mut(),
                project.details.as_mut(),
                project.config.as_mut(),
            ];
            for file in buffers.into_iter().flatten() {
                let open = self
                    .documents
                    .values()
                    .find(|d| doc_path(&d.uri) == absolute(&file.path));
                if let Some(open) = open {
                    file.text = open.document.text().to_owned();
                }
            }
            for d in lint_project(&project, &config.settings) {
                let target = absolute(&d.path);
                let entry = out
                    .entry(target.clone())
                    .or_insert_with(|| (self.text_of(&target).unwrap_or_default(), Vec::new()));
                entry.1.push(d);
            }
        }
        out
    }

    /// Everything connlint says about `path` (its own findings when open, and the
    /// project findings that point into it), with the text their positions refer to.
    pub(crate) fn findings(&self, path: &Path) -> (Option<String>, Vec<Diagnostic>) {
        let open = self.documents.values().find(|d| doc_path(&d.uri) == path);
        let mut diagnostics: Vec<Diagnostic> =
            open.map(|d| d.diagnostics.clone()).unwrap_or_default();
        let mut text = open.map(|d| d.document.text().to_owned());
        for project in self.projects.values() {
            if let Some((file_text, found)) = project.get(path) {
                diagnostics.extend(found.iter().cloned());
                text.get_or_insert_with(|| file_text.clone());
            }
        }
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics.dedup();
        (text, diagnostics)
    }

    /// The findings of a document (with the LSP form of each) whose range touches
    /// `range`, from its last lint: editors ask on every cursor move.
    pub(crate) fn findings_at(
        &self,
        uri: &Uri,
        range: Range,
    ) -> Vec<(Diagnostic, lsp_types::Diagnostic)> {
        let path = doc_path(uri);
        let (text, diagnostics) = self.findings(&path);
        let positions = Positions::new(&text.unwrap_or_default());
        diagnostics
            .into_iter()
            .filter_map(|d| {
                let lsp = to_lsp(&d, uri, &positions);
                let r = lsp.range;
                (r.start <= range.end && range.start <= r.end).then_some((d, lsp))
            })
            .collect()
    }
}
