//! What a renderer is given: the findings, the files, the rules and, for history
//! scans, the repository.

use std::collections::HashMap;

use crate::{Diagnostic, RuleCode, Severity, Summary};

/// What output formats that describe rules (SARIF) say about each one.
#[derive(Clone, Debug)]
pub struct RuleDescriptor {
    pub name: &'static str,
    pub category: crate::Category,
    pub default_severity: Severity,
    /// One sentence: what the rule flags.
    pub summary: String,
    /// The full documentation, Markdown.
    pub docs: String,
    /// The published documentation page, when there is one.
    pub url: Option<String>,
}

/// Finds a file's text for renderers that show source snippets.
pub trait SourceLookup {
    fn source(&self, path: &str) -> Option<&str>;
}

impl SourceLookup for HashMap<String, String> {
    fn source(&self, path: &str) -> Option<&str> {
        self.get(path).map(String::as_str)
    }
}

/// Everything a renderer needs: sorted diagnostics, how many files were linted, and the
/// rules (for formats that describe them).
pub struct Report<'a, R> {
    pub diagnostics: &'a [Diagnostic<R>],
    pub files: usize,
    pub rules: &'a [RuleDescriptor],
    /// The repository a history scan read (SARIF `versionControlProvenance`).
    pub repository: Option<&'a Repository>,
    /// `--quiet`: the findings only, no summary line under `full` and `concise`.
    pub quiet: bool,
}

/// A scanned repository: where it lives and the HEAD its `present_at_head` refers to.
#[derive(Clone, Debug)]
pub struct Repository {
    /// The `origin` remote's URL, or a `file://` URL of the work tree.
    pub uri: String,
    pub head: String,
    pub branch: Option<String>,
}

impl<R: RuleCode> Report<'_, R> {
    pub fn summary(&self) -> Summary {
        Summary::new(self.files, self.diagnostics)
    }
}
