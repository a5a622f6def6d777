//! `connlint check`: find inputs, resolve their configuration, lint in parallel, filter,
//! render, exit code. `run` reads as its phases: collect the inputs, lint them (each
//! file's findings go to one [`Output`], streamed or kept), the project and package
//! rules, then the report.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use connlint_linter::diagnostics::{OutputFormat, Severity};
use connlint_linter::secrets::SecretsEngine;
use connlint_linter::syntax::SourceFile;
use connlint_linter::{
    file_diagnostic, lint_detailed, lint_project, Diagnostic, Explanation, LintResult, RuleId,
};

use crate::cache::Cache;
use crate::config::{render_error, Config, Configs, Overrides};
use crate::inputs::{self, read_text, Content, Input};
use crate::paths::display_path;
use crate::report::{finish, isolate, Finished, Stream};
use crate::walk::{self, Candidate};
use crate::{project, CheckArgs};

/// A file this large leaves a tree's worth of freed memory (about 40 times the file) in
/// its thread's malloc arena, which glibc keeps: the next large file may land in another
/// arena, and peak RSS grows with the run.
const TRIM_AFTER: usize = 128 * 1024;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    // SAFETY: malloc_trim only releases free pages of the process's own heap.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}

/// What linting one input produced.
struct Outcome {
    path: String,
    diagnostics: Vec<Diagnostic>,
    explanations: Vec<Explanation>,
    /// Kept only for renderers that show source snippets, and only with findings.
    source: Option<String>,
    config: Arc<Config>,
    /// The file on disk, and what its connector says, when it holds one.
    connector: Option<(PathBuf, connlint_linter::ConnectorFacts)>,
    /// What a package file says, and the package it is part of.
    package: Option<connlint_linter::PackageFacts>,
    root: Option<String>,
}

fn driver_error(rule: RuleId, path: &Path, message: String, config: Arc<Config>) -> Outcome {
    let meta = rule.meta();
    Outcome {
        path: display_path(path),
        diagnostics: vec![file_diagnostic(meta, &display_path(path), message)],
        explanations: Vec::new(),
        source: None,
        config,
        connector: None,
        package: None,
        root: None,
    }
}

fn lint_input(
    input: &Input,
    args: &CheckArgs,
    keep_source: bool,
    cache: Option<&Cache>,
) -> Option<Outcome> {
    let config = input.config.clone();
    let (path, must_be_connector) = match &input.candidate {
        Candidate::Error { path, message } => {
            return Some(driver_error(RuleId::IoError, path, message.clone(), config))
        }
        Candidate::Ruby(path) | Candidate::Text(path) => (path, false),
        Candidate::MaybeConnector(path) => (path, true),
        // Expanded into their entries before linting.
        Candidate::Archive(_) => return None,
    };
    let text = match &input.content {
        Content::Given(text) => Ok(text.clone()),
        Content::Disk => read_text(path, args.max_file_size),
    };
    let text = match text {
        Ok(text) => text,
        Err(_) if must_be_connector => return None,
        Err(message) => return Some(driver_error(RuleId::IoError, path, message, config)),
    };
    if must_be_connector && !walk::looks_like_connector(&text) {
        return None;
    }
    let shown = display_path(path);
    let cached = cache.and_then(|c| c.get(&config, &shown, &text));
    let source = SourceFile::new(shown.clone(), text);
    let LintResult {
        diagnostics,
        explanations,
        connector,
        package,
    } = match cached {
        Some(result) => result,
        None => {
            let result = isolate(&shown, || lint_detailed(&source, &config.settings));
            // A panic is not a result: the next run tries again.
            let panicked = result
                .diagnostics
                .iter()
                .any(|d| d.rule == RuleId::InternalError);
            if let (Some(cache), false) = (cache, panicked) {
                cache.put(&config, &shown, source.text(), &result);
            }
            result
        }
    };
    if source.text().len() >= TRIM_AFTER {
        give_back_freed_memory();
    }
    let source = (keep_source && !diagnostics.is_empty()).then(|| source.into_text());
    Some(Outcome {
        path: shown,
        diagnostics,
        explanations,
        source,
        config,
        connector: connector.map(|facts| (path.clone(), facts)),
        package,
        root: input.root.clone(),
    })
}

