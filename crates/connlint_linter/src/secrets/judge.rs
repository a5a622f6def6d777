//! Judging the credential candidates the walk collected: the confidence model decides,
//! and what it keeps is reported as `hardcoded-credential`.

use connlint_diagnostics::redact;

use super::collect::Candidate;
use super::{assess, Binding, Evidence, Role};
use crate::reporter::Reporter;

/// Reports the candidates the confidence model keeps (values another finding covers are
/// merged after the walk, by `secrets::merge`). Returns whether a message names a line
/// (a sink reached through a variable on another line than the literal).
pub(crate) fn judge(reporter: &mut Reporter, candidates: Vec<Candidate>) -> bool {
    let rule = crate::RuleId::HardcodedCredential.meta();
    let mut names_lines = false;
    for candidate in candidates {
        let evidence = &candidate.evidence;
        let range = evidence.range;
        let assessment = assess(evidence);
        let shown = || explained_as(evidence.value);
        reporter.explain(range.start, shown, || assessment.why.clone());
        let Some(severity) = assessment.severity else {
            continue;
        };
        let source = reporter.source;
        let here = source.line_column(range.start).0;
        let (label, names_line) = describe(evidence, |at| source.line_column(at).0, here);
        names_lines |= names_line;
        let message = format!(
            "hardcoded credential `{}` in {label}",
            redact(evidence.value)
        );
        reporter
            .report(rule, range, message)
            .severity(severity)
            .secret(range)
            .help(role_help(evidence.role));
    }
    names_lines
}

/// How a finding names where the literal stands, and whether that names a line.
fn describe(evidence: &Evidence, line_of: impl Fn(usize) -> usize, here: usize) -> (String, bool) {
    let mut out = match evidence.name {
        Some((name, Binding::Key | Binding::TextKey)) => format!("`{name}`"),
        Some((name, binding)) => format!("{} `{name}`", binding.describe()),
        None => match evidence.sink {
            Some((sink, _)) => sink.describe().to_owned(),
            None => "a credential position".to_owned(),
        },
    };
    // A sink the literal reaches through a variable is named with its line; a sink at
    // the literal's own key says nothing the key does not.
    if let (Some((sink, at)), Some((_, binding))) = (evidence.sink, evidence.name) {
        let line = line_of(at);
        if line != here {
            out.push_str(&format!(", used as {} on line {line}", sink.describe()));
            return (out, true);
        } else if !matches!(binding, Binding::Key | Binding::TextKey) {
            out.push_str(&format!(", used as {}", sink.describe()));
        }
    }
    (out, false)
}

pub(crate) fn role_help(role: Role) -> &'static str {
    match role {
        Role::Connector => "read the value from a connection field (`connection['api_key']`) marked `control_type: 'password'`",
        Role::Test => "revoke this credential; tests take fake values or read real ones from the environment",
        Role::Settings => "keep credentials out of the repository: encrypt the file (`workato edit`) or ignore it, and rotate the key",
        Role::Code => "revoke this credential, then read it from the environment or an encrypted credentials store",
    }
}

/// How `--explain` names a candidate: its value, redacted.
pub(crate) fn explained_as(value: &str) -> String {
    format!("credential `{}`", redact(value))
}
