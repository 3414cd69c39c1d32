//! Quotes merged across outlets: one quote carried by three outlets is one quote with three
//! sources. Each quote is checked word for word against every source it cites.

use crate::brief::StoryQuote;
use crate::pool::{comparable, Pool};
use crate::StoryInput;
use std::collections::HashMap;

/// Quotes shorter than this many words are not shown (scare quotes, single words).
const MIN_WORDS: usize = 3;

struct Entry {
    text: String,
    key: String,
    speakers: Vec<Option<usize>>,
    /// Each source's description of an unnamed speaker.
    descriptions: Vec<Option<String>>,
    articles: Vec<usize>,
}

/// The story's quotes, merged across outlets and grouped by speaker, at most
/// [`crate::MAX_QUOTES`]; and how many more there are. Linear in the quotes but for the
/// containment check, which runs for the quotes shown only.
pub(crate) fn merge(pool: &Pool, input: &StoryInput) -> (Vec<StoryQuote>, usize) {
    // Per-article entity → merged entity.
    let mut merged_of = std::collections::HashMap::new();
    for (m, e) in input.entities.iter().enumerate() {
        for &member in &e.members {
            merged_of.insert(member, m);
        }
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (a, (article, analysis)) in input.articles.iter().zip(input.analyses).enumerate() {
        for q in &analysis.quotes {
            // A comma or colon the writer put inside the closing mark belongs to the sentence.
            let text = chorus_text::normalize_space(q.span.of(&article.text))
                .trim_end_matches([',', ';', ':'])
                .trim_end()
                .to_owned();
            if text.split_whitespace().count() < MIN_WORDS {
                continue;
            }
            let key = comparable(&text).to_lowercase();
            let speaker = q.speaker.and_then(|s| merged_of.get(&(a, s)).copied());
            let description = q
                .description
                .map(|d| chorus_text::normalize_space(d.of(&article.text)));
            match by_key.get(&key) {
                Some(&e) => {
                    entries[e].speakers.push(speaker);
                    entries[e].descriptions.push(description);
                    entries[e].articles.push(a);
                }
                None => {
                    by_key.insert(key.clone(), entries.len());
                    entries.push(Entry {
                        text,
                        key,
                        speakers: vec![speaker],
                        descriptions: vec![description],
                        articles: vec![a],
                    });
                }
            }
        }
    }
    // Every quote stands verbatim in the article its text was read from (its comparable form is
    // a substring of that article's), so none drops out and the order can be decided before the
    // other sources are checked.
    let speakers: Vec<Option<usize>> = entries
        .iter()
        .map(|e| most_common(&e.speakers, |s| input.entities[s].name.as_str()))
        .collect();
    let mut counts: HashMap<Option<usize>, usize> = HashMap::new();
    for s in &speakers {
        *counts.entry(*s).or_default() += 1;
    }
    // Grouped by speaker: speakers with more quotes first, unknown speakers last; within a
    // speaker, in order of first appearance.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| {
        let speaker = speakers[i];
        (
            speaker.is_none(),
            std::cmp::Reverse(counts[&speaker]),
            speaker.unwrap_or(usize::MAX),
            i,
        )
    });
    let more = order.len().saturating_sub(crate::MAX_QUOTES);
    order.truncate(crate::MAX_QUOTES);
    let quotes = order
        .into_iter()
        .map(|i| {
            let e = &entries[i];
            // A quote contained in a longer one also stands in the longer one's sources, where
            // its exact words are found.
            let needle = comparable(&e.text);
            let verbatim = |&a: &usize| pool.comparable_text(a).contains(&needle);
            // The first article is where the text comes from; the others may differ in case, and
            // so may the articles of a longer quote containing it. Each is checked once.
            let first = e.articles[0];
            let mut others: Vec<usize> = e.articles[1..].to_vec();
            let finder = memchr::memmem::Finder::new(e.key.as_bytes());
            for o in &entries {
                if o.key.len() > e.key.len() && finder.find(o.key.as_bytes()).is_some() {
                    others.extend(&o.articles);
                }
            }
            others.sort_unstable();
            others.dedup();
            let sources = std::iter::once(first)
                .chain(others.into_iter().filter(|&a| a != first).filter(verbatim));
            let speaker = speakers[i];
            // A description only where no source names anyone (sources naming different people
            // leave the quote unattributed).
            let described_as = if e.speakers.iter().all(Option::is_none) {
                most_common_description(&e.descriptions)
            } else {
                None
            };
            StoryQuote {
                speaker: speaker.map(|s| input.entities[s].name.clone()),
                role: speaker.and_then(|s| input.entities[s].roles.first().cloned()),
                described_as,
                text: e.text.clone(),
                sources: input.ids(sources),
            }
        })
        .collect();
    (quotes, more)
}

