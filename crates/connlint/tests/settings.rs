//! Settings mean the same everywhere: for each kind of finding (a Ruby file's, a text
//! file's, a package file's, a project's, a package's, history's), a `[severity]`
//! override and a `per-file-ignores` entry give the answer `check --show-settings`
//! gives, in `check`, in the language server and in `--fix`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::history::git;
use connlint_linter::secrets::fake;
use serde_json::{json, Value};

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn connlint(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_connlint"))
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

const CONNECTOR: &str = "{
  title: 'Brightdesk',
  connection: {
    fields: [{ name: 'api_key', control_type: 'password', optional: false, hint: 'Your API key' }],
    authorization: {
      type: 'api_key',
      apply: ->(connection) { headers('X-Key' => connection['api_key']) }
    },
    base_uri: ->(_connection) { 'http://api.brightdesk.io' }
  },
  test: ->(_connection) { get('/me') },
  actions: {},
  triggers: {}
}
";

/// One kind of finding: the rule that reports it and the file it points at.
struct Case {
    kind: &'static str,
    rule: &'static str,
    file: &'static str,
}

const CASES: &[Case] = &[
    Case {
        kind: "ruby",
        rule: "insecure-url",
        file: "connector.rb",
    },
    Case {
        kind: "text",
        rule: "hardcoded-credential",
        file: "settings.yaml",
    },
    Case {
        kind: "package file",
        rule: "missing-recipe-description",
        file: "export/copy_contacts.recipe.json",
    },
    Case {
        kind: "project",
        rule: "missing-support-contact",
        file: "README.md",
    },
    Case {
        kind: "package",
        rule: "unused-custom-connector",
        file: "export/initech.custom_adapter.json",
    },
];

/// A connector project with a package export beside it: each case's finding, once.
fn project(dir: &Path) {
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    std::fs::write(dir.join("README.md"), "# Brightdesk\n\nA connector.\n").unwrap();
    std::fs::write(
        dir.join("settings.yaml"),
        fake::expand("api_key: %%hex:32%%\n", 38),
    )
    .unwrap();
    let export = dir.join("export");
    std::fs::create_dir_all(&export).unwrap();
    let package = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packages/zentrik");
    for entry in std::fs::read_dir(package).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, export.join(path.file_name().unwrap())).unwrap();
    }
    let recipe = export.join("copy_contacts.recipe.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&recipe).unwrap()).unwrap();
    json["description"] = json!("");
    std::fs::write(&recipe, serde_json::to_string_pretty(&json).unwrap()).unwrap();
}

/// What `--show-settings FILE` says of `rule`: its severity, and whether it is silenced.
fn shown(dir: &Path, file: &str, rule: &str) -> (String, bool) {
    let (out, code) = connlint(dir, &["check", "--show-settings", file]);
    assert_eq!(code, 0, "{out}");
    let line = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some(rule))
        .unwrap_or_else(|| panic!("{rule} is not listed:\n{out}"));
    let severity = line.split_whitespace().nth(2).unwrap().to_owned();
    (severity, line.contains("ignored here by per-file-ignores"))
}

/// The severities `check` reports `rule` at in `file`.
fn reported(dir: &Path, args: &[&str], file: &str, rule: &str) -> Vec<String> {
    let (out, code) = connlint(dir, args);
    assert!(code <= 1, "exit {code}: {out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule && d["path"] == file)
        .map(|d| d["severity"].as_str().unwrap().to_owned())
        .collect()
}

/// The answer a setting should give, and what `--show-settings` and `check` give.
fn assert_agree(dir: &Path, case: &Case, want: Option<&str>, setting: &str) {
    let (severity, ignored) = shown(dir, case.file, case.rule);
    let expected: Vec<String> = if ignored { Vec::new() } else { vec![severity] };
    assert_eq!(
        expected,
        want.map(str::to_owned).into_iter().collect::<Vec<_>>(),
        "--show-settings, {} ({}), {setting}",
        case.kind,
        case.rule
    );
    let args = ["check", "--no-cache", "--output-format", "json", "."];
    assert_eq!(
        reported(dir, &args, case.file, case.rule),
        expected,
        "check, {} ({}), {setting}",
        case.kind,
        case.rule
    );
}

fn other_severity(default: &str) -> &'static str {
    if default == "error" {
        "info"
    } else {
        "error"
    }
}

#[test]
fn each_setting_means_the_same_for_every_kind_of_finding() {
    let dir = tempdir("settings-matrix");
    project(&dir);
    let config = dir.join("connlint.toml");
    for case in CASES {
        let _ = std::fs::remove_file(&config);
        let (default, _) = shown(&dir, case.file, case.rule);
        assert_agree(&dir, case, Some(&default), "no configuration");

        let severity = other_severity(&default);
        std::fs::write(
            &config,
            format!("[severity]\n{} = \"{severity}\"\n", case.rule),
        )
        .unwrap();
        assert_agree(&dir, case, Some(severity), "a [severity] override");

        std::fs::write(
            &config,
            format!(
                "[per-file-ignores]\n\"{}\" = [\"{}\"]\n",
                case.file, case.rule
            ),
        )
        .unwrap();
        assert_agree(&dir, case, None, "per-file-ignores");
    }
}

