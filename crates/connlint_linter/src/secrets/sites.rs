//! Credential positions in connector code: the places where a literal is a leak because
//! of where it is, whatever it looks like. Shared by the OAuth, credential and
//! placeholder rules so all three agree on what a position is.

use std::sync::OnceLock;

use connlint_syntax::{
    call_argument_literal, call_method, key_name, kinds, string_literal, Connector, HashView,
    Lambda, Node, TextRange,
};
use regex::bytes::{Regex, RegexBuilder};

use super::assess::normalized;
use super::position::{surroundings_of, Place, Surroundings};
use super::ruby::is_credential_header;
use super::values::is_secret_name;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    ClientId,
    ClientSecret,
    /// A secret-named key: `api_key: '…'`, `'X-Api-Key' => '…'`.
    SecretKey,
    /// `password('…')` in basic auth.
    Password,
    /// `user('…')` in basic auth; a credential only when it looks like a key.
    User,
    /// `default:` of a secret-named field.
    FieldDefault,
    /// `?api_key=…` in a URL string.
    UrlParam,
}

impl SiteKind {
    pub fn is_oauth(self) -> bool {
        matches!(self, SiteKind::ClientId | SiteKind::ClientSecret)
    }
}

#[derive(Clone, Debug)]
pub struct Site<'t> {
    pub kind: SiteKind,
    /// How the finding names the position: "`client_secret`", "`password(…)`".
    pub label: String,
    /// The credential text: the literal, without an auth scheme such as `Bearer `.
    pub value: &'t str,
    pub range: TextRange,
    /// The pair or call that holds it.
    pub node: Node<'t>,
    /// Inside the connector's `connection:` (fields, authorization, base_uri …).
    pub in_connection: bool,
    /// Inside `connection.authorization` (any auth type, multi-auth options included).
    pub in_authorization: bool,
    pub surroundings: Surroundings,
}

fn contains(outer: Option<Node>, inner: Node) -> bool {
    outer.is_some_and(|o| o.start_byte() <= inner.start_byte() && inner.end_byte() <= o.end_byte())
}

/// The literal a value holds: a string, or a lambda whose whole body is one string.
fn literal_value<'t>(value: Node<'t>, src: &'t str) -> Option<(Node<'t>, &'t str, TextRange)> {
    if value.kind_id() == kinds().string {
        let lit = string_literal(value, src)?;
        return Some((value, lit.text, lit.range));
    }
    let body = Lambda::new(value, src)?.body?;
    if body.named_child_count() != 1 {
        return None;
    }
    let only = body.named_child(0)?;
    literal_value(only, src).filter(|(n, _, _)| n.kind_id() == kinds().string)
}

/// `Bearer abc` → `abc`; `Token token=abc` → `abc`; `abc` → `abc`.
fn strip_auth_scheme(value: &str, range: TextRange) -> (&str, TextRange) {
    let Some((scheme, rest)) = value.split_once(' ') else {
        return (value, range);
    };
    if !scheme.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        return (value, range);
    }
    let rest_trimmed = rest.trim_start();
    let rest_trimmed = rest_trimmed.strip_prefix("token=").unwrap_or(rest_trimmed);
    let start = range.start + (value.len() - rest_trimmed.len());
    (rest_trimmed, TextRange::new(start, range.end))
}

fn url_param_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        RegexBuilder::new(
            r"[?&](client_id|client_secret|api_key|apikey|access_token|token|password)=([^&#\s]+)",
        )
        .case_insensitive(true)
        .unicode(false)
        .build()
        .expect("valid")
    })
}

/// Whether `key` holds (case-insensitively) one of the fragments every credential key
/// holds: `client`, `secret`, `token`, `key`, `pass`, `pwd`, `auth`, `credential`,
/// `default`. Checked before any allocation, once per pair, by the first byte of each
/// fragment: most pairs are `name:`, `label:`, `type:` and are rejected here.
fn might_hold_credential(key: &str) -> bool {
    let bytes = key.as_bytes();
    (0..bytes.len()).any(|i| {
        let rest = &bytes[i..];
        let starts = |f: &[u8]| rest.len() >= f.len() && rest[..f.len()].eq_ignore_ascii_case(f);
        match bytes[i].to_ascii_lowercase() {
            b'c' => starts(b"client") || starts(b"credential"),
            b's' => starts(b"secret"),
            b't' => starts(b"token"),
            b'k' => starts(b"key"),
            b'p' => starts(b"pass") || starts(b"pwd"),
            b'a' => starts(b"auth"),
            b'd' => starts(b"default"),
            _ => false,
        }
    })
}

