//! `connlint.toml`: discovered upward from each linted file (the closest wins), or given
//! with `--config`. Raw options are parsed strictly (unknown keys are errors), then
//! resolved once per file into what the scan needs.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use connlint_linter::diagnostics::Severity;
use connlint_linter::secrets::SecretsEngine;
use connlint_linter::{ListingOptions, RuleSelector, Settings};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub const FILE_NAME: &str = "connlint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    per_file_ignores: Option<BTreeMap<String, Spanned<Vec<Spanned<String>>>>>,
    fail_on: Option<Spanned<String>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    secrets: Option<SecretsOptions>,
    listing: Option<ListingOptions>,
    recipes: Option<connlint_linter::RecipeLimits>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretsOptions {
    extend: Vec<Spanned<String>>,
}

/// A configuration error, with the file text so it can be shown in context.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    pub span: Option<std::ops::Range<usize>>,
    pub message: String,
}

/// Every error of one configuration (and of the flags resolved with it), in the order
/// they appear: a user fixes them all in one go instead of one per run.
#[derive(Debug)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl From<ConfigError> for ConfigErrors {
    fn from(error: ConfigError) -> Self {
        Self(vec![error])
    }
}

/// Collects the errors of one resolution.
struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    found: Vec<ConfigError>,
}

impl Problems<'_> {
    fn add(&mut self, span: Option<std::ops::Range<usize>>, message: String) {
        self.found.push(ConfigError {
            path: self.path.to_path_buf(),
            text: self.text.to_owned(),
            span,
            message,
        });
    }

    fn at(&mut self, span: std::ops::Range<usize>, message: String) {
        self.add(Some(span), message);
    }

    fn toml(&mut self, error: &toml::de::Error) {
        self.add(error.span(), error.message().to_owned());
    }

    fn flag(&mut self, message: String) {
        self.found.push(ConfigError {
            path: PathBuf::from("command line"),
            text: String::new(),
            span: None,
            message,
        });
    }
}

/// What flags say, to override the file.
#[derive(Default)]
pub struct Overrides {
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
    pub explain: bool,
    /// `--parse-all`.
    pub parse_all: bool,
}

/// One resolved configuration, shared by the files it governs.
pub struct Config {
    /// The file it came from; `None` for defaults.
    pub path: Option<PathBuf>,
    /// Where relative globs and paths start.
    pub dir: PathBuf,
    pub text: String,
    /// The other files the settings were made from (custom detector files), with their
    /// contents: a result cache keys by them as by `text`.
    pub read: Vec<(String, String)>,
    pub settings: Settings,
    pub fail_on: Severity,
    exclude: GlobSet,
    pub listing: Option<ListingOptions>,
}

impl Config {
    fn relative(&self, file: &Path) -> PathBuf {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        absolute
            .strip_prefix(&self.dir)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }

    /// Whether a walked file is excluded by `exclude`.
    pub fn is_excluded(&self, file: &Path) -> bool {
        self.exclude.is_match(self.relative(file))
    }
}

fn glob_set(globs: &[(String, std::ops::Range<usize>)], problems: &mut Problems) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for (glob, span) in globs {
        match Glob::new(glob) {
            Ok(g) => builder.add(g),
            Err(e) => {
                problems.at(span.clone(), format!("invalid glob `{glob}`: {e}"));
                continue;
            }
        };
        // `dir` also matches everything below it, as users of .gitignore expect.
        if !glob.contains('*') {
            let below = format!("{}/**", glob.trim_end_matches('/'));
            match Glob::new(&below) {
                Ok(g) => builder.add(g),
                Err(e) => {
                    problems.at(span.clone(), e.to_string());
                    continue;
                }
            };
        }
    }
    builder.build().unwrap_or_else(|e| {
        problems.at(0..0, e.to_string());
        GlobSet::empty()
    })
}

