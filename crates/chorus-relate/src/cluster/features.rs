//! An article's features for clustering: weighted terms (stemmed content words, title words
//! boosted, capitalized multiword names and proper nouns), the years it states, and the
//! quantities it reports.

use crate::tokens::{tokenize, Token};
use chorus_text::terms::is_stopword;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// Marks a name feature's hash apart from a word's.
const NAME_PREFIX: &[u8] = b"\x01name:";
/// Marks a proper noun feature's hash apart from a word's.
const PROPER_PREFIX: &[u8] = b"\x02proper:";
/// Marks a quantity's unit when the unit word precedes the number ("magnitude of 5.6").
const UNIT_BEFORE_PREFIX: &[u8] = b"\x03before:";

/// Tokens at the head of a text (headline, dateline, lead) whose dates date the article. A date
/// further down is a mention of another time — background, an earlier event, a file photo's
/// caption — and counts only among the years mentioned: two reports of one event often recall
/// different pasts.
const DATE_HEAD_TOKENS: usize = 40;

/// Most words whose hashes a thread remembers ([`Featurizer::word_hash`]): about 4 MB.
const WORD_HASH_CACHE: usize = 200_000;

thread_local! {
    /// Per thread, a word's hash (of the lowercase word) → its feature hash, if a feature.
    static WORD_HASHES: RefCell<super::IdMap<u64, Option<u64>>> = RefCell::default();
}

/// What the clusterer uses of one article.
#[derive(Debug, Default)]
pub(crate) struct ArticleFeatures {
    /// `(hash, weight)` with weight `(1 + ln count) × multiplier` (before inverse document
    /// frequency), sorted by hash.
    pub(crate) terms: Vec<(u64, f32)>,
    /// Years written as part of a date ("May 24, 2005", "11/27/2005"), sorted, distinct.
    pub(crate) dated_years: Vec<u16>,
    /// The latest year the article mentions at all (1900-2099).
    pub(crate) latest_year: Option<u16>,
    /// `(unit hash, number hash)` of the numbers it states other than years, each with the
    /// content word after it and the one before it: "23 pirates", "magnitude of 5.6". Sorted,
    /// distinct.
    pub(crate) quantities: Vec<(u64, u64)>,
    /// The hashes among `terms` that are names or proper nouns, sorted, distinct.
    pub(crate) entities: Vec<u64>,
}

/// Turns articles into features; holds the stemmer.
pub(crate) struct Featurizer {
    stemmer: Stemmer,
    /// Multiplier of the weight of words that appear in the title.
    title_weight: f32,
    /// Multiplier of the weight of capitalized multiword names.
    name_weight: f32,
    /// Weight multiplier of proper nouns (their extra feature; the word counts as well).
    proper_weight: f32,
}

impl Featurizer {
    pub(crate) fn new(title_weight: f32, name_weight: f32, proper_weight: f32) -> Featurizer {
        Featurizer {
            stemmer: Stemmer::create(Algorithm::English),
            title_weight,
            name_weight,
            proper_weight,
        }
    }

    /// The features of an article.
    pub(crate) fn features(&self, title: Option<&str>, text: &str) -> ArticleFeatures {
        let mut out = ArticleFeatures::default();
        // (count, multiplier) per feature.
        let mut counts: HashMap<u64, (f32, f32)> = HashMap::new();
        for (part, multiplier, is_title) in [
            (title.unwrap_or(""), self.title_weight, true),
            (text, 1.0, false),
        ] {
            let tokens = tokenize(part);
            self.quantities(part, &tokens, &mut out.quantities);
            years(part, &tokens, &mut out);
            // Headlines capitalize freely: their capitals mark no proper nouns.
            let proper = if is_title {
                vec![false; tokens.len()]
            } else {
                proper_nouns(part, &tokens)
            };
            for (t, proper) in tokens.iter().zip(proper) {
                if proper {
                    let key = [PROPER_PREFIX, t.word.as_bytes()].concat();
                    let h = xxh3_64(&key);
                    out.entities.push(h);
                    let e = counts.entry(h).or_insert((0.0, self.proper_weight));
                    e.0 += 1.0;
                }
                if let Some(h) = self.word_hash(&t.word) {
                    let e = counts.entry(h).or_insert((0.0, multiplier));
                    e.0 += 1.0;
                    e.1 = e.1.max(multiplier);
                }
            }
            for name in names(part, &tokens) {
                out.entities.push(name);
                let e = counts.entry(name).or_insert((0.0, self.name_weight));
                e.0 += 1.0;
            }
        }
        out.terms = counts
            .into_iter()
            .map(|(h, (n, m))| (h, (1.0 + n.ln()) * m))
            .collect();
        out.terms.sort_unstable_by_key(|&(h, _)| h);
        out.dated_years.sort_unstable();
        out.dated_years.dedup();
        out.quantities.sort_unstable();
        out.quantities.dedup();
        out.entities.sort_unstable();
        out.entities.dedup();
        out
    }

