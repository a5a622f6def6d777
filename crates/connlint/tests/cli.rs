//! End-to-end tests of the real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn connlint() -> Command {
    let mut cmd = Command::cargo_bin("connlint").unwrap();
    cmd.env(
        "CONNLINT_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut Command) -> (String, i32) {
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn check_position(p: &Value) {
    for key in ["line", "column", "offset"] {
        assert!(p[key].is_u64(), "position.{key} must be a number: {p}");
    }
    assert!(p["line"].as_u64().unwrap() >= 1 && p["column"].as_u64().unwrap() >= 1);
}

/// Validates one JSON report against the documented contract, field by field.
fn check_json_contract(report: &Value) {
    let obj = report.as_object().expect("an object");
    assert_eq!(
        obj.keys().collect::<Vec<_>>(),
        ["diagnostics", "summary", "version"]
    );
    assert_eq!(report["version"], 1);
    let summary = report["summary"].as_object().unwrap();
    for key in ["files", "errors", "warnings", "infos"] {
        assert!(summary[key].is_u64(), "summary.{key}");
    }
    for d in report["diagnostics"].as_array().unwrap() {
        for key in ["rule", "category", "severity", "path", "message"] {
            assert!(d[key].is_string(), "diagnostic.{key} must be a string: {d}");
        }
        assert!([
            "security",
            "documentation",
            "correctness",
            "listing",
            "recipes",
            "style"
        ]
        .contains(&d["category"].as_str().unwrap()));
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        check_position(&d["range"]["start"]);
        check_position(&d["range"]["end"]);
        for key in ["help", "url"] {
            assert!(d[key].is_string() || d[key].is_null(), "diagnostic.{key}");
        }
        assert!(d.as_object().unwrap().contains_key("fix"));
    }
    let count = |s: &str| {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == s)
            .count() as u64
    };
    assert_eq!(summary["errors"], count("error"));
    assert_eq!(summary["warnings"], count("warning"));
    assert_eq!(summary["infos"], count("info"));
}

#[test]
fn json_output_follows_the_contract() {
    let (out, code) =
        stdout_of(connlint().args(["check", "fixtures/connectors", "--output-format", "json"]));
    assert_eq!(code, 1, "the syntax-error fixture fails the run");
    let report: Value = serde_json::from_str(&out).unwrap();
    check_json_contract(&report);
    assert_eq!(report["summary"]["files"], 9);
    let rules: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"syntax-error"));
}

#[test]
fn syntax_error_has_its_line_and_other_rules_still_run() {
    let (out, code) = stdout_of(connlint().args([
        "check",
        "fixtures/connectors/syntax_error.rb",
        "--output-format",
        "concise",
    ]));
    assert_eq!(code, 1);
    insta::assert_snapshot!("syntax_error_concise", out);
    assert!(out.contains("syntax_error.rb:20:"), "{out}");
    assert!(out.contains("[unknown-top-level-key]"), "{out}");
}

#[test]
fn full_output_renders_source_snippets() {
    let (out, _) = stdout_of(connlint().args([
        "check",
        "fixtures/connectors/syntax_error.rb",
        "--output-format",
        "full",
    ]));
    insta::assert_snapshot!("syntax_error_full", out);
}

#[test]
fn exit_codes_follow_fail_on() {
    let clean = "fixtures/connectors/oauth2_helpdesk.rb";
    let (_, code) = stdout_of(connlint().args(["check", clean]));
    assert_eq!(code, 0);
    let broken = "fixtures/rules/unknown-top-level-key/fail.rb";
    let (_, code) = stdout_of(connlint().args(["check", broken]));
    assert_eq!(code, 1);
    let (_, code) =
        stdout_of(connlint().args(["check", broken, "--ignore", "unknown-top-level-key"]));
    assert_eq!(code, 0);
    let (_, code) = stdout_of(connlint().args(["check", broken, "--select", "nonsense-rule"]));
    assert_eq!(code, 2, "an unknown selector is a usage error");
    let (_, code) = stdout_of(connlint().args(["check", "--output-format", "xml"]));
    assert_eq!(code, 2);
}

