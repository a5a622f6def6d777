use std::cell::RefCell;

use connlint_diagnostics::Diagnostic;
use connlint_syntax::{new_parser, parse, Connector, Parser, SourceFile};

use crate::{all_rules, Context, Settings};

thread_local! {
    // One parser per worker thread: creating one is cheap, but reusing it keeps its
    // internal buffers warm across files.
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

/// Lints one file with the calling thread's parser. Pure: no I/O.
pub fn lint(source: &SourceFile, settings: &Settings) -> Vec<Diagnostic> {
    PARSER.with_borrow_mut(|parser| lint_with_parser(parser, source, settings))
}

/// Lints one file: one parse, one walk dispatching nodes by kind id to the rules that
/// asked for them, then the file rules over the connector model. Diagnostics come back
/// sorted by position.
pub fn lint_with_parser(
    parser: &mut Parser,
    source: &SourceFile,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let rules = all_rules();
    let Some(tree) = parse(parser, source.text()) else {
        return Vec::new();
    };
    let connector = Connector::find(&tree, source.text());
    let mut ctx = Context::new(source, &tree, connector.as_ref(), rules[0].meta());

    let src = source.text();
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        ctx.references.visit(node, src);
        if let Some(wanted) = settings.by_kind.get(usize::from(node.kind_id())) {
            for &index in wanted {
                ctx.rule = rules[index].meta();
                rules[index].check_node(node, &mut ctx);
            }
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    for &index in &settings.file_rules {
        ctx.rule = rules[index].meta();
        rules[index].check_file(&mut ctx);
    }

    let mut diagnostics = ctx.diagnostics;
    for d in &mut diagnostics {
        if let Some(severity) = settings.severity_override(&d.rule) {
            d.severity = severity;
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}
