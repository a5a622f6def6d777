use std::fmt;

use connlint_diagnostics::{RuleCode, RuleDescriptor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{docs_text, rule_url, Rule};

/// Declares the rule modules of each category and the registry list, from one list in
/// `rules/mod.rs` (oxc's `declare_all_lint_rules!` shape).
#[macro_export]
#[doc(hidden)]
macro_rules! declare_all_rules {
    ($($category:ident { $($module:ident :: $rule:ident),* $(,)? })*) => {
        $(
            pub mod $category {
                $(
                    pub(crate) mod $module;
                    pub use $module::$rule;
                )*
            }
        )*

        /// Every rule, named by its type. Findings, settings and suppressions hold these,
        /// so renaming or removing a rule fails to compile wherever code names it; the
        /// kebab-case name is what is printed, serialized and configured.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $($($rule,)*)*
        }

        /// Every rule, in registry order (the order of [`RuleId`]).
        pub(crate) static RULES: &[&dyn $crate::Rule] = &[$($(&$category::$rule,)*)*];
    };
}

pub use crate::rules::RuleId;
use crate::rules::RULES;

impl RuleId {
    /// The kebab-case name, from the rule's `declare_rule!`.
    pub fn name(self) -> &'static str {
        self.meta().name
    }

    pub fn rule(self) -> &'static dyn Rule {
        RULES[self as usize]
    }

    pub fn meta(self) -> &'static crate::RuleMeta {
        self.rule().meta()
    }

    /// The rule a configured or suppressed name means.
    pub fn from_name(name: &str) -> Option<Self> {
        find_rule(name).map(|r| r.meta().id)
    }
}

impl RuleCode for RuleId {
    fn name(self) -> &'static str {
        RuleId::name(self)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule `{name}`")))
    }
}

/// Every rule, in a stable order (registry index = position here).
pub fn all_rules() -> &'static [&'static dyn Rule] {
    RULES
}

pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name)
}

/// The first sentence of a rule's "## What it does", for tables.
pub fn rule_summary(docs: &str) -> String {
    let after = docs.split("## What it does").nth(1).unwrap_or("");
    let text = after
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text,
    }
}

/// A rule's documentation page: what `connlint rule NAME` prints, the editor's hover and
/// `rules/docs/NAME.md` (a test keeps those pages equal to it).
pub fn rule_page(meta: &crate::RuleMeta) -> String {
    format!(
        "# {}\n\ncategory: {} · default severity: {}\n\n{}",
        meta.name,
        meta.category,
        meta.default_severity,
        docs_text(meta)
    )
}

/// The Markdown rules table the README embeds (a test keeps them equal).
pub fn rules_markdown_table() -> String {
    let mut out =
        String::from("| rule | category | default severity | what it flags |\n|---|---|---|---|\n");
    for rule in RULES {
        let meta = rule.meta();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            meta.name,
            meta.category,
            meta.default_severity,
            rule_summary(&docs_text(meta)).replace('|', "\\|")
        ));
    }
    out
}

/// Every rule as output formats describe it (SARIF's tool driver).
pub fn rule_descriptors() -> Vec<RuleDescriptor> {
    RULES
        .iter()
        .map(|r| {
            let meta = r.meta();
            let docs = docs_text(meta);
            RuleDescriptor {
                url: rule_url(meta.name),
                name: meta.name,
                category: meta.category,
                default_severity: meta.default_severity,
                summary: rule_summary(&docs),
                docs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_registry() {
        for (index, rule) in RULES.iter().enumerate() {
            let id = rule.meta().id;
            assert_eq!(id as usize, index, "{}", rule.meta().name);
            assert_eq!(RuleId::from_name(rule.meta().name), Some(id));
        }
    }
}
