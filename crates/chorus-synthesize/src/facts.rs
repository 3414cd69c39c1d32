//! Key facts: the claims most outlets report, each stated once with every article that states it
//! (in its own words or copied) and its number of independent sources; then the most central
//! claims a single source makes, marked by an independent-source count of one.
//!
//! A claim is a sentence. Another article states it when one of its sentences says much the same
//! ([`SAME_CLAIM`]) and the article gives the claim's names and figures: every figure, and at
//! least three quarters of the names (see [`states`]). The claims are ranked by how many
//! independent sources state them, then by centrality; a claim that restates one already chosen
//! is left out.

use crate::brief::Fact;
use crate::claims::{anchors, is_first_or_second_person, states, ClaimTerms};
use crate::pool::{comparable, cosine, Pool};
use crate::StoryInput;

/// Share of a claim (by weight, [`ClaimTerms::contained`]) that a sentence of another article
/// must state for the article to state the claim.
const SAME_CLAIM: f32 = 0.3;
/// Share of a claim that one already chosen states, at which it restates that one.
const RESTATES: f32 = 0.6;
/// Claims reported by several independent sources, at most.
const MAX_SHARED: usize = 25;
/// Single-source claims, at most.
const MAX_SINGLE: usize = 8;
/// Claims considered, at most (the most central): bounds a large story's cost to
/// `SHORTLIST × sentences` similarities.
const SHORTLIST: usize = 400;

/// A candidate claim: its sentence, the articles stating it, the other articles' sentences that
/// state it, its independent sources and its centrality.
struct Claim {
    sentence: usize,
    articles: Vec<usize>,
    echoes: Vec<usize>,
    independent: usize,
    central: f32,
}

pub(crate) fn find(
    pool: &Pool,
    centroid: &[(u32, f32)],
    input: &StoryInput,
    source_of: &[usize],
) -> Vec<Fact> {
    let terms = ClaimTerms::new(pool);
    let lower: Vec<String> = (0..input.articles.len())
        .map(|a| pool.comparable_text(a).to_lowercase())
        .collect();
    let mut shortlist: Vec<(usize, f32)> = pool
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| crate::summary::is_candidate(s) && !is_first_or_second_person(&s.text))
        .map(|(i, s)| (i, cosine(&s.vector, centroid)))
        .collect();
    shortlist.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    shortlist.truncate(SHORTLIST);
    let mut claims: Vec<Claim> = shortlist
        .into_iter()
        .map(|(i, central)| claim(pool, &terms, &lower, source_of, i, central))
        .collect();
    claims.sort_by(|a, b| {
        b.independent
            .cmp(&a.independent)
            .then(b.articles.len().cmp(&a.articles.len()))
            .then(b.central.total_cmp(&a.central))
            .then(a.sentence.cmp(&b.sentence))
    });
    let mut used = vec![false; pool.sentences.len()];
    let mut chosen: Vec<usize> = Vec::new();
    let mut shared = Vec::new();
    let mut single = Vec::new();
    for c in claims {
        let s = &pool.sentences[c.sentence];
        let restates = used[c.sentence]
            || chosen
                .iter()
                .any(|&k| terms.contained(c.sentence, k) >= RESTATES);
        let room = if c.independent > 1 {
            shared.len() < MAX_SHARED
        } else {
            single.len() < MAX_SINGLE
        };
        if restates || !room {
            continue;
        }
        used[c.sentence] = true;
        for &e in &c.echoes {
            used[e] = true;
        }
        chosen.push(c.sentence);
        let fact = Fact {
            text: comparable(&s.text),
            sources: input.ids(c.articles),
            independent_sources: c.independent,
        };
        if fact.independent_sources > 1 {
            shared.push(fact);
        } else {
            single.push(fact);
        }
        if shared.len() >= MAX_SHARED && single.len() >= MAX_SINGLE {
            break;
        }
    }
    shared.extend(single);
    shared
}

/// The claim of sentence `i`: the articles that state it and their sentences.
fn claim(
    pool: &Pool,
    terms: &ClaimTerms,
    lower: &[String],
    source_of: &[usize],
    i: usize,
    central: f32,
) -> Claim {
    let s = &pool.sentences[i];
    let text = comparable(&s.text).to_lowercase();
    let anchors = anchors(&s.text);
    // Per article, its sentence closest to the claim.
    let mut best: Vec<Option<(f32, usize)>> = vec![None; lower.len()];
    let shares = terms.contained_in_each(i);
    for (j, (t, &sim)) in pool.sentences.iter().zip(&shares).enumerate() {
        if t.article == s.article {
            continue;
        }
        if sim >= SAME_CLAIM && best[t.article].is_none_or(|(b, _)| sim > b) {
            best[t.article] = Some((sim, j));
        }
    }
    let mut articles = vec![s.article];
    let mut echoes = Vec::new();
    // Only an article with a close sentence can state the claim or copy it (a copy holds the
    // sentence itself): the others' texts are never scanned.
    for (a, article) in lower.iter().enumerate() {
        if a == s.article || best[a].is_none() {
            continue;
        }
        let close = best[a].filter(|_| states(&anchors, article));
        if close.is_some() || article.contains(&text) {
            articles.push(a);
        }
        if let Some((_, j)) = close {
            echoes.push(j);
        }
    }
    let mut sources: Vec<usize> = articles.iter().map(|&a| source_of[a]).collect();
    sources.sort_unstable();
    sources.dedup();
    Claim {
        sentence: i,
        articles,
        echoes,
        independent: sources.len(),
        central,
    }
}
