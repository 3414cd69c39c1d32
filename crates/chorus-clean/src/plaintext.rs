//! Plain-text articles (`.txt`): the date marker or dateline, the headline and the byline line.
//! The headline is the first line that is not furniture (a player notice, a caption or a credit
//! before it is passed over) and reads as a headline.
//!
//! Written by hand: no crate parses the loose conventions of pasted news text. The rules are
//! deliberately conservative: a line becomes a title or a byline only when its shape leaves
//! little doubt; otherwise it stays in the text.

use chorus_text::normalize_space;
use regex::Regex;
use std::sync::LazyLock;

/// A plain-text article split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedText {
    /// Headline, when the first line that is not furniture is one.
    pub title: Option<String>,
    /// Author, from a trailing "By Name" line.
    pub byline: Option<String>,
    /// Date from a leading ` date YYYY-MM-DD` marker, else from a date line among the first
    /// lines ("April 04, 2007", "Published: March 13, 2013"), as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
}

/// A leading `date YYYY-MM-DD` marker, as exported by some news archives.
static DATE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*").expect("valid regex"));

/// A byline line: "By" and one to four names joined by "and" or commas.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    // Latin classes: the name is repeated up to twenty times (see `chorus_text::LATIN_LETTERS`).
    let (cap, letter) = (chorus_text::LATIN_CAPITALS, chorus_text::LATIN_LETTERS);
    let name = format!(
        r"[{cap}][{letter}'’.\-]*(?:\s+(?:[{cap}][{letter}'’.\-]*|de|da|van|von|bin|al|el|la|le)){{0,4}}"
    );
    Regex::new(&format!(
        r"^(?i:by)\s+({name}(?:(?:\s*,\s*|\s+(?i:and)\s+|\s*&\s*){name}){{0,3}})\s*$"
    ))
    .expect("valid regex")
});

/// Parses a plain-text article.
pub fn parse(text: &str) -> ParsedText {
    let mut rest = text.trim_start_matches('\u{feff}');
    let mut published = None;
    if let Some(m) = DATE_MARKER.captures(rest) {
        if let Some(date) = crate::dates::parse_iso_date(&m[1]) {
            published = Some(date.format("%Y-%m-%d").to_string());
            rest = &rest[m[0].len()..];
        }
    }
    let mut paragraphs = split_paragraphs(rest);
    let byline = match paragraphs.last().and_then(|p| BYLINE.captures(p)) {
        Some(c) => {
            let name = c[1].trim().to_owned();
            paragraphs.pop();
            Some(name)
        }
        None => None,
    };
    let title = headline_index(&paragraphs).map(|i| paragraphs.remove(i));
    // The date line is searched below the headline: a date in the headline is its subject.
    let published = published.or_else(|| dateline_date(&paragraphs));
    ParsedText {
        title,
        byline,
        published,
        paragraphs,
    }
}

/// Leading paragraphs that may be furniture before the headline (a player notice, a caption).
const HEADLINE_SEARCH: usize = 4;

/// Leading paragraphs searched for a date line.
const DATELINE_SEARCH: usize = 6;
/// A date line has at most this many words ("Monday, Sep 10, 2012 | Updated 9: 01 AM EDT").
const DATELINE_MAX_WORDS: usize = 12;

/// The date of the first short line among the first [`DATELINE_SEARCH`] that states a full
/// calendar date and does not end as a sentence does: the dateline or time stamp that pasted
/// news text keeps under its headline. A sentence that mentions a date ("She was born on
/// April 22, 1923.") is not one.
fn dateline_date(paragraphs: &[String]) -> Option<String> {
    paragraphs
        .iter()
        .take(DATELINE_SEARCH)
        .filter(|p| {
            p.split_whitespace().count() <= DATELINE_MAX_WORDS
                && !p.trim_end().ends_with(['.', '!', '?', '"', '”', ':', ';'])
        })
        .find_map(|p| crate::dates::scan_dates(p).next())
        .map(|(_, date)| date.format("%Y-%m-%d").to_string())
}

/// Where the headline is: the first line that boilerplate removal keeps whole, when it reads as
/// a headline and text follows it. Lines that removal drops entirely (player notices, captions,
/// credits) are passed over; a line it only trims (a label glued to text) ends the search.
fn headline_index(paragraphs: &[String]) -> Option<usize> {
    for (i, p) in paragraphs.iter().enumerate().take(HEADLINE_SEARCH) {
        if crate::boilerplate::is_clean_line(p) {
            return (paragraphs.len() > i + 1 && is_headline(p)).then_some(i);
        }
        if !crate::boilerplate::strip(vec![p.clone()]).is_empty() {
            return None;
        }
    }
    None
}

/// Whether a first line reads as a headline: short, and not ending as a sentence does.
fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let ends_as_sentence = line
        .trim_end()
        .ends_with(['.', '!', ':', ';', ',', '"', '”', '»']);
    (3..=25).contains(&words) && line.chars().count() <= 200 && !ends_as_sentence
}

