use crate::rules::correctness;
use crate::Rule;

static RULES: &[&dyn Rule] = &[
    &correctness::SyntaxError,
    &correctness::UnknownTopLevelKey,
    &correctness::MissingTitle,
    &correctness::IoError,
    &correctness::InternalError,
];

/// Every rule, in a stable order (registry index = position here).
pub fn all_rules() -> &'static [&'static dyn Rule] {
    RULES
}

pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name)
}

/// Rules the scanner raises itself (no Ruby example can trigger them).
pub const DRIVER_RULES: &[&str] = &["io-error", "internal-error"];
