use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports actions and triggers without `help` in any of its forms: a string, a hash
    /// with `body`/`learn_more_url`/`learn_more_text`, or a lambda returning either; and
    /// help that says nothing: empty, the app's or the action's title again, or under three
    /// words (`help: 'Mavenlink'`).
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

/// Fewer words than this is a name, not help.
const MIN_WORDS: usize = 3;

impl Rule for MissingHelp {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        let src = ctx.text();
        let app = connector.title().and_then(|t| t.literal(src)).map(|l| l.text);
        for (kind, op) in connector.operations() {
            let Some(hash) = op.hash.as_ref() else {
                continue;
            };
            let Some(help) = hash.get("help") else {
                if !hash.lacks("help") {
                    continue;
                }
                ctx.report_node(
                    op.entry.key,
                    format!("{kind} `{}` has no `help`", op.name()),
                )
                .help(
                    "add `help: { body: '…', learn_more_url: 'https://…', learn_more_text: '…' }`",
                );
                continue;
            };
            // `help: 'Mavenlink'`: a help that only names the app or the action.
            let text = help.literal(src).or_else(|| {
                help.hash(src).and_then(|h| h.literal("body", src))
            });
            let Some(text) = text else {
                continue;
            };
            let said = text.text.trim();
            let title = hash.literal("title", src).map(|l| l.text.trim());
            let words = said.split_whitespace().count();
            let repeats = [title, app]
                .into_iter()
                .flatten()
                .any(|t| t.eq_ignore_ascii_case(said));
            if said.is_empty() {
                // The quotes, since the text between them has no width.
                let quoted = help.value.filter(|v| v.kind_id() == connlint_syntax::kinds().string);
                let at = quoted.map_or(text.range, |v| connlint_syntax::TextRange::new(v.start_byte(), v.end_byte()));
                ctx.report(at, format!("`help` of {kind} `{}` is empty", op.name()))
                    .help("say what the action does, what it needs and what it returns, and link to the API docs");
            } else if repeats || words < MIN_WORDS {
                ctx.report(
                    text.range,
                    format!("`help` of {kind} `{}` says nothing its name does not (`{said}`)", op.name()),
                )
                .help("say what the action does, what it needs and what it returns, and link to the API docs");
            }
        }
    }
}
