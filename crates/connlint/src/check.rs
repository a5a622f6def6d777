//! `connlint check`: find inputs, resolve their configuration, lint in parallel, filter,
//! render, exit code.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use connlint_linter::diagnostics::{Diagnostic, OutputFormat, Severity};
use connlint_linter::secrets::SecretsEngine;
use connlint_linter::syntax::SourceFile;
use connlint_linter::{
    file_diagnostic, find_rule, lint_detailed, lint_project, Explanation, LintResult,
};

use crate::cache::Cache;
use crate::config::{render_error, Config, Configs, Overrides};
use crate::inputs::{self, read_text, Content, Input};
use crate::paths::display_path;
use crate::report::{finish, isolate, Finished, Stream};
use crate::walk::{self, Candidate};
use crate::{project, CheckArgs};

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

fn driver_error(rule: &str, path: &Path, message: String, config: Arc<Config>) -> Outcome {
    let meta = find_rule(rule).expect("driver rules are registered").meta();
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
            return Some(driver_error("io-error", path, message.clone(), config))
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
        Err(message) => return Some(driver_error("io-error", path, message, config)),
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
                .any(|d| d.rule == "internal-error");
            if let (Some(cache), false) = (cache, panicked) {
                cache.put(&config, &shown, source.text(), &result);
            }
            result
        }
    };
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
    // The built-in secrets engine is first needed after a file's parse and walk: build
    // it on another core meanwhile (a one-file run waits for it otherwise).
    std::thread::spawn(SecretsEngine::builtin_ref);
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
    let mut configs = Configs::new(overrides, args.config.as_deref(), args.isolated)
        .map_err(|e| render_error(&e))?;
    if args.show_settings {
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
        return Ok(ExitCode::SUCCESS);
    }
    if args.history {
        return crate::history::run(args, &mut configs);
    }
    let format = args.format();
    if let Some(threads) = args.threads {
        // Once per process: `--watch` runs scans in a loop.
        static POOL: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
        POOL.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build_global()
                .map_err(|e| e.to_string())
        })
        .clone()?;
    }
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

    // Validation reads the values of credentials from the text of their files.
    let keep_source = format == OutputFormat::Full || args.validate;
    let dirs = project::ProjectDirs::new(&args.paths);
    let mut stream = Stream::open(args)?;
    // A bar on stderr would tear the lines streamed to the terminal.
    let progress = progress_bar(format, if stream.is_some() { 0 } else { inputs.len() });
    // `--explain` output is not stored, so such a run lints afresh.
    let cache = (!args.no_cache && !args.explain)
        .then(|| Cache::open(cache_salt(args)))
        .flatten();
    // Files are reported in path order; linting in that order keeps the results that
    // wait for an earlier file to a few.
    inputs.sort_by_cached_key(|i| display_path(i.candidate.path()));
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut streamed = Ok(());
    lint_in_order(
        &inputs,
        |i| {
            let outcome = lint_input(i, args, keep_source, cache.as_ref());
            progress.inc(1);
            outcome
        },
        |mut outcome| {
            if let Some(stream) = stream.as_mut() {
                let diagnostics = std::mem::take(&mut outcome.diagnostics);
                let explained = explained(&std::mem::take(&mut outcome.explanations));
                let written = stream.file(
                    &outcome.path,
                    outcome.config.fail_on,
                    diagnostics,
                    &explained,
                );
                streamed = streamed.clone().and(written);
            }
            outcomes.push(outcome);
        },
    );
    streamed?;
    progress.finish_and_clear();

    let files = outcomes
        .iter()
        .filter(|o| crate::report::is_file_looked_at(&o.path))
        .count();
    let mut project_fail_on = Vec::new();
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
    let mut project_diagnostics = Vec::new();
    for (project, config) in project::projects(found, &dirs) {
        let found = crate::panics::working_on(&project.connector, || {
            crate::panics::test_point("project");
            lint_project(&project, &config.settings)
        });
        for d in found {
            project_fail_on.push((d.path.clone(), config.fail_on));
            project_diagnostics.push(d);
        }
    }
    let packaged = outcomes.iter().any(|o| o.package.is_some());
    for (d, fail_on) in package_findings(&outcomes, logos, &mut configs, args)? {
        project_fail_on.push((d.path.clone(), fail_on));
        project_diagnostics.push(d);
    }
    let mut sources = HashMap::new();
    let mut diagnostics = Vec::new();
    let mut fail_on = HashMap::new();
    let mut explanations = String::new();
    if args.explain && packaged {
        explanations.push_str(
            "reminder: two things a community listing needs cannot be checked offline: each recipe must have run successfully at least once, and its custom connectors must be published to the community by you\n",
        );
    }
    if let Some(stream) = stream {
        let mut rest_fail_on = HashMap::new();
        for (path, severity) in project_fail_on {
            rest_fail_on.entry(path).or_insert(severity);
        }
        project_diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        return stream.finish(
            project_diagnostics,
            rest_fail_on,
            args.explain,
            &explanations,
        );
    }
    for outcome in outcomes {
        explanations.push_str(&explained(&outcome.explanations));
        fail_on.insert(outcome.path.clone(), outcome.config.fail_on);
        if let Some(source) = outcome.source {
            sources.insert(outcome.path, source);
        }
        diagnostics.extend(outcome.diagnostics);
    }
    for (path, severity) in project_fail_on {
        fail_on.entry(path).or_insert(severity);
    }
    // The order `concise` streams in, for every format: each file's findings in path
    // order, then the project findings, which wait for every file.
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    project_diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.extend(project_diagnostics);
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
