//! `check --history` on repositories built with the git CLI in a temporary directory.
//! Secret values come from `fake::expand`, so the repository holds no credential text.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use connlint_linter::secrets::fake;
use serde_json::Value;

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Process::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Commits everything with a fixed author date, returns the commit id.
fn commit(dir: &Path, date: &str, message: &str) -> String {
    git(dir, &["add", "-A"]);
    let out = Process::new("git")
        .current_dir(dir)
        .args(["commit", "-q", "-m", message])
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    git(dir, &["rev-parse", "HEAD"])
}

fn connlint(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(dir)
        .args(args)
        .env_remove("PRE_COMMIT_FROM_REF")
        .env_remove("PRE_COMMIT_TO_REF")
        .env_remove("PRE_COMMIT_SOURCE")
        .env_remove("PRE_COMMIT_ORIGIN")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn connector(secret: &str) -> String {
    format!(
        "{{\n  title: 'Acme',\n  connection: {{\n    fields: [{{ name: 'client_id' }}, {{ name: 'client_secret', control_type: 'password' }}],\n    authorization: {{\n      type: 'oauth2',\n      client_id: ->(connection) {{ connection['client_id'] }},\n      client_secret: ->(connection) {{ {secret} }}\n    }}\n  }}\n}}\n"
    )
}

struct Repo {
    dir: PathBuf,
    /// Adds the client secret.
    leak: String,
    /// Replaces it with the connection field.
    fix: String,
    /// On another branch: a settings file with an API key.
    side: String,
    /// Adds a second secret, still at HEAD.
    again: String,
}

/// main: clean → client secret → fixed → a new key in the connector (HEAD);
/// side (from the first commit): a leaked settings.yaml.
fn repository(name: &str) -> Repo {
    let dir = tempdir(name);
    git(&dir, &["init", "-q", "-b", "main"]);
    std::fs::write(
        dir.join("connector.rb"),
        connector("connection['client_secret']"),
    )
    .unwrap();
    std::fs::write(dir.join("README.md"), "# Acme\n").unwrap();
    commit(&dir, "2024-01-02T10:00:00+00:00", "Connector");
    let secret = fake::expand("'%%alnum:32%%'", 7);
    std::fs::write(dir.join("connector.rb"), connector(&secret)).unwrap();
    let leak = commit(&dir, "2024-02-02T10:00:00+00:00", "Hardcode the secret");
    std::fs::write(
        dir.join("connector.rb"),
        connector("connection['client_secret']"),
    )
    .unwrap();
    let fix = commit(
        &dir,
        "2024-03-02T10:00:00+00:00",
        "Read the secret from the connection",
    );
    git(&dir, &["checkout", "-q", "-b", "side", "HEAD~2"]);
    std::fs::write(
        dir.join("settings.yaml"),
        fake::expand("api_key: %%alnum:32%%\n", 8),
    )
    .unwrap();
    let side = commit(&dir, "2024-04-02T10:00:00+00:00", "Settings for tests");
    git(&dir, &["checkout", "-q", "main"]);
    let text = std::fs::read_to_string(dir.join("connector.rb")).unwrap().replace(
        "  title: 'Acme',\n",
        &fake::expand("  title: 'Acme',\n  methods: { sign: ->(body) { workato.hmac_sha256(body, '%%alnum:40%%') } },\n", 9),
    );
    std::fs::write(dir.join("connector.rb"), text).unwrap();
    let again = commit(&dir, "2024-05-02T10:00:00+00:00", "Sign requests");
    Repo {
        dir,
        leak,
        fix,
        side,
        again,
    }
}

fn findings(out: &str) -> Vec<Value> {
    let report: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
    report["diagnostics"].as_array().unwrap().clone()
}

fn by_commit<'a>(diagnostics: &'a [Value], commit: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["commit"] == commit)
        .unwrap_or_else(|| panic!("no finding from {commit}: {diagnostics:#?}"))
}

