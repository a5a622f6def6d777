//! Hash literals as the walk passes them. Rules that ask for `hash` nodes run when the
//! walk leaves the hash, not when it enters: by then the walk has met every pair, so a
//! schema field's entries come from the walk instead of a second pass over the hash's
//! children (tree-sitter charges several hundred instructions per sibling step).

use connlint_syntax::{Entry, HashView, Node};

use crate::dispatch::dispatch;
use crate::schema::{schema_field_of, under_schema_key};
use crate::{Context, Settings};

struct Open<'t> {
    depth: usize,
    node: Node<'t>,
    /// Whether the entries are collected: only under a schema key do rules read them.
    collect: bool,
    entries: Vec<Entry<'t>>,
    /// The entry whose pair the walk is inside, when its value is still to be read, and
    /// the last child of that pair met so far.
    pending: Option<(usize, Option<Node<'t>>)>,
}

impl Open<'_> {
    /// Settles the pending entry's value as `pair_value` reads it: the pair's last child,
    /// when the pair has at least three and that child is named.
    fn settle(&mut self) {
        if let Some((i, last)) = self.pending.take() {
            let entry = &mut self.entries[i];
            entry.value = last.filter(|n| n.is_named() && entry.pair.child_count() >= 3);
        }
    }
}

#[derive(Default)]
pub(crate) struct OpenHashes<'t> {
    open: Vec<Open<'t>>,
}

impl<'t> OpenHashes<'t> {
    /// Leaves every hash the node at `depth` is not inside, innermost first, each with
    /// the scope it was entered with, running its rules.
    pub(crate) fn leave_to(&mut self, depth: usize, ctx: &mut Context<'t>, settings: &Settings) {
        while self.open.last().is_some_and(|h| h.depth >= depth) {
            let Some(mut hash) = self.open.pop() else {
                break;
            };
            hash.settle();
            while ctx.scope.last().is_some_and(|(d, _)| *d > hash.depth) {
                ctx.scope.pop();
            }
            let field = hash
                .collect
                .then(|| {
                    let view = HashView {
                        node: hash.node,
                        entries: hash.entries,
                    };
                    debug_assert_eq!(
                        ids(&view),
                        HashView::new(hash.node, ctx.text()).map_or_else(Vec::new, |v| ids(&v)),
                        "entries read by the walk differ from the hash's own"
                    );
                    schema_field_of(view, ctx.text(), ctx.enclosing_keys())
                })
                .flatten();
            ctx.schema_field = Some((hash.node.id(), field));
            ctx.pair_key = None;
            ctx.earlier_sibling = None;
            dispatch(hash.node, ctx, settings);
        }
    }

    pub(crate) fn enter(&mut self, node: Node<'t>, depth: usize, ctx: &Context<'t>) {
        self.open.push(Open {
            depth,
            node,
            collect: under_schema_key(ctx.enclosing_keys()),
            entries: Vec::new(),
            pending: None,
        });
    }

    /// Notes the node the walk is on for the innermost open hash: one of its pairs (with
    /// its key and, for a literal pair the walk will not enter, its value), or the value
    /// of the pair it is inside.
    pub(crate) fn visit(
        &mut self,
        node: Node<'t>,
        depth: usize,
        pair: Option<(Node<'t>, &'t str, Option<Node<'t>>)>,
    ) {
        let Some(hash) = self.open.last_mut().filter(|h| h.collect) else {
            return;
        };
        if depth == hash.depth + 1 {
            hash.settle();
            if let Some((key, name, value)) = pair {
                hash.entries.push(Entry {
                    name,
                    pair: node,
                    key,
                    value,
                });
                if value.is_none() {
                    hash.pending = Some((hash.entries.len() - 1, None));
                }
            }
        } else if depth == hash.depth + 2 {
            // The walk meets every child of a pair it enters, in order: the last one met
            // is the pair's last child.
            if let Some((_, last)) = &mut hash.pending {
                *last = Some(node);
            }
        }
    }
}

/// What identifies a hash's entries, to compare two readings of them (debug builds).
fn ids(view: &HashView) -> Vec<(String, usize, usize, Option<usize>)> {
    view.entries
        .iter()
        .map(|e| {
            (
                e.name.to_owned(),
                e.pair.id(),
                e.key.id(),
                e.value.map(|v| v.id()),
            )
        })
        .collect()
}
