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

fn glob_set(
    dir_globs: &[(String, std::ops::Range<usize>)],
    err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for (glob, span) in dir_globs {
        let g = Glob::new(glob)
            .map_err(|e| err(span.clone(), format!("invalid glob `{glob}`: {e}")))?;
        builder.add(g);
        // `dir` also matches everything below it, as users of .gitignore expect.
        if !glob.contains('*') {
            let below = format!("{}/**", glob.trim_end_matches('/'));
            builder.add(Glob::new(&below).map_err(|e| err(span.clone(), e.to_string()))?);
        }
    }
    builder.build().map_err(|e| err(0..0, e.to_string()))
}

/// Resolves options (from a file, or defaults) with the flags on top.
fn resolve(
    path: Option<PathBuf>,
    dir: PathBuf,
    text: String,
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let err = |span: std::ops::Range<usize>, message: String| ConfigError {
        path: path.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME)),
        text: text.clone(),
        span: Some(span),
        message,
    };
    let options: Options = toml::from_str(&text).map_err(|e| ConfigError {
        path: path.clone().unwrap_or_default(),
        text: text.clone(),
        span: e.span(),
        message: e.message().to_owned(),
    })?;
    let selectors = |list: &[Spanned<String>]| -> Result<Vec<RuleSelector>, ConfigError> {
        list.iter()
            .map(|s| RuleSelector::parse(s.get_ref()).map_err(|e| err(s.span(), e.to_string())))
            .collect()
    };
    let flag_selectors = |list: &[String]| -> Result<Vec<RuleSelector>, ConfigError> {
        list.iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                RuleSelector::parse(s).map_err(|e| ConfigError {
                    path: PathBuf::from("command line"),
                    text: String::new(),
                    span: None,
                    message: e.to_string(),
                })
            })
            .collect()
    };
    let mut select = if overrides.select.is_empty() {
        selectors(options.select.as_deref().unwrap_or_default())?
    } else {
        flag_selectors(&overrides.select)?
    };
    select.extend(selectors(
        options.extend_select.as_deref().unwrap_or_default(),
    )?);
    select.extend(flag_selectors(&overrides.extend_select)?);
    let mut ignore = selectors(options.ignore.as_deref().unwrap_or_default())?;
    ignore.extend(flag_selectors(&overrides.ignore)?);

    let mut severities = Vec::new();
    for (key, value) in options.severity.iter().flatten() {
        let rule = key.get_ref();
        let Some(found) = connlint_linter::RuleId::from_name(rule) else {
            let hint = connlint_linter::suggest_rule(rule)
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            // The typo is in the name: underline it, not the severity after it.
            return Err(err(
                key.span(),
                format!("`[severity]` names unknown rule `{rule}`{hint}"),
            ));
        };
        let severity = Severity::parse(value.get_ref()).ok_or_else(|| {
            err(
                value.span(),
                format!(
                    "severity must be \"error\", \"warning\" or \"info\", got \"{}\"",
                    value.get_ref()
                ),
            )
        })?;
        severities.push((found, severity));
    }
    let fail_on = match (&overrides.fail_on, &options.fail_on) {
        (Some(flag), _) => *flag,
        (None, Some(value)) => Severity::parse(value.get_ref()).ok_or_else(|| {
            err(
                value.span(),
                format!(
                    "`fail-on` must be \"error\", \"warning\" or \"info\", got \"{}\"",
                    value.get_ref()
                ),
            )
        })?,
        (None, None) => Severity::Error,
    };
    let mut settings = Settings::new(&select, &ignore, &severities)
        .map_err(|e| err(0..0, e.to_string()))?
        .with_explain(overrides.explain)
        .with_tree_free(!overrides.parse_all);
    if let Some(limits) = options.recipes {
        settings.recipe_limits = limits;
    }
    let mut read = Vec::new();
    if let Some(secrets) = &options.secrets {
        let mut extra = Vec::new();
        for file in &secrets.extend {
            let full = dir.join(file.get_ref());
            let content = std::fs::read_to_string(&full).map_err(|e| {
                err(
                    file.span(),
                    format!("cannot read detector file `{}`: {e}", full.display()),
                )
            })?;
            extra.push((full.display().to_string(), content));
        }
        let engine = SecretsEngine::with_extra(&extra).map_err(|e| {
            let span = secrets.extend.first().map_or(0..0, Spanned::span);
            err(span, e.to_string())
        })?;
        settings = settings.with_secrets(Arc::new(engine));
        read = extra;
    }
    let mut per_file_ignores = Vec::new();
    for (glob, rules) in options.per_file_ignores.iter().flatten() {
        let set = glob_set(&[(glob.clone(), rules.span())], &err)?;
        per_file_ignores.push((set, selectors(rules.get_ref())?));
    }
    let settings = settings.with_per_file_ignores(dir.clone(), per_file_ignores);
    let exclude = glob_set(
        &options
            .exclude
            .iter()
            .flatten()
            .map(|g| (g.get_ref().clone(), g.span()))
            .collect::<Vec<_>>(),
        &err,
    )?;
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
    ) -> Result<Self, ConfigError> {
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

    fn load(&self, path: &Path) -> Result<Config, ConfigError> {
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

    fn defaults(&mut self) -> Result<Arc<Config>, ConfigError> {
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
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        self.for_file(&dir.join(FILE_NAME))
    }

    /// The configuration that governs `file`.
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, ConfigError> {
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

/// Renders a configuration error with the offending text underlined.
pub fn render_error(error: &ConfigError) -> String {
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
