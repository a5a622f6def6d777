use crate::{declare_rule, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a file the scanner could not lint: unreadable, not UTF-8 text, binary,
    /// or larger than `--max-file-size`. The scanner raises it, not a check of the code,
    /// and the rest of the scan goes on.
    ///
    /// ## Why is this bad?
    /// A file that is skipped is a file whose credentials were not checked; the run
    /// exits with code 2 so CI does not mistake a partial scan for a clean one.
    pub struct IoError {
        name: "io-error",
        category: Correctness,
        severity: Error,
        scope: Driver,
    }
}

impl Rule for IoError {}
