use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a dynamic webhook trigger — one with `webhook_subscribe` — that has no
    /// `webhook_unsubscribe`.
    ///
    /// ## Why is this bad?
    /// Workato calls `webhook_subscribe` when a recipe starts and `webhook_unsubscribe`
    /// when it stops. Without the second, every stop leaves a webhook registered in the
    /// app: it keeps sending events to a URL nobody listens to, and restarts pile up
    /// duplicates.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: {
    ///     new_event: {
    ///       webhook_subscribe: ->(url, _c, _i, _r) { post('hooks', url: url) },
    ///       webhook_notification: ->(_i, payload) { payload }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: {
    ///     new_event: {
    ///       webhook_subscribe: ->(url, _c, _i, _r) { post('hooks', url: url) },
    ///       webhook_unsubscribe: ->(hook) { delete("hooks/#{hook['id']}") },
    ///       webhook_notification: ->(_i, payload) { payload }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MissingWebhookUnsubscribe {
        name: "missing-webhook-unsubscribe",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for MissingWebhookUnsubscribe {
    fn check_file(&self, ctx: &mut Context) {
        let Some(triggers) = ctx.connector.and_then(|c| c.triggers.as_ref()) else {
            return;
        };
        for (op, hash) in triggers.hashes() {
            let Some(subscribe) = hash.get("webhook_subscribe") else {
                continue;
            };
            if hash.get("webhook_unsubscribe").is_some() {
                continue;
            }
            ctx.report_node(
                subscribe.key,
                format!(
                    "trigger `{}` subscribes a webhook but never unsubscribes it",
                    op.name()
                ),
            )
            .help("add `webhook_unsubscribe: ->(webhook) { delete(\"…/#{webhook['id']}\") }`, which gets what `webhook_subscribe` returned");
        }
    }
}
