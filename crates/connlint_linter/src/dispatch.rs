//! Rule dispatch: a node goes to the rules that asked for its kind. Both the walk
//! (`linter.rs`) and the hashes it leaves (`hashes.rs`) call it.

use connlint_syntax::Node;

use crate::{all_rules, Context, Settings};

/// Runs the node rules that asked for `node`'s kind.
pub(crate) fn dispatch<'a>(node: Node<'a>, ctx: &mut Context<'a>, settings: &Settings) {
    if let Some(wanted) = settings.by_kind.get(usize::from(node.kind_id())) {
        let rules = all_rules();
        for &index in wanted {
            ctx.rule = rules[index].meta();
            rules[index].check_node(node, ctx);
        }
    }
}
