//! Fixture-driven rule tests and the checks that keep rule docs honest.
//!
//! `fixtures/rules/<rule>/pass*.rb` must be clean for that rule; in `fail*.rb` every
//! line that must be reported ends with `# expect: <rule>` (several rules comma-separated,
//! a rule repeated for repeated findings) and the test compares exactly. JSON has no
//! comments: a `fail*.json` fixture lists its `LINE rule` pairs in `<file>.expect`.
//! Fixtures may hold `%%alnum:24%%`-style templates (see `rules/secrets/README.md`),
//! expanded here so the repository holds no credential-shaped text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use connlint_linter::diagnostics::{render, OutputFormat, Report};
use connlint_linter::secrets::fake;
use connlint_linter::syntax::SourceFile;
use connlint_linter::{
    all_rules, doc_examples, docs_text, find_rule, lint, rule_page, rules_markdown_table, RuleId,
    Scope, Settings,
};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lint_only(rule: RuleId, path: &str, text: &str) -> Vec<connlint_linter::Diagnostic> {
    let source = SourceFile::new(path, text);
    lint(&source, &Settings::only(rule))
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

fn expected_markers(file: &Path, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    if file.extension().is_some_and(|e| e == "json") {
        let mut sidecar = file.as_os_str().to_owned();
        sidecar.push(".expect");
        let listed = std::fs::read_to_string(&sidecar).unwrap_or_default();
        for line in listed.lines().filter(|l| !l.trim().is_empty()) {
            let (number, rule) = line.split_once(' ').expect("`LINE rule` in .expect files");
            out.push((
                number.parse().expect("a line number"),
                rule.trim().to_owned(),
            ));
        }
        out.sort();
        return out;
    }
    for (index, line) in text.lines().enumerate() {
        if let Some(at) = line.find("# expect: ") {
            for rule in line[at + "# expect: ".len()..].split(',') {
                out.push((index + 1, rule.trim().to_owned()));
            }
        }
    }
    out.sort();
    out
}

fn rule_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("fixtures/rules"))
        .expect("fixtures/rules exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "rb" || e == "yml" || e == "md" || e == "json")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn fixtures_fire_exactly_where_marked() {
    let mut failures = Vec::new();
    for dir in rule_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let rule =
            find_rule(&name).unwrap_or_else(|| panic!("fixtures/rules/{name}: no such rule"));
        let rule_id = rule.meta().id;
        // A snapshot is named by the stem: two fixtures sharing one would overwrite it.
        let mut stems = std::collections::HashSet::new();
        for file in files_in(&dir) {
            let text = fake::expand(&std::fs::read_to_string(&file).unwrap(), 1);
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let file_name = file.file_name().unwrap().to_string_lossy().into_owned();
            let shown = format!("fixtures/rules/{name}/{file_name}");
            if !stems.insert(stem.clone()) {
                failures.push(format!("{shown}: another fixture has the stem `{stem}`"));
            }
            let diagnostics = lint_only(rule_id, &shown, &text);
            let actual: Vec<(usize, String)> = {
                let mut v: Vec<_> = diagnostics
                    .iter()
                    .map(|d| (d.range.start.line, d.rule.name().to_owned()))
                    .collect();
                v.sort();
                v
            };
            let expected: Vec<_> = expected_markers(&file, &text)
                .into_iter()
                .filter(|(_, r)| r == rule_id.name())
                .collect();
            if stem.starts_with("pass") {
                if !actual.is_empty() {
                    failures.push(format!("{shown}: expected no findings, got {actual:?}"));
                }
            } else if stem.starts_with("fail") {
                if expected.is_empty() {
                    failures.push(format!("{shown}: a fail fixture needs `# expect:` markers"));
                }
                if actual != expected {
                    failures.push(format!(
                        "{shown}:\n  expected {expected:?}\n  actual   {actual:?}"
                    ));
                }
                let sources: HashMap<String, String> = [(shown.clone(), text.clone())].into();
                let report = Report {
                    rules: &[],
                    diagnostics: &diagnostics,
                    files: 1,
                    repository: None,
                    quiet: false,
                };
                let full = render(OutputFormat::Full, &report, &sources, false);
                let concise = render(OutputFormat::Concise, &report, &sources, false);
                insta::with_settings!({ snapshot_path => repo_root().join("fixtures/snapshots/rules"), prepend_module_to_snapshot => false }, {
                    insta::assert_snapshot!(format!("{name}__{stem}"), format!("{concise}\n{full}"));
                });
            } else {
                failures.push(format!(
                    "{shown}: fixture names start with `pass` or `fail`"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_pass_and_fail_fixtures() {
    for rule in all_rules() {
        let name = rule.meta().name;
        // Project rules are tested through the binary on fixtures/projects/.
        if rule.meta().scope != Scope::Code {
            continue;
        }
        let dir = repo_root().join("fixtures/rules").join(name);
        let files = files_in(&dir);
        let has = |prefix: &str| {
            files
                .iter()
                .any(|f| f.file_name().unwrap().to_string_lossy().starts_with(prefix))
        };
        assert!(
            has("pass") && has("fail"),
            "{name}: needs pass*.rb and fail*.rb in {}",
            dir.display()
        );
    }
}

#[test]
fn names_are_unique_kebab_case() {
    let mut seen = std::collections::HashSet::new();
    for rule in all_rules() {
        let name = rule.meta().name;
        assert!(seen.insert(name), "duplicate rule name {name}");
        let kebab = !name.is_empty()
            && name.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        assert!(kebab, "{name} is not kebab-case");
    }
}

#[test]
fn docs_have_every_section() {
    for rule in all_rules() {
        let meta = rule.meta();
        let docs = docs_text(meta);
        let mut required = vec!["## What it does", "## Why is this bad?"];
        if meta.scope != Scope::Driver {
            required.extend(["## Example", "Use instead:"]);
        }
        for section in required {
            assert!(
                docs.contains(section),
                "{}: docs lack `{section}`",
                meta.name
            );
        }
    }
}

#[test]
fn doc_examples_fire_and_use_instead_does_not() {
    for rule in all_rules() {
        let meta = rule.meta();
        if meta.scope != Scope::Code {
            continue;
        }
        let (example, use_instead) = doc_examples(meta);
        let (file, example) = example.unwrap_or_else(|| {
            panic!(
                "{}: no ```ruby or ```json block under ## Example",
                meta.name
            )
        });
        let (clean_file, use_instead) = use_instead.unwrap_or_else(|| {
            panic!(
                "{}: no ```ruby or ```json block after Use instead:",
                meta.name
            )
        });
        assert!(
            !lint_only(meta.id, &file, &example).is_empty(),
            "{}: the doc Example does not fire",
            meta.name
        );
        let clean = lint_only(meta.id, &format!("use_instead/{clean_file}"), &use_instead);
        assert!(
            clean.is_empty(),
            "{}: the doc `Use instead` fires: {clean:?}",
            meta.name
        );
    }
}

#[test]
fn readme_rules_table_is_current() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let table = rules_markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's rules table is out of date; replace it with the output of `connlint rules --markdown`:\n{table}"
    );
}

/// `rules/docs/NAME.md` is each rule's page as `connlint rule NAME` prints it, and no
/// page is left for a rule that is gone.
#[test]
fn rule_pages_are_current() {
    let dir = repo_root().join("rules/docs");
    let regenerate = "regenerate them with `cargo run -- rules --write-docs rules/docs`";
    let mut names = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
        let path = dir.join(format!("{}.md", meta.name));
        let page = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing; {regenerate}", path.display()));
        assert_eq!(
            page,
            rule_page(meta),
            "{} is out of date; {regenerate}",
            path.display()
        );
        names.push(format!("{}.md", meta.name));
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            names.contains(&name),
            "rules/docs/{name} names no rule; {regenerate}"
        );
    }
}

/// Every Ruby and text fixture of the repository.
fn all_fixture_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![repo_root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| {
                ["rb", "yml", "yaml", "json", "md", "env"].contains(&&*e.to_string_lossy())
            }) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn findings_do_not_depend_on_rule_order() {
    let all = Settings::new(&[connlint_linter::RuleSelector::All], &[], &[]).unwrap();
    let files = all_fixture_files();
    assert!(
        files.len() > 100,
        "fixtures not found under {}",
        repo_root().display()
    );
    let mut differ = Vec::new();
    let mut findings = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let source = SourceFile::new(file.to_string_lossy(), text);
        let registry_order = lint(&source, &all);
        findings += registry_order.len();
        for seed in [7, 1234, 99_991] {
            let order = Settings::new(&[connlint_linter::RuleSelector::All], &[], &[]).unwrap();
            let shuffled = lint(&source, &order.with_rule_order(seed));
            if shuffled != registry_order {
                differ.push(format!("{} (seed {seed})", file.display()));
            }
        }
    }
    assert!(findings > 500, "only {findings} findings over the fixtures");
    assert!(
        differ.is_empty(),
        "findings change with rule order: {differ:?}"
    );
}

