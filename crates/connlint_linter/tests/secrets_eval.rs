//! Precision and recall of the credential rules on the labelled set in
//! `fixtures/secrets-eval/` (run with `--nocapture` to see the figures and misses).

use std::collections::BTreeSet;
use std::path::Path;

use connlint_linter::diagnostics::Severity;
use connlint_linter::secrets::fake;
use connlint_linter::syntax::SourceFile;
use connlint_linter::{lint, Settings};

const LEAK_RULES: &[&str] = &[
    "hardcoded-secret",
    "hardcoded-credential",
    "hardcoded-oauth-client-credential",
];

/// Floors the set must keep: a drop below either is a regression.
const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.95;

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

#[test]
fn precision_and_recall_on_the_labelled_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/secrets-eval");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rb"))
        .collect();
    files.sort();
    let settings = Settings::default();
    let mut total = Counts::default();
    let mut misses = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = fake::expand(&std::fs::read_to_string(file).unwrap(), 1000 + index as u64);
        let flagged: BTreeSet<usize> =
            lint(&SourceFile::new(name.clone(), text.clone()), &settings)
                .into_iter()
                .filter(|d| {
                    LEAK_RULES.contains(&d.rule.as_str()) && d.severity >= Severity::Warning
                })
                // A finding that names a second literal (an OAuth id beside its secret)
                // flags that line too.
                .flat_map(|d| {
                    std::iter::once(d.range.start.line)
                        .chain(d.labels.iter().map(|l| l.range.start.line))
                        .collect::<Vec<_>>()
                })
                .collect();
        let mut counts = Counts::default();
        for (i, line) in text.lines().enumerate() {
            let number = i + 1;
            let hit = flagged.contains(&number);
            let label = if line.ends_with("# eval: leak") {
                Some(true)
            } else if line.ends_with("# eval: trap") {
                Some(false)
            } else {
                None
            };
            match (label, hit) {
                (Some(true), true) => counts.tp += 1,
                (Some(true), false) => {
                    counts.fn_ += 1;
                    misses.push(format!("missed leak  {name}:{number}: {}", line.trim()));
                }
                (Some(false), true) | (None, true) => {
                    counts.fp += 1;
                    misses.push(format!("false alarm  {name}:{number}: {}", line.trim()));
                }
                (Some(false), false) => counts.tn += 1,
                (None, false) => {}
            }
        }
        println!(
            "{name:<24} leaks {:>3} found {:>3} | traps {:>3} flagged {:>3}",
            counts.tp + counts.fn_,
            counts.tp,
            counts.tn + counts.fp,
            counts.fp
        );
        total.tp += counts.tp;
        total.fp += counts.fp;
        total.fn_ += counts.fn_;
        total.tn += counts.tn;
    }
    let precision = total.tp as f64 / (total.tp + total.fp).max(1) as f64;
    let recall = total.tp as f64 / (total.tp + total.fn_).max(1) as f64;
    println!(
        "labelled lines: {} leaks, {} traps; precision {:.3}, recall {:.3}",
        total.tp + total.fn_,
        total.tn + total.fp,
        precision,
        recall
    );
    for miss in &misses {
        println!("{miss}");
    }
    assert!(
        total.tp + total.fn_ >= 150 && total.tn + total.fp >= 150,
        "the set needs 150 of each"
    );
    assert!(
        precision >= MIN_PRECISION && recall >= MIN_RECALL,
        "precision {precision:.3}, recall {recall:.3}"
    );
}
