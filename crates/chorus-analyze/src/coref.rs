//! In-document coreference of names: later mentions ("Rubio") resolved to the fullest name.
//!
//! Rules, per kind (mentions of different kinds never merge):
//! - **People.** A name of two or more words joins the person with the same first and last
//!   word ("Donald J. Trump" = "Donald Trump"). A one-word name ("Rubio", or "Rubio" from
//!   "Mr. Rubio", whose honorific is already outside the span) joins the person whose last (or
//!   only) word it is, wherever the full name appears in the document. When several people
//!   share it ("Donald Trump" and "Melania Trump" → "Trump"), the bare name is **ambiguous**:
//!   it joins the person whose full name was mentioned most recently before it *in the same
//!   paragraph* (that person is the topic there); otherwise it stays an entity of its own.
//! - **Organizations.** Same name, or an acronym equal to the initials of a longer name
//!   ("NRC" = "Nuclear Regulatory Commission").
//! - **Places.** Same name.
//!
//! The entity's name is its fullest form (most words, then longest); aliases are the other
//! forms used. Entities are in order of first mention; mentions in text order.

use crate::entities::FoundMention;
use crate::roles::AttachedRole;
use chorus_core::analysis::{Entity, EntityKind, Mention, Span};
use std::collections::HashMap;

