//! Full-text search over article titles and texts: a tantivy index beside the SQLite file.
//!
//! SQLite is the source of truth; the index follows it. Every article revision carries the
//! store-wide change number at which it was written, and each index commit records (as its
//! payload) the store's id and the highest change number it holds. On open, an index that lags
//! is brought up to date from SQLite; an index that cannot be opened, fails the checksum of a
//! segment file not checked at an earlier open (`checked-files.txt`), belongs
//! to another store (another id) or is ahead of the database is rebuilt from SQLite; a search
//! that meets a damaged segment rebuilds the index and runs again. The index is never deleted
//! because its writer lock is busy: that means another process holds it.

use crate::query_syntax::{self, Clause, QuerySyntaxError, SearchFields, SearchQuery};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, Value, FAST, INDEXED, STORED, STRING, TEXT,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    doc, DocAddress, DocId, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyDocument, Term, TERMINATED,
};

/// Collects the distinct `story` fast-field values of the matching documents, without scores.
struct StoryCollector;

/// [`StoryCollector`] within one segment.
struct SegmentStories {
    column: tantivy::columnar::Column<u64>,
    stories: Vec<u64>,
}

impl Collector for StoryCollector {
    type Fruit = Vec<u64>;
    type Child = SegmentStories;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentStories> {
        Ok(SegmentStories {
            column: reader.fast_fields().u64("story")?,
            stories: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        let mut stories = fruits.concat();
        stories.sort_unstable();
        stories.dedup();
        Ok(stories)
    }
}

impl SegmentCollector for SegmentStories {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        if let Some(story) = self.column.first(doc) {
            // A story's articles are often indexed together: skip the plain repeats here.
            if self.stories.last() != Some(&story) {
                self.stories.push(story);
            }
        }
    }

    fn harvest(self) -> Vec<u64> {
        let mut stories = self.stories;
        stories.sort_unstable();
        stories.dedup();
        stories
    }
}

/// The weights of a query's groups, made once per search and opened on each segment as
/// [`SegmentMatches`]. Nothing is scored.
struct MatchWeights {
    required: Vec<Vec<Box<dyn Weight>>>,
    excluded: Vec<Vec<Box<dyn Weight>>>,
}

impl MatchWeights {
    fn new(clauses: Vec<Clause>, searcher: &Searcher) -> Result<MatchWeights, SearchError> {
        let scoring = EnableScoring::disabled_from_searcher(searcher);
        let mut weights = MatchWeights {
            required: Vec::new(),
            excluded: Vec::new(),
        };
        for clause in clauses {
            let group = clause
                .alternatives
                .iter()
                .map(|query| query.weight(scoring))
                .collect::<tantivy::Result<Vec<_>>>()
                .map_err(SearchError::reading)?;
            match clause.occur {
                Occur::MustNot => weights.excluded.push(group),
                _ => weights.required.push(group),
            }
        }
        Ok(weights)
    }

    fn open(&self, segment: &SegmentReader) -> Result<SegmentMatches, SearchError> {
        let open = |groups: &[Vec<Box<dyn Weight>>]| {
            groups
                .iter()
                .map(|group| {
                    group
                        .iter()
                        .map(|weight| weight.scorer(segment, 1.0))
                        .collect::<tantivy::Result<Vec<_>>>()
                })
                .collect::<tantivy::Result<Vec<_>>>()
                .map_err(SearchError::reading)
        };
        let mut matches = SegmentMatches {
            required: open(&self.required)?,
            excluded: open(&self.excluded)?,
            doc: 0,
        };
        matches.doc = matches.find(0);
        Ok(matches)
    }
}

/// The documents of one segment that match a query, in order, found by skipping: a group's
/// alternatives are read side by side (not buffered, unlike tantivy's union, whose every skip
/// reads a window of thousands of documents), the required groups skip over each other, and a
/// document of an excluded group is passed over.
struct SegmentMatches {
    required: Vec<Vec<Box<dyn Scorer>>>,
    excluded: Vec<Vec<Box<dyn Scorer>>>,
    /// The current match ([`TERMINATED`] past the last).
    doc: DocId,
}

impl SegmentMatches {
    /// The current match.
    fn doc(&self) -> DocId {
        self.doc
    }

    /// The first match at or after `target` (the current one if it is not before `target`).
    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.find(target);
        }
        self.doc
    }

    /// The next match.
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.find(self.doc + 1);
        }
        self.doc
    }

    /// An upper bound of the matches: the smallest required group's documents.
    fn size_hint(&self) -> u32 {
        self.required
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|scorer| scorer.size_hint())
                    .fold(0u32, u32::saturating_add)
            })
            .min()
            .unwrap_or(0)
    }

    /// The first document of `group` at or after `target`.
    fn first_in(group: &mut [Box<dyn Scorer>], target: DocId) -> DocId {
        group
            .iter_mut()
            .map(|scorer| {
                if scorer.doc() < target {
                    scorer.seek(target)
                } else {
                    scorer.doc()
                }
            })
            .min()
            .unwrap_or(TERMINATED)
    }

    /// The first match at or after `target`.
    fn find(&mut self, target: DocId) -> DocId {
        let mut candidate = target;
        'candidates: while candidate != TERMINATED {
            for group in &mut self.required {
                let doc = Self::first_in(group, candidate);
                if doc != candidate {
                    candidate = doc;
                    continue 'candidates;
                }
            }
            if self
                .excluded
                .iter_mut()
                .any(|group| Self::first_in(group, candidate) == candidate)
            {
                candidate += 1;
                continue;
            }
            break;
        }
        candidate
    }
}

