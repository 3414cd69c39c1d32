//! Bounded HTTP GETs: manual redirects (each target checked), public addresses only unless
//! allowed (checked after DNS resolution, see [`crate::address`]), a size limit enforced while
//! reading, a timeout per request and a deadline per poll, and at most one request at a time per
//! host.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use ureq::http::StatusCode;

/// The HTTP side of a [`Poller`](crate::Poller).
pub(crate) struct Http {
    agent: ureq::Agent,
    timeout: Duration,
    max_bytes: u64,
    max_redirects: u32,
    allow_private_addresses: bool,
    /// One lock per `host:port`, held for the whole of each request to it.
    hosts: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

/// A GET to make.
pub(crate) struct Get<'a> {
    pub url: &'a str,
    pub accept: &'a str,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    /// When the whole poll this request belongs to must be over, if it has such a deadline.
    pub deadline: Option<Instant>,
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
    pub fn new(config: &crate::PollerConfig) -> Http {
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are followed here, so that each target is checked.
            .max_redirects(0)
            .timeout_global(Some(config.timeout))
            .user_agent(&config.user_agent)
            .proxy(if config.env_proxy {
                ureq::Proxy::try_from_env()
            } else {
                None
            })
            .build();
        let agent = if config.allow_private_addresses {
            ureq::Agent::new_with_config(agent_config)
        } else {
            ureq::Agent::with_parts(
                agent_config,
                ureq::unversioned::transport::DefaultConnector::default(),
                crate::address::PublicOnly::default(),
            )
        };
        Http {
            agent,
            timeout: config.timeout,
            max_bytes: config.max_bytes,
            max_redirects: config.max_redirects,
            allow_private_addresses: config.allow_private_addresses,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Refuses a URL whose host is written as a non-public address or is a local name, before any
    /// connection (names are checked again, resolved, by the agent's resolver; this catches
    /// them also when a proxy would resolve them).
    fn check_host(&self, url: &url::Url) -> Result<(), String> {
        if self.allow_private_addresses {
            return Ok(());
        }
        let ip = match url.host() {
            Some(url::Host::Ipv4(ip)) => std::net::IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => std::net::IpAddr::V6(ip),
            Some(url::Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if name == "localhost" || name.ends_with(".localhost") {
                    return Err(format!(
                        "refused {name}: a loopback name; Chorus fetches only public internet \
                         addresses (--allow-private-addresses allows others)"
                    ));
                }
                return Ok(());
            }
            None => return Ok(()),
        };
        match crate::address::non_public_reason(ip) {
            Some(reason) => Err(crate::address::refusal(
                url.host_str().unwrap_or_default(),
                ip,
                reason,
            )),
            None => Ok(()),
        }
    }

    /// The time a request may still take: the per-request timeout, cut to the poll's deadline.
    fn time_left(&self, deadline: Option<Instant>) -> Result<Duration, FetchError> {
        let Some(deadline) = deadline else {
            return Ok(self.timeout);
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(FetchError::new(
                "not fetched: the poll's time budget is spent".into(),
            ));
        }
        Ok(left.min(self.timeout))
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
            self.check_host(&url).map_err(FetchError::new)?;
            let lock = self.host_lock(&url);
            let _turn = lock.lock().unwrap_or_else(PoisonError::into_inner);
            let time_left = self.time_left(get.deadline)?;
            let mut request = self
                .agent
                .get(url.as_str())
                .config()
                .timeout_global(Some(time_left))
                .build()
                .header("Accept", get.accept);
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
                    .and_then(|next| self.check_host(&next).map(|()| next))
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
