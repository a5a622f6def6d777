//! `check --validate`: after the lint, one read-only request per distinct credential to
//! its provider's identity endpoint, and the answer (`live`, `dead`, `unknown`) on the
//! finding. The lint itself never does I/O; this stage runs on its results.
//!
//! Values are read from the source text through the findings' secret ranges and exist
//! only in the requests: no output, log, error or explanation holds one.

mod http;
mod rules;
mod sigv4;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use connlint_linter::diagnostics::{Validation, ValidationState};
use connlint_linter::secrets::SecretsEngine;
use connlint_linter::Diagnostic;
use sha2::{Digest, Sha256};

use rules::{fill, Method, SignScheme, Validator};

/// Requests in flight at most: a run with many findings must not flood a provider.
const WORKERS: usize = 4;

/// Replaces the scheme and authority of every request URL, so that tests can point the
/// validators at loopback mocks. Read only by debug builds: a release binary cannot be
/// made to send a value anywhere but to the provider the validator names.
#[cfg(debug_assertions)]
const BASE_OVERRIDE: &str = "CONNLINT_VALIDATE_BASE_URL";

fn base_override() -> Option<String> {
    #[cfg(debug_assertions)]
    {
        std::env::var(BASE_OVERRIDE).ok().filter(|v| !v.is_empty())
    }
    #[cfg(not(debug_assertions))]
    {
        None
    }
}

/// What one request sends, before it is built.
struct Job<'v> {
    validator: &'v Validator,
    secret: String,
    id: Option<String>,
    token_url: Option<String>,
}

impl Job<'_> {
    /// One request per distinct value per run: the key is a digest, so the map of jobs
    /// holds no value as its key.
    fn key(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        for part in [
            self.validator.id.as_str(),
            &self.secret,
            self.id.as_deref().unwrap_or(""),
            self.token_url.as_deref().unwrap_or(""),
        ] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher.finalize().into()
    }
}

/// What a finding is checked by: a request, or an answer known without one.
enum Plan<'v> {
    Ask(Job<'v>),
    Known(Validation),
}

fn unknown(validator: &Validator, detail: &str) -> Validation {
    Validation {
        state: ValidationState::Unknown,
        validator: validator.id.clone(),
        status: None,
        detail: Some(detail.to_owned()),
    }
}

/// The provider formats in one file, found once: (detector id, start, end).
fn formats(text: &str) -> Vec<(&'static str, usize, usize)> {
    let engine = SecretsEngine::builtin_ref();
    engine
        .candidates(text)
        .into_iter()
        .map(|c| {
            let id = engine.detectors()[c.detector].id.as_str();
            (id, c.range.start, c.range.end)
        })
        .collect()
}

/// The nearest value in the file of one of the `pair` detectors, other than `range`.
fn partner<'t>(
    text: &'t str,
    formats: &[(&str, usize, usize)],
    pair: &[String],
    (start, end): (usize, usize),
) -> Option<&'t str> {
    formats
        .iter()
        .filter(|(id, s, e)| pair.iter().any(|p| p == id) && (*e <= start || *s >= end))
        .min_by_key(|(_, s, _)| s.abs_diff(start))
        .and_then(|(_, s, e)| text.get(*s..*e))
}

/// The connector's `token_url` when it is a literal (or a lambda that returns one),
/// in the authorization around `offset` (or the only one that names it).
fn token_url(text: &str, offset: usize) -> Result<String, &'static str> {
    const NONE: &str = "the connector names no literal token_url";
    let mut parser = connlint_linter::syntax::new_parser();
    let tree = connlint_linter::syntax::parse(&mut parser, text).ok_or(NONE)?;
    let connector = connlint_linter::syntax::Connector::find_any(&tree, text).ok_or(NONE)?;
    let auths: Vec<_> = connector
        .authorization()
        .into_iter()
        .flat_map(|a| a.all())
        .filter_map(|a| Some((a.hash.node.byte_range(), a.hash.get("token_url")?)))
        .collect();
    let entry = auths
        .iter()
        .filter(|(range, _)| range.contains(&offset))
        .min_by_key(|(range, _)| range.len())
        .or_else(|| (auths.len() == 1).then(|| &auths[0]))
        .map(|(_, entry)| *entry)
        .ok_or(NONE)?;
    let literal = entry.literal(text).or_else(|| {
        let body = entry.lambda(text)?.body?;
        (body.named_child_count() == 1)
            .then(|| connlint_linter::syntax::string_literal(body.named_child(0)?, text))
            .flatten()
    });
    let url = literal.ok_or(NONE)?.text;
    public_https(url).ok_or("the token_url is not a public https URL")
}

