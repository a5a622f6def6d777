//! What the secrets engine keeps of one Ruby file while the walk goes on: the credential
//! sites of the current node and the candidates gathered so far, judged when the file
//! (or its section) is done.

use std::rc::Rc;

use connlint_syntax::{kinds, Connector, Node, SourceFile, TextRange};

use super::collect::{Collected, FileFacts};
use super::ruby::{pair_array_name, Up};
use super::sites::{sites_at, Site};
use super::Role;

#[derive(Default)]
pub(crate) struct FileState<'a> {
    /// The credential sites of the current node, found once for every credential rule.
    sites: Option<(usize, Rc<Vec<Site<'a>>>)>,
    no_sites: Rc<Vec<Site<'a>>>,
    /// Credential candidates gathered by the walk, judged when the file is done.
    pub(crate) credentials: Collected<'a>,
    facts: Option<FileFacts>,
    /// While the walk hands a literal pair's key and value to the rules: the value.
    pub(crate) literal_value: Option<Node<'a>>,
}

impl<'a> FileState<'a> {
    /// The credential sites of `node` (see `sites_at`), whose key is `pair_key` when it
    /// is a pair, computed once per node for all the rules that read them.
    pub(crate) fn sites(
        &mut self,
        node: Node<'a>,
        src: &'a str,
        connector: Option<&Connector<'a>>,
        pair_key: Option<&'a str>,
    ) -> Rc<Vec<Site<'a>>> {
        if let Some((id, sites)) = &self.sites {
            if *id == node.id() {
                return sites.clone();
            }
        }
        let found = sites_at(node, src, connector, pair_key);
        // Nearly every node has none: share one empty list instead of allocating.
        let sites = if found.is_empty() {
            self.no_sites.clone()
        } else {
            Rc::new(found)
        };
        self.sites = Some((node.id(), sites.clone()));
        sites
    }

    /// What every credential candidate of this file shares, computed once.
    pub(crate) fn facts(
        &mut self,
        source: &SourceFile,
        connector: Option<&Connector>,
    ) -> FileFacts {
        *self.facts.get_or_insert_with(|| FileFacts {
            role: Role::of(source, connector.is_some()),
            connection: connector
                .and_then(|c| c.connection.as_ref())
                .and_then(|c| c.entry.value)
                .map(|v| TextRange::from(v.byte_range())),
        })
    }

    /// Gathers the credential candidates of a string, heredoc body, variable use or
    /// commented-out assignment met at the end of `ancestors`, under the pair keys
    /// `keys` (innermost first).
    pub(crate) fn collect<'k>(
        &mut self,
        node: Node<'a>,
        source: &'a SourceFile,
        connector: Option<&Connector>,
        ancestors: &[Node<'a>],
        keys: impl Iterator<Item = &'k str> + Clone,
    ) {
        let k = kinds();
        let id = node.kind_id();
        let src = source.text();
        let facts = self.facts(source, connector);
        let leaf = self.literal_value.filter(|v| v.id() == node.id());
        let up = Up::new(ancestors, leaf);
        if id == k.comment {
            self.credentials.commented_assignment(node, src, facts);
            return;
        }
        // A word of `%w[…]` is a value only as the second of a name-value pair.
        if id == k.bare_string {
            let pair = up
                .of(node)
                .and_then(|array| pair_array_name(array, node, src));
            if pair.is_some() {
                self.credentials
                    .literal(node, src, facts, std::iter::empty(), false, up);
            }
            return;
        }
        if id != k.string && id != k.heredoc_body {
            self.credentials
                .variable_use(node, src, facts.connection, up);
            return;
        }
        // A key names what its value holds (`'Authorization' => "Bearer #{t}"`).
        let is_key = up.of(node).is_some_and(|parent| {
            parent.kind_id() == k.pair
                && parent
                    .child_by_field_id(k.field_key)
                    .is_some_and(|key| key.id() == node.id())
        });
        if is_key {
            return;
        }
        if id == k.string {
            // In a literal pair the key is never a credential, and the value's key is
            // the innermost one the walk holds.
            let value_of_pair = match self.literal_value {
                Some(value) if value.id() == node.id() => true,
                Some(_) => return,
                None => false,
            };
            self.credentials
                .literal(node, src, facts, keys, value_of_pair, up);
        } else {
            self.credentials.heredoc(node, src, facts, keys, up);
        }
    }
}
