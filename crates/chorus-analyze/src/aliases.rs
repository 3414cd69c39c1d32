//! Merging the entities of many articles into one entity per real-world referent.
//!
//! Name variants meet here: transliterations (Sergey/Sergei, Zelensky/Zelenskyy/Zelenskiy),
//! surname-only mentions ("Rubio"), honorifics ("Mr. Rubio"), diacritics and case. Two people who
//! share a surname are never merged without evidence: a bare surname joins a full name only when
//! exactly one full name in the whole set of articles carries that surname.
//!
//! Names are compared through a *skeleton*: lowercase, diacritics removed, `y` read as `i`,
//! letters that repeat collapsed, punctuation dropped. The skeleton is deliberately coarse for
//! the variation transliteration produces and nothing else; it never compares first names with
//! surnames.

use chorus_core::analysis::{ArticleAnalysis, EntityKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// One entity across articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedEntity {
    /// Canonical name: the fullest spelling, the most frequent among equally full ones.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Every other name used for it, in order of first use.
    pub aliases: Vec<String>,
    /// Distinct roles given to it, in order of first use.
    pub roles: Vec<String>,
    /// `(article index, entity index)` of every per-article entity merged here, in order.
    pub members: Vec<(usize, usize)>,
}

/// Titles and honorifics that may lead a name and say nothing about who it is.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "prime",
    "minister",
    "gen",
    "general",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "mayor",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "rev",
    "pope",
    "chancellor",
];

/// Merges per-article entities across articles. Deterministic: the result depends only on the
/// analyses and their order.
pub fn merge(analyses: &[ArticleAnalysis]) -> Vec<MergedEntity> {
    let members: Vec<(usize, usize)> = analyses
        .iter()
        .enumerate()
        .flat_map(|(a, x)| (0..x.entities.len()).map(move |e| (a, e)))
        .collect();
    let entity = |&(a, e): &(usize, usize)| &analyses[a].entities[e];
    let tokens: Vec<Vec<String>> = members
        .iter()
        .map(|m| name_tokens(&entity(m).name, entity(m).kind))
        .collect();

    let kinds = story_kinds(analyses, &members, &tokens);

    // Group multi-token people by first and last skeleton; everything else by its whole skeleton.
    // A first name joins a group whose first name it is a nickname of, or the other way round.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut firsts_by_surname: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    let mut surname_groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // Per article and given name, the groups of the people of that given name named in full.
    let mut given_groups: HashMap<(usize, String), Vec<usize>> = HashMap::new();
    let mut singles = Vec::new();
    for (i, _) in members.iter().enumerate() {
        let kind = kinds[i];
        let toks = &tokens[i];
        if toks.is_empty() {
            continue;
        }
        if kind == EntityKind::Person && toks.len() == 1 {
            singles.push(i);
            continue;
        }
        let key = if kind == EntityKind::Person {
            format!("{} {}", toks[0], toks[toks.len() - 1])
        } else {
            toks.join(" ")
        };
        let nickname_group = (kind == EntityKind::Person
            && !by_key.contains_key(&(kind, key.clone())))
        .then(|| firsts_by_surname.get(&toks[toks.len() - 1]))
        .flatten()
        .and_then(|firsts| {
            firsts
                .iter()
                .find(|(first, _)| same_first_name(first, &toks[0]))
                .map(|&(_, g)| g)
        });
        let group = match nickname_group {
            Some(g) => *by_key.entry((kind, key)).or_insert(g),
            None => *by_key.entry((kind, key)).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            }),
        };
        if kind == EntityKind::Person {
            let firsts = firsts_by_surname
                .entry(toks[toks.len() - 1].clone())
                .or_default();
            if !firsts.iter().any(|(f, _)| *f == toks[0]) {
                firsts.push((toks[0].clone(), group));
            }
        }
        groups[group].push(i);
        if kind == EntityKind::Person {
            let surname = &toks[toks.len() - 1];
            let list = surname_groups.entry(surname.clone()).or_default();
            if !list.contains(&group) {
                list.push(group);
            }
            let list = given_groups
                .entry((members[i].0, toks[0].clone()))
                .or_default();
            if !list.contains(&group) {
                list.push(group);
            }
        }
    }
    // A bare name joins the one full name with that surname; else, when no full name has that
    // surname, the one full name of its own article with that given name ("Alex" after "Alex
    // Lowe"); else it stays with its equals.
    for i in singles {
        let toks = &tokens[i];
        let by_given = match given_groups.get(&(members[i].0, toks[0].clone())) {
            Some(list) if list.len() == 1 => Some(list[0]),
            _ => None,
        };
        let group = match (surname_groups.get(&toks[0]).map(Vec::as_slice), by_given) {
            (Some([only]), _) => *only,
            (None, Some(group)) => group,
            _ => *by_key
                .entry((EntityKind::Person, format!("single {}", toks[0])))
                .or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                }),
        };
        groups[group].push(i);
    }

    let mut merged: Vec<MergedEntity> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|mut g| {
            g.sort_unstable();
            let kind = kinds[g[0]];
            build(
                &g.iter().map(|&i| members[i]).collect::<Vec<_>>(),
                kind,
                analyses,
            )
        })
        .collect();
    merged.sort_by_key(|m| m.members[0]);
    merged
}

