//! Plain data types shared by every stage of the Chorus pipeline.
//!
//! Data flows one way: `chorus-ingest` turns files into [`RawDocument`]s, `chorus-clean` turns each
//! of those into an [`Article`]. Later stages (analysis, relating, the brief) read `Article`s.
//! The types here carry no behaviour beyond small, obviously-correct helpers, so every stage can
//! depend on them without depending on each other.

use serde::{Deserialize, Serialize};

/// One clean news article: the unit every later stage works on.
///
/// Invariants: `id` is unique within one extraction run and stable across runs over the same
/// input; `text` holds the article's paragraphs joined by one blank line (`"\n\n"`), with no
/// leading or trailing whitespace and no boilerplate; `published`, when present, is an ISO 8601
/// date (`YYYY-MM-DD`) or date-time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the file stem for a one-article file, else the container entry's own
    /// id, or the file stem plus `#` and the entry's index.
    pub id: String,
    /// The path the article was read from, as given on the command line (joined with the
    /// relative path inside a directory that was walked).
    pub source_path: String,
    /// Canonical URL of the article, when known.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author line, without a leading "By".
    pub byline: Option<String>,
    /// Publication date or date-time, ISO 8601.
    pub published: Option<String>,
    /// Outlet (site) name, when known.
    pub outlet: Option<String>,
    /// ISO 639-1 language code, when it could be detected with confidence.
    pub language: Option<String>,
    /// Main text: paragraphs joined by a blank line.
    pub text: String,
    /// Dates written in what cleaning took out of an undated page (photo captions, gallery
    /// furniture), as written ("Wednesday, March 19", "March 24, 2014"), in page order: not
    /// article text, but they can fix when the article was written. Empty when the metadata
    /// states a publication date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub furniture_dates: Vec<String>,
}

impl Article {
    /// The article's paragraphs, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text.split("\n\n").filter(|p| !p.is_empty())
    }
}

/// What kind of content a [`RawDocument`] carries, which decides how it is cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A whole HTML page, already decoded to UTF-8: needs main-text extraction.
    HtmlPage(String),
    /// An HTML fragment that is all article (feed entry content): needs only conversion to text
    /// and boilerplate removal.
    HtmlFragment(String),
    /// Plain text, as in a `.txt` file: may carry a date marker, a headline and a byline line.
    PlainText(String),
    /// Text that a structured container (JSON Lines) already labelled as the article body.
    LabelledText(String),
}

/// Metadata a container states about a document (a feed entry, a JSON Lines record, a WARC
/// header). Cleaning prefers these values to what it infers from the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatedMeta {
    /// URL of the document.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// Publication date or date-time, ISO 8601 when the container gave a parseable one.
    pub published: Option<String>,
    /// Outlet name.
    pub outlet: Option<String>,
}

/// One document read from an input, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    /// The id the resulting [`Article`] will carry.
    pub id: String,
    /// Where it was read from.
    pub source_path: String,
    /// Its content.
    pub body: Body,
    /// What its container said about it.
    pub meta: StatedMeta,
}

pub mod analysis;
pub mod query_syntax;
