//! Claims: what a sentence states, in a form that lets two outlets' wordings of one claim meet.
//!
//! A sentence's claim terms are its content words, stemmed, with common news paraphrases mapped
//! to one term ("killed", "shot dead" and "died" all state a death; "vanished" and "went missing"
//! a disappearance) and number words written as figures ("six" as "6"). Each term weighs its
//! rarity in the story (inverse sentence frequency), so that two sentences meet on what is
//! particular to them, not on the story's topic. Its anchors are its names and figures.

use crate::pool::{comparable, Pool};
use std::collections::HashMap;

/// Words mapped to one term because news copy uses them for the same fact.
const PARAPHRASES: &[(&str, &[&str])] = &[
    (
        "die",
        &[
            "died", "dies", "dead", "death", "deaths", "killed", "kills", "killing", "slain",
            "perished", "fatally",
        ],
    ),
    (
        "disappear",
        &[
            "disappeared",
            "disappearance",
            "vanished",
            "vanishing",
            "missing",
        ],
    ),
    (
        "arrest",
        &["arrested", "arrests", "detained", "apprehended", "custody"],
    ),
    ("aboard", &["board", "onboard"]),
    ("injure", &["injured", "injuries", "wounded", "hurt"]),
    (
        "buy",
        &[
            "bought",
            "buys",
            "buying",
            "acquire",
            "acquired",
            "acquires",
            "acquisition",
            "purchase",
            "purchased",
        ],
    ),
    ("vehicle", &["car", "cars", "vehicles"]),
    ("memoir", &["memoirs", "autobiography", "autobiographies"]),
];

/// Number words written as figures.
const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("dozen", "12"),
    ("twenty", "20"),
    ("hundred", "100"),
];

/// The canonical form of one lowercase word: its figure, its paraphrase class, or itself.
pub(crate) fn canonical(word: &str) -> &str {
    if let Some((_, digits)) = NUMBER_WORDS.iter().find(|(w, _)| *w == word) {
        return digits;
    }
    PARAPHRASES
        .iter()
        .find(|(_, words)| words.contains(&word))
        .map_or(word, |(term, _)| term)
}

/// The claim terms of a text, each once, in order of first use.
pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        let canon = canonical(&lower);
        let term = if canon.chars().all(|c| c.is_ascii_digit()) {
            canon.to_owned()
        } else {
            match chorus_text::terms::content_terms(canon).into_iter().next() {
                Some(t) => t,
                None => continue,
            }
        };
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// Every pool sentence's claim terms as ids, sorted, with each id's weight.
pub(crate) struct ClaimTerms {
    /// Per pool sentence, its term ids, sorted and distinct.
    pub sentences: Vec<Vec<u32>>,
    /// Per term id, its weight: ln((sentences + 1) / (sentences holding it + 1)).
    pub weight: Vec<f32>,
    /// Per term id, the sentences holding it, ascending.
    postings: Vec<Vec<u32>>,
}

impl ClaimTerms {
    /// The claim terms of every sentence of the pool.
    pub(crate) fn new(pool: &Pool) -> ClaimTerms {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let sentences: Vec<Vec<u32>> = pool
            .sentences
            .iter()
            .map(|s| {
                let mut list: Vec<u32> = terms(&s.text)
                    .into_iter()
                    .map(|t| {
                        let next = ids.len() as u32;
                        *ids.entry(t).or_insert(next)
                    })
                    .collect();
                list.sort_unstable();
                list.dedup();
                for &id in &list {
                    if id as usize >= df.len() {
                        df.resize(id as usize + 1, 0);
                    }
                    df[id as usize] += 1;
                }
                list
            })
            .collect();
        let n = sentences.len() as f32;
        let weight = df
            .iter()
            .map(|&d| ((n + 1.0) / (d as f32 + 1.0)).ln().max(0.0) + 0.01)
            .collect();
        let mut postings: Vec<Vec<u32>> =
            df.iter().map(|&d| Vec::with_capacity(d as usize)).collect();
        for (k, list) in sentences.iter().enumerate() {
            for &id in list {
                if let Some(p) = postings.get_mut(id as usize) {
                    p.push(k as u32);
                }
            }
        }
        ClaimTerms {
            sentences,
            weight,
            postings,
        }
    }

    /// The share of sentence `a`'s claim (by weight) that each sentence states, as
    /// [`ClaimTerms::contained`] gives it, for every sentence at once: work in proportion to
    /// how many sentences share each of `a`'s terms.
    pub(crate) fn contained_in_each(&self, a: usize) -> Vec<f32> {
        let mut shares = vec![0.0; self.sentences.len()];
        let Some(x) = self.sentences.get(a) else {
            return shares;
        };
        let w = |id: &u32| self.weight.get(*id as usize).copied().unwrap_or(0.0);
        let total: f32 = x.iter().map(w).sum();
        if total <= 0.0 {
            return shares;
        }
        for id in x {
            let share = w(id) / total;
            for &k in self
                .postings
                .get(*id as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                if let Some(slot) = shares.get_mut(k as usize) {
                    *slot += share;
                }
            }
        }
        shares
    }

