//! Credential-named keys with values in text: YAML and `.env` files, JSON fixtures,
//! cassettes, heredocs and form bodies (`key: value`, `KEY=value`, `"key": "value"`,
//! `?key=value&…`), URL userinfo (`scheme://user:password@host`), and YAML lists under
//! a credential header (`Authorization:` then `- Bearer …`).

use std::sync::OnceLock;

use connlint_syntax::TextRange;
use regex::bytes::{Regex, RegexBuilder};

use super::assess::{name_strength, Strength};
use super::ruby::is_credential_header;
use super::values::has_credential_fragment;

/// One value found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextValue<'t> {
    pub key: &'t str,
    pub value: &'t str,
    /// The value's bytes, relative to the scanned text.
    pub range: TextRange,
    /// A query parameter or form field (`?key=…`, `&password=…`).
    pub query: bool,
    /// A header value (a YAML list under `Authorization:`).
    pub header: bool,
    /// The password of URL userinfo (or of `curl -u user:…`).
    pub userinfo: bool,
    /// A weakly named value (`client_id`) within a few lines of a strongly named one
    /// (`client_secret`): the pair of a credential.
    pub paired: bool,
}

fn key_value() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        RegexBuilder::new(
            r#"(?mi)(^|[\s,{?&;"'(])["']?([a-z0-9_.-]*(?:key|secret|token|pass|pwd|auth|cred|client)[a-z0-9_.-]*)["']?[ \t]*(=>|:|=)[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|(\[)|([^\s"',&}#<\[]+))"#,
        )
        .unicode(false)
        .build()
        .expect("valid key-value pattern")
    })
}

fn userinfo() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        RegexBuilder::new(
            r"[a-z][a-z0-9+.-]{1,15}://([^\s:/@'\x22]*):([^\s/@'\x22]+)@[A-Za-z0-9.-]+",
        )
        .unicode(false)
        .build()
        .expect("valid userinfo pattern")
    })
}

/// `curl -u user:password` / `--user user:password` (also `http -a`): the password.
fn curl_user() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        RegexBuilder::new(
            r#"(?:^|\s)(?:-u|--user|-a|--auth)[ \t=]+['"]?[^\s:'"$]+:([^\s'"$]{3,})['"]?"#,
        )
        .unicode(false)
        .build()
        .expect("valid curl user pattern")
    })
}

/// SQL that sets a password: `IDENTIFIED BY 'x'` (MySQL, Oracle), `WITH PASSWORD 'x'`
/// `LOGIN PASSWORD 'x'` and `ENCRYPTED PASSWORD 'x'` (PostgreSQL): the quoted word is the password.
pub(super) fn sql_password() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        RegexBuilder::new(
            r"(?i)\b(?:identified(?:[ \t]+with[ \t]+\w+)?[ \t]+by|(?:with|login|encrypted)[ \t]+password)[ \t]+'([^'\r\n]{1,256})'",
        )
        .unicode(false)
        .build()
        .expect("valid SQL password pattern")
    })
}

/// For a header whose value begins with an auth scheme (`Bearer`, `Basic`, `Token`), the
/// range of the word after it: that word is the credential.
fn scheme_token(text: &str, key: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    if !key.eq_ignore_ascii_case("authorization")
        && !key.to_ascii_lowercase().ends_with("-authorization")
    {
        return None;
    }
    let scheme = &text[start..end];
    if !["bearer", "basic", "token", "digest"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
    {
        return None;
    }
    let rest = &text[end..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let word = rest[gap..]
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '}' | ')' | '\\'))
        .unwrap_or(rest.len() - gap);
    (gap > 0 && word > 0).then_some((end + gap, end + gap + word))
}

