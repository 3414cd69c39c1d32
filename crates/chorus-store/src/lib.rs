//! The embedded store: articles (with revisions), stories and their briefs, feed state, and a
//! search index, kept up to date as articles arrive.
//!
//! A store is a directory: `chorus.sqlite3` (SQLite in WAL mode, the source of truth), `search/`
//! (a tantivy index that follows SQLite and is repaired from it) and `lock`. The one process that
//! writes holds an OS lock on the store directory itself (and on `lock`, for older Chorus
//! versions): deleting a file cannot let a second writer in. [`Store`] is that writer;
//! [`Reader`]s answer queries from any thread.
//!
//! **Identity.** A store has a random id (in SQLite's `meta` table, written when the store is
//! created), and every search index commit records it. An index of another store, or ahead of
//! the database, is rebuilt from SQLite; an empty (new, truncated or deleted) database beside an
//! index that holds articles is refused, since rebuilding would destroy the only copy left.
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
mod kept;
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
use chorus_synthesize::brief::{Brief, Sampled, SCHEMA};
use chorus_synthesize::BriefOptions;
use rayon::prelude::*;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use search::{IndexedArticle, SearchIndex, SearchWriter};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The SQLite file inside a store directory.
pub const DATABASE_FILE: &str = "chorus.sqlite3";

/// Pages of SQLite's log after which it is copied into the database (SQLite's default).
const DEFAULT_CHECKPOINT_PAGES: i64 = 1_000;

/// The same while ingests are staged ([`Store::stage_search_commits`]): 64 MB.
const STAGED_CHECKPOINT_PAGES: i64 = 16_384;

/// Fewest new articles between two checkpoints of the clusterer's state.
const CHECKPOINT_EVERY: i64 = 5_000;

/// Most bytes of clusterer snapshot written per new article: a large clusterer's snapshot (26
/// MB at a million articles, written every 26,000) is written after proportionally more
/// articles, so checkpoints cost a bounded share of an ingest; a restart replays what came
/// after the last one.
const SNAPSHOT_BYTES_PER_ARTICLE: i64 = 1_024;

/// Articles of an ingest batch prepared together, while the chunk before is clustered and
/// written.
const PREPARE_CHUNK: usize = 32;

/// Articles of the first prepared chunk of a batch, which the writer waits for.
const FIRST_PREPARE_CHUNK: usize = 8;

/// Stories whose briefs are written per transaction during a refresh.
const REFRESH_CHUNK: usize = 32;

/// With staged search commits ([`Store::stage_search_commits`]), the most article revisions put
/// into the search index before it is committed.
const SEARCH_STAGE_ARTICLES: usize = 50_000;

/// With staged search commits, the most text (bytes) put into the search index before it is
/// committed.
const SEARCH_STAGE_BYTES: usize = 256 << 20;

/// With staged search commits, the longest time the search index lags what an ingest returned.
const SEARCH_STAGE_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// Most articles a story's brief is written from. A brief's work grows faster than linearly with
/// its articles (analysis, copy detection between every pair), so a very large story's brief is
/// written from a bounded sample, chosen by [`BRIEF_RULE`].
pub const BRIEF_MAX_ARTICLES: usize = 200;

/// How many of the sampled articles are the story's first ones.
const BRIEF_EARLIEST: usize = 50;

/// How the articles of a sampled brief are chosen (recorded in the brief).
pub const BRIEF_RULE: &str = "the story's first 50 articles in arrival order (first reports and \
     the origins of copies), then its most recently ingested or revised articles, up to 200, \
     listed in arrival order";

/// What the briefs of some stale stories are written from, read from the store by
/// [`Store::plan_refresh`]; [`synthesize`](Self::synthesize) needs no access to the store.
pub struct RefreshPlan {
    jobs: Vec<BriefJob<BriefSource>>,
    analyzer: Arc<Analyzer>,
    options: BriefOptions,
}

/// One story's brief to write: the story, its version when read, its article count, and what
/// the brief is written from (`T`: its articles) or the brief.
struct BriefJob<T> {
    story: u64,
    version: i64,
    total: usize,
    articles: T,
}

/// What one story's brief is written from: its (sampled) articles in arrival order, and each
/// one's stored analysis when it is still valid.
struct BriefSource {
    articles: Vec<Article>,
    /// Per article: its sequence number, revision, analysis basis ([`kept::basis`]) and kept
    /// analysis (postcard) if one was kept for that revision and basis.
    analyses: Vec<(i64, u32, String, Option<Vec<u8>>)>,
    /// The date undated articles fall back on.
    story_date: Option<chrono::NaiveDate>,
}

/// A brief written, and the analyses computed for it that the store did not hold.
struct Written {
    brief: Brief,
    /// `(seq, revision, basis, analysis as postcard)`.
    analyses: Vec<(i64, u32, String, Vec<u8>)>,
}

/// Briefs synthesized from a [`RefreshPlan`], for [`Store::write_briefs`].
pub struct SynthesizedBriefs(Vec<BriefJob<Written>>);

impl std::fmt::Debug for RefreshPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshPlan")
            .field("stories", &self.stories())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SynthesizedBriefs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|job| job.story))
            .finish()
    }
}

impl RefreshPlan {
    /// The stories planned.
    pub fn stories(&self) -> Vec<u64> {
        self.jobs.iter().map(|job| job.story).collect()
    }