/// Formal first names and their nicknames, as skeletons ("kristofer" / "kris").
static NICKNAMES: LazyLock<HashSet<(String, String)>> = LazyLock::new(|| {
    include_str!("../data/nicknames.txt")
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(formal, nick)| (skeleton(formal), skeleton(nick)))
        // Only nicknames that keep the name's first two letters ("Chris", "Abby", "Randy"):
        // the table also pairs names that are names of their own ("Aaron" / "Erin").
        .filter(|(formal, nick)| formal.get(..2).is_some() && formal.get(..2) == nick.get(..2))
        .collect()
});

/// Whether a person's name starts with a first name that has nicknames ("Christopher").
fn formal_first(name: &str, kind: EntityKind) -> bool {
    kind == EntityKind::Person
        && name_tokens(name, kind)
            .first()
            .is_some_and(|first| NICKNAMES.iter().any(|(formal, _)| formal == first))
}

/// Whether two first-name skeletons name one person: equal, or one a nickname of the other.
fn same_first_name(a: &str, b: &str) -> bool {
    a == b
        || NICKNAMES.contains(&(a.to_owned(), b.to_owned()))
        || NICKNAMES.contains(&(b.to_owned(), a.to_owned()))
}

/// One kind per name in a story: a name typed a person in some articles and, by more mentions,
/// an organization or a place in others ("Facebook" read as a person where it heads a clause)
/// is that organization or place — unless it is the surname or another name of a person named
/// in full.
/// The kinds of `members`, in order.
fn story_kinds(
    analyses: &[ArticleAnalysis],
    members: &[(usize, usize)],
    tokens: &[Vec<String>],
) -> Vec<EntityKind> {
    let mut mentions: Vec<Vec<usize>> =
        analyses.iter().map(|a| vec![0; a.entities.len()]).collect();
    for (a, analysis) in analyses.iter().enumerate() {
        for m in &analysis.mentions {
            if let Some(n) = mentions[a].get_mut(m.entity) {
                *n += 1;
            }
        }
    }
    let kind_of = |&(a, e): &(usize, usize)| analyses[a].entities[e].kind;
    let mut by_name: HashMap<(String, EntityKind), usize> = HashMap::new();
    // Surnames and other names of people named in full ("Albert Johnson", known as "Prodigy").
    let mut protected: HashSet<String> = HashSet::new();
    for (i, m) in members.iter().enumerate() {
        let Some(last) = tokens[i].last() else {
            continue;
        };
        *by_name
            .entry((tokens[i].join(" "), kind_of(m)))
            .or_default() += mentions[m.0][m.1].max(1);
        if kind_of(m) == EntityKind::Person && tokens[i].len() > 1 {
            protected.insert(last.clone());
            for alias in &analyses[m.0].entities[m.1].aliases {
                protected.insert(name_tokens(alias, EntityKind::Person).join(" "));
            }
        }
    }
    members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let kind = kind_of(m);
            let name = tokens[i].join(" ");
            if kind != EntityKind::Person || protected.contains(&name) {
                return kind;
            }
            let as_person = by_name.get(&(name.clone(), kind)).copied().unwrap_or(0);
            [EntityKind::Organization, EntityKind::Place]
                .into_iter()
                .filter_map(|other| Some((by_name.get(&(name.clone(), other)).copied()?, other)))
                .filter(|&(n, _)| n > as_person)
                .max_by_key(|&(n, _)| n)
                .map_or(kind, |(_, other)| other)
        })
        .collect()
}

