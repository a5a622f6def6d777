use connlint_syntax::{Kinds, Node};

use crate::rules::helpers::suggest;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `control_type` values the SDK does not document, with the closest known
    /// one. The list is the documented one; if Workato adds a control type before
    /// connlint knows it, silence this rule for that line.
    ///
    /// ## Why is this bad?
    /// An unknown control type falls back to a plain text box: a misspelt `'multi-select'`
    /// or `'textarea'` gives users the wrong input with no error.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { note: { input_fields: ->(_od) { [{ name: 'body', label: 'Body', control_type: 'textarea' }] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { note: { input_fields: ->(_od) { [{ name: 'body', label: 'Body', control_type: 'text-area' }] } } }
    /// }
    /// ```
    pub struct UnknownControlType {
        name: "unknown-control-type",
        category: Correctness,
        severity: Warning,
    }
}

/// Control types of the Workato SDK schema reference, plus `timestamp` (listed in
/// Workato's connector docs) and `form-schema-builder` (Workato's standard
/// custom-action template).
const CONTROL_TYPES: &[&str] = &[
    "timestamp",
    "form-schema-builder",
    "text",
    "text-area",
    "plain-text",
    "plain-text-area",
    "number",
    "integer",
    "url",
    "select",
    "multiselect",
    "checkbox",
    "switch",
    "date",
    "date_time",
    "phone",
    "email",
    "subdomain",
    "static-list",
    "schema-designer",
    "key_value",
    "password",
    "tree",
];

impl Rule for UnknownControlType {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((_, field)) = ctx.schema_field_at(node) else {
            return;
        };
        let Some(control) = field.literal("control_type", ctx.text()) else {
            return;
        };
        if CONTROL_TYPES.contains(&control.text) {
            return;
        }
        let help = match suggest(control.text, CONTROL_TYPES.iter().copied()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("known control types: {}", CONTROL_TYPES.join(", ")),
        };
        ctx.report(
            control.range,
            format!("unknown control type `{}`", control.text),
        )
        .help(help);
    }
}
