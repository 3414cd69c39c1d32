//! The timeline: dated events on the calendar, each the sentence that dates it, cited by the
//! articles that put a similar statement on the same date.

use crate::brief::TimelineEntry;
use crate::pool::{cosine, Pool};
use crate::StoryInput;
use chorus_core::analysis::Granularity;

/// Entries at most.
const MAX_ENTRIES: usize = 20;
/// Similarity at which another article's sentence on the same date supports an entry.
const SUPPORTS: f32 = 0.25;

pub(crate) fn build(
    pool: &Pool,
    centroid: &[(u32, f32)],
    input: &StoryInput,
) -> Vec<TimelineEntry> {
    // Each article's sentences are a run of the pool: found by binary search when in text order.
    let mut runs: Vec<(usize, usize)> = vec![(0, 0); input.articles.len()];
    let mut i = 0;
    while i < pool.sentences.len() {
        let a = pool.sentences[i].article;
        let end = i + pool.sentences[i..]
            .iter()
            .take_while(|s| s.article == a)
            .count();
        if let Some(run) = runs.get_mut(a) {
            *run = (i, end);
        }
        i = end;
    }
    let sorted: Vec<bool> = runs
        .iter()
        .map(|&(lo, hi)| pool.sentences[lo..hi].is_sorted_by_key(|s| s.span.start))
        .collect();
    // (date, sentence index) for every dated sentence, each pair once, in order of discovery.
    let mut dated: Vec<(String, usize)> = Vec::new();
    let mut seen: std::collections::HashSet<(String, usize)> = Default::default();
    for (a, analysis) in input.analyses.iter().enumerate() {
        let (lo, hi) = runs.get(a).copied().unwrap_or((0, 0));
        let sentences = &pool.sentences[lo..hi];
        for t in &analysis.times {
            if !matches!(
                t.granularity,
                Granularity::Day | Granularity::Month | Granularity::Year
            ) {
                continue;
            }
            let containing = if sorted[a] {
                // The last sentence starting at or before the expression, if it holds it.
                let n = sentences.partition_point(|s| s.span.start <= t.span.start);
                n.checked_sub(1)
                    .filter(|&k| sentences[k].span.contains(&t.span))
            } else {
                sentences.iter().position(|s| s.span.contains(&t.span))
            }
            .map(|k| lo + k);
            if let Some(i) = containing {
                if crate::summary::is_candidate(&pool.sentences[i])
                    && seen.insert((t.value.clone(), i))
                {
                    dated.push((t.value.clone(), i));
                }
            }
        }
    }
    let mut by_date: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (d, i) in &dated {
        by_date.entry(d.as_str()).or_default().push(*i);
    }
    let mut entries: Vec<(usize, f32, &str, usize, Vec<usize>)> = by_date
        .into_iter()
        .filter_map(|(date, on_date)| {
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
            Some((
                support,
                cosine(&chosen.vector, centroid),
                date,
                best,
                articles,
            ))
        })
        .collect();
    // Keep the best supported, most central entries; show them in calendar order.
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    entries.truncate(MAX_ENTRIES);
    // Citations are checked for the entries kept only.
    let mut entries: Vec<TimelineEntry> = entries
        .into_iter()
        .map(|(_, _, date, best, articles)| {
            let chosen = &pool.sentences[best];
            let sources = crate::summary::verbatim_sources(pool, input, &chosen.text);
            let verbatim: std::collections::HashSet<&String> = sources.iter().collect();
            let corroborated_by = input
                .ids(articles)
                .into_iter()
                .filter(|id| !verbatim.contains(id))
                .collect();
            TimelineEntry {
                date: date.to_owned(),
                text: chosen.text.clone(),
                sources,
                corroborated_by,
            }
        })
        .collect();
    entries.sort_by(|a, b| a.date.cmp(&b.date));
    entries
}
