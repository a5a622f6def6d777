//! Credential candidates as Ruby sees them: every string literal (plain, `%q`, heredoc,
//! the literal parts of an interpolation) with the evidence of where it stands — the
//! name it is bound to (key, local, instance variable, constant, attribute, index,
//! keyword argument, `let`, stub, fallback), the call position that takes it (HMAC and
//! JWT keys, basic auth, TOTP seeds, cloud credentials) and, for literals bound to a
//! variable, the sinks that variable reaches later in the same lambda or method.

use connlint_syntax::{
    call_method, element_reference_key, key_name, kinds, literal_text, pair_value, string_literal,
    Node, TextRange,
};

use super::assess::{name_strength, Binding, Sink, Strength};

/// The ancestors of the nodes the walk is at, so that climbing costs no tree search:
/// `Node::parent` walks down from the root on every call.
#[derive(Clone, Copy)]
pub struct Up<'c, 't> {
    /// The walk's current path, root first.
    chain: &'c [Node<'t>],
    /// A node the walk handed over without stepping onto it (a literal pair's value),
    /// whose parent is the chain's last node.
    leaf: Option<Node<'t>>,
}

impl<'c, 't> Up<'c, 't> {
    pub fn new(chain: &'c [Node<'t>], leaf: Option<Node<'t>>) -> Self {
        Self { chain, leaf }
    }

    /// The parent of `node`: from the chain when `node` is on it, from the tree when not.
    pub fn of(&self, node: Node<'t>) -> Option<Node<'t>> {
        if self.leaf.is_some_and(|l| l.id() == node.id()) {
            return self.chain.last().copied();
        }
        match self.chain.iter().rposition(|n| n.id() == node.id()) {
            Some(0) => None,
            Some(i) => Some(self.chain[i - 1]),
            None => node.parent(),
        }
    }
}

/// What a position says about the value that stands there.
#[derive(Clone, Debug, Default)]
pub struct Position<'t> {
    pub name: Option<(&'t str, Binding)>,
    pub sink: Option<Sink>,
    /// A header position: `headers('X-Partner-Key' => …)`, `req['Authorization'] = …`.
    pub header: bool,
    pub in_request: bool,
    pub paired: bool,
    /// For a literal bound to a variable: the variable, for the data flow.
    pub bound: Option<Bound<'t>>,
    /// The node whose ancestors decide the DSL facts (connection, headers).
    pub anchor: Option<Node<'t>>,
}

/// A variable a literal is bound to.
#[derive(Clone, Copy, Debug)]
pub struct Bound<'t> {
    pub name: &'t str,
    /// Where a use of the variable can see the binding: the enclosing lambda, block or
    /// method for a local, the whole file for a constant or instance variable.
    pub scope: TextRange,
}

/// What a climb from a value to the position that uses it saw on the way.
#[derive(Clone, Copy, Debug, Default)]
struct Climb<'t> {
    /// An auth scheme before the value in a string or `+`: `"Bearer #{token}"`.
    scheme: bool,
    /// `user:#{password}` or `'user:pass'` fed to a Base64 encoder.
    basic_pair: bool,
    /// `?api_key=#{key}`: the query parameter's name.
    query_param: Option<&'t str>,
    /// The value's place in the first array around it: `basic_auth: ['u', '…']`.
    array_index: Option<usize>,
}

fn text<'t>(node: Node, src: &'t str) -> &'t str {
    src.get(node.byte_range()).unwrap_or("")
}

const SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "token",
    "token token=",
    "digest",
    "bot",
    "oauth",
];

fn ends_with_scheme(s: &str) -> bool {
    let lower = s.trim_end().to_ascii_lowercase();
    let lower = lower.trim_end_matches('=');
    SCHEMES.iter().any(|scheme| {
        let scheme = scheme.trim_end_matches('=');
        lower == scheme
            || lower.ends_with(&format!(" {scheme}"))
            || lower.ends_with(scheme) && lower.len() == scheme.len()
    }) || s.to_ascii_lowercase().trim_end().ends_with("token=")
}

/// `…?key=` or `…&access_token=`: the parameter name before the value.
fn query_param_before(s: &str) -> Option<&str> {
    let before = s.strip_suffix('=')?;
    let start = before.rfind(['?', '&'])? + 1;
    let name = &before[start..];
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
    .then_some(name)
}

/// Methods that pass their receiver's value through (possibly transformed).
const TRANSPARENT: &[&str] = &[
    "freeze",
    "strip",
    "chomp",
    "to_s",
    "to_str",
    "dup",
    "join",
    "encode_base64",
    "encode_urlsafe_base64",
    "decode_base64",
    "encode_hex",
    "decode_hex",
    "pack",
    "unpack1",
    "b",
    "force_encoding",
    "presence",
    "squish",
    "delete",
    "tr",
];

