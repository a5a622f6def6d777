//! Applying fixes: non-overlapping edits, round after round until nothing applies (at
//! most `MAX_ROUNDS`), each round re-linted; a fix that would break parsing is dropped.
//! Pure like `lint`: text in, text out.

use connlint_diagnostics::{Applicability, Fix};
use connlint_syntax::{new_parser, parse, SourceFile};

use crate::{lint, Diagnostic, Settings};

/// Fixes can enable other fixes (a renamed key makes a field addable); past this many
/// rounds something is oscillating.
const MAX_ROUNDS: usize = 10;

/// What fixing a file did.
#[derive(Debug, Default)]
pub struct FixOutcome {
    pub text: String,
    /// The findings whose fixes were applied, as they were reported before fixing.
    pub fixed: Vec<Diagnostic>,
    /// Fixes left out, with why: they would have broken parsing.
    pub dropped: Vec<(Diagnostic, String)>,
}

fn applicable(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.applicability == Applicability::Safe || unsafe_fixes
}

fn has_syntax_error(text: &str) -> bool {
    parse(&mut new_parser(), text).is_none_or(|t| t.root_node().has_error())
}

/// Applies `fix` to `text`; `None` when its edits overlap or fall outside.
fn apply(text: &str, fix: &Fix) -> Option<String> {
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.range.start.offset, e.range.end.offset));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        let (start, end) = (e.range.start.offset, e.range.end.offset);
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return None;
        }
        out.push_str(&text[at..start]);
        out.push_str(&e.content);
        at = end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The text with `fix` applied; `Ok(None)` when its edits do not fit the text (stale),
/// `Err` when the result would not parse although the input did.
fn checked(text: &str, fix: &Fix, broken_before: bool) -> Result<Option<String>, String> {
    let Some(next) = apply(text, fix) else {
        return Ok(None);
    };
    if !broken_before && has_syntax_error(&next) {
        return Err("the fixed file would not parse".to_owned());
    }
    Ok(Some(next))
}

fn span(fix: &Fix) -> (usize, usize) {
    let start = fix
        .edits
        .iter()
        .map(|e| e.range.start.offset)
        .min()
        .unwrap_or(0);
    let end = fix
        .edits
        .iter()
        .map(|e| e.range.end.offset)
        .max()
        .unwrap_or(0);
    (start, end)
}

/// Fixes what can be fixed in `source`: safe fixes, and unsafe ones when asked.
pub fn fix_source(source: &SourceFile, settings: &Settings, unsafe_fixes: bool) -> FixOutcome {
    let mut text = source.text().to_owned();
    let mut outcome = FixOutcome::default();
    let broken_before = has_syntax_error(&text);
    for _ in 0..MAX_ROUNDS {
        let current = SourceFile::new(source.path(), text.clone());
        let mut candidates: Vec<Diagnostic> = lint(&current, settings)
            .into_iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| applicable(f, unsafe_fixes)))
            .filter(|d| {
                !outcome
                    .dropped
                    .iter()
                    .any(|(x, _)| x.fingerprint == d.fingerprint)
            })
            .collect();
        // From the end of the file backwards, so that applying one fix leaves the
        // offsets of the fixes before it valid.
        candidates.sort_by_key(|d| std::cmp::Reverse(span(d.fix.as_ref().expect("filtered"))));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut progressed = false;
        for d in candidates {
            let fix = d.fix.as_ref().expect("filtered on fixes");
            let (start, end) = span(fix);
            // Fixes spanning others (an edit far up plus one far down) wait for the next
            // round, as do fixes touching what this round changed.
            if taken.iter().any(|&(s, e)| start <= e && s <= end) {
                continue;
            }
            let next = match checked(&text, fix, broken_before) {
                Ok(Some(next)) => next,
                Ok(None) => continue,
                Err(why) => {
                    outcome.dropped.push((d.clone(), why));
                    continue;
                }
            };
            text = next;
            taken.push((start, end));
            outcome.fixed.push(d);
            progressed = true;
        }
        if !progressed {
            break;
        }
    }
    outcome.text = text;
    outcome
}

#[cfg(test)]
mod tests {
    use connlint_diagnostics::{Applicability, Edit, Fix, Position, Range};

    use super::checked;

    fn fix(start: usize, end: usize, content: &str) -> Fix {
        let at = |offset| Position {
            line: 1,
            column: offset + 1,
            offset,
        };
        Fix {
            applicability: Applicability::Safe,
            message: "test".to_owned(),
            edits: vec![Edit {
                range: Range {
                    start: at(start),
                    end: at(end),
                },
                content: content.to_owned(),
            }],
        }
    }

    #[test]
    fn a_fix_that_breaks_parsing_is_refused() {
        let text = "{ title: 'A' }";
        assert_eq!(
            checked(text, &fix(2, 7, "name"), false),
            Ok(Some("{ name: 'A' }".to_owned()))
        );
        assert_eq!(
            checked(text, &fix(13, 14, ""), false),
            Err("the fixed file would not parse".to_owned())
        );
        assert_eq!(
            checked(text, &fix(10, 99, ""), false),
            Ok(None),
            "stale edits are skipped"
        );
        assert!(
            checked("{ title: ", &fix(0, 1, "{"), true)
                .unwrap()
                .is_some(),
            "already broken files may be fixed"
        );
    }
}
