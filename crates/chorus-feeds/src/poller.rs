//! Polling one feed: the conditional GET, the entries as articles, full pages for teasers, and
//! the backoff after failures.

use crate::http::{one_line, FetchError, Get, Http};
use crate::{format_time, word_count};
use chorus_core::{Article, Body, RawDocument, StatedMeta};
use chorus_ingest::format::{sniff, Format};
use chorus_ingest::{IngestError, Limits};
use chorus_store::{Feed, FeedPoll};
use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

/// The `Accept` header of feed requests.
const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, \
                           application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

/// The `Accept` header of article page requests.
const PAGE_ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

/// The file name feeds are read under. chorus-ingest numbers an entry without an id of its own
/// `<stem>#<index>`; this stem lets such ids be recognised and replaced by the entry's link,
/// which, unlike its index, stays the same from one poll to the next.
const FEED_FILE: &str = "chorus-feeds-entry-without-id.xml";
const NO_ID_PREFIX: &str = "chorus-feeds-entry-without-id#";

/// How a [`Poller`] polls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollerConfig {
    /// Longest a request may take, from connecting to the end of the body (each redirect and
    /// each article page is a request of its own). Default 20 s.
    pub timeout: Duration,
    /// Largest response body, in bytes (after gzip decoding); reading stops, and the request
    /// fails, as soon as it is exceeded. Default 16 MiB.
    pub max_bytes: u64,
    /// Most redirects followed per request; each target must be an http or https URL.
    /// Default 5.
    pub max_redirects: u32,
    /// Time between two polls of a feed after a success. Default 15 minutes.
    pub interval: Duration,
    /// Longest wait after failures. After `n` failures in a row a feed is polled again
    /// `interval × 2ⁿ` later (30 min, 1 h, 2 h… with the defaults), at most this; longer when
    /// an error answer's `Retry-After` (in seconds) asks for more, but never more than this.
    /// Default 6 h.
    pub max_backoff: Duration,
    /// An entry whose cleaned text has fewer words than this, and that links to a page, is a
    /// teaser: the page is fetched and its main text replaces the teaser when longer. 0 turns
    /// page fetching off. Default 100.
    pub teaser_words: usize,
    /// Most article pages fetched in one poll of one feed (the other teasers are kept as they
    /// are and fetched at a later poll). Default 50.
    pub max_page_fetches: usize,
    /// Longest one poll of one feed may take, its article pages included: each request's
    /// timeout is cut to what is left, and pages not fetched in time are kept as teasers and
    /// fetched at a later poll. Default 60 s.
    pub poll_budget: Duration,
    /// Whether to fetch non-public addresses (loopback, private, link-local and other internal
    /// ranges, after DNS resolution, on every redirect). Default false: a feed, redirect or
    /// teaser link that leads to one is refused with an error saying so.
    pub allow_private_addresses: bool,
    /// The `User-Agent` header. Default `Chorus/<version> (feed poller)`.
    pub user_agent: String,
    /// Whether to use the proxy named by the environment (`ALL_PROXY`, `HTTPS_PROXY`,
    /// `HTTP_PROXY`, honouring `NO_PROXY`). Default false: requests go direct.
    pub env_proxy: bool,
}

impl Default for PollerConfig {
    fn default() -> Self {
        PollerConfig {
            timeout: Duration::from_secs(20),
            max_bytes: 16 << 20,
            max_redirects: 5,
            interval: Duration::from_secs(15 * 60),
            max_backoff: Duration::from_secs(6 * 60 * 60),
            teaser_words: 100,
            max_page_fetches: 50,
            poll_budget: Duration::from_secs(60),
            allow_private_addresses: false,
            user_agent: format!("Chorus/{} (feed poller)", env!("CARGO_PKG_VERSION")),
            env_proxy: false,
        }
    }
}

/// The outcome of polling one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollResult {
    /// What to record ([`chorus_store::Store::record_poll`]).
    pub poll: FeedPoll,
    /// Whether the server answered 304 Not Modified (a success with no articles).
    pub not_modified: bool,
    /// The feed's entries as articles, in feed order, ids being the entries' own ids.
    pub articles: Vec<Article>,
    /// Entries left out or kept as teasers, each with why, in one line (the poll still
    /// succeeded).
    pub errors: Vec<String>,
}

/// Polls feeds over HTTP. Safe to share between threads: requests to one host are made one at
/// a time whatever the number of threads.
pub struct Poller {
    config: PollerConfig,
    http: Http,
}

impl std::fmt::Debug for Poller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Poller")
            .field("config", &self.config)
            .finish()
    }
}

impl Default for Poller {
    /// A poller with the default [`PollerConfig`].
    fn default() -> Self {
        Poller::new(PollerConfig::default())
    }
}

