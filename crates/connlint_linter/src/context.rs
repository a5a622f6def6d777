use std::rc::Rc;

use connlint_diagnostics::Range;
use connlint_syntax::{Connector, Node, References, SourceFile, TextRange, Tree};

use crate::reporter::{to_range, DiagnosticBuilder, Reporter};
use crate::secrets::{FileFacts, FileState, Site};
use crate::{Diagnostic, RuleMeta, Settings};

/// What a rule sees of a file that is not Ruby (YAML, JSON, `.env`, Markdown, a
/// package's JSON), and where it reports.
pub struct TextContext<'a> {
    pub source: &'a SourceFile,
    pub settings: &'a Settings,
    pub(crate) reporter: Reporter<'a>,
}

impl<'a> TextContext<'a> {
    pub(crate) fn new(source: &'a SourceFile, settings: &'a Settings) -> Self {
        Self {
            source,
            settings,
            reporter: Reporter::new(source, settings.explain),
        }
    }

    /// With `--explain`: why the candidate at byte `at` was kept or dropped.
    pub fn explain(
        &mut self,
        at: usize,
        candidate: impl FnOnce() -> String,
        outcome: impl FnOnce() -> String,
    ) {
        self.reporter.explain(at, candidate, outcome);
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.reporter.push(diagnostic);
    }
}

/// What a rule sees of the file being linted, and where it reports.
pub struct Context<'a> {
    pub source: &'a SourceFile,
    pub tree: &'a Tree,
    pub connector: Option<&'a Connector<'a>>,
    pub settings: &'a Settings,
    /// References found by the walk; complete once file rules run.
    pub references: References,
    /// During the walk: the keys of the hash pairs enclosing the current node, outermost
    /// first, with the depth of each pair.
    pub(crate) scope: Vec<(usize, &'a str)>,
    /// During the walk, the key of the current node when it is a hash pair.
    pub(crate) pair_key: Option<&'a str>,
    /// During the walk: the earlier pair of the same hash with the current pair's key.
    pub(crate) earlier_sibling: Option<Node<'a>>,
    /// The schema-field view of the current hash node, built once for all schema rules.
    pub(crate) schema_field: Option<(usize, Option<crate::schema::SchemaField<'a>>)>,
    /// During the walk: the path from the root to the current node.
    pub(crate) ancestors: Vec<Node<'a>>,
    pub(crate) rule: &'static RuleMeta,
    /// What the secrets engine keeps of this file while the walk goes on.
    pub(crate) secrets: FileState<'a>,
    pub(crate) reporter: Reporter<'a>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        source: &'a SourceFile,
        tree: &'a Tree,
        connector: Option<&'a Connector<'a>>,
        settings: &'a Settings,
        rule: &'static RuleMeta,
    ) -> Self {
        Self {
            source,
            tree,
            connector,
            settings,
            references: References::default(),
            scope: Vec::new(),
            pair_key: None,
            earlier_sibling: None,
            schema_field: None,
            ancestors: Vec::new(),
            rule,
            secrets: FileState::default(),
            reporter: Reporter::new(source, settings.explain),
        }
    }

    /// Records an `--explain` line when explanations are on; free otherwise.
    pub fn explain(
        &mut self,
        at: usize,
        candidate: impl FnOnce() -> String,
        outcome: impl FnOnce() -> String,
    ) {
        self.reporter.explain(at, candidate, outcome);
    }

    /// For a hash node handed to a hash rule: the field hash and where it is defined,
    /// when the hash is a schema field (has a `name:` and sits under a schema key). The
    /// walk reads it once, as it leaves the hash, for every schema rule (see `hashes.rs`).
    pub(crate) fn schema_field_at(&self, node: Node<'a>) -> Option<crate::schema::SchemaField<'a>> {
        match &self.schema_field {
            Some((id, field)) if *id == node.id() => field.clone(),
            _ => None,
        }
    }

    /// During the walk, the keys of the pairs around the current node, innermost first
    /// (`…, "input_fields", "create_user", "actions"`). Empty in file rules.
    pub fn enclosing_keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.scope.iter().rev().map(|(_, key)| *key)
    }

    /// During the walk: the key of the current node, when it is a pair.
    pub fn pair_key(&self) -> Option<&'a str> {
        self.pair_key
    }

    /// During the walk: for a pair, the earlier pair of the same hash (or argument list)
    /// with the same key — the one Ruby silently drops.
    pub fn earlier_sibling_with_same_key(&self) -> Option<Node<'a>> {
        self.earlier_sibling
    }

    /// The credential sites of `node` (see `secrets::sites_at`), computed once per node
    /// for all the rules that read them.
    pub(crate) fn sites(&mut self, node: Node<'a>) -> Rc<Vec<Site<'a>>> {
        self.secrets
            .sites(node, self.source.text(), self.connector, self.pair_key)
    }

    /// What every credential candidate of this file shares, computed once.
    pub(crate) fn credential_facts(&mut self) -> FileFacts {
        self.secrets.facts(self.source, self.connector)
    }

    /// Gathers the credential candidates of a string, heredoc body, variable use or
    /// commented-out assignment.
    pub(crate) fn collect_credentials(&mut self, node: Node<'a>) {
        let keys = self.scope.iter().rev().map(|(_, key)| *key);
        self.secrets
            .collect(node, self.source, self.connector, &self.ancestors, keys);
    }

    pub fn text(&self) -> &'a str {
        self.source.text()
    }

    /// The byte range as a line/column range.
    pub fn range(&self, range: TextRange) -> Range {
        to_range(self.source, range)
    }

    /// Reports a finding of the current rule at `range`.
    pub fn report(
        &mut self,
        range: impl Into<TextRange>,
        message: impl Into<String>,
    ) -> DiagnosticBuilder<'_> {
        self.reporter.report(self.rule, range.into(), message)
    }

    /// Reports at a node's span.
    pub fn report_node(&mut self, node: Node, message: impl Into<String>) -> DiagnosticBuilder<'_> {
        self.report(TextRange::from(node.byte_range()), message)
    }
}