#[test]
fn unknown_selector_suggests_the_closest_rule() {
    let out = connlint()
        .args(["check", "--select", "missing-titel"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("unknown rule or category `missing-titel` (did you mean `missing-title`?)"),
        "{stderr}"
    );
}

#[test]
fn missing_path_is_reported_and_other_files_are_still_linted() {
    let (out, code) = stdout_of(connlint().args([
        "check",
        "no/such/file.rb",
        "fixtures/rules/unknown-top-level-key/fail.rb",
        "--output-format",
        "json",
    ]));
    assert_eq!(code, 2);
    let report: Value = serde_json::from_str(&out).unwrap();
    check_json_contract(&report);
    let rules: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"io-error") && rules.contains(&"unknown-top-level-key"),
        "{rules:?}"
    );
}

#[test]
fn binary_and_non_utf8_files_are_skipped_with_a_diagnostic() {
    let dir = tempdir();
    std::fs::write(dir.join("binary.rb"), b"\x00\x01\x02{ title: 1 }").unwrap();
    std::fs::write(dir.join("latin1.rb"), b"{ title: 'caf\xe9' }").unwrap();
    std::fs::write(dir.join("ok.rb"), "{ title: '', picklists: {} }").unwrap();
    let (out, code) = stdout_of(
        connlint()
            .args(["check", "--output-format", "concise"])
            .arg(&dir),
    );
    assert_eq!(code, 2);
    assert!(
        out.contains("binary.rb:1:1: error[io-error] binary file"),
        "{out}"
    );
    assert!(
        out.contains("latin1.rb:1:1: error[io-error] not valid UTF-8"),
        "{out}"
    );
    assert!(out.contains("ok.rb:1:10: error[missing-title]"), "{out}");
}

#[test]
fn extensionless_connectors_are_found_and_other_files_ignored() {
    let dir = tempdir();
    std::fs::write(
        dir.join("connector"),
        "{ title: 'A', actions: {}, picklists: {} }",
    )
    .unwrap();
    std::fs::write(dir.join("LICENSE"), "MIT License\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "{ title: 'A', actions: {} }").unwrap();
    let (out, _) = stdout_of(
        connlint()
            .args(["check", "--output-format", "concise"])
            .arg(&dir),
    );
    assert!(
        out.contains("connector:1:28: error[unknown-top-level-key]"),
        "{out}"
    );
    assert!(out.contains("in 1 file."), "{out}");
}

#[test]
fn debug_model_snapshots_for_every_connector() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("fixtures/connectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rb"))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let (out, code) = stdout_of(connlint().args(["debug", "model"]).arg(&file));
        assert_eq!(code, 0);
        let model: Value = serde_json::from_str(&out).unwrap();
        for key in [
            "top_level_keys",
            "actions",
            "triggers",
            "methods",
            "object_definitions",
            "pick_lists",
        ] {
            assert!(model[key].is_array(), "{name}: {key}");
        }
        // A large model is snapshot as a summary a reviewer can read: every section's
        // size, its first and last entries, the references by kind.
        let shown = if out.len() > 20_000 {
            serde_json::to_string_pretty(&summary(&model)).unwrap()
        } else {
            out
        };
        insta::assert_snapshot!(format!("model__{name}"), shown);
    }
}

fn summary(model: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for (key, value) in model.as_object().unwrap() {
        let entry = match value.as_array() {
            Some(items) if key == "references" => {
                let mut kinds = std::collections::BTreeMap::<String, usize>::new();
                for r in items {
                    *kinds.entry(r["kind"].to_string()).or_default() += 1;
                }
                serde_json::json!({ "count": items.len(), "by_kind": kinds })
            }
            Some(items) if items.len() > 6 => serde_json::json!({
                "count": items.len(),
                "first": items[..3],
                "last": items[items.len() - 3..],
            }),
            _ => value.clone(),
        };
        out.insert(key.clone(), entry);
    }
    Value::Object(out)
}

