//! Where the rules of one file report: its findings and `--explain` lines, shared by
//! every context a file is linted with (Ruby, text, package JSON).

use connlint_diagnostics::{
    Applicability, Edit, Fix, Label, Position, ProviderFormat, Range, Severity,
};
use connlint_syntax::{SourceFile, TextRange};

use crate::{Diagnostic, RuleMeta};

/// One line of `--explain`: a credential candidate and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// What was considered (detector or position), with the value redacted.
    pub candidate: String,
    /// `reported as …` or `dropped: …`.
    pub outcome: String,
}

/// The findings and `--explain` lines of one file, in the order they were reported.
pub(crate) struct Reporter<'a> {
    pub(crate) source: &'a SourceFile,
    explain: bool,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) explanations: Vec<Explanation>,
}

impl<'a> Reporter<'a> {
    /// Keeps `--explain` lines only when `explain` is on.
    pub(crate) fn new(source: &'a SourceFile, explain: bool) -> Self {
        Self {
            source,
            explain,
            diagnostics: Vec::new(),
            explanations: Vec::new(),
        }
    }

    /// Records an `--explain` line when explanations are on; free otherwise.
    pub(crate) fn explain(
        &mut self,
        at: usize,
        candidate: impl FnOnce() -> String,
        outcome: impl FnOnce() -> String,
    ) {
        if !self.explain {
            return;
        }
        let (line, column) = self.source.line_column(at);
        self.explanations.push(Explanation {
            path: self.source.path().to_owned(),
            line,
            column,
            candidate: candidate(),
            outcome: outcome(),
        });
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports a finding of `rule` at `range`.
    pub(crate) fn report(
        &mut self,
        rule: &RuleMeta,
        range: TextRange,
        message: impl Into<String>,
    ) -> DiagnosticBuilder<'_> {
        let mut d = file_diagnostic(rule, self.source.path(), message);
        d.range = to_range(self.source, range);
        self.diagnostics.push(d);
        DiagnosticBuilder {
            source: self.source,
            diagnostic: self.diagnostics.last_mut().expect("just pushed"),
        }
    }
}

/// Adds the optional parts of a diagnostic just reported.
pub struct DiagnosticBuilder<'a> {
    source: &'a SourceFile,
    diagnostic: &'a mut Diagnostic,
}

impl<'a> DiagnosticBuilder<'a> {
    pub fn help(self, help: impl Into<String>) -> Self {
        self.diagnostic.help = Some(help.into());
        self
    }

    pub fn severity(self, severity: Severity) -> Self {
        self.diagnostic.severity = severity;
        self
    }

    pub fn label(self, range: TextRange, message: impl Into<String>) -> Self {
        self.diagnostic.labels.push(Label {
            range: to_range(self.source, range),
            message: message.into(),
        });
        self
    }

    /// Attaches a fix: byte-range edits that must not overlap.
    pub fn fix(
        self,
        applicability: Applicability,
        message: impl Into<String>,
        edits: Vec<(TextRange, String)>,
    ) -> Self {
        let edits = edits
            .into_iter()
            .map(|(range, content)| Edit {
                range: to_range(self.source, range),
                content,
            })
            .collect();
        self.diagnostic.fix = Some(Fix {
            applicability,
            message: message.into(),
            edits,
        });
        self
    }

    /// Names the provider format the finding is in, with the `--explain` candidate it was
    /// shown as, for the merge pass (`secrets::merge_ruby`).
    pub(crate) fn provider_format(self, name: &str, candidate: String) -> Self {
        self.diagnostic.provider_format = Some(ProviderFormat {
            name: name.to_owned(),
            candidate,
        });
        self
    }

    /// Marks the bytes of a secret so that renderers showing source mask them.
    pub fn secret(self, range: TextRange) -> Self {
        self.diagnostic.secrets.push((range.start, range.end));
        self
    }
}

/// Byte range to line/column range.
pub(crate) fn to_range(source: &SourceFile, range: TextRange) -> Range {
    let position = |offset: usize| {
        let (line, column) = source.line_column(offset);
        Position {
            line,
            column,
            offset,
        }
    };
    Range {
        start: position(range.start),
        end: position(range.end),
    }
}

/// A finding of `rule` on `path` at `range` (the start of the file when `None`), with
/// its help: how project and package rules report.
pub(crate) fn located(
    rule: &RuleMeta,
    path: &str,
    range: Option<Range>,
    message: String,
    help: String,
) -> Diagnostic {
    let mut d = file_diagnostic(rule, path, message);
    if let Some(range) = range {
        d.range = range;
    }
    d.help = Some(help);
    d
}

/// A diagnostic about a whole file at its start, for findings raised outside the walk
/// (the scanner's `io-error`, project-level rules).
pub fn file_diagnostic(rule: &RuleMeta, path: &str, message: impl Into<String>) -> Diagnostic {
    let start = Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    Diagnostic {
        rule: rule.id,
        category: rule.category,
        severity: rule.default_severity,
        path: path.to_owned(),
        range: Range { start, end: start },
        message: message.into(),
        help: None,
        url: crate::rule_url(rule.name),
        labels: Vec::new(),
        fix: None,
        fingerprint: None,
        secrets: Vec::new(),
        provider_format: None,
        validation: None,
        origin: None,
    }
}
