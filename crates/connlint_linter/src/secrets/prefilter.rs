//! The raw-byte test that lets a run of the credential rules alone skip parsing. A Ruby
//! file can only have a finding of those rules where its bytes hold a provider-format
//! secret, a credential-named key, header or call with a literal value, a credential
//! parameter in a URL, or a credential-named field that is not visibly masked. Each test
//! here is looser than the rule it stands for, so a file it clears has no finding of
//! them; a file it does not clear goes through the whole pipeline. `tests/prefilter.rs`
//! checks the equality on the generated corpus and every fixture, and the fuzzer on
//! every mutated input that parses.
//!
//! The promise is for Ruby that parses: in a file with syntax errors, tree-sitter's
//! error recovery can pair keys and values in ways no byte test foresees, so there a
//! secrets-only run may report less than a full run (which reports the syntax error).

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::detectors::{SecretsEngine, Verdict};
use super::sites::is_credential_key;
use super::values::is_secret_name;

/// Which of the tests the enabled rules need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefilter {
    /// hardcoded-credential, hardcoded-oauth-client-credential, placeholder-credential:
    /// credential sites with a literal value.
    pub sites: bool,
    /// unmasked-credential-field: secret-named fields.
    pub fields: bool,
    /// hardcoded-secret: provider formats.
    pub formats: bool,
}

fn regex(pattern: &str, case_insensitive: bool) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .unicode(false)
        .build()
        .expect("valid prefilter pattern")
}

/// A key holding one of the fragments every credential key holds (see
/// `sites::might_hold_credential`), up to its separator: `api_key:`, `'X-Api-Key' =>`,
/// `headers['Api-Token'] =`.
fn keyed() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex(
            r#"(?:client|secret|token|key|pass|pwd|auth|credential|default)[^'"\n(){}\[\],:=]*['"]?\]?\s*(?::|=>|=)"#,
            true,
        )
    })
}

/// `password(…)` and `user(…)` in basic auth, `basic_auth(…)` of Net::HTTP and Faraday.
fn calls() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| regex(r"\b(?:password|user|basic_auth)\b", false))
}

/// The same pattern `sites::url_param_regex` runs over string contents.
fn url_params() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex(
            r"[?&](client_id|client_secret|api_key|apikey|access_token|token|password)=([^&#\s]+)",
            true,
        )
    })
}

/// A `name` key, up to its value.
fn field_name() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| regex(r#"\bname['"]?\s*(?::|=>)\s*"#, false))
}

impl Prefilter {
    /// Whether `text` may hold a finding of the enabled rules, so it must be parsed.
    pub fn needs_tree(&self, text: &str, engine: &SecretsEngine) -> bool {
        let bytes = text.as_bytes();
        (self.sites && has_site(bytes))
            || (self.fields && has_unmasked_field(bytes))
            || (self.formats
                && engine
                    .candidates(text)
                    .iter()
                    .any(|c| c.verdict == Verdict::Report))
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end of the double-quoted string opening at `open`, or `None` when it
/// interpolates (then it is not a literal) or never closes.
fn plain_double_quoted_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'#' if bytes.get(i + 1) == Some(&b'{') => return None,
            _ => i += 1,
        }
    }
    None
}

