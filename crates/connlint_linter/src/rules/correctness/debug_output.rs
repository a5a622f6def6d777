use connlint_syntax::{call_method, Kinds, Node};

use connlint_diagnostics::Applicability;
use connlint_syntax::TextRange;

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `puts`, `p`, `pp` and `print` left in connector code.
    ///
    /// ## Why is this bad?
    /// Debug output goes to the job's console log, where it can expose request payloads,
    /// personal data or tokens to anyone who can read the job history.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     get_user: {
    ///       execute: lambda do |_connection, input|
    ///         user = get("users/#{input['id']}")
    ///         puts user
    ///         user
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
    ///     get_user: {
    ///       execute: lambda do |_connection, input|
    ///         get("users/#{input['id']}")
    ///       end
    ///     }
    ///   }
    /// }
    /// ```
    pub struct DebugOutput {
        name: "debug-output",
        category: Correctness,
        severity: Warning,
        fixable: true,
    }
}

impl Rule for DebugOutput {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.call, k.identifier]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some(connector) = ctx.connector else {
            return;
        };
        let hash = connector.hash.node.byte_range();
        if !hash.contains(&node.start_byte()) {
            return;
        }
        let k = connlint_syntax::kinds();
        // `puts x` is a call; a bare `puts`/`p` on its own line parses as an identifier.
        let (method, at) = if node.kind_id() == k.call {
            if node
                .child_by_field_id(connlint_syntax::kinds().field_receiver)
                .is_some()
            {
                return;
            }
            match (
                call_method(node, ctx.text()),
                node.child_by_field_id(connlint_syntax::kinds().field_method),
            ) {
                (Some(m), Some(name)) => (m, name),
                _ => return,
            }
        } else {
            if !matches!(
                &ctx.text()[node.byte_range()],
                "puts" | "p" | "pp" | "print"
            ) {
                return;
            }
            let parent_is_statement_list = node.parent().is_some_and(|p| {
                p.kind_id() == k.body_statement
                    || p.kind_id() == k.block_body
                    || p.kind_id() == k.parenthesized_statements
            });
            if !parent_is_statement_list {
                return;
            }
            (&ctx.text()[node.byte_range()], node)
        };
        if matches!(method, "puts" | "p" | "pp" | "print") {
            // The statement, with its line when it stands alone there.
            let src = ctx.text();
            let (start, end) = (node.start_byte(), node.end_byte());
            let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = src[end..].find('\n').map_or(src.len(), |i| end + i + 1);
            let alone =
                src[line_start..start].trim().is_empty() && src[end..line_end].trim().is_empty();
            // `pp(x); y` loses `pp(x); ` rather than leaving `; y`.
            let rest = &src[end..];
            let semicolon = rest.trim_start_matches([' ', '\t']);
            let end_with_separator = match semicolon.strip_prefix(';') {
                Some(after) => src.len() - after.trim_start_matches([' ', '\t']).len(),
                None => end,
            };
            let removal = if alone {
                TextRange::new(line_start, line_end)
            } else {
                TextRange::new(start, end_with_separator)
            };
            ctx.report_node(
                at,
                format!("debug output `{method}` left in connector code"),
            )
            .help("remove it; job logs can expose payloads and tokens")
            .fix(
                Applicability::Unsafe,
                format!("remove the `{method}` call"),
                vec![(removal, String::new())],
            );
        }
    }
}
