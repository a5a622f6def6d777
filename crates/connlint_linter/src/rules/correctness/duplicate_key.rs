use connlint_syntax::{Kinds, Node};

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in the same hash literal.
    ///
    /// ## Why is this bad?
    /// Ruby silently keeps the last value: a second `object_definitions:` block or a
    /// repeated action name throws away everything in the first, with no error.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     get_user: { title: 'Get user' },
    ///     get_user: { title: 'Get user by email' }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     get_user: { title: 'Get user' },
    ///     get_user_by_email: { title: 'Get user by email' }
    ///   }
    /// }
    /// ```
    pub struct DuplicateKey {
        name: "duplicate-key",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for DuplicateKey {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.pair]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let (Some(first), Some(key)) = (ctx.earlier_sibling_with_same_key(), ctx.pair_key()) else {
            return;
        };
        let at = node
            .child_by_field_id(connlint_syntax::kinds().field_key)
            .unwrap_or(node);
        let first_key = first
            .child_by_field_id(connlint_syntax::kinds().field_key)
            .unwrap_or(first);
        ctx.report_node(
            at,
            format!("duplicate key `{key}`: Ruby keeps only this one"),
        )
        .label(
            first_key.byte_range().into(),
            "first defined here, and silently dropped",
        )
        .help("merge the two, or rename one of them");
    }
}
