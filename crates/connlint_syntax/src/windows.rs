//! Parsing part of a connector: the root hash with only the pairs a token needs the
//! tree for, each at its own offsets (tree-sitter's included ranges), so that a large
//! file whose credentials sit in three actions costs three actions' parse, not the file's.
//!
//! The plan comes from the scan's [`Outline`], a map that may be wrong (a `key:` inside
//! a block read as a pair). So the parse is checked: every piece must hold exactly the
//! one pair the outline put there, in a tree without errors; otherwise `None`, and the
//! caller parses the whole file.

use std::ops::Range;

use tree_sitter::{Node, Parser, Point, Tree};

use crate::lex::Outline;
use crate::{kinds, LineIndex};

/// What to parse of a file: byte ranges in order, and the pairs they must hold.
#[derive(Debug)]
pub struct Plan {
    pub ranges: Vec<Range<usize>>,
    /// The root's pairs: where each starts and where the next begins; for a pair parsed
    /// without all of its hash, the inner pairs kept, the same way.
    pairs: Vec<Expected>,
}

#[derive(Debug)]
struct Expected {
    span: Range<usize>,
    /// Some: only these pairs of its `{…}` value (at these offsets) are parsed.
    inner: Option<(Range<usize>, Vec<Range<usize>>)>,
}

/// Where each pair of `hash` runs: from its start to the next one's, the last to `}`.
fn spans(hash: &Outline) -> impl Iterator<Item = Range<usize>> + '_ {
    let ends = hash
        .pairs
        .iter()
        .skip(1)
        .map(|p| p.start)
        .chain([hash.close]);
    hash.pairs.iter().zip(ends).map(|(p, end)| p.start..end)
}

