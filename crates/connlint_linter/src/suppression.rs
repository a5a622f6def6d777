//! Inline suppressions, read from comments:
//!
//! - `# connlint: ignore[rule-a, rule-b] reason` at the end of a line silences those
//!   rules on that line; alone on a line, on the next line;
//! - `# connlint: ignore-file[rule] reason` in the leading comments silences the file;
//! - `gitleaks:allow` and `# pragma: allowlist secret` silence security findings on
//!   their line, for teams that already use those scanners.
//!
//! A reason is required. Malformed comments and unknown rules are reported as
//! `invalid-suppression`; suppressions that silenced nothing as `unused-suppression`.

use connlint_diagnostics::Category;
use connlint_syntax::{SourceFile, TextRange};

use crate::reporter::to_range;
use crate::{file_diagnostic, Diagnostic, RuleId, Settings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The comment's own line (and the next one when the comment stands alone).
    Lines {
        first: usize,
        last: usize,
    },
    File,
}

#[derive(Debug)]
struct Suppression {
    range: TextRange,
    scope: Scope,
    /// Rule names; empty for the secret-scanner compatibility forms.
    rules: Vec<RuleId>,
    /// `gitleaks:allow` / `pragma: allowlist secret`: every security rule.
    security_only: bool,
    used: Vec<bool>,
}

#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    all: Vec<Suppression>,
    invalid: Vec<(TextRange, String)>,
}

const MARKER: &str = "connlint:";

/// `gitleaks:allow` or `pragma: allowlist secret`: another scanner's allow comment.
fn allows(comment: &str) -> bool {
    let lower = comment.to_ascii_lowercase();
    lower.contains("gitleaks:allow") || lower.contains("pragma: allowlist secret")
}

/// Whether a comment may be a suppression (or a malformed one): what the scan keeps
/// for the tree.
pub(crate) fn may_be_suppression(comment: &str) -> bool {
    comment.contains(MARKER) || allows(comment)
}

impl Suppressions {
    /// Reads one comment. `own_line`: nothing but whitespace before it on its line;
    /// `leading`: it comes before any code in the file.
    pub(crate) fn add_comment(
        &mut self,
        source: &SourceFile,
        range: TextRange,
        own_line: bool,
        leading: bool,
    ) {
        let text = source.slice(range);
        let allows = allows(text);
        let marker = text.find(MARKER);
        if !allows && marker.is_none() {
            // Most comments are prose: no line lookup (which builds the line index).
            return;
        }
        let line = source.line_of(range.start);
        let lines = Scope::Lines {
            first: line,
            last: if own_line { line + 1 } else { line },
        };
        if allows {
            self.all.push(Suppression {
                range,
                scope: Scope::Lines {
                    first: line,
                    last: line,
                },
                rules: Vec::new(),
                security_only: true,
                used: vec![false],
            });
        }
        let Some(at) = marker else {
            return;
        };
        let directive = text[at + MARKER.len()..].trim_start();
        let (scope, rest) = if let Some(rest) = directive.strip_prefix("ignore-file[") {
            if !leading {
                self.invalid.push((
                    range,
                    "`ignore-file` must be in the comments at the top of the file".to_owned(),
                ));
                return;
            }
            (Scope::File, rest)
        } else if let Some(rest) = directive.strip_prefix("ignore[") {
            (lines, rest)
        } else {
            self.invalid.push((range, "expected `# connlint: ignore[rule, …] reason` or `# connlint: ignore-file[rule, …] reason`".to_owned()));
            return;
        };
        let Some((names, reason)) = rest.split_once(']') else {
            self.invalid
                .push((range, "missing `]` after the rule names".to_owned()));
            return;
        };
        let mut rules = Vec::new();
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match RuleId::from_name(name) {
                Some(rule) => rules.push(rule),
                None => {
                    let hint = crate::selection::suggest_rule(name)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    self.invalid
                        .push((range, format!("unknown rule `{name}` in suppression{hint}")));
                }
            }
        }
        if rules.is_empty() {
            if names.trim().is_empty() {
                self.invalid.push((
                    range,
                    "a suppression must name the rules it silences".to_owned(),
                ));
            }
            return;
        }
        // A further `#` starts another comment, not the reason.
        let reason = reason.split('#').next().unwrap_or("");
        if reason.trim().is_empty() {
            self.invalid.push((
                range,
                "a suppression needs a reason after `]`; it is ignored until it has one".to_owned(),
            ));
            return;
        }
        let used = vec![false; rules.len()];
        self.all.push(Suppression {
            range,
            scope,
            rules,
            security_only: false,
            used,
        });
    }

    /// Drops suppressed diagnostics and adds the suppressions' own findings.
    pub(crate) fn apply(
        mut self,
        source: &SourceFile,
        settings: &Settings,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut kept = Vec::with_capacity(diagnostics.len());
        for d in diagnostics {
            let line = d.range.start.line;
            let mut suppressed = false;
            for s in &mut self.all {
                let in_scope = match s.scope {
                    Scope::File => true,
                    Scope::Lines { first, last } => (first..=last).contains(&line),
                };
                if !in_scope {
                    continue;
                }
                if s.security_only {
                    if d.category == Category::Security {
                        s.used[0] = true;
                        suppressed = true;
                    }
                } else if let Some(i) = s.rules.iter().position(|r| *r == d.rule) {
                    s.used[i] = true;
                    suppressed = true;
                }
            }
            if !suppressed {
                kept.push(d);
            }
        }
        let mut report = |rule: RuleId, range: TextRange, message: String| {
            if settings.is_enabled(rule) {
                let meta = rule.meta();
                let mut d = file_diagnostic(meta, source.path(), message);
                d.range = to_range(source, range);
                kept.push(d);
            }
        };
        for (range, message) in self.invalid {
            report(RuleId::InvalidSuppression, range, message);
        }
        for s in &self.all {
            if s.security_only {
                continue;
            }
            for (rule, used) in s.rules.iter().zip(&s.used) {
                if *used {
                    continue;
                }
                let message = if settings.is_enabled(*rule) {
                    format!("unused suppression: `{rule}` reports nothing here")
                } else {
                    format!("unused suppression: `{rule}` is not enabled")
                };
                report(RuleId::UnusedSuppression, s.range, message);
            }
        }
        kept
    }
}
