//! The outlet an article's own text names, for articles whose metadata does not: the credit of a
//! dateline ("(Wire) —", "RIVERTON (Wire) —"), a copyright notice that signs the article off
//! ("© 2024 The Ledger. All rights reserved."), and, last, the site's host name.
//!
//! One rule for every input: metadata (what the container or the page states), then what the
//! text says, then the site's host name; never the file name. Each rule looks at the shape of a
//! line only where outlets put it (a dateline in the first paragraphs, a notice in the last), and
//! leans to saying nothing: an unknown outlet is shown as unknown, a wrong one misleads.

use regex::Regex;
use std::sync::LazyLock;

/// Paragraphs at the start of the text where a dateline may stand (captions and player notices
/// often come before it).
const DATELINE_PARAGRAPHS: usize = 4;
/// Paragraphs at the end of the text where a sign-off notice may stand.
const SIGN_OFF_PARAGRAPHS: usize = 4;
/// A sign-off notice has at most this many words.
const SIGN_OFF_MAX_WORDS: usize = 40;

/// A dateline credit opening a paragraph: an optional place in capitals ("RIVERTON",
/// "ST. MARY, Md."), a name in parentheses, then a dash or a colon.
static DATELINE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let place_word = r"\p{Lu}[\p{Lu}.'’\-]*";
    let latin = chorus_text::LATIN_LETTERS;
    Regex::new(&format!(
        r"^(?:{place_word}(?:\s+{place_word}){{0,4}}(?:,\s+\p{{Lu}}[{latin}.]{{1,15}}(?:\s\p{{Lu}}[{latin}.]{{1,15}})?)?\s+)?\((?P<o>[^()\n]{{2,40}})\)\s*(?:—|–|--|-|:)\s*\S"
    ))
    .expect("valid regex")
});

/// A name as an outlet's credit shows it: one to five words, each opening with a capital or a
/// digit ("Wire", "KXYZ", "WXYZ 7", "The Valley Ledger").
static OUTLET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:The\s+)?[\p{Lu}\d][\p{L}\d&.'’\-]*(?:\s+(?:of|and|&|[\p{Lu}\d][\p{L}\d&.'’\-]*)){0,4}$")
        .expect("valid regex")
});

/// Words that mark a parenthesized label as page furniture rather than an outlet.
const FURNITURE: &[&str] = &[
    "photo",
    "photos",
    "video",
    "videos",
    "file",
    "image",
    "images",
    "update",
    "updated",
    "watch",
    "listen",
    "audio",
    "live",
    "graphic",
    "map",
    "opinion",
    "analysis",
    "editorial",
    "commentary",
    "exclusive",
    "breaking",
    "correction",
    "clarification",
    "sponsored",
    "advertisement",
    "ad",
];

/// A copyright notice opening a short paragraph: the mark or word, the year, then the holder.
static COPYRIGHT_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &r"^\W{0,3}(?i:copyright|©|\(c\))\s*(?:©\s*|\(c\)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)\s*,?\s+(?P<o>(?:The\s+)?\p{Lu}[\p{L}\d&'’\-]*(?:\.[A-Za-z]{2,4})?(?:\s+(?:of|and|&|\p{Lu}[LATIN\d&'’\-]*)){0,5})"
            .replace("LATIN", chorus_text::LATIN_LETTERS),
    )
    .expect("valid regex")
});

/// Company-form words that follow a holder's name in a notice, not part of the outlet's name.
const COMPANY_FORMS: &[&str] = &[
    "Inc", "LLC", "Ltd", "Limited", "Corp", "Co", "GmbH", "AG", "SA", "PLC", "Plc",
];

/// The outlet the text names: a dateline credit in the first paragraphs, else a copyright notice
/// in the last ones. `paragraphs` are the article's paragraphs before boilerplate removal (a
/// notice is boilerplate once its outlet is read).
pub fn from_text(paragraphs: &[String]) -> Option<String> {
    paragraphs
        .iter()
        .take(DATELINE_PARAGRAPHS)
        .find_map(|p| dateline_credit(p))
        .or_else(|| {
            let start = paragraphs.len().saturating_sub(SIGN_OFF_PARAGRAPHS);
            paragraphs
                .get(start..)
                .unwrap_or_default()
                .iter()
                .rev()
                .find_map(|p| copyright_holder(p))
        })
}

/// The outlet a dateline credits ("RIVERTON (Wire) — …" → "Wire").
fn dateline_credit(p: &str) -> Option<String> {
    let name = DATELINE_CREDIT.captures(p)?.name("o")?.as_str().trim();
    let furniture = name
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| FURNITURE.contains(&w.to_lowercase().as_str()));
    (!furniture && OUTLET_NAME.is_match(name)).then(|| name.to_owned())
}