/// The key a pair starts with (`title:`, `'title' =>`, `:title =>`).
fn key_at(src: &str, start: usize) -> &str {
    let rest = src[start..].trim_start_matches([':', '\'', '"']);
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

impl Plan {
    /// The plan for `asks`, the offsets where a token needs the tree (sorted). Each
    /// root pair is kept whole when its key is in `whole` or its value is no hash with
    /// pairs; else its key and braces with the inner pairs asked (none: an empty hash,
    /// so the connector keeps every key). Text outside the pairs is always kept.
    pub fn new(src: &str, outline: &Outline, asks: &[usize], whole: &[&str]) -> Self {
        let asked = |span: &Range<usize>| {
            let first = asks.partition_point(|&a| a < span.start);
            asks.get(first).is_some_and(|&a| a < span.end)
        };
        let first = outline.pairs.first().map_or(outline.close, |p| p.start);
        let mut ranges = Vec::with_capacity(2 * outline.pairs.len() + 2);
        ranges.push(0..first);
        let mut pairs = Vec::with_capacity(outline.pairs.len());
        for (pair, span) in outline.pairs.iter().zip(spans(outline)) {
            let hash = pair
                .hash
                .as_deref()
                .filter(|h| h.close > h.open && h.close < span.end && !h.pairs.is_empty());
            // Its head (key, `{`) and tail (`}`, comma) are parsed either way.
            let split = hash.filter(|_| !whole.contains(&key_at(src, span.start)));
            let Some(hash) = split else {
                ranges.push(span.clone());
                pairs.push(Expected { span, inner: None });
                continue;
            };
            ranges.push(span.start..hash.pairs[0].start);
            let kept: Vec<Range<usize>> = spans(hash).filter(|s| asked(s)).collect();
            ranges.extend(kept.iter().cloned());
            ranges.push(hash.close..span.end);
            pairs.push(Expected {
                span,
                inner: Some((hash.open..hash.close + 1, kept)),
            });
        }
        ranges.push(outline.close..src.len());
        Self {
            ranges: merge(ranges),
            pairs,
        }
    }

    /// How many bytes the plan parses.
    pub fn bytes(&self) -> usize {
        self.ranges.iter().map(|r| r.len()).sum()
    }

    /// Parses the plan's ranges of `src`; `None` when the tree is not the one the plan
    /// expects (see the module's comment). Leaves `parser` parsing whole texts.
    pub fn parse(&self, parser: &mut Parser, src: &str, lines: &LineIndex) -> Option<Tree> {
        let point = |offset: usize| {
            let (row, column) = lines.point(offset);
            Point::new(row, column)
        };
        let ranges: Vec<tree_sitter::Range> = self
            .ranges
            .iter()
            .map(|r| tree_sitter::Range {
                start_byte: r.start,
                end_byte: r.end,
                start_point: point(r.start),
                end_point: point(r.end),
            })
            .collect();
        parser.set_included_ranges(&ranges).ok()?;
        let tree = parser.parse(src, None);
        // Back to the whole text for the thread's next file, whatever happened.
        parser.set_included_ranges(&[]).ok()?;
        tree.filter(|tree| self.holds(tree))
    }

    /// Whether `tree` is one hash whose pairs start where the plan's do and end inside
    /// their pieces, without errors.
    fn holds(&self, tree: &Tree) -> bool {
        let k = kinds();
        let root = tree.root_node();
        if root.has_error() {
            return false;
        }
        let mut cursor = root.walk();
        let mut statements = root
            .named_children(&mut cursor)
            .filter(|n| n.kind_id() != k.comment);
        let (Some(hash), None) = (statements.next(), statements.next()) else {
            return false;
        };
        let spans: Vec<&Range<usize>> = self.pairs.iter().map(|p| &p.span).collect();
        if hash.kind_id() != k.hash || !pairs_fit(hash, &spans) {
            return false;
        }
        let mut cursor = hash.walk();
        let pairs = hash
            .named_children(&mut cursor)
            .filter(|n| n.kind_id() != k.comment);
        let fits = pairs.zip(&self.pairs).all(|(pair, expected)| {
            let Some((braces, kept)) = &expected.inner else {
                return true;
            };
            pair.child_by_field_id(k.field_value).is_some_and(|value| {
                value.kind_id() == k.hash
                    && value.byte_range() == *braces
                    && pairs_fit(value, &kept.iter().collect::<Vec<_>>())
            })
        });
        fits
    }
}

/// Whether the pairs of `hash` (comments aside) are one per span, each starting where
/// its span does and ending inside it.
fn pairs_fit(hash: Node, spans: &[&Range<usize>]) -> bool {
    let k = kinds();
    let mut cursor = hash.walk();
    let mut pairs = hash
        .named_children(&mut cursor)
        .filter(|n| n.kind_id() != k.comment);
    let fit = spans.iter().all(|span| {
        pairs.next().is_some_and(|pair| {
            pair.kind_id() == k.pair
                && pair.start_byte() == span.start
                && pair.end_byte() <= span.end
        })
    });
    fit && pairs.next().is_none()
}

/// Sorted ranges with the adjacent ones joined and the empty ones dropped.
fn merge(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges.into_iter().filter(|r| !r.is_empty()) {
        match merged.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::scan_outlined;
    use crate::{new_parser, Connector, SourceFile};

    const CONNECTOR: &str = "# A connector\n{\n  title: 'Acme',\n  connection: { fields: [] },\n  actions: {\n    one: { execute: lambda do |c, input| get('/one') end },\n    two: { execute: lambda do |c, input| post('/two').payload(k: 'v') end },\n    three: { execute: lambda do |c| get '/three', a: 1 end }\n  },\n  test: lambda do |c| get('/me') end\n}\n";

    fn outline(src: &str) -> Outline {
        scan_outlined(src, |_, _, _| false)
            .unwrap()
            .expect("one root hash")
    }

    #[test]
    fn the_outline_maps_root_pairs_and_their_hashes_pairs() {
        let o = outline(CONNECTOR);
        let at = |s: &str| CONNECTOR.find(s).unwrap();
        assert_eq!((o.open, o.close), (at("{\n  title"), CONNECTOR.len() - 2));
        let starts: Vec<usize> = o.pairs.iter().map(|p| p.start).collect();
        assert_eq!(
            starts,
            [at("title:"), at("connection:"), at("actions:"), at("test:")]
        );
        let actions = o.pairs[2].hash.as_deref().unwrap();
        let inner: Vec<usize> = actions.pairs.iter().map(|p| p.start).collect();
        // `k:` (in parentheses) and `a:` (not at a line's start) are no pairs of `actions`.
        assert_eq!(inner, [at("one:"), at("two:"), at("three:")]);
        assert!(o.pairs[3].hash.is_none(), "a lambda is no hash");
        assert_eq!(
            scan_outlined("x = 1\n{ a: 1 }\n", |_, _, _| false),
            Ok(None)
        );
        assert_eq!(
            scan_outlined("{ a: 1 }\n{ b: 2 }\n", |_, _, _| false),
            Ok(None)
        );
    }

    #[test]
    fn a_plan_parses_the_asked_pairs_at_their_own_offsets() {
        let two = CONNECTOR.find("'/two'").unwrap();
        let plan = Plan::new(CONNECTOR, &outline(CONNECTOR), &[two], &["title"]);
        let source = SourceFile::new("connector.rb", CONNECTOR);
        let tree = plan
            .parse(&mut new_parser(), CONNECTOR, source.lines())
            .expect("the plan holds");
        assert!(plan.bytes() < CONNECTOR.len());
        let connector = Connector::find(&tree, CONNECTOR).unwrap();
        let actions = connector.actions.as_ref().unwrap();
        let names: Vec<&str> = actions.items.iter().map(|i| i.name()).collect();
        assert_eq!(names, ["two"]);
        let string = tree
            .root_node()
            .named_descendant_for_byte_range(two, two + "'/two'".len())
            .unwrap();
        assert_eq!(&CONNECTOR[string.byte_range()], "'/two'");
        assert!(connector.title().is_some() && connector.connection.is_some());
    }

    #[test]
    fn a_plan_whose_pieces_are_no_pairs_does_not_parse() {
        // A wrong map: a split inside `one`'s lambda, as if `|c,` ended a pair.
        let mut o = outline(CONNECTOR);
        let actions = o.pairs[2].hash.as_deref_mut().unwrap();
        let inside = CONNECTOR.find(" input| get").unwrap();
        actions.pairs.insert(
            1,
            crate::lex::OutlinePair {
                start: inside,
                hash: None,
            },
        );
        let plan = Plan::new(CONNECTOR, &o, &[inside - 3], &[]);
        let source = SourceFile::new("connector.rb", CONNECTOR);
        let mut parser = new_parser();
        assert!(plan.parse(&mut parser, CONNECTOR, source.lines()).is_none());
        // The same parser parses whole texts again.
        let tree = parser.parse(CONNECTOR, None).unwrap();
        assert_eq!(tree.root_node().byte_range(), 0..CONNECTOR.len());
    }
}
