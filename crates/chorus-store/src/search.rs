//! Full-text search over article titles and texts: a tantivy index beside the SQLite file.
//!
//! SQLite is the source of truth; the index follows it. Every article revision carries the
//! store-wide change number at which it was written, and each index commit records (as its
//! payload) the highest change number it holds. On open, an index that lags is brought up to date
//! from SQLite, and an index that cannot be opened is deleted and rebuilt.

use crate::query_syntax::{QuerySyntaxError, SearchFields, SearchQuery};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::schema::{Field, Schema, Value, FAST, INDEXED, STORED, STRING, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Memory the index writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 50_000_000;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

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
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    story: Field,
    title: Field,
    text: Field,
    outlet: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        story: builder.add_u64_field("story", INDEXED | STORED | FAST),
        title: builder.add_text_field("title", TEXT | STORED),
        text: builder.add_text_field("text", TEXT | STORED),
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

/// The index, readable by many threads; written only through [`SearchWriter`].
#[derive(Clone)]
pub(crate) struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// The single writer of the index (tantivy locks the directory for it).
pub(crate) struct SearchWriter {
    writer: IndexWriter,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it, or rebuilding it when it is unreadable. The bool
    /// says whether it was (re)created empty.
    pub(crate) fn open(dir: &Path) -> Result<(SearchIndex, SearchWriter, bool), SearchError> {
        match Self::open_existing(dir) {
            Ok(Some(opened)) => Ok((opened.0, opened.1, false)),
            Ok(None) => Self::create(dir).map(|(i, w)| (i, w, true)),
            Err(e) => {
                tracing::warn!(error = %e, "search index unreadable: rebuilding it from the store");
                std::fs::remove_dir_all(dir)?;
                Self::create(dir).map(|(i, w)| (i, w, true))
            }
        }
    }

    fn open_existing(dir: &Path) -> Result<Option<(SearchIndex, SearchWriter)>, SearchError> {
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
        Self::with_index(index, fields).map(Some)
    }

    fn create(dir: &Path) -> Result<(SearchIndex, SearchWriter), SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        Self::with_index(index, fields)
    }

    fn with_index(
        index: Index,
        fields: Fields,
    ) -> Result<(SearchIndex, SearchWriter), SearchError> {
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok((
            SearchIndex {
                index,
                reader,
                fields,
            },
            SearchWriter { writer, fields },
        ))
    }

    /// The highest change number the index holds (its last commit's payload).
    pub(crate) fn indexed_change(&self) -> Result<u64, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .and_then(|p| p.parse().ok())
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
        let parsed = query.to_query(&self.index, self.query_fields())?;
        let top = searcher.search(&parsed, &TopDocs::with_limit(limit))?;
        let mut snippets = SnippetGenerator::create(&searcher, &*parsed, self.fields.text)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
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
                snippet: snippets.snippet_from_doc(&doc).to_html(),
                score,
            });
        }
        Ok(hits)
    }

    /// Stories (as they were when each article was indexed: follow merges with the store) of
    /// the articles matching `query`, best first, without repeats. Read from the `story` fast
    /// field, without loading the documents.
    pub(crate) fn matching_stories(
        &self,
        query: &SearchQuery,
        limit: usize,
    ) -> Result<Vec<u64>, SearchError> {
        let searcher = self.reader.searcher();
        let parsed = query.to_query(&self.index, self.query_fields())?;
        let top = searcher.search(&parsed, &TopDocs::with_limit(limit))?;
        let mut stories = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (_, address) in top {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("story")?;
            if let Some(story) = column.first(address.doc_id) {
                if seen.insert(story) {
                    stories.push(story);
                }
            }
        }
        Ok(stories)
    }

    /// The fields a query searches: title (boosted) and text.
    fn query_fields(&self) -> SearchFields {
        SearchFields {
            title: (self.fields.title, 2.0),
            text: (self.fields.text, 1.0),
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
            f.outlet => article.outlet,
            f.published => article.published,
        ))?;
        Ok(())
    }

    /// Commits what was put, recording `change` as the highest change number indexed.
    pub(crate) fn commit(&mut self, change: u64) -> Result<(), SearchError> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&change.to_string());
        prepared.commit()?;
        Ok(())
    }
}
