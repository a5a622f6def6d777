//! Speaks JSON-RPC to the real `connlint server`: open a connector with a hardcoded
//! secret, get its diagnostics, fix it, get an empty list, shut down.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

pub(crate) fn send(stdin: &mut impl Write, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

pub(crate) fn reader(stdout: ChildStdout) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    length = v.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    rx
}

/// An empty directory for one test, under the target's temporary directory.
fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `connlint server` in `dir`, with its stdin and a receiver of its messages.
pub(crate) fn start(
    dir: &Path,
) -> (
    std::process::Child,
    std::process::ChildStdin,
    mpsc::Receiver<Value>,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_connlint"))
        .arg("server")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let rx = reader(child.stdout.take().unwrap());
    (child, stdin, rx)
}

/// The handshake: `initialize` with no client capabilities, its answer, `initialized`.
pub(crate) fn initialize(
    stdin: &mut std::process::ChildStdin,
    rx: &mpsc::Receiver<Value>,
) -> Value {
    send(
        stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let answer = wait_for(rx, |m| m["id"] == 1);
    send(
        stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    answer
}

/// `shutdown` (answered without an error), `exit`, and a clean exit of the server.
pub(crate) fn shut_down(
    mut child: std::process::Child,
    mut stdin: std::process::ChildStdin,
    rx: &mpsc::Receiver<Value>,
    id: u32,
) {
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}),
    );
    assert!(wait_for(rx, |m| m["id"] == id)["error"].is_null());
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    assert!(child.wait().unwrap().success());
}

/// The next message with this method (or this id, for responses), within a timeout
/// generous enough for a slow machine.
pub(crate) fn wait_for(rx: &mpsc::Receiver<Value>, pred: impl Fn(&Value) -> bool) -> Value {
    loop {
        let message = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers");
        if pred(&message) {
            return message;
        }
    }
}

#[test]
fn diagnostics_follow_edits() {
    let dir = fresh_dir("lsp");
    std::fs::write(dir.join("connlint.toml"), "select = [\"security\"]\n").unwrap();
    let uri = format!("file://{}/connector.rb", dir.display());
    let secret = format!("{}{}", "Zq8Lr2Vx7Nc4", "Tb9Wm3Kp6Yd1");
    let leaking = format!("{{\n  title: 'Acme',\n  connection: {{ authorization: {{ type: 'oauth2', client_secret: '{secret}' }} }}\n}}\n");
    let fixed = "{\n  title: 'Acme',\n  connection: { authorization: { type: 'oauth2', client_secret: ->(c) { c['client_secret'] } } }\n}\n";

    let (child, mut stdin, rx) = start(&dir);

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let init = wait_for(&rx, |m| m["id"] == 1);
    // Incremental sync: the client sends each edit, not the whole text.
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        2
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "ruby", "version": 1, "text": leaking}}}),
    );
    let published = wait_for(&rx, |m| m["method"] == "textDocument/publishDiagnostics");
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "hardcoded-oauth-client-credential");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "connlint");
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 65}));
    assert!(
        !published.to_string().contains(&secret),
        "the secret is redacted"
    );

    // The finding's fix is offered as a quick-fix code action.
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}}),
    );
    let actions = wait_for(&rx, |m| m["id"] == 3);
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix", "{actions}");
    assert!(action["title"].as_str().unwrap().ends_with("(unsafe)"));
    let edits = action["edit"]["changes"][uri.as_str()].as_array().unwrap();
    assert!(
        edits
            .iter()
            .any(|e| e["newText"] == "lambda { |connection| connection['client_secret'] }"),
        "{action}"
    );

    // A burst of edits, as typing sends them: the quote replaced by a lambda in two
    // edits, then one that puts a multibyte title before the secret (`é` and `😀` are
    // one and two UTF-16 units). Diagnostics carry the version they describe.
    let quoted = format!("'{secret}'");
    let lambda = "->(c) { c['client_secret'] }";
    let edits = [
        json!({"range": {"start": {"line": 2, "character": 64}, "end": {"line": 2, "character": 64 + quoted.len()}}, "text": ""}),
        json!({"range": {"start": {"line": 2, "character": 64}, "end": {"line": 2, "character": 64}}, "text": lambda}),
    ];
    for (version, edit) in edits.iter().enumerate() {
        send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version + 2}, "contentChanges": [edit]}}),
        );
    }
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 4}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 10}, "end": {"line": 1, "character": 14}}, "text": "Écho😀"},
            {"range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 2}}, "text": "# é😀\n  "}
        ]}}),
    );
    let published = wait_for(&rx, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 4
    });
    assert_eq!(published["params"]["diagnostics"], json!([]), "{published}");

    // The text the server holds is the client's: putting the secret back after the
    // multibyte comment reports it where the client sees it.
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 5}, "contentChanges": [
            {"range": {"start": {"line": 3, "character": 64}, "end": {"line": 3, "character": 64 + lambda.len()}}, "text": quoted}
        ]}}),
    );
    let published = wait_for(&rx, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 5
    });
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 3, "character": 65})
    );

    // A change without a range replaces the whole text.
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 6}, "contentChanges": [{"text": fixed}]}}),
    );
    let published = wait_for(&rx, |m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["version"], 6);
    assert_eq!(published["params"]["diagnostics"], json!([]));

    shut_down(child, stdin, &rx, 2);
}

