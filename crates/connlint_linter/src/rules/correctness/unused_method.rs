use connlint_syntax::ReferenceKind;

use crate::rules::helpers::{report_unused, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports methods that no `call(…)` references. When the file also calls methods by
    /// computed names, the finding is lowered to info.
    ///
    /// ## Why is this bad?
    /// Dead methods are code reviewers must read and nobody runs; often they are what a
    /// renamed `call` was meant to reach.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   methods: { legacy_format: ->(record) { record.compact } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { list: { execute: ->(_c, input) { call(:format, input) } } },
    ///   methods: { format: ->(record) { record.compact } }
    /// }
    /// ```
    pub struct UnusedMethod {
        name: "unused-method",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for UnusedMethod {
    fn check_file(&self, ctx: &mut Context) {
        report_unused(
            ctx,
            &ReferenceSpec {
                kind: ReferenceKind::Method,
                noun: "method",
                section: "methods",
            },
        );
    }
}
