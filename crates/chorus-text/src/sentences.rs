//! Splitting news text into sentences, headings and datelines.
//!
//! Lines are hard boundaries (paragraphs arrive one per line or separated by blank lines). Inside
//! a line, a sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets) followed
//! by space and a capital, a digit or an opening quote, unless the word before a period is an
//! abbreviation ("Gen.", "Jan.") or an initialism ("U.S.", "J.") that the next word does not
//! show to be a sentence start.

use crate::{LATIN_CAPITALS, LATIN_LETTERS};
use chorus_core::analysis::{Segment, SegmentKind, Span};
use regex::Regex;
use std::sync::LazyLock;

/// A dateline opening a paragraph: an all-caps place, optionally ", Country" and an agency in
/// brackets, then a colon or dash ("RIYADH:", "PORT ALDWIN (CPA) —", "KYIV, Ukraine (AP) -").
/// Builds this module's patterns now (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&DATELINE);
    LazyLock::force(&PICTURE_CREDIT);
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\p{{Lu}}[{LATIN_CAPITALS} .'’-]{{1,40}}(?:,\s*\p{{Lu}}[{LATIN_LETTERS} .]{{1,30}})?\s*(?:\([^()]{{1,30}}\))?\s*(?::|—|–|--?)\s+",
    ))
    .expect("valid regex")
});

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Sgt", "Adm",
    "Sen", "Rep", "Gov", "Pres", "Supt", "Det", "Insp", "Atty", "Dist", "Rev", "Hon", "St", "Jr",
    "Sr", "No", "Nos", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "vs",
    "etc", "Inc", "Corp", "Ltd", "Co", "Bros", "Mt", "Ft", "Ave", "Blvd", "Rd", "approx", "est",
    "Fig", "Vol", "Ch", "pp", "ca", "cf", "al", "e.g", "i.e",
];

/// Words that, capitalized after an initialism, show that a new sentence started ("… the U.S.
/// The talks …").
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "However",
    "Meanwhile",
    "Officials",
    "If",
    "So",
    "Yet",
    "Still",
];

/// Whether `word` (the text before a period, without it) is an abbreviation.
pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(&word) || is_initialism(word)
}

/// "U.S", "J", "U.N" — single letters joined by periods (the final period already removed).
fn is_initialism(word: &str) -> bool {
    !word.is_empty()
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Splits `text` into segments in order. Every non-blank character of the text belongs to
/// exactly one segment; segment spans are trimmed of surrounding whitespace.
pub fn segment(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        segment_line(line, offset, &mut segments);
        offset += line.len();
    }
    segments
}