/// The holder a short copyright notice names ("© 2024 The Ledger. All rights reserved." →
/// "The Ledger"), without a company form ("Example Media, Inc." → "Example Media").
fn copyright_holder(p: &str) -> Option<String> {
    if p.split_whitespace().count() > SIGN_OFF_MAX_WORDS {
        return None;
    }
    let name = COPYRIGHT_NOTICE.captures(p)?.name("o")?.as_str();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while let Some(last) = words.last() {
        let bare = last.trim_end_matches(['.', ',']);
        if COMPANY_FORMS.contains(&bare) || ["of", "and", "&"].contains(&bare) {
            words.pop();
        } else {
            break;
        }
    }
    let name = words.join(" ");
    let name = name.trim_end_matches([',', '.', '-', '’', '\'']);
    let rights = ["All", "Rights", "Reserved"];
    (!name.is_empty() && !words.iter().all(|w| rights.contains(w))).then(|| name.to_owned())
}

/// The site's host name from an article's address, without a `www.`-like prefix
/// ("https://www.example.org/news/1" → "example.org"); `None` for an address without a host.
pub fn from_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.').to_lowercase();
    let host = ["www.", "m.", "amp.", "mobile."]
        .iter()
        .find_map(|p| host.strip_prefix(p))
        .unwrap_or(&host);
    let valid = host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && !host.chars().all(|c| c.is_ascii_digit() || c == '.');
    valid.then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(ps: &[&str]) -> Vec<String> {
        ps.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dateline_credits_name_the_outlet() {
        for (p, want) in [
            ("RIVERTON (Wire) — The bridge reopened on Friday.", "Wire"),
            ("(KXYZ) -- Crews worked through the night.", "KXYZ"),
            (
                "LAKE TOWN, Mont. (Valley News) - Snow fell early.",
                "Valley News",
            ),
            ("ST. MARY (WXYZ 7): The school closed.", "WXYZ 7"),
        ] {
            assert_eq!(from_text(&paras(&[p])).as_deref(), Some(want), "{p}");
        }
    }

    #[test]
    fn parentheses_that_are_not_credits_name_nothing() {
        for p in [
            "Rep. Jane Roe (D-Ore.) — who chairs the panel — spoke first.",
            "RIVERTON (Photo) — a caption left by the page.",
            "The mayor (pictured) - said the plan would pass.",
            "RIVERTON — The bridge reopened on Friday (Wire).",
            "(updated 5 pm) — Crews worked through the night.",
            "Officials said (in a statement) - that all was calm.",
        ] {
            assert_eq!(from_text(&paras(&[p])), None, "{p}");
        }
    }

    #[test]
    fn a_dateline_deep_in_the_text_is_not_read() {
        let mut ps = vec!["Opening paragraph of the story."; 5];
        ps.push("RIVERTON (Wire) — A quoted dispatch.");
        assert_eq!(from_text(&paras(&ps)), None);
    }

    #[test]
    fn copyright_notices_at_the_end_name_the_outlet() {
        let ps = paras(&[
            "The council approved the budget on Monday.",
            "© 2024 The Valley Ledger. All rights reserved.",
        ]);
        assert_eq!(from_text(&ps).as_deref(), Some("The Valley Ledger"));
        let ps = paras(&[
            "The council approved the budget on Monday.",
            "Copyright 2023 Example Media Group, Inc. This material may not be redistributed.",
        ]);
        assert_eq!(from_text(&ps).as_deref(), Some("Example Media Group"));
    }

    #[test]
    fn copyright_as_a_topic_or_a_book_names_nothing() {
        let ps = paras(&[
            "The council approved the budget on Monday.",
            "Copyright 2018 by Jane Roe, excerpted with permission.",
        ]);
        assert_eq!(from_text(&ps), None);
        let ps = paras(&[
            "Copyright 2020 rules were debated at length by the committee.",
            "The council approved the budget on Monday.",
        ]);
        assert_eq!(from_text(&ps), None);
        let ps = paras(&["Copyright 2020 All Rights Reserved."]);
        assert_eq!(from_text(&ps), None);
    }

    #[test]
    fn the_host_is_the_site_name() {
        assert_eq!(
            from_url("https://www.example.org/news/1").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            from_url("http://user@News.Example.co.uk:8080/a?b").as_deref(),
            Some("news.example.co.uk")
        );
        assert_eq!(from_url("file:///tmp/story.html"), None);
        assert_eq!(from_url("http://127.0.0.1/x"), None);
        assert_eq!(from_url("story-stem"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(ps in proptest::collection::vec("\\PC{0,120}", 0..8), u in "\\PC{0,80}") {
            let _ = from_text(&ps);
            let _ = from_url(&u);
        }
    }
}