fn is_base64_encoder(call: Node, src: &str) -> bool {
    let Some(method) = call_method(call, src) else {
        return false;
    };
    matches!(
        method,
        "strict_encode64" | "encode64" | "urlsafe_encode64" | "encode_base64"
    )
}

/// Climbs from `node` through expressions that carry its value (string interpolation,
/// `+`, arrays, transparent calls, Base64 encoders, parentheses) to the node whose parent
/// uses it; returns that node, its parent and what the climb saw.
fn climb<'t>(
    mut node: Node<'t>,
    src: &'t str,
    up: &Up<'_, 't>,
) -> Option<(Node<'t>, Node<'t>, Climb<'t>)> {
    let k = kinds();
    let mut seen = Climb::default();
    for _ in 0..12 {
        let parent = up.of(node)?;
        let id = parent.kind_id();
        if id == k.interpolation {
            let string = up.of(parent)?;
            if let Some(before) = parent
                .prev_sibling()
                .filter(|s| s.kind_id() == k.string_content)
            {
                let before = text(before, src);
                seen.scheme |= ends_with_scheme(before);
                if let Some(param) = query_param_before(before) {
                    seen.query_param = Some(param);
                }
                if before.ends_with(':') && !before.contains(' ') && !before.contains('/') {
                    seen.basic_pair = true;
                }
            }
            node = string;
            continue;
        }
        if id == k.binary {
            let op = parent.child(1).map(|o| text(o, src));
            if op == Some("+") {
                if let Some(left) = parent.child(0).filter(|l| l.id() != node.id()) {
                    if left.kind_id() == k.string {
                        seen.scheme |=
                            ends_with_scheme(src[left.byte_range()].trim_matches(['\'', '"']));
                    }
                }
                node = parent;
                continue;
            }
            return Some((node, parent, seen));
        }
        // `"…" \` continued on the next line: one value in parts.
        if parent.kind() == "chained_string" {
            // Reported once, at its first part.
            if parent
                .named_child(0)
                .is_some_and(|first| first.id() != node.id())
            {
                return None;
            }
            node = parent;
            continue;
        }
        // `['oauth_token', '…']`, `%w[api_key …]`: the pair's name names its value.
        if (id == k.array || id == k.string_array) && pair_array_name(parent, node, src).is_some() {
            return Some((node, parent, seen));
        }
        if id == k.array || id == k.parenthesized_statements {
            if id == k.array && seen.array_index.is_none() {
                let mut cursor = parent.walk();
                seen.array_index = parent
                    .named_children(&mut cursor)
                    .filter(|c| c.kind_id() != k.comment)
                    .position(|c| c.id() == node.id());
            }
            if id == k.array {
                let mut cursor = parent.walk();
                seen.scheme |= parent
                    .named_children(&mut cursor)
                    .filter(|c| c.kind_id() == k.string && c.end_byte() <= node.start_byte())
                    .any(|c| literal_text(c, src).is_some_and(ends_with_scheme));
            }
            node = parent;
            continue;
        }
        if id == k.call {
            let receiver = parent.child_by_field_id(k.field_receiver);
            if receiver.is_some_and(|r| r.id() == node.id()) {
                let method = call_method(parent, src).unwrap_or("");
                if TRANSPARENT.contains(&method) {
                    if method == "encode_base64" && node.kind_id() == k.string {
                        seen.basic_pair |=
                            literal_text(node, src).is_some_and(looks_like_user_pass);
                    }
                    node = parent;
                    continue;
                }
            }
            return Some((node, parent, seen));
        }
        if id == k.argument_list {
            let call = up.of(parent)?;
            if is_base64_encoder(call, src) {
                if node.kind_id() == k.string {
                    seen.basic_pair |= literal_text(node, src).is_some_and(looks_like_user_pass);
                }
                node = call;
                continue;
            }
            return Some((node, parent, seen));
        }
        return Some((node, parent, seen));
    }
    None
}

