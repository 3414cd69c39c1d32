//! The feed stage: polls RSS and Atom feeds over HTTP and turns their entries into articles for
//! the store.
//!
//! * [`validate_feed_url`] accepts only absolute `http`/`https` URLs with a host.
//! * [`read_opml`] (`chorus-ingest`'s OPML reader, re-exported) lists the feeds of an OPML
//!   subscription file (nested outlines too).
//! * [`Poller`] polls one feed: a conditional GET (`If-None-Match`, `If-Modified-Since`) with a
//!   timeout, a size limit enforced while reading, at most [`PollerConfig::max_redirects`]
//!   redirects (each to `http`/`https` only), and at most one request at a time to any one host.
//!   Entries become [`Article`]s through `chorus-ingest`'s feed reader and `chorus-clean`; an
//!   entry that holds only a teaser gets its linked page fetched and main-text extracted.
//!   Failures back off exponentially.
//! * [`poll_due`] polls every due feed of a [`Store`], ingests the articles and records each
//!   poll. Briefs are not refreshed there: the caller runs [`Store::refresh_briefs`] afterwards.
//!
//! The HTTP client is `ureq` (blocking, rustls with the webpki roots, gzip). Proxies from the
//! environment (`HTTP_PROXY` and friends) are ignored unless [`PollerConfig::env_proxy`] is set.

#![warn(missing_docs)]

mod address;
mod http;
mod poller;

pub use address::non_public_reason;
pub use chorus_ingest::opml::{
    read_opml, OpmlError, OpmlOutline, MAX_OPML_BYTES, MAX_OPML_DEPTH, MAX_OPML_FEEDS,
};
pub use poller::{PollResult, Poller, PollerConfig};

use chorus_store::{FeedPoll, IngestStatus, Store, StoreError};

/// Why a feed URL or an OPML file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The URL is not an absolute `http` or `https` URL with a host.
    #[error("invalid feed URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
}

/// Checks that `url` is an absolute `http` or `https` URL with a host, and returns it in
/// normalized form (scheme and host lowercased, default port dropped, path at least `/`), which
/// is the form to store it in so that the same feed is not added twice.
///
/// ```
/// assert_eq!(
///     chorus_feeds::validate_feed_url(" HTTPS://News.Example:443/feed.xml ").unwrap(),
///     "https://news.example/feed.xml"
/// );
/// assert!(chorus_feeds::validate_feed_url("file:///etc/passwd").is_err());
/// assert!(chorus_feeds::validate_feed_url("/feed.xml").is_err());
/// ```
pub fn validate_feed_url(url: &str) -> Result<String, FeedError> {
    let refuse = |reason: &str| FeedError::InvalidUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err(refuse("empty"));
    }
    let parsed = match url::Url::parse(trimmed) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err(refuse(
                "a relative URL: give an absolute http:// or https:// URL",
            ))
        }
        Err(url::ParseError::EmptyHost) => return Err(refuse("no host")),
        Err(e) => return Err(refuse(&e.to_string())),
    };
    match parsed.scheme() {
        "http" | "https" => {}
        other => {
            return Err(refuse(&format!(
                "the {other}: scheme is not allowed: only http and https feeds are polled"
            )))
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(refuse("no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refuse(
            "credentials in the URL are not supported (they would be stored in clear)",
        ));
    }
    let mut normalized = parsed;
    normalized.set_fragment(None);
    Ok(normalized.into())
}

/// What [`import_outlines`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlImport {
    /// Feeds added (normalized URLs), in file order.
    pub added: Vec<String>,
    /// Feeds the store already had (normalized URLs).
    pub existing: Vec<String>,
    /// Outlines whose URL was refused, with why.
    pub refused: Vec<FeedError>,
}

/// Adds the feeds of an OPML file ([`read_opml`]) to `store`: each URL is validated and
/// normalized ([`validate_feed_url`]); invalid ones are reported in [`OpmlImport::refused`] and
/// the others still added. New feeds are due at once.
pub fn import_outlines(
    store: &mut Store,
    outlines: &[OpmlOutline],
) -> Result<OpmlImport, StoreError> {
    let mut import = OpmlImport::default();
    for outline in outlines {
        match validate_feed_url(&outline.url) {
            Ok(url) => {
                if store.add_feed(&url, outline.title.as_deref())? {
                    import.added.push(url);
                } else {
                    import.existing.push(url);
                }
            }
            Err(e) => import.refused.push(e),
        }
    }
    Ok(import)
}

