use connlint_syntax::{Kinds, Node, TextRange};

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports code that Ruby cannot parse: unexpected tokens and missing `end`s,
    /// brackets or commas, and what tree-sitter accepts but Ruby does not: a block
    /// parameter whose default is an expression (`|x, max = 10 * 1024|`) and a `{` right
    /// after a method name read as a hash (`payload { name: 'x' }`: Ruby reads a block;
    /// a byte order mark pasted before the connector's `{` is such a name). A bracket
    /// left open is reported once, where it opens, found by matching brackets with their
    /// indentation, rather than where the parser gave up (often line 1) and at each
    /// recovery that follows from it. A comma missing between two entries
    /// (`description: 'x'` with `execute:` on the next line) is reported once, at the end
    /// of the value that lacks it, and a hash the recovery broke gets no `missing-*`
    /// findings for entries the parser hid. Known gaps:
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
    // Across a line break Ruby ends the call: the `{` starts a new element, which only
    // an invisible name (at the end of the line before) makes unexpected.
    let next_line = text[method.end_byte()..hash.start_byte()].contains('\n');
    if invisible {
        let codes: Vec<String> = name.chars().map(|c| format!("U+{:04X}", c as u32)).collect();
        let codes = codes.join(" ");
        let message = if next_line {
            format!("syntax error: Ruby reads the invisible {codes} as a method name, and the `{{` on the next line is unexpected")
        } else {
            format!("syntax error: Ruby reads the invisible {codes} before `{{` as a method name, and the hash as its block")
        };
        ctx.report_node(method, message)
            .help("remove the invisible character (`invisible-character`'s fix does)");
    } else if !next_line {
        ctx.report_node(
            colon,
            format!("syntax error: unexpected `:`: the `{{` after `{name}` opens a block, not a hash"),
        )
        .help(format!("pass the hash in parentheses, `{name}({{ … }})`, or without braces, `{name} key: value`"));
    }
}

/// Where commas are missing in an error node: the end of each value before a line that
/// starts with `key:` (or `'key' =>`) inside the node, when that value ends its line
/// without a comma or an opener. Tree-sitter reads the value and the key as one
/// unexpected run, and reports it at the value, which has nothing wrong with it.
fn missing_commas(root: Node, node: Node, text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let range = node.byte_range();
    let first_line = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let mut line = first_line;
    while line < range.end {
        let code = text[line..].trim_start_matches([' ', '\t']);
        let at = text.len() - code.len();
        if (range.start..range.end).contains(&at) && starts_with_key(code) {
            let mut before = text[..line].trim_end();
            // A comment after the value: the comma goes before it.
            while let Some(comment) = before
                .len()
                .checked_sub(1)
                .and_then(|end| root.descendant_for_byte_range(end, before.len()))
                .filter(|n| n.kind() == "comment")
            {
                before = text[..comment.start_byte()].trim_end();
            }
            if !before.is_empty() && !before.ends_with([',', '{', '[', '(', '|', '\\']) {
                found.push(before.len());
            }
        }
        let Some(next) = text[line..].find('\n') else {
            break;
        };
        line += next + 1;
    }
    found
}

/// `name: ` (a symbol key) or `'name' =>` / `"name" =>`.
fn starts_with_key(code: &str) -> bool {
    let word = code
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(code.len());
    let quoted = code
        .strip_prefix(['\'', '"'])
        .and_then(|rest| rest.find(['\'', '"']).map(|end| &rest[end + 1..]))
        .is_some_and(|after| after.trim_start().starts_with("=>"));
    let symbol = word > 0
        && !code.starts_with(|c: char| c.is_ascii_digit())
        && code[word..].starts_with(':')
        && code[word + 1..].starts_with([' ', '\t', '\n']);
    symbol || quoted
}

/// A bracket left open: the opener, and where the file shows it closed too early (a
/// closer, or a line back at its indentation; `None` at the end of the file).
struct Unclosed {
    open: TextRange,
    open_text: &'static str,
    closed_by: Option<TextRange>,
}

/// Leaves that open or close nothing: text (a comment `#{`, string content `[`).
fn is_text_leaf(kind: &str) -> bool {
    matches!(kind, "comment" | "string_content" | "heredoc_content" | "heredoc_end" | "escape_sequence")
}

/// Nodes whose delimiters are not brackets (`%r{…}i`, `%w[…]`): their content holds
/// none either, but an interpolation's `#{…}`.
fn is_literal(kind: &str) -> bool {
    matches!(kind, "string" | "regex" | "string_array" | "symbol_array" | "delimited_symbol" | "subshell")
}

/// The bracket a leaf opens: `{`, `[`, `(` or an interpolation's `#{`.
fn opener(token: &str) -> Option<&'static str> {
    match token {
        "#{" => Some("#{"),
        "{" => Some("{"),
        "[" => Some("["),
        "(" => Some("("),
        _ => None,
    }
}

fn closes(open: &str, close: &str) -> bool {
    matches!((open, close), ("{" | "#{", "}") | ("[", "]") | ("(", ")"))
}

