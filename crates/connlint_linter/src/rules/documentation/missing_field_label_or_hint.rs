use connlint_syntax::{Kinds, Node};

use crate::schema::FieldKind;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports input and config fields of actions and triggers that have neither a
    /// `label` nor a `hint`.
    ///
    /// ## Why is this bad?
    /// Without them users see only the API's field name and have no guidance on the
    /// expected format. Workato's review asks for labels and hints on inputs.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     create_user: { input_fields: ->(_od) { [{ name: 'dob', type: 'date' }] } }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     create_user: { input_fields: ->(_od) { [{ name: 'dob', type: 'date', label: 'Date of birth' }] } }
    ///   }
    /// }
    /// ```
    pub struct MissingFieldLabelOrHint {
        name: "missing-field-label-or-hint",
        category: Documentation,
        severity: Info,
    }
}

impl Rule for MissingFieldLabelOrHint {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((FieldKind::Input, field)) = ctx.schema_field_at(node) else {
            return;
        };
        if field.has("label") || field.has("hint") {
            return;
        }
        let name = field.get("name").expect("schema fields have a name");
        let literal = field.literal("name", ctx.text());
        let shown = literal.as_ref().map_or("", |l| l.text);
        // A literal name is underlined by its text, as the other field rules do.
        let range = literal.map_or_else(
            || name.value.unwrap_or(name.key).byte_range().into(),
            |l| l.range,
        );
        ctx.report(range, format!("input field `{shown}` has no `label` or `hint`"))
        .help("add a `label` users understand, and a `hint` on the expected value");
    }
}
