//! Small judgements several rules share.

use std::rc::Rc;

use connlint_syntax::{kinds, HashView, Node, Section};

use crate::Context;

/// The known name a misspelling most likely meant: equal once case, `_` and `-` are
/// ignored, else the closest by edit distance (at most a quarter of its length).
pub(crate) fn suggest<'k>(key: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let normalize = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = normalize(key);
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let distance = strsim::damerau_levenshtein(&wanted, &normalize(k));
        if distance == 0 {
            return Some(k);
        }
        if distance <= (k.len() / 4).max(1) && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, k));
        }
    }
    best.map(|(_, k)| k)
}

/// For a schema field whose `attribute` is `value` but that lacks `needed`: the field's
/// name and where the attribute's value is.
pub(crate) fn field_lacking<'a>(
    node: Node<'a>,
    ctx: &mut Context<'a>,
    attribute: &str,
    value: &str,
    needed: &str,
) -> Option<(&'a str, connlint_syntax::TextRange, Rc<HashView<'a>>)> {
    let (_, field) = ctx.schema_field_at(node)?;
    let src = ctx.text();
    let at = field.literal(attribute, src).filter(|l| l.text == value)?;
    if field.has(needed) {
        return None;
    }
    let name = field.literal("name", src).map_or("", |l| l.text);
    Some((name, at.range, field))
}

/// What a value evaluates to: the value itself, or the last expression of a lambda
/// (`help: lambda { |input| { body: … } }`).
pub(crate) fn resulting_value<'a>(value: Node<'a>, src: &'a str) -> Node<'a> {
    let last = || {
        let body = connlint_syntax::Lambda::new(value, src)?.body?;
        let mut cursor = body.walk();
        body.named_children(&mut cursor)
            .filter(|c| c.kind_id() != kinds().comment)
            .last()
    };
    last().unwrap_or(value)
}

/// A hash literal a value evaluates to (see [`resulting_value`]).
pub(crate) fn resulting_hash<'a>(value: Node<'a>, src: &'a str) -> Option<HashView<'a>> {
    HashView::new(resulting_value(value, src), src)
}

/// How the reference rules name a section and its references.
pub(crate) struct ReferenceSpec {
    pub(crate) kind: connlint_syntax::ReferenceKind,
    /// `method`, `object definition`, `pick list`
    pub(crate) noun: &'static str,
    /// The top-level section that defines them.
    pub(crate) section: &'static str,
}

fn section_names<'a>(
    ctx: &Context<'a>,
    spec: &ReferenceSpec,
) -> Option<Vec<connlint_syntax::Entry<'a>>> {
    // A parse with errors places sections wherever recovery put them (methods inside
    // `actions:` after a missing `}`): cross-references would report the syntax error
    // again, dozens of times, under other names.
    if ctx.tree.root_node().has_error() {
        return None;
    }
    let connector = ctx.connector?;
    let section = match spec.kind {
        connlint_syntax::ReferenceKind::Method => &connector.methods,
        connlint_syntax::ReferenceKind::ObjectDefinition => &connector.object_definitions,
        connlint_syntax::ReferenceKind::PickList => &connector.pick_lists,
    };
    Some(
        section
            .as_ref()
            .map(|s| s.items.iter().map(|o| o.entry).collect())
            .unwrap_or_default(),
    )
}

/// Reports references to names the section does not define.
pub(crate) fn report_undefined(ctx: &mut Context, spec: &ReferenceSpec) {
    let Some(defined) = section_names(ctx, spec) else {
        return;
    };
    let missing: Vec<(connlint_syntax::TextRange, String)> = ctx
        .references
        .of_kind(spec.kind)
        .filter_map(|r| Some((r.range, r.name.clone()?)))
        .filter(|(_, name)| !defined.iter().any(|e| e.name == name))
        .collect();
    for (range, name) in missing {
        let help = match suggest(&name, defined.iter().map(|e| e.name)) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("define it under `{}:`", spec.section),
        };
        ctx.report(range, format!("undefined {} `{name}`", spec.noun))
            .help(help);
    }
}

