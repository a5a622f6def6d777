//! Small judgements several rules share.

use connlint_syntax::{kinds, HashView, Node};

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

/// Where a schema field is defined, which decides what it must document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// `input_fields` or `config_fields` of an action or trigger.
    Input,
    Output,
    Connection,
    ObjectDefinition,
}

/// Keys whose arrays hold field definitions.
const SCHEMA_KEYS: &[&str] = &[
    "input_fields",
    "config_fields",
    "output_fields",
    "fields",
    "properties",
    "extended_fields",
];

/// For a hash node met by the walk: the field hash and where it is defined, when the
/// hash is a schema field (has a `name:` and sits under a schema key). Built once per
/// node however many schema rules ask.
pub(crate) fn schema_field<'a>(
    node: Node<'a>,
    ctx: &mut Context<'a>,
) -> Option<(FieldKind, HashView<'a>)> {
    if let Some((id, cached)) = &ctx.schema_field {
        if *id == node.id() {
            return cached.clone();
        }
    }
    let found = read_schema_field(node, ctx);
    ctx.schema_field = Some((node.id(), found.clone()));
    found
}

fn read_schema_field<'a>(node: Node<'a>, ctx: &Context<'a>) -> Option<(FieldKind, HashView<'a>)> {
    if node.kind_id() != kinds().hash {
        return None;
    }
    let innermost = ctx.enclosing_keys().next()?;
    if !SCHEMA_KEYS.contains(&innermost) {
        return None;
    }
    let field = HashView::new(node, ctx.text())?;
    field.literal("name", ctx.text())?;
    let mut kind = None;
    for key in ctx.enclosing_keys() {
        kind = match key {
            "input_fields" | "config_fields" => Some(FieldKind::Input),
            "output_fields" => Some(FieldKind::Output),
            "object_definitions" => Some(FieldKind::ObjectDefinition),
            "connection" => Some(FieldKind::Connection),
            _ => continue,
        };
        break;
    }
    Some((kind?, field))
}

/// A hash literal a value evaluates to: the value itself, or the last expression of a
/// lambda (`help: lambda { |input| { body: … } }`).
pub(crate) fn resulting_hash<'a>(value: Node<'a>, src: &'a str) -> Option<HashView<'a>> {
    if let Some(hash) = HashView::new(value, src) {
        return Some(hash);
    }
    let body = connlint_syntax::Lambda::new(value, src)?.body?;
    let mut cursor = body.walk();
    let last = body
        .named_children(&mut cursor)
        .filter(|c| c.kind_id() != kinds().comment)
        .last()?;
    HashView::new(last, src)
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
    let unused: Vec<_> = defined
        .iter()
        .filter(|e| !used.contains(e.name))
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
