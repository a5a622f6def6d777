//! Config discovery and overrides, suppressions, baselines, output formats and stdin,
//! through the real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

const CONNECTOR: &str = "{\n  title: 'Acme',\n  picklists: {},\n  actions: {\n    get: { execute: lambda do |_c, input|\n      puts input\n      get('x')\n    end }\n  }\n}\n";

#[test]
fn config_is_discovered_upward_and_the_closest_wins() {
    let dir = tempdir("config-discovery");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::write(dir.join("a/b/connector.rb"), CONNECTOR).unwrap();
    std::fs::write(dir.join("a/other.rb"), CONNECTOR).unwrap();
    std::fs::write(dir.join("connlint.toml"), "select = [\"correctness\"]\n").unwrap();
    std::fs::write(
        dir.join("a/b/connlint.toml"),
        "select = [\"debug-output\"]\n",
    )
    .unwrap();
    let (out, _, code) = run(&dir, &["check", "--output-format", "concise", "."]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains(".rb:")).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("a/b/connector.rb") && l.contains("[debug-output]")),
        "{out}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("a/b/connector.rb") && l.contains("[unknown-top-level-key]")),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("a/other.rb") && l.contains("[unknown-top-level-key]")),
        "{out}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("[missing-description]")),
        "documentation not selected: {out}"
    );

    // Flags override the file; --isolated ignores it; --config replaces discovery.
    let (out, _, _) = run(
        &dir,
        &[
            "check",
            "--output-format",
            "concise",
            "--select",
            "missing-help",
            "a/b",
        ],
    );
    assert!(
        out.contains("[missing-help]") && !out.contains("[debug-output]"),
        "{out}"
    );
    let (out, _, _) = run(
        &dir,
        &["check", "--output-format", "concise", "--isolated", "a/b"],
    );
    assert!(
        out.contains("[missing-help]") && out.contains("[debug-output]"),
        "{out}"
    );
    std::fs::write(
        dir.join("only-title.toml"),
        "select = [\"unknown-top-level-key\"]\n",
    )
    .unwrap();
    let (out, _, _) = run(
        &dir,
        &[
            "check",
            "--output-format",
            "concise",
            "--config",
            "only-title.toml",
            "a",
        ],
    );
    assert!(
        out.lines()
            .filter(|l| l.contains(".rb:"))
            .all(|l| l.contains("[unknown-top-level-key]")),
        "{out}"
    );
}

#[test]
fn config_keys_fail_on_severity_exclude_and_per_file_ignores() {
    let dir = tempdir("config-keys");
    std::fs::create_dir_all(dir.join("vendor")).unwrap();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    std::fs::write(dir.join("vendor/copied.rb"), CONNECTOR).unwrap();
    std::fs::write(
        dir.join("spec/connector_spec.rb"),
        "puts 'x'\n{ title: 'T', picklists: {} }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("connlint.toml"),
        "select = [\"unknown-top-level-key\", \"debug-output\"]\nfail-on = \"warning\"\nexclude = [\"vendor\"]\n\
         [severity]\nunknown-top-level-key = \"info\"\n[per-file-ignores]\n\"spec/**\" = [\"unknown-top-level-key\"]\n",
    )
    .unwrap();
    let (out, _, code) = run(&dir, &["check", "--output-format", "concise", "."]);
    assert!(!out.contains("vendor/"), "excluded: {out}");
    assert!(
        out.contains("connector.rb:3:3: info[unknown-top-level-key]"),
        "{out}"
    );
    assert!(
        !out.contains("spec/connector_spec.rb:2"),
        "per-file-ignores: {out}"
    );
    assert_eq!(code, 1, "debug-output is a warning and fail-on is warning");
    let (_, _, code) = run(&dir, &["check", "--fail-on", "error", "."]);
    assert_eq!(code, 0, "the flag overrides fail-on");
    let (out, _, _) = run(
        &dir,
        &["check", "--output-format", "concise", "vendor/copied.rb"],
    );
    assert!(
        out.contains("vendor/copied.rb"),
        "explicit files are linted even when excluded: {out}"
    );
}