/// The findings of the package rules, and of the listing rules on each custom
/// connector of a package, each with the failing severity of its package's config.
fn package_findings(
    outcomes: &[Outcome],
    logos: Vec<(String, String)>,
    configs: &mut Configs,
    args: &CheckArgs,
) -> Result<Vec<(Diagnostic, Severity)>, String> {
    let parts: Vec<crate::package::Part> = outcomes
        .iter()
        .filter_map(|o| {
            let root = o.root.clone()?;
            let adapter_source = connlint_linter::is_adapter_source(&o.path);
            if o.package.is_none() && !adapter_source {
                return None;
            }
            Some(crate::package::Part {
                root,
                path: o.path.clone(),
                facts: o.package.clone(),
                connector: o.connector.as_ref().map(|(_, facts)| facts.clone()),
            })
        })
        .collect();
    let mut out = Vec::new();
    for mut package in crate::package::packages(parts, &logos) {
        let config = configs
            .for_dir(Path::new(&package.root))
            .map_err(|e| render_error(&e))?;
        complete_from_disk(&mut package, &config, args.max_file_size);
        crate::package::find_disk_logos(&mut package);
        let found = crate::panics::working_on(&package.root, || {
            let mut found = connlint_linter::lint_package(&package, &config.settings);
            for project in crate::package::listing_projects(&package) {
                found.extend(lint_project(&project, &config.settings));
            }
            found
        });
        out.extend(found.into_iter().map(|d| (d, config.fail_on)));
    }
    Ok(out)
}

/// A package of files named on the command line (pre-commit passes what changed) may
/// use connections and connectors that were not named: they are looked up under the
/// current directory, by name, before a recipe is said to use one the package lacks.
fn complete_from_disk(package: &mut connlint_linter::Package, config: &Config, max_size: u64) {
    let unresolved = package
        .recipes
        .iter()
        .flat_map(|(_, r)| &r.uses)
        .any(|u| package.resolve(u).is_err());
    if package.root != "." || !unresolved {
        return;
    }
    let known: Vec<String> = package
        .connections
        .iter()
        .map(|(p, _)| p.clone())
        .chain(package.adapters.iter().flat_map(|a| {
            a.listing
                .iter()
                .map(|l| l.0.clone())
                .chain(a.source.iter().map(|s| s.0.clone()))
        }))
        .collect();
    let mut parts = Vec::new();
    let mut logos = Vec::new();
    for (candidate, _) in walk::collect(&[PathBuf::from(".")]) {
        let path = candidate.path();
        let shown = display_path(path);
        let name = connlint_linter::file_name(&shown).to_owned();
        if known.contains(&shown) {
            continue;
        }
        if crate::package::is_logo(&name) {
            logos.push((".".to_owned(), shown));
            continue;
        }
        let wanted = name.ends_with(".connection.json")
            || name.ends_with(".custom_adapter.json")
            || connlint_linter::is_adapter_source(&name);
        let Some(text) = wanted.then(|| read_text(path, max_size).ok()).flatten() else {
            continue;
        };
        let source = SourceFile::new(shown.clone(), text);
        let result = isolate(&shown, || lint_detailed(&source, &config.settings));
        parts.push(crate::package::Part {
            root: ".".to_owned(),
            path: shown,
            facts: result.package,
            connector: result.connector,
        });
    }
    let Some(extra) = crate::package::packages(parts, &logos).pop() else {
        return;
    };
    // Only what a recipe reaches joins: an unrelated connector elsewhere in the tree is
    // not part of this package.
    let uses: Vec<_> = package
        .recipes
        .iter()
        .flat_map(|(_, r)| r.uses.clone())
        .collect();
    for custom in uses {
        let Some(file) = custom.connection_file.as_deref() else {
            continue;
        };
        if package.connection(file).is_none() {
            if let Some(found) = extra.connection(file) {
                package.connections.push(found.clone());
            }
        }
        let Some(adapter_file) = package
            .connection(file)
            .and_then(|(_, c)| c.adapter_file.clone())
        else {
            continue;
        };
        if package.adapter(&adapter_file).is_none() {
            if let Some(found) = extra.adapter(&adapter_file) {
                package.adapters.push(found.clone());
            }
        }
    }
}

