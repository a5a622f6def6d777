//! Precision and recall of the credential rules on the labelled sets in
//! `fixtures/secrets-eval/` (run with `--nocapture` to see the figures and misses):
//! the connector-position set at the top level and the Ruby set in `ruby/`, which covers
//! general Ruby (gems, Rails, scripts, specs) and connector code, per shape.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use connlint_linter::diagnostics::Severity;
use connlint_linter::secrets::fake;
use connlint_linter::syntax::SourceFile;
use connlint_linter::{lint, Diagnostic, Settings};

#[derive(Clone, Copy, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }

    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn row(&self) -> String {
        format!(
            "P {:.3} R {:.3} F1 {:.3} (tp {}, fp {}, fn {}, tn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_,
            self.tn
        )
    }
}

/// A labelled line: leak or trap, and its shape.
struct Label {
    leak: bool,
    shape: String,
}

/// Labels from `# eval: leak shape` line endings, or from a `NAME.eval` file beside a
/// file that cannot hold comments (JSON): `line leak|trap shape`.
fn labels(path: &Path, text: &str) -> BTreeMap<usize, Label> {
    let mut out = BTreeMap::new();
    let sidecar = PathBuf::from(format!("{}.eval", path.display()));
    if let Ok(spec) = std::fs::read_to_string(&sidecar) {
        for line in spec
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut parts = line.split_whitespace();
            let number: usize = parts.next().unwrap().parse().unwrap();
            let leak = parts.next().unwrap() == "leak";
            let shape = parts.next().unwrap_or("-").to_owned();
            out.insert(number, Label { leak, shape });
        }
        return out;
    }
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.rfind("# eval: ") else {
            continue;
        };
        let mut parts = line[at + "# eval: ".len()..].split_whitespace();
        let leak = match parts.next() {
            Some("leak") => true,
            Some("trap") => false,
            _ => continue,
        };
        let shape = parts.next().unwrap_or("-").to_owned();
        out.insert(i + 1, Label { leak, shape });
    }
    out
}

/// Maps each line of a heredoc body to the line that opens it, where its label stands.
fn heredoc_owners(text: &str) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    let mut open: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if let Some((opener, id)) = &open {
            out.insert(number, *opener);
            if line.trim() == id {
                open = None;
            }
            continue;
        }
        for marker in ["<<~", "<<-"] {
            if let Some(at) = line.find(marker) {
                let id: String = line[at + 3..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                if !id.is_empty() {
                    open = Some((number, id));
                }
            }
        }
    }
    out
}

/// Lines a finding flags: its start line, and the start line of each label (an OAuth id
/// named beside its secret), heredoc bodies counted at their opening line.
fn flagged(
    diagnostics: &[Diagnostic],
    at_least: Severity,
    owners: &BTreeMap<usize, usize>,
) -> BTreeSet<usize> {
    diagnostics
        .iter()
        .filter(|d| d.rule.meta().is_credential_rule() && d.severity >= at_least)
        .flat_map(|d| {
            std::iter::once(d.range.start.line)
                .chain(d.labels.iter().map(|l| l.range.start.line))
                .collect::<Vec<_>>()
        })
        .map(|line| owners.get(&line).copied().unwrap_or(line))
        .collect()
}

fn files_under(dir: &Path, recurse: bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if recurse {
                files.extend(files_under(&path, true));
            }
        } else if !path.extension().is_some_and(|e| e == "eval" || e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

struct SetResult {
    by_severity: BTreeMap<&'static str, (Counts, BTreeMap<String, Counts>)>,
    misses: Vec<String>,
    leaks: usize,
    traps: usize,
}

fn evaluate(dir: &Path, recurse: bool) -> SetResult {
    let settings = Settings::default();
    let mut result = SetResult {
        by_severity: BTreeMap::new(),
        misses: Vec::new(),
        leaks: 0,
        traps: 0,
    };
    for (index, file) in files_under(dir, recurse).iter().enumerate() {
        let name = file
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let raw = std::fs::read_to_string(file).unwrap();
        let text = fake::expand(&raw, 1000 + index as u64);
        let diagnostics = lint(&SourceFile::new(name.clone(), text.clone()), &settings);
        let labels = labels(file, &text);
        let owners = heredoc_owners(&text);
        result.leaks += labels.values().filter(|l| l.leak).count();
        result.traps += labels.values().filter(|l| !l.leak).count();
        for (level, severity) in [("error", Severity::Error), ("warning+", Severity::Warning)] {
            let hits = flagged(&diagnostics, severity, &owners);
            let (total, shapes) = result.by_severity.entry(level).or_default();
            for number in labels.keys().chain(hits.iter()).collect::<BTreeSet<_>>() {
                let label = labels.get(number);
                let hit = hits.contains(number);
                let shape = label.map_or("unlabelled", |l| l.shape.as_str()).to_owned();
                let mut c = Counts::default();
                let line = text.lines().nth(number - 1).unwrap_or("").trim();
                match (label.map(|l| l.leak), hit) {
                    (Some(true), true) => c.tp += 1,
                    (Some(true), false) => {
                        c.fn_ += 1;
                        if level == "warning+" {
                            result
                                .misses
                                .push(format!("missed leak  {name}:{number}: {line}"));
                        }
                    }
                    (Some(false) | None, true) => {
                        c.fp += 1;
                        if level == "warning+" {
                            result
                                .misses
                                .push(format!("false alarm  {name}:{number}: {line}"));
                        }
                    }
                    (Some(false), false) => c.tn += 1,
                    (None, false) => continue,
                }
                total.add(c);
                shapes.entry(shape).or_default().add(c);
            }
        }
    }
    result
}

fn report(title: &str, result: &SetResult) {
    println!(
        "== {title}: {} leak lines, {} trap lines",
        result.leaks, result.traps
    );
    for (level, (total, shapes)) in &result.by_severity {
        println!("  at {level:<9} {}", total.row());
        for (shape, counts) in shapes {
            println!("    {shape:<18} {}", counts.row());
        }
    }
    for miss in &result.misses {
        println!("  {miss}");
    }
}

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/secrets-eval")
}

/// The connector-position set written with the first credential rules.
#[test]
fn connector_position_set() {
    let result = evaluate(&eval_dir(), false);
    report("connector positions (fixtures/secrets-eval/*.rb)", &result);
    assert!(
        result.leaks >= 150 && result.traps >= 150,
        "the set needs 150 of each"
    );
    let (total, _) = &result.by_severity["warning+"];
    assert!(
        total.precision() >= 0.95 && total.recall() >= 0.95,
        "{}",
        total.row()
    );
}

/// The Ruby set: general Ruby and connector code, written before the Ruby analysis.
#[test]
fn ruby_set() {
    let result = evaluate(&eval_dir().join("ruby"), true);
    report("Ruby (fixtures/secrets-eval/ruby/)", &result);
    assert!(
        result.leaks >= 300 && result.traps >= 300,
        "the set needs 300 of each"
    );
    // Floors a little under the figures recorded in README.md (warning+ P 1.000 /
    // R 0.970, error R 0.960): a regression fails here, not only in the printout.
    let (total, _) = &result.by_severity["warning+"];
    assert!(
        total.precision() >= 0.98 && total.recall() >= 0.95 && total.f1() >= 0.97,
        "warning+: {}",
        total.row()
    );
    let (errors, _) = &result.by_severity["error"];
    assert!(
        errors.precision() >= 0.98 && errors.recall() >= 0.94,
        "error: {}",
        errors.row()
    );
}