#[test]
fn config_errors_echo_the_value_and_point_into_the_file() {
    let dir = tempdir("config-errors");
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    for (toml, expected) in [
        ("selectt = []\n", "unknown field `selectt`"),
        ("fail-on = \"fatal\"\n", "got \"fatal\""),
        (
            "ignore = [\"missing-titel\"]\n",
            "did you mean `missing-title`?",
        ),
        ("[severity]\nmissing-title = \"loud\"\n", "got \"loud\""),
        (
            "[secrets]\nextend = [\"nope.toml\"]\n",
            "cannot read detector file",
        ),
    ] {
        std::fs::write(dir.join("connlint.toml"), toml).unwrap();
        let (_, err, code) = run(&dir, &["check", "."]);
        assert_eq!(code, 2, "{toml}");
        assert!(err.contains(expected), "{toml}: {err}");
        assert!(
            err.contains("connlint.toml:"),
            "points into the file: {err}"
        );
    }
}

/// An unknown rule in `[severity]` is underlined at its name, where the typo is, not at
/// the severity after it (issue 39).
#[test]
fn config_error_underlines_the_unknown_key() {
    let dir = tempdir("config-error-key");
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    std::fs::write(
        dir.join("connlint.toml"),
        "[severity]\nmissing-titel = \"info\"\n",
    )
    .unwrap();
    let (_, err, code) = run(&dir, &["check", "."]);
    assert_eq!(code, 2, "{err}");
    // The underline sits below the name's first column: `missing-titel` starts the line.
    let marked = err
        .lines()
        .skip_while(|l| !l.contains("missing-titel = "))
        .nth(1)
        .unwrap_or("");
    let column = |l: &str| l.chars().position(|c| c == '─' || c == '┬');
    let line = err
        .lines()
        .find(|l| l.contains("missing-titel = "))
        .unwrap_or("");
    let name = line
        .find("missing-titel")
        .map(|at| line[..at].chars().count());
    assert_eq!(column(marked), name, "{err}");
}

