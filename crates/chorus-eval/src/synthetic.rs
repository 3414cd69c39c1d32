//! Synthetic news streams for crash tests and load benchmarks: many distinct events, each
//! reported by several invented outlets in their own words, deterministic from a seed.
//!
//! Every event gets invented names (a town, a person, an organization) made of random
//! syllables, so events never share their specifics and a story clusterer can tell them apart;
//! the sentence frames are our own and shared by all events, as news language is.

use chorus_core::Article;

/// A small deterministic generator (splitmix64): the same seed gives the same stream anywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "vel", "mor", "tin", "sa", "dra", "lo", "quen", "bar", "ith", "zo", "ren", "ul", "pha",
    "gor", "nes", "wy", "tal", "cor", "mi", "ost", "ra", "bel", "fen", "dru", "sk", "ae", "lin",
];

const OUTLETS: &[&str] = &[
    "Harbour Gazette",
    "Valley Courier",
    "Northern Ledger",
    "City Wire",
    "Evening Sentinel",
    "Coastal Times",
    "Metro Herald",
    "Plains Observer",
    "Island Post",
    "River Daily",
    "Summit Tribune",
    "Delta Record",
];

const EVENTS: &[(&str, &str)] = &[
    ("flood", "flood waters reached the town centre"),
    ("strike", "workers walked out over pay"),
    ("fire", "a fire broke out in a warehouse"),
    ("election", "the council election count finished"),
    ("bridge closure", "the main bridge was closed for repairs"),
    ("merger", "two local firms agreed to merge"),
    ("trial", "a fraud trial opened at the district court"),
    ("festival", "the harvest festival drew record crowds"),
    ("power cut", "a power cut left homes without electricity"),
    ("rescue", "a fishing crew was rescued off the coast"),
];

/// Words the event-specific detail sentences are drawn from.
const DETAIL_WORDS: &[&str] = &[
    "harbour",
    "railway",
    "school",
    "hospital",
    "market",
    "library",
    "stadium",
    "factory",
    "orchard",
    "quarry",
    "airport",
    "tunnel",
    "ferry",
    "museum",
    "reservoir",
    "brewery",
    "vineyard",
    "lighthouse",
    "courthouse",
    "depot",
    "mill",
    "bakery",
    "garage",
    "theatre",
    "chapel",
    "clinic",
    "warehouse",
    "pier",
    "campus",
    "barracks",
    "observatory",
    "greenhouse",
    "canal",
    "dam",
    "granary",
    "sawmill",
    "tram",
    "foundry",
    "kiln",
    "shipyard",
];

const ROLES: &[&str] = &[
    "Mayor",
    "Chief Inspector",
    "Director",
    "Councillor",
    "Spokesperson",
];

/// An invented capitalized name of two or three syllables.
fn name(rng: &mut Rng) -> String {
    let parts = 2 + rng.below(2);
    let mut s = String::new();
    for _ in 0..parts {
        s.push_str(rng.pick(SYLLABLES));
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// `events` distinct events, `per_event` articles each (from different outlets), interleaved
/// the way a stream brings them: each event's reports arrive within a day, events overlap.
pub fn stream(events: usize, per_event: usize, seed: u64) -> Vec<Article> {
    let mut rng = Rng::new(seed);
    let mut articles = Vec::with_capacity(events * per_event);
    let base = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(6, 0, 0))
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    for e in 0..events {
        let town = name(&mut rng);
        let person = format!("{} {}", name(&mut rng), name(&mut rng));
        let organization = format!(
            "{} {}",
            name(&mut rng),
            rng.pick(&["Authority", "Group", "Union", "Trust"])
        );
        let role = rng.pick(ROLES);
        let (kind, what) = EVENTS[rng.below(EVENTS.len())];
        let count = 10 + rng.below(990);
        let start = base + (e as i64) * 7_200;
        let places: Vec<&str> = (0..4).map(|_| rng.pick(DETAIL_WORDS)).collect();
        let street = format!("{} Street", name(&mut rng));
        for j in 0..per_event {
            let outlet = OUTLETS[(e + j * 5) % OUTLETS.len()];
            let mut sentences = vec![
                format!("In {town}, {what} on Tuesday, officials said."),
                format!("{role} {person} said the {organization} was working with residents."),
                format!("About {count} people were affected by the {kind}, according to the {organization}."),
                format!("\"We will keep {town} informed at every step,\" {person} told reporters."),
                format!("Residents of {town} described a long night as news of the {kind} spread."),
                format!("The {organization} said a full report on the {kind} would follow next week."),
                format!("The {} and the {} on {street} were the worst hit.", places[0], places[1]),
                format!("Crews from the {} moved to the {} near {street} by evening.", places[2], places[3]),
            ];
            // Each outlet tells it in its own order and keeps its own selection.
            for k in (1..sentences.len()).rev() {
                let swap = rng.below(k + 1);
                sentences.swap(k, swap);
            }
            sentences.truncate(4 + rng.below(4));
            let text = sentences.join("\n\n");
            let published = chrono::DateTime::from_timestamp(start + (j as i64) * 3_600, 0)
                .map(|t| t.to_rfc3339());
            articles.push(Article {
                id: format!("synthetic-{seed}-{e}-{j}"),
                source_path: "synthetic".to_owned(),
                url: Some(format!(
                    "https://{}.example/{e}/{j}",
                    outlet.to_lowercase().replace(' ', "-")
                )),
                title: Some(format!(
                    "{town} {kind}: {person} of the {organization} speaks"
                )),
                byline: None,
                published,
                outlet: Some(outlet.to_owned()),
                language: Some("en".to_owned()),
                text,
                furniture_dates: Vec::new(),
            });
        }
    }
    // Interleave neighbouring events as a live stream would.
    let mut i = 0;
    while i + per_event < articles.len() {
        if rng.below(2) == 0 {
            articles.swap(i, i + per_event);
        }
        i += per_event;
    }
    articles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_events_distinct() {
        let a = stream(20, 3, 7);
        assert_eq!(a, stream(20, 3, 7));
        assert_ne!(a, stream(20, 3, 8));
        assert_eq!(a.len(), 60);
        let ids: std::collections::HashSet<_> = a.iter().map(|x| &x.id).collect();
        assert_eq!(ids.len(), 60);
    }

    #[test]
    fn a_clusterer_separates_the_events() {
        let articles = stream(50, 3, 1);
        let mut clusterer = chorus_relate::cluster::StoryClusterer::default();
        let mut assigned: Vec<u64> = Vec::new();
        for a in &articles {
            assigned.push(clusterer.add(&chorus::cluster::cluster_input(a)));
            for m in clusterer.take_moves() {
                assigned[m.article as usize] = m.to;
            }
        }
        let stories: std::collections::HashSet<u64> = assigned
            .iter()
            .map(|&s| clusterer.current_story(s))
            .collect();
        // Most events come out as their own story.
        assert!(stories.len() >= 40, "{}", stories.len());
    }
}
