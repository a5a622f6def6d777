use crate::rules::helpers::report_items_lacking;
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
        let triggers = ctx.connector.and_then(|c| c.triggers.as_ref());
        report_items_lacking(
            ctx,
            triggers,
            |h| h.lacks("poll") && h.lacks("webhook_notification"),
            |name| format!("trigger `{name}` has neither `poll` nor `webhook_notification`"),
            "add `poll:` for a polling trigger, or `webhook_notification:` for a webhook trigger",
        );
    }
}
