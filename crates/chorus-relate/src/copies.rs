//! Copies and reused passages: which articles reprint each other's text, and where.
//!
//! Method: every article is cut into word 5-gram shingles (quoted words excluded: outlets quote
//! the same speaker independently). A sample of the shingles — those whose hash is 0 modulo
//! [`SAMPLE_MOD`] (Broder's "0 mod p" fingerprints) — goes into an inverted index. A new article's
//! candidates are the earlier articles sharing at least two sampled fingerprints; each candidate is
//! then verified by aligning all shingles: runs of matching shingles on the same diagonal, with
//! gaps up to one shingle window (a one-word typo or edit), become shared passages. This finds
//! passages reused inside otherwise different articles, which whole-document MinHash misses, at
//! the cost of one index lookup per sampled shingle.
//!
//! Bounded work: an article whose words are exactly those of an earlier one (an *identical
//! copy*, found by a hash of its word sequence) is aligned with that first article only and is
//! not indexed, so N identical copies cost N alignments rather than N² (and give N − 1 pairs,
//! not N(N − 1)/2); and each article is aligned with at most [`CopyConfig::max_candidates`]
//! earlier articles, those sharing the most fingerprints.

use crate::tokens::tokenize;
use chorus_core::analysis::Span;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// One shingle in this many is indexed.
pub const SAMPLE_MOD: u64 = 4;

/// Thresholds for calling two articles copies.
#[derive(Debug, Clone, Copy)]
pub struct CopyConfig {
    /// Shortest passage reported, in words.
    pub min_passage_words: usize,
    /// Shared words (over all passages) that make a copy whatever the lengths.
    pub min_shared_words: usize,
    /// Share of the shorter article that, reused, makes a copy (with at least one passage).
    pub min_containment: f64,
    /// Fingerprints found in more indexed articles than this are boilerplate and ignored.
    pub max_postings: usize,
    /// Earlier articles an article is aligned with, at most: those sharing the most sampled
    /// fingerprints (earliest first on ties).
    pub max_candidates: usize,
}

impl Default for CopyConfig {
    fn default() -> Self {
        CopyConfig {
            min_passage_words: 12,
            min_shared_words: 40,
            min_containment: 0.3,
            max_postings: 1000,
            max_candidates: 32,
        }
    }
}

/// A passage two articles share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Its bytes in the earlier article.
    pub earlier: Span,
    /// Its bytes in the later article.
    pub later: Span,
    /// Its length in words.
    pub words: usize,
}

/// Two articles that share substantial text.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyPair {
    /// Index of the earlier-added article.
    pub earlier: usize,
    /// Index of the later-added article.
    pub later: usize,
    /// Words in shared passages.
    pub shared_words: usize,
    /// Shared words over the unquoted words of the shorter article.
    pub containment: f64,
    /// The shared passages, in the later article's order.
    pub passages: Vec<Passage>,
}

/// One indexed article's shingles.
struct Doc {
    /// `(index of the first token, hash)` of every unquoted shingle, in order.
    shingles: Vec<(u32, u64)>,
    /// Byte spans of the tokens.
    spans: Vec<Span>,
    /// Unquoted words.
    words: usize,
    /// Hash of the whole word sequence (quoted words too): equal for identical copies.
    identity: u128,
}

impl Doc {
    fn new(text: &str) -> Doc {
        let tokens = tokenize(text);
        let mut shingles = Vec::new();
        let mut buf = String::new();
        for i in 0..tokens.len().saturating_sub(SHINGLE - 1) {
            let window = &tokens[i..i + SHINGLE];
            if window.iter().any(|t| t.quoted) {
                continue;
            }
            buf.clear();
            for t in window {
                buf.push_str(&t.word);
                buf.push(' ');
            }
            shingles.push((i as u32, xxh3_64(buf.as_bytes())));
        }
        let mut identity = xxhash_rust::xxh3::Xxh3::new();
        for t in &tokens {
            identity.update(t.word.as_bytes());
            identity.update(if t.quoted { b"\"" } else { b" " });
        }
        Doc {
            identity: identity.digest128(),
            shingles,
            words: tokens.iter().filter(|t| !t.quoted).count(),
            spans: tokens.into_iter().map(|t| t.span).collect(),
        }
    }

    fn sampled(&self) -> impl Iterator<Item = u64> + '_ {
        self.shingles
            .iter()
            .map(|&(_, h)| h)
            .filter(|h| h % SAMPLE_MOD == 0)
    }
}

/// An incremental index of articles for copy detection: add articles in stream order and get,
/// for each, the earlier articles it copies or is copied by.
pub struct CopyIndex {
    config: CopyConfig,
    /// Every article's shingles; `None` for identical copies, which are not indexed.
    docs: Vec<Option<Doc>>,
    postings: HashMap<u64, Vec<u32>>,
    /// Word-sequence hash → the first article with those words.
    firsts: HashMap<u128, usize>,
    /// Per article, the first article with the same words (itself when it is the first).
    first_of: Vec<usize>,
}