/// Two rules that report one string literal underline the same text: its content, not
/// the quotes with it in one rule and without them in the other (issue 39, item 11).
#[test]
fn one_literal_is_underlined_one_way() {
    let all = Settings::new(&[connlint_linter::RuleSelector::All], &[], &[]).unwrap();
    let mut shifted = Vec::new();
    let mut same = 0;
    for file in all_fixture_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let source = SourceFile::new(file.to_string_lossy(), text.as_str());
        let found = lint(&source, &all);
        for a in &found {
            for b in &found {
                let (x, y) = (a.range.start.offset, b.range.start.offset);
                if a.rule != b.rule && x == y && a.range.end == b.range.end {
                    same += 1;
                }
                if y == x + 1 && matches!(text.as_bytes()[x], b'\'' | b'"') {
                    shifted.push(format!(
                        "{}:{}: {} at column {}, {} at {}",
                        file.display(),
                        a.range.start.line,
                        a.rule.name(),
                        a.range.start.column,
                        b.rule.name(),
                        b.range.start.column
                    ));
                }
            }
        }
    }
    // Rules do meet on one literal in the fixtures (the example's `api_token` field).
    assert!(same > 0, "no two rules report the same literal");
    assert!(shifted.is_empty(), "{}", shifted.join("\n"));
}

