use crate::{declare_rule, Rule};

declare_rule! {
    /// ## What it does
    /// Reports that connlint itself failed (panicked) while linting a file. The scanner
    /// raises it, not a check of the code; the other files are still linted and the
    /// run exits with code 2.
    ///
    /// ## Why is this bad?
    /// It is a bug in connlint: the file's other findings may be missing. Please report
    /// it with the file (or a reduced copy without secrets).
    pub struct InternalError {
        name: "internal-error",
        category: Correctness,
        severity: Error,
        scope: Driver,
    }
}

impl Rule for InternalError {}
