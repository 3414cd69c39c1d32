//! Faithfulness gates over a brief: what it shows must stand in the articles it cites.
//!
//! Texts are compared after [`comparable`] (whitespace collapsed, quotes and dashes unified):
//! a shown text must be a substring of every cited article's text, so trimmed clauses pass and
//! paraphrase does not.
//!
//! * summary: every sentence cites at least one article and stands verbatim in each;
//! * quotes: every quote cites at least one article and stands verbatim in each;
//! * numbers and dates: every number (digits) and day date ("Feb. 18", "18 February") of a
//!   summary sentence appears in at least one cited article;
//! * timeline: every entry's text verbatim in each cited article (`corroborated_by` articles,
//!   which date a similar statement the same way in their own words, are not checked).

use chorus_core::Article;
use chorus_synthesize::brief::Story;
use chorus_synthesize::pool::comparable;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Numbers ("1,200", "3.5", "10:30") and day dates with a month name, either order.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    Regex::new(&format!(
        r"\b{month}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{month}\b|\d+(?:[.,:]\d+)*"
    ))
    .expect("valid regex")
});

/// Violation examples kept per check.
const EXAMPLES: usize = 5;

/// One check: how many items it looked at, how many failed, the first few failures.
#[derive(Debug, Default)]
pub struct Check {
    /// Items checked.
    pub checked: usize,
    /// Items that failed.
    pub violations: usize,
    /// The first failures, described.
    pub examples: Vec<String>,
}

impl Check {
    fn record(&mut self, ok: bool, describe: impl FnOnce() -> String) {
        self.checked += 1;
        if !ok {
            self.violations += 1;
            if self.examples.len() < EXAMPLES {
                self.examples.push(describe());
            }
        }
    }
}

/// Every check over every brief seen.
#[derive(Debug, Default)]
pub struct Gates {
    /// Summary sentences verbatim in each cited article, at least one cited.
    pub summary: Check,
    /// Quotes verbatim in each cited article, at least one cited.
    pub quotes: Check,
    /// Numbers and day dates of summary sentences found in a cited article.
    pub figures: Check,
    /// Timeline entries verbatim in each cited article (reported only).
    pub timeline: Check,
}

impl Gates {
    /// Checks one story's brief against its articles (looked up by id).
    pub fn check(&mut self, label: &str, story: &Story, articles: &[Article]) {
        let sources: HashMap<&str, String> = articles
            .iter()
            .filter(|a| story.articles.contains(&a.id))
            .map(|a| (a.id.as_str(), comparable(&a.text)))
            .collect();
        let verbatim = |text: &str, cited: &[String]| -> Result<(), String> {
            if cited.is_empty() {
                return Err("cites no article".to_owned());
            }
            let needle = comparable(text);
            let missing: Vec<&str> = cited
                .iter()
                .filter(|id| {
                    !sources
                        .get(id.as_str())
                        .is_some_and(|s| s.contains(&needle))
                })
                .map(String::as_str)
                .collect();
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!("not in {}", missing.join(", ")))
            }
        };
        for s in &story.summary {
            let result = verbatim(&s.text, &s.sources);
            self.summary.record(result.is_ok(), || {
                format!("{label}: summary {:?}: {}", s.text, result.unwrap_err())
            });
            for figure in FIGURE.find_iter(&s.text) {
                let figure = comparable(figure.as_str());
                let found = s.sources.iter().any(|id| {
                    sources
                        .get(id.as_str())
                        .is_some_and(|text| contains_figure(text, &figure))
                });
                self.figures.record(found, || {
                    format!("{label}: {figure:?} of {:?} in no cited article", s.text)
                });
            }
        }
        for q in &story.quotes {
            let result = verbatim(&q.text, &q.sources);
            self.quotes.record(result.is_ok(), || {
                format!(
                    "{label}: quote of {} {:?}: {}",
                    q.speaker.as_deref().unwrap_or("(unknown)"),
                    q.text,
                    result.unwrap_err()
                )
            });
        }
        for t in &story.timeline {
            let result = verbatim(&t.text, &t.sources);
            self.timeline.record(result.is_ok(), || {
                format!(
                    "{label}: timeline {} {:?}: {}",
                    t.date,
                    t.text,
                    result.unwrap_err()
                )
            });
        }
    }

    /// Prints every check; returns whether every gate held.
    pub fn report(&self, title: &str) -> bool {
        println!("faithfulness, {title}:");
        let rows = [
            (
                "summary sentences verbatim in each cited source",
                &self.summary,
                true,
            ),
            ("quotes verbatim in each cited source", &self.quotes, true),
            (
                "numbers and dates of summary sentences in a cited source",
                &self.figures,
                true,
            ),
            (
                "timeline entries verbatim in each cited source",
                &self.timeline,
                true,
            ),
        ];
        let mut held = true;
        for (name, check, gate) in rows {
            let verdict = match (gate, check.violations) {
                (_, 0) => "ok",
                (true, _) => "FAIL",
                (false, _) => "noted",
            };
            println!(
                "  {name}: {} checked, {} violations [{verdict}]",
                check.checked, check.violations
            );
            for e in &check.examples {
                println!("    - {e}");
            }
            held &= !gate || check.violations == 0;
        }
        held
    }
}

