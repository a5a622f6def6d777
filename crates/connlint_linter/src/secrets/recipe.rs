//! Credential candidates of a recipe: the literal text of step inputs (headers, key/value
//! lists, bodies, URLs), of `extended_input_schema` defaults and of condition operands.
//! Datapills (`#{_dp('…')}`, `#{_('data.…')}`) and formulas (`=_dp(…) + "…"`) are
//! expressions: a datapill is never a candidate, the literals of a formula are. Each
//! candidate becomes the same [`Evidence`] a Ruby literal would, so one model judges.

use connlint_syntax::json::{Json, Value};
use connlint_syntax::recipe::{Recipe, Step};
use connlint_syntax::TextRange;

use super::assess::{Binding, Evidence, Role, Sink};
use super::collect::strip_scheme;
use super::position::Place;
use super::ruby::is_credential_header;
use super::text::scan;

/// One candidate, with where a message says it is.
pub(crate) struct RecipeValue<'t> {
    pub evidence: Evidence<'t>,
    /// `step 3 (rest make_request)`.
    pub step: String,
    /// `input.headers.Authorization`.
    pub path: String,
}

struct Walk<'r, 't> {
    text: &'t str,
    role: Role,
    step: &'r Step<'r, 't>,
    out: Vec<RecipeValue<'t>>,
}

/// The candidates of every step of `recipe`; `text` is the file's.
pub(crate) fn recipe_values<'t>(
    recipe: &Recipe<'_, 't>,
    text: &'t str,
    role: Role,
) -> Vec<RecipeValue<'t>> {
    let mut out = Vec::new();
    for step in &recipe.steps {
        let mut walk = Walk {
            text,
            role,
            step,
            out: Vec::new(),
        };
        if let Some(input) = step.get("input") {
            walk.value(input, "input", None);
        }
        if let Some(schema) = step.get("extended_input_schema") {
            walk.schema(schema, "extended_input_schema");
        }
        out.append(&mut walk.out);
    }
    out
}

/// The last element of the `path` of the first datapill in `raw`: the name of the field
/// a condition compares (`["headers","X-Api-Key"]` → `X-Api-Key`).
fn pill_field(raw: &str) -> Option<&str> {
    let path = raw.find("path")?;
    let rest = &raw[path..];
    let list = &rest[rest.find('[')? + 1..rest.find(']')?];
    list.rsplit(',')
        .next()
        .map(|s| s.trim().trim_matches(['\\', '"', '\'']))
        .filter(|s| !s.is_empty())
}

impl<'r, 't> Walk<'r, 't> {
    fn raw(&self, range: TextRange) -> &'t str {
        &self.text[range.start..range.end]
    }

    /// Walks a value of `input`; `name` is the key it is under.
    fn value(&mut self, json: &Json<'t>, path: &str, name: Option<&'t str>) {
        match &json.value {
            Value::String(_, inner) => {
                if let Some(name) = name {
                    self.string(*inner, path, name);
                }
            }
            Value::Array(elements) => {
                for element in elements {
                    self.value(element, path, name);
                }
            }
            Value::Object(members) => {
                // `{"key": "Authorization", "value": "Bearer …"}`: a header or parameter
                // list names the value by the key's text.
                let named = ["key", "name", "header"]
                    .iter()
                    .find_map(|k| json.get(k).and_then(|k| k.string_range()));
                if let (Some(key), Some(value)) =
                    (named, json.get("value").and_then(Json::string_range))
                {
                    let key = self.raw(key);
                    self.string(value, &format!("{path}.{key}"), key);
                    return;
                }
                // A condition: `rhs` is compared with the field `lhs` names.
                if let (Some(lhs), Some(rhs)) = (
                    json.get("lhs").and_then(Json::string_range),
                    json.get("rhs").and_then(Json::string_range),
                ) {
                    if let Some(field) = pill_field(self.raw(lhs)) {
                        self.string_bound(rhs, &format!("{path}.rhs"), field, Binding::Compared);
                    }
                }
                for member in members {
                    let key = self.raw(TextRange::new(
                        member.key_range.start + 1,
                        member.key_range.end - 1,
                    ));
                    self.value(&member.value, &format!("{path}.{key}"), Some(key));
                }
            }
            _ => {}
        }
    }

    /// `extended_input_schema`: the `default` of each field, named by the field.
    fn schema(&mut self, json: &Json<'t>, path: &str) {
        for field in json.elements().into_iter().flatten() {
            let name = field
                .get("name")
                .and_then(Json::string_range)
                .map(|r| self.raw(r));
            if let (Some(name), Some(default)) =
                (name, field.get("default").and_then(Json::string_range))
            {
                self.string_bound(
                    default,
                    &format!("{path}.{name}.default"),
                    name,
                    Binding::FieldDefault,
                );
            }
            if let Some(properties) = field.get("properties") {
                self.schema(properties, path);
            }
        }
    }

    fn string(&mut self, inner: TextRange, path: &str, name: &'t str) {
        self.string_bound(inner, path, name, Binding::Key);
    }

    /// The literal parts of one string value: the text between datapills, or the
    /// quoted literals of a formula.
    fn string_bound(&mut self, inner: TextRange, path: &str, name: &'t str, binding: Binding) {
        let raw = self.raw(inner);
        let parts = if raw.starts_with('=') {
            formula_literals(raw)
        } else {
            outside_pills(raw)
        };
        for (start, end) in parts {
            let range = TextRange::new(inner.start + start, inner.start + end);
            self.part(range, path, name, binding);
        }
    }

    fn part(&mut self, range: TextRange, path: &str, name: &'t str, binding: Binding) {
        let value = self.raw(range);
        // A header only under `headers` (`primary_key` of an upsert is a field name).
        let header = is_credential_header(name)
            && (name.eq_ignore_ascii_case("authorization") || path.contains("header"));
        let (value, range) = if header {
            let (value, range, _) = strip_scheme(value.trim(), trimmed(value, range));
            (value, range)
        } else {
            (value.trim(), trimmed(value, range))
        };
        if value.is_empty() {
            return;
        }
        let in_request = self.step.is_connector_step();
        let evidence = Evidence {
            value,
            range,
            name: Some((name, binding)),
            sink: header.then_some((Sink::Header, range.start)),
            place: Place::Code,
            role: self.role,
            credential_position: header,
            in_request,
            paired: false,
        };
        self.push(evidence, path);
        // Bodies and URLs: `?api_key=…`, `"token": "…"`, `https://user:pass@host`.
        // In raw JSON an escaped quote (`\"token\": \"…\"`) is two bytes: a value the
        // scan starts at a backslash is the escape, not text.
        for found in scan(value)
            .into_iter()
            .filter(|f| !f.value.starts_with('\\'))
        {
            let inner = TextRange::new(
                range.start + found.range.start,
                range.start + found.range.end,
            );
            let sink = if found.userinfo {
                Some((Sink::UrlUserinfo, inner.start))
            } else if found.query {
                Some((Sink::UrlQuery, inner.start))
            } else {
                None
            };
            let evidence = Evidence {
                value: found.value,
                range: inner,
                name: Some((found.key, Binding::TextKey)),
                sink,
                place: Place::Code,
                role: self.role,
                credential_position: found.header,
                in_request,
                paired: found.paired,
            };
            self.push(evidence, path);
        }
    }

    fn push(&mut self, evidence: Evidence<'t>, path: &str) {
        self.out.push(RecipeValue {
            evidence,
            step: self.step.label(),
            path: path.to_owned(),
        });
    }
}

