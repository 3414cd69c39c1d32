//! A story's dense (sentence-embedding) side: the running sum of its articles' embeddings,
//! compared with an article's embedding on the same relative scale as the word centroid.

/// The sum of the embeddings of a story's articles that had one.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct EmbeddingSum {
    /// Sum of the articles' (unit-length) embeddings; empty while none had one.
    #[serde(default)]
    sum: Vec<f32>,
    /// Articles whose embeddings are in the sum.
    #[serde(default)]
    count: u32,
    /// Length of the sum.
    #[serde(default)]
    norm: f32,
}

impl EmbeddingSum {
    /// Adds an article's embedding, if it has one of the story's length (the first sets it).
    pub(super) fn add(&mut self, embedding: Option<&[f32]>) {
        let Some(e) = embedding.filter(|e| !e.is_empty()) else {
            return;
        };
        if self.sum.is_empty() {
            self.sum = e.to_vec();
        } else if self.sum.len() == e.len() {
            self.sum.iter_mut().zip(e).for_each(|(s, x)| *s += x);
        } else {
            return;
        }
        self.count += 1;
        self.norm = length(&self.sum);
    }

    /// Adds another story's sum (on a merge).
    pub(super) fn absorb(&mut self, other: &EmbeddingSum) {
        if other.count == 0 {
            return;
        }
        if self.sum.is_empty() {
            *self = other.clone();
        } else if self.sum.len() == other.sum.len() {
            self.sum
                .iter_mut()
                .zip(&other.sum)
                .for_each(|(s, x)| *s += x);
            self.count += other.count;
            self.norm = length(&self.sum);
        }
    }

    /// The cosine of an article's embedding with the story's mean embedding, divided by the
    /// story's cohesion (`|sum| / n`, the mean cosine of its articles with their mean, clamped
    /// as the word cohesion is); `None` unless both sides have embeddings of one length.
    pub(super) fn relative_similarity(&self, embedding: Option<&[f32]>) -> Option<f32> {
        let e = embedding.filter(|e| !e.is_empty() && e.len() == self.sum.len())?;
        if self.count == 0 {
            return None;
        }
        let (norm_sum, norm_e) = (self.norm, length(e));
        if norm_sum == 0.0 || norm_e == 0.0 {
            return Some(0.0);
        }
        let dot: f32 = self.sum.iter().zip(e).map(|(s, x)| s * x).sum();
        let cohesion = (norm_sum / self.count as f32).clamp(1e-3, 1.0);
        Some(dot / (norm_sum * norm_e) / cohesion)
    }
}

/// Euclidean length of a vector.
fn length(v: &[f32]) -> f32 {
    v.iter().map(|x| x * x).sum::<f32>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_relative_to_the_story_cohesion_and_needs_both_sides() {
        let mut s = EmbeddingSum::default();
        assert_eq!(s.relative_similarity(Some(&[1.0, 0.0])), None);
        s.add(None);
        s.add(Some(&[1.0, 0.0]));
        assert_eq!(s.relative_similarity(None), None);
        assert_eq!(s.relative_similarity(Some(&[1.0, 0.0, 0.0])), None);
        assert!((s.relative_similarity(Some(&[1.0, 0.0])).unwrap() - 1.0).abs() < 1e-6);
        s.add(Some(&[0.0, 1.0]));
        assert_eq!(s.count, 2);
        // Mean direction (1, 1)/√2; cohesion √2 / 2.
        let sim = s.relative_similarity(Some(&[1.0, 0.0])).unwrap();
        assert!((sim - 1.0).abs() < 1e-5, "{sim}");
        let mut t = EmbeddingSum::default();
        t.absorb(&s);
        assert_eq!(t, s);
        t.absorb(&s);
        assert_eq!((t.count, t.sum.as_slice()), (4, [2.0, 2.0].as_slice()));
    }
}