#[test]
fn fixable_is_declared_by_the_rules_that_fix() {
    let all = Settings::new(&[connlint_linter::RuleSelector::All], &[], &[]).unwrap();
    let mut fixing = std::collections::BTreeSet::new();
    for file in all_fixture_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let source = SourceFile::new(file.to_string_lossy(), text);
        for d in lint(&source, &all) {
            if d.fix.is_some() {
                fixing.insert(d.rule.name().to_owned());
            }
        }
    }
    let declared: std::collections::BTreeSet<String> = all_rules()
        .iter()
        .filter(|r| r.meta().fixable)
        .map(|r| r.meta().name.to_owned())
        .collect();
    assert_eq!(
        fixing, declared,
        "rules with fixes in fixtures vs rules declaring `fixable`"
    );
}

/// The module graph of one crate at file granularity: for each module (`a::b` for
/// `src/a/b.rs` or `src/a/b/mod.rs`), the modules its `crate::…` and `super::…` paths
/// name. A name a module re-exports (`pub use b::Thing` in `a`) is followed to the module
/// that defines it, so a use of `crate::a::Thing` is a use of `a::b`.
fn module_graph(
    src: &Path,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let module_of = |path: &Path| -> String {
        let rel = path.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts
            .last()
            .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
        {
            parts.pop();
        }
        parts.join("::")
    };
    let code_of = |file: &Path| -> String {
        std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let join = |parent: &str, child: &str| {
        if parent.is_empty() {
            child.to_owned()
        } else {
            format!("{parent}::{child}")
        }
    };
    // A path written in `me`, below the crate: `crate::`, `super::` or a child's.
    let absolute = |me: &str, path: &str| -> String {
        if let Some(rest) = path.strip_prefix("crate::") {
            rest.to_owned()
        } else if let Some(rest) = path.strip_prefix("super::") {
            join(me.rsplit_once("::").map_or("", |(p, _)| p), rest)
        } else {
            join(me, path)
        }
    };
    // Each module's re-exports: name → the path it stands for.
    let mut reexports: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in &files {
        let me = module_of(file);
        for (module, names) in reexports_in(&code_of(file)) {
            let base = absolute(&me, &module);
            for name in names.split(',') {
                let name = name.trim();
                let last = name.rsplit("::").next().unwrap_or("").trim();
                if !last.is_empty() && last != "self" {
                    reexports
                        .entry(me.clone())
                        .or_default()
                        .insert(last.to_owned(), join(&base, name));
                }
            }
        }
    }
    // The module that defines what `path` (below the crate) names.
    let resolve = |path: &str| -> Option<String> {
        let mut path = path.to_owned();
        for _ in 0..8 {
            let parts: Vec<&str> = path.split("::").collect();
            let n = (0..=parts.len())
                .rev()
                .find(|&n| modules.contains(&parts[..n].join("::")))?;
            let module = parts[..n].join("::");
            let Some(next) = parts
                .get(n)
                .and_then(|name| reexports.get(&module)?.get(*name))
            else {
                return Some(module);
            };
            path = next.clone();
        }
        None
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let me = module_of(file);
        let code = code_of(file);
        let paths = crate_paths(&code, "crate::")
            .into_iter()
            .map(|p| format!("crate::{p}"))
            .chain(
                crate_paths(&code, "super::")
                    .into_iter()
                    .map(|p| format!("super::{p}")),
            );
        let mut targets = BTreeSet::new();
        for path in paths {
            if let Some(t) = resolve(&absolute(&me, &path))
                .filter(|t| !t.is_empty() && *t != me && !me.starts_with(&format!("{t}::")))
            {
                targets.insert(t);
            }
        }
        if !me.is_empty() {
            graph.entry(me).or_default().extend(targets);
        }
    }
    graph
}

/// `(module path, names)` of each `pub use` / `pub(crate) use` statement.
fn reexports_in(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for stmt in text.split(';') {
        let stmt = stmt.trim();
        let Some(rest) = ["pub use ", "pub(crate) use "]
            .iter()
            .find_map(|p| stmt.rsplit_once(p).map(|(_, r)| r))
        else {
            continue;
        };
        if let Some((module, names)) = rest.split_once("::{") {
            out.push((module.to_owned(), names.trim_end_matches('}').to_owned()));
        } else if let Some((module, name)) = rest.rsplit_once("::") {
            out.push((module.to_owned(), name.to_owned()));
        }
    }
    out
}

/// Every path below `prefix` (`crate::`, `super::`) in `code`, expanding
/// `use crate::{a::X, b}` groups one level.
fn crate_paths(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        // `super::super::` and `crate::` inside a longer name are not this prefix.
        if rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            rest = &rest[at + prefix.len()..];
            continue;
        }
        let after = &rest[at + prefix.len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let item = item
                    .trim()
                    .trim_start_matches("self")
                    .trim_start_matches("::");
                let path: String = item
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if !path.is_empty() {
                    out.push(path.trim_end_matches(':').to_owned());
                }
            }
        } else {
            let path: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(path.trim_end_matches(':').to_owned());
        }
        rest = after;
    }
    out
}