/// Segments of at least this many documents keep what the q filter learned of them.
const CACHED_SEGMENT_DOCS: u32 = 4_096;

/// Queries and segments whose answers are kept (the oldest forgotten first).
const MATCH_CACHE_ENTRIES: usize = 256;

/// Stories answered at most per query and segment.
const MATCH_CACHE_STORIES: usize = 65_536;

/// The answers kept for one query and segment: story → whether it has a live match there.
/// Fx hashing: the answers are looked up once per story and segment of every q filter chunk,
/// where SipHash showed.
type Answers = rustc_hash::FxHashMap<u64, bool>;

/// A query (its parsed form) in a segment as it is (its id and deletions).
type MatchKey = (String, tantivy::index::SegmentId, Option<u64>);

/// Of each large segment, per query, the stories known to have a live match there (`true`) or
/// none (`false`), as far as the q filter asked. A segment never changes but by deletions,
/// which change its delete opstamp and so its key: an answer kept is never stale. Merged-away
/// segments' answers are forgotten as new ones come.
#[derive(Default)]
struct MatchCache {
    entries: HashMap<MatchKey, Arc<Mutex<Answers>>>,
    order: VecDeque<MatchKey>,
}

impl MatchCache {
    /// The answers kept for `key`, new and empty if none were.
    fn entry(&mut self, key: MatchKey) -> Arc<Mutex<Answers>> {
        if let Some(entry) = self.entries.get(&key) {
            return Arc::clone(entry);
        }
        if self.order.len() >= MATCH_CACHE_ENTRIES {
            if let Some(oldest) = self.order.pop_front() {
                self.entries.remove(&oldest);
            }
        }
        let entry: Arc<Mutex<Answers>> = Arc::default();
        self.order.push_back(key.clone());
        self.entries.insert(key, Arc::clone(&entry));
        entry
    }
}

/// Locks a mutex whose holder may have panicked (what it guards stays consistent: answers are
/// inserted one by one).
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The file in the index directory that lists the segment files whose checksums passed, one
/// `SIZE NAME` a line (tantivy leaves files it did not write alone).
const CHECKED_FILES: &str = "checked-files.txt";

/// The segment files (name and size) recorded as checked in `dir`; none when the record is
/// missing or unreadable, so that everything is checked.
fn checked_files(dir: &Path) -> BTreeSet<(PathBuf, u64)> {
    let Ok(text) = std::fs::read_to_string(dir.join(CHECKED_FILES)) else {
        return BTreeSet::new();
    };
    text.lines()
        .filter_map(|line| {
            let (size, name) = line.split_once(' ')?;
            Some((PathBuf::from(name), size.parse().ok()?))
        })
        .collect()
}

/// Records `files` as checked, replacing the record atomically (written beside, then renamed).
/// A record that cannot be written only means the next open checks everything again.
fn record_checked_files(dir: &Path, files: &[(PathBuf, u64)]) {
    let text: String = files
        .iter()
        .map(|(name, size)| format!("{size} {}\n", name.display()))
        .collect();
    let partial = dir.join(format!("{CHECKED_FILES}.partial"));
    let written = std::fs::write(&partial, text)
        .and_then(|()| std::fs::rename(&partial, dir.join(CHECKED_FILES)));
    if let Err(e) = written {
        tracing::warn!(error = %e, "could not record the checked index files");
    }
}

/// Documents a merge may write into one segment, at most (deleted ones counted).
///
/// A merge maps every file of the segments it reads, and those pages count in the process's
/// resident memory while it runs: at a million articles tantivy's own policy merges the whole
/// index, over 2.5 GB mapped at once. Segments of this size map about 0.9 GB each, and a
/// million articles make about five of them, which a search reads one after another.
const MAX_MERGED_DOCS: u32 = 250_000;

/// Tantivy's log merge policy, each merge cut to the smallest of its segments that fit
/// [`MAX_MERGED_DOCS`] together (a merge left with fewer than two segments is dropped).
#[derive(Debug, Default)]
struct CappedMerges {
    log: tantivy::indexer::LogMergePolicy,
}

impl tantivy::indexer::MergePolicy for CappedMerges {
    fn compute_merge_candidates(
        &self,
        segments: &[tantivy::SegmentMeta],
    ) -> Vec<tantivy::indexer::MergeCandidate> {
        let docs: HashMap<tantivy::index::SegmentId, u32> = segments
            .iter()
            .map(|segment| (segment.id(), segment.max_doc()))
            .collect();
        self.log
            .compute_merge_candidates(segments)
            .into_iter()
            .filter_map(|candidate| {
                let mut ids = candidate.0;
                ids.sort_by_key(|id| (docs.get(id).copied().unwrap_or(u32::MAX), *id));
                let mut total = 0u32;
                ids.retain(|id| {
                    total = total.saturating_add(docs.get(id).copied().unwrap_or(u32::MAX));
                    total <= MAX_MERGED_DOCS
                });
                (ids.len() >= 2).then_some(tantivy::indexer::MergeCandidate(ids))
            })
            .collect()
    }
}

/// Memory the index writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 50_000_000;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

/// Text before a snippet's window's first match, at most (bytes).
const SNIPPET_LEAD: usize = 60;

/// Text from a snippet's window's first match, at most (bytes).
const SNIPPET_WINDOW: usize = 3 * SNIPPET_CHARS;

