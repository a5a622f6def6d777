use connlint_diagnostics::{Category, Diagnostic, Severity};
use connlint_syntax::{Kinds, Node, SourceFile};

use crate::Context;

/// What a rule looks at, which decides where the engine calls it and how it is tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Ruby code: node kinds dispatched by the walk and/or a file check after it; the
    /// leak rules also read text files (YAML, JSON, `.env`, Markdown). Tested by
    /// `fixtures/rules/<name>/` and its doc examples.
    Code,
    /// A connector project (README, config, files beside the connector), through
    /// `check_project`; tested through the binary on `fixtures/projects/`.
    Project,
    /// Raised by the scanner itself (unreadable file, a panic): no input triggers it.
    Driver,
}

/// Properties the engine asks rules about instead of keeping lists of names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// Flags a leaked credential: runs on test fixtures (where only leaks matter) and,
    /// for code rules, by default in `check --history`.
    Leak,
}

/// What the registry, the docs and the outputs know about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case name, used in output, config and suppressions.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    pub scope: Scope,
    pub tags: &'static [Tag],
    /// Whether its findings may offer a fix.
    pub fixable: bool,
    /// Whether a finding inside a connector section may depend on text outside it (its
    /// fix edits another section): the editor then never replays that section.
    pub reads_beyond_section: bool,
    /// The rule's doc comment, as written (one leading space per line).
    pub docs: &'static str,
}

impl RuleMeta {
    pub fn has(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }

    /// The rules about leaked credentials in code and text (what secret evals measure
    /// and history scans run by default).
    pub fn is_credential_rule(&self) -> bool {
        self.has(Tag::Leak) && self.scope == Scope::Code
    }
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

    /// Text files beside the code (YAML, JSON, `.env`, Markdown): what the rule finds
    /// in one. Only the credential rules read them.
    fn check_text(&self, _source: &SourceFile, _settings: &crate::Settings) -> Vec<Diagnostic> {
        Vec::new()
    }

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
///
/// Optional properties follow, in this order: `scope: Project` (default `Code`),
/// `tags: [Leak]`, `fixable: true`, `reads_beyond_section: true`.
#[macro_export]
macro_rules! declare_rule {
    (@or , $default:expr) => { $default };
    (@or $value:expr, $default:expr) => { $value };
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $ty:ident {
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident
            $(, scope: $scope:ident)?
            $(, tags: [$($tag:ident),* $(,)?])?
            $(, fixable: $fixable:literal)?
            $(, reads_beyond_section: $beyond:literal)?
            $(,)?
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
                    scope: $crate::declare_rule!(@or $($crate::Scope::$scope)?, $crate::Scope::Code),
                    tags: &[$($($crate::Tag::$tag),*)?],
                    fixable: $crate::declare_rule!(@or $($fixable)?, false),
                    reads_beyond_section: $crate::declare_rule!(@or $($beyond)?, false),
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