impl Default for CopyIndex {
    fn default() -> Self {
        CopyIndex::new(CopyConfig::default())
    }
}

impl CopyIndex {
    /// An empty index.
    pub fn new(config: CopyConfig) -> CopyIndex {
        CopyIndex {
            config,
            docs: Vec::new(),
            postings: HashMap::new(),
            firsts: HashMap::new(),
            first_of: Vec::new(),
        }
    }

    /// Adds an article; returns its index and the pairs it forms with earlier articles, ordered
    /// by the earlier article's index. An identical copy of an earlier article (same words in
    /// the same order) forms one pair, with the first article of that text.
    pub fn add(&mut self, text: &str) -> (usize, Vec<CopyPair>) {
        let doc = Doc::new(text);
        let id = self.docs.len();
        if let Some(&first) = self.firsts.get(&doc.identity) {
            // As for any article: a candidate needs two sampled fingerprints in common.
            let mut sampled: Vec<u64> = doc.sampled().collect();
            sampled.sort_unstable();
            sampled.dedup();
            let pairs = if sampled.len() >= 2 {
                self.verify(first, &doc, id).into_iter().collect()
            } else {
                Vec::new()
            };
            self.docs.push(None);
            self.first_of.push(first);
            return (id, pairs);
        }
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for fp in doc.sampled() {
            if !seen.insert(fp) {
                continue;
            }
            if let Some(list) = self.postings.get(&fp) {
                if list.len() <= self.config.max_postings {
                    for &d in list {
                        *counts.entry(d).or_default() += 1;
                    }
                }
            }
        }
        let mut candidates: Vec<(u32, u32)> = counts.into_iter().filter(|&(_, n)| n >= 2).collect();
        // The most shared fingerprints first, earliest on ties; then in index order.
        candidates.sort_unstable_by_key(|&(d, n)| (std::cmp::Reverse(n), d));
        candidates.truncate(self.config.max_candidates);
        candidates.sort_unstable();
        let pairs = candidates
            .into_iter()
            .filter_map(|(d, _)| self.verify(d as usize, &doc, id))
            .collect();
        for fp in seen {
            self.postings.entry(fp).or_default().push(id as u32);
        }
        self.firsts.insert(doc.identity, id);
        self.first_of.push(id);
        self.docs.push(Some(doc));
        (id, pairs)
    }

    /// The first article with the same words as article `id` (`id` itself when it is the first
    /// of its text, or unknown).
    pub fn first_of(&self, id: usize) -> usize {
        self.first_of.get(id).copied().unwrap_or(id)
    }

    /// Sets of two or more identical articles (same words in the same order), each ascending,
    /// in order of their first article.
    pub fn identical(&self) -> Vec<Vec<usize>> {
        identical_sets(&self.first_of)
    }

    /// Aligns two articles' shingles and decides whether they are copies.
    fn verify(&self, earlier: usize, later_doc: &Doc, later: usize) -> Option<CopyPair> {
        let earlier_doc = self.docs.get(earlier)?.as_ref()?;
        let mut positions: HashMap<u64, Vec<u32>> = HashMap::new();
        for &(pos, h) in &earlier_doc.shingles {
            positions.entry(h).or_default().push(pos);
        }
        // Runs along diagonals: (later start, later end, earlier start), in shingle positions.
        let mut runs: Vec<(u32, u32, u32)> = Vec::new();
        let mut open: HashMap<i64, usize> = HashMap::new();
        for &(pos, h) in &later_doc.shingles {
            let Some(matches) = positions.get(&h) else {
                continue;
            };
            for &e in matches {
                let diag = e as i64 - pos as i64;
                match open.get(&diag) {
                    Some(&r) if pos <= runs[r].1 + SHINGLE as u32 + 1 => runs[r].1 = pos,
                    _ => {
                        open.insert(diag, runs.len());
                        runs.push((pos, pos, e));
                    }
                }
            }
        }
        // Passages: runs long enough, overlapping ones resolved in favour of the longest.
        runs.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut taken: Vec<(u32, u32)> = Vec::new();
        let mut passages = Vec::new();
        for (start, end, e_start) in runs {
            let words = (end - start) as usize + SHINGLE;
            if words < self.config.min_passage_words {
                continue;
            }
            let last = end + SHINGLE as u32 - 1;
            if taken.iter().any(|&(s, l)| start <= l && s <= last) {
                continue;
            }
            taken.push((start, last));
            let e_last = e_start + (last - start);
            let span_of = |doc: &Doc, s: u32, l: u32| {
                Span::new(doc.spans[s as usize].start, doc.spans[l as usize].end)
            };
            passages.push(Passage {
                earlier: span_of(earlier_doc, e_start, e_last),
                later: span_of(later_doc, start, last),
                words,
            });
        }
        if passages.is_empty() {
            return None;
        }
        passages.sort_by_key(|p| p.later.start);
        let shared_words: usize = passages.iter().map(|p| p.words).sum();
        let shorter = earlier_doc.words.min(later_doc.words).max(1);
        let containment = shared_words as f64 / shorter as f64;
        let is_copy = shared_words >= self.config.min_shared_words
            || containment >= self.config.min_containment;
        is_copy.then(|| CopyPair {
            earlier,
            later,
            shared_words,
            containment: containment.min(1.0),
            passages,
        })
    }
}

