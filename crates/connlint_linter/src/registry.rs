use connlint_diagnostics::RuleDescriptor;

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

        /// Every rule, in registry order.
        pub(crate) static RULES: &[&dyn $crate::Rule] = &[$($(&$category::$rule,)*)*];
    };
}

use crate::rules::RULES;

/// Every rule, in a stable order (registry index = position here).
pub fn all_rules() -> &'static [&'static dyn Rule] {
    RULES
}

pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name)
}

/// The metadata of the rule a finding names.
pub fn rule_meta(name: &str) -> Option<&'static crate::RuleMeta> {
    find_rule(name).map(|r| r.meta())
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