/// Segments one line starting at byte `base` of the text.
fn segment_line(line: &str, base: usize, out: &mut Vec<Segment>) {
    let trimmed_start = line.len() - line.trim_start().len();
    let body = line.trim();
    if body.is_empty() {
        return;
    }
    let mut start = base + trimmed_start;
    let mut rest = body;
    if let Some(m) = DATELINE.find(rest) {
        // A dateline is a short label followed by a sentence that starts with a capital.
        let label = m.as_str().trim_end();
        let opens_sentence = rest[m.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“'));
        if opens_sentence && label.split_whitespace().count() <= 6 {
            out.push(Segment {
                span: Span::new(start, start + label.len()),
                kind: SegmentKind::Dateline,
            });
            start += m.end();
            rest = &rest[m.end()..];
        }
    }
    if is_heading(rest) {
        // A credit set on its own line ("By Ann Lee", "Follow Ann Lee on Twitter: …").
        let kind = if is_credit(rest) || is_byline(rest) {
            SegmentKind::Credit
        } else {
            SegmentKind::Heading
        };
        out.push(Segment {
            span: Span::new(start, start + rest.len()),
            kind,
        });
        return;
    }
    let mut sentence_start = 0;
    for end in boundaries(rest) {
        push_sentence(rest, start, sentence_start, end, out);
        sentence_start = end + (rest[end..].len() - rest[end..].trim_start().len());
    }
    push_sentence(rest, start, sentence_start, rest.len(), out);
}

fn push_sentence(line: &str, base: usize, from: usize, to: usize, out: &mut Vec<Segment>) {
    let piece = &line[from..to];
    let lead = piece.len() - piece.trim_start().len();
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    let kind = if is_credit(piece) {
        SegmentKind::Credit
    } else {
        SegmentKind::Sentence
    };
    out.push(Segment {
        span: Span::new(base + from + lead, base + from + lead + piece.len()),
        kind,
    });
}

/// Phrases of a credit line ([`SegmentKind::Credit`]).
const CREDIT_PHRASES: &[&str] = &[
    "contributed to this report",
    "contributed to this story",
    "contributed to this article",
    "contributed reporting",
    "additional reporting by",
    "reporting by",
    "editing by",
    "writing by",
    "compiled by",
    "reported from",
    "with assistance by",
    "with assistance from",
    "can be reached at",
    "can be reached on",
    "can be reached via",
];

/// Whether a line is a byline: "By" and at most six names, initials and joining words, every
/// name capitalized ("By Ann Lee", "Updated By Tom Poe, Ann Lee and Eve Ray").
fn is_byline(line: &str) -> bool {
    let rest = line
        .strip_prefix("Updated ")
        .or_else(|| line.strip_prefix("/ Updated "))
        .unwrap_or(line);
    let Some(names) = rest
        .strip_prefix("By ")
        .or_else(|| rest.strip_prefix("BY "))
    else {
        return false;
    };
    let words: Vec<&str> = names
        .split([' ', ','])
        .filter(|w| !w.is_empty() && !matches!(*w, "and" | "&" | "."))
        .collect();
    !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A picture credit: a full name, a slash and an outlet ("Ann Lee / For The Times",
/// "Tom Poe/ESPN", "Ann Lee/Getty Images").
static PICTURE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\p{Lu}[\p{L}'’.-]+ \p{Lu}[\p{L}'’.-]+ ?/ ?(?:For The |\p{Lu}\p{Lu}|Getty|\p{Lu}[\p{L}]+ (?:Images|Press|News))")
        .expect("valid regex")
});

/// Whether a sentence is a credit line: staff credits, a picture credit, or a call to follow a
/// writer ("Follow Jane Roe on Twitter").
pub fn is_credit(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    CREDIT_PHRASES.iter().any(|p| lower.contains(p))
        || (lower.starts_with("follow ") && lower.contains("twitter"))
        || PICTURE_CREDIT.is_match(sentence)
}

/// Whether a whole line is a heading: short and without sentence-final punctuation.
fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let last = line.trim_end().chars().last().unwrap_or('.');
    words <= 14
        && !matches!(
            last,
            '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ':' | ';' | ',' | ')'
        )
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Byte offsets (into `line`) where sentences end, after their closing marks.
fn boundaries(line: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut ends = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        // Take the whole run of terminal punctuation and closing marks.
        let mut j = i + 1;
        while j < chars.len()
            && matches!(
                chars[j].1,
                '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | ']'
            )
        {
            j += 1;
        }
        let end = chars.get(j).map_or(line.len(), |&(p, _)| p);
        // Must be followed by whitespace and a sentence opener.
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let followed_by_space = k > j;
        let opener = chars.get(k).map(|&(_, c)| c);
        let opens = opener.is_some_and(|c| {
            c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[')
        });
        if !(followed_by_space && opens) {
            i = j;
            continue;
        }
        if c == '.' && j == i + 1 {
            let word = word_before(&line[..pos]);
            if is_abbreviation(word) {
                let next_word = next_word(&line[chars[k].0..]);
                let numeric_next = opener.is_some_and(char::is_numeric);
                let starter = SENTENCE_STARTERS.contains(&next_word);
                // "Jan. 5", "No. 3", "Gen. Smith", "U.S. officials": not a boundary, unless an
                // initialism is followed by a word that only starts sentences.
                if numeric_next || !(is_initialism(word) && starter) {
                    i = j;
                    continue;
                }
            }
        }
        ends.push(end);
        i = j;
    }
    ends
}