/// `url` when it is `https://` to a host name: the connector chooses where a token
/// request goes, so never to an address, `localhost`, or a URL with placeholders.
fn public_https(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let public = parsed.scheme() == "https"
        && matches!(parsed.host(), Some(url::Host::Domain(d)) if d.contains('.') && !d.ends_with("localhost"))
        && !url.contains(['{', '}']);
    public.then(|| parsed.to_string())
}

/// Which validator checks this finding, with what.
fn plan<'v>(
    d: &Diagnostic,
    text: &str,
    formats: &[(&'static str, usize, usize)],
    validators: &'v [Validator],
) -> Option<Plan<'v>> {
    if let Some(v) = validators.iter().find(|v| v.rule == Some(d.rule)) {
        let [a, b] = d.secrets[..] else {
            return Some(Plan::Known(unknown(v, "no client id beside the secret")));
        };
        // The finding is reported at the secret; its other range is the client id.
        let (secret, id) = if a.0 == d.range.start.offset {
            (a, b)
        } else {
            (b, a)
        };
        let job = Job {
            validator: v,
            secret: text.get(secret.0..secret.1)?.to_owned(),
            id: Some(text.get(id.0..id.1)?.to_owned()),
            token_url: None,
        };
        return Some(match token_url(text, d.range.start.offset) {
            Ok(url) => Plan::Ask(Job {
                token_url: Some(url),
                ..job
            }),
            Err(reason) => Plan::Known(unknown(v, reason)),
        });
    }
    for &(start, end) in &d.secrets {
        let value = text.get(start..end)?;
        let named: Vec<&str> = formats
            .iter()
            .filter(|(_, s, e)| *s < end && start < *e)
            .map(|(id, ..)| *id)
            .collect();
        for v in validators.iter().filter(|v| v.rule.is_none()) {
            let by_detector = v.detectors.iter().any(|id| named.contains(&id.as_str()));
            let by_shape =
                named.is_empty() && v.secret_shape.as_ref().is_some_and(|re| re.is_match(value));
            if !by_detector && !by_shape {
                continue;
            }
            let id = partner(text, formats, &v.pair, (start, end));
            if v.needs_id() && id.is_none() {
                if by_shape {
                    continue;
                }
                return Some(Plan::Known(unknown(
                    v,
                    &format!("no {} in the same file", v.pair.join(" or ")),
                )));
            }
            return Some(Plan::Ask(Job {
                validator: v,
                secret: value.to_owned(),
                id: id.map(str::to_owned),
                token_url: None,
            }));
        }
    }
    None
}

/// The request a job sends. Values are percent-encoded where they enter a URL or form.
fn build(job: &Job, base: Option<&str>) -> Result<http::Request, &'static str> {
    let v = job.validator;
    let values: Vec<(&str, &str)> = [
        ("secret", Some(job.secret.as_str())),
        ("id", job.id.as_deref()),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name, value?)))
    .collect();
    let url = fill(
        &v.url,
        &[("token_url", job.token_url.as_deref().unwrap_or(""))],
        false,
    );
    let mut url = url::Url::parse(&fill(&url, &values, true)).map_err(|_| "not a valid URL")?;
    let host = url.host_str().ok_or("not a valid URL")?.to_owned();
    if let Some(base) = base {
        let base = url::Url::parse(base).map_err(|_| "not a valid base URL")?;
        url.set_scheme(base.scheme())
            .and_then(|()| url.set_host(base.host_str()).map_err(|_| ()))
            .and_then(|()| url.set_port(base.port()))
            .map_err(|()| "not a valid base URL")?;
    }
    let mut headers: Vec<(String, String)> = v
        .headers
        .iter()
        .map(|(name, value)| (name.clone(), fill(value, &values, false)))
        .collect();
    if let Some(basic) = &v.basic {
        let pair = format!(
            "{}:{}",
            fill(&basic.user, &values, false),
            fill(&basic.password, &values, false)
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        headers.push(("Authorization".to_owned(), format!("Basic {encoded}")));
    }
    let body = (!v.form.is_empty()).then(|| {
        headers.push((
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
        v.form
            .iter()
            .map(|(name, value)| {
                format!(
                    "{}={}",
                    rules::percent_encode(name),
                    fill(value, &values, true)
                )
            })
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    });
    if let Some(sign) = &v.sign {
        let SignScheme::AwsSigV4 = sign.scheme;
        let key_id = job.id.as_deref().ok_or("no key id to sign with")?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let amz_date = sigv4::amz_date(now);
        // The signature covers the Host header actually sent (the mock's, in tests).
        let sent_host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or(&host)),
            None => url.host_str().unwrap_or(&host).to_owned(),
        };
        let signed: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let authorization = sigv4::authorization(
            &sigv4::Request {
                method: match v.method {
                    Method::Get => "GET",
                    Method::Post => "POST",
                },
                host: &sent_host,
                path: url.path(),
                query: url.query().unwrap_or(""),
                headers: &signed,
                body: body.as_deref().unwrap_or_default(),
            },
            &sigv4::Scope {
                key_id,
                secret: &job.secret,
                region: &sign.region,
                service: &sign.service,
                amz_date: &amz_date,
            },
        );
        headers.push(("X-Amz-Date".to_owned(), amz_date));
        headers.push(("Authorization".to_owned(), authorization));
    }
    Ok(http::Request {
        method: v.method,
        url: url.to_string(),
        headers,
        body,
    })
}

