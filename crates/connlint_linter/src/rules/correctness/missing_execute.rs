use crate::rules::helpers::report_items_lacking;
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
        let actions = ctx.connector.and_then(|c| c.actions.as_ref());
        report_items_lacking(
            ctx,
            actions,
            |h| h.lacks("execute"),
            |name| format!("action `{name}` has no `execute`"),
            "add `execute: lambda do |connection, input| … end`",
        );
    }
}
