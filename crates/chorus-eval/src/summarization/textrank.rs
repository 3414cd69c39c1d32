//! The extractive baselines Chorus is compared with, on the same cleaned articles and the same
//! word budget.
//!
//! * TextRank (Mihalcea & Tarau 2004): a graph of every sentence of the cluster, edge weight
//!   `|shared terms| / (ln|s1| + ln|s2|)` over stemmed non-stopword tokens, weighted PageRank
//!   (d = 0.85), the best sentences taken until the budget, shown in original order.
//! * Lead: round-robin first sentences (the first sentence of every article, then the second…).
//!
//! Budget rule, shared with Chorus's summary: a sentence that would take the summary past the
//! budget (whitespace-separated words) is skipped and selection goes on.

use chorus_core::analysis::SegmentKind;
use chorus_core::Article;
use std::collections::BTreeSet;

/// PageRank damping factor.
const DAMPING: f64 = 0.85;
/// PageRank stops when no score moves by more than this…
const TOLERANCE: f64 = 1e-6;
/// …or after this many iterations.
const MAX_ITERATIONS: usize = 200;

/// One sentence of one article.
struct Sentence {
    /// Index of its article.
    article: usize,
    /// Index among its article's sentences.
    position: usize,
    /// Text, whitespace normalized.
    text: String,
    /// Whitespace-separated words.
    words: usize,
}

/// Every sentence of the articles, by article then position.
fn sentences(articles: &[Article]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (a, article) in articles.iter().enumerate() {
        let segments = chorus_text::sentences::segment(&article.text);
        let texts = segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Sentence)
            .map(|s| chorus_text::normalize_space(s.span.of(&article.text)));
        for (position, text) in texts.enumerate() {
            out.push(Sentence {
                article: a,
                position,
                words: text.split_whitespace().count(),
                text,
            });
        }
    }
    out
}

/// Takes sentences (indices into `pool`) in `order` while they fit the budget.
fn fill(pool: &[Sentence], order: impl IntoIterator<Item = usize>, max_words: usize) -> Vec<usize> {
    let mut words = 0;
    let mut chosen = Vec::new();
    for i in order {
        if words + pool[i].words <= max_words && pool[i].words > 0 {
            words += pool[i].words;
            chosen.push(i);
        }
    }
    chosen
}

/// The TextRank summary, one sentence a line.
pub fn textrank(articles: &[Article], max_words: usize) -> String {
    let pool = sentences(articles);
    let terms: Vec<(BTreeSet<String>, usize)> = pool
        .iter()
        .map(|s| {
            let t: Vec<String> = s
                .text
                .to_lowercase()
                .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
                .filter(|w| !w.is_empty() && !chorus_text::terms::is_stopword(w))
                .map(super::porter::stem)
                .collect();
            let len = t.len();
            (t.into_iter().collect(), len)
        })
        .collect();
    let n = pool.len();
    let mut weight = vec![0.0f64; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, la) = &terms[i];
            let (b, lb) = &terms[j];
            let shared = a.intersection(b).count();
            let norm = (*la as f64).ln() + (*lb as f64).ln();
            if shared > 0 && norm > 0.0 {
                let w = shared as f64 / norm;
                weight[i * n + j] = w;
                weight[j * n + i] = w;
            }
        }
    }
    let scores = pagerank(&weight, n);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut chosen = fill(&pool, order, max_words);
    chosen.sort_unstable();
    join(&pool, &chosen)
}

/// Weighted PageRank over a dense symmetric matrix (Jacobi iteration, so the result does not
/// depend on visiting order).
fn pagerank(weight: &[f64], n: usize) -> Vec<f64> {
    let out: Vec<f64> = (0..n)
        .map(|j| weight[j * n..(j + 1) * n].iter().sum())
        .collect();
    let mut score = vec![1.0f64; n];
    for _ in 0..MAX_ITERATIONS {
        let next: Vec<f64> = (0..n)
            .map(|i| {
                let inbound: f64 = (0..n)
                    .filter(|&j| out[j] > 0.0)
                    .map(|j| weight[j * n + i] / out[j] * score[j])
                    .sum();
                (1.0 - DAMPING) + DAMPING * inbound
            })
            .collect();
        let moved = next
            .iter()
            .zip(&score)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        score = next;
        if moved < TOLERANCE {
            break;
        }
    }
    score
}

/// The lead baseline, one sentence a line: round-robin first sentences, in that order.
pub fn lead(articles: &[Article], max_words: usize) -> String {
    let pool = sentences(articles);
    let mut order: Vec<usize> = (0..pool.len()).collect();
    order.sort_by_key(|&i| (pool[i].position, pool[i].article));
    let chosen = fill(&pool, order, max_words);
    join(&pool, &chosen)
}

fn join(pool: &[Sentence], chosen: &[usize]) -> String {
    chosen
        .iter()
        .map(|&i| pool[i].text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn story() -> Vec<Article> {
        vec![
            article(
                "a",
                "The river flooded the valley town overnight.\n\nResidents left their homes as the river rose.\n\nA bakery on the square reopened later.",
            ),
            article(
                "b",
                "Flood water from the river covered the valley town.\n\nThe mayor said the river had never risen so fast.",
            ),
        ]
    }

    #[test]
    fn textrank_prefers_central_sentences_in_original_order() {
        let summary = textrank(&story(), 20);
        let lines: Vec<&str> = summary.lines().collect();
        assert!(!summary.contains("bakery"), "{summary}");
        assert!(
            lines
                .iter()
                .map(|l| l.split_whitespace().count())
                .sum::<usize>()
                <= 20
        );
        // Original order: article a's sentences before article b's.
        let mut sorted = lines.clone();
        sorted.sort_by_key(|l| story().iter().position(|a| a.text.contains(l)));
        assert_eq!(lines, sorted);
    }

    #[test]
    fn lead_takes_first_sentences_round_robin() {
        assert_eq!(
            lead(&story(), 17),
            "The river flooded the valley town overnight.\nFlood water from the river covered the valley town."
        );
    }

    #[test]
    fn pagerank_of_a_symmetric_pair_is_even() {
        let s = pagerank(&[0.0, 1.0, 1.0, 0.0], 2);
        assert!((s[0] - s[1]).abs() < 1e-12 && (s[0] - 1.0).abs() < 1e-6);
    }
}
