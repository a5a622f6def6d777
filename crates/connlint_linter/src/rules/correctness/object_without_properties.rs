use connlint_syntax::{Kinds, Node};

use crate::rules::helpers::field_lacking;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports fields with `type: 'object'` and no `properties`.
    ///
    /// ## Why is this bad?
    /// An object without properties shows as one opaque datapill: users cannot map its
    /// parts, and as input it cannot be filled in.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { get_user: { output_fields: ->(_od) { [{ name: 'address', type: 'object' }] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { get_user: { output_fields: ->(_od) { [{ name: 'address', type: 'object', properties: [{ name: 'city' }] }] } } }
    /// }
    /// ```
    pub struct ObjectWithoutProperties {
        name: "object-without-properties",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for ObjectWithoutProperties {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((name, at, _)) = field_lacking(node, ctx, "type", "object", "properties") else {
            return;
        };
        ctx.report(at, format!("object field `{name}` has no `properties`"))
            .help("list its properties: `properties: [{ name: '…' }]`");
    }
}
