//! The story's sentences, with TF-IDF vectors over stemmed content terms, shared by every part
//! of the brief.

use chorus_core::analysis::{ArticleAnalysis, SegmentKind, Span};
use chorus_core::Article;
use std::collections::HashMap;

/// One sentence of one article.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index of its article in the story.
    pub article: usize,
    /// Its bytes in the article's text.
    pub span: Span,
    /// Its text, whitespace normalized.
    pub text: String,
    /// Its index among the article's sentences.
    pub position: usize,
    /// Words in it.
    pub words: usize,
    /// Unit-length TF-IDF vector, sorted by term id.
    pub vector: Vec<(u32, f32)>,
}

/// All sentences of a story's articles.
#[derive(Debug, Default)]
pub struct Pool {
    /// Sentences, by article then position.
    pub sentences: Vec<Sentence>,
    /// Term ids of the vocabulary.
    pub vocab: HashMap<String, u32>,
    /// Each article's text in [`comparable`] form, made once for every verbatim check.
    comparable: Vec<String>,
}

impl Pool {
    /// Builds the pool from the story's articles and their analyses (parallel slices).
    pub fn new(articles: &[Article], analyses: &[ArticleAnalysis]) -> Pool {
        let mut raw: Vec<(usize, Span, String, usize, Vec<String>)> = Vec::new();
        for (a, (article, analysis)) in articles.iter().zip(analyses).enumerate() {
            let mut position = 0;
            for seg in &analysis.segments {
                if seg.kind != SegmentKind::Sentence {
                    continue;
                }
                let text = chorus_text::normalize_space(seg.span.of(&article.text));
                let terms = chorus_text::terms::content_terms(&text);
                raw.push((a, seg.span, text, position, terms));
                position += 1;
            }
        }
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut term_ids: Vec<Vec<u32>> = Vec::with_capacity(raw.len());
        for (_, _, _, _, terms) in &raw {
            let mut seen: Vec<u32> = terms
                .iter()
                .map(|t| {
                    let next = ids.len() as u32;
                    *ids.entry(t.clone()).or_insert(next)
                })
                .collect();
            term_ids.push(seen.clone());
            seen.sort_unstable();
            seen.dedup();
            for &id in &seen {
                if id as usize >= df.len() {
                    df.resize(id as usize + 1, 0);
                }
                df[id as usize] += 1;
            }
        }
        let n = raw.len() as f32;
        let sentences = raw
            .into_iter()
            .zip(term_ids)
            .map(|((article, span, text, position, _), terms)| {
                let mut counts: HashMap<u32, f32> = HashMap::new();
                for t in terms {
                    *counts.entry(t).or_default() += 1.0;
                }
                let mut vector: Vec<(u32, f32)> = counts
                    .into_iter()
                    .map(|(t, c)| {
                        (
                            t,
                            c * ((n + 1.0) / (df[t as usize] as f32 + 1.0)).ln().max(0.0)
                                + c * 0.01,
                        )
                    })
                    .collect();
                vector.sort_unstable_by_key(|&(t, _)| t);
                normalize(&mut vector);
                Sentence {
                    article,
                    span,
                    words: text.split_whitespace().count(),
                    text,
                    position,
                    vector,
                }
            })
            .collect();
        Pool {
            sentences,
            vocab: ids,
            comparable: articles.iter().map(|a| comparable(&a.text)).collect(),
        }
    }

    /// Article `a`'s text in [`comparable`] form (empty for an unknown article).
    pub fn comparable_text(&self, a: usize) -> &str {
        self.comparable.get(a).map_or("", String::as_str)
    }

    /// The centroid of every sentence, unit length.
    pub fn centroid(&self) -> Vec<(u32, f32)> {
        let mut sum: HashMap<u32, f32> = HashMap::new();
        for s in &self.sentences {
            for &(t, w) in &s.vector {
                *sum.entry(t).or_default() += w;
            }
        }
        let mut v: Vec<(u32, f32)> = sum.into_iter().collect();
        v.sort_unstable_by_key(|&(t, _)| t);
        normalize(&mut v);
        v
    }
}

/// Scales a sparse vector to unit length (no-op for the zero vector).
fn normalize(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Cosine of two unit-length sparse vectors sorted by term.
pub fn cosine<K: Ord>(a: &[(K, f32)], b: &[(K, f32)]) -> f32 {
    chorus_relate::cluster::dot_sorted(a, b)
}

/// Normalizes text for verbatim comparison: whitespace collapsed, curly quotes and apostrophes
/// straightened, dashes unified.
pub fn comparable(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' | '‚' => '\'',
            '–' | '—' => '-',
            other => other,
        })
        .collect();
    chorus_text::normalize_space(&mapped)
}