/// Reports names the section defines that nothing references; info instead of warning
/// when a dynamic reference might reach them.
pub(crate) fn report_unused(ctx: &mut Context, spec: &ReferenceSpec) {
    let Some(defined) = section_names(ctx, spec) else {
        return;
    };
    let dynamic = ctx.references.has_dynamic(spec.kind);
    let used: std::collections::HashSet<&str> = ctx.references.names(spec.kind).collect();
    let src = ctx.text();
    let templates: Vec<Vec<&str>> = ctx
        .references
        .of_kind(spec.kind)
        .filter(|r| r.name.is_none())
        .filter_map(|r| template_parts(&src[r.range.start..r.range.end]))
        .collect();
    let unused: Vec<_> = defined
        .iter()
        .filter(|e| !used.contains(e.name))
        // Reached through `call("get_#{name}_execute")`, or a name held as data
        // (`'post_process' => 'add_ack'` then `call(config['post_process'])`): used.
        .filter(|e| {
            !templates
                .iter()
                .any(|parts| matches_template(parts, e.name))
        })
        .filter(|e| !(dynamic && named_elsewhere(src, e.name, e.key)))
        .copied()
        .collect();
    for entry in unused {
        let report = ctx.report_node(
            entry.key,
            format!("{} `{}` is never used", spec.noun, entry.name),
        );
        if dynamic {
            report
                .severity(connlint_diagnostics::Severity::Info)
                .help("this file also has dynamic references, which may use it; remove it if not");
        } else {
            report.help("remove it, or reference it where it was meant to be used");
        }
    }
}

/// The literal parts of an interpolated string's source (`"get_#{x}_execute"` →
/// `["get_", "_execute"]`); `None` for anything else.
fn template_parts(source: &str) -> Option<Vec<&str>> {
    let inner = source.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains("#{") {
        return None;
    }
    let mut parts = Vec::new();
    let mut rest = inner;
    while let Some(start) = rest.find("#{") {
        parts.push(&rest[..start]);
        let mut depth = 0usize;
        let end = rest[start..].char_indices().find_map(|(i, c)| match c {
            '{' => {
                depth += 1;
                None
            }
            '}' => {
                depth -= 1;
                (depth == 0).then_some(start + i)
            }
            _ => None,
        })?;
        rest = &rest[end + 1..];
    }
    parts.push(rest);
    Some(parts)
}

