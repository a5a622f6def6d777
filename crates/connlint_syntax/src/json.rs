//! JSON with byte spans, for the files of a Workato package (`*.recipe.json`,
//! `*.connection.json`, `*.custom_adapter.json`): findings point at a value's line and
//! column, a credential's bytes are redacted in place, and a syntax error says where
//! the text stops being JSON. serde_json keeps no spans, hence this small parser.
//!
//! Nesting is bounded ([`MAX_DEPTH`]): a hostile file of ten thousand `[` is an error,
//! not a stack overflow.

use std::borrow::Cow;

use crate::TextRange;

/// The deepest nesting accepted. Recipes nest three levels per block of steps; the
/// deepest real export seen is under 60.
pub const MAX_DEPTH: usize = 256;

/// One JSON value and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Json<'t> {
    /// The whole value, quotes and brackets included.
    pub range: TextRange,
    pub value: Value<'t>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value<'t> {
    Null,
    Bool(bool),
    Number(&'t str),
    /// The decoded text, and the bytes between the quotes.
    String(Cow<'t, str>, TextRange),
    Array(Vec<Json<'t>>),
    /// Members in the file's order, duplicates kept.
    Object(Vec<Member<'t>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member<'t> {
    pub key: Cow<'t, str>,
    /// The key, quotes included.
    pub key_range: TextRange,
    pub value: Json<'t>,
}

/// Where and why a text is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

impl<'t> Json<'t> {
    /// The member `key` of an object (the first, when repeated).
    pub fn get(&self, key: &str) -> Option<&Json<'t>> {
        self.members()?
            .iter()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    pub fn members(&self) -> Option<&[Member<'t>]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn elements(&self) -> Option<&[Json<'t>]> {
        match &self.value {
            Value::Array(elements) => Some(elements),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text, _) => Some(text),
            _ => None,
        }
    }

    /// A string's bytes between its quotes.
    pub fn string_range(&self) -> Option<TextRange> {
        match &self.value {
            Value::String(_, inner) => Some(*inner),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    /// What a value is, in words, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(..) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Parses `text` as one JSON value (a UTF-8 byte-order mark before it is allowed).
pub fn parse_json(text: &str) -> Result<Json<'_>, JsonError> {
    let mut parser = JsonParser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    if text.starts_with('\u{feff}') {
        parser.at = 3;
    }
    parser.space();
    if parser.at == parser.bytes.len() {
        return Err(parser.error("empty file: expected a JSON value"));
    }
    let value = parser.value(0)?;
    parser.space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("text after the end of the JSON value"));
    }
    Ok(value)
}

struct JsonParser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl<'t> JsonParser<'t> {
    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            offset: self.at.min(self.bytes.len()),
            message: message.into(),
        }
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn found(&self) -> String {
        match self.text[self.at..].chars().next() {
            None => "the end of the file".to_owned(),
            Some(c) => format!("`{}`", c.escape_default()),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'t>, JsonError> {
        let start = self.at;
        let value = match self.bytes.get(self.at) {
            Some(b'{') => self.container(depth, b'}')?,
            Some(b'[') => self.container(depth, b']')?,
            Some(b'"') => {
                let (text, inner) = self.string()?;
                Value::String(text, inner)
            }
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.error(format!("expected a JSON value, found {}", self.found()))),
        };
        Ok(Json {
            range: TextRange::new(start, self.at),
            value,
        })
    }

    fn word(&mut self, word: &str, value: Value<'t>) -> Result<Value<'t>, JsonError> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error(format!("expected a JSON value, found {}", self.found())))
        }
    }

    fn number(&mut self) -> Result<Value<'t>, JsonError> {
        let start = self.at;
        self.at += usize::from(self.bytes[self.at] == b'-');
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if !digits(self) {
            return Err(self.error("expected a digit"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(Value::Number(&self.text[start..self.at]))
    }

    fn string(&mut self) -> Result<(Cow<'t, str>, TextRange), JsonError> {
        let open = self.at;
        self.at += 1;
        let start = self.at;
        let mut decoded: Option<String> = None;
        loop {
            match self.bytes.get(self.at) {
                None => {
                    self.at = open;
                    return Err(self.error("string not closed before the end of the file"));
                }
                Some(b'"') => break,
                Some(b'\\') => {
                    let out = decoded.get_or_insert_with(|| self.text[start..self.at].to_owned());
                    let escape = self.at;
                    let c = match self.bytes.get(self.at + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let unit = |at: usize| {
                                self.text
                                    .get(at..at + 4)
                                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                            };
                            let Some(high) = unit(self.at + 2) else {
                                return Err(self.error("`\\u` needs four hex digits"));
                            };
                            self.at += 4;
                            let low = (0xD800..0xDC00)
                                .contains(&high)
                                .then(|| {
                                    (self.text.get(self.at + 2..self.at + 4) == Some("\\u"))
                                        .then(|| unit(self.at + 4))
                                        .flatten()
                                })
                                .flatten()
                                .filter(|low| (0xDC00..0xE000).contains(low));
                            match low {
                                Some(low) => {
                                    self.at += 6;
                                    char::from_u32(
                                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00),
                                    )
                                    .unwrap_or('\u{fffd}')
                                }
                                None => char::from_u32(high).unwrap_or('\u{fffd}'),
                            }
                        }
                        _ => {
                            self.at = escape;
                            return Err(self.error("unknown escape in a string"));
                        }
                    };
                    out.push(c);
                    self.at += 2;
                }
                Some(b) if *b < 0x20 => {
                    return Err(self.error("control character in a string (escape it)"));
                }
                Some(_) => {
                    let len = self.text[self.at..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    if let Some(out) = &mut decoded {
                        out.push_str(&self.text[self.at..self.at + len]);
                    }
                    self.at += len;
                }
            }
        }
        let inner = TextRange::new(start, self.at);
        self.at += 1;
        let text = decoded.map_or(Cow::Borrowed(&self.text[start..inner.end]), Cow::Owned);
        Ok((text, inner))
    }

    fn container(&mut self, depth: usize, close: u8) -> Result<Value<'t>, JsonError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let object = close == b'}';
        self.at += 1;
        let mut members = Vec::new();
        let mut elements = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&close) {
            self.at += 1;
        } else {
            loop {
                if object {
                    if self.bytes.get(self.at) != Some(&b'"') {
                        return Err(self.error(format!(
                            "expected a member name in double quotes, found {}",
                            self.found()
                        )));
                    }
                    let key_start = self.at;
                    let (key, _) = self.string()?;
                    let key_range = TextRange::new(key_start, self.at);
                    self.space();
                    if self.bytes.get(self.at) != Some(&b':') {
                        return Err(self.error(format!(
                            "expected `:` after the member name, found {}",
                            self.found()
                        )));
                    }
                    self.at += 1;
                    self.space();
                    let value = self.value(depth + 1)?;
                    members.push(Member {
                        key,
                        key_range,
                        value,
                    });
                } else {
                    elements.push(self.value(depth + 1)?);
                }
                self.space();
                match self.bytes.get(self.at) {
                    Some(b',') => {
                        self.at += 1;
                        self.space();
                        if self.bytes.get(self.at) == Some(&close) {
                            return Err(self.error("trailing comma before the closing bracket"));
                        }
                    }
                    Some(&b) if b == close => {
                        self.at += 1;
                        break;
                    }
                    _ => {
                        let expected = if object { "`,` or `}`" } else { "`,` or `]`" };
                        return Err(
                            self.error(format!("expected {expected}, found {}", self.found()))
                        );
                    }
                }
            }
        }
        Ok(if object {
            Value::Object(members)
        } else {
            Value::Array(elements)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_carry_their_spans() {
        let text = r#"{"a": [1, -2.5e3, true, null], "b\u00e9": "x\"y", "c": {}}"#;
        let json = parse_json(text).unwrap();
        let a = json.get("a").unwrap();
        assert_eq!(&text[a.range.start..a.range.end], "[1, -2.5e3, true, null]");
        assert_eq!(a.elements().unwrap()[1].value, Value::Number("-2.5e3"));
        let members = json.members().unwrap();
        assert_eq!(members[1].key, "bé");
        let b = &members[1].value;
        assert_eq!(b.as_str(), Some("x\"y"));
        let inner = b.string_range().unwrap();
        assert_eq!(&text[inner.start..inner.end], "x\\\"y");
        assert_eq!(json.get("c").unwrap().members().unwrap().len(), 0);
    }

    #[test]
    fn surrogate_pairs_decode() {
        let json = parse_json(r#""\ud83d\ude00 \u00e9""#).unwrap();
        assert_eq!(json.as_str(), Some("😀 é"));
    }

    #[test]
    fn errors_say_where() {
        for (text, offset, message) in [
            ("", 0, "empty file"),
            ("{\"a\": 1,}", 8, "trailing comma"),
            ("{\"a\" 1}", 5, "expected `:`"),
            ("[1 2]", 3, "expected `,` or `]`"),
            ("{\"a\": \"b", 6, "not closed"),
            ("{a: 1}", 1, "member name"),
            ("[1] x", 4, "after the end"),
            ("[tru]", 1, "expected a JSON value"),
            ("\"\\q\"", 1, "unknown escape"),
        ] {
            let error = parse_json(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error:?}");
            assert!(error.message.contains(message), "{text}: {error:?}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(100_000);
        let error = parse_json(&deep).unwrap_err();
        assert!(error.message.contains("nested deeper"), "{error:?}");
        assert_eq!(error.offset, MAX_DEPTH);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_json(&ok).is_ok());
    }

    #[test]
    fn byte_order_mark_is_allowed() {
        assert!(parse_json("\u{feff}{\"a\": 1}").is_ok());
    }
}
