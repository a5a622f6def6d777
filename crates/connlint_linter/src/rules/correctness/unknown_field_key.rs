use connlint_syntax::{Kinds, Node};

use crate::schema::{schema_field_of, under_schema_key};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a key of a schema field (in `input_fields`, `output_fields`,
    /// `object_definitions`, connection fields, or a field built in `methods`: a hash
    /// with a literal `name` and a field's own keys) that the SDK does not read and that is
    /// one typo away from a key it does: `propertieis:`, `parse_ouput:`, `contol_type:`.
    /// Keys far from every known one are left alone.
    ///
    /// ## Why is this bad?
    /// The SDK ignores the misspelt key: the field silently loses what it said (its
    /// nested properties, its output conversion, its control). Other rules then report
    /// the consequence — an array without `of` — rather than the typo.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   object_definitions: {
    ///     user: {
    ///       fields: ->(_c, _o) { [{ name: 'tags', type: 'array', of: 'object', propertieis: [{ name: 'id' }] }] }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   object_definitions: {
    ///     user: {
    ///       fields: ->(_c, _o) { [{ name: 'tags', type: 'array', of: 'object', properties: [{ name: 'id' }] }] }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct UnknownFieldKey {
        name: "unknown-field-key",
        category: Correctness,
        severity: Warning,
    }
}

/// The keys of a schema field the SDK and the recipe editor read.
pub(crate) const FIELD_KEYS: &[&str] = &[
    "name",
    "label",
    "hint",
    "type",
    "control_type",
    "optional",
    "default",
    "of",
    "properties",
    "pick_list",
    "pick_list_params",
    "toggle_hint",
    "toggle_field",
    "sticky",
    "extends_schema",
    "schema_neutral",
    "render_input",
    "parse_output",
    "convert_input",
    "convert_output",
    "delimiter",
    "change_on_blur",
    "support_pills",
    "add_field_label",
    "item_label",
    "empty_schema_message",
    "list_mode",
    "list_mode_toggle",
    "ngIf",
    "sample_data_type",
    "custom",
];

/// The known key `key` is a typo of: close, but not itself a known key. Every pair key
/// of a file passes here, so the distance is computed only for keys of a near length
/// that start alike (or one letter later).
pub(crate) fn near_miss(key: &str) -> Option<&'static str> {
    if key.len() < 4 || FIELD_KEYS.contains(&key) {
        return None;
    }
    let first = key.as_bytes()[0].to_ascii_lowercase();
    FIELD_KEYS
        .iter()
        .filter(|k| {
            // `ontrol_type`: a first letter lost is a typo too.
            let b = k.as_bytes();
            k.len().abs_diff(key.len()) <= 2 && (b[0] == first || b.get(1) == Some(&first))
        })
        .map(|k| (strsim::jaro_winkler(key, k), *k))
        .filter(|(score, k)| *score >= 0.93 && k.len() >= 4)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

impl Rule for UnknownFieldKey {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.pair]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some(known) = ctx.pair_key().and_then(near_miss) else {
            return;
        };
        let Some(view) = node
            .parent()
            .and_then(|hash| connlint_syntax::HashView::new(hash, ctx.text()))
        else {
            return;
        };
        // A field of a known schema section, or one built in `methods` or a helper: a
        // literal `name` beside a field's own keys.
        let looks_like_field = view.literal("name", ctx.text()).is_some()
            && ["type", "control_type", "label", "hint", "optional"]
                .iter()
                .any(|k| view.has(k));
        let in_schema = || under_schema_key(ctx.enclosing_keys())
            && schema_field_of(view.clone(), ctx.text(), ctx.enclosing_keys()).is_some();
        if !(looks_like_field || in_schema()) {
            return;
        }
        let Some(key) = connlint_syntax::pair_key(node) else {
            return;
        };
        let name = ctx.pair_key().unwrap_or_default();
        ctx.report_node(key, format!("unknown field key `{name}` (did you mean `{known}`?)"))
            .help(format!("the SDK ignores `{name}`: rename it to `{known}`"));
    }
}
