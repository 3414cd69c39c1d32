//! Key facts: the claims most outlets report, each stated once with every article that states it
//! (in its own words or copied) and its number of independent sources; then the most central
//! claims a single source makes, marked by an independent-source count of one.
//!
//! A claim is a sentence. Another article states it when one of its sentences says much the same
//! ([`SAME_CLAIM`]) and the article gives the claim's names and figures: every figure, and at
//! least three quarters of the names (see [`states`]). The claims are ranked by how many
//! independent sources state them, then by centrality, and chosen in two passes. The first
//! leaves out a claim that restates one already chosen ([`RESTATES`], or [`SAME_NAMES`] with
//! all its names and figures) and every sentence a chosen claim matched in another article; the
//! second fills the slots left with those matched sentences that say mostly something else
//! ([`ECHOED`]): a sentence that gives a chosen claim and another is the other's statement.
//! Captions of a gallery (sentences of one article opening alike, [`LIST_OPENING`]) are no
//! claims, and the single-source claims come from several sources ([`MAX_SINGLE_PER_SOURCE`]).

use crate::brief::Fact;
use crate::claims::{anchors, is_first_or_second_person, states, ClaimTerms};
use crate::pool::{comparable, cosine, Pool};
use crate::StoryInput;

/// Share of a claim (by weight, [`ClaimTerms::contained`]) that a sentence of another article
/// must state for the article to state the claim.
const SAME_CLAIM: f32 = 0.3;
/// Share of a claim that one already chosen states, at which it restates that one.
const RESTATES: f32 = 0.6;
/// Share of a claim that one already chosen states, at which it restates that one if the chosen
/// one also gives all its names and figures.
const SAME_NAMES: f32 = 0.35;
/// Share of another article's sentence that a chosen claim must state for that sentence to be
/// taken as its echo and left out: a sentence that shares part of the claim but says more is a
/// claim of its own.
const ECHOED: f32 = 0.5;
/// Single-source claims of one source, at most: the single claims come from several outlets.
const MAX_SINGLE_PER_SOURCE: usize = 2;
/// Sentences of one article that open with the same words, at which they are a gallery or list
/// of captions ("Photo 3 of 40: …"), not claims.
const LIST_OPENING: usize = 3;
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
    let listed = listed(pool.sentences.iter().map(|s| (s.article, s.text.as_str())));
    let mut shortlist: Vec<(usize, f32)> = pool
        .sentences
        .iter()
        .enumerate()
        .filter(|&(i, s)| {
            crate::summary::is_candidate(s) && !is_first_or_second_person(&s.text) && !listed[i]
        })
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
    // First the claims that restate no chosen claim in any wording (no other article's sentence
    // that a chosen claim matched); then, in the slots left, the claims whose sentence a chosen
    // claim matched but which say mostly something else.
    let mut picked = Picked::new(pool.sentences.len());
    let mut deferred = Vec::new();
    for (rank, c) in claims.iter().enumerate() {
        if !picked.try_pick(rank, c, pool, &terms, source_of, false) {
            deferred.push(rank);
        }
    }
    for rank in deferred {
        picked.try_pick(rank, &claims[rank], pool, &terms, source_of, true);
    }
    let mut order: Vec<(bool, usize)> = picked
        .chosen
        .iter()
        .map(|&(rank, _, _)| (claims[rank].independent <= 1, rank))
        .collect();
    order.sort_unstable();
    order
        .into_iter()
        .map(|(_, rank)| {
            let c = &claims[rank];
            Fact {
                text: comparable(&pool.sentences[c.sentence].text),
                sources: input.ids(c.articles.iter().copied()),
                independent_sources: c.independent,
            }
        })
        .collect()
}

/// The claims chosen so far and the sentences they state.
struct Picked {
    /// Per chosen claim, its rank, its sentence and its names and figures.
    chosen: Vec<(usize, usize, Vec<String>)>,
    /// Chosen claims' sentences, and other articles' sentences that state mostly a chosen claim.
    used: Vec<bool>,
    /// Other articles' sentences that a chosen claim matched.
    echoed: Vec<bool>,
    shared: usize,
    /// The source of each single-source claim chosen.
    single_sources: Vec<usize>,
}

impl Picked {
    fn new(sentences: usize) -> Picked {
        Picked {
            chosen: Vec::new(),
            used: vec![false; sentences],
            echoed: vec![false; sentences],
            shared: 0,
            single_sources: Vec::new(),
        }
    }

