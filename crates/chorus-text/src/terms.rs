//! Content terms of a text: lowercase words without stopwords, stemmed (Snowball English).

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::LazyLock;

/// Builds the stemmer and the stopword index now (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&STEMMER);
    LazyLock::force(&STOPWORDS_BY_FIRST_BYTE);
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Function words that carry no topic, sorted (so the words of one first byte are contiguous).
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "first",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "may",
    "me",
    "might",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "must",
    "my",
    "myself",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "said",
    "same",
    "say",
    "says",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// The longest stopword, in bytes.
const LONGEST_STOPWORD: usize = 10;

/// Per first byte, the range of [`STOPWORDS`] starting with it: a lookup compares a word with a
/// handful of stopwords at most (it is called for every word of every article clustered).
static STOPWORDS_BY_FIRST_BYTE: LazyLock<[(u16, u16); 256]> = LazyLock::new(|| {
    let mut ranges = [(0u16, 0u16); 256];
    for (i, word) in STOPWORDS.iter().enumerate() {
        let range = &mut ranges[word.as_bytes()[0] as usize];
        if range.0 == range.1 {
            range.0 = i as u16;
        }
        range.1 = i as u16 + 1;
    }
    ranges
});

/// Whether a lowercase word is a stopword.
pub fn is_stopword(word: &str) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    if word.len() > LONGEST_STOPWORD {
        return false;
    }
    let (start, end) = STOPWORDS_BY_FIRST_BYTE[first as usize];
    STOPWORDS[start as usize..end as usize].contains(&word)
}

/// Stems already computed on this thread, word → stem. Stemming is most of the cost of
/// [`content_terms`], and a story's sentences repeat their words (the pool, the claims and the
/// figures each read them); cleared when full, so it stays bounded and never changes a result.
struct StemCache(RefCell<FxHashMap<Box<str>, Box<str>>>);

/// Words kept in a thread's [`StemCache`] before it is cleared.
const STEM_CACHE_WORDS: usize = 1 << 16;

thread_local! {
    static STEMS: StemCache = StemCache(RefCell::new(FxHashMap::default()));
}

/// The stemmed content terms of `text`, in order (repeats kept).
pub fn content_terms(text: &str) -> Vec<String> {
    STEMS.with(|cache| {
        let mut stems = cache.0.borrow_mut();
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !is_stopword(w) && (w.len() != 1 || w.chars().all(char::is_numeric)))
            .map(|w| {
                if let Some(stem) = stems.get(w.as_str()) {
                    return stem.to_string();
                }
                let stem = STEMMER.stem(&w).into_owned();
                if stems.len() >= STEM_CACHE_WORDS {
                    stems.clear();
                }
                stems.insert(w.into_boxed_str(), stem.as_str().into());
                stem
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOPWORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOPWORD)
        );
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        assert!(!is_stopword("") && !is_stopword("zebra") && !is_stopword("abouts"));
    }

    #[test]
    fn terms_are_stemmed_content_words() {
        assert_eq!(
            content_terms("The talks were held in Riyadh, talking about embassies."),
            ["talk", "held", "riyadh", "talk", "embassi"]
        );
    }

    #[test]
    fn cached_stems_are_the_stemmers_also_after_the_cache_is_cleared() {
        let words: Vec<String> = (0..STEM_CACHE_WORDS + 10)
            .map(|i| format!("running{i}x"))
            .collect();
        let text = format!("{} meetings nations", words.join(" "));
        let direct = |w: &str| STEMMER.stem(w).into_owned();
        let expected: Vec<String> = text.split(' ').map(direct).collect();
        // The first pass fills and clears the cache; the second reads what is left of it.
        assert_eq!(content_terms(&text), expected);
        assert_eq!(content_terms(&text), expected);
        assert_eq!(content_terms("Meetings, nations"), ["meet", "nation"]);
    }
}
