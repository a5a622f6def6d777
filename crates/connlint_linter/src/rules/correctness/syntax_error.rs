use connlint_syntax::{Kinds, Node, TextRange};

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports code that Ruby cannot parse: unexpected tokens and missing `end`s,
    /// brackets or commas, and what tree-sitter accepts but Ruby does not: a block
    /// parameter whose default is an expression (`|x, max = 10 * 1024|`) and a `{` right
    /// after a method name read as a hash (`payload { name: 'x' }`: Ruby reads a block;
    /// a byte order mark pasted before the connector's `{` is such a name). A bracket
    /// left open is reported where it opens, found by matching brackets with their
    /// indentation, rather than where the parser gave up (often line 1). Known gaps:
    /// other places where Ruby's grammar is stricter than tree-sitter's are not checked;
    /// invisible characters are `invisible-character`'s.
    ///
    /// ## Why is this bad?
    /// The Workato SDK evaluates the connector file as Ruby; a syntax error means the
    /// connector cannot be loaded at all. Published connectors do contain them, often
    /// from a hand-merged edit. connlint still lints the rest of the file.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     list_users: {
    ///       execute: lambda do |connection, input|
    ///         get('/users'
    ///       end
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     list_users: {
    ///       execute: lambda do |connection, input|
    ///         get('/users')
    ///       end
    ///     }
    ///   }
    /// }
    /// ```
    pub struct SyntaxError {
        name: "syntax-error",
        category: Correctness,
        severity: Error,
    }
}

/// How much of an unexpected snippet the message quotes.
const QUOTE_CHARS: usize = 30;

fn unexpected_message(snippet: &str) -> String {
    let first_line = snippet.lines().next().unwrap_or("").trim();
    if first_line.is_empty() {
        return "syntax error: unexpected input".to_owned();
    }
    let mut quoted: String = first_line.chars().take(QUOTE_CHARS).collect();
    if first_line.chars().count() > QUOTE_CHARS {
        quoted.push('…');
    }
    format!("syntax error: unexpected `{quoted}`")
}

/// `call(x, & block)`: Ruby passes the block though a space follows the `&`;
/// tree-sitter-ruby makes the `&` an error.
fn is_spaced_block_pass(node: Node, text: &str) -> bool {
    &text[node.byte_range()] == "&"
        && node.parent().is_some_and(|p| p.kind() == "argument_list")
        && node
            .next_named_sibling()
            .is_some_and(|n| n.kind() == "identifier" && n.start_byte() > node.end_byte())
}

/// `foo { a: 1 }`: Ruby reads a `{` right after a method name as a block, whose body
/// cannot hold `a: 1` ("unexpected ':'"); tree-sitter-ruby reads a hash argument. The
/// usual cause is invisible: a byte order mark pasted before the connector's `{` is a
/// method name to both parsers.
fn brace_after_method_name(call: Node, ctx: &mut Context) {
    let k = connlint_syntax::kinds();
    // Only downward steps: `parent()` costs a walk from the root in tree-sitter.
    let Some(hash) = call
        .child_by_field_id(k.field_arguments)
        .and_then(|a| a.named_child(0).filter(|h| h.kind_id() == k.hash && h.start_byte() == a.start_byte()))
    else {
        return;
    };
    let Some(method) = call.child_by_field_id(k.field_method) else {
        return;
    };
    let text = ctx.text();
    let mut cursor = hash.walk();
    let Some(colon) = hash
        .named_children(&mut cursor)
        .filter(|p| p.kind_id() == k.pair)
        .find_map(|p| p.child(1).filter(|sep| &text[sep.byte_range()] == ":"))
    else {
        return;
    };
    let name = &text[method.byte_range()];
    let invisible = name.chars().all(|c| {
        matches!(c, '\u{FEFF}' | '\u{00A0}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{202A}'..='\u{202E}')
    });
    if invisible {
        let codes: Vec<String> = name.chars().map(|c| format!("U+{:04X}", c as u32)).collect();
        ctx.report_node(
            method,
            format!(
                "syntax error: Ruby reads the invisible {} before `{{` as a method name, and the hash as its block",
                codes.join(" ")
            ),
        )
        .help("remove the invisible character (`invisible-character`'s fix does)");
    } else {
        ctx.report_node(
            colon,
            format!("syntax error: unexpected `:`: the `{{` after `{name}` opens a block, not a hash"),
        )
        .help(format!("pass the hash in parentheses, `{name}({{ … }})`, or without braces, `{name} key: value`"));
    }
}

