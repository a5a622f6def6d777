use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use crate::file_class::FileClass;

/// A half-open byte range `[start, end)` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<std::ops::Range<usize>> for TextRange {
    fn from(r: std::ops::Range<usize>) -> Self {
        Self::new(r.start, r.end)
    }
}

/// Byte offsets of line starts, computed on first use: most files produce no diagnostic
/// and never need it.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { starts }
    }

    /// 1-based line and 1-based column counted in Unicode scalar values, so editors and
    /// humans agree on where a multi-byte line points. An offset inside a character is
    /// clamped to that character's start.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut column = text[start..end].chars().count() + 1;
        // A byte-order mark is invisible in editors: columns on line 1 start after it.
        if line == 0 && end >= 3 && text.starts_with('\u{feff}') {
            column -= 1;
        }
        (line + 1, column)
    }

    /// 0-based line and byte column of `offset`: tree-sitter's point.
    pub fn point(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        (line, offset - self.starts[line])
    }

    /// Byte offset where 1-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// One file's path and text. The text is always valid UTF-8: readers decide what to do
/// with other bytes before building one.
#[derive(Debug)]
pub struct SourceFile {
    path: String,
    text: String,
    class: FileClass,
    location: Option<PathBuf>,
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let path = path.into();
        Self {
            class: FileClass::of(&path),
            path,
            text: text.into(),
            location: None,
            lines: OnceLock::new(),
        }
    }

    /// Where the file is (or was, for a blob of history) when `path`, the name it is
    /// reported under, is not a path from the working directory: what per-file settings
    /// match.
    pub fn with_location(mut self, location: PathBuf) -> Self {
        self.location = Some(location);
        self
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the file is and what it is for, by its path.
    pub fn class(&self) -> FileClass {
        self.class
    }

    /// The file on disk, for per-file settings.
    pub fn location(&self) -> &Path {
        self.location
            .as_deref()
            .unwrap_or_else(|| Path::new(&self.path))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.lines().line_column(&self.text, offset)
    }

    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.start..range.end).unwrap_or("")
    }

    /// 1-based line of the byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_column(offset).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = SourceFile::new("a.rb", "ab\r\nçé x\n");
        assert_eq!(src.line_column(0), (1, 1));
        assert_eq!(src.line_column(1), (1, 2));
        assert_eq!(src.line_column(4), (2, 1));
        let x = src.text().find('x').unwrap();
        assert_eq!(src.line_column(x), (2, 4));
        assert_eq!(src.line_column(src.text().len()), (3, 1));
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let src = SourceFile::new("a.rb", "\u{feff}{ a: 1 }\nb");
        assert_eq!(src.line_column(3), (1, 1));
        assert_eq!(src.line_column(5), (1, 3));
        assert_eq!(src.line_column(src.text().len() - 1), (2, 1));
    }

    #[test]
    fn offsets_inside_a_character_clamp_to_its_start() {
        let src = SourceFile::new("a.rb", "é");
        assert_eq!(src.line_column(1), (1, 1));
    }
}
