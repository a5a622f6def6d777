use std::fmt::{self, Write as _};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;

use crate::report::{Report, Repository, RuleDescriptor, SourceLookup};
use crate::{redact_source, Diagnostic, RuleCode, Severity, Summary};

/// Version of the JSON output contract. Bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Full,
    Concise,
    Json,
    JsonLines,
    Github,
    Sarif,
}

/// Renders a report. `color` only affects `full` and `concise`.
pub fn render<R: RuleCode + Serialize>(
    format: OutputFormat,
    report: &Report<R>,
    sources: &dyn SourceLookup,
    color: bool,
) -> String {
    match format {
        OutputFormat::Full => full(report, sources, color),
        OutputFormat::Concise => concise(report, color),
        OutputFormat::Json | OutputFormat::Sarif => {
            let (mut document, mut out) =
                Document::start(format, report.rules.to_vec(), report.repository.cloned());
            out.push_str(&document.findings(report.diagnostics));
            out.push_str(&document.end(report.summary()));
            out
        }
        OutputFormat::JsonLines | OutputFormat::Github => {
            render_lines(format, report.diagnostics, false)
        }
    }
}

/// Stands in for the findings while a document's frame is rendered.
const FINDINGS: &str = "\"@connlint-findings@\"";

/// A whole-document format (`json`, `sarif`) written as its findings come, a file's at
/// a time, so a scan keeps none of them: the text before the findings, the findings,
/// then the rest with the summary. [`render`] writes these documents the same way.
pub struct Document {
    format: OutputFormat,
    rules: Vec<RuleDescriptor>,
    repository: Option<Repository>,
    /// The indentation of the findings' array.
    indent: String,
    any: bool,
}

impl Document {
    /// The document for `format` and the text that opens it. `rules` and `repository`
    /// are what SARIF describes.
    pub fn start(
        format: OutputFormat,
        rules: Vec<RuleDescriptor>,
        repository: Option<Repository>,
    ) -> (Self, String) {
        let mut document = Self {
            format,
            rules,
            repository,
            indent: String::new(),
            any: false,
        };
        let frame = document.frame(Summary::default());
        let at = frame.find(FINDINGS).expect("the frame holds the findings");
        let line = frame[..at].rfind('\n').map_or(0, |i| i + 1);
        document.indent = frame[line..].chars().take_while(|c| *c == ' ').collect();
        (document, frame[..at].to_owned())
    }

    /// The text of these findings, in the array the document opened.
    pub fn findings<R: RuleCode + Serialize>(&mut self, diagnostics: &[Diagnostic<R>]) -> String {
        let mut out = String::new();
        for d in diagnostics {
            let item = match self.format {
                OutputFormat::Sarif => {
                    let index = self.rules.iter().position(|r| r.name == d.rule.name());
                    serde_json::to_string_pretty(&crate::sarif::result(d, index))
                }
                _ => serde_json::to_string_pretty(d),
            }
            .expect("diagnostics serialize");
            out.push_str(if self.any { ",\n" } else { "[\n" });
            self.any = true;
            // JSON escapes a string's newlines: every line break is the layout's.
            for (i, line) in item.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let _ = write!(out, "{}  {line}", self.indent);
            }
        }
        out
    }

    /// The text that closes the document, with the counts of every finding written.
    pub fn end(self, summary: Summary) -> String {
        let frame = self.frame(summary);
        let at = frame.find(FINDINGS).expect("the frame holds the findings");
        let close = if self.any {
            format!("\n{}]", self.indent)
        } else {
            "[]".to_owned()
        };
        let mut out = close + &frame[at + FINDINGS.len()..];
        out.push('\n');
        out
    }

    /// The whole document with [`FINDINGS`] where its findings go.
    fn frame(&self, summary: Summary) -> String {
        let marker = &FINDINGS[1..FINDINGS.len() - 1];
        match self.format {
            OutputFormat::Sarif => {
                crate::sarif::frame(&self.rules, self.repository.as_ref(), marker)
            }
            _ => serde_json::to_string_pretty(&JsonReport {
                version: JSON_VERSION,
                diagnostics: marker,
                summary,
            })
            .expect("the frame serializes"),
        }
    }
}

fn summary_line(summary: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let found = summary.errors + summary.warnings + summary.infos;
    if found == 0 {
        return format!("No problems found in {}.\n", plural(summary.files, "file"));
    }
    let mut line = format!(
        "Found {} ({}, {}, {}) in {}.\n",
        plural(found, "problem"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
        plural(summary.files, "file"),
    );
    if summary.fixable > 0 {
        line.push_str(&format!("[*] {} fixable with `--fix`.\n", summary.fixable));
    }
    if summary.unsafe_fixable > 0 {
        line.push_str(&format!(
            "{} more fixable with `--fix --unsafe-fixes` (review those changes).\n",
            summary.unsafe_fixable
        ));
    }
    line
}

/// `[*] ` before the message of a finding `--fix` fixes, as ruff marks them.
fn fix_marker<R>(d: &Diagnostic<R>) -> &'static str {
    match d.fix.as_ref().map(|f| f.applicability) {
        Some(crate::Applicability::Safe) => "[*] ",
        _ => "",
    }
}

