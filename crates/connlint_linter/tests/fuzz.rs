//! A mutation fuzzer that runs on stable Rust: seeded from every fixture, it mutates
//! text in Ruby-shaped ways and runs parse, model, every rule, the project rules and
//! every output format, failing on any panic — and on any difference between linting
//! the mutated text afresh and linting it as an editor's edit of the original (the
//! language server's incremental path). A property test drives that path with random
//! edit sequences over every fixture connector.
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
use connlint_linter::secrets::fake::Rng;
use connlint_linter::syntax::SourceFile;
use connlint_linter::{
    lint_detailed, lint_package, lint_project, rule_descriptors, Document, LintResult, Package,
    PackageAdapter, PackageFacts, Project, ProjectFile, Settings, Utf16Position,
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

/// The length of the longest common prefix of `a` and `b`, at a char boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    boundary(a, n)
}

/// The length of the longest common suffix of `a` and `b`, at a char boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut n = n;
    while !a.is_char_boundary(a.len() - n) || !b.is_char_boundary(b.len() - n) {
        n -= 1;
    }
    n
}

fn seeds() -> Vec<(PathBuf, String)> {
    files_under(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"))
}

/// The Ruby, YAML, Markdown and JSON (package) files under `root`, sorted by path.
fn files_under(root: PathBuf) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "rb" || e == "yml" || e == "md" || e == "json")
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
    let mut package = Package::default();
    match result.package {
        Some(PackageFacts::Recipe(facts)) => package.recipes.push((name.to_owned(), facts)),
        Some(PackageFacts::Connection(facts)) => package.connections.push((name.to_owned(), facts)),
        Some(PackageFacts::Adapter(facts)) => package.adapters.push(PackageAdapter {
            stem: "fuzz".to_owned(),
            listing: Some((name.to_owned(), *facts)),
            ..PackageAdapter::default()
        }),
        None => {}
    }
    diagnostics.extend(lint_package(&package, settings));
    let sources: HashMap<String, String> = [(name.to_owned(), text.to_owned())].into();
    let rules = rule_descriptors();
    let report = Report {
        diagnostics: &diagnostics,
        files: 1,
        rules: &rules,
        repository: None,
        quiet: false,
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

/// The LSP position of byte `at`: 0-based line, UTF-16 units into the line.
fn utf16_position(text: &str, at: usize) -> Utf16Position {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[line_start..].encode_utf16().count();
    Utf16Position::new(line as u32, character as u32)
}

/// Replaces bytes `start..end` of the document, as an editor sends it.
fn edit(doc: &mut Document, start: usize, end: usize, new_text: &str) {
    let text = doc.text();
    let (from, to) = (utf16_position(text, start), utf16_position(text, end));
    doc.edit(from, to, new_text);
}

/// What a lint says, for comparing two lints of the same text.
fn outcome(result: LintResult) -> impl PartialEq + std::fmt::Debug {
    (result.diagnostics, result.explanations, result.connector)
}

/// Lints the document's current text afresh and fails when its incremental lint says
/// anything else.
fn assert_incremental_equals_full(doc: &mut Document, name: &str, settings: &Settings, what: &str) {
    let incremental = outcome(doc.lint(settings));
    let full = outcome(lint_detailed(&SourceFile::new(name, doc.text()), settings));
    if incremental != full {
        let saved = std::env::temp_dir().join("connlint-incremental-mismatch.rb");
        let _ = std::fs::write(&saved, doc.text());
        panic!(
            "{what}: incremental lint differs from a full lint of the same text (saved to {}):\n\
             incremental: {incremental:#?}\nfull: {full:#?}",
            saved.display()
        );
    }
}

/// Text an edit inserts: Ruby tokens, multibyte characters, or a piece of the text.
fn inserted(rng: &mut Rng, text: &str) -> String {
    match rng.below(4) {
        0 | 1 => TOKENS[rng.below(TOKENS.len())].to_owned(),
        2 => ["é", "😀", "日本", "ß\n", "\u{200b}"][rng.below(5)].to_owned(),
        _ => {
            let a = boundary(text, rng.below(text.len() + 1));
            let b = boundary(text, a + rng.below(200));
            text[a..b].to_owned()
        }
    }
}

/// Random edit sequences over every fixture connector — one-character typing,
/// insertions, deletions, multibyte text, and edits that break the syntax and then
/// repair it — each step linted incrementally and compared with a full lint.
#[test]
fn incremental_lint_equals_full_lint() {
    let sequences: usize = std::env::var("CONNLINT_INCREMENTAL_SEQUENCES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    // The editor's settings (sections replayed from the document's cache), and
    // `--explain`'s (no cache, explanations compared too).
    let plain = Settings::default();
    let explained = Settings::default().with_explain(true);
    let mut replayed = 0;
    let mut rng = Rng(0x1ac2);
    // `CONNLINT_INCREMENTAL_DIR`: more connectors (real ones fetched outside the
    // checkout) to edit beside the fixtures.
    let extra = std::env::var_os("CONNLINT_INCREMENTAL_DIR")
        .map(|dir| files_under(PathBuf::from(dir)))
        .unwrap_or_default();
    let connectors: Vec<(PathBuf, String)> = seeds()
        .into_iter()
        .chain(extra)
        .filter(|(path, text)| {
            path.extension().is_some_and(|e| e == "rb") && text.contains("actions")
        })
        .collect();
    assert!(connectors.len() > 40, "fixture connectors drive the test");
    let mut steps = 0;
    for (path, original) in &connectors {
        let name = path.to_string_lossy();
        for sequence in 0..sequences {
            let settings = if sequence % 2 == 0 {
                &plain
            } else {
                &explained
            };
            let mut doc = Document::new(name.as_ref(), original.clone());
            doc.lint(settings);
            for step in 0..8 {
                let text = doc.text().to_owned();
                let a = boundary(&text, rng.below(text.len() + 1));
                let b = boundary(&text, a + 1 + rng.below(40));
                match rng.below(5) {
                    // Typing a character.
                    0 => edit(&mut doc, a, a, ["x", "'", "1", " ", "é"][rng.below(5)]),
                    1 => {
                        let new_text = inserted(&mut rng, &text);
                        edit(&mut doc, a, a, &new_text);
                    }
                    2 => edit(&mut doc, a, b, ""),
                    3 => {
                        let new_text = inserted(&mut rng, &text);
                        edit(&mut doc, a, b, &new_text);
                    }
                    // Break the syntax, lint, then put the text back.
                    _ => {
                        let removed = text[a..b].to_owned();
                        edit(&mut doc, a, b, "");
                        let what = format!("{name}, sequence {sequence}, step {step} (broken)");
                        assert_incremental_equals_full(&mut doc, &name, settings, &what);
                        edit(&mut doc, a, a, &removed);
                    }
                }
                let what = format!("{name}, sequence {sequence}, step {step}");
                assert_incremental_equals_full(&mut doc, &name, settings, &what);
                replayed += doc.replayed_sections();
                steps += 1;
            }
        }
    }
    println!(
        "incremental: {steps} edits over {} connectors, {replayed} sections replayed",
        connectors.len()
    );
    assert!(replayed > 0, "the edits exercise replayed sections");
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
    // An editor's settings: no explanations, so sections are replayed.
    let editor = Settings::default();
    let mut rng = Rng(seed | 1);
    let mut done = 0usize;
    loop {
        if deadline.map_or(done >= iterations, |d| Instant::now() >= d) {
            break;
        }
        let (path, text) = &seeds[rng.below(seeds.len())];
        let (_, other) = &seeds[rng.below(seeds.len())];
        let mutated = mutate(&mut rng, text, other);
        // `recipe.json`, not `json`: the kind of a package file is in its full suffix.
        let file = path.file_name().and_then(|e| e.to_str()).unwrap_or("x.rb");
        let ext = file.split_once('.').map_or("rb", |(_, e)| e);
        let name = format!("fuzz.{ext}");
        let outcome = std::panic::catch_unwind(|| {
            exercise(&name, &mutated, &settings);
            // The same change as an editor sends it: one edit of the linted original.
            let mut doc = Document::new(name.as_str(), text.clone());
            doc.lint(&editor);
            let prefix = common_prefix(text, &mutated);
            let suffix = common_suffix(&text[prefix..], &mutated[prefix..]);
            let end = text.len() - suffix;
            edit(
                &mut doc,
                prefix,
                end,
                &mutated[prefix..mutated.len() - suffix],
            );
            assert_incremental_equals_full(&mut doc, &name, &editor, "mutation as an edit");
        });
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

/// An edit that makes a connector start with a template tag lints as a fresh lint of the
/// same text does (the fuzzer found the editor path reading it as Ruby).
#[test]
fn an_edit_into_a_template_lints_as_a_template() {
    let settings = Settings::default();
    let original = "{\n  title: 'Acme',\n  actions: { a: { execute: ->(_c, _i) { {} } } }\n}\n";
    let mut doc = Document::new("connector.rb", original.to_owned());
    doc.lint(&settings);
    edit(&mut doc, 0, 0, "{{ ");
    assert_incremental_equals_full(
        &mut doc,
        "connector.rb",
        &settings,
        "a template tag typed in",
    );
    edit(&mut doc, 0, 3, "");
    assert_incremental_equals_full(&mut doc, "connector.rb", &settings, "and taken out again");
}

/// Credential-shaped text for the tree-free comparison: names, values and the forms the
/// scan must see through (labels, index keys, commands, comments, chains, blocks).
const CREDENTIAL_TOKENS: &[&str] = &[
    "password: 'hunter22', ",
    "api_key: \"k3Yx9Lm2Pq7Rt5Vw\", ",
    "'X-Api-Key' => 'acmekey', ",
    "\"client_secret\": 'Zq8WfT3kLp0Xr7Yb', ",
    "headers['Authorization'] = 'Bearer k3Yx9Lm2Pq7Rt5Vw1'\n",
    "basic_auth 'user', 'Zq8WfT3kLp'\n",
    "password('s3cr3t-pa55')",
    "user('AKIA2E0A8F3B244C9986')",
    "# api_key = 'k3Yx9Lm2Pq7Rt5Vw'\n",
    "token = 'b1946ac9-2492-4f1e-a5d4-0c3f8a1e2d7b'\n",
    "default: 'Zq8WfT3kLp0Xr7Yb', ",
    "name: 'api_key', ",
    "\"https://x.io/?access_token=Zq8WfT3kLp0Xr7Yb\"",
    "'dXNlcjpodW50ZXIy'",
    "\"user:hunter22\"",
    "secret: lambda do |a, b|\n 'Zq8WfT3kLp0Xr7Yb'\n end, ",
    "key: foo 'a', 'Zq8WfT3kLp0Xr7Yb'\n",
    "token: x\n  # why\n  .fetch('Zq8WfT3kLp0Xr7Yb')\n",
    "x / 2 / 'k3Yx9Lm2Pq7Rt5Vw'",
    "%q(k3Yx9Lm2Pq7Rt5Vw) ",
    "?' ",
    "$' ",
    "def /(other)\n 'k3Yx9Lm2Pq7Rt5Vw'\n end\n",
    "<<~EOS\nk3Yx9Lm2Pq7Rt5Vw\nEOS\n",
    "=begin\napi_key = 'k3Yx9Lm2Pq7Rt5Vw'\n=end\n",
    "ghp_4Fq2Wm8Xs1Lk9Tz3Ry7Pb6Nc5Vd0Ja2He8Ug",
    "{ title: 'T', connection: { fields: [{ name: 'token' }] } }\n",
    "\"#{x}k3Yx9Lm2Pq7Rt5Vw\"",
    "\"k3Yx\\n9Lm2Pq7Rt5Vw\"",
];

/// Statements of plain Ruby with a name (`K`) and values (`V`) to fill in: the places
/// a credential may stand that the tree-free scan must see as the tree does.
const STATEMENTS: &[&str] = &[
    "K = V\n",
    "@K = V\n",
    "API_K = V\n",
    "h['K'] = V\n",
    "h[:K] = V\n",
    "foo(K: V)\n",
    "foo K: V, x: V\n",
    "x = { K: V, 'K' => V, \"K\": V }\n",
    "def m(K = V)\n  V\nend\n",
    "x = [V, V]\n",
    "call V, V do |a, b|\n  V\nend\n",
    "x = y ? V : V\n",
    "x = y / 2 / z\n",
    "%w[a b].each { |v| v }\n",
    "# K = V\n",
    "x = { K: lambda do |a, b|\n V\n end, y: V }\n",
    "foo(\n  K:\n    V\n)\n",
    "x = K\n  # why\n  .z(V)\n",
    "/re/ =~ V\n",
    "K V\n",
    "K(V, V)\n",
    "x.K = V\n",
    "expect(x).to eq(V)\n",
    "let(:K) { V }\n",
    "stub_request(:get, V).with(headers: { 'K' => V })\n",
    "x = \"#{K}:#{V}\"\n",
    "{ K: { K: [V, { K: V }] } }\n",
];
/// Names and values, the first few of each saying nothing of a credential.
const BENIGN_NAMES: &[&str] = &[
    "x",
    "label",
    "title",
    "password",
    "api_key",
    "token",
    "name",
    "default",
    "user",
    "with",
    "secret",
    "k",
    "Authorization",
    "X-Api-Key",
    "client_id",
    "basic_auth",
    "sample_output",
];
const BENIGN_VALUES: &[&str] = &[
    "1",
    "nil",
    "x",
    ":sym",
    "\"#{x}\"",
    "'hunter22'",
    "'k3Yx9Lm2Pq7Rt5Vw'",
    "\"Bearer k3Yx9Lm2Pq7Rt5Vw1\"",
    "'b1946ac9-2492-4f1e-a5d4-0c3f8a1e2d7b'",
    "'plain'",
    "'api_key'",
    "\"a=#{b}\"",
    "'user:hunter22'",
    "'dXNlcjpodW50ZXIy'",
    "'https://u:p4ssw0rd99@x.io/?api_key=Zq8WfT3kLp0Xr7Yb'",
    "'YOUR_API_KEY'",
    "%q(Zq8WfT3kLp0Xr7Yb)",
    "'ghp_4Fq2Wm8Xs1Lk9Tz3Ry7Pb6Nc5Vd0Ja2He8Ug'",
    "\"k3Yx\\n9Lm2Pq7Rt5Vw\"",
    "'Zq8WfT3kLp0Xr7Yb'",
];

/// A file of plain Ruby from `STATEMENTS`, sometimes inside a block, class or module.
fn plain_ruby(rng: &mut Rng) -> String {
    let mut out = String::new();
    // Half the files say nothing of credentials but in one place: those the scan may
    // skip, and must not when that place matters.
    let quiet = rng.below(2) == 0;
    for i in 0..1 + rng.below(6) {
        let statement = STATEMENTS[rng.below(STATEMENTS.len())];
        let mut filled = String::new();
        let pick = |rng: &mut Rng, list: &[&'static str], benign: usize| {
            let n = if quiet && i > 0 { benign } else { list.len() };
            list[rng.below(n)]
        };
        for c in statement.chars() {
            match c {
                'K' => filled.push_str(pick(rng, BENIGN_NAMES, 3)),
                'V' => filled.push_str(pick(rng, BENIGN_VALUES, 5)),
                _ => filled.push(c),
            }
        }
        out.push_str(&filled);
    }
    match rng.below(4) {
        0 => format!("describe 'x' do\n{out}end\n"),
        1 => format!("class A\n  def m\n{out}  end\nend\n"),
        2 => format!("module M\n{out}end\n"),
        _ => out,
    }
}

fn security_settings(explain: bool, tree_free: bool) -> Settings {
    let select = [connlint_linter::RuleSelector::parse("security").unwrap()];
    Settings::new(&select, &[], &[])
        .unwrap()
        .with_explain(explain)
        .with_tree_free(tree_free)
}

/// What the comparison of the two paths saw.
#[derive(Default)]
struct Paths {
    /// Files the scan did not parse.
    skipped: usize,
    /// Files parsed in pieces.
    pieces: usize,
    /// Files that differ, all one hash with a syntax error: the pieces read as the
    /// whole would read without the error (see `tree_free.rs`).
    broken: usize,
}

/// The lint of a security-only scan with the tree-free path and without it; `None` when
/// they agree, else a description.
fn tree_free_difference(
    name: &str,
    text: &str,
    explain: bool,
    paths: &mut Paths,
) -> Option<String> {
    let source = SourceFile::new(name, text);
    let fast = lint_detailed(&source, &security_settings(explain, true));
    let tree = lint_detailed(&source, &security_settings(explain, false));
    // The scan's own `--explain` line says which path judged the file.
    let mut fast_explanations = fast.explanations.clone();
    fast_explanations.retain(|e| {
        if e.candidate != "file" {
            return true;
        }
        paths.skipped += usize::from(e.outcome.starts_with("not parsed"));
        paths.pieces += usize::from(e.outcome.contains(" pieces, "));
        false
    });
    let same = fast.diagnostics == tree.diagnostics
        && fast.connector == tree.connector
        && (!explain || fast_explanations == tree.explanations);
    let broken = || {
        connlint_linter::syntax::lex::starts_with_hash(text)
            && connlint_linter::syntax::parse(&mut connlint_linter::syntax::new_parser(), text)
                .is_some_and(|t| t.root_node().has_error())
    };
    if !same && broken() {
        paths.broken += 1;
        return None;
    }
    (!same).then(|| {
        format!(
            "tree-free: {:#?}\n{:?}\n{fast_explanations:#?}\ntree: {:#?}\n{:?}\n{:#?}",
            fast.diagnostics, fast.connector, tree.diagnostics, tree.connector, tree.explanations
        )
    })
}

/// The tree-free scan (see `tree_free.rs`) finds what the tree finds: over every Ruby
/// fixture as it is, under a test path and a source path, over mutations of them with
/// credential-shaped text inserted, and over generated plain Ruby; `CONNLINT_TREE_FREE_DIR` adds more files (public
/// connectors fetched outside the checkout).
#[test]
fn tree_free_scan_equals_the_tree() {
    let iterations: usize = std::env::var("CONNLINT_TREE_FREE_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let extra = std::env::var_os("CONNLINT_TREE_FREE_DIR")
        .map(|dir| files_under(PathBuf::from(dir)))
        .unwrap_or_default();
    let ruby: Vec<(PathBuf, String)> = seeds()
        .into_iter()
        .chain(extra)
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rb"))
        .collect();
    assert!(ruby.len() > 50, "fixtures seed the comparison");
    let (mut paths, mut compared) = (Paths::default(), 0);
    let mut check = |name: &str, text: &str, explain: bool| {
        if let Some(diff) = tree_free_difference(name, text, explain, &mut paths) {
            let saved = std::env::temp_dir().join("connlint-tree-free-mismatch.rb");
            let _ = std::fs::write(&saved, text);
            panic!("{name} (saved to {}): {diff}", saved.display());
        }
        compared += 1;
    };
    for (path, text) in &ruby {
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("x.rb");
        check(&path.to_string_lossy(), text, false);
        check(&format!("lib/{file}"), text, true);
        check(&format!("spec/{file}"), text, false);
    }
    let mut rng = Rng(0x7f3e);
    for i in 0..iterations {
        let (_, text) = &ruby[rng.below(ruby.len())];
        let (_, other) = &ruby[rng.below(ruby.len())];
        let mut mutated = if i % 3 == 0 {
            mutate(&mut rng, text, other)
        } else {
            text.clone()
        };
        for _ in 0..1 + rng.below(3) {
            let at = boundary(&mutated, rng.below(mutated.len() + 1));
            let token = CREDENTIAL_TOKENS[rng.below(CREDENTIAL_TOKENS.len())];
            mutated.insert_str(at, token);
        }
        let name = ["lib/fuzz.rb", "spec/fuzz_spec.rb", "fuzz.rb"][i % 3];
        check(name, &mutated, i % 2 == 0);
        let plain = plain_ruby(&mut rng);
        check(name, &plain, i % 2 == 1);
    }
    let Paths {
        skipped,
        pieces,
        broken,
    } = paths;
    println!(
        "tree-free: {compared} lints compared, {skipped} files not parsed, {pieces} in pieces, \
         {broken} differ (one hash with a syntax error)"
    );
    assert!(
        skipped > 0 && skipped < compared,
        "both paths are taken: {skipped} of {compared} files skipped the parse"
    );
    assert!(pieces > 0, "some connectors are parsed in pieces");
}