/// What [`poll_due`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollSummary {
    /// Feeds polled (successes and failures).
    pub feeds_polled: usize,
    /// Polls that failed (recorded with a backed-off next poll).
    pub feeds_failed: usize,
    /// Polls answered 304 Not Modified.
    pub not_modified: usize,
    /// Articles stored for the first time.
    pub new: usize,
    /// Articles stored as a new revision of one already stored.
    pub revised: usize,
    /// Articles already stored with the same content.
    pub unchanged: usize,
    /// Every failed poll's and every skipped entry's error, each with the URL of the feed.
    pub errors: Vec<(String, String)>,
}

impl PollSummary {
    /// Adds the outcome of one feed's poll.
    fn add(&mut self, feed_url: &str, result: &PollResult, statuses: &[IngestStatus]) {
        self.feeds_polled += 1;
        match &result.poll {
            FeedPoll::Failure { error, .. } => {
                self.feeds_failed += 1;
                self.errors.push((feed_url.to_owned(), error.clone()));
            }
            FeedPoll::Success { .. } if result.not_modified => self.not_modified += 1,
            FeedPoll::Success { .. } => {}
        }
        for error in &result.errors {
            self.errors.push((feed_url.to_owned(), error.clone()));
        }
        for status in statuses {
            match status {
                IngestStatus::New => self.new += 1,
                IngestStatus::Revised => self.revised += 1,
                IngestStatus::Unchanged => self.unchanged += 1,
            }
        }
    }
}

/// Polls every feed of `store` due at `at` (RFC 3339, e.g. the store's own timestamps, or
/// [`now`]), soonest first, one request at a time; ingests each feed's articles
/// ([`Store::ingest`]) and then records the poll ([`Store::record_poll`]).
///
/// A feed whose poll fails is recorded as a failure and the others go on; only a store error
/// stops the run (the feed being polled is then left as it was, so it is polled again). Briefs
/// are **not** refreshed: call [`Store::refresh_briefs`] afterwards when anything was new or
/// revised.
///
/// Teaser entries whose article the store already holds with a longer text are left out, so
/// that re-polling a changed feed does not fetch those pages again.
pub fn poll_due(store: &mut Store, poller: &Poller, at: &str) -> Result<PollSummary, StoreError> {
    let mut summary = PollSummary::default();
    let due = store.due_feeds(at)?;
    if due.is_empty() {
        return Ok(summary);
    }
    let reader = store.reader()?;
    for feed in due {
        let stored_words = |id: &str| -> Option<usize> {
            // A failed lookup only means the page is fetched again.
            let record = reader.article(id).ok()??;
            Some(word_count(&record.article.text))
        };
        let result = poller.poll_with(&feed, &stored_words);
        let statuses: Vec<IngestStatus> = if result.articles.is_empty() {
            Vec::new()
        } else {
            store
                .ingest(&result.articles)?
                .into_iter()
                .map(|ingested| ingested.status)
                .collect()
        };
        store.record_poll(&feed.url, &result.poll)?;
        summary.add(&feed.url, &result, &statuses);
    }
    Ok(summary)
}

/// The current time in the store's format: RFC 3339 UTC with milliseconds, fixed width
/// (`2026-01-02T03:04:05.678Z`), so that text order is time order.
pub fn now() -> String {
    format_time(chrono::Utc::now())
}

/// `time` in the store's format (see [`now`]).
pub fn format_time(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Words in a text, as the teaser threshold counts them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_with_a_host_are_valid() {
        assert_eq!(
            validate_feed_url("http://example.com").as_deref(),
            Ok("http://example.com/")
        );
        assert_eq!(
            validate_feed_url("https://Example.com:8443/a/feed?x=1#top").as_deref(),
            Ok("https://example.com:8443/a/feed?x=1")
        );
        for (url, reason) in [
            ("file:///etc/passwd", "file: scheme"),
            ("ftp://example.com/feed", "ftp: scheme"),
            ("javascript:alert(1)", "javascript: scheme"),
            ("feed.xml", "relative"),
            ("/feeds/all.xml", "relative"),
            ("http://", "host"),
            ("", "empty"),
            ("https://user:secret@example.com/feed", "credentials"),
        ] {
            let err = validate_feed_url(url).expect_err(url);
            assert!(err.to_string().contains(reason), "{url}: {err}");
        }
    }
}
