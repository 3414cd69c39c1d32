//! Reading the store: story lists, briefs, articles, search, entities, feeds.

use crate::query_syntax::{self, SearchQuery};
use crate::search::{SearchError, SearchHit, SearchIndex};
use crate::{open_read_only, Feed, StoreError};
use chorus_core::Article;
use chorus_synthesize::brief::Brief;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Most stories or entities one page may hold.
pub const MAX_LIMIT: usize = 200;

/// Most articles a search may return.
pub const MAX_HITS: usize = 100;

/// A story-list text filter (`q`) whose terms are in more articles than this (together) scans
/// the stories newest first, a chunk at a time, instead of collecting every matching article.
const Q_SCAN_ABOVE: u64 = 5_000;

/// Stories in the first chunk a scanning text filter asks the index about; each next chunk is
/// twice as large, up to [`Q_SCAN_MAX_CHUNK`].
const Q_SCAN_FIRST_CHUNK: usize = 64;

/// Most stories in one chunk of a scanning text filter.
const Q_SCAN_MAX_CHUNK: usize = 1_024;

/// Why a query was refused (the caller's fault, unlike a [`StoreError`]).
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A parameter is malformed.
    #[error("invalid {name}: {reason}")]
    Invalid {
        /// The parameter.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for QueryError {
    fn from(e: rusqlite::Error) -> Self {
        QueryError::Store(e.into())
    }
}

impl From<serde_json::Error> for QueryError {
    fn from(e: serde_json::Error) -> Self {
        QueryError::Store(e.into())
    }
}

/// Filters and paging of the story list.
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Stories updated at or after this time (ISO 8601 date or date-time).
    pub since: Option<String>,
    /// Stories updated before this time.
    pub until: Option<String>,
    /// Stories naming this entity (case-insensitive).
    pub entity: Option<String>,
    /// Stories covered by this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Stories with an article matching this search query.
    pub q: Option<String>,
    /// Stories per page (default 20, at most [`MAX_LIMIT`]).
    pub limit: Option<usize>,
    /// Where the previous page ended (its `next`).
    pub cursor: Option<String>,
}

/// One story in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryListItem {
    /// Story id.
    pub id: String,
    /// Headline of the story (from its brief).
    pub title: String,
    /// Articles in the story.
    pub articles: u32,
    /// Independent sources (a syndication group counts once).
    pub independent_sources: u32,
    /// Outlets that covered it.
    pub outlets: Vec<String>,
    /// When the store first saw the story.
    pub first_seen: String,
    /// When the story last changed.
    pub updated: String,
}

/// A page of the story list, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryPage {
    /// The stories.
    pub stories: Vec<StoryListItem>,
    /// Cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// A stored article with its place in the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRecord {
    /// The latest revision.
    #[serde(flatten)]
    pub article: Article,
    /// The story it belongs to.
    pub story: String,
    /// Its latest revision number, from 1.
    pub revision: u32,
    /// When the latest revision was ingested.
    pub ingested_at: String,
}

/// An entity across stories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    /// Its name as the briefs give it.
    pub name: String,
    /// PERSON, ORG, PLACE…
    pub kind: String,
    /// Stories that name it.
    pub stories: u32,
}

/// A quote an entity gave, with where it was reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityQuote {
    /// The quoted words.
    pub text: String,
    /// The story.
    pub story: String,
    /// Articles that carry it.
    pub sources: Vec<String>,
}

/// Everything the store knows of one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRecord {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// Roles it was given (titles, jobs), across stories.
    pub roles: Vec<String>,
    /// Stories naming it, newest first.
    pub stories: Vec<StoryListItem>,
    /// Its quotes, newest story first.
    pub quotes: Vec<EntityQuote>,
}

/// A read-only view of a store, for one thread at a time (open one per thread).
pub struct Reader {
    conn: Connection,
    search: SearchIndex,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").finish_non_exhaustive()
    }
}

const STORY_COLUMNS: &str =
    "id, title, articles, independent_sources, outlets, first_seen, updated";

