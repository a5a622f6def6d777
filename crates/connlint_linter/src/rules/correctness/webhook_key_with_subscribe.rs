use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports triggers that set a static `webhook_key` and also
    /// `webhook_subscribe`/`webhook_unsubscribe`.
    ///
    /// ## Why is this bad?
    /// A static webhook trigger receives events on the connector-wide URL matched by
    /// `webhook_key`; a dynamic one subscribes its own URL per recipe. Mixing the two
    /// subscribes a URL that events never reach, or receives events twice.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: {
    ///     new_event: {
    ///       webhook_key: ->(_c, _i) { 'events' },
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
    pub struct WebhookKeyWithSubscribe {
        name: "webhook-key-with-subscribe",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for WebhookKeyWithSubscribe {
    fn check_file(&self, ctx: &mut Context) {
        let Some(triggers) = ctx.connector.and_then(|c| c.triggers.as_ref()) else {
            return;
        };
        for (op, hash) in triggers.hashes() {
            let Some(key) = hash.get("webhook_key") else {
                continue;
            };
            let Some(dynamic) = hash
                .get("webhook_subscribe")
                .or_else(|| hash.get("webhook_unsubscribe"))
            else {
                continue;
            };
            ctx.report_node(key.key, format!("trigger `{}` mixes a static `webhook_key` with `{}`", op.name(), dynamic.name))
                .label(dynamic.key.byte_range().into(), "dynamic webhook subscription")
                .help("keep `webhook_key` for a static webhook, or `webhook_subscribe`/`webhook_unsubscribe` for a dynamic one");
        }
    }
}