/// The credential-named keys with values, and URL passwords, in `text`.
pub fn scan(text: &str) -> Vec<TextValue<'_>> {
    let mut out = Vec::new();
    if !has_credential_fragment(text)
        && !text.contains("://")
        && !sql_password().is_match(text.as_bytes())
    {
        return out;
    }
    let mut at = 0;
    while let Some(caps) = key_value().captures_at(text.as_bytes(), at) {
        let whole = caps.get(0).expect("a match");
        at = whole.end().max(at + 1);
        let (Some(key), Some(sep)) = (caps.get(2), caps.get(3)) else {
            continue;
        };
        let key_text = &text[key.start()..key.end()];
        // `"Authorization": ["Bearer …"]`, `api_keys: [k1, k2]`: the elements are the
        // values, under the key's name.
        if let Some(open) = caps.get(6) {
            let header = is_credential_header(key_text);
            if name_strength(key_text) > Strength::None || header {
                for (start, end) in flow_list(text, open.end()) {
                    push_value(text, &mut out, key_text, (start, end), false, header);
                }
            }
            continue;
        }
        let Some(value) = caps.get(4).or(caps.get(5)).or(caps.get(7)) else {
            continue;
        };
        // `otpauth://…?secret=…`: a URL scheme is no key; its query is read on.
        if sep.as_bytes() == b":" && text.as_bytes()[value.start()..].starts_with(b"//") {
            at = value.start();
            continue;
        }
        // `pass :ssl_verify => false`: a word before a Ruby symbol in a message, not a key.
        if sep.as_bytes() == b":" && text[key.end()..sep.start()].contains([' ', '\t']) {
            continue;
        }
        // `private_key: |`: a YAML block scalar, whose lines below are the value (a key
        // block there is the provider detectors' to judge), not `|`.
        if caps.get(7).is_some_and(|v| {
            matches!(
                &text.as_bytes()[v.start()..v.end()],
                b"|" | b"|-" | b"|+" | b">" | b">-" | b">+"
            )
        }) {
            continue;
        }
        let header = is_credential_header(key_text) && key_text.contains('-');
        if name_strength(key_text) == Strength::None && !header {
            continue;
        }
        let prefix = caps.get(1).map_or("", |p| &text[p.start()..p.end()]);
        let query = sep.as_bytes() == b"=" && matches!(prefix, "?" | "&");
        // The `?token=` of a Workato share link is the public part of a link made to be
        // shared (adapter listings hold many).
        if query && key_text == "token" && share_link(&text[..key.start()]) {
            continue;
        }
        push_value(
            text,
            &mut out,
            key_text,
            (value.start(), value.end()),
            query,
            header,
        );
    }
    yaml_header_lists(text, &mut out);
    pair_up(text, &mut out);
    // The password of `curl -u user:…`, of `scheme://user:…@host` and of SQL (named
    // by the statement, not used in a URL).
    for (pattern, group, userinfo) in [
        (curl_user(), 1, true),
        (userinfo(), 2, true),
        (sql_password(), 1, false),
    ] {
        for password in pattern
            .captures_iter(text.as_bytes())
            .filter_map(|caps| caps.get(group))
        {
            out.push(TextValue {
                key: "password",
                value: &text[password.start()..password.end()],
                range: TextRange::new(password.start(), password.end()),
                query: false,
                header: false,
                userinfo,
                paired: false,
            });
        }
    }
    out
}

/// Adds the value at `start..end` under `key`; for `Authorization: Bearer <token>` the
/// credential is the word after the scheme.
fn push_value<'t>(
    text: &'t str,
    out: &mut Vec<TextValue<'t>>,
    key: &'t str,
    (start, end): (usize, usize),
    query: bool,
    header: bool,
) {
    let ((start, end), header) = match scheme_token(text, key, start, end) {
        Some(token) => (token, true),
        None => ((start, end), header),
    };
    out.push(TextValue {
        key,
        value: &text[start..end],
        range: TextRange::new(start, end),
        query,
        header,
        userinfo: false,
        paired: false,
    });
}

/// The elements of a one-line list of scalars that opens at `at` (just after `[`):
/// quoted strings or bare words, up to `]`. A nested list or object ends the reading
/// (its elements are no values of the key).
fn flow_list(text: &str, at: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = at;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b',') {
            i += 1;
        }
        match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != q && bytes[j] != b'\n' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if bytes.get(j) != Some(&q) {
                    return out;
                }
                out.push((start, j));
                i = j + 1;
            }
            Some(b']') | None => return out,
            Some(b'[' | b'{' | b'\n' | b'\r') => return out,
            Some(_) => {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b',' | b']' | b'\n' | b'\r') {
                    i += 1;
                }
                let end = start + text[start..i].trim_end().len();
                if end > start {
                    out.push((start, end));
                }
            }
        }
    }
}

/// Lines apart that a `client_id` and its `client_secret` may stand.
const PAIR_LINES: usize = 3;

/// Marks weakly named values with a strongly named one close by.
fn pair_up(text: &str, out: &mut [TextValue]) {
    if !out.iter().any(|v| name_strength(v.key) == Strength::Weak) {
        return;
    }
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
        .collect();
    let line_of = |at: usize| newlines.partition_point(|&n| n < at);
    let mut strong: Vec<usize> = out
        .iter()
        .filter(|v| name_strength(v.key) >= Strength::Medium)
        .map(|v| line_of(v.range.start))
        .collect();
    strong.sort_unstable();
    if strong.is_empty() {
        return;
    }
    for value in out
        .iter_mut()
        .filter(|v| name_strength(v.key) == Strength::Weak)
    {
        let line = line_of(value.range.start);
        let first = strong.partition_point(|&s| s + PAIR_LINES < line);
        value.paired = strong.get(first).is_some_and(|&s| s <= line + PAIR_LINES);
    }
}

/// Whether the URL that `before` ends in is a Workato share link.
fn share_link(before: &str) -> bool {
    let url = before
        .rsplit([' ', '"', '\'', '(', '<'])
        .next()
        .unwrap_or(before);
    let host = url
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("");
    host == "workato.com" || host.ends_with(".workato.com")
}