/// The cycles of a module graph: each group of modules that reach one another, with
/// the edges between them.
fn cycles_of(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Vec<String> {
    let reach = |from: &String| {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: std::collections::BTreeMap<&String, _> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut reported = std::collections::BTreeSet::new();
    let mut cycles = Vec::new();
    for (m, r) in &reaches {
        if !r.contains(*m) || reported.contains(*m) {
            continue;
        }
        let group: Vec<&String> = reaches
            .iter()
            .filter(|(n, rn)| r.contains(**n) && rn.contains(*m))
            .map(|(n, _)| *n)
            .collect();
        reported.extend(group.iter().map(|g| (*g).clone()));
        let edges: Vec<String> = group
            .iter()
            .flat_map(|g| {
                graph[*g]
                    .iter()
                    .filter(|t| group.contains(t))
                    .map(move |t| format!("{g} -> {t}"))
            })
            .collect();
        cycles.push(edges.join(", "));
    }
    cycles
}

/// The cycles of one crate's sources.
fn module_cycles(src: &Path) -> Vec<String> {
    cycles_of(&module_graph(src))
}

/// No two modules of a crate import each other, directly or through others: a cycle
/// means neither can be understood (or moved) alone.
#[test]
fn no_module_cycles() {
    let mut cycles = Vec::new();
    for krate in [
        "connlint",
        "connlint_linter",
        "connlint_syntax",
        "connlint_diagnostics",
    ] {
        let src = repo_root().join("crates").join(krate).join("src");
        assert!(module_graph(&src).len() > 2, "{krate}: no modules found");
        cycles.extend(
            module_cycles(&src)
                .into_iter()
                .map(|c| format!("{krate}: {c}")),
        );
    }
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

/// The secrets engine keeps its own state (`secrets::FileState`) and reports through
/// `reporter`: none of its modules imports `context`, which holds that state.
#[test]
fn secrets_does_not_import_context() {
    let src = repo_root()
        .join("crates")
        .join("connlint_linter")
        .join("src");
    let importers: Vec<String> = module_graph(&src)
        .into_iter()
        .filter(|(module, targets)| module.starts_with("secrets") && targets.contains("context"))
        .map(|(module, _)| module)
        .collect();
    assert!(importers.is_empty(), "import `context`: {importers:?}");
}

/// The cycle test sees `super::` paths and cycles through a parent module: planted
/// cycles in a scratch crate are found.
#[test]
fn planted_module_cycles_are_found() {
    let src = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cycles-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(src.join("engine")).unwrap();
    let write = |path: &str, text: &str| std::fs::write(src.join(path), text).unwrap();
    write("lib.rs", "mod context;\nmod engine;\nmod plain;\n");
    write("plain.rs", "use crate::context::Context;\n");
    write("context.rs", "use crate::engine::Judge;\n");
    write(
        "engine/mod.rs",
        "mod assess;\nmod judge;\nmod score;\npub use judge::Judge;\n",
    );
    // Through a re-export of the parent: `crate::engine::Judge` is `engine::judge`.
    write("engine/judge.rs", "use crate::context::Context;\n");
    // Between siblings, through `super::`.
    write("engine/assess.rs", "use super::score::Score;\n");
    write(
        "engine/score.rs",
        "pub(crate) fn f() { super::assess::g() }\n",
    );
    assert_eq!(
        module_cycles(&src),
        [
            "context -> engine::judge, engine::judge -> context",
            "engine::assess -> engine::score, engine::score -> engine::assess",
        ]
    );
    write("engine/judge.rs", "");
    write("engine/score.rs", "");
    assert!(module_cycles(&src).is_empty(), "{:?}", module_cycles(&src));
}

/// `json` and `sarif` are written a file at a time (`Document`): the pieces must add up
/// to serde's own layout of the whole document, whatever findings a file holds.
#[test]
fn documents_written_in_pieces_are_serde_documents() {
    use connlint_linter::diagnostics::{Document, Summary};
    #[derive(serde::Serialize)]
    struct Whole<'a> {
        version: u32,
        diagnostics: &'a [connlint_linter::Diagnostic],
        summary: Summary,
    }
    let files: Vec<PathBuf> = files_in(&repo_root().join("fixtures/connectors"));
    let per_file: Vec<Vec<connlint_linter::Diagnostic>> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            lint(
                &SourceFile::new(f.display().to_string(), text),
                &Settings::default(),
            )
        })
        .collect();
    let all: Vec<_> = per_file.iter().flatten().cloned().collect();
    assert!(all.iter().any(|d| d.fix.is_some()) && all.iter().any(|d| !d.labels.is_empty()));
    let rules = connlint_linter::rule_descriptors();
    for (format, chosen) in [
        (OutputFormat::Json, &all[..]),
        (OutputFormat::Sarif, &all[..]),
        (OutputFormat::Json, &[][..]),
        (OutputFormat::Sarif, &[][..]),
    ] {
        let report = Report {
            rules: &rules,
            diagnostics: chosen,
            files: files.len(),
            repository: None,
            quiet: false,
        };
        let whole = render(format, &report, &HashMap::new(), false);
        let expected = match format {
            OutputFormat::Json => serde_json::to_string_pretty(&Whole {
                version: connlint_linter::diagnostics::JSON_VERSION,
                diagnostics: chosen,
                summary: report.summary(),
            })
            .unwrap(),
            _ => {
                let value: serde_json::Value = serde_json::from_str(&whole).unwrap();
                assert_eq!(
                    value["runs"][0]["results"].as_array().unwrap().len(),
                    chosen.len()
                );
                serde_json::to_string_pretty(&value).unwrap()
            }
        };
        assert_eq!(whole, expected + "\n", "{format:?}");
        // As a scan writes it: a file's findings at a time, some files without any.
        let (mut document, mut pieces) = Document::start(format, rules.clone(), None);
        if !chosen.is_empty() {
            for found in &per_file {
                pieces.push_str(&document.findings(found));
            }
        }
        pieces.push_str(&document.end(report.summary()));
        assert_eq!(pieces, whole, "{format:?} in pieces");
    }
}