    /// Writes the briefs (in parallel), without the store.
    pub fn synthesize(self) -> SynthesizedBriefs {
        let RefreshPlan {
            jobs,
            analyzer,
            options,
        } = self;
        SynthesizedBriefs(
            jobs.into_par_iter()
                .map(|job| {
                    let source = &job.articles;
                    let articles = &source.articles;
                    // A stored analysis is reused; the others are computed (in parallel) and
                    // kept. Either way the analysis is the one `story_brief` would make.
                    let (analyses, fresh): (Vec<_>, Vec<_>) = articles
                        .par_iter()
                        .zip(&source.analyses)
                        .map(|(article, (seq, revision, basis, stored))| {
                            let kept = stored
                                .as_deref()
                                .and_then(|bytes| kept::decode(bytes, article));
                            match kept {
                                Some(analysis) => (analysis, None),
                                None => {
                                    let analysis = chorus::analyze::analyze_article(
                                        &analyzer,
                                        article,
                                        source.story_date,
                                    );
                                    let fresh = kept::encode(&analysis)
                                        .map(|b| (*seq, *revision, basis.clone(), b));
                                    (analysis, fresh)
                                }
                            }
                        })
                        .unzip();
                    let written = chorus::brief::analyzed_story_brief(
                        job.story.to_string(),
                        articles,
                        &analyses,
                        &options,
                    );
                    let brief = Brief {
                        schema: SCHEMA.to_owned(),
                        stories: vec![written],
                        articles: articles
                            .iter()
                            .map(chorus_synthesize::article_ref)
                            .collect(),
                        sampled: (job.total > articles.len()).then(|| Sampled {
                            articles: articles.len(),
                            of: job.total,
                            rule: BRIEF_RULE.to_owned(),
                        }),
                    };
                    BriefJob {
                        story: job.story,
                        version: job.version,
                        total: job.total,
                        articles: Written {
                            brief,
                            analyses: fresh.into_iter().flatten().collect(),
                        },
                    }
                })
                .collect(),
        )
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process writes to the store.
    #[error("the store {0} is in use by another Chorus process (ingest or serve); wait for it, or send articles to the running server with POST /api/articles")]
    Locked(PathBuf),
    /// The database is empty (new, truncated or deleted) but the search index beside it holds
    /// articles: rebuilding the index would destroy the only copy left.
    #[error("store {dir}: the database {DATABASE_FILE} is empty but the search index {dir}/search holds {articles} articles of store {store}: the database was truncated, deleted or replaced; restore {DATABASE_FILE} from a backup, or move {dir}/search away to start an empty store")]
    DatabaseLost {
        /// The store directory.
        dir: PathBuf,
        /// Articles the index holds.
        articles: u64,
        /// The store id the index records.
        store: String,
    },
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
    Sqlite(rusqlite::Error),
    /// The disk is full: the write was not done (nothing of it was committed).
    #[error("the disk holding the store is full ({0}): nothing was written; free some space and try again")]
    DiskFull(String),
    /// The store was opened read-only because its disk is full.
    #[error("the store {0} was opened read-only because its disk is full: free some space and restart Chorus to write to it")]
    ReadOnly(PathBuf),
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

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Free space (bytes) below which the disk holding a store counts as full.
const DISK_FULL_BYTES: u64 = 1 << 20;

/// Whether the disk holding `dir` is (nearly) full.
fn disk_full(dir: &Path) -> bool {
    fs4::available_space(dir).is_ok_and(|free| free < DISK_FULL_BYTES)
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
    clusterer: StoryClusterer,
    /// Article sequence number the clusterer's last checkpoint covers (exclusive).
    checkpoint_seq: i64,
    /// New articles after which the next checkpoint is written.
    checkpoint_every: i64,
    analyzer: OnceLock<Arc<Analyzer>>,
    /// The analyzer's [`kept::fingerprint`], part of every kept analysis's basis.
    fingerprint: OnceLock<String>,
    options: BriefOptions,
    /// Opened read-only because the disk is full: every write is refused.
    read_only: bool,
    /// What the search index's writer holds beyond its last commit.
    staged: Staged,
    /// Whether ingests leave the search index uncommitted until a bound of [`Staged`] is
    /// reached (see [`stage_search_commits`](Store::stage_search_commits)).
    stage_search: bool,
    _lock: WriterLock,
}

/// The article revisions put into the search index's writer since its last commit.
#[derive(Debug, Clone, Copy)]
struct Staged {
    /// The highest change number put into the writer (committed or not).
    change: i64,
    /// Revisions put since the last commit.
    articles: usize,
    /// Their text, in bytes.
    bytes: usize,
    /// When the first of them was put.
    since: Option<std::time::Instant>,
}

impl Staged {
    /// Nothing staged beyond `change`, the index's last commit.
    fn committed(change: i64) -> Staged {
        Staged {
            change,
            articles: 0,
            bytes: 0,
            since: None,
        }
    }

    /// Whether a bound of staging is reached.
    fn full(&self) -> bool {
        self.articles >= SEARCH_STAGE_ARTICLES
            || self.bytes >= SEARCH_STAGE_BYTES
            || self.since.is_some_and(|t| t.elapsed() >= SEARCH_STAGE_TIME)
    }
}

/// The OS locks that make a process the one writer of a store: on the store directory (which
/// cannot be deleted while the database is in it, and is the same inode whatever path names
/// it), and on `DIR/lock`, which older Chorus versions take. Released when dropped (or when the
/// process dies).
struct WriterLock {
    #[cfg(unix)]
    _dir: File,
    _file: File,
}

impl WriterLock {
    fn take(dir: &Path) -> Result<WriterLock, StoreError> {
        let try_lock = |file: &File, path: &Path| match file.try_lock() {
            Ok(()) => Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked(dir.to_path_buf())),
            Err(std::fs::TryLockError::Error(e)) => Err(io_error(path)(e)),
        };
        // A directory opens read-only on Unix, and flock(2) works on it. Elsewhere only the
        // lock file is taken.
        #[cfg(unix)]
        let dir_lock = {
            let handle = File::open(dir).map_err(io_error(dir))?;
            try_lock(&handle, dir)?;
            handle
        };
        let lock_path = dir.join("lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error(&lock_path))?;
        try_lock(&file, &lock_path)?;
        Ok(WriterLock {
            #[cfg(unix)]
            _dir: dir_lock,
            _file: file,
        })
    }
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
    /// schema, restores the clusterer and repairs the search index. On a full disk, a store that
    /// cannot be opened for writing is opened read-only ([`is_read_only`](Self::is_read_only)):
    /// it answers every query and refuses writes with [`StoreError::ReadOnly`].
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Self::open_with(dir, BriefOptions::default())
    }

    /// [`open`](Self::open) with the options briefs are written with.
    pub fn open_with(dir: &Path, options: BriefOptions) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        match Self::open_writable(dir, options) {
            Err(e)
                if !matches!(e, StoreError::Locked(_) | StoreError::DatabaseLost { .. })
                    && disk_full(dir) =>
            {
                match Self::open_degraded(dir, options) {
                    Ok(store) => {
                        tracing::warn!(store = %dir.display(), error = %e, "the disk holding the store is full: opened it read-only; writes are refused until space is freed");
                        Ok(store)
                    }
                    Err(again) => {
                        tracing::warn!(error = %again, "the store could not be opened read-only either");
                        Err(e)
                    }
                }
            }
            opened => opened,
        }
    }

