//! `connlint server`: a Language Server over stdio. It lints open documents with the same
//! `lint()` core as `check`, under the `connlint.toml` that governs each file, and
//! reloads configuration when one changes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use connlint_linter::diagnostics::{Diagnostic, Severity};
use connlint_linter::lint;
use connlint_linter::syntax::{LineIndex, SourceFile};
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

struct Server {
    connection: Connection,
    documents: HashMap<String, (Uri, String)>,
    configs: Configs,
}

impl Server {
    fn publish(&mut self, uri: &Uri) -> Result<(), String> {
        let Some((_, text)) = self.documents.get(uri.as_str()) else {
            return Ok(());
        };
        let path = uri_path(uri).unwrap_or_else(|| PathBuf::from(uri.as_str()));
        let diagnostics = match self.configs.for_file(&path) {
            Ok(config) => {
                let source = SourceFile::new(path.to_string_lossy(), text.clone());
                let lines = LineIndex::new(text);
                lint(&source, &config.settings)
                    .into_iter()
                    .filter(|d| !config.ignores(&path, &d.rule))
                    .map(|d| to_lsp(&d, uri, text, &lines))
                    .collect()
            }
            // A broken config is reported where the user is looking.
            Err(e) => vec![lsp_types::Diagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("connlint".to_owned()),
                message: format!("{}: {}", e.path.display(), e.message),
                ..Default::default()
            }],
        };
        self.send_diagnostics(uri.clone(), diagnostics)
    }

    fn send_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
    ) -> Result<(), String> {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, None);
        let notification = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
        self.connection
            .sender
            .send(Message::Notification(notification))
            .map_err(|e| e.to_string())
    }

    /// The fixes of the findings under `requested`, as quick-fix code actions.
    fn code_actions(
        &mut self,
        params: lsp_types::CodeActionParams,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some((_, text)) = self.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let text = text.clone();
        let path = uri_path(&uri).unwrap_or_else(|| PathBuf::from(uri.as_str()));
        let Ok(config) = self.configs.for_file(&path) else {
            return Vec::new();
        };
        let lines = LineIndex::new(&text);
        let source = SourceFile::new(path.to_string_lossy(), text.clone());
        let requested = params.range;
        lint(&source, &config.settings)
            .into_iter()
            .filter_map(|d| {
                let fix = d.fix.clone()?;
                let diagnostic = to_lsp(&d, &uri, &text, &lines);
                let r = diagnostic.range;
                if r.end < requested.start || requested.end < r.start {
                    return None;
                }
                let safe = fix.applicability == connlint_linter::diagnostics::Applicability::Safe;
                let title = if safe {
                    fix.message.clone()
                } else {
                    format!("{} (unsafe)", fix.message)
                };
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| edit_of(&text, &lines, e))
                    .collect();
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

    /// Drops cached configuration and re-lints every open document.
    fn reload(&mut self) -> Result<(), String> {
        self.configs = Configs::new(Overrides::default(), None, false).map_err(|e| e.message)?;
        let uris: Vec<Uri> = self.documents.values().map(|(u, _)| u.clone()).collect();
        for uri in uris {
            self.publish(&uri)?;
        }
        Ok(())
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        let parse = |e: serde_json::Error| e.to_string();
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                let uri = p.text_document.uri;
                self.documents
                    .insert(uri.as_str().to_owned(), (uri.clone(), p.text_document.text));
                self.publish(&uri)
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                let uri = p.text_document.uri;
                // Full sync: the last change holds the whole text.
                if let Some(change) = p.content_changes.into_iter().last() {
                    self.documents
                        .insert(uri.as_str().to_owned(), (uri.clone(), change.text));
                }
                self.publish(&uri)
            }
            DidSaveTextDocument::METHOD => {
                let p: lsp_types::DidSaveTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                if p.text_document.uri.as_str().ends_with(FILE_NAME) {
                    return self.reload();
                }
                let uri = p.text_document.uri;
                if let Some(text) = p.text {
                    self.documents
                        .insert(uri.as_str().to_owned(), (uri.clone(), text));
                }
                self.publish(&uri)
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(n.params).map_err(parse)?;
                self.documents.remove(p.text_document.uri.as_str());
                self.send_diagnostics(p.text_document.uri, Vec::new())
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
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

pub fn run() -> Result<ExitCode, String> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(lsp_types::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp_types::SaveOptions {
                        include_text: Some(true),
                    },
                )),
                ..Default::default()
            },
        )),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    };
    let capabilities = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    connection
        .initialize(capabilities)
        .map_err(|e| e.to_string())?;
    let configs = Configs::new(Overrides::default(), None, false).map_err(|e| e.message)?;
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        configs,
    };
    while let Ok(message) = server.connection.receiver.recv() {
        match message {
            Message::Request(req) => {
                if server
                    .connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    break;
                }
                if req.method == "textDocument/codeAction" {
                    let response =
                        match serde_json::from_value::<lsp_types::CodeActionParams>(req.params) {
                            Ok(params) => {
                                lsp_server::Response::new_ok(req.id, server.code_actions(params))
                            }
                            Err(e) => lsp_server::Response::new_err(
                                req.id,
                                lsp_server::ErrorCode::InvalidParams as i32,
                                e.to_string(),
                            ),
                        };
                    server
                        .connection
                        .sender
                        .send(Message::Response(response))
                        .map_err(|e| e.to_string())?;
                    continue;
                }
                let response = lsp_server::Response::new_err(
                    req.id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("connlint does not handle {}", req.method),
                );
                server
                    .connection
                    .sender
                    .send(Message::Response(response))
                    .map_err(|e| e.to_string())?;
            }
            Message::Notification(n) => {
                if let Err(e) = server.notification(n) {
                    eprintln!("connlint server: {e}");
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(server);
    io_threads.join().map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
