use connlint_syntax::kinds;

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `custom_action: true` without `custom_action_help`.
    ///
    /// ## Why is this bad?
    /// The custom action lets users call any endpoint; the help tells them the base URL,
    /// the authentication it applies and where the API reference is. Without it users
    /// guess, and reviewers ask for it.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   custom_action: true
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   custom_action: true,
    ///   custom_action_help: {
    ///     body: 'Build your own Acme action with an HTTP request.',
    ///     learn_more_url: 'https://docs.acme.example/api',
    ///     learn_more_text: 'Acme API reference'
    ///   }
    /// }
    /// ```
    pub struct MissingCustomActionHelp {
        name: "missing-custom-action-help",
        category: Documentation,
        severity: Warning,
    }
}

impl Rule for MissingCustomActionHelp {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        let Some(entry) = connector.hash.get("custom_action") else {
            return;
        };
        if entry.value.is_some_and(|v| v.kind_id() == kinds().true_)
            && !connector.hash.has("custom_action_help")
        {
            ctx.report_node(
                entry.key,
                "`custom_action: true` without `custom_action_help`",
            )
            .help("add `custom_action_help: { body: '…', learn_more_url: 'https://…' }`");
        }
    }
}