    /// Chooses claim `c` unless it restates a chosen claim or its slots are full. Before
    /// `loose`, a sentence that a chosen claim matched in its article counts as a restatement.
    fn try_pick(
        &mut self,
        rank: usize,
        c: &Claim,
        pool: &Pool,
        terms: &ClaimTerms,
        source_of: &[usize],
        loose: bool,
    ) -> bool {
        let s = &pool.sentences[c.sentence];
        let own = anchors(&s.text);
        let restates = self.used[c.sentence]
            || (!loose && self.echoed[c.sentence])
            || self
                .chosen
                .iter()
                .any(|(_, k, theirs)| restates(terms, c.sentence, *k, &own, theirs));
        let source = source_of[s.article];
        let room = if c.independent > 1 {
            self.shared < MAX_SHARED
        } else {
            self.single_sources.len() < MAX_SINGLE
                && self.single_sources.iter().filter(|&&x| x == source).count()
                    < MAX_SINGLE_PER_SOURCE
        };
        if restates || !room {
            return false;
        }
        self.used[c.sentence] = true;
        for &e in &c.echoes {
            self.echoed[e] = true;
            if terms.contained(e, c.sentence) >= ECHOED {
                self.used[e] = true;
            }
        }
        self.chosen.push((rank, c.sentence, own));
        if c.independent > 1 {
            self.shared += 1;
        } else {
            self.single_sources.push(source);
        }
        true
    }
}

/// Whether sentence `c` (with names and figures `own`) restates the chosen sentence `k` (with
/// `theirs`): `k` states most of it ([`RESTATES`]), or a good part of it ([`SAME_NAMES`]) and
/// every one of its names and figures.
fn restates(terms: &ClaimTerms, c: usize, k: usize, own: &[String], theirs: &[String]) -> bool {
    let share = terms.contained(c, k);
    share >= RESTATES
        || (share >= SAME_NAMES && !own.is_empty() && own.iter().all(|a| theirs.contains(a)))
}

/// Per sentence (its article and text), whether it is one of [`LIST_OPENING`] or more sentences
/// of its article that open with the same three words, figures aside ("Caption 4 of 40: …").
fn listed<'a>(sentences: impl Iterator<Item = (usize, &'a str)>) -> Vec<bool> {
    let opening = |text: &str| -> String {
        text.split_whitespace()
            .take(3)
            .map(|w| {
                w.chars()
                    .filter(|c| !c.is_ascii_digit())
                    .collect::<String>()
                    .to_lowercase()
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let openings: Vec<(usize, String)> = sentences.map(|(a, t)| (a, opening(t))).collect();
    let mut counts: std::collections::BTreeMap<(usize, &str), usize> = Default::default();
    for (a, o) in &openings {
        *counts.entry((*a, o.as_str())).or_default() += 1;
    }
    openings
        .iter()
        .map(|(a, o)| counts.get(&(*a, o.as_str())).copied().unwrap_or(0) >= LIST_OPENING)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::Sentence;
    use chorus_core::analysis::Span;

    fn pool(texts: &[(usize, &str)]) -> Pool {
        let mut pool = Pool::default();
        for (k, &(article, text)) in texts.iter().enumerate() {
            pool.sentences.push(Sentence {
                article,
                span: Span { start: 0, end: 0 },
                text: text.to_owned(),
                position: k,
                words: text.split_whitespace().count(),
                vector: Vec::new(),
            });
        }
        pool
    }

    #[test]
    fn gallery_captions_are_no_claims() {
        let texts = [
            (0, "Photo 1 of 30: A ferry leaves the harbor at dawn."),
            (0, "Photo 2 of 30: Divers search the water near the pier."),
            (0, "Photo 3 of 30: Relatives wait at the terminal."),
            (0, "The ferry sank on Monday with 40 people aboard."),
            (1, "Photo 1 of 30: A ferry leaves the harbor at dawn."),
        ];
        assert_eq!(
            listed(texts.iter().copied()),
            [true, true, true, false, false]
        );
    }

    #[test]
    fn a_restatement_with_the_same_names_is_left_out() {
        let mut texts = vec![
            (
                0,
                "Notably, no Lakeside officials were present at the council meeting.",
            ),
            (
                1,
                "Despite the cordial tone, no Lakeside officials attended the council meeting.",
            ),
            (
                1,
                "The Lakeside mayor later criticized the council meeting in Norton.",
            ),
            (
                2,
                "A fire destroyed the old mill near the river on Sunday night.",
            ),
        ];
        // A story's other sentences, so that rare words weigh alike.
        let filler = [
            "Rain fell.",
            "Trains ran late.",
            "Shops opened.",
            "Schools closed.",
        ];
        for _ in 0..5 {
            texts.extend(filler.iter().map(|&t| (3, t)));
        }
        let pool = pool(&texts);
        let terms = ClaimTerms::new(&pool);
        let a: Vec<Vec<String>> = pool.sentences.iter().map(|s| anchors(&s.text)).collect();
        // Much of it, and no name the chosen claim lacks.
        assert!(restates(&terms, 1, 0, &a[1], &a[0]));
        // A name the chosen claim lacks makes another claim.
        assert!(!restates(&terms, 2, 0, &a[2], &a[0]));
        assert!(!restates(&terms, 3, 0, &a[3], &a[0]));
    }
}
