use connlint_syntax::ReferenceKind;

use crate::rules::helpers::{report_unused, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports methods that no `call(…)` references (calls inside string interpolation
    /// count). A method a computed name can reach is used: one whose name fits the
    /// literal parts of `call("get_#{object}_execute")`, or, when the file calls methods
    /// by computed names, one whose name appears as a string or symbol elsewhere
    /// (`'post_process' => 'add_ack'` then `call(config['post_process'])`). Other
    /// findings in a file with computed calls are lowered to info.
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
