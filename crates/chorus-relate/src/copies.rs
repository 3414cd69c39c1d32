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

/// Words per shingle when looking for rewritten copy: a rewrite keeps short phrases of its
/// source, seldom long runs.
pub const DERIVED_SHINGLE: usize = 3;

/// Most positions of one short shingle in a source text that an alignment follows (a phrase
/// repeated more often than this is boilerplate within the text).
const MAX_SHINGLE_REPEATS: usize = 8;

/// Fewest distinct short shingles two texts share for their containment to make a derivation
/// (a text of a few words proves nothing by its share).
pub const MIN_SHARED_SHINGLES: usize = 4;

/// Fewest distinct words two texts share for the derived text's word share to make a
/// derivation (four words of a headline prove nothing).
pub const MIN_SHARED_WORDS: usize = 12;

/// Thresholds for calling an article derived from another: wire copy rewritten, cut, reordered
/// or partly quoted, beyond the near-verbatim reprints [`CopyConfig`] finds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DerivationConfig {
    /// Share of the derived text's distinct [`DERIVED_SHINGLE`]-word shingles that the source
    /// has, which makes a derivation (when they are [`MIN_SHARED_SHINGLES`] or more): a
    /// rewrite keeps its source's short phrases scattered through it, seldom a long run.
    pub min_containment: f64,
    /// Shortest passage counted, in words.
    pub min_passage_words: usize,
    /// Words in shared passages that make a derivation whatever the containment.
    pub min_passage_total: usize,
    /// Shingles a passage may skip on its diagonal (a word changed, a clause cut).
    pub max_gap: usize,
    /// Most [`Derivation::own_quotes`] a derivation may have: an article quoting at length
    /// what its sources do not quote was reported first hand (its writer heard the speakers),
    /// whatever phrases it shares. On `reuse-dev` this is what tells the papers that sent a
    /// reporter to court from those that rewrote the wire: derived precision 0.84 -> 0.94.
    pub max_own_quotes: f64,
    /// Share of the derived text's distinct unquoted words that its source has (quoted or not),
    /// which makes a derivation (when they are [`MIN_SHARED_WORDS`] or more) whatever the
    /// phrases: a piece cut down to a few lines of its source's facts, in its own phrasing,
    /// uses almost no word the source lacks, while a report of the same event by a writer of
    /// its own brings words (people, places, details) the source never had. `f64::INFINITY`
    /// never decides.
    pub min_word_share: f64,
}

impl Default for DerivationConfig {
    fn default() -> Self {
        DerivationConfig {
            min_containment: 0.1,
            min_passage_words: 8,
            min_passage_total: 20,
            max_gap: 3,
            max_own_quotes: 0.1,
            min_word_share: 0.7,
        }
    }
}

impl DerivationConfig {
    /// The thresholds the brief's syndication groups use: precision first, since a false
    /// group hides an independent confirmation. A quarter of the derived text's short phrases
    /// must come from the source; shared passages alone never decide (outlets that write
    /// their own reports share official wording, charges and statements, 20 to 30 words at a
    /// time, and a piece of their own words around them). An article with quotations of its
    /// own is never grouped ([`DerivationConfig::max_own_quotes`], as by default). On
    /// `reuse-dev` this keeps derived precision above 0.9 at a lower recall; on `brief-dev` no
    /// independent pair is grouped (at a share of 0.15 one is). Nor does the word share
    /// decide ([`DerivationConfig::min_word_share`]): a short report of the same facts uses
    /// the source's words too, and the brief must not lose it as a confirmation (on
    /// `brief-dev`, articles written independently reach a share of 0.77 at 216 words, near
    /// the 0.8 it would take to group a few more derived articles on `reuse-dev`).
    pub fn for_syndication() -> Self {
        DerivationConfig {
            min_containment: 0.25,
            min_passage_total: usize::MAX,
            min_word_share: f64::INFINITY,
            ..DerivationConfig::default()
        }
    }
}