/// The answer read by the validator's conditions.
fn judge(validator: &Validator, answer: http::Answer) -> Validation {
    let (state, status, detail) = match answer {
        http::Answer::Status(status, body) => {
            if validator.live.iter().any(|c| c.holds(status, &body)) {
                (ValidationState::Live, Some(status), None)
            } else if validator.dead.iter().any(|c| c.holds(status, &body)) {
                (ValidationState::Dead, Some(status), None)
            } else {
                let detail = match status {
                    429 => "rate limited",
                    500..=599 => "provider error",
                    _ => "unexpected answer",
                };
                (ValidationState::Unknown, Some(status), Some(detail))
            }
        }
        http::Answer::Redirect(status) => (
            ValidationState::Unknown,
            Some(status),
            Some("redirected (not followed)"),
        ),
        http::Answer::TooLarge(status) => (
            ValidationState::Unknown,
            Some(status),
            Some("answer over 64 KiB"),
        ),
        http::Answer::Failed(reason) => (ValidationState::Unknown, None, Some(reason)),
    };
    Validation {
        state,
        validator: validator.id.clone(),
        status,
        detail: detail.map(str::to_owned),
    }
}

/// Sends the jobs on a few threads, each distinct job once.
fn ask(jobs: &[Job], timeout: Duration) -> Vec<Validation> {
    let base = base_override();
    let client = http::Client::new(timeout, base.is_none());
    let results: Mutex<Vec<Option<Validation>>> = Mutex::new(vec![None; jobs.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(jobs.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else {
                    break;
                };
                let validation = match build(job, base.as_deref()) {
                    Ok(request) => judge(job.validator, client.send(&request)),
                    Err(reason) => unknown(job.validator, reason),
                };
                if let Ok(mut results) = results.lock() {
                    results[i] = Some(validation);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .zip(jobs)
        .map(|(result, job)| result.unwrap_or_else(|| unknown(job.validator, "not asked")))
        .collect()
}

/// Validates every credential finding that a validator knows, in place, and returns
/// the `--explain` lines (validator, host and answer; never a value).
pub fn run(
    diagnostics: &mut [Diagnostic],
    sources: &HashMap<String, String>,
    timeout: Duration,
) -> String {
    let validators = rules::builtin();
    let mut formats_of: HashMap<&str, Vec<(&'static str, usize, usize)>> = HashMap::new();
    let mut jobs: Vec<Job> = Vec::new();
    let mut by_key: HashMap<[u8; 32], usize> = HashMap::new();
    let mut assigned: Vec<(usize, Result<usize, Validation>)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let Some(text) = sources.get(&d.path).filter(|_| !d.secrets.is_empty()) else {
            continue;
        };
        let formats = formats_of
            .entry(d.path.as_str())
            .or_insert_with(|| formats(text));
        match plan(d, text, formats, validators) {
            Some(Plan::Ask(job)) => {
                let index = *by_key.entry(job.key()).or_insert_with(|| {
                    jobs.push(job);
                    jobs.len() - 1
                });
                assigned.push((i, Ok(index)));
            }
            Some(Plan::Known(validation)) => assigned.push((i, Err(validation))),
            None => {}
        }
    }
    let answers = ask(&jobs, timeout);
    let mut explained = String::new();
    for (i, plan) in assigned {
        let (validation, host) = match plan {
            Ok(index) => {
                let job = &jobs[index];
                let host = url::Url::parse(&fill(
                    &job.validator.url,
                    &[("token_url", job.token_url.as_deref().unwrap_or(""))],
                    false,
                ))
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned));
                (answers[index].clone(), host)
            }
            Err(validation) => (validation, None),
        };
        let d = &mut diagnostics[i];
        let asked = host.map_or_else(|| "no request".to_owned(), |h| format!("asked {h}"));
        explained.push_str(&format!(
            "{}:{}:{}: validation — {}: {asked}: {validation}\n",
            d.shown_path(),
            d.range.start.line,
            d.range.start.column,
            validators
                .iter()
                .find(|v| v.id == validation.validator)
                .map_or("", |v| v.name.as_str()),
        ));
        d.validation = Some(validation);
    }
    explained
}
