//! Plain, serializable diagnostics and the emitters that render them.
//!
//! Only `full` touches miette; every other format is built from the plain data, so the
//! linter core, the language server and the tests never depend on a renderer.

mod emit;
mod redact;
mod report;
mod sarif;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use emit::{render, render_lines, render_summary, Document, OutputFormat, JSON_VERSION};
pub use redact::{redact, redact_source};
pub use report::{Report, Repository, RuleDescriptor, SourceLookup};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Correctness,
    Documentation,
    Listing,
    /// Community recipes and the packages they ship in.
    Recipes,
    Style,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Security,
        Category::Correctness,
        Category::Documentation,
        Category::Listing,
        Category::Recipes,
        Category::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Correctness => "correctness",
            Category::Documentation => "documentation",
            Category::Listing => "listing",
            Category::Recipes => "recipes",
            Category::Style => "style",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A point in a file: 1-based line, 1-based column in characters, 0-based byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// A secondary location that explains the finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub range: Range,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the connector's behaviour; applied by `--fix`.
    Safe,
    /// May change behaviour; applied only with `--unsafe-fixes`.
    Unsafe,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub range: Range,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

/// What a finding names its rule by. The linter's registry generates the one
/// implementation (`connlint_linter::RuleId`, an enum of every rule) from its rule list;
/// this crate sits below the linter, so it sees only this trait. Serialized as the name.
pub trait RuleCode:
    Copy + Eq + std::hash::Hash + fmt::Debug + fmt::Display + Send + Sync + 'static
{
    /// The kebab-case name outputs print and configuration uses.
    fn name(self) -> &'static str;
}

/// One finding. Plain data: `Send`, serializable, and free of any renderer type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic<R> {
    pub rule: R,
    pub category: Category,
    pub severity: Severity,
    pub path: String,
    pub range: Range,
    pub message: String,
    pub help: Option<String>,
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
    /// Identifies the finding across unrelated edits (no line numbers in it): the rule,
    /// the path, the enclosing hash keys and a hash of the flagged text. Baselines and
    /// SARIF `partialFingerprints` use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Byte ranges of secrets inside the file. Renderers that show source text mask
    /// them; they are never serialized, so machine formats cannot carry the values.
    #[serde(skip)]
    pub secrets: Vec<(usize, usize)>,
    /// For a provider-format finding, until the linter merges it into another finding
    /// at the same bytes: which format, and how `--explain` showed it. Never serialized:
    /// the merge takes it.
    #[serde(skip)]
    pub provider_format: Option<ProviderFormat>,
    /// What the credential's provider said of it (`check --validate` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    /// Where in git history the finding lives (`check --history` only): serialized as
    /// top-level `commit`, `blob`, `present_at_head`… fields.
    #[serde(flatten)]
    pub origin: Option<Origin>,
}

/// The provider format a finding is in (`Diagnostic::provider_format`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderFormat {
    pub name: String,
    /// The `--explain` candidate the finding was shown as.
    pub candidate: String,
}

/// Whether a provider accepts a credential, as `check --validate` asked it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValidationState {
    /// The provider could not be asked or gave no clear answer.
    Unknown,
    /// The provider rejected it.
    Dead,
    /// The provider accepted it.
    Live,
}

impl ValidationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationState::Unknown => "unknown",
            ValidationState::Dead => "dead",
            ValidationState::Live => "live",
        }
    }
}

/// The answer to one validation request. Holds no part of the credential: `detail` is
/// connlint's own wording, never the provider's body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validation {
    pub state: ValidationState,
    /// The validator that asked (`rules/validators.toml`), e.g. `github`.
    pub validator: String,
    /// The provider's HTTP status, when it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why the state is `unknown` (timed out, redirected, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl fmt::Display for Validation {
    /// `live (github, HTTP 200)`, `unknown (aws-sts, HTTP 429: rate limited)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.state.as_str(), self.validator)?;
        if let Some(status) = self.status {
            write!(f, ", HTTP {status}")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        f.write_str(")")
    }
}

/// The commit that introduced a blob holding a finding, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The commit (full hex id) that introduced the blob at this path.
    pub commit: String,
    pub blob: String,
    /// That commit's author date, RFC 3339.
    pub author_date: String,
    /// Whether the same finding (by fingerprint) is in the tree of HEAD.
    pub present_at_head: bool,
    /// The first commit on HEAD's first-parent line whose version of the path no longer
    /// holds it, when it was removed there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_in: Option<String>,
}

impl Origin {
    /// The abbreviated commit id shown to people.
    pub fn short_commit(&self) -> &str {
        &self.commit[..self.commit.len().min(7)]
    }
}

impl<R: RuleCode> Diagnostic<R> {
    /// The location people see and renderers key sources by: the path, or
    /// `path@commit` for a finding in git history (one path has many versions there).
    pub fn shown_path(&self) -> std::borrow::Cow<'_, str> {
        match &self.origin {
            Some(origin) => format!("{}@{}", self.path, origin.short_commit()).into(),
            None => self.path.as_str().into(),
        }
    }

    /// The message with the validation state, as people read it: `… [live (github, HTTP 200)]`.
    pub fn shown_message(&self) -> std::borrow::Cow<'_, str> {
        match &self.validation {
            Some(v) => format!("{} [{v}]", self.message).into(),
            None => self.message.as_str().into(),
        }
    }

    /// The order every output uses: path, then position, then rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (
            &self.path,
            self.range.start.offset,
            self.range.end.offset,
            self.rule.name(),
        )
    }
}

/// Counts by severity, as reported in summaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings `--fix` fixes, and those only `--unsafe-fixes` does.
    pub fixable: usize,
    pub unsafe_fixable: usize,
}

impl Summary {
    pub fn new<R>(files: usize, diagnostics: &[Diagnostic<R>]) -> Self {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        let fixes = |a| {
            diagnostics
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
                .count()
        };
        Self {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            fixable: fixes(Applicability::Safe),
            unsafe_fixable: fixes(Applicability::Unsafe),
        }
    }

    /// Adds the counts of `other` (a scan reported as it goes sums its files').
    pub fn add(&mut self, other: Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.fixable += other.fixable;
        self.unsafe_fixable += other.unsafe_fixable;
    }
}
