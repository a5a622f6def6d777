use connlint_syntax::{Kinds, Node};

use crate::rules::helpers::field_lacking;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports fields with `type: 'object'` and no `properties`, except free-form maps:
    /// conventional names (`metadata`, `headers`, `attributes`, `custom_fields` …),
    /// `additionalProperties` or `control_type: 'key_value'`.
    ///
    /// ## Why is this bad?
    /// An object without properties shows as one opaque datapill: users cannot map its
    /// parts, and as input it cannot be filled in.
    ///
    /// ## Why info by default
    /// Many objects are free-form on purpose: a record whose shape depends on the user's
    /// data, an API's `metadata` or `entities` map. On public connectors about a quarter
    /// of the findings had properties to declare (review in `benches/README.md`), so the
    /// rule is a prompt to check, not a warning.
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
        severity: Info,
    }
}

/// Field names that hold free-form maps by convention.
const FREE_FORM: &[&str] = &[
    "metadata",
    "meta",
    "headers",
    "attributes",
    "custom_fields",
    "custom_attributes",
    "properties",
    "params",
    "parameters",
    "variables",
    "context",
    "data",
    "payload",
    "extra",
    "tags",
    "labels",
    "settings",
    "options",
];

impl Rule for ObjectWithoutProperties {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((name, at, field)) = field_lacking(node, ctx, "type", "object", "properties")
        else {
            return;
        };
        // Free-form maps have no fixed properties.
        let src = ctx.text();
        let free_form = FREE_FORM.contains(&name.to_ascii_lowercase().as_str())
            || field.has("additionalProperties")
            || field
                .literal("control_type", src)
                .is_some_and(|c| c.text == "key_value");
        if free_form {
            return;
        }
        ctx.report(at, format!("object field `{name}` has no `properties`"))
            .help("list its properties: `properties: [{ name: '…' }]`");
    }
}
