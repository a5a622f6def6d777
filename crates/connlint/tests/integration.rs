//! The command line's integration tests, one module per file of this folder, built as
//! one binary: one link instead of one per file, and no list of test targets to forget
//! a new file in (`every_test_file_is_a_module` fails on a file not declared here).

mod cache;
mod cli;
mod editor;
mod history;
mod hostile;
mod integrations;
mod lsp;
mod projects;
mod redaction;
mod settings;
mod validate;

#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/connlint/tests");
    let declared = include_str!("integration.rs");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && name != "integration" {
            assert!(
                declared.contains(&format!("\nmod {name};")),
                "tests/{name}.rs is not a module of tests/integration.rs: its tests would never run"
            );
        }
    }
}