/// Drops the innermost entry of `table` whose key or value holds `span`.
fn drop_entry(table: &mut DeTable, span: &std::ops::Range<usize>) -> bool {
    for (_, value) in table.iter_mut() {
        if let DeValue::Table(inner) = value.get_mut() {
            if drop_entry(inner, span) {
                return true;
            }
        }
    }
    let holds = |outer: std::ops::Range<usize>| outer.start <= span.start && span.end <= outer.end;
    let found = table
        .iter()
        .find(|(key, value)| holds(key.span()) || holds(value.span()))
        .map(|(key, _)| key.clone());
    found.is_some_and(|key| table.remove(&key).is_some())
}

/// Deserializes the options. Serde stops at the first unknown key or wrong type, so
/// each error is recorded, the entry it is in dropped, and the rest deserialized again.
fn parse_options(text: &str, problems: &mut Problems) -> Options {
    let (mut table, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        // What follows a syntax error is a guess: its errors would mislead.
        for e in &syntax {
            problems.toml(e);
        }
        return Options::default();
    }
    loop {
        match Options::deserialize(toml::de::Deserializer::from(table.clone())) {
            Ok(options) => return options,
            Err(e) => {
                problems.toml(&e);
                let dropped = e
                    .span()
                    .is_some_and(|span| drop_entry(table.get_mut(), &span));
                if !dropped {
                    return Options::default();
                }
            }
        }
    }
}

fn selectors(list: &[Spanned<String>], problems: &mut Problems) -> Vec<RuleSelector> {
    list.iter()
        .filter_map(|s| {
            RuleSelector::parse(s.get_ref())
                .map_err(|e| problems.at(s.span(), e.to_string()))
                .ok()
        })
        .collect()
}

fn flag_selectors(list: &[String], problems: &mut Problems) -> Vec<RuleSelector> {
    list.iter()
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| {
            RuleSelector::parse(s)
                .map_err(|e| problems.flag(e.to_string()))
                .ok()
        })
        .collect()
}

/// Resolves options (from a file, or defaults) with the flags on top, reporting every
/// error rather than the first.
fn resolve(
    path: Option<PathBuf>,
    dir: PathBuf,
    text: String,
    overrides: &Overrides,
) -> Result<Config, ConfigErrors> {
    let shown = path.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME));
    let mut problems = Problems {
        path: &shown,
        text: &text,
        found: Vec::new(),
    };
    let options = parse_options(&text, &mut problems);
    let mut select = if overrides.select.is_empty() {
        selectors(options.select.as_deref().unwrap_or_default(), &mut problems)
    } else {
        flag_selectors(&overrides.select, &mut problems)
    };
    select.extend(selectors(
        options.extend_select.as_deref().unwrap_or_default(),
        &mut problems,
    ));
    select.extend(flag_selectors(&overrides.extend_select, &mut problems));
    let mut ignore = selectors(options.ignore.as_deref().unwrap_or_default(), &mut problems);
    ignore.extend(flag_selectors(&overrides.ignore, &mut problems));

    let mut severities = Vec::new();
    for (key, value) in options.severity.iter().flatten() {
        let rule = key.get_ref();
        let found = connlint_linter::RuleId::from_name(rule);
        if found.is_none() {
            let hint = connlint_linter::suggest_rule(rule)
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            // The typo is in the name: underline it, not the severity after it.
            problems.at(
                key.span(),
                format!("`[severity]` names unknown rule `{rule}`{hint}"),
            );
        }
        let severity = Severity::parse(value.get_ref());
        if severity.is_none() {
            problems.at(
                value.span(),
                format!(
                    "severity must be \"error\", \"warning\" or \"info\", got \"{}\"",
                    value.get_ref()
                ),
            );
        }
        if let (Some(found), Some(severity)) = (found, severity) {
            severities.push((found, severity));
        }
    }
    let fail_on = match (&overrides.fail_on, &options.fail_on) {
        (Some(flag), _) => *flag,
        (None, Some(value)) => Severity::parse(value.get_ref()).unwrap_or_else(|| {
            problems.at(
                value.span(),
                format!(
                    "`fail-on` must be \"error\", \"warning\" or \"info\", got \"{}\"",
                    value.get_ref()
                ),
            );
            Severity::Error
        }),
        (None, None) => Severity::Error,
    };
    let mut read = Vec::new();
    let mut engine = None;
    if let Some(secrets) = &options.secrets {
        for file in &secrets.extend {
            let full = dir.join(file.get_ref());
            match std::fs::read_to_string(&full) {
                Ok(content) => read.push((full.display().to_string(), content)),
                Err(e) => problems.at(
                    file.span(),
                    format!("cannot read detector file `{}`: {e}", full.display()),
                ),
            }
        }
        match SecretsEngine::with_extra(&read) {
            Ok(built) => engine = Some(Arc::new(built)),
            Err(e) => {
                let span = secrets.extend.first().map_or(0..0, Spanned::span);
                problems.at(span, e.to_string());
            }
        }
    }
    let mut per_file_ignores = Vec::new();
    for (glob, rules) in options.per_file_ignores.iter().flatten() {
        let set = glob_set(&[(glob.clone(), rules.span())], &mut problems);
        per_file_ignores.push((set, selectors(rules.get_ref(), &mut problems)));
    }
    let exclude = glob_set(
        &options
            .exclude
            .iter()
            .flatten()
            .map(|g| (g.get_ref().clone(), g.span()))
            .collect::<Vec<_>>(),
        &mut problems,
    );
    let settings =
        Settings::new(&select, &ignore, &severities).map_err(|e| problems.at(0..0, e.to_string()));
    let mut errors = problems.found;
    let mut settings = match settings {
        Ok(settings) if errors.is_empty() => settings,
        _ => {
            // The flags' errors have no place in the file: they come first.
            errors.sort_by_key(|e| e.span.as_ref().map(|s| s.start));
            return Err(ConfigErrors(errors));
        }
    };
    settings = settings
        .with_explain(overrides.explain)
        .with_tree_free(!overrides.parse_all)
        .with_per_file_ignores(dir.clone(), per_file_ignores);
    if let Some(limits) = options.recipes {
        settings.recipe_limits = limits;
    }
    if let Some(engine) = engine {
        settings = settings.with_secrets(engine);
    }
    Ok(Config {
        path,
        dir,
        text,
        read,
        settings,
        fail_on,
        exclude,
        listing: options.listing,
    })
}