fn story_item(row: &rusqlite::Row) -> rusqlite::Result<StoryListItem> {
    let outlets: String = row.get(4)?;
    Ok(StoryListItem {
        id: row.get::<_, i64>(0)?.to_string(),
        title: row.get(1)?,
        articles: row.get(2)?,
        independent_sources: row.get(3)?,
        outlets: serde_json::from_str(&outlets).unwrap_or_default(),
        first_seen: row.get(5)?,
        updated: row.get(6)?,
    })
}

/// A time parameter as stored (RFC 3339 UTC, milliseconds): a date means its midnight.
fn normalize_time(name: &'static str, value: &str) -> Result<String, QueryError> {
    let value = value.trim();
    let invalid = || QueryError::Invalid {
        name,
        reason: format!("{value:?} is not an ISO 8601 date (YYYY-MM-DD) or RFC 3339 date-time"),
    };
    if let Ok(date) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(format!("{date}T00:00:00.000Z"));
    }
    let time = chrono::DateTime::parse_from_rfc3339(value).map_err(|_| invalid())?;
    Ok(time
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string())
}

/// A story id parameter: a number SQLite can hold (0 to `i64::MAX`).
pub fn parse_story_id(id: &str) -> Result<u64, QueryError> {
    id.parse::<u64>()
        .ok()
        .filter(|&n| i64::try_from(n).is_ok())
        .ok_or_else(|| QueryError::Invalid {
            name: "story id",
            reason: format!(
                "{:?} is not a story id (a number from 0 to {})",
                truncate(id, 40),
                i64::MAX
            ),
        })
}

/// At most `max` characters of `text`, with an ellipsis when cut (for messages).
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A search query parameter, parsed; refused with the grammar's message.
fn parse_search(name: &'static str, q: &str) -> Result<SearchQuery, QueryError> {
    query_syntax::parse(q).map_err(|e| QueryError::Invalid {
        name,
        reason: e.to_string(),
    })
}

/// Opens [`Reader`]s without the [`Store`](crate::Store): a cheap handle that any thread may
/// keep, so that readers never wait for the writer.
#[derive(Clone)]
pub struct ReaderSource {
    dir: PathBuf,
    search: SearchIndex,
    degraded: bool,
}

impl std::fmt::Debug for ReaderSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReaderSource")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl ReaderSource {
    /// A new reader with its own read-only connection, sharing the store's search index.
    pub fn open(&self) -> Result<Reader, StoreError> {
        Reader::open(&self.dir, self.search.clone(), self.degraded)
    }
}

impl crate::Store {
    /// A handle that opens readers of this store from any thread, without this `Store`.
    pub fn reader_source(&self) -> ReaderSource {
        ReaderSource {
            dir: self.dir.clone(),
            search: self.search.clone(),
            degraded: self.is_read_only(),
        }
    }
}

impl Reader {
    pub(crate) fn open(
        dir: &Path,
        search: SearchIndex,
        degraded: bool,
    ) -> Result<Reader, StoreError> {
        Ok(Reader {
            conn: open_read_only(dir, degraded)?,
            search,
        })
    }

    /// Stories newest first (by last update), filtered and paged.
    pub fn stories(&self, query: &StoryQuery) -> Result<StoryPage, QueryError> {
        self.stories_scanning_above(query, Q_SCAN_ABOVE)
    }