    fn open_writable(dir: &Path, options: BriefOptions) -> Result<Store, StoreError> {
        let lock = WriterLock::take(dir)?;
        let mut conn = Connection::open(dir.join(DATABASE_FILE))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let search_dir = dir.join("search");
        if schema::version(&conn)? == 0 {
            // A new database: nothing may be written to it while an index of articles sits
            // beside it, since rebuilding the index would destroy the only copy left.
            if let Some(held) = search::summary(&search_dir).filter(|s| s.articles > 0) {
                return Err(StoreError::DatabaseLost {
                    dir: dir.to_path_buf(),
                    articles: held.articles,
                    store: held.store.unwrap_or_else(|| "(not recorded)".into()),
                });
            }
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        schema::migrate_to(&mut conn, SCHEMA_VERSION)?;
        let store_id: String =
            conn.query_row("SELECT value FROM meta WHERE key = 'store_id'", [], |row| {
                row.get(0)
            })?;

        let search = match SearchIndex::open(&search_dir, &store_id) {
            Ok(search) => search,
            Err(search::SearchError::Locked) => return Err(StoreError::Locked(dir.to_path_buf())),
            Err(e) => return Err(e.into()),
        };
        let (clusterer, checkpoint_seq) = restore_clusterer(&conn)?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            conn,
            search,
            clusterer,
            checkpoint_seq,
            checkpoint_every: CHECKPOINT_EVERY,
            analyzer: OnceLock::new(),
            fingerprint: OnceLock::new(),
            options,
            read_only: false,
            staged: Staged::committed(0),
            stage_search: false,
            _lock: lock,
        };
        if let Err(e) = store.catch_up_search() {
            // The index may lag on a full disk: it catches up after the next ingest.
            if !disk_full(dir) {
                return Err(e);
            }
            tracing::warn!(error = %e, "the disk is full: the search index lags the store");
        }
        Ok(store)
    }

