//! The story's title: the headline of its most representative article that has one; where no
//! representative article has one, a headline made from the most central lead sentence; never a
//! file name or an article id.
//!
//! An article is representative when its text is at least as close to the story's centroid as
//! the median article's: the headline of an article about a side issue does not name the story.
//! Among representative articles, the headline whose terms weigh most in the centroid wins. A
//! lead sentence becomes a headline by losing its final stop and, when long, everything after
//! its last clause boundary within [`HEADLINE_MAX_WORDS`] words.

use crate::pool::{cosine, Pool};
use crate::StoryInput;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A headline made from a sentence has at most this many words.
const HEADLINE_MAX_WORDS: usize = 18;
/// A sentence is cut at a clause boundary only after this many words.
const HEADLINE_MIN_WORDS: usize = 6;
/// The title of a story with no headline and no usable sentence.
pub(crate) const UNTITLED: &str = "Untitled story";

/// A dateline left at the front of a sentence ("RIVERTON (Wire) — ", "RIVERTON, Mont. -- ").
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\p{{Lu}}[\p{{Lu}}.'’\-]*(?:\s+\p{{Lu}}[\p{{Lu}}.'’\-]*){{0,4}}(?:,\s+\p{{Lu}}[{}.]{{1,15}})?\s*(?:\([^()]{{1,40}}\))?\s*(?:—|–|--|-)\s+",
        chorus_text::LATIN_LETTERS
    ))
    .expect("valid regex")
});

/// Words that open a clause a headline can do without.
const CLAUSE_OPENERS: &[&str] = &[
    "after",
    "when",
    "while",
    "as",
    "because",
    "who",
    "which",
    "where",
    "since",
    "amid",
    "following",
    "before",
    "according",
];

/// Words a cut headline does not end on (articles, prepositions, possessives, auxiliaries).
const DANGLING: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "over", "into",
    "and", "or", "but", "his", "her", "its", "their", "our", "my", "has", "have", "had", "been",
    "was", "were", "is", "are", "be", "that", "this", "being",
];

/// The story's title (see the module documentation).
pub(crate) fn choose(input: &StoryInput, pool: &Pool, centroid: &[(u32, f32)]) -> String {
    let closeness = article_closeness(input.articles.len(), pool);
    let mut sorted = closeness.clone();
    sorted.sort_by(f32::total_cmp);
    let median = median(&sorted);
    let representative = |a: usize| median.is_none_or(|m| closeness[a] >= m);
    let weights: HashMap<u32, f32> = centroid.iter().copied().collect();
    let mut best: Option<(f32, &str)> = None;
    for (a, article) in input.articles.iter().enumerate() {
        let Some(t) = article.title.as_deref() else {
            continue;
        };
        let terms = chorus_text::terms::content_terms(t);
        if terms.is_empty() || !representative(a) {
            continue;
        }
        let score = terms
            .iter()
            .filter_map(|t| pool.vocab.get(t))
            .map(|i| weights.get(i).copied().unwrap_or(0.0))
            .sum::<f32>()
            / (terms.len() as f32).sqrt();
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, t));
        }
    }
    match best {
        Some((_, t)) => t.to_owned(),
        None => lead_headline(pool, centroid).unwrap_or_else(|| UNTITLED.to_owned()),
    }
}

/// The median of sorted values (the mean of the middle two for an even count).
fn median(sorted: &[f32]) -> Option<f32> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => sorted.get(n / 2).copied(),
        _ => Some((sorted.get(n / 2 - 1)? + sorted.get(n / 2)?) / 2.0),
    }
}

/// Each article's closeness to the story: the cosine of its text (the sum of its sentence
/// vectors) to the sum of every article's unit vector, so that each article counts once however
/// long it is.
fn article_closeness(articles: usize, pool: &Pool) -> Vec<f32> {
    let mut sums: Vec<HashMap<u32, f32>> = vec![HashMap::new(); articles];
    for s in &pool.sentences {
        if let Some(sum) = sums.get_mut(s.article) {
            for &(t, w) in &s.vector {
                *sum.entry(t).or_default() += w;
            }
        }
    }
    let vectors: Vec<Vec<(u32, f32)>> = sums
        .into_iter()
        .map(|sum| {
            let mut v: Vec<(u32, f32)> = sum.into_iter().collect();
            v.sort_unstable_by_key(|&(t, _)| t);
            unit(&mut v);
            v
        })
        .collect();
    let mut total: HashMap<u32, f32> = HashMap::new();
    for v in &vectors {
        for &(t, w) in v {
            *total.entry(t).or_default() += w;
        }
    }
    let mut story: Vec<(u32, f32)> = total.into_iter().collect();
    story.sort_unstable_by_key(|&(t, _)| t);
    unit(&mut story);
    vectors.iter().map(|v| cosine(v, &story)).collect()
}

