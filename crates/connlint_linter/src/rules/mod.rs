//! One module per category, one file per rule.

pub mod correctness;
pub mod security;
