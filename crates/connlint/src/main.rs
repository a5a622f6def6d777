//! `connlint`: a fast linter for Workato connector source code.

mod baseline;
mod cache;
mod check;
mod config;
mod debug;
mod fixes;
mod history;
mod inputs;
mod package;
mod panics;
mod paths;
mod project;
mod report;
mod server;
#[cfg(feature = "validate")]
mod validate;
mod walk;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use connlint_linter::diagnostics::{OutputFormat, Severity};
use connlint_linter::{
    all_rules, docs_text, find_rule, rule_page, rule_summary, rules_markdown_table,
};

#[derive(Parser)]
#[command(
    name = "connlint",
    version = env!("CONNLINT_VERSION"),
    about = "A fast linter for Workato connector source code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint connector files and directories.
    Check(Box<CheckArgs>),
    /// Print one rule's documentation.
    Rule {
        /// The rule's name, e.g. `missing-title`.
        name: String,
    },
    /// List every rule with its category and default severity.
    Rules {
        /// Print a Markdown table (as in the README) instead of aligned columns.
        #[arg(long)]
        markdown: bool,
        /// Write one Markdown page per rule into DIR (the repository keeps them in
        /// rules/docs/).
        #[arg(long, value_name = "DIR")]
        write_docs: Option<std::path::PathBuf>,
    },
    /// Run the language server over stdio (for editors).
    Server,
    /// Print a shell completion script (`connlint completions bash > …`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Tools for rule authors.
    #[command(subcommand)]
    Debug(DebugCommand),
}

