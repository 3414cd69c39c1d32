//! Key facts: statements several articles report, merged, each with its supporting articles
//! and its number of independent sources; the most central single-source claims, marked by an
//! independent-source count of one.

use crate::brief::Fact;
use crate::pool::{cosine, Pool};
use crate::StoryInput;

/// Similarity at which two sentences report the same statement.
const SAME_STATEMENT: f32 = 0.4;
/// Facts reported by several independent sources, at most.
const MAX_SHARED: usize = 10;
/// Single-source claims, at most.
const MAX_SINGLE: usize = 5;

pub(crate) fn find(
    pool: &Pool,
    ranked: &[(usize, f32)],
    input: &StoryInput,
    source_of: &[usize],
) -> Vec<Fact> {
    let mut used = vec![false; pool.sentences.len()];
    let mut shared = Vec::new();
    let mut single = Vec::new();
    for &(i, _) in ranked {
        if used[i] {
            continue;
        }
        let s = &pool.sentences[i];
        let members: Vec<usize> = (0..pool.sentences.len())
            .filter(|&j| {
                j == i
                    || (!used[j]
                        && pool.sentences[j].article != s.article
                        && cosine(&pool.sentences[j].vector, &s.vector) >= SAME_STATEMENT)
            })
            .collect();
        for &j in &members {
            used[j] = true;
        }
        let articles: Vec<usize> = members.iter().map(|&j| pool.sentences[j].article).collect();
        let mut sources: Vec<usize> = articles.iter().map(|&a| source_of[a]).collect();
        sources.sort_unstable();
        sources.dedup();
        let fact = Fact {
            text: s.text.clone(),
            sources: input.ids(articles),
            independent_sources: sources.len(),
        };
        if fact.independent_sources > 1 {
            if shared.len() < MAX_SHARED {
                shared.push(fact);
            }
        } else if single.len() < MAX_SINGLE {
            single.push(fact);
        }
        if shared.len() >= MAX_SHARED && single.len() >= MAX_SINGLE {
            break;
        }
    }
    shared.sort_by_key(|f| std::cmp::Reverse(f.independent_sources));
    shared.extend(single);
    shared
}
