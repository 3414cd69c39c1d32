//! Divergences: where independent outlets report the same thing differently.
//!
//! Three detectors, each over pairs of sentences from different independent sources:
//! * **numbers**: similar sentences giving different figures for the same thing ("40 metres" /
//!   "45 metres");
//! * **statements**: the same speaker's statement reported with a different scope on each side
//!   ("concessions from both the United States and Russia" / "concessions from all sides"); a
//!   paraphrase is no divergence;
//! * **characterizations**: the outcome described with opposite evaluations ("very useful" /
//!   "little progress"), from a small lexicon of evaluative phrases.
//!
//! Every variant is a source sentence citing the articles it stands in verbatim.

use crate::brief::{Cited, Divergence};
use crate::figures::{self, Figure, Slot};
use crate::pool::{cosine, Pool, Sentence};
use crate::StoryInput;
use chorus_core::analysis::EntityKind;
use std::collections::HashMap;

/// Verbs that report speech.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "stated",
    "told",
    "added",
    "noted",
    "explained",
    "announced",
    "insisted",
    "warned",
    "argued",
    "wrote",
    "declared",
    "emphasized",
    "stressed",
    "suggested",
];

/// Positive evaluations of an outcome.
const POSITIVE: &[&str] = &[
    "very useful",
    "useful",
    "productive",
    "constructive",
    "positive",
    "successful",
    "fruitful",
    "breakthrough",
    "good progress",
    "significant progress",
    "encouraging",
];

/// Negative evaluations of an outcome.
const NEGATIVE: &[&str] = &[
    "little progress",
    "no progress",
    "few specifics",
    "unproductive",
    "failed",
    "stalled",
    "deadlock",
    "no breakthrough",
    "disappointing",
    "fell short",
    "without agreement",
];

/// Divergences at most per detector.
const MAX_EACH: usize = 3;

/// Divergences over figures, at most.
const MAX_FIGURES: usize = 6;

/// Similarity at which two sentences giving figures of one slot tell of the same thing.
const SAME_THING: f32 = 0.1;

/// Similarity at which two sentences giving times of day tell of the same event: a story's
/// events happen at many times, so times need sentences closer than other figures do.
const SAME_EVENT: f32 = 0.28;

/// Sentences a detector compares pairwise, at most (the most central first).
const MAX_COMPARED: usize = 600;

pub(crate) fn find(
    pool: &Pool,
    centroid: &[(u32, f32)],
    input: &StoryInput,
    source_of: &[usize],
) -> Vec<Divergence> {
    let mut out = Vec::new();
    out.extend(numbers(pool, centroid, input, source_of));
    out.extend(statements(pool, centroid, input, source_of));
    out.extend(characterizations(pool, centroid, input, source_of));
    out
}

/// The sentences a detector looks at: those `keep` accepts, the most central `MAX_COMPARED`,
/// in pool order.
fn shortlist(
    pool: &Pool,
    centroid: &[(u32, f32)],
    keep: impl Fn(usize, &Sentence) -> bool,
) -> Vec<usize> {
    let mut list: Vec<(f32, usize)> = pool
        .sentences
        .iter()
        .enumerate()
        .filter(|&(i, s)| keep(i, s))
        .map(|(i, s)| (cosine(&s.vector, centroid), i))
        .collect();
    list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    list.truncate(MAX_COMPARED);
    let mut ids: Vec<usize> = list.into_iter().map(|(_, i)| i).collect();
    ids.sort_unstable();
    ids
}

fn variant(pool: &Pool, input: &StoryInput, s: &Sentence) -> Cited {
    Cited {
        text: s.text.clone(),
        sources: crate::summary::verbatim_sources(pool, input, &s.text),
    }
}

/// Pairs of the listed sentences from different independent sources, with their similarity.
fn cross_pairs<'p>(
    pool: &'p Pool,
    list: &'p [usize],
    source_of: &'p [usize],
) -> impl Iterator<Item = (usize, usize, f32)> + 'p {
    (0..list.len()).flat_map(move |x| {
        (x + 1..list.len()).filter_map(move |y| {
            let (i, j) = (list[x], list[y]);
            let (a, b) = (&pool.sentences[i], &pool.sentences[j]);
            (source_of[a.article] != source_of[b.article])
                .then(|| (i, j, cosine(&a.vector, &b.vector)))
        })
    })
}

