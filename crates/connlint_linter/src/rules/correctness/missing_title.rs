use connlint_syntax::TextRange;

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a connector hash without a `title`, or with an empty one.
    ///
    /// ## Why is this bad?
    /// The title names the connector in the recipe editor and in the community
    /// library; Workato rejects a connector without one.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   connection: {},
    ///   actions: {}
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme CRM',
    ///   connection: {},
    ///   actions: {}
    /// }
    /// ```
    pub struct MissingTitle {
        name: "missing-title",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for MissingTitle {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        let src = ctx.text();
        match connector.title() {
            None => {
                let open = connector.hash.node.start_byte();
                ctx.report(TextRange::new(open, open + 1), "connector has no `title`")
                    .help("add `title: 'Your App'` as the first key of the connector hash");
            }
            Some(entry) => {
                if let Some(lit) = entry.literal(src).filter(|l| l.text.trim().is_empty()) {
                    let value = entry.value.map_or(lit.range, |v| v.byte_range().into());
                    ctx.report(value, "connector `title` is empty")
                        .help("name the app the connector talks to, e.g. `title: 'Acme CRM'`");
                }
            }
        }
    }
}
