use std::collections::HashMap;

use connlint_syntax::{HashView, Kinds, Node};

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
        vec![k.hash]
    }

    fn check_node(&self, node: Node, ctx: &mut Context) {
        let Some(hash) = HashView::new(node, ctx.text()) else {
            return;
        };
        if hash.entries.len() < 2 {
            return;
        }
        let mut first_seen: HashMap<&str, Node> = HashMap::with_capacity(hash.entries.len());
        for entry in &hash.entries {
            match first_seen.get(entry.name) {
                None => {
                    first_seen.insert(entry.name, entry.key);
                }
                Some(first) => {
                    ctx.report_node(
                        entry.key,
                        format!("duplicate key `{}`: Ruby keeps only this one", entry.name),
                    )
                    .label(
                        first.byte_range().into(),
                        "first defined here, and silently dropped",
                    )
                    .help("merge the two, or rename one of them");
                }
            }
        }
    }
}