/// Groups mentions into entities; returns the entities (in order of first mention) and the
/// mentions pointing at them (in text order).
pub fn resolve(
    text: &str,
    found: Vec<FoundMention>,
    roles: Vec<AttachedRole>,
) -> (Vec<Entity>, Vec<Mention>) {
    // Cluster keys: one per distinct referent, assigned in text order.
    let mut cluster_of = vec![0usize; found.len()];
    let mut keys: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut clusters = 0usize;
    let mut key = |k: (EntityKind, String)| {
        *keys.entry(k).or_insert_with(|| {
            clusters += 1;
            clusters - 1
        })
    };
    // People with full names, by last word: (first word, last word) keys and positions.
    let mut by_last: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    let mut acronyms: HashMap<String, &str> = HashMap::new();
    for m in &found {
        let name = m.span.of(text);
        let words: Vec<&str> = name.split_whitespace().collect();
        match m.kind {
            EntityKind::Person if words.len() >= 2 => {
                let (first, last) = (words[0], words[words.len() - 1]);
                let entry = by_last.entry(last).or_default();
                if !entry.iter().any(|(f, _)| *f == first) {
                    entry.push((first, m.span.start));
                }
            }
            EntityKind::Organization if words.len() >= 3 => {
                let initials: String = words
                    .iter()
                    .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
                    .collect();
                acronyms.entry(initials).or_insert(name);
            }
            _ => {}
        }
    }
    // The latest full name per surname, for the shared-surname rule: with mentions in text
    // order, the latest full mention before a bare surname is in its paragraph exactly when it
    // starts at or after the paragraph's start (found by binary search over the line breaks),
    // so the rule costs no scan back through a long paragraph.
    let sorted = found.is_sorted_by_key(|f| f.span.start);
    let line_breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let mut latest_full: HashMap<&str, (&str, usize)> = HashMap::new();
    for (i, m) in found.iter().enumerate() {
        let name = m.span.of(text);
        let words: Vec<&str> = name.split_whitespace().collect();
        let k = match m.kind {
            EntityKind::Person if words.len() >= 2 => {
                format!("{} {}", words[0], words[words.len() - 1])
            }
            EntityKind::Person => match by_last.get(name).map(Vec::as_slice) {
                Some([(first, _)]) => format!("{first} {name}"),
                Some(people) if sorted => {
                    // Shared surname: the most recent full mention in this paragraph, if any.
                    let breaks = line_breaks.partition_point(|&b| b < m.span.start);
                    let paragraph = breaks.checked_sub(1).map_or(0, |b| line_breaks[b] + 1);
                    let recent = latest_full
                        .get(name)
                        .filter(|&&(first, start)| {
                            start >= paragraph && people.iter().any(|(p, _)| *p == first)
                        })
                        .map(|&(first, _)| first);
                    match recent {
                        Some(first) => format!("{first} {name}"),
                        None => name.to_owned(),
                    }
                }
                Some(people) => {
                    // Shared surname: the most recent full mention in this paragraph, if any.
                    let paragraph = text[..m.span.start].rfind('\n').map_or(0, |p| p + 1);
                    let recent = found[..i]
                        .iter()
                        .rev()
                        .take_while(|f| f.span.start >= paragraph)
                        .filter(|f| f.kind == EntityKind::Person)
                        .find_map(|f| {
                            let w: Vec<&str> = f.span.of(text).split_whitespace().collect();
                            (w.len() >= 2 && w[w.len() - 1] == name)
                                .then(|| w[0])
                                .filter(|first| people.iter().any(|(p, _)| p == first))
                        });
                    match recent {
                        Some(first) => format!("{first} {name}"),
                        None => name.to_owned(),
                    }
                }
                None => name.to_owned(),
            },
            EntityKind::Organization => acronyms.get(name).map_or(name, |full| *full).to_owned(),
            EntityKind::Place => name.to_owned(),
        };
        cluster_of[i] = key((m.kind, k));
        if m.kind == EntityKind::Person && words.len() >= 2 {
            latest_full.insert(words[words.len() - 1], (words[0], m.span.start));
        }
    }

    // A name and its birth or other name given right after it ("Prodigy, born Albert Johnson,",
    // "Havoc (real name Kejuan Muchita)") are one person.
    for i in 1..found.len() {
        let (a, b) = (&found[i - 1], &found[i]);
        if a.kind == EntityKind::Person
            && b.kind == EntityKind::Person
            && a.span.end <= b.span.start
            && names_other_name(&text[a.span.end..b.span.start])
        {
            let (keep, gone) = (cluster_of[i - 1], cluster_of[i]);
            for c in cluster_of.iter_mut() {
                if *c == gone {
                    *c = keep;
                }
            }
        }
    }

    // Build entities in order of first mention.
    let mut entity_of_cluster = vec![usize::MAX; clusters];
    let mut entities: Vec<Entity> = Vec::new();
    let mut mentions = Vec::with_capacity(found.len());
    for (i, m) in found.iter().enumerate() {
        let c = cluster_of[i];
        if entity_of_cluster[c] == usize::MAX {
            entity_of_cluster[c] = entities.len();
            entities.push(Entity {
                name: m.span.of(text).to_owned(),
                kind: m.kind,
                aliases: Vec::new(),
                roles: Vec::new(),
            });
        }
        let e = &mut entities[entity_of_cluster[c]];
        let name = m.span.of(text);
        if name != e.name && !e.aliases.iter().any(|a| a == name) {
            let fuller = (name.split_whitespace().count(), name.len())
                > (e.name.split_whitespace().count(), e.name.len());
            if fuller {
                let old = std::mem::replace(&mut e.name, name.to_owned());
                e.aliases.push(old);
            } else {
                e.aliases.push(name.to_owned());
            }
        }
        mentions.push(Mention {
            span: m.span,
            entity: entity_of_cluster[c],
        });
    }
    let mut attached: std::collections::HashSet<(usize, Span)> = Default::default();
    for r in roles {
        if let Some(&c) = cluster_of.get(r.mention) {
            let e = entity_of_cluster[c];
            if attached.insert((e, r.role.span)) {
                entities[e].roles.push(r.role);
            }
        }
    }
    (entities, mentions)
}

