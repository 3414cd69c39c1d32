//! ROUGE-N and ROUGE-Lsum F1 as the Python `rouge-score` package 0.1.2 computes them with
//! `RougeScorer([...], use_stemmer=True)`.
//!
//! * Tokenizer (`tokenize.tokenize`): lowercase, every run of characters outside `[a-z0-9]`
//!   becomes a separator, tokens longer than 3 characters are Porter-stemmed
//!   ([`super::porter`], NLTK's default mode).
//! * ROUGE-N: clipped n-gram count overlap; precision over the candidate's n-grams, recall over
//!   the reference's.
//! * ROUGE-Lsum: both texts split on `"\n"` (empty lines dropped); for each reference sentence,
//!   the union of one LCS with every candidate sentence (the package's own backtracking, which
//!   decides which LCS), its tokens counted as hits while both texts still have that token
//!   unused (as ROUGE-1.5.5 does).

use std::collections::{BTreeSet, HashMap};

/// F1 scores of one candidate against one reference, each in 0..=1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// ROUGE-1 F1.
    pub rouge1: f64,
    /// ROUGE-2 F1.
    pub rouge2: f64,
    /// ROUGE-Lsum F1.
    pub rouge_lsum: f64,
}

/// Scores `candidate` against `reference` (sentences separated by newlines, for Lsum).
pub fn score(reference: &str, candidate: &str) -> Scores {
    let r = tokenize(reference);
    let c = tokenize(candidate);
    Scores {
        rouge1: rouge_n(&r, &c, 1),
        rouge2: rouge_n(&r, &c, 2),
        rouge_lsum: rouge_lsum(reference, candidate),
    }
}

/// The rouge-score tokenizer with stemming on.
pub fn tokenize(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.len() > 3 {
                super::porter::stem(t)
            } else {
                t.to_owned()
            }
        })
        .collect()
}

/// `2PR / (P + R)`, 0 when both are 0 (the package's `scoring.fmeasure`).
fn fmeasure(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// ROUGE-N F1 over token lists.
fn rouge_n(reference: &[String], candidate: &[String], n: usize) -> f64 {
    let r = ngram_counts(reference, n);
    let c = ngram_counts(candidate, n);
    let overlap: usize = r
        .iter()
        .map(|(g, &k)| k.min(c.get(g).copied().unwrap_or(0)))
        .sum();
    let r_total: usize = r.values().sum();
    let c_total: usize = c.values().sum();
    let precision = overlap as f64 / c_total.max(1) as f64;
    let recall = overlap as f64 / r_total.max(1) as f64;
    fmeasure(precision, recall)
}

/// How often each n-gram occurs.
fn ngram_counts(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut grams: HashMap<&[String], usize> = HashMap::new();
    for g in tokens.windows(n) {
        *grams.entry(g).or_default() += 1;
    }
    grams
}

/// Non-empty newline-separated lines, tokenized.
fn sentences(text: &str) -> Vec<Vec<String>> {
    text.split('\n')
        .filter(|s| !s.is_empty())
        .map(tokenize)
        .collect()
}

/// ROUGE-Lsum F1 (`_summary_level_lcs`).
fn rouge_lsum(reference: &str, candidate: &str) -> f64 {
    let r = sentences(reference);
    let c = sentences(candidate);
    let m: usize = r.iter().map(Vec::len).sum();
    let n: usize = c.iter().map(Vec::len).sum();
    if m == 0 || n == 0 {
        return 0.0;
    }
    let mut unused_r: HashMap<&str, usize> = HashMap::new();
    for t in r.iter().flatten() {
        *unused_r.entry(t).or_default() += 1;
    }
    let mut unused_c: HashMap<&str, usize> = HashMap::new();
    for t in c.iter().flatten() {
        *unused_c.entry(t).or_default() += 1;
    }
    let mut hits = 0usize;
    for sentence in &r {
        let union: BTreeSet<usize> = c.iter().flat_map(|s| lcs_indices(sentence, s)).collect();
        for i in union {
            let t = sentence[i].as_str();
            let (Some(kr), Some(kc)) = (unused_r.get_mut(t), unused_c.get_mut(t)) else {
                continue;
            };
            if *kr > 0 && *kc > 0 {
                hits += 1;
                *kr -= 1;
                *kc -= 1;
            }
        }
    }
    fmeasure(hits as f64 / n as f64, hits as f64 / m as f64)
}

/// Indices into `reference` of one longest common subsequence with `candidate`, chosen as the
/// package's `_backtrack_norec` chooses it.
fn lcs_indices(reference: &[String], candidate: &[String]) -> Vec<usize> {
    let cols = candidate.len() + 1;
    let mut table = vec![0u32; (reference.len() + 1) * cols];
    for i in 1..=reference.len() {
        for j in 1..=candidate.len() {
            table[i * cols + j] = if reference[i - 1] == candidate[j - 1] {
                table[(i - 1) * cols + j - 1] + 1
            } else {
                table[(i - 1) * cols + j].max(table[i * cols + j - 1])
            };
        }
    }
    let (mut i, mut j) = (reference.len(), candidate.len());
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            out.push(i - 1);
            i -= 1;
            j -= 1;
        } else if table[i * cols + j - 1] > table[(i - 1) * cols + j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn tokenizer_lowercases_splits_and_stems() {
        assert_eq!(
            tokenize("The Cats' running-shoes cost $1,200 (in 2019)!"),
            ["the", "cat", "run", "shoe", "cost", "1", "200", "in", "2019"]
        );
        // Non-ASCII letters separate tokens, as the package's `[^a-z0-9]+` does.
        assert_eq!(tokenize("Café Zürich"), ["caf", "z", "rich"]);
        assert!(tokenize(" -- ").is_empty());
    }

    #[test]
    fn rouge_n_counts_clipped_overlap() {
        // The package's docstring example.
        let s = score(
            "The quick brown fox jumps over the lazy dog",
            "The quick brown dog jumps on the log.",
        );
        // Reference tokens: the quick brown fox jump over the lazi dog (9);
        // candidate: the quick brown dog jump on the log (8); overlap the×2 quick brown dog jump = 6.
        assert!(close(s.rouge1, fmeasure(6.0 / 8.0, 6.0 / 9.0)));
        // Bigrams shared: "the quick", "quick brown": 2 of the candidate's 7 and reference's 8.
        assert!(close(s.rouge2, fmeasure(2.0 / 7.0, 2.0 / 8.0)));
    }

    #[test]
    fn lsum_takes_union_lcs_without_double_counting() {
        // The ROUGE paper's example: reference w1..w5, candidates (w1 w2 w6 w7 w8) and
        // (w1 w3 w8 w9 w5): union LCS is w1 w2 w3 w5, 4 hits of 5 and 10.
        let reference = "a b c d e";
        let candidate = "a b f g h\na c h i e";
        let s = score(reference, candidate);
        assert!(close(s.rouge_lsum, fmeasure(4.0 / 10.0, 4.0 / 5.0)));
        // A token used once in the candidate counts once, however often the union takes it.
        let s = score("x y\nx y", "x y");
        assert!(close(s.rouge_lsum, fmeasure(2.0 / 2.0, 2.0 / 4.0)));
    }

    #[test]
    fn empty_texts_score_zero() {
        assert_eq!(score("", "something"), Scores::default());
        assert_eq!(score("something", "\n\n"), Scores::default());
    }
}
