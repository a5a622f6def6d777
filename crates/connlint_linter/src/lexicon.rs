//! English words shipped as data in `rules/lexicon/`: the single-word verb lemmas of
//! WordNet (Princeton University's licence, kept beside the list). Action titles must
//! start with one; a credential value that is one is a dictionary word, not a secret.

use std::collections::HashSet;
use std::sync::OnceLock;

const VERBS: &str = include_str!("../../../rules/lexicon/verbs.txt");

/// Whether `lower` (lowercase) is an English verb lemma.
pub(crate) fn is_english_verb(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        VERBS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
    .contains(lower)
}