/// How much of one text another takes over.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    /// Distinct [`DERIVED_SHINGLE`]-word shingles (quoted words excluded) the two texts share,
    /// over those of the derived text.
    pub containment: f64,
    /// Shared passages of at least [`DerivationConfig::min_passage_words`] words, in the
    /// derived text's order (`earlier` is the source's side, `later` the derived text's).
    pub passages: Vec<Passage>,
    /// Words in those passages.
    pub passage_words: usize,
    /// Distinct unquoted words of the derived text that the source has (quoted or not), over
    /// those of the derived text.
    pub word_share: f64,
    /// Quotations of the derived text that its sources lack: its distinct
    /// [`DERIVED_SHINGLE`]-word shingles of quoted words that no source has anywhere (quoted or
    /// not), over its words. The sources are the one compared, or all those it may draw on
    /// ([`derivation_among`], the earlier candidates of a [`CopyIndex`]).
    pub own_quotes: f64,
    /// Whether the thresholds call it a derivation.
    pub derived: bool,
}

/// Whether, and how much, `derived` takes over from `source` (default thresholds).
pub fn derivation(source: &str, derived: &str) -> Derivation {
    derivation_with(&DerivationConfig::default(), source, derived)
}

/// Whether, and how much, `derived` takes over from `source`.
pub fn derivation_with(config: &DerivationConfig, source: &str, derived: &str) -> Derivation {
    let (source, derived) = (Doc::new(source), Doc::new(derived));
    derive(
        config,
        &source,
        &derived,
        own_quotes(&derived, &[&source]),
        Pooled::default(),
    )
}

/// The shares of a derived text that all the takes it may draw on have together (0 when there
/// is no other take).
#[derive(Debug, Clone, Copy, Default)]
struct Pooled {
    /// Share of its distinct short shingles (see [`Derivation::containment`]).
    containment: f64,
    /// Share of its distinct unquoted words (see [`Derivation::word_share`]).
    words: f64,
}

/// Whether, and how much, `derived` takes over from each of `sources`, the takes of one story
/// it may draw on together (first take, new lead, substitutes of a wire story): its own
/// quotations are those that none of them has, and the share of its phrases that the takes
/// have together decides for each take it shares [`MIN_SHARED_SHINGLES`] phrases with (a
/// rewrite of three takes may take a tenth of its phrases from none alone), and so does the
/// share of its words they have together, for each take it shares [`MIN_SHARED_WORDS`] words
/// with.
pub fn derivation_among(
    config: &DerivationConfig,
    sources: &[&str],
    derived: &str,
) -> Vec<Derivation> {
    let sources: Vec<Doc> = sources.iter().map(|s| Doc::new(s)).collect();
    let derived = Doc::new(derived);
    let refs: Vec<&Doc> = sources.iter().collect();
    let own = own_quotes(&derived, &refs);
    let share = |mine: &[u64], theirs: fn(&Doc) -> &[u64]| {
        mine.iter()
            .filter(|h| refs.iter().any(|s| theirs(s).binary_search(h).is_ok()))
            .count() as f64
            / mine.len().max(1) as f64
    };
    let pooled = Pooled {
        containment: share(&derived.short_distinct, |s| &s.short_distinct),
        words: share(&derived.words_distinct, |s| &s.all_words),
    };
    sources
        .iter()
        .map(|source| derive(config, source, &derived, own, pooled))
        .collect()
}

/// The share of `derived`'s words in quotations that no source has: its distinct short
/// shingles of quoted words found nowhere in the sources, over its words.
fn own_quotes(derived: &Doc, sources: &[&Doc]) -> f64 {
    let own = derived
        .quoted_short
        .iter()
        .filter(|h| !sources.iter().any(|s| s.all_short.binary_search(h).is_ok()))
        .count();
    own as f64 / derived.tokens.max(1) as f64
}