/// The file's bracket tokens in order (the leaves that open or close a bracket), and
/// the text that runs over lines (heredocs, strings, comments) in order, whose lines
/// have no indentation to read.
fn bracket_tokens<'a>(root: Node<'a>, text: &str) -> (Vec<Node<'a>>, Vec<std::ops::Range<usize>>) {
    let mut tokens = Vec::new();
    let mut texts = Vec::new();
    // Whether each node on the way down is a literal, for the leaf's parent.
    let mut literal = vec![false];
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if cursor.goto_first_child() {
            literal.push(is_literal(node.kind()));
            continue;
        }
        let token = &text[node.byte_range()];
        let bracket = (opener(token).is_some() || matches!(token, "}" | "]" | ")")) && !is_text_leaf(node.kind());
        if bracket && !node.is_missing() && !literal.last().is_some_and(|&l| l) {
            tokens.push(node);
        } else if is_text_leaf(node.kind()) && (token.contains('\n') || node.kind() == "heredoc_end") {
            texts.push(node.byte_range());
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return (tokens, texts);
            }
            literal.pop();
        }
    }
}

/// When tree-sitter cannot recover, one error node covers the rest of the file from
/// line 1, and its first token says nothing; when it can, it often pairs the brackets
/// differently from the author and fails much later. Ruby's parser complains near the
/// bracket that was left open; when the file's brackets do not balance, find that
/// bracket by matching them with indentation as the tie-breaker: while a bracket that
/// ends its line is open, a line inside it that starts at or left of that line's
/// indentation closes it (a closer of the other kind, or any other line: the next
/// pair, `end`, a statement), so the bracket still open there was left open. A column
/// of slack and continued lines allow for hand-indented code. Only broken files are
/// walked.
fn first_unclosed(root: Node, text: &str) -> Option<Unclosed> {
    let (tokens, texts) = bracket_tokens(root, text);
    let mut texts = texts.into_iter().peekable();
    let mut depth: Vec<&str> = Vec::new();
    let balanced = tokens.iter().all(|t| match &text[t.byte_range()] {
        close @ ("}" | "]" | ")") => depth.pop().is_some_and(|open| closes(open, close)),
        open => {
            depth.push(open);
            true
        }
    });
    if balanced && depth.is_empty() {
        return None;
    }
    // The indentation's width, a tab to the next multiple of 8 as editors and Ruby's
    // own indentation warnings count it.
    let indent = |at: usize| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        text[line_start..]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .fold(0, |width, b| if b == b'\t' { width / 8 * 8 + 8 } else { width + 1 })
    };
    let line_before = |at: usize| text[..at].rsplit('\n').next().unwrap_or("");
    let last_on_line = |at: usize| {
        let after = text[at..].split('\n').next().unwrap_or("").trim();
        after.is_empty() || after.starts_with('#')
    };
    // The first code line after `at`'s: its start, or None at the end of the file.
    let next_line = |at: usize| {
        let mut offset = at + text[at..].find('\n')? + 1;
        text[offset..].split('\n').find_map(|line| {
            let found = (!line.trim().is_empty() && !line.trim_start().starts_with('#')).then_some(offset);
            offset += line.len() + 1;
            found
        })
    };
    // A line that goes on from the one before (`key:`, `x =`, `\`, `a +`, `.map`).
    let continued = |line_start: usize| {
        let code = text[line_start..].trim_start();
        text[..line_start].trim_end().ends_with([':', '=', '\\', '+', '|', '&', '.', '('])
            || code.starts_with('.')
            || code.starts_with("&.")
    };
    let unclosed = |open: Node, open_text, closed_by: Option<TextRange>| Unclosed {
        open: TextRange::new(open.start_byte(), open.end_byte()),
        open_text,
        closed_by,
    };
    // Each open bracket with its line's indentation when the lines inside are indented
    // a step deeper (a line back at that indentation closes it), and the indentation a
    // closer may not go left of (a step left of the lines inside tolerates an
    // over-indented opener line).
    let mut stack: Vec<(Node, &'static str, Option<usize>, usize)> = Vec::new();
    // A closer left of its opener, earlier on a line of closers (`} ]`).
    let mut pending: Option<(Node, &'static str)> = None;
    let mut lines_checked = 0;
    for (i, &node) in tokens.iter().enumerate() {
        let token = &text[node.byte_range()];
        let close = matches!(token, "}" | "]" | ")");
        if let Some(&(open, open_text, bound, close_bound)) = stack.last() {
            // The lines between the last token and this one, each a possible
            // "back at the opener's indentation".
            if let Some(bound) = bound {
                let from = tokens[i - 1].end_byte().max(lines_checked);
                let mut at = next_line(from);
                while let Some(start) = at.filter(|&s| s <= node.start_byte()) {
                    let first = start + (text[start..].len() - text[start..].trim_start().len());
                    let is_close = first == node.start_byte() && close;
                    while texts.next_if(|t| t.end < start).is_some() {}
                    let in_text = texts.peek().is_some_and(|t| t.start < start);
                    if !is_close && !in_text && indent(start) <= bound && !continued(start) {
                        let end = text[first..].find(['\n', ' ']).map_or(text.len(), |e| first + e);
                        return Some(unclosed(open, open_text, Some(TextRange::new(first, end))));
                    }
                    at = next_line(start);
                }
                lines_checked = node.start_byte();
            }
            if close {
                let kind = |open: &str| closes(open, token);
                let pairs = kind(open_text);
                // A line that starts with closers (`] },`) is indented for the last
                // one it closes: an earlier one left of its own opener is wrong only
                // when the last one is too.
                let leading = line_before(node.start_byte())
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, '}' | ']' | ')' | ','));
                let last_in_run = !text[node.end_byte()..]
                    .trim_start_matches([' ', '\t', ','])
                    .starts_with(['}', ']', ')']);
                let left_of_opener = leading && indent(node.start_byte()) + 1 < close_bound;
                // A closer with no opener of its kind open is one too many, not a
                // sign of a missing one: the parser's own recovery says it better.
                if !pairs && !stack.iter().any(|&(_, o, ..)| kind(o)) {
                    return None;
                }
                if !pairs || left_of_opener && last_in_run {
                    let (open, open_text) = pending.take().unwrap_or((open, open_text));
                    let at = TextRange::new(node.start_byte(), node.end_byte());
                    return Some(unclosed(open, open_text, Some(at)));
                }
                if last_in_run {
                    pending = None;
                } else if left_of_opener && pending.is_none() {
                    pending = Some((open, open_text));
                }
            }
        }
        if close {
            stack.pop()?;
        } else if let Some(open_text) = opener(token) {
            let line = indent(node.start_byte());
            let inner = last_on_line(node.end_byte())
                .then(|| next_line(node.end_byte()).map(indent))
                .flatten();
            let bound = inner.filter(|&i| i >= line + 2).map(|_| line);
            let close_bound = inner.map_or(line, |i| line.min(i.saturating_sub(2)));
            stack.push((node, open_text, bound, close_bound));
        }
    }
    stack.pop().map(|(open, open_text, ..)| unclosed(open, open_text, None))
}