/// Finds and caches configurations for the files of one run.
impl Config {
    /// `--show-settings`: what governs `file`, rule by rule.
    pub fn describe(&self, file: &Path, explicit: bool, isolated: bool) -> String {
        use std::fmt::Write as _;
        let shown = crate::paths::display_path;
        let mut out = format!("Settings for {}\n", shown(file));
        // A path not written yet gets the settings of its place; a typo must not look
        // like a file that was found.
        if std::fs::symlink_metadata(file).is_err() {
            let _ = writeln!(
                out,
                "  file:            not found: these are the settings a file at this path would get"
            );
        }
        let source = match &self.path {
            Some(path) if explicit => format!("{} (--config)", shown(path)),
            Some(path) => shown(path),
            None if isolated => "none (--isolated): the defaults".to_owned(),
            None => format!("no {FILE_NAME} in this or a parent directory: the defaults"),
        };
        let _ = writeln!(out, "  configuration:   {source}");
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let _ = writeln!(out, "  excluded:        {}", yes_no(self.is_excluded(file)));
        let _ = writeln!(out, "  fail-on:         {}", self.fail_on);
        let detectors: Vec<&str> = self.read.iter().map(|(path, _)| path.as_str()).collect();
        let _ = writeln!(
            out,
            "  detector files:  {}",
            if detectors.is_empty() {
                "none (the built-in detectors)".to_owned()
            } else {
                detectors.join(", ")
            }
        );
        let _ = writeln!(
            out,
            "  [listing]:       {}",
            if self.listing.is_some() {
                "present"
            } else {
                "absent"
            }
        );
        let limits = self.settings.recipe_limits;
        let _ = writeln!(
            out,
            "  [recipes]:       max-steps {}, max-depth {}, comment-steps-over {}",
            limits.max_steps, limits.max_depth, limits.comment_steps_over
        );
        let rules = connlint_linter::all_rules();
        let enabled: Vec<_> = rules
            .iter()
            .map(|r| r.meta())
            .filter(|m| self.settings.is_enabled(m.id))
            .collect();
        let _ = writeln!(
            out,
            "  rules:           {} of {} enabled",
            enabled.len(),
            rules.len()
        );
        let width = enabled.iter().map(|m| m.name.len()).max().unwrap_or(0);
        for meta in &enabled {
            let severity = self
                .settings
                .severity_override(meta.id)
                .unwrap_or(meta.default_severity);
            let mut notes = Vec::new();
            if severity != meta.default_severity {
                notes.push(format!("default {}", meta.default_severity));
            }
            if self.settings.ignores(file, meta.id) {
                notes.push("ignored here by per-file-ignores".to_owned());
            }
            let line = format!(
                "    {:width$}  {:13}  {:7}  {}",
                meta.name,
                meta.category.to_string(),
                severity.to_string(),
                if notes.is_empty() {
                    String::new()
                } else {
                    format!("({})", notes.join("; "))
                }
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let off: Vec<&str> = rules
            .iter()
            .map(|r| r.meta())
            .filter(|m| !self.settings.is_enabled(m.id))
            .map(|m| m.name)
            .collect();
        if !off.is_empty() {
            let _ = writeln!(out, "  not enabled:     {}", off.join(", "));
        }
        out
    }
}

pub struct Configs {
    overrides: Overrides,
    /// `--config`: one configuration for every file.
    fixed: Option<Arc<Config>>,
    isolated: bool,
    by_dir: HashMap<PathBuf, Arc<Config>>,
    default: Option<Arc<Config>>,
}

impl Configs {
    pub fn new(
        overrides: Overrides,
        explicit: Option<&Path>,
        isolated: bool,
    ) -> Result<Self, ConfigErrors> {
        let mut configs = Self {
            overrides,
            fixed: None,
            isolated,
            by_dir: HashMap::new(),
            default: None,
        };
        if let Some(path) = explicit {
            configs.fixed = Some(Arc::new(configs.load(path)?));
        }
        Ok(configs)
    }

    fn load(&self, path: &Path) -> Result<Config, ConfigErrors> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            span: None,
            message: format!("cannot read the configuration: {e}"),
        })?;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        resolve(Some(path.to_path_buf()), dir, text, &self.overrides)
    }

    fn defaults(&mut self) -> Result<Arc<Config>, ConfigErrors> {
        if let Some(d) = &self.default {
            return Ok(d.clone());
        }
        let dir = std::env::current_dir().unwrap_or_default();
        let config = Arc::new(resolve(None, dir, String::new(), &self.overrides)?);
        self.default = Some(config.clone());
        Ok(config)
    }

    /// The configuration that governs the files in `dir` (`.` included: its parent's
    /// would be another one).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, ConfigErrors> {
        self.for_file(&dir.join(FILE_NAME))
    }

    /// The configuration that governs `file`.
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, ConfigErrors> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        if self.isolated {
            return self.defaults();
        }
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let mut visited = Vec::new();
        let mut dir = absolute.parent();
        let found = loop {
            let Some(d) = dir else {
                break None;
            };
            if let Some(config) = self.by_dir.get(d) {
                break Some(config.clone());
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                break Some(Arc::new(self.load(&candidate)?));
            }
            dir = d.parent();
        };
        let config = match found {
            Some(c) => c,
            None => self.defaults()?,
        };
        for d in visited {
            self.by_dir.insert(d, config.clone());
        }
        Ok(config)
    }
}

/// Renders configuration errors one after another, each with the offending text
/// underlined.
pub fn render_error(errors: &ConfigErrors) -> String {
    errors
        .0
        .iter()
        .map(render_one)
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_one(error: &ConfigError) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
    if error.text.is_empty() || error.span.is_none() {
        return format!("{}: {}", error.path.display(), error.message);
    }
    let span = error.span.clone().unwrap_or(0..0);
    let report = miette::MietteDiagnostic::new(error.message.clone())
        .with_code("config")
        .with_label(LabeledSpan::new_primary_with_span(
            Some("here".to_owned()),
            span,
        ));
    let report = miette::Report::new(report).with_source_code(NamedSource::new(
        error.path.display().to_string(),
        error.text.clone(),
    ));
    let mut out = String::new();
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return format!("{}: {}", error.path.display(), error.message);
    }
    out
}