#[derive(Subcommand)]
enum DebugCommand {
    /// Print the tree-sitter syntax tree of a file.
    Ast { file: PathBuf },
    /// Print the connector model of a file as JSON.
    Model { file: PathBuf },
    /// Parse the Ruby files `check` would parse, without linting (the benchmark ceiling): same
    /// walk, same threads.
    Parse {
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[arg(long)]
        threads: Option<usize>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Full,
    Concise,
    Json,
    JsonLines,
    Github,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files or directories to lint (directories are walked, honouring .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format; `full` on a terminal, `concise` otherwise.
    #[arg(long, value_enum)]
    output_format: Option<FormatArg>,
    /// Lowest severity that makes the run exit with code 1 [default: error, or `fail-on`
    /// in connlint.toml].
    #[arg(long, value_enum)]
    fail_on: Option<SeverityArg>,
    /// Rules or categories to run, replacing `select` from the config (comma-separated;
    /// `all` for every rule).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Rules or categories to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Rules or categories to skip (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Skip files larger than this many bytes, with an `io-error` diagnostic.
    #[arg(long, default_value_t = walk::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Colour `full` and `concise` output: on a terminal (`auto`, unless `NO_COLOR` is
    /// set), `always` (a pager, a CI log) or `never`.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Never colour the output, whatever `--color` says.
    #[arg(long)]
    no_color: bool,
    /// Say on stderr, for each credential candidate, why it was reported or dropped.
    #[arg(long)]
    explain: bool,
    /// Parse every Ruby file, even where the tree-free scan shows the selected rules
    /// have nothing to find: the reference that scan is measured against.
    #[arg(long, hide = true)]
    parse_all: bool,
    /// Use this configuration file for every file instead of discovering connlint.toml.
    #[arg(long, conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every connlint.toml.
    #[arg(long)]
    isolated: bool,
    /// The path to lint standard input as, with `-` among the paths.
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    /// Lint what is staged for commit (the git index), not the working tree.
    #[arg(long, conflicts_with = "stdin_filename")]
    staged: bool,
    /// Record the current findings in FILE (fingerprints, no secrets).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Hide the findings recorded in FILE; entries that no longer match are listed.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, also apply fixes that may change behaviour.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 if any).
    #[arg(long, conflicts_with_all = ["staged", "stdin_filename"])]
    diff: bool,
    /// Lint every file afresh: neither read nor write the result cache
    /// (`.connlint_cache/`, or `$CONNLINT_CACHE_DIR`).
    #[arg(long)]
    no_cache: bool,
    /// Scan every blob in the git history of the repository holding PATH (all refs), with
    /// the security rules unless --select says otherwise.
    #[arg(long, conflicts_with_all = ["staged", "stdin_filename", "fix", "diff"])]
    history: bool,
    /// With --history, only the commits in B and not in A (`A..B`, as for a push);
    /// `pre-push` reads the range pre-commit gives pre-push hooks (all history when it
    /// gives none, on a branch's first push).
    #[arg(long, value_name = "A..B", requires = "history")]
    history_range: Option<String>,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Print the settings that apply to the first PATH (a directory: a connector file in
    /// it): the configuration file, the rules with their severities, and exit.
    #[arg(long)]
    show_settings: bool,
    /// Print only the findings: no summary line, no notes on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Lint, then lint again whenever a file under PATHS changes, until interrupted.
    #[arg(long, conflicts_with_all = ["staged", "history", "diff", "output_file", "write_baseline", "stdin_filename"])]
    watch: bool,
    /// Ask each credential's provider whether it is live: one read-only request per
    /// distinct value to the identity endpoint its validator names (rules/validators.toml),
    /// and the answer (live, dead, unknown) on the finding. Off by default.
    #[arg(long, conflicts_with_all = ["history", "watch"])]
    validate: bool,
    /// With --validate, give up on a provider after this many seconds (connect and
    /// answer together); the finding is then `unknown`.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0, requires = "validate", value_parser = parse_timeout)]
    validate_timeout: f64,
    /// With --validate, exit 1 only for findings at the failing severity that the
    /// provider said are live; every finding is still reported.
    #[arg(long, requires = "validate")]
    fail_on_live: bool,
}

/// A timeout between a millisecond and a minute.
fn parse_timeout(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if (0.001..=60.0).contains(&s) => Ok(s),
        _ => Err(format!(
            "`{text}` is not a number of seconds from 0.001 to 60"
        )),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    panics::install();
    let result = std::panic::catch_unwind(|| run(cli)).unwrap_or_else(|_| {
        Err(format!(
            "internal error (a bug in connlint; please report it): {}",
            panics::describe()
        ))
    });
    result.unwrap_or_else(|message| {
        let _ = writeln!(std::io::stderr(), "connlint: error: {message}");
        ExitCode::from(2)
    })
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) if args.watch => watch::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Rule { name } => print_rule(&name),
        Command::Rules {
            write_docs: Some(dir),
            ..
        } => write_rule_pages(&dir),
        Command::Rules { markdown, .. } => {
            print_rules(markdown);
            Ok(ExitCode::SUCCESS)
        }
        Command::Server => server::run(),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "connlint", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Debug(DebugCommand::Ast { file }) => debug::ast(&file),
        Command::Debug(DebugCommand::Model { file }) => debug::model(&file),
        Command::Debug(DebugCommand::Parse { paths, threads }) => {
            debug::parse_only(&paths, threads)
        }
    }
}

fn print_rule(name: &str) -> Result<ExitCode, String> {
    let rule = find_rule(name).ok_or_else(|| {
        let near = connlint_linter::suggest_rule(name)
            .map(|r| format!("; did you mean `{r}`?"))
            .unwrap_or_default();
        format!("no rule named `{name}`{near} (see `connlint rules`)")
    })?;
    let _ = write!(std::io::stdout().lock(), "{}", rule_page(rule.meta()));
    Ok(ExitCode::SUCCESS)
}

fn write_rule_pages(dir: &std::path::Path) -> Result<ExitCode, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for rule in all_rules() {
        let meta = rule.meta();
        let path = dir.join(format!("{}.md", meta.name));
        std::fs::write(&path, rule_page(meta))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_rules(markdown: bool) {
    let mut out = std::io::stdout().lock();
    if markdown {
        let _ = write!(out, "{}", rules_markdown_table());
        return;
    }
    let _ = writeln!(
        out,
        "{:<34} {:<14} {:<8} what it flags",
        "rule", "category", "severity"
    );
    for rule in all_rules() {
        let meta = rule.meta();
        let _ = writeln!(
            out,
            "{:<34} {:<14} {:<8} {}",
            meta.name,
            meta.category.as_str(),
            meta.default_severity.as_str(),
            rule_summary(&docs_text(meta))
        );
    }
}

impl CheckArgs {
    /// Whether `-` is among the paths: the text comes from standard input.
    fn reads_stdin(&self) -> bool {
        self.paths.iter().any(|p| p.as_os_str() == "-")
    }

    fn format(&self) -> OutputFormat {
        match self.output_format {
            Some(FormatArg::Full) => OutputFormat::Full,
            Some(FormatArg::Concise) => OutputFormat::Concise,
            Some(FormatArg::Json) => OutputFormat::Json,
            Some(FormatArg::JsonLines) => OutputFormat::JsonLines,
            Some(FormatArg::Github) => OutputFormat::Github,
            Some(FormatArg::Sarif) => OutputFormat::Sarif,
            None if std::io::stdout().is_terminal() => OutputFormat::Full,
            None => OutputFormat::Concise,
        }
    }

    fn color(&self) -> bool {
        match self.color {
            _ if self.no_color => false,
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}
