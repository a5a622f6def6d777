use connlint_syntax::HashView;

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports connection fields (including multi-auth option fields) without a `hint`.
    ///
    /// ## Why is this bad?
    /// The connection page is the first thing users of a connector see; a hint says
    /// where to find the value (which settings page, which format).
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { fields: [{ name: 'subdomain', label: 'Subdomain' }] }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { fields: [{ name: 'subdomain', label: 'Subdomain', hint: 'acme for acme.example.com' }] }
    /// }
    /// ```
    pub struct MissingConnectionFieldHint {
        name: "missing-connection-field-hint",
        category: Documentation,
        severity: Info,
    }
}

impl Rule for MissingConnectionFieldHint {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connection) = ctx.connector.and_then(|c| c.connection.as_ref()) else {
            return;
        };
        let src = ctx.text();
        let fields: Vec<HashView> = connection.all_fields().cloned().collect();
        for field in fields {
            let Some(name) = field.literal("name", src) else {
                continue;
            };
            if !field.has("hint") {
                ctx.report(
                    name.range,
                    format!("connection field `{}` has no `hint`", name.text),
                )
                .help("say where users find this value, e.g. `hint: 'Settings → API → Keys'`");
            }
        }
    }
}
