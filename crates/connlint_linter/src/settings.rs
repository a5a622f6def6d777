use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use connlint_diagnostics::Severity;

use serde::Deserialize;

use crate::secrets::SecretsEngine;
use crate::RuleId;

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
    /// The enabled rules, in registry order.
    pub(crate) enabled: Vec<RuleId>,
    /// Severity overrides; usually empty.
    pub(crate) severity: Vec<(RuleId, Severity)>,
    /// Registry indexes of enabled node rules, by node-kind id.
    pub(crate) by_kind: Vec<Vec<usize>>,
    pub(crate) file_rules: Vec<usize>,
    /// The engine with user detectors; `None` is the built-in one, fetched on first use
    /// so that building it can overlap with reading and parsing (see `warm_up`).
    pub(crate) secrets: Option<Arc<SecretsEngine>>,
    pub(crate) explain: bool,
    /// Whether a Ruby file may skip its parse (see `tree_free.rs`); off only to compare
    /// both paths.
    pub(crate) tree_free: bool,
    /// The limits of `complex-recipe` and `uncommented-recipe-steps`.
    pub recipe_limits: RecipeLimits,
    pub(crate) per_file_ignores: PerFileIgnores,
    /// Tells these settings from any others built in this process (see `generation`).
    pub(crate) generation: u64,
}

/// A fresh settings generation.
pub(crate) fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Settings {
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

    /// Uses `engine` (built-in plus user detector files) instead of the built-in one.
    pub fn with_secrets(mut self, engine: Arc<SecretsEngine>) -> Self {
        self.secrets = Some(engine);
        self.generation = next_generation();
        self
    }

    /// Parses every Ruby file, as if no rule could judge one without its tree: the
    /// reference the tree-free scan is compared with.
    #[doc(hidden)]
    pub fn with_tree_free(mut self, on: bool) -> Self {
        self.tree_free = on;
        self.generation = next_generation();
        self
    }

    /// Records why each credential candidate was reported or dropped.
    pub fn with_explain(mut self, explain: bool) -> Self {
        self.explain = explain;
        self.generation = next_generation();
        self
    }

    /// Whether `per-file-ignores` silences `rule` in the file at `location` (absolute,
    /// or relative to the working directory). The finish stage and `--show-settings`
    /// both ask this.
    pub fn ignores(&self, location: &Path, rule: RuleId) -> bool {
        let ignores = &self.per_file_ignores;
        if ignores.entries.is_empty() {
            return false;
        }
        let absolute = std::path::absolute(location).unwrap_or_else(|_| location.to_path_buf());
        let relative = absolute.strip_prefix(&ignores.dir).unwrap_or(&absolute);
        ignores
            .entries
            .iter()
            .filter(|(globs, _)| globs.is_match(relative))
            .any(|(_, rules)| rules.contains(&rule))
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

    pub fn is_enabled(&self, rule: RuleId) -> bool {
        self.enabled.contains(&rule)
    }

    /// The configured severity of `rule`, when it overrides the rule's own choice.
    pub fn severity_override(&self, rule: RuleId) -> Option<Severity> {
        self.severity
            .iter()
            .rev()
            .find(|(id, _)| *id == rule)
            .map(|(_, s)| *s)
    }

    pub fn enabled_rules(&self) -> impl Iterator<Item = RuleId> + '_ {
        self.enabled.iter().copied()
    }
}

/// `per-file-ignores`: glob sets (relative to `dir`) and the rules they silence.
#[derive(Debug, Default)]
pub(crate) struct PerFileIgnores {
    pub(crate) dir: PathBuf,
    pub(crate) entries: Vec<(globset::GlobSet, Vec<RuleId>)>,
}

/// Limits of "keep the recipe simple and understandable" (`[recipes]` of connlint.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RecipeLimits {
    /// Steps in one recipe, the trigger included.
    pub max_steps: usize,
    /// Nesting of blocks (an `if` in a `foreach` in the trigger's block is 3).
    pub max_depth: usize,
    /// Recipes with more steps than this need a comment on each action.
    pub comment_steps_over: usize,
}

impl Default for RecipeLimits {
    fn default() -> Self {
        Self {
            max_steps: 30,
            max_depth: 6,
            comment_steps_over: 10,
        }
    }
}
