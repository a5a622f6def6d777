//! `connlint debug ast|model`: views of what the rules see.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use connlint_linter::syntax::{new_parser, parse, walk, Connector, References, SourceFile};

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
    // Leaves print their text: credentials in it are masked as in every other output
    // (same bytes, so positions hold).
    let redaction = connlint_linter::Settings::default().redaction();
    let secrets = connlint_linter::lint(&source, &redaction)
        .into_iter()
        .flat_map(|d| d.secrets);
    let masked = connlint_linter::diagnostics::redact_source(source.text(), secrets);
    let source = SourceFile::new(source.path().to_owned(), masked);
    let tree = parse(&mut new_parser(), source.text()).ok_or("the parser gave up")?;
    let mut out = String::new();
    walk(&tree, |cursor, depth| {
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
    });
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

/// Parses every file a `check` would lint, in parallel, and drops the trees: what the
/// scan would cost if rules were free.
pub fn parse_only(
    paths: &[std::path::PathBuf],
    threads: Option<usize>,
) -> Result<ExitCode, String> {
    use rayon::prelude::*;
    use std::cell::RefCell;
    if let Some(threads) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    thread_local! {
        static PARSER: RefCell<connlint_linter::syntax::Parser> = RefCell::new(new_parser());
    }
    // The files `check` parses: Ruby, not the text files it reads without a tree.
    let files: Vec<_> = crate::walk::collect(paths)
        .into_iter()
        .filter_map(|(c, _)| match c {
            crate::walk::Candidate::Ruby(path) | crate::walk::Candidate::MaybeConnector(path) => {
                Some(path)
            }
            _ => None,
        })
        .collect();
    let (count, bytes) = files
        .par_iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| {
            let nodes = PARSER.with_borrow_mut(|p| {
                parse(p, &text).map_or(0, |t| t.root_node().descendant_count())
            });
            (usize::from(nodes > 0), text.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    print(&format!("parsed {count} files, {bytes} bytes\n"))
}
