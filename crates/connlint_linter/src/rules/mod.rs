//! One module per category, one file per rule.

pub mod correctness;
pub mod documentation;
mod helpers;

pub(crate) use helpers::{schema_field_of, under_schema_key, SchemaField};
pub mod listing;
pub mod security;
pub mod style;
