//! The schema-field view the walk builds once per hash, as it leaves it, for every
//! schema rule (see `hashes.rs`): which hashes are field definitions and where.

use std::rc::Rc;

use connlint_syntax::{HashView, Node};

use crate::Context;

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

/// For a hash node handed to a hash rule: the field hash and where it is defined, when
/// the hash is a schema field (has a `name:` and sits under a schema key). The walk
/// reads it once, as it leaves the hash, for every schema rule (see `hashes.rs`).
pub(crate) fn schema_field<'a>(node: Node<'a>, ctx: &Context<'a>) -> Option<SchemaField<'a>> {
    match &ctx.schema_field {
        Some((id, field)) if *id == node.id() => field.clone(),
        _ => None,
    }
}

/// Whether a hash met by the walk sits directly under a key whose arrays hold fields.
pub(crate) fn under_schema_key(ctx: &Context) -> bool {
    ctx.enclosing_keys()
        .next()
        .is_some_and(|k| SCHEMA_KEYS.contains(&k))
}

/// `view` as a schema field, for a hash under a schema key: it needs a literal `name`
/// and an enclosing section that says what kind of field it is.
pub(crate) fn schema_field_of<'a>(
    view: HashView<'a>,
    ctx: &Context<'a>,
) -> Option<SchemaField<'a>> {
    view.literal("name", ctx.text())?;
    let kind = ctx.enclosing_keys().find_map(|key| match key {
        "input_fields" | "config_fields" => Some(FieldKind::Input),
        "output_fields" => Some(FieldKind::Output),
        "object_definitions" => Some(FieldKind::ObjectDefinition),
        "connection" => Some(FieldKind::Connection),
        _ => None,
    })?;
    Some((kind, Rc::new(view)))
}
