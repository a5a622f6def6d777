use connlint_diagnostics::{redact, Applicability};
use connlint_syntax::lex::Token;
use connlint_syntax::{Kinds, Node, TextRange};

use crate::rules::helpers::{add_connection_fields, enclosing_lambda};
use crate::secrets::{
    may_be_site,
    is_code_position, looks_fake, oauth_position, shape_of, siblings, value_class, Role, Shape,
    Site, SiteKind, ValueClass,
};
use crate::{declare_rule, Context, Rule, Settings};

declare_rule! {
    /// ## What it does
    /// Reports OAuth client IDs and secrets written as literals in the connector: in the
    /// `authorization` block (`client_id:`, `client_secret:`), in token requests
    /// (`.payload(client_id: '…', client_secret: '…', grant_type: …)` in `acquire` or
    /// `refresh`), and in the `authorization_url`/`token_url` query string. A literal id
    /// and secret in the same block are one finding that names both (the id is a related
    /// location: JSON `labels`, SARIF `relatedLocations`, LSP `relatedInformation`).
    /// Values the shared confidence model calls fake (placeholders, test words such as
    /// `'client-id'`, sequences) are left to `placeholder-credential`; in specs only
    /// random values count. OAuth values anywhere else (a literal bound to a variable
    /// that reaches a token request, a settings hash) are `hardcoded-credential`'s.
    /// The unsafe fix reads the value from a connection field it adds when missing, in a
    /// URL too (`"…?client_id=#{connection['client_id']}"`).
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
        tags: [Leak],
        fixable: true,
        reads_beyond_section: true,
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

const FIX_MESSAGE: &str = "read the credential from a connection field (add the field if missing)";

/// The connection field a literal of this kind moves to: name, label, hint.
fn field_of(kind: SiteKind) -> (&'static str, &'static str, &'static str) {
    if kind == SiteKind::ClientId {
        ("client_id", "Client ID", CLIENT_ID_HINT)
    } else {
        ("client_secret", "Client secret", CLIENT_SECRET_HINT)
    }
}

/// The parameter a lookup goes through: the lambda's first, renamed when it is named
/// as unused (`_connection`, `_`) and the body does not use it (the edit joins `edits`).
fn connection_param<'a>(
    lambda: &connlint_syntax::Lambda<'a>,
    src: &'a str,
    edits: &mut Vec<(TextRange, String)>,
) -> Option<&'a str> {
    let p = *lambda.params.first()?;
    let used = |name: &str| {
        lambda.body.is_some_and(|body| {
            let text = &src[body.byte_range()];
            text.match_indices(name).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after)
            })
        })
    };
    let stripped = match p.trim_start_matches('_') {
        "" => "connection",
        rest => rest,
    };
    if p.starts_with('_') && !used(p) && !used(stripped) && !lambda.params.contains(&stripped) {
        let at = p.as_ptr() as usize - src.as_ptr() as usize;
        edits.push((TextRange::new(at, at + p.len()), stripped.to_owned()));
        return Some(stripped);
    }
    Some(p)
}

/// The edits that replace a literal with a lookup of connection field `name`: through
/// the enclosing lambda's own parameter (see [`connection_param`]), or wrapped in a
/// lambda where the key held a plain string.
fn lookup_edits(site: &Site, src: &str, name: &str) -> Option<Vec<(TextRange, String)>> {
    let k = connlint_syntax::kinds();
    if site.node.kind_id() == k.string {
        return url_lookup_edits(site, src, name);
    }
    if site.node.kind_id() != k.pair {
        return None;
    }
    let value = site.node.child_by_field_id(k.field_value)?;
    let (literal, lambda) = if value.kind_id() == k.string {
        (value, enclosing_lambda(value, src))
    } else {
        let lambda = connlint_syntax::Lambda::new(value, src)?;
        let body = lambda.body?;
        let only = body
            .named_child(0)
            .filter(|n| n.kind_id() == k.string && body.named_child_count() == 1)?;
        (only, Some(lambda))
    };
    let quote = src[literal.byte_range()]
        .chars()
        .next()
        .filter(|c| *c == '"')
        .unwrap_or('\'');
    let mut edits = Vec::new();
    let replacement = match lambda.and_then(|l| connection_param(&l, src, &mut edits)) {
        Some(param) => format!("{param}[{quote}{name}{quote}]"),
        None => format!("lambda {{ |connection| connection[{quote}{name}{quote}] }}"),
    };
    edits.push((TextRange::from(literal.byte_range()), replacement));
    Some(edits)
}