/// For the second element of a two-element array whose first is a credential's name
/// (`['oauth_token', '…']`, `%w[api_key …]`: OAuth 1 parameters, `params << [k, v]`),
/// that name.
pub(crate) fn pair_array_name<'t>(array: Node<'t>, value: Node, src: &'t str) -> Option<&'t str> {
    let k = kinds();
    if array.named_child_count() != 2 || array.named_child(1)?.id() != value.id() {
        return None;
    }
    let first = array.named_child(0)?;
    let name = if first.kind_id() == k.simple_symbol {
        text(first, src).trim_start_matches(':')
    } else if first.kind_id() == k.bare_string {
        text(first, src)
    } else {
        string_literal(first, src)?.text
    };
    // A label (`['OAuth2 (Client Credentials Grant)', 'oauth2']` in a pick list) is no name.
    let identifier = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b));
    (identifier && name_strength(name) > Strength::None).then_some(name)
}

/// `user:password` (no spaces, one colon, not a URL or a time).
pub fn looks_like_user_pass(s: &str) -> bool {
    s.matches(':').count() == 1
        && !s.contains(' ')
        && !s.contains('/')
        && s.split(':').all(|p| !p.is_empty())
        && !s.split(':').all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// The name a receiver expression gives: `connection['api_key']` → `api_key`,
/// `ENV['X']` → `X`, `connection.dig('a', 'token')` → `token`, `token` → `token`,
/// `@token` → `@token`, `c.token` → `token`.
fn name_of_expression<'t>(node: Node<'t>, src: &'t str) -> Option<&'t str> {
    let k = kinds();
    let id = node.kind_id();
    if id == k.identifier || id == k.constant || node.kind() == "instance_variable" {
        return Some(text(node, src));
    }
    if id == k.element_reference {
        let (_, key) = element_reference_key(node, src)?;
        return literal_text(key, src);
    }
    if id == k.call {
        let method = call_method(node, src)?;
        if matches!(method, "presence" | "to_s" | "strip") {
            return name_of_expression(node.child_by_field_id(k.field_receiver)?, src);
        }
        if matches!(method, "dig" | "fetch" | "[]") {
            let args = node.child_by_field_id(k.field_arguments)?;
            let mut cursor = args.walk();
            let last = args
                .named_children(&mut cursor)
                .filter(|c| c.kind_id() != k.comment)
                .last()?;
            return literal_text(last, src);
        }
        // `token.key`, `@secret.key`: a weak name read off an object that names a
        // credential is named by both.
        if name_strength(method) == Strength::Weak {
            let receiver = node.child_by_field_id(k.field_receiver);
            if receiver.is_some_and(|r| {
                (r.kind_id() == k.identifier || r.kind() == "instance_variable")
                    && name_strength(text(r, src)) >= Strength::Medium
            }) {
                return Some(text(node, src));
            }
        }
        return Some(method);
    }
    None
}

/// The method `node` is a positional argument of (`password 'x'` → `password`).
pub fn argument_of<'t>(node: Node<'t>, src: &'t str, up: &Up<'_, 't>) -> Option<&'t str> {
    let args = up
        .of(node)
        .filter(|a| a.kind_id() == kinds().argument_list)?;
    let call = up.of(args).filter(|c| c.kind_id() == kinds().call)?;
    call_method(call, src)
}

fn positional_index(args: Node, node: Node) -> Option<usize> {
    let k = kinds();
    let mut cursor = args.walk();
    let index = args
        .named_children(&mut cursor)
        .filter(|c| c.kind_id() != k.comment && c.kind_id() != k.pair)
        .position(|c| c.id() == node.id());
    index
}

/// The positional argument just before `node` in `args`.
fn previous_argument<'t>(args: Node<'t>, node: Node<'t>) -> Option<Node<'t>> {
    let k = kinds();
    let mut cursor = args.walk();
    let positional: Vec<Node> = args
        .named_children(&mut cursor)
        .filter(|c| c.kind_id() != k.comment && c.kind_id() != k.pair)
        .collect();
    let at = positional.iter().position(|c| c.id() == node.id())?;
    at.checked_sub(1).map(|i| positional[i])
}

fn first_literal_argument<'t>(call: Node<'t>, src: &'t str) -> Option<&'t str> {
    let args = call.child_by_field_id(kinds().field_arguments)?;
    let first = args.named_child(0)?;
    literal_text(first, src)
}

fn receiver_text<'t>(call: Node<'t>, src: &'t str) -> &'t str {
    call.child_by_field_id(kinds().field_receiver)
        .map_or("", |r| text(r, src))
}

/// Request verbs and builders whose arguments are sent to an API.
const REQUEST_METHODS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "payload",
    "params",
    "request_body",
    "body",
    "query",
    "headers",
    "with",
    "form",
    "new",
    "create",
    "create!",
    "setup",
    "init",
    "configure",
    "start",
    "connect",
    "establish_connection",
    "request",
    "login",
];