/// Sets of two or more articles sharing a first article (`first_of[i]` is article `i`'s), each
/// ascending, in order of that first article.
fn identical_sets(first_of: &[usize]) -> Vec<Vec<usize>> {
    let mut sets: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, &first) in first_of.iter().enumerate() {
        if first != i {
            sets.entry(first).or_insert_with(|| vec![first]).push(i);
        }
    }
    sets.into_values().collect()
}

/// Copy pairs and identical sets of a set of texts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Copies {
    /// Copy pairs, in order of the later article (an identical copy pairs with its first).
    pub pairs: Vec<CopyPair>,
    /// Sets of two or more identical articles, each ascending, in order of first article.
    pub identical: Vec<Vec<usize>>,
}

/// Finds the copy pairs and identical sets of a set of texts (added in order).
pub fn find_all(texts: &[&str]) -> Copies {
    let mut index = CopyIndex::default();
    let pairs = texts.iter().flat_map(|t| index.add(t).1).collect();
    Copies {
        pairs,
        identical: index.identical(),
    }
}

/// Finds every copy pair in a set of texts (added in order).
pub fn find_copies(texts: &[&str]) -> Vec<CopyPair> {
    find_all(texts).pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Gale-force winds closed the harbour bridge in the port city on Tuesday after a section of its railing was torn away, the transit authority said. No injuries were reported. The authority said engineers would inspect the span overnight and that the bridge could reopen on Wednesday if the wind eased. Shop owners on the eastern approach said trade had stopped by mid-afternoon as queues formed at the ferry terminal.";

    #[test]
    fn an_edited_reprint_is_a_copy_with_its_passages() {
        let reprint = "Local news. Gale-force winds closed the harbour bridge in the port city on Tuesday after a section of its railing was torn away, the transit authority said. No injuries were reported. The authority said engineers would inspect the spam overnight and that the bridge could reopen on Wednesday if the wind eased. Readers can send photos to the newsroom.";
        let pairs = find_copies(&[WIRE, reprint]);
        assert_eq!(pairs.len(), 1);
        let p = &pairs[0];
        assert!(p.shared_words >= 40, "{p:?}");
        // The typo ("spam") does not split the passage.
        assert_eq!(p.passages.len(), 1, "{p:?}");
        assert!(p.passages[0]
            .later
            .of(reprint)
            .starts_with("Gale-force winds"));
        assert!(p.passages[0]
            .earlier
            .of(WIRE)
            .ends_with("if the wind eased"));
    }

    #[test]
    fn an_independent_rewrite_with_a_shared_quote_is_not_a_copy() {
        let a = "The mayor said on Tuesday: \"We will not reopen the bridge until every bolt has been checked by the engineers on duty tonight.\" Winds reached 110 kilometres an hour.";
        let b = "Winds of 110 km/h battered the coast. \"We will not reopen the bridge until every bolt has been checked by the engineers on duty tonight,\" the mayor told reporters, adding that crews were working in shifts.";
        assert!(find_copies(&[a, b]).is_empty());
    }

    #[test]
    fn reordered_paragraphs_are_found_as_separate_passages() {
        let p1 = "The council approved the new budget on Monday after a debate that lasted more than six hours and ended close to midnight.";
        let p2 = "Opposition members said the plan cut too deeply into library funding and promised to raise the issue again in the spring.";
        let a = format!("{p1}\n\n{p2}");
        let b = format!("{p2}\n\n{p1}");
        let pairs = find_copies(&[&a, &b]);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].passages.len(), 2);
    }

    #[test]
    fn identical_copies_pair_with_their_first_only() {
        let texts: Vec<&str> = std::iter::repeat_n(WIRE, 300).collect();
        let copies = find_all(&texts);
        assert_eq!(copies.pairs.len(), 299);
        assert!(copies
            .pairs
            .iter()
            .all(|p| p.earlier == 0 && p.containment == 1.0));
        assert_eq!(copies.identical, [(0..300).collect::<Vec<_>>()]);
    }

    #[test]
    fn near_copies_are_aligned_with_a_bounded_number_of_candidates() {
        let texts: Vec<String> = (0..200).map(|i| format!("{WIRE} Edition {i}.")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let copies = find_all(&refs);
        assert!(copies.identical.is_empty());
        let max = CopyConfig::default().max_candidates;
        assert!(copies.pairs.len() <= 200 * max, "{}", copies.pairs.len());
        // Every article still pairs with something earlier: the group stays connected.
        for later in 1..200 {
            assert!(copies.pairs.iter().any(|p| p.later == later), "{later}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_in_bounds(a in "\\PC{0,300}", b in "\\PC{0,300}") {
            for p in find_copies(&[&a, &b]) {
                for x in p.passages {
                    proptest::prop_assert!(x.earlier.end <= a.len() && x.later.end <= b.len());
                }
            }
        }
    }
}
