//! The brief's data model, serialized as the `chorus.brief/1` JSON schema
//! (`docs/brief-schema.md`).

use serde::{Deserialize, Serialize};

/// Schema identifier written in every brief.
pub const SCHEMA: &str = "chorus.brief/1";

/// A brief of one or more stories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Stories, the largest first.
    pub stories: Vec<Story>,
    /// Every article the stories cite.
    pub articles: Vec<ArticleRef>,
    /// Set when the brief was written from some of its story's articles only (the store bounds
    /// the work of a very large story's brief).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampled: Option<Sampled>,
}

/// Which of a story's articles a brief was written from, when not all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sampled {
    /// Articles the brief was written from (those its story lists).
    pub articles: usize,
    /// Articles in the story.
    pub of: usize,
    /// How they were chosen.
    pub rule: String,
}

/// An article as a brief cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// The id `chorus extract` gave it.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// Publication date or date-time.
    pub published: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// URL.
    pub url: Option<String>,
}

/// One story's brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable id within the brief (`story-1`, …).
    pub id: String,
    /// The most representative headline.
    pub title: String,
    /// The story's date (`YYYY-MM-DD`), when the articles give one.
    pub date: Option<String>,
    /// The place most mentioned, when any.
    pub place: Option<String>,
    /// Ids of its articles.
    pub articles: Vec<String>,
    /// The most important sentences across outlets, in reading order.
    pub summary: Vec<Cited>,
    /// Statements several articles report (and single-source claims, marked).
    pub facts: Vec<Fact>,
    /// People, organizations and places (at most [`crate::MAX_ENTITIES`]).
    pub entities: Vec<StoryEntity>,
    /// Entities left out of `entities` by its cap (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_entities: usize,
    /// Quotes, grouped by speaker (at most [`crate::MAX_QUOTES`]).
    pub quotes: Vec<StoryQuote>,
    /// Quotes left out of `quotes` by its cap (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_quotes: usize,
    /// Dated events.
    pub timeline: Vec<TimelineEntry>,
    /// Where outlets disagree or report differently.
    pub divergences: Vec<Divergence>,
    /// Groups of articles sharing text, with their likely origin.
    pub syndication: Vec<Syndication>,
    /// Outlets, who reported first, agencies credited, upstream sources cited.
    pub coverage: Coverage,
}

/// A sentence and the articles it stands in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cited {
    /// Text as written in every source (whitespace normalized).
    pub text: String,
    /// Ids of the articles it stands in.
    pub sources: Vec<String>,
}

/// A statement and how many independent outlets report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    /// The statement, as one source words it (quotes, apostrophes and dashes straightened).
    pub text: String,
    /// Ids of the articles reporting it (in their own words or copied).
    pub sources: Vec<String>,
    /// Independent sources: syndication groups count once.
    pub independent_sources: usize,
}

/// An entity of the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEntity {
    /// Canonical name.
    pub name: String,
    /// `person`, `organization` or `place`.
    pub kind: String,
    /// Other names used for it.
    pub aliases: Vec<String>,
    /// Roles the articles give it.
    pub roles: Vec<String>,
    /// Ids of the articles mentioning it.
    pub sources: Vec<String>,
}

/// A quote, merged across outlets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryQuote {
    /// Canonical name of the speaker, or null when no source says who spoke.
    pub speaker: Option<String>,
    /// The speaker's role, when the articles give one.
    pub role: Option<String>,
    /// When no speaker is named, how the sources describe who spoke ("a longtime adviser to
    /// the mayor", "the letter"), or null.
    pub described_as: Option<String>,
    /// The quoted words, verbatim in every source.
    pub text: String,
    /// Ids of the articles that carry it.
    pub sources: Vec<String>,
}

/// A dated event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    /// The sentence that dates it.
    pub text: String,
    /// Ids of the articles the sentence stands in.
    pub sources: Vec<String>,
    /// Ids of other articles that date a similar statement the same way, in their own words.
    pub corroborated_by: Vec<String>,
}

/// A point on which outlets differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Divergence {
    /// What they differ about.
    pub about: String,
    /// The versions, each with its sources.
    pub variants: Vec<Cited>,
}

/// A syndication group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Syndication {
    /// Ids of the articles that share text.
    pub articles: Vec<String>,
    /// The likely origin's id, when the evidence names one.
    pub origin: Option<String>,
    /// Shared passages, in the later article's words, each once (at most
    /// [`crate::MAX_PASSAGES`]).
    pub passages: Vec<String>,
    /// Distinct passages left out of `passages` by its cap (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_passages: usize,
    /// Sets of members with identical text (the same words in the same order), each listed
    /// once, first article first (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identical: Vec<Vec<String>>,
}

/// Who covered the story, and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Coverage {
    /// Outlets with their article ids, in order of first publication; only outlets that are
    /// known (an article id is never an outlet).
    pub outlets: Vec<OutletCoverage>,
    /// Articles whose outlet is unknown, in order of first publication (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_outlet: Vec<String>,
    /// The article published first, when dates allow.
    pub first_reported: Option<String>,
    /// News agencies credited, with the articles crediting them.
    pub agencies: Vec<Cited>,
    /// Upstream outlets cited as sources ("told Newsweek"), with the citing articles (at most
    /// [`crate::MAX_UPSTREAM`]).
    pub upstream: Vec<Cited>,
    /// Upstream outlets left out of `upstream` by its cap (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_upstream: usize,
    /// Independent sources among the articles.
    pub independent_sources: usize,
}

/// One outlet's articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletCoverage {
    /// The outlet's name.
    pub outlet: String,
    /// Its articles.
    pub articles: Vec<String>,
}

/// Whether a count is zero (such counts are left out of the JSON).
fn is_zero(n: &usize) -> bool {
    *n == 0
}
