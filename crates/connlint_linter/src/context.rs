use connlint_diagnostics::{Applicability, Edit, Fix, Label, Position, Range, Severity};
use connlint_syntax::{Connector, Node, References, SourceFile, TextRange, Tree};

use crate::{Diagnostic, RuleMeta, Settings};

/// One line of `--explain`: a credential candidate and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// What was considered (detector or position), with the value redacted.
    pub candidate: String,
    /// `reported as …` or `dropped: …`.
    pub outcome: String,
}

/// What a rule sees of a file that is not Ruby (YAML, JSON, `.env`, Markdown, a
/// package's JSON), and where it reports.
pub struct TextContext<'a> {
    pub source: &'a SourceFile,
    pub settings: &'a Settings,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) explanations: Vec<Explanation>,
}

impl<'a> TextContext<'a> {
    pub(crate) fn new(source: &'a SourceFile, settings: &'a Settings) -> Self {
        Self {
            source,
            settings,
            diagnostics: Vec::new(),
            explanations: Vec::new(),
        }
    }

    /// With `--explain`: why the candidate at byte `at` was kept or dropped.
    pub fn explain(
        &mut self,
        at: usize,
        candidate: impl FnOnce() -> String,
        outcome: impl FnOnce() -> String,
    ) {
        explain_into(
            &mut self.explanations,
            self.settings,
            self.source,
            at,
            candidate,
            outcome,
        );
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Records an explanation when `settings` ask for them.
pub(crate) fn explain_into(
    explanations: &mut Vec<Explanation>,
    settings: &Settings,
    source: &SourceFile,
    at: usize,
    candidate: impl FnOnce() -> String,
    outcome: impl FnOnce() -> String,
) {
    if !settings.explain {
        return;
    }
    let (line, column) = source.line_column(at);
    explanations.push(Explanation {
        path: source.path().to_owned(),
        line,
        column,
        candidate: candidate(),
        outcome: outcome(),
    });
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
    /// The credential sites of the current node, found once for every credential rule.
    pub(crate) sites: Option<(usize, std::rc::Rc<Vec<crate::secrets::Site<'a>>>)>,
    no_sites: std::rc::Rc<Vec<crate::secrets::Site<'a>>>,
    /// The schema-field view of the current hash node, built once for all schema rules.
    pub(crate) schema_field: Option<(usize, Option<crate::schema::SchemaField<'a>>)>,
    /// Credential candidates gathered by the walk, judged when the file is done.
    pub(crate) credentials: crate::secrets::Collected<'a>,
    credential_facts: Option<crate::secrets::FileFacts>,
    /// While the walk hands a literal pair's key and value to the rules: the value.
    pub(crate) literal_value: Option<Node<'a>>,
    /// During the walk: the path from the root to the current node.
    pub(crate) ancestors: Vec<Node<'a>>,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) explanations: Vec<Explanation>,
    /// Provider formats of `hardcoded-secret` findings, by index in `diagnostics`.
    pub(crate) formats: Vec<(usize, String, String)>,
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
            sites: None,
            no_sites: std::rc::Rc::default(),
            schema_field: None,
            credentials: crate::secrets::Collected::default(),
            credential_facts: None,
            literal_value: None,
            ancestors: Vec::new(),
            rule,
            diagnostics: Vec::new(),
            explanations: Vec::new(),
            formats: Vec::new(),
        }
    }

    /// Records an `--explain` line when explanations are on; free otherwise.
    pub fn explain(
        &mut self,
        at: usize,
        candidate: impl FnOnce() -> String,
        outcome: impl FnOnce() -> String,
    ) {
        explain_into(
            &mut self.explanations,
            self.settings,
            self.source,
            at,
            candidate,
            outcome,
        );
    }

    /// Diagnostics reported so far in this file (file rules see the node rules' ones).
    /// Names the provider format of the finding just reported, for the merge pass
    /// (`secrets::merge`), with the `--explain` candidate it was shown as.
    pub(crate) fn name_format(&mut self, name: &str, candidate: String) {
        let index = self.diagnostics.len() - 1;
        self.formats.push((index, name.to_owned(), candidate));
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
    pub(crate) fn sites(&mut self, node: Node<'a>) -> std::rc::Rc<Vec<crate::secrets::Site<'a>>> {
        if let Some((id, sites)) = &self.sites {
            if *id == node.id() {
                return sites.clone();
            }
        }
        let found =
            crate::secrets::sites_at(node, self.source.text(), self.connector, self.pair_key);
        // Nearly every node has none: share one empty list instead of allocating.
        let sites = if found.is_empty() {
            self.no_sites.clone()
        } else {
            std::rc::Rc::new(found)
        };
        self.sites = Some((node.id(), sites.clone()));
        sites
    }

    /// What every credential candidate of this file shares, computed once.
    pub(crate) fn credential_facts(&mut self) -> crate::secrets::FileFacts {
        let (source, connector) = (self.source, self.connector);
        *self
            .credential_facts
            .get_or_insert_with(|| crate::secrets::FileFacts {
                role: crate::secrets::Role::of(source, connector.is_some()),
                connection: connector
                    .and_then(|c| c.connection.as_ref())
                    .and_then(|c| c.entry.value)
                    .map(|v| TextRange::from(v.byte_range())),
            })
    }

    /// Gathers the credential candidates of a string, heredoc body, variable use or
    /// commented-out assignment.
    pub(crate) fn collect_credentials(&mut self, node: Node<'a>) {
        let k = connlint_syntax::kinds();
        let id = node.kind_id();
        let src = self.source.text();
        let facts = self.credential_facts();
        let leaf = self.literal_value.filter(|v| v.id() == node.id());
        let up = crate::secrets::Up::new(&self.ancestors, leaf);
        if id == k.comment {
            self.credentials.commented_assignment(node, src, facts);
            return;
        }
        // A word of `%w[…]` is a value only as the second of a name-value pair.
        if id == k.bare_string {
            let pair = up
                .of(node)
                .and_then(|array| crate::secrets::pair_array_name(array, node, src));
            if pair.is_some() {
                self.credentials
                    .literal(node, src, facts, std::iter::empty(), false, up);
            }
            return;
        }
        if id != k.string && id != k.heredoc_body {
            self.credentials
                .variable_use(node, src, facts.connection, up);
            return;
        }
        // A key names what its value holds (`'Authorization' => "Bearer #{t}"`).
        let is_key = up.of(node).is_some_and(|parent| {
            parent.kind_id() == k.pair
                && parent
                    .child_by_field_id(k.field_key)
                    .is_some_and(|key| key.id() == node.id())
        });
        if is_key {
            return;
        }
        let keys = self.scope.iter().rev().map(|(_, key)| *key);
        if id == k.string {
            // In a literal pair the key is never a credential, and the value's key is
            // the innermost one the walk holds.
            let value_of_pair = match self.literal_value {
                Some(value) if value.id() == node.id() => true,
                Some(_) => return,
                None => false,
            };
            self.credentials
                .literal(node, src, facts, keys, value_of_pair, up);
        } else {
            self.credentials.heredoc(node, src, facts, keys, up);
        }
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
        let range = self.range(range.into());
        self.diagnostics.push(Diagnostic {
            rule: self.rule.id,
            category: self.rule.category,
            severity: self.rule.default_severity,
            path: self.source.path().to_owned(),
            range,
            message: message.into(),
            help: None,
            url: crate::rule_url(self.rule.name),
            labels: Vec::new(),
            fix: None,
            fingerprint: None,
            secrets: Vec::new(),
            validation: None,
            origin: None,
        });
        DiagnosticBuilder {
            source: self.source,
            diagnostic: self.diagnostics.last_mut().expect("just pushed"),
        }
    }

    /// Reports at a node's span.
    pub fn report_node(&mut self, node: Node, message: impl Into<String>) -> DiagnosticBuilder<'_> {
        self.report(TextRange::from(node.byte_range()), message)
    }
}

/// Adds the optional parts of a diagnostic just reported.
pub struct DiagnosticBuilder<'a> {
    source: &'a SourceFile,
    diagnostic: &'a mut Diagnostic,
}

impl<'a> DiagnosticBuilder<'a> {
    pub(crate) fn new(source: &'a SourceFile, diagnostic: &'a mut Diagnostic) -> Self {
        Self { source, diagnostic }
    }

    pub fn help(self, help: impl Into<String>) -> Self {
        self.diagnostic.help = Some(help.into());
        self
    }

    pub fn severity(self, severity: Severity) -> Self {
        self.diagnostic.severity = severity;
        self
    }

    pub fn label(self, range: TextRange, message: impl Into<String>) -> Self {
        self.diagnostic.labels.push(Label {
            range: to_range(self.source, range),
            message: message.into(),
        });
        self
    }

    /// Attaches a fix: byte-range edits that must not overlap.
    pub fn fix(
        self,
        applicability: Applicability,
        message: impl Into<String>,
        edits: Vec<(TextRange, String)>,
    ) -> Self {
        let edits = edits
            .into_iter()
            .map(|(range, content)| Edit {
                range: to_range(self.source, range),
                content,
            })
            .collect();
        self.diagnostic.fix = Some(Fix {
            applicability,
            message: message.into(),
            edits,
        });
        self
    }

    /// Marks the bytes of a secret so that renderers showing source mask them.
    pub fn secret(self, range: TextRange) -> Self {
        self.diagnostic.secrets.push((range.start, range.end));
        self
    }
}

/// Byte range to line/column range.
pub(crate) fn to_range(source: &SourceFile, range: TextRange) -> Range {
    let position = |offset: usize| {
        let (line, column) = source.line_column(offset);
        Position {
            line,
            column,
            offset,
        }
    };
    Range {
        start: position(range.start),
        end: position(range.end),
    }
}

/// A finding of `rule` on `path` at `range` (the start of the file when `None`), with
/// its help: how project and package rules report.
pub(crate) fn located(
    rule: &RuleMeta,
    path: &str,
    range: Option<Range>,
    message: String,
    help: String,
) -> Diagnostic {
    let mut d = file_diagnostic(rule, path, message);
    if let Some(range) = range {
        d.range = range;
    }
    d.help = Some(help);
    d
}

/// A diagnostic about a whole file at its start, for findings raised outside the walk
/// (the scanner's `io-error`, project-level rules).
pub fn file_diagnostic(rule: &RuleMeta, path: &str, message: impl Into<String>) -> Diagnostic {
    let start = Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    Diagnostic {
        rule: rule.id,
        category: rule.category,
        severity: rule.default_severity,
        path: path.to_owned(),
        range: Range { start, end: start },
        message: message.into(),
        help: None,
        url: crate::rule_url(rule.name),
        labels: Vec::new(),
        fix: None,
        fingerprint: None,
        secrets: Vec::new(),
        validation: None,
        origin: None,
    }
}
