//! Syndication: articles that share substantial passages form one group that counts as one
//! independent source; each group gets a likely origin. Also the agencies an article credits
//! ("(AP)", "according to AFP", "contributed to this report") and the upstream sources it cites
//! ("in an interview with The Associated Press", "told Russia's Channel One", "told Newsweek").

use crate::copies::CopyPair;
use regex::Regex;
use std::sync::LazyLock;

/// What the syndication analysis needs to know about an article.
#[derive(Debug, Clone, Copy)]
pub struct SyndicationInput<'a> {
    /// The article's text.
    pub text: &'a str,
    /// Its publication date or date-time (ISO 8601), when known.
    pub published: Option<&'a str>,
    /// Its outlet, when known.
    pub outlet: Option<&'a str>,
}

/// A set of articles that share text: one independent source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyndicationGroup {
    /// Member indices, ascending.
    pub articles: Vec<usize>,
    /// The likely origin (an index in `articles`), when the evidence names one.
    pub origin: Option<usize>,
    /// Why that origin: `"credit"` (the others credit its outlet), `"earliest"` (first published).
    pub origin_reason: Option<&'static str>,
}

/// News agencies whose credit lines mark wire copy.
const AGENCIES: &[(&str, &str)] = &[
    ("AP", "Associated Press"),
    ("Associated Press", "Associated Press"),
    ("Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("Agence France-Presse", "AFP"),
    ("Bloomberg", "Bloomberg"),
    ("dpa", "dpa"),
    ("DPA", "dpa"),
    ("Xinhua", "Xinhua"),
    ("Kyodo", "Kyodo"),
    ("Yonhap", "Yonhap"),
    ("TASS", "TASS"),
    ("Interfax", "Interfax"),
    ("RIA Novosti", "RIA Novosti"),
    ("ANI", "ANI"),
    ("PTI", "PTI"),
    ("IANS", "IANS"),
    ("EFE", "EFE"),
    ("ANSA", "ANSA"),
    ("UPI", "UPI"),
    ("PA", "PA"),
    ("CNA", "CNA"),
    ("Bernama", "Bernama"),
    ("Anadolu", "Anadolu"),
    ("SPA", "SPA"),
    ("WAM", "WAM"),
];

/// Credit patterns: a bracketed agency after a dateline or at a paragraph's end, "according to",
/// "contributed to this report", "— Reuters" sign-offs.
// Word boundaries are ASCII (`(?-u:\b)`; every name ends in an ASCII letter): a Unicode one
// keeps the regex off its lazy DFA on any text with a curly quote or a dash, and the captures
// then run over the whole text, in every brief of every article.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let names = AGENCIES
        .iter()
        .map(|(k, _)| regex::escape(k))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"\((?P<a>{names})\)|\((?P<f>[A-Z]{{2,6}})\)\s*(?:$|\n|[—–-])|according to (?:an? |the )?(?P<b>{names})(?-u:\b)|(?P<c>{names})(?: reporters?| writers?| staff)? contributed to this report|(?:^|\n)\s*[—–-]\s*(?P<d>{names})\s*$|(?P<e>{names}) quoted(?-u:\b)"
    ))
    .expect("valid regex")
});

/// Upstream sources an article cites: interviews with, statements to, or reports by a named
/// outlet.
static UPSTREAM: LazyLock<Regex> = LazyLock::new(|| {
    let outlet = r"(?:(?:the|a|an|Russia's|Ukraine's|China's|Britain's|France's|Germany's|Israel's|Iran's|state|state-run|public)\s+)?(?P<o>(?:[A-Z][\w&.'’-]*\s?){1,5})";
    Regex::new(&format!(
        r"(?i:in an interview with|interviewed by|told|speaking to|reported by|according to)\s+{outlet}"
    ))
    .expect("valid regex")
});

/// Words that show a name is a media outlet.
const MEDIA_WORDS: &[&str] = &[
    "Press",
    "News",
    "Times",
    "Post",
    "Journal",
    "Channel",
    "TV",
    "Radio",
    "Television",
    "Newsweek",
    "Guardian",
    "Telegraph",
    "Herald",
    "Tribune",
    "Gazette",
    "Daily",
    "Agency",
    "Broadcasting",
    "CNN",
    "BBC",
    "NBC",
    "CBS",
    "ABC",
    "Fox",
    "Al Jazeera",
    "Sky",
    "Politico",
    "Axios",
    "Bloomberg",
    "Reuters",
    "Interfax",
    "TASS",
    "Le Monde",
    "Spiegel",
    "Magazine",
    "Network",
    "Wire",
    "Mail",
    "Express",
    "Observer",
    "Standard",
    "Chronicle",
];

