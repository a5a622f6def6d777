//! End to end with a real LSP client: headless Neovim (0.7+, Debian's package) runs
//! `tests/nvim/e2e.lua` against `connlint server` on a small connector project and
//! checks diagnostics at the CLI's positions, an edit, a saved config, hover and a code
//! action. Skipped with a message where `nvim` is absent, except in CI (`CI` or
//! `CONNLINT_REQUIRE_NVIM` set), where a missing Neovim fails it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use connlint_linter::secrets::fake;

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn neovim_sees_what_the_cli_sees() {
    if !nvim_available() {
        let required = ["CI", "CONNLINT_REQUIRE_NVIM"]
            .iter()
            .find(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
        assert!(
            required.is_none(),
            "{required:?} is set but `nvim` is not installed"
        );
        eprintln!("skipped: the editor test needs Neovim (`apt-get install neovim`)");
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("nvim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let project = dir.join("project");
    std::fs::create_dir_all(&project).unwrap();
    let connector = fake::expand(
        "{\n  title: 'Acme',\n  connection: {\n    fields: [\n      { name: 'api_key', label: 'API key', optional: false, hint: 'From Settings' }\n    ],\n    authorization: {\n      type: 'api_key',\n      apply: lambda do |connection|\n        headers('X-Api-Key' => connection['api_key'], 'X-Partner-Key' => '%%alnum:24%%')\n      end\n    }\n  },\n  test: ->(_connection) { get('me') },\n  trigers: {},\n  picklists: {}\n}\n",
        5,
    );
    std::fs::write(project.join("connector.rb"), connector).unwrap();
    std::fs::write(
        project.join("README.md"),
        "# Acme\n\nCreate Acme records from recipes.\n",
    )
    .unwrap();

    let cli = Command::new(env!("CARGO_BIN_EXE_connlint"))
        .args(["check", "--output-format", "json", "."])
        .current_dir(&project)
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(1), "the project has findings");
    let expected = dir.join("expected.json");
    std::fs::write(&expected, &cli.stdout).unwrap();

    let result = dir.join("result.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/connlint/tests/nvim/e2e.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "--noplugin", "-u"])
        .arg(&script)
        .current_dir(&project)
        .env("CONNLINT_BIN", env!("CARGO_BIN_EXE_connlint"))
        .env("CONNLINT_PROJECT", &project)
        .env("CONNLINT_EXPECTED", &expected)
        .env("CONNLINT_RESULT", &result)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(180);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let report = std::fs::read_to_string(&result).unwrap_or_else(|_| {
        let mut err = String::new();
        use std::io::Read;
        let _ = child.stderr.take().unwrap().read_to_string(&mut err);
        panic!("the script wrote no result; Neovim said: {err}")
    });
    eprintln!("{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 15, "every check ran:\n{report}");
    assert!(lines.iter().all(|l| l.starts_with("ok ")), "{report}");
}
