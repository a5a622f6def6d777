use connlint_syntax::{Kinds, Node};

use crate::rules::helpers::field_lacking;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports fields with `control_type: 'multiselect'` and no `delimiter`.
    ///
    /// ## Why is this bad?
    /// A multiselect's value reaches `execute` as one string; the delimiter is how the
    /// code splits it back into the chosen values. Without it the code must guess, and
    /// values that contain a comma break.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { tag: { input_fields: ->(_od) { [{ name: 'tags', label: 'Tags', control_type: 'multiselect', pick_list: 'tags' }] } } },
    ///   pick_lists: { tags: ->(_c) { [] } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { tag: { input_fields: ->(_od) { [{ name: 'tags', label: 'Tags', control_type: 'multiselect', pick_list: 'tags', delimiter: ',' }] } } },
    ///   pick_lists: { tags: ->(_c) { [] } }
    /// }
    /// ```
    pub struct MultiselectWithoutDelimiter {
        name: "multiselect-without-delimiter",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for MultiselectWithoutDelimiter {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.hash]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some((name, at, _)) =
            field_lacking(node, ctx, "control_type", "multiselect", "delimiter")
        else {
            return;
        };
        ctx.report(at, format!("multiselect field `{name}` has no `delimiter`"))
            .help("add `delimiter: ','` and split the value with it in `execute`");
    }
}
