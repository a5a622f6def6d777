//! The schema-field view the walk builds once per hash, as it leaves it, for every
//! schema rule (see `hashes.rs`): which hashes are field definitions and where.

use std::rc::Rc;

use connlint_syntax::HashView;

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

/// A schema field: where it is defined, and its hash (shared by every schema rule).
pub(crate) type SchemaField<'a> = (FieldKind, Rc<HashView<'a>>);

/// Whether a hash met by the walk sits directly under a key whose arrays hold fields.
/// `keys`: the keys of the pairs around the hash, innermost first.
pub(crate) fn under_schema_key<'k>(mut keys: impl Iterator<Item = &'k str>) -> bool {
    keys.next().is_some_and(|k| SCHEMA_KEYS.contains(&k))
}

/// `view` as a schema field, for a hash under a schema key: it needs a literal `name`
/// and an enclosing section that says what kind of field it is.
pub(crate) fn schema_field_of<'a, 'k>(
    view: HashView<'a>,
    src: &str,
    mut keys: impl Iterator<Item = &'k str>,
) -> Option<SchemaField<'a>> {
    view.literal("name", src)?;
    let kind = keys.find_map(|key| match key {
        "input_fields" | "config_fields" => Some(FieldKind::Input),
        "output_fields" => Some(FieldKind::Output),
        "object_definitions" => Some(FieldKind::ObjectDefinition),
        "connection" => Some(FieldKind::Connection),
        _ => None,
    })?;
    Some((kind, Rc::new(view)))
}
