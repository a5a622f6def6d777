//! `connlint server`: a Language Server over stdio. It lints open documents with the same
//! `lint()` core as `check`, under the `connlint.toml` that governs each file; runs the
//! project rules for an open connector (README, Connector_details.md and connlint.toml
//! beside it, from open buffers or the disk) and publishes their findings where they
//! point; registers file watchers and re-lints when configuration or listing files
//! change; answers hover with rule documentation and code actions from the last lint.

mod protocol;
mod state;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use connlint_linter::syntax::SourceFile;
use connlint_linter::{rule_page, Document, Utf16Position};
use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::{
    DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};

use crate::config::{render_error, Configs, Overrides, FILE_NAME};
use protocol::{doc_path, path_uri, to_lsp, Positions};
use state::{same_dir, Doc, Workspace};

struct Server {
    connection: Connection,
    state: Workspace,
}

impl Server {
    /// Re-lints the document `key` (when open) and publishes what changed around it.
    fn refresh(&mut self, key: &str) -> Result<(), String> {
        self.state.dirty.retain(|k| k != key);
        let facts_changed = self.state.relint(key);
        self.publish_around(key, facts_changed)
    }

    /// Re-runs the project rules of every open connector beside the document `key` (all
    /// but the document's own when it is a connector whose facts did not change), and
    /// publishes every file whose findings may have changed.
    fn publish_around(&mut self, key: &str, facts_changed: bool) -> Result<(), String> {
        let changed = self
            .state
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
        if connector_edit && !facts_changed && self.state.projects.contains_key(&changed) {
            return self.publish(&changed);
        }
        let connectors: Vec<String> = self
            .state
            .documents
            .iter()
            .filter(|(_, d)| d.facts.is_some() && same_dir(&doc_path(&d.uri), &changed))
            .map(|(k, _)| k.clone())
            .collect();
        let mut touched: Vec<PathBuf> = vec![changed];
        for connector in connectors {
            let path = doc_path(&self.state.documents[&connector].uri);
            let findings = self.state.project_findings(&connector);
            if let Some(old) = self.state.projects.get(&path) {
                touched.extend(old.keys().cloned());
            }
            touched.extend(findings.keys().cloned());
            touched.push(path.clone());
            self.state.projects.insert(path, findings);
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
        self.state.dirty.clear();
        let keys: Vec<String> = self.state.documents.keys().cloned().collect();
        for key in &keys {
            self.state.relint(key);
        }
        for key in keys {
            self.publish_around(&key, true)?;
        }
        Ok(())
    }

    fn publish(&mut self, path: &Path) -> Result<(), String> {
        let Some(uri) = self
            .state
            .documents
            .values()
            .find(|d| doc_path(&d.uri) == path)
            .map(|d| d.uri.clone())
            .or_else(|| path_uri(path))
        else {
            return Ok(());
        };
        let (text, diagnostics) = self.state.findings(path);
        let positions = Positions::new(&text.unwrap_or_default());
        let lsp = diagnostics
            .iter()
            .map(|d| to_lsp(d, &uri, &positions))
            .collect();
        let version = self.state.documents.get(uri.as_str()).map(|d| d.version);
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
            code: Some(NumberOrString::String(
                connlint_linter::RuleId::InternalError.name().to_owned(),
            )),
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

    /// Under the cursor: the quick fix of each finding and "disable for this line";
    /// for the document, when the client asks for that kind: "fix all" (every safe fix).
    fn code_actions(
        &mut self,
        params: lsp_types::CodeActionParams,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let path = doc_path(&uri);
        let config = self.state.configs.for_file(&path);
        let Some(doc) = self.state.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let text = doc.document.text();
        let positions = Positions::new(text);
        let wanted = |kind: &lsp_types::CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let mut actions = Vec::new();
        if wanted(&lsp_types::CodeActionKind::QUICKFIX) {
            for (d, lsp) in self.state.findings_at(&uri, params.range) {
                actions.extend(protocol::quick_fix(&d, &lsp, &uri, &positions));
                actions.extend(protocol::disable_for_line(&d, &lsp, &uri, text));
            }
        }
        // Fixing the whole document lints it again, up to once per fix round: only for a
        // client that asks for the kind (code-actions-on-save, the source-action menu),
        // not on every cursor move, and only when the last lint found a safe fix.
        let asked = params.context.only.is_some() && wanted(&protocol::fix_all_kind());
        let fixable = doc.diagnostics.iter().any(|d| {
            d.fix.as_ref().is_some_and(|f| {
                f.applicability == connlint_linter::diagnostics::Applicability::Safe
            })
        });
        if asked && fixable {
            if let Ok(config) = config {
                let source = SourceFile::new(path.to_string_lossy(), text.to_owned());
                let fixed = connlint_linter::fix_source(&source, &config.settings, false);
                if fixed.text != text {
                    actions.push(protocol::fix_all(&uri, text, &fixed.text));
                }
            }
        }
        actions
            .into_iter()
            .map(lsp_types::CodeActionOrCommand::CodeAction)
            .collect()
    }

    /// The documentation of the rules whose findings are under the cursor.
    fn hover(&self, params: lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let at = params.text_document_position_params.position;
        let uri = params.text_document_position_params.text_document.uri;
        let mut rules: Vec<connlint_linter::RuleId> = self
            .state
            .findings_at(&uri, Range::new(at, at))
            .into_iter()
            .map(|(d, _)| d.rule)
            .collect();
        rules.dedup();
        let pages: Vec<String> = rules.iter().map(|rule| rule_page(rule.meta())).collect();
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
                self.state.documents.insert(
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
                let Some(doc) = self.state.documents.get_mut(&key) else {
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
                if !self.state.dirty.contains(&key) {
                    self.state.dirty.push(key);
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
                if let (Some(text), Some(doc)) = (p.text, self.state.documents.get_mut(&key)) {
                    doc.document.set_text(text);
                }
                self.refresh(&key)
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                let key = p.text_document.uri.as_str().to_owned();
                let path = doc_path(&p.text_document.uri);
                self.state.documents.remove(&key);
                self.state.dirty.retain(|k| *k != key);
                // Its own findings and its project's go with it; what the projects of
                // other open connectors say about it stays (a closed README still
                // lacks a support contact).
                let targets: Vec<PathBuf> = self
                    .state
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
        for key in std::mem::take(&mut self.state.dirty) {
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
        self.state.configs =
            Configs::new(Overrides::default(), None, false).map_err(|e| render_error(&e))?;
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
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp_types::CodeActionKind::QUICKFIX,
                    protocol::fix_all_kind(),
                ]),
                ..Default::default()
            },
        )),
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
    let configs = Configs::new(Overrides::default(), None, false).map_err(|e| render_error(&e))?;
    let mut server = Server {
        connection,
        state: Workspace {
            documents: HashMap::new(),
            dirty: Vec::new(),
            configs,
            projects: HashMap::new(),
        },
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
