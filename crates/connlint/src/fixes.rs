//! `--fix` and `--diff`: every fixable Ruby file among the inputs, fixed until nothing
//! more applies, written back or shown as a masked diff.

use std::io::Write;

use connlint_linter::syntax::SourceFile;

use crate::inputs::{read_text, Content, Input};
use crate::paths::display_path;
use crate::walk::{self, Candidate};
use crate::CheckArgs;

/// Fixes every Ruby file among the inputs; with `--diff` prints the changes instead of
/// writing them. Returns whether anything would change.
pub(crate) fn apply_fixes(inputs: &[Input], args: &CheckArgs) -> Result<bool, String> {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let (mut fixed, mut changed) = (0, false);
    for input in inputs {
        let (Candidate::Ruby(path) | Candidate::MaybeConnector(path), Content::Disk) =
            (&input.candidate, &input.content)
        else {
            continue;
        };
        let Ok(text) = read_text(path, args.max_file_size) else {
            continue;
        };
        if matches!(input.candidate, Candidate::MaybeConnector(_))
            && !walk::looks_like_connector(&text)
        {
            continue;
        }
        if connlint_linter::FileKind::of(&path.to_string_lossy()) != connlint_linter::FileKind::Ruby
        {
            continue;
        }
        let shown = display_path(path);
        let source = SourceFile::new(shown.clone(), text);
        let outcome = crate::panics::working_on(&shown, || {
            crate::panics::test_point("fix");
            connlint_linter::fix_source(&source, &input.config.settings, args.unsafe_fixes)
        });
        for (d, why) in &outcome.dropped {
            let _ = writeln!(
                stderr,
                "connlint: fix for {} at {}:{} dropped: {why}",
                d.rule, d.path, d.range.start.line
            );
        }
        if outcome.text == source.text() {
            continue;
        }
        changed = true;
        fixed += outcome.fixed.len();
        if args.diff {
            // Both sides are masked as every other output is: a removed line that held a
            // credential must not print it.
            let redaction = input.config.settings.redaction();
            let masked = |text: &str| {
                let file = SourceFile::new(shown.clone(), text.to_owned());
                let secrets = connlint_linter::lint(&file, &redaction)
                    .into_iter()
                    .flat_map(|d| d.secrets);
                connlint_linter::diagnostics::redact_source(text, secrets)
            };
            let (before, after) = (masked(source.text()), masked(&outcome.text));
            let diff = similar::TextDiff::from_lines(&before, &after);
            let _ = write!(
                stdout,
                "{}",
                diff.unified_diff()
                    .header(&format!("a/{shown}"), &format!("b/{shown}"))
            );
        } else {
            std::fs::write(path, &outcome.text)
                .map_err(|e| format!("cannot write the fixed {shown}: {e}"))?;
        }
    }
    let verb = if args.diff { "Would fix" } else { "Fixed" };
    let _ = writeln!(
        stderr,
        "{verb} {fixed} problem{}.",
        if fixed == 1 { "" } else { "s" }
    );
    Ok(changed)
}
