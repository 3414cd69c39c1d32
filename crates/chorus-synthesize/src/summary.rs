//! The summary: the most important sentences across outlets, without redundancy, in reading
//! order, each citing the articles it stands in verbatim.
//!
//! Score = centrality (cosine to the story centroid) × lead bonus (earlier sentences weigh more)
//! × corroboration (other independent sources saying something similar). Selection is maximal
//! marginal relevance under the word budget.

use crate::brief::Cited;
use crate::pool::{comparable, cosine, Pool, Sentence};
use crate::StoryInput;

/// Weight of relevance against novelty in the selection.
const LAMBDA: f32 = 0.7;
/// A sentence this similar to one already chosen is redundant.
const REDUNDANT: f32 = 0.5;
/// Similarity at which another source corroborates a sentence.
const CORROBORATES: f32 = 0.35;

/// Whether a sentence can stand alone in a summary.
pub(crate) fn is_candidate(s: &Sentence) -> bool {
    let text = &s.text;
    let balanced = text.matches('"').count().is_multiple_of(2)
        && text.matches('“').count() == text.matches('”').count();
    let quoted_share = quoted_words(text) as f32 / s.words.max(1) as f32;
    (8..=60).contains(&s.words)
        && balanced
        && quoted_share <= 0.5
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && text.ends_with(['.', '!', '"', '”'])
        && !text.contains('?')
}

/// Words inside quotation marks.
fn quoted_words(text: &str) -> usize {
    let mut inside = false;
    let mut count = 0;
    for token in text.split_whitespace() {
        let opens = token.starts_with(['“', '"']);
        let closes = token
            .trim_end_matches(['.', ',', '!', '?'])
            .ends_with(['”', '"']);
        if opens {
            inside = true;
        }
        if inside {
            count += 1;
        }
        if closes {
            inside = false;
        }
    }
    count
}

/// Candidates whose corroboration is computed: the best by centrality and position. Bounds the
/// cost of a large story to `SHORTLIST × sentences` similarity computations.
const SHORTLIST: usize = 400;

/// Ranks the candidate sentences (indices into the pool), best first: the shortlist by
/// centrality and position, re-ranked with corroboration by other independent sources.
pub(crate) fn ranked(
    pool: &Pool,
    centroid: &[(u32, f32)],
    source_of: &[usize],
) -> Vec<(usize, f32)> {
    let mut base: Vec<(usize, f32)> = pool
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| is_candidate(s))
        .map(|(i, s)| {
            let central = cosine(&s.vector, centroid);
            let lead = 1.0 / (1.0 + 0.1 * s.position as f32);
            (i, central * lead)
        })
        .collect();
    base.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    base.truncate(SHORTLIST);
    let mut scored: Vec<(usize, f32)> = base
        .into_iter()
        .map(|(i, base)| {
            let s = &pool.sentences[i];
            let mut corroborating: Vec<usize> = pool
                .sentences
                .iter()
                .filter(|o| source_of[o.article] != source_of[s.article])
                .filter(|o| cosine(&o.vector, &s.vector) >= CORROBORATES)
                .map(|o| source_of[o.article])
                .collect();
            corroborating.sort_unstable();
            corroborating.dedup();
            let support = 1.0 + 0.25 * corroborating.len().min(4) as f32;
            (i, base * support)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

/// Selects the summary.
pub(crate) fn select(
    pool: &Pool,
    ranked: &[(usize, f32)],
    input: &StoryInput,
    max_words: usize,
) -> Vec<Cited> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut words = 0;
    let mut remaining = ranked.to_vec();
    // Candidates have at least 8 words: stop when no candidate can fit.
    while !remaining.is_empty() && words + 8 <= max_words {
        let best = remaining
            .iter()
            .enumerate()
            .map(|(k, &(i, score))| {
                let redundancy = chosen
                    .iter()
                    .map(|&c| cosine(&pool.sentences[c].vector, &pool.sentences[i].vector))
                    .fold(0.0, f32::max);
                (
                    k,
                    i,
                    redundancy,
                    LAMBDA * score - (1.0 - LAMBDA) * redundancy,
                )
            })
            .max_by(|a, b| a.3.total_cmp(&b.3).then(b.1.cmp(&a.1)));
        let Some((k, i, redundancy, _)) = best else {
            break;
        };
        remaining.remove(k);
        let s = &pool.sentences[i];
        if redundancy > REDUNDANT || words + s.words > max_words {
            continue;
        }
        words += s.words;
        chosen.push(i);
    }
    // Reading order: earlier in their articles first, then by article order.
    chosen.sort_by_key(|&i| (pool.sentences[i].position, pool.sentences[i].article));
    chosen
        .into_iter()
        .map(|i| {
            let s = &pool.sentences[i];
            Cited {
                text: s.text.clone(),
                sources: verbatim_sources(pool, input, &s.text),
            }
        })
        .collect()
}

/// Ids of the articles whose text contains `text` verbatim (after [`comparable`]).
pub(crate) fn verbatim_sources(pool: &Pool, input: &StoryInput, text: &str) -> Vec<String> {
    let needle = comparable(text);
    input.ids((0..input.articles.len()).filter(|&i| pool.comparable_text(i).contains(&needle)))
}
