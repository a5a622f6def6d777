//! Judgements about a literal value and a key name, shared by every credential rule so
//! that "what counts as a placeholder" has one answer.

use super::vocabulary::{
    CONVENTIONS, GENERIC_WORDS, MASKED_MIN_LEN, NOT_SECRET_PARTS, NOT_SECRET_SUFFIXES,
    PASSWORD_WORDS, PLACEHOLDER_MARKERS, PROSE_MAX_LEN, REPEATING_MAX_DISTINCT, REPEATING_MIN_LEN,
    SECRET_NAMES, SECRET_PARTS,
};

/// What a literal in a credential position holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueClass {
    Empty,
    /// `'********'`: already hidden.
    Masked,
    /// A documented convention, not a secret: Toggl's `password('api_token')`, the `X`
    /// password of APIs that take the key as the user name.
    Convention,
    /// Left for the author to fill in; the connector cannot work as published.
    Placeholder(&'static str),
    /// Might be a real credential.
    Candidate,
}

/// A recipe datapill or formula (`=_('data.http.token')`, `#{_dp('…')}`): an
/// expression that reads a value at run time, in recipe JSON that is not named
/// `*.recipe.json` (docs, templates).
fn is_recipe_expression(value: &str) -> bool {
    ["=_(", "=_dp(", "#{_(", "#{_dp("]
        .iter()
        .any(|p| value.starts_with(p))
}

/// `doesThisNeedToBeInRepo?`: letters asking or exclaiming, a note to the reader where
/// the value goes. No generated key ends in `?` after letters only.
fn is_question(value: &str) -> bool {
    value.strip_suffix(['?', '!']).is_some_and(|rest| {
        rest.len() >= 4 && rest.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
    })
}

pub fn value_class(value: &str) -> ValueClass {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return ValueClass::Empty;
    }
    if trimmed.len() >= MASKED_MIN_LEN && trimmed.chars().all(|c| matches!(c, '*' | '•' | '#')) {
        return ValueClass::Masked;
    }
    let lower = trimmed.to_ascii_lowercase();
    if CONVENTIONS.contains(&lower.as_str()) || is_recipe_expression(trimmed) {
        return ValueClass::Convention;
    }
    if GENERIC_WORDS.contains(&lower.as_str()) {
        return ValueClass::Placeholder("a generic word, not a value");
    }
    if let Some((_, reason)) = PLACEHOLDER_MARKERS.iter().find(|(m, _)| lower.contains(m)) {
        return ValueClass::Placeholder(reason);
    }
    if (trimmed.starts_with('<') && trimmed.ends_with('>'))
        || (trimmed.starts_with('[') && trimmed.ends_with(']'))
    {
        return ValueClass::Placeholder("placeholder (<…>)");
    }
    let distinct = {
        let mut seen: Vec<char> = trimmed.chars().collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    };
    if trimmed.chars().count() >= REPEATING_MIN_LEN && distinct <= REPEATING_MAX_DISTINCT {
        return ValueClass::Placeholder("repeating pattern");
    }
    if is_all_caps_name(trimmed) {
        return ValueClass::Placeholder("an all-caps name");
    }
    let words = trimmed
        .split_whitespace()
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .count();
    // Short single-line values only: key blocks (`-----BEGIN … KEY-----`) have words too.
    let short_line =
        trimmed.len() <= PROSE_MAX_LEN && !trimmed.contains('\n') && !trimmed.contains("\\n");
    if short_line && trimmed.contains(' ') && words >= 2 {
        return ValueClass::Placeholder("prose");
    }
    if is_question(trimmed) {
        return ValueClass::Placeholder("a question");
    }
    ValueClass::Candidate
}

