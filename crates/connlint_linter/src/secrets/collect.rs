//! The credential candidates of one file, gathered during the one walk: literals with
//! the evidence of their position, text values inside strings and heredocs, and the
//! variables literals are bound to, whose later uses add the sinks they reach.

use connlint_syntax::{kinds, string_literal, Node, TextRange};

use super::assess::{name_strength, shape_of, Binding, Evidence, Role, Shape, Sink, Strength};
use super::position::{Place, DOC_KEYS};
use super::ruby::{
    argument_of, heredoc_beginning, looks_like_user_pass, position_of, refers_to, Bound, Position,
    Up,
};
use super::text::scan;
use super::values::has_credential_fragment;
use super::vocabulary::{MEDIUM_MIN_LEN, RANDOM_MIN_LEN};

/// One candidate: its evidence, and where the variable it is bound to may be used.
#[derive(Clone, Debug)]
pub struct Candidate<'t> {
    pub evidence: Evidence<'t>,
    bound: Option<Bound<'t>>,
}

/// The facts of the file every candidate shares.
#[derive(Clone, Copy, Debug)]
pub struct FileFacts {
    pub role: Role,
    /// The connector's `connection:` value, when the file holds a connector.
    pub connection: Option<TextRange>,
}

#[derive(Debug, Default)]
pub struct Collected<'t> {
    pub candidates: Vec<Candidate<'t>>,
    /// Indexes of candidates bound to a variable, for the data flow.
    bound: Vec<usize>,
}

/// `Bearer abc` → `abc`; `Token token=abc` → `abc`; `abc` → `abc`.
pub(super) fn strip_scheme(value: &str, range: TextRange) -> (&str, TextRange, bool) {
    let Some((scheme, rest)) = value.split_once(' ') else {
        return (value, range, false);
    };
    // `OAuth vF9dft4qmT, realm="…"`: the credential is what comes before the parameters.
    let rest = match rest.split_once(',') {
        Some((credential, params)) if auth_params(params) => credential,
        _ => rest,
    };
    if !scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        || rest.contains(' ') && !rest.starts_with("token=")
    {
        return (value, range, false);
    }
    let credential = rest.trim_start();
    let credential = credential.strip_prefix("token=").unwrap_or(credential);
    let start = range.start + scheme.len() + 1 + (rest.len() - credential.len());
    (
        credential,
        TextRange::new(start, start + credential.len()),
        true,
    )
}

/// `realm="…", first=one`: an auth header's parameters after its credential.
fn auth_params(params: &str) -> bool {
    params.split(',').all(|p| {
        p.trim().split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    })
}

