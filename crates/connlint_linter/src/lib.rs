//! The linter core: rules, the single-walk dispatcher, suppressions and settings.
//!
//! [`lint`] is pure — text in, diagnostics out, no I/O — so the CLI, the language
//! server, the tests and the benches all call the same function.

mod context;
mod dispatch;
mod document;
mod fingerprint;
mod finish;
mod fix;
mod hashes;
mod lexicon;
mod linter;
mod meta;
mod package;
mod project;
mod registry;
mod reporter;
mod rule;
pub mod rules;
mod schema;
pub mod secrets;
mod sections;
mod selection;
mod settings;
mod suppression;
mod tree_free;
mod walk;

pub use connlint_syntax::{is_adapter_source, FileClass, FileKind, PackagePart, Role as PathRole};
pub use context::{Context, TextContext};
pub use document::{Document, Utf16Position};
pub use fix::{fix_source, FixOutcome};
pub use linter::{lint, lint_detailed, lint_package, lint_project, LintResult};
pub use meta::{rule_url, RuleInfo, RuleMeta, Scope, Tag};
pub use package::{
    file_name, AdapterFacts, ConnectionFacts, CustomUse, Package, PackageAdapter, PackageContext,
    PackageFacts, PackageFileContext, RecipeFacts,
};
pub use project::{ConnectorFacts, ListingOptions, Project, ProjectContext, ProjectFile};
pub use registry::{
    all_rules, find_rule, rule_descriptors, rule_page, rule_summary, rules_markdown_table, RuleId,
};
pub use reporter::{file_diagnostic, DiagnosticBuilder, Explanation};
pub use rule::{doc_examples, docs_text, Rule};
pub use selection::{suggest_rule, RuleSelector};
pub use settings::{RecipeLimits, Settings, SettingsError};

pub use connlint_diagnostics as diagnostics;

/// A finding, naming its rule by [`RuleId`].
pub type Diagnostic = connlint_diagnostics::Diagnostic<RuleId>;
pub use connlint_syntax as syntax;
