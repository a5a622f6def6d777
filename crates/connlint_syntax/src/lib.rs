//! Source files, tree-sitter-ruby parsing and a typed view of a Workato connector.
//!
//! Everything here is pure: callers own the I/O and the parser (one per worker).

mod kinds;
mod model;
mod node;
mod references;
mod source;

pub use kinds::{kinds, Kinds};
pub use model::{
    AuthSummary, Authorization, Connection, ConnectionSummary, Connector, Entry, HashView, Lambda,
    LiteralKind, ModelSummary, NamedLine, Operation, OperationSummary, Section, TOP_LEVEL_KEYS,
};
pub use node::{
    call_argument_literal, call_method, element_reference_key, is_literal, key_name, literal_text,
    pair_key, pair_value, string_contents, string_is_interpolation_only, string_literal,
    LiteralRef,
};
pub use references::{Reference, ReferenceKind, References};
pub use source::{LineIndex, SourceFile, TextRange};
pub use tree_sitter::{Node, Parser, Tree, TreeCursor};

/// The tree-sitter language of every file connlint parses.
pub fn language() -> tree_sitter::Language {
    tree_sitter_ruby::LANGUAGE.into()
}

/// A parser set up for Ruby. Creating one is cheap; keep one per worker thread.
pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("the bundled tree-sitter-ruby grammar matches the tree-sitter ABI");
    parser
}

/// Visits every node of `tree` in source order: the cursor on it (for the node and its
/// field name) and its depth (the root is 0). The walk is iterative, so nesting depth
/// cannot overflow the stack.
pub fn walk<'t>(tree: &'t Tree, mut visit: impl FnMut(&TreeCursor<'t>, usize)) {
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        visit(&cursor, depth);
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}

/// Parses `text` as Ruby. tree-sitter always yields a tree unless cancelled, so `None`
/// only happens when the parser has no language, which `new_parser` rules out.
pub fn parse(parser: &mut Parser, text: &str) -> Option<Tree> {
    parser.parse(text, None)
}