/// The description most sources give (the first given among the most given), or none.
fn most_common_description(descriptions: &[Option<String>]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for d in descriptions.iter().flatten() {
        match counts.iter_mut().find(|(t, _)| t == d) {
            Some((_, n)) => *n += 1,
            None => counts.push((d, 1)),
        }
    }
    let max = counts.iter().map(|&(_, n)| n).max()?;
    counts
        .into_iter()
        .find(|&(_, n)| n == max)
        .map(|(t, _)| t.to_owned())
}

/// The most common non-null speaker, or null when none is known or when outlets that name one
/// are split evenly between people who may be different (one of them is wrong, and which is
/// unclear). A tie between a surname and a full name holding it ("Smith", "Ann Smith") goes to
/// the full name: the outlets agree, one names the person more fully.
fn most_common<'a>(speakers: &[Option<usize>], name: impl Fn(usize) -> &'a str) -> Option<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for s in speakers.iter().flatten() {
        *counts.entry(*s).or_default() += 1;
    }
    let max = counts.values().copied().max()?;
    // The tied speakers in order of first mention.
    let mut tied: Vec<usize> = Vec::new();
    for &s in speakers.iter().flatten() {
        if counts[&s] == max && !tied.contains(&s) {
            tied.push(s);
        }
    }
    let fullest = tied
        .iter()
        .copied()
        .max_by_key(|&s| name(s).split_whitespace().count())?;
    let holds = |full: &str, part: &str| {
        let words: Vec<&str> = full.split_whitespace().collect();
        part.split_whitespace().all(|w| words.contains(&w))
    };
    tied.iter()
        .all(|&s| holds(name(fullest), name(s)))
        .then_some(fullest)
}

#[cfg(test)]
mod tests {
    use super::{most_common, most_common_description};

    #[test]
    fn the_description_most_sources_give_wins_and_a_tie_goes_to_the_first() {
        let d = |s: &str| Some(s.to_owned());
        assert_eq!(
            most_common_description(&[d("the aide"), None, d("a source"), d("a source")]),
            d("a source")
        );
        assert_eq!(
            most_common_description(&[d("the aide"), d("a source")]),
            d("the aide")
        );
        assert_eq!(most_common_description(&[None, None]), None);
    }

    #[test]
    fn outlets_split_evenly_on_a_speaker_name_none() {
        let names = ["Ann Smith", "Bo Lee", "Smith", "Lee"];
        let name = |s: usize| names[s];
        assert_eq!(
            most_common(&[None, Some(1), Some(1), Some(0)], name),
            Some(1)
        );
        assert_eq!(most_common(&[None, None], name), None);
        assert_eq!(most_common(&[Some(0), None, Some(1)], name), None);
        assert_eq!(most_common(&[Some(3)], name), Some(3));
        // A surname and the full name holding it are one person, named more fully.
        assert_eq!(most_common(&[Some(2), Some(0)], name), Some(0));
        assert_eq!(most_common(&[Some(3), Some(0)], name), None);
    }
}
