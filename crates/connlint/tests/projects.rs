//! Listing and project-hygiene rules, through the real binary on fixtures/projects/.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn check(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(root())
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn rules_in(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| {
            l.split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(r, _)| r.to_owned())
        })
        .collect()
}

#[test]
fn each_project_case() {
    let cases: &[(&str, &[&str])] = &[
        ("good", &[]),
        (
            "contact-in-hints",
            &["missing-listing-metadata", "missing-support-contact"],
        ),
        ("details-file", &["missing-listing-metadata"]),
        ("description-file", &[]),
        (
            "no-readme",
            &[
                "missing-listing-description",
                "missing-listing-metadata",
                "missing-support-contact",
            ],
        ),
        (
            "short-readme",
            &[
                "missing-listing-description",
                "missing-listing-metadata",
                "missing-support-contact",
            ],
        ),
        (
            "setup-readme",
            &[
                "missing-listing-description",
                "missing-listing-metadata",
                "missing-support-contact",
            ],
        ),
        (
            "traps-readme",
            &["missing-listing-metadata", "missing-support-contact"],
        ),
        (
            "docs-links-readme",
            &["missing-listing-metadata", "missing-support-contact"],
        ),
        ("issues-readme", &["missing-listing-metadata"]),
        // The logo is named after the app, the README names the categories.
        ("brightdesk-connector", &[]),
        // An icon is a logo; the categories are missing.
        ("app-icon", &["missing-listing-metadata"]),
        // The categories are named, the logo is missing.
        ("categories-readme", &["missing-listing-metadata"]),
        (
            "template-readme",
            &[
                "missing-listing-metadata",
                "missing-support-contact",
                "unfilled-listing-template",
            ],
        ),
        ("bad-listing", &["invalid-listing-metadata"]),
        (
            "hygiene",
            &[
                "hardcoded-credential",
                "missing-listing-metadata",
                "plain-settings-file",
                "unencrypted-cassette",
            ],
        ),
        ("template-settings", &[]),
        // Cassettes where `workato new` records them, and where a spec helper says.
        (
            "tape-library",
            &["missing-listing-metadata", "unencrypted-cassette"],
        ),
        (
            "vcr-config",
            &["missing-listing-metadata", "unencrypted-cassette"],
        ),
    ];
    for (case, expected) in cases {
        let dir = format!("fixtures/projects/{case}");
        let (out, _) = check(&[
            "--select",
            "listing,security",
            "--output-format",
            "concise",
            &dir,
        ]);
        let mut found = rules_in(&out);
        found.dedup();
        let mut expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        expected.sort();
        found.sort();
        found.dedup();
        assert_eq!(found, expected, "{case}:\n{out}");
        insta::assert_snapshot!(format!("project__{case}"), out);
    }
}

