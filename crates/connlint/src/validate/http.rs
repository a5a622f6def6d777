//! The one HTTP exchange of a validation, bounded against slow, huge and hostile answers.

use std::time::Duration;

use super::rules::Method;

/// Bodies are read up to this size: identity endpoints answer in a few hundred bytes.
pub const BODY_LIMIT: u64 = 64 * 1024;

pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// What came back. Failure reasons are connlint's own words: an error of the client
/// may quote the URL, and a URL may hold a value.
pub enum Answer {
    Status(u16, Vec<u8>),
    Redirect(u16),
    TooLarge(u16),
    Failed(&'static str),
}

pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    /// `timeout` bounds the whole exchange, connect included, so a server that sends
    /// one byte a second cannot hold the run. `https_only` is off only for the test
    /// mocks. Proxies come from `HTTPS_PROXY`/`ALL_PROXY`/`HTTP_PROXY` and `NO_PROXY`.
    pub fn new(timeout: Duration, https_only: bool) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .https_only(https_only)
            .proxy(ureq::Proxy::try_from_env())
            .user_agent(concat!(
                "connlint/",
                env!("CARGO_PKG_VERSION"),
                " (credential validation)"
            ))
            .build();
        Self {
            agent: config.into(),
        }
    }

    pub fn send(&self, request: &Request) -> Answer {
        let sent = match request.method {
            Method::Get => {
                let mut builder = self.agent.get(&request.url);
                for (name, value) in &request.headers {
                    builder = builder.header(name, value);
                }
                builder.call()
            }
            Method::Post => {
                let mut builder = self.agent.post(&request.url);
                for (name, value) in &request.headers {
                    builder = builder.header(name, value);
                }
                builder.send(request.body.as_deref().unwrap_or_default())
            }
        };
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => return Answer::Failed(reason(&e)),
        };
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            return Answer::Redirect(status);
        }
        match response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
        {
            Ok(body) => Answer::Status(status, body),
            Err(ureq::Error::BodyExceedsLimit(_)) => Answer::TooLarge(status),
            Err(e) => Answer::Failed(reason(&e)),
        }
    }
}

fn reason(error: &ureq::Error) -> &'static str {
    match error {
        ureq::Error::Timeout(_) => "timed out",
        ureq::Error::HostNotFound => "host not found",
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => "connection failed",
        ureq::Error::ConnectProxyFailed(_) => "the proxy refused the connection",
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => "TLS failed",
        ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => {
            "not a valid HTTP answer"
        }
        ureq::Error::RequireHttpsOnly(_) => "not an https URL",
        _ => "request failed",
    }
}
