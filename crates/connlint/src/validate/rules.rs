//! The validators of `rules/validators.toml`: which findings each one asks about, the
//! request it sends, and how it reads the answer.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

const BUILTIN: &str = include_str!("../../../../rules/validators.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    validator: Vec<Validator>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

/// HTTP Basic credentials, with placeholders.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basic {
    pub user: String,
    pub password: String,
}

/// A request signature computed in code (nothing else needs one yet).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    pub scheme: SignScheme,
    pub region: String,
    pub service: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum SignScheme {
    #[serde(rename = "aws-sigv4")]
    AwsSigV4,
}

/// A JSON value a field must have: only what identity endpoints answer with.
#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Expected {
    Bool(bool),
    Text(String),
}

/// One answer shape: every part given must hold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Condition {
    pub status: Vec<u16>,
    /// Top-level fields of a JSON body and their values.
    #[serde(default)]
    pub json: BTreeMap<String, Expected>,
    /// Top-level fields a JSON body must have, whatever their values.
    #[serde(default)]
    pub json_has: Vec<String>,
    #[serde(default)]
    pub body_contains: Option<String>,
}

impl Condition {
    pub fn holds(&self, status: u16, body: &[u8]) -> bool {
        if !self.status.contains(&status) {
            return false;
        }
        if let Some(needle) = &self.body_contains {
            let needle = needle.as_bytes();
            if !body.windows(needle.len()).any(|w| w == needle) {
                return false;
            }
        }
        if self.json.is_empty() && self.json_has.is_empty() {
            return true;
        }
        let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(body) else {
            return false;
        };
        let fields_hold =
            self.json
                .iter()
                .all(|(key, expected)| match (object.get(key), expected) {
                    (Some(serde_json::Value::Bool(b)), Expected::Bool(e)) => b == e,
                    (Some(serde_json::Value::String(s)), Expected::Text(e)) => s == e,
                    _ => false,
                });
        fields_hold && self.json_has.iter().all(|key| object.contains_key(key))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Validator {
    pub id: String,
    pub name: String,
    /// Detector ids whose values this validator checks.
    #[serde(default)]
    pub detectors: Vec<String>,
    /// The shape of a value a credential rule found without naming a detector; such a
    /// value is checked only when its partner (`pair`) is in the same file.
    #[serde(default, rename = "secret-pattern")]
    secret_pattern: Option<String>,
    #[serde(skip)]
    pub secret_shape: Option<regex::Regex>,
    /// Detector ids of the partner value (`{id}`), looked for in the same file.
    #[serde(default)]
    pub pair: Vec<String>,
    /// A rule whose finding holds both values itself (an OAuth client id and secret).
    #[serde(default)]
    pub rule: Option<connlint_linter::RuleId>,
    pub method: Method,
    pub url: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub form: BTreeMap<String, String>,
    #[serde(default)]
    pub basic: Option<Basic>,
    #[serde(default)]
    pub sign: Option<Sign>,
    pub live: Vec<Condition>,
    pub dead: Vec<Condition>,
}

impl Validator {
    /// Whether the request needs a partner value.
    pub fn needs_id(&self) -> bool {
        !self.pair.is_empty() || self.rule.is_some()
    }

    /// Every text of the request that may hold placeholders.
    fn templates(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.url.as_str())
            .chain(self.headers.values().map(String::as_str))
            .chain(self.form.values().map(String::as_str))
            .chain(
                self.basic
                    .iter()
                    .flat_map(|b| [b.user.as_str(), b.password.as_str()]),
            )
    }

    fn check(&mut self) -> Result<(), String> {
        let id = self.id.clone();
        let fail = |what: String| Err(format!("validator `{id}`: {what}"));
        if self.detectors.is_empty() && self.secret_pattern.is_none() && self.rule.is_none() {
            return fail("applies to nothing (no detectors, secret-pattern or rule)".into());
        }
        if self.secret_pattern.is_some() && self.pair.is_empty() {
            return fail("a secret-pattern is only tried beside its pair".into());
        }
        if let Some(pattern) = &self.secret_pattern {
            self.secret_shape =
                Some(regex::Regex::new(pattern).map_err(|e| format!("validator `{id}`: {e}"))?);
        }
        if self.live.is_empty() || self.dead.is_empty() {
            return fail("needs `live` and `dead` conditions".into());
        }
        for template in self.templates() {
            for name in placeholders(template) {
                let allowed = match name {
                    "secret" => true,
                    "id" => self.needs_id(),
                    "token_url" => self.rule.is_some(),
                    _ => false,
                };
                if !allowed {
                    return fail(format!("placeholder {{{name}}} has no value here"));
                }
            }
        }
        if !self.templates().any(|t| t.contains("{secret}")) && self.sign.is_none() {
            return fail("the request never sends {secret}".into());
        }
        Ok(())
    }
}

/// The names between braces in a template.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// Parses and checks a validators file.
pub fn parse(text: &str) -> Result<Vec<Validator>, String> {
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut validators = file.validator;
    for v in &mut validators {
        v.check()?;
    }
    for (i, v) in validators.iter().enumerate() {
        if validators[..i].iter().any(|o| o.id == v.id) {
            return Err(format!("validator id `{}` is used twice", v.id));
        }
    }
    Ok(validators)
}

/// The built-in validators; `cargo test` proves the file parses.
pub fn builtin() -> &'static [Validator] {
    static VALIDATORS: LazyLock<Vec<Validator>> =
        LazyLock::new(|| parse(BUILTIN).expect("rules/validators.toml is checked by a test"));
    &VALIDATORS
}

