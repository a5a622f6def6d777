//! `check --validate` against loopback mocks: every validator answered live, dead,
//! rate-limited, failing, garbage, slow, redirected and huge, through the real binary;
//! values never printed; one request per distinct value; nothing leaves the machine
//! (a refusing proxy sees where requests would go, and the mock tests pass in a network
//! namespace with no route out).
//!
//! The mocks are reached through `CONNLINT_VALIDATE_BASE_URL`, which only debug builds
//! read. Credentials are built at run time from templates.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use base64::Engine as _;
use connlint_linter::secrets::fake;
use serde_json::Value;

const PROXY_VARS: [&str; 8] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// What a mock answers to every request.
#[derive(Clone, Copy, Debug)]
enum Reply {
    Status(u16, &'static str),
    /// Bytes that are not HTTP.
    Garbage,
    /// A status line, then header bytes one at a time, slower than any timeout.
    Drip,
    /// A redirect to another host.
    Redirect,
    /// 200 with a 10 MB body.
    Huge,
    /// 200 after holding the connection this long (for the concurrency count).
    Hold(u64),
}

/// One request as the mock read it.
#[derive(Clone, Debug, Default)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Mock {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    most_at_once: Arc<AtomicUsize>,
}

fn read_request(stream: &mut TcpStream) -> Option<(String, Seen)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let first = line.trim_end().to_owned();
    let mut parts = first.split(' ');
    let mut seen = Seen {
        method: parts.next()?.to_owned(),
        path: parts.next()?.to_owned(),
        ..Seen::default()
    };
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.trim_end().split_once(':') {
            seen.headers
                .push((name.to_owned(), value.trim().to_owned()));
        }
    }
    let length: usize = seen
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    seen.body = String::from_utf8_lossy(&body).into_owned();
    Some((first, seen))
}

fn answer(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Status(status, body) => write!(
            stream,
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        Reply::Garbage => stream.write_all(b"SSH-2.0-OpenSSH_9.2\r\n\x00\x01\x02 not http at all\r\n\r\n"),
        Reply::Drip => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nX-Drip: ")?;
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                stream.write_all(b"a")?;
                stream.flush()?;
            }
            Ok(())
        }
        Reply::Redirect => stream.write_all(
            b"HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/steal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        ),
        Reply::Huge => {
            let size = 10 * 1024 * 1024;
            write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n")?;
            let chunk = vec![b'{'; 64 * 1024];
            for _ in 0..size / chunk.len() {
                stream.write_all(&chunk)?;
            }
            Ok(())
        }
        Reply::Hold(ms) => {
            std::thread::sleep(Duration::from_millis(ms));
            answer(stream, Reply::Status(200, "{}"))
        }
    }
}

