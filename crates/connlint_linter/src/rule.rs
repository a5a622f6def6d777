use connlint_diagnostics::{Category, Severity};
use connlint_syntax::{Kinds, Node};

use crate::Context;

/// What the registry, the docs and the outputs know about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case name, used in output, config and suppressions.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// The rule's doc comment, as written (one leading space per line).
    pub docs: &'static str,
}

/// Implemented by `declare_rule!`: the rule's metadata.
pub trait RuleInfo {
    fn meta(&self) -> &'static RuleMeta;
}

/// A lint rule. Node rules name the node kinds they want and are called for each such
/// node during the one walk of the file; file rules run once, after the walk, with the
/// connector model.
pub trait Rule: RuleInfo + Send + Sync {
    /// Kind ids this rule's `check_node` wants; empty for file-only rules.
    fn kinds(&self, _kinds: &Kinds) -> Vec<u16> {
        Vec::new()
    }

    fn check_node<'a>(&self, _node: Node<'a>, _ctx: &mut Context<'a>) {}

    fn check_file(&self, _ctx: &mut Context) {}

    /// Project rules: called once per connector project (see `lint_project`).
    fn check_project(&self, _ctx: &mut crate::ProjectContext) {}
}

/// Declares a rule type whose doc comment is its documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub struct MissingTitle {
///         name: "missing-title",
///         category: Correctness,
///         severity: Error,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $ty:ident {
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $ty;

        impl $crate::RuleInfo for $ty {
            fn meta(&self) -> &'static $crate::RuleMeta {
                static META: $crate::RuleMeta = $crate::RuleMeta {
                    name: $name,
                    category: $crate::diagnostics::Category::$category,
                    default_severity: $crate::diagnostics::Severity::$severity,
                    docs: concat!($($doc, "\n"),*),
                };
                &META
            }
        }
    };
}

/// The docs as Markdown, without the one space rustdoc keeps after `///`.
pub fn docs_text(meta: &RuleMeta) -> String {
    let mut out = String::with_capacity(meta.docs.len());
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The Ruby code blocks of a rule's docs: the one under `## Example` (must fire) and the
/// one after `Use instead:` (must not).
pub fn doc_examples(meta: &RuleMeta) -> (Option<String>, Option<String>) {
    let docs = docs_text(meta);
    let block_after = |marker: &str| -> Option<String> {
        let rest = &docs[docs.find(marker)? + marker.len()..];
        let start = rest.find("```ruby\n")? + "```ruby\n".len();
        let len = rest[start..].find("```")?;
        Some(rest[start..start + len].to_owned())
    };
    (block_after("## Example"), block_after("Use instead:"))
}