/// Aligns the short shingles of two articles: passages along diagonals with gaps up to
/// `config.max_gap`, and the shares of distinct shingles and words in common. `own_quotes` is
/// the derived text's [`Derivation::own_quotes`]; `pooled` its shares that all the takes it
/// may draw on have together.
fn derive(
    config: &DerivationConfig,
    source: &Doc,
    derived: &Doc,
    own_quotes: f64,
    pooled: Pooled,
) -> Derivation {
    let (a, b) = (&source.short_distinct, &derived.short_distinct);
    let common = common_sorted(a, b);
    let containment = if b.is_empty() {
        0.0
    } else {
        common as f64 / b.len() as f64
    };
    let shared_words = common_sorted(&source.all_words, &derived.words_distinct);
    let word_share = shared_words as f64 / derived.words_distinct.len().max(1) as f64;
    let first_hand = own_quotes > config.max_own_quotes;
    let by_containment = containment.max(pooled.containment) >= config.min_containment
        && common >= MIN_SHARED_SHINGLES;
    let by_words =
        word_share.max(pooled.words) >= config.min_word_share && shared_words >= MIN_SHARED_WORDS;
    if first_hand || (!by_containment && !by_words && config.min_passage_total == usize::MAX) {
        // Nothing can make it derived: no alignment.
        return Derivation {
            containment,
            passages: Vec::new(),
            passage_words: 0,
            word_share,
            own_quotes,
            derived: false,
        };
    }
    let mut positions: HashMap<u64, Vec<u32>> = HashMap::new();
    for &(pos, h) in &source.short {
        let list = positions.entry(h).or_default();
        if list.len() < MAX_SHINGLE_REPEATS {
            list.push(pos);
        }
    }
    let passages = align(
        |h| positions.get(&h).map_or(&[][..], Vec::as_slice),
        &derived.short,
        DERIVED_SHINGLE,
        config.max_gap,
        config.min_passage_words,
        source,
        derived,
    );
    let passage_words: usize = passages.iter().map(|p| p.words).sum();
    let derived = by_containment || by_words || passage_words >= config.min_passage_total;
    Derivation {
        containment,
        passages,
        passage_words,
        word_share,
        own_quotes,
        derived,
    }
}

/// No run open on a diagonal (see [`align`]).
const NO_RUN: u32 = u32::MAX;

/// Runs of matching shingles along diagonals (a gap of up to `max_gap` shingles bridged),
/// overlapping ones resolved in favour of the longest, those of `min_words` words or more as
/// passages in the later text's order. `positions` gives the positions of a shingle of the
/// earlier text, ascending; `later` is the later text's shingles.
fn align<'p>(
    positions: impl Fn(u64) -> &'p [u32],
    later: &[(u32, u64)],
    width: usize,
    max_gap: usize,
    min_words: usize,
    earlier_doc: &Doc,
    later_doc: &Doc,
) -> Vec<Passage> {
    // Runs along diagonals: (later start, later end, earlier start), in shingle positions.
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    // The open run of each diagonal (earlier position minus later position, shifted by the
    // later text's last position so that it indexes from 0): a plain table, not a hash map,
    // since this loop is most of the time of a large story's syndication groups.
    let shift = later
        .iter()
        .map(|&(pos, _)| pos as usize)
        .max()
        .unwrap_or(0);
    let mut open: Vec<u32> = vec![NO_RUN; shift + earlier_doc.spans.len() + 1];
    let reach = (width + max_gap) as u32;
    for &(pos, h) in later {
        for &e in positions(h) {
            let diag = e as usize + shift - pos as usize;
            if diag >= open.len() {
                open.resize(diag + 1, NO_RUN);
            }
            match open[diag] {
                r if r != NO_RUN && pos <= runs[r as usize].1 + reach => runs[r as usize].1 = pos,
                _ => {
                    open[diag] = runs.len() as u32;
                    runs.push((pos, pos, e));
                }
            }
        }
    }
    runs.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut taken: Vec<(u32, u32)> = Vec::new();
    let mut passages = Vec::new();
    for (start, end, e_start) in runs {
        let words = (end - start) as usize + width;
        if words < min_words {
            continue;
        }
        let last = end + width as u32 - 1;
        if taken.iter().any(|&(s, l)| start <= l && s <= last) {
            continue;
        }
        let e_last = e_start + (last - start);
        let span_of = |doc: &Doc, s: u32, l: u32| {
            let first = doc.spans.get(s as usize)?;
            let last = doc.spans.get(l as usize)?;
            Some(Span::new(first.start, last.end))
        };
        let (Some(earlier), Some(later)) = (
            span_of(earlier_doc, e_start, e_last),
            span_of(later_doc, start, last),
        ) else {
            continue;
        };
        taken.push((start, last));
        passages.push(Passage {
            earlier,
            later,
            words,
        });
    }
    passages.sort_by_key(|p| p.later.start);
    passages
}

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
    /// When set, a candidate sharing a sampled fingerprint that is no copy is still paired when
    /// these thresholds call it derived (rewritten wire copy). Off by default; the brief sets
    /// [`DerivationConfig::for_syndication`] (the default derivation thresholds group articles
    /// that outlets wrote independently on `brief-dev`; see `chorus eval clustering`).
    pub derivation: Option<DerivationConfig>,
}

