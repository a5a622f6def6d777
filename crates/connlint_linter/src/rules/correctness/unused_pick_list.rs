use connlint_syntax::ReferenceKind;

use crate::rules::helpers::{report_unused, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports pick lists that no `pick_list:` references. Lowered to info when the file
    /// also has pick lists chosen by computed names.
    ///
    /// ## Why is this bad?
    /// Unused pick lists are dead code; often a field meant to use one lost its
    /// `pick_list:`.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   pick_lists: { statuses: ->(_c) { [%w[Open open]] } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { create: { input_fields: ->(_od) { [{ name: 'status', control_type: 'select', pick_list: 'statuses' }] } } },
    ///   pick_lists: { statuses: ->(_c) { [%w[Open open]] } }
    /// }
    /// ```
    pub struct UnusedPickList {
        name: "unused-pick-list",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for UnusedPickList {
    fn check_file(&self, ctx: &mut Context) {
        report_unused(
            ctx,
            &ReferenceSpec {
                kind: ReferenceKind::PickList,
                noun: "pick list",
                section: "pick_lists",
            },
        );
    }
}