/// The sink of a positional argument at `index` of `call`.
fn call_position_sink(call: Node, index: usize, src: &str) -> Option<Sink> {
    let method = call_method(call, src)?;
    let receiver = receiver_text(call, src);
    let last_segment = receiver.rsplit("::").next().unwrap_or(receiver);
    let sink = match (method, index) {
        ("hexdigest" | "digest" | "base64digest", 1) if last_segment == "HMAC" => Sink::Hmac,
        (m, 1) if receiver == "workato" && m.starts_with("hmac_") => Sink::Hmac,
        (m, 0) if receiver != "workato" && m.starts_with("hmac_") => Sink::Hmac,
        ("jwt_encode" | "jwt_decode" | "jwt_encode_rs256" | "jwt_decode_rs256", 1)
            if receiver == "workato" =>
        {
            Sink::Jwt
        }
        (m, 1) if receiver == "workato" && m.starts_with("aes_") => Sink::Cipher,
        ("encode" | "decode", 1) if last_segment == "JWT" => Sink::Jwt,
        ("new", 0) if matches!(last_segment, "TOTP" | "HOTP") => Sink::Totp,
        ("new", 0 | 1) if last_segment == "Credentials" => Sink::CloudCredentials,
        ("new", 0) if matches!(last_segment, "MessageEncryptor" | "MessageVerifier") => {
            Sink::Cipher
        }
        ("password", 0) | ("basic_auth", 1) => Sink::BasicAuth,
        ("start", 4) if last_segment == "SMTP" => Sink::BasicAuth,
        ("omniauth" | "provider", 2) => Sink::CloudCredentials,
        // OAuth 1.0a: `OAuth::Consumer.new(key, secret, …)`,
        // `OAuth::AccessToken.new(consumer, token, secret)`.
        ("new", 1) if last_segment == "Consumer" => Sink::CloudCredentials,
        ("new", 1 | 2) if receiver.starts_with("OAuth::") && last_segment.ends_with("Token") => {
            Sink::CloudCredentials
        }
        // A connector spec's `connector.connection.authorization.refresh(settings, token)`.
        ("refresh", 1) if receiver.ends_with("authorization") => Sink::CloudCredentials,
        _ => return None,
    };
    Some(sink)
}

/// `f.request :authorization, :basic, 'user', 'pass'`: the last string argument of a
/// call that names basic auth.
fn is_basic_auth_call_password(call: Node, index: usize, src: &str) -> bool {
    let Some(args) = call.child_by_field_id(kinds().field_arguments) else {
        return false;
    };
    let mut cursor = args.walk();
    let all: Vec<Node> = args.named_children(&mut cursor).collect();
    let names_basic = all
        .iter()
        .take(index)
        .any(|a| literal_text(*a, src).is_some_and(|t| t.eq_ignore_ascii_case("basic")));
    names_basic && index + 1 == all.len() && index >= 2
}

/// The enclosing scope of a local variable bound at `node`.
fn local_scope<'t>(node: Node<'t>, up: &Up<'_, 't>) -> TextRange {
    let k = kinds();
    let mut current = up.of(node);
    while let Some(n) = current {
        let id = n.kind_id();
        let kind = n.kind();
        if id == k.lambda
            || id == k.block
            || id == k.do_block
            || kind == "method"
            || kind == "singleton_method"
            || kind == "class"
            || kind == "module"
        {
            return TextRange::from(n.byte_range());
        }
        current = up.of(n);
    }
    TextRange::new(0, usize::MAX)
}

fn file_scope() -> TextRange {
    TextRange::new(0, usize::MAX)
}

/// Whether a hash (or argument list) holds a credential-named key other than `except`.
fn has_credential_sibling(container: Node, except: Node, src: &str) -> bool {
    let k = kinds();
    let mut cursor = container.walk();
    let found = container.named_children(&mut cursor).any(|c| {
        c.kind_id() == k.pair
            && c.id() != except.id()
            && key_name(c, src).is_some_and(|n| name_strength(n) >= Strength::Medium)
    });
    found
}

/// The call whose arguments hold `hash_or_args` (a hash argument or the argument list).
fn enclosing_call<'t>(container: Node<'t>, up: &Up<'_, 't>) -> Option<Node<'t>> {
    let k = kinds();
    let args = if container.kind_id() == k.argument_list {
        container
    } else {
        up.of(container)
            .filter(|p| p.kind_id() == k.argument_list)?
    };
    up.of(args).filter(|c| c.kind_id() == k.call)
}

fn is_request_call(call: Node, src: &str) -> bool {
    call_method(call, src).is_some_and(|m| REQUEST_METHODS.contains(&m))
}

