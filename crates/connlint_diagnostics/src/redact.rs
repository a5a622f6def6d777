//! One place decides how much of a secret may be shown: a short prefix and the length.

/// `sk_l…(32 chars)`: at most four characters and never more than a quarter of the value,
/// so short secrets show little or nothing.
pub fn redact(secret: &str) -> String {
    let len = secret.chars().count();
    let shown = (len / 4).min(4);
    let prefix: String = secret.chars().take(shown).collect();
    format!("{prefix}…({len} chars)")
}

/// A copy of `text` with each secret range masked by `*`, byte for byte, after the same
/// prefix `redact` shows. Byte offsets stay valid, so renderers can still point at spans.
pub fn redact_source(text: &str, secrets: impl IntoIterator<Item = (usize, usize)>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in secrets {
        let (start, end) = (start.min(text.len()), end.min(text.len()));
        let Some(value) = text.get(start..end) else {
            continue;
        };
        let shown = (value.chars().count() / 4).min(4);
        let keep = value
            .char_indices()
            .nth(shown)
            .map_or(value.len(), |(i, _)| i);
        bytes[start + keep..end].fill(b'*');
    }
    String::from_utf8(bytes).expect("whole characters were replaced by ASCII bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_a_short_prefix_and_the_length() {
        assert_eq!(redact("sk_live_0123456789abcdef"), "sk_l…(24 chars)");
        assert_eq!(redact("abc"), "…(3 chars)");
        assert_eq!(redact("pässwörd"), "pä…(8 chars)");
    }

    #[test]
    fn masks_ranges_and_keeps_offsets() {
        let text = "a = 'sk_live_0123456789abcdef' # é";
        let start = text.find("sk_").unwrap();
        let masked = redact_source(text, [(start, start + 24)]);
        assert_eq!(masked.len(), text.len());
        assert!(masked.contains("'sk_l********************'"));
        assert!(masked.ends_with("# é"));
        let multi = redact_source("'ééééééééé'", [(1, 19)]);
        assert_eq!(multi, "'éé**************'");
    }
}