impl Poller {
    /// A poller with its own connection pool.
    pub fn new(config: PollerConfig) -> Poller {
        let http = Http::new(&config);
        Poller { config, http }
    }

    /// Its configuration.
    pub fn config(&self) -> &PollerConfig {
        &self.config
    }

    /// How long to wait after `failures` failed polls in a row (at least 1):
    /// `interval × 2^failures`, at most [`PollerConfig::max_backoff`].
    pub fn backoff(&self, failures: u32) -> Duration {
        let mut delay = self.config.interval;
        for _ in 0..failures.min(64) {
            delay = delay.saturating_mul(2);
            if delay >= self.config.max_backoff {
                return self.config.max_backoff;
            }
        }
        delay
    }

    /// Polls `feed`: a GET sending its stored validators, then its entries as articles. Never
    /// fails: a failure is a [`FeedPoll::Failure`] with a backed-off next poll.
    pub fn poll(&self, feed: &Feed) -> PollResult {
        self.poll_with(feed, &|_| None)
    }

    /// [`poll`](Self::poll), told by `stored_words` how many words the article with a given id
    /// already has in the store (`None` when it has none). A teaser entry whose stored article
    /// is longer than the teaser is left out, and its page is not fetched again.
    pub fn poll_with(
        &self,
        feed: &Feed,
        stored_words: &dyn Fn(&str) -> Option<usize>,
    ) -> PollResult {
        let deadline = Instant::now() + self.config.poll_budget;
        let get = Get {
            url: &feed.url,
            accept: FEED_ACCEPT,
            etag: feed.etag.as_deref(),
            last_modified: feed.last_modified.as_deref(),
            deadline: Some(deadline),
        };
        let fetched = match self.http.get(&get) {
            Ok(fetched) => fetched,
            Err(error) => return self.failure(feed, error),
        };
        if fetched.not_modified {
            return PollResult {
                poll: FeedPoll::Success {
                    title: None,
                    etag: fetched.etag,
                    last_modified: fetched.last_modified,
                    next_poll: self.after(self.config.interval),
                },
                not_modified: true,
                articles: Vec::new(),
                errors: Vec::new(),
            };
        }
        let base = url::Url::parse(&fetched.url).ok();
        let parsed = match parse_feed(fetched.body, self.config.max_bytes) {
            Ok(parsed) => parsed,
            Err(message) => {
                return self.failure(
                    feed,
                    FetchError {
                        message,
                        retry_after: None,
                    },
                )
            }
        };
        let mut errors = parsed.errors;
        let mut articles = Vec::with_capacity(parsed.entries.len());
        let mut page_fetches = 0;
        for (index, mut doc) in parsed.entries.into_iter().enumerate() {
            doc.source_path = feed.url.clone();
            doc.meta.url = doc
                .meta
                .url
                .as_deref()
                .and_then(|link| http_link(base.as_ref(), link));
            if doc.id.starts_with(NO_ID_PREFIX) {
                doc.id = doc
                    .meta
                    .url
                    .clone()
                    .unwrap_or_else(|| match &doc.meta.title {
                        Some(title) => format!("{}#{title}", feed.url),
                        None => format!("{}#{index}", feed.url),
                    });
            }
            let id = doc.id.clone();
            let meta = doc.meta.clone();
            let teaser = chorus_clean::clean(doc);
            let teaser_words = teaser.as_ref().map_or(0, |a| word_count(&a.text));
            let link = match &meta.url {
                Some(link) if teaser_words < self.config.teaser_words => link.clone(),
                _ => {
                    match teaser {
                        Ok(article) => articles.push(article),
                        Err(e) => errors.push(format!("entry {id}: {e}")),
                    }
                    continue;
                }
            };
            if stored_words(&id).is_some_and(|stored| stored > teaser_words) {
                continue;
            }
            let page = if page_fetches < self.config.max_page_fetches {
                page_fetches += 1;
                self.fetch_page(&link, &id, &feed.url, meta, deadline)
            } else {
                Err(format!(
                    "not fetched: more than {} pages in one poll",
                    self.config.max_page_fetches
                ))
            };
            match (page, teaser) {
                (Ok(page), Ok(teaser)) if word_count(&page.text) <= teaser_words => {
                    articles.push(teaser)
                }
                (Ok(page), _) => articles.push(page),
                (Err(e), teaser) => {
                    errors.push(format!("entry {id}: full article {link}: {e}"));
                    match teaser {
                        Ok(teaser) => articles.push(teaser),
                        Err(e) => errors.push(format!("entry {id}: {e}")),
                    }
                }
            }
        }
        PollResult {
            poll: FeedPoll::Success {
                title: parsed.title,
                etag: fetched.etag,
                last_modified: fetched.last_modified,
                next_poll: self.after(self.config.interval),
            },
            not_modified: false,
            articles,
            errors,
        }
    }

