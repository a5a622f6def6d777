//! The finish stage: what happens to a finding after its rule reported it, in one order
//! for every kind of finding (a Ruby, text or package file's, a project's, a package's).
//! The CLI, the language server, `--fix` and `--history` read its result, and
//! `--show-settings` asks the same [`Settings`]: no rule and no caller applies a setting
//! itself.
//!
//! 1. Test samples: in a connector or package file that is one (see
//!    [`connlint_syntax::FileClass::sample`]) only the leak rules' findings are kept.
//! 2. Inline suppressions, then reports of the invalid and unused ones.
//! 3. `[severity]` overrides, on every finding left, step 2's included.
//! 4. `per-file-ignores`, by the file each finding points at.
//! 5. Order by position, then fingerprints.
//!
//! A fix travels with its finding, so the fix of a silenced finding is never applied.

use std::path::Path;

use connlint_syntax::{SourceFile, Tree};

use crate::suppression::Suppressions;
use crate::{fingerprint, Diagnostic, Settings, Tag};

/// Whether step 1 keeps `d`.
fn kept_in_samples(d: &Diagnostic) -> bool {
    d.rule.meta().has(Tag::Leak)
}

/// Steps 3 and 4 for findings that all point into the file at `location`, or each into
/// its own path when `location` is `None`.
fn apply_settings(settings: &Settings, location: Option<&Path>, found: &mut Vec<Diagnostic>) {
    for d in found.iter_mut() {
        if let Some(severity) = settings.severity_override(d.rule) {
            d.severity = severity;
        }
    }
    found.retain(|d| !settings.ignores(location.unwrap_or(Path::new(&d.path)), d.rule));
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// Finishes one file's findings. `model` says whether the file held a connector or a
/// package part, the things a test sample is made of; `tree` is its Ruby tree, for
/// fingerprints that follow the code.
pub(crate) fn file(
    source: &SourceFile,
    settings: &Settings,
    suppressions: Suppressions,
    mut found: Vec<Diagnostic>,
    model: bool,
    tree: Option<&Tree>,
) -> Vec<Diagnostic> {
    if model && source.class().sample {
        found.retain(kept_in_samples);
    }
    let mut found = suppressions.apply(source, settings, found);
    apply_settings(settings, Some(source.location()), &mut found);
    let mut diagnostics = sorted(found);
    fingerprint::assign(&mut diagnostics, source, tree);
    diagnostics
}

/// Finishes the findings of project or package rules, each pointing at its own file.
/// `samples` says whether the connector they are about is a test sample.
pub(crate) fn whole(
    settings: &Settings,
    mut found: Vec<Diagnostic>,
    samples: bool,
) -> Vec<Diagnostic> {
    if samples {
        found.retain(kept_in_samples);
    }
    apply_settings(settings, None, &mut found);
    fingerprint::assign_by_message(&mut found);
    found
}
