use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `type: 'multi'` authorizations without a `selected` lambda or without
    /// `options`.
    ///
    /// ## Why is this bad?
    /// `selected` tells the SDK which option the user chose, and `options` holds them;
    /// without either the connection cannot authorize at all.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     authorization: { type: 'multi', options: { key: { type: 'api_key', apply: ->(c) { headers(k: c['k']) } } } }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     authorization: {
    ///       type: 'multi',
    ///       selected: ->(connection) { connection['auth_type'] },
    ///       options: { key: { type: 'api_key', apply: ->(c) { headers(k: c['k']) } } }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MultiAuthWithoutSelected {
        name: "multi-auth-without-selected",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for MultiAuthWithoutSelected {
    fn check_file(&self, ctx: &mut Context) {
        let Some(auth) = ctx.connector.and_then(|c| c.authorization()) else {
            return;
        };
        let Some(ty) = auth.auth_type.filter(|t| t.text == "multi") else {
            return;
        };
        for key in ["selected", "options"] {
            if !auth.hash.has(key) {
                ctx.report(ty.range, format!("multi-auth authorization has no `{key}`"))
                    .help(if key == "selected" {
                        "add `selected: ->(connection) { connection['auth_type'] }`"
                    } else {
                        "add `options: { name: { type: 'oauth2', … }, … }`"
                    });
            }
        }
    }
}
