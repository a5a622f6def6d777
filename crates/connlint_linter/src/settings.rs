use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use connlint_diagnostics::{Category, Severity};
use connlint_syntax::kinds;

use crate::secrets::SecretsEngine;
use crate::{all_rules, find_rule};

/// What `select`/`ignore` accept: `all`, a category, or a rule name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSelector {
    All,
    Category(Category),
    Rule(&'static str),
}

impl RuleSelector {
    pub fn parse(s: &str) -> Result<Self, SettingsError> {
        let s = s.trim();
        if s == "all" {
            return Ok(Self::All);
        }
        if let Some(category) = Category::parse(s) {
            return Ok(Self::Category(category));
        }
        if let Some(rule) = find_rule(s) {
            return Ok(Self::Rule(rule.meta().name));
        }
        Err(SettingsError::UnknownSelector {
            value: s.to_owned(),
            suggestion: suggest_rule(s),
        })
    }

    pub fn matches(&self, name: &str, category: Category) -> bool {
        match self {
            Self::All => true,
            Self::Category(c) => *c == category,
            Self::Rule(r) => *r == name,
        }
    }
}

/// The closest rule name, for "did you mean" in errors.
pub(crate) fn suggest_rule(s: &str) -> Option<&'static str> {
    all_rules()
        .iter()
        .map(|r| r.meta().name)
        .map(|name| (strsim::jaro_winkler(s, name), name))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsError {
    UnknownSelector {
        value: String,
        suggestion: Option<&'static str>,
    },
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownSelector { value, suggestion } => {
                write!(f, "unknown rule or category `{value}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SettingsError {}

/// Resolved, ready-to-run settings: which rules run, at which severity, and the
/// node-kind dispatch table for the walk. Built once per configuration, shared by every
/// worker.
#[derive(Debug)]
pub struct Settings {
    enabled: Vec<bool>,
    /// Severity overrides, by rule name; usually empty.
    severity: Vec<(&'static str, Severity)>,
    /// Registry indexes of enabled node rules, by node-kind id.
    pub(crate) by_kind: Vec<Vec<usize>>,
    pub(crate) file_rules: Vec<usize>,
    /// The engine with user detectors; `None` is the built-in one, fetched on first use
    /// so that building it can overlap with reading and parsing (see `warm_up`).
    secrets: Option<Arc<SecretsEngine>>,
    pub(crate) explain: bool,
    /// Tells these settings from any others built in this process (see `generation`).
    generation: u64,
}

/// A fresh settings generation.
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Default for Settings {
    fn default() -> Self {
        Self::new(&[RuleSelector::All], &[], &[]).expect("selecting all rules is valid")
    }
}

impl Settings {
    /// `select` starts the set (empty means all), `ignore` removes from it; `severity`
    /// overrides rules' default severities.
    pub fn new(
        select: &[RuleSelector],
        ignore: &[RuleSelector],
        severity: &[(&'static str, Severity)],
    ) -> Result<Self, SettingsError> {
        let rules = all_rules();
        let select: &[RuleSelector] = if select.is_empty() {
            &[RuleSelector::All]
        } else {
            select
        };
        let enabled: Vec<bool> = rules
            .iter()
            .map(|r| {
                let m = r.meta();
                select.iter().any(|s| s.matches(m.name, m.category))
                    && !ignore.iter().any(|s| s.matches(m.name, m.category))
            })
            .collect();
        let severity = severity.to_vec();
        let k = kinds();
        let mut by_kind: Vec<Vec<usize>> = Vec::new();
        let mut file_rules = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            if !enabled[index] {
                continue;
            }
            for kind in rule.kinds(k) {
                let kind = usize::from(kind);
                if by_kind.len() <= kind {
                    by_kind.resize_with(kind + 1, Vec::new);
                }
                by_kind[kind].push(index);
            }
            file_rules.push(index);
        }
        Ok(Self {
            enabled,
            severity,
            by_kind,
            file_rules,
            secrets: None,
            explain: false,
            generation: next_generation(),
        })
    }

    /// The same settings with the rules called in another order (a permutation drawn
    /// from `seed`): for the test that findings do not depend on registry order.
    #[doc(hidden)]
    pub fn with_rule_order(mut self, seed: u64) -> Self {
        let mut rng = crate::secrets::fake::Rng(seed | 1);
        let mut shuffle = |v: &mut Vec<usize>| {
            for i in (1..v.len()).rev() {
                v.swap(i, rng.below(i + 1));
            }
        };
        for rules in &mut self.by_kind {
            shuffle(rules);
        }
        shuffle(&mut self.file_rules);
        self
    }

    /// Only the named rules, as the docs tests and `--select` of one rule do.
    pub fn only(rule: &'static str) -> Self {
        Self::new(&[RuleSelector::Rule(rule)], &[], &[]).expect("a rule selector is valid")
    }

    /// Uses `engine` (built-in plus user detector files) instead of the built-in one.
    pub fn with_secrets(mut self, engine: Arc<SecretsEngine>) -> Self {
        self.secrets = Some(engine);
        self.generation = next_generation();
        self
    }

    /// Records why each credential candidate was reported or dropped.
    pub fn with_explain(mut self, explain: bool) -> Self {
        self.explain = explain;
        self.generation = next_generation();
        self
    }

    /// The settings that find every credential this run knows of, whatever rules it
    /// selected: the security rules with this run's detectors. Output that prints source
    /// lines (`--diff`) masks what they find.
    pub fn redaction(&self) -> Settings {
        let mut all = Settings::new(&[RuleSelector::Category(Category::Security)], &[], &[])
            .expect("selecting a category is valid");
        all.secrets = self.secrets.clone();
        all.generation = next_generation();
        all
    }

    pub fn secrets(&self) -> &SecretsEngine {
        match &self.secrets {
            Some(engine) => engine,
            None => SecretsEngine::builtin_ref(),
        }
    }

    /// Equal for two settings only when they are the same settings (or clones): what an
    /// editor document's section cache is keyed by.
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    pub fn is_enabled(&self, name: &str) -> bool {
        all_rules()
            .iter()
            .zip(&self.enabled)
            .any(|(r, on)| *on && r.meta().name == name)
    }

    /// The configured severity of `rule`, when it overrides the rule's own choice.
    pub fn severity_override(&self, rule: &str) -> Option<Severity> {
        self.severity
            .iter()
            .rev()
            .find(|(name, _)| *name == rule)
            .map(|(_, s)| *s)
    }

    pub fn enabled_rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        all_rules()
            .iter()
            .zip(&self.enabled)
            .filter(|(_, on)| **on)
            .map(|(r, _)| r.meta().name)
    }
}