/// Whether two figures measure the same thing: the same kind of slot, and for counts, ordinals
/// and years a word of what they count in common.
fn same_slot(a: &Slot, b: &Slot) -> bool {
    let share = |x: &[String], y: &[String]| x.iter().any(|w| y.contains(w));
    match (a, b) {
        (Slot::Count(x), Slot::Count(y))
        | (Slot::Ordinal(x), Slot::Ordinal(y))
        | (Slot::Year(x), Slot::Year(y)) => share(x, y),
        (Slot::Age(x), Slot::Age(y)) => x == y,
        (Slot::Length, Slot::Length) | (Slot::Time, Slot::Time) => true,
        _ => false,
    }
}

/// A figure of `a` and one of `b` that measure the same thing and disagree, where neither has
/// an agreeing figure of that slot on the other side ("16 meters" / "15m" in sentences that
/// both give "2 meters").
fn conflict<'f>(a: &'f [Figure], b: &'f [Figure]) -> Option<(&'f Figure, &'f Figure)> {
    let agreed = |f: &Figure, other: &[Figure]| {
        other
            .iter()
            .any(|o| same_slot(&f.slot, &o.slot) && figures::agree(f, o))
    };
    a.iter().find_map(|fa| {
        if agreed(fa, b) {
            return None;
        }
        b.iter()
            .find(|fb| same_slot(&fa.slot, &fb.slot) && figures::disagree(fa, fb) && !agreed(fb, a))
            .map(|fb| (fa, fb))
    })
}

/// Whether two conflicting figures tell of the same thing. An age names its person. Other
/// figures need the sentences to tell of the same thing, and the words around the figures to
/// share a term besides what they count, figures, units, quantities and calendar words: for
/// lengths and times a term that is not only a name ("southwest of Perth" is where two
/// different things can lie); for counts, clauses that do not give two different sets of names
/// ("104 killed in Homs" and "125 across Syria" count different things). A count of one
/// particular thing of its owner ("his 3 albums") needs no more, and a year of it ("his 2012
/// memoir" / "his 2011 autobiography", the same possessive) not even similar sentences.
fn about_same_thing(fa: &Figure, fb: &Figure, sim: f32, shared_surnames: &[String]) -> bool {
    if let Slot::Age(surname) = &fa.slot {
        // Given names tell people of one family apart; a bare surname that several of the
        // story's people bear names none of them for sure.
        return if fa.given.is_empty() || fb.given.is_empty() {
            !shared_surnames.contains(surname)
        } else {
            figures::given_names_meet(&fa.given, &fb.given)
        };
    }
    // One particular thing of one owner, dated twice ("his 2012 memoir" / "his 2011
    // autobiography"): the sentences may tell different things of it.
    let one_owner = fa.owner.is_some() && fa.owner == fb.owner;
    if one_owner && matches!(fa.slot, Slot::Year(_)) {
        return true;
    }
    // Sentences that name different weekdays tell of different occasions.
    let weekdays_differ = !fa.weekdays.is_empty()
        && !fb.weekdays.is_empty()
        && !fa.weekdays.iter().any(|d| fb.weekdays.contains(d));
    if weekdays_differ {
        return false;
    }
    let needed = if fa.slot == Slot::Time {
        SAME_EVENT
    } else {
        SAME_THING
    };
    if sim < needed {
        return false;
    }
    if one_owner {
        return true;
    }
    let counted: &[String] = match &fa.slot {
        Slot::Count(w) | Slot::Ordinal(w) | Slot::Year(w) => w,
        _ => &[],
    };
    let only_names = matches!(fa.slot, Slot::Length | Slot::Time);
    let shared_context = fa.context.iter().any(|t| {
        !counted.contains(t)
            && fb.context.contains(t)
            && !(only_names && fa.context_names.contains(t) && fb.context_names.contains(t))
    });
    let other_names = matches!(fa.slot, Slot::Count(_))
        && !fa.names.is_empty()
        && !fb.names.is_empty()
        && !fa.names.iter().any(|n| fb.names.contains(n));
    shared_context && !other_names
}