/// The `--explain` lines of one file.
fn explained(explanations: &[Explanation]) -> String {
    explanations
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{}: {} — {}\n",
                e.path, e.line, e.column, e.candidate, e.outcome
            )
        })
        .collect()
}

/// Lints `inputs` on every worker and hands each outcome to `each` on this thread in
/// input order. Workers take the next input from a shared counter, so an outcome waits
/// for at most the few that other workers still hold, not half the run.
fn lint_in_order(
    inputs: &[Input],
    lint: impl Fn(&Input) -> Option<Outcome> + Sync,
    mut each: impl FnMut(Outcome),
) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            rayon::scope(|workers| {
                for _ in 0..rayon::current_num_threads() {
                    let sender = sender.clone();
                    let (next, lint) = (&next, &lint);
                    workers.spawn(move |_| loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else {
                            break;
                        };
                        if sender.send((i, lint(input))).is_err() {
                            break;
                        }
                    });
                }
            });
            drop(sender);
        });
        let mut waiting = std::collections::BTreeMap::new();
        let mut turn = 0;
        for (i, outcome) in receiver {
            waiting.insert(i, outcome);
            while let Some(outcome) = waiting.remove(&turn) {
                turn += 1;
                if let Some(outcome) = outcome {
                    each(outcome);
                }
            }
        }
    });
}

/// Scans of fewer files finish before a bar would be worth drawing.
const PROGRESS_MIN_FILES: usize = 500;

/// A progress bar on stderr for long scans in a terminal; hidden for machine formats,
/// pipes and CI logs.
fn progress_bar(format: OutputFormat, files: usize) -> indicatif::ProgressBar {
    let human = matches!(format, OutputFormat::Full | OutputFormat::Concise);
    if !human || files < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// What besides a file's config and content changes its result: the rule selection of
/// the command line, and which configuration is used.
fn cache_salt(args: &CheckArgs) -> String {
    let config = args.config.as_deref().map(|p| p.display().to_string());
    [
        args.select.join(","),
        args.extend_select.join(","),
        args.ignore.join(","),
        args.isolated.to_string(),
        config.unwrap_or_default(),
    ]
    .join("\u{1f}")
}

pub fn run(args: &CheckArgs) -> Result<ExitCode, String> {
    refuse_conflicting_flags(args)?;
    // The built-in secrets engine is first needed after a file's parse and walk: build
    // it on another core meanwhile (a one-file run waits for it otherwise).
    std::thread::spawn(SecretsEngine::builtin_ref);
    let mut configs = configs(args)?;
    if args.show_settings {
        return show_settings(args, &mut configs);
    }
    if args.history {
        return crate::history::run(args, &mut configs);
    }
    set_threads(args.threads)?;

    let (mut inputs, logos) = inputs::collect(args, &mut configs)?;
    if args.fix || args.diff {
        if args.reads_stdin() || args.staged {
            return Err("--fix works on files, not on standard input or the git index".to_owned());
        }
        let changed = crate::fixes::apply_fixes(&inputs, args)?;
        if args.diff {
            return Ok(if changed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
    }
    let mut output = Output::open(args)?;
    let outcomes = lint_files(&mut inputs, args, &mut output)?;
    let rest = project_and_package_findings(&outcomes, logos, &mut configs, args)?;
    let mut preface = String::new();
    if args.explain && outcomes.iter().any(|o| o.package.is_some()) {
        preface.push_str(
            "reminder: two things a community listing needs cannot be checked offline: each recipe must have run successfully at least once, and its custom connectors must be published to the community by you\n",
        );
    }
    // A file that could not be read was still looked at (`Found 1 problem in 1 file`); a
    // directory that could not be read is no file.
    let files = outcomes
        .iter()
        .filter(|o| crate::report::is_file_looked_at(&o.path))
        .count();
    output.finish(args, files, rest, preface)
}

fn refuse_conflicting_flags(args: &CheckArgs) -> Result<(), String> {
    if args.stdin_filename.is_some() && !args.reads_stdin() {
        return Err(
            "--stdin-filename names standard input: add `-` to the paths to read it".to_owned(),
        );
    }
    if args.validate && !cfg!(feature = "validate") {
        return Err(
            "--validate needs a connlint built with the `validate` feature (the default); this one has no HTTP client".to_owned(),
        );
    }
    Ok(())
}

fn configs(args: &CheckArgs) -> Result<Configs, String> {
    // What history holds was published: leaks are what matter there, not the state of
    // old code.
    let select = if args.history && args.select.is_empty() {
        connlint_linter::all_rules()
            .iter()
            .map(|r| r.meta())
            .filter(|m| m.is_credential_rule())
            .map(|m| m.name.to_owned())
            .collect()
    } else {
        args.select.clone()
    };
    let overrides = Overrides {
        select,
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.map(Into::into),
        explain: args.explain,
        parse_all: args.parse_all,
    };
    Configs::new(overrides, args.config.as_deref(), args.isolated).map_err(|e| render_error(&e))
}

fn show_settings(args: &CheckArgs, configs: &mut Configs) -> Result<ExitCode, String> {
    let path = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let file = if path.is_dir() {
        path.join("connector.rb")
    } else {
        path.to_path_buf()
    };
    let config = configs.for_file(&file).map_err(|e| render_error(&e))?;
    print!(
        "{}",
        config.describe(&file, args.config.is_some(), args.isolated)
    );
    Ok(ExitCode::SUCCESS)
}

fn set_threads(threads: Option<usize>) -> Result<(), String> {
    let Some(threads) = threads else {
        return Ok(());
    };
    // Once per process: `--watch` runs scans in a loop.
    static POOL: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| e.to_string())
    })
    .clone()
}

