//! The timeline: dated events on the calendar, each the sentence that dates it, cited by the
//! articles that put a similar statement on the same date.

use crate::brief::TimelineEntry;
use crate::pool::{cosine, Pool};
use crate::StoryInput;
use chorus_core::analysis::Granularity;

/// Entries at most.
const MAX_ENTRIES: usize = 12;
/// Similarity at which another article's sentence on the same date supports an entry.
const SUPPORTS: f32 = 0.25;

pub(crate) fn build(
    pool: &Pool,
    centroid: &[(u32, f32)],
    input: &StoryInput,
) -> Vec<TimelineEntry> {
    // (date, sentence index) for every dated sentence.
    let mut dated: Vec<(String, usize)> = Vec::new();
    for (a, analysis) in input.analyses.iter().enumerate() {
        for t in &analysis.times {
            if !matches!(
                t.granularity,
                Granularity::Day | Granularity::Month | Granularity::Year
            ) {
                continue;
            }
            let containing = pool
                .sentences
                .iter()
                .position(|s| s.article == a && s.span.contains(&t.span));
            if let Some(i) = containing {
                if crate::summary::is_candidate(&pool.sentences[i])
                    && !dated.contains(&(t.value.clone(), i))
                {
                    dated.push((t.value.clone(), i));
                }
            }
        }
    }
    let mut dates: Vec<String> = dated.iter().map(|(d, _)| d.clone()).collect();
    dates.sort();
    dates.dedup();
    let mut entries: Vec<(usize, f32, TimelineEntry)> = dates
        .into_iter()
        .filter_map(|date| {
            let on_date: Vec<usize> = dated
                .iter()
                .filter(|(d, _)| *d == date)
                .map(|&(_, i)| i)
                .collect();
            let &best = on_date.iter().max_by(|&&x, &&y| {
                cosine(&pool.sentences[x].vector, centroid)
                    .total_cmp(&cosine(&pool.sentences[y].vector, centroid))
                    .then(y.cmp(&x))
            })?;
            let chosen = &pool.sentences[best];
            let articles: Vec<usize> = on_date
                .iter()
                .filter(|&&i| {
                    i == best || cosine(&pool.sentences[i].vector, &chosen.vector) >= SUPPORTS
                })
                .map(|&i| pool.sentences[i].article)
                .collect();
            let support = {
                let mut a = articles.clone();
                a.sort_unstable();
                a.dedup();
                a.len()
            };
            Some((support, cosine(&chosen.vector, centroid), {
                let sources = crate::summary::verbatim_sources(input, &chosen.text);
                let corroborated_by = input
                    .ids(articles)
                    .into_iter()
                    .filter(|id| !sources.contains(id))
                    .collect();
                TimelineEntry {
                    date,
                    text: chosen.text.clone(),
                    sources,
                    corroborated_by,
                }
            }))
        })
        .collect();
    // Keep the best supported, most central entries; show them in calendar order.
    entries.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.date.cmp(&b.2.date))
    });
    entries.truncate(MAX_ENTRIES);
    let mut entries: Vec<TimelineEntry> = entries.into_iter().map(|(_, _, e)| e).collect();
    entries.sort_by(|a, b| a.date.cmp(&b.date));
    entries
}
