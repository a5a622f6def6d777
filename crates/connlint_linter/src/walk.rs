//! The one walk over a Ruby file's tree. Each node is handed to the rules that asked for
//! its kind (`dispatch`), and on the way the walk keeps what rules read of where a node
//! stands — its ancestors, the keys of the pairs around it, the earlier pair of the same
//! hash with its key — and what the file needs after the walk: suppression comments,
//! references, credential candidates, and the sections the editor replays
//! ([`SectionTracker`]).

use connlint_syntax::{kinds, literal_text, pair_key, pair_value, Node, SourceFile, TextRange};

use crate::dispatch::dispatch;
use crate::hashes::OpenHashes;
use crate::sections::{Outputs, SectionCache, Start, Units};
use crate::suppression::Suppressions;
use crate::Context;

fn interpolates(string: Node, src: &str) -> bool {
    src[string.byte_range()].contains("#{")
}

/// The key and value of a pair that is exactly `key`, separator, value, both leaves
/// for the walk: symbols, numbers, `true`/`false`/`nil`, strings that do not
/// interpolate. A comment inside the pair makes it four children, so none is skipped.
fn literal_pair<'t>(pair: Node<'t>, key: Node<'t>, src: &str) -> Option<[Node<'t>; 2]> {
    if pair.child_count() != 3 {
        return None;
    }
    let k = kinds();
    let leaf = |n: Node| {
        let id = n.kind_id();
        [
            k.hash_key_symbol,
            k.simple_symbol,
            k.integer,
            k.float,
            k.true_,
            k.false_,
            k.nil,
        ]
        .contains(&id)
            || (id == k.string && !interpolates(n, src))
    };
    let key = Some(key).filter(|n| leaf(*n))?;
    let value = pair_value(pair).filter(|n| leaf(*n))?;
    Some([key, value])
}

/// The keys of the pairs seen so far in each open hash, by the depth of its pairs: what
/// `duplicate-key` asks of a pair (`Context::earlier_sibling_with_same_key`).
#[derive(Default)]
struct SiblingKeys<'t> {
    open: Vec<(usize, Vec<(&'t str, Node<'t>)>)>,
}

impl<'t> SiblingKeys<'t> {
    /// Called for every node of the walk at `depth`; for a pair with a literal key,
    /// returns the earlier pair of the same hash with the same key.
    fn visit(&mut self, depth: usize, pair: Option<(&'t str, Node<'t>)>) -> Option<Node<'t>> {
        while self.open.last().is_some_and(|(d, _)| *d > depth) {
            self.open.pop();
        }
        let (key, node) = pair?;
        match self.open.last_mut() {
            Some((d, keys)) if *d == depth => {
                let earlier = keys.iter().find(|(k, _)| *k == key).map(|(_, n)| *n);
                keys.push((key, node));
                earlier
            }
            _ => {
                self.open.push((depth, vec![(key, node)]));
                None
            }
        }
    }
}

/// A section the walk is inside, with where its yield starts in each output.
struct OpenSection<'t> {
    node: Node<'t>,
    depth: usize,
    /// What the yield is keyed by besides its text; `None` without a cache.
    context: Option<u64>,
    diagnostics: usize,
    references: usize,
    candidates: usize,
    comments: Vec<(TextRange, bool)>,
}

/// The connector's sections (an action, a method, …) as the walk enters and leaves them:
/// with a cache (the editor's), a section whose text and context are unchanged since the
/// last lint is replayed instead of walked, and each section walked keeps its yield.
struct SectionTracker<'t, 'c> {
    units: Units,
    cache: Option<&'c mut SectionCache>,
    open: Option<OpenSection<'t>>,
}