    /// The store read-only, without a single write: no migration, no index catch-up, no
    /// clusterer (nothing will be ingested). SQLite reads the WAL without its shared-memory file
    /// (`readonly_shm`), which a full disk may have no room for.
    fn open_degraded(dir: &Path, options: BriefOptions) -> Result<Store, StoreError> {
        let lock = WriterLock::take(dir)?;
        let conn = open_read_only(dir, true)?;
        // A store that needs a migration needs room to write it.
        if schema::version(&conn)? != SCHEMA_VERSION {
            return Err(StoreError::ReadOnly(dir.to_path_buf()));
        }
        let store_id: String =
            conn.query_row("SELECT value FROM meta WHERE key = 'store_id'", [], |row| {
                row.get(0)
            })?;
        let search = match SearchIndex::open(&dir.join("search"), &store_id) {
            Ok(search) => search,
            Err(search::SearchError::Locked) => return Err(StoreError::Locked(dir.to_path_buf())),
            Err(e) => return Err(e.into()),
        };
        let checkpoint_seq = next_seq(&conn)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            conn,
            search,
            clusterer: StoryClusterer::default(),
            checkpoint_seq,
            checkpoint_every: CHECKPOINT_EVERY,
            analyzer: OnceLock::new(),
            fingerprint: OnceLock::new(),
            options,
            read_only: true,
            staged: Staged::committed(0),
            stage_search: false,
            _lock: lock,
        })
    }

    /// Whether the store was opened read-only (its disk was full): queries are answered,
    /// writes refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Refuses a write to a store opened read-only.
    fn writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.dir.clone()));
        }
        Ok(())
    }

    /// The store's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A reader with its own connection, for queries from any thread.
    pub fn reader(&self) -> Result<Reader, StoreError> {
        Reader::open(&self.dir, self.search.clone(), self.read_only)
    }

    /// Ingests a batch of articles in one transaction; returns each article's outcome in input
    /// order once the transaction is committed. Briefs are not rewritten here: see
    /// [`refresh_briefs`](Self::refresh_briefs). The search index holds the batch when this
    /// returns, unless commits are staged ([`stage_search_commits`](Self::stage_search_commits)).
    pub fn ingest(&mut self, articles: &[Article]) -> Result<Vec<Ingested>, StoreError> {
        self.writable()?;
        let result = self.ingest_transaction(articles);
        let (outcomes, moved, before, after) = match result {
            Ok(done) => done,
            Err(e) => {
                // The clusterer may have seen articles whose transaction rolled back: rebuild
                // it from what is committed.
                let (clusterer, checkpoint_seq) = restore_clusterer(&self.conn)?;
                self.clusterer = clusterer;
                self.checkpoint_seq = checkpoint_seq;
                return Err(e);
            }
        };
        self.index_batch(articles, &outcomes, &moved, before, after)?;
        let next_seq = next_seq(&self.conn)?;
        if next_seq - self.checkpoint_seq >= self.checkpoint_every {
            self.checkpoint()?;
        }
        Ok(outcomes)
    }

    /// Whether ingests are staged, as a bulk ingest wants: the search index is left uncommitted
    /// (searches do not see the articles yet) until 50,000 articles, 256 MB of text or 30
    /// seconds are staged, or until [`commit_search`](Self::commit_search) or the store is
    /// dropped; and SQLite does not wait for the disk at each batch (`synchronous = NORMAL`, the
    /// log checkpointed every 64 MB, not 4 MB), but at each index commit. Each index commit
    /// writes segments and merges them, and each sync waits for the disk, so a bulk ingest
    /// doing both at every batch spends much of its time there.
    ///
    /// Nothing is lost when the process dies (`kill -9`): SQLite's log is in the operating
    /// system's hands, and the index follows SQLite by change number and catches up when the
    /// store is opened next. A power cut may take back the batches since the last index commit,
    /// never more, and never leaves the database damaged.
    pub fn stage_search_commits(&mut self, staged: bool) -> Result<(), StoreError> {
        let (synchronous, log_pages) = if staged {
            ("NORMAL", STAGED_CHECKPOINT_PAGES)
        } else {
            ("FULL", DEFAULT_CHECKPOINT_PAGES)
        };
        if !self.read_only {
            self.conn.pragma_update(None, "synchronous", synchronous)?;
            self.conn
                .pragma_update(None, "wal_autocheckpoint", log_pages)?;
        }
        self.stage_search = staged;
        Ok(())
    }

    /// Commits what the search index holds beyond its last commit, and makes it visible to
    /// searches. With staged ingests, SQLite's log is synced to disk first, so the index never
    /// records a change a power cut could take back.
    pub fn commit_search(&mut self) -> Result<(), StoreError> {
        if self.stage_search && !self.read_only {
            // A passive checkpoint syncs the log before it copies it into the database.
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
        if self.staged.articles == 0 {
            return Ok(());
        }
        let committed = self.search.writer().commit(self.staged.change as u64);
        match committed {
            Ok(()) => {
                self.staged = Staged::committed(self.staged.change);
                self.search.reload()?;
                Ok(())
            }
            Err(e) => {
                // The commit rolled the writer back to the last commit: what the index lacks is
                // read from SQLite again by the next ingest (or open).
                self.staged = Staged::committed(self.search.indexed_change()? as i64);
                Err(e.into())
            }
        }
    }

    /// Puts the revisions a batch wrote (change numbers `before + 1..=after`) into the search
    /// index, with the articles a split moved to another story (`moved`, sequence numbers: their
    /// story changed), after any that an earlier failure or a full disk left out (read from
    /// SQLite), and commits the index unless commits are staged and no bound is reached.
    fn index_batch(
        &mut self,
        articles: &[Article],
        outcomes: &[Ingested],
        moved: &[i64],
        before: i64,
        after: i64,
    ) -> Result<(), StoreError> {
        if after > before {
            let put = self.put_batch(articles, outcomes, moved, before, after);
            if let Err(e) = put {
                // Back to the last commit; the next ingest (or open) reads the rest from SQLite.
                let mut writer = self.search.writer();
                let _ = writer.rollback();
                drop(writer);
                self.staged = Staged::committed(self.search.indexed_change()? as i64);
                return Err(e);
            }
        }
        if !self.stage_search || self.staged.full() {
            self.commit_search()?;
        }
        Ok(())
    }

    fn put_batch(
        &mut self,
        articles: &[Article],
        outcomes: &[Ingested],
        moved: &[i64],
        before: i64,
        after: i64,
    ) -> Result<(), StoreError> {
        let mut writer = self.search.writer();
        let (mut count, mut bytes) = (0, 0);
        if self.staged.change < before {
            (count, bytes) = index_articles(&self.conn, &mut writer, self.staged.change, before)?;
        }
        for (article, outcome) in articles.iter().zip(outcomes) {
            if outcome.status == IngestStatus::Unchanged {
                continue;
            }
            // Under the stored id: a revision found by its URL keeps the id first stored.
            writer.put(&IndexedArticle {
                id: &outcome.id,
                ..IndexedArticle::of(article, outcome.story)
            })?;
            count += 1;
            bytes += article.text.len();
        }
        // Articles a split moved: their story as stored now.
        let mut stmt = self
            .conn
            .prepare_cached("SELECT story, article FROM articles WHERE seq = ?1")?;
        for &seq in moved {
            let Some((story, json)) = stmt
                .query_row(params![seq], |row| {
                    Ok((row.get::<_, u64>(0)?, row.get::<_, String>(1)?))
                })
                .optional()?
            else {
                continue;
            };
            let article: Article = serde_json::from_str(&json)?;
            writer.put(&IndexedArticle::of(&article, story))?;
            count += 1;
            bytes += article.text.len();
        }
        drop(stmt);
        drop(writer);
        self.stage(count, bytes);
        self.staged.change = after;
        Ok(())
    }

    /// Counts `articles` revisions of `bytes` bytes of text as put into the index's writer.
    fn stage(&mut self, articles: usize, bytes: usize) {
        self.staged.articles += articles;
        self.staged.bytes += bytes;
        self.staged
            .since
            .get_or_insert_with(std::time::Instant::now);
    }

    /// Stores a batch in one transaction; returns the outcomes, the sequence numbers of the
    /// articles a split moved to another story, and the store's change number before and after
    /// it.
    fn ingest_transaction(
        &mut self,
        articles: &[Article],
    ) -> Result<(Vec<Ingested>, Vec<i64>, i64, i64), StoreError> {
        let tx = self.conn.transaction()?;
        let stamp = now();
        let before = meta_i64(&tx, "change")?.unwrap_or(0);
        let mut change = before;
        let mut seq = next_seq(&tx)?;
        let mut outcomes = Vec::with_capacity(articles.len());
        let mut moved: Vec<i64> = Vec::new();
        // New articles of this batch: sequence number -> outcome.
        let mut new_here: HashMap<i64, usize> = HashMap::new();
        // What needs no store (content hashes, JSON, and the clustering features of the
        // articles the store does not hold yet) is done in parallel on another thread, chunk
        // by chunk, while this one clusters and writes the chunk before.
        let found = articles
            .iter()
            .map(|article| find_existing(&tx, article))
            .collect::<Result<Vec<Option<Existing>>, _>>()?;
        let preparer = self.clusterer.preparer();
        std::thread::scope(|scope| -> Result<(), StoreError> {
            let (send, prepared) = std::sync::mpsc::sync_channel(2);
            let (preparer, found) = (&preparer, &found);
            scope.spawn(move || {
                for (chunk, found) in prepare_chunks(articles).zip(prepare_chunks(found)) {
                    let done = chunk
                        .par_iter()
                        .zip(found)
                        .map(|(article, found)| {
                            let features = found.is_none().then(|| {
                                preparer.prepare(&chorus::cluster::cluster_input(article))
                            });
                            let json = serde_json::to_string(article)?;
                            Ok((content_hash(article), json, features))
                        })
                        .collect::<Result<Vec<_>, StoreError>>();
                    // The receiver is gone when the writer stopped at an error.
                    if send.send(done).is_err() {
                        break;
                    }
                }
            });
            // Ids and URLs of this batch's articles so far: only these can have been stored
            // since `found` was read.
            let mut earlier: HashSet<&str> = HashSet::new();
            let chunks = prepare_chunks(articles).zip(prepare_chunks(found));
            for ((articles, found), prepared) in chunks.zip(prepared) {
                for ((article, found), (hash, json, features)) in
                    articles.iter().zip(found).zip(prepared?)
                {
                    let again = found.is_some()
                        || earlier.contains(article.id.as_str())
                        || article.url.as_deref().is_some_and(|u| earlier.contains(u));
                    earlier.insert(&article.id);
                    if let Some(url) = &article.url {
                        earlier.insert(url);
                    }
                    // Read again: earlier articles of the batch may have stored it, or merged
                    // or split its story.
                    let existing = if again {
                        find_existing(&tx, article)?
                    } else {
                        None
                    };
                    if let Some(existing) = existing {
                        let (outcome, now) =
                            store_known(&tx, article, existing, &hash, change, &stamp)?;
                        change = now;
                        outcomes.push(outcome);
                        continue;
                    }
                    // An article whose id or URL an earlier one of this batch had is prepared
                    // here.
                    let features = features.unwrap_or_else(|| {
                        self.clusterer
                            .prepare(&chorus::cluster::cluster_input(article))
                    });
                    let story = self.clusterer.add_prepared(features);
                    for merge in self.clusterer.take_merges() {
                        apply_merge(&tx, merge.from, merge.into, &stamp)?;
                    }
                    // A split moves recent articles, all stored already (never this one).
                    for m in self.clusterer.take_moves() {
                        let article = m.article as i64;
                        if apply_move(&tx, article, m.from, m.to, change + 1, &stamp)? {
                            change += 1;
                            moved.push(article);
                            if let Some(&i) = new_here.get(&article) {
                                outcomes[i].story = m.to;
                            }
                        }
                    }
                    change += 1;
                    tx.prepare_cached(
                        "INSERT INTO articles (seq, id, url, story, revision, change,
                         content_hash, ingested_at, article)
                         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        seq,
                        article.id,
                        article.url,
                        story,
                        change,
                        hash,
                        stamp,
                        json
                    ])?;
                    insert_revision(&tx, seq, 1, &hash, &stamp)?;
                    seq += 1;
                    let title = article.title.as_deref().unwrap_or_default();
                    tx.prepare_cached(
                        "INSERT INTO stories (id, title, articles, independent_sources, outlets,
                         first_seen, updated, stale) VALUES (?1, ?2, 0, 0, '[]', ?3, ?3, 1)
                         ON CONFLICT (id) DO NOTHING",
                    )?
                    .execute(params![story, title, stamp])?;
                    touch_story(&tx, story, &stamp)?;
                    new_here.insert(seq - 1, outcomes.len());
                    outcomes.push(Ingested {
                        id: article.id.clone(),
                        story,
                        revision: 1,
                        status: IngestStatus::New,
                    });
                }
            }
            Ok(())
        })?;
        set_meta(&tx, "change", change)?;
        // Stories an earlier article of this batch reported may have merged since.
        for outcome in &mut outcomes {
            outcome.story = self.clusterer.current_story(outcome.story);
        }
        tx.commit()?;
        moved.sort_unstable();
        moved.dedup();
        Ok((outcomes, moved, before, change))
    }

    /// Saves the clusterer's state, so the next open need not replay the articles before now.
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        self.writable()?;
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
        self.checkpoint_every =
            CHECKPOINT_EVERY.max(snapshot.len() as i64 / SNAPSHOT_BYTES_PER_ARTICLE);
        Ok(())
    }

    /// Stories whose briefs are out of date, the largest (most articles) first, so that a
    /// refresh rewrites the most read briefs first and each chunk's stories, briefed in
    /// parallel, are of a size.
    pub fn stale_stories(&self) -> Result<Vec<u64>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM stories s WHERE stale = 1 AND merged_into IS NULL
             ORDER BY (SELECT COUNT(*) FROM articles a WHERE a.story = s.id) DESC, id",
        )?;
        let ids = stmt
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<u64>, _>>()?;
        Ok(ids)
    }

    /// Rewrites the brief of every stale story (and only those), `REFRESH_CHUNK` stories per
    /// transaction, calling `progress(done, total)` after each chunk. Returns the stories whose
    /// briefs were rewritten. Each chunk goes through [`plan_refresh`](Self::plan_refresh),
    /// [`RefreshPlan::synthesize`] and [`write_briefs`](Self::write_briefs); a caller that shares
    /// the store between threads can run the middle step without holding it.
    pub fn refresh_briefs(
        &mut self,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Vec<u64>, StoreError> {
        self.writable()?;
        let stale = self.stale_stories()?;
        let mut done = Vec::with_capacity(stale.len());
        for chunk in stale.chunks(REFRESH_CHUNK) {
            let plan = self.plan_briefs(chunk)?;
            done.extend(self.write_briefs(plan.synthesize())?);
            progress(done.len(), stale.len());
        }
        self.retire_merged()?;
        Ok(done)
    }

    /// Reads what the briefs of up to `REFRESH_CHUNK` stale stories are written from: a short
    /// read, after which [`RefreshPlan::synthesize`] needs no access to the store.
    pub fn plan_refresh(&self) -> Result<RefreshPlan, StoreError> {
        let stale = self.stale_stories()?;
        self.plan_briefs(&stale[..stale.len().min(REFRESH_CHUNK)])
    }

    /// Rewrites the briefs of those of `stories` that are stale (one up to date or merged away
    /// is left as it is), `REFRESH_CHUNK` stories per transaction, and returns the stories
    /// whose briefs were rewritten. For a writer that changed these stories and leaves the
    /// other stale briefs to a background writer ([`plan_briefs`](Self::plan_briefs)).
    pub fn refresh_briefs_of(&mut self, stories: &[u64]) -> Result<Vec<u64>, StoreError> {
        self.writable()?;
        let mut stale: Vec<u64> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT 1 FROM stories WHERE id = ?1 AND stale = 1 AND merged_into IS NULL",
            )?;
            for &story in stories {
                if !stale.contains(&story) && stmt.exists(params![story])? {
                    stale.push(story);
                }
            }
        }
        let mut done = Vec::with_capacity(stale.len());
        for chunk in stale.chunks(REFRESH_CHUNK) {
            let plan = self.plan_briefs(chunk)?;
            done.extend(self.write_briefs(plan.synthesize())?);
        }
        self.retire_merged()?;
        Ok(done)
    }

    /// Reads what the briefs of `stories` are written from (a story merged away or unknown is
    /// left out): a short read, after which [`RefreshPlan::synthesize`] needs no access to the
    /// store, and [`write_briefs`](Self::write_briefs) writes each brief whose story did not
    /// change meanwhile. Plan at most a few dozen stories at a time, to keep the read short.
    pub fn plan_briefs(&self, stories: &[u64]) -> Result<RefreshPlan, StoreError> {
        let analyzer = Arc::clone(self.analyzer.get_or_init(|| Arc::new(Analyzer::new())));
        let fingerprint = self
            .fingerprint
            .get_or_init(|| kept::fingerprint(&analyzer));
        // One read transaction: each story's version, count and articles agree.
        let tx = self.conn.unchecked_transaction()?;
        let mut jobs = Vec::with_capacity(stories.len());
        for &story in stories {
            let Some((version, total)) = tx
                .query_row(
                    "SELECT version, (SELECT COUNT(*) FROM articles WHERE story = ?1)
                     FROM stories WHERE id = ?1 AND merged_into IS NULL",
                    params![story],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?
            else {
                continue;
            };
            jobs.push(BriefJob {
                story,
                version,
                total,
                articles: brief_articles(&tx, story, fingerprint)?,
            });
        }
        Ok(RefreshPlan {
            jobs,
            analyzer,
            options: self.options,
        })
    }

    /// Writes synthesized briefs in one short transaction, each only if its story has not
    /// changed since it was planned (a story that has stays stale for the next refresh).
    /// Returns the stories whose briefs were written.
    pub fn write_briefs(&mut self, briefs: SynthesizedBriefs) -> Result<Vec<u64>, StoreError> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        let mut written = Vec::with_capacity(briefs.0.len());
        for job in &briefs.0 {
            if write_brief(&tx, job)? {
                written.push(job.story);
            }
            // An analysis is kept whatever became of the story, for the revision it was made
            // of (if that is still the article's).
            for (seq, revision, basis, bytes) in &job.articles.analyses {
                tx.prepare_cached(
                    "INSERT INTO analyses (seq, revision, basis, analysis)
                     SELECT ?1, ?2, ?3, ?4 WHERE EXISTS
                         (SELECT 1 FROM articles WHERE seq = ?1 AND revision = ?2)
                     ON CONFLICT (seq) DO UPDATE SET revision = excluded.revision,
                         basis = excluded.basis, analysis = excluded.analysis",
                )?
                .execute(params![seq, revision, basis, bytes])?;
            }
        }
        tx.commit()?;
        Ok(written)
    }

    /// Stories merged away keep their last brief but are no longer refreshed.
    fn retire_merged(&self) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE stories SET stale = 0 WHERE stale = 1 AND merged_into IS NOT NULL",
            [],
        )?;
        Ok(())
    }

    /// Indexes every article revision the search index does not hold yet and commits it; an
    /// index ahead of the database (which then was restored from an older copy) is rebuilt.
    fn catch_up_search(&mut self) -> Result<(), StoreError> {
        let mut writer = self.search.writer();
        let indexed = self.search.indexed_change()? as i64;
        let latest = meta_i64(&self.conn, "change")?.unwrap_or(0);
        self.staged = Staged::committed(indexed.min(latest));
        if indexed == latest {
            return Ok(());
        }
        if indexed > latest {
            tracing::warn!(
                indexed,
                latest,
                "the search index is ahead of the database: rebuilding it from the store"
            );
            writer.clear()?;
            index_articles(&self.conn, &mut writer, 0, latest)?;
            writer.commit(latest as u64)?;
            drop(writer);
            self.staged = Staged::committed(latest);
            self.search.rebuilt()?;
            return Ok(());
        }
        index_articles(&self.conn, &mut writer, indexed, latest)?;
        writer.commit(latest as u64)?;
        drop(writer);
        self.staged = Staged::committed(latest);
        self.search.reload()?;
        Ok(())
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Best effort: what the index misses is read from SQLite at the next open, and a
        // missed checkpoint only means a longer replay.
        if let Err(e) = self.commit_search() {
            tracing::warn!(error = %e, "could not commit the search index");
        }
        if !self.read_only && next_seq(&self.conn).is_ok_and(|seq| seq > self.checkpoint_seq) {
            if let Err(e) = self.checkpoint() {
                tracing::warn!(error = %e, "could not checkpoint the clusterer");
            }
        }
    }
}