/// Scales a sparse vector to unit length (the zero vector stays).
fn unit(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// A headline from the lead sentence (an article's first sentence that can stand alone) closest
/// to the centroid; the earliest article wins a tie.
fn lead_headline(pool: &Pool, centroid: &[(u32, f32)]) -> Option<String> {
    let mut best: Option<(f32, &str)> = None;
    for s in &pool.sentences {
        if s.position != 0 || !crate::summary::is_candidate(s) {
            continue;
        }
        let score = cosine(&s.vector, centroid);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, &s.text));
        }
    }
    best.map(|(_, text)| headline_from(text))
        .filter(|h| !h.is_empty())
}

/// Trims a sentence into a headline: no dateline, no final stop, and when longer than
/// [`HEADLINE_MAX_WORDS`], cut at its last clause boundary (a comma, dash, semicolon or colon, or
/// before a word that opens a clause) after [`HEADLINE_MIN_WORDS`] words, else after the
/// maximum with an ellipsis.
pub(crate) fn headline_from(sentence: &str) -> String {
    let text = chorus_text::normalize_space(sentence);
    let text = match DATELINE.find(&text) {
        Some(m) if m.end() < text.len() => &text[m.end()..],
        _ => text.as_str(),
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let trimmed = |w: &[&str]| {
        w.join(" ")
            .trim_end_matches(['.', ',', ';', ':', '!', ' ', '—', '–', '-'])
            .to_owned()
    };
    if words.len() <= HEADLINE_MAX_WORDS {
        return trimmed(&words);
    }
    // The last boundary: after word i (punctuation at its end), or before word i (an opener).
    let mut cut = None;
    for i in HEADLINE_MIN_WORDS..=HEADLINE_MAX_WORDS.min(words.len() - 1) {
        let before = words[i - 1];
        let opener = CLAUSE_OPENERS.contains(&words[i].to_lowercase().as_str());
        let punct = before.ends_with([',', ';', ':']) || ["—", "–", "--"].contains(&words[i]);
        if opener || punct {
            cut = Some(i);
        }
    }
    match cut {
        Some(i) => trimmed(&words[..i]),
        None => {
            let mut end = HEADLINE_MAX_WORDS;
            while end > HEADLINE_MIN_WORDS
                && DANGLING.contains(&words[end - 1].to_lowercase().as_str())
            {
                end -= 1;
            }
            format!("{}…", trimmed(&words[..end]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_lead_loses_its_dateline_and_stop() {
        assert_eq!(
            headline_from("RIVERTON (Wire) — The harbour bridge reopened on Friday."),
            "The harbour bridge reopened on Friday"
        );
        assert_eq!(
            headline_from("RIVERTON, Mont. -- Crews cleared the pass."),
            "Crews cleared the pass"
        );
    }

    #[test]
    fn a_long_lead_is_cut_at_its_last_clause_boundary() {
        let s = "The harbour authority closed the old swing bridge to all traffic on Tuesday \
                 morning after engineers found a crack in one of its two main girders during a \
                 routine inspection.";
        assert_eq!(
            headline_from(s),
            "The harbour authority closed the old swing bridge to all traffic on Tuesday morning"
        );
        let s = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi \
                 omicron pi rho sigma tau upsilon phi.";
        assert_eq!(
            headline_from(s),
            "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma…"
        );
        let s = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi \
                 omicron pi rho of the upsilon phi.";
        assert_eq!(
            headline_from(s),
            "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho…"
        );
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1.0, 2.0, 4.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 4.0, 8.0]), Some(3.0));
    }

    proptest::proptest! {
        #[test]
        fn headline_never_panics_and_is_bounded(s in "\\PC{0,400}") {
            let h = headline_from(&s);
            proptest::prop_assert!(h.split_whitespace().count() <= HEADLINE_MAX_WORDS);
        }
    }
}
