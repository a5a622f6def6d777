use crate::rules::helpers::report_items_lacking;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports polling triggers (with `poll`) that have no `dedup` lambda. A
    /// `type: :paging_desc` trigger with `document_id` is deduplicated by the trigger
    /// framework by that id (Workato's connector docs, "Descending Trigger"), so it needs
    /// no `dedup`.
    ///
    /// ## Why is this bad?
    /// Polls overlap; `dedup` gives each event an identity so a record seen by two polls
    /// starts one job, not two. Without it recipes process the same record repeatedly.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: { new_ticket: { poll: ->(_c, _i, since) { { events: get('tickets') } } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   triggers: {
    ///     new_ticket: { poll: ->(_c, _i, since) { { events: get('tickets') } }, dedup: ->(ticket) { "#{ticket['id']}@#{ticket['updated_at']}" } }
    ///   }
    /// }
    /// ```
    pub struct MissingDedup {
        name: "missing-dedup",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for MissingDedup {
    fn check_file(&self, ctx: &mut Context) {
        let triggers = ctx.connector.and_then(|c| c.triggers.as_ref());
        report_items_lacking(
            ctx,
            triggers,
            |h| h.has("poll") && h.lacks("dedup") && h.lacks("document_id"),
            |name| format!("polling trigger `{name}` has no `dedup`"),
            "add `dedup: ->(record) { \"#{record['id']}@#{record['updated_at']}\" }`",
        );
    }
}
