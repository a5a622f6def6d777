use connlint_syntax::ReferenceKind;

use crate::rules::helpers::{report_undefined, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `pick_list: 'x'`, `pick_list: :x` and `'pick_list' => 'x'` where
    /// `pick_lists` has no such key. Inline array pick lists and connection-field
    /// `options:` are fine.
    ///
    /// ## Why is this bad?
    /// The field renders as an empty drop-down and users cannot pick a value.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { create: { input_fields: ->(_od) { [{ name: 'status', control_type: 'select', pick_list: 'statuses' }] } } },
    ///   pick_lists: { status: ->(_c) { [%w[Open open]] } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { create: { input_fields: ->(_od) { [{ name: 'status', control_type: 'select', pick_list: 'status' }] } } },
    ///   pick_lists: { status: ->(_c) { [%w[Open open]] } }
    /// }
    /// ```
    pub struct UndefinedPickList {
        name: "undefined-pick-list",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for UndefinedPickList {
    fn check_file(&self, ctx: &mut Context) {
        report_undefined(
            ctx,
            &ReferenceSpec {
                kind: ReferenceKind::PickList,
                noun: "pick list",
                section: "pick_lists",
            },
        );
    }
}
