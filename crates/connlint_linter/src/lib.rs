//! The linter core: rules, the single-walk dispatcher, suppressions and settings.
//!
//! [`lint`] is pure — text in, diagnostics out, no I/O — so the CLI, the language
//! server, the tests and the benches all call the same function.

mod context;
mod document;
mod fingerprint;
mod fix;
mod hashes;
mod lexicon;
mod linter;
mod project;
mod registry;
mod rule;
pub mod rules;
pub mod secrets;
mod sections;
mod settings;
mod suppression;

pub use context::{file_diagnostic, Context, DiagnosticBuilder, Explanation};
pub use document::{Document, Utf16Position};
pub use fix::{fix_source, FixOutcome};
pub use linter::{
    lint, lint_detailed, lint_tree, lint_with_parser, FileKind, LintResult, TEXT_EXTENSIONS,
};
pub use project::{
    lint_project, ConnectorFacts, ListingOptions, Project, ProjectContext, ProjectFile,
};
pub use registry::{
    all_rules, find_rule, rule_descriptors, rule_meta, rule_page, rule_summary, rule_url,
    rules_markdown_table,
};
pub use rule::{doc_examples, docs_text, Rule, RuleInfo, RuleMeta, Scope, Tag};
pub use settings::{RuleSelector, Settings, SettingsError};

pub use connlint_diagnostics as diagnostics;
pub use connlint_syntax as syntax;
