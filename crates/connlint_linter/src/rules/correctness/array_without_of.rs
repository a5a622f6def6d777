use connlint_syntax::{Kinds, Node};

use crate::rules::helpers::field_lacking;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports fields with `type: 'array'` and neither `of` nor `properties` (with
    /// `properties` the SDK reads the items as objects).
    ///
    /// ## Why is this bad?
    /// `of` says what the array holds (`'string'`, `'integer'` …); without it, and
    /// without `properties`, the SDK cannot build datapills for the items.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { list: { output_fields: ->(_od) { [{ name: 'tags', type: 'array' }] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { list: { output_fields: ->(_od) { [{ name: 'tags', type: 'array', of: 'string' }] } } }
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
        // With `properties`, the SDK reads the items as objects: `of: 'object'` would
        // change nothing.
        if field.has("properties") {
            return;
        }
        ctx.report(at, format!("array field `{name}` has no `of`"))
            .help("say what the items are, e.g. `of: 'string'`");
    }
}
