use connlint_syntax::{Kinds, Node};

use connlint_diagnostics::Applicability;

use crate::rules::helpers::rename_key;
use crate::schema::FieldKind;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports action, trigger and object-definition fields with `type: 'password'`.
    /// (Connection fields are covered by `unmasked-credential-field`.)
    ///
    /// ## Why is this bad?
    /// `password` is not a data type; it is a control type. With `type: 'password'` the
    /// input is shown in clear text and the datapill has an unknown type.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { login: { input_fields: ->(_od) { [{ name: 'passcode', label: 'Passcode', type: 'password' }] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { login: { input_fields: ->(_od) { [{ name: 'passcode', label: 'Passcode', control_type: 'password' }] } } }
    /// }
    /// ```
    pub struct PasswordTypeInsteadOfControlType {
        name: "password-type-instead-of-control-type",
        category: Correctness,
        severity: Warning,
        fixable: true,
    }
}

impl Rule for PasswordTypeInsteadOfControlType {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((kind, field)) = ctx.schema_field_at(node) else {
            return;
        };
        if kind == FieldKind::Connection {
            return;
        }
        let src = ctx.text();
        if let Some(ty) = field.literal("type", src).filter(|t| t.text == "password") {
            let name = field.literal("name", src).map_or("", |l| l.text);
            let edits = field
                .get("type")
                .and_then(|e| rename_key(e.pair, src, "control_type"))
                .into_iter()
                .collect();
            ctx.report(ty.range, format!("field `{name}` uses `type: 'password'`"))
                .help("write `control_type: 'password'` (and `type: 'string'` if a type is needed)")
                .fix(
                    Applicability::Safe,
                    "write `control_type: 'password'`",
                    edits,
                );
        }
    }
}