/// `CLIENT_SECRET`, `MY_API_KEY`, `SECRET`: names of a value, not the value. Long runs
/// of capitals without underscores are left alone: base32 keys look like that.
fn is_all_caps_name(s: &str) -> bool {
    let caps_digits_underscore = s
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !caps_digits_underscore || !s.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    if s.contains('_') {
        return s
            .split('_')
            .all(|part| part.chars().filter(char::is_ascii_digit).count() <= 2);
    }
    s.len() <= 16 && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Shannon entropy in bits per byte.
pub fn entropy(value: &str) -> f64 {
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// `clientSecret`, `my_api_key`, `acme-prod`: identifiers made of words. Such values
/// are rarely random secrets, so entropy alone never reports them.
pub fn reads_like_words(value: &str) -> bool {
    if value.is_empty() || value.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut words = Vec::new();
    let mut current = String::new();
    for c in value.chars() {
        if c == '_' || c == '-' || c == '.' || c == ' ' {
            words.push(std::mem::take(&mut current));
        } else if c.is_ascii_uppercase()
            && current
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_lowercase())
        {
            words.push(std::mem::take(&mut current));
            current.push(c);
        } else if c.is_ascii_alphabetic() {
            current.push(c);
        } else {
            return false;
        }
    }
    words.push(current);
    let vowels = |w: &str| w.chars().any(|c| "aeiouyAEIOUY".contains(c));
    words
        .iter()
        .filter(|w| !w.is_empty())
        .all(|w| w.len() >= 2 && vowels(w))
}

/// Whether `name` holds (case-insensitively) a fragment of every credential word —
/// `key`, `sec`ret, `tok`en, `pas`sword, `pwd`, `aut`h, `cre`dential, `cli`ent, `pep`per,
/// `sal`t —
/// checked on the bytes before any allocation: most names are `name`, `type`, `label`.
pub fn has_credential_fragment(name: &str) -> bool {
    name.as_bytes().windows(3).any(|w| {
        matches!(
            [w[0] | 0x20, w[1] | 0x20, w[2] | 0x20],
            [b'k', b'e', b'y']
                | [b's', b'e', b'c']
                | [b't', b'o', b'k']
                | [b'p', b'a', b's']
                | [b'p', b'w', b'd']
                | [b'a', b'u', b't']
                | [b'c', b'r', b'e']
                | [b'c', b'l', b'i']
                | [b'p', b'e', b'p']
                | [b's', b'a', b'l']
        )
    })
}

/// Whether one word of `name` (split at separators and camel case) is `pass`, `pwd` or
/// `passwd`: `root_pass_master`, `@user_pwd`, `dbPass`.
pub(super) fn has_password_word(name: &str) -> bool {
    let mut word = String::new();
    let mut previous_lower = false;
    let mut words = Vec::new();
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() || c.is_ascii_uppercase() && previous_lower {
            words.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        }
        previous_lower = c.is_ascii_lowercase();
    }
    words.push(word);
    words.iter().any(|w| PASSWORD_WORDS.contains(&w.as_str()))
}

/// Whether a key or field name says its value is a credential (`api_key`, `X-Api-Key`,
/// `clientSecret`, `refresh_token`) — but not `token_url`, `password_field`, `page_token`.
pub fn is_secret_name(name: &str) -> bool {
    if !has_credential_fragment(name) {
        return false;
    }
    let normalized: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if SECRET_NAMES.contains(&normalized.as_str()) {
        return true;
    }
    if !SECRET_PARTS.iter().any(|p| normalized.contains(p)) && !has_password_word(name) {
        return false;
    }
    !NOT_SECRET_SUFFIXES
        .iter()
        .any(|s| normalized.ends_with(s) && normalized.len() > s.len())
        && !NOT_SECRET_PARTS.iter().any(|p| normalized.contains(p))
}

/// Claims that say when, by whom and over what a token was signed, not who it lets in.
const MESSAGE_CLAIMS: &[&str] = &["iss", "iat", "nbf", "exp", "jti", "nonce", "typ", "ver"];

/// Whether the JWT's payload decodes to claims that are all timing, issuer, nonce or
/// hashes of the signed request (`url_hash`, `payload_hash`): no subject, audience,
/// scope, client or user. A payload that does not decode is judged as a token.
pub(super) fn jwt_signs_a_message(token: &str) -> bool {
    use base64::Engine;
    let Some(payload) = token.split('.').nth(1) else {
        return false;
    };
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Ok(bytes) = engine.decode(payload.trim_end_matches('=')) else {
        return false;
    };
    let Ok(serde_json::Value::Object(claims)) = serde_json::from_slice(&bytes) else {
        return false;
    };
    !claims.is_empty()
        && claims
            .keys()
            .all(|k| MESSAGE_CLAIMS.contains(&k.as_str()) || k.ends_with("_hash"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "YOUR_CLIENT_ID",
            "REPLACE_WITH_CLIENT_ID",
            "<api-key>",
            "xxxx",
            "abababab",
            "CLIENT_SECRET",
            "SECRET",
            "enter your key here",
            "your-api-key",
            "sk_live_...",
            "${API_KEY}",
            "{{token}}",
            "password",
            "[token]",
        ] {
            assert!(matches!(value_class(p), ValueClass::Placeholder(_)), "{p}");
        }
        assert_eq!(value_class("********"), ValueClass::Masked);
        assert_eq!(value_class("api_token"), ValueClass::Convention);
        assert_eq!(value_class("X"), ValueClass::Convention);
        assert_eq!(value_class(""), ValueClass::Empty);
        for real in [
            "acme",
            "k3Yx9fQ2LmP0sT7v",
            "AKIAQWERTYUIOPASDFGH",
            "s3cr3t!",
        ] {
            assert_eq!(value_class(real), ValueClass::Candidate, "{real}");
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "api_key",
            "X-Api-Key",
            "clientSecret",
            "refresh_token",
            "password",
            "private_key",
            "Authorization",
            "pwd",
            "auth_token",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "token_url",
            "password_field",
            "next_page_token",
            "client_id",
            "name",
            "token_type",
            "key",
            "secret_name",
            "api_key_header",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn words_and_entropy() {
        assert!(reads_like_words("clientSecret"));
        assert!(reads_like_words("my_api_key"));
        assert!(!reads_like_words("k3Yx9fQ2"));
        assert!(!reads_like_words("xkcdqwrtz"));
        assert!(entropy("aaaa") < 0.01);
        assert!(entropy("k3Yx9fQ2LmP0sT7vB8nW") > 4.0);
    }
}