/// The snippet of `text` as HTML (escaped, matched words in `<b>`) by `generator`, whose words
/// are `terms`: the best passage of a window around the first match, so that a long text is tokenized only up to its first match (and no
/// passage after the window is scored); empty when nothing in the text matches.
fn snippet(
    generator: &SnippetGenerator,
    terms: &BTreeMap<String, f32>,
    tokenizer: &mut TextAnalyzer,
    text: &str,
) -> String {
    let mut tokens = tokenizer.token_stream(text);
    let mut first = None;
    while let Some(token) = tokens.next() {
        if terms.contains_key(&token.text) {
            first = Some(token.offset_from);
            break;
        }
    }
    let Some(at) = first else {
        return String::new();
    };
    // From the word after the first space of the lead (or the match), to a character boundary.
    let lead = floor_char_boundary(text, at.saturating_sub(SNIPPET_LEAD));
    let from = match text[lead..at]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
    {
        Some((space, c)) if lead > 0 => lead + space + c.len_utf8(),
        _ => lead,
    };
    let to = ceil_char_boundary(text, at.saturating_add(SNIPPET_WINDOW));
    generator.snippet(&text[from..to]).to_html()
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary of `text` at or after `at`.
fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The best `limit` documents of a query, exactly as [`TopDocs`] finds them (score, then
/// address, first), but each segment's pruning starts from the score the segments searched
/// before it set: the `limit`-th best score so far, which no later document must merely equal
/// (it would come after, by address). [`TopDocs`] starts every segment from nothing, and at a
/// million articles, in a dozen segments, a common word's documents are mostly scored again
/// before each segment's own threshold rises.
struct TopScored {
    inner: TopDocs,
    limit: usize,
    /// The best scores of the segments searched so far (at most `limit`), and the highest
    /// ordinal among those segments: a segment before it must not be held to its scores (ties
    /// go to the earlier address), which can only happen with a parallel executor.
    best: Mutex<(Vec<Score>, Option<u32>)>,
}

impl TopScored {
    fn new(limit: usize) -> TopScored {
        TopScored {
            inner: TopDocs::with_limit(limit),
            limit,
            best: Mutex::new((Vec::new(), None)),
        }
    }

    /// The score a document of segment `segment_ord` must pass.
    fn floor(&self, segment_ord: u32) -> Score {
        let best = locked(&self.best);
        match (&best.0, best.1) {
            (scores, Some(ord)) if ord < segment_ord && scores.len() == self.limit => {
                scores.last().copied().unwrap_or(Score::MIN)
            }
            _ => Score::MIN,
        }
    }
}

impl Collector for TopScored {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = <TopDocs as Collector>::Child;

    fn for_segment(
        &self,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        self.inner.for_segment(segment_ord, reader)
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        self.inner.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        let floor = self.floor(segment_ord);
        // The segment's best, worst on top: the lowest score, then the latest document.
        let mut top: BinaryHeap<Reverse<Scored>> = BinaryHeap::with_capacity(self.limit + 1);
        let alive = reader.alive_bitset();
        let mut threshold = floor;
        weight.for_each_pruning(floor, reader, &mut |doc, score| {
            if alive.is_some_and(|alive| alive.is_deleted(doc)) {
                return threshold;
            }
            top.push(Reverse(Scored { score, doc }));
            if top.len() > self.limit {
                top.pop();
            }
            if top.len() == self.limit {
                threshold = top.peek().map_or(floor, |worst| worst.0.score);
            }
            threshold
        })?;
        let mut fruit: Vec<(Score, DocAddress)> = top
            .into_iter()
            .map(|Reverse(s)| (s.score, DocAddress::new(segment_ord, s.doc)))
            .collect();
        fruit.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut best = locked(&self.best);
        best.0.extend(fruit.iter().map(|f| f.0));
        best.0.sort_by(|a, b| b.total_cmp(a));
        best.0.truncate(self.limit);
        best.1 = best.1.max(Some(segment_ord));
        Ok(fruit)
    }
}

/// A document's score in [`TopScored`]: ordered by score, then the earlier document first.
#[derive(Clone, Copy, PartialEq)]
struct Scored {
    score: Score,
    doc: DocId,
}

impl Eq for Scored {}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Why the search index failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Tantivy failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index directory could not be opened.
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// The query is refused (see `query_syntax`).
    #[error("invalid search query: {0}")]
    Query(#[from] QuerySyntaxError),
    /// Removing a broken index failed.
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
    /// The index is damaged (a checksum, a segment or a stored document failed): it is
    /// rebuilt from the store.
    #[error("the search index is damaged ({0}); it is rebuilt from the store")]
    Damaged(tantivy::TantivyError),
    /// Another process holds the index's writer lock.
    #[error("the search index is in use by another process")]
    Locked,
}

impl SearchError {
    /// Sorts an error met while reading the index: anything but a bad query means damage.
    fn reading(e: tantivy::TantivyError) -> SearchError {
        match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Locked,
            e => SearchError::Damaged(e),
        }
    }
}

/// What each index commit records: the store the index belongs to, and the highest change
/// number it holds.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Payload {
    store: String,
    change: u64,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    story: Field,
    /// The headline, indexed for `title:` and stored.
    title: Field,
    /// The text, stored only (results and snippets); its words are indexed in `article`.
    text: Field,
    /// The whole article indexed (not stored): the headline twice, then the text. A headline's
    /// words count twice, as the separate headline field boosted twice used to.
    article: Field,
    outlet: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        story: builder.add_u64_field("story", INDEXED | STORED | FAST),
        title: builder.add_text_field("title", TEXT | STORED),
        text: builder.add_text_field("text", STORED),
        article: builder.add_text_field("article", TEXT),
        outlet: builder.add_text_field("outlet", STRING | STORED),
        published: builder.add_text_field("published", STORED),
    };
    (builder.build(), fields)
}