fn publish_for<'a>(rx: &'a mpsc::Receiver<Value>, uri: &'a str) -> impl Fn() -> Vec<Value> + 'a {
    move || {
        let published = wait_for(rx, |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .clone()
    }
}

/// A broken connlint.toml shows every error of it on the open connector, one
/// diagnostic each (issue 39, item 11).
#[test]
fn every_config_error_is_a_diagnostic() {
    let dir = fresh_dir("lsp-config-errors");
    std::fs::write(
        dir.join("connlint.toml"),
        "selectt = []\nignore = [\"missing-titel\"]\n",
    )
    .unwrap();
    let uri = format!("file://{}/connector.rb", dir.display());
    let (child, mut stdin, rx) = start(&dir);
    initialize(&mut stdin, &rx);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "ruby", "version": 1, "text": "{ title: 'Acme' }\n"}}}),
    );
    let published = wait_for(&rx, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    let messages: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{published}");
    assert!(
        messages[0].contains("unknown field `selectt`"),
        "{published}"
    );
    assert!(
        messages[1].contains("unknown rule or category `missing-titel`"),
        "{published}"
    );
    shut_down(child, stdin, &rx, 2);
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Project rules in the editor: the README beside an open connector gets the listing's
/// findings, from the open buffer when it is open; watchers are registered, and a
/// changed connlint.toml takes effect; hover shows the rule's documentation.
#[test]
fn project_rules_watchers_and_hover() {
    let dir = fresh_dir("lsp-project");
    let connector = "{\n  title: 'Acme',\n  connection: {},\n  test: ->(_c) { get('me') },\n  picklists: {}\n}\n";
    std::fs::write(dir.join("connector.rb"), connector).unwrap();
    std::fs::write(
        dir.join("README.md"),
        "# Acme\n\nCreate Acme records from recipes.\n",
    )
    .unwrap();
    let connector_uri = format!("file://{}/connector.rb", dir.display());
    let readme_uri = format!("file://{}/README.md", dir.display());

    let (child, mut stdin, rx) = start(&dir);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}}),
    );
    let init = wait_for(&rx, |m| m["id"] == 1);
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let register = wait_for(&rx, |m| m["method"] == "client/registerCapability");
    let registration = &register["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert!(
        registration.to_string().contains("**/connlint.toml"),
        "{register}"
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": register["id"], "result": null}),
    );

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": connector_uri, "languageId": "ruby", "version": 1, "text": connector}}}),
    );
    let readme = publish_for(&rx, &readme_uri);
    let on_readme = readme();
    assert!(
        codes(&on_readme).contains(&"missing-support-contact".to_owned()),
        "{on_readme:?}"
    );

    // Hover over the unknown top-level key shows that rule's page.
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": connector_uri}, "position": {"line": 4, "character": 4}}}),
    );
    let hover = wait_for(&rx, |m| m["id"] == 5);
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(text.starts_with("# unknown-top-level-key"), "{hover}");
    assert!(text.contains("## What it does"), "{hover}");

    // The README's open buffer, not the disk, is the listing description.
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": readme_uri, "languageId": "markdown", "version": 1,
        "text": "# Acme\n\nCreate Acme records. Help: support@acme-records.io\n"}}}),
    );
    let on_readme = readme();
    assert!(
        !codes(&on_readme).contains(&"missing-support-contact".to_owned()),
        "{on_readme:?}"
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
        "textDocument": {"uri": readme_uri}}}),
    );
    let on_readme = readme();
    assert!(
        codes(&on_readme).contains(&"missing-support-contact".to_owned()),
        "{on_readme:?}"
    );

    // A connlint.toml written on disk takes effect when the watcher reports it.
    std::fs::write(dir.join("connlint.toml"), "ignore = [\"listing\"]\n").unwrap();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {
        "changes": [{"uri": format!("file://{}/connlint.toml", dir.display()), "type": 1}]}}),
    );
    let on_readme = readme();
    assert!(on_readme.is_empty(), "{on_readme:?}");

    shut_down(child, stdin, &rx, 2);
}