#[test]
fn every_history_finding_names_its_commit_and_fate() {
    let repo = repository("history");
    let (out, err, code) = connlint(
        &repo.dir,
        &["check", "--history", "--output-format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let diagnostics = findings(&out);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");

    let removed = by_commit(&diagnostics, &repo.leak);
    assert_eq!(removed["rule"], "hardcoded-oauth-client-credential");
    assert_eq!(removed["path"], "connector.rb");
    assert_eq!(removed["present_at_head"], false);
    assert_eq!(removed["removed_in"], repo.fix.as_str());
    assert_eq!(removed["author_date"], "2024-02-02T10:00:00+00:00");
    assert_eq!(
        removed["blob"],
        git(
            &repo.dir,
            &["rev-parse", &format!("{}:connector.rb", repo.leak)]
        )
        .as_str()
    );
    let short = |id: &str| id[..7].to_owned();
    assert!(
        removed["message"].as_str().unwrap().contains(&format!(
            "removed in {} but still in history: rotate the key and rewrite history",
            short(&repo.fix)
        )),
        "{removed:#?}"
    );

    let side = by_commit(&diagnostics, &repo.side);
    assert_eq!(side["rule"], "hardcoded-credential");
    assert_eq!(side["path"], "settings.yaml");
    assert_eq!(side["present_at_head"], false);
    assert!(side.get("removed_in").is_none(), "{side:#?}");
    assert!(side["message"]
        .as_str()
        .unwrap()
        .contains("only on refs HEAD does not contain"));

    let current = by_commit(&diagnostics, &repo.again);
    assert_eq!(current["rule"], "hardcoded-credential");
    assert_eq!(current["present_at_head"], true);
    assert!(current["message"]
        .as_str()
        .unwrap()
        .contains("still at HEAD"));

    // No format prints a whole secret, and no fix is offered for old blobs.
    for d in &diagnostics {
        assert!(d["fix"].is_null(), "{d:#?}");
    }
    let (concise, _, _) = connlint(
        &repo.dir,
        &["check", "--history", "--output-format", "concise"],
    );
    assert!(
        concise.contains(&format!("connector.rb@{}:8:", short(&repo.leak))),
        "{concise}"
    );
    assert!(
        concise.contains(&format!("settings.yaml@{}:1:10:", short(&repo.side))),
        "{concise}"
    );
    let (full, _, _) = connlint(
        &repo.dir,
        &["check", "--history", "--output-format", "full"],
    );
    for (template, seed) in [
        ("%%alnum:32%%", 7),
        ("%%alnum:32%%", 8),
        ("%%alnum:40%%", 9),
    ] {
        let secret = fake::expand(template, seed);
        for text in [&out, &concise, &full] {
            assert!(!text.contains(&secret), "a secret is printed:\n{text}");
        }
    }
}

#[test]
fn history_formats_baseline_and_ranges() {
    let repo = repository("history-formats");
    let dir = &repo.dir;

    let (sarif, _, _) = connlint(dir, &["check", "--history", "--output-format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let run = &sarif["runs"][0];
    let provenance = &run["versionControlProvenance"][0];
    assert_eq!(provenance["revisionId"], repo.again.as_str());
    assert_eq!(provenance["branch"], "main");
    assert!(provenance["repositoryUri"]
        .as_str()
        .unwrap()
        .starts_with("file://"));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let removed = results
        .iter()
        .find(|r| r["properties"]["commit"] == repo.leak.as_str())
        .expect("the removed secret");
    assert_eq!(removed["properties"]["presentAtHead"], false);
    assert_eq!(removed["properties"]["removedIn"], repo.fix.as_str());
    if let Some(path) = std::env::var_os("CONNLINT_SARIF_SCHEMA") {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    // Fingerprints ignore the commit: a baseline of the history hides all of it.
    let baseline = dir.join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let (_, _, code) = connlint(dir, &["check", "--history", "--write-baseline", baseline]);
    assert_eq!(code, 0, "writing the baseline succeeds");
    let (out, err, code) = connlint(dir, &["check", "--history", "--baseline", baseline]);
    assert_eq!(code, 0, "{out}{err}");

    // A range: only what the fix and the last commit brought.
    let range = format!("{}..HEAD", repo.leak);
    let (out, _, code) = connlint(
        dir,
        &[
            "check",
            "--history",
            "--history-range",
            &range,
            "--output-format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let diagnostics = findings(&out);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["commit"], repo.again.as_str());

    // pre-commit's pre-push variables.
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(dir)
        .args([
            "check",
            "--history",
            "--history-range",
            "pre-push",
            "--output-format",
            "json",
        ])
        .env("PRE_COMMIT_FROM_REF", &repo.again)
        .env("PRE_COMMIT_TO_REF", &repo.again)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(findings(&String::from_utf8(out.stdout).unwrap()).is_empty());
    // Without them (pre-commit's first push of a branch) everything is new.
    let (out, _, code) = connlint(
        dir,
        &[
            "check",
            "--history",
            "--history-range",
            "pre-push",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(findings(&out).len(), 3);
    let (_, err, code) = connlint(dir, &["check", "--history", "--history-range", "nonsense"]);
    assert_eq!(code, 2);
    assert!(err.contains("A..B"), "{err}");
}

#[test]
fn history_edge_cases_are_reported_not_skipped_silently() {
    // The system's temporary directory: the target directory is inside this repository.
    let outside = std::env::temp_dir().join(format!("connlint-history-{}", std::process::id()));
    std::fs::create_dir_all(&outside).unwrap();
    let (_, err, code) = connlint(&outside, &["check", "--history"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not in a git repository"), "{err}");
    let _ = std::fs::remove_dir_all(&outside);

    let repo = repository("history-edges");
    let dir = &repo.dir;
    std::fs::write(
        dir.join("big.json"),
        "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 12\n",
    )
    .unwrap();
    std::fs::write(dir.join("blob.json"), b"{\"a\": \"\0\"}").unwrap();
    let sub = tempdir("history-sub");
    git(&sub, &["init", "-q", "-b", "main"]);
    std::fs::write(sub.join("x.rb"), "{}\n").unwrap();
    commit(&sub, "2024-06-01T10:00:00+00:00", "sub");
    git(
        dir,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            sub.to_str().unwrap(),
            "vendored",
        ],
    );
    commit(dir, "2024-06-02T10:00:00+00:00", "LFS, binary, submodule");
    let (_, err, code) = connlint(dir, &["check", "--history"]);
    assert_eq!(code, 1);
    assert!(err.contains("submodules are not scanned"), "{err}");
    assert!(err.contains("vendored"), "{err}");
    assert!(err.contains("1 Git LFS pointers"), "{err}");
    assert!(err.contains("1 binary blobs skipped"), "{err}");

    let shallow = tempdir("history-shallow");
    git(
        &shallow,
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", dir.display()),
            "clone",
        ],
    );
    let (_, err, code) = connlint(&shallow.join("clone"), &["check", "--history"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("shallow clone"), "{err}");
}
