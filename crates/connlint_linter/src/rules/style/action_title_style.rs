use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports action titles that do not start with a verb ("New ticket" rather than
    /// "Create ticket") or are written in Title Case ("Create New Ticket"). A verb is any
    /// English verb (WordNet's, plus API verbs such as `upsert`), so "Locate", "Prepare"
    /// or "Serialize" pass; a word that is both noun and verb passes too. Two capitalised
    /// words are Title Case ("Get File") unless the second is a name: a word of the app's
    /// title, an acronym (`URL`) or written with inner capitals (`GitHub`).
    ///
    /// ## Why is this bad?
    /// Workato's own connectors title actions verb first, in sentence case; users scan
    /// the action list by what an action does. Consistent titles read as one product.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { new_ticket: { title: 'New ticket' } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { create_ticket: { title: 'Create ticket' } }
    /// }
    /// ```
    pub struct ActionTitleStyle {
        name: "action-title-style",
        category: Style,
        severity: Info,
    }
}

const API_VERBS: &[&str] = &[
    "upsert",
    "unsubscribe",
    "unfollow",
    "unassign",
    "unarchive",
    "unpublish",
    "unshare",
    "unblock",
    "unlink",
    "reindex",
    "resync",
    "dedupe",
    "geocode",
    "unmerge",
];

fn is_verb(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    API_VERBS.contains(&lower.as_str()) || crate::lexicon::is_english_verb(&lower)
}

impl Rule for ActionTitleStyle {
    fn check_file(&self, ctx: &mut Context) {
        let Some(actions) = ctx.connector.and_then(|c| c.actions.as_ref()) else {
            return;
        };
        let src = ctx.text();
        let app = ctx
            .connector
            .and_then(|c| c.title())
            .and_then(|t| t.literal(src))
            .map_or(String::new(), |l| l.text.to_lowercase());
        for op in &actions.items {
            let Some(title) = op.hash.as_ref().and_then(|h| h.literal("title", src)) else {
                continue;
            };
            let words: Vec<&str> = title.text.split_whitespace().collect();
            let Some(first) = words.first() else {
                continue;
            };
            let capitalised = words
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()));
            // Two words are Title Case unless the second is a name: part of the app's
            // title, an acronym (`URL`) or inner capitals (`GitHub`).
            // A whole word of the title: `Task` is no name in a connector titled `Taskade`.
            let name = |w: &str| {
                app.split_whitespace().any(|a| a == w.to_lowercase())
                    || w.chars().skip(1).any(char::is_uppercase)
            };
            let title_case =
                capitalised && (words.len() >= 3 || words.len() == 2 && !name(words[1]));
            // Title Case is the reason to give when it is one: "Find New Records" starts
            // with a verb.
            if title_case {
                ctx.report(
                    title.range,
                    format!("action title `{}` is in Title Case", title.text),
                )
                .help("use sentence case: capitalise the first word and proper names only");
            } else if !first.split('/').all(is_verb) {
                ctx.report(title.range, format!("action title `{}` does not start with a verb", title.text))
                    .help("title actions by what they do, verb first: \"Create ticket\", \"Search users\"");
            }
        }
    }
}
