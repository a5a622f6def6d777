//! What every kind of scan does at the end: the baseline, explanations, rendering and
//! the exit code; and the guard that turns a panic while linting one file into an
//! `internal-error` finding for it.

use std::collections::HashMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;

use connlint_linter::diagnostics::{render, Diagnostic, Report, Repository, Severity};
use connlint_linter::{file_diagnostic, find_rule, rule_descriptors, LintResult};

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
            let meta = find_rule("internal-error").expect("registered").meta();
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

    let scan_failed = diagnostics
        .iter()
        .any(|d| d.rule == "io-error" || d.rule == "internal-error");
    let fails = |d: &Diagnostic| fail_on.get(&d.path).is_none_or(|f| d.severity >= *f);
    Ok(if scan_failed {
        ExitCode::from(2)
    } else if args.write_baseline.is_some() {
        // Writing the baseline is what was asked; its findings are recorded, not failed.
        ExitCode::SUCCESS
    } else if diagnostics.iter().any(fails) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--statistics`: findings per rule, most first, with `[*]` where `--fix` fixes some.
fn statistics(diagnostics: &[Diagnostic]) -> String {
    let mut counts: Vec<(String, usize, bool)> = Vec::new();
    for d in diagnostics {
        let fixable = d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == connlint_linter::diagnostics::Applicability::Safe);
        match counts.iter_mut().find(|(rule, ..)| *rule == d.rule) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 |= fixable;
            }
            None => counts.push((d.rule.clone(), 1, fixable)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
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
        assert_eq!(d.rule, "internal-error");
        assert_eq!(d.path, "broken.rb");
        assert_eq!(
            d.message,
            "connlint panicked while linting this file: index out of bounds: at rule x"
        );
        let fine = isolate("fine.rb", LintResult::default);
        assert!(fine.diagnostics.is_empty());
    }
}
