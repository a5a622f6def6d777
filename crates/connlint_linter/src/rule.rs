use connlint_syntax::lex::Token;
use connlint_syntax::{Kinds, Node};

use crate::{Context, RuleInfo, RuleMeta};

/// A lint rule. Node rules name the node kinds they want and are called for each such
/// node during the one walk of the file; file rules run once, after the walk, with the
/// connector model.
pub trait Rule: RuleInfo + Send + Sync {
    /// Kind ids this rule's `check_node` wants; empty for file-only rules.
    fn kinds(&self, _kinds: &Kinds) -> Vec<u16> {
        Vec::new()
    }

    /// Called during the walk for each node of a kind from [`Rule::kinds`] as the walk
    /// enters it, except:
    /// - a `hash` is handed over as the walk leaves it, innermost first, once every pair
    ///   in it has been met: its schema-field view is ready then (see `hashes.rs`), and
    ///   there is no `pair_key` or earlier sibling;
    /// - a literal pair's key and value (`name: 'id'`) are handed over right after the
    ///   pair, with the pair's key already in `enclosing_keys` and no `pair_key`;
    /// - the children of a string that does not interpolate are never visited;
    /// - in the editor, nodes of a section replayed from its cache are not visited.
    fn check_node<'a>(&self, _node: Node<'a>, _ctx: &mut Context<'a>) {}

    /// Called once per Ruby file after the walk, in registry order: `references` is
    /// complete and the node rules' findings are in; the credential findings are merged
    /// only after every file rule ran (see `secrets::merge_ruby`).
    fn check_file(&self, _ctx: &mut Context) {}

    /// Whether the rule can tell from the source alone, without its tree, that a Ruby
    /// file gives it nothing: the tree-free scan parses a file only when a rule that
    /// cannot, or [`Rule::needs_tree`], asks.
    fn tree_free(&self) -> bool {
        false
    }

    /// For a `tree_free` rule: whether a token of the scan (see `tree_free.rs`) could
    /// give the rule a finding or an explanation that only the tree can judge. Asked
    /// for each token of the file in order.
    fn needs_tree(&self, _token: &Token, _settings: &crate::Settings) -> bool {
        true
    }

    /// For a `tree_free` rule, once every token passed: the offsets of the text where
    /// it needs the tree for what it finds in the bytes themselves (a detector's match).
    fn text_needs_tree(&self, _text: &str, _settings: &crate::Settings) -> Vec<usize> {
        Vec::new()
    }

    /// Text files beside the code (YAML, JSON, `.env`, Markdown): what the rule finds
    /// in one. Only the credential rules read them.
    fn check_text(&self, _ctx: &mut crate::TextContext) {}

    /// Project rules: called once per connector project (see `lint_project`).
    fn check_project(&self, _ctx: &mut crate::ProjectContext) {}

    /// A package JSON file (a recipe, a connection, a custom connector's listing),
    /// parsed once for all rules.
    fn check_package_file(&self, _ctx: &mut crate::PackageFileContext) {}

    /// Package rules: called once per package, with what each of its files says (see
    /// `lint_package`).
    fn check_package(&self, _ctx: &mut crate::PackageContext) {}
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
/// Optional properties follow, in this order: `scope: Project` or `Package` (default `Code`),
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
                    id: $crate::RuleId::$ty,
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

/// A doc example: the file name it is linted as, and its code.
pub type DocExample = (String, String);

/// The code blocks of a rule's docs, each with the file name it is linted as: the one
/// under `## Example` (must fire) and the one after `Use instead:` (must not). A
/// ```` ```ruby ```` block is `example.rb`; a ```` ```json NAME ```` block is the package
/// file `NAME` (`example.recipe.json` without one).
pub fn doc_examples(meta: &RuleMeta) -> (Option<DocExample>, Option<DocExample>) {
    let docs = docs_text(meta);
    let block_after = |marker: &str| -> Option<DocExample> {
        let rest = &docs[docs.find(marker)? + marker.len()..];
        let open = rest
            .find("```ruby\n")
            .into_iter()
            .chain(rest.find("```json"))
            .min()?;
        let info_end = open + rest[open..].find('\n')?;
        let mut info = rest[open + 3..info_end].split_whitespace();
        let file = match (info.next(), info.next()) {
            (Some("ruby"), _) => "example.rb".to_owned(),
            (_, Some(name)) => name.to_owned(),
            _ => "example.recipe.json".to_owned(),
        };
        let body = &rest[info_end + 1..];
        let len = body.find("```")?;
        Some((file, body[..len].to_owned()))
    };
    (block_after("## Example"), block_after("Use instead:"))
}