/// Whether the value starting at `at` may be a literal the credential rules read: a
/// string without interpolation, a percent literal or heredoc, a lambda (whose body may
/// be one string), or something a comment hides.
fn may_be_literal(bytes: &[u8], at: usize, lambdas: bool) -> bool {
    let rest = &bytes[at.min(bytes.len())..];
    match rest.first() {
        Some(b'\'' | b'%') => true,
        // A comment may hide the value on the next line; `=#{` right after a URL
        // parameter's `=` is an interpolation inside a string.
        Some(b'#') => {
            rest.get(1) != Some(&b'{') || bytes[..at].last().is_some_and(u8::is_ascii_whitespace)
        }
        Some(b'"') => plain_double_quoted_end(bytes, at).is_some(),
        Some(b'<') => rest.starts_with(b"<<"),
        Some(_) if lambdas => {
            rest.starts_with(b"lambda") || rest.starts_with(b"->") || rest.starts_with(b"proc")
        }
        _ => false,
    }
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Whether the key matched by `keyed()` at `start..end` may name a credential site. The
/// key is the word around the fragment; when it is not plainly the whole key (a quoted
/// key with spaces, say) it is kept.
fn may_name_site(bytes: &[u8], start: usize, end: usize) -> bool {
    let word_start = bytes[..start]
        .iter()
        .rposition(|b| !is_key_byte(*b))
        .map_or(0, |i| i + 1);
    let word_end = bytes[start..end]
        .iter()
        .position(|b| !is_key_byte(*b))
        .map_or(end, |i| start + i);
    let before = word_start.checked_sub(1).map(|i| bytes[i]);
    // An escape next to the key (`'X\'Key'`) makes its text other than the word.
    let escaped = before == Some(b'\\')
        || (word_start >= 2 && bytes[word_start - 2] == b'\\')
        || bytes.get(word_end) == Some(&b'\\');
    if escaped {
        return true;
    }
    let mut after = &bytes[word_end..end];
    if let Some(quote @ (b'\'' | b'"')) = before {
        match after.split_first() {
            Some((b, rest)) if *b == quote => after = rest.strip_prefix(b"]").unwrap_or(rest),
            _ => return true,
        }
    }
    if !after.trim_ascii_start().starts_with(b"=") && !after.trim_ascii_start().starts_with(b":") {
        return true;
    }
    let Ok(key) = std::str::from_utf8(&bytes[word_start..word_end]) else {
        return true;
    };
    is_credential_key(key)
}

fn has_site(bytes: &[u8]) -> bool {
    if keyed().find_iter(bytes).any(|m| {
        may_name_site(bytes, m.start(), m.end())
            && may_be_literal(bytes, skip_space(bytes, m.end()), true)
    }) {
        return true;
    }
    if url_params().is_match(bytes) {
        return true;
    }
    calls().find_iter(bytes).any(|m| {
        // `'Create user'` is text, not a call.
        if in_string_on_line(bytes, m.start()) {
            return false;
        }
        if &bytes[m.start()..m.end()] == b"basic_auth" {
            return true;
        }
        let mut at = skip_space(bytes, m.end());
        if bytes.get(at) == Some(&b'(') {
            at = skip_space(bytes, at + 1);
        }
        may_be_literal(bytes, at, false)
    })
}

/// Whether `at` is inside a quoted string that opens earlier on its line. Interpolation
/// (which holds code) and strings that open on an earlier line are not told apart from
/// code, so they count as code: the caller then keeps the file.
fn in_string_on_line(bytes: &[u8], at: usize) -> bool {
    let line = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let mut quote = None;
    let mut i = line;
    while i < at {
        let b = bytes[i];
        match quote {
            None if matches!(b, b'\'' | b'"') => quote = Some(b),
            None => {}
            Some(_) if b == b'\\' => i += 1,
            Some(b'"') if b == b'#' && bytes.get(i + 1) == Some(&b'{') => return false,
            Some(q) if b == q => quote = None,
            Some(_) => {}
        }
        i += 1;
    }
    quote.is_some()
}

/// The text of a field name written as a plain literal, or `None` when the value is not
/// one (then no rule can read a name either) — and `Some("")` for spellings this test
/// does not read, which are kept as candidates.
fn name_value(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rest = bytes.get(at..)?;
    let (open, start) = match rest {
        [b':', q @ (b'\'' | b'"'), ..] => (*q, at + 2),
        [b':', ..] => {
            let len = rest[1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            return Some((&bytes[at + 1..at + 1 + len], at + 1 + len));
        }
        [q @ (b'\'' | b'"'), ..] => (*q, at + 1),
        [b'%' | b'<', ..] => return Some((b"", at)),
        _ => return None,
    };
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => return Some((b"", at)),
            b'#' if open == b'"' && bytes.get(i + 1) == Some(&b'{') => return None,
            b if b == open => return Some((&bytes[start..i], i + 1)),
            _ => i += 1,
        }
    }
    None
}

