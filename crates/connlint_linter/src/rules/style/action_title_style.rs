use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports action titles that do not start with a verb ("Ticket creation" rather
    /// than "Create ticket") or are written in Title Case ("Create New Ticket").
    ///
    /// ## Why is this bad?
    /// Workato's own connectors title actions verb first, in sentence case; users scan
    /// the action list by what an action does. Consistent titles read as one product.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { ticket_creation: { title: 'Ticket creation' } }
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

/// Verbs that start action titles in Workato connectors.
const VERBS: &[&str] = &[
    "add",
    "adjust",
    "apply",
    "approve",
    "authorize",
    "calculate",
    "capture",
    "charge",
    "commit",
    "configure",
    "connect",
    "decline",
    "deploy",
    "describe",
    "disconnect",
    "edit",
    "extract",
    "follow",
    "forward",
    "grant",
    "insert",
    "install",
    "issue",
    "join",
    "launch",
    "modify",
    "notify",
    "open",
    "pin",
    "preview",
    "process",
    "promote",
    "provision",
    "push",
    "put",
    "reassign",
    "record",
    "redact",
    "refresh",
    "renew",
    "reorder",
    "report",
    "reserve",
    "respond",
    "review",
    "route",
    "scan",
    "select",
    "ship",
    "split",
    "tag",
    "test",
    "track",
    "translate",
    "unfollow",
    "unpin",
    "upgrade",
    "watch",
    "archive",
    "assign",
    "attach",
    "batch",
    "bulk",
    "call",
    "cancel",
    "change",
    "check",
    "clone",
    "close",
    "complete",
    "convert",
    "copy",
    "count",
    "create",
    "deactivate",
    "activate",
    "delete",
    "disable",
    "download",
    "duplicate",
    "enable",
    "end",
    "enroll",
    "execute",
    "export",
    "fetch",
    "find",
    "generate",
    "get",
    "import",
    "invite",
    "invoke",
    "link",
    "list",
    "lock",
    "log",
    "look",
    "lookup",
    "mark",
    "merge",
    "move",
    "parse",
    "pause",
    "post",
    "publish",
    "purge",
    "query",
    "read",
    "refund",
    "register",
    "reject",
    "release",
    "remove",
    "rename",
    "reopen",
    "reply",
    "replace",
    "request",
    "reset",
    "resolve",
    "restore",
    "resume",
    "retrieve",
    "revoke",
    "run",
    "save",
    "schedule",
    "search",
    "send",
    "set",
    "share",
    "sign",
    "start",
    "stop",
    "submit",
    "subscribe",
    "suspend",
    "sync",
    "transfer",
    "trigger",
    "unarchive",
    "unassign",
    "unlink",
    "unlock",
    "unsubscribe",
    "update",
    "upload",
    "upsert",
    "validate",
    "verify",
    "void",
    "write",
];

impl Rule for ActionTitleStyle {
    fn check_file(&self, ctx: &mut Context) {
        let Some(actions) = ctx.connector.and_then(|c| c.actions.as_ref()) else {
            return;
        };
        let src = ctx.text();
        for op in &actions.items {
            let Some(title) = op.hash.as_ref().and_then(|h| h.literal("title", src)) else {
                continue;
            };
            let words: Vec<&str> = title.text.split_whitespace().collect();
            let Some(first) = words.first() else {
                continue;
            };
            if !VERBS.contains(&first.to_ascii_lowercase().as_str()) {
                ctx.report(title.range, format!("action title `{}` does not start with a verb", title.text))
                    .help("title actions by what they do, verb first: \"Create ticket\", \"Search users\"");
            } else if words.len() >= 3
                && words
                    .iter()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase()))
            {
                ctx.report(
                    title.range,
                    format!("action title `{}` is in Title Case", title.text),
                )
                .help("use sentence case: capitalise the first word and proper names only");
            }
        }
    }
}
