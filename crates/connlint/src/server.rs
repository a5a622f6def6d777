//! `connlint server`: a Language Server over stdio. It lints open documents with the same
//! `lint()` core as `check`, under the `connlint.toml` that governs each file; runs the
//! project rules for an open connector (README, Connector_details.md and connlint.toml
//! beside it, from open buffers or the disk) and publishes their findings where they
//! point; registers file watchers and re-lints when configuration or listing files
//! change; answers hover with rule documentation and code actions from the last lint.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use connlint_linter::diagnostics::{Diagnostic, Severity};
use connlint_linter::syntax::LineIndex;
use connlint_linter::{lint_project, rule_page, ConnectorFacts, Document, Utf16Position};
use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position,
    PublishDiagnosticsParams, Range, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};

use crate::config::{Configs, Overrides, FILE_NAME};
use crate::project;

/// The file path a `file://` URI names, percent-decoded.
fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&rest[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

/// LSP positions count UTF-16 code units; connlint's are bytes and characters.
fn position(text: &str, lines: &LineIndex, line: usize, offset: usize) -> Position {
    let start = lines.line_start(line).unwrap_or(0).min(offset);
    let units: usize = text
        .get(start..offset)
        .map_or(0, |s| s.encode_utf16().count());
    Position::new(line.saturating_sub(1) as u32, units as u32)
}

fn range(text: &str, lines: &LineIndex, r: &connlint_linter::diagnostics::Range) -> Range {
    Range::new(
        position(text, lines, r.start.line, r.start.offset),
        position(text, lines, r.end.line, r.end.offset),
    )
}

fn to_lsp(d: &Diagnostic, uri: &Uri, text: &str, lines: &LineIndex) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    lsp_types::Diagnostic {
        range: range(text, lines, &d.range),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description: d
            .url
            .as_ref()
            .and_then(|u| u.parse::<Uri>().ok())
            .map(|href| lsp_types::CodeDescription { href }),
        source: Some("connlint".to_owned()),
        message,
        related_information: (!d.labels.is_empty()).then(|| {
            d.labels
                .iter()
                .map(|l| DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), range(text, lines, &l.range)),
                    message: l.message.clone(),
                })
                .collect()
        }),
        tags: None,
        data: None,
    }
}

fn edit_of(
    text: &str,
    lines: &LineIndex,
    e: &connlint_linter::diagnostics::Edit,
) -> lsp_types::TextEdit {
    lsp_types::TextEdit::new(range(text, lines, &e.range), e.content.clone())
}

/// An open document and what its last lint found.
struct Doc {
    uri: Uri,
    /// The text, and the syntax tree each edit is applied to.
    document: Document,
    /// The client's version of the text.
    version: i32,
    /// Findings of the file itself, from the last lint of `text`.
    diagnostics: Vec<Diagnostic>,
    /// What the connector says, when the file holds one (for project rules).
    facts: Option<ConnectorFacts>,
}

/// Project findings of one connector, by the file they point into.
type ProjectFindings = HashMap<PathBuf, (String, Vec<Diagnostic>)>;

struct Server {
    connection: Connection,
    documents: HashMap<String, Doc>,
    /// Documents changed since their last lint: they are linted once the client has
    /// sent everything it queued, so a burst of keystrokes costs one lint of the last
    /// version, and only that version's diagnostics are published.
    dirty: Vec<String>,
    configs: Configs,
    /// By connector path: the project findings published for it last time.
    projects: HashMap<PathBuf, ProjectFindings>,
}

fn doc_path(uri: &Uri) -> PathBuf {
    uri_path(uri).unwrap_or_else(|| PathBuf::from(uri.as_str()))
}