/// A bracket left open: the opener, and the closer the parse paired with it instead
/// (`None` at the end of the file).
struct Unclosed {
    open: TextRange,
    open_text: &'static str,
    closed_by: Option<TextRange>,
}

/// When tree-sitter cannot recover, one error node covers the rest of the file from
/// line 1, and its first token says nothing; when it can, it inserts the missing `}` at
/// the end of the file. Ruby's parser complains near the bracket that was left open;
/// find that bracket by matching the bracket tokens under `error` with indentation as
/// the tie-breaker: a closer on a line indented less than its opener's line, or of the
/// other kind, closes something else, so the opener on top of the stack is the one
/// left open.
fn unclosed_bracket(error: Node, text: &str) -> Option<Unclosed> {
    // The indentation's width, a tab to the next multiple of 8 as editors and Ruby's
    // own indentation warnings count it.
    let indent = |at: usize| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        text[line_start..]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .fold(0, |width, b| if b == b'\t' { width / 8 * 8 + 8 } else { width + 1 })
    };
    let mut stack: Vec<(Node, &'static str)> = Vec::new();
    let mut cursor = error.walk();
    let mut descending = true;
    loop {
        let node = cursor.node();
        if descending && cursor.goto_first_child() {
            continue;
        }
        if node.child_count() == 0 && !node.is_missing() {
            match &text[node.byte_range()] {
                "#{" => stack.push((node, "#{")),
                // `%w[`, `%i(`, `%q{` open with their bracket.
                token if token.ends_with('{') => stack.push((node, "{")),
                token if token.ends_with('[') => stack.push((node, "[")),
                token if token.ends_with('(') => stack.push((node, "(")),
                close @ ("}" | "]" | ")") => {
                    let (open, open_text) = stack.pop()?;
                    let pairs = matches!((open_text, close), ("{" | "#{", "}") | ("[", "]") | ("(", ")"));
                    let first_on_line = text[..node.start_byte()]
                        .rsplit('\n')
                        .next()
                        .is_some_and(|before| before.trim().is_empty());
                    if !pairs || first_on_line && indent(node.start_byte()) < indent(open.start_byte()) {
                        return Some(Unclosed {
                            open: TextRange::new(open.start_byte(), open.end_byte()),
                            open_text,
                            closed_by: Some(TextRange::new(node.start_byte(), node.end_byte())),
                        });
                    }
                }
                _ => {}
            }
        }
        if node == error {
            break;
        }
        if cursor.goto_next_sibling() {
            descending = true;
        } else if cursor.goto_parent() {
            descending = false;
            if cursor.node() == error {
                break;
            }
        } else {
            break;
        }
    }
    let (open, open_text) = stack.pop()?;
    Some(Unclosed {
        open: TextRange::new(open.start_byte(), open.end_byte()),
        open_text,
        closed_by: None,
    })
}

fn report_unclosed(ctx: &mut Context, unclosed: Unclosed) {
    let closer = match unclosed.open_text {
        "[" => "]",
        "(" => ")",
        _ => "}",
    };
    let opener = if unclosed.open_text == "#{" {
        "the interpolation `#{`".to_owned()
    } else {
        format!("`{}`", unclosed.open_text)
    };
    match unclosed.closed_by {
        None => {
            ctx.report(unclosed.open, format!("syntax error: {opener} is never closed"))
                .help(format!("add the `{closer}` where it belongs"));
        }
        Some(at) => {
            ctx.report(
                unclosed.open,
                format!("syntax error: a `{closer}` is missing: this {opener} is the first whose closing bracket does not line up with it"),
            )
            .help(format!("add the `{closer}` where it belongs, or fix the indentation if the brackets are right"))
            .label(at, "paired with this, which is indented for an outer bracket");
        }
    }
}

