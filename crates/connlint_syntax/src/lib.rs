//! Source files, tree-sitter-ruby parsing and a typed view of a Workato connector.
//!
//! Everything here is pure: callers own the I/O and the parser (one per worker).

mod file_class;
pub mod json;
mod kinds;
pub mod lex;
mod model;
mod node;
pub mod recipe;
mod references;
mod source;
pub mod windows;

pub use file_class::{
    is_adapter_source, is_named_connector, is_test_name, FileClass, FileKind, PackagePart, Role,
    ROLE_DIRS,
};
pub use json::{parse_json, Json, JsonError};
pub use kinds::{kinds, Kinds};
pub use model::{
    AuthSummary, Authorization, Connection, ConnectionSummary, Connector, Entry, HashView, Lambda,
    ModelSummary, NamedLine, Operation, OperationSummary, Section, TOP_LEVEL_KEYS,
};
pub use node::{
    call_argument_literal, call_method, element_reference_key, is_literal, key_name, literal_text,
    pair_key, pair_value, string_contents, string_is_interpolation_only, string_literal,
    LiteralKind, LiteralRef,
};
pub use recipe::Recipe;
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
    walk_pruned(tree, |cursor, depth| {
        visit(cursor, depth);
        true
    });
}

/// [`walk`], descending into a node's children only when `visit` returns `true` for it.
///
/// The walk counts the siblings left at each depth so that it never asks for the
/// sibling after a last child: a failing `goto_next_sibling` searches up through hidden
/// parents and costs as much as a successful one, and every parent has a last child.
pub fn walk_pruned<'t>(tree: &'t Tree, mut visit: impl FnMut(&TreeCursor<'t>, usize) -> bool) {
    let mut cursor = tree.walk();
    // The siblings after the current node, for each depth below the root.
    let mut left: Vec<u32> = Vec::new();
    loop {
        if visit(&cursor, left.len()) {
            let children = cursor.node().child_count();
            if children > 0 && cursor.goto_first_child() {
                left.push(children - 1);
                continue;
            }
        }
        loop {
            match left.last_mut() {
                None => return,
                Some(n) if *n > 0 => {
                    *n -= 1;
                    if cursor.goto_next_sibling() {
                        break;
                    }
                    // The count disagreed with the cursor: go up as at a last child.
                    left.pop();
                    cursor.goto_parent();
                }
                Some(_) => {
                    left.pop();
                    cursor.goto_parent();
                }
            }
        }
    }
}

/// Parses `text` as Ruby. tree-sitter always yields a tree unless cancelled, so `None`
/// only happens when the parser has no language, which `new_parser` rules out.
pub fn parse(parser: &mut Parser, text: &str) -> Option<Tree> {
    parser.parse(text, None)
}