    /// Appends the `(unit, number)` hashes of the numbers in a text that are not years: each
    /// number (a decimal written "5.6" or "5. 6" is one) with the first content word among the
    /// three tokens after it, and with the first among the two before it (marked apart).
    fn quantities(&self, text: &str, tokens: &[Token], out: &mut Vec<(u64, u64)>) {
        let unit = |t: &Token| !is_number(&t.word) && !is_stopword(&t.word);
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if !is_number(&t.word) || as_year(&t.word).is_some() {
                i += 1;
                continue;
            }
            let mut number = t.word.clone();
            let mut next = i + 1;
            if next < tokens.len()
                && is_number(&tokens[next].word)
                && matches!(&text[t.span.end..tokens[next].span.start], "." | ". ")
            {
                number.push('.');
                number.push_str(&tokens[next].word);
                next += 1;
            }
            let n = xxh3_64(number.as_bytes());
            if let Some(u) = tokens[next..].iter().take(3).find(|t| unit(t)) {
                out.push((xxh3_64(self.stemmer.stem(&u.word).as_bytes()), n));
            }
            if let Some(u) = tokens[i.saturating_sub(2)..i]
                .iter()
                .rev()
                .find(|t| unit(t))
            {
                let key = [UNIT_BEFORE_PREFIX, self.stemmer.stem(&u.word).as_bytes()].concat();
                out.push((xxh3_64(&key), n));
            }
            i = next;
        }
    }

    /// The hash of a word's stem, or `None` for function words and single characters.
    fn word_hash(&self, word: &str) -> Option<u64> {
        // Stemming is most of the work of featurizing an article, and news repeats its words:
        // each thread remembers the hashes of the words it has seen (keyed by the word's own
        // hash, as the features are hashes anyway), up to a bound.
        let key = xxh3_64(word.as_bytes());
        if let Some(known) = WORD_HASHES.with_borrow(|cache| cache.get(&key).copied()) {
            return known;
        }
        let hash = self.compute_word_hash(word);
        WORD_HASHES.with_borrow_mut(|cache| {
            if cache.len() >= WORD_HASH_CACHE {
                cache.clear();
            }
            cache.insert(key, hash);
        });
        hash
    }

    fn compute_word_hash(&self, word: &str) -> Option<u64> {
        if word.chars().nth(1).is_none() || is_stopword(word) {
            return None;
        }
        if is_number(word) {
            return Some(xxh3_64(word.as_bytes()));
        }
        Some(xxh3_64(self.stemmer.stem(word).as_bytes()))
    }
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// A four-digit word read as a year from 1900 to 2099.
fn as_year(word: &str) -> Option<u16> {
    if word.len() != 4 || !is_number(word) {
        return None;
    }
    word.parse().ok().filter(|y| (1900..2100).contains(y))
}

