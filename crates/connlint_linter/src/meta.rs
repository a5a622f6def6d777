//! What the registry, the engine, the docs and the outputs know about a rule: plain
//! data that `declare_rule!` fills in.

use connlint_diagnostics::{Category, Severity};

/// What a rule looks at, which decides where the engine calls it and how it is tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One file at a time: Ruby (node kinds dispatched by the walk and/or a file check
    /// after it), text files the leak rules read (YAML, JSON, `.env`, Markdown), package
    /// JSON files. Tested by `fixtures/rules/<name>/` and its doc examples.
    Code,
    /// A connector project (README, config, files beside the connector), through
    /// `check_project`; tested through the binary on `fixtures/projects/`.
    Project,
    /// A package's files together (recipes, connections, custom connectors), through
    /// `check_package`; tested through the binary on `fixtures/packages/`.
    Package,
    /// Raised by the scanner itself (unreadable file, a panic): no input triggers it.
    Driver,
}

/// Properties the engine asks rules about instead of keeping lists of names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// Flags a leaked credential: runs on test fixtures (where only leaks matter) and,
    /// for code rules, by default in `check --history`.
    Leak,
}

/// What the registry, the docs and the outputs know about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: crate::RuleId,
    /// Kebab-case name, used in output, config and suppressions.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    pub scope: Scope,
    pub tags: &'static [Tag],
    /// Whether its findings may offer a fix.
    pub fixable: bool,
    /// Whether a finding inside a connector section may depend on text outside it (its
    /// fix edits another section): the editor then never replays that section.
    pub reads_beyond_section: bool,
    /// The rule's doc comment, as written (one leading space per line).
    pub docs: &'static str,
}

impl RuleMeta {
    pub fn has(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }

    /// The rules about leaked credentials in code and text (what secret evals measure
    /// and history scans run by default).
    pub fn is_credential_rule(&self) -> bool {
        self.has(Tag::Leak) && self.scope == Scope::Code
    }
}

/// Implemented by `declare_rule!`: the rule's metadata.
pub trait RuleInfo {
    fn meta(&self) -> &'static RuleMeta;
}

/// Where a rule's page is published: `rules/docs/NAME.md` in the repository the linter
/// crate's `repository` field names. No such field, no link: never a made-up address.
pub fn rule_url(name: &str) -> Option<String> {
    let repository = option_env!("CARGO_PKG_REPOSITORY").filter(|r| r.starts_with("https://"))?;
    Some(format!(
        "{}/blob/main/rules/docs/{name}.md",
        repository.trim_end_matches('/')
    ))
}