/// Lints every input, handing each outcome to `output` in path order. The outcomes keep
/// what the project and package rules read; their findings have gone to `output`.
fn lint_files(
    inputs: &mut [Input],
    args: &CheckArgs,
    output: &mut Output,
) -> Result<Vec<Outcome>, String> {
    // Validation reads the values of credentials from the text of their files.
    let keep_source = args.format() == OutputFormat::Full || args.validate;
    // A bar on stderr would tear the lines streamed to the terminal.
    let shown_files = match output {
        Output::Stream(_) => 0,
        Output::Buffer(_) => inputs.len(),
    };
    let progress = progress_bar(args.format(), shown_files);
    // `--explain` output is not stored, so such a run lints afresh.
    let cache = (!args.no_cache && !args.explain)
        .then(|| Cache::open(cache_salt(args)))
        .flatten();
    // Files are reported in path order; linting in that order keeps the results that
    // wait for an earlier file to a few.
    inputs.sort_by_cached_key(|i| display_path(i.candidate.path()));
    let mut outcomes = Vec::new();
    let mut written = Ok(());
    lint_in_order(
        inputs,
        |i| {
            let outcome = lint_input(i, args, keep_source, cache.as_ref());
            progress.inc(1);
            outcome
        },
        |mut outcome| {
            // Linting goes on after a failed write: the first error is returned.
            let result = output.file(&mut outcome);
            if written.is_ok() {
                written = result;
            }
            outcomes.push(outcome);
        },
    );
    written?;
    progress.finish_and_clear();
    Ok(outcomes)
}

