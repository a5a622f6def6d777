use connlint_syntax::{Kinds, Node, TextRange};

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports code that Ruby cannot parse: unexpected tokens and missing `end`s,
    /// brackets or commas, and what tree-sitter accepts but Ruby does not: a block
    /// parameter whose default is an expression (`|x, max = 10 * 1024|`). Known gaps:
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

impl Rule for SyntaxError {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.block_parameters]
    }

    /// Ruby takes only a primary value as a block parameter's default
    /// (`|x, max = 10 * 1024|` is "unexpected '*', expecting '|'"); tree-sitter accepts
    /// any expression there.
    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let k = connlint_syntax::kinds();
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
        while let Some(node) = stack.pop() {
            if node.is_missing() {
                let at = node.start_byte();
                ctx.report(
                    TextRange::new(at, at),
                    format!("syntax error: missing `{}`", node.kind()),
                )
                .help("the parser inserted this token to recover; add it where it belongs");
            } else if node.is_error() && !is_spaced_block_pass(node, text) {
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