#[test]
fn a_single_connector_file_is_judged_with_its_directory() {
    let (out, code) = check(&[
        "--select",
        "listing",
        "--output-format",
        "concise",
        "fixtures/projects/template-readme/connector.rb",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "fixtures/projects/template-readme/README.md:1:3: error[unfilled-listing-template]"
        ),
        "{out}"
    );
    let (out, code) = check(&["--select", "listing", "fixtures/projects/good/connector.rb"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn connectors_under_test_directories_get_the_leak_rules_only() {
    let (out, code) = check(&[
        "--output-format",
        "concise",
        "fixtures/projects/sdk-examples",
    ]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(rules_in(&out), ["hardcoded-credential"], "{out}");
}

#[test]
fn a_directory_of_sample_connectors_is_not_a_project() {
    let (out, _) = check(&[
        "--select",
        "listing",
        "--output-format",
        "concise",
        "fixtures/connectors",
    ]);
    assert!(rules_in(&out).is_empty(), "{out}");
}

fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn master_key_must_be_ignored_by_git() {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("masterkey-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("fixtures/projects/good/connector.rb"),
        dir.join("connector.rb"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/projects/good/README.md"),
        dir.join("README.md"),
    )
    .unwrap();
    std::fs::write(dir.join("master.key"), "0123456789abcdef0123456789abcdef").unwrap();
    git(&dir, &["init", "-q"]);
    let run = || {
        let out = Command::cargo_bin("connlint")
            .unwrap()
            .env(
                "CONNLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
            )
            .args([
                "check",
                "--select",
                "security",
                "--output-format",
                "concise",
            ])
            .arg(&dir)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run().contains("master.key:1:1: error[unignored-master-key]"));
    std::fs::write(dir.join(".gitignore"), "master.key\n").unwrap();
    assert!(!run().contains("unignored-master-key"));
}

#[test]
fn pre_commit_style_file_lists_recheck_the_project() {
    // pre-commit passes only the changed files: a README alone re-checks its connector.
    let (out, code) = check(&[
        "--output-format",
        "concise",
        "fixtures/projects/template-readme/README.md",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("README.md:1:3: error[unfilled-listing-template]"),
        "{out}"
    );
    // Many files at once, from inside the project, config and logo included.
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(root().join("fixtures/projects/good"))
        .args([
            "check",
            "--output-format",
            "concise",
            "connlint.toml",
            "README.md",
            "logo.svg",
            "connector.rb",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("No problems found in 2 files"),
        "{stdout}"
    );
}

/// Walking a project enters `.env*` files and CI configuration, hidden or not, and
/// still skips other hidden folders and what `.gitignore` lists.
#[test]
fn the_walk_scans_env_files_and_ci_configuration() {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("walk-hidden-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    std::fs::create_dir_all(dir.join(".idea")).unwrap();
    // Made at run time so that the repository holds no credential-shaped text.
    let value: String = (0..28)
        .map(|i| char::from(b"Qz7Lk2Vx9Nc4Tb8Wm3Rp6Yd5Hf1Jg0"[(i * 11) % 30]))
        .collect();
    let line = format!("API_SECRET={value}\n");
    std::fs::write(dir.join(".env"), &line).unwrap();
    std::fs::write(dir.join(".env.local"), &line).unwrap();
    std::fs::write(dir.join(".env.ignored"), &line).unwrap();
    std::fs::write(dir.join(".gitignore"), ".env.ignored\n").unwrap();
    std::fs::write(
        dir.join(".github/workflows/ci.yml"),
        format!("jobs:\n  test:\n    env:\n      api_secret: {value}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join(".idea/settings.yml"),
        format!("api_secret: {value}\n"),
    )
    .unwrap();
    let (out, code) = check(&[
        "--output-format",
        "concise",
        "--no-cache",
        &dir.to_string_lossy(),
    ]);
    assert_eq!(code, 1, "{out}");
    let flagged: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[hardcoded-"))
        .filter_map(|l| l.split(':').next())
        .collect();
    let seen = |name: &str| flagged.iter().any(|f| f.ends_with(&format!("/{name}")));
    for name in [".env", ".env.local", ".github/workflows/ci.yml"] {
        assert!(seen(name), "{name} not scanned:\n{out}");
    }
    for name in [".env.ignored", ".idea/settings.yml"] {
        assert!(!seen(name), "{name} scanned:\n{out}");
    }
}

/// Findings of a JSON run as `rule path:line:column message`, paths after `base`.
fn findings(out: &str, base: &str) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let mut out: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let path = path.split_once(base).map_or(path, |(_, rest)| rest);
            format!(
                "{} {}:{}:{} {}",
                d["rule"].as_str().unwrap(),
                path,
                d["range"]["start"]["line"],
                d["range"]["start"]["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

/// A package directory: every package rule fires where it must, and the clean package
/// beside it has nothing to say.
#[test]
fn package_directories() {
    let (out, code) = check(&[
        "--no-cache",
        "--output-format",
        "concise",
        "fixtures/packages/zentrik",
    ]);
    assert_eq!(code, 1, "{out}");
    let mut rules = rules_in(&out);
    rules.sort();
    rules.dedup();
    assert_eq!(
        rules,
        [
            "invalid-package-metadata",
            "missing-listing-description",
            "missing-support-contact",
            "unshipped-custom-connector",
            "unused-custom-connector",
        ],
        "{out}"
    );
    insta::assert_snapshot!("package__zentrik", out);
    let (out, code) = check(&[
        "--no-cache",
        "--output-format",
        "concise",
        "fixtures/packages/clean",
    ]);
    assert_eq!((code, rules_in(&out)), (0, Vec::new()), "{out}");
}

fn zip_dir(dir: &Path, zip: &Path) {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::fs::File::create(zip).unwrap());
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    writer.finish().unwrap();
}

/// The same package as a zip gives the same findings, at the same lines, named
/// `package.zip!/entry`; nothing is extracted.
#[test]
fn a_package_zip_gives_the_directory_findings() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("package-zip");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let zip = tmp.join("zentrik.zip");
    zip_dir(&root().join("fixtures/packages/zentrik"), &zip);
    let (from_dir, _) = check(&[
        "--no-cache",
        "--output-format",
        "json",
        "fixtures/packages/zentrik",
    ]);
    let shown = zip.to_string_lossy().into_owned();
    let (from_zip, code) = check(&["--no-cache", "--output-format", "json", &shown]);
    assert_eq!(code, 1);
    let dir_findings = findings(&from_dir, "fixtures/packages/zentrik/");
    assert!(dir_findings.len() >= 7, "{dir_findings:#?}");
    assert_eq!(findings(&from_zip, "zentrik.zip!/"), dir_findings);
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        1,
        "the zip was extracted"
    );
}

/// A connector gets the same listing and code findings from an SDK project
/// (`connector.rb` + README.md) as from a package (`.custom_adapter.rb` + `.json`).
#[test]
fn sdk_project_and_package_layouts_agree() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("layouts");
    let _ = std::fs::remove_dir_all(&tmp);
    let (sdk, package) = (tmp.join("sdk"), tmp.join("package"));
    std::fs::create_dir_all(&sdk).unwrap();
    std::fs::create_dir_all(&package).unwrap();
    let source =
        std::fs::read_to_string(root().join("fixtures/projects/short-readme/connector.rb"))
            .unwrap();
    let readme =
        std::fs::read_to_string(root().join("fixtures/projects/short-readme/README.md")).unwrap();
    std::fs::write(sdk.join("connector.rb"), &source).unwrap();
    std::fs::write(sdk.join("README.md"), &readme).unwrap();
    std::fs::write(package.join("brightdesk.custom_adapter.rb"), &source).unwrap();
    let listing = serde_json::json!({"title": "Brightdesk", "description": readme, "logo_file_name": null, "logo_content_type": null});
    std::fs::write(
        package.join("brightdesk.custom_adapter.json"),
        listing.to_string(),
    )
    .unwrap();
    // A package's listing has no category tags to record: its own checks are
    // invalid-package-metadata's.
    let rules = |dir: &Path| {
        let (out, _) = check(&[
            "--no-cache",
            "--ignore",
            "missing-listing-metadata",
            "--output-format",
            "json",
            &dir.to_string_lossy(),
        ]);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut found: Vec<(String, String)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_owned(),
                    d["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let from_sdk = rules(&sdk);
    assert!(
        from_sdk
            .iter()
            .any(|(r, _)| r == "missing-listing-description"),
        "{from_sdk:?}"
    );
    assert_eq!(rules(&package), from_sdk);
}

/// A connector file alone, named on the command line or alone in a directory named
/// there, is a project whatever its name; alone deep in a walked tree of samples it is a
/// sample (issue 27).
#[test]
fn a_lone_connector_named_by_the_user_is_a_project() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lone-connector");
    let _ = std::fs::remove_dir_all(&tmp);
    let project = tmp.join("anaplan");
    let sample = tmp.join("samples/digest_auth");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::create_dir_all(&sample).unwrap();
    let source =
        std::fs::read_to_string(root().join("fixtures/projects/good/connector.rb")).unwrap();
    std::fs::write(project.join("anaplan-connector.rb"), &source).unwrap();
    std::fs::write(sample.join("shopware_connector.rb"), &source).unwrap();
    let listing = [
        "missing-listing-description",
        "missing-listing-metadata",
        "missing-support-contact",
    ];
    for named in [project.clone(), project.join("anaplan-connector.rb")] {
        let (out, code) = check(&[
            "--no-cache",
            "--select",
            "listing",
            "--output-format",
            "concise",
            &named.to_string_lossy(),
        ]);
        assert_eq!(code, 1, "{out}");
        assert_eq!(rules_in(&out), listing, "{out}");
    }
    let (out, code) = check(&[
        "--no-cache",
        "--select",
        "listing",
        "--output-format",
        "concise",
        &tmp.join("samples").to_string_lossy(),
    ]);
    assert_eq!((code, rules_in(&out)), (0, Vec::new()), "{out}");
}

/// What makes a directory a project is its one connector, not its one Ruby file: a
/// helper script beside the connector changes nothing, whether the connector or its
/// directory is named; a second connector makes it a folder of samples (issue 39).
#[test]
fn a_helper_beside_a_named_connector_leaves_it_a_project() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("connector-with-helper");
    let _ = std::fs::remove_dir_all(&tmp);
    let project = tmp.join("anaplan");
    let samples = tmp.join("samples");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::create_dir_all(&samples).unwrap();
    let source =
        std::fs::read_to_string(root().join("fixtures/projects/good/connector.rb")).unwrap();
    std::fs::write(project.join("anaplan-connector.rb"), &source).unwrap();
    std::fs::write(project.join("other.rb"), "puts 'build the docs'\n").unwrap();
    std::fs::write(samples.join("anaplan_connector.rb"), &source).unwrap();
    std::fs::write(samples.join("shopware_connector.rb"), &source).unwrap();
    let listing = |named: &Path| {
        let (out, _) = check(&[
            "--no-cache",
            "--select",
            "listing",
            "--output-format",
            "concise",
            &named.to_string_lossy(),
        ]);
        rules_in(&out)
    };
    let expected = [
        "missing-listing-description",
        "missing-listing-metadata",
        "missing-support-contact",
    ];
    assert_eq!(listing(&project.join("anaplan-connector.rb")), expected);
    assert_eq!(listing(&project), expected);
    assert_eq!(
        listing(&samples.join("anaplan_connector.rb")),
        Vec::<String>::new()
    );
    assert_eq!(listing(&samples), Vec::<String>::new());
}
