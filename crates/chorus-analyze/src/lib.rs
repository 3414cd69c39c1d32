//! The analysis stage: what Chorus understands in one article.
//!
//! [`Analyzer::analyze`] runs, in order: segmentation ([`chorus_text::sentences`]), entity
//! mentions ([`entities`]), roles ([`roles`]), in-document coreference of names ([`coref`]),
//! quotes and their speakers ([`quotes`]), and time expressions ([`time`]). [`aliases`] merges
//! the entities of many articles (name variants, transliterations) for the story stage.

pub mod aliases;
pub mod coref;
pub mod entities;
pub mod quotes;
pub mod roles;
pub mod time;

use chorus_core::analysis::ArticleAnalysis;
use chrono::NaiveDate;

/// Builds everything the analyzer makes lazily (the gazetteers, the time patterns, and
/// [`chorus_text`]'s patterns) now rather than on first use. A command that briefs a few files
/// calls it on another thread while it reads and cleans them, so the two set-ups overlap on a
/// machine with two cores. Never needed for correctness: output is the same either way.
pub fn prepare() {
    entities::lists();
    time::prepare();
    chorus_text::prepare();
}

/// Analyses articles. Holds the gazetteers, loaded once; cheap to share between threads.
pub struct Analyzer {
    gazetteer: entities::Gazetteer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer {
    /// Loads the embedded gazetteers.
    pub fn new() -> Analyzer {
        Analyzer {
            gazetteer: entities::Gazetteer::embedded(),
        }
    }

    /// Analyses `text` (an article's text) with `reference_date` (its publication date, or a date
    /// the caller chooses) anchoring relative time expressions.
    pub fn analyze(
        &self,
        article_id: &str,
        text: &str,
        reference_date: Option<NaiveDate>,
    ) -> ArticleAnalysis {
        self.analyze_bounded(article_id, text, reference_date, None)
    }

    /// [`analyze`](Self::analyze), with `not_before` a date the article was published on or
    /// after, known from outside its text (see [`time::find_bounded`]).
    pub fn analyze_bounded(
        &self,
        article_id: &str,
        text: &str,
        reference_date: Option<NaiveDate>,
        not_before: Option<NaiveDate>,
    ) -> ArticleAnalysis {
        let segments = chorus_text::sentences::segment(text);
        let found = entities::find(text, &segments, &self.gazetteer);
        let roles = roles::attach(text, &found);
        let (entities, mentions) = coref::resolve(text, found, roles);
        let quotes = quotes::find(text, &segments, &entities, &mentions);
        let references = quotes::references(text, &segments, &entities, &mentions, &quotes);
        let times = time::find_bounded(text, reference_date, not_before);
        ArticleAnalysis {
            article_id: article_id.to_owned(),
            reference_date: reference_date.map(|d| d.format("%Y-%m-%d").to_string()),
            segments,
            entities,
            mentions,
            references,
            quotes,
            times,
        }
    }
}
