//! One credential seen by two rules is one finding. The credential rules report what they
//! find independently of each other; this pass, run by the engine once a file's rules
//! are done, merges what they found at the same bytes. No rule reads or edits another
//! rule's findings, so the registry order changes nothing.
//!
//! In Ruby the finding that names a position wins: a `hardcoded-credential` value that
//! another security finding already covers (a hardcoded OAuth client, a placeholder) is
//! dropped, and a provider format (`hardcoded-secret`) over a finding of another rule is
//! folded into it — its name appended, the higher severity kept. In text files the
//! provider format wins: a credential-named value it covers is dropped.

use connlint_diagnostics::{Category, ProviderFormat};

use crate::{Diagnostic, Explanation, RuleId};

const CREDENTIAL: RuleId = RuleId::HardcodedCredential;
const PROVIDER: RuleId = RuleId::HardcodedSecret;

fn overlaps(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.secrets
        .iter()
        .any(|&(s, e)| b.secrets.iter().any(|&(bs, be)| s < be && bs < e))
}

fn covers(by: &Diagnostic, d: &Diagnostic) -> bool {
    by.category == Category::Security && overlaps(by, d)
}

/// Rewrites the `--explain` line of the candidate `d` starts at.
fn explain(
    explanations: &mut [Explanation],
    d: &Diagnostic,
    prefix: &str,
    outcome: &dyn Fn(&str) -> String,
) {
    let (line, column) = (d.range.start.line, d.range.start.column);
    if let Some(e) = explanations
        .iter_mut()
        .rev()
        .find(|e| e.line == line && e.column == column && e.candidate.starts_with(prefix))
    {
        e.outcome = outcome(&e.outcome);
    }
}

/// Merges a Ruby file's findings, in the order they were reported, and takes the
/// provider format off each `hardcoded-secret` finding.
pub(crate) fn merge_ruby(diagnostics: &mut Vec<Diagnostic>, explanations: &mut [Explanation]) {
    let mut keep = vec![true; diagnostics.len()];
    for i in 0..diagnostics.len() {
        if diagnostics[i].rule != CREDENTIAL {
            continue;
        }
        let earlier_credential = (0..i).any(|j| {
            keep[j]
                && diagnostics[j].rule == CREDENTIAL
                && overlaps(&diagnostics[j], &diagnostics[i])
        });
        let other = diagnostics
            .iter()
            .any(|d| d.rule != CREDENTIAL && d.rule != PROVIDER && covers(d, &diagnostics[i]));
        if earlier_credential || other {
            keep[i] = false;
            explain(explanations, &diagnostics[i], "credential `", &|why| {
                format!("{why}; already reported at this value")
            });
        }
    }
    for i in 0..diagnostics.len() {
        let Some(ProviderFormat { name, candidate }) = diagnostics[i].provider_format.take() else {
            continue;
        };
        let Some(into) = (0..diagnostics.len()).find(|&j| {
            j != i
                && keep[j]
                && diagnostics[j].rule != PROVIDER
                && covers(&diagnostics[j], &diagnostics[i])
        }) else {
            continue;
        };
        keep[i] = false;
        let severity = diagnostics[i].severity;
        let target = &mut diagnostics[into];
        target
            .message
            .push_str(&format!(" ({} {name})", article(&name)));
        target.severity = target.severity.max(severity);
        let rule = target.rule;
        let d = diagnostics[i].clone();
        explain(explanations, &d, &candidate, &|_| {
            format!("merged into the {rule} finding")
        });
    }
    let mut index = 0;
    diagnostics.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// Merges a text file's findings: credential-named values a provider format covers go.
pub(crate) fn merge_text(diagnostics: &mut Vec<Diagnostic>) {
    let provider: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule == PROVIDER)
        .cloned()
        .collect();
    diagnostics.retain(|d| d.rule != CREDENTIAL || !provider.iter().any(|p| overlaps(p, d)));
}

/// The indefinite article before a detector's name, by how its first word sounds: a
/// vowel (`an Acme token`), or a letter spelled out that starts with one, in an acronym
/// (`an AWS access key`, `an npm token`, `an SSH key`; but `a Slack token`).
fn article(name: &str) -> &'static str {
    let word = name.split_whitespace().next().unwrap_or("");
    let Some(first) = word.chars().next().map(|c| c.to_ascii_lowercase()) else {
        return "a";
    };
    let vowels = |w: &str| w.chars().any(|c| "aeiouAEIOU".contains(c));
    let acronym = word.len() > 1
        && (word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            || !vowels(word));
    let spelled_vowel = "fhlmnrsx".contains(first);
    if "aeio".contains(first) || first == 'u' && !acronym || acronym && spelled_vowel {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::article;

    #[test]
    fn articles_follow_the_sound() {
        let cases = [
            ("AWS access key id", "an"),
            ("Anthropic API key", "an"),
            ("OpenAI API key", "an"),
            ("npm access token", "an"),
            ("SSH private key", "an"),
            ("Slack bot token", "a"),
            ("HubSpot private app access token", "a"),
            ("GitHub token", "a"),
            ("URL signing key", "a"),
        ];
        for (name, expected) in cases {
            assert_eq!(article(name), expected, "{name}");
        }
    }
}
