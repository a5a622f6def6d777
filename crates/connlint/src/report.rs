//! What every kind of scan does at the end: the baseline, explanations, rendering and
//! the exit code; and the guard that turns a panic while linting one file into an
//! `internal-error` finding for it.

use std::collections::HashMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;

use connlint_linter::diagnostics::{
    render, render_lines, render_summary, Document, OutputFormat, Report, Repository, Severity,
    Summary, ValidationState,
};
use connlint_linter::{file_diagnostic, rule_descriptors, Diagnostic, LintResult, RuleId};

use crate::{baseline, CheckArgs};

/// Runs `lint` so that a panic inside it becomes an `internal-error` finding for this
/// file instead of ending the run.
pub(crate) fn isolate(shown: &str, lint: impl FnOnce() -> LintResult) -> LintResult {
    match catch_unwind(AssertUnwindSafe(lint)) {
        Ok(result) => result,
        Err(payload) => {
            let reason = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let meta = RuleId::InternalError.meta();
            let message = format!("connlint panicked while linting this file: {reason}");
            LintResult {
                diagnostics: vec![file_diagnostic(meta, shown, message)],
                ..LintResult::default()
            }
        }
    }
}

/// What a scan hands over to be reported.
pub(crate) struct Finished<'a> {
    pub args: &'a CheckArgs,
    /// Sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Source text by shown path, for renderers that show snippets.
    pub sources: HashMap<String, String>,
    pub files: usize,
    /// The failing severity of each path's configuration.
    pub fail_on: HashMap<String, Severity>,
    pub explanations: String,
    pub repository: Option<&'a Repository>,
}

/// Baseline, explanations, rendering and the exit code: the same for every kind of scan.
pub(crate) fn finish(finished: Finished) -> Result<ExitCode, String> {
    let Finished {
        args,
        mut diagnostics,
        sources,
        files,
        fail_on,
        explanations,
        repository,
    } = finished;
    let mut stderr = std::io::stderr().lock();
    if let Some(path) = &args.write_baseline {
        let count = baseline::write(path, &diagnostics)?;
        if !args.quiet {
            let _ = writeln!(
                stderr,
                "connlint: wrote {count} findings to the baseline {}",
                path.display()
            );
        }
    }
    if let Some(path) = &args.baseline {
        let before = diagnostics.len();
        let stale = baseline::apply(path, &mut diagnostics)?;
        let hidden = before - diagnostics.len();
        if !args.quiet {
            let _ = writeln!(
                stderr,
                "connlint: the baseline {} hid {hidden} {}",
                path.display(),
                if hidden == 1 { "finding" } else { "findings" }
            );
        }
        if !stale.is_empty() {
            let entries = if stale.len() == 1 {
                "entry no longer matches"
            } else {
                "entries no longer match"
            };
            let _ = writeln!(stderr, "connlint: {} baseline {entries} (fixed or changed; rewrite the baseline to drop them):", stale.len());
            for e in stale {
                let _ = writeln!(stderr, "  {} {} {}", e.path, e.rule, e.fingerprint);
            }
        }
    }
    if args.explain {
        let _ = stderr.write_all(explanations.as_bytes());
    }
    drop(stderr);

    let rules = rule_descriptors();
    let report = Report {
        diagnostics: &diagnostics,
        files,
        rules: &rules,
        repository,
        quiet: args.quiet,
    };
    crate::panics::test_point("render");
    let rendered = if args.statistics {
        statistics(&diagnostics)
    } else {
        let color = args.color() && args.output_file.is_none();
        render(args.format(), &report, &sources, color)
    };
    if let Some(path) = &args.output_file {
        std::fs::write(path, &rendered)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    } else {
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(rendered.as_bytes())
            .and_then(|()| stdout.flush())
        {
            // `connlint check | head -1`: the reader has what it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            result => result.map_err(|e| format!("cannot write output: {e}"))?,
        }
    }

    let fails = |d: &Diagnostic| {
        fail_on.get(&d.path).is_none_or(|f| d.severity >= *f)
            && (!args.fail_on_live
                || d.validation
                    .as_ref()
                    .is_some_and(|v| v.state == ValidationState::Live))
    };
    Ok(exit_code(
        diagnostics.iter().any(scan_failed),
        args.write_baseline.is_some(),
        diagnostics.iter().any(fails),
    ))
}

/// A finding that means the scan itself did not complete for a file.
fn scan_failed(d: &Diagnostic) -> bool {
    matches!(d.rule, RuleId::IoError | RuleId::InternalError)
}