/// The agencies an article credits, canonical names, in order of first credit.
pub fn credited_agencies(text: &str) -> Vec<String> {
    let canonical = |s: &str| {
        AGENCIES
            .iter()
            .find(|(k, _)| *k == s)
            .map_or(s, |(_, v)| *v)
            .to_owned()
    };
    let mut out: Vec<String> = Vec::new();
    for c in CREDIT.captures_iter(text) {
        let name = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .find_map(|g| c.name(g))
            .map(|m| canonical(m.as_str()));
        if let Some(name) = name {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// The media outlets an article cites as its source for something ("told Russia's Channel One"),
/// in order of first mention.
pub fn upstream_sources(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in UPSTREAM.captures_iter(text) {
        let Some(m) = c.name("o") else { continue };
        let name = m.as_str().trim().trim_end_matches(['.', ',', '’', '\'']);
        let name = name.strip_suffix("'s").unwrap_or(name).trim();
        let is_media = MEDIA_WORDS
            .iter()
            .any(|w| name.split_whitespace().any(|t| t == *w) || name == *w)
            || AGENCIES.iter().any(|(k, _)| *k == name);
        if is_media && !out.iter().any(|o| o == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// Groups articles joined by copy pairs (connected components) and picks each group's origin:
/// the member whose outlet the others credit, else the earliest published (ties and missing
/// dates: no origin). Articles in no pair form no group.
pub fn groups(articles: &[SyndicationInput], pairs: &[CopyPair]) -> Vec<SyndicationGroup> {
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for p in pairs {
        let (a, b) = (find(&mut parent, p.earlier), find(&mut parent, p.later));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut members: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for p in pairs {
        for x in [p.earlier, p.later] {
            let root = find(&mut parent, x);
            members.entry(root).or_default().push(x);
        }
    }
    members
        .into_values()
        .map(|mut list| {
            list.sort_unstable();
            list.dedup();
            let (origin, origin_reason) = pick_origin(&list, articles);
            SyndicationGroup {
                articles: list,
                origin,
                origin_reason,
            }
        })
        .collect()
}

/// The origin of a group: credited outlet first, else the unique earliest date.
fn pick_origin(
    list: &[usize],
    articles: &[SyndicationInput],
) -> (Option<usize>, Option<&'static str>) {
    // Each credited name with up to two members crediting it (enough to find one other than
    // any given member): every text is read once, not once per member.
    let mut crediting: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for &j in list {
        for name in credited_agencies(articles[j].text) {
            let who = crediting.entry(name).or_default();
            if who.len() < 2 {
                who.push(j);
            }
        }
    }
    for &i in list {
        let Some(outlet) = articles[i].outlet else {
            continue;
        };
        // The outlet itself, or its initials ("Coastal Press Agency" credited as "(CPA)").
        let initials: String = outlet
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        let by_other = |name: &str| {
            crediting
                .get(name)
                .is_some_and(|who| who.iter().any(|&j| j != i))
        };
        let credited_by_others = by_other(outlet) || (initials.len() >= 2 && by_other(&initials));
        if credited_by_others {
            return (Some(i), Some("credit"));
        }
    }
    let dated: Vec<(usize, &str)> = list
        .iter()
        .filter_map(|&i| articles[i].published.map(|p| (i, p)))
        .collect();
    match earliest(&dated) {
        Some(i) => (Some(i), Some("earliest")),
        None => (None, None),
    }
}

/// The article published first among `(index, ISO date or date-time)` pairs: the earliest day,
/// and on that day the earliest time when every article of that day states one. `None` when
/// nothing is dated or the evidence cannot tell (ties, date-only entries on the same day).
pub fn earliest(dated: &[(usize, &str)]) -> Option<usize> {
    let day = |p: &str| p.get(..10).unwrap_or(p).to_owned();
    let first_day = dated.iter().map(|(_, p)| day(p)).min()?;
    let same_day: Vec<&(usize, &str)> = dated.iter().filter(|(_, p)| day(p) == first_day).collect();
    if same_day.len() > 1 && same_day.iter().any(|(_, p)| p.len() <= 10) {
        return None;
    }
    let &&(i, first) = same_day.iter().min_by_key(|(_, p)| *p)?;
    let tied = same_day.iter().filter(|(_, p)| *p == first).count() > 1;
    (!tied).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_found_in_their_usual_places() {
        assert_eq!(
            credited_agencies("OSLO (Reuters) - The ferry left."),
            ["Reuters"]
        );
        assert_eq!(
            credited_agencies("The ministry said so, according to AFP. Associated Press writers contributed to this report."),
            ["AFP", "Associated Press"]
        );
        assert_eq!(
            credited_agencies("The talks ended.\n— AP"),
            ["Associated Press"]
        );
        assert!(credited_agencies("The app (APK) was updated.").is_empty());
        assert_eq!(
            credited_agencies("PORT ELLIS (HPA) — Winds closed the bridge."),
            ["HPA"]
        );
        assert_eq!(
            credited_agencies("Trade had stopped by noon. (HPA)"),
            ["HPA"]
        );
        // Curly quotes and dashes around the credits; a name that runs on is none.
        assert_eq!(
            credited_agencies(
                "“It is over,” she said — according to Reuters’ tally. Kyodo quoted é officials."
            ),
            ["Reuters", "Kyodo"]
        );
        assert!(
            credited_agencies("The figures came according to APIs and ReutersX feeds.").is_empty()
        );
    }

    #[test]
    fn upstream_outlets_are_named_and_people_are_not() {
        let text = "In an interview with The Associated Press, the envoy spoke. The adviser told Russia's Channel One that no date was set. An analyst told Newsweek the plan was sound. She told reporters she was pleased. He told Jane Roe later.";
        assert_eq!(
            upstream_sources(text),
            ["The Associated Press", "Channel One", "Newsweek"]
        );
    }

    #[test]
    fn groups_take_the_earliest_member_as_origin() {
        let a = SyndicationInput {
            text: "x",
            published: Some("2025-03-04T16:05:00+00:00"),
            outlet: Some("Wire"),
        };
        let b = SyndicationInput {
            text: "y",
            published: Some("2025-03-04T18:00:00+00:00"),
            outlet: Some("Paper"),
        };
        let c = SyndicationInput {
            text: "z",
            published: None,
            outlet: None,
        };
        let pair = CopyPair {
            earlier: 0,
            later: 1,
            shared_words: 50,
            containment: 0.5,
            passages: vec![],
        };
        let g = groups(&[a, b, c], &[pair]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].articles, [0, 1]);
        assert_eq!(g[0].origin, Some(0));
    }
}