/// Header names whose value is a credential: `Authorization`, and names ending in
/// `-Key`, `-Token`, `-Secret` (only read in header positions).
pub fn is_credential_header(name: &str) -> bool {
    let ends_with = |suffix: &str| {
        name.len() >= suffix.len()
            && name.as_bytes()[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
        || ["-key", "-token", "-secret", "_key", "_token"]
            .iter()
            .any(|s| ends_with(s))
}

/// The position of a pair value: its key, header and request context, a credential
/// sibling, and (for a key that says nothing) the name of the variable the hash is
/// bound to.
fn pair_position<'t>(
    pair: Node<'t>,
    src: &'t str,
    climb: Climb<'t>,
    up: &Up<'_, 't>,
) -> Position<'t> {
    let k = kinds();
    let mut pos = Position {
        anchor: Some(pair),
        ..Position::default()
    };
    let Some(key) = key_name(pair, src) else {
        return pos;
    };
    let Some(container) = up.of(pair) else {
        return pos;
    };
    let call = enclosing_call(container, up);
    let in_headers = call.is_some_and(|c| call_method(c, src) == Some("headers"))
        || up
            .of(container)
            .filter(|p| p.kind_id() == k.pair)
            .and_then(|p| key_name(p, src))
            .is_some_and(|n| n.eq_ignore_ascii_case("headers"));
    pos.in_request = call.is_some_and(|c| is_request_call(c, src));
    if key == "with" && call.and_then(|c| call_method(c, src)) == Some("fill_in") {
        let field = call.and_then(|c| first_literal_argument(c, src));
        pos.name = field.map(|f| (f, super::assess::Binding::FormField));
        return pos;
    }
    if key == "default" {
        if let Some(field) = connlint_syntax::HashView::new(container, src)
            .and_then(|h| h.literal("name", src))
            .filter(|n| name_strength(n.text) >= Strength::Medium)
        {
            pos.name = Some((field.text, Binding::FieldDefault));
        }
        return pos;
    }
    // `{ key: 'Authorization', value: 'Bearer …' }`: a header or parameter list names the
    // value by its key's text.
    if key == "value" {
        let named = connlint_syntax::HashView::new(container, src).and_then(|h| {
            ["key", "name", "header"]
                .iter()
                .find_map(|k| h.literal(k, src))
                .map(|l| l.text)
        });
        if let Some(named) = named {
            pos.name = Some((named, Binding::Key));
            if is_credential_header(named)
                && (named.contains('-') || named.eq_ignore_ascii_case("authorization"))
            {
                pos.header = true;
                pos.sink = Some(Sink::Header);
            } else if climb.scheme && named.eq_ignore_ascii_case("authorization") {
                pos.sink = Some(Sink::Header);
            }
            return pos;
        }
    }
    if in_headers && is_credential_header(key) {
        pos.header = true;
        pos.sink = Some(Sink::Header);
    } else if climb.scheme && key.eq_ignore_ascii_case("authorization") {
        pos.sink = Some(Sink::Header);
    }
    pos.name = Some((key, Binding::Key));
    // Only a weak name needs a credential sibling to count.
    pos.paired =
        name_strength(key) == Strength::Weak && has_credential_sibling(container, pair, src);
    let random_value = || {
        pair_value(pair)
            .and_then(|v| literal_text(v, src))
            .is_some_and(|v| super::assess::shape_of(v, None) == super::assess::Shape::Random)
    };
    if name_strength(key) == Strength::None && pos.sink.is_none() && random_value() {
        // `tokens = { 'prod' => '…' }`: the container's name speaks for its random
        // values (not for `region: 'eu-west-1'` beside them).
        if let Some(container_name) = up
            .of(container)
            .filter(|p| {
                let id = p.kind_id();
                id == k.assignment || p.kind() == "operator_assignment"
            })
            .and_then(|a| a.child_by_field_id(k.field_left))
            .and_then(|l| name_of_expression(l, src))
            .filter(|n| name_strength(n) >= Strength::Medium)
        {
            pos.name = Some((container_name, Binding::Key));
        }
    }
    pos
}

/// Keys whose value is `[user, password]`: webmock's `basic_auth:`, Faraday's and
/// HTTParty's options.
const BASIC_AUTH_KEYS: &[&str] = &[
    "basic_auth",
    "basic_authentication",
    "http_basic",
    "userpwd",
];

