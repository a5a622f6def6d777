//! `connlint debug ast|model`: views of what the rules see.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use connlint_linter::syntax::{new_parser, parse, Connector, References, SourceFile};

fn read(file: &Path) -> Result<SourceFile, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(SourceFile::new(file.to_string_lossy(), text))
}

fn print(text: &str) -> Result<ExitCode, String> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot write output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the tree, one node per line, indented by depth, with 1-based positions.
/// Iterative, so deeply nested files cannot overflow the stack.
pub fn ast(file: &Path) -> Result<ExitCode, String> {
    let source = read(file)?;
    let tree = parse(&mut new_parser(), source.text()).ok_or("the parser gave up")?;
    let mut out = String::new();
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    'walk: loop {
        let node = cursor.node();
        if node.is_named() || node.is_missing() {
            let (sl, sc) = source.line_column(node.start_byte());
            let (el, ec) = source.line_column(node.end_byte());
            let field = cursor
                .field_name()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            let missing = if node.is_missing() { "MISSING " } else { "" };
            let _ = write!(
                out,
                "{:indent$}{field}{missing}{} [{sl}:{sc}-{el}:{ec}]",
                "",
                node.kind(),
                indent = depth * 2
            );
            if node.named_child_count() == 0 {
                let text = source.slice(node.byte_range().into());
                let mut shown: String = text.chars().take(60).collect();
                if text.chars().count() > 60 {
                    shown.push('…');
                }
                let _ = write!(out, " {shown:?}");
            }
            out.push('\n');
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
            depth -= 1;
        }
    }
    print(&out)
}

/// Prints the connector model as JSON (`null` when the file has no connector hash).
pub fn model(file: &Path) -> Result<ExitCode, String> {
    let source = read(file)?;
    let tree = parse(&mut new_parser(), source.text()).ok_or("the parser gave up")?;
    let references = References::collect(&tree, source.text());
    let summary = Connector::find(&tree, source.text()).map(|c| c.summary(&source, &references));
    let mut json = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
    json.push('\n');
    print(&json)
}