    /// [`stories`](Self::stories), scanning the newest stories for a text filter that may
    /// match more than `scan_above` articles.
    fn stories_scanning_above(
        &self,
        query: &StoryQuery,
        scan_above: u64,
    ) -> Result<StoryPage, QueryError> {
        let limit = query.limit.unwrap_or(20);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(QueryError::Invalid {
                name: "limit",
                reason: format!("must be between 1 and {MAX_LIMIT}"),
            });
        }
        // The filters; the columns are chosen below, once the text filter is known.
        let mut sql = String::from(" FROM stories WHERE merged_into IS NULL");
        let mut args: Vec<Value> = Vec::new();
        if let Some(since) = &query.since {
            args.push(Value::Text(normalize_time("since", since)?));
            sql.push_str(&format!(" AND updated >= ?{}", args.len()));
        }
        if let Some(until) = &query.until {
            args.push(Value::Text(normalize_time("until", until)?));
            sql.push_str(&format!(" AND updated < ?{}", args.len()));
        }
        if let Some(entity) = &query.entity {
            args.push(Value::Text(entity.trim().to_owned()));
            sql.push_str(&format!(
                " AND id IN (SELECT story FROM story_entities WHERE name = ?{})",
                args.len()
            ));
        }
        if let Some(outlet) = &query.outlet {
            args.push(Value::Text(outlet.trim().to_owned()));
            sql.push_str(&format!(
                " AND id IN (SELECT story FROM story_outlets WHERE outlet = ?{})",
                args.len()
            ));
        }
        // A text filter matching few articles lists their stories (as they are now: merges
        // followed) to SQL; one matching many scans the newest stories and asks the index
        // which of each chunk have a matching article, so it stops as soon as a page is full.
        let mut scan: Option<SearchQuery> = None;
        if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let parsed = parse_search("q", q)?;
            let estimate = self.repairing(|search| search.matches_at_most(&parsed))?;
            if estimate > scan_above {
                scan = Some(parsed);
            } else {
                let indexed = self.repairing(|search| search.matching_stories(&parsed))?;
                let mut listed: Vec<u64> = self.current_stories(&indexed)?.into_iter().collect();
                listed.sort_unstable();
                args.push(Value::Text(serde_json::to_string(&listed)?));
                sql.push_str(&format!(
                    " AND id IN (SELECT value FROM json_each(?{}))",
                    args.len()
                ));
            }
        }
        if let Some(cursor) = &query.cursor {
            let (updated, id) = parse_cursor(cursor)?;
            args.push(Value::Text(updated));
            args.push(Value::Integer(id));
            sql.push_str(&format!(
                " AND (updated, id) < (?{}, ?{})",
                args.len() - 1,
                args.len()
            ));
        }
        sql.push_str(" ORDER BY updated DESC, id DESC");
        let mut stories = Vec::with_capacity(limit + 1);
        match &scan {
            None => {
                let sql = format!("SELECT {STORY_COLUMNS}{sql} LIMIT {}", limit + 1);
                let mut stmt = self.conn.prepare_cached(&sql)?;
                for item in stmt.query_map(params_from_iter(args), story_item)? {
                    stories.push(item?);
                }
            }
            Some(parsed) => {
                // Only the ids are scanned (the listing index holds them); the rows are read
                // for the stories of the page alone.
                let mut stmt = self.conn.prepare_cached(&format!("SELECT id{sql}"))?;
                let mut ids = stmt.query_map(params_from_iter(args), |row| row.get::<_, u64>(0))?;
                let mut listed: Vec<u64> = Vec::with_capacity(limit + 1);
                let mut chunk_size = Q_SCAN_FIRST_CHUNK;
                while listed.len() <= limit {
                    let chunk = ids
                        .by_ref()
                        .take(chunk_size)
                        .collect::<Result<Vec<u64>, _>>()?;
                    if chunk.is_empty() {
                        break;
                    }
                    let matched = self.stories_matching_in(parsed, &chunk)?;
                    listed.extend(
                        chunk
                            .into_iter()
                            .filter(|id| matched.contains(id))
                            .take(limit + 1 - listed.len()),
                    );
                    chunk_size = (chunk_size * 2).min(Q_SCAN_MAX_CHUNK);
                }
                let mut row = self.conn.prepare_cached(&format!(
                    "SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1"
                ))?;
                for id in listed {
                    stories.push(row.query_row(params![id], story_item)?);
                }
            }
        }
        let next = if stories.len() > limit {
            stories.truncate(limit);
            stories.last().map(|s| format!("{}_{}", s.updated, s.id))
        } else {
            None
        };
        Ok(StoryPage { stories, next })
    }

    /// The live stories that the stories `indexed` (as the search index recorded them) now
    /// are: each itself, or the story it merged into.
    fn current_stories(&self, indexed: &[u64]) -> Result<HashSet<u64>, QueryError> {
        let merges = self.merges_of(indexed)?;
        Ok(indexed
            .iter()
            .map(|story| merges.get(story).copied().unwrap_or(*story))
            .collect())
    }

    /// Of the stories `indexed`, those merged into another: story -> the live story it is now
    /// part of (a merge points every story merged before at the new one, so one step is all).
    fn merges_of(&self, indexed: &[u64]) -> Result<HashMap<u64, u64>, QueryError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL
             AND id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([serde_json::to_string(indexed)?], |row| {
            Ok((row.get::<_, u64>(0)?, row.get::<_, u64>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Of the live stories `live`, those with an article matching `query`: the index is asked
    /// about them and about the stories merged into them (their articles may be indexed under
    /// those ids).
    fn stories_matching_in(
        &self,
        query: &SearchQuery,
        live: &[u64],
    ) -> Result<HashSet<u64>, QueryError> {
        let mut merged_into: HashMap<u64, u64> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, merged_into FROM stories WHERE merged_into IN
             (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([serde_json::to_string(live)?], |row| {
            Ok((row.get::<_, u64>(0)?, row.get::<_, u64>(1)?))
        })?;
        for row in rows {
            let (from, into) = row?;
            merged_into.insert(from, into);
        }
        let mut among: Vec<u64> = live.iter().chain(merged_into.keys()).copied().collect();
        among.sort_unstable();
        let matched = self.repairing(|search| search.matching_stories_among(query, &among))?;
        Ok(matched
            .into_iter()
            .map(|story| merged_into.get(&story).copied().unwrap_or(story))
            .collect())
    }

    /// The story a story id now is (itself, or the story it merged into), if it exists.
    pub fn resolve_story(&self, id: u64) -> Result<Option<u64>, QueryError> {
        let mut current = id;
        // Merge chains are short; the bound guards against a cycle in a damaged store.
        for _ in 0..64 {
            let merged: Option<Option<u64>> = self
                .conn
                .query_row(
                    "SELECT merged_into FROM stories WHERE id = ?1",
                    params![current],
                    |row| row.get(0),
                )
                .optional()?;
            match merged {
                None => return Ok(None),
                Some(None) => return Ok(Some(current)),
                Some(Some(next)) => current = next,
            }
        }
        Ok(Some(current))
    }

    /// A story's brief (`chorus.brief/1`) as stored JSON, following merges; `None` when no such
    /// story exists. A story whose first brief is not written yet has an empty brief.
    pub fn brief_json(&self, id: u64) -> Result<Option<String>, QueryError> {
        let Some(current) = self.resolve_story(id)? else {
            return Ok(None);
        };
        let brief: Option<String> = self.conn.query_row(
            "SELECT brief FROM stories WHERE id = ?1",
            params![current],
            |row| row.get(0),
        )?;
        Ok(Some(brief.unwrap_or_else(|| {
            format!(
                r#"{{"schema":"{}","stories":[],"articles":[]}}"#,
                chorus_synthesize::brief::SCHEMA
            )
        })))
    }

    /// The story `id` stands for now (followed through merges) if its brief has not been
    /// written yet (its ingest deferred it): [`brief_json`](Self::brief_json) then gives an
    /// empty brief. `None` when the brief is written or there is no such story.
    pub fn unwritten_brief(&self, id: u64) -> Result<Option<u64>, QueryError> {
        let Some(current) = self.resolve_story(id)? else {
            return Ok(None);
        };
        let unwritten: bool = self.conn.query_row(
            "SELECT brief IS NULL FROM stories WHERE id = ?1",
            params![current],
            |row| row.get(0),
        )?;
        Ok(unwritten.then_some(current))
    }

    /// A story's brief, decoded.
    pub fn brief(&self, id: u64) -> Result<Option<Brief>, QueryError> {
        match self.brief_json(id)? {
            Some(json) => Ok(Some(serde_json::from_str(&json)?)),
            None => Ok(None),
        }
    }

    /// One story's list entry, following merges.
    pub fn story(&self, id: u64) -> Result<Option<StoryListItem>, QueryError> {
        let Some(current) = self.resolve_story(id)? else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1"),
                params![current],
                story_item,
            )
            .optional()?)
    }

    /// A stored article (its latest revision).
    pub fn article(&self, id: &str) -> Result<Option<ArticleRecord>, QueryError> {
        let row: Option<(String, i64, u32, String)> = self
            .conn
            .query_row(
                "SELECT article, story, revision, ingested_at FROM articles WHERE id = ?1",
                params![id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        let Some((json, story, revision, ingested_at)) = row else {
            return Ok(None);
        };
        Ok(Some(ArticleRecord {
            article: serde_json::from_str(&json)?,
            story: story.to_string(),
            revision,
            ingested_at,
        }))
    }

    /// Articles matching a search query, best first, each with its current story.
    pub fn search(&self, q: &str, limit: usize) -> Result<Vec<SearchHit>, QueryError> {
        let parsed = parse_search("q", q)?;
        let mut hits = self.repairing(|search| search.search(&parsed, limit.clamp(1, MAX_HITS)))?;
        if hits.is_empty() {
            return Ok(hits);
        }
        // Each hit's current story: the index keeps the story it was indexed in (a split's
        // moves are indexed again), which a merge may have joined to another since.
        let indexed: Vec<u64> = hits.iter().map(|hit| hit.story).collect();
        let merges = self.merges_of(&indexed)?;
        for hit in &mut hits {
            if let Some(&into) = merges.get(&hit.story) {
                hit.story = into;
            }
        }
        Ok(hits)
    }

    /// Runs a search; when it meets a damaged index, rebuilds the index from the store and runs
    /// it once more. A query the index refuses is the caller's fault (`q` is invalid); any
    /// other failure is the store's.
    ///
    /// Tantivy panics on some damaged segments (out-of-bounds reads in postings or the document
    /// store) instead of returning an error: the panic is caught and taken as damage, since a
    /// search never panics on a sound index.
    fn repairing<T>(
        &self,
        run: impl Fn(&SearchIndex) -> Result<T, SearchError>,
    ) -> Result<T, QueryError> {
        let attempt = || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&self.search)))
                .unwrap_or_else(|panic| {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    Err(SearchError::Damaged(tantivy::TantivyError::InternalError(
                        format!("reading the index panicked: {what}"),
                    )))
                })
        };
        let seen = self.search.rebuilds();
        let result = match attempt() {
            Err(SearchError::Damaged(e)) => {
                tracing::warn!(error = %e, "a search met a damaged index: rebuilding it from the store");
                crate::rebuild_search(&self.conn, &self.search, seen)?;
                attempt()
            }
            other => other,
        };
        result.map_err(|e| match e {
            SearchError::Query(_) => QueryError::Invalid {
                name: "q",
                reason: e.to_string(),
            },
            e => QueryError::Store(e.into()),
        })
    }

    /// Entities named in the most stories, optionally only those whose name contains `q`.
    pub fn entities(
        &self,
        q: Option<&str>,
        limit: usize,
    ) -> Result<Vec<EntitySummary>, QueryError> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let pattern = format!(
            "%{}%",
            q.unwrap_or_default()
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = self.conn.prepare(
            "SELECT e.name, MIN(e.kind), COUNT(*) AS n FROM story_entities e
             JOIN stories s ON s.id = e.story AND s.merged_into IS NULL
             WHERE e.name LIKE ?1 ESCAPE '\\'
             GROUP BY e.name ORDER BY n DESC, e.name LIMIT ?2",
        )?;
        let entities = stmt
            .query_map(params![pattern, limit], |row| {
                Ok(EntitySummary {
                    name: row.get(0)?,
                    kind: row.get(1)?,
                    stories: row.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(entities)
    }

    /// One entity: its stories, roles and quotes; `None` when no story names it.
    pub fn entity(&self, name: &str) -> Result<Option<EntityRecord>, QueryError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.name, e.kind, e.roles, {} FROM story_entities e
             JOIN stories s ON s.id = e.story AND s.merged_into IS NULL
             WHERE e.name = ?1 ORDER BY s.updated DESC, s.id DESC LIMIT {MAX_LIMIT}",
            STORY_COLUMNS
                .split(", ")
                .map(|c| format!("s.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt
            .query_map(params![name.trim()], |row| {
                let roles: String = row.get(2)?;
                let story = StoryListItem {
                    id: row.get::<_, i64>(3)?.to_string(),
                    title: row.get(4)?,
                    articles: row.get(5)?,
                    independent_sources: row.get(6)?,
                    outlets: serde_json::from_str(&row.get::<_, String>(7)?).unwrap_or_default(),
                    first_seen: row.get(8)?,
                    updated: row.get(9)?,
                };
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    roles,
                    story,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let Some((first_name, kind, _, _)) = rows.first().cloned() else {
            return Ok(None);
        };
        let mut roles: Vec<String> = Vec::new();
        let mut quotes = Vec::new();
        let mut stories = Vec::new();
        for (_, _, story_roles, story) in rows {
            for role in serde_json::from_str::<Vec<String>>(&story_roles).unwrap_or_default() {
                if !roles.contains(&role) {
                    roles.push(role);
                }
            }
            if let Some(brief) = self.brief(parse_story_id(&story.id)?)? {
                for written in &brief.stories {
                    for quote in &written.quotes {
                        if quote
                            .speaker
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case(&first_name))
                        {
                            quotes.push(EntityQuote {
                                text: quote.text.clone(),
                                story: story.id.clone(),
                                sources: quote.sources.clone(),
                            });
                        }
                    }
                }
            }
            stories.push(story);
        }
        Ok(Some(EntityRecord {
            name: first_name,
            kind,
            roles,
            stories,
            quotes,
        }))
    }

    /// Every feed, in the order added.
    pub fn feeds(&self) -> Result<Vec<Feed>, QueryError> {
        Ok(crate::feeds::list(&self.conn)?)
    }

    /// Counts of articles, live stories and feeds.
    pub fn counts(&self) -> Result<(u64, u64, u64), QueryError> {
        Ok(self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM articles),
                    (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL),
                    (SELECT COUNT(*) FROM feeds)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?)
    }
}

/// A story-list cursor: `<updated>_<id>`.
fn parse_cursor(cursor: &str) -> Result<(String, i64), QueryError> {
    let invalid = || QueryError::Invalid {
        name: "cursor",
        reason: "not a cursor this server returned".into(),
    };
    let (updated, id) = cursor.rsplit_once('_').ok_or_else(invalid)?;
    let id: i64 = id.parse().map_err(|_| invalid())?;
    if updated.len() != 24 || chrono::DateTime::parse_from_rfc3339(updated).is_err() {
        return Err(invalid());
    }
    Ok((updated.to_owned(), id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    /// An article of invented words of its own, with `shared` in it when asked.
    fn article(n: usize, shared: bool) -> Article {
        let syllables = [
            "ka", "vel", "mor", "tin", "dra", "quen", "zo", "pha", "gor", "nes",
        ];
        let word = |k: usize| -> String {
            let mut w = String::new();
            let mut x = n * 7919 + k * 104_729;
            for _ in 0..4 {
                w.push_str(syllables[x % syllables.len()]);
                x /= syllables.len();
            }
            w
        };
        let mut text: Vec<String> = (0..12).map(word).collect();
        if shared {
            text.push("lighthouse".to_owned());
        }
        Article {
            id: format!("a{n}"),
            source_path: format!("a{n}.txt"),
            url: None,
            title: Some(word(99)),
            byline: None,
            published: None,
            outlet: None,
            language: Some("en".to_owned()),
            text: text.join(" ") + ".",
            furniture_dates: Vec::new(),
        }
    }

    #[test]
    fn a_filter_scanned_lists_the_stories_a_listed_filter_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let articles: Vec<Article> = (0..60).map(|n| article(n, n % 3 != 0)).collect();
        store.ingest(&articles).unwrap();
        let reader = store.reader().unwrap();
        for q in ["lighthouse", "lighthouse OR zeppelin", "zeppelin"] {
            for limit in [1, 7, 200] {
                let mut pages = [Vec::new(), Vec::new()];
                for (scan_above, pages) in [u64::MAX, 0].into_iter().zip(&mut pages) {
                    let mut cursor = None;
                    loop {
                        let query = StoryQuery {
                            q: Some(q.to_owned()),
                            limit: Some(limit),
                            cursor: cursor.clone(),
                            ..Default::default()
                        };
                        let page = reader.stories_scanning_above(&query, scan_above).unwrap();
                        pages.push(
                            page.stories
                                .iter()
                                .map(|s| s.id.clone())
                                .collect::<Vec<_>>(),
                        );
                        match page.next {
                            Some(next) => cursor = Some(next),
                            None => break,
                        }
                    }
                }
                assert_eq!(pages[0], pages[1], "q {q}, limit {limit}");
                let found: usize = pages[0].iter().map(Vec::len).sum();
                if q == "zeppelin" {
                    assert_eq!(found, 0);
                } else {
                    assert!(found >= 20, "q {q}: {found} stories");
                }
            }
        }
    }

    /// The stories the filter `lighthouse` lists, page after page, with either way of running
    /// it, each asserted to be `saying`'s (the articles that say the word now) stories.
    fn assert_lighthouse_stories(store: &Store, saying: &[bool]) {
        let reader = store.reader().unwrap();
        let mut expected: Vec<String> = saying
            .iter()
            .enumerate()
            .filter(|(_, says)| **says)
            .map(|(n, _)| reader.article(&format!("a{n}")).unwrap().unwrap().story)
            .collect();
        expected.sort();
        expected.dedup();
        assert!(!expected.is_empty());
        for scan_above in [u64::MAX, 0] {
            for limit in [1, 3, 200] {
                let mut listed: Vec<StoryListItem> = Vec::new();
                let mut cursor = None;
                loop {
                    let query = StoryQuery {
                        q: Some("lighthouse".to_owned()),
                        limit: Some(limit),
                        cursor: cursor.clone(),
                        ..Default::default()
                    };
                    let page = reader.stories_scanning_above(&query, scan_above).unwrap();
                    assert!(page.stories.len() <= limit);
                    listed.extend(page.stories);
                    match page.next {
                        Some(next) => cursor = Some(next),
                        None => break,
                    }
                }
                let order: Vec<(&str, i64)> = listed
                    .iter()
                    .map(|s| (s.updated.as_str(), s.id.parse().unwrap()))
                    .collect();
                assert!(
                    order.windows(2).all(|w| w[0] > w[1]),
                    "newest first, no repeats: scan_above {scan_above}, limit {limit}"
                );
                let mut ids: Vec<String> = listed.into_iter().map(|s| s.id).collect();
                ids.sort();
                assert_eq!(ids, expected, "scan_above {scan_above}, limit {limit}");
            }
        }
    }

    #[test]
    fn the_filter_lists_the_stories_of_the_articles_that_match_now() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut saying: Vec<bool> = (0..60).map(|n| n % 4 == 0).collect();
        // Three batches: three index segments.
        for batch in (0..60).collect::<Vec<usize>>().chunks(20) {
            let articles: Vec<Article> = batch.iter().map(|&n| article(n, saying[n])).collect();
            store.ingest(&articles).unwrap();
        }
        assert_lighthouse_stories(&store, &saying);
        // Revisions: two articles stop saying the word (their replaced revisions must not
        // count), two start.
        let revised = [0, 8, 13, 21];
        for n in revised {
            saying[n] = !saying[n];
        }
        let articles: Vec<Article> = revised.iter().map(|&n| article(n, saying[n])).collect();
        let outcomes = store.ingest(&articles).unwrap();
        assert!(outcomes
            .iter()
            .all(|o| o.status == crate::IngestStatus::Revised));
        assert_lighthouse_stories(&store, &saying);
    }
}
