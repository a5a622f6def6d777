use crate::{declare_rule, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `# connlint:` comments that cannot be read: unknown rule names, a missing
    /// reason, bad syntax, or `ignore-file` below the first line of code.
    ///
    /// ## Why is this bad?
    /// A suppression that does not parse silences nothing, so the finding it was meant
    /// for comes back — or, with a typo in the rule name, stays silently active while
    /// the author believes it is handled. A reason tells reviewers why it is safe.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   picklists: {} # connlint: ignore[unknown-top-level-keys] legacy name kept on purpose
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   picklists: {} # connlint: ignore[unknown-top-level-key] legacy name kept on purpose
    /// }
    /// ```
    pub struct InvalidSuppression {
        name: "invalid-suppression",
        category: Correctness,
        severity: Warning,
    }
}

/// Raised by the suppression pass after the walk (see `suppression.rs`).
impl Rule for InvalidSuppression {}