/// A panic while handling a message is reported and the server keeps serving: an
/// `internal-error` diagnostic for the document a notification named, an error answer
/// for a request, and later requests still answered.
#[test]
fn a_panic_in_a_handler_is_reported_and_the_server_goes_on() {
    let dir = fresh_dir("lsp-panic");
    let uri = format!("file://{}/connector.rb", dir.display());
    for stage in ["notification", "request"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_connlint"))
            .arg("server")
            .current_dir(&dir)
            .env("CONNLINT_TEST_PANIC", stage)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let rx = reader(child.stdout.take().unwrap());
        initialize(&mut stdin, &rx);
        send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "ruby", "version": 1, "text": "{ title: 'Acme' }\n"}}}),
        );
        if stage == "notification" {
            let published = wait_for(&rx, |m| m["method"] == "textDocument/publishDiagnostics");
            let d = &published["params"]["diagnostics"][0];
            assert_eq!(d["code"], "internal-error", "{published}");
            assert!(
                d["message"]
                    .as_str()
                    .unwrap()
                    .contains("test panic at notification"),
                "{published}"
            );
        }
        send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}}),
        );
        let answer = wait_for(&rx, |m| m["id"] == 2);
        if stage == "request" {
            assert_eq!(answer["error"]["code"], -32603, "{answer}");
        }
        shut_down(child, stdin, &rx, 3);
    }
}

/// A recipe open in the editor is linted as `check` lints it: its JSON structure and the
/// credentials in its step inputs.
#[test]
fn recipe_documents_are_linted() {
    let dir = fresh_dir("lsp-recipe");
    let uri = format!("file://{}/sync.recipe.json", dir.display());
    let (child, mut stdin, rx) = start(&dir);
    initialize(&mut stdin, &rx);
    let text = r#"{"recipe": {"name": "Sync", "code": {"keyword": "trigger"}}}"#;
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}),
    );
    let published = wait_for(&rx, |m| m["method"] == "textDocument/publishDiagnostics");
    let codes = codes(published["params"]["diagnostics"].as_array().unwrap());
    assert_eq!(codes, ["invalid-package-file"], "{published}");
    shut_down(child, stdin, &rx, 2);
}

#[test]
fn fix_all_and_disable_for_line_actions() {
    // A directory whose name a URI must percent-encode.
    let dir = fresh_dir("lsp actions dir");
    std::fs::write(dir.join("connlint.toml"), "select = [\"correctness\"]\n").unwrap();
    let path = dir.join("connector.rb");
    let uri = format!("file://{}", path.display().to_string().replace(' ', "%20"));
    let text = "{\n  title: 'Acme',\n  test: lambda { |_c| get('/me') },\n  actionz: {}\n}\n";
    let (child, mut stdin, rx) = start(&dir);
    let init = initialize(&mut stdin, &rx);
    let kinds = &init["result"]["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert_eq!(
        kinds,
        &json!(["quickfix", "source.fixAll.connlint"]),
        "{init}"
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "ruby", "version": 1, "text": text}}}),
    );
    let published = wait_for(&rx, |m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["uri"], uri.as_str());
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diagnostics), ["unknown-top-level-key"], "{published}");
    let d = &diagnostics[0];

    // At the finding: its fix, and a suppression comment above its line (not "fix all",
    // which lints the document again: asked for by kind only).
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}}),
    );
    let answer = wait_for(&rx, |m| m["id"] == 2);
    let titles: Vec<&str> = answer["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "rename to `actions`",
            "Disable unknown-top-level-key for this line"
        ],
        "{answer}"
    );
    let disable = &answer["result"][1]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(
        disable,
        &json!({"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
                "newText": "  # connlint: ignore[unknown-top-level-key] TODO: say why this is safe\n"})
    );

    // Asked for the fix-all kind only (code actions on save): the whole fixed text.
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}}}),
    );
    let answer = wait_for(&rx, |m| m["id"] == 3);
    let actions = answer["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{answer}");
    assert_eq!(actions[0]["kind"], "source.fixAll.connlint");
    let edit = &actions[0]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(edit["newText"], text.replace("actionz", "actions"));
    assert_eq!(
        edit["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}})
    );

    shut_down(child, stdin, &rx, 9);
}
