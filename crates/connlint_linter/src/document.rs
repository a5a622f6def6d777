//! An open editor document: its text and syntax tree, kept between edits so that each
//! lint re-parses only what the edits touched (tree-sitter's incremental parse).

use connlint_syntax::{SourceFile, Tree};
use tree_sitter::{InputEdit, Point};

use crate::linter::{lint_sections, lint_text, PARSER};
use crate::sections::SectionCache;
use crate::{FileKind, LintResult, Settings};

/// A position as the Language Server Protocol counts it: a 0-based line and UTF-16 code
/// units into that line. Lines end at `\n`, as everywhere else in connlint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utf16Position {
    pub line: u32,
    pub character: u32,
}

impl Utf16Position {
    pub fn new(line: u32, character: u32) -> Self {
        Self { line, character }
    }
}

/// The text of one open file and, for Ruby, the tree of its last lint without syntax
/// errors, with every edit since applied to it.
pub struct Document {
    path: String,
    text: String,
    /// The base of the next re-parse. A broken text's tree is not kept: once the text is
    /// repaired (the closing quote typed), the re-parse from the last good tree reuses
    /// nearly all of it, where one from the broken tree would redo most of the file.
    tree: Option<Tree>,
    /// What each section yielded in the last lint.
    sections: SectionCache,
}