impl<'t> SectionTracker<'t, '_> {
    /// Closes the open section when the node at `depth` is outside it.
    fn leave_to(&mut self, depth: usize, ctx: &mut Context<'t>, hashes: &mut OpenHashes<'t>) {
        if let Some(open) = self.open.take_if(|open| depth <= open.depth) {
            self.close(open, ctx, hashes);
        }
    }

    /// Leaves a section: runs the rules of the hashes still open in it and judges its
    /// credential candidates when no use outside it can change them; keeps its yield in
    /// the cache.
    fn close(&mut self, open: OpenSection<'t>, ctx: &mut Context<'t>, hashes: &mut OpenHashes<'t>) {
        let settings = ctx.settings;
        hashes.leave_to(open.depth + 1, ctx, settings);
        let range = TextRange::from(open.node.byte_range());
        if !ctx.secrets.credentials.closed_since(open.candidates, range) {
            return;
        }
        let candidates = ctx.secrets.credentials.take_since(open.candidates);
        let names_lines =
            !candidates.is_empty() && crate::secrets::judge(&mut ctx.reporter, candidates);
        let cache = self
            .cache
            .as_deref_mut()
            .zip(open.context)
            .filter(|_| !open.node.has_error());
        if let Some((cache, context)) = cache {
            let outputs = Outputs {
                diagnostics: ctx.reporter.diagnostics[open.diagnostics..].to_vec(),
                references: ctx.references.all[open.references..].to_vec(),
                comments: open.comments,
            };
            cache.record(
                context,
                open.node,
                &ctx.text()[range.start..range.end],
                names_lines,
                outputs,
            );
        }
    }

    /// At a pair at `depth`: when it is a section, replays its kept yield (returns true:
    /// the walk skips it) or opens it.
    fn enter(
        &mut self,
        node: Node<'t>,
        depth: usize,
        ctx: &mut Context<'t>,
        suppressions: &mut Suppressions,
    ) -> bool {
        if !self.units.contains(node) {
            return false;
        }
        let range = TextRange::from(node.byte_range());
        let context = self
            .cache
            .is_some()
            .then(|| self.units.context(node, &ctx.ancestors[..depth]));
        let src = ctx.text();
        let replayed = self
            .cache
            .as_deref_mut()
            .zip(context)
            .filter(|_| !node.has_error() && !ctx.secrets.credentials.reaches(range))
            .and_then(|(cache, context)| {
                cache.find(context, &src[range.start..range.end], Start::of(node))
            });
        if let Some(kept) = replayed {
            for (range, own_line) in kept.comments {
                suppressions.add_comment(ctx.source, range, own_line, false);
            }
            ctx.reporter.diagnostics.extend(kept.diagnostics);
            ctx.references.all.extend(kept.references);
            return true;
        }
        self.open = Some(OpenSection {
            node,
            depth,
            context,
            diagnostics: ctx.reporter.diagnostics.len(),
            references: ctx.references.all.len(),
            candidates: ctx.secrets.credentials.len(),
            comments: Vec::new(),
        });
        false
    }
}

/// The walk's state between nodes.
pub(crate) struct Walk<'t, 'c> {
    pub(crate) ctx: Context<'t>,
    pub(crate) suppressions: Suppressions,
    hashes: OpenHashes<'t>,
    siblings: SiblingKeys<'t>,
    sections: SectionTracker<'t, 'c>,
    /// Where the first code starts: comments before it apply to the whole file.
    first_code: usize,
}

impl<'t, 'c> Walk<'t, 'c> {
    /// Walks the whole tree of `ctx`; `cache` replays and keeps sections (the editor's).
    /// Returns the context with every node's findings, before the file rules run.
    pub(crate) fn run(ctx: Context<'t>, cache: Option<&'c mut SectionCache>) -> Self {
        let tree = ctx.tree;
        let root = tree.root_node();
        let mut cursor = root.walk();
        let first_code = root
            .named_children(&mut cursor)
            .find(|n| n.kind_id() != kinds().comment)
            .map_or(ctx.text().len(), |n| n.start_byte());
        let mut cache = cache;
        if let Some(cache) = cache.as_deref_mut() {
            cache.begin(ctx.settings.generation());
        }
        let mut walk = Walk {
            sections: SectionTracker {
                units: Units::new(ctx.connector),
                cache,
                open: None,
            },
            ctx,
            suppressions: Suppressions::default(),
            hashes: OpenHashes::default(),
            siblings: SiblingKeys::default(),
            first_code,
        };
        connlint_syntax::walk_pruned(tree, |cursor, depth| walk.visit(cursor.node(), depth));
        if let Some(open) = walk.sections.open.take() {
            walk.sections.close(open, &mut walk.ctx, &mut walk.hashes);
        }
        if let Some(cache) = walk.sections.cache.as_deref_mut() {
            cache.end(root.has_error());
        }
        let settings = walk.ctx.settings;
        walk.hashes.leave_to(0, &mut walk.ctx, settings);
        walk.ctx.scope.clear();
        walk
    }

