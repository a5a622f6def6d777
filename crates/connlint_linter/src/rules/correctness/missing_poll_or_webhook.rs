use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports triggers with neither `poll` nor `webhook_notification`.
    ///
    /// ## Why is this bad?
    /// A trigger needs one way to receive events: polling, or webhooks (static or
    /// dynamic, both delivered through `webhook_notification`). Without either it never
    /// fires.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: { new_ticket: { title: 'New ticket', dedup: ->(t) { t['id'] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: {
    ///     new_ticket: { title: 'New ticket', poll: ->(_c, _i, since) { { events: get('tickets') } }, dedup: ->(t) { t['id'] } }
    ///   }
    /// }
    /// ```
    pub struct MissingPollOrWebhook {
        name: "missing-poll-or-webhook",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for MissingPollOrWebhook {
    fn check_file(&self, ctx: &mut Context) {
        let Some(triggers) = ctx.connector.and_then(|c| c.triggers.as_ref()) else {
            return;
        };
        for op in &triggers.items {
            if op
                .hash
                .as_ref()
                .is_some_and(|h| !h.has("poll") && !h.has("webhook_notification"))
            {
                ctx.report_node(op.entry.key, format!("trigger `{}` has neither `poll` nor `webhook_notification`", op.name()))
                    .help("add `poll:` for a polling trigger, or `webhook_notification:` for a webhook trigger");
            }
        }
    }
}