/// A `file://` URI for a path, percent-encoding what a URI path cannot hold.
fn path_uri(path: &Path) -> Option<Uri> {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

fn absolute(path: &str) -> PathBuf {
    let p = PathBuf::from(path);
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map_or(p.clone(), |cwd| cwd.join(p))
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a.parent() == b.parent()
}

impl Server {
    /// Lints an open document again (its own findings and connector facts), and says
    /// whether its connector facts changed.
    fn relint(&mut self, key: &str) -> bool {
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
                let diagnostics = result
                    .diagnostics
                    .into_iter()
                    .filter(|d| !config.ignores(&path, &d.rule))
                    .collect();
                (diagnostics, result.connector)
            }
            Err(e) => {
                // A broken config is reported where the user is looking.
                let meta = connlint_linter::find_rule("io-error")
                    .expect("registered")
                    .meta();
                let d = connlint_linter::file_diagnostic(
                    meta,
                    &path.to_string_lossy(),
                    format!("{}: {}", e.path.display(), e.message),
                );
                (vec![d], None)
            }
        };
        doc.diagnostics = diagnostics;
        let changed = doc.facts != facts;
        doc.facts = facts;
        changed
    }

    /// The text of a file for position conversion: an open buffer, else the disk.
    fn text_of(&self, path: &Path) -> Option<String> {
        self.documents
            .values()
            .find(|d| doc_path(&d.uri) == path)
            .map(|d| d.document.text().to_owned())
            .or_else(|| std::fs::read_to_string(path).ok())
    }

    /// Runs the project rules for the connector open as `key`, with README,
    /// Connector_details.md and connlint.toml from open buffers where they are open.
    fn project_findings(&mut self, key: &str) -> ProjectFindings {
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
                if config.ignores(&path, &d.rule) {
                    continue;
                }
                let target = absolute(&d.path);
                let entry = out
                    .entry(target.clone())
                    .or_insert_with(|| (self.text_of(&target).unwrap_or_default(), Vec::new()));
                entry.1.push(d);
            }
        }
        out
    }

    /// Re-lints the document `key` (when open) and publishes what changed around it.
    fn refresh(&mut self, key: &str) -> Result<(), String> {
        self.dirty.retain(|k| k != key);
        let facts_changed = self.relint(key);
        self.publish_around(key, facts_changed)
    }

    /// Re-runs the project rules of every open connector beside the document `key` (all
    /// but the document's own when it is a connector whose facts did not change), and
    /// publishes every file whose findings may have changed.
    fn publish_around(&mut self, key: &str, facts_changed: bool) -> Result<(), String> {
        let changed = self
            .documents
            .get(key)
            .map(|d| doc_path(&d.uri))
            .or_else(|| key.parse::<Uri>().ok().map(|u| doc_path(&u)));
        let Some(changed) = changed else {
            return Ok(());
        };
        // Project rules read a connector only through its facts: an edit of the
        // connector that leaves them as they were leaves its project findings too.
        let connector_edit = changed.extension().is_some_and(|e| e == "rb");
        if connector_edit && !facts_changed && self.projects.contains_key(&changed) {
            return self.publish(&changed);
        }
        let connectors: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| d.facts.is_some() && same_dir(&doc_path(&d.uri), &changed))
            .map(|(k, _)| k.clone())
            .collect();
        let mut touched: Vec<PathBuf> = vec![changed];
        for connector in connectors {
            let path = doc_path(&self.documents[&connector].uri);
            let findings = self.project_findings(&connector);
            if let Some(old) = self.projects.get(&path) {
                touched.extend(old.keys().cloned());
            }
            touched.extend(findings.keys().cloned());
            touched.push(path.clone());
            self.projects.insert(path, findings);
        }
        touched.sort();
        touched.dedup();
        for path in touched {
            self.publish(&path)?;
        }
        Ok(())
    }

    /// Re-lints every open document and re-runs every project.
    fn refresh_all(&mut self) -> Result<(), String> {
        self.dirty.clear();
        let keys: Vec<String> = self.documents.keys().cloned().collect();
        for key in &keys {
            self.relint(key);
        }
        for key in keys {
            self.publish_around(&key, true)?;
        }
        Ok(())
    }

    /// Everything connlint says about `path` (its own findings when open, and the
    /// project findings that point into it), with the text their positions refer to.
    fn findings(&self, path: &Path) -> (Option<String>, Vec<Diagnostic>) {
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

    fn publish(&mut self, path: &Path) -> Result<(), String> {
        let Some(uri) = self
            .documents
            .values()
            .find(|d| doc_path(&d.uri) == path)
            .map(|d| d.uri.clone())
            .or_else(|| path_uri(path))
        else {
            return Ok(());
        };
        let (text, diagnostics) = self.findings(path);
        let text = text.unwrap_or_default();
        let lines = LineIndex::new(&text);
        let lsp = diagnostics
            .iter()
            .map(|d| to_lsp(d, &uri, &text, &lines))
            .collect();
        let version = self.documents.get(uri.as_str()).map(|d| d.version);
        self.send_diagnostics(uri, lsp, version)
    }

    /// A request whose handler panicked: an error answer, and the server goes on.
    fn answer_panic(&self, id: lsp_server::RequestId) -> Result<(), String> {
        let message = format!("connlint panicked: {}", crate::panics::describe());
        eprintln!("connlint server: {message}");
        let response =
            lsp_server::Response::new_err(id, lsp_server::ErrorCode::InternalError as i32, message);
        self.connection
            .sender
            .send(Message::Response(response))
            .map_err(|e| e.to_string())
    }

    /// A notification whose handling panicked (a lint of the document it names): an
    /// `internal-error` diagnostic on that document, and the server goes on.
    fn report_panic(&self, uri: Option<String>) -> Result<(), String> {
        let message = format!(
            "connlint panicked while linting this file: {}",
            crate::panics::describe()
        );
        eprintln!("connlint server: {message}");
        let Some(uri) = uri.and_then(|u| u.parse::<Uri>().ok()) else {
            return Ok(());
        };
        let diagnostic = lsp_types::Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("internal-error".to_owned())),
            source: Some("connlint".to_owned()),
            message,
            ..Default::default()
        };
        self.send_diagnostics(uri, vec![diagnostic], None)
    }

    fn send_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), String> {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        let notification = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
        self.connection
            .sender
            .send(Message::Notification(notification))
            .map_err(|e| e.to_string())
    }

    /// The findings of a document (with the LSP form of each) whose range touches
    /// `range`, from its last lint: editors ask on every cursor move.
    fn findings_at(&self, uri: &Uri, range: Range) -> Vec<(Diagnostic, lsp_types::Diagnostic)> {
        let path = doc_path(uri);
        let (text, diagnostics) = self.findings(&path);
        let text = text.unwrap_or_default();
        let lines = LineIndex::new(&text);
        diagnostics
            .into_iter()
            .filter_map(|d| {
                let lsp = to_lsp(&d, uri, &text, &lines);
                let r = lsp.range;
                (r.start <= range.end && range.start <= r.end).then_some((d, lsp))
            })
            .collect()
    }

    /// The fixes of the findings under `requested`, as quick-fix code actions.
    fn code_actions(
        &self,
        params: lsp_types::CodeActionParams,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some(doc) = self.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let text = doc.document.text();
        let lines = LineIndex::new(text);
        self.findings_at(&uri, params.range)
            .into_iter()
            .filter_map(|(d, diagnostic)| {
                let fix = d.fix?;
                let safe = fix.applicability == connlint_linter::diagnostics::Applicability::Safe;
                let title = if safe {
                    fix.message.clone()
                } else {
                    format!("{} (unsafe)", fix.message)
                };
                let edits = fix.edits.iter().map(|e| edit_of(text, &lines, e)).collect();
                Some(lsp_types::CodeActionOrCommand::CodeAction(
                    lsp_types::CodeAction {
                        title,
                        kind: Some(lsp_types::CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic]),
                        edit: Some(lsp_types::WorkspaceEdit::new(
                            [(uri.clone(), edits)].into_iter().collect(),
                        )),
                        is_preferred: Some(safe),
                        ..Default::default()
                    },
                ))
            })
            .collect()
    }

    /// The documentation of the rules whose findings are under the cursor.
    fn hover(&self, params: lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let at = params.text_document_position_params.position;
        let uri = params.text_document_position_params.text_document.uri;
        let mut rules: Vec<String> = self
            .findings_at(&uri, Range::new(at, at))
            .into_iter()
            .map(|(d, _)| d.rule)
            .collect();
        rules.dedup();
        let pages: Vec<String> = rules
            .iter()
            .filter_map(|name| connlint_linter::find_rule(name))
            .map(|rule| rule_page(rule.meta()))
            .collect();
        (!pages.is_empty()).then(|| lsp_types::Hover {
            contents: lsp_types::HoverContents::Markup(lsp_types::MarkupContent {
                kind: lsp_types::MarkupKind::Markdown,
                value: pages.join("\n---\n\n"),
            }),
            range: None,
        })
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        let parse = |e: serde_json::Error| e.to_string();
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                let uri = p.text_document.uri;
                let key = uri.as_str().to_owned();
                let path = doc_path(&uri).to_string_lossy().into_owned();
                self.documents.insert(
                    key.clone(),
                    Doc {
                        uri,
                        document: Document::new(path, p.text_document.text),
                        version: p.text_document.version,
                        diagnostics: Vec::new(),
                        facts: None,
                    },
                );
                self.refresh(&key)
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                let key = p.text_document.uri.as_str().to_owned();
                let Some(doc) = self.documents.get_mut(&key) else {
                    return Ok(());
                };
                // Changes apply in order; one without a range replaces the whole text.
                for change in p.content_changes {
                    match change.range {
                        Some(r) => doc.document.edit(
                            Utf16Position::new(r.start.line, r.start.character),
                            Utf16Position::new(r.end.line, r.end.character),
                            &change.text,
                        ),
                        None => doc.document.set_text(change.text),
                    }
                }
                doc.version = p.text_document.version;
                if !self.dirty.contains(&key) {
                    self.dirty.push(key);
                }
                Ok(())
            }
            DidSaveTextDocument::METHOD => {
                let p: lsp_types::DidSaveTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                let key = p.text_document.uri.as_str().to_owned();
                if key.ends_with(FILE_NAME) {
                    return self.reload();
                }
                if let (Some(text), Some(doc)) = (p.text, self.documents.get_mut(&key)) {
                    doc.document.set_text(text);
                }
                self.refresh(&key)
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                let key = p.text_document.uri.as_str().to_owned();
                let path = doc_path(&p.text_document.uri);
                self.documents.remove(&key);
                self.dirty.retain(|k| *k != key);
                // Its own findings and its project's go with it; what the projects of
                // other open connectors say about it stays (a closed README still
                // lacks a support contact).
                let targets: Vec<PathBuf> = self
                    .projects
                    .remove(&path)
                    .map(|f| f.into_keys().collect())
                    .unwrap_or_default();
                for target in targets.into_iter().filter(|t| *t != path) {
                    self.publish(&target)?;
                }
                self.refresh(&key)
            }
            DidChangeWatchedFiles::METHOD => {
                let p: lsp_types::DidChangeWatchedFilesParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                if p.changes
                    .iter()
                    .any(|c| c.uri.as_str().ends_with(FILE_NAME))
                {
                    return self.reload();
                }
                self.refresh_all()
            }
            _ => Ok(()),
        }
    }

    /// Lints the documents changed since their last lint and publishes what they say.
    fn flush(&mut self) -> Result<(), String> {
        for key in std::mem::take(&mut self.dirty) {
            if key.ends_with(FILE_NAME) {
                self.refresh_all()?;
            } else {
                self.refresh(&key)?;
            }
        }
        Ok(())
    }

    /// Drops cached configuration and re-lints every open document.
    fn reload(&mut self) -> Result<(), String> {
        self.configs = Configs::new(Overrides::default(), None, false).map_err(|e| e.message)?;
        self.refresh_all()
    }

    fn respond(&self, response: lsp_server::Response) -> Result<(), String> {
        self.connection
            .sender
            .send(Message::Response(response))
            .map_err(|e| e.to_string())
    }

    fn request(&mut self, req: lsp_server::Request) -> Result<(), String> {
        // Answers are about the text as the client has it now.
        self.flush()?;
        let invalid = |id, e: serde_json::Error| {
            lsp_server::Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            )
        };
        let response = match req.method.as_str() {
            "textDocument/codeAction" => {
                match serde_json::from_value::<lsp_types::CodeActionParams>(req.params) {
                    Ok(params) => lsp_server::Response::new_ok(req.id, self.code_actions(params)),
                    Err(e) => invalid(req.id, e),
                }
            }
            "textDocument/hover" => {
                match serde_json::from_value::<lsp_types::HoverParams>(req.params) {
                    Ok(params) => lsp_server::Response::new_ok(req.id, self.hover(params)),
                    Err(e) => invalid(req.id, e),
                }
            }
            _ => lsp_server::Response::new_err(
                req.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("connlint does not handle {}", req.method),
            ),
        };
        self.respond(response)
    }
}

