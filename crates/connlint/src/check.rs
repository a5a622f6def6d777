//! `connlint check`: walk, read, lint in parallel, render, exit code.

use std::collections::HashMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use connlint_linter::diagnostics::{render, Diagnostic, OutputFormat, Report, Severity};
use connlint_linter::syntax::SourceFile;
use connlint_linter::{
    file_diagnostic, find_rule, lint_detailed, Explanation, LintResult, RuleSelector, Settings,
};
use rayon::prelude::*;

use crate::walk::{self, Candidate};
use crate::CheckArgs;

/// What linting one path produced.
struct Outcome {
    path: String,
    diagnostics: Vec<Diagnostic>,
    explanations: Vec<Explanation>,
    /// Kept only for renderers that show source snippets, and only with findings.
    source: Option<String>,
    linted: bool,
}

fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_owned()
}

fn driver_error(rule: &str, path: &Path, message: String) -> Outcome {
    let meta = find_rule(rule).expect("driver rules are registered").meta();
    Outcome {
        path: display_path(path),
        diagnostics: vec![file_diagnostic(meta, &display_path(path), message)],
        explanations: Vec::new(),
        source: None,
        linted: false,
    }
}

/// Reads a file as UTF-8 text, refusing what cannot be connector source.
fn read_text(path: &Path, max_size: u64) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > max_size {
        return Err(format!(
            "file is {size} bytes, over the --max-file-size limit of {max_size}; skipped"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes); skipped".to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {}); skipped",
            e.utf8_error().valid_up_to()
        )
    })
}

fn lint_candidate(
    candidate: &Candidate,
    settings: &Settings,
    args: &CheckArgs,
    keep_source: bool,
) -> Option<Outcome> {
    let (path, must_be_connector) = match candidate {
        Candidate::Error { path, message } => {
            return Some(driver_error("io-error", path, message.clone()))
        }
        Candidate::Ruby(path) | Candidate::Text(path) => (path, false),
        Candidate::MaybeConnector(path) => (path, true),
    };
    let text = match read_text(path, args.max_file_size) {
        Ok(text) => text,
        Err(_) if must_be_connector => return None,
        Err(message) => return Some(driver_error("io-error", path, message)),
    };
    if must_be_connector && !walk::looks_like_connector(&text) {
        return None;
    }
    let shown = display_path(path);
    let source = SourceFile::new(shown.clone(), text);
    let LintResult {
        diagnostics,
        explanations,
    } = match catch_unwind(AssertUnwindSafe(|| lint_detailed(&source, settings))) {
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
                diagnostics: vec![file_diagnostic(meta, &shown, message)],
                explanations: Vec::new(),
            }
        }
    };
    let source = (keep_source && !diagnostics.is_empty()).then(|| source.into_text());
    Some(Outcome {
        path: shown,
        diagnostics,
        explanations,
        source,
        linted: true,
    })
}

fn settings(args: &CheckArgs) -> Result<Settings, String> {
    let parse = |list: &[String]| -> Result<Vec<RuleSelector>, String> {
        list.iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| RuleSelector::parse(s).map_err(|e| e.to_string()))
            .collect()
    };
    Settings::new(&parse(&args.select)?, &parse(&args.ignore)?, &[])
        .map(|s| s.with_explain(args.explain))
        .map_err(|e| e.to_string())
}

pub fn run(args: &CheckArgs) -> Result<ExitCode, String> {
    let settings = settings(args)?;
    let format = args.format();
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    // A panic inside one file is reported as `internal-error`; the default hook would
    // also print it, possibly with source text, so it is silenced for the scan.
    std::panic::set_hook(Box::new(|_| {}));

    let paths: Vec<PathBuf> = args.paths.clone();
    let candidates = walk::collect(&paths);
    let keep_source = format == OutputFormat::Full;
    let mut outcomes: Vec<Outcome> = candidates
        .par_iter()
        .filter_map(|c| lint_candidate(c, &settings, args, keep_source))
        .collect();
    outcomes.sort_by(|a, b| a.path.cmp(&b.path));

    let files = outcomes.iter().filter(|o| o.linted).count();
    let mut sources = HashMap::new();
    let mut diagnostics = Vec::new();
    let mut explanations = String::new();
    for outcome in outcomes {
        for e in &outcome.explanations {
            explanations.push_str(&format!(
                "{}:{}:{}: {} — {}\n",
                e.path, e.line, e.column, e.candidate, e.outcome
            ));
        }
        if let Some(source) = outcome.source {
            sources.insert(outcome.path, source);
        }
        diagnostics.extend(outcome.diagnostics);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let report = Report {
        diagnostics: &diagnostics,
        files,
    };
    let rendered = render(format, &report, &sources, args.color());
    if args.explain {
        let _ = std::io::stderr().lock().write_all(explanations.as_bytes());
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(rendered.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write output: {e}"))?;

    let scan_failed = diagnostics
        .iter()
        .any(|d| d.rule == "io-error" || d.rule == "internal-error");
    let fail_on = Severity::from(args.fail_on);
    Ok(if scan_failed {
        ExitCode::from(2)
    } else if diagnostics.iter().any(|d| d.severity >= fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