/// Whether `name` fits a template's literal parts, in order, with something between.
fn matches_template(parts: &[&str], name: &str) -> bool {
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if parts.iter().all(|p| p.is_empty()) || !name.starts_with(first) {
        return false;
    }
    let mut rest = &name[first.len()..];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    parts.len() > 1 && rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether `name` appears as a string or symbol literal anywhere but its own key.
fn named_elsewhere(src: &str, name: &str, key: Node) -> bool {
    let own = key.byte_range();
    [
        format!("'{name}'"),
        format!("\"{name}\""),
        format!(":{name}"),
    ]
    .iter()
    .any(|needle| {
        src.match_indices(needle.as_str()).any(|(at, _)| {
            let end = at + needle.len();
            let boundary = !src[end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
            boundary && !(own.start <= at && end <= own.end)
        })
    })
}

/// The edit that renames a pair's key, whatever its form (`key:`, `'key' =>`,
/// `"key":`, `:key =>`).
pub(crate) fn rename_key(
    pair: Node,
    src: &str,
    new_name: &str,
) -> Option<(connlint_syntax::TextRange, String)> {
    let key = pair.child_by_field_id(kinds().field_key)?;
    let lit = connlint_syntax::string_literal(key, src)?;
    Some((lit.range, new_name.to_owned()))
}

/// A new pair written like `model`: same key form and quote character.
pub(crate) fn pair_like(model: Node, src: &str, key: &str, value: &str) -> String {
    let quote = quote_of(model, src);
    let key_node = model.child_by_field_id(kinds().field_key);
    let key_text = key_node.map_or("", |k| &src[k.byte_range()]);
    let rocket = src[model.byte_range()].contains("=>");
    if key_node.is_some_and(|k| k.kind_id() == kinds().string) {
        let q = key_text.chars().next().unwrap_or(quote);
        if rocket {
            format!("{q}{key}{q} => {quote}{value}{quote}")
        } else {
            format!("{q}{key}{q}: {quote}{value}{quote}")
        }
    } else if rocket {
        format!(":{key} => {quote}{value}{quote}")
    } else {
        format!("{key}: {quote}{value}{quote}")
    }
}

/// The quote character a pair's string value uses (single quotes by default).
fn quote_of(pair: Node, src: &str) -> char {
    pair.child_by_field_id(kinds().field_value)
        .filter(|v| v.kind_id() == kinds().string)
        .and_then(|v| src[v.byte_range()].chars().next())
        .filter(|c| *c == '"' || *c == '\'')
        .unwrap_or('\'')
}

/// The whitespace that starts the line `offset` is on.
pub(crate) fn indentation_at(src: &str, offset: usize) -> &str {
    let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &src[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The first parameter of the lambda that encloses `node`, if any.
pub(crate) fn enclosing_lambda<'a>(
    node: Node<'a>,
    src: &'a str,
) -> Option<connlint_syntax::Lambda<'a>> {
    let mut current = node.parent();
    for _ in 0..64 {
        let n = current?;
        if let Some(lambda) = connlint_syntax::Lambda::new(n, src) {
            return Some(lambda);
        }
        current = n.parent();
    }
    None
}

/// A connection field a fix adds: name, label, hint, and whether it holds a secret.
pub(crate) type NewField<'n> = (&'n str, &'n str, &'n str, bool);

/// The edit that adds the fields `connection.fields` lacks: appended to the array, or a
/// new `fields:` array at the top of `connection`. `None` when nothing is missing.
pub(crate) fn add_connection_fields(
    ctx: &Context,
    wanted: &[NewField],
) -> Option<(connlint_syntax::TextRange, String)> {
    let src = ctx.text();
    let connection = ctx.connector?.connection.as_ref()?;
    let missing: Vec<String> = wanted
        .iter()
        .filter(|(name, ..)| {
            !connection
                .fields
                .iter()
                .any(|f| f.literal("name", src).is_some_and(|n| n.text == *name))
        })
        .map(|(name, label, hint, secret)| {
            let mask = if *secret {
                ", control_type: 'password'"
            } else {
                ""
            };
            format!("{{ name: '{name}', label: '{label}', hint: '{hint}', optional: false{mask} }}")
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    // Inserted lines end as the file's do.
    let newline = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let hash = connection.hash.as_ref()?;
    match hash
        .get("fields")
        .and_then(|e| e.value)
        .filter(|v| v.kind_id() == kinds().array)
    {
        Some(array) => {
            let mut cursor = array.walk();
            let last = array
                .named_children(&mut cursor)
                .filter(|c| c.kind_id() != kinds().comment)
                .last();
            let Some(last) = last else {
                let at = array.start_byte() + 1;
                return Some((connlint_syntax::TextRange::new(at, at), missing.join(", ")));
            };
            // Fields one per line stay one per line; an inline array stays inline.
            let on_own_line = src[..last.start_byte()]
                .trim_end_matches([' ', '\t'])
                .ends_with('\n');
            let separator = if on_own_line {
                format!(",{newline}{}", indentation_at(src, last.start_byte()))
            } else {
                ", ".to_owned()
            };
            let end = last.end_byte();
            let text: String = missing.iter().map(|f| format!("{separator}{f}")).collect();
            Some((connlint_syntax::TextRange::new(end, end), text))
        }
        None => {
            let at = hash.node.start_byte() + 1;
            let indent = format!(
                "{}  ",
                indentation_at(src, connection.entry.key.start_byte())
            );
            Some((
                connlint_syntax::TextRange::new(at, at),
                format!("{newline}{indent}fields: [{}],", missing.join(", ")),
            ))
        }
    }
}

/// Reports, at its key, every item of `section` (an action, a trigger) whose hash
/// `lacks` what the rule wants; items that are not hash literals are not judged.
pub(crate) fn report_items_lacking<'a>(
    ctx: &mut Context<'a>,
    section: Option<&Section<'a>>,
    lacks: impl Fn(&HashView<'a>) -> bool,
    message: impl Fn(&str) -> String,
    help: &str,
) {
    for item in section.iter().flat_map(|s| &s.items) {
        if item.hash.as_ref().is_some_and(&lacks) {
            ctx.report_node(item.entry.key, message(item.name()))
                .help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::suggest;
    use connlint_syntax::TOP_LEVEL_KEYS;

    #[test]
    fn suggestions() {
        let keys = || TOP_LEVEL_KEYS.iter().copied();
        assert_eq!(suggest("picklists", keys()), Some("pick_lists"));
        assert_eq!(suggest("Actions", keys()), Some("actions"));
        assert_eq!(suggest("trigers", keys()), Some("triggers"));
        assert_eq!(
            suggest("object_definition", keys()),
            Some("object_definitions")
        );
        assert_eq!(suggest("banana", keys()), None);
    }
}