/// For the tree-free scan: whether `literal` may be a site's value — under a name a
/// site's pair key, call or index key has (`sites_at`'s tests), or holding a credential
/// parameter of a URL.
pub(crate) fn may_be_site(literal: &connlint_syntax::lex::Literal) -> bool {
    let site_name = |k: &str| {
        might_hold_credential(k)
            || matches!(k, "password" | "user" | "basic_auth")
            || is_secret_name(k)
            || is_credential_header(k)
    };
    literal.keys().any(site_name)
        || literal
            .segments
            .iter()
            .any(|s| s.contains('=') && url_param_regex().is_match(s.as_bytes()))
}

/// The credential sites `node` holds: pairs, calls and URL strings; empty for every
/// other node, at the cost of a kind-id compare. `pair_key` is the pair's key, which
/// the walk has read already.
pub fn sites_at<'t>(
    node: Node<'t>,
    src: &'t str,
    connector: Option<&Connector<'t>>,
    pair_key: Option<&'t str>,
) -> Vec<Site<'t>> {
    let k = kinds();
    let id = node.kind_id();
    if id == k.pair && !pair_key.is_some_and(might_hold_credential) {
        return Vec::new();
    }
    let connection = connector
        .and_then(|c| c.connection.as_ref())
        .and_then(|c| c.entry.value);
    let authorization = connector
        .and_then(|c| c.authorization())
        .map(|a| a.hash.node);
    let site = |kind, label: String, value: &'t str, range: TextRange, holder: Node<'t>| Site {
        kind,
        label,
        value,
        range,
        node: holder,
        in_connection: contains(connection, holder),
        in_authorization: contains(authorization, holder),
        surroundings: surroundings_of(holder, src),
    };
    if id == k.pair {
        let Some(key) = pair_key else {
            return Vec::new();
        };
        let norm = normalized(key);
        let kind = match norm.as_str() {
            "clientid" => SiteKind::ClientId,
            "clientsecret" => SiteKind::ClientSecret,
            "default" if parent_field_is_secret(node, src) => SiteKind::FieldDefault,
            _ if is_secret_name(key) => SiteKind::SecretKey,
            _ if is_credential_header(key) && surroundings_of(node, src).in_headers => {
                SiteKind::SecretKey
            }
            _ => return Vec::new(),
        };
        let Some((_, text, range)) =
            connlint_syntax::pair_value(node).and_then(|v| literal_value(v, src))
        else {
            return Vec::new();
        };
        let (value, range) = if kind == SiteKind::SecretKey {
            strip_auth_scheme(text, range)
        } else {
            (text, range)
        };
        let label = if kind == SiteKind::FieldDefault {
            "default of a secret field".to_owned()
        } else {
            format!("`{key}`")
        };
        return vec![site(kind, label, value, range, node)];
    }
    if id == k.call {
        // `basic_auth(user, password)` (Net::HTTP, Faraday) holds the password second.
        let (kind, index) = match call_method(node, src) {
            Some("password") => (SiteKind::Password, 0),
            Some("user") => (SiteKind::User, 0),
            Some("basic_auth") => (SiteKind::Password, 1),
            _ => return Vec::new(),
        };
        let Some(lit) = call_argument_literal(node, src, index) else {
            return Vec::new();
        };
        if lit.kind != connlint_syntax::LiteralKind::String {
            return Vec::new();
        }
        let label = if kind == SiteKind::Password {
            "`password(…)`"
        } else {
            "`user(…)`"
        };
        return vec![site(kind, label.to_owned(), lit.text, lit.range, node)];
    }
    if id == k.assignment {
        // `request['Authorization'] = '…'`, `headers['X-Api-Key'] = '…'`.
        let (Some(left), Some(right)) = (
            node.child_by_field_id(connlint_syntax::kinds().field_left),
            node.child_by_field_id(connlint_syntax::kinds().field_right),
        ) else {
            return Vec::new();
        };
        let Some(key) = connlint_syntax::element_reference_key(left, src)
            .and_then(|(_, key)| string_literal(key, src))
        else {
            return Vec::new();
        };
        if !is_secret_name(key.text) && !is_credential_header(key.text) {
            return Vec::new();
        }
        let Some((_, text, range)) = literal_value(right, src) else {
            return Vec::new();
        };
        let (value, range) = strip_auth_scheme(text, range);
        return vec![site(
            SiteKind::SecretKey,
            format!("`{}`", key.text),
            value,
            range,
            node,
        )];
    }
    if id == k.string {
        if !src[node.byte_range()].contains('=') {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut cursor = node.walk();
        for part in node.named_children(&mut cursor) {
            if part.kind_id() != k.string_content {
                continue;
            }
            let text = &src[part.byte_range()];
            if !text.contains('=') {
                continue;
            }
            for caps in url_param_regex().captures_iter(text.as_bytes()) {
                let (Some(name), Some(value)) = (caps.get(1), caps.get(2)) else {
                    continue;
                };
                let name = &text[name.start()..name.end()];
                let kind = match name.to_ascii_lowercase().as_str() {
                    "client_id" => SiteKind::ClientId,
                    "client_secret" => SiteKind::ClientSecret,
                    _ => SiteKind::UrlParam,
                };
                let start = part.start_byte() + value.start();
                let range = TextRange::new(start, part.start_byte() + value.end());
                let label = format!("`{name}=` in a URL");
                out.push(site(kind, label, &src[range.start..range.end], range, node));
            }
        }
        return out;
    }
    Vec::new()
}