/// Every error of a configuration is reported in one run, in file order, each underlined
/// where it is: unknown keys at the top and in a table, and an unknown rule (issue 39,
/// item 11).
#[test]
fn config_reports_every_error_at_once() {
    let dir = tempdir("config-every-error");
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    std::fs::write(
        dir.join("connlint.toml"),
        "selectt = []\nignore = [\"missing-titel\"]\n[listing]\napp-nam = \"Acme\"\n",
    )
    .unwrap();
    let (_, err, code) = run(&dir, &["check", "."]);
    assert_eq!(code, 2, "{err}");
    let messages = [
        "unknown field `selectt`",
        "unknown rule or category `missing-titel` (did you mean `missing-title`?)",
        "unknown field `app-nam`",
    ];
    let at: Vec<usize> = messages
        .iter()
        .map(|m| err.find(m).unwrap_or_else(|| panic!("{m}: {err}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in file order: {err}");
    for place in [
        "connlint.toml:1:1]",
        "connlint.toml:2:11]",
        "connlint.toml:4:1]",
    ] {
        assert!(err.contains(place), "{place}: {err}");
    }
}

/// Type errors do not hide the errors after them either, and flags' errors come first.
#[test]
fn config_reports_every_wrong_value_and_flag() {
    let dir = tempdir("config-every-value");
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    std::fs::write(
        dir.join("connlint.toml"),
        "fail-on = 3\nexclude = [\"a[\"]\n[severity]\nmissing-titel = \"loud\"\n[recipes]\nmax-step = 1\n",
    )
    .unwrap();
    let (_, err, code) = run(&dir, &["check", "--ignore", "secruity", "."]);
    assert_eq!(code, 2, "{err}");
    for expected in [
        "command line: unknown rule or category `secruity`",
        "invalid type: integer `3`, expected a string",
        "invalid glob `a[`",
        "`[severity]` names unknown rule `missing-titel`",
        "got \"loud\"",
        "unknown field `max-step`",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert!(
        err.find("command line:") < err.find("connlint.toml:"),
        "{err}"
    );
}

#[test]
fn user_detectors_from_config() {
    let dir = tempdir("config-secrets");
    std::fs::write(
        dir.join("acme.toml"),
        "[[detector]]\nid = \"acme-token\"\nname = \"Acme token\"\nkeywords = [\"acmetok_\"]\npattern = '\\b(acmetok_[a-f0-9]{32})\\b'\nexamples = [\"acmetok_%%hex:32%%\"]\nnegative-examples = [\"acmetok_\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("connlint.toml"),
        "[secrets]\nextend = [\"acme.toml\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("helper.rb"),
        format!("TOKEN = 'acmetok_{}'\n", "3f9a2c1e7b6d4058".repeat(2)),
    )
    .unwrap();
    let (out, _, code) = run(
        &dir,
        &[
            "check",
            "--output-format",
            "concise",
            "--select",
            "security",
            ".",
        ],
    );
    assert_eq!(code, 1);
    // The constant's name makes it a credential too: one finding names both.
    assert!(
        out.contains("error[hardcoded-credential] hardcoded credential `acme…(40 chars)` in constant `TOKEN` (an Acme token)"),
        "{out}"
    );
}

#[test]
fn every_suppression_form_through_the_cli() {
    let dir = tempdir("suppressions");
    std::fs::write(
        dir.join("connector.rb"),
        "# connlint: ignore-file[missing-description] generated docs come later\n{\n  title: 'Acme',\n  picklists: {}, # connlint: ignore[unknown-top-level-key] kept for the legacy loader\n  # connlint: ignore[unknown-top-level-key] read by our own tooling\n  extras: {},\n  trigers: {}, # connlint: ignore[unknown-top-level-key]\n  methods: {}, # connlint: ignore[duplicate-key] nothing duplicated here\n  actions: { a: { help: 'x', execute: ->(_c, _i) { 1 } } }\n}\n",
    )
    .unwrap();
    let (out, _, _) = run(
        &dir,
        &["check", "--output-format", "concise", "connector.rb"],
    );
    assert!(
        !out.contains("connector.rb:4:3: error[unknown-top-level-key]"),
        "{out}"
    );
    assert!(
        !out.contains("connector.rb:6:3: error[unknown-top-level-key]"),
        "{out}"
    );
    assert!(
        out.contains("connector.rb:7:3: error[unknown-top-level-key]"),
        "no reason, not applied: {out}"
    );
    assert!(
        out.contains("connector.rb:7:16: warning[invalid-suppression]"),
        "{out}"
    );
    assert!(
        out.contains("connector.rb:8:16: warning[unused-suppression]"),
        "{out}"
    );
}

#[test]
fn baseline_round_trip_is_stable_hashed_and_reports_stale_entries() {
    let dir = tempdir("baseline");
    let secret = format!("{}{}", "Zq8Lr2Vx7Nc4", "Tb9Wm3Kp6Yd1");
    let connector = format!(
        "{{\n  title: 'Acme',\n  picklists: {{}},\n  connection: {{ authorization: {{ type: 'oauth2', client_secret: '{secret}' }} }}\n}}\n"
    );
    std::fs::write(dir.join("connector.rb"), &connector).unwrap();
    let (_, err, code) = run(&dir, &["check", "--write-baseline", "baseline.json", "."]);
    assert_eq!(code, 0, "writing the baseline succeeds: {err}");
    assert!(err.contains("wrote"), "{err}");
    let baseline = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(!baseline.contains(&secret), "secrets are stored hashed");
    assert!(!baseline.contains("line"), "no line numbers: {baseline}");
    let parsed: Value = serde_json::from_str(&baseline).unwrap();
    let entries = parsed["entries"].as_array().unwrap();
    let mut sorted = entries.clone();
    sorted.sort_by_key(|e| {
        (
            e["path"].to_string(),
            e["rule"].to_string(),
            e["fingerprint"].to_string(),
        )
    });
    assert_eq!(entries, &sorted, "sorted");

    let (out, err, code) = run(
        &dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--output-format",
            "concise",
            ".",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("No problems found"), "{out}");

    // Unrelated edits above the findings keep them matched.
    std::fs::write(
        dir.join("connector.rb"),
        format!("# A new comment\n\n{connector}"),
    )
    .unwrap();
    let (out, _, code) = run(
        &dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--output-format",
            "concise",
            ".",
        ],
    );
    assert_eq!(code, 0, "{out}");

    // Fixing one finding makes its entry stale; a new finding is reported.
    std::fs::write(
        dir.join("connector.rb"),
        connector
            .replace("picklists", "pick_lists")
            .replace("title: 'Acme',", "title: 'Acme',\n  trigers: {},"),
    )
    .unwrap();
    let (out, err, code) = run(
        &dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--output-format",
            "concise",
            ".",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.contains("unknown top-level key `trigers`"), "{out}");
    assert!(err.contains("1 baseline entry no longer matches"), "{err}");

    // Writing twice gives the same bytes: no timestamps.
    let (_, _, _) = run(&dir, &["check", "--write-baseline", "b1.json", "."]);
    let (_, _, _) = run(&dir, &["check", "--write-baseline", "b2.json", "."]);
    assert_eq!(
        std::fs::read(dir.join("b1.json")).unwrap(),
        std::fs::read(dir.join("b2.json")).unwrap()
    );
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    // The official schema is not part of the repository: CI passes its path (and fails
    // when the file is missing); a plain clone checks everything but the schema.
    let validator = match std::env::var_os("CONNLINT_SARIF_SCHEMA") {
        Some(path) => {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!("CONNLINT_SARIF_SCHEMA={}: {e}", Path::new(&path).display())
            });
            let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
            Some(jsonschema::validator_for(&schema).expect("the schema compiles"))
        }
        None => {
            eprintln!(
                "skipped: SARIF schema validation (set CONNLINT_SARIF_SCHEMA to the official \
                 sarif-schema-2.1.0.json to run it)"
            );
            None
        }
    };
    let (out, _, code) = run(
        &root,
        &[
            "check",
            "--output-format",
            "sarif",
            "fixtures/connectors",
            "fixtures/rules/hardcoded-oauth-client-credential",
        ],
    );
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    if let Some(validator) = &validator {
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| r["help"]["markdown"]
        .as_str()
        .is_some_and(|h| h.contains("## What it does"))));
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(r["partialFingerprints"]["connlint/v1"].is_string(), "{r}");
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
}