/// Whether the field around the `name` key at `at..end` visibly masks itself: its
/// nearest braces hold a hash simple enough to read without a parser (see
/// [`simple_pairs`]), written as an element of a list or argument (`[{ … }]`,
/// `, { … })`), whose only `control_type` is `'password'`. Anything else — broken
/// syntax above all, where the parser's recovery may pair keys and values differently
/// — leaves the file to the parser.
fn visibly_masked(bytes: &[u8], at: usize, end: usize) -> bool {
    let Some(open) = bytes[..at].iter().rposition(|b| matches!(b, b'{' | b'}')) else {
        return false;
    };
    let Some(close) = bytes[end..]
        .iter()
        .position(|b| matches!(b, b'{' | b'}'))
        .map(|i| end + i)
    else {
        return false;
    };
    if bytes[open] != b'{' || bytes[close] != b'}' {
        return false;
    }
    let before = bytes[..open]
        .iter()
        .rev()
        .find(|b| !b.is_ascii_whitespace());
    let after = bytes[close + 1..].iter().find(|b| !b.is_ascii_whitespace());
    if !matches!(before, Some(b'[' | b',' | b'(')) || !matches!(after, Some(b']' | b',' | b')')) {
        return false;
    }
    let Some(pairs) = simple_pairs(&bytes[open..=close]) else {
        return false;
    };
    let mut controls = pairs.iter().filter(|(k, _)| *k == b"control_type");
    matches!(
        (controls.next(), controls.next()),
        (Some((_, b"password")), None)
    )
}

fn ident_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => bytes
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count(),
        _ => 0,
    }
}

/// A quoted text with no escape, interpolation or comment sign: its inside and length.
fn plain_quoted(bytes: &[u8]) -> Option<(&[u8], usize)> {
    let quote = *bytes.first().filter(|q| matches!(q, b'\'' | b'"'))?;
    let len = bytes[1..].iter().position(|b| *b == quote)?;
    let inside = &bytes[1..1 + len];
    if inside.iter().any(|b| matches!(b, b'\\' | b'#' | b'\n')) {
        return None;
    }
    Some((inside, len + 2))
}

