//! `analyze`: clean articles in, what Chorus understands in each out, plus the entities merged
//! across all of them.

use chorus_analyze::aliases::MergedEntity;
use chorus_analyze::Analyzer;
use chorus_core::analysis::{ArticleAnalysis, Span};
use chorus_core::Article;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

/// Analyses articles in parallel (results in input order). Each article's publication date
/// anchors its relative time expressions: its metadata's, else the one its text fixes
/// ([`chorus_analyze::time::anchor`]), else `fallback_date` unless the text reports a later
/// full date.
pub fn analyze_articles(
    analyzer: &Analyzer,
    articles: &[Article],
    fallback_date: Option<NaiveDate>,
) -> Vec<ArticleAnalysis> {
    articles
        .par_iter()
        .map(|a| analyze_article(analyzer, a, fallback_date))
        .collect()
}

/// Analyses one article as [`analyze_articles`] does. Its analysis depends on `fallback_date`
/// only when the article has no [`published`] date.
pub fn analyze_article(
    analyzer: &Analyzer,
    article: &Article,
    fallback_date: Option<NaiveDate>,
) -> ArticleAnalysis {
    use chorus_analyze::time::Anchor;
    if let Some(date) = published(article) {
        return analyzer.analyze(&article.id, &article.text, Some(date));
    }
    let anchor = chorus_analyze::time::anchor(&dated_text(article));
    let date = Anchor::reference(anchor, fallback_date);
    // A bound only its furniture's dates set still dates its undated days.
    let not_before = match anchor {
        Some(Anchor::NotBefore(bound)) if date.is_none() => Some(bound),
        _ => None,
    };
    analyzer.analyze_bounded(&article.id, &article.text, date, not_before)
}

/// The words an undated article's date is read from: its text, then the dates of its removed
/// furniture ([`Article::furniture_dates`]), each a paragraph of its own.
fn dated_text(article: &Article) -> std::borrow::Cow<'_, str> {
    if article.furniture_dates.is_empty() {
        return std::borrow::Cow::Borrowed(&article.text);
    }
    let mut text = article.text.clone();
    for date in &article.furniture_dates {
        text.push_str("\n\n");
        text.push_str(date);
        text.push('.');
    }
    std::borrow::Cow::Owned(text)
}

/// An article's publication date from its metadata.
pub fn published(article: &Article) -> Option<NaiveDate> {
    article
        .published
        .as_deref()
        .and_then(|p| p.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The date of a story's undated articles: the commonest publication date in the metadata,
/// else the commonest one the texts fix (the earliest of equals), a weekday-pinned day taking
/// its year from any of the story's texts.
pub fn story_date(articles: &[Article]) -> Option<NaiveDate> {
    let mut counts: std::collections::BTreeMap<NaiveDate, usize> = Default::default();
    for d in articles.iter().filter_map(published) {
        *counts.entry(d).or_default() += 1;
    }
    if counts.is_empty() {
        // The years the story's texts write give their year to the weekdays others pin.
        let texts: Vec<_> = articles.iter().map(dated_text).collect();
        let years: Vec<i32> = texts
            .iter()
            .flat_map(|t| chorus_analyze::time::written_years(t))
            .collect();
        for text in &texts {
            let anchor = chorus_analyze::time::anchor_among(text, &years);
            if let Some(d) = chorus_analyze::time::Anchor::reference(anchor, None) {
                *counts.entry(d).or_default() += 1;
            }
        }
    }
    let max = counts.values().copied().max()?;
    counts.into_iter().find(|&(_, n)| n == max).map(|(d, _)| d)
}

/// A span as users see it: character offsets (Unicode scalar values) and the covered text.
#[derive(Debug, Clone, Serialize)]
pub struct TextSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The text.
    pub text: String,
}

impl TextSpan {
    /// Converts a byte span of `text`. Counts the characters before the span: for many spans of
    /// one text, use [`CharOffsets::span`].
    pub fn new(text: &str, span: Span) -> TextSpan {
        CharOffsets::new(text).span(span)
    }
}

/// Byte offsets to character offsets in one text, in time independent of the offset: the
/// character count at every [`CharOffsets::STRIDE`]th byte, and a count of at most that many
/// bytes from there. Written by hand because counting from the start for every span is
/// quadratic on a long text, and a table entry per byte would take eight bytes per byte.
pub struct CharOffsets<'t> {
    text: &'t str,
    /// Characters starting before byte `i * STRIDE`.
    checkpoints: Vec<usize>,
}