/// SARIF counts columns in code points (`columnKind`), results and fix replacements
/// alike: an emoji before a finding is one column, not four bytes.
#[test]
fn sarif_regions_count_code_points() {
    let dir = tempdir("sarif-unicode");
    let text = "{\n  title: '🚀 Acme',\n  connection: {\n    base_uri: ->(_c) { '🚀'; 'http://acme.example' }\n  }\n}\n";
    std::fs::write(dir.join("connector.rb"), text).unwrap();
    let (out, _, _) = run(
        &dir,
        &[
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "insecure-url",
            "--output-format",
            "sarif",
            "connector.rb",
        ],
    );
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "insecure-url", "{out}");
    let line = text.lines().nth(3).unwrap();
    let column = line[..line.find("http://").unwrap()].chars().count() as u64 + 1;
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], column, "{region}");
    assert!(region.get("charOffset").is_none(), "{region}");
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    let deleted = &replacement["deletedRegion"];
    assert_eq!(deleted["startLine"], 4, "{replacement}");
    assert!(deleted.get("charOffset").is_none(), "{replacement}");
    // Applying the replacement by code-point columns gives the fixed line.
    let (start, end) = (
        deleted["startColumn"].as_u64().unwrap() as usize - 1,
        deleted["endColumn"].as_u64().unwrap() as usize - 1,
    );
    let chars: Vec<char> = line.chars().collect();
    let fixed: String = chars[..start].iter().collect::<String>()
        + replacement["insertedContent"]["text"].as_str().unwrap()
        + &chars[end..].iter().collect::<String>();
    assert!(fixed.contains("'https://acme.example'"), "{fixed}");
}

#[test]
fn github_and_json_lines_formats() {
    let dir = tempdir("formats");
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    let (out, _, _) = run(
        &dir,
        &["check", "--output-format", "github", "connector.rb"],
    );
    assert!(out.lines().any(|l| l == "::error file=connector.rb,line=3,col=3,endLine=3,endColumn=12,title=connlint (unknown-top-level-key)::unknown top-level key `picklists`"), "{out}");
    assert!(
        out.lines().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{out}"
    );
    let (out, _, _) = run(
        &dir,
        &["check", "--output-format", "json-lines", "connector.rb"],
    );
    let parsed: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        parsed.len() >= 3
            && parsed
                .iter()
                .all(|d| d["rule"].is_string() && d["fingerprint"].is_string())
    );
}

