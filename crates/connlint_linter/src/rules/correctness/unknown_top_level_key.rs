use connlint_syntax::TOP_LEVEL_KEYS;

use connlint_diagnostics::Applicability;

use crate::rules::helpers::{rename_key, suggest};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports top-level keys of the connector hash that the Workato SDK does not read,
    /// and suggests the closest known key.
    ///
    /// ## Why is this bad?
    /// The SDK silently ignores unknown keys: a misspelt `picklists:` means every pick
    /// list in it is missing at run time, and the fields that use them break.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   picklists: {
    ///     statuses: lambda { [%w[Open open], %w[Closed closed]] }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   pick_lists: {
    ///     statuses: lambda { [%w[Open open], %w[Closed closed]] }
    ///   }
    /// }
    /// ```
    pub struct UnknownTopLevelKey {
        name: "unknown-top-level-key",
        category: Correctness,
        severity: Error,
        fixable: true,
    }
}

impl Rule for UnknownTopLevelKey {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        for entry in &connector.hash.entries {
            if TOP_LEVEL_KEYS.contains(&entry.name) {
                continue;
            }
            let message = format!("unknown top-level key `{}`", entry.name);
            let known = suggest(entry.name, TOP_LEVEL_KEYS.iter().copied());
            let help = match known {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("the SDK reads only: {}", TOP_LEVEL_KEYS.join(", ")),
            };
            let src = ctx.text();
            let report = ctx.report_node(entry.key, message).help(help);
            // A single close match that the connector does not already have.
            if let Some(known) = known.filter(|k| !connector.hash.has(k)) {
                if let Some(edit) = rename_key(entry.pair, src, known) {
                    report.fix(
                        Applicability::Safe,
                        format!("rename to `{known}`"),
                        vec![edit],
                    );
                }
            }
        }
    }
}
