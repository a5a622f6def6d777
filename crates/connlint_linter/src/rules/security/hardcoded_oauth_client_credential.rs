use connlint_diagnostics::redact;
use connlint_syntax::{Kinds, Node};

use crate::secrets::{
    is_code_position, oauth_position, siblings, value_class, SiteKind, ValueClass,
};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports OAuth client IDs and secrets written as literals in the connector: in the
    /// `authorization` block (`client_id:`, `client_secret:`), in token requests
    /// (`.payload(client_id: '…', client_secret: '…', grant_type: …)` in `acquire` or
    /// `refresh`), and in the `authorization_url`/`token_url` query string. A literal id
    /// and secret in the same block are one finding that names both.
    ///
    /// ## Why is this bad?
    /// Everyone who installs an open-source connector can read its code, so a vendor's
    /// own OAuth app credentials leak to all of them. Workato's community library rejects
    /// such connectors. The id is often a plain word, so entropy-based scanners miss it:
    /// here the position is the signal.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     authorization: {
    ///       type: 'oauth2',
    ///       client_id: 'acme-connector',
    ///       client_secret: 'k3Yx9fQ2LmP0sT7vB8nW4cRz'
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     fields: [
    ///       { name: 'client_id', optional: false },
    ///       { name: 'client_secret', control_type: 'password', optional: false }
    ///     ],
    ///     authorization: {
    ///       type: 'oauth2',
    ///       client_id: ->(connection) { connection['client_id'] },
    ///       client_secret: ->(connection) { connection['client_secret'] }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct HardcodedOauthClientCredential {
        name: "hardcoded-oauth-client-credential",
        category: Security,
        severity: Error,
    }
}

const HELP: &str = "read OAuth credentials from connection fields (`connection['client_id']`, \
`connection['client_secret']`); add the fields to `connection.fields`, the secret with `control_type: 'password'`";

fn describe(kind: SiteKind) -> &'static str {
    if kind == SiteKind::ClientId {
        "client ID"
    } else {
        "client secret"
    }
}

impl Rule for HardcodedOauthClientCredential {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.pair, k.string]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let src = ctx.text();
        for site in ctx.sites(node).iter() {
            if !site.kind.is_oauth() {
                continue;
            }
            let candidate = || {
                format!(
                    "{} {} `{}`",
                    describe(site.kind),
                    site.label,
                    redact(site.value)
                )
            };
            if !is_code_position(site) {
                ctx.explain(site.range.start, candidate, || {
                    format!("dropped: in {}", site.surroundings.place.describe())
                });
                continue;
            }
            if value_class(site.value) != ValueClass::Candidate {
                ctx.explain(site.range.start, candidate, || {
                    "dropped: not a credential value (see placeholder-credential)".to_owned()
                });
                continue;
            }
            if !oauth_position(site, src) {
                ctx.explain(site.range.start, candidate, || {
                    "dropped: not in an authorization block, token request or OAuth URL".to_owned()
                });
                continue;
            }
            let partner = if node.kind_id() == connlint_syntax::kinds().pair {
                siblings(site, src, ctx.connector).into_iter().find(|s| {
                    s.kind.is_oauth()
                        && s.kind != site.kind
                        && value_class(s.value) == ValueClass::Candidate
                })
            } else {
                None
            };
            match (&partner, site.kind) {
                (Some(_), SiteKind::ClientId) => {
                    ctx.explain(site.range.start, candidate, || {
                        "reported with the client secret beside it".to_owned()
                    });
                }
                (Some(id), _) => {
                    let message = format!(
                        "hardcoded OAuth client ID and secret: {} `{}` and {} `{}`",
                        id.label,
                        redact(id.value),
                        site.label,
                        redact(site.value)
                    );
                    ctx.explain(site.range.start, candidate, || {
                        "reported (with its client ID)".to_owned()
                    });
                    ctx.report(site.range, message)
                        .label(id.range, "hardcoded client ID")
                        .secret(site.range)
                        .secret(id.range)
                        .help(HELP);
                }
                (None, kind) => {
                    let message = format!(
                        "hardcoded OAuth {} `{}` in {}",
                        describe(kind),
                        redact(site.value),
                        site.label
                    );
                    ctx.explain(site.range.start, candidate, || "reported".to_owned());
                    ctx.report(site.range, message)
                        .secret(site.range)
                        .help(HELP);
                }
            }
        }
    }
}
