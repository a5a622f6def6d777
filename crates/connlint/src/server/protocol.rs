//! Conversions between connlint's findings and the protocol's: `file://` URIs and paths,
//! positions (LSP counts UTF-16 code units per line; connlint counts bytes), diagnostics,
//! edits and code actions.

use std::path::{Path, PathBuf};

use connlint_linter::diagnostics::{Applicability, Edit, Severity};
use connlint_linter::Diagnostic;
use lsp_types::{
    CodeAction, CodeActionKind, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

/// The file path a `file://` URI names (percent-decoded, with drive letters on Windows).
pub(crate) fn uri_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The path of a document: what its `file://` URI names, else the URI itself (an
/// unsaved buffer).
pub(crate) fn doc_path(uri: &Uri) -> PathBuf {
    uri_path(uri).unwrap_or_else(|| PathBuf::from(uri.as_str()))
}

/// A `file://` URI for an absolute path.
pub(crate) fn path_uri(path: &Path) -> Option<Uri> {
    url::Url::from_file_path(path).ok()?.as_str().parse().ok()
}

/// Positions in one text, as the protocol counts them.
pub(crate) struct Positions {
    index: line_index::LineIndex,
}

impl Positions {
    pub(crate) fn new(text: &str) -> Self {
        Self {
            index: line_index::LineIndex::new(text),
        }
    }

    fn position(&self, offset: usize) -> Position {
        let end = u32::from(self.index.len());
        let at = u32::try_from(offset).map_or(end, |o| o.min(end));
        // An offset inside a character stands for that character's start.
        let Some(line_col) = (0..4)
            .filter_map(|back| at.checked_sub(back))
            .find_map(|at| self.index.try_line_col(at.into()))
        else {
            return Position::default();
        };
        let wide = self
            .index
            .to_wide(line_index::WideEncoding::Utf16, line_col)
            .map_or(line_col.col, |w| w.col);
        Position::new(line_col.line, wide)
    }

    pub(crate) fn range(&self, r: &connlint_linter::diagnostics::Range) -> Range {
        Range::new(self.position(r.start.offset), self.position(r.end.offset))
    }

    pub(crate) fn edit(&self, e: &Edit) -> TextEdit {
        TextEdit::new(self.range(&e.range), e.content.clone())
    }

    /// The range of the whole text.
    pub(crate) fn all(&self) -> Range {
        Range::new(
            Position::new(0, 0),
            self.position(usize::from(self.index.len())),
        )
    }
}

pub(crate) fn to_lsp(d: &Diagnostic, uri: &Uri, positions: &Positions) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    lsp_types::Diagnostic {
        range: positions.range(&d.range),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.name().to_owned())),
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
                    location: Location::new(uri.clone(), positions.range(&l.range)),
                    message: l.message.clone(),
                })
                .collect()
        }),
        tags: None,
        data: None,
    }
}

/// The kind of the action that applies every safe fix of a document (editors run it on
/// save with `"source.fixAll"` in their code-actions-on-save).
pub(crate) fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.connlint")
}

fn action(
    title: String,
    kind: CodeActionKind,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: Option<lsp_types::Diagnostic>,
    preferred: bool,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d]),
        edit: Some(WorkspaceEdit::new(
            [(uri.clone(), edits)].into_iter().collect(),
        )),
        is_preferred: Some(preferred),
        ..Default::default()
    }
}

/// The quick fix of a finding, when it has one.
pub(crate) fn quick_fix(
    d: &Diagnostic,
    lsp: &lsp_types::Diagnostic,
    uri: &Uri,
    positions: &Positions,
) -> Option<CodeAction> {
    let fix = d.fix.as_ref()?;
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        fix.message.clone()
    } else {
        format!("{} (unsafe)", fix.message)
    };
    let edits = fix.edits.iter().map(|e| positions.edit(e)).collect();
    Some(action(
        title,
        CodeActionKind::QUICKFIX,
        uri,
        edits,
        Some(lsp.clone()),
        safe,
    ))
}

/// "Disable `rule` for this line": a suppression comment on its own line above the
/// finding, indented as that line is, with a reason for the author to write. None where
/// the file has no comments (JSON).
pub(crate) fn disable_for_line(
    d: &Diagnostic,
    lsp: &lsp_types::Diagnostic,
    uri: &Uri,
    text: &str,
) -> Option<CodeAction> {
    let (open, close) = match Path::new(&d.path).extension().and_then(|e| e.to_str()) {
        Some("json") => return None,
        Some("md" | "markdown") => ("<!--", " -->"),
        _ => ("#", ""),
    };
    let line = lsp.range.start.line;
    let start = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum::<usize>();
    let rest = text.get(start..).unwrap_or_default();
    let indent: String = rest
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if rest.split('\n').next().is_some_and(|l| l.ends_with('\r')) {
        "\r\n"
    } else {
        "\n"
    };
    let comment = format!(
        "{indent}{open} connlint: ignore[{}] TODO: say why this is safe{close}{newline}",
        d.rule
    );
    let at = Position::new(line, 0);
    Some(action(
        format!("Disable {} for this line", d.rule),
        CodeActionKind::QUICKFIX,
        uri,
        vec![TextEdit::new(Range::new(at, at), comment)],
        Some(lsp.clone()),
        false,
    ))
}

/// "Fix all": the document with every safe fix applied, as one edit.
pub(crate) fn fix_all(uri: &Uri, before: &str, after: &str) -> CodeAction {
    let edit = TextEdit::new(Positions::new(before).all(), after.to_owned());
    action(
        "Fix all connlint problems".to_owned(),
        fix_all_kind(),
        uri,
        vec![edit],
        None,
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    #[test]
    fn uris_and_paths_round_trip() {
        // A host of `localhost` names this machine; percent-escapes decode.
        assert_eq!(
            uri_path(&uri("file://localhost/tmp/a%20b/connector.rb")),
            Some(PathBuf::from("/tmp/a b/connector.rb"))
        );
        assert_eq!(
            uri_path(&uri("file:///tmp/caf%C3%A9.rb")),
            Some(PathBuf::from("/tmp/café.rb"))
        );
        assert_eq!(uri_path(&uri("untitled:Untitled-1")), None);
        let path = Path::new("/tmp/a b/#1 ?x/connector.rb");
        let back = path_uri(path).unwrap();
        assert_eq!(back.as_str(), "file:///tmp/a%20b/%231%20%3Fx/connector.rb");
        assert_eq!(uri_path(&back).as_deref(), Some(path));
    }

    #[test]
    fn positions_count_utf16_units() {
        let text = "é😀x\nab";
        let positions = Positions::new(text);
        let at = |offset| positions.position(offset);
        assert_eq!(at(0), Position::new(0, 0));
        assert_eq!(at(2), Position::new(0, 1));
        assert_eq!(at(6), Position::new(0, 3));
        // Inside the emoji: its start.
        assert_eq!(at(4), Position::new(0, 1));
        assert_eq!(at(8), Position::new(1, 0));
        assert_eq!(at(99), Position::new(1, 2));
    }
}
