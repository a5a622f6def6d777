//! No output format ever prints a whole secret: every detector's examples are planted
//! in a connector, an RSpec file, a VCR cassette and a README, and every format's
//! stdout and stderr (with `--explain`) is searched for them.

use std::path::Path;

use assert_cmd::Command;
use connlint_linter::secrets::{fake, SecretsEngine};

fn plant(dir: &Path) -> Vec<String> {
    let engine = SecretsEngine::builtin();
    let mut secrets = Vec::new();
    let mut ruby_lines = Vec::new();
    let mut yaml_lines = Vec::new();
    let mut md_lines = Vec::new();
    for (d, detector) in engine.detectors().iter().enumerate() {
        for (i, example) in detector.examples.iter().enumerate() {
            let text = fake::expand(example, (d * 10 + i) as u64 + 7);
            // The secret is what the detector captures; that is what must never appear.
            for candidate in engine.candidates(&text) {
                secrets.push(text[candidate.range.start..candidate.range.end].to_owned());
            }
            let one_line = text.replace('\n', "\\n");
            if text.contains('\'') || text.contains('(') {
                ruby_lines.push(format!("      {one_line}"));
            } else {
                ruby_lines.push(format!("      value_{d}_{i} = '{one_line}'"));
                yaml_lines.push(format!("      - {one_line}"));
                md_lines.push(format!("Example: {one_line}"));
            }
        }
    }
    let connector = format!(
        "{{\n  title: 'Planted',\n  connection: {{\n    authorization: {{\n      type: 'oauth2',\n      client_id: 'acme-prod',\n      client_secret: 'Zq8Lr2Vx7Nc4Tb9Wm3Kp6Yd1'\n    }}\n  }},\n  methods: {{\n    planted: lambda do |connection|\n{}\n    end\n  }}\n}}\n",
        ruby_lines.join("\n")
    );
    secrets.push("Zq8Lr2Vx7Nc4Tb9Wm3Kp6Yd1".to_owned());
    std::fs::create_dir_all(dir.join("spec/cassettes")).unwrap();
    std::fs::write(dir.join("connector.rb"), &connector).unwrap();
    std::fs::write(
        dir.join("spec/connector_spec.rb"),
        format!(
            "RSpec.describe 'x' do\n  it 'works' do\n{}\n  end\nend\n",
            ruby_lines.join("\n")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("spec/cassettes/planted.yml"),
        format!(
            "---\nhttp_interactions:\n  - request:\n    headers:\n{}\n",
            yaml_lines.join("\n")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("README.md"),
        format!("# Planted\n\n{}\n", md_lines.join("\n\n")),
    )
    .unwrap();
    secrets.sort();
    secrets.dedup();
    secrets
}

/// `--diff` prints the lines a fix removes: the OAuth fix removes the planted client
/// secret's line, which must show masked.
#[test]
fn diff_masks_the_lines_it_prints() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("redaction-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let secrets = plant(&dir);
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .env(
            "CONNLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .args(["check", "--diff", "--unsafe-fixes"])
        .arg(dir.join("connector.rb"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("-      client_secret: 'Zq8L*"),
        "the fix's diff shows the masked line:\n{stdout}"
    );
    assert_none_shown(&secrets, "--diff", &stdout, &stderr);
}

fn assert_none_shown(secrets: &[String], what: &str, stdout: &str, stderr: &str) {
    for secret in secrets {
        assert!(
            !stdout.contains(secret.as_str()),
            "{what}: stdout shows a secret ({} chars)",
            secret.len()
        );
        assert!(
            !stderr.contains(secret.as_str()),
            "{what}: stderr shows a secret ({} chars)",
            secret.len()
        );
    }
}

#[test]
fn no_output_format_prints_a_planted_secret() {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("redaction-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let secrets = plant(&dir);
    assert!(secrets.len() >= 80, "planted {} secrets", secrets.len());
    for format in ["full", "concise", "json", "json-lines", "github", "sarif"] {
        let out = Command::cargo_bin("connlint")
            .unwrap()
            .env(
                "CONNLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
            )
            .args(["check", "--explain", "--output-format", format])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: findings expected");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stdout.contains("hardcoded-secret"),
            "{format}: nothing found?\n{stdout}"
        );
        assert_none_shown(&secrets, format, &stdout, &stderr);
    }
}