/// `Basic …`, `Bearer …`, `Token token=…`, `OAuth …`: an Authorization header's value,
/// wherever it is written (a stub's expected header, a hash, a constant).
fn is_auth_value(text: &str) -> bool {
    let scheme = text.split(' ').next().unwrap_or("");
    text.len() > scheme.len() + 1
        && ["basic", "bearer", "token", "oauth"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
}

/// Worth a look at all: long enough, and not prose (a key block or an auth scheme may
/// hold spaces).
fn plausible(value: &str) -> bool {
    let trimmed = value.trim();
    trimmed.len() >= 4
        && trimmed.len() <= 16_384
        && (!trimmed.contains(' ')
            || trimmed.contains("-----BEGIN")
            || trimmed.split(' ').count() == 2
            || is_auth_value(trimmed) && strip_scheme(trimmed, TextRange::new(0, trimmed.len())).2)
}

/// Text that may hold `key: value`, `key=value`, a URL password (a URL's own colon is
/// followed by `//`, a key's by a space or a quote) or SQL's `IDENTIFIED BY '…'`.
fn has_text_value(text: &str) -> bool {
    let sql = || text.contains('\'') && super::text::sql_password().is_match(text.as_bytes());
    if !text.bytes().any(|b| b == b'=' || b == b':') {
        return sql();
    }
    let keyed =
        text.contains('=') || text.contains(": ") || text.contains("\":") || text.contains("':");
    keyed && has_credential_fragment(text) || text.contains("://") && text.contains('@') || sql()
}

/// Whether a literal's own text leaves it a chance of being reported: not a fake, and a
/// plain word only right under a credential-named key (`'X-Api-Key' => 'acmekey'`),
/// where the DSL's credential positions report even words.
///
/// For the value of a literal pair (`value_of_pair`) the innermost key is its own: a key
/// that says nothing leaves only a random value a chance (its hash may be bound to a
/// credential name), and `default:`/`with:` whose field names the credential.
fn worth_a_look(value: &str, innermost_key: Option<&str>, value_of_pair: bool) -> bool {
    let original = value;
    let value = if value.contains(' ') {
        strip_scheme(value, TextRange::new(0, value.len())).0
    } else {
        value
    };
    if is_auth_value(original) && value.len() >= MEDIUM_MIN_LEN {
        return true;
    }
    let value = value.rsplit(':').next().unwrap_or(value);
    let speaks = || innermost_key.is_some_and(key_speaks);
    // Byte tests first: most literals are names and types that no shape can rescue.
    if (value.len() < MEDIUM_MIN_LEN || value_of_pair && !could_be_random(value)) && !speaks() {
        return false;
    }
    match shape_of(value, None) {
        // A UUID is a key under a key's or token's name, which the tree tells.
        Shape::Fake(_) => super::assess::is_uuid(value),
        Shape::Weak => speaks(),
        Shape::Medium => !value_of_pair || speaks(),
        Shape::Random => true,
    }
}

/// A cheap necessary condition for `Shape::Random`: long enough, with letters and
/// digits (or long hex).
fn could_be_random(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= RANDOM_MIN_LEN
        && bytes.iter().any(u8::is_ascii_digit)
        && bytes.iter().any(u8::is_ascii_alphabetic)
}

/// The name and quoted value of a commented-out assignment (`# api_key = '…'`), with
/// the value's offset in `text`: read from the comment's text alone.
fn commented_value(text: &str) -> Option<(&str, &str, usize)> {
    let body = text.trim_start_matches('#').trim_start();
    let (lhs, rhs) = ["=>", "=", ":"]
        .iter()
        .find_map(|sep| body.split_once(sep).filter(|(l, _)| !l.trim().is_empty()))?;
    let lhs = lhs.trim();
    let name = lhs
        .rsplit(['.', ' ', '[', ':'])
        .next()
        .unwrap_or(lhs)
        .trim_matches(['@', '\'', '"', ']', ':']);
    let assignable = lhs
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.@:[]'\"".contains(c));
    // A trailing comment (`… = '…' # old key`) is not part of the value.
    let rhs = rhs.split(" #").next().unwrap_or(rhs).trim();
    let quoted = rhs.len() >= 2
        && (rhs.starts_with('\'') && rhs.ends_with('\'')
            || rhs.starts_with('"') && rhs.ends_with('"'));
    if !assignable || !quoted || name_strength(name) < Strength::Medium {
        return None;
    }
    let at = rhs.as_ptr() as usize - text.as_ptr() as usize + 1;
    Some((name, &rhs[1..rhs.len() - 1], at))
}

/// Whether a literal's innermost key lets even a plain word through the gate: it speaks
/// of a credential (`api_key`, `X-Auth-Token`, `client_id`), or is a field's `default:`
/// or a stub's `with:`.
fn key_speaks(key: &str) -> bool {
    matches!(key, "default" | "with")
        || name_strength(key) > Strength::None
        || super::ruby::is_credential_header(key)
}

/// For the tree-free scan: whether the walk could collect a candidate from `literal`.
/// Every test is the walk's own, taken at its most permissive where only the tree
/// knows (any key may be the innermost; the literal may be no pair's value).
pub(crate) fn may_collect(literal: &connlint_syntax::lex::Literal) -> bool {
    let gate = |v: &str| plausible(v) && worth_a_look(v, None, false);
    let whole = match literal.segments {
        // An interpolated string's value is its first part (see `literal`): the text
        // before the interpolation, or before one of the escapes in it.
        [first, _, ..] => first
            .match_indices('\\')
            .map(|(at, _)| &first[..at])
            .chain([*first])
            .any(|part| !part.ends_with([' ', '=', ':', '/']) && gate(part)),
        _ => gate(literal.text) || gate(literal.head),
    };
    // `%w[api_key …]`: a name-value pair of words.
    let word_pair = || {
        let mut words = literal.text.split_ascii_whitespace();
        words
            .next()
            .is_some_and(|n| name_strength(n) > Strength::None)
            && words.next().is_some()
            && words.next().is_none()
    };
    whole
        || literal.keys().any(key_speaks)
        || literal.segments.iter().any(|s| has_text_value(s))
        || word_pair()
}

/// For the tree-free scan: whether the walk would collect the value of this comment.
pub(crate) fn comment_may_collect(text: &str) -> bool {
    commented_value(text).is_some()
}

/// Where the pair keys around a literal put it (see `position::surroundings_of`).
fn place_of<'a>(mut keys: impl Iterator<Item = &'a str>) -> Place {
    let mut place = Place::Code;
    for key in keys.by_ref() {
        if key == "sample_output" {
            return Place::SampleOutput;
        }
        if place == Place::Code && DOC_KEYS.contains(&key) {
            place = Place::Docs;
        }
    }
    place
}

