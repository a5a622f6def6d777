//! Baselines: the findings a team has accepted, by fingerprint. The file is sorted and
//! has no timestamps, so it diffs cleanly; secrets appear in it only hashed.

use std::collections::BTreeSet;
use std::path::Path;

use connlint_linter::Diagnostic;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    /// The rule's name: a baseline written before a rule was renamed still loads.
    pub rule: String,
    pub fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

fn entry(d: &Diagnostic) -> Option<Entry> {
    Some(Entry {
        path: d.path.clone(),
        rule: d.rule.name().to_owned(),
        fingerprint: d.fingerprint.clone()?,
    })
}

pub fn write(path: &Path, diagnostics: &[Diagnostic]) -> Result<usize, String> {
    let entries: BTreeSet<Entry> = diagnostics.iter().filter_map(entry).collect();
    let file = File {
        version: 1,
        entries: entries.into_iter().collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(path, text)
        .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))?;
    Ok(file.entries.len())
}

/// Keeps the diagnostics the baseline does not hold; returns the entries nothing matched.
pub fn apply(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text)
        .map_err(|e| format!("baseline {} is not valid: {e}", path.display()))?;
    let known: BTreeSet<Entry> = file.entries.into_iter().collect();
    let mut matched = BTreeSet::new();
    diagnostics.retain(|d| match entry(d) {
        Some(e) if known.contains(&e) => {
            matched.insert(e);
            false
        }
        _ => true,
    });
    Ok(known.into_iter().filter(|e| !matched.contains(e)).collect())
}