/// `template` with its placeholders replaced; `encode` percent-encodes each value (for
/// URLs and forms).
pub fn fill(template: &str, values: &[(&str, &str)], encode: bool) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        let value = if encode {
            percent_encode(value)
        } else {
            (*value).to_owned()
        };
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    out
}

/// RFC 3986 unreserved characters stay; every other byte is `%XX` (also what SigV4
/// wants of a form body).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use connlint_linter::secrets::SecretsEngine;

    #[test]
    fn the_builtin_validators_parse_and_name_real_detectors_and_rules() {
        let validators = parse(BUILTIN).unwrap();
        let engine = SecretsEngine::builtin_ref();
        for v in &validators {
            for id in v.detectors.iter().chain(&v.pair) {
                assert!(
                    engine.detectors().iter().any(|d| &d.id == id),
                    "validator `{}` names no detector `{id}`",
                    v.id
                );
            }
        }
        let ids: Vec<&str> = validators.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "github",
                "slack",
                "stripe",
                "openai",
                "aws-sts",
                "google-api-key",
                "twilio",
                "oauth-client-credentials"
            ]
        );
    }

    #[test]
    fn a_validator_that_misuses_placeholders_is_refused() {
        let base = r#"[[validator]]
id = "x"
name = "x"
detectors = ["github-classic-pat"]
method = "GET"
live = [{ status = [200] }]
dead = [{ status = [401] }]
"#;
        let with = |extra: &str| parse(&format!("{base}{extra}"));
        assert!(with("url = \"https://x.example/{secret}\"").is_ok());
        assert_eq!(
            with("url = \"https://x.example/{id}/{secret}\"").unwrap_err(),
            "validator `x`: placeholder {id} has no value here"
        );
        assert_eq!(
            with("url = \"https://x.example/\"").unwrap_err(),
            "validator `x`: the request never sends {secret}"
        );
        assert!(with("url = \"https://x.example/{secret}\"\nbogus = 1").is_err());
    }

    #[test]
    fn conditions_read_status_json_fields_and_body_text() {
        let c = |text: &str| toml::from_str::<Condition>(text).unwrap();
        let slack_dead = c("status = [200]\njson = { ok = false }");
        assert!(slack_dead.holds(200, br#"{"ok":false,"error":"invalid_auth"}"#));
        assert!(!slack_dead.holds(200, br#"{"ok":true}"#));
        assert!(!slack_dead.holds(200, b"not json"));
        assert!(!slack_dead.holds(500, br#"{"ok":false}"#));
        let token = c("status = [200]\njson-has = [\"access_token\"]");
        assert!(token.holds(200, br#"{"access_token":"x","token_type":"bearer"}"#));
        assert!(!token.holds(200, br#"{"token_type":"bearer"}"#));
        let google = c("status = [400]\nbody-contains = \"API_KEY_INVALID\"");
        assert!(google.holds(
            400,
            br#"{"error":{"details":[{"reason":"API_KEY_INVALID"}]}}"#
        ));
        assert!(!google.holds(400, b"{}"));
    }

    #[test]
    fn values_are_percent_encoded_in_urls_and_forms() {
        assert_eq!(percent_encode("a b/c+d~e"), "a%20b%2Fc%2Bd~e");
        assert_eq!(
            fill(
                "https://x/{id}.json?k={secret}",
                &[("id", "A/1"), ("secret", "s&")],
                true
            ),
            "https://x/A%2F1.json?k=s%26"
        );
    }
}