fn concise<R: RuleCode + Serialize>(report: &Report<R>, color: bool) -> String {
    let mut out = render_lines(OutputFormat::Concise, report.diagnostics, color);
    out.push_str(&render_summary(
        OutputFormat::Concise,
        report.summary(),
        report.quiet,
    ));
    out
}

/// The lines of `concise`, `json-lines` or `github` for these findings, without a
/// summary: what a scan prints as each file is done. Other formats are whole documents
/// (see [`Document`]): empty.
/// `color` (concise only): the path bold, the severity and rule in the severity's
/// colour, as `full` colours them.
pub fn render_lines<R: RuleCode + Serialize>(
    format: OutputFormat,
    diagnostics: &[Diagnostic<R>],
    color: bool,
) -> String {
    const BOLD: &str = "\x1b[1m";
    const RESET: &str = "\x1b[0m";
    let mut out = String::new();
    for d in diagnostics {
        match format {
            OutputFormat::Concise => {
                let (bold, tint, reset) = match (color, d.severity) {
                    (false, _) => ("", "", ""),
                    (true, Severity::Error) => (BOLD, "\x1b[1;31m", RESET),
                    (true, Severity::Warning) => (BOLD, "\x1b[1;33m", RESET),
                    (true, Severity::Info) => (BOLD, "\x1b[1;36m", RESET),
                };
                let _ = writeln!(
                    out,
                    "{bold}{}{reset}:{}:{}: {tint}{}[{}]{reset} {}{}",
                    d.shown_path(),
                    d.range.start.line,
                    d.range.start.column,
                    d.severity,
                    d.rule,
                    fix_marker(d),
                    d.shown_message()
                );
            }
            OutputFormat::JsonLines => {
                out.push_str(&serde_json::to_string(d).expect("diagnostics serialize"));
                out.push('\n');
            }
            OutputFormat::Github => github_line(&mut out, d),
            _ => {}
        }
    }
    out
}

/// What `concise` prints after the findings (nothing with `quiet`); `json-lines` has
/// no summary.
pub fn render_summary(format: OutputFormat, summary: Summary, quiet: bool) -> String {
    if format == OutputFormat::Concise && !quiet {
        summary_line(summary)
    } else {
        String::new()
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: &'a str,
    summary: Summary,
}

/// One GitHub Actions workflow command; values are escaped as the runner expects.
fn github_line<R: RuleCode>(out: &mut String, d: &Diagnostic<R>) {
    fn escape_data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn escape_property(s: &str) -> String {
        escape_data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let _ = writeln!(
        out,
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&d.path),
        d.range.start.line,
        d.range.start.column,
        d.range.end.line,
        d.range.end.column,
        escape_property(&format!("connlint ({})", d.rule)),
        escape_data(&d.shown_message()),
    );
}

/// Adapter that shows a plain diagnostic to miette.
struct Rendered<'a, R> {
    diagnostic: &'a Diagnostic<R>,
    source: Option<NamedSource<Arc<str>>>,
}

impl<R: RuleCode> fmt::Debug for Rendered<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered")
            .field("rule", &self.diagnostic.rule)
            .finish()
    }
}

impl<R: RuleCode> fmt::Display for Rendered<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.shown_message())
    }
}

impl<R: RuleCode> std::error::Error for Rendered<'_, R> {}

fn span(range: &crate::Range) -> SourceSpan {
    SourceSpan::new(
        range.start.offset.into(),
        range.end.offset.saturating_sub(range.start.offset),
    )
}

impl<R: RuleCode> miette::Diagnostic for Rendered<'_, R> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(None, span(&self.diagnostic.range));
        let others = self
            .diagnostic
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), span(&l.range)));
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

fn full<R: RuleCode>(report: &Report<R>, sources: &dyn SourceLookup, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    // Masked once per file and shared by its diagnostics: a snippet may show a
    // neighbouring line that holds another finding's secret.
    let mut masked: Option<(String, Arc<str>)> = None;
    for d in report.diagnostics {
        let shown = d.shown_path();
        if masked.as_ref().is_none_or(|(path, _)| *path != shown) {
            masked = sources.source(&shown).map(|text| {
                let secrets = report
                    .diagnostics
                    .iter()
                    .filter(|o| o.shown_path() == shown)
                    .flat_map(|o| o.secrets.iter().copied());
                (shown.to_string(), Arc::from(redact_source(text, secrets)))
            });
        }
        let source = masked
            .as_ref()
            .map(|(path, text)| NamedSource::new(path.clone(), Arc::clone(text)));
        let snippet = source.is_some();
        let rendered = Rendered {
            diagnostic: d,
            source,
        };
        if handler.render_report(&mut out, &rendered).is_err() {
            let _ = writeln!(out, "{}: {}", shown, d.shown_message());
        }
        // Without a snippet (a project finding on a file not linted, such as README.md)
        // the location still says which file of which project.
        if !snippet {
            let _ = writeln!(
                out,
                "  --> {}:{}:{}",
                shown, d.range.start.line, d.range.start.column
            );
        }
        out.push('\n');
    }
    if !report.quiet {
        out.push_str(&summary_line(report.summary()));
    }
    out
}
