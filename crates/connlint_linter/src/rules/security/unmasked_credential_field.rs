use connlint_syntax::lex::Token;
use connlint_syntax::{HashView, TextRange};

use connlint_diagnostics::Applicability;

use crate::rules::helpers::{pair_like, rename_key};
use crate::secrets::is_secret_name;
use crate::{declare_rule, Context, Rule, Settings};

declare_rule! {
    /// ## What it does
    /// Reports connection fields whose name says they hold a credential (`password`,
    /// `api_key`, `client_secret`, `token` …) but that are not masked with
    /// `control_type: 'password'`, including fields that write `type: 'password'`
    /// where `control_type` was meant.
    ///
    /// ## Why is this bad?
    /// Unmasked fields show the credential in clear text on the connection page, to
    /// anyone looking at the screen or at a screenshot. `type: 'password'` does not mask.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     fields: [{ name: 'api_key', label: 'API key', optional: false }]
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     fields: [{ name: 'api_key', label: 'API key', control_type: 'password', optional: false }]
    ///   }
    /// }
    /// ```
    pub struct UnmaskedCredentialField {
        name: "unmasked-credential-field",
        category: Security,
        severity: Warning,
        fixable: true,
    }
}

fn check_field(field: &HashView, ctx: &mut Context) {
    let src = ctx.text();
    let Some(name) = field.literal("name", src) else {
        return;
    };
    if !is_secret_name(name.text) {
        return;
    }
    if field
        .literal("control_type", src)
        .is_some_and(|c| c.text == "password")
    {
        return;
    }
    // The name's text, as every rule that reports this literal underlines it.
    let range = name.range;
    let type_entry = field.get("type").filter(|_| {
        field
            .literal("type", src)
            .is_some_and(|t| t.text == "password")
    });
    let Some(name_entry) = field.get("name") else {
        return;
    };
    match type_entry {
        Some(type_entry) => {
            let edits = rename_key(type_entry.pair, src, "control_type")
                .into_iter()
                .collect();
            ctx.report(
                range,
                format!(
                    "credential field `{}` uses `type: 'password'`, which does not mask it",
                    name.text
                ),
            )
            .label(
                type_entry.pair.byte_range().into(),
                "write `control_type: 'password'` here",
            )
            .help("the SDK masks input only with `control_type: 'password'`")
            .fix(
                Applicability::Safe,
                "write `control_type: 'password'`",
                edits,
            );
        }
        None => {
            // An existing control type is replaced; otherwise one is added after `name:`.
            let edit = match field.get("control_type").and_then(|e| e.literal(src)) {
                Some(control) => (control.range, "password".to_owned()),
                None => {
                    let end = name_entry.pair.end_byte();
                    (
                        TextRange::new(end, end),
                        format!(
                            ", {}",
                            pair_like(name_entry.pair, src, "control_type", "password")
                        ),
                    )
                }
            };
            ctx.report(
                range,
                format!("credential field `{}` is not masked", name.text),
            )
            .help("add `control_type: 'password'` so the value is hidden on the connection page")
            .fix(
                Applicability::Safe,
                "mask the field with `control_type: 'password'`",
                vec![edit],
            );
        }
    }
}

impl Rule for UnmaskedCredentialField {
    fn tree_free(&self) -> bool {
        true
    }

    /// A finding needs a field whose `name:` is a secret's.
    fn needs_tree(&self, token: &Token, _settings: &Settings) -> bool {
        matches!(token, Token::Literal(literal)
            if literal.keys().any(|k| k == "name") && is_secret_name(literal.text))
    }

    fn check_file(&self, ctx: &mut Context) {
        let Some(connection) = ctx.connector.and_then(|c| c.connection.as_ref()) else {
            return;
        };
        let fields: Vec<HashView> = connection.all_fields().cloned().collect();
        for field in &fields {
            check_field(field, ctx);
        }
    }
}