/// What the index holds of one article revision.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IndexedArticle<'a> {
    pub id: &'a str,
    pub story: u64,
    pub title: &'a str,
    pub text: &'a str,
    pub outlet: &'a str,
    pub published: &'a str,
}

impl<'a> IndexedArticle<'a> {
    /// What the index holds of `article` in `story`.
    pub(crate) fn of(article: &'a chorus_core::Article, story: u64) -> IndexedArticle<'a> {
        IndexedArticle {
            id: &article.id,
            story,
            title: article.title.as_deref().unwrap_or_default(),
            text: &article.text,
            outlet: article.outlet.as_deref().unwrap_or_default(),
            published: article.published.as_deref().unwrap_or_default(),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchHit {
    /// The article's id.
    pub id: String,
    /// The article's current story.
    #[serde(serialize_with = "crate::story_id_as_string")]
    pub story: u64,
    /// The article's title.
    pub title: String,
    /// The outlet, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub published: Option<String>,
    /// The best-matching passage, HTML-escaped, matched words in `<b>`.
    pub snippet: String,
    /// Relevance score (BM25).
    pub score: f32,
}

/// The index, readable by many threads. Its one writer is shared by the clones, so that a
/// reader that meets a damaged segment can rebuild the index.
#[derive(Clone)]
pub(crate) struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    writer: Arc<Mutex<SearchWriter>>,
    /// Rebuilds so far: searches that met the same damage rebuild it once.
    rebuilds: Arc<AtomicU64>,
    /// What the q filter learned of the large segments (see [`MatchCache`]).
    matches: Arc<Mutex<MatchCache>>,
    /// Segments of at least this many documents have their q filter answers kept.
    cached_segment_docs: u32,
}

/// The single writer of the index (tantivy locks the directory for it).
pub(crate) struct SearchWriter {
    writer: IndexWriter,
    fields: Fields,
    store: String,
}

/// Articles and owner of an index on disk, read from its metadata alone.
#[derive(Debug)]
pub(crate) struct IndexSummary {
    /// Documents in its searchable segments.
    pub articles: u64,
    /// The store id its last commit recorded (none for an index of an older Chorus).
    pub store: Option<String>,
}

/// What the index in `dir` holds, without opening its segments or taking its lock; `None` when
/// there is no readable index there.
pub(crate) fn summary(dir: &Path) -> Option<IndexSummary> {
    if !dir.join("meta.json").exists() {
        return None;
    }
    let index = Index::open_in_dir(dir).ok()?;
    let metas = index.load_metas().ok()?;
    Some(IndexSummary {
        articles: metas.segments.iter().map(|s| u64::from(s.num_docs())).sum(),
        store: payload(metas.payload.as_deref()).map(|p| p.store),
    })
}

fn payload(text: Option<&str>) -> Option<Payload> {
    text.and_then(|p| serde_json::from_str(p).ok())
}

impl SearchIndex {
    /// Opens the index in `dir` for the store `store`, creating it, or rebuilding it when it is
    /// unreadable, damaged, or another store's (a new index is filled by the store's catch-up).
    /// An index whose writer lock is busy is left alone ([`SearchError::Locked`]).
    pub(crate) fn open(dir: &Path, store: &str) -> Result<SearchIndex, SearchError> {
        match Self::open_existing(dir, store) {
            Ok(Some(opened)) => Ok(opened),
            Ok(None) => Self::create(dir, store),
            Err(SearchError::Locked) => Err(SearchError::Locked),
            Err(e) => {
                tracing::warn!(error = %e, "search index unusable: rebuilding it from the store");
                std::fs::remove_dir_all(dir)?;
                Self::create(dir, store)
            }
        }
    }

    fn open_existing(dir: &Path, store: &str) -> Result<Option<SearchIndex>, SearchError> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir)?;
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(SearchError::Index(tantivy::TantivyError::SchemaError(
                "schema differs from this version's".into(),
            )));
        }
        let metas = index.load_metas()?;
        let owner = payload(metas.payload.as_deref()).map(|p| p.store);
        if owner.as_deref() != Some(store) {
            return Err(SearchError::Index(tantivy::TantivyError::InvalidArgument(
                format!(
                    "it belongs to store {} (or an older Chorus), not to this store {store}",
                    owner.as_deref().unwrap_or("(none recorded)")
                ),
            )));
        }
        // Every segment file is read once to check its footer's checksum: a damaged segment
        // would otherwise fail every search that reaches it. Segment files never change once
        // committed, so a file checked at an earlier open (same name, same size) is not read
        // again: at a million articles the index is over 3 GB. Damage that comes later is
        // found by the search that meets it, which rebuilds the index.
        let checked = checked_files(dir);
        let managed = index.directory().list_managed_files();
        let mut active: Vec<(PathBuf, u64)> = index
            .searchable_segment_metas()?
            .iter()
            .flat_map(|meta| meta.list_files())
            .filter(|path| managed.contains(path))
            .map(|path| {
                let size = std::fs::metadata(dir.join(&path)).map_or(0, |m| m.len());
                (path, size)
            })
            .collect();
        active.sort();
        active.dedup();
        let mut damaged = Vec::new();
        for (path, size) in &active {
            if !checked.contains(&(path.clone(), *size))
                && !index
                    .directory()
                    .validate_checksum(path)
                    .map_err(|e| SearchError::Index(e.into()))?
            {
                damaged.push(path.clone());
            }
        }
        if damaged.is_empty() {
            record_checked_files(dir, &active);
        } else {
            let mut files: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
            files.sort();
            return Err(SearchError::Damaged(
                tantivy::TantivyError::InvalidArgument(format!(
                    "checksum mismatch in {}",
                    files.join(", ")
                )),
            ));
        }
        Self::with_index(index, fields, store).map(Some)
    }

