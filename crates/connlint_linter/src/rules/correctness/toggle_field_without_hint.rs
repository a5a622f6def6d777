use connlint_syntax::{HashView, Kinds, Node};

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports schema fields with a `toggle_field` where the field or its toggle field
    /// lacks `toggle_hint`.
    ///
    /// ## Why is this bad?
    /// The SDK raises when it renders a toggle without hints: the hints are the labels
    /// of the two modes ("Select from list" / "Enter ID"), and the action fails to load.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     create: {
    ///       input_fields: ->(_od) {
    ///         [{ name: 'project', control_type: 'select', pick_list: 'projects',
    ///            toggle_field: { name: 'project', type: 'string', control_type: 'text' } }]
    ///       }
    ///     }
    ///   },
    ///   pick_lists: { projects: ->(_c) { [] } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     create: {
    ///       input_fields: ->(_od) {
    ///         [{ name: 'project', control_type: 'select', pick_list: 'projects', toggle_hint: 'Select from list',
    ///            toggle_field: { name: 'project', type: 'string', control_type: 'text', toggle_hint: 'Enter project ID' } }]
    ///       }
    ///     }
    ///   },
    ///   pick_lists: { projects: ->(_c) { [] } }
    /// }
    /// ```
    pub struct ToggleFieldWithoutHint {
        name: "toggle-field-without-hint",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for ToggleFieldWithoutHint {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((_, field)) = ctx.schema_field_at(node) else {
            return;
        };
        let Some(toggle) = field.get("toggle_field") else {
            return;
        };
        let name = field.literal("name", ctx.text()).map_or("", |l| l.text);
        if !field.has("toggle_hint") {
            ctx.report_node(
                toggle.key,
                format!("field `{name}` has a `toggle_field` but no `toggle_hint`"),
            )
            .help("add `toggle_hint: 'Select from list'` to the field");
        }
        if let Some(inner) = toggle.value.and_then(|v| HashView::new(v, ctx.text())) {
            if !inner.has("toggle_hint") {
                ctx.report_node(
                    inner.node,
                    format!("the `toggle_field` of `{name}` has no `toggle_hint`"),
                )
                .help("add `toggle_hint: 'Enter ID'` to the toggle field");
            }
        }
    }
}
