use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports actions and triggers without `help` in any of its forms: a string, a hash
    /// with `body`/`learn_more_url`/`learn_more_text`, or a lambda returning either.
    ///
    /// ## Why is this bad?
    /// Help is where users learn what an action does, what it needs and where the API
    /// documentation is. Workato's review rejects undocumented actions and triggers.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: {
    ///     new_ticket: { title: 'New ticket', poll: ->(_c, _i, _s) { {} }, dedup: ->(t) { t['id'] } }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: {
    ///     new_ticket: {
    ///       title: 'New ticket',
    ///       help: { body: 'Triggers when a ticket is created.', learn_more_url: 'https://docs.acme.example/tickets' },
    ///       poll: ->(_c, _i, _s) { {} },
    ///       dedup: ->(t) { t['id'] }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MissingHelp {
        name: "missing-help",
        category: Documentation,
        severity: Warning,
    }
}

impl Rule for MissingHelp {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        for (kind, op) in connector.operations() {
            if op.hash.as_ref().is_some_and(|h| !h.has("help")) {
                ctx.report_node(
                    op.entry.key,
                    format!("{kind} `{}` has no `help`", op.name()),
                )
                .help(
                    "add `help: { body: '…', learn_more_url: 'https://…', learn_more_text: '…' }`",
                );
            }
        }
    }
}
