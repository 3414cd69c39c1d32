//! The embedded store: articles (with revisions), stories and their briefs, feed state, and a
//! search index, kept up to date as articles arrive.
//!
//! A store is a directory: `chorus.sqlite3` (SQLite in WAL mode, the source of truth), `search/`
//! (a tantivy index that follows SQLite and is repaired from it) and `lock` (held by the one
//! process that writes). [`Store`] is that writer; [`Reader`]s answer queries from any thread.
//!
//! **Ingest** ([`Store::ingest`]) takes a batch of articles in one SQLite transaction: an article
//! seen before with the same content changes nothing; with new content (same id or URL) it
//! becomes a new revision of that article, in the same story; a new article goes through the
//! streaming story clusterer and joins or starts a story, possibly merging stories. Stories an
//! ingest touches are marked stale; [`Store::refresh_briefs`] rewrites only those briefs.
//!
//! **Crash safety.** Nothing is reported ingested before its transaction commits. The clusterer's
//! state is checkpointed (a snapshot in SQLite with the article sequence number it covers); on
//! open, articles after the checkpoint are replayed through it, which reproduces its state
//! exactly because clustering is deterministic. Stale briefs left by a crash are rewritten by the
//! next refresh, and the search index catches up from SQLite.

mod feeds;
mod query;
pub mod query_syntax;
pub mod schema;
mod search;

pub use feeds::{Feed, FeedPoll};
pub use query::{
    parse_story_id, ArticleRecord, EntityQuote, EntityRecord, EntitySummary, QueryError, Reader,
    ReaderSource, StoryListItem, StoryPage, StoryQuery, MAX_HITS, MAX_LIMIT,
};
pub use schema::SCHEMA_VERSION;
pub use search::{SearchError, SearchHit};

use chorus_analyze::Analyzer;
use chorus_core::Article;
use chorus_relate::cluster::StoryClusterer;
use chorus_synthesize::brief::{Brief, SCHEMA};
use chorus_synthesize::BriefOptions;
use rayon::prelude::*;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use search::{IndexedArticle, SearchIndex, SearchWriter};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The SQLite file inside a store directory.
pub const DATABASE_FILE: &str = "chorus.sqlite3";

/// New articles between two checkpoints of the clusterer's state.
const CHECKPOINT_EVERY: i64 = 5_000;

/// Stories whose briefs are written per transaction during a refresh.
const REFRESH_CHUNK: usize = 32;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process writes to the store.
    #[error("the store {0} is in use by another Chorus process (ingest or serve); wait for it, or send articles to the running server with POST /api/articles")]
    Locked(PathBuf),
    /// The store directory or its lock could not be used.
    #[error("store {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("store database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema is unusable or could not be migrated.
    #[error(transparent)]
    Schema(#[from] schema::SchemaError),
    /// The search index failed.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// A stored record could not be decoded.
    #[error("store record: {0}")]
    Record(#[from] serde_json::Error),
}

/// What ingesting one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IngestStatus {
    /// A new article.
    New,
    /// A new revision of an article already stored (same id or URL, different content).
    Revised,
    /// Already stored with the same content: nothing changed.
    Unchanged,
}

/// The outcome of ingesting one article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Ingested {
    /// The article's id in the store (the stored article's, when matched by URL).
    pub id: String,
    /// Its story (a number; written as a string, like every story id the API gives).
    #[serde(serialize_with = "story_id_as_string")]
    pub story: u64,
    /// Its revision number, from 1.
    pub revision: u32,
    /// What happened.
    pub status: IngestStatus,
}

/// Writes a story number as the string the API uses for story ids.
pub(crate) fn story_id_as_string<S: serde::Serializer>(
    story: &u64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(story)
}

/// The one writer of a store directory.
pub struct Store {
    dir: PathBuf,
    conn: Connection,
    search: SearchIndex,
    search_writer: SearchWriter,
    clusterer: StoryClusterer,
    /// Article sequence number the clusterer's last checkpoint covers (exclusive).
    checkpoint_seq: i64,
    analyzer: OnceLock<Analyzer>,
    options: BriefOptions,
    _lock: File,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

/// The current time as stored: RFC 3339 UTC with milliseconds, fixed width, so that text order is
/// time order.
pub(crate) fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Store {
    /// Opens (creating if needed) the store in `dir` for writing: takes the lock, migrates the
    /// schema, restores the clusterer and repairs the search index.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Self::open_with(dir, BriefOptions::default())
    }