/// The word that ends `text` (letters and inner periods).
fn word_before(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

/// The first word of `text`.
fn next_word(text: &str) -> &str {
    let text = text.trim_start_matches(['"', '“', '‘', '\'', '(', '[']);
    let end = text
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, SegmentKind)> {
        segment(text)
            .into_iter()
            .map(|s| (s.span.of(text), s.kind))
            .collect()
    }

    #[test]
    fn abbreviations_and_initialisms_do_not_end_sentences() {
        let t = "U.S. Secretary of State Jane Roe met Gen. Tom Poe on Jan. 5 in Washington. They talked.";
        assert_eq!(
            texts(t),
            [
                (
                    "U.S. Secretary of State Jane Roe met Gen. Tom Poe on Jan. 5 in Washington.",
                    SegmentKind::Sentence
                ),
                ("They talked.", SegmentKind::Sentence)
            ]
        );
        let t = "The deal was signed in the U.S. The talks ended.";
        assert_eq!(texts(t).len(), 2);
    }

    #[test]
    fn quotes_close_sentences() {
        let t = "“We are ready,” she said. “We have always been.” He left.";
        assert_eq!(
            texts(t).iter().map(|x| x.0).collect::<Vec<_>>(),
            [
                "“We are ready,” she said.",
                "“We have always been.”",
                "He left."
            ]
        );
    }

    #[test]
    fn datelines_and_headings_are_kept_apart() {
        let t = "OSLO (CPA) — The ferry left at noon. It was late.\n\nDelays Across the Fjord\n\nRIYADH: Talks began.";
        let kinds: Vec<_> = texts(t);
        assert_eq!(kinds[0], ("OSLO (CPA) —", SegmentKind::Dateline));
        assert_eq!(kinds[1], ("The ferry left at noon.", SegmentKind::Sentence));
        assert_eq!(kinds[3], ("Delays Across the Fjord", SegmentKind::Heading));
        assert_eq!(kinds[4], ("RIYADH:", SegmentKind::Dateline));
        assert_eq!(kinds[5], ("Talks began.", SegmentKind::Sentence));
    }

    #[test]
    fn credit_lines_are_their_own_kind() {
        let text = "The ferry left. Ann Lee contributed to this report. (Editing by Tom Poe) \
                    Follow Ann Lee on Twitter. Tom Poe / For The Times The crew waved. \
                    Reporters followed the crew from Oslo.";
        let kinds: Vec<SegmentKind> = segment(text).into_iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Sentence,
                SegmentKind::Credit,
                SegmentKind::Credit,
                SegmentKind::Credit,
                SegmentKind::Sentence
            ]
        );
    }

    #[test]
    fn credits_on_their_own_lines_are_credits() {
        let text =
            "The ferry left.\n\nBy Ann Lee\n\nFollow Tom Poe at https://twitter.com/tpoe\n\n\
                    Eve Ray can be reached at eve@example.com.\n\n\
                    With assistance by Ann Lee, and Tom Poe\n\nDelays Across the Fjord";
        let kinds: Vec<SegmentKind> = segment(text).into_iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Sentence,
                SegmentKind::Credit,
                SegmentKind::Credit,
                SegmentKind::Credit,
                SegmentKind::Credit,
                SegmentKind::Heading
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn segments_are_ordered_trimmed_and_on_boundaries(s in "\\PC{0,200}") {
            let segs = segment(&s);
            let mut last = 0;
            for seg in &segs {
                proptest::prop_assert!(seg.span.start >= last && seg.span.start < seg.span.end);
                let piece = seg.span.of(&s);
                proptest::prop_assert_eq!(piece, piece.trim());
                last = seg.span.end;
            }
        }
    }
}