/// The position of the value at `node` (a literal, or a use of a variable): its name,
/// sink and context.
pub fn position_of<'t>(node: Node<'t>, src: &'t str, up: &Up<'_, 't>) -> Position<'t> {
    let k = kinds();
    let Some((top, parent, seen)) = climb(node, src, up) else {
        return Position::default();
    };
    let mut pos = position_at(top, parent, src, seen, up);
    if pos.sink.is_none() {
        if seen.scheme
            && pos
                .name
                .is_some_and(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        {
            pos.sink = Some(Sink::Header);
        } else if seen.basic_pair
            || (seen.array_index == Some(1)
                && pos.name.is_some_and(|(n, _)| BASIC_AUTH_KEYS.contains(&n)))
        {
            pos.sink = Some(Sink::BasicAuth);
        } else if let Some(param) = seen.query_param {
            if name_strength(param) >= Strength::Weak {
                pos.sink = Some(Sink::UrlQuery);
                pos.name = Some((param, Binding::Key));
            }
        }
    }
    if pos.anchor.is_none() {
        pos.anchor = Some(if parent.kind_id() == k.program {
            top
        } else {
            parent
        });
    }
    pos
}

fn position_at<'t>(
    top: Node<'t>,
    parent: Node<'t>,
    src: &'t str,
    seen: Climb<'t>,
    up: &Up<'_, 't>,
) -> Position<'t> {
    let k = kinds();
    let id = parent.kind_id();
    let mut pos = Position::default();
    if id == k.pair {
        if pair_value(parent).is_some_and(|v| v.id() == top.id()) {
            return pair_position(parent, src, seen, up);
        }
        return pos;
    }
    if id == k.argument_list {
        let Some(call) = up.of(parent).filter(|c| c.kind_id() == k.call) else {
            return pos;
        };
        let Some(index) = positional_index(parent, top) else {
            return pos;
        };
        pos.in_request = is_request_call(call, src);
        pos.anchor = Some(call);
        if let Some(sink) = call_position_sink(call, index, src) {
            pos.sink = Some(sink);
            return pos;
        }
        if is_basic_auth_call_password(call, index, src) {
            pos.sink = Some(Sink::BasicAuth);
            return pos;
        }
        let method = call_method(call, src).unwrap_or("");
        let receiver = call.child_by_field_id(k.field_receiver);
        match (method, index) {
            // An API key as the user name (the password is `X` or a convention).
            ("user", 0)
                if literal_text(top, src).is_some_and(|v| {
                    v.len() >= 16
                        && super::assess::shape_of(v, None) == super::assess::Shape::Random
                }) =>
            {
                pos.sink = Some(Sink::BasicAuth);
            }
            ("fetch", 1) => {
                pos.name = first_literal_argument(call, src).map(|n| (n, Binding::Fallback));
            }
            ("stub_const", 1) => {
                pos.name = first_literal_argument(call, src)
                    .map(|n| (n.rsplit("::").next().unwrap_or(n), Binding::Definition));
            }
            ("and_return", 0) => {
                pos.name = stubbed_method(call, src).map(|n| (n, Binding::Definition));
            }
            ("set", 0) => {
                pos.name = receiver
                    .and_then(|r| first_literal_argument(r, src))
                    .map(|n| (n.trim_start_matches(['#', '.']), Binding::FormField));
            }
            ("eq" | "eql" | "equal", 0) => {
                pos.name = expected_name(call, src, up).map(|n| (n, Binding::Definition));
            }
            // `property_set(:auth0, :secret, '…')`, `set :api_key, '…'`: a symbol argument
            // names the value after it.
            (_, index) if index > 0 => {
                pos.name = previous_argument(parent, top)
                    .filter(|p| p.kind_id() == k.simple_symbol)
                    .map(|p| text(p, src).trim_start_matches(':'))
                    .filter(|n| name_strength(n) >= Strength::Medium)
                    .map(|n| (n, Binding::Key));
            }
            _ => {}
        }
        return pos;
    }
    if id == k.array || id == k.string_array {
        pos.name = pair_array_name(parent, top, src).map(|n| (n, Binding::Key));
        return pos;
    }
    if id == k.assignment || parent.kind() == "operator_assignment" {
        if parent
            .child_by_field_id(k.field_right)
            .is_some_and(|r| r.id() == top.id())
        {
            if let Some(left) = parent.child_by_field_id(k.field_left) {
                assignment_target(left, parent, src, &mut pos, up);
            }
        }
        return pos;
    }
    if parent.kind() == "right_assignment_list" {
        let assignment = up.of(parent);
        let left = assignment.and_then(|a| a.child_by_field_id(k.field_left));
        let index = {
            let mut cursor = parent.walk();
            let i = parent
                .named_children(&mut cursor)
                .position(|c| c.id() == top.id());
            i
        };
        if let (Some(left), Some(index), Some(assignment)) = (left, index, assignment) {
            if let Some(target) = left.named_child(index as u32) {
                assignment_target(target, assignment, src, &mut pos, up);
            }
        }
        return pos;
    }
    if id == k.binary {
        let op = parent.child(1).map(|o| text(o, src)).unwrap_or("");
        let left = parent.child(0);
        let right = parent.child(2);
        match op {
            "||" | "or" if right.is_some_and(|r| r.id() == top.id()) => {
                let fallback = left.and_then(|l| name_of_expression(l, src));
                if let Some(name) = fallback.filter(|n| name_strength(n) > Strength::None) {
                    pos.name = Some((name, Binding::Fallback));
                    return pos;
                }
                // `ENV['X'] || '…'` with a plain name: the assignment around it may tell more.
                let outer = position_of(parent, src, up);
                return Position {
                    name: outer.name.or(fallback.map(|n| (n, Binding::Fallback))),
                    ..outer
                };
            }
            "==" | "!=" | "eql?" => {
                let other = if left.is_some_and(|l| l.id() == top.id()) {
                    right
                } else {
                    left
                };
                pos.name = other
                    .map(|o| should_subject(o, parent, src, up).unwrap_or(o))
                    .and_then(|o| name_of_expression(o, src))
                    .map(|n| (n, Binding::Compared));
            }
            _ => {}
        }
        return pos;
    }
    if id == k.block_body || id == k.block || id == k.do_block || parent.kind() == "body_statement"
    {
        // The value a block returns: `let(:token) { '…' }`, a factory attribute,
        // `ENV.fetch('X') { '…' }`, `filter_sensitive_data('<TOKEN>') { '…' }`.
        let last = parent.named_child((parent.named_child_count() as u32).saturating_sub(1));
        if last.is_none_or(|l| l.id() != top.id()) {
            return pos;
        }
        let block = if id == k.block_body || parent.kind() == "body_statement" {
            up.of(parent)
        } else {
            Some(parent)
        };
        let call = block
            .and_then(|b| up.of(b))
            .filter(|c| c.kind_id() == k.call);
        if let Some(call) = call {
            let method = call_method(call, src).unwrap_or("");
            let name = match method {
                "let"
                | "let!"
                | "subject"
                | "fetch"
                | "filter_sensitive_data"
                | "receive"
                | "define_method" => {
                    first_literal_argument(call, src).map(|n| n.trim_matches(['<', '>']))
                }
                _ if call.child_by_field_id(k.field_arguments).is_none() => Some(method),
                _ => None,
            };
            let binding = if method == "fetch" {
                Binding::Fallback
            } else {
                Binding::Definition
            };
            pos.name = name.map(|n| (n, binding));
        }
        return pos;
    }
    pos
}