    /// [`open`](Self::open) with the options briefs are written with.
    pub fn open_with(dir: &Path, options: BriefOptions) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let lock_path = dir.join("lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked(dir.to_path_buf()))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&lock_path)(e)),
        }
        let mut conn = Connection::open(dir.join(DATABASE_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        schema::migrate_to(&mut conn, SCHEMA_VERSION)?;

        let (search, search_writer, _) = SearchIndex::open(&dir.join("search"))?;
        let (clusterer, checkpoint_seq) = restore_clusterer(&conn)?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            conn,
            search,
            search_writer,
            clusterer,
            checkpoint_seq,
            analyzer: OnceLock::new(),
            options,
            _lock: lock,
        };
        store.catch_up_search()?;
        Ok(store)
    }

    /// The store's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A reader with its own connection, for queries from any thread.
    pub fn reader(&self) -> Result<Reader, StoreError> {
        Reader::open(&self.dir, self.search.clone())
    }

    /// Ingests a batch of articles in one transaction; returns each article's outcome in input
    /// order once the transaction is committed. Briefs are not rewritten here: see
    /// [`refresh_briefs`](Self::refresh_briefs).
    pub fn ingest(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError> {
        let result = self.ingest_transaction(articles);
        if result.is_err() {
            // The clusterer may have seen articles whose transaction rolled back: rebuild it
            // from what is committed.
            let (clusterer, checkpoint_seq) = restore_clusterer(&self.conn)?;
            self.clusterer = clusterer;
            self.checkpoint_seq = checkpoint_seq;
            return result;
        }
        self.catch_up_search()?;
        let next_seq = next_seq(&self.conn)?;
        if next_seq - self.checkpoint_seq >= CHECKPOINT_EVERY {
            self.checkpoint()?;
        }
        result
    }

    fn ingest_transaction(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError> {
        let tx = self.conn.transaction()?;
        let stamp = now();
        let mut change = meta_i64(&tx, "change")?.unwrap_or(0);
        let mut seq = next_seq(&tx)?;
        let mut outcomes = Vec::with_capacity(articles.len());
        for article in articles {
            let hash = content_hash(article);
            let json = serde_json::to_string(article)?;
            if let Some(existing) = find_existing(&tx, article)? {
                if existing.content_hash == hash {
                    outcomes.push(Ingested {
                        id: existing.id,
                        story: existing.story,
                        revision: existing.revision,
                        status: IngestStatus::Unchanged,
                    });
                    continue;
                }
                change += 1;
                let revision = existing.revision + 1;
                // The stored id stays: a revision matched by URL keeps its first id.
                let mut stored = article.clone();
                stored.id = existing.id.clone();
                let json = serde_json::to_string(&stored)?;
                tx.execute(
                    "UPDATE articles SET url = ?2, revision = ?3, change = ?4, content_hash = ?5,
                     ingested_at = ?6, article = ?7 WHERE seq = ?1",
                    params![
                        existing.seq,
                        article.url,
                        revision,
                        change,
                        hash,
                        stamp,
                        json
                    ],
                )?;
                insert_revision(&tx, existing.seq, revision, &hash, &stamp, &json)?;
                touch_story(&tx, existing.story, &stamp)?;
                outcomes.push(Ingested {
                    id: existing.id,
                    story: existing.story,
                    revision,
                    status: IngestStatus::Revised,
                });
                continue;
            }
            let story = self.clusterer.add(&chorus::cluster::cluster_input(article));
            for merge in self.clusterer.take_merges() {
                apply_merge(&tx, merge.from, merge.into, &stamp)?;
            }
            change += 1;
            tx.execute(
                "INSERT INTO articles (seq, id, url, story, revision, change, content_hash,
                 ingested_at, article) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8)",
                params![
                    seq,
                    article.id,
                    article.url,
                    story,
                    change,
                    hash,
                    stamp,
                    json
                ],
            )?;
            insert_revision(&tx, seq, 1, &hash, &stamp, &json)?;
            seq += 1;
            let title = article.title.as_deref().unwrap_or_default();
            tx.execute(
                "INSERT INTO stories (id, title, articles, independent_sources, outlets,
                 first_seen, updated, stale) VALUES (?1, ?2, 0, 0, '[]', ?3, ?3, 1)
                 ON CONFLICT (id) DO NOTHING",
                params![story, title, stamp],
            )?;
            touch_story(&tx, story, &stamp)?;
            outcomes.push(Ingested {
                id: article.id.clone(),
                story,
                revision: 1,
                status: IngestStatus::New,
            });
        }
        set_meta(&tx, "change", change)?;
        // Stories an earlier article of this batch reported may have merged since.
        for outcome in &mut outcomes {
            outcome.story = self.clusterer.current_story(outcome.story);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// Saves the clusterer's state, so the next open need not replay the articles before now.
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        let snapshot = self.clusterer.snapshot();
        let tx = self.conn.transaction()?;
        let seq = next_seq(&tx)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('cluster_snapshot', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![snapshot],
        )?;
        set_meta(&tx, "cluster_seq", seq)?;
        tx.commit()?;
        self.checkpoint_seq = seq;
        Ok(())
    }