    fn create(dir: &Path, store: &str) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        let created = Self::with_index(index, fields, store)?;
        // Committed at once with the owner's payload, so that an index left empty (a run that
        // ingested nothing) still reads as this store's when it is opened next.
        created.writer().commit(0)?;
        Ok(created)
    }

    fn with_index(index: Index, fields: Fields, store: &str) -> Result<SearchIndex, SearchError> {
        let writer = index
            .writer_with_num_threads(1, WRITER_MEMORY)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Locked,
                e => SearchError::Index(e),
            })?;
        writer.set_merge_policy(Box::new(CappedMerges::default()));
        // Building the reader opens every segment.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(SearchError::reading)?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            writer: Arc::new(Mutex::new(SearchWriter {
                writer,
                fields,
                store: store.to_owned(),
            })),
            rebuilds: Arc::new(AtomicU64::new(0)),
            matches: Arc::default(),
            cached_segment_docs: CACHED_SEGMENT_DOCS,
        })
    }

    /// The index's writer, for as long as the guard lives.
    pub(crate) fn writer(&self) -> MutexGuard<'_, SearchWriter> {
        // A writer whose holder panicked is still consistent: tantivy commits are atomic.
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Rebuilds so far (see [`rebuilt`](Self::rebuilt)).
    pub(crate) fn rebuilds(&self) -> u64 {
        self.rebuilds.load(Ordering::SeqCst)
    }

    /// Records that the index was rebuilt and makes the rebuild visible.
    pub(crate) fn rebuilt(&self) -> Result<(), SearchError> {
        self.rebuilds.fetch_add(1, Ordering::SeqCst);
        self.reload()
    }

    /// The highest change number the index holds (its last commit's payload).
    pub(crate) fn indexed_change(&self) -> Result<u64, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(payload(metas.payload.as_deref())
            .map(|p| p.change)
            .unwrap_or_default())
    }

    /// Makes the latest commit visible to searches.
    pub(crate) fn reload(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// Articles matching `query` (see `query_syntax`), best first.
    pub(crate) fn search(
        &self,
        query: &SearchQuery,
        limit: usize,
    ) -> Result<Vec<SearchHit>, SearchError> {
        let searcher = self.reader.searcher();
        let parsed = query_syntax::to_tantivy(query, &self.index, self.query_fields())?;
        let top = searcher
            .search(&parsed, &TopScored::new(limit))
            .map_err(SearchError::reading)?;
        // The query's words in the text field, weighted as tantivy's snippets weigh them.
        let mut text_terms = BTreeSet::new();
        parsed.query_terms(&mut |term, _| {
            if term.field() == self.fields.article {
                text_terms.insert(term.clone());
            }
        });
        let mut terms = BTreeMap::new();
        for term in text_terms {
            let Some(word) = term.value().as_str().map(str::to_owned) else {
                continue;
            };
            let docs = searcher.doc_freq(&term).map_err(SearchError::reading)?;
            if docs > 0 {
                terms.insert(word, 1.0 / (1.0 + docs as f32));
            }
        }
        let mut tokenizer = self
            .index
            .tokenizer_for_field(self.fields.article)
            .map_err(SearchError::reading)?;
        let snippets = SnippetGenerator::new(
            terms.clone(),
            tokenizer.clone(),
            self.fields.text,
            SNIPPET_CHARS,
        );
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(SearchError::reading)?;
            let text_of = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let optional = |field: Field| Some(text_of(field)).filter(|s| !s.is_empty());
            hits.push(SearchHit {
                id: text_of(self.fields.id),
                story: doc
                    .get_first(self.fields.story)
                    .and_then(|v| v.as_u64())
                    .unwrap_or_default(),
                title: text_of(self.fields.title),
                outlet: optional(self.fields.outlet),
                published: optional(self.fields.published),
                snippet: snippet(
                    &snippets,
                    &terms,
                    &mut tokenizer,
                    &text_of(self.fields.text),
                ),
                score,
            });
        }
        Ok(hits)
    }

    /// Stories (as they were when each article was indexed: follow merges with the store) of
    /// every article matching `query`, sorted, without repeats. Nothing is scored and no
    /// document is loaded: each match's story is read from the `story` fast field.
    pub(crate) fn matching_stories(&self, query: &SearchQuery) -> Result<Vec<u64>, SearchError> {
        let searcher = self.reader.searcher();
        let parsed = query_syntax::to_tantivy(query, &self.index, self.query_fields())?;
        searcher
            .search(&parsed, &StoryCollector)
            .map_err(SearchError::reading)
    }

    /// Of the stories `among` (as the index records them), those with an article matching
    /// `query`, sorted. Each segment is asked about the stories not matched in an earlier one
    /// (see [`matching_in_segment`](Self::matching_in_segment)); deleted documents (replaced
    /// revisions) do not count. A large segment's answers are kept per query ([`MatchCache`]),
    /// so that a story asked about again (the next page, the next reader of the same filter) is
    /// not read again there: proving that a story has no match means reading all its documents
    /// in the segment.
    pub(crate) fn matching_stories_among(
        &self,
        query: &SearchQuery,
        among: &[u64],
    ) -> Result<Vec<u64>, SearchError> {
        let searcher = self.reader.searcher();
        let clauses = query_syntax::to_clauses(query, &self.index, self.query_fields())?;
        let weights = MatchWeights::new(clauses, &searcher)?;
        let query_key = format!("{query:?}");
        let mut among = among.to_vec();
        among.sort_unstable();
        among.dedup();
        let mut matched = vec![false; among.len()];
        let mut unmatched = among.len();
        let mut asked = Vec::new();
        for segment in searcher.segment_readers() {
            if unmatched == 0 {
                break;
            }
            let kept = (segment.max_doc() >= self.cached_segment_docs).then(|| {
                locked(&self.matches).entry((
                    query_key.clone(),
                    segment.segment_id(),
                    segment.delete_opstamp(),
                ))
            });
            asked.clear();
            {
                let known = kept.as_deref().map(locked);
                for (i, story) in among.iter().enumerate() {
                    if matched[i] {
                        continue;
                    }
                    match known.as_ref().and_then(|known| known.get(story)) {
                        Some(true) => {
                            matched[i] = true;
                            unmatched -= 1;
                        }
                        Some(false) => {}
                        None => asked.push(i),
                    }
                }
            }
            if asked.is_empty() {
                continue;
            }
            let found = self.matching_in_segment(segment, &weights, &among, &asked)?;
            for &i in &found {
                matched[i] = true;
                unmatched -= 1;
            }
            if let Some(kept) = &kept {
                let mut known = locked(kept);
                if known.len() + asked.len() <= MATCH_CACHE_STORIES {
                    for &i in &asked {
                        known.insert(among[i], matched[i]);
                    }
                }
            }
        }
        Ok(among
            .into_iter()
            .zip(matched)
            .filter_map(|(story, matched)| matched.then_some(story))
            .collect())
    }

    /// Of the stories `among[i]` for each `i` of `asked`, the `i` of those with a live match
    /// in `segment`, read by whichever side is smaller there: the stories' documents, merged in
    /// document order, and the query's matches skipping over each other (a story is read no
    /// further than its first live match); or, when the query matches fewer documents than
    /// those stories hold there, the query's matches, each story read from the fast field.
    fn matching_in_segment(
        &self,
        segment: &SegmentReader,
        weights: &MatchWeights,
        among: &[u64],
        asked: &[usize],
    ) -> Result<Vec<usize>, SearchError> {
        let postings = segment
            .inverted_index(self.fields.story)
            .map_err(SearchError::reading)?;
        let mut terms = Vec::with_capacity(asked.len());
        for &i in asked {
            let term = Term::from_field_u64(self.fields.story, among[i]);
            if let Some(info) = postings
                .get_term_info(&term)
                .map_err(|e| SearchError::reading(e.into()))?
            {
                terms.push((i, info));
            }
        }
        let mut found = Vec::new();
        if terms.is_empty() {
            return Ok(found);
        }
        let story_docs: u64 = terms.iter().map(|(_, info)| u64::from(info.doc_freq)).sum();
        let mut scorer = weights.open(segment)?;
        let alive = segment.alive_bitset();
        let dead = |doc: DocId| alive.is_some_and(|a| !a.is_alive(doc));
        if u64::from(scorer.size_hint()) < story_docs {
            // The query's matches, each story read from the fast field.
            let column = segment
                .fast_fields()
                .u64("story")
                .map_err(SearchError::reading)?;
            let mut wanted = vec![false; among.len()];
            for (i, _) in &terms {
                wanted[*i] = true;
            }
            let mut left = terms.len();
            let mut doc = scorer.doc();
            while doc != TERMINATED && left > 0 {
                if !dead(doc) {
                    if let Some(i) = column
                        .first(doc)
                        .and_then(|story| among.binary_search(&story).ok())
                    {
                        if wanted[i] {
                            wanted[i] = false;
                            left -= 1;
                            found.push(i);
                        }
                    }
                }
                doc = scorer.advance();
            }
            return Ok(found);
        }
        // A cursor per story, merged by a heap; a story's cursor is dropped at its first live
        // match.
        let mut cursors = Vec::with_capacity(terms.len());
        let mut next_docs = BinaryHeap::with_capacity(terms.len());
        for (i, info) in &terms {
            let docs = postings
                .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                .map_err(|e| SearchError::reading(e.into()))?;
            if docs.doc() != TERMINATED {
                next_docs.push(Reverse((docs.doc(), cursors.len())));
                cursors.push((*i, docs));
            }
        }
        while let Some(Reverse((target, cursor))) = next_docs.pop() {
            let doc = scorer.seek(target);
            if doc == TERMINATED {
                break;
            }
            let (i, docs) = &mut cursors[cursor];
            let next = if doc > target {
                docs.seek(doc)
            } else if dead(target) {
                docs.advance()
            } else {
                found.push(*i);
                continue;
            };
            if next != TERMINATED {
                next_docs.push(Reverse((next, cursor)));
            }
        }
        Ok(found)
    }

    /// An upper bound of the articles matching `query`: the sum of its terms' document
    /// frequencies, read from the term dictionaries without visiting any posting.
    pub(crate) fn matches_at_most(&self, query: &SearchQuery) -> Result<u64, SearchError> {
        let searcher = self.reader.searcher();
        let parsed = query_syntax::to_tantivy(query, &self.index, self.query_fields())?;
        let mut terms = Vec::new();
        parsed.query_terms(&mut |term, _| terms.push(term.clone()));
        let mut total = 0u64;
        for term in &terms {
            total = total.saturating_add(searcher.doc_freq(term).map_err(SearchError::reading)?);
        }
        Ok(total)
    }

    /// The fields a query searches: title (boosted) and text.
    fn query_fields(&self) -> SearchFields {
        SearchFields {
            title: self.fields.title,
            article: self.fields.article,
        }
    }
}

