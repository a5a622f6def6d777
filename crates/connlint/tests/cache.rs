//! The result cache of `check`: used when nothing changed, never wrong when something
//! did, robust to damaged entries and to concurrent runs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check(dir: &Path, cache: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(dir)
        .env("CONNLINT_CACHE_DIR", cache)
        .arg("check")
        .args(["--output-format", "json"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn rules(out: &str) -> Vec<String> {
    let report: Value = serde_json::from_str(out).unwrap();
    let mut rules: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["path"].as_str().unwrap(),
                d["rule"].as_str().unwrap()
            )
        })
        .collect();
    rules.sort();
    rules
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for build in std::fs::read_dir(cache).unwrap().filter_map(Result::ok) {
        if build.path().is_dir() {
            for e in std::fs::read_dir(build.path())
                .unwrap()
                .filter_map(Result::ok)
            {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

const CONNECTOR: &str = "{\n  title: 'Ticketdesk',\n  connection: {\n    fields: [{ name: 'api_key', control_type: 'password', hint: 'Settings > API' }],\n    authorization: { type: 'api_key', apply: ->(c) { headers('X-Key' => c['api_key']) } }\n  },\n  test: ->(_c) { get('https://api.ticketdesk.io/me') },\n  actions: {\n    get_user: {\n      title: 'Get user',\n      description: 'Get a user',\n      help: 'Gets one user. See https://docs.ticketdesk.io/users',\n      execute: ->(_c, input) { puts input; get('https://api.ticketdesk.io/users') }\n    }\n  }\n}\n";

fn project(name: &str) -> (PathBuf, PathBuf) {
    let dir = tempdir(name);
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();
    std::fs::write(
        dir.join("README.md"),
        "# Ticketdesk\n\nCreate and read Ticketdesk users from recipes. Questions: support@ticketdesk.io\n",
    )
    .unwrap();
    let cache = dir.join("cache");
    (dir, cache)
}

#[test]
fn a_warm_run_reads_the_cache_and_every_change_invalidates_it() {
    let (dir, cache) = project("cache-invalidation");
    let (cold, code) = check(&dir, &cache, &["."]);
    assert_eq!(code, 0, "{cold}");
    assert!(rules(&cold).contains(&"connector.rb:debug-output".to_owned()));
    assert!(cache.join(".gitignore").is_file());
    let stored = entries(&cache);
    assert!(!stored.is_empty());

    // Proof that a warm run reads the entry: a doctored message comes back.
    let entry = stored
        .iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains("debug-output"))
        .unwrap();
    let text = std::fs::read_to_string(entry).unwrap();
    std::fs::write(entry, text.replace("debug output", "DOCTORED debug output")).unwrap();
    let (warm, _) = check(&dir, &cache, &["."]);
    assert!(warm.contains("DOCTORED"), "{warm}");
    let (fresh, _) = check(&dir, &cache, &["--no-cache", "."]);
    assert!(!fresh.contains("DOCTORED"));
    std::fs::remove_file(entry).unwrap();

    // Content.
    std::fs::write(
        dir.join("connector.rb"),
        CONNECTOR.replace("puts input; ", ""),
    )
    .unwrap();
    let (out, _) = check(&dir, &cache, &["."]);
    assert!(
        !rules(&out).contains(&"connector.rb:debug-output".to_owned()),
        "{out}"
    );
    std::fs::write(dir.join("connector.rb"), CONNECTOR).unwrap();

    // Settings: the config file, and the command line.
    std::fs::write(dir.join("connlint.toml"), "ignore = [\"debug-output\"]\n").unwrap();
    let (out, _) = check(&dir, &cache, &["."]);
    assert!(!out.contains("debug-output"), "{out}");
    std::fs::remove_file(dir.join("connlint.toml")).unwrap();
    let (out, _) = check(&dir, &cache, &["--ignore", "debug-output", "."]);
    assert!(!out.contains("debug-output"), "{out}");
    let (out, _) = check(&dir, &cache, &["."]);
    assert!(
        out.contains("debug-output") && !out.contains("DOCTORED"),
        "{out}"
    );

    // A project file: the README loses its support contact.
    std::fs::write(
        dir.join("README.md"),
        "# Ticketdesk\n\nCreate and read Ticketdesk users from recipes.\n",
    )
    .unwrap();
    let (out, code) = check(&dir, &cache, &["."]);
    assert_eq!(code, 1);
    assert!(
        rules(&out).contains(&"README.md:missing-support-contact".to_owned()),
        "{out}"
    );

    // Another build's entries are removed, never read.
    let other = cache.join("0.0.0-another-build");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("x.json"), "{}").unwrap();
    check(&dir, &cache, &["."]);
    assert!(!other.exists());
}

#[test]
fn damaged_or_foreign_entries_are_ignored_and_rewritten() {
    let (dir, cache) = project("cache-damage");
    let (fresh, _) = check(&dir, &cache, &["--no-cache", "."]);
    check(&dir, &cache, &["."]);
    for (n, entry) in entries(&cache).iter().enumerate() {
        let text = std::fs::read_to_string(entry).unwrap();
        let damaged = match n % 3 {
            0 => text[..text.len() / 2].to_owned(),
            1 => "\u{0}\u{1}not json".to_owned(),
            // Valid, but written for another key.
            _ => text.replacen("\"key\":\"", "\"key\":\"0", 1),
        };
        std::fs::write(entry, damaged).unwrap();
    }
    let (out, _) = check(&dir, &cache, &["."]);
    assert_eq!(out, fresh);
    for entry in entries(&cache) {
        let value: Value = serde_json::from_slice(&std::fs::read(&entry).unwrap())
            .unwrap_or_else(|e| panic!("{} not rewritten: {e}", entry.display()));
        assert!(value["key"].is_string());
    }
    let (out, _) = check(&dir, &cache, &["."]);
    assert_eq!(out, fresh);
}

#[test]
fn concurrent_runs_share_a_cache_safely() {
    let dir = tempdir("cache-concurrent");
    for n in 0..40 {
        std::fs::write(
            dir.join(format!("connector_{n}.rb")),
            CONNECTOR.replace("Ticketdesk", &format!("Ticketdesk {n}")),
        )
        .unwrap();
    }
    let cache = dir.join("cache");
    let (fresh, _) = check(&dir, &cache, &["--no-cache", "."]);
    let binary = assert_cmd::cargo::cargo_bin("connlint");
    let runs: Vec<_> = (0..6)
        .map(|_| {
            std::process::Command::new(&binary)
                .current_dir(&dir)
                .env("CONNLINT_CACHE_DIR", &cache)
                .args(["check", "--output-format", "json", "."])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), fresh);
    }
    let (warm, _) = check(&dir, &cache, &["."]);
    assert_eq!(warm, fresh);
    for entry in entries(&cache) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.ends_with(".json"), "a temporary file was left: {name}");
    }
}