    /// Stories whose briefs are out of date.
    pub fn stale_stories(&self) -> Result<Vec<u64>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM stories WHERE stale = 1 AND merged_into IS NULL ORDER BY id",
        )?;
        let ids = stmt
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<u64>, _>>()?;
        Ok(ids)
    }

    /// Rewrites the brief of every stale story (and only those), `REFRESH_CHUNK` stories per
    /// transaction, calling `progress(done, total)` after each chunk. Returns the stories whose
    /// briefs were rewritten.
    pub fn refresh_briefs(
        &mut self,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Vec<u64>, StoreError> {
        let stale = self.stale_stories()?;
        let analyzer = self.analyzer.get_or_init(Analyzer::new);
        let mut done = Vec::with_capacity(stale.len());
        for chunk in stale.chunks(REFRESH_CHUNK) {
            let mut inputs = Vec::with_capacity(chunk.len());
            for &story in chunk {
                inputs.push((story, story_articles(&self.conn, story)?));
            }
            let options = &self.options;
            let briefs: Vec<(u64, Brief)> = inputs
                .par_iter()
                .map(|(story, articles)| {
                    let written =
                        chorus::brief::story_brief(analyzer, story.to_string(), articles, options);
                    let brief = Brief {
                        schema: SCHEMA.to_owned(),
                        stories: vec![written],
                        articles: articles
                            .iter()
                            .map(chorus_synthesize::article_ref)
                            .collect(),
                    };
                    (*story, brief)
                })
                .collect();
            let tx = self.conn.transaction()?;
            for (story, brief) in &briefs {
                write_brief(&tx, *story, brief)?;
            }
            tx.commit()?;
            done.extend(chunk);
            progress(done.len(), stale.len());
        }
        // Stories merged away keep their last brief but are no longer refreshed.
        self.conn.execute(
            "UPDATE stories SET stale = 0 WHERE stale = 1 AND merged_into IS NOT NULL",
            [],
        )?;
        Ok(done)
    }

    /// Indexes every article revision the search index does not hold yet.
    fn catch_up_search(&mut self) -> Result<(), StoreError> {
        let indexed = self.search.indexed_change()? as i64;
        let latest = meta_i64(&self.conn, "change")?.unwrap_or(0);
        if indexed >= latest {
            return Ok(());
        }
        let mut stmt = self
            .conn
            .prepare("SELECT story, article FROM articles WHERE change > ?1 ORDER BY change")?;
        let mut rows = stmt.query(params![indexed])?;
        while let Some(row) = rows.next()? {
            let story: u64 = row.get(0)?;
            let article: Article = serde_json::from_str(&row.get::<_, String>(1)?)?;
            self.search_writer.put(&IndexedArticle {
                id: &article.id,
                story,
                title: article.title.as_deref().unwrap_or_default(),
                text: &article.text,
                outlet: article.outlet.as_deref().unwrap_or_default(),
                published: article.published.as_deref().unwrap_or_default(),
            })?;
        }
        self.search_writer.commit(latest as u64)?;
        self.search.reload()?;
        Ok(())
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Best effort: a missed checkpoint only means a longer replay at the next open.
        if next_seq(&self.conn).is_ok_and(|seq| seq > self.checkpoint_seq) {
            if let Err(e) = self.checkpoint() {
                tracing::warn!(error = %e, "could not checkpoint the clusterer");
            }
        }
    }
}

/// An article already in the store.
struct Existing {
    seq: i64,
    id: String,
    story: u64,
    revision: u32,
    content_hash: String,
}

/// The stored article with the same id, else the same URL.
fn find_existing(tx: &Transaction, article: &Article) -> rusqlite::Result<Option<Existing>> {
    let read = |row: &rusqlite::Row| {
        Ok(Existing {
            seq: row.get(0)?,
            id: row.get(1)?,
            story: row.get(2)?,
            revision: row.get(3)?,
            content_hash: row.get(4)?,
        })
    };
    const COLUMNS: &str = "SELECT seq, id, story, revision, content_hash FROM articles";
    if let Some(found) = tx
        .query_row(&format!("{COLUMNS} WHERE id = ?1"), [&article.id], read)
        .optional()?
    {
        return Ok(Some(found));
    }
    match &article.url {
        Some(url) => tx
            .query_row(
                &format!("{COLUMNS} WHERE url = ?1 ORDER BY seq LIMIT 1"),
                [url],
                read,
            )
            .optional(),
        None => Ok(None),
    }
}

/// A fingerprint of everything an article says (not where it was read from).
fn content_hash(article: &Article) -> String {
    let fields = (
        &article.url,
        &article.title,
        &article.byline,
        &article.published,
        &article.outlet,
        &article.text,
    );
    let bytes = serde_json::to_vec(&fields).unwrap_or_default();
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// Keeps a revision of an article (the clusterer's replay reads revision 1).
fn insert_revision(
    tx: &Transaction,
    seq: i64,
    revision: u32,
    hash: &str,
    stamp: &str,
    json: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO revisions (seq, revision, content_hash, ingested_at, article)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, revision, hash, stamp, json],
    )?;
    Ok(())
}