/// Whether `figure` occurs in `text` not as part of a longer number ("18" is not in "2018").
fn contains_figure(text: &str, figure: &str) -> bool {
    text.match_indices(figure).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + figure.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chorus_synthesize::brief::{Cited, Coverage, StoryQuote, TimelineEntry};

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.to_owned(),
            source_path: String::new(),
            url: None,
            title: None,
            byline: None,
            published: None,
            outlet: None,
            language: None,
            text: text.to_owned(),
            furniture_dates: Vec::new(),
        }
    }

    fn story(summary: &[(&str, &[&str])], quote: &str) -> Story {
        let cited = |(text, sources): &(&str, &[&str])| Cited {
            text: (*text).to_owned(),
            sources: sources.iter().map(|s| (*s).to_owned()).collect(),
        };
        Story {
            id: "s".to_owned(),
            title: String::new(),
            date: None,
            place: None,
            articles: vec!["a".to_owned(), "b".to_owned()],
            summary: summary.iter().map(cited).collect(),
            facts: vec![],
            entities: vec![],
            more_entities: 0,
            more_quotes: 0,
            quotes: vec![StoryQuote {
                speaker: None,
                role: None,
                described_as: None,
                text: quote.to_owned(),
                sources: vec!["a".to_owned()],
            }],
            timeline: vec![TimelineEntry {
                date: "2024-03-05".to_owned(),
                text: "The bridge closed on March 5.".to_owned(),
                sources: vec!["a".to_owned()],
                corroborated_by: vec!["b".to_owned()],
            }],
            divergences: vec![],
            syndication: vec![],
            coverage: Coverage::default(),
        }
    }

    fn articles() -> Vec<Article> {
        vec![
            article(
                "a",
                "The bridge closed on March 5.  Crews found 12 cracks, officials said.\n\n\u{201c}We will reopen it,\u{201d} the mayor said.",
            ),
            article("b", "Crews found 12 cracks, officials said."),
        ]
    }

    #[test]
    fn faithful_brief_passes() {
        let mut gates = Gates::default();
        let s = story(
            &[
                ("The bridge closed on March 5.", &["a"]),
                ("Crews found 12 cracks,", &["a", "b"]),
            ],
            "We will reopen it,",
        );
        gates.check("t", &s, &articles());
        assert_eq!((gates.summary.checked, gates.summary.violations), (2, 0));
        assert_eq!((gates.figures.checked, gates.figures.violations), (2, 0));
        assert_eq!(gates.quotes.violations, 0);
        // Article b only corroborates the timeline entry: not checked verbatim.
        assert_eq!((gates.timeline.checked, gates.timeline.violations), (1, 0));
        assert!(gates.report("test"));
    }

    #[test]
    fn paraphrase_missing_source_and_changed_number_fail() {
        let mut gates = Gates::default();
        let s = story(
            &[
                ("The bridge shut on March 5.", &["a"]),
                ("Crews found 12 cracks, officials said.", &[]),
                ("Crews found 13 cracks, officials said.", &["b"]),
            ],
            "We will reopen it soon",
        );
        gates.check("t", &s, &articles());
        assert_eq!(gates.summary.violations, 3);
        // "12" of the sentence citing nothing, and "13".
        assert_eq!(gates.figures.violations, 2);
        assert_eq!(gates.quotes.violations, 1);
        assert!(gates.summary.examples[1].contains("cites no article"));
        assert!(!gates.report("test"));
    }

    #[test]
    fn figures_respect_number_boundaries() {
        let found: Vec<&str> = FIGURE
            .find_iter("On Feb. 18, 2025, 1,200 people and 3 of 18 February")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, ["Feb. 18", "2025", "1,200", "3", "18 February"]);
        assert!(contains_figure("in 2018 and 18", "18"));
        assert!(!contains_figure("in 2018", "18"));
    }
}