/// Where OAuth client credentials live: the authorization block, a token request (a
/// `grant_type:` beside the literal), or an OAuth URL.
pub fn oauth_position(site: &Site, src: &str) -> bool {
    if site.in_authorization || in_token_request(site, src) {
        return true;
    }
    let node = site.node;
    node.kind_id() == kinds().string
        && ["oauth", "authorize", "/token"]
            .iter()
            .any(|m| src[node.byte_range()].contains(m))
}

/// For `default:` pairs: whether the field hash they sit in has a secret-named `name`.
fn parent_field_is_secret(pair: Node, src: &str) -> bool {
    pair.parent()
        .and_then(|hash| HashView::new(hash, src))
        .and_then(|h| h.literal("name", src))
        .is_some_and(|name| is_secret_name(name.text))
}

/// The other sites in the same hash or argument list as `site` (for pairing an OAuth
/// client id with its secret, and for `grant_type` next to them).
pub fn siblings<'t>(
    site: &Site<'t>,
    src: &'t str,
    connector: Option<&Connector<'t>>,
) -> Vec<Site<'t>> {
    let Some(parent) = site.node.parent() else {
        return Vec::new();
    };
    let mut cursor = parent.walk();
    let pairs: Vec<Node<'t>> = parent
        .named_children(&mut cursor)
        .filter(|c| c.kind_id() == kinds().pair && c.id() != site.node.id())
        .collect();
    pairs
        .into_iter()
        .flat_map(|p| sites_at(p, src, connector, key_name(p, src)))
        .collect()
}

/// Whether the hash or argument list holding `site` also has a `grant_type:` key: then
/// it is a token request wherever it is.
pub fn in_token_request(site: &Site, src: &str) -> bool {
    let Some(parent) = site.node.parent() else {
        return false;
    };
    let mut cursor = parent.walk();
    let found = parent
        .named_children(&mut cursor)
        .any(|c| c.kind_id() == kinds().pair && key_name(c, src) == Some("grant_type"));
    found
}

/// Whether a site is in a position where a literal is reported at all: not in sample
/// output and not in documentation text.
pub fn is_code_position(site: &Site) -> bool {
    site.surroundings.place == Place::Code
}