/// The surnames, lowercase, that two or more of the story's people bear under different full
/// names ("Rene Pasztor" and "Amanda Pasztor").
fn shared_surnames(input: &StoryInput) -> Vec<String> {
    let mut bearers: Vec<(String, Vec<String>)> = Vec::new();
    for e in input
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
    {
        let name = e.name.to_lowercase();
        let mut words: Vec<String> = name.split_whitespace().map(str::to_owned).collect();
        let Some(last) = words.pop() else { continue };
        if !words.is_empty() {
            bearers.push((last, words));
        }
    }
    bearers.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    for (i, (last, given)) in bearers.iter().enumerate() {
        let other = bearers[i + 1..]
            .iter()
            .take_while(|(l, _)| l == last)
            .any(|(_, g)| !figures::given_names_meet(g, given));
        if other && !out.contains(last) {
            out.push(last.clone());
        }
    }
    out
}

fn numbers(
    pool: &Pool,
    centroid: &[(u32, f32)],
    input: &StoryInput,
    source_of: &[usize],
) -> Vec<Divergence> {
    let all: Vec<Vec<Figure>> = pool
        .sentences
        .iter()
        .map(|s| figures::figures(&s.text))
        .collect();
    let with_figures = shortlist(pool, centroid, |i, _| !all[i].is_empty());
    let shared_surnames = shared_surnames(input);
    let mut found: Vec<(f32, usize, usize, String, f64, f64)> = Vec::new();
    for (i, j, sim) in cross_pairs(pool, &with_figures, source_of) {
        let Some((fa, fb)) = conflict(&all[i], &all[j]) else {
            continue;
        };
        if !about_same_thing(fa, fb, sim, &shared_surnames) {
            continue;
        }
        let (lo, hi) = if fa.value < fb.value {
            (fa.value, fb.value)
        } else {
            (fb.value, fa.value)
        };
        found.push((sim, i, j, fa.what.clone(), lo, hi));
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // One divergence per pair of values of a slot.
    let mut shown: Vec<(String, f64, f64)> = Vec::new();
    let mut out = Vec::new();
    for (_, i, j, what, lo, hi) in found {
        if shown
            .iter()
            .any(|(w, l, h)| *w == what && *l == lo && *h == hi)
            || out.len() >= MAX_FIGURES
        {
            continue;
        }
        shown.push((what.clone(), lo, hi));
        out.push(Divergence {
            about: what,
            variants: vec![
                variant(pool, input, &pool.sentences[i]),
                variant(pool, input, &pool.sentences[j]),
            ],
        });
    }
    out
}

/// Words that set the scope of a statement: who or what it covers.
const SCOPE: &[&str] = &[
    "all", "both", "every", "each", "none", "neither", "either", "some", "only",
];

/// Whether two wordings of a statement set its scope differently, each with a scope word the
/// other lacks ("concessions from both the United States and Russia" / "from all sides"). Two
/// wordings without such a contrast are paraphrases, or different statements, not a conflict.
fn scopes_differ(a: &str, b: &str) -> bool {
    let scope = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| SCOPE.contains(&w.as_str()))
            .collect()
    };
    let (sa, sb) = (scope(a), scope(b));
    sa.iter().any(|w| !sb.contains(w)) && sb.iter().any(|w| !sa.contains(w))
}

/// Lowercase content words of a sentence, in order.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !chorus_text::terms::is_stopword(w))
        .collect()
}