/// The project rules' findings, then the package rules', each with the failing severity
/// of its configuration.
fn project_and_package_findings(
    outcomes: &[Outcome],
    logos: Vec<(String, String)>,
    configs: &mut Configs,
    args: &CheckArgs,
) -> Result<Vec<(Diagnostic, Severity)>, String> {
    let dirs = project::ProjectDirs::new(&args.paths);
    let found: Vec<project::Found> = outcomes
        .iter()
        .filter_map(|o| {
            let (path, facts) = o.connector.clone()?;
            Some(project::Found {
                path,
                shown: o.path.clone(),
                facts,
                config: &o.config,
            })
        })
        .collect();
    let mut out = Vec::new();
    for (project, config) in project::projects(found, &dirs) {
        let found = crate::panics::working_on(&project.connector, || {
            crate::panics::test_point("project");
            lint_project(&project, &config.settings)
        });
        out.extend(found.into_iter().map(|d| (d, config.fail_on)));
    }
    out.extend(package_findings(outcomes, logos, configs, args)?);
    Ok(out)
}

/// Where a scan's findings go: written as each file's turn comes ([`Stream`]), or kept
/// for a format that needs them all. Both are handed the same things in the same order.
enum Output {
    Stream(Stream),
    Buffer(Buffer),
}

/// Everything a whole-document format renders at the end.
#[derive(Default)]
struct Buffer {
    diagnostics: Vec<Diagnostic>,
    sources: HashMap<String, String>,
    /// The failing severity of each file's configuration.
    fail_on: HashMap<String, Severity>,
    explanations: String,
}

impl Output {
    fn open(args: &CheckArgs) -> Result<Self, String> {
        Ok(match Stream::open(args)? {
            Some(stream) => Self::Stream(stream),
            None => Self::Buffer(Buffer::default()),
        })
    }

    /// One linted file, in its turn: its findings, explanations and source move here.
    fn file(&mut self, outcome: &mut Outcome) -> Result<(), String> {
        let diagnostics = std::mem::take(&mut outcome.diagnostics);
        let explained = explained(&std::mem::take(&mut outcome.explanations));
        match self {
            Self::Stream(stream) => stream.file(
                &outcome.path,
                outcome.config.fail_on,
                diagnostics,
                &explained,
            ),
            Self::Buffer(buffer) => {
                buffer.explanations.push_str(&explained);
                buffer
                    .fail_on
                    .insert(outcome.path.clone(), outcome.config.fail_on);
                if let Some(source) = outcome.source.take() {
                    buffer.sources.insert(outcome.path.clone(), source);
                }
                buffer.diagnostics.extend(diagnostics);
                Ok(())
            }
        }
    }

    /// The project and package findings (`rest`), the `--explain` lines after
    /// `preface`, the rendering and the exit code.
    fn finish(
        self,
        args: &CheckArgs,
        files: usize,
        mut rest: Vec<(Diagnostic, Severity)>,
        preface: String,
    ) -> Result<ExitCode, String> {
        // A file's own configuration decides for findings in it; otherwise the first
        // project or package that reported there.
        let mut rest_fail_on = HashMap::new();
        for (d, severity) in &rest {
            rest_fail_on.entry(d.path.clone()).or_insert(*severity);
        }
        rest.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
        let rest: Vec<Diagnostic> = rest.into_iter().map(|(d, _)| d).collect();
        let buffer = match self {
            Self::Stream(stream) => {
                return stream.finish(rest, rest_fail_on, args.explain, &preface)
            }
            Self::Buffer(buffer) => buffer,
        };
        let Buffer {
            mut diagnostics,
            sources,
            mut fail_on,
            explanations: explained,
        } = buffer;
        let mut explanations = preface;
        explanations.push_str(&explained);
        for (path, severity) in rest_fail_on {
            fail_on.entry(path).or_insert(severity);
        }
        // The order `concise` streams in, for every format: each file's findings in path
        // order, then the project findings (`rest`, sorted above), which wait for every file.
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics.extend(rest);
        #[cfg(feature = "validate")]
        if args.validate {
            let timeout = std::time::Duration::from_secs_f64(args.validate_timeout);
            explanations.push_str(&crate::validate::run(&mut diagnostics, &sources, timeout));
        }
        finish(Finished {
            args,
            diagnostics,
            sources,
            files,
            fail_on,
            explanations,
            repository: None,
        })
    }
}