#[test]
fn standard_input_is_linted_as_the_given_path() {
    let dir = tempdir("stdin");
    std::fs::write(
        dir.join("connlint.toml"),
        "select = [\"unknown-top-level-key\"]\n",
    )
    .unwrap();
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(&dir)
        .args([
            "check",
            "--output-format",
            "concise",
            "--stdin-filename",
            "src/connector.rb",
            "-",
        ])
        .write_stdin(CONNECTOR)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.starts_with("src/connector.rb:3:3: error[unknown-top-level-key]"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("debug-output"),
        "the discovered config applies: {stdout}"
    );
    let (_, err, code) = run(&dir, &["check", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("--stdin-filename"), "{err}");
}

#[test]
fn staged_lints_the_index_not_the_working_tree() {
    let dir = tempdir("staged");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(&dir)
            .args(args)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    git(&["add", "connector.rb"]);
    // The working tree is fixed after staging; the commit would still hold the typo.
    std::fs::write(
        dir.join("connector.rb"),
        CONNECTOR.replace("picklists", "pick_lists"),
    )
    .unwrap();
    let staged = [
        "check",
        "--staged",
        "--output-format",
        "concise",
        "--select",
        "unknown-top-level-key",
    ];
    let (out, _, code) = run(&dir, &staged);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("connector.rb:3:3: error[unknown-top-level-key]"),
        "{out}"
    );
    let (out, _, code) = run(
        &dir,
        &[
            "check",
            "--output-format",
            "concise",
            "--select",
            "unknown-top-level-key",
            ".",
        ],
    );
    assert_eq!(code, 0, "{out}");

    // Committed, the file is HEAD's: nothing is staged. A staged edit of a committed
    // file is; a staged deletion is not.
    std::fs::write(dir.join("gone.rb"), CONNECTOR).unwrap();
    git(&["add", "gone.rb"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "one",
    ]);
    let (out, err, code) = run(&dir, &staged);
    assert_eq!(code, 0, "{out}");
    assert!(err.contains("nothing to lint in staged files"), "{err}");
    git(&["rm", "-q", "gone.rb"]);
    std::fs::write(
        dir.join("connector.rb"),
        CONNECTOR.replace("picklists", "pick_listz"),
    )
    .unwrap();
    git(&["add", "connector.rb"]);
    let (out, _, code) = run(&dir, &staged);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("connector.rb:3:3: error[unknown-top-level-key]"),
        "{out}"
    );
    assert!(!out.contains("gone.rb"), "{out}");
}

