//! An article's weighted features for clustering: stemmed content words (title words boosted)
//! and capitalized multiword names.

use crate::tokens::{tokenize, Token};
use chorus_text::terms::is_stopword;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// Marks a name feature's hash apart from a word's.
const NAME_PREFIX: &[u8] = b"\x01name:";

/// Turns articles into features; holds the stemmer.
pub(crate) struct Featurizer {
    stemmer: Stemmer,
    /// Multiplier of the weight of words that appear in the title.
    title_weight: f32,
    /// Multiplier of the weight of capitalized multiword names.
    name_weight: f32,
}

impl Featurizer {
    pub(crate) fn new(title_weight: f32, name_weight: f32) -> Featurizer {
        Featurizer {
            stemmer: Stemmer::create(Algorithm::English),
            title_weight,
            name_weight,
        }
    }

    /// The features of an article, sorted by feature hash: `(hash, weight)` with weight
    /// `(1 + ln count) × multiplier` (before inverse document frequency).
    pub(crate) fn features(&self, title: Option<&str>, text: &str) -> Vec<(u64, f32)> {
        // (count, multiplier) per feature.
        let mut counts: HashMap<u64, (f32, f32)> = HashMap::new();
        for (part, multiplier) in [(title.unwrap_or(""), self.title_weight), (text, 1.0)] {
            let tokens = tokenize(part);
            for t in &tokens {
                if let Some(h) = self.word_hash(&t.word) {
                    let e = counts.entry(h).or_insert((0.0, multiplier));
                    e.0 += 1.0;
                    e.1 = e.1.max(multiplier);
                }
            }
            for name in names(part, &tokens) {
                let e = counts.entry(name).or_insert((0.0, self.name_weight));
                e.0 += 1.0;
            }
        }
        let mut features: Vec<(u64, f32)> = counts
            .into_iter()
            .map(|(h, (n, m))| (h, (1.0 + n.ln()) * m))
            .collect();
        features.sort_unstable_by_key(|&(h, _)| h);
        features
    }

    /// The hash of a word's stem, or `None` for function words and single characters.
    fn word_hash(&self, word: &str) -> Option<u64> {
        if word.chars().nth(1).is_none() || is_stopword(word) {
            return None;
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            return Some(xxh3_64(word.as_bytes()));
        }
        Some(xxh3_64(self.stemmer.stem(word).as_bytes()))
    }
}

/// Hashes of the capitalized multiword names in a text: runs of two or more capitalized words
/// separated only by spaces, a sentence's first word left out when it is a function word. Lines
/// written in title case (most words capitalized, as headlines often are) give no names.
fn names(text: &str, tokens: &[Token]) -> Vec<u64> {
    let capitalized = |t: &Token| {
        text[t.span.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let mut names = Vec::new();
    let mut line_start = 0;
    while line_start < tokens.len() {
        // One line's tokens.
        let mut line_end = line_start + 1;
        while line_end < tokens.len()
            && !text[tokens[line_end - 1].span.end..tokens[line_end].span.start].contains('\n')
        {
            line_end += 1;
        }
        let line = &tokens[line_start..line_end];
        line_start = line_end;
        let content: Vec<&Token> = line.iter().filter(|t| !is_stopword(&t.word)).collect();
        let caps = content.iter().filter(|t| capitalized(t)).count();
        if content.len() >= 4 && caps * 5 >= content.len() * 4 {
            continue;
        }
        let mut i = 0;
        while i < line.len() {
            if !capitalized(&line[i]) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < line.len()
                && capitalized(&line[j])
                && text[line[j - 1].span.end..line[j].span.start]
                    .chars()
                    .all(|c| c == ' ')
            {
                j += 1;
            }
            let mut start = i;
            while start < j && is_stopword(&line[start].word) {
                start += 1;
            }
            if j - start >= 2 {
                let mut key = NAME_PREFIX.to_vec();
                for t in &line[start..j] {
                    key.extend_from_slice(t.word.as_bytes());
                    key.push(b' ');
                }
                names.push(xxh3_64(&key));
            }
            i = j;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted() {}

    #[test]
    fn names_are_capitalized_runs_outside_title_case_lines() {
        let text = "Storm Hits Coast As Ferry Service Halts\nThe mayor of Port Ellis met Dana Whitfield on Monday. The Harbour Board agreed.";
        let tokens = tokenize(text);
        let got = names(text, &tokens);
        let want: Vec<u64> = ["port ellis ", "dana whitfield ", "harbour board "]
            .iter()
            .map(|n| xxh3_64(&[NAME_PREFIX, n.as_bytes()].concat()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn words_are_stemmed_and_title_words_boosted() {
        let f = Featurizer::new(2.0, 1.5);
        let a = f.features(Some("Floods"), "The floods flooded the valley.");
        let flood = xxh3_64(b"flood");
        let w = a.iter().find(|&&(h, _)| h == flood).unwrap().1;
        // "floods" twice and "flooded" once all stem to "flood"; the title doubles the weight.
        assert!((w - 2.0 * (1.0 + 3f32.ln())).abs() < 1e-5, "{w}");
        assert!(a.windows(2).all(|p| p[0].0 < p[1].0));
    }
}
