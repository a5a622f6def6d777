use connlint_syntax::{string_contents, Node};

use connlint_diagnostics::Applicability;

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `http://` URLs in `base_uri`, `authorization_url` and `token_url`
    /// (loopback hosts excepted).
    ///
    /// ## Why is this bad?
    /// Every request of the connector, with its credentials and tokens, goes to these
    /// URLs; over plain HTTP anyone on the path can read them.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { base_uri: ->(_connection) { 'http://api.acme.example/v1/' } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { base_uri: ->(_connection) { 'https://api.acme.example/v1/' } }
    /// }
    /// ```
    pub struct InsecureUrl {
        name: "insecure-url",
        category: Correctness,
        severity: Warning,
        fixable: true,
    }
}

/// Hosts that resolve to this machine: `localhost` and `*.localhost` (RFC 6761),
/// 127.0.0.0/8, `[::1]`, and the public loopback aliases developers use (`lvh.me`,
/// `localtest.me` and their subdomains).
fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let named = |name: &str| host == name || host.ends_with(&format!(".{name}"));
    named("localhost")
        || named("lvh.me")
        || named("localtest.me")
        || host.starts_with("127.")
        || host == "[::1]"
}

/// Entries are a few lines each; their strings are found without touching the rest
/// of the tree.
fn report_http_strings(ctx: &mut Context, owner: &str, value: Node) {
    for node in string_contents(value) {
        let text = &ctx.text()[node.byte_range()];
        let Some(at) = text.find("http://") else {
            continue;
        };
        let rest = &text[at + "http://".len()..];
        let host = if rest.starts_with('[') {
            rest.split_inclusive(']').next().unwrap_or(rest)
        } else {
            rest.split(['/', ':', '?', '#']).next().unwrap_or(rest)
        };
        if is_loopback(host) {
            continue;
        }
        let start = node.start_byte() + at;
        let range = connlint_syntax::TextRange::new(start, start + "http://".len());
        ctx.report(range, format!("`{owner}` uses plain `http://`"))
            .help("use `https://`; credentials must not travel in clear text")
            .fix(
                Applicability::Unsafe,
                "use `https://` (check that the host serves it)",
                vec![(range, "https://".to_owned())],
            );
    }
}

impl Rule for InsecureUrl {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connection) = ctx.connector.and_then(|c| c.connection.as_ref()) else {
            return;
        };
        let mut targets = Vec::new();
        if let Some(v) = connection
            .hash
            .as_ref()
            .and_then(|h| h.get("base_uri"))
            .and_then(|e| e.value)
        {
            targets.push(("base_uri", v));
        }
        for auth in connection.authorization.iter().flat_map(|a| a.all()) {
            for key in ["authorization_url", "token_url"] {
                if let Some(v) = auth.hash.get(key).and_then(|e| e.value) {
                    targets.push((key, v));
                }
            }
        }
        for (owner, value) in targets {
            report_http_strings(ctx, owner, value);
        }
    }
}