/// `client_id=` in an OAuth URL: the value becomes an interpolated lookup
/// (`"…?client_id=#{connection['client_id']}&…"`), a single-quoted URL becomes
/// double-quoted, and a URL that is no lambda's is wrapped in one. `None` where the
/// quotes cannot change safely (`"`, `#` or `\` in a single-quoted URL, `%q`, heredocs).
fn url_lookup_edits(site: &Site, src: &str, name: &str) -> Option<Vec<(TextRange, String)>> {
    let string = site.node;
    let (start, end) = (string.start_byte(), string.end_byte());
    let text = &src[start..end];
    let content = text.get(1..text.len().checked_sub(1)?)?;
    let single = match (text.chars().next()?, text.chars().next_back()?) {
        ('"', '"') => false,
        ('\'', '\'') if !content.contains(['"', '#', '\\']) => true,
        _ => return None,
    };
    let lookup = |param: &str| format!("#{{{param}['{name}']}}");
    let lambda = enclosing_lambda(string, src).filter(|l| !l.params.is_empty());
    let mut edits = Vec::new();
    match lambda {
        Some(lambda) => {
            let param = connection_param(&lambda, src, &mut edits)?;
            if single {
                edits.push((TextRange::new(start, start + 1), "\"".to_owned()));
                edits.push((TextRange::new(end - 1, end), "\"".to_owned()));
            }
            edits.push((site.range, lookup(param)));
        }
        None if string.parent().is_some_and(|p| p.kind_id() == connlint_syntax::kinds().pair) => {
            let url = format!(
                "{}{}{}",
                &src[start + 1..site.range.start],
                lookup("connection"),
                &src[site.range.end..end - 1]
            );
            edits.push((
                TextRange::new(start, end),
                format!("lambda {{ |connection| \"{url}\" }}"),
            ));
        }
        None => return None,
    }
    Some(edits)
}

/// Edits for every literal of one finding, plus the connection fields they need.
fn fix_edits(ctx: &Context, sites: &[&Site]) -> Option<Vec<(TextRange, String)>> {
    let src = ctx.text();
    let mut edits = Vec::new();
    let mut fields = Vec::new();
    let mut sites = sites.to_vec();
    // Fields in the order users fill them in: the ID before the secret.
    sites.sort_by_key(|s| s.kind != SiteKind::ClientId);
    for site in sites {
        let (name, label, hint) = field_of(site.kind);
        edits.extend(lookup_edits(site, src, name)?);
        fields.push((name, label, hint, site.kind == SiteKind::ClientSecret));
    }
    // Two literals in one lambda rename its parameter once.
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    edits.dedup();
    edits.extend(add_connection_fields(ctx, &fields));
    Some(edits)
}

const CLIENT_ID_HINT: &str = "The client ID of the OAuth app you registered with the provider";
const CLIENT_SECRET_HINT: &str =
    "The client secret of the OAuth app you registered with the provider";

/// Whether a literal at an OAuth position can be a real client ID or secret, by the
/// shared model: not a placeholder, test words or a sequence, and random in a test.
fn credible(value: &str, role: Role) -> bool {
    value_class(value) == ValueClass::Candidate
        && !looks_fake(value)
        && (role != Role::Test || shape_of(value, None) == Shape::Random)
}

impl Rule for HardcodedOauthClientCredential {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.pair, k.string]
    }

    fn tree_free(&self) -> bool {
        true
    }

    fn needs_tree(&self, token: &Token, _settings: &Settings) -> bool {
        matches!(token, Token::Literal(literal) if may_be_site(literal))
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let src = ctx.text();
        for site in ctx.sites(node).iter() {
            if !site.kind.is_oauth() {
                continue;
            }
            let role = ctx.credential_facts().role;
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
            if !credible(site.value, role) {
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
                siblings(site, src, ctx.connector)
                    .into_iter()
                    .find(|s| s.kind.is_oauth() && s.kind != site.kind && credible(s.value, role))
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
                    let edits = fix_edits(ctx, &[site, id]);
                    let report = ctx
                        .report(site.range, message)
                        .label(id.range, "hardcoded client ID")
                        .secret(site.range)
                        .secret(id.range)
                        .help(HELP);
                    if let Some(edits) = edits {
                        report.fix(Applicability::Unsafe, FIX_MESSAGE, edits);
                    }
                }
                (None, kind) => {
                    let message = format!(
                        "hardcoded OAuth {} `{}` in {}",
                        describe(kind),
                        redact(site.value),
                        site.label
                    );
                    ctx.explain(site.range.start, candidate, || "reported".to_owned());
                    let edits = fix_edits(ctx, &[site]);
                    let report = ctx
                        .report(site.range, message)
                        .secret(site.range)
                        .help(HELP);
                    if let Some(edits) = edits {
                        report.fix(Applicability::Unsafe, FIX_MESSAGE, edits);
                    }
                }
            }
        }
    }
}