fn is_month(word: &str) -> bool {
    matches!(
        word,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Records the years of a text: every year in `latest_year`, and in `dated_years` those
/// written as part of a date (a month name among the three tokens before, or a slash right
/// before: "May 24, 2005", "11/27/2005") among its first [`DATE_HEAD_TOKENS`] tokens.
fn years(text: &str, tokens: &[Token], out: &mut ArticleFeatures) {
    let mut last_month = None;
    for (k, t) in tokens.iter().enumerate() {
        if is_month(&t.word) {
            last_month = Some(k);
        }
        let Some(year) = as_year(&t.word) else {
            continue;
        };
        out.latest_year = out.latest_year.max(Some(year));
        let slash = k > 0 && text[tokens[k - 1].span.end..t.span.start].contains('/');
        if (slash || last_month.is_some_and(|m| k - m <= 3)) && k < DATE_HEAD_TOKENS {
            out.dated_years.push(year);
        }
    }
}

/// For each token, whether it is a proper noun: a capitalized content word that does not
/// start its sentence (nor follow a colon or an opening quotation mark), on a line not written
/// in title case, and not a month or day name.
fn proper_nouns(text: &str, tokens: &[Token]) -> Vec<bool> {
    let capitalized = |t: &Token| {
        text[t.span.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let mut out = vec![false; tokens.len()];
    for (start, end) in lines(text, tokens) {
        let line = &tokens[start..end];
        if title_case(line, &capitalized) {
            continue;
        }
        for k in 1..line.len() {
            let t = &line[k];
            let initial = text[line[k - 1].span.end..t.span.start]
                .chars()
                .any(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '“'));
            out[start + k] = !initial
                && capitalized(t)
                && !is_stopword(&t.word)
                && !is_number(&t.word)
                && !is_month(&t.word)
                && !matches!(
                    t.word.as_str(),
                    "monday"
                        | "tuesday"
                        | "wednesday"
                        | "thursday"
                        | "friday"
                        | "saturday"
                        | "sunday"
                );
        }
    }
    out
}

/// The token ranges of a text's lines.
fn lines(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        let mut end = start + 1;
        while end < tokens.len()
            && !text[tokens[end - 1].span.end..tokens[end].span.start].contains('\n')
        {
            end += 1;
        }
        out.push((start, end));
        start = end;
    }
    out
}

/// Whether a line is written in title case: four or more content words, four in five of them
/// capitalized (headlines often are; their capitals mark no names).
fn title_case(line: &[Token], capitalized: &dyn Fn(&Token) -> bool) -> bool {
    let content: Vec<&Token> = line.iter().filter(|t| !is_stopword(&t.word)).collect();
    let caps = content.iter().filter(|t| capitalized(t)).count();
    content.len() >= 4 && caps * 5 >= content.len() * 4
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
    for (start, end) in lines(text, tokens) {
        let line = &tokens[start..end];
        if title_case(line, &capitalized) {
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
        let f = Featurizer::new(2.0, 1.5, 2.0);
        let a = f
            .features(Some("Floods"), "The floods flooded the valley.")
            .terms;
        let flood = xxh3_64(b"flood");
        let w = a.iter().find(|&&(h, _)| h == flood).unwrap().1;
        // "floods" twice and "flooded" once all stem to "flood"; the title doubles the weight.
        assert!((w - 2.0 * (1.0 + 3f32.ln())).abs() < 1e-5, "{w}");
        assert!(a.windows(2).all(|p| p[0].0 < p[1].0));
    }

    #[test]
    fn proper_nouns_are_capitalized_words_inside_sentences() {
        let text = "Police said Rahman was stopped on Saturday. Thompson won.\nKlitschko Retains Title Against Thompson In Bern";
        let tokens = tokenize(text);
        let got: Vec<&str> = tokens
            .iter()
            .zip(proper_nouns(text, &tokens))
            .filter(|(_, p)| *p)
            .map(|(t, _)| t.word.as_str())
            .collect();
        // "Police" and "Thompson" start sentences, "Saturday" is a day name, the last line is
        // in title case.
        assert_eq!(got, ["rahman"]);
        let f = Featurizer::new(2.0, 1.5, 2.0);
        let terms = f.features(None, text).terms;
        let proper = xxh3_64(&[PROPER_PREFIX, b"rahman"].concat());
        assert!(terms
            .iter()
            .any(|&(h, w)| h == proper && (w - 2.0).abs() < 1e-6));
        // Headlines give none.
        let titled = f.features(Some("Champion meets Rahman"), "").terms;
        assert!(!titled.iter().any(|&(h, _)| h == proper));
    }

    #[test]
    fn dated_years_need_a_month_or_a_slash() {
        let f = Featurizer::new(2.0, 1.5, 2.0);
        let a = f.features(
            Some("Quake of 2005 recalled"),
            "Posted 11/27/2005. Updated: May 24, 2006, 3:23 PM ET\nThe 1999 quake was worse.",
        );
        assert_eq!(a.dated_years, [2005, 2006]);
        assert_eq!(a.latest_year, Some(2006));
        assert_eq!(f.features(None, "No years here.").latest_year, None);
    }

    #[test]
    fn dates_below_the_head_are_mentions_only() {
        let f = Featurizer::new(2.0, 1.5, 2.0);
        let filler = "the river kept rising through the night and the town waited ".repeat(5);
        let text = format!(
            "March 3, 2016\nThe Velmora flood reached the town centre. {filler}It was the worst since the flood of June 12, 1998."
        );
        let a = f.features(None, &text);
        assert_eq!(a.dated_years, [2016]);
        assert_eq!(a.latest_year, Some(2016));
        let b = f.features(
            None,
            &format!("{filler}The flood of June 12, 1998 was worse."),
        );
        assert!(b.dated_years.is_empty());
        assert_eq!(b.latest_year, Some(1998));
    }

    #[test]
    fn quantities_pair_numbers_with_their_units() {
        let f = Featurizer::new(2.0, 1.5, 2.0);
        let a = f.features(
            None,
            "The navy captured 23 pirates after a magnitude of 5.6 quake in 2008.",
        );
        let stem = |w: &str| xxh3_64(w.as_bytes());
        let before = |w: &str| xxh3_64(&[UNIT_BEFORE_PREFIX, w.as_bytes()].concat());
        let mut want = vec![
            (stem("pirat"), xxh3_64(b"23")),
            (before("captur"), xxh3_64(b"23")),
            (stem("quak"), xxh3_64(b"5.6")),
            (before("magnitud"), xxh3_64(b"5.6")),
        ];
        want.sort_unstable();
        assert_eq!(a.quantities, want);
    }
}