impl SearchWriter {
    /// Replaces the indexed revision of an article (or adds it).
    pub(crate) fn put(&mut self, article: &IndexedArticle) -> Result<(), SearchError> {
        let f = self.fields;
        self.writer
            .delete_term(Term::from_field_text(f.id, article.id));
        self.writer.add_document(doc!(
            f.id => article.id,
            f.story => article.story,
            f.title => article.title,
            f.text => article.text,
            f.article => article.title,
            f.article => article.title,
            f.article => article.text,
            f.outlet => article.outlet,
            f.published => article.published,
        ))?;
        Ok(())
    }

    /// Removes every document (committed by the next [`commit`](Self::commit)), before the
    /// index is rebuilt in place.
    pub(crate) fn clear(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Drops what was put since the last commit.
    pub(crate) fn rollback(&mut self) -> Result<(), SearchError> {
        self.writer.rollback()?;
        Ok(())
    }

    /// Commits what was put, recording the store's id and `change` as the highest change
    /// number indexed.
    pub(crate) fn commit(&mut self, change: u64) -> Result<(), SearchError> {
        let payload = Payload {
            store: self.store.clone(),
            change,
        };
        let text = serde_json::to_string(&payload)
            .map_err(|e| SearchError::Index(tantivy::TantivyError::InternalError(e.to_string())))?;
        let committed = self.writer.prepare_commit().and_then(|mut prepared| {
            prepared.set_payload(&text);
            prepared.commit()
        });
        if let Err(e) = committed {
            // Back to the last commit (what the payload says is indexed), so that the next
            // catch-up starts from there; a rollback that fails leaves nothing worse.
            let _ = self.writer.rollback();
            return Err(e.into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_scored_finds_what_top_docs_finds_across_segments_ties_and_deletes() {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let words = ["storm", "flood", "said", "river", "mayor", "rain"];
        for n in 0..600usize {
            // Texts repeat (ties), lengths and counts vary (scores differ).
            let text: Vec<&str> = (0..(n % 7 + 1) * 3)
                .map(|k| words[(n / 3 + k * (n % 5 + 1)) % words.len()])
                .collect();
            writer
                .add_document(doc!(fields.id => n.to_string(), fields.article => text.join(" ")))
                .unwrap();
            if n % 97 == 96 {
                writer.commit().unwrap();
            }
        }
        for deleted in [5usize, 17, 200, 201, 599] {
            writer.delete_term(Term::from_field_text(fields.id, &deleted.to_string()));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 6);
        let parser = tantivy::query::QueryParser::for_index(&index, vec![fields.article]);
        for q in [
            "said",
            "storm",
            "flood OR mayor",
            "rain river said",
            "\"storm flood\"",
        ] {
            let query = parser.parse_query(q).unwrap();
            for limit in [1, 3, 10, 20, 700] {
                let expected = searcher
                    .search(&query, &TopDocs::with_limit(limit))
                    .unwrap();
                let found = searcher.search(&query, &TopScored::new(limit)).unwrap();
                // The same scores, and the same documents above the last one's score. Block
                // WAND may add a union's term scores in another order for another threshold,
                // so a document's score can differ in its last bit (1.9603552 and 1.960355)
                // and ties within that be broken otherwise.
                assert_eq!(found.len(), expected.len(), "{q}, {limit}");
                let close = |a: f32, b: f32| (a - b).abs() <= 1e-5 * a.abs().max(1.0);
                for (f, e) in found.iter().zip(&expected) {
                    assert!(close(f.0, e.0), "{q}, {limit}: {found:?} {expected:?}");
                }
                let last = expected.last().map_or(0.0, |e| e.0);
                let above = |hits: &[(Score, DocAddress)]| -> Vec<DocAddress> {
                    let mut docs: Vec<DocAddress> = hits
                        .iter()
                        .filter(|h| h.0 > last && !close(h.0, last))
                        .map(|h| h.1)
                        .collect();
                    docs.sort();
                    docs
                };
                assert_eq!(above(&found), above(&expected), "{q}, {limit}");
            }
        }
    }

    #[test]
    fn merges_are_cut_to_the_cap_from_their_smallest_segments() {
        use tantivy::indexer::MergePolicy as _;
        let index = Index::create_in_ram(schema().0);
        let metas = |sizes: &[u32]| -> Vec<tantivy::SegmentMeta> {
            sizes
                .iter()
                .map(|&docs| {
                    index.new_segment_meta(tantivy::index::SegmentId::generate_random(), docs)
                })
                .collect()
        };
        let merged = |segments: &[tantivy::SegmentMeta]| -> Vec<Vec<u32>> {
            let docs: HashMap<_, _> = segments.iter().map(|s| (s.id(), s.max_doc())).collect();
            let mut merges: Vec<Vec<u32>> = CappedMerges::default()
                .compute_merge_candidates(segments)
                .into_iter()
                .map(|c| {
                    let mut sizes: Vec<u32> = c.0.iter().map(|id| docs[id]).collect();
                    sizes.sort_unstable();
                    sizes
                })
                .collect();
            merges.sort();
            merges
        };
        // Small segments merge as tantivy's policy merges them.
        assert_eq!(merged(&metas(&[20_000; 8])), vec![vec![20_000; 8]]);
        // Eight large ones: only as many as fit the cap, the smallest first.
        let large = metas(&[
            100_000, 90_000, 110_000, 95_000, 105_000, 100_000, 98_000, 102_000,
        ]);
        assert_eq!(merged(&large), vec![vec![90_000, 95_000]]);
        // Segments at the cap are never merged again.
        assert!(merged(&metas(&[MAX_MERGED_DOCS; 8])).is_empty());
    }

    /// An index that keeps the q filter's answers of every segment, however small.
    fn index(dir: &Path) -> SearchIndex {
        let mut index = SearchIndex::open(dir, "test-store").unwrap();
        index.cached_segment_docs = 0;
        index
    }

    fn put(index: &SearchIndex, id: &str, story: u64, text: &str) {
        index
            .writer()
            .put(&IndexedArticle {
                id,
                story,
                title: "",
                text,
                outlet: "",
                published: "",
            })
            .unwrap();
    }

    /// Commits what was put as a segment of its own and makes it visible.
    fn commit(index: &SearchIndex, change: u64) {
        index.writer().commit(change).unwrap();
        index.reload().unwrap();
    }

    fn among(index: &SearchIndex, q: &str, stories: &[u64]) -> Vec<u64> {
        index
            .matching_stories_among(&query_syntax::parse(q).unwrap(), stories)
            .unwrap()
    }

    #[test]
    fn a_story_matches_when_one_of_its_live_articles_does() {
        let dir = tempfile::tempdir().unwrap();
        let index = index(dir.path());
        // Story 1: forty articles over four segments, only the last says "lighthouse".
        for n in 0..40 {
            let text = if n == 39 {
                "harbour lighthouse keeper"
            } else {
                "harbour keeper"
            };
            put(&index, &format!("one-{n}"), 1, text);
            if n % 10 == 9 {
                commit(&index, n);
            }
        }
        // Story 2 never says it; story 3 said it in an article revised since; story 4 says it
        // but is not asked about.
        put(&index, "two", 2, "harbour keeper");
        put(&index, "three", 3, "harbour lighthouse");
        put(&index, "four", 4, "harbour lighthouse");
        commit(&index, 100);
        assert_eq!(among(&index, "lighthouse", &[1, 2, 3]), vec![1, 3]);
        put(&index, "three", 3, "harbour keeper");
        commit(&index, 101);
        // Few matches against many story documents (the matches' stories read), and matches
        // in every article (the stories' documents looked up), alike.
        assert_eq!(among(&index, "lighthouse", &[1, 2, 3]), vec![1]);
        assert_eq!(among(&index, "harbour", &[3, 1, 2, 1]), vec![1, 2, 3]);
        assert_eq!(
            among(&index, "harbour -lighthouse", &[1, 2, 3, 4]),
            vec![1, 2, 3]
        );
        assert_eq!(
            among(&index, "\"lighthouse keeper\"", &[1, 2, 3, 4]),
            vec![1]
        );
        assert_eq!(among(&index, "zeppelin", &[1, 2, 3, 4]), Vec::<u64>::new());
        assert_eq!(among(&index, "lighthouse", &[]), Vec::<u64>::new());
        assert_eq!(among(&index, "lighthouse", &[5]), Vec::<u64>::new());
        // Revised back: story 3 matches again, by its new document in a later segment.
        put(&index, "three", 3, "lighthouse again");
        commit(&index, 102);
        assert_eq!(among(&index, "lighthouse", &[1, 2, 3]), vec![1, 3]);
    }

    #[test]
    fn the_stories_among_are_those_of_every_live_match() {
        let dir = tempfile::tempdir().unwrap();
        let index = index(dir.path());
        let words = ["amber", "birch", "cedar", "dune", "fjord", "glacier"];
        let mut state = 17u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        // 600 writes of 200 articles in 40 stories of uneven size: later writes of an id are
        // revisions that replace it; word k is in about one article in 2^k.
        for n in 0..600u64 {
            let id = next() % 200;
            let story = (id * id) % 40;
            let text: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(k, _)| next() % (1 << k) == 0)
                .map(|(_, w)| *w)
                .collect();
            put(&index, &format!("a{id}"), story, &text.join(" "));
            if n % 97 == 96 {
                commit(&index, n);
            }
        }
        commit(&index, 600);
        assert!(index.reader.searcher().segment_readers().len() > 3);
        let all: Vec<u64> = (0..45).collect();
        let mut uncached = index.clone();
        uncached.cached_segment_docs = u32::MAX;
        let queries = [
            "amber",
            "glacier",
            "fjord OR glacier",
            "birch -cedar",
            "dune fjord",
            "\"amber birch\"",
        ];
        // Asked twice (the second time from the answers kept), and without keeping any.
        for (index, q) in [&index, &index, &uncached]
            .into_iter()
            .flat_map(|index| queries.map(|q| (index, q)))
        {
            let parsed = query_syntax::parse(q).unwrap();
            let every = index.matching_stories(&parsed).unwrap();
            for stories in [&all[..], &all[..3], &all[10..12], &all[39..], &[7][..]] {
                let expected: Vec<u64> = every
                    .iter()
                    .copied()
                    .filter(|s| stories.contains(s))
                    .collect();
                assert_eq!(
                    among(index, q, stories),
                    expected,
                    "q {q}, among {stories:?}"
                );
            }
        }
    }
}
