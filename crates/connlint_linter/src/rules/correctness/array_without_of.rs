use connlint_syntax::{Kinds, Node};

use crate::rules::helpers::field_lacking;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports fields with `type: 'array'` and no `of`.
    ///
    /// ## Why is this bad?
    /// `of` says what the array holds (`'object'` with `properties`, or `'string'` …);
    /// without it the SDK cannot build datapills for the items.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { list: { output_fields: ->(_od) { [{ name: 'users', type: 'array', properties: [{ name: 'id' }] }] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { list: { output_fields: ->(_od) { [{ name: 'users', type: 'array', of: 'object', properties: [{ name: 'id' }] }] } } }
    /// }
    /// ```
    pub struct ArrayWithoutOf {
        name: "array-without-of",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for ArrayWithoutOf {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((name, at, field)) = field_lacking(node, ctx, "type", "array", "of") else {
            return;
        };
        let of = if field.has("properties") {
            "'object'"
        } else {
            "'string'"
        };
        ctx.report(at, format!("array field `{name}` has no `of`"))
            .help(format!("say what the items are, e.g. `of: {of}`"));
    }
}