/// Puts every article revision with a change number in `after + 1..=latest` into the index
/// (uncommitted); returns how many and their text's bytes.
fn index_articles(
    conn: &Connection,
    writer: &mut SearchWriter,
    after: i64,
    latest: i64,
) -> Result<(usize, usize), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT story, article FROM articles WHERE change > ?1 AND change <= ?2 ORDER BY change",
    )?;
    let mut rows = stmt.query(params![after, latest])?;
    let (mut count, mut bytes) = (0, 0);
    while let Some(row) = rows.next()? {
        let story: u64 = row.get(0)?;
        let article: Article = serde_json::from_str(&row.get::<_, String>(1)?)?;
        writer.put(&IndexedArticle::of(&article, story))?;
        count += 1;
        bytes += article.text.len();
    }
    Ok((count, bytes))
}

/// Rebuilds a damaged index in place from what `conn` reads (one read transaction), unless
/// another search rebuilt it since `seen` (its count of rebuilds when the damage was met).
pub(crate) fn rebuild_search(
    conn: &Connection,
    search: &SearchIndex,
    seen: u64,
) -> Result<(), StoreError> {
    let mut writer = search.writer();
    if search.rebuilds() != seen {
        drop(writer);
        search.reload()?;
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    let latest = meta_i64(&tx, "change")?.unwrap_or(0);
    writer.clear()?;
    index_articles(&tx, &mut writer, 0, latest)?;
    writer.commit(latest as u64)?;
    drop(tx);
    drop(writer);
    search.rebuilt()?;
    Ok(())
}

/// An article already in the store.
struct Existing {
    seq: i64,
    id: String,
    story: u64,
    revision: u32,
    content_hash: String,
}

/// A batch in the chunks it is prepared in: a short first chunk, which the writer waits for,
/// then chunks of [`PREPARE_CHUNK`].
fn prepare_chunks<T>(items: &[T]) -> impl Iterator<Item = &[T]> {
    let (head, rest) = items.split_at(items.len().min(FIRST_PREPARE_CHUNK));
    std::iter::once(head).chain(rest.chunks(PREPARE_CHUNK))
}

/// Stores an article the store holds already (`existing`): nothing if its content is
/// unchanged, else a new revision of it. Returns its outcome and the change number after it.
fn store_known(
    tx: &Transaction,
    article: &Article,
    existing: Existing,
    hash: &str,
    change: i64,
    stamp: &str,
) -> Result<(Ingested, i64), StoreError> {
    if existing.content_hash == hash {
        let outcome = Ingested {
            id: existing.id,
            story: existing.story,
            revision: existing.revision,
            status: IngestStatus::Unchanged,
        };
        return Ok((outcome, change));
    }
    let change = change + 1;
    let revision = existing.revision + 1;
    // The stored id stays: a revision matched by URL keeps its first id.
    let mut stored = article.clone();
    stored.id = existing.id.clone();
    let json = serde_json::to_string(&stored)?;
    // The revision being replaced keeps its own copy of the article from now on.
    tx.prepare_cached(
        "UPDATE revisions SET article = (SELECT article FROM articles WHERE seq = ?1)
         WHERE seq = ?1 AND article = ''",
    )?
    .execute(params![existing.seq])?;
    tx.prepare_cached("DELETE FROM analyses WHERE seq = ?1")?
        .execute(params![existing.seq])?;
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
    insert_revision(tx, existing.seq, revision, hash, stamp)?;
    touch_story(tx, existing.story, stamp)?;
    let outcome = Ingested {
        id: existing.id,
        story: existing.story,
        revision,
        status: IngestStatus::Revised,
    };
    Ok((outcome, change))
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
        .prepare_cached(&format!("{COLUMNS} WHERE id = ?1"))?
        .query_row([&article.id], read)
        .optional()?
    {
        return Ok(Some(found));
    }
    match &article.url {
        Some(url) => tx
            .prepare_cached(&format!("{COLUMNS} WHERE url = ?1 ORDER BY seq LIMIT 1"))?
            .query_row([url], read)
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

/// Records an article's new current revision. Its text is the article row's (`article` is left
/// empty: the article is stored once); it is copied here when a later revision replaces it.
fn insert_revision(
    tx: &Transaction,
    seq: i64,
    revision: u32,
    hash: &str,
    stamp: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO revisions (seq, revision, content_hash, ingested_at, article)
         VALUES (?1, ?2, ?3, ?4, '')",
    )?
    .execute(params![seq, revision, hash, stamp])?;
    Ok(())
}

fn touch_story(tx: &Transaction, story: u64, stamp: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE stories SET stale = 1, updated = ?2, version = version + 1 WHERE id = ?1",
    )?
    .execute(params![story, stamp])?;
    Ok(())
}

/// A split moved the article of sequence number `seq` from story `from` to the new story `to`
/// (change number `change`); returns whether the store held it there (the clusterer counts
/// articles as the store numbers them, so it does unless the two have come apart).
fn apply_move(
    tx: &Transaction,
    seq: i64,
    from: u64,
    to: u64,
    change: i64,
    stamp: &str,
) -> rusqlite::Result<bool> {
    let moved = tx
        .prepare_cached(
            "UPDATE articles SET story = ?3, change = ?4 WHERE seq = ?1 AND story = ?2",
        )?
        .execute(params![seq, from, to, change])?;
    if moved == 0 {
        return Ok(false);
    }
    tx.prepare_cached(
        "INSERT INTO stories (id, title, articles, independent_sources, outlets, first_seen,
         updated, stale)
         SELECT ?1, COALESCE(json_extract(article, '$.title'), ''), 0, 0, '[]', ?3, ?3, 1
         FROM articles WHERE seq = ?2
         ON CONFLICT (id) DO NOTHING",
    )?
    .execute(params![to, seq, stamp])?;
    touch_story(tx, from, stamp)?;
    touch_story(tx, to, stamp)?;
    Ok(true)
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

/// The latest revisions of the articles a story's brief is written from, in arrival order: all
/// of them up to [`BRIEF_MAX_ARTICLES`], else the sample [`BRIEF_RULE`] describes. Only the
/// chosen articles are read.
fn brief_articles(
    conn: &Connection,
    story: u64,
    fingerprint: &str,
) -> Result<BriefSource, StoreError> {
    let mut chosen: Vec<i64> = conn
        .prepare_cached("SELECT seq FROM articles WHERE story = ?1 ORDER BY seq LIMIT ?2")?
        .query_map(params![story, BRIEF_EARLIEST], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if chosen.len() == BRIEF_EARLIEST {
        let earliest: HashSet<i64> = chosen.iter().copied().collect();
        let mut recent = conn.prepare_cached(
            "SELECT seq FROM articles WHERE story = ?1 ORDER BY change DESC, seq DESC LIMIT ?2",
        )?;
        let rows = recent.query_map(params![story, BRIEF_MAX_ARTICLES], |row| row.get(0))?;
        for seq in rows {
            let seq = seq?;
            if chosen.len() == BRIEF_MAX_ARTICLES {
                break;
            }
            if !earliest.contains(&seq) {
                chosen.push(seq);
            }
        }
        chosen.sort_unstable();
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.article, a.revision, c.revision, c.basis, c.analysis
         FROM articles a LEFT JOIN analyses c ON c.seq = a.seq WHERE a.seq = ?1",
    )?;
    let mut articles: Vec<Article> = Vec::with_capacity(chosen.len());
    let mut stored = Vec::with_capacity(chosen.len());
    for seq in chosen {
        let (json, revision, kept) = stmt.query_row(params![seq], |row| {
            let kept_revision: Option<u32> = row.get(2)?;
            let kept = match kept_revision {
                Some(r) => Some((r, row.get::<_, String>(3)?, row.get::<_, Vec<u8>>(4)?)),
                None => None,
            };
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?, kept))
        })?;
        articles.push(serde_json::from_str(&json)?);
        stored.push((seq, revision, kept));
    }
    let story_date = chorus::analyze::story_date(&articles);
    let analyses = articles
        .iter()
        .zip(stored)
        .map(|(article, (seq, revision, kept))| {
            let basis = kept::basis(fingerprint, article, story_date);
            let valid =
                kept.and_then(|(r, b, bytes)| (r == revision && b == basis).then_some(bytes));
            (seq, revision, basis, valid)
        })
        .collect();
    Ok(BriefSource {
        articles,
        analyses,
        story_date,
    })
}

