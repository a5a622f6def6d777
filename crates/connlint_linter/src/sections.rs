//! The sections of a connector — each action, trigger, method, object definition, pick
//! list and stream — as units of work. The walk closes each section as it leaves it:
//! its hash rules run and its credential candidates are judged there, so that what the
//! section yields (findings, references, suppression comments) depends on its own text
//! and a few facts around it. An open document keeps those yields in a
//! [`SectionCache`] and replays them, moved to where the section now starts, instead of
//! walking a section whose text and surroundings are unchanged.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use connlint_diagnostics::{Position, Range};
use connlint_syntax::{Connector, Node, Reference, TextRange};

use crate::Diagnostic;

/// The section pairs of one file, by node id, each with what its findings may depend on
/// outside its own text: which kind of section it is and the names of its siblings (a
/// credential-named sibling changes how a literal is judged).
pub(crate) struct Units {
    by_pair: HashMap<usize, u64>,
}

impl Units {
    pub(crate) fn new(connector: Option<&Connector>) -> Self {
        let mut by_pair = HashMap::new();
        let Some(connector) = connector else {
            return Self { by_pair };
        };
        for section in connector.sections().filter(|s| s.hash.is_some()) {
            let mut hasher = DefaultHasher::new();
            section.entry.name.hash(&mut hasher);
            for item in &section.items {
                item.entry.name.hash(&mut hasher);
            }
            let siblings = hasher.finish();
            for item in &section.items {
                by_pair.insert(item.entry.pair.id(), siblings);
            }
        }
        Self { by_pair }
    }

    pub(crate) fn contains(&self, pair: Node) -> bool {
        self.by_pair.contains_key(&pair.id())
    }

    /// For a section pair met by the walk with `ancestors` above it: what its yield is
    /// keyed by besides its text.
    pub(crate) fn context(&self, pair: Node, ancestors: &[Node]) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.by_pair.get(&pair.id()).hash(&mut hasher);
        for ancestor in ancestors {
            ancestor.kind_id().hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// What walking a section adds to the file's outputs.
#[derive(Clone)]
pub(crate) struct Outputs {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) references: Vec<Reference>,
    /// Suppression comments, and whether each stands on its own line.
    pub(crate) comments: Vec<(TextRange, bool)>,
}

impl Outputs {
    /// Moves every position by `start`: to the section's origin (`back`), or from it.
    fn moved(mut self, start: Start, back: bool) -> Outputs {
        for d in &mut self.diagnostics {
            relocate(d, start, back);
        }
        for r in &mut self.references {
            r.range = shift(r.range, start.offset, back);
        }
        for (range, _) in &mut self.comments {
            *range = shift(*range, start.offset, back);
        }
        self
    }
}

/// What walking one section yielded, with byte offsets and lines counted from the
/// section's start.
struct Yield {
    text: Box<str>,
    /// The byte column the section starts at: columns are stored as they were.
    column: usize,
    /// The line the section started on, when a message names a line: such a yield is
    /// only good where it was.
    line: Option<usize>,
    outputs: Outputs,
}

/// Where a section starts: byte offset, 0-based line and byte column.
#[derive(Clone, Copy)]
pub(crate) struct Start {
    offset: usize,
    line: usize,
    column: usize,
}

impl Start {
    pub(crate) fn of(node: Node) -> Self {
        let point = node.start_position();
        Self {
            offset: node.start_byte(),
            line: point.row,
            column: point.column,
        }
    }
}

/// The yields of an open document's sections from its last lint, for the settings they
/// were found with.
#[derive(Default)]
pub struct SectionCache {
    settings: u64,
    yields: HashMap<u64, Vec<Arc<Yield>>>,
    /// The yields used or found by the lint under way; they replace `yields` when it ends.
    fresh: HashMap<u64, Vec<Arc<Yield>>>,
    /// How many sections the last lint replayed.
    replayed: usize,
}

fn slot(context: u64, text: &str) -> u64 {
    // Keyed by the text's first line (the section's name) and length; the whole text
    // is compared on a hit.
    let mut hasher = DefaultHasher::new();
    context.hash(&mut hasher);
    text.len().hash(&mut hasher);
    text[..text.find('\n').unwrap_or(text.len())].hash(&mut hasher);
    hasher.finish()
}

impl SectionCache {
    /// Starts a lint with `settings` (the generation of a [`crate::Settings`]).
    pub(crate) fn begin(&mut self, settings: u64) {
        if self.settings != settings {
            self.settings = settings;
            self.yields.clear();
        }
        self.fresh.clear();
        self.replayed = 0;
    }