#[test]
fn stdin_and_the_index_use_the_cache_by_content() {
    let (dir, cache) = project("cache-stdin");
    let run = |text: &str| {
        let out = Command::cargo_bin("connlint")
            .unwrap()
            .env(
                "CONNLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
            )
            .current_dir(&dir)
            .env("CONNLINT_CACHE_DIR", &cache)
            .args([
                "check",
                "--output-format",
                "json",
                "--stdin-filename",
                "connector.rb",
                "-",
            ])
            .write_stdin(text)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run(CONNECTOR);
    assert_eq!(run(CONNECTOR), first);
    let changed = run(&CONNECTOR.replace("puts input; ", ""));
    assert!(first.contains("debug-output") && !changed.contains("debug-output"));

    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(&dir)
            .args(args)
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "connector.rb"]);
    let (staged, _) = check(&dir, &cache, &["--staged"]);
    assert!(staged.contains("debug-output"));
    std::fs::write(
        dir.join("connector.rb"),
        CONNECTOR.replace("puts input; ", ""),
    )
    .unwrap();
    git(&["add", "connector.rb"]);
    let (staged, _) = check(&dir, &cache, &["--staged"]);
    assert!(!staged.contains("debug-output"), "{staged}");
}

/// A custom detector file is part of the settings: editing it must change the result of
/// a warm run, as `--no-cache` would.
#[test]
fn editing_a_custom_detector_file_invalidates_the_cache() {
    let (dir, cache) = project("cache-detector-file");
    let value: String = "tkd_"
        .chars()
        .chain((0..20).map(|i| char::from(b'a' + (i * 7 % 26) as u8)))
        .collect();
    let connector = CONNECTOR.replace("{\n  title:", &format!("# {value}\n{{\n  title:"));
    std::fs::write(dir.join("connector.rb"), connector).unwrap();
    std::fs::write(
        dir.join("connlint.toml"),
        "[secrets]\nextend = [\"detectors.toml\"]\n",
    )
    .unwrap();
    let detector = |prefix: &str| {
        format!(
            "[[detector]]\nid = \"ticketdesk-key\"\nname = \"Ticketdesk key\"\nkeywords = [\"{prefix}\"]\npattern = '({prefix}[a-z]{{20}})'\nexamples = [\"{prefix}%%lower:20%%\"]\nnegative-examples = [\"{prefix}short\"]\n"
        )
    };
    std::fs::write(dir.join("detectors.toml"), detector("tkd_")).unwrap();
    let (out, _) = check(&dir, &cache, &["."]);
    assert!(
        rules(&out).contains(&"connector.rb:hardcoded-secret".to_owned()),
        "{out}"
    );
    std::fs::write(dir.join("detectors.toml"), detector("tkq_")).unwrap();
    let (warm, _) = check(&dir, &cache, &["."]);
    let (fresh, _) = check(&dir, &cache, &["--no-cache", "."]);
    assert!(
        !rules(&fresh).contains(&"connector.rb:hardcoded-secret".to_owned()),
        "{fresh}"
    );
    assert_eq!(rules(&warm), rules(&fresh));
}