/// Stores a story's brief and the columns and tables derived from it, if the story is still
/// at the version the brief was written from; returns whether it was.
fn write_brief(tx: &Transaction, job: &BriefJob<Written>) -> Result<bool, StoreError> {
    let (story, brief) = (job.story, &job.articles.brief);
    let Some(written) = brief.stories.first() else {
        return Ok(false);
    };
    let outlets: Vec<&str> = written
        .coverage
        .outlets
        .iter()
        .map(|o| o.outlet.as_str())
        .collect();
    let updated = tx.execute(
        "UPDATE stories SET title = ?2, articles = ?3, independent_sources = ?4, outlets = ?5,
         brief = ?6, stale = 0 WHERE id = ?1 AND version = ?7 AND merged_into IS NULL",
        params![
            story,
            written.title,
            job.total,
            written.coverage.independent_sources,
            serde_json::to_string(&outlets)?,
            serde_json::to_string(brief)?,
            job.version,
        ],
    )?;
    if updated == 0 {
        return Ok(false);
    }
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
    Ok(true)
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
    // An empty revision text is the article row's (the revision is still the current one).
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN r.article = '' THEN a.article ELSE r.article END
         FROM revisions r JOIN articles a ON a.seq = r.seq
         WHERE r.revision = 1 AND r.seq >= ?1 ORDER BY r.seq",
    )?;
    let mut rows = stmt.query(params![from])?;
    while let Some(row) = rows.next()? {
        let article: Article = serde_json::from_str(&row.get::<_, String>(0)?)?;
        clusterer.add(&chorus::cluster::cluster_input(&article));
        // Merges and moves were recorded when the article was first ingested.
        clusterer.take_merges();
        clusterer.take_moves();
    }
    Ok((clusterer, from))
}