fn statements(
    pool: &Pool,
    centroid: &[(u32, f32)],
    input: &StoryInput,
    source_of: &[usize],
) -> Vec<Divergence> {
    // Merged person entities mentioned in each sentence.
    let mut merged_of = HashMap::new();
    for (m, e) in input.entities.iter().enumerate() {
        if e.kind == EntityKind::Person {
            for &member in &e.members {
                merged_of.insert(member, m);
            }
        }
    }
    // Mentions in text order are looked up by binary search (else scanned).
    let sorted: Vec<bool> = input
        .analyses
        .iter()
        .map(|a| a.mentions.is_sorted_by_key(|m| m.span.start))
        .collect();
    let mentions_in = |article: usize, span: chorus_core::analysis::Span| {
        let all = &input.analyses[article].mentions[..];
        if !sorted[article] {
            return all;
        }
        let lo = all.partition_point(|m| m.span.start < span.start);
        let hi = all.partition_point(|m| m.span.start <= span.end);
        &all[lo..hi.max(lo)]
    };
    // Per sentence, the people named as the subject of its first speech verb: a mention that
    // ends shortly before the verb ("Marco Rubio stated", "Rubio, on the other hand, stated").
    let people: Vec<Vec<usize>> = pool
        .sentences
        .iter()
        .map(|s| {
            let article = &input.articles[s.article].text;
            let Some(verb) = first_speech_verb(s.span.of(article)) else {
                return Vec::new();
            };
            let verb_at = s.span.start + verb;
            let mut p: Vec<usize> = mentions_in(s.article, s.span)
                .iter()
                .filter(|m| s.span.contains(&m.span))
                .filter(|m| m.span.end <= verb_at && verb_at - m.span.end <= 40)
                .filter_map(|m| merged_of.get(&(s.article, m.entity)).copied())
                .collect();
            p.sort_unstable();
            p.dedup();
            p
        })
        .collect();
    let reported = shortlist(pool, centroid, |i, _| !people[i].is_empty());
    let mut found: Vec<(f32, usize, usize, usize)> = Vec::new();
    for (i, j, sim) in cross_pairs(pool, &reported, source_of) {
        if !(0.2..0.85).contains(&sim) {
            continue;
        }
        let Some(&speaker) = people[i].iter().find(|p| people[j].contains(p)) else {
            continue;
        };
        let (a, b) = (&pool.sentences[i], &pool.sentences[j]);
        let (wa, wb) = (words(&a.text), words(&b.text));
        // What is said must overlap, not who says it: the speaker's names and roles and the
        // speech verbs do not count as shared content.
        let e = &input.entities[speaker];
        let about_speaker: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .chain(&e.roles)
            .flat_map(|s| words(s))
            .collect();
        let content = |w: &&String| !about_speaker.contains(w) && !SPEECH.contains(&w.as_str());
        let shared = wa.iter().filter(content).filter(|w| wb.contains(w)).count();
        let only_a = wa.iter().filter(|w| !wb.contains(w)).count();
        let only_b = wb.iter().filter(|w| !wa.contains(w)).count();
        if shared >= 4 && only_a >= 2 && only_b >= 2 && scopes_differ(&a.text, &b.text) {
            found.push((sim, speaker, i, j));
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
    // Pairs sharing a sentence and a speaker become one divergence with several variants.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (_, speaker, i, j) in found {
        let open = groups.iter().position(|(s, members)| {
            *s == speaker && (members.contains(&i) || members.contains(&j))
        });
        if let Some(g) = open {
            let members = &mut groups[g].1;
            // Each variant from an article of its own: syndicated copies may still word a
            // statement differently.
            for x in [i, j] {
                let article = pool.sentences[x].article;
                let new_article = members
                    .iter()
                    .all(|&m| pool.sentences[m].article != article);
                if !members.contains(&x) && new_article && members.len() < 4 {
                    members.push(x);
                }
            }
        } else if groups.len() < MAX_EACH {
            groups.push((speaker, vec![i, j]));
        }
    }
    groups
        .into_iter()
        .map(|(speaker, members)| {
            let name = &input.entities[speaker].name;
            let (wa, wb) = (
                words(&pool.sentences[members[0]].text),
                words(&pool.sentences[members[1]].text),
            );
            let mut topic: Vec<String> = Vec::new();
            for w in wa
                .iter()
                .filter(|w| wb.contains(w) && !SPEECH.contains(&w.as_str()))
            {
                let is_name = name.to_lowercase().split_whitespace().any(|n| n == w);
                if !is_name && !topic.contains(w) && topic.len() < 4 {
                    topic.push(w.clone());
                }
            }
            Divergence {
                about: format!("what {name} said ({})", topic.join(", ")),
                variants: members
                    .iter()
                    .map(|&m| variant(pool, input, &pool.sentences[m]))
                    .collect(),
            }
        })
        .collect()
}

/// Nouns that name the event being characterized.
const EVENT_NOUNS: &[&str] = &[
    "talks",
    "meeting",
    "meetings",
    "conversation",
    "conversations",
    "discussion",
    "discussions",
    "negotiations",
    "summit",
    "session",
    "dialogue",
    "visit",
    "exchange",
    "consultations",
];

/// Outcome words that characterize an event by themselves ("little progress", "breakthrough");
/// evaluative adjectives ("useful") count only right after an event noun.
const OUTCOME_WORDS: &[&str] = &[
    "progress",
    "breakthrough",
    "agreement",
    "deadlock",
    "stalled",
    "specifics",
];

/// Byte offset of the first speech verb in `text`, read on every word ("said" is a stopword for
/// similarity, not here).
fn first_speech_verb(text: &str) -> Option<usize> {
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            if SPEECH.contains(&text[s..i].to_lowercase().as_str()) {
                return Some(s);
            }
        }
    }
    None
}

