//! The bad-input matrix: each hostile input gets a clear message and the right exit
//! code, and the other files of the same run are still linted.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A well-formed connector linted beside every hostile input: its finding proves the
/// run went on.
const WITNESS: &str = "{ title: 'Witness', picklists: {} }\n";

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("witness.rb"), WITNESS).unwrap();
    d
}

fn check(d: &Path, extra: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(d)
        .args([
            "check",
            "--output-format",
            "concise",
            "--select",
            "correctness",
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn witness_linted(out: &str) {
    assert!(
        out.contains("witness.rb:1:21: error[unknown-top-level-key]"),
        "the other file was not linted:\n{out}"
    );
}

#[test]
fn binary_nul_and_invalid_utf8_files() {
    let d = dir("bytes");
    std::fs::write(d.join("binary.rb"), [0x7f, b'E', b'L', b'F', 0, 1, 2, 3]).unwrap();
    std::fs::write(d.join("nul.rb"), b"{ title: 'A' }\0\n").unwrap();
    std::fs::write(d.join("latin1.rb"), b"{ title: 'Caf\xe9' }\n").unwrap();
    let (out, _, code) = check(&d, &["."]);
    assert_eq!(code, 2);
    assert!(
        out.contains("binary.rb:1:1: error[io-error] binary file (contains NUL bytes); skipped"),
        "{out}"
    );
    assert!(
        out.contains("nul.rb:1:1: error[io-error] binary file"),
        "{out}"
    );
    assert!(
        out.contains(
            "latin1.rb:1:1: error[io-error] not valid UTF-8 (invalid byte at offset 13); skipped"
        ),
        "{out}"
    );
    witness_linted(&out);
}

#[test]
fn bom_and_crlf_keep_columns_right() {
    let d = dir("encoding");
    std::fs::write(d.join("bom.rb"), "\u{feff}{ title: 'A', picklists: {} }\n").unwrap();
    std::fs::write(
        d.join("crlf.rb"),
        "{\r\n  title: 'A',\r\n  picklists: {}\r\n}\r\n",
    )
    .unwrap();
    let (out, _, code) = check(&d, &["."]);
    assert_eq!(code, 1);
    assert!(
        out.contains("bom.rb:1:15: error[unknown-top-level-key]"),
        "{out}"
    );
    assert!(
        out.contains("crlf.rb:3:3: error[unknown-top-level-key]"),
        "{out}"
    );
    witness_linted(&out);
}

#[test]
fn empty_and_comment_only_files_are_clean() {
    let d = dir("empty");
    std::fs::write(d.join("empty.rb"), "").unwrap();
    std::fs::write(d.join("comments.rb"), "# nothing\n# here\n").unwrap();
    let (out, _, code) = check(&d, &["."]);
    assert_eq!(code, 1);
    assert!(
        !out.contains("empty.rb") && !out.contains("comments.rb"),
        "{out}"
    );
    assert!(out.contains("in 3 files."), "{out}");
    witness_linted(&out);
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_diagnostic() {
    let d = dir("huge");
    // 11 MB: over the default limit (10 MiB), and small enough for the test build to
    // lint quickly once the limit is raised.
    let huge = format!("{{ title: 'A', x: '{}' }}\n", "a".repeat(11 * 1000 * 1000));
    std::fs::write(d.join("huge.rb"), huge).unwrap();
    let (out, _, code) = check(&d, &["."]);
    assert_eq!(code, 2);
    assert!(out.contains("huge.rb:1:1: error[io-error] file is 11000022 bytes, over the --max-file-size limit of 10485760; skipped"), "{out}");
    witness_linted(&out);
    let (out, _, _) = check(&d, &["--max-file-size", "12000000", "."]);
    assert!(
        out.contains("huge.rb:1:15: error[unknown-top-level-key]"),
        "raised limit lints it: {out}"
    );
}

#[test]
fn deep_nesting_long_lines_and_many_errors() {
    let d = dir("shapes");
    let n = 10_000;
    std::fs::write(
        d.join("deep_hash.rb"),
        format!(
            "{{ title: 'A', x: {}1{} }}\n",
            "{ a: ".repeat(n),
            " }".repeat(n)
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("deep_array.rb"),
        format!("{{ title: 'A', x: {}1{} }}\n", "[".repeat(n), "]".repeat(n)),
    )
    .unwrap();
    std::fs::write(
        d.join("long_line.rb"),
        format!("{{ title: 'A', x: '{}' }}\n", "a".repeat(1_000_000)),
    )
    .unwrap();
    let errors: String = (0..2000).map(|i| format!("  a{i}: ( ] ,\n")).collect();
    std::fs::write(
        d.join("many_errors.rb"),
        format!("{{ title: 'A',\n{errors}}}\n"),
    )
    .unwrap();
    let (out, _, code) = check(&d, &["."]);
    assert_eq!(code, 1);
    assert!(
        out.contains("deep_hash.rb:1:15: error[unknown-top-level-key] unknown top-level key `x`"),
        "{out}"
    );
    assert!(
        out.contains("deep_array.rb:1:15: error[unknown-top-level-key]"),
        "{out}"
    );
    assert!(
        out.contains("long_line.rb:1:15: error[unknown-top-level-key]"),
        "{out}"
    );
    assert!(
        out.matches("many_errors.rb").filter(|_| true).count() >= 2000,
        "every syntax error is reported"
    );
    witness_linted(&out);
}

#[test]
fn missing_paths_directories_named_rb_and_symlink_loops() {
    let d = dir("paths");
    std::fs::create_dir_all(d.join("folder.rb")).unwrap();
    std::fs::write(d.join("folder.rb/inner.rb"), WITNESS).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("loop", d.join("loop")).unwrap();
    let (out, _, code) = check(&d, &["no-such-file.rb", "loop", "folder.rb", "witness.rb"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("no-such-file.rb:1:1: error[io-error] No such file or directory"),
        "{out}"
    );
    #[cfg(unix)]
    assert!(
        out.contains("loop:1:1: error[io-error] Too many levels of symbolic links"),
        "{out}"
    );
    assert!(
        out.contains("folder.rb/inner.rb:1:21: error[unknown-top-level-key]"),
        "a directory named x.rb is walked: {out}"
    );
    witness_linted(&out);
    // Walking a tree that holds the loop does not follow it.
    let (out, _, _) = check(&d, &["."]);
    witness_linted(&out);
}

/// The binary run as `nobody`, for whom permissions hold even when the tests run as root.
fn as_nobody() -> std::process::Command {
    let mut command = std::process::Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(assert_cmd::cargo::cargo_bin("connlint"));
    command
}

#[test]
fn unreadable_files_are_reported() {
    let d = dir("perm");
    let locked = d.join("locked.rb");
    std::fs::write(&locked, WITNESS).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    if std::fs::read(&locked).is_err() {
        let (out, _, code) = check(&d, &["."]);
        assert_eq!(code, 2);
        assert!(
            out.contains("locked.rb:1:1: error[io-error] Permission denied"),
            "{out}"
        );
        witness_linted(&out);
        return;
    }
    // Root reads through permissions (CI runs as root): lint as the unprivileged
    // `nobody` instead, so that the test still observes the error.
    let out = as_nobody()
        .args([
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "--select",
            "correctness",
            ".",
        ])
        .current_dir(&d)
        .output()
        .expect("running as root, the test needs `setpriv` (util-linux) to drop privileges");
    let out_text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{out_text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out_text.contains("locked.rb:1:1: error[io-error] Permission denied"),
        "{out_text}"
    );
    let out = out_text;
    witness_linted(&out);
}

/// A directory that cannot be walked is one finding, whose message names the path once
/// (the finding stands at it), and no file in the count.
#[cfg(unix)]
#[test]
fn unreadable_directory_is_reported_once_and_not_as_a_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("perm-dir");
    let locked = d.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = [
        "check",
        "--no-cache",
        "--output-format",
        "concise",
        "--select",
        "correctness",
        ".",
    ];
    // Root reads through permissions: lint as the unprivileged `nobody` then.
    let mut command = if std::fs::read_dir(&locked).is_ok() {
        as_nobody()
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("connlint"))
    };
    let out = command
        .args(args)
        .current_dir(&d)
        .output()
        .expect("running as root, the test needs `setpriv` (util-linux) to drop privileges");
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    let finding = out.lines().find(|l| l.contains("[io-error]")).unwrap_or("");
    assert_eq!(
        finding, "locked:1:1: error[io-error] cannot read this directory: permission denied",
        "{out}"
    );
    assert!(out.contains("in 1 file."), "{out}");
    witness_linted(&out);
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let run = |threads: &str| {
        let out = Command::cargo_bin("connlint")
            .unwrap()
            .env(
                "CONNLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
            )
            .current_dir(&root)
            .args([
                "check",
                "fixtures",
                "--output-format",
                "json",
                "--threads",
                threads,
                "--no-cache",
            ])
            .output()
            .unwrap();
        out.stdout
    };
    let first = run("1");
    assert_eq!(first, run("8"));
    assert_eq!(first, run("1"));
    assert_eq!(first, run("2"));
}

fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// Broken packages: a truncated zip, an entry that climbs out of the archive, an entry
/// that is not UTF-8, JSON that stops halfway or nests ten thousand deep, a recipe in an
/// extra `recipe` key. Each is reported where it is; the other entries and files are
/// still linted, and nothing is extracted.
#[test]
fn broken_packages_and_recipe_json() {
    let d = dir("packages");
    let whole = d.join("whole.zip");
    write_zip(
        &whole,
        &[
            ("../escape.recipe.json", b"{}"),
            ("latin1.recipe.json", b"{\"name\": \"Caf\xe9\"}"),
            ("half.recipe.json", b"{\"name\": \"Sync\", \"code\": {"),
            (
                "wrapped.recipe.json",
                br#"{"recipe": {"name": "Sync", "code": {"keyword": "trigger"}}}"#,
            ),
            (
                "odd.recipe.json",
                br#"{"name": "Sync", "code": {"keyword": "jump"}, "config": []}"#,
            ),
        ],
    );
    let bytes = std::fs::read(&whole).unwrap();
    std::fs::write(d.join("truncated.zip"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(d.join("deep.recipe.json"), "[".repeat(10_000)).unwrap();
    let (out, stderr, code) = check(&d, &["--select", "correctness,recipes", "."]);
    assert_eq!(code, 2, "{out}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    witness_linted(&out);
    for expected in [
        "truncated.zip:1:1: error[io-error] not a readable zip archive",
        "whole.zip!/../escape.recipe.json:1:1: error[io-error] entry name leaves the archive",
        "whole.zip!/latin1.recipe.json:1:1: error[io-error] not valid UTF-8",
        "whole.zip!/half.recipe.json:1:27: error[invalid-package-file] recipe is not valid JSON: expected a member name",
        "whole.zip!/wrapped.recipe.json:1:2: error[invalid-package-file] recipe: the recipe is wrapped in a `recipe` key",
        "whole.zip!/odd.recipe.json:1:38: error[invalid-package-file] recipe: unknown step keyword `jump`",
        "deep.recipe.json:1:257: error[invalid-package-file] recipe is not valid JSON: nested deeper than 256 levels",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    let names: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 4, "nothing is extracted: {names:?}");
}