impl Rule for SyntaxError {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.block_parameters, k.call]
    }

    /// Ruby takes only a primary value as a block parameter's default
    /// (`|x, max = 10 * 1024|` is "unexpected '*', expecting '|'"); tree-sitter accepts
    /// any expression there.
    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let k = connlint_syntax::kinds();
        if node.kind_id() == k.call {
            return brace_after_method_name(node, ctx);
        }
        let mut cursor = node.walk();
        let defaults: Vec<Node> = node
            .named_children(&mut cursor)
            .filter(|p| p.kind() == "optional_parameter")
            .filter_map(|p| p.child_by_field_id(k.field_value))
            .filter(|v| matches!(v.kind(), "binary" | "conditional" | "range"))
            .collect();
        for mut value in defaults {
            // Ruby stops at the first operator: `10 * 1024 * 1024` fails at the first `*`.
            while let Some(left) = value.child(0).filter(|l| l.kind_id() == k.binary) {
                value = left;
            }
            let operator = if value.kind_id() == k.binary || value.kind() == "range" {
                value.child(1)
            } else {
                value
                    .child_by_field_name("condition")
                    .and_then(|c| c.next_sibling())
            };
            let Some(operator) = operator else {
                continue;
            };
            let text = &ctx.text()[operator.byte_range()];
            ctx.report_node(
                operator,
                format!("syntax error: unexpected `{text}`, expecting `|` (a block parameter's default must be a single value)"),
            )
            .help("compute the value in the block, or wrap it in parentheses: `max = (10 * 1024)`");
        }
    }

    fn check_file(&self, ctx: &mut Context) {
        let root = ctx.tree.root_node();
        if !root.has_error() {
            return;
        }
        // Only subtrees that contain an error are entered, so a clean file costs
        // nothing and a broken one costs a walk of the broken parts.
        let mut stack: Vec<Node> = vec![root];
        let text = ctx.text();
        // Two recoveries can point at the same open bracket.
        let mut reported: Vec<usize> = Vec::new();
        while let Some(node) = stack.pop() {
            if node.is_missing() {
                let bracket = matches!(node.kind(), "}" | "]" | ")");
                if let Some(unclosed) = node
                    .parent()
                    .filter(|_| bracket)
                    .and_then(|p| unclosed_bracket(p, text))
                    .filter(|u| u.closed_by.is_some())
                {
                    if !reported.contains(&unclosed.open.start) {
                        reported.push(unclosed.open.start);
                        report_unclosed(ctx, unclosed);
                    }
                    continue;
                }
                let at = node.start_byte();
                ctx.report(
                    TextRange::new(at, at),
                    format!("syntax error: missing `{}`", node.kind()),
                )
                .help("the parser inserted this token to recover; add it where it belongs");
            } else if node.is_error() && !is_spaced_block_pass(node, text) {
                let lines = text[node.byte_range()].lines().nth(1).is_some();
                if let Some(unclosed) = unclosed_bracket(node, text).filter(|_| lines) {
                    if !reported.contains(&unclosed.open.start) {
                        reported.push(unclosed.open.start);
                        report_unclosed(ctx, unclosed);
                    }
                    continue;
                }
                let start = node.start_byte();
                let line_end = text[start..node.end_byte()]
                    .find('\n')
                    .map_or(node.end_byte(), |i| start + i);
                let message = unexpected_message(&text[start..line_end]);
                ctx.report(TextRange::new(start, line_end), message)
                    .help("check the brackets, `do`/`end` pairs and commas around here");
            } else if node.has_error() {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.children(&mut cursor).collect();
                stack.extend(children.into_iter().rev());
            }
        }
    }
}
