use connlint_syntax::TOP_LEVEL_KEYS;

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
    }
}

/// The known key a misspelling most likely meant: same letters once case and
/// underscores are ignored, else the closest by edit distance.
pub(crate) fn closest_key(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let normalize = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = normalize(key);
    if let Some(exact) = known.iter().find(|k| normalize(k) == wanted) {
        return Some(exact);
    }
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&wanted, &normalize(k)), *k))
        .filter(|(distance, k)| *distance <= (k.len() / 4).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
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
            let help = match closest_key(entry.name, TOP_LEVEL_KEYS) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("the SDK reads only: {}", TOP_LEVEL_KEYS.join(", ")),
            };
            ctx.report_node(entry.key, message).help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::closest_key;
    use connlint_syntax::TOP_LEVEL_KEYS;

    #[test]
    fn suggestions() {
        assert_eq!(closest_key("picklists", TOP_LEVEL_KEYS), Some("pick_lists"));
        assert_eq!(closest_key("Actions", TOP_LEVEL_KEYS), Some("actions"));
        assert_eq!(closest_key("trigers", TOP_LEVEL_KEYS), Some("triggers"));
        assert_eq!(
            closest_key("object_definition", TOP_LEVEL_KEYS),
            Some("object_definitions")
        );
        assert_eq!(closest_key("banana", TOP_LEVEL_KEYS), None);
    }
}
