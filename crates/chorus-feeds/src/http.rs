//! Bounded HTTP GETs: manual redirects (each target checked), a size limit enforced while
//! reading, a timeout per request, and at most one request at a time per host.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use ureq::http::StatusCode;

/// The HTTP side of a [`Poller`](crate::Poller).
pub(crate) struct Http {
    agent: ureq::Agent,
    timeout: Duration,
    max_bytes: u64,
    max_redirects: u32,
    /// One lock per `host:port`, held for the whole of each request to it.
    hosts: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

/// A GET to make.
pub(crate) struct Get<'a> {
    pub url: &'a str,
    pub accept: &'a str,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
}

/// A successful answer (2xx, or 304 to a conditional GET).
#[derive(Debug)]
pub(crate) struct Fetched {
    /// The URL that answered, after redirects.
    pub url: String,
    /// Whether it was 304 Not Modified (then `body` is empty).
    pub not_modified: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// A failed GET: a one-line message, and how long the server asked us to wait, if it did.
#[derive(Debug)]
pub(crate) struct FetchError {
    pub message: String,
    pub retry_after: Option<Duration>,
}

impl FetchError {
    fn new(message: String) -> FetchError {
        FetchError {
            message,
            retry_after: None,
        }
    }
}

impl Http {
    pub fn new(
        user_agent: &str,
        timeout: Duration,
        max_bytes: u64,
        max_redirects: u32,
        env_proxy: bool,
    ) -> Http {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are followed here, so that each target is checked.
            .max_redirects(0)
            .timeout_global(Some(timeout))
            .user_agent(user_agent)
            .proxy(if env_proxy {
                ureq::Proxy::try_from_env()
            } else {
                None
            })
            .build()
            .into();
        Http {
            agent,
            timeout,
            max_bytes,
            max_redirects,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// The lock of `url`'s host.
    fn host_lock(&self, url: &url::Url) -> Arc<Mutex<()>> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(hosts.entry(key).or_default())
    }

    /// GETs `get.url`, following at most `max_redirects` redirects to http or https URLs.
    pub fn get(&self, get: &Get) -> Result<Fetched, FetchError> {
        let mut url = parse_http_url(get.url)
            .map_err(|reason| FetchError::new(format!("refused URL {}: {reason}", get.url)))?;
        let mut redirects = 0;
        loop {
            let lock = self.host_lock(&url);
            let _turn = lock.lock().unwrap_or_else(PoisonError::into_inner);
            let mut request = self.agent.get(url.as_str()).header("Accept", get.accept);
            if let Some(etag) = get.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(last_modified) = get.last_modified {
                request = request.header("If-Modified-Since", last_modified);
            }
            let response = request
                .call()
                .map_err(|e| FetchError::new(self.describe(e)))?;
            let status = response.status();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
            };
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let Some(location) = header("location") else {
                    return Err(FetchError::new(format!(
                        "HTTP {} without a Location header",
                        status_line(status)
                    )));
                };
                if redirects >= self.max_redirects {
                    return Err(FetchError::new(format!(
                        "too many redirects (more than {})",
                        self.max_redirects
                    )));
                }
                redirects += 1;
                url = url
                    .join(&location)
                    .map_err(|e| e.to_string())
                    .and_then(|next| parse_http_url(next.as_str()).map(|_| next))
                    .map_err(|reason| {
                        FetchError::new(format!("refused redirect to {location}: {reason}"))
                    })?;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Fetched {
                    url: url.into(),
                    not_modified: true,
                    etag: header("etag"),
                    last_modified: header("last-modified"),
                    content_type: None,
                    body: Vec::new(),
                });
            }
            if !status.is_success() {
                return Err(FetchError {
                    message: format!("HTTP {}", status_line(status)),
                    retry_after: header("retry-after").and_then(|v| retry_after(&v)),
                });
            }
            let etag = header("etag");
            let last_modified = header("last-modified");
            let content_type = header("content-type");
            let body = response.into_body();
            if body.content_length().is_some_and(|n| n > self.max_bytes) {
                return Err(FetchError::new(self.too_large()));
            }
            let mut bytes = Vec::new();
            body.into_reader()
                .take(self.max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| FetchError::new(self.describe(ureq::Error::from(e))))?;
            if bytes.len() as u64 > self.max_bytes {
                return Err(FetchError::new(self.too_large()));
            }
            return Ok(Fetched {
                url: url.into(),
                not_modified: false,
                etag,
                last_modified,
                content_type,
                body: bytes,
            });
        }
    }

    fn too_large(&self) -> String {
        format!("response larger than the limit of {} bytes", self.max_bytes)
    }

    /// A ureq error in one line.
    fn describe(&self, error: ureq::Error) -> String {
        let message = match error {
            ureq::Error::Timeout(_) => format!("timed out after {:?}", self.timeout),
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                format!("timed out after {:?}", self.timeout)
            }
            ureq::Error::Io(e) => e.to_string(),
            other => other.to_string(),
        };
        one_line(&message)
    }
}

/// Parses `url`, accepting only absolute http and https URLs with a host.
fn parse_http_url(url: &str) -> Result<url::Url, String> {
    let parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
    match parsed.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "the {other}: scheme is not allowed, only http and https"
            ))
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("no host".into());
    }
    Ok(parsed)
}

fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// A `Retry-After` value in seconds (the HTTP-date form is ignored).
fn retry_after(value: &str) -> Option<Duration> {
    value.parse::<u64>().ok().map(Duration::from_secs)
}

/// `text` with line breaks and runs of whitespace collapsed to single spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
