//! Feeds the store polls, and the state of their polling.

use crate::{now, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A feed and how its polling went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feed {
    /// The feed's URL (http or https).
    pub url: String,
    /// Its title, once known.
    pub title: Option<String>,
    /// When it was added.
    pub added_at: String,
    /// The validator its server last gave (sent back as `If-None-Match`).
    pub etag: Option<String>,
    /// The `Last-Modified` its server last gave (sent back as `If-Modified-Since`).
    pub last_modified: Option<String>,
    /// When a poll last succeeded.
    pub last_success: Option<String>,
    /// The last poll's error, if the last poll failed.
    pub last_error: Option<String>,
    /// When that error happened.
    pub last_error_at: Option<String>,
    /// Failed polls in a row.
    pub failures: u32,
    /// When the feed is due next.
    pub next_poll: String,
}

/// The outcome of one poll, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedPoll {
    /// The server answered; `etag` and `last_modified` are its new validators (kept when the
    /// answer was 304 Not Modified and gave none).
    Success {
        /// The feed's title, when the poll read one.
        title: Option<String>,
        /// New `ETag`.
        etag: Option<String>,
        /// New `Last-Modified`.
        last_modified: Option<String>,
        /// When to poll next (RFC 3339).
        next_poll: String,
    },
    /// The poll failed.
    Failure {
        /// Why, in one line.
        error: String,
        /// When to try again (RFC 3339; the poller backs off).
        next_poll: String,
    },
}

const COLUMNS: &str = "url, title, added_at, etag, last_modified, last_success, last_error,
    last_error_at, failures, next_poll";

fn feed(row: &rusqlite::Row) -> rusqlite::Result<Feed> {
    Ok(Feed {
        url: row.get(0)?,
        title: row.get(1)?,
        added_at: row.get(2)?,
        etag: row.get(3)?,
        last_modified: row.get(4)?,
        last_success: row.get(5)?,
        last_error: row.get(6)?,
        last_error_at: row.get(7)?,
        failures: row.get(8)?,
        next_poll: row.get(9)?,
    })
}

/// Every feed, in the order added.
pub(crate) fn list(conn: &Connection) -> rusqlite::Result<Vec<Feed>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM feeds ORDER BY added_at, url"
    ))?;
    let feeds = stmt.query_map([], feed)?.collect();
    feeds
}

impl Store {
    /// Adds a feed, due at once; returns false when it was already there. The caller validates
    /// the URL.
    pub fn add_feed(&mut self, url: &str, title: Option<&str>) -> Result<bool, StoreError> {
        self.writable()?;
        let stamp = now();
        let added = self.connection().execute(
            "INSERT INTO feeds (url, title, added_at, next_poll) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (url) DO NOTHING",
            params![url, title, stamp],
        )?;
        Ok(added == 1)
    }

    /// Every feed, in the order added.
    pub fn feeds(&self) -> Result<Vec<Feed>, StoreError> {
        Ok(list(self.connection())?)
    }

    /// One feed.
    pub fn feed(&self, url: &str) -> Result<Option<Feed>, StoreError> {
        Ok(self
            .connection()
            .query_row(
                &format!("SELECT {COLUMNS} FROM feeds WHERE url = ?1"),
                [url],
                feed,
            )
            .optional()?)
    }

    /// Feeds due at `at` (RFC 3339), soonest first.
    pub fn due_feeds(&self, at: &str) -> Result<Vec<Feed>, StoreError> {
        let mut stmt = self.connection().prepare(&format!(
            "SELECT {COLUMNS} FROM feeds WHERE next_poll <= ?1 ORDER BY next_poll, url"
        ))?;
        let feeds = stmt.query_map([at], feed)?.collect::<Result<Vec<_>, _>>()?;
        Ok(feeds)
    }

    /// Records how a poll went.
    pub fn record_poll(&mut self, url: &str, poll: &FeedPoll) -> Result<(), StoreError> {
        self.writable()?;
        let stamp = now();
        match poll {
            FeedPoll::Success {
                title,
                etag,
                last_modified,
                next_poll,
            } => self.connection().execute(
                "UPDATE feeds SET title = COALESCE(?2, title), etag = COALESCE(?3, etag),
                 last_modified = COALESCE(?4, last_modified), last_success = ?5,
                 last_error = NULL, failures = 0, next_poll = ?6 WHERE url = ?1",
                params![url, title, etag, last_modified, stamp, next_poll],
            )?,
            FeedPoll::Failure { error, next_poll } => self.connection().execute(
                "UPDATE feeds SET last_error = ?2, last_error_at = ?3, failures = failures + 1,
                 next_poll = ?4 WHERE url = ?1",
                params![url, error, stamp, next_poll],
            )?,
        };
        Ok(())
    }
}