#[test]
fn debug_ast_prints_the_tree() {
    let (out, code) =
        stdout_of(connlint().args(["debug", "ast", "fixtures/rules/missing-title/fail.rb"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("ast_missing_title", out);
}

#[test]
fn rule_docs_and_rules_table() {
    let (out, code) = stdout_of(connlint().args(["rule", "unknown-top-level-key"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("# unknown-top-level-key\n"));
    assert!(out.contains("## Why is this bad?") && out.contains("Use instead:"));
    let (_, code) = stdout_of(connlint().args(["rule", "no-such-rule"]));
    assert_eq!(code, 2);
    let (out, code) = stdout_of(connlint().args(["rules"]));
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l.starts_with("missing-title ")
        && l.contains("correctness")
        && l.contains("error")));
}

#[test]
fn output_is_the_same_with_one_thread_and_many() {
    let run = |threads: &str| {
        stdout_of(connlint().args([
            "check",
            "fixtures",
            "--output-format",
            "json",
            "--threads",
            threads,
            "--no-cache",
        ]))
        .0
    };
    assert_eq!(run("1"), run("4"));
}

/// `concise` and `json-lines` are written as files finish: each file's findings in path
/// order, then the project findings, then the summary — the same findings and counts
/// as the whole `json` report, on one thread and on many.
#[test]
fn streamed_output_is_the_report_in_file_order() {
    let run = |format: &str, threads: &str| {
        stdout_of(connlint().args([
            "check",
            "fixtures",
            "--output-format",
            format,
            "--threads",
            threads,
            "--no-cache",
        ]))
    };
    let (json, code) = run("json", "2");
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&json).unwrap();
    let whole = report["diagnostics"].as_array().unwrap();

    let (lines, code) = run("json-lines", "3");
    assert_eq!(code, 1);
    assert_eq!(lines, run("json-lines", "1").0);
    let streamed: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |d: &Value| d.to_string();
    let mut a: Vec<String> = whole.iter().map(key).collect();
    let mut b: Vec<String> = streamed.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same findings");
    // File by file in path order, then the project and package findings in path order:
    // the paths go back once, where the project findings start.
    let paths: Vec<&str> = streamed
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    let back: Vec<usize> = (1..paths.len())
        .filter(|&i| paths[i] < paths[i - 1])
        .collect();
    assert_eq!(back.len(), 1, "{paths:?}");
    assert!(streamed[back[0]..].iter().any(
        |d| d["path"] == "fixtures/example/README.md" && d["rule"] == "missing-support-contact"
    ));

    let (concise, code) = run("concise", "3");
    assert_eq!(code, 1);
    let summary = &report["summary"];
    let expected = format!(
        "Found {} problems ({} errors, {} warnings, {} infos) in {} files.",
        whole.len(),
        summary["errors"],
        summary["warnings"],
        summary["infos"],
        summary["files"]
    );
    assert!(concise.contains(&expected), "{expected}\n{concise}");
    assert_eq!(
        concise.lines().count(),
        whole.len() + 3,
        "a line per finding, then the summary"
    );
}

/// A fresh directory under the target dir (kept out of the source tree and /tmp races).
fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn full_output_over_every_fixture_connector() {
    let (out, code) = stdout_of(connlint().args([
        "check",
        "fixtures/connectors",
        "--output-format",
        "full",
        "--no-color",
    ]));
    assert_eq!(code, 1);
    insta::assert_snapshot!("fixture_connectors_full", out);
}

/// The rule fixtures through the binary, one `check --select RULE` per file: what the
/// library tests promise must hold for users too (file kinds, connector detection,
/// test-fixture scoping, severity overrides all sit between `lint` and the output).
/// Fixtures holding `%%…%%` credential templates are expanded only by the library test.
#[test]
fn rule_fixtures_fire_exactly_where_marked_through_the_binary() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "rb"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            if text.contains("%%") {
                continue;
            }
            let shown = format!(
                "fixtures/rules/{rule}/{}",
                file.file_name().unwrap().to_string_lossy()
            );
            let (out, _) = stdout_of(connlint().args([
                "check",
                "--select",
                &rule,
                "--output-format",
                "json",
                &shown,
            ]));
            let report: Value = serde_json::from_str(&out).unwrap();
            let mut actual: Vec<u64> = report["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["rule"] == rule.as_str())
                .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
                .collect();
            actual.sort_unstable();
            let expected: Vec<u64> = text
                .lines()
                .zip(1..)
                .flat_map(|(line, n)| {
                    let marked = line.split_once("# expect: ").map_or(0, |(_, rules)| {
                        rules.split(',').filter(|r| r.trim() == rule).count()
                    });
                    std::iter::repeat_n(n, marked)
                })
                .collect();
            if actual != expected {
                failures.push(format!("{shown}: expected {expected:?}, got {actual:?}"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 90, "only {checked} fixtures checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A panic outside the per-file guard — fixes, project rules, rendering — ends in a
/// message naming the file and exit code 2, not Rust's bare exit 101.
#[test]
fn a_panic_outside_a_file_lint_is_a_message_and_exit_2() {
    let dir = tempdir();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example/connector.rb"),
        dir.join("connector.rb"),
    )
    .unwrap();
    for (stage, args, names) in [
        ("render", &["check", "connector.rb"][..], None),
        ("project", &["check", "."][..], Some("connector.rb")),
        ("fix", &["check", "--fix", "."][..], Some("connector.rb")),
    ] {
        let out = connlint()
            .current_dir(&dir)
            .env("CONNLINT_TEST_PANIC", stage)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stage}: {stderr}");
        assert!(
            stderr.contains("connlint: error: internal error")
                && stderr.contains(&format!("test panic at {stage}")),
            "{stage}: {stderr}"
        );
        if let Some(file) = names {
            assert!(
                stderr.contains(&format!("while working on {file}")),
                "{stage}: {stderr}"
            );
        }
    }
}

/// What a first-time user hit (issue 27): each a message instead of a silent surprise.
#[test]
fn first_use_messages_and_exit_codes() {
    // `--stdin-filename` without `-` used to lint the whole working directory.
    let out = connlint()
        .args(["check", "--stdin-filename", "x.rb", "fixtures/example"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add `-` to the paths"));

    // A misspelt rule name gets the near one.
    let out = connlint().args(["rule", "missing-titel"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `missing-title`?"));

    // Writing a baseline succeeds; using it says how many findings it hid, in English.
    let dir = tempdir();
    let baseline = dir.join("baseline.json");
    let out = connlint()
        .args(["check", "fixtures/example", "--write-baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = connlint()
        .args(["check", "fixtures/example", "--baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("hid 10 findings"), "{stderr}");

    // A reader that stops early (`| head -1`) is no error.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("connlint"))
        .current_dir(root())
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .args([
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "fixtures",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("Broken pipe") && !stderr.contains("cannot write"),
        "{stderr}"
    );
}

/// Outputs that hid where, and how many files, a finding is about (issue 27).
#[test]
fn outputs_say_where_and_what_can_be_fixed() {
    // A project finding on a file that was not linted (README.md) names its file in
    // `full` too: with two projects, which one.
    let (out, _) = stdout_of(connlint().args([
        "check",
        "--no-cache",
        "--output-format",
        "full",
        "fixtures/projects/short-readme",
        "fixtures/projects/no-readme",
    ]));
    assert!(
        out.contains("  --> fixtures/projects/short-readme/README.md:1:1"),
        "{out}"
    );
    assert!(
        out.contains("  --> fixtures/projects/no-readme/connector.rb:2:3"),
        "{out}"
    );

    // What `--fix` would fix is marked, and counted.
    let (out, _) = stdout_of(connlint().args([
        "check",
        "--no-cache",
        "--output-format",
        "concise",
        "fixtures/example",
    ]));
    assert!(
        out.contains("error[unknown-top-level-key] [*] unknown top-level key"),
        "{out}"
    );
    assert!(out.contains("[*] 2 fixable with `--fix`."), "{out}");

    // An unreadable path is a file looked at; an empty directory says there was nothing.
    let dir = tempdir();
    let (out, code) = stdout_of(
        connlint()
            .args(["check", "--no-cache", "--output-format", "concise"])
            .arg(dir.join("missing.rb")),
    );
    assert_eq!(code, 2);
    assert!(out.contains("in 1 file."), "{out}");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = connlint()
        .args(["check", "--no-cache"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nothing to lint in"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What users of ruff and gitleaks reach for: `--statistics`, `--output-file`, `--quiet`,
/// shell completions.
#[test]
fn statistics_output_file_and_completions() {
    let (out, code) =
        stdout_of(connlint().args(["check", "--no-cache", "--statistics", "fixtures/example"]));
    assert_eq!(code, 1);
    assert!(out.contains("    1  unknown-top-level-key [*]\n"), "{out}");
    assert!(out.ends_with("   10  in all\n"), "{out}");

    let file = tempdir().join("report.json");
    let (out, code) = stdout_of(
        connlint()
            .args([
                "check",
                "--no-cache",
                "--output-format",
                "json",
                "fixtures/example",
                "--output-file",
            ])
            .arg(&file),
    );
    assert_eq!((code, out.as_str()), (1, ""));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    check_json_contract(&report);

    let (out, _) = stdout_of(connlint().args([
        "check",
        "--no-cache",
        "--quiet",
        "--output-format",
        "concise",
        "fixtures/example",
    ]));
    assert_eq!(out.lines().count(), 10, "{out}");
    assert!(!out.contains("Found"), "{out}");

    for shell in ["bash", "zsh", "fish"] {
        let (out, code) = stdout_of(connlint().args(["completions", shell]));
        assert_eq!(code, 0);
        assert!(out.contains("stdin-filename"), "{shell}: {out}");
    }
}

/// `debug ast` masks credentials as every output does; a config naming a misspelt rule
/// gets the near name (issue 27).
#[test]
fn debug_ast_redacts_and_config_errors_suggest() {
    let dir = tempdir();
    let key = ["q8Rw2NcX", "7kLp4ZsT", "1vYb"].concat();
    let file = dir.join("connector.rb");
    std::fs::write(
        &file,
        format!("{{ title: 'A', connection: {{ authorization: {{ apply: ->(c) {{ headers('X-Api-Key' => '{key}') }} }} }} }}\n"),
    )
    .unwrap();
    let (out, code) = stdout_of(connlint().args(["debug", "ast"]).arg(&file));
    assert_eq!(code, 0);
    assert!(!out.contains(&key), "{out}");
    assert!(out.contains("\"q8Rw****************\""), "{out}");

    std::fs::write(
        dir.join("connlint.toml"),
        "[severity]\nmissing-titel = \"error\"\n",
    )
    .unwrap();
    let out = connlint()
        .args(["check", "--no-cache"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("(did you mean `missing-title`?)"),
        "{stderr}"
    );
}

/// A generator's template saved as `.rb` is one info, not a syntax error per tag; the
/// unfilled listing template is one finding with its places labelled (issue 27).
#[test]
fn templates_are_one_finding() {
    let dir = tempdir();
    let file = dir.join("connector.tmpl.rb");
    std::fs::write(
        &file,
        "{{/* generated */}}\n{\n  title: \"{{ .Name }}\",\n  {{- range .Actions }}\n  {{ .Key }}: {}\n  {{- end }}\n}\n",
    )
    .unwrap();
    let (out, code) = stdout_of(
        connlint()
            .args(["check", "--no-cache", "--output-format", "concise"])
            .arg(&file),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(":1:1: info[template-file] a template for another tool"),
        "{out}"
    );
    assert!(out.contains("Found 1 problem"), "{out}");

    let (out, _) = stdout_of(connlint().args([
        "check",
        "--no-cache",
        "--select",
        "unfilled-listing-template",
        "--output-format",
        "full",
        "fixtures/projects/template-readme",
    ]));
    assert_eq!(out.matches("unfilled-listing-template").count(), 1, "{out}");
    assert!(out.contains("(and 4 more places, labelled)"), "{out}");
}

/// The fenced block of `lang` after `heading` in a Markdown file.
fn fenced_after(file: &str, heading: &str, lang: &str) -> String {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let rest = &text[text
        .find(heading)
        .unwrap_or_else(|| panic!("{file}: no {heading}"))..];
    let open = format!("```{lang}\n");
    let start = rest.find(&open).unwrap() + open.len();
    rest[start..start + rest[start..].find("```").unwrap()].to_owned()
}

/// The README's configuration example and the detector example it points to run as
/// written (issue 27: the config example once exited 2).
#[test]
fn readme_config_and_detector_examples_run_as_written() {
    let dir = tempdir().join("readme-example");
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    let config = fenced_after("README.md", "## Configuration", "toml");
    assert!(
        config.contains("[secrets]") && config.contains("[listing]"),
        "{config}"
    );
    std::fs::write(dir.join("connlint.toml"), &config).unwrap();
    let detector = fenced_after("rules/secrets/README.md", "## Your own detectors", "toml");
    std::fs::write(dir.join("rules/acme-secrets.toml"), detector).unwrap();
    for file in ["connector.rb", "README.md", "logo.svg"] {
        std::fs::copy(
            root().join("fixtures/projects/good").join(file),
            dir.join(file),
        )
        .unwrap();
    }
    let out = connlint()
        .current_dir(&dir)
        .args(["check", "--no-cache", "--output-format", "concise", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stderr}{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// `concise` is coloured like `full` when asked (`--color always`, as for a pager), and
/// not with `--no-color` or `--color never`; a pipe gets plain text by default.
#[test]
fn concise_is_coloured_on_request() {
    let run = |args: &[&str]| {
        let mut cmd = connlint();
        cmd.args([
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "fixtures/example",
        ]);
        stdout_of(cmd.args(args)).0
    };
    let coloured = run(&["--color", "always"]);
    let line = coloured
        .lines()
        .find(|l| l.contains("hardcoded-credential"))
        .expect("the example's credential finding");
    assert!(
        line.starts_with("\x1b[1mfixtures/example/connector.rb\x1b[0m:")
            && line.contains("\x1b[1;31merror[hardcoded-credential]\x1b[0m"),
        "path bold, an error in red: {line:?}"
    );
    let plain = run(&[]);
    assert!(!plain.contains('\x1b'), "a pipe gets no colour: {plain}");
    assert_eq!(plain.lines().count(), coloured.lines().count());
    for args in [
        &["--color", "always", "--no-color"][..],
        &["--color", "never"][..],
    ] {
        let out = run(args);
        assert!(
            !out.contains('\x1b') && out.contains("hardcoded-credential"),
            "{args:?}: {out}"
        );
    }
}

/// `--show-settings` says which configuration governs a file and what it makes of each
/// rule there: severity overrides, `per-file-ignores`, flags, rules left out.
#[test]
fn show_settings_names_the_config_and_each_rules_setting() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("show-settings");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::fs::write(
        dir.join("connlint.toml"),
        "fail-on = \"warning\"\nignore = [\"style\"]\nexclude = [\"vendor\"]\n\
         [severity]\nmissing-help = \"info\"\n\
         [per-file-ignores]\n\"spec/**\" = [\"hardcoded-credential\"]\n",
    )
    .unwrap();
    let show = |path: &str, extra: &[&str]| {
        let mut cmd = connlint();
        cmd.current_dir(&dir)
            .args(["check", "--show-settings", path])
            .args(extra);
        let (out, code) = stdout_of(&mut cmd);
        assert_eq!(code, 0, "{out}");
        out
    };
    let rule_line = |out: &str, rule: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(rule))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let main = show("connector.rb", &[]);
    assert!(main.starts_with("Settings for connector.rb\n"), "{main}");
    // No connector.rb there yet: said, not passed over in silence.
    assert!(
        main.contains(
            "file:            not found: these are the settings a file at this path would get\n"
        ),
        "{main}"
    );
    std::fs::write(dir.join("found.rb"), "{}\n").unwrap();
    assert!(!show("found.rb", &[]).contains("not found"));
    assert!(main.contains("configuration:   connlint.toml\n"), "{main}");
    assert!(main.contains("fail-on:         warning\n"), "{main}");
    assert!(main.contains("excluded:        no\n"), "{main}");
    assert_eq!(
        rule_line(&main, "missing-help").as_deref(),
        Some("missing-help documentation info (default warning)")
    );
    assert_eq!(
        rule_line(&main, "hardcoded-credential").as_deref(),
        Some("hardcoded-credential security error")
    );
    assert_eq!(
        rule_line(&main, "action-title-style"),
        None,
        "style is ignored"
    );
    assert!(
        main.contains("not enabled:     action-title-style\n"),
        "{main}"
    );

    let spec = show("spec/connector_spec.rb", &[]);
    assert_eq!(
        rule_line(&spec, "hardcoded-credential").as_deref(),
        Some("hardcoded-credential security error (ignored here by per-file-ignores)")
    );
    assert!(show("vendor/x.rb", &[]).contains("excluded:        yes\n"));

    let flags = show(".", &["--select", "security", "--fail-on", "info"]);
    assert!(
        flags.starts_with("Settings for connector.rb\n"),
        "a directory: a connector in it: {flags}"
    );
    assert!(flags.contains("fail-on:         info\n"), "{flags}");
    assert_eq!(
        rule_line(&flags, "missing-help"),
        None,
        "--select replaces the selection"
    );
    let isolated = show(".", &["--isolated"]);
    assert!(
        isolated.contains("configuration:   none (--isolated): the defaults\n"),
        "{isolated}"
    );
}

/// `--watch` lints, then lints again when a file changes: the second report has the
/// finding the edit made, and the scan's own reads and cache writes (the cache is
/// inside the watched folder here) start no third one.
#[test]
fn watch_lints_again_when_a_file_changes() {
    use std::io::BufRead;
    use std::time::{Duration, Instant};
    let dir = tempdir();
    let file = dir.join("connector.rb");
    std::fs::write(
        &file,
        "{\n  title: 'Acme',\n  test: ->(_c) { get('/me') }\n}\n",
    )
    .unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("connlint"))
        .current_dir(&dir)
        .env("CONNLINT_CACHE_DIR", dir.join(".cache"))
        .args([
            "check",
            "--watch",
            "--select",
            "missing-title",
            "--output-format",
            "concise",
            ".",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let next_report = |within: Duration| -> Option<Vec<String>> {
        let deadline = Instant::now() + within;
        let mut report = Vec::new();
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let line = received.recv_timeout(left).ok()?;
            let done = line.starts_with("Found ") || line.starts_with("No problems found");
            report.push(line);
            if done {
                return Some(report);
            }
        }
    };
    let first = next_report(Duration::from_secs(30));
    // The watcher is set up before the first scan; the edit comes after it.
    std::fs::write(
        &file,
        "{\n  titel: 'Acme',\n  test: ->(_c) { get('/me') }\n}\n",
    )
    .unwrap();
    let second = next_report(Duration::from_secs(30));
    let third = next_report(Duration::from_secs(2));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(first, Some(vec!["No problems found in 1 file.".to_owned()]));
    let second = second.expect("a second report after the edit");
    assert_eq!(
        second,
        [
            "connector.rb:1:1: error[missing-title] connector has no `title`",
            "Found 1 problem (1 error, 0 warnings, 0 infos) in 1 file."
        ]
    );
    assert_eq!(third, None, "nothing changed after the second scan");
}

/// `full` lists the findings in the order `concise` streams them: each file's in path
/// order, then the project findings, which wait for every file (issue 39).
#[test]
fn full_and_concise_list_findings_in_one_order() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("one-order");
    std::fs::create_dir_all(&dir).unwrap();
    // Project findings at the title (line 2), file findings below it.
    std::fs::write(
        dir.join("connector.rb"),
        "{\n  title: 'Acme',\n  actions: { new_ticket: { title: 'New ticket', execute: ->(_c, i) { post('/t', i) } } }\n}\n",
    )
    .unwrap();
    let order = |format: &str| {
        let (out, _) = stdout_of(connlint().args([
            "check",
            "--no-cache",
            "--output-format",
            format,
            &dir.to_string_lossy(),
        ]));
        // The rule of each finding: `x.rb:1:2: error[rule]` in concise, a `rule` line
        // above each report in full.
        out.lines()
            .filter_map(|l| match format {
                "concise" => l
                    .split_once('[')
                    .and_then(|(_, r)| r.split_once(']'))
                    .map(|(r, _)| r.to_owned()),
                _ => (!l.is_empty() && l.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
                    .then(|| l.to_owned()),
            })
            .collect::<Vec<_>>()
    };
    let concise = order("concise");
    assert!(concise.len() > 1, "{concise:?}");
    assert_eq!(order("full"), concise);
}

/// A header's name (`'Authorization' => "Bearer #{…}"`) is a key, never a value: the
/// credential judge does not weigh it, and `--explain` does not list it (issue 39).
#[test]
fn explain_lists_no_header_name_as_a_candidate() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explain-header-name");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("connector.rb"),
        "{\n  title: 'Acme',\n  connection: {\n    authorization: {\n      apply: lambda do |connection|\n        headers('Authorization' => \"Bearer #{connection['api_key']}\")\n      end\n    }\n  }\n}\n",
    )
    .unwrap();
    let out = connlint()
        .args([
            "check",
            "--no-cache",
            "--explain",
            "--output-format",
            "concise",
        ])
        .arg(dir.join("connector.rb"))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("credential `Aut"), "{all}");
    assert!(all.contains("missing-support-contact"), "{all}");
}

/// The README's JSON section is the real output for the bundled example: its diagnostic
/// is one the run reports, its summary and diagnostic count are the run's, and the
/// categories it lists are every category there is (issue 39: 8 diagnostics and
/// `infos: 3` had drifted from the code, and `recipes` was missing).
#[test]
fn readme_json_section_is_the_real_output() {
    let (out, code) = stdout_of(connlint().args([
        "check",
        "--no-cache",
        "--output-format",
        "json",
        "fixtures/example",
    ]));
    assert_eq!(code, 1, "{out}");
    let real: Value = serde_json::from_str(&out).unwrap();
    let shown: Value =
        serde_json::from_str(&fenced_after("README.md", "## JSON output", "json")).unwrap();
    assert_eq!(shown["version"], real["version"]);
    assert_eq!(shown["summary"], real["summary"]);
    let all = real["diagnostics"].as_array().unwrap();
    for d in shown["diagnostics"].as_array().unwrap() {
        assert!(
            all.contains(d),
            "the README shows a diagnostic the run does not report: {d}"
        );
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("## JSON output").unwrap()..];
    let section = section.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        section.contains(&format!("(one of its {} diagnostics shown)", all.len())),
        "the README's count of the example's diagnostics is not {}",
        all.len()
    );
    let names: Vec<String> = connlint_diagnostics::Category::ALL
        .iter()
        .map(|c| format!("`{c}`"))
        .collect();
    let listed = format!("`category` is one of {};", names.join(", "));
    assert!(
        section.contains(&listed),
        "the README's JSON section does not list every category: {listed}"
    );
}