/// `allow(x).to receive(:api_key).and_return('…')`: `api_key`; for a stubbed lookup
/// (`receive(:fetch).with('ACME_TOKEN')`), the key looked up.
fn stubbed_method<'t>(and_return: Node<'t>, src: &'t str) -> Option<&'t str> {
    let mut looked_up = None;
    let mut current = and_return.child_by_field_id(kinds().field_receiver);
    while let Some(call) = current {
        match call_method(call, src) {
            Some("receive") => {
                let method = first_literal_argument(call, src)?;
                return Some(match (method, looked_up) {
                    ("fetch" | "[]" | "dig" | "get", Some(key)) => key,
                    _ => method,
                });
            }
            Some("with") => looked_up = first_literal_argument(call, src),
            _ => {}
        }
        current = call.child_by_field_id(kinds().field_receiver);
    }
    None
}

/// RSpec's old syntax names what is compared on the left of `should`: for
/// `client.api_key.should == '…'` (`other` is the `should` call) and
/// `client.api_key.should be == '…'` (`other` is `be`, the comparison `should`'s
/// argument), `client.api_key`.
fn should_subject<'t>(
    other: Node<'t>,
    comparison: Node<'t>,
    src: &'t str,
    up: &Up<'_, 't>,
) -> Option<Node<'t>> {
    let k = kinds();
    let is_should = |call: Node| matches!(call_method(call, src), Some("should" | "should_not"));
    let should = if other.kind_id() == k.call && is_should(other) {
        other
    } else if other.kind_id() == k.identifier && text(other, src) == "be" {
        let args = up
            .of(comparison)
            .filter(|a| a.kind_id() == k.argument_list)?;
        up.of(args)
            .filter(|c| c.kind_id() == k.call && is_should(*c))?
    } else {
        return None;
    };
    should.child_by_field_id(k.field_receiver)
}

