//! A mutation fuzzer that runs on stable Rust: seeded from every fixture, it mutates
//! text in Ruby-shaped ways and runs parse, model, every rule, the project rules and
//! every output format, failing on any panic.
//!
//! The normal test run does a short, bounded pass. A long run:
//!
//! ```sh
//! CONNLINT_FUZZ_SECONDS=600 cargo test --release -p connlint_linter --test fuzz -- --nocapture
//! ```
//!
//! A failure prints the seed and iteration; `CONNLINT_FUZZ_SEED` replays it. Save the
//! printed input under `fixtures/fuzz/` as a regression case.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use connlint_linter::diagnostics::{render, OutputFormat, Report};
use connlint_linter::syntax::SourceFile;
use connlint_linter::{
    lint_detailed, lint_project, rule_descriptors, Project, ProjectFile, Settings,
};

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "do",
    "end",
    "'",
    "\"",
    "#{",
    "}",
    "->",
    "lambda",
    ":",
    "=>",
    ",",
    "\n",
    "<<~EOS\n",
    "EOS\n",
    "%w[",
    "|x|",
    "# connlint: ignore[",
    "]",
    "call('",
    "object_definitions['",
    "pick_list: '",
    "client_secret: '",
    "headers('Authorization' => 'Bearer ",
    "sk_live_",
    "é",
    "😀",
    "\u{feff}",
    "\r\n",
    "\t",
    "\\",
    "?",
    "=",
    "&",
    "title:",
    "actions:",
    "connection:",
    "authorization:",
    "type: 'multi'",
    "options:",
    "password('",
    "user('",
    "-----BEGIN PRIVATE KEY-----",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A char boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut out = text.to_owned();
    for _ in 0..1 + rng.below(4) {
        let a = boundary(&out, rng.below(out.len() + 1));
        let b = boundary(&out, a + rng.below(64));
        match rng.below(6) {
            0 => out.replace_range(a..b, ""),
            1 => out.insert_str(a, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                let piece = out[a..b].to_owned();
                out.insert_str(b, &piece);
            }
            3 => out.truncate(a),
            4 => {
                let o = boundary(other, rng.below(other.len() + 1));
                let e = boundary(other, o + rng.below(512));
                out.insert_str(a, &other[o..e]);
            }
            _ => {
                let depth = 1 + rng.below(200);
                out.insert_str(a, &"{ a: [".repeat(depth));
            }
        }
    }
    out
}

fn seeds() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "rb" || e == "yml" || e == "md")
            {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    out.push((path, text));
                }
            }
        }
    }
    out.sort();
    out
}

/// Everything connlint does with one input; panics propagate to the test.
fn exercise(name: &str, text: &str, settings: &Settings) {
    let source = SourceFile::new(name, text);
    let result = lint_detailed(&source, settings);
    let mut diagnostics = result.diagnostics;
    let project = Project {
        connector: name.to_owned(),
        facts: result.connector.unwrap_or_default(),
        description: Some(ProjectFile {
            path: "README.md".to_owned(),
            text: text.to_owned(),
        }),
        ..Project::default()
    };
    diagnostics.extend(lint_project(&project, settings));
    let sources: HashMap<String, String> = [(name.to_owned(), text.to_owned())].into();
    let rules = rule_descriptors();
    let report = Report {
        diagnostics: &diagnostics,
        files: 1,
        rules: &rules,
        repository: None,
    };
    for format in [
        OutputFormat::Full,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::JsonLines,
        OutputFormat::Github,
        OutputFormat::Sarif,
    ] {
        std::hint::black_box(render(format, &report, &sources, false));
    }
}

#[test]
fn regression_inputs_do_not_crash() {
    let settings = Settings::default().with_explain(true);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fuzz");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        exercise(&path.to_string_lossy(), &text, &settings);
    }
}

#[test]
fn mutated_fixtures_do_not_crash() {
    let seconds: u64 = std::env::var("CONNLINT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let iterations: usize = std::env::var("CONNLINT_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("CONNLINT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let deadline = (seconds > 0).then(|| Instant::now() + Duration::from_secs(seconds));
    let seeds = seeds();
    assert!(seeds.len() > 50, "fixtures seed the fuzzer");
    let settings = Settings::default().with_explain(true);
    let mut rng = Rng(seed | 1);
    let mut done = 0usize;
    loop {
        if deadline.map_or(done >= iterations, |d| Instant::now() >= d) {
            break;
        }
        let (path, text) = &seeds[rng.below(seeds.len())];
        let (_, other) = &seeds[rng.below(seeds.len())];
        let mutated = mutate(&mut rng, text, other);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("rb");
        let name = format!("fuzz.{ext}");
        let outcome = std::panic::catch_unwind(|| exercise(&name, &mutated, &settings));
        if outcome.is_err() {
            let saved =
                std::env::temp_dir().join(format!("connlint-fuzz-crash-{seed}-{done}.{ext}"));
            let _ = std::fs::write(&saved, &mutated);
            panic!(
                "seed {seed}, iteration {done}, from {}: crash input saved to {}",
                path.display(),
                saved.display()
            );
        }
        done += 1;
    }
    println!("fuzz: {done} inputs, seed {seed}");
}
