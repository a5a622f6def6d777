use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports actions and triggers without a `description` (a string or a lambda).
    ///
    /// ## Why is this bad?
    /// The description is the line users read in the recipe editor to tell one action
    /// from another; Workato's review asks for one on every action and trigger.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     create_ticket: { title: 'Create ticket', execute: ->(_c, input) { post('tickets', input) } }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     create_ticket: {
    ///       title: 'Create ticket',
    ///       description: "Create <span class='provider'>ticket</span> in <span class='provider'>Acme</span>",
    ///       execute: ->(_c, input) { post('tickets', input) }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MissingDescription {
        name: "missing-description",
        category: Documentation,
        severity: Warning,
    }
}

impl Rule for MissingDescription {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        for (kind, op) in connector.operations() {
            if op.hash.as_ref().is_some_and(|h| h.lacks("description")) {
                ctx.report_node(op.entry.key, format!("{kind} `{}` has no `description`", op.name()))
                    .help("add `description: \"Verb <span class='provider'>object</span> in <span class='provider'>App</span>\"`");
            }
        }
    }
}