/// Builds one merged entity of `kind` from its members (in order).
fn build(
    members: &[(usize, usize)],
    kind: EntityKind,
    analyses: &[ArticleAnalysis],
) -> MergedEntity {
    let entities: Vec<_> = members
        .iter()
        .map(|&(a, e)| &analyses[a].entities[e])
        .collect();
    // Candidate spellings with their use counts, in order of first use.
    let mut spellings: Vec<(String, usize)> = Vec::new();
    for e in &entities {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            match spellings.iter_mut().find(|(s, _)| s == name) {
                Some((_, n)) => *n += 1,
                None => spellings.push((name.clone(), 1)),
            }
        }
    }
    let name = spellings
        .iter()
        .filter(|(s, _)| !name_tokens(s, kind).is_empty())
        .max_by(|a, b| {
            let full = |s: &str| name_tokens(s, kind).len();
            // Fullest, then most used, then a formal first name ("Christopher" over "Chris").
            (full(&a.0), a.1, formal_first(&a.0, kind))
                .cmp(&(full(&b.0), b.1, formal_first(&b.0, kind)))
                .then_with(|| b.0.cmp(&a.0))
        })
        .map_or_else(|| entities[0].name.clone(), |(s, _)| s.clone());
    let aliases = spellings
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| *s != name)
        .collect();
    let mut roles: Vec<String> = Vec::new();
    for role in entities.iter().flat_map(|e| &e.roles) {
        if !roles.iter().any(|r| r.eq_ignore_ascii_case(&role.text)) {
            roles.push(role.text.clone());
        }
    }
    MergedEntity {
        name,
        kind,
        aliases,
        roles,
        members: members.to_vec(),
    }
}

/// The skeleton tokens of a name, honorifics removed for people, a leading "the" for the rest.
fn name_tokens(name: &str, kind: EntityKind) -> Vec<String> {
    let mut toks: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(skeleton)
        .filter(|t| !t.is_empty())
        .collect();
    match kind {
        EntityKind::Person => {
            while toks.len() > 1 && HONORIFICS.contains(&toks[0].as_str()) {
                toks.remove(0);
            }
        }
        _ => {
            if toks.len() > 1 && toks[0] == "the" {
                toks.remove(0);
            }
        }
    }
    toks
}