impl<'t> Collected<'t> {
    /// How many candidates are held: a mark for [`Collected::closed_since`] and
    /// [`Collected::take_since`].
    pub fn len(&self) -> usize {
        self.candidates.len()
    }

    /// Whether a variable bound so far may be used inside `range`: uses there could add
    /// a sink to a candidate outside it.
    pub fn reaches(&self, range: TextRange) -> bool {
        self.bound.iter().any(|&i| {
            self.candidates[i]
                .bound
                .is_some_and(|b| b.scope.start < range.end && range.start < b.scope.end)
        })
    }

    /// Whether the candidates from `mark` on are final once the walk leaves `range`:
    /// none is bound to a variable visible outside it.
    pub fn closed_since(&self, mark: usize, range: TextRange) -> bool {
        self.candidates[mark..].iter().all(|c| {
            c.bound
                .is_none_or(|b| range.start <= b.scope.start && b.scope.end <= range.end)
        })
    }

    /// Removes and returns the candidates from `mark` on.
    pub fn take_since(&mut self, mark: usize) -> Vec<Candidate<'t>> {
        self.bound.retain(|&i| i < mark);
        self.candidates.split_off(mark)
    }

    fn push(&mut self, evidence: Evidence<'t>, bound: Option<Bound<'t>>) {
        if bound.is_some() {
            self.bound.push(self.candidates.len());
        }
        self.candidates.push(Candidate { evidence, bound });
    }

    fn evidence(
        facts: FileFacts,
        place: Place,
        pos: &Position<'t>,
        value: &'t str,
        range: TextRange,
    ) -> Evidence<'t> {
        let in_connection = facts.connection.is_some_and(|c| {
            pos.anchor
                .is_some_and(|a| c.start <= a.start_byte() && a.end_byte() <= c.end)
        });
        Evidence {
            value,
            range,
            name: pos.name,
            sink: pos.sink.map(|s| (s, range.start)),
            place,
            role: facts.role,
            credential_position: in_connection || pos.header,
            in_request: pos.in_request,
            paired: pos.paired,
        }
    }

    /// A string literal met by the walk; `keys` are the pair keys around it.
    pub fn literal<'k>(
        &mut self,
        node: Node<'t>,
        src: &'t str,
        facts: FileFacts,
        keys: impl Iterator<Item = &'k str> + Clone,
        value_of_pair: bool,
        up: Up<'_, 't>,
    ) {
        let k = kinds();
        let mut whole: Option<(&'t str, TextRange)> = None;
        let mut contents: Vec<(&'t str, usize)> = Vec::new();
        if let Some(lit) = string_literal(node, src) {
            whole = Some((lit.text, lit.range));
            if has_text_value(lit.text) {
                contents.push((lit.text, lit.range.start));
            }
        } else {
            let mut cursor = node.walk();
            for (i, part) in node.named_children(&mut cursor).enumerate() {
                if part.kind_id() == k.string_content {
                    let text = &src[part.byte_range()];
                    // The literal start of an interpolated value (`"Bearer k3Yx…#{x}"`);
                    // a part that ends where the interpolation begins (`"OAuth2 #{t}"`,
                    // `"token=#{t}"`) is a prefix, not a value.
                    if i == 0 && !text.ends_with([' ', '=', ':', '/']) {
                        whole = Some((text, TextRange::from(part.byte_range())));
                    }
                    if has_text_value(text) {
                        contents.push((text, part.start_byte()));
                    }
                }
            }
        }
        // The tree is asked about a literal only when its text could be reported: most
        // strings of a connector are names, types, paths and labels.
        // A call's argument has the method for its key (`password 'x'`).
        let innermost = keys.clone().next().or_else(|| argument_of(node, src, &up));
        let whole =
            whole.filter(|(v, _)| plausible(v) && worth_a_look(v, innermost, value_of_pair));
        if whole.is_none() && contents.is_empty() {
            return;
        }
        let place = place_of(keys);
        let pos = position_of(node, src, &up);
        if let Some((text, range)) = whole {
            let (mut value, mut range, scheme) = strip_scheme(text, range);
            let mut pos = pos.clone();
            if scheme
                && (is_auth_value(text)
                    || pos
                        .name
                        .is_some_and(|(n, _)| n.eq_ignore_ascii_case("authorization")))
            {
                pos.sink = Some(Sink::Header);
            }
            // `'user:password'`, typically Base64-encoded for Basic auth: the password
            // is the credential.
            if looks_like_user_pass(value) {
                if let Some((_, password)) = value.split_once(':') {
                    range = TextRange::new(range.end - password.len(), range.end);
                    value = password;
                }
            }
            let evidence = Self::evidence(facts, place, &pos, value, range);
            self.push(evidence, pos.bound);
        }
        for (text, offset) in contents {
            self.text_values(text, offset, facts, place, &pos);
        }
    }

    /// The values `scan` finds in `text` (at `offset` in the file): inside a Ruby
    /// literal, or a whole text file (`settings.yaml`, `.env`, a cassette).
    pub(crate) fn text_values(
        &mut self,
        text: &'t str,
        offset: usize,
        facts: FileFacts,
        place: Place,
        pos: &Position<'t>,
    ) {
        for found in scan(text) {
            let range = TextRange::new(offset + found.range.start, offset + found.range.end);
            let (value, range, _) = strip_scheme(found.value, range);
            let sink = if found.userinfo {
                Some(Sink::UrlUserinfo)
            } else if found.query {
                Some(Sink::UrlQuery)
            } else if found.header {
                Some(Sink::Header)
            } else {
                None
            };
            let inner = Position {
                name: Some((found.key, Binding::TextKey)),
                sink,
                header: found.header,
                in_request: pos.in_request,
                paired: found.paired,
                bound: None,
                anchor: pos.anchor,
            };
            let evidence = Self::evidence(facts, place, &inner, value, range);
            self.push(evidence, None);
        }
    }

    /// A comment that is a line of configuration taken out of service
    /// (`# config.oauth_token = '…'`, `# api_key: '…'`): its value is published with the
    /// source like any other, bound to the name on its left.
    pub fn commented_assignment(&mut self, node: Node<'t>, src: &'t str, facts: FileFacts) {
        let Some((name, value, at)) = commented_value(&src[node.byte_range()]) else {
            return;
        };
        let start = node.start_byte() + at;
        let range = TextRange::new(start, start + value.len());
        let pos = Position {
            name: Some((name, Binding::Attribute)),
            anchor: Some(node),
            ..Position::default()
        };
        let evidence = Self::evidence(facts, Place::Code, &pos, value, range);
        self.push(evidence, None);
    }

    /// A heredoc body: one token bound like a string, and text values inside.
    pub fn heredoc<'k>(
        &mut self,
        body: Node<'t>,
        src: &'t str,
        facts: FileFacts,
        keys: impl Iterator<Item = &'k str>,
        up: Up<'_, 't>,
    ) {
        let k = kinds();
        let place = place_of(keys);
        let pos = heredoc_beginning(body)
            .map(|b| position_of(b, src, &up))
            .unwrap_or_default();
        let mut cursor = body.walk();
        let parts: Vec<Node<'t>> = body
            .named_children(&mut cursor)
            .filter(|c| c.kind_id() == k.heredoc_content)
            .collect();
        if let [only] = parts.as_slice() {
            let raw = &src[only.byte_range()];
            let value = raw.trim();
            if !value.is_empty()
                && (!value.contains(char::is_whitespace) || value.contains("-----BEGIN"))
            {
                let start = only.start_byte() + raw.find(value).unwrap_or(0);
                let range = TextRange::new(start, start + value.len());
                let evidence = Self::evidence(facts, place, &pos, value, range);
                self.push(evidence, pos.bound);
            }
        }
        for part in parts {
            self.text_values(
                &src[part.byte_range()],
                part.start_byte(),
                facts,
                place,
                &pos,
            );
        }
    }

    /// An identifier, instance variable or constant: when it uses a variable a literal
    /// was bound to, the sink it reaches joins that literal's evidence.
    pub fn variable_use(
        &mut self,
        node: Node<'t>,
        src: &'t str,
        connection: Option<TextRange>,
        up: Up<'_, 't>,
    ) {
        if self.bound.is_empty() {
            return;
        }
        let name = &src[node.byte_range()];
        let mut position: Option<Position<'t>> = None;
        for &index in &self.bound {
            let candidate = &mut self.candidates[index];
            let Some(bound) = candidate.bound.filter(|b| b.name == name) else {
                continue;
            };
            if candidate.evidence.sink.is_some()
                || !refers_to(node, src, &bound, candidate.evidence.range.end, &up)
            {
                continue;
            }
            let pos = position.get_or_insert_with(|| position_of(node, src, &up));
            // Used as the value of a credential-named key: a strong name anywhere, a
            // weak one (`key:`, `client_id:`) in a request or the connection.
            let in_connection = connection
                .is_some_and(|c| c.start <= node.start_byte() && node.end_byte() <= c.end);
            let sink = pos.sink.or_else(|| {
                pos.name
                    .filter(|(n, _)| {
                        let strength = name_strength(n);
                        strength >= Strength::Medium
                            || (pos.in_request || in_connection) && strength > Strength::None
                    })
                    .map(|_| Sink::Request)
            });
            if let Some(sink) = sink {
                candidate.evidence.sink = Some((sink, node.start_byte()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential(value: &str) -> Option<&str> {
        let (credential, range, scheme) = strip_scheme(value, TextRange::new(0, value.len()));
        assert_eq!(&value[range.start..range.end], credential);
        scheme.then_some(credential)
    }

    #[test]
    fn schemes_give_their_credential() {
        assert_eq!(credential("Bearer abc123"), Some("abc123"));
        assert_eq!(credential("Token token=abc123"), Some("abc123"));
        assert_eq!(
            credential("OAuth vF9dft4qmT, realm=\"http://sp.example.com/\""),
            Some("vF9dft4qmT")
        );
        assert_eq!(
            credential("OAuth vF9dft4qmT, first=one, second=two"),
            Some("vF9dft4qmT")
        );
        assert!(is_auth_value("OAuth vF9dft4qmT") && plausible("OAuth vF9dft4qmT, realm=\"x\""));
        // A sentence is not a credential with parameters.
        assert_eq!(credential("Token expired, retry later"), None);
        assert!(!plausible("Token expired, retry later"));
    }
}