impl Document {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        Self {
            path: path.into(),
            text,
            tree: None,
            sections: SectionCache::default(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the whole text (a full-text change, or a save that carries the text).
    pub fn set_text(&mut self, text: String) {
        if text != self.text {
            self.text = text;
            self.tree = None;
        }
    }

    /// Replaces the text from `start` to `end` with `new_text`. Positions past the end
    /// of a line or of the text are clamped to it, as the protocol asks.
    pub fn edit(&mut self, start: Utf16Position, end: Utf16Position, new_text: &str) {
        let (start_byte, start_position) = locate(&self.text, start);
        let (old_end_byte, old_end_position) = locate(&self.text, end);
        let (old_end_byte, old_end_position) = if old_end_byte < start_byte {
            (start_byte, start_position)
        } else {
            (old_end_byte, old_end_position)
        };
        self.text.replace_range(start_byte..old_end_byte, new_text);
        if let Some(tree) = &mut self.tree {
            tree.edit(&InputEdit {
                start_byte,
                old_end_byte,
                new_end_byte: start_byte + new_text.len(),
                start_position,
                old_end_position,
                new_end_position: advance(start_position, new_text),
            });
        }
    }

    /// How many sections (actions, triggers, methods …) the last lint replayed from the
    /// one before instead of walking them.
    pub fn replayed_sections(&self) -> usize {
        self.sections.replayed()
    }

    /// Lints the current text: a Ruby file is re-parsed from its edited old tree, unless
    /// the result holds a syntax error; sections whose text and surroundings did not
    /// change are replayed from the last lint.
    pub fn lint(&mut self, settings: &Settings) -> LintResult {
        let source = SourceFile::new(self.path.clone(), self.text.clone());
        match FileKind::of(&self.path) {
            FileKind::Text => return lint_text(&source, settings),
            FileKind::Package(part) => {
                return crate::linter::lint_package_file(&source, part, settings)
            }
            FileKind::Archive => return LintResult::default(),
            _ => {}
        }
        if let Some(result) = crate::linter::template(&source, settings) {
            return result;
        }
        let tree = PARSER.with_borrow_mut(|parser| {
            let tree = parser.parse(&self.text, self.tree.as_ref())?;
            // Error recovery from an old tree may differ from recovery on the whole text,
            // and a document must lint the same however it was reached: broken text is
            // parsed afresh.
            if self.tree.is_some() && tree.root_node().has_error() {
                parser.parse(&self.text, None)
            } else {
                Some(tree)
            }
        });
        let Some(tree) = tree else {
            return LintResult::default();
        };
        let result = lint_sections(&source, &tree, settings, Some(&mut self.sections));
        if !tree.root_node().has_error() {
            self.tree = Some(tree);
        }
        result
    }
}

/// The byte offset and tree-sitter point (row, byte column) of an LSP position. A line
/// past the end is the end of the text; a column past a line's end is that end; a column
/// inside a character (half of a UTF-16 surrogate pair) moves to the character's end.
fn locate(text: &str, at: Utf16Position) -> (usize, Point) {
    let index = line_index::LineIndex::new(text);
    let Some(line) = index.line(at.line) else {
        let last = text.rfind('\n').map_or(0, |i| i + 1);
        let row = text.bytes().filter(|&b| b == b'\n').count();
        return (text.len(), Point::new(row, text.len() - last));
    };
    let start = usize::from(line.start());
    let content = text[start..usize::from(line.end())].trim_end_matches('\n');
    let wide = line_index::WideLineCol {
        line: at.line,
        col: at.character,
    };
    let mut column = index
        .to_utf8(line_index::WideEncoding::Utf16, wide)
        .map_or(content.len(), |c| (c.col as usize).min(content.len()));
    while !content.is_char_boundary(column) {
        column += 1;
    }
    (start + column, Point::new(at.line as usize, column))
}

/// Where `point` moves to after inserting `text` at it.
fn advance(point: Point, text: &str) -> Point {
    match text.rfind('\n') {
        Some(last) => Point::new(
            point.row + text.bytes().filter(|&b| b == b'\n').count(),
            text.len() - last - 1,
        ),
        None => Point::new(point.row, point.column + text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, start: (u32, u32), end: (u32, u32), new_text: &str) -> String {
        let mut doc = Document::new("connector.rb", text.to_owned());
        doc.edit(
            Utf16Position::new(start.0, start.1),
            Utf16Position::new(end.0, end.1),
            new_text,
        );
        doc.text().to_owned()
    }

    /// Ten actions and a method; `action_3`'s description is typed into.
    fn connector() -> String {
        let mut text = String::from("{\n  title: 'Acme',\n  actions: {\n");
        for i in 0..10 {
            text.push_str(&format!(
                "    action_{i}: {{\n      title: 'Get record {i}',\n      description: 'Gets a record',\n      \
                 input_fields: lambda do |_|\n        [{{ name: 'id' }}]\n      end,\n      \
                 execute: lambda do |connection, input|\n        call('fetch', input)\n      end\n    }},\n"
            ));
        }
        text.push_str("  },\n  methods: {\n    fetch: lambda do |input|\n      get('https://api.acme.test/records')\n    end\n  }\n}\n");
        text
    }

    /// Where `action_3`'s description starts in [`connector`]'s text.
    fn description_of_action_3(text: &str) -> Utf16Position {
        let line = text.lines().position(|l| l.contains("record 3")).unwrap() + 1;
        let column = text.lines().nth(line).unwrap().find("Gets").unwrap();
        Utf16Position::new(line as u32, column as u32)
    }

    #[test]
    fn only_the_edited_section_is_walked_again() {
        let settings = Settings::default();
        let text = connector();
        let mut doc = Document::new("connector.rb", text.clone());
        let first = doc.lint(&settings).diagnostics;
        assert_eq!(doc.replayed_sections(), 0);
        assert_eq!(doc.lint(&settings).diagnostics, first);
        assert_eq!(
            doc.replayed_sections(),
            11,
            "nothing changed: every section replayed"
        );

        let at = description_of_action_3(&text);
        doc.edit(at, at, "Quickly g");
        let edited = doc.lint(&settings).diagnostics;
        assert_eq!(doc.replayed_sections(), 10, "all but `action_3`");
        let full = crate::lint(&SourceFile::new("connector.rb", doc.text()), &settings);
        assert_eq!(edited, full);

        // A new line above shifts every later section by a line: still replayed.
        doc.edit(Utf16Position::new(1, 0), Utf16Position::new(1, 0), "\n");
        let shifted = doc.lint(&settings).diagnostics;
        assert_eq!(doc.replayed_sections(), 11);
        let full = crate::lint(&SourceFile::new("connector.rb", doc.text()), &settings);
        assert_eq!(shifted, full);
        let inside = full
            .iter()
            .filter(|d| d.rule == crate::RuleId::MissingFieldLabelOrHint)
            .count();
        assert_eq!(inside, 10, "findings inside the sections were moved");
    }

    #[test]
    fn a_repaired_syntax_error_replays_the_sections_again() {
        let settings = Settings::default();
        let text = connector();
        let mut doc = Document::new("connector.rb", text.clone());
        let first = doc.lint(&settings).diagnostics;
        let at = description_of_action_3(&text);
        let after = Utf16Position::new(at.line, at.character + 1);
        doc.edit(at, at, "'");
        let broken = doc.lint(&settings).diagnostics;
        assert!(broken.iter().any(|d| d.rule == crate::RuleId::SyntaxError));
        doc.edit(at, after, "");
        assert_eq!(doc.lint(&settings).diagnostics, first);
        assert_eq!(
            doc.replayed_sections(),
            11,
            "the repaired text is the first one"
        );
    }

    #[test]
    fn positions_count_utf16_units() {
        // `é` is one unit and two bytes; `😀` is two units and four bytes.
        let text = "a = 'é😀x'\nb = 1\n";
        assert_eq!(edited(text, (0, 8), (0, 9), "y"), "a = 'é😀y'\nb = 1\n");
        assert_eq!(edited(text, (0, 6), (0, 6), "-"), "a = 'é-😀x'\nb = 1\n");
        assert_eq!(edited(text, (0, 5), (0, 8), ""), "a = 'x'\nb = 1\n");
    }

    #[test]
    fn positions_past_a_line_or_the_text_are_clamped() {
        let text = "ab\ncd";
        assert_eq!(edited(text, (0, 99), (0, 99), "!"), "ab!\ncd");
        assert_eq!(edited(text, (7, 0), (9, 3), "!"), "ab\ncd!");
        assert_eq!(edited(text, (1, 1), (0, 1), "!"), "ab\nc!d");
    }

    #[test]
    fn edits_across_lines_and_crlf() {
        let text = "x = {\r\n  a: 1,\r\n}\r\n";
        assert_eq!(edited(text, (0, 5), (2, 0), ""), "x = {}\r\n");
        assert_eq!(
            edited(text, (1, 7), (1, 7), "\r\n  b: 2,"),
            "x = {\r\n  a: 1,\r\n  b: 2,\r\n}\r\n"
        );
    }

    #[test]
    fn points_follow_inserted_lines() {
        assert_eq!(advance(Point::new(3, 4), "ab"), Point::new(3, 6));
        assert_eq!(advance(Point::new(3, 4), "a\nbc\nd"), Point::new(5, 1));
        let text = "ab\ncé\n";
        assert_eq!(
            locate(text, Utf16Position::new(1, 1)),
            (4, Point::new(1, 1))
        );
        assert_eq!(
            locate(text, Utf16Position::new(1, 2)),
            (6, Point::new(1, 3))
        );
        assert_eq!(
            locate("ab\ncd", Utf16Position::new(4, 0)),
            (5, Point::new(1, 2))
        );
    }
}