/// Whether the words between two names say the second is another name of the first: ", born",
/// "(born", ", née", "(real name", ", whose real name is", ", also known as", "a.k.a.".
fn names_other_name(between: &str) -> bool {
    let words: String = between
        .trim()
        .trim_start_matches([',', '(', '—', '–'])
        .trim()
        .to_lowercase();
    matches!(
        words.as_str(),
        "born"
            | "née"
            | "nee"
            | "real name"
            | "birth name"
            | "whose real name is"
            | "also known as"
            | "aka"
            | "a.k.a."
            | "known as"
            | "born as"
    ) && between.trim_start().starts_with([',', '(', '—', '–'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{find, Gazetteer};
    use crate::roles::attach;

    fn resolved(text: &str) -> (Vec<Entity>, Vec<(String, String)>) {
        let segments = chorus_text::sentences::segment(text);
        let found = find(text, &segments, &Gazetteer::embedded());
        let roles = attach(text, &found);
        let (entities, mentions) = resolve(text, found, roles);
        let pairs = mentions
            .iter()
            .map(|m| (m.span.of(text).to_owned(), entities[m.entity].name.clone()))
            .collect();
        (entities, pairs)
    }

    fn p(a: &str, b: &str) -> (String, String) {
        (a.to_owned(), b.to_owned())
    }

    #[test]
    fn a_birth_name_after_a_name_is_the_same_person() {
        let (entities, _) = resolved("Zorblax, born Tom Quill, grew up in Queens. Quill was 42.");
        let people: Vec<_> = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .collect();
        assert_eq!(people.len(), 1, "{entities:?}");
        assert_eq!(people[0].name, "Tom Quill");
        assert!(people[0].aliases.contains(&"Zorblax".to_owned()));
    }

    #[test]
    fn surnames_and_honorifics_join_the_full_name() {
        let (entities, pairs) = resolved(
            "Foreign Minister Helga Brandvold arrived on Monday. Mr. Brandvold said nothing. \
             Brandvold left.",
        );
        assert_eq!(
            pairs,
            [
                p("Helga Brandvold", "Helga Brandvold"),
                p("Brandvold", "Helga Brandvold"),
                p("Brandvold", "Helga Brandvold")
            ]
        );
        assert_eq!(entities[0].aliases, ["Brandvold"]);
        assert_eq!(entities[0].roles[0].text, "Foreign Minister");
    }

    #[test]
    fn shared_surnames_need_the_topic() {
        let text = "Donald Trump and Melania Trump arrived.\n\
                    Reporters waited. Trump spoke later.\n\
                    Melania Trump smiled. Trump waved.";
        let (entities, pairs) = resolved(text);
        assert_eq!(entities.len(), 3, "{pairs:?}");
        assert_eq!(pairs[2], p("Trump", "Trump"));
        assert_eq!(pairs[4], p("Trump", "Melania Trump"));
    }

    #[test]
    fn acronyms_join_organizations() {
        let (entities, pairs) =
            resolved("The Nordic Fisheries Council met. Later the NFC said it would meet again.");
        assert_eq!(entities.len(), 1, "{pairs:?}");
        assert_eq!(entities[0].aliases, ["NFC"]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_stay_in_bounds(
            text in "([A-Z][a-z]{0,6}|[a-z]{1,5}|U\\.S\\.|Mr\\.|'s|’s|[,.;:\"“”'’(){}-]|é|Ł|\\d|\\s|\\n){0,60}"
        ) {
            let segments = chorus_text::sentences::segment(&text);
            let found = find(&text, &segments, &Gazetteer::embedded());
            let roles = attach(&text, &found);
            for m in &found {
                proptest::prop_assert!(m.span.start < m.span.end && m.span.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(m.span.start));
                proptest::prop_assert!(text.is_char_boundary(m.span.end));
            }
            for r in &roles {
                proptest::prop_assert!(r.role.span.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(r.role.span.start));
                proptest::prop_assert!(text.is_char_boundary(r.role.span.end));
            }
            let (entities, mentions) = resolve(&text, found, roles);
            for m in &mentions {
                proptest::prop_assert!(m.entity < entities.len());
            }
        }
    }
}