/// Splits text into paragraphs. Blank lines always separate paragraphs. Inside a block, lines
/// are joined when they look hard-wrapped (every line but the last long and not ending a
/// sentence), else each line is its own paragraph (many sources put one paragraph per line).
/// Whitespace inside a paragraph is collapsed to single spaces.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let flush = |block: &mut Vec<&str>, out: &mut Vec<String>| {
        if block.is_empty() {
            return;
        }
        if is_hard_wrapped(block) {
            out.push(normalize_space(&block.join(" ")));
        } else {
            out.extend(block.iter().map(|l| normalize_space(l)));
        }
        block.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut block, &mut paragraphs);
        } else {
            block.push(line);
        }
    }
    flush(&mut block, &mut paragraphs);
    paragraphs.retain(|p| !p.is_empty());
    paragraphs
}

/// Whether the lines of a block are one paragraph wrapped at a fixed width.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let body = &lines[..lines.len() - 1];
    body.iter().all(|l| {
        let len = l.trim_end().chars().count();
        (40..=100).contains(&len) && !l.trim_end().ends_with(['.', '!', '?', '"', '”', ':'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_marker_title_and_byline_are_lifted() {
        let text = "Harbour bridge reopens after storm repairs\nThe bridge reopened on Friday.\nTraffic was light.\nBy Jane Doe";
        let p = parse(text);
        assert_eq!(
            p.title.as_deref(),
            Some("Harbour bridge reopens after storm repairs")
        );
        assert_eq!(p.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(
            p.paragraphs,
            ["The bridge reopened on Friday.", "Traffic was light."]
        );

        let p = parse(" date 2024-05-02 The council met on Thursday.\n\nIt voted twice.");
        assert_eq!(p.published.as_deref(), Some("2024-05-02"));
        assert_eq!(p.title, None);
        assert_eq!(
            p.paragraphs,
            ["The council met on Thursday.", "It voted twice."]
        );
    }

    #[test]
    fn a_sentence_is_not_a_title_and_an_impossible_date_is_kept_as_text() {
        let p = parse("OSLO: The ferry left port at noon.\nIt arrived late.");
        assert_eq!(p.title, None);
        let p = parse("date 2024-13-45 was typed.\nMore text.");
        assert_eq!(p.published, None);
        assert_eq!(p.paragraphs[0], "date 2024-13-45 was typed.");
    }

    #[test]
    fn a_date_line_under_the_headline_is_the_publication_date() {
        let p = parse("Jury orders execution of gang member\nApril 04, 2007\nA jury on Tuesday ordered it.\nIt took a day.");
        assert_eq!(p.published.as_deref(), Some("2007-04-04"));
        assert_eq!(
            p.title.as_deref(),
            Some("Jury orders execution of gang member")
        );
        let p = parse("Bridge reopens\nPublished: March 13, 2013 at 9:56 AM\nThe bridge reopened.");
        assert_eq!(p.published.as_deref(), Some("2013-03-13"));
        // A sentence that mentions a date, or a date deep in the text, is no dateline.
        let p = parse("Singer dies at 90\nShe was born on April 22, 1923, in Nashville.\nMore.");
        assert_eq!(p.published, None);
        let late = "Title of the piece\nOne.\nTwo.\nThree.\nFour.\nFive.\nSix.\nMay 2, 2013";
        assert_eq!(parse(late).published, None);
        // A date in the headline is what the headline is about, not when it was published.
        let p = parse("Remembering the storm of March 3, 2013\nThe town rebuilt.\nMore.");
        assert_eq!(p.published, None);
        // The marker wins over a date line.
        let p = parse("date 2024-05-02 Title words here\nApril 04, 2007\nBody.");
        assert_eq!(p.published.as_deref(), Some("2024-05-02"));
    }

    #[test]
    fn bylines_need_a_name() {
        assert_eq!(
            parse("Title here now\nBody.\nBy Ana María López and Tom Ward")
                .byline
                .as_deref(),
            Some("Ana María López and Tom Ward")
        );
        assert_eq!(
            parse("Title here now\nBody.\nBy the way, it rained.").byline,
            None
        );
    }

    #[test]
    fn hard_wrapped_blocks_are_joined() {
        let text = "This paragraph was wrapped by an old mail client at a fixed\nwidth so every line but the last one is long and open.\n\nSecond one.";
        assert_eq!(split_paragraphs(text).len(), 2);
        assert_eq!(split_paragraphs("One line.\nAnother line.").len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics_and_keeps_no_empty_paragraph(s in "\\PC{0,300}") {
            let p = parse(&s);
            proptest::prop_assert!(p.paragraphs.iter().all(|x| !x.trim().is_empty()));
        }
    }
}