fn exit_code(scan_failed: bool, wrote_baseline: bool, failing: bool) -> ExitCode {
    if scan_failed {
        ExitCode::from(2)
    } else if wrote_baseline || !failing {
        // Writing the baseline is what was asked; its findings are recorded, not failed.
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Every format but `full`, without a baseline, statistics or validation: each file's
/// findings are written as soon as it is its turn (files in path order), and only
/// counts are kept, so a large scan shows progress and its memory does not grow with
/// the findings. `json` and `sarif` write their document around them as they go.
pub(crate) struct Stream {
    out: Box<dyn Write>,
    format: OutputFormat,
    document: Option<Document>,
    color: bool,
    quiet: bool,
    /// The reader went away (`| head`): the scan goes on for the exit code.
    closed: bool,
    summary: Summary,
    scan_failed: bool,
    failing: bool,
    /// The failing severity of each file's configuration, for the findings of project
    /// rules that point into it.
    fail_on: HashMap<String, Severity>,
    explanations: String,
}

impl Stream {
    /// A stream when the run's output can be one; `None` for whole-document formats and
    /// for runs that need every finding first (baseline, statistics, validation).
    pub(crate) fn open(args: &CheckArgs) -> Result<Option<Self>, String> {
        let format = args.format();
        let streams = format != OutputFormat::Full
            && args.baseline.is_none()
            && args.write_baseline.is_none()
            && !args.statistics
            && !args.validate;
        if !streams {
            return Ok(None);
        }
        let out: Box<dyn Write> = match &args.output_file {
            Some(path) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(path)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            )),
            None => Box::new(std::io::stdout()),
        };
        let (document, head) = match format {
            OutputFormat::Json | OutputFormat::Sarif => {
                let (document, head) = Document::start(format, rule_descriptors(), None);
                (Some(document), head)
            }
            _ => (None, String::new()),
        };
        let mut stream = Self {
            out,
            format,
            document,
            color: args.color() && args.output_file.is_none(),
            quiet: args.quiet,
            closed: false,
            summary: Summary::default(),
            scan_failed: false,
            failing: false,
            fail_on: HashMap::new(),
            explanations: String::new(),
        };
        stream.write(&head)?;
        Ok(Some(stream))
    }

    /// The text of these findings in the run's format.
    fn rendered(&mut self, diagnostics: &[Diagnostic]) -> String {
        match &mut self.document {
            Some(document) => document.findings(diagnostics),
            None => render_lines(self.format, diagnostics, self.color),
        }
    }

    fn write(&mut self, text: &str) -> Result<(), String> {
        if self.closed || text.is_empty() {
            return Ok(());
        }
        crate::panics::test_point("render");
        match self
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            result => result.map_err(|e| format!("cannot write output: {e}")),
        }
    }

    fn count(&mut self, diagnostics: &[Diagnostic], fail_on: impl Fn(&str) -> Option<Severity>) {
        self.summary.add(Summary::new(0, diagnostics));
        self.scan_failed |= diagnostics.iter().any(scan_failed);
        self.failing |= diagnostics
            .iter()
            .any(|d| fail_on(&d.path).is_none_or(|f| d.severity >= f));
    }

    /// One linted file, in its turn: its findings (sorted) are written, then dropped.
    pub(crate) fn file(
        &mut self,
        path: &str,
        fail_on: Severity,
        diagnostics: Vec<Diagnostic>,
        explanations: &str,
    ) -> Result<(), String> {
        self.summary.files += usize::from(is_file_looked_at(path));
        self.fail_on.insert(path.to_owned(), fail_on);
        self.explanations.push_str(explanations);
        self.count(&diagnostics, |_| Some(fail_on));
        let text = self.rendered(&diagnostics);
        self.write(&text)
    }

    /// The project and package findings (sorted; `rest_fail_on`: their configs' failing
    /// severities), the `--explain` lines after `preface`, the summary and the exit code.
    pub(crate) fn finish(
        mut self,
        rest: Vec<Diagnostic>,
        rest_fail_on: HashMap<String, Severity>,
        explain: bool,
        preface: &str,
    ) -> Result<ExitCode, String> {
        let fail_on = std::mem::take(&mut self.fail_on);
        self.count(&rest, |path| {
            fail_on.get(path).or(rest_fail_on.get(path)).copied()
        });
        let text = self.rendered(&rest);
        self.write(&text)?;
        if explain {
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(preface.as_bytes());
            let _ = stderr.write_all(self.explanations.as_bytes());
        }
        let end = match self.document.take() {
            Some(document) => document.end(self.summary),
            None => render_summary(self.format, self.summary, self.quiet),
        };
        self.write(&end)?;
        Ok(exit_code(self.scan_failed, false, self.failing))
    }
}

/// `--statistics`: findings per rule, most first, with `[*]` where `--fix` fixes some.
fn statistics(diagnostics: &[Diagnostic]) -> String {
    let mut counts: Vec<(&str, usize, bool)> = Vec::new();
    for d in diagnostics {
        let fixable = d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == connlint_linter::diagnostics::Applicability::Safe);
        match counts.iter_mut().find(|(rule, ..)| *rule == d.rule.name()) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 |= fixable;
            }
            None => counts.push((d.rule.name(), 1, fixable)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut out = String::new();
    for (rule, count, fixable) in counts {
        out.push_str(&format!(
            "{count:>5}  {rule}{}\n",
            if fixable { " [*]" } else { "" }
        ));
    }
    out.push_str(&format!("{:>5}  in all\n", diagnostics.len()));
    out
}

/// Whether a linted path counts in "in N files": a file that could not be read was
/// still looked at (`Found 1 problem in 1 file`); a directory that could not be walked
/// is no file.
pub(crate) fn is_file_looked_at(path: &str) -> bool {
    !std::path::Path::new(path).is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_linting_becomes_an_internal_error_finding() {
        std::panic::set_hook(Box::new(|_| {}));
        let result = isolate("broken.rb", || panic!("index out of bounds:\n  at rule x"));
        let _ = std::panic::take_hook();
        assert_eq!(result.diagnostics.len(), 1);
        let d = &result.diagnostics[0];
        assert_eq!(d.rule, RuleId::InternalError);
        assert_eq!(d.path, "broken.rb");
        assert_eq!(
            d.message,
            "connlint panicked while linting this file: index out of bounds: at rule x"
        );
        let fine = isolate("fine.rb", LintResult::default);
        assert!(fine.diagnostics.is_empty());
    }
}