impl<'t> CharOffsets<'t> {
    /// Bytes between checkpoints.
    const STRIDE: usize = 256;

    /// Indexes `text`.
    pub fn new(text: &'t str) -> CharOffsets<'t> {
        let mut checkpoints = vec![0];
        let mut count = 0;
        for chunk in text.as_bytes().chunks(Self::STRIDE) {
            count += starts(chunk);
            checkpoints.push(count);
        }
        CharOffsets { text, checkpoints }
    }

    /// Characters before byte `at` (a character boundary).
    pub fn offset(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        let block = at / Self::STRIDE;
        self.checkpoints[block] + starts(&self.text.as_bytes()[block * Self::STRIDE..at])
    }

    /// The user-facing view of a byte span of the text.
    pub fn span(&self, span: Span) -> TextSpan {
        TextSpan {
            start: self.offset(span.start),
            end: self.offset(span.end),
            text: span.of(self.text).to_owned(),
        }
    }
}

/// Characters starting in `bytes` (bytes that are not UTF-8 continuation bytes).
fn starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The JSON view of one article's analysis: character offsets, texts spelled out, speakers by
/// name.
#[derive(Debug, Serialize)]
pub struct AnalysisView {
    /// The article's id.
    pub id: String,
    /// The date relative expressions were resolved against.
    pub reference_date: Option<String>,
    /// Sentences, headings and datelines.
    pub sentences: Vec<SegmentView>,
    /// Entities with their mentions.
    pub entities: Vec<EntityView>,
    /// Quotes with speakers.
    pub quotes: Vec<QuoteView>,
    /// Time expressions on the calendar.
    pub times: Vec<TimeView>,
}

/// A sentence, heading or dateline.
#[derive(Debug, Serialize)]
pub struct SegmentView {
    /// What it is.
    pub kind: chorus_core::analysis::SegmentKind,
    /// Where and what.
    #[serde(flatten)]
    pub span: TextSpan,
}

/// An entity of one article.
#[derive(Debug, Serialize)]
pub struct EntityView {
    /// Canonical name.
    pub name: String,
    /// Person, organization or place.
    pub kind: chorus_core::analysis::EntityKind,
    /// Other names for it in the article.
    pub aliases: Vec<String>,
    /// Roles the article gives it.
    pub roles: Vec<String>,
    /// Its mentions by name.
    pub mentions: Vec<TextSpan>,
    /// Pronouns and descriptive phrases ("he", "the minister") resolved to it.
    pub references: Vec<TextSpan>,
}

/// A quote.
#[derive(Debug, Serialize)]
pub struct QuoteView {
    /// The speaker's canonical name, or null when the text does not say.
    pub speaker: Option<String>,
    /// The words naming the speaker at the attribution.
    pub speaker_mention: Option<TextSpan>,
    /// When no entity is the speaker, the words describing who spoke ("a longtime adviser").
    pub speaker_description: Option<TextSpan>,
    /// A fragment inside reported speech rather than a whole utterance.
    pub partial: bool,
    /// The quoted words.
    #[serde(flatten)]
    pub span: TextSpan,
}

/// A time expression.
#[derive(Debug, Serialize)]
pub struct TimeView {
    /// The calendar value.
    pub value: String,
    /// Its precision.
    pub granularity: chorus_core::analysis::Granularity,
    /// Where and what.
    #[serde(flatten)]
    pub span: TextSpan,
}

impl AnalysisView {
    /// Builds the view of `analysis`, which was made from `text`.
    pub fn new(text: &str, analysis: &ArticleAnalysis) -> AnalysisView {
        let offsets = CharOffsets::new(text);
        // Mentions and references per entity, in one pass each.
        let mut mentions: Vec<Vec<TextSpan>> = vec![Vec::new(); analysis.entities.len()];
        for m in &analysis.mentions {
            if let Some(list) = mentions.get_mut(m.entity) {
                list.push(offsets.span(m.span));
            }
        }
        let mut references: Vec<Vec<TextSpan>> = vec![Vec::new(); analysis.entities.len()];
        for r in &analysis.references {
            if let Some(list) = references.get_mut(r.entity) {
                list.push(offsets.span(r.span));
            }
        }
        AnalysisView {
            id: analysis.article_id.clone(),
            reference_date: analysis.reference_date.clone(),
            sentences: analysis
                .segments
                .iter()
                .map(|s| SegmentView {
                    kind: s.kind,
                    span: offsets.span(s.span),
                })
                .collect(),
            entities: analysis
                .entities
                .iter()
                .zip(mentions.into_iter().zip(references))
                .map(|(e, (mentions, references))| EntityView {
                    name: e.name.clone(),
                    kind: e.kind,
                    aliases: e.aliases.clone(),
                    roles: e.roles.iter().map(|r| r.text.clone()).collect(),
                    mentions,
                    references,
                })
                .collect(),
            quotes: analysis
                .quotes
                .iter()
                .map(|q| QuoteView {
                    speaker: q.speaker.map(|s| analysis.entities[s].name.clone()),
                    speaker_mention: q.speaker_span.map(|s| offsets.span(s)),
                    speaker_description: q.description.map(|s| offsets.span(s)),
                    partial: q.partial,
                    span: offsets.span(q.span),
                })
                .collect(),
            times: analysis
                .times
                .iter()
                .map(|t| TimeView {
                    value: t.value.clone(),
                    granularity: t.granularity,
                    span: offsets.span(t.span),
                })
                .collect(),
        }
    }
}

/// An entity merged across articles, as users see it.
#[derive(Debug, Serialize)]
pub struct MergedEntityView {
    /// Canonical name.
    pub name: String,
    /// Person, organization or place.
    pub kind: chorus_core::analysis::EntityKind,
    /// Every other name used for it.
    pub aliases: Vec<String>,
    /// Roles given to it.
    pub roles: Vec<String>,
    /// Ids of the articles that mention it.
    pub articles: Vec<String>,
}

impl MergedEntityView {
    /// Builds the view of a merged entity over the analysed articles.
    pub fn new(entity: &MergedEntity, analyses: &[ArticleAnalysis]) -> MergedEntityView {
        let mut articles: Vec<String> = entity
            .members
            .iter()
            .map(|&(a, _)| analyses[a].article_id.clone())
            .collect();
        articles.dedup();
        MergedEntityView {
            name: entity.name.clone(),
            kind: entity.kind,
            aliases: entity.aliases.clone(),
            roles: entity.roles.clone(),
            articles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str, published: Option<&str>) -> Article {
        Article {
            id: id.to_owned(),
            source_path: String::new(),
            url: None,
            title: None,
            byline: None,
            published: published.map(str::to_owned),
            outlet: None,
            language: None,
            text: text.to_owned(),
            furniture_dates: Vec::new(),
        }
    }

    #[test]
    fn undated_articles_take_the_date_their_texts_fix() {
        let stamped = article(
            "a",
            "Rain fell Monday. (Published Tuesday, March 4, 2025)",
            None,
        );
        let plain = article("b", "The storm hit Monday.", None);
        let later = article("c", "The storm hit Monday. It was April 1, 2025.", None);
        let articles = [stamped, plain, later];
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(story_date(&articles), date("2025-03-04"));
        let analyzer = Analyzer::new();
        let analyses = analyze_articles(&analyzer, &articles, story_date(&articles));
        let reference: Vec<Option<&str>> = analyses
            .iter()
            .map(|a| a.reference_date.as_deref())
            .collect();
        // The third reports a date after the story's: its weekdays stay unresolved.
        assert_eq!(reference, [Some("2025-03-04"), Some("2025-03-04"), None]);
        let dated = article("d", "It hit Monday.", Some("2025-05-07"));
        assert_eq!(story_date(&[dated]), date("2025-05-07"));
    }

    #[test]
    fn char_offsets_agree_with_counting_from_the_start() {
        let text = "Zoë said “ja” — ".repeat(40) + "end";
        let offsets = CharOffsets::new(&text);
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(offsets.offset(at), text[..at].chars().count(), "at {at}");
        }
    }
}
