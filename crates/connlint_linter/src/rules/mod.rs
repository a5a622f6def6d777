//! One module per category, one file per rule.

pub mod correctness;
pub mod documentation;
mod helpers;

pub(crate) use helpers::FieldKind;
pub mod listing;
pub mod security;
pub mod style;
