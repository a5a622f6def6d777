use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports actions without an `execute` lambda.
    ///
    /// ## Why is this bad?
    /// `execute` is what an action does; without it the action fails every time a
    /// recipe runs it.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { create_ticket: { title: 'Create ticket', input_fields: ->(_od) { [] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     create_ticket: { title: 'Create ticket', input_fields: ->(_od) { [] }, execute: ->(_c, input) { post('tickets', input) } }
    ///   }
    /// }
    /// ```
    pub struct MissingExecute {
        name: "missing-execute",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for MissingExecute {
    fn check_file(&self, ctx: &mut Context) {
        let Some(actions) = ctx.connector.and_then(|c| c.actions.as_ref()) else {
            return;
        };
        for op in &actions.items {
            if op.hash.as_ref().is_some_and(|h| !h.has("execute")) {
                ctx.report_node(
                    op.entry.key,
                    format!("action `{}` has no `execute`", op.name()),
                )
                .help("add `execute: lambda do |connection, input| … end`");
            }
        }
    }
}
