//! Settings from rule selectors: where `select`/`ignore` meet the registry. (The
//! settings themselves, in `settings.rs`, know rules only by id.)

use connlint_diagnostics::{Category, Severity};
use connlint_syntax::kinds;

use crate::settings::next_generation;
use crate::{all_rules, RuleId, Settings, SettingsError};

/// What `select`/`ignore` accept: `all`, a category, or a rule name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSelector {
    All,
    Category(Category),
    Rule(RuleId),
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
        if let Some(rule) = RuleId::from_name(s) {
            return Ok(Self::Rule(rule));
        }
        // A category's typo (`secruity`) is as likely as a rule's.
        let names = rule_names().chain(Category::ALL.iter().map(|c| c.as_str()));
        Err(SettingsError::UnknownSelector {
            value: s.to_owned(),
            suggestion: closest(s, names),
        })
    }

    pub fn matches(&self, rule: RuleId, category: Category) -> bool {
        match self {
            Self::All => true,
            Self::Category(c) => *c == category,
            Self::Rule(r) => *r == rule,
        }
    }
}

/// The closest rule name, for "did you mean" in errors.
pub fn suggest_rule(s: &str) -> Option<&'static str> {
    closest(s, rule_names())
}

fn rule_names() -> impl Iterator<Item = &'static str> {
    all_rules().iter().map(|r| r.meta().name)
}

fn closest(s: &str, names: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    names
        .map(|name| (strsim::jaro_winkler(s, name), name))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
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
        severity: &[(RuleId, Severity)],
    ) -> Result<Self, SettingsError> {
        let rules = all_rules();
        let select: &[RuleSelector] = if select.is_empty() {
            &[RuleSelector::All]
        } else {
            select
        };
        let on: Vec<bool> = rules
            .iter()
            .map(|r| {
                let m = r.meta();
                select.iter().any(|s| s.matches(m.id, m.category))
                    && !ignore.iter().any(|s| s.matches(m.id, m.category))
            })
            .collect();
        let enabled = rules
            .iter()
            .zip(&on)
            .filter(|(_, on)| **on)
            .map(|(r, _)| r.meta().id)
            .collect();
        let severity = severity.to_vec();
        let k = kinds();
        let mut by_kind: Vec<Vec<usize>> = Vec::new();
        let mut file_rules = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            if !on[index] {
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
            tree_free: true,
            recipe_limits: crate::settings::RecipeLimits::default(),
            per_file_ignores: crate::settings::PerFileIgnores::default(),
            generation: next_generation(),
        })
    }

    /// Silences rules in the files that globs match, relative to `dir` (the directory of
    /// the configuration file).
    pub fn with_per_file_ignores(
        mut self,
        dir: std::path::PathBuf,
        entries: Vec<(globset::GlobSet, Vec<RuleSelector>)>,
    ) -> Self {
        let entries = entries
            .into_iter()
            .map(|(globs, selectors)| {
                let rules = all_rules()
                    .iter()
                    .map(|r| r.meta())
                    .filter(|m| selectors.iter().any(|s| s.matches(m.id, m.category)))
                    .map(|m| m.id)
                    .collect();
                (globs, rules)
            })
            .collect();
        self.per_file_ignores = crate::settings::PerFileIgnores { dir, entries };
        self.generation = next_generation();
        self
    }

    /// Only the named rules, as the docs tests and `--select` of one rule do.
    pub fn only(rule: RuleId) -> Self {
        Self::new(&[RuleSelector::Rule(rule)], &[], &[]).expect("a rule selector is valid")
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
}

#[cfg(test)]
mod tests {
    use super::RuleSelector;
    use crate::SettingsError;

    #[test]
    fn a_category_typo_gets_a_suggestion() {
        let suggestion = |s: &str| match RuleSelector::parse(s) {
            Err(SettingsError::UnknownSelector { suggestion, .. }) => suggestion,
            Ok(_) => Some("(parsed)"),
        };
        assert_eq!(suggestion("secruity"), Some("security"));
        assert_eq!(suggestion("documentaton"), Some("documentation"));
        assert_eq!(suggestion("debug-outptu"), Some("debug-output"));
    }
}