/// `expect(client.token).to eq('…')`: `token`.
fn expected_name<'t>(eq: Node<'t>, src: &'t str, up: &Up<'_, 't>) -> Option<&'t str> {
    let k = kinds();
    let to = up.of(up.of(eq)?).filter(|c| c.kind_id() == k.call)?;
    let expect = to.child_by_field_id(k.field_receiver)?;
    if call_method(expect, src) != Some("expect") {
        return None;
    }
    let args = expect.child_by_field_id(k.field_arguments)?;
    name_of_expression(args.named_child(0)?, src)
}

fn assignment_target<'t>(
    left: Node<'t>,
    assignment: Node<'t>,
    src: &'t str,
    pos: &mut Position<'t>,
    up: &Up<'_, 't>,
) {
    let k = kinds();
    let id = left.kind_id();
    let kind = left.kind();
    if id == k.identifier || kind == "global_variable" {
        let name = text(left, src);
        pos.name = Some((name, Binding::Local));
        pos.bound = Some(Bound {
            name,
            scope: local_scope(assignment, up),
        });
    } else if kind == "instance_variable" || kind == "class_variable" {
        let name = text(left, src);
        pos.name = Some((name, Binding::Ivar));
        pos.bound = Some(Bound {
            name,
            scope: file_scope(),
        });
    } else if id == k.constant {
        let name = text(left, src);
        pos.name = Some((name, Binding::Constant));
        pos.bound = Some(Bound {
            name,
            scope: file_scope(),
        });
    } else if kind == "scope_resolution" {
        let name = text(left, src).rsplit("::").next().unwrap_or("");
        pos.name = Some((name, Binding::Constant));
    } else if id == k.call {
        let method = call_method(left, src);
        pos.name = method.map(|m| (m, Binding::Attribute));
        // `cipher.key = '…'`, `cipher.iv = '…'`: an encryption key and IV, whatever
        // the names say.
        let receiver = receiver_text(left, src).to_ascii_lowercase();
        if matches!(method, Some("key" | "iv" | "auth_data"))
            && ["cipher", "aes", "crypt"]
                .iter()
                .any(|c| receiver.contains(c))
        {
            pos.sink = Some(Sink::Cipher);
        }
    } else if id == k.element_reference {
        if let Some((object, key)) = element_reference_key(left, src) {
            if let Some(key) = string_literal(key, src) {
                let headers_object = object.ends_with("headers")
                    || matches!(object, "req" | "request" | "http_request");
                if key.text.eq_ignore_ascii_case("authorization")
                    || (is_credential_header(key.text)
                        && (headers_object || key.text.contains('-')))
                {
                    pos.header = true;
                    pos.sink = Some(Sink::Header);
                }
                pos.name = Some((key.text, Binding::Index));
            }
        }
    }
    pos.anchor = Some(assignment);
}

/// For a `heredoc_body`, the `heredoc_beginning` that opens it: in the statement just
/// before the body.
pub fn heredoc_beginning<'t>(body: Node<'t>) -> Option<Node<'t>> {
    let mut previous = body.prev_named_sibling();
    while let Some(p) = previous {
        if p.kind_id() != kinds().comment {
            break;
        }
        previous = p.prev_named_sibling();
    }
    let statement = previous?;
    let mut stack = vec![statement];
    while let Some(n) = stack.pop() {
        if n.kind() == "heredoc_beginning" {
            return Some(n);
        }
        let mut cursor = n.walk();
        let children: Vec<Node<'t>> = n.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

/// Whether `use_node` (an identifier, instance variable or constant) refers to `bound`,
/// by name and scope, after `after` (the end of the literal it was bound to).
pub fn refers_to<'t>(
    use_node: Node<'t>,
    src: &str,
    bound: &Bound,
    after: usize,
    up: &Up<'_, 't>,
) -> bool {
    use_node.start_byte() >= after
        && text(use_node, src) == bound.name
        && bound.scope.start <= use_node.start_byte()
        && use_node.end_byte() <= bound.scope.end
        && !is_assignment_target(use_node, up)
}

fn is_assignment_target<'t>(node: Node<'t>, up: &Up<'_, 't>) -> bool {
    let k = kinds();
    up.of(node).is_some_and(|p| {
        (p.kind_id() == k.assignment || p.kind() == "operator_assignment")
            && p.child_by_field_id(k.field_left)
                .is_some_and(|l| l.id() == node.id())
            || p.kind() == "left_assignment_list"
    })
}