/// Opens a read-only connection to the store in `dir`. A `degraded` one (for a store opened
/// read-only on a full disk) does not initialize the WAL's shared-memory file, which needs disk
/// space: it reads the WAL into its own memory instead (SQLite's `readonly_shm`), which needs the
/// `-wal` and `-shm` files to exist (empty ones take no space).
pub(crate) fn open_read_only(dir: &Path, degraded: bool) -> Result<Connection, StoreError> {
    let path = dir.join(DATABASE_FILE);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if degraded {
        for suffix in ["-wal", "-shm"] {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            let side = PathBuf::from(name);
            File::options()
                .create(true)
                .append(true)
                .open(&side)
                .map_err(io_error(&side))?;
        }
        Connection::open_with_flags(
            format!("file:{}?readonly_shm=1", uri_path(&path)),
            flags | OpenFlags::SQLITE_OPEN_URI,
        )?
    } else {
        Connection::open_with_flags(&path, flags)?
    };
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // A reader's page cache: the story list and search read the same upper pages of the
    // articles and stories tables again and again (the default 2 MB leaves a 1M-article
    // store's reads to the kernel, a system call a page).
    conn.pragma_update(None, "cache_size", -READER_CACHE_KIB)?;
    Ok(conn)
}

/// Page cache of a read connection, in KiB.
const READER_CACHE_KIB: i64 = 16 * 1024;

/// A path as the path of an SQLite `file:` URI: every byte but unreserved ones and `/`
/// percent-encoded (`?`, `#` and `%` would otherwise end or escape it). Written here because
/// it is one line of a rule; no crate of the workspace encodes URI paths.
fn uri_path(path: &Path) -> String {
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