fn report_unclosed(ctx: &mut Context, unclosed: &Unclosed) {
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
    let Some(at) = unclosed.closed_by else {
        ctx.report(unclosed.open, format!("syntax error: {opener} is never closed"))
            .help(format!("add the `{closer}` where it belongs"));
        return;
    };
    let found = &ctx.text()[at.start..at.end];
    let misaligned = format!("syntax error: a `{closer}` is missing: this {opener} is the first whose closing bracket does not line up with it");
    let realign = format!("add the `{closer}` where it belongs, or fix the indentation if the brackets are right");
    let (message, label, help) = match found {
        "}" | "]" | ")" if found != closer => (
            format!("syntax error: a `{closer}` is missing: this {opener} is still open at a `{found}`"),
            format!("`{found}` while the `{}` is open", unclosed.open_text),
            format!("add the `{closer}` where it belongs, before this `{found}` at the latest"),
        ),
        "}" | "]" | ")" => (misaligned, "paired with this, which is indented for an outer bracket".to_owned(), realign),
        _ => (misaligned, format!("this line is indented as if the `{}` were closed", unclosed.open_text), realign),
    };
    ctx.report(unclosed.open, message).help(help).label(at, label);
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
        let text = ctx.text();
        // The recoveries after a bracket left open are its consequences: it is
        // reported once, where it opens, and they are not.
        let unclosed = first_unclosed(root, text);
        let explained = |node: Node| unclosed.as_ref().filter(|u| u.open.start < node.end_byte());
        let mut reported = false;
        // Each missing comma once: recovery may leave more than one error node at it.
        let mut commas = Vec::new();
        // Only subtrees that contain an error are entered, so a clean file costs
        // nothing and a broken one costs a walk of the broken parts.
        let mut stack: Vec<Node> = vec![root];
        while let Some(node) = stack.pop() {
            let recovery = node.is_missing() || node.is_error() && !is_spaced_block_pass(node, text);
            if let Some(u) = explained(node).filter(|_| recovery) {
                if !std::mem::replace(&mut reported, true) {
                    report_unclosed(ctx, u);
                }
            } else if let Some(found) = recovery
                .then(|| missing_commas(root, node, text))
                .filter(|found| !found.is_empty())
            {
                for at in found {
                    if commas.contains(&at) {
                        continue;
                    }
                    commas.push(at);
                    ctx.report(TextRange::new(at, at), "syntax error: missing comma after this value")
                        .help("add a `,` here: the next line starts another key");
                }
            } else if node.is_missing() {
                let at = node.start_byte();
                ctx.report(
                    TextRange::new(at, at),
                    format!("syntax error: missing `{}`", node.kind()),
                )
                .help("the parser inserted this token to recover; add it where it belongs");
            } else if recovery {
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