/// Lowercase, diacritics removed, `y` as `i`, repeated letters collapsed, non-letters dropped.
pub fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd().filter(|c| c.is_alphanumeric()) {
        for c in c.to_lowercase() {
            let c = if c == 'y' { 'i' } else { c };
            if !out.ends_with(c) {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chorus_core::analysis::{Entity, Role, Span};

    fn person(name: &str, roles: &[&str]) -> Entity {
        Entity {
            name: name.into(),
            kind: EntityKind::Person,
            aliases: vec![],
            roles: roles
                .iter()
                .map(|r| Role {
                    text: r.to_string(),
                    span: Span::new(0, 0),
                })
                .collect(),
        }
    }

    fn article(id: &str, entities: Vec<Entity>) -> ArticleAnalysis {
        ArticleAnalysis {
            article_id: id.into(),
            reference_date: None,
            segments: vec![],
            entities,
            mentions: vec![],
            references: vec![],
            quotes: vec![],
            times: vec![],
        }
    }

    #[test]
    fn a_bare_given_name_joins_the_one_full_name_of_its_article() {
        let analyses = vec![
            article(
                "a",
                vec![person("Orrin Vantreece", &[]), person("Orrin", &[])],
            ),
            article("b", vec![person("Orrin", &[])]),
            article(
                "c",
                vec![
                    person("Mara Quell", &[]),
                    person("Mara Ostby", &[]),
                    person("Mara", &[]),
                ],
            ),
        ];
        let merged = merge(&analyses);
        let orrin = merged.iter().find(|m| m.name == "Orrin Vantreece").unwrap();
        assert_eq!(orrin.members, vec![(0, 0), (0, 1)]);
        // Another article's bare name, and a given name two people share, stay apart.
        assert!(merged
            .iter()
            .any(|m| m.name == "Orrin" && m.members == vec![(1, 0)]));
        assert!(merged.iter().any(|m| m.name == "Mara"));
    }

    #[test]
    fn a_name_has_one_kind_in_a_story_unless_it_is_a_surname() {
        let org = |name: &str| Entity {
            kind: EntityKind::Organization,
            ..person(name, &[])
        };
        let mention = |entity: usize| chorus_core::analysis::Mention {
            span: Span::new(0, 0),
            entity,
        };
        let mut a = article("a", vec![org("Quillsoft"), person("Quillsoft", &["major"])]);
        a.mentions = vec![mention(0), mention(0), mention(1)];
        let b = article(
            "b",
            vec![person("Lena Brightwater", &[]), org("Brightwater")],
        );
        let c = article("c", vec![person("Brightwater", &[])]);
        let merged = merge(&[a, b, c]);
        let quillsoft: Vec<_> = merged.iter().filter(|m| m.name == "Quillsoft").collect();
        assert_eq!(quillsoft.len(), 1, "{merged:?}");
        assert_eq!(quillsoft[0].kind, EntityKind::Organization);
        // A surname of a person named in full keeps its kind.
        assert!(merged
            .iter()
            .any(|m| m.name == "Lena Brightwater" && m.aliases.contains(&"Brightwater".into())));
    }

    #[test]
    fn nicknames_merge_but_other_first_names_do_not() {
        let analyses = vec![
            article(
                "a",
                vec![
                    person("Christopher Dunmore", &["detective"]),
                    person("Anna Halvorsen", &[]),
                ],
            ),
            article(
                "b",
                vec![
                    person("Chris Dunmore", &[]),
                    person("Abby Halvorsen", &[]),
                    person("Abigail Halvorsen", &[]),
                ],
            ),
            article(
                "c",
                vec![person("Aaron Quell", &[]), person("Erin Quell", &[])],
            ),
        ];
        let merged = merge(&analyses);
        let names: Vec<&str> = merged.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Christopher Dunmore",
                "Anna Halvorsen",
                "Abigail Halvorsen",
                "Aaron Quell",
                "Erin Quell"
            ],
            "{merged:#?}"
        );
        assert_eq!(merged[0].members, [(0, 0), (1, 0)]);
        assert_eq!(merged[2].members, [(1, 1), (1, 2)]);
    }

    #[test]
    fn transliterations_and_surnames_merge() {
        let analyses = vec![
            article(
                "a",
                vec![
                    person("Sergey Lavrov", &["Russian Foreign Minister"]),
                    person("Volodymyr Zelenskyy", &[]),
                ],
            ),
            article(
                "b",
                vec![person("Sergei Lavrov", &[]), person("Zelensky", &[])],
            ),
            article(
                "c",
                vec![
                    person("Lavrov", &[]),
                    person("Volodymyr Zelenskiy", &["Ukrainian President"]),
                ],
            ),
        ];
        let merged = merge(&analyses);
        assert_eq!(merged.len(), 2, "{merged:#?}");
        let lavrov = &merged[0];
        assert_eq!(lavrov.members, [(0, 0), (1, 0), (2, 0)]);
        assert_eq!(lavrov.roles, ["Russian Foreign Minister"]);
        assert!(lavrov.aliases.contains(&"Lavrov".to_string()));
        assert_eq!(merged[1].members.len(), 3);
    }

    #[test]
    fn shared_surnames_without_evidence_stay_apart() {
        let analyses = vec![
            article(
                "a",
                vec![person("Donald Trump", &[]), person("Melania Trump", &[])],
            ),
            article("b", vec![person("Trump", &[])]),
        ];
        let merged = merge(&analyses);
        assert_eq!(merged.len(), 3);
    }

    #[test]
    fn honorifics_do_not_split_people() {
        let analyses = vec![
            article("a", vec![person("Jane Roe", &[])]),
            article("b", vec![person("Ms. Roe", &[])]),
        ];
        assert_eq!(merge(&analyses).len(), 1);
    }

    #[test]
    fn skeleton_folds_transliteration_noise() {
        assert_eq!(skeleton("Zelenskyy"), skeleton("Zelenskiy"));
        assert_eq!(skeleton("Zelensky"), skeleton("Zelenskyy"));
        assert_eq!(skeleton("Sergey"), skeleton("Sergei"));
        assert_eq!(skeleton("Dmitriy"), skeleton("Dmitry"));
        assert_eq!(skeleton("Ángela"), "angela");
        assert_ne!(skeleton("Mark"), skeleton("Marco"));
    }
}