/// A loopback HTTP server on a free port that answers every request with `reply` and
/// records it.
fn mock(reply: Reply) -> Mock {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let most_at_once = Arc::new(AtomicUsize::new(0));
    let (recorded, most) = (Arc::clone(&seen), Arc::clone(&most_at_once));
    let active = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (recorded, most, active) = (
                Arc::clone(&recorded),
                Arc::clone(&most),
                Arc::clone(&active),
            );
            std::thread::spawn(move || {
                let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                if let Some((_, seen)) = read_request(&mut stream) {
                    recorded.lock().unwrap().push(seen);
                    let _ = answer(&mut stream, reply);
                }
                active.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    Mock {
        base,
        seen,
        most_at_once,
    }
}

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("validate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `connlint check --validate` of `dir`, with every proxy variable removed and `env`
/// added; (stdout, stderr, exit code).
fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (String, String, i32) {
    let mut command = Command::cargo_bin("connlint").unwrap();
    for var in PROXY_VARS {
        command.env_remove(var);
    }
    command.env_remove("CONNLINT_VALIDATE_BASE_URL");
    command.args(["check", "--isolated", "--no-cache", "--validate"]);
    if !args.contains(&"--validate-timeout") {
        command.args(["--validate-timeout", "1"]);
    }
    let out = command
        .current_dir(dir)
        .envs(env.iter().copied())
        .args(args)
        .arg(".")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The validations of a JSON report, one per validated finding.
fn validations(json: &str) -> Vec<Value> {
    let report: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d.get("validation").cloned())
        .collect()
}

fn connector(methods: &str, authorization: &str) -> String {
    format!(
        "{{\n  title: 'Acme',\n  connection: {{\n    authorization: {{\n{authorization}\n    }}\n  }},\n  test: ->(_connection) {{ get('me') }},\n  methods: {{\n    call: lambda do\n{methods}\n    end\n  }}\n}}\n"
    )
}

/// One validator's fixture: a connector holding its credential, and what the provider
/// must receive.
struct Case {
    validator: &'static str,
    connector: String,
    /// Every value that must never be printed.
    values: Vec<String>,
    method: &'static str,
    path: String,
    live: Reply,
    dead: Reply,
    /// Asserts that the request carried the credential the way the provider wants it.
    sent: Box<dyn Fn(&Seen)>,
}

fn bearer_case(
    validator: &'static str,
    template: &str,
    seed: u64,
    method: &'static str,
    path: &str,
    live: Reply,
    dead: Reply,
) -> Case {
    let secret = fake::expand(template, seed);
    let expected = format!("Bearer {secret}");
    Case {
        validator,
        connector: connector(&format!("      value = '{secret}'"), "      type: 'none'"),
        values: vec![secret],
        method,
        path: path.to_owned(),
        live,
        dead,
        sent: Box::new(move |seen| {
            assert_eq!(seen.header("authorization"), Some(expected.as_str()))
        }),
    }
}

fn github() -> Case {
    let mut case = bearer_case(
        "github",
        "%%gh:ghp%%",
        1,
        "GET",
        "/user",
        Reply::Status(200, r#"{"login":"octocat"}"#),
        Reply::Status(401, r#"{"message":"Bad credentials"}"#),
    );
    // In a header, as connectors use it.
    case.connector = connector(
        &format!(
            "      get('https://api.github.com/user').headers('Authorization' => 'token {}')",
            case.values[0]
        ),
        "      type: 'none'",
    );
    case
}

fn slack() -> Case {
    bearer_case(
        "slack",
        "xoxb-%%digits:10%%-%%digits:13%%-%%alnum:24%%",
        2,
        "POST",
        "/api/auth.test",
        Reply::Status(200, r#"{"ok":true,"team":"Acme"}"#),
        Reply::Status(200, r#"{"ok":false,"error":"invalid_auth"}"#),
    )
}

fn stripe() -> Case {
    bearer_case(
        "stripe",
        "sk_live_%%alnum:24%%",
        3,
        "GET",
        "/v1/account",
        Reply::Status(200, r#"{"id":"acct_1"}"#),
        Reply::Status(401, r#"{"error":{"type":"invalid_request_error"}}"#),
    )
}

fn openai() -> Case {
    bearer_case(
        "openai",
        "sk-proj-%%alnum:40%%T3BlbkFJ%%alnum:40%%",
        4,
        "GET",
        "/v1/models",
        Reply::Status(200, r#"{"data":[]}"#),
        Reply::Status(401, r#"{"error":{"code":"invalid_api_key"}}"#),
    )
}

fn aws() -> Case {
    let id = fake::expand("AKIA%%base32:16%%", 5);
    let secret = fake::expand("%%alnum:40%%", 5);
    let expected_id = id.clone();
    Case {
        validator: "aws-sts",
        connector: connector(
            &format!("      Aws::Credentials.new('{id}', '{secret}')"),
            "      type: 'none'",
        ),
        values: vec![id, secret],
        method: "POST",
        path: "/".to_owned(),
        live: Reply::Status(200, "<GetCallerIdentityResponse/>"),
        dead: Reply::Status(
            403,
            "<ErrorResponse><Code>InvalidClientTokenId</Code></ErrorResponse>",
        ),
        sent: Box::new(move |seen| {
            assert_eq!(seen.body, "Action=GetCallerIdentity&Version=2011-06-15");
            let auth = seen.header("authorization").unwrap();
            let date = seen.header("x-amz-date").unwrap();
            let prefix = format!("AWS4-HMAC-SHA256 Credential={expected_id}/{}/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=", &date[..8]);
            assert!(auth.starts_with(&prefix), "{auth}");
            assert_eq!(auth.len(), prefix.len() + 64, "{auth}");
        }),
    }
}

fn google() -> Case {
    let secret = fake::expand("AIza%%b64url:35%%", 6);
    let expected = secret.clone();
    Case {
        validator: "google-api-key",
        connector: connector(&format!("      value = '{secret}'"), "      type: 'none'"),
        values: vec![secret],
        method: "GET",
        path: "/v1beta/models".to_owned(),
        live: Reply::Status(200, r#"{"models":[]}"#),
        dead: Reply::Status(
            400,
            r#"{"error":{"code":400,"status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}"#,
        ),
        sent: Box::new(move |seen| {
            assert_eq!(seen.header("x-goog-api-key"), Some(expected.as_str()))
        }),
    }
}

fn twilio() -> Case {
    let sid = fake::expand("AC%%hex:32%%", 7);
    let token = fake::expand("%%hex:32%%", 8);
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{sid}:{token}"))
    );
    Case {
        validator: "twilio",
        connector: connector(
            &format!("      account_sid = '{sid}'\n      auth_token = '{token}'"),
            "      type: 'none'",
        ),
        path: format!("/2010-04-01/Accounts/{sid}.json"),
        values: vec![token],
        method: "GET",
        live: Reply::Status(200, r#"{"status":"active"}"#),
        dead: Reply::Status(401, r#"{"code":20003}"#),
        sent: Box::new(move |seen| assert_eq!(seen.header("authorization"), Some(basic.as_str()))),
    }
}

fn oauth_authorization(id: &str, secret: &str, token_url: &str) -> String {
    format!("      type: 'oauth2',\n      client_id: '{id}',\n      client_secret: '{secret}',\n      token_url: {token_url}")
}

fn oauth() -> Case {
    let id = fake::expand("acme-connector-%%lower:6%%", 9);
    let secret = fake::expand("%%alnum:32%%", 9);
    let body = format!("client_id={id}&client_secret={secret}&grant_type=client_credentials");
    Case {
        validator: "oauth-client-credentials",
        connector: connector(
            "      nil",
            &oauth_authorization(&id, &secret, "'https://auth.acme.example/oauth/token'"),
        ),
        values: vec![id, secret],
        method: "POST",
        path: "/oauth/token".to_owned(),
        live: Reply::Status(200, r#"{"access_token":"t","token_type":"bearer"}"#),
        dead: Reply::Status(401, r#"{"error":"invalid_client"}"#),
        sent: Box::new(move |seen| assert_eq!(seen.body, body)),
    }
}

fn cases() -> Vec<Case> {
    vec![
        github(),
        slack(),
        stripe(),
        openai(),
        aws(),
        google(),
        twilio(),
        oauth(),
    ]
}

/// (reply, state, status, detail) every validator must give.
fn scenarios(case: &Case) -> Vec<(Reply, &'static str, Option<u64>, Option<&'static str>)> {
    let status = |reply: Reply| match reply {
        Reply::Status(s, _) => Some(u64::from(s)),
        _ => None,
    };
    vec![
        (case.live, "live", status(case.live), None),
        (case.dead, "dead", status(case.dead), None),
        (
            Reply::Status(429, r#"{"error":"slow down"}"#),
            "unknown",
            Some(429),
            Some("rate limited"),
        ),
        (
            Reply::Status(500, "oops"),
            "unknown",
            Some(500),
            Some("provider error"),
        ),
        (
            Reply::Status(200, "<html>captive portal</html>"),
            if case.validator_reads_only_status() {
                "live"
            } else {
                "unknown"
            },
            Some(200),
            None,
        ),
        (
            Reply::Garbage,
            "unknown",
            None,
            Some("not a valid HTTP answer"),
        ),
        (Reply::Drip, "unknown", None, Some("timed out")),
        (
            Reply::Redirect,
            "unknown",
            Some(302),
            Some("redirected (not followed)"),
        ),
        (
            Reply::Huge,
            "unknown",
            Some(200),
            Some("answer over 64 KiB"),
        ),
    ]
}

impl Case {
    /// Validators that trust a 200 without reading the body.
    fn validator_reads_only_status(&self) -> bool {
        matches!(
            self.validator,
            "github" | "stripe" | "openai" | "aws-sts" | "google-api-key" | "twilio"
        )
    }
}

fn assert_no_value(case: &Case, text: &str) {
    for value in &case.values {
        assert!(
            !text.contains(value.as_str()),
            "{}: a value was printed:\n{text}",
            case.validator
        );
    }
}

/// Runs every scenario of one validator against a fresh mock.
fn check_validator(case: Case) {
    let dir = tempdir(case.validator);
    std::fs::write(dir.join("connector.rb"), &case.connector).unwrap();
    for (reply, state, status, detail) in scenarios(&case) {
        let mock = mock(reply);
        let env = [("CONNLINT_VALIDATE_BASE_URL", mock.base.as_str())];
        let (out, err, _) = run(&dir, &env, &["--output-format", "json"]);
        assert_no_value(&case, &out);
        assert_no_value(&case, &err);
        let found = validations(&out);
        let mine: Vec<&Value> = found
            .iter()
            .filter(|v| v["validator"] == case.validator)
            .collect();
        assert_eq!(mine.len(), 1, "{} {reply:?}: {out}{err}", case.validator);
        let v = mine[0];
        assert_eq!(v["state"], state, "{} {reply:?}: {v}", case.validator);
        assert_eq!(
            v["status"].as_u64(),
            status,
            "{} {reply:?}: {v}",
            case.validator
        );
        let expected_detail = match (state, detail) {
            ("unknown", None) => Some("unexpected answer"),
            (_, d) => d,
        };
        assert_eq!(
            v["detail"].as_str(),
            expected_detail,
            "{} {reply:?}: {v}",
            case.validator
        );
        let seen = mock.seen.lock().unwrap().clone();
        assert_eq!(
            seen.len(),
            1,
            "{} {reply:?}: one request: {seen:?}",
            case.validator
        );
        assert_eq!(seen[0].method, case.method, "{}", case.validator);
        assert_eq!(seen[0].path, case.path, "{}", case.validator);
        (case.sent)(&seen[0]);
    }
}

#[test]
fn mock_github() {
    check_validator(github());
}

#[test]
fn mock_slack() {
    check_validator(slack());
}

#[test]
fn mock_stripe() {
    check_validator(stripe());
}

#[test]
fn mock_openai() {
    check_validator(openai());
}

#[test]
fn mock_aws_sts() {
    check_validator(aws());
}

#[test]
fn mock_google_api_key() {
    check_validator(google());
}

#[test]
fn mock_twilio() {
    check_validator(twilio());
}

#[test]
fn mock_oauth_client_credentials() {
    check_validator(oauth());
}

/// Every format carries the state, none carries a value, `--explain` names the
/// validator and host.
#[test]
fn mock_every_format_shows_the_state_and_no_value() {
    for case in cases() {
        let dir = tempdir(&format!("formats-{}", case.validator));
        std::fs::write(dir.join("connector.rb"), &case.connector).unwrap();
        let mock = mock(case.live);
        let env = [("CONNLINT_VALIDATE_BASE_URL", mock.base.as_str())];
        let shown = format!("[live ({}, HTTP 200)]", case.validator);
        for format in ["full", "concise", "github", "json-lines", "sarif"] {
            let (out, err, code) = run(&dir, &env, &["--output-format", format, "--explain"]);
            assert_eq!(code, 1, "{format}: {out}{err}");
            assert_no_value(&case, &out);
            assert_no_value(&case, &err);
            match format {
                "json-lines" => assert!(
                    out.contains(&format!(
                        r#""validation":{{"state":"live","validator":"{}","status":200}}"#,
                        case.validator
                    )),
                    "{out}"
                ),
                "sarif" => {
                    let sarif: Value = serde_json::from_str(&out).unwrap();
                    let results = sarif["runs"][0]["results"].as_array().unwrap();
                    let validated: Vec<&Value> = results
                        .iter()
                        .filter_map(|r| r["properties"].get("validation"))
                        .collect();
                    assert_eq!(validated.len(), 1, "{out}");
                    assert_eq!(validated[0]["state"], "live");
                    assert_eq!(validated[0]["validator"], case.validator);
                    assert_eq!(validated[0]["status"], 200);
                }
                // `full` wraps long messages under a gutter.
                _ => assert!(
                    out.replace("\n  │ ", " ").contains(&shown),
                    "{format}: {out}"
                ),
            }
            assert!(
                err.contains(": validation — ") && err.contains(": live ("),
                "{format}: {err}"
            );
        }
        assert_eq!(mock.seen.lock().unwrap().len(), 5, "one request per run");
    }
}

/// One request per distinct value per run, however many findings and files hold it.
#[test]
fn mock_one_request_per_distinct_value() {
    let dir = tempdir("distinct");
    let case = github();
    std::fs::write(dir.join("connector.rb"), &case.connector).unwrap();
    std::fs::write(
        dir.join("helper.rb"),
        format!(
            "TOKEN = '{}'\nOTHER = '{}'\n",
            case.values[0], case.values[0]
        ),
    )
    .unwrap();
    let mock = mock(case.live);
    let env = [("CONNLINT_VALIDATE_BASE_URL", mock.base.as_str())];
    let (out, err, _) = run(&dir, &env, &["--output-format", "json"]);
    let found = validations(&out);
    assert_eq!(found.len(), 3, "{out}{err}");
    assert!(found.iter().all(|v| v["state"] == "live"), "{out}");
    assert_eq!(mock.seen.lock().unwrap().len(), 1);
}

/// At most four requests at a time, and more than one.
#[test]
fn mock_requests_run_concurrently_within_the_limit() {
    let dir = tempdir("concurrency");
    let lines: Vec<String> = (0..8)
        .map(|i| format!("      v{i} = '{}'", fake::expand("%%gh:ghp%%", 100 + i)))
        .collect();
    std::fs::write(
        dir.join("connector.rb"),
        connector(&lines.join("\n"), "      type: 'none'"),
    )
    .unwrap();
    let mock = mock(Reply::Hold(400));
    let env = [("CONNLINT_VALIDATE_BASE_URL", mock.base.as_str())];
    let (out, err, _) = run(
        &dir,
        &env,
        &["--output-format", "json", "--validate-timeout", "5"],
    );
    let found = validations(&out);
    assert_eq!(found.len(), 8, "{out}{err}");
    assert!(found.iter().all(|v| v["state"] == "live"), "{out}");
    assert_eq!(mock.seen.lock().unwrap().len(), 8);
    let most = mock.most_at_once.load(Ordering::SeqCst);
    assert!((2..=4).contains(&most), "{most} requests at once");
}

/// `--fail-on-live`: a dead credential (and every other finding) is reported but does
/// not fail the run; a live one does.
#[test]
fn mock_fail_on_live_fails_only_on_live_findings() {
    let case = stripe();
    let dir = tempdir("fail-on-live");
    std::fs::write(dir.join("connector.rb"), &case.connector).unwrap();
    for (reply, plain, only_live) in [(case.live, 1, 1), (case.dead, 1, 0)] {
        let mock = mock(reply);
        let env = [("CONNLINT_VALIDATE_BASE_URL", mock.base.as_str())];
        let (out, err, code) = run(&dir, &env, &["--output-format", "concise"]);
        assert_eq!(code, plain, "{out}{err}");
        let (out, err, code) = run(
            &dir,
            &env,
            &["--output-format", "concise", "--fail-on-live"],
        );
        assert_eq!(code, only_live, "{out}{err}");
        assert!(
            out.contains("error[missing-support-contact]"),
            "other findings are still reported: {out}"
        );
    }
}

/// Values the validators cannot ask about are `unknown` with a reason, without a request.
#[test]
fn mock_unknown_without_a_request_when_a_part_is_missing() {
    let mock = mock(Reply::Status(200, "{}"));
    let env = [("CONNLINT_VALIDATE_BASE_URL", mock.base.as_str())];
    let id = fake::expand("acme-connector-%%lower:6%%", 11);
    let secret = fake::expand("%%alnum:32%%", 11);
    let aws_secret = fake::expand("%%b64:40%%", 12);
    for (name, text, validator, detail) in [
        (
            "computed-token-url",
            connector(
                "      nil",
                &oauth_authorization(
                    &id,
                    &secret,
                    "lambda { |c| \"https://#{c['host']}/token\" }",
                ),
            ),
            "oauth-client-credentials",
            "the connector names no literal token_url",
        ),
        (
            "loopback-token-url",
            connector(
                "      nil",
                &oauth_authorization(&id, &secret, "'https://127.0.0.1/token'"),
            ),
            "oauth-client-credentials",
            "the token_url is not a public https URL",
        ),
        (
            "aws-secret-alone",
            connector(
                &format!("      aws_secret_access_key = '{aws_secret}'"),
                "      type: 'none'",
            ),
            "aws-sts",
            "no aws-access-key-id in the same file",
        ),
    ] {
        let dir = tempdir(name);
        std::fs::write(dir.join("connector.rb"), &text).unwrap();
        let (out, err, _) = run(&dir, &env, &["--output-format", "json"]);
        for value in [&id, &secret, &aws_secret] {
            assert!(
                !out.contains(value.as_str()) && !err.contains(value.as_str()),
                "{name}"
            );
        }
        let found = validations(&out);
        assert_eq!(found.len(), 1, "{name}: {out}{err}");
        assert_eq!(found[0]["validator"], validator, "{name}");
        assert_eq!(found[0]["state"], "unknown", "{name}");
        assert_eq!(found[0]["detail"], detail, "{name}");
    }
    assert!(mock.seen.lock().unwrap().is_empty());
}

/// The token URL may be returned by a lambda, as most connectors write it.
#[test]
fn mock_oauth_token_url_in_a_lambda() {
    let case = oauth();
    let dir = tempdir("token-url-lambda");
    let text = case.connector.replace(
        "token_url: 'https://auth.acme.example/oauth/token'",
        "token_url: lambda { 'https://auth.acme.example/oauth/token' }",
    );
    assert_ne!(text, case.connector);
    std::fs::write(dir.join("connector.rb"), text).unwrap();
    let mock = mock(case.live);
    let env = [("CONNLINT_VALIDATE_BASE_URL", mock.base.as_str())];
    let (out, err, _) = run(&dir, &env, &["--output-format", "json"]);
    let found = validations(&out);
    assert_eq!(found.len(), 1, "{out}{err}");
    assert_eq!(found[0]["state"], "live");
    assert_eq!(mock.seen.lock().unwrap()[0].path, "/oauth/token");
}

/// Without `--validate` nothing is asked and no finding has a `validation` field.
#[test]
fn mock_nothing_is_asked_without_validate() {
    let case = github();
    let dir = tempdir("off");
    std::fs::write(dir.join("connector.rb"), &case.connector).unwrap();
    let mock = mock(case.live);
    let out = Command::cargo_bin("connlint")
        .unwrap()
        .current_dir(&dir)
        .env("CONNLINT_VALIDATE_BASE_URL", &mock.base)
        .args([
            "check",
            "--isolated",
            "--no-cache",
            "--output-format",
            "json",
            ".",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("hardcoded-credential"), "{out}");
    assert!(!out.contains("validation"), "{out}");
    assert!(mock.seen.lock().unwrap().is_empty());
}

/// A loopback "proxy" that records each request line and refuses it.
fn refusing_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let lines = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&lines);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let recorded = Arc::clone(&recorded);
            std::thread::spawn(move || {
                if let Some((first, _)) = read_request(&mut stream) {
                    recorded.lock().unwrap().push(first);
                    let _ =
                        stream.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
                }
            });
        }
    });
    (url, lines)
}

/// Without the test override, every validator goes to its provider over https (here
/// through a proxy that refuses all): the proxy sees each provider's host and nothing
/// else, the findings are `unknown`, and no value reaches the proxy.
#[test]
fn proxy_sees_each_provider_host_and_refuses() {
    let dir = tempdir("proxy");
    let all = cases();
    for case in &all {
        let sub = dir.join(case.validator);
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("connector.rb"), &case.connector).unwrap();
    }
    let (proxy, lines) = refusing_proxy();
    let env = [("HTTPS_PROXY", proxy.as_str())];
    let (out, err, _) = run(&dir, &env, &["--output-format", "json"]);
    let found = validations(&out);
    assert_eq!(found.len(), all.len(), "{out}{err}");
    for v in &found {
        assert_eq!(v["state"], "unknown", "{v}");
        assert_eq!(v["detail"], "the proxy refused the connection", "{v}");
    }
    let mut lines = lines.lock().unwrap().clone();
    lines.sort();
    let mut expected: Vec<String> = [
        "api.github.com",
        "slack.com",
        "api.stripe.com",
        "api.openai.com",
        "sts.amazonaws.com",
        "generativelanguage.googleapis.com",
        "api.twilio.com",
        "auth.acme.example",
    ]
    .iter()
    .map(|host| format!("CONNECT {host}:443 HTTP/1.1"))
    .collect();
    expected.sort();
    assert_eq!(lines, expected);
    for case in &all {
        assert_no_value(case, &out);
        assert_no_value(case, &err);
        assert_no_value(case, &lines.join("\n"));
    }
}

fn network_namespaces_work() -> bool {
    in_netns(Path::new("true"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether the network-namespace tests can run; outside CI they are skipped (with a
/// note) where they cannot, in CI that fails.
fn netns_available() -> bool {
    if network_namespaces_work() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none_or(|v| v.is_empty()),
        "CI is set but `unshare -rn` (util-linux) with `ip` (iproute2) does not work here"
    );
    eprintln!("skipped: needs `unshare -rn` and `ip` for a network namespace");
    false
}

/// `unshare -rn`: a command in a new network namespace whose only interface, loopback,
/// is up.
fn in_netns(program: &Path) -> std::process::Command {
    let mut command = std::process::Command::new("unshare");
    command
        .args(["-rn", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""])
        .arg(program);
    command
}

/// The mock and proxy tests pass in a network namespace whose only interface is
/// loopback: no test of this suite needs, or could make, an outbound connection.
#[test]
fn netns_the_validation_tests_pass_without_a_network() {
    if !netns_available() {
        return;
    }
    let out = in_netns(&std::env::current_exe().unwrap())
        .args([
            "validate::",
            "--skip",
            "validate::netns",
            "--test-threads",
            "2",
        ])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    let mocks = include_str!("validate.rs").matches("\nfn mock_").count()
        + include_str!("validate.rs").matches("\nfn proxy_").count();
    assert!(
        text.contains(&format!("test result: ok. {mocks} passed")),
        "{mocks} tests expected:\n{text}"
    );
}

/// The real endpoints, without the test override or a proxy, from a namespace with no
/// route out: every validator tries its provider, none is reached, every finding is
/// `unknown` without a status, and no value is printed.
#[test]
fn netns_without_the_override_every_validation_is_unknown() {
    if !netns_available() {
        return;
    }
    let dir = tempdir("netns-real");
    let all = cases();
    for case in &all {
        let sub = dir.join(case.validator);
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("connector.rb"), &case.connector).unwrap();
    }
    let mut command = in_netns(&assert_cmd::cargo::cargo_bin("connlint"));
    for var in PROXY_VARS {
        command.env_remove(var);
    }
    let out = command
        .env_remove("CONNLINT_VALIDATE_BASE_URL")
        .current_dir(&dir)
        .args(["check", "--isolated", "--no-cache", "--validate"])
        .args(["--validate-timeout", "5", "--output-format", "json", "."])
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    let found = validations(&out);
    let mut validators: Vec<&str> = found
        .iter()
        .map(|v| v["validator"].as_str().unwrap())
        .collect();
    validators.sort_unstable();
    let mut expected: Vec<&str> = all.iter().map(|c| c.validator).collect();
    expected.sort_unstable();
    assert_eq!(validators, expected, "{out}{err}");
    for v in &found {
        assert_eq!(v["state"], "unknown", "{v}");
        assert!(v.get("status").is_none(), "{v}");
        assert!(
            ["host not found", "connection failed"].contains(&v["detail"].as_str().unwrap()),
            "{v}"
        );
    }
    for case in &all {
        assert_no_value(case, &out);
        assert_no_value(case, &err);
    }
}