    pub(crate) fn replayed(&self) -> usize {
        self.replayed
    }

    /// Ends a lint: only the sections it met are kept, unless the text was `broken`:
    /// then the sections the syntax error hid are kept too, for when it is repaired.
    pub(crate) fn end(&mut self, broken: bool) {
        if broken {
            for (key, yields) in self.yields.drain() {
                let kept = self.fresh.entry(key).or_default();
                for y in yields {
                    if !kept.iter().any(|k| Arc::ptr_eq(k, &y)) {
                        kept.push(y);
                    }
                }
            }
        }
        std::mem::swap(&mut self.yields, &mut self.fresh);
        self.fresh.clear();
    }

    /// The yield of a section with this text, context and start, moved to `start`.
    pub(crate) fn find(&mut self, context: u64, text: &str, start: Start) -> Option<Outputs> {
        let key = slot(context, text);
        let found = self.yields.get(&key)?.iter().find(|y| {
            &*y.text == text && y.column == start.column && y.line.is_none_or(|l| l == start.line)
        })?;
        let found = Arc::clone(found);
        let moved = found.outputs.clone().moved(start, false);
        self.fresh.entry(key).or_default().push(found);
        self.replayed += 1;
        Some(moved)
    }

    /// Keeps what walking a section yielded, unless something in it reaches beyond the
    /// section. `names_lines`: a message names a line.
    pub(crate) fn record(
        &mut self,
        context: u64,
        section: Node,
        text: &str,
        names_lines: bool,
        outputs: Outputs,
    ) {
        let range = TextRange::from(section.byte_range());
        let inside = |r: &Range| range.start <= r.start.offset && r.end.offset <= range.end;
        let local = outputs.diagnostics.iter().all(|d| {
            !d.rule.meta().reads_beyond_section
                && inside(&d.range)
                && d.labels.iter().all(|l| inside(&l.range))
                && d.fix
                    .iter()
                    .flat_map(|f| &f.edits)
                    .all(|e| inside(&e.range))
                && d.secrets
                    .iter()
                    .all(|&(s, e)| range.start <= s && e <= range.end)
        });
        if !local {
            return;
        }
        let start = Start::of(section);
        let kept = Yield {
            text: text.into(),
            column: start.column,
            line: names_lines.then_some(start.line),
            outputs: outputs.moved(start, true),
        };
        self.fresh
            .entry(slot(context, text))
            .or_default()
            .push(Arc::new(kept));
    }
}

fn shift(range: TextRange, by: usize, back: bool) -> TextRange {
    let at = |offset: usize| if back { offset - by } else { offset + by };
    TextRange::new(at(range.start), at(range.end))
}

/// Moves a diagnostic from `start` to the section's origin (`back`) or from the origin
/// to `start`. Columns stay: the section starts at the same column.
fn relocate(d: &mut Diagnostic, start: Start, back: bool) {
    let offset = |o: usize| {
        if back {
            o - start.offset
        } else {
            o + start.offset
        }
    };
    let position = |p: &mut Position| {
        p.offset = offset(p.offset);
        // Diagnostic lines count from 1, tree-sitter's rows from 0: only the difference
        // moves.
        p.line = if back {
            p.line - start.line
        } else {
            p.line + start.line
        };
    };
    let range = |r: &mut Range| {
        position(&mut r.start);
        position(&mut r.end);
    };
    range(&mut d.range);
    for label in &mut d.labels {
        range(&mut label.range);
    }
    if let Some(fix) = &mut d.fix {
        for edit in &mut fix.edits {
            range(&mut edit.range);
        }
    }
    for (s, e) in &mut d.secrets {
        *s = offset(*s);
        *e = offset(*e);
    }
}
