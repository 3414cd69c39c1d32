//! The field's plain baseline for streaming story clustering, printed beside the clusterer:
//! a single-pass TF-IDF centroid clusterer (the one the data README quotes).
//!
//! Each article is a vector of its stemmed content words (title and text together), weighted
//! `(1 + ln count) × ln(1 + N / df)` with document frequencies updated as articles arrive, scaled
//! to unit length. A story is the sum of its articles' unit vectors as they were when they
//! joined. An article joins the story whose centroid it is most similar to (cosine) when that
//! similarity reaches the threshold, else it starts a story. No names, no time, no merges; an
//! inverted index finds every story sharing a term (the same result as comparing every story).

use std::collections::{BTreeMap, HashMap};

/// Thresholds the baseline is run at; its best on each data set is reported (tuned on the set
/// itself, so an upper bound for the baseline).
pub const THRESHOLDS: [f32; 8] = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];

/// Texts as term counts over integer term ids, in the order of the terms' strings (the order
/// in which an article's contributions to a dot product are summed): prepared once, clustered
/// at every threshold.
pub struct Prepared {
    /// Per text, `(term id, count)`.
    docs: Vec<Vec<(u32, f32)>>,
    /// Distinct terms.
    terms: usize,
}

/// Stems and counts the texts' terms.
pub fn prepare(texts: &[String]) -> Prepared {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let docs = texts
        .iter()
        .map(|text| {
            let mut counts: BTreeMap<String, f32> = BTreeMap::new();
            for term in chorus_text::terms::content_terms(text) {
                *counts.entry(term).or_default() += 1.0;
            }
            counts
                .into_iter()
                .map(|(t, c)| {
                    let next = ids.len() as u32;
                    (*ids.entry(t).or_insert(next), c)
                })
                .collect()
        })
        .collect();
    Prepared {
        docs,
        terms: ids.len(),
    }
}

/// A story of the baseline: its centroid (term id → summed weight) and that centroid's length.
struct Centroid {
    terms: BTreeMap<u32, f32>,
    norm: f32,
}

/// Clusters the prepared texts in order at `threshold`; returns each one's story. Candidate
/// stories come from an inverted index (term → stories having it), which finds exactly the
/// stories with a positive dot product: the stories and scores of comparing every story.
pub fn cluster(prepared: &Prepared, threshold: f32) -> Vec<u64> {
    let mut df = vec![0u32; prepared.terms];
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); prepared.terms];
    let mut stories: Vec<Centroid> = Vec::new();
    let mut dots: Vec<f32> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut out = Vec::with_capacity(prepared.docs.len());
    for (n, doc) in prepared.docs.iter().enumerate() {
        for &(t, _) in doc {
            df[t as usize] += 1;
        }
        let docs = (n + 1) as f32;
        let mut vector: Vec<(u32, f32)> = doc
            .iter()
            .map(|&(t, c)| {
                let idf = (1.0 + docs / df[t as usize] as f32).ln();
                (t, (1.0 + c.ln()) * idf)
            })
            .collect();
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut vector {
                *w /= norm;
            }
        }
        // Each story's dot product, summed in the article's term order.
        for &(t, w) in &vector {
            for &s in &postings[t as usize] {
                if dots[s as usize] == 0.0 {
                    touched.push(s);
                }
                dots[s as usize] += w * stories[s as usize].terms[&t];
            }
        }
        touched.sort_unstable();
        let mut best: Option<(f32, usize)> = None;
        for &s in &touched {
            let story = &stories[s as usize];
            let dot = std::mem::take(&mut dots[s as usize]);
            if story.norm == 0.0 {
                continue;
            }
            let sim = dot / story.norm;
            if sim >= threshold && best.is_none_or(|(b, _)| sim > b) {
                best = Some((sim, s as usize));
            }
        }
        touched.clear();
        let id = match best {
            Some((_, id)) => id,
            None => {
                stories.push(Centroid {
                    terms: BTreeMap::new(),
                    norm: 0.0,
                });
                dots.push(0.0);
                stories.len() - 1
            }
        };
        let story = &mut stories[id];
        for (t, w) in vector {
            let e = story.terms.entry(t).or_insert_with(|| {
                postings[t as usize].push(id as u32);
                0.0
            });
            *e += w;
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
        let s = cluster(&prepare(&texts), 0.3);
        assert_eq!(s[0], s[2]);
        assert_ne!(s[0], s[1]);
    }
}
