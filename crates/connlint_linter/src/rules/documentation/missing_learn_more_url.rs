use connlint_syntax::kinds;

use crate::rules::helpers::{resulting_hash, resulting_value};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports help hashes (including those a help lambda returns) without a
    /// `learn_more_url`, or with an empty or non-https one, and help written as text
    /// (a string, or a lambda returning one) with no link in it. A `deprecated: true`
    /// operation is left out: it is hidden from new recipes.
    ///
    /// ## Why is this bad?
    /// The link under an action's help is how users reach the app's API documentation;
    /// reviewers ask for it. Plain `http://` links are blocked or warned about by
    /// browsers.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     get_user: { help: { body: 'Gets one user.' }, execute: ->(_c, i) { get("users/#{i['id']}") } }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     get_user: {
    ///       help: { body: 'Gets one user.', learn_more_url: 'https://docs.acme.example/users', learn_more_text: 'Users API' },
    ///       execute: ->(_c, i) { get("users/#{i['id']}") }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MissingLearnMoreUrl {
        name: "missing-learn-more-url",
        category: Documentation,
        severity: Info,
    }
}

impl Rule for MissingLearnMoreUrl {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        let src = ctx.text();
        let helps = connector
            .operations()
            .filter_map(|(kind, op)| {
                let hash = op.hash.as_ref()?;
                // A deprecated operation is hidden from new recipes: its docs are done.
                let deprecated = hash.get("deprecated").and_then(|d| d.value).is_some_and(|v| v.kind_id() == kinds().true_);
                Some((format!("{kind} `{}`", op.name()), hash.get("help")?.value?)).filter(|_| !deprecated)
            })
            .chain(
                connector
                    .hash
                    .get("custom_action_help")
                    .and_then(|e| e.value)
                    .map(|v| ("`custom_action_help`".to_owned(), v)),
            );
        for (owner, value) in helps {
            let Some(help) = resulting_hash(value, src) else {
                // Plain text (a heredoc's text is elsewhere in the tree: left out).
                let text = resulting_value(value, src);
                // Empty help is `missing-help`'s.
                let said = &src[text.byte_range()];
                let empty = said.trim_matches(['\'', '"', ' ']).is_empty();
                if text.kind_id() == kinds().string && !empty && !said.contains("http") {
                    // Its text is underlined, as `missing-help` underlines it.
                    let range = connlint_syntax::string_literal(text, src)
                        .map_or_else(|| text.byte_range().into(), |l| l.range);
                    ctx.report(range, format!("help of {owner} is text with no link to documentation"))
                        .help("write it as a hash to link the API documentation: `help: { body: '…', learn_more_url: 'https://…', learn_more_text: '…' }`");
                }
                continue;
            };
            match help.get("learn_more_url") {
                None => {
                    ctx.report_node(help.node, format!("help of {owner} has no `learn_more_url`"))
                        .help("link the API documentation of this operation: `learn_more_url: 'https://…'`");
                }
                Some(url) => {
                    let Some(lit) = url.literal(src) else {
                        continue;
                    };
                    if !lit.text.trim().starts_with("https://") {
                        let what = if lit.text.trim().is_empty() {
                            "is empty"
                        } else {
                            "is not an https URL"
                        };
                        ctx.report(lit.range, format!("`learn_more_url` of {owner} {what}"))
                            .help("use a full `https://` link to the documentation");
                    }
                }
            }
        }
    }
}