    /// The share of sentence `a`'s claim (by weight) that sentence `b` also states.
    pub(crate) fn contained(&self, a: usize, b: usize) -> f32 {
        let (Some(x), Some(y)) = (self.sentences.get(a), self.sentences.get(b)) else {
            return 0.0;
        };
        let w = |id: &u32| self.weight.get(*id as usize).copied().unwrap_or(0.0);
        let total: f32 = x.iter().map(w).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += w(&x[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        shared / total
    }
}

/// The names and figures of a sentence, lowercase: its words that are capitalized (but the
/// first) or hold a digit, without surrounding punctuation or a possessive "'s".
pub(crate) fn anchors(text: &str) -> Vec<String> {
    let text = comparable(text);
    let mut out: Vec<String> = Vec::new();
    let words = text
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '.' | '-' | '_')))
        .filter(|w| !w.is_empty());
    for w in words.skip(1) {
        let named = w.chars().next().is_some_and(char::is_uppercase);
        if !named && !w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let core = w.trim_matches(['.', '\'', '-']).to_lowercase();
        let core = core.strip_suffix("'s").map_or(core.clone(), str::to_owned);
        if core.chars().count() > 1 && !out.contains(&core) {
            out.push(core);
        }
    }
    out
}

/// Whether an article's lowercase text gives a claim's names and figures: every figure, and at
/// least three quarters of all of them.
pub(crate) fn states(anchors: &[String], article: &str) -> bool {
    let found = anchors.iter().filter(|a| article.contains(a.as_str()));
    let figures_found = anchors
        .iter()
        .filter(|a| a.chars().any(|c| c.is_ascii_digit()))
        .all(|a| article.contains(a.as_str()));
    figures_found && found.count() * 4 >= anchors.len() * 3
}

/// Whether a sentence speaks in the first or second person outside quotation marks: someone's
/// own words (a letter, a blog post, a statement printed whole), not a claim the outlet reports.
pub(crate) fn is_first_or_second_person(text: &str) -> bool {
    let mut inside = false;
    for token in text.split_whitespace() {
        let opens = token.starts_with(['“', '"']);
        if opens {
            inside = true;
        }
        if !inside {
            let original: String = token
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
                .collect::<String>()
                .replace('’', "'");
            // "US" is a country, "us" a person.
            let acronym = original.len() > 1 && !original.chars().any(char::is_lowercase);
            let word = original.to_lowercase();
            let personal = !acronym
                && matches!(
                    word.as_str(),
                    "i" | "i'm"
                        | "i've"
                        | "i'd"
                        | "i'll"
                        | "me"
                        | "my"
                        | "we"
                        | "we're"
                        | "we've"
                        | "we'll"
                        | "our"
                        | "us"
                        | "you"
                        | "you're"
                        | "you've"
                        | "your"
                );
            if personal {
                return true;
            }
        }
        if token
            .trim_end_matches(['.', ',', '!', '?', ';', ':'])
            .ends_with(['”', '"'])
        {
            inside = false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paraphrases_and_number_words_meet() {
        let a = terms("Six people were killed and two vanished.");
        let b = terms("6 people died; 2 went missing.");
        for t in ["6", "peopl", "die", "2", "disappear"] {
            assert!(a.contains(&t.to_owned()), "{t} in {a:?}");
            assert!(b.contains(&t.to_owned()), "{t} in {b:?}");
        }
    }

    #[test]
    fn containment_in_each_sentence_matches_pairwise() {
        let pool = crate::pool::Pool::default();
        let mut terms = ClaimTerms::new(&pool);
        terms.sentences = vec![vec![0, 1, 2], vec![1, 2], vec![3]];
        terms.weight = vec![1.0, 2.0, 1.0, 1.0];
        terms.postings = vec![vec![0], vec![0, 1], vec![0, 1], vec![2]];
        let each = terms.contained_in_each(0);
        for (b, share) in each.iter().enumerate() {
            assert!((share - terms.contained(0, b)).abs() < 1e-6);
        }
        assert!((each[1] - 0.75).abs() < 1e-6);
    }

    #[test]
    fn anchors_are_names_and_figures_past_the_first_word() {
        assert_eq!(
            anchors("Police said Smith's wife, 34, was shot in New Orleans."),
            ["smith", "34", "new", "orleans"]
        );
    }

    #[test]
    fn an_article_states_a_claim_only_with_its_figures() {
        let a = anchors("The storm killed 125 people across Syria on Monday.");
        assert!(states(&a, "on monday 125 died across syria"));
        assert!(!states(&a, "on monday 144 died across syria"));
        assert!(!states(&a, "125 died on tuesday"));
    }

    #[test]
    fn own_words_are_told_from_reported_claims() {
        assert!(is_first_or_second_person(
            "I do not know your name, but your words stay."
        ));
        assert!(is_first_or_second_person("But we will not work with them."));
        assert!(!is_first_or_second_person(
            "\"We will rebuild,\" the mayor said of the bridge."
        ));
        assert!(!is_first_or_second_person(
            "Police said the US embassy closed."
        ));
    }
}
