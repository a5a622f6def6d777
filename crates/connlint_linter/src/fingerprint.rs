//! Fingerprints that survive unrelated edits: no line numbers, only what the finding is
//! about. Secrets enter them hashed, so a baseline never holds one in clear.

use std::collections::HashMap;
use std::fmt::Write as _;

use connlint_syntax::{key_name, kinds, SourceFile, Tree};
use sha2::{Digest, Sha256};

use crate::Diagnostic;

/// The keys of the hash pairs on the way from the root to `offset`.
fn key_path<'a>(tree: &Tree, src: &'a str, offset: usize) -> Vec<&'a str> {
    let pair = kinds().pair;
    let mut keys = Vec::new();
    let mut cursor = tree.walk();
    while cursor.goto_first_child_for_byte(offset).is_some() {
        let node = cursor.node();
        if node.start_byte() > offset {
            break;
        }
        if node.kind_id() == pair {
            if let Some(key) = key_name(node, src) {
                keys.push(key);
            }
        }
    }
    keys
}

fn digest(parts: [&str; 4]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut out = String::with_capacity(32);
    for byte in &digest[..16] {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Sets each fingerprint from `parts`; the n-th identical one in a file gets `-n`.
fn assign_with(diagnostics: &mut [Diagnostic], mut parts: impl FnMut(&Diagnostic) -> String) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in diagnostics {
        let mut fingerprint = parts(d);
        let n = seen.entry(fingerprint.clone()).or_default();
        *n += 1;
        if *n > 1 {
            fingerprint.push_str(&format!("-{n}"));
        }
        d.fingerprint = Some(fingerprint);
    }
}

/// Findings in a file: the flagged text and the hash keys around it.
pub(crate) fn assign(diagnostics: &mut [Diagnostic], source: &SourceFile, tree: Option<&Tree>) {
    let src = source.text();
    assign_with(diagnostics, |d| {
        let start = d.range.start.offset.min(src.len());
        let end = d.range.end.offset.clamp(start, src.len());
        let text = src.get(start..end).unwrap_or("");
        let keys = tree.map(|t| key_path(t, src, start)).unwrap_or_default();
        digest([d.rule.name(), &d.path, &keys.join("."), text])
    });
}

/// Project findings, whose subject is a whole file or setting: the message names it.
pub(crate) fn assign_by_message(diagnostics: &mut [Diagnostic]) {
    assign_with(diagnostics, |d| {
        digest([d.rule.name(), &d.path, "", &d.message])
    });
}