impl Default for CopyConfig {
    fn default() -> Self {
        CopyConfig {
            min_passage_words: 12,
            min_shared_words: 40,
            min_containment: 0.3,
            max_postings: 1000,
            max_candidates: 32,
            derivation: None,
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
    /// The hashes of `shingles`, sorted, and beside them in `positions` their first tokens
    /// (ascending among equal hashes): the positions of a shingle, found by binary search
    /// without building a map per pair.
    hashes: Vec<u64>,
    /// See `hashes`.
    positions: Vec<u32>,
    /// `(index of the first token, hash)` of every unquoted [`DERIVED_SHINGLE`]-word shingle,
    /// in order.
    short: Vec<(u32, u64)>,
    /// The hashes of `short`, sorted, distinct.
    short_distinct: Vec<u64>,
    /// Hashes of every [`DERIVED_SHINGLE`]-word shingle, quoted words or not, sorted, distinct.
    all_short: Vec<u64>,
    /// Hashes of the [`DERIVED_SHINGLE`]-word shingles made of quoted words, sorted, distinct.
    quoted_short: Vec<u64>,
    /// Hashes of the unquoted words, sorted, distinct.
    words_distinct: Vec<u64>,
    /// Hashes of every word, quoted or not, sorted, distinct.
    all_words: Vec<u64>,
    /// Words, quoted or not.
    tokens: usize,
    /// Byte spans of the tokens.
    spans: Vec<Span>,
    /// Unquoted words.
    words: usize,
    /// Hash of the whole word sequence (quoted words too): equal for identical copies.
    identity: u128,
}

/// How many values two sorted, distinct lists have in common (one merge pass).
fn common_sorted(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// `(index of the first token, hash)` of every `n`-word window of unquoted tokens, in order.
fn shingles(tokens: &[crate::tokens::Token], n: usize) -> Vec<(u32, u64)> {
    windows(tokens, n, |w| w.iter().all(|t| !t.quoted))
}

/// `(index of the first token, hash)` of every `n`-word window that `keep` accepts, in order.
fn windows(
    tokens: &[crate::tokens::Token],
    n: usize,
    keep: impl Fn(&[crate::tokens::Token]) -> bool,
) -> Vec<(u32, u64)> {
    let mut out = Vec::new();
    let mut buf = String::new();
    for (i, window) in tokens.windows(n.max(1)).enumerate() {
        if !keep(window) {
            continue;
        }
        buf.clear();
        for t in window {
            buf.push_str(&t.word);
            buf.push(' ');
        }
        out.push((i as u32, xxh3_64(buf.as_bytes())));
    }
    out
}

impl Doc {
    fn new(text: &str) -> Doc {
        let tokens = tokenize(text);
        let long = shingles(&tokens, SHINGLE);
        // Every short window hashed once, then sorted out by how much of it is quoted.
        let mut short = Vec::new();
        let mut all_short = Vec::new();
        let mut quoted_short = Vec::new();
        for (pos, h) in windows(&tokens, DERIVED_SHINGLE, |_| true) {
            let window = &tokens[pos as usize..pos as usize + DERIVED_SHINGLE];
            if window.iter().all(|t| !t.quoted) {
                short.push((pos, h));
            } else if window.iter().all(|t| t.quoted) {
                quoted_short.push(h);
            }
            all_short.push(h);
        }
        let sorted_distinct = |mut h: Vec<u64>| {
            h.sort_unstable();
            h.dedup();
            h
        };
        let short_distinct = sorted_distinct(short.iter().map(|&(_, h)| h).collect());
        let all_short = sorted_distinct(all_short);
        let quoted_short = sorted_distinct(quoted_short);
        let word_hash = |t: &crate::tokens::Token| xxh3_64(t.word.as_bytes());
        let words_distinct =
            sorted_distinct(tokens.iter().filter(|t| !t.quoted).map(word_hash).collect());
        let all_words = sorted_distinct(tokens.iter().map(word_hash).collect());
        let mut identity = xxhash_rust::xxh3::Xxh3::new();
        for t in &tokens {
            identity.update(t.word.as_bytes());
            identity.update(if t.quoted { b"\"" } else { b" " });
        }
        let mut by_hash: Vec<(u64, u32)> = long.iter().map(|&(pos, h)| (h, pos)).collect();
        by_hash.sort_unstable();
        let (hashes, positions) = by_hash.into_iter().unzip();
        Doc {
            identity: identity.digest128(),
            shingles: long,
            hashes,
            positions,
            short,
            short_distinct,
            all_short,
            quoted_short,
            words_distinct,
            all_words,
            tokens: tokens.len(),
            words: tokens.iter().filter(|t| !t.quoted).count(),
            spans: tokens.into_iter().map(|t| t.span).collect(),
        }
    }

    /// The positions of shingle `h`, ascending.
    fn positions_of(&self, h: u64) -> &[u32] {
        let start = self.hashes.partition_point(|&x| x < h);
        let end = start + self.hashes[start..].partition_point(|&x| x == h);
        &self.positions[start..end]
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
        // Copies share two fingerprints or more; derivations (when looked for) one or more.
        let least = if self.config.derivation.is_some() {
            1
        } else {
            2
        };
        let mut candidates: Vec<(u32, u32)> =
            counts.into_iter().filter(|&(_, n)| n >= least).collect();
        // The most shared fingerprints first, earliest on ties; then in index order.
        candidates.sort_unstable_by_key(|&(d, n)| (std::cmp::Reverse(n), d));
        candidates.truncate(self.config.max_candidates);
        candidates.sort_unstable();
        // Quotations of its own: those no candidate has.
        let own = self.config.derivation.map(|_| {
            let sources: Vec<&Doc> = candidates
                .iter()
                .filter_map(|&(d, _)| self.docs.get(d as usize)?.as_ref())
                .collect();
            own_quotes(&doc, &sources)
        });
        let pairs = candidates
            .into_iter()
            .filter_map(|(d, n)| {
                let copy = if n >= 2 {
                    self.verify(d as usize, &doc, id)
                } else {
                    None
                };
                copy.or_else(|| self.derived(d as usize, &doc, id, own?))
            })
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

    /// The pair of an earlier article and a later one derived from it, when
    /// [`CopyConfig::derivation`] is set and its thresholds call it so; `own_quotes` is the
    /// later article's [`Derivation::own_quotes`] against all its candidates.
    fn derived(
        &self,
        earlier: usize,
        later_doc: &Doc,
        later: usize,
        own_quotes: f64,
    ) -> Option<CopyPair> {
        let config = self.config.derivation?;
        let earlier_doc = self.docs.get(earlier)?.as_ref()?;
        let d = derive(
            &config,
            earlier_doc,
            later_doc,
            own_quotes,
            Pooled::default(),
        );
        d.derived.then_some(CopyPair {
            earlier,
            later,
            shared_words: d.passage_words,
            containment: d.containment,
            passages: d.passages,
        })
    }

    /// Aligns two articles' shingles and decides whether they are copies.
    fn verify(&self, earlier: usize, later_doc: &Doc, later: usize) -> Option<CopyPair> {
        let earlier_doc = self.docs.get(earlier)?.as_ref()?;
        let passages = align(
            |h| earlier_doc.positions_of(h),
            &later_doc.shingles,
            SHINGLE,
            1,
            self.config.min_passage_words,
            earlier_doc,
            later_doc,
        );
        if passages.is_empty() {
            return None;
        }
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
    find_all_with(CopyConfig::default(), texts)
}

/// Finds the copy pairs and identical sets of a set of texts (added in order) under the given
/// thresholds.
pub fn find_all_with(config: CopyConfig, texts: &[&str]) -> Copies {
    let mut index = CopyIndex::new(config);
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

    #[test]
    fn common_values_of_sorted_lists_are_counted_in_one_pass() {
        assert_eq!(common_sorted(&[1, 3, 5, 7, 9], &[2, 3, 4, 7, 10, 11]), 2);
        assert_eq!(common_sorted(&[], &[1, 2]), 0);
        assert_eq!(common_sorted(&[4, 8], &[4, 8]), 2);
        assert_eq!(common_sorted(&[9], &[1, 2, 9]), 1);
    }

    #[test]
    fn a_shingles_positions_are_all_its_positions_ascending() {
        // The text twice: each shingle occurs twice.
        let text = format!("{WIRE}\n\n{WIRE}");
        let doc = Doc::new(&text);
        let mut map: HashMap<u64, Vec<u32>> = HashMap::new();
        for &(pos, h) in &doc.shingles {
            map.entry(h).or_default().push(pos);
        }
        assert!(map.values().any(|p| p.len() > 1));
        for (h, positions) in &map {
            assert_eq!(doc.positions_of(*h), positions.as_slice());
        }
        assert!(doc.positions_of(1).is_empty() || map.contains_key(&1));
    }

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

    /// The wire story rewritten by a newspaper: cut, sentences reordered, words changed, a
    /// line of its own added.
    const REWRITE: &str = "Engineers would inspect the span overnight, the authority said, and the bridge could reopen on Wednesday if the wind eased. Gale-force winds shut the harbour bridge in the port city on Tuesday after part of its railing was torn away. Nobody was hurt. Our reporter saw long queues at the ferry terminal.";

    /// The same facts in other words.
    const OWN_WORDS: &str = "Storm damage shut the main crossing over the harbour this week. A stretch of guard rail came loose in the gusts, so officials barred traffic while inspectors checked the structure; nobody was hurt. Traders near the approach road complained that customers vanished, and commuters waited for boats instead.";

    #[test]
    fn a_rewritten_wire_story_is_derived_and_a_report_in_other_words_is_not() {
        let d = derivation(WIRE, REWRITE);
        assert!(d.derived, "{d:?}");
        assert!(!d.passages.is_empty());
        for p in &d.passages {
            assert!(p.words >= DerivationConfig::default().min_passage_words);
            assert!(!p.later.of(REWRITE).is_empty() && !p.earlier.of(WIRE).is_empty());
        }
        let d = derivation(WIRE, OWN_WORDS);
        assert!(!d.derived, "{d:?}");
        // Not a verbatim copy: only derivation pairs them.
        assert!(find_copies(&[WIRE, REWRITE]).is_empty());
        let with_derivation = CopyConfig {
            derivation: Some(DerivationConfig::default()),
            ..CopyConfig::default()
        };
        let pairs = find_all_with(with_derivation, &[WIRE, REWRITE, OWN_WORDS]).pairs;
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!((pairs[0].earlier, pairs[0].later), (0, 1));
    }

    #[test]
    fn a_short_piece_built_from_wire_phrases_is_derived_and_a_few_words_prove_nothing() {
        // Phrases of the wire strung together with words of its own: little of the wire,
        // much of the piece, and no run long enough for a passage.
        let short = "The harbour bridge in the port city was shut on Tuesday; engineers would inspect the span before any reopening, and queues formed at the ferry terminal all day.";
        let d = derivation(WIRE, short);
        assert!(d.derived && d.passages.is_empty(), "{d:?}");
        assert!(d.containment >= DerivationConfig::default().min_containment);
        // Three words in common are a large share of a five-word text, and no derivation.
        let d = derivation(WIRE, "Closed the harbour bridge.");
        assert!(!d.derived, "{d:?}");
    }

    #[test]
    fn syndication_thresholds_need_a_large_share_of_phrases_not_passages_alone() {
        let strict = DerivationConfig::for_syndication();
        // The rewrite takes most of its phrases from the wire: derived at either threshold.
        assert!(derivation_with(&strict, WIRE, REWRITE).derived);
        // A long report in its own words around one passage of official wording: the
        // default thresholds call it derived by the passage, the syndication ones do not.
        let own = format!(
            "{OWN_WORDS} The authority said engineers would inspect the span overnight and that the bridge could reopen on Wednesday if the wind eased. Residents of the old quarter recalled a similar storm a decade ago, when fishing boats broke their moorings and drifted across the bay before dawn. Insurers expect claims from shopkeepers whose awnings tore loose."
        );
        let loose = derivation(WIRE, &own);
        assert!(loose.derived && loose.containment < 0.25, "{loose:?}");
        let d = derivation_with(&strict, WIRE, &own);
        assert!(!d.derived && d.passages.is_empty(), "{d:?}");
    }

    #[test]
    fn a_few_lines_of_the_wires_facts_in_its_words_are_derived_by_word_share() {
        // The wire cut to two sentences, its words rearranged: hardly a phrase of the wire,
        // and one word it lacks.
        let cut = "The port city harbour bridge closed Tuesday: winds had torn away a railing section. Ferry queues formed, trade stopped, and engineers said the span may reopen Wednesday.";
        let default = DerivationConfig::default();
        let d = derivation(WIRE, cut);
        assert!(
            d.derived && d.containment < default.min_containment,
            "{d:?}"
        );
        assert!(d.word_share >= default.min_word_share, "{d:?}");
        // A report in words of its own shares the event's words only.
        let d = derivation(WIRE, OWN_WORDS);
        assert!(!d.derived && d.word_share < 0.5, "{d:?}");
        // The syndication thresholds never group by words alone.
        let d = derivation_with(&DerivationConfig::for_syndication(), WIRE, cut);
        assert!(!d.derived, "{d:?}");
        // Nor do a few words: a headline made of the wire's words.
        let d = derivation(WIRE, "Harbour bridge closed by winds.");
        assert!(!d.derived && d.word_share == 1.0, "{d:?}");
        // Among takes, the words they have together count: half the piece's words from the
        // wire, half from a second take, hardly a phrase of the wire.
        let take = "Rail services across the region were cancelled for the evening as fallen trees blocked the lines near the river crossing, the operator said. Buses replaced trains between the two stations.";
        let piece = "The port city harbour bridge closed Tuesday: winds had torn away a railing section. Fallen trees blocked lines across the region, so rail services were cancelled for the evening and buses replaced trains.";
        let alone = derivation(WIRE, piece);
        assert!(
            !alone.derived && alone.word_share < default.min_word_share,
            "{alone:?}"
        );
        let among = derivation_among(&default, &[WIRE, take], piece);
        assert!(among.iter().all(|d| d.derived), "{among:?}");
        assert!(among[0].containment < default.min_containment, "{among:?}");
    }

    /// Quotations the wire does not have: what a reporter at the scene heard.
    const HEARD: &str = "'We had never seen the span shake like that, the cables were singing in the wind and the lamps went dark one after another,' said ferry captain Ana Ruiz, who watched the storm from the terminal building beside the eastern approach road with two of her deckhands. 'I told my crew to stay in port until the morning and we turned away every passenger who came,' she added.";

    #[test]
    fn an_article_quoting_what_its_sources_do_not_was_reported_first_hand() {
        // The rewrite with quotations of its own (in British single quotes) is no derivation,
        // however many phrases it shares with the wire.
        let first_hand = format!("{REWRITE}\n{HEARD}");
        let d = derivation(WIRE, &first_hand);
        assert!(
            !d.derived && d.containment >= DerivationConfig::default().min_containment,
            "{d:?}"
        );
        assert!(d.own_quotes > DerivationConfig::default().max_own_quotes);
        // A second take of the wire that carries the quotations: they are not the article's
        // own, and it derives from the first take.
        let take = format!("Ferry services were suspended.\n{HEARD}");
        let among = derivation_among(&DerivationConfig::default(), &[WIRE, &take], &first_hand);
        assert!(among[0].derived && among[0].own_quotes == 0.0, "{among:?}");
        // So in an index: grouped with the first take when the second came before it.
        let with_derivation = CopyConfig {
            derivation: Some(DerivationConfig::default()),
            ..CopyConfig::default()
        };
        let pairs = find_all_with(with_derivation, &[WIRE, &first_hand]).pairs;
        assert!(pairs.is_empty(), "{pairs:?}");
        let pairs = find_all_with(with_derivation, &[WIRE, &take, &first_hand]).pairs;
        assert!(
            pairs.iter().any(|p| (p.earlier, p.later) == (0, 2)),
            "{pairs:?}"
        );
    }

    #[test]
    fn a_piece_drawing_on_two_takes_is_derived_from_both_together() {
        // A second take of the story, and a piece taking a few phrases from each take.
        let take = "Rail services across the region were cancelled for the evening as fallen trees blocked the lines near the river crossing, the operator said. Buses replaced trains between the two stations.";
        let piece = "Commuters had a miserable evening. Gale-force winds closed the harbour bridge, and buses replaced trains between the two stations. Schools said they would open as usual, though parents were told to check the council website before setting off, and several football matches were called off. Forecasters expect calmer weather by the weekend, with sunshine returning to most areas and only light showers in the hills.";
        let min = DerivationConfig::default().min_containment;
        for source in [WIRE, take] {
            let alone = derivation(source, piece);
            assert!(!alone.derived && alone.containment < min, "{alone:?}");
        }
        let among = derivation_among(&DerivationConfig::default(), &[WIRE, take], piece);
        assert!(among.iter().all(|d| d.derived), "{among:?}");
        // A take it shares too few phrases with is not among its sources.
        let among = derivation_among(
            &DerivationConfig::default(),
            &[WIRE, take, OWN_WORDS],
            piece,
        );
        assert!(among[0].derived && among[1].derived && !among[2].derived);
    }

    proptest::proptest! {
        #[test]
        fn derivation_never_panics(a in "\\PC{0,300}", b in "\\PC{0,300}") {
            let d = derivation(&a, &b);
            for x in d.passages {
                proptest::prop_assert!(x.earlier.end <= a.len() && x.later.end <= b.len());
            }
        }

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