/// The files whose changes re-lint open documents: configuration, the listing's
/// description and details, logos, settings and the master key.
const WATCHED: &[&str] = &[
    "**/connlint.toml",
    "**/*.md",
    "**/*.{png,svg}",
    "**/settings.{yaml,yml}",
    "**/master.key",
];

/// Asks the client to report changes to `WATCHED` files: editors send
/// `workspace/didChangeWatchedFiles` only to servers that register for them.
fn register_watchers(connection: &Connection) -> Result<(), String> {
    let watchers: Vec<serde_json::Value> = WATCHED
        .iter()
        .map(|glob| serde_json::json!({ "globPattern": glob }))
        .collect();
    let params = lsp_types::RegistrationParams {
        registrations: vec![lsp_types::Registration {
            id: "connlint-watched-files".to_owned(),
            method: DidChangeWatchedFiles::METHOD.to_owned(),
            register_options: Some(serde_json::json!({ "watchers": watchers })),
        }],
    };
    let request = lsp_server::Request::new(
        lsp_server::RequestId::from("connlint/register-watchers".to_owned()),
        "client/registerCapability".to_owned(),
        params,
    );
    connection
        .sender
        .send(Message::Request(request))
        .map_err(|e| e.to_string())
}

pub fn run() -> Result<ExitCode, String> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp_types::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp_types::SaveOptions {
                        include_text: Some(true),
                    },
                )),
                ..Default::default()
            },
        )),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        ..Default::default()
    };
    let capabilities = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    let params = connection
        .initialize(capabilities)
        .map_err(|e| e.to_string())?;
    let dynamic_watchers = serde_json::from_value::<lsp_types::InitializeParams>(params)
        .ok()
        .and_then(|p| {
            p.capabilities
                .workspace?
                .did_change_watched_files?
                .dynamic_registration
        })
        .unwrap_or(false);
    if dynamic_watchers {
        register_watchers(&connection)?;
    }
    let configs = Configs::new(Overrides::default(), None, false).map_err(|e| e.message)?;
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        dirty: Vec::new(),
        configs,
        projects: HashMap::new(),
    };
    loop {
        // Changes are applied as they come, and linted when none is waiting.
        let message = match server.connection.receiver.try_recv() {
            Ok(message) => message,
            Err(crossbeam_channel::TryRecvError::Empty) => {
                server.flush()?;
                match server.connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => break,
                }
            }
            Err(crossbeam_channel::TryRecvError::Disconnected) => break,
        };
        match message {
            Message::Request(req) => {
                if server
                    .connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    break;
                }
                let id = req.id.clone();
                let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    crate::panics::test_point("request");
                    server.request(req)
                }));
                match answered {
                    Ok(result) => result?,
                    Err(_) => server.answer_panic(id)?,
                }
            }
            Message::Notification(n) => {
                let uri = n.params["textDocument"]["uri"].as_str().map(str::to_owned);
                let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    crate::panics::test_point("notification");
                    server.notification(n)
                }));
                match handled {
                    Ok(Err(e)) => eprintln!("connlint server: {e}"),
                    Ok(Ok(())) => {}
                    Err(_) => server.report_panic(uri)?,
                }
            }
            // The client's answer to the watcher registration.
            Message::Response(_) => {}
        }
    }
    drop(server);
    io_threads.join().map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