/// +1 for a positive evaluation of an event, -1 for a negative one, 0 for none or both.
/// An adjective counts only when an event noun stands within the six words before it ("the
/// conversation was very useful"), so praise of something else ("his call was productive") is
/// not read as a verdict on the talks.
fn polarity(text: &str) -> i32 {
    let lower = text.to_lowercase();
    let judges_event = |at: usize, phrase: &str| {
        if phrase.split(' ').any(|w| OUTCOME_WORDS.contains(&w)) {
            return true;
        }
        lower[..at]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(6)
            .any(|w| EVENT_NOUNS.contains(&w))
    };
    let has = |list: &[&str]| {
        list.iter().any(|p| {
            lower.match_indices(p).any(|(at, _)| {
                let before = lower[..at].chars().next_back();
                let after = lower[at + p.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
                    && judges_event(at, p)
            })
        })
    };
    match (has(POSITIVE), has(NEGATIVE)) {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    }
}

fn characterizations(
    pool: &Pool,
    centroid: &[(u32, f32)],
    input: &StoryInput,
    source_of: &[usize],
) -> Vec<Divergence> {
    let mut positive: Vec<(f32, usize)> = Vec::new();
    let mut negative: Vec<(f32, usize)> = Vec::new();
    for (i, s) in pool.sentences.iter().enumerate() {
        let central = cosine(&s.vector, centroid);
        match polarity(&s.text) {
            1 => positive.push((central, i)),
            -1 => negative.push((central, i)),
            _ => {}
        }
    }
    let by_centrality = |list: &mut Vec<(f32, usize)>| {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    };
    by_centrality(&mut positive);
    by_centrality(&mut negative);
    if positive.is_empty() || negative.is_empty() {
        return Vec::new();
    }
    // Up to two variants of each side, each from an independent source of its own.
    let mut seen: Vec<usize> = Vec::new();
    let mut pick = |list: &[(f32, usize)]| -> Vec<usize> {
        let mut chosen = Vec::new();
        for &(_, i) in list {
            let source = source_of[pool.sentences[i].article];
            if chosen.len() < 2 && !seen.contains(&source) {
                seen.push(source);
                chosen.push(i);
            }
        }
        chosen
    };
    let positives = pick(&positive);
    let negatives = pick(&negative);
    if positives.is_empty() || negatives.is_empty() {
        return Vec::new();
    }
    vec![Divergence {
        about: "how the outcome is characterized".to_owned(),
        variants: positives
            .into_iter()
            .chain(negatives)
            .map(|i| variant(pool, input, &pool.sentences[i]))
            .collect(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polarity_reads_whole_phrases() {
        assert_eq!(polarity("“The conversation was very useful,” he said."), 1);
        assert_eq!(
            polarity("Officials said little progress had been made."),
            -1
        );
        assert_eq!(polarity("The talks failed but were useful."), 0);
        assert_eq!(polarity("It was unsuccessful in parts."), 0);
        // Praise of another event is no verdict on this one.
        assert_eq!(
            polarity("He said his phone call with the mayor was productive."),
            0
        );
        assert_eq!(polarity("The two sides made little progress."), -1);
    }
}