/// A key alone on a line, then its YAML block list: `Authorization:` then `- Bearer …`
/// (how VCR cassettes record headers), `api_keys:` then `- k1`, `- k2`. A header's
/// items are header values; a credential name's items are its values.
fn yaml_header_lists<'t>(text: &'t str, out: &mut Vec<TextValue<'t>>) {
    let mut offset = 0;
    // The key whose list may follow, whether it is a header, and its indentation.
    let mut pending: Option<(&'t str, bool, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if let Some((key, header, key_indent)) = pending {
            match trimmed.strip_prefix("- ") {
                Some(item) if indent >= key_indent => {
                    let item = item.split(" #").next().unwrap_or(item).trim();
                    let item = item.trim_matches(['"', '\'']);
                    let start = offset + line.find(item).unwrap_or(0);
                    out.push(TextValue {
                        key,
                        value: item,
                        range: TextRange::new(start, start + item.len()),
                        query: false,
                        header,
                        userinfo: false,
                        paired: false,
                    });
                }
                _ => pending = None,
            }
        }
        if let Some(key) = trimmed.strip_suffix(':') {
            let key = key.trim_matches(['"', '\'']);
            let header = is_credential_header(key);
            if !key.contains(' ') && (header || name_strength(key) > Strength::None) {
                pending = Some((key, header, indent));
            }
        }
        offset += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_id_pairs_with_a_secret_close_by() {
        let paired = |text: &str| -> Vec<(String, bool)> {
            scan(text)
                .into_iter()
                .map(|v| (v.key.to_owned(), v.paired))
                .collect()
        };
        let near = "client_id: abc123def456\nclient_secret: s3kr1tV4lu3xyz\n";
        assert_eq!(
            paired(near),
            [
                ("client_id".to_owned(), true),
                ("client_secret".to_owned(), false)
            ]
        );
        let far = format!(
            "client_id: abc123def456\n{}client_secret: s3kr1tV4lu3xyz\n",
            "a: b\n".repeat(4)
        );
        assert_eq!(paired(&far)[0], ("client_id".to_owned(), false));
        assert!(!paired("client_id: abc123def456\n")[0].1);
    }

    #[test]
    fn schemes_share_links_and_message_words_are_no_keys() {
        let keys = |text: &str| -> Vec<String> {
            scan(text).into_iter().map(|v| v.value.to_owned()).collect()
        };
        assert_eq!(
            keys("otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme"),
            ["JBSWY3DPEHPK3PXP"]
        );
        assert!(
            keys("https://app.workato.com/custom_adapters/1?token=8f3a9c2e7b1d4f6a").is_empty()
        );
        assert_eq!(
            keys("https://api.acme.io/x?token=8f3a9c2e7b1d4f6a"),
            ["8f3a9c2e7b1d4f6a"]
        );
        assert!(keys("pass :ssl_verify => false to skip it").is_empty());
    }

    fn values(text: &str) -> Vec<(&str, &str)> {
        scan(text).into_iter().map(|v| (v.key, v.value)).collect()
    }

    #[test]
    fn forms() {
        assert_eq!(values("api_key: abc123xyz"), [("api_key", "abc123xyz")]);
        assert_eq!(values("ACME_TOKEN=\"q1w2e3\""), [("ACME_TOKEN", "q1w2e3")]);
        assert_eq!(
            values(r#"{"access_token":"Zx9","token_type":"Bearer"}"#),
            [("access_token", "Zx9")]
        );
        assert_eq!(
            values("grant_type=x&client_secret=s3cr3t&code=1"),
            [("client_secret", "s3cr3t")]
        );
        assert_eq!(
            values("postgres://app:pw9@db.internal:5432/x"),
            [("password", "pw9")]
        );
        assert_eq!(
            values("    Authorization:\n    - Bearer abc\n"),
            [("Authorization", "Bearer abc")]
        );
        assert!(values("name: subject\nlabel: Subject").is_empty());
    }

    #[test]
    fn lists_hold_values_under_the_key() {
        assert_eq!(
            values(
                r#"{"headers":{"Authorization":["Session q1w2e3r4"],"X-Api-Token":["a1", 'b2']}}"#
            ),
            [
                ("Authorization", "Session q1w2e3r4"),
                ("X-Api-Token", "a1"),
                ("X-Api-Token", "b2")
            ]
        );
        assert_eq!(
            values("api_keys: [k1x, k2y]"),
            [("api_keys", "k1x"), ("api_keys", "k2y")]
        );
        assert_eq!(
            values("api_keys:\n  - k1x\n  - 'k2y'\nname: x\n- not_a_key\n"),
            [("api_keys", "k1x"), ("api_keys", "k2y")]
        );
        assert!(values(r#"{"tokens": [{"id": 1}], "scopes": ["read"]}"#).is_empty());
    }
}