fn trimmed(value: &str, range: TextRange) -> TextRange {
    let start = range.start + (value.len() - value.trim_start().len());
    TextRange::new(start, start + value.trim().len())
}

/// The byte ranges of `raw` outside `#{…}` datapills and interpolations.
fn outside_pills(raw: &str) -> Vec<(usize, usize)> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let (mut at, mut from) = (0, 0);
    while at + 1 < bytes.len() {
        if bytes[at] == b'#' && bytes[at + 1] == b'{' {
            out.push((from, at));
            at = balanced(bytes, at + 1, b'{', b'}');
            from = at;
        } else {
            at += 1;
        }
    }
    out.push((from, raw.len()));
    out.retain(|(s, e)| e > s);
    out
}

/// The index after the bracket that closes the one at `open` (the end, unclosed).
fn balanced(bytes: &[u8], open: usize, left: u8, right: u8) -> usize {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        if b == left {
            depth += 1;
        } else if b == right {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    bytes.len()
}

/// The contents of the string literals of a formula (`="Bearer " + _dp('…')`), in the
/// raw JSON text (so `"` is `\"`); the arguments of `_dp(…)` and `_(…)` are datapills.
fn formula_literals(raw: &str) -> Vec<(usize, usize)> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut at = 1;
    while at < bytes.len() {
        let rest = &raw[at..];
        if rest.starts_with("_dp(") || rest.starts_with("_(") {
            at = balanced(bytes, at + rest.find('(').unwrap_or(0), b'(', b')');
        } else if rest.starts_with("\\\"") {
            let body = at + 2;
            let end = raw[body..].find("\\\"").map_or(raw.len(), |e| body + e);
            out.push((body, end));
            at = end + 2;
        } else if bytes[at] == b'\'' {
            let body = at + 1;
            let end = raw[body..].find('\'').map_or(raw.len(), |e| body + e);
            out.push((body, end));
            at = end + 1;
        } else {
            // By characters: a formula may hold any text (`="Café " + …`).
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out.retain(|(s, e)| e > s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datapills_are_expressions() {
        let raw = r#"Bearer #{_dp('{\"pill_type\":\"output\",\"path\":[\"token\"]}')} tail"#;
        let parts: Vec<&str> = outside_pills(raw)
            .iter()
            .map(|&(s, e)| &raw[s..e])
            .collect();
        assert_eq!(parts, ["Bearer ", " tail"]);
        let formula = r#"=\"Bearer \" + _dp('{\"path\":[\"x\"]}') + 'abc'"#;
        let literals: Vec<&str> = formula_literals(formula)
            .iter()
            .map(|&(s, e)| &formula[s..e])
            .collect();
        assert_eq!(literals, ["Bearer ", "abc"]);
        assert_eq!(
            pill_field(r#"#{_dp('{\"path\":[\"headers\",\"X-Api-Key\"]}')}"#),
            Some("X-Api-Key")
        );
    }

    #[test]
    fn formulas_hold_any_text() {
        let accented = r#"=Café + \"Crème\" + 'naïve' + é"#;
        let literals: Vec<&str> = formula_literals(accented)
            .iter()
            .map(|&(s, e)| &accented[s..e])
            .collect();
        assert_eq!(literals, ["Crème", "naïve"]);
    }
}
