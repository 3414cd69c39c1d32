//! Article analyses kept in the store (table `analyses`, postcard) for later briefs.
//!
//! A kept analysis is used only if it was made of the article's current revision, on the same
//! basis ([`basis`]: the analyzer's [`fingerprint`] and, for an undated article, the date its
//! relative dates fell back on) and if it decodes into spans that fit the article's text;
//! anything else is analysed again, so a brief written from kept analyses is the brief written
//! from fresh ones.

use chorus_analyze::Analyzer;
use chorus_core::analysis::{ArticleAnalysis, Span};
use chorus_core::Article;

/// A made-up text with a dateline, names, a role, a quote and dates, whose analysis stands for
/// the analyzer's behaviour in [`fingerprint`].
const PROBE: &str = "VELMORA (Harbour Gazette) — Mayor Quen Dralith said on Tuesday that the \
    Kavel Authority would reopen the Tinsa Street bridge by March 4, 2026.\n\n\"We will keep \
    Velmora informed at every step,\" Dralith told reporters. About 412 people in New York and \
    Paris followed the news, according to Dr. Anna Morel, a spokeswoman for the authority.";

/// Identifies the analyzer: the Chorus version and a hash of its analysis of a fixed probe
/// text. Analyses kept by another analyzer (an upgrade that analyses differently) are not used.
pub(crate) fn fingerprint(analyzer: &Analyzer) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 3);
    let probe = analyzer.analyze("probe", PROBE, date);
    let bytes = postcard::to_stdvec(&probe).unwrap_or_default();
    format!("{}:{:016x}", env!("CARGO_PKG_VERSION"), fnv1a(&bytes))
}

/// 64-bit FNV-1a: a hash that is the same in every build.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What an article's analysis depends on besides its revision: the analyzer (`fingerprint`)
/// and, for an article without a publication date, the date its relative dates fall back on.
pub(crate) fn basis(
    fingerprint: &str,
    article: &Article,
    story_date: Option<chrono::NaiveDate>,
) -> String {
    if chorus::analyze::published(article).is_some() {
        format!("{fingerprint} -")
    } else {
        let date = story_date.map(|d| d.to_string()).unwrap_or_default();
        format!("{fingerprint} {date}")
    }
}

/// Encodes an analysis for the table.
pub(crate) fn encode(analysis: &ArticleAnalysis) -> Option<Vec<u8>> {
    postcard::to_stdvec(analysis).ok()
}

/// Decodes a kept analysis of `article`, or `None` when it is damaged: undecodable, of another
/// article, or with a span that does not fit the text.
pub(crate) fn decode(bytes: &[u8], article: &Article) -> Option<ArticleAnalysis> {
    let analysis: ArticleAnalysis = postcard::from_bytes(bytes).ok()?;
    (analysis.article_id == article.id && fits(&analysis, &article.text)).then_some(analysis)
}

/// Whether every span of `analysis` lies within `text` on character boundaries, and every
/// entity index points at an entity.
fn fits(analysis: &ArticleAnalysis, text: &str) -> bool {
    let span_fits = |s: &Span| {
        s.start <= s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    };
    let entity_fits = |e: usize| e < analysis.entities.len();
    analysis.segments.iter().all(|s| span_fits(&s.span))
        && analysis
            .entities
            .iter()
            .flat_map(|e| &e.roles)
            .all(|r| span_fits(&r.span))
        && analysis
            .mentions
            .iter()
            .all(|m| span_fits(&m.span) && entity_fits(m.entity))
        && analysis
            .references
            .iter()
            .all(|r| span_fits(&r.span) && entity_fits(r.entity))
        && analysis.quotes.iter().all(|q| {
            span_fits(&q.span)
                && q.speaker.is_none_or(entity_fits)
                && q.speaker_span.as_ref().is_none_or(span_fits)
                && q.description.as_ref().is_none_or(span_fits)
        })
        && analysis.times.iter().all(|t| span_fits(&t.span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(published: Option<&str>) -> Article {
        Article {
            id: "a".to_owned(),
            source_path: "made-up".to_owned(),
            url: None,
            title: None,
            byline: None,
            published: published.map(str::to_owned),
            outlet: None,
            language: None,
            text: "Mayor Quen Dralith said on Tuesday: \"The bridge opens in May.\"".to_owned(),
            furniture_dates: Vec::new(),
        }
    }

    #[test]
    fn a_kept_analysis_decodes_to_what_was_encoded() {
        let analyzer = Analyzer::new();
        let a = article(Some("2026-03-03"));
        let analysis = chorus::analyze::analyze_article(&analyzer, &a, None);
        let bytes = encode(&analysis).unwrap();
        assert_eq!(decode(&bytes, &a), Some(analysis));
    }

    #[test]
    fn a_damaged_or_foreign_analysis_is_not_used() {
        let analyzer = Analyzer::new();
        let a = article(Some("2026-03-03"));
        let analysis = chorus::analyze::analyze_article(&analyzer, &a, None);
        let bytes = encode(&analysis).unwrap();
        assert_eq!(decode(&bytes[..bytes.len() / 2], &a), None);
        let mut other = a.clone();
        other.id = "b".to_owned();
        assert_eq!(decode(&bytes, &other), None);
        let mut short = a.clone();
        short.text.truncate(10);
        assert_eq!(decode(&bytes, &short), None);
    }

    #[test]
    fn only_an_undated_articles_basis_depends_on_the_story_date() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 3);
        let next = chrono::NaiveDate::from_ymd_opt(2026, 3, 4);
        let dated = article(Some("2026-03-01"));
        assert_eq!(basis("f", &dated, day), basis("f", &dated, next));
        let undated = article(None);
        assert_ne!(basis("f", &undated, day), basis("f", &undated, next));
        assert_ne!(basis("f", &undated, day), basis("g", &undated, day));
    }

    #[test]
    fn the_fingerprint_is_stable() {
        let analyzer = Analyzer::new();
        assert_eq!(fingerprint(&analyzer), fingerprint(&analyzer));
    }
}
