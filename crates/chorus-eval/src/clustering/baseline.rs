//! The field's plain baseline for streaming story clustering, printed beside the clusterer:
//! a single-pass TF-IDF centroid clusterer (the one the data README quotes).
//!
//! Each article is a vector of its stemmed content words (title and text together), weighted
//! `(1 + ln count) × ln(1 + N / df)` with document frequencies updated as articles arrive, scaled
//! to unit length. A story is the sum of its articles' unit vectors as they were when they
//! joined. An article joins the story whose centroid it is most similar to (cosine) when that
//! similarity reaches the threshold, else it starts a story. No names, no time, no merges, no
//! index: every story is compared.

use std::collections::{BTreeMap, HashMap};

/// Thresholds the baseline is run at; its best on each data set is reported (tuned on the set
/// itself, so an upper bound for the baseline).
pub const THRESHOLDS: [f32; 8] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];

/// A story of the baseline: its centroid (term → summed weight) and that centroid's length.
struct Centroid {
    terms: HashMap<String, f32>,
    norm: f32,
}

/// Clusters `texts` in order at `threshold`; returns each one's story.
pub fn cluster(texts: &[String], threshold: f32) -> Vec<u64> {
    let mut df: HashMap<String, u32> = HashMap::new();
    let mut stories: Vec<Centroid> = Vec::new();
    let mut out = Vec::with_capacity(texts.len());
    for (n, text) in texts.iter().enumerate() {
        let mut counts: BTreeMap<String, f32> = BTreeMap::new();
        for term in chorus_text::terms::content_terms(text) {
            *counts.entry(term).or_default() += 1.0;
        }
        for term in counts.keys() {
            *df.entry(term.clone()).or_default() += 1;
        }
        let docs = (n + 1) as f32;
        let mut vector: Vec<(String, f32)> = counts
            .into_iter()
            .map(|(t, c)| {
                let idf = (1.0 + docs / df[&t] as f32).ln();
                (t, (1.0 + c.ln()) * idf)
            })
            .collect();
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut vector {
                *w /= norm;
            }
        }
        let mut best: Option<(f32, usize)> = None;
        for (id, story) in stories.iter().enumerate() {
            if story.norm == 0.0 {
                continue;
            }
            let dot: f32 = vector
                .iter()
                .filter_map(|(t, w)| story.terms.get(t).map(|c| w * c))
                .sum();
            let sim = dot / story.norm;
            if sim >= threshold && best.is_none_or(|(b, _)| sim > b) {
                best = Some((sim, id));
            }
        }
        let id = match best {
            Some((_, id)) => id,
            None => {
                stories.push(Centroid {
                    terms: HashMap::new(),
                    norm: 0.0,
                });
                stories.len() - 1
            }
        };
        let story = &mut stories[id];
        for (t, w) in vector {
            *story.terms.entry(t).or_default() += w;
        }
        story.norm = story.terms.values().map(|w| w * w).sum::<f32>().sqrt();
        out.push(id as u64);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_texts_share_a_story_and_others_do_not() {
        let texts: Vec<String> = [
            "Gale-force winds closed the harbour bridge in Port Ellis on Tuesday.",
            "The council of Marlow approved its budget after a long debate.",
            "The Port Ellis harbour bridge was closed by gale-force winds.",
        ]
        .map(str::to_string)
        .to_vec();
        let s = cluster(&texts, 0.3);
        assert_eq!(s[0], s[2]);
        assert_ne!(s[0], s[1]);
    }
}
