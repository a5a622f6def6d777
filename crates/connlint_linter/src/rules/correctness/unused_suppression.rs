use crate::{declare_rule, Rule};

declare_rule! {
    /// ## What it does
    /// Reports suppressions that silenced nothing: the rule they name found nothing on
    /// their line, or is not enabled.
    ///
    /// ## Why is this bad?
    /// Stale suppressions hide future findings on the same line and mislead readers
    /// about what is wrong with the code. Remove them once the code is fixed.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme', # connlint: ignore[missing-title] the title is set later
    ///   actions: {}
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {}
    /// }
    /// ```
    pub struct UnusedSuppression {
        name: "unused-suppression",
        category: Correctness,
        severity: Warning,
    }
}

/// Raised by the suppression pass after the walk (see `suppression.rs`).
impl Rule for UnusedSuppression {}
