//! Quotes merged across outlets: one quote carried by three outlets is one quote with three
//! sources. Each quote is checked word for word against every source it cites.

use crate::brief::StoryQuote;
use crate::pool::comparable;
use crate::StoryInput;

/// Quotes shorter than this many words are not shown (scare quotes, single words).
const MIN_WORDS: usize = 3;

struct Entry {
    text: String,
    key: String,
    speakers: Vec<Option<usize>>,
    articles: Vec<usize>,
}

pub(crate) fn merge(input: &StoryInput) -> Vec<StoryQuote> {
    // Per-article entity → merged entity.
    let mut merged_of = std::collections::HashMap::new();
    for (m, e) in input.entities.iter().enumerate() {
        for &member in &e.members {
            merged_of.insert(member, m);
        }
    }
    let mut entries: Vec<Entry> = Vec::new();
    for (a, (article, analysis)) in input.articles.iter().zip(input.analyses).enumerate() {
        for q in &analysis.quotes {
            // A comma or colon the writer put inside the closing mark belongs to the sentence.
            let text = chorus_text::normalize_space(q.span.of(&article.text))
                .trim_end_matches([',', ';', ':'])
                .trim_end()
                .to_owned();
            if text.split_whitespace().count() < MIN_WORDS {
                continue;
            }
            let key = comparable(&text).to_lowercase();
            let speaker = q.speaker.and_then(|s| merged_of.get(&(a, s)).copied());
            match entries.iter_mut().find(|e| e.key == key) {
                Some(e) => {
                    e.speakers.push(speaker);
                    e.articles.push(a);
                }
                None => entries.push(Entry {
                    text,
                    key,
                    speakers: vec![speaker],
                    articles: vec![a],
                }),
            }
        }
    }
    // A quote contained in a longer one also stands in the longer one's sources.
    let extra: Vec<Vec<usize>> = entries
        .iter()
        .map(|e| {
            entries
                .iter()
                .filter(|o| o.key.len() > e.key.len() && o.key.contains(&e.key))
                .flat_map(|o| o.articles.iter().copied())
                .collect()
        })
        .collect();
    for (e, more) in entries.iter_mut().zip(extra) {
        e.articles.extend(more);
    }
    let quotes: Vec<(Option<usize>, usize, StoryQuote)> = entries
        .into_iter()
        .enumerate()
        .map(|(order, e)| {
            let speaker = most_common(&e.speakers);
            let needle = comparable(&e.text);
            let verified = e
                .articles
                .iter()
                .copied()
                .filter(|&a| comparable(&input.articles[a].text).contains(&needle));
            let quote = StoryQuote {
                speaker: speaker.map(|s| input.entities[s].name.clone()),
                role: speaker.and_then(|s| input.entities[s].roles.first().cloned()),
                text: e.text,
                sources: input.ids(verified),
            };
            (speaker, order, quote)
        })
        .filter(|(_, _, q)| !q.sources.is_empty())
        .collect();
    // Grouped by speaker: speakers with more quotes first, unknown speakers last; within a
    // speaker, in order of first appearance.
    let counts: Vec<usize> = quotes
        .iter()
        .map(|(s, _, _)| quotes.iter().filter(|(t, _, _)| t == s).count())
        .collect();
    let mut keyed: Vec<_> = quotes
        .into_iter()
        .zip(counts)
        .map(|((speaker, order, quote), count)| {
            let key = (
                speaker.is_none(),
                std::cmp::Reverse(count),
                speaker.unwrap_or(usize::MAX),
                order,
            );
            (key, quote)
        })
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, q)| q).collect()
}

/// The most common non-null speaker (first seen on ties), or null when none is known.
fn most_common(speakers: &[Option<usize>]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for s in speakers.iter().flatten() {
        let n = speakers.iter().filter(|x| **x == Some(*s)).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((*s, n));
        }
    }
    best.map(|(s, _)| s)
}