    /// Fetches an entry's page and extracts its article, keeping what the feed stated about the
    /// entry (title, date, byline, link) over what the page says.
    fn fetch_page(
        &self,
        link: &str,
        id: &str,
        feed_url: &str,
        meta: StatedMeta,
        deadline: Instant,
    ) -> Result<Article, String> {
        let get = Get {
            url: link,
            accept: PAGE_ACCEPT,
            etag: None,
            last_modified: None,
            deadline: Some(deadline),
        };
        let fetched = self.http.get(&get).map_err(|e| e.message)?;
        let media_type = fetched.content_type.as_deref().map(|ct| {
            ct.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        if let Some(media_type) = media_type.as_deref() {
            if !matches!(media_type, "text/html" | "application/xhtml+xml" | "") {
                return Err(format!("not an HTML page ({media_type})"));
            }
        }
        let charset = fetched.content_type.as_deref().and_then(charset_param);
        let html = chorus_ingest::decode_html_with_label(&fetched.body, charset);
        let doc = RawDocument {
            id: id.to_owned(),
            source_path: feed_url.to_owned(),
            body: Body::HtmlPage(html),
            meta,
        };
        chorus_clean::clean(doc).map_err(|e| e.to_string())
    }

    /// A failed poll of `feed`, backed off by its failures in a row.
    fn failure(&self, feed: &Feed, error: FetchError) -> PollResult {
        let mut delay = self.backoff(feed.failures.saturating_add(1));
        if let Some(asked) = error.retry_after {
            delay = delay.max(asked.min(self.config.max_backoff));
        }
        PollResult {
            poll: FeedPoll::Failure {
                error: one_line(&error.message),
                next_poll: self.after(delay),
            },
            not_modified: false,
            articles: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The time `delay` from now, in the store's format.
    fn after(&self, delay: Duration) -> String {
        let delay = chrono::TimeDelta::from_std(delay).unwrap_or(chrono::TimeDelta::days(1));
        format_time(chrono::Utc::now() + delay)
    }
}

/// A feed's title, entries and per-entry errors.
struct ParsedFeed {
    title: Option<String>,
    entries: Vec<RawDocument>,
    errors: Vec<String>,
}

/// Reads a feed with chorus-ingest's RSS/Atom reader.
fn parse_feed(body: Vec<u8>, max_bytes: u64) -> Result<ParsedFeed, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("empty response: no feed".into());
    }
    if !body.starts_with(&[0x1f, 0x8b]) && sniff(&body) == Format::Html {
        return Err("not an RSS or Atom feed: the server sent an HTML page".into());
    }
    let limit = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    let limits = Limits {
        max_document_bytes: limit,
        max_file_bytes: max_bytes,
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut fatal = None;
    chorus_ingest::read_from(
        Path::new(FEED_FILE),
        Cursor::new(body),
        &limits,
        &mut |read| match read {
            Ok(doc) => entries.push(doc),
            Err(e) => match (&e.location, &e.error) {
                (Some(location), error) => errors.push(one_line(&format!("{location}: {error}"))),
                (None, IngestError::NoEntries(_)) => {}
                (None, error) => fatal = Some(one_line(&error.to_string())),
            },
        },
    );
    if let Some(error) = fatal {
        return Err(error);
    }
    let title = entries.first().and_then(|doc| doc.meta.outlet.clone());
    Ok(ParsedFeed {
        title,
        entries,
        errors,
    })
}

/// `link` resolved against the feed's URL, when it is an http or https URL.
fn http_link(base: Option<&url::Url>, link: &str) -> Option<String> {
    let resolved = match base {
        Some(base) => base.join(link.trim()).ok()?,
        None => url::Url::parse(link.trim()).ok()?,
    };
    matches!(resolved.scheme(), "http" | "https").then(|| resolved.into())
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_interval_up_to_the_cap() {
        let poller = Poller::new(PollerConfig::default());
        assert_eq!(poller.backoff(1), Duration::from_secs(30 * 60));
        assert_eq!(poller.backoff(2), Duration::from_secs(60 * 60));
        assert_eq!(poller.backoff(3), Duration::from_secs(120 * 60));
        assert_eq!(poller.backoff(5), Duration::from_secs(6 * 60 * 60));
        assert_eq!(poller.backoff(u32::MAX), Duration::from_secs(6 * 60 * 60));
    }

    #[test]
    fn charset_is_read_from_content_type() {
        assert_eq!(
            charset_param("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn links_resolve_against_the_feed() {
        let base = url::Url::parse("https://news.example/feeds/all.xml").ok();
        assert_eq!(
            http_link(base.as_ref(), "/2026/story").as_deref(),
            Some("https://news.example/2026/story")
        );
        assert_eq!(http_link(base.as_ref(), "javascript:void(0)"), None);
    }
}
