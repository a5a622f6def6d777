//! Every detector example is found, and no negative example is, through the whole
//! pipeline: a Ruby connector is parsed and linted exactly as the CLI does.

use connlint_linter::secrets::{fake, SecretsEngine};
use connlint_linter::syntax::SourceFile;
use connlint_linter::{lint, RuleId, Settings};

/// Bare values become a string literal; anything that already looks like Ruby code
/// (quotes, calls, assignments) is used as written.
fn snippet(example: &str) -> String {
    let code = if example.contains('\'')
        || example.contains('(')
        || example.contains(" = ")
        || example.starts_with('{')
    {
        example.to_owned()
    } else {
        format!(
            "value = '{}'",
            example.replace('\\', "\\\\").replace('\'', "\\'")
        )
    };
    format!("{{\n  title: 'Detector test',\n  methods: {{\n    sample: lambda do |connection|\n      {code}\n    end\n  }}\n}}\n")
}

fn findings_of(detector_name: &str, ruby: &str) -> Vec<String> {
    let source = SourceFile::new("detector_test.rb", ruby);
    lint(&source, &Settings::only(RuleId::HardcodedSecret))
        .into_iter()
        .filter(|d| d.message.starts_with(&format!("{detector_name} `")))
        .map(|d| d.message)
        .collect()
}

#[test]
fn every_example_is_found_and_no_negative_example_is() {
    let engine = SecretsEngine::builtin();
    let mut failures = Vec::new();
    for detector in engine.detectors() {
        for (i, example) in detector.examples.iter().enumerate() {
            let ruby = snippet(&fake::expand(example, i as u64 + 1));
            if findings_of(&detector.name, &ruby).is_empty() {
                failures.push(format!(
                    "{} ({}): example {i} not found:\n{ruby}",
                    detector.id, detector.origin
                ));
            }
        }
        for (i, negative) in detector.negative_examples.iter().enumerate() {
            let ruby = snippet(&fake::expand(negative, i as u64 + 100));
            let found = findings_of(&detector.name, &ruby);
            if !found.is_empty() {
                failures.push(format!(
                    "{} ({}): negative example {i} found {found:?}:\n{ruby}",
                    detector.id, detector.origin
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} detector example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn detector_count_and_unique_ids() {
    let engine = SecretsEngine::builtin();
    assert!(
        engine.detectors().len() >= 60,
        "{} detectors",
        engine.detectors().len()
    );
    let mut ids: Vec<_> = engine.detectors().iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate detector ids");
}

#[test]
fn bad_detector_files_are_rejected_with_their_origin() {
    let ok = "[[detector]]\nid = \"x\"\nname = \"X\"\nkeywords = [\"x_\"]\npattern = 'x_([a-z]{8})'\nexamples = [\"x_abcdefgh\"]\nnegative-examples = [\"x_\"]\n";
    assert!(SecretsEngine::with_extra(&[("mine.toml".into(), ok.into())]).is_ok());
    let cases = [
        (
            ok.replace("pattern = 'x_([a-z]{8})'", "pattern = 'x_(['"),
            "pattern does not compile",
        ),
        (ok.replace("id = \"x\"", "id = \"jwt\""), "duplicate id"),
        (
            ok.replace("keywords = [\"x_\"]", "keywords = []"),
            "keyword",
        ),
        (format!("{ok}colour = 1\n"), "unknown field"),
        (
            ok.replace("name = \"X\"", "name = \"X\"\nseverity = \"fatal\""),
            "severity must be",
        ),
    ];
    for (text, expected) in cases {
        let err = SecretsEngine::with_extra(&[("mine.toml".into(), text)])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("mine.toml: ") && err.contains(expected),
            "{err}"
        );
    }
}

#[test]
fn user_detectors_extend_the_engine() {
    let extra = "[[detector]]\nid = \"acme-key\"\nname = \"Acme key\"\nkeywords = [\"acme_\"]\npattern = '\\b(acme_[a-f0-9]{32})\\b'\nexamples = [\"acme_%%hex:32%%\"]\nnegative-examples = [\"acme_\"]\n";
    let engine = SecretsEngine::with_extra(&[("acme.toml".into(), extra.into())]).unwrap();
    let settings =
        Settings::only(RuleId::HardcodedSecret).with_secrets(std::sync::Arc::new(engine));
    let ruby = snippet(&fake::expand("acme_%%hex:32%%", 9));
    let found = lint(&SourceFile::new("a.rb", ruby), &settings);
    assert!(
        found.iter().any(|d| d.message.starts_with("Acme key `")),
        "{found:?}"
    );
}

#[test]
fn builtin_detector_files_pass_full_validation() {
    // The built-in engine compiles lazily; this is where its patterns are compiled and
    // checked, exactly as user files are.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/secrets");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            sources.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    let borrowed: Vec<(&str, &str)> = sources
        .iter()
        .map(|(o, t)| (o.as_str(), t.as_str()))
        .collect();
    let engine = SecretsEngine::from_sources(&borrowed).unwrap();
    assert_eq!(
        engine.detectors().len(),
        SecretsEngine::builtin().detectors().len()
    );
}
