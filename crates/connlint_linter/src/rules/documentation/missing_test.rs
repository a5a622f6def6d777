use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a connector that has a `connection` but no top-level `test` lambda.
    ///
    /// ## Why is this bad?
    /// Workato runs `test` when a user clicks "Connect" to check the credentials. Without
    /// it, a wrong key is only discovered when a recipe fails.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { fields: [{ name: 'api_key', control_type: 'password' }] }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { fields: [{ name: 'api_key', control_type: 'password' }] },
    ///   test: ->(_connection) { get('me') }
    /// }
    /// ```
    pub struct MissingTest {
        name: "missing-test",
        category: Documentation,
        severity: Warning,
    }
}

impl Rule for MissingTest {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        if let (Some(connection), None) = (&connector.connection, connector.test()) {
            ctx.report_node(
                connection.entry.key,
                "connector has a `connection` but no `test` lambda",
            )
            .help(
                "add `test: ->(connection) { get('me') }` calling a cheap authenticated endpoint",
            );
        }
    }
}
