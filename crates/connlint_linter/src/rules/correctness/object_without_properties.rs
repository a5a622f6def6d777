use connlint_syntax::{Kinds, Node};

use crate::rules::helpers::schema_field;
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
        let Some((_, field)) = schema_field(node, ctx) else {
            return;
        };
        let src = ctx.text();
        let Some(ty) = field.literal("type", src).filter(|t| t.text == "object") else {
            return;
        };
        if !field.has("properties") {
            let name = field.literal("name", src).map_or("", |l| l.text);
            ctx.report(
                ty.range,
                format!("object field `{name}` has no `properties`"),
            )
            .help("list its properties: `properties: [{ name: '…' }]`");
        }
    }
}