    /// Leaves what the node at `depth` is not inside: the open section, hashes, scope.
    fn leave_to(&mut self, depth: usize) {
        let ctx = &mut self.ctx;
        ctx.ancestors.truncate(depth);
        self.sections.leave_to(depth, ctx, &mut self.hashes);
    }

    /// One node at `depth`; returns whether the walk goes into its children.
    fn visit(&mut self, node: Node<'t>, depth: usize) -> bool {
        let k = kinds();
        let id = node.kind_id();
        self.leave_to(depth);
        let ctx = &mut self.ctx;
        let settings = ctx.settings;
        let src = ctx.text();
        ctx.ancestors.push(node);
        self.hashes.leave_to(depth, ctx, settings);
        while ctx.scope.last().is_some_and(|(d, _)| *d >= depth) {
            ctx.scope.pop();
        }
        if id == k.comment {
            self.record_comment(node);
        }
        let ctx = &mut self.ctx;
        let key_node = if id == k.pair { pair_key(node) } else { None };
        let key = key_node.and_then(|k| literal_text(k, src));
        ctx.pair_key = key;
        ctx.earlier_sibling = self.siblings.visit(depth, key.map(|k| (k, node)));
        let literal = key_node.and_then(|k| literal_pair(node, k, src));
        self.hashes.visit(
            node,
            depth,
            key_node
                .zip(key)
                .map(|(k, name)| (k, name, literal.map(|[_, value]| value))),
        );
        ctx.references.visit(node, src, key);
        if id == k.element_reference
            && indexes_object_definitions_parameter(node, src, &ctx.ancestors)
        {
            ctx.references.visit_object_definitions_parameter(node, src);
        }
        if id == k.hash {
            self.hashes.enter(node, depth, ctx);
        } else {
            dispatch(node, ctx, settings);
        }
        if let Some(key) = key {
            ctx.scope.push((depth, key));
            // `name: 'id'`: key, separator and a literal value — the rules get the key
            // and value here, which spares the cursor the three steps into the pair.
            if let Some(parts) = literal {
                ctx.pair_key = None;
                ctx.secrets.literal_value = Some(parts[1]);
                for part in parts {
                    ctx.earlier_sibling = None;
                    dispatch(part, ctx, settings);
                }
                ctx.secrets.literal_value = None;
                return false;
            }
        }
        if id == k.pair
            && self
                .sections
                .enter(node, depth, ctx, &mut self.suppressions)
        {
            return false;
        }
        // A string's children are quotes, content and escapes unless it interpolates:
        // no rule reads them, and a quarter of a connector's nodes are there.
        id != k.string || interpolates(node, src)
    }

    /// A comment: a suppression candidate (leading comments before the first code apply
    /// to the file), and part of the section it sits in, replayed with it.
    fn record_comment(&mut self, node: Node) {
        let source: &SourceFile = self.ctx.source;
        let src = source.text();
        let start = node.start_byte();
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let own_line = src[line_start..start].trim().is_empty();
        let range = TextRange::from(node.byte_range());
        self.suppressions
            .add_comment(source, range, own_line, start < self.first_code);
        if let Some(open) = self.sections.open.as_mut() {
            open.comments.push((range, own_line));
        }
    }
}

/// Whether `node` (`x['name']`) indexes the parameter through which the enclosing schema
/// lambda receives the object definitions: the first of `input_fields`/`output_fields`,
/// the third of an object definition's `fields`. Named `object_definitions`, it is a
/// reference already.
fn indexes_object_definitions_parameter(node: Node, src: &str, ancestors: &[Node]) -> bool {
    let k = kinds();
    let Some(object) = node
        .child_by_field_id(k.field_object)
        .filter(|o| o.kind_id() == k.identifier)
    else {
        return false;
    };
    let name = &src[object.byte_range()];
    if name == "object_definitions" {
        return false;
    }
    for ancestor in ancestors.iter().rev().filter(|a| a.kind_id() == k.pair) {
        let index = match connlint_syntax::key_name(*ancestor, src) {
            Some("input_fields" | "output_fields") => 0,
            Some("fields") => 2,
            _ => continue,
        };
        return pair_value(*ancestor)
            .and_then(|value| connlint_syntax::Lambda::new(value, src))
            .is_some_and(|lambda| lambda.params.get(index) == Some(&name));
    }
    false
}