#[test]
fn fix_diff_and_unsafe_fixes() {
    let dir = tempdir("fixes");
    let original = "{\n  title: 'Acme',\n  picklists: {},\n  connection: {\n    fields: [{ name: 'api_key', label: 'API key', hint: 'Settings' }],\n    base_uri: ->(_c) { 'http://api.acme.example/' }\n  }\n}\n";
    std::fs::write(dir.join("connector.rb"), original).unwrap();

    // --diff prints, writes nothing, and exits 1 when there is something to fix.
    let (out, err, code) = run(&dir, &["check", "--diff", "connector.rb"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("-  picklists: {},\n+  pick_lists: {},"),
        "{out}"
    );
    assert!(
        !out.contains("https://"),
        "unsafe fixes need --unsafe-fixes: {out}"
    );
    assert!(err.contains("Would fix 2 problems."), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("connector.rb")).unwrap(),
        original
    );

    // JSON carries each fix with its applicability and edits.
    let (out, _, _) = run(&dir, &["check", "--output-format", "json", "connector.rb"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let insecure = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "insecure-url")
        .unwrap();
    assert_eq!(insecure["fix"]["applicability"], "unsafe");
    assert_eq!(insecure["fix"]["edits"][0]["content"], "https://");

    // --fix applies the safe fixes and reports what is left.
    let (out, err, _) = run(
        &dir,
        &[
            "check",
            "--fix",
            "--output-format",
            "concise",
            "connector.rb",
        ],
    );
    assert!(err.contains("Fixed 2 problems."), "{err}");
    let fixed = std::fs::read_to_string(dir.join("connector.rb")).unwrap();
    assert!(
        fixed.contains("pick_lists: {}")
            && fixed.contains("control_type: 'password'")
            && fixed.contains("'http://")
    );
    assert!(
        out.contains("[insecure-url]") && !out.contains("[unknown-top-level-key]"),
        "{out}"
    );

    // --unsafe-fixes takes the rest.
    let (out, _, code) = run(
        &dir,
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--output-format",
            "concise",
            "--select",
            "insecure-url",
            "connector.rb",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(std::fs::read_to_string(dir.join("connector.rb"))
        .unwrap()
        .contains("'https://api.acme.example/'"));
}

#[test]
fn secret_scanner_allow_comments_through_the_cli() {
    let dir = tempdir("allow-comments");
    let key = format!("sk_live_{}", "Zq8Lr2Vx7Nc4Tb9Wm3Kp6Yd1");
    std::fs::write(
        dir.join("helper.rb"),
        format!(
            "A = '{key}' # gitleaks:allow\nB = '{key}' # pragma: allowlist secret\nC = '{key}'\n"
        ),
    )
    .unwrap();
    let (out, _, code) = run(
        &dir,
        &[
            "check",
            "--output-format",
            "concise",
            "--select",
            "security",
            "helper.rb",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        !out.contains("helper.rb:1:") && !out.contains("helper.rb:2:"),
        "{out}"
    );
    assert!(
        out.contains("helper.rb:3:6: error[hardcoded-secret]"),
        "{out}"
    );
}

/// What a user installs or reads names no made-up repository: the packages' metadata
/// and messages, the README and the changelog (issue 39); the pre-commit mirror's
/// template gets its owner from the release workflow, which replaces the placeholder.
#[test]
fn no_placeholder_url_reaches_a_user() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("README.md"),
        root.join("CHANGELOG.md"),
        root.join("pyproject.toml"),
        root.join(".pre-commit-hooks.yaml"),
    ];
    let mut dirs = vec![
        root.join("crates/connlint/gem"),
        root.join("crates/connlint/python"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 8, "the package files are found: {files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        assert!(
            !text.contains("github.com/OWNER") && !text.contains("OWNER/connlint"),
            "{} names a placeholder repository",
            file.display()
        );
    }
    let release = std::fs::read_to_string(root.join(".github/workflows/release.yml")).unwrap();
    let mirror =
        std::fs::read_to_string(root.join("crates/connlint/pre-commit-mirror/README.md")).unwrap();
    if mirror.contains("OWNER/") {
        assert!(
            release.contains("s|github.com/OWNER/|github.com/${{ github.repository_owner }}/|g"),
            "the release workflow replaces the mirror template's placeholder"
        );
    }
    assert!(!release.contains("repository: OWNER/"));
}

/// Every hook definition connlint gives runs one connlint process per run: pre-commit
/// splits the files of a hook without `require_serial` over several processes, and each
/// printed the project findings again (issue 39). `.ci/pre-commit.sh` shows it with the
/// real pre-commit.
#[test]
fn every_hook_definition_is_serial() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut hooks = 0;
    for file in [
        ".pre-commit-hooks.yaml",
        "crates/connlint/pre-commit-mirror/.pre-commit-hooks.yaml",
        "README.md",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        // A hook definition: from an `id: connlint…` line with an `entry:` to the next id.
        let ids: Vec<usize> = text.match_indices("- id: ").map(|(i, _)| i).collect();
        for (n, &start) in ids.iter().enumerate() {
            let end = ids.get(n + 1).copied().unwrap_or(text.len());
            let hook = &text[start..end];
            let hook = hook.split("\n```").next().unwrap_or(hook);
            if !hook.starts_with("- id: connlint") || !hook.contains("entry:") {
                continue;
            }
            hooks += 1;
            assert!(
                hook.contains("require_serial: true"),
                "{file}: a hook without require_serial: true:\n{hook}"
            );
        }
    }
    assert!(hooks >= 5, "the hook definitions are found ({hooks})");
}