/// The `(key, value)` texts of a hash literal `{ … }` whose keys are `k:`, `'k' =>`,
/// `"k":` or `:k =>` and whose values are quoted texts, symbols, numbers, `true`,
/// `false` or `nil`, separated by commas; `None` for any other text.
fn simple_pairs(span: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let skip = |at: usize| {
        at + span[at..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count()
    };
    let mut pairs = Vec::new();
    let mut at = skip(1);
    while span.get(at) != Some(&b'}') {
        let rest = &span[at..];
        let key;
        if let Some((text, len)) = plain_quoted(rest) {
            key = text;
            at = if span.get(at + len) == Some(&b':') {
                at + len + 1
            } else {
                let arrow = skip(at + len);
                span[arrow..].starts_with(b"=>").then_some(arrow + 2)?
            };
        } else if rest.first() == Some(&b':') {
            let len = ident_len(&rest[1..]);
            key = &rest[1..1 + len];
            let arrow = skip(at + 1 + len);
            at = (len > 0 && span[arrow..].starts_with(b"=>")).then_some(arrow + 2)?;
        } else {
            let len = ident_len(rest);
            key = &rest[..len];
            let colon = at + len;
            if len == 0 || span.get(colon) != Some(&b':') || span.get(colon + 1) == Some(&b':') {
                return None;
            }
            at = colon + 1;
        }
        at = skip(at);
        let rest = &span[at..];
        let (value, len) = if let Some((text, len)) = plain_quoted(rest) {
            (text, len)
        } else if rest.first() == Some(&b':') {
            let len = ident_len(&rest[1..]);
            (&rest[1..1 + len], len + 1)
        } else {
            let len = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
                .count();
            let word = &rest[..len];
            let digits = word.strip_prefix(b"-").unwrap_or(word);
            let number = digits.first().is_some_and(u8::is_ascii_digit)
                && digits
                    .iter()
                    .all(|b| b.is_ascii_digit() || *b == b'_' || *b == b'.')
                && digits.iter().filter(|b| **b == b'.').count() <= 1
                && digits.last().is_some_and(u8::is_ascii_digit);
            if !(number || matches!(word, b"true" | b"false" | b"nil")) {
                return None;
            }
            (word, len)
        };
        if len == 0 {
            return None;
        }
        pairs.push((key, value));
        at = skip(at + len);
        match span.get(at) {
            Some(b',') => at = skip(at + 1),
            Some(b'}') => {}
            _ => return None,
        }
    }
    (at == span.len() - 1).then_some(pairs)
}

fn has_unmasked_field(bytes: &[u8]) -> bool {
    field_name().find_iter(bytes).any(|m| {
        let Some((name, end)) = name_value(bytes, m.end()) else {
            return false;
        };
        if name.is_empty() {
            return true;
        }
        let Ok(name) = std::str::from_utf8(name) else {
            return true;
        };
        is_secret_name(name) && !visibly_masked(bytes, m.start(), end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites(text: &str) -> bool {
        has_site(text.as_bytes())
    }

    fn unmasked(text: &str) -> bool {
        has_unmasked_field(text.as_bytes())
    }

    #[test]
    fn literal_credential_values_are_candidates() {
        assert!(sites("client_secret: 'abc'"));
        assert!(sites("'X-Api-Key' => \"abc\""));
        assert!(sites("headers['Api-Token'] = 'abc'"));
        assert!(sites("api_key: lambda { 'abc' }"));
        assert!(sites("api_key:\n  <<~KEY\n  abc\n  KEY"));
        assert!(sites("password('abc')"));
        assert!(sites("user 'abc'"));
        assert!(sites("basic_auth(connection['u'], connection['p'])"));
        assert!(sites("get('/x?api_key=abc')"));
    }

    #[test]
    fn references_and_interpolations_are_not() {
        assert!(!sites("client_secret: connection['client_secret']"));
        assert!(!sites("headers('Authorization' => \"Bearer #{token}\")"));
        assert!(!sites("password(connection['password'])"));
        assert!(!sites("connection['user']"));
        assert!(!sites("get('/x?client_id=#{connection[\"id\"]}')"));
        assert!(!sites("name: 'title', hint: 'A title'"));
        assert!(!sites(
            "title: 'Create user', subtitle: \"Create a user's profile\""
        ));
        assert!(sites("error(\"Can't\"); user('AKIAABCDEFGHIJKLMNOP')"));
        assert!(sites("\"#{user('abc')}\""));
    }

    #[test]
    fn secret_fields_are_candidates_unless_visibly_masked() {
        assert!(unmasked("{ name: 'api_key', label: 'API key' }"));
        assert!(unmasked("{ name: 'api_key', type: 'password' }"));
        assert!(unmasked("{ name: :password }"));
        assert!(unmasked(
            "{ name: 'token', control_type: 'password', control_type: 'text' }"
        ));
        assert!(unmasked("{ name: 'token', # control_type: 'password'\n }"));
        assert!(unmasked(
            "{ name: 'api_key', hint: \"control_type: 'password'\" }"
        ));
        assert!(unmasked(
            "{ name: 'api_key', label: 'API key', control_typPI key', control_type: 'password' }"
        ));
        assert!(unmasked(
            "{ name: 'api_key', hint: 'it\\'s', control_type: 'password' }"
        ));
        assert!(unmasked(
            "[{ name: 'api_key', control_type: 'password' pe: 'password' }]"
        ));
        assert!(unmasked("[{ name: 'api_key' control_type: 'password' }]"));
        assert!(unmasked(
            "foo { name: 'api_key', control_type: 'password' }"
        ));
        assert!(!unmasked(
            "[{ name: 'api_key', label: 'Key', control_type: 'password', optional: false, size: -1.5 }]"
        ));
        assert!(!unmasked("[{ name: 'api_key', control_type: 'password' }]"));
        assert!(!unmasked(
            "fields: [\n{\n  'name' => 'client_secret',\n  'control_type' => :password\n}\n]"
        ));
        assert!(!unmasked("{ name: 'client_id', label: 'Client ID' }"));
        assert!(!unmasked("{ name: \"#{prefix}_token\" }"));
    }
}
