//! Every fix on a before-fixture: the diff is snapshotted, the fixed file parses, and no
//! finding of a fixed rule is left. Safe-only runs leave unsafe fixes alone.

use std::path::{Path, PathBuf};

use connlint_linter::syntax::{new_parser, parse, SourceFile};
use connlint_linter::{fix_source, lint, Settings};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fixes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rb"))
        .collect();
    files.sort();
    files
}

fn diff(before: &str, after: &str, name: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[test]
fn each_fix_applies_parses_and_clears_its_finding() {
    let settings = Settings::default();
    for path in cases() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let source = SourceFile::new(name.clone(), text.clone());
        let outcome = fix_source(&source, &settings, true);
        assert!(!outcome.fixed.is_empty(), "{name}: nothing was fixed");
        assert!(
            outcome.dropped.is_empty(),
            "{name}: dropped {:?}",
            outcome.dropped
        );
        let tree = parse(&mut new_parser(), &outcome.text).unwrap();
        assert!(
            !tree.root_node().has_error(),
            "{name}: the fixed file does not parse:\n{}",
            outcome.text
        );
        let fixed_rules: Vec<_> = outcome.fixed.iter().map(|d| d.rule).collect();
        let left: Vec<_> = lint(
            &SourceFile::new(name.clone(), outcome.text.clone()),
            &settings,
        )
        .into_iter()
        .filter(|d| fixed_rules.contains(&d.rule))
        .map(|d| format!("{}:{} {}", d.range.start.line, d.rule, d.message))
        .collect();
        assert!(
            left.is_empty(),
            "{name}: findings of fixed rules remain: {left:?}"
        );
        // A fix leaves nothing new to fix: fields it adds have hints, parameters it
        // uses are not named as unused.
        let said = |text: &str| -> Vec<String> {
            lint(&SourceFile::new(name.clone(), text.to_owned()), &settings)
                .into_iter()
                .map(|d| format!("{} {}", d.rule, d.message))
                .collect()
        };
        let before = said(&text);
        let added: Vec<String> = said(&outcome.text)
            .into_iter()
            .filter(|d| !before.contains(d))
            .collect();
        assert!(
            added.is_empty(),
            "{name}: the fix added findings: {added:?}"
        );
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/snapshots/fixes"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(stem, diff(&text, &outcome.text, &name));
        });
    }
}

#[test]
fn safe_fixes_leave_unsafe_ones_alone() {
    let settings = Settings::default();
    for name in [
        "insecure_url.rb",
        "debug_output.rb",
        "oauth_authorization.rb",
        "oauth_token_request.rb",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/fixes")
            .join(name);
        let text = std::fs::read_to_string(path).unwrap();
        let outcome = fix_source(&SourceFile::new(name, text.clone()), &settings, false);
        assert_eq!(outcome.text, text, "{name}: a safe-only run changed it");
    }
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fixes/invalid_auth_type.rb"),
    )
    .unwrap();
    let outcome = fix_source(&SourceFile::new("a.rb", text), &settings, false);
    assert!(
        outcome.text.contains("type: 'oauth2'"),
        "case-only change is safe"
    );
    assert!(
        outcome.text.contains("type: 'custom'"),
        "renaming to custom_auth is unsafe"
    );
}

#[test]
fn inserted_lines_end_as_the_files_do() {
    let settings = Settings::default();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fixes/oauth_authorization.rb");
    let text = std::fs::read_to_string(path).unwrap().replace('\n', "\r\n");
    let outcome = fix_source(
        &SourceFile::new("connector.rb", text.clone()),
        &settings,
        true,
    );
    assert_ne!(outcome.text, text, "the fix applies");
    assert!(
        !outcome.text.replace("\r\n", "").contains('\n'),
        "a line ends in LF alone:\n{}",
        outcome.text
    );
}
