use connlint_syntax::ReferenceKind;

use crate::rules::helpers::{report_undefined, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `call('name')`, `call("name")` and `call(:name)` where `methods` has no such
    /// key. Dynamic calls (`call(name)`, interpolated names) are skipped, not guessed.
    ///
    /// ## Why is this bad?
    /// The SDK raises at run time, in the middle of a recipe, only on the code path that
    /// makes the call; a typo can hide for months.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { list: { execute: ->(_c, input) { call(:fetch_all, 'users') } } },
    ///   methods: { fetch_all_pages: ->(path) { get(path) } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { list: { execute: ->(_c, input) { call(:fetch_all_pages, 'users') } } },
    ///   methods: { fetch_all_pages: ->(path) { get(path) } }
    /// }
    /// ```
    pub struct UndefinedMethod {
        name: "undefined-method",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for UndefinedMethod {
    fn check_file(&self, ctx: &mut Context) {
        report_undefined(
            ctx,
            &ReferenceSpec {
                kind: ReferenceKind::Method,
                noun: "method",
                section: "methods",
            },
        );
    }
}