fn touch_story(tx: &Transaction, story: u64, stamp: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE stories SET stale = 1, updated = ?2 WHERE id = ?1",
        params![story, stamp],
    )?;
    Ok(())
}

/// Story `from` became part of story `into`: its articles move, it points at its successor.
fn apply_merge(tx: &Transaction, from: u64, into: u64, stamp: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE articles SET story = ?2 WHERE story = ?1",
        params![from, into],
    )?;
    tx.execute(
        "UPDATE stories SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1",
        params![from, into],
    )?;
    tx.execute("DELETE FROM story_entities WHERE story = ?1", params![from])?;
    tx.execute("DELETE FROM story_outlets WHERE story = ?1", params![from])?;
    touch_story(tx, into, stamp)
}

/// The latest revisions of a story's articles, in arrival order.
fn story_articles(conn: &Connection, story: u64) -> Result<Vec<Article>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT article FROM articles WHERE story = ?1 ORDER BY seq")?;
    let rows = stmt.query_map(params![story], |row| row.get::<_, String>(0))?;
    let mut articles = Vec::new();
    for json in rows {
        articles.push(serde_json::from_str(&json?)?);
    }
    Ok(articles)
}

/// Stores a story's brief and the columns and tables derived from it.
fn write_brief(tx: &Transaction, story: u64, brief: &Brief) -> Result<(), StoreError> {
    let Some(written) = brief.stories.first() else {
        return Ok(());
    };
    let outlets: Vec<&str> = written
        .coverage
        .outlets
        .iter()
        .map(|o| o.outlet.as_str())
        .collect();
    tx.execute(
        "UPDATE stories SET title = ?2, articles = ?3, independent_sources = ?4, outlets = ?5,
         brief = ?6, stale = 0 WHERE id = ?1",
        params![
            story,
            written.title,
            written.articles.len(),
            written.coverage.independent_sources,
            serde_json::to_string(&outlets)?,
            serde_json::to_string(brief)?,
        ],
    )?;
    tx.execute(
        "DELETE FROM story_entities WHERE story = ?1",
        params![story],
    )?;
    tx.execute("DELETE FROM story_outlets WHERE story = ?1", params![story])?;
    for entity in &written.entities {
        tx.execute(
            "INSERT INTO story_entities (story, name, kind, roles) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (story, name) DO NOTHING",
            params![
                story,
                entity.name,
                entity.kind,
                serde_json::to_string(&entity.roles)?
            ],
        )?;
    }
    for outlet in outlets {
        tx.execute(
            "INSERT INTO story_outlets (story, outlet) VALUES (?1, ?2)
             ON CONFLICT (story, outlet) DO NOTHING",
            params![story, outlet],
        )?;
    }
    Ok(())
}

/// The sequence number the next new article gets.
fn next_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(MAX(seq), -1) + 1 FROM articles",
        [],
        |row| row.get(0),
    )
}

fn meta_i64(conn: &Connection, key: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
}

fn set_meta(conn: &Connection, key: &str, value: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The clusterer as of the last checkpoint, with every later article replayed through it; and
/// the sequence number the checkpoint covers. A missing or unreadable checkpoint (written by
/// another version) means replaying every article.
fn restore_clusterer(conn: &Connection) -> Result<(StoryClusterer, i64), StoreError> {
    let snapshot: Option<Vec<u8>> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'cluster_snapshot'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let (mut clusterer, from) = match snapshot.map(|s| StoryClusterer::restore(&s)) {
        Some(Ok(clusterer)) => (clusterer, meta_i64(conn, "cluster_seq")?.unwrap_or(0)),
        Some(Err(e)) => {
            tracing::warn!(error = %e, "replaying every article through the clusterer");
            (StoryClusterer::default(), 0)
        }
        None => (StoryClusterer::default(), 0),
    };
    // The clusterer saw each article's first revision.
    let mut stmt = conn
        .prepare("SELECT article FROM revisions WHERE revision = 1 AND seq >= ?1 ORDER BY seq")?;
    let mut rows = stmt.query(params![from])?;
    while let Some(row) = rows.next()? {
        let article: Article = serde_json::from_str(&row.get::<_, String>(0)?)?;
        clusterer.add(&chorus::cluster::cluster_input(&article));
        // Merges were recorded when the article was first ingested.
        clusterer.take_merges();
    }
    Ok((clusterer, from))
}

/// Opens a read-only connection to the store in `dir`.
pub(crate) fn open_read_only(dir: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        dir.join(DATABASE_FILE),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}