/// `--fix` and `--diff` apply no fix of a rule that per-file-ignores silences there.
#[test]
fn fixes_follow_per_file_ignores() {
    let dir = tempdir("settings-fix");
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    let diff = [
        "check",
        "--no-cache",
        "--diff",
        "--unsafe-fixes",
        "connector.rb",
    ];
    let (out, code) = connlint(&dir, &diff);
    assert_eq!(code, 1, "the fix applies without settings: {out}");
    assert!(
        out.contains("+    base_uri: ->(_connection) { 'https://"),
        "{out}"
    );
    std::fs::write(
        dir.join("connlint.toml"),
        "[per-file-ignores]\n\"connector.rb\" = [\"insecure-url\"]\n",
    )
    .unwrap();
    let (out, code) = connlint(&dir, &diff);
    assert_eq!((out.as_str(), code), ("", 0));
    let fix = [
        "check",
        "--no-cache",
        "--fix",
        "--unsafe-fixes",
        "connector.rb",
    ];
    connlint(&dir, &fix);
    assert_eq!(
        std::fs::read_to_string(dir.join("connector.rb")).unwrap(),
        CONNECTOR
    );
}

/// History judges each blob with the settings of the file it was.
#[test]
fn history_follows_the_settings() {
    let dir = tempdir("settings-history");
    std::fs::write(
        dir.join("settings.yaml"),
        fake::expand("api_key: %%hex:32%%\n", 39),
    )
    .unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "settings"]);
    let history = [
        "check",
        "--history",
        "--no-cache",
        "--output-format",
        "json",
    ];
    let case = Case {
        kind: "history",
        rule: "hardcoded-credential",
        file: "settings.yaml",
    };
    let (default, _) = shown(&dir, case.file, case.rule);
    assert_eq!(
        reported(&dir, &history, case.file, case.rule),
        std::slice::from_ref(&default)
    );
    let severity = other_severity(&default);
    std::fs::write(
        dir.join("connlint.toml"),
        format!("[severity]\n{} = \"{severity}\"\n", case.rule),
    )
    .unwrap();
    assert_eq!(shown(&dir, case.file, case.rule).0, severity);
    assert_eq!(reported(&dir, &history, case.file, case.rule), [severity]);
    std::fs::write(
        dir.join("connlint.toml"),
        format!(
            "[per-file-ignores]\n\"{}\" = [\"{}\"]\n",
            case.file, case.rule
        ),
    )
    .unwrap();
    assert!(shown(&dir, case.file, case.rule).1);
    assert_eq!(
        reported(&dir, &history, case.file, case.rule),
        Vec::<String>::new()
    );
}

mod server {
    use super::*;
    use crate::lsp::{initialize, send, shut_down, start, wait_for};

    /// What the server publishes for `case.file` after `opened` is opened: the
    /// severities of `case.rule`'s diagnostics, by the names `--show-settings` uses.
    fn published(dir: &Path, opened: &str, case: &Case) -> Vec<String> {
        let (child, mut stdin, rx) = start(dir);
        initialize(&mut stdin, &rx);
        let path = dir.join(opened);
        let uri = format!("file://{}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "ruby", "version": 1, "text": text}}}),
        );
        let target = format!("file://{}", dir.join(case.file).display());
        let message = wait_for(&rx, |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == target
        });
        shut_down(child, stdin, &rx, 2);
        message["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == case.rule)
            .map(|d| {
                match d["severity"].as_u64() {
                    Some(1) => "error",
                    Some(2) => "warning",
                    _ => "info",
                }
                .to_owned()
            })
            .collect()
    }

    /// The editor gives `check`'s answer for the kinds of finding it shows: a Ruby
    /// file's, a text file's, a package file's and the project's (published on the
    /// README when the connector is opened).
    #[test]
    fn the_editor_agrees() {
        let dir = tempdir("settings-server");
        project(&dir);
        let config = dir.join("connlint.toml");
        for case in CASES.iter().filter(|c| c.kind != "package") {
            let opened = if case.kind == "project" {
                "connector.rb"
            } else {
                case.file
            };
            for setting in ["", "severity", "per-file-ignores"] {
                let (default, _) = {
                    let _ = std::fs::remove_file(&config);
                    shown(&dir, case.file, case.rule)
                };
                let text = match setting {
                    "severity" => format!(
                        "[severity]\n{} = \"{}\"\n",
                        case.rule,
                        other_severity(&default)
                    ),
                    "per-file-ignores" => {
                        format!(
                            "[per-file-ignores]\n\"{}\" = [\"{}\"]\n",
                            case.file, case.rule
                        )
                    }
                    _ => String::new(),
                };
                std::fs::write(&config, text).unwrap();
                let args = ["check", "--no-cache", "--output-format", "json", "."];
                assert_eq!(
                    published(&dir, opened, case),
                    reported(&dir, &args, case.file, case.rule),
                    "{} ({}), {setting:?}",
                    case.kind,
                    case.rule
                );
            }
        }
    }
}
