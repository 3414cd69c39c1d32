//! Figures a sentence gives, each with what it measures (its slot), so that two outlets' figures
//! for the same thing can be compared: counts and amounts ("144 people", "$2.5 million"),
//! lengths in any unit ("15m", "52 ft", "5.5 kilometers", all in metres), ordinals ("the 17th
//! floor"), years ("his 2012 memoir"), ages ("Kevin Johnson, 25", "13-year-old Liberty German")
//! and times of day ("11:45 a.m.").

use std::sync::LazyLock;

/// What a figure measures.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Slot {
    /// A count or amount of the things its words name (stemmed, at most two).
    Count(Vec<String>),
    /// A length, in metres.
    Length,
    /// An ordinal of the things its words name ("17th floor").
    Ordinal(Vec<String>),
    /// A year of the things its words name ("2012 memoir").
    Year(Vec<String>),
    /// The age of the person of this surname, lowercase.
    Age(String),
    /// A time of day, in minutes after midnight.
    Time,
}

/// Whether a figure is a value or a ceiling on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// The value itself, or a figure reported as a floor ("at least 144 killed", "more than
    /// 7,500"): news gives a floor as its count, and another outlet's other count disagrees.
    Exact,
    /// A ceiling: a capacity or a maximum ("up to 16GB", "up to 20 years in prison"), which any
    /// smaller value meets.
    AtMost,
}

/// Words before a figure that make it a ceiling.
const AT_MOST: &[&[&str]] = &[&["up", "to"], &["at", "most"]];

/// Words before a figure that make it a part of a set, not the set's count ("the remaining two
/// ads", "the first three victims").
const PART_OF_SET: &[&str] = &[
    "remaining",
    "other",
    "additional",
    "further",
    "extra",
    "first",
    "final",
];

/// One figure of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    /// What it measures.
    pub slot: Slot,
    /// Its value (metres for lengths, minutes for times).
    pub value: f64,
    /// Whether the text hedges it ("about", "nearly", "at least").
    pub hedged: bool,
    /// Whether the text gives it as a bound ("up to 16GB", "at least 10 jurors").
    pub bound: Bound,
    /// What it measures, for a reader ("the number of people", "the age of Johnson").
    pub what: String,
    /// The claim terms of the words around it ([`CONTEXT`] each side; a time's whole clause),
    /// without figures, units, quantity and calendar words: what the figure is about.
    pub context: Vec<String>,
    /// The context terms written only as names (capitalized, past the sentence's first word).
    pub context_names: Vec<String>,
    /// The names of the figure's clause ([`CLAUSE`] words each side at most), without
    /// calendar words: whom or where the figure is of ("in Homs", "across Syria").
    pub names: Vec<String>,
    /// The possessive right before it, lowercase ("his" in "his 2012 memoir"): the thing it
    /// dates or counts is then one particular thing of its owner.
    pub owner: Option<String>,
    /// The weekdays its sentence names, lowercase: the occasions it tells of ("Friday's fall
    /// of 666 points" and "Monday's of 1,175" are two falls).
    pub weekdays: Vec<String>,
    /// For an age, the other words of the name written with the surname, lowercase ("rene" in
    /// "6-year-old Rene Pasztor"): two people of one family share a surname.
    pub given: Vec<String>,
}

/// Words each side of a figure that tell what it is about.
const CONTEXT: usize = 5;

/// Words each side of a figure, within its clause, whose names tell whom or where it is of.
const CLAUSE: usize = 15;

/// Month and weekday names, written out.
const MONTHS_AND_WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that tell nothing of what a figure is about: units, quantities, calendar words (with
/// [`MONTHS_AND_WEEKDAYS`]).
const NOT_CONTEXT: &[&str] = &[
    "m",
    "meter",
    "meters",
    "metre",
    "metres",
    "km",
    "kilometer",
    "kilometers",
    "kilometre",
    "kilometres",
    "ft",
    "foot",
    "feet",
    "mile",
    "miles",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "percent",
    "per",
    "cent",
    "dollars",
    "much",
    "more",
    "less",
    "least",
    "many",
    "total",
    "approximately",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "over",
    "estimated",
    "than",
    "roughly",
    "up",
    "today",
    "yesterday",
    "tomorrow",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "morning",
    "afternoon",
    "evening",
    "night",
    "earlier",
    "later",
    "ago",
    "last",
    "next",
];

/// [`NOT_CONTEXT`] as claim terms.
static NOT_CONTEXT_TERMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut out: Vec<String> = NOT_CONTEXT
        .iter()
        .chain(MONTHS_AND_WEEKDAYS)
        .flat_map(|w| crate::claims::terms(w))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
});

/// Possessives that make the thing after them one particular thing of its owner.
const POSSESSIVES: &[&str] = &["his", "her", "its", "their"];

/// Words that hedge the figure after them.
const HEDGES: &[&str] = &[
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "approximately",
    "roughly",
    "over",
    "least",
    "than",
    "many",
    "estimated",
    "up",
];

/// Number words read as figures.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("once", 1.0),
    ("twice", 2.0),
];

/// Length units and their size in metres.
const LENGTHS: &[(&str, f64)] = &[
    ("m", 1.0),
    ("meter", 1.0),
    ("meters", 1.0),
    ("metre", 1.0),
    ("metres", 1.0),
    ("km", 1000.0),
    ("kilometer", 1000.0),
    ("kilometers", 1000.0),
    ("kilometre", 1000.0),
    ("kilometres", 1000.0),
    ("ft", 0.3048),
    ("foot", 0.3048),
    ("feet", 0.3048),
    ("mile", 1609.34),
    ("miles", 1609.34),
];

/// Multipliers written after a figure.
const MULTIPLIERS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// What a length measures, for a reader.
const LENGTH: &str = "the length or distance";

/// Words of a name before its surname kept as its given names, at most.
const MAX_GIVEN: usize = 3;

/// Whether two lists of given names can name one person: either is empty, or a name of each
/// begins alike ("Libby" / "Liberty", "Kevin Deon" / "Kevin"; not "Rene" / "Amanda").
pub(crate) fn given_names_meet(a: &[String], b: &[String]) -> bool {
    let stem = |w: &String| w.chars().take(3).collect::<String>();
    a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| stem(x) == stem(y)))
}

/// Words at most that the slot of a count or ordinal reads after its figure.
const SLOT_WORDS: usize = 2;

/// One whitespace token: its word (edge punctuation off) and whether punctuation closes it.
struct Token<'a> {
    word: &'a str,
    closes: bool,
    /// Whether a comma, semicolon, colon or final stop ends its clause (a closing bracket or
    /// quotation mark does not).
    ends_clause: bool,
    capitalized: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    text.split_whitespace()
        .flat_map(split_glued_figure)
        .map(|raw| {
            let word = raw
                .trim_start_matches(['(', '[', '"', '“', '‘', '\''])
                .trim_end_matches([',', ';', ':', ')', ']', '"', '”', '’', '\'', '!', '?']);
            let closes = word.len()
                != raw
                    .trim_start_matches(['(', '[', '"', '“', '‘', '\''])
                    .len();
            // A final period ends the sentence unless it ends an abbreviation ("a.m.").
            let (word, closes) = match word.strip_suffix('.') {
                Some(w) if !w.contains('.') => (w, true),
                _ => (word, closes),
            };
            let bare = raw.trim_end_matches([')', ']', '"', '”', '’', '\'']);
            let ends_clause = bare.ends_with([',', ';', ':', '!', '?'])
                || bare
                    .strip_suffix('.')
                    .is_some_and(|w| !w.contains('.') && !w.is_empty());
            Token {
                word,
                closes,
                ends_clause,
                capitalized: word.chars().next().is_some_and(char::is_uppercase),
            }
        })
        .collect()
}

/// A token split where a comma glues a word to the figure after it ("Williams,13," →
/// "Williams," and "13,"): a missing space, not a thousands separator.
fn split_glued_figure(raw: &str) -> Vec<&str> {
    let glued = raw.char_indices().find(|&(i, c)| {
        c == ','
            && raw[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && raw[i + 1..].starts_with(|d: char| d.is_ascii_digit())
    });
    match glued {
        Some((i, _)) => vec![&raw[..=i], &raw[i + 1..]],
        None => vec![raw],
    }
}

/// The clause of token `i`: the tokens from after the previous clause end to its own end, at
/// most [`CLAUSE`] each side.
fn clause(toks: &[Token], i: usize) -> std::ops::Range<usize> {
    let mut start = i;
    while start > 0 && i - start < CLAUSE && !toks[start - 1].ends_clause {
        start -= 1;
    }
    let mut end = i;
    while end < toks.len() && end - i <= CLAUSE {
        end += 1;
        if toks[end - 1].ends_clause && end - 1 > i {
            break;
        }
    }
    start..end.min(toks.len())
}

/// A figure written in digits ("2,700", "5.5", "$2.4"): its value and whether it is money.
fn number(word: &str) -> Option<(f64, bool)> {
    let (money, digits) = match word.strip_prefix('$') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    if digits.is_empty()
        || !digits.starts_with(|c: char| c.is_ascii_digit())
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        || digits.ends_with([',', '.'])
    {
        return None;
    }
    digits.replace(',', "").parse().ok().map(|v| (v, money))
}

/// The stemmed content words of a slot, at most [`SLOT_WORDS`], read from `words`, and the
/// words as written.
fn slot_words<'a>(words: impl Iterator<Item = &'a Token<'a>>) -> (Vec<String>, String) {
    let mut out = Vec::new();
    let mut raw: Vec<&str> = Vec::new();
    for t in words {
        let lower = t.word.to_lowercase();
        if lower.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        if let Some(term) = chorus_text::terms::content_terms(&lower).into_iter().next() {
            out.push(term);
            raw.push(t.word);
        } else if !out.is_empty() {
            break;
        }
        if t.closes || out.len() >= SLOT_WORDS {
            break;
        }
    }
    (out, raw.join(" "))
}

/// The figures of a sentence.
pub(crate) fn figures(text: &str) -> Vec<Figure> {
    let toks = tokens(text);
    let mut weekdays: Vec<String> = toks
        .iter()
        .map(|t| {
            t.word
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
        .filter(|w| MONTHS_AND_WEEKDAYS[..7].contains(&w.as_str()))
        .collect();
    weekdays.sort_unstable();
    weekdays.dedup();
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let lower = t.word.to_lowercase();
        let hedged = i > 0 && HEDGES.contains(&toks[i - 1].word.to_lowercase().as_str());
        let preceded_by = |words: &[&str]| {
            i >= words.len()
                && toks[i - words.len()..i]
                    .iter()
                    .zip(words)
                    .all(|(t, w)| t.word.eq_ignore_ascii_case(w))
        };
        let bound = if AT_MOST.iter().any(|w| preceded_by(w)) {
            Bound::AtMost
        } else {
            Bound::Exact
        };
        let part_of_set = i > 0 && PART_OF_SET.contains(&toks[i - 1].word.to_lowercase().as_str());
        let next = toks.get(i + 1).map(|n| n.word.to_lowercase());
        let owner = i
            .checked_sub(1)
            .map(|b| toks[b].word.to_lowercase())
            .filter(|w| POSSESSIVES.contains(&w.as_str()));
        let push_given =
            |out: &mut Vec<Figure>, slot: Slot, value: f64, what: String, given: Vec<String>| {
                let (context, context_names, names) = context(&toks, i, slot == Slot::Time);
                out.push(Figure {
                    slot,
                    value,
                    hedged,
                    bound,
                    what,
                    context,
                    context_names,
                    names,
                    owner: owner.clone(),
                    weekdays: weekdays.clone(),
                    given,
                })
            };
        let push = |out: &mut Vec<Figure>, slot: Slot, value: f64, what: String| {
            push_given(out, slot, value, what, Vec::new())
        };
        // Times of day: "11:45 a.m.", "1 p.m.".
        let meridiem = next.as_deref().and_then(|n| match n.trim_end_matches('.') {
            "a.m" | "am" => Some(0.0),
            "p.m" | "pm" => Some(12.0 * 60.0),
            _ => None,
        });
        if let Some(offset) = meridiem {
            let (h, m) = lower.split_once(':').unwrap_or((&lower, "0"));
            if let (Ok(h), Ok(m)) = (h.parse::<f64>(), m.parse::<f64>()) {
                if (1.0..=12.0).contains(&h) && (0.0..60.0).contains(&m) {
                    push(
                        &mut out,
                        Slot::Time,
                        (h % 12.0) * 60.0 + m + offset,
                        "the time".to_owned(),
                    );
                    continue;
                }
            }
        }
        // Ages: "13-year-old Liberty German", "13-year-olds A and B".
        if let Some(age) = lower
            .strip_suffix("-year-old")
            .or_else(|| lower.strip_suffix("-year-olds"))
            .and_then(|n| n.parse::<f64>().ok())
        {
            for (given, name) in following_names(&toks[i + 1..]) {
                let what = format!("the age of {name}");
                push_given(&mut out, Slot::Age(name.to_lowercase()), age, what, given);
            }
            continue;
        }
        // Ordinals: "17th floor", "15th-floor".
        if let Some((n, rest)) = ordinal(&lower) {
            let (words, raw) = if rest.is_empty() {
                slot_words(toks[i + 1..].iter())
            } else {
                (chorus_text::terms::content_terms(rest), rest.to_owned())
            };
            if !words.is_empty() {
                push(&mut out, Slot::Ordinal(words), n, format!("which {raw}"));
            }
            continue;
        }
        // A figure with a unit attached: "15m", "50ft", "27-foot", "6-week".
        if let Some((n, unit)) = attached(&lower) {
            if let Some(&(_, size)) = LENGTHS.iter().find(|(u, _)| *u == unit) {
                push(&mut out, Slot::Length, n * size, LENGTH.to_owned());
            } else if let Some(term) = chorus_text::terms::content_terms(unit).into_iter().next() {
                let what = format!("the number of {unit}");
                push(&mut out, Slot::Count(vec![term]), n, what);
            }
            continue;
        }
        let (value, money) = match number(&lower) {
            Some(v) => v,
            None => match NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
                Some(&(w, v)) => {
                    if w == "once" || w == "twice" {
                        // "shot once", "struck twice"; not "was once a member", "Once there".
                        let after_verb = i > 0
                            && !t.capitalized
                            && !toks[i - 1].closes
                            && !chorus_text::terms::is_stopword(&toks[i - 1].word.to_lowercase());
                        if !after_verb {
                            continue;
                        }
                        let what = "how many times".to_owned();
                        push(&mut out, Slot::Count(vec!["time".to_owned()]), v, what);
                        continue;
                    }
                    (v, false)
                }
                None => continue,
            },
        };
        // Ages: "Kevin Johnson, 25," — a name, a comma, the figure, a closing mark.
        if !money && t.closes && (1.0..=120.0).contains(&value) && value.fract() == 0.0 && i > 0 {
            let before = &toks[i - 1];
            if before.closes && before.capitalized && !is_calendar(&before.word.to_lowercase()) {
                let name = surname(before.word);
                let given: Vec<String> = toks[..i - 1]
                    .iter()
                    .rev()
                    .take_while(|g| g.capitalized && !g.closes)
                    .take(MAX_GIVEN)
                    .map(|g| g.word.to_lowercase())
                    .collect();
                let what = format!("the age of {name}");
                push_given(&mut out, Slot::Age(name.to_lowercase()), value, what, given);
                continue;
            }
        }
        if t.closes && !money {
            continue;
        }
        // A number after a name is part of it ("Flight 370", "Route 66"), not a count.
        let named = i > 0 && {
            let before = &toks[i - 1];
            let word = before.word.to_lowercase();
            before.capitalized
                && !before.closes
                && !is_calendar(&word)
                && !HEDGES.contains(&word.as_str())
                && !chorus_text::terms::is_stopword(&word)
        };
        if named && !money && !(1800.0..=2100.0).contains(&value) {
            continue;
        }
        let mut rest = i + 1;
        let mut value = value;
        if let Some(&(_, m)) = next
            .as_deref()
            .and_then(|n| MULTIPLIERS.iter().find(|(w, _)| *w == n))
        {
            value *= m;
            rest += 1;
        }
        // A price floor or the start of a range ("starts at $1,000", "from $1,499") is no amount
        // another outlet's figure can contradict.
        let before = |back: usize| i.checked_sub(back).map(|b| toks[b].word.to_lowercase());
        let floor = before(1).as_deref() == Some("from")
            || (before(1).as_deref() == Some("at")
                && before(2).is_some_and(|w| {
                    ["start", "starts", "starting", "started"].contains(&w.as_str())
                }));
        if money && floor {
            continue;
        }
        if let Some(&(_, size)) = toks
            .get(rest)
            .and_then(|u| LENGTHS.iter().find(|(w, _)| *w == u.word.to_lowercase()))
        {
            push(&mut out, Slot::Length, value * size, LENGTH.to_owned());
            continue;
        }
        // A part of a set ("eight of the children", "four of five charges") is no count of
        // the set: another outlet's count of the whole or of another part does not conflict.
        if toks
            .get(rest)
            .is_some_and(|t| t.word.eq_ignore_ascii_case("of"))
            && !money
        {
            continue;
        }
        if part_of_set && !money {
            continue;
        }
        let is_year = !money
            && value.fract() == 0.0
            && (1800.0..=2100.0).contains(&value)
            && !lower.contains(',');
        let (mut words, mut raw) = if toks.get(rest - 1).is_some_and(|t| t.closes) {
            (Vec::new(), String::new())
        } else {
            slot_words(toks.get(rest..).unwrap_or(&[]).iter())
        };
        if money {
            words = vec!["$".to_owned()];
            raw = "money".to_owned();
        }
        if words.is_empty() || raw.split(' ').any(|w| is_calendar(&w.to_lowercase())) {
            continue;
        }
        // A percentage is of what follows it ("32 percent of sales", "a 15 percent tax"); one
        // of nothing named says too little to compare.
        if words[0] == "percent" && !money {
            let Some(at) = toks.get(rest..).and_then(|after| {
                after
                    .iter()
                    .position(|t| t.word.eq_ignore_ascii_case("percent"))
            }) else {
                continue;
            };
            let after = rest + at + 1;
            if toks[after - 1].closes {
                continue;
            }
            let (of, of_raw) = slot_words(toks.get(after..).unwrap_or(&[]).iter());
            if of.is_empty() || of_raw.split(' ').any(|w| is_calendar(&w.to_lowercase())) {
                continue;
            }
            push(
                &mut out,
                Slot::Count(of),
                value,
                format!("the percentage of {of_raw}"),
            );
            continue;
        }
        if is_year {
            // Paraphrases of one thing meet ("2012 memoir" / "2011 autobiography").
            let words = raw
                .split(' ')
                .flat_map(|w| {
                    chorus_text::terms::content_terms(crate::claims::canonical(&w.to_lowercase()))
                })
                .collect();
            push(
                &mut out,
                Slot::Year(words),
                value,
                format!("the year of the {raw}"),
            );
        } else {
            let what = if money {
                "the amount of money".to_owned()
            } else {
                format!("the number of {raw}")
            };
            push(&mut out, Slot::Count(words), value, what);
        }
    }
    out
}

/// The context terms of the figure at token `i`, those of them written only as names, and the
/// names of its clause.
/// A time's context is its whole clause: the events of a story happen at many times, and what
/// happened at a time is told by the clause ("waiting on the 23rd floor … around 11:40 a.m.").
fn context(toks: &[Token], i: usize, time: bool) -> (Vec<String>, Vec<String>, Vec<String>) {
    let informative = |term: &String| {
        !term.chars().all(|c| c.is_ascii_digit()) && NOT_CONTEXT_TERMS.binary_search(term).is_err()
    };
    let (mut context, mut lowercase, mut names) = (Vec::new(), Vec::new(), Vec::new());
    let around = if time {
        clause(toks, i)
    } else {
        i.saturating_sub(CONTEXT)..(i + CONTEXT + 1).min(toks.len())
    };
    for k in around {
        let t = &toks[k];
        for term in crate::claims::terms(t.word).into_iter().filter(informative) {
            let as_name = t.capitalized && k > 0;
            if !as_name && !lowercase.contains(&term) {
                lowercase.push(term.clone());
            }
            if !context.contains(&term) {
                context.push(term);
            }
        }
    }
    for k in clause(toks, i).filter(|&k| k > 0 && toks[k].capitalized) {
        for term in crate::claims::terms(toks[k].word)
            .into_iter()
            .filter(informative)
        {
            if !names.contains(&term) {
                names.push(term);
            }
        }
    }
    let context_names = context
        .iter()
        .filter(|t| !lowercase.contains(t))
        .cloned()
        .collect();
    (context, context_names, names)
}

/// "17th" → 17 and "", "15th-floor" → 15 and "floor".
fn ordinal(word: &str) -> Option<(f64, &str)> {
    let digits = word.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 {
        return None;
    }
    let (n, rest) = word.split_at(digits);
    let rest = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| rest.strip_prefix(s))?;
    let rest = match rest.strip_prefix('-') {
        Some(r) => r,
        None if rest.is_empty() => rest,
        None => return None,
    };
    n.parse().ok().map(|n| (n, rest))
}

/// "15m" → 15 and "m", "27-foot" → 27 and "foot"; not plain numbers nor ordinals.
fn attached(word: &str) -> Option<(f64, &str)> {
    let split = word.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    if split == 0 {
        return None;
    }
    let (n, unit) = word.split_at(split);
    let unit = unit.strip_prefix('-').unwrap_or(unit);
    if unit.is_empty()
        || !unit.chars().all(|c| c.is_ascii_lowercase())
        || ["st", "nd", "rd", "th", "s"].contains(&unit)
    {
        return None;
    }
    n.replace(',', "").parse().ok().map(|n| (n, unit))
}

/// The names right after an age ("13-year-olds Liberty German and Abigail Williams"), each as
/// its other words (at most [`MAX_GIVEN`]) and its surname (the last), up to the first word that
/// is neither a name nor "and".
fn following_names(toks: &[Token]) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut name: Vec<&str> = Vec::new();
    let finish = |name: &mut Vec<&str>, out: &mut Vec<(Vec<String>, String)>| {
        if let Some((last, given)) = name.split_last() {
            let given = given
                .iter()
                .take(MAX_GIVEN)
                .map(|g| g.to_lowercase())
                .collect();
            out.push((given, surname(last)));
        }
        name.clear();
    };
    for t in toks {
        if t.capitalized {
            name.push(t.word);
            if t.closes {
                break;
            }
            continue;
        }
        finish(&mut name, &mut out);
        if t.word != "and" {
            break;
        }
    }
    finish(&mut name, &mut out);
    out
}

fn surname(word: &str) -> String {
    word.trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_owned()
}

/// Months and weekdays: "May 5" and "Monday, 25" are dates, not ages or counts.
fn is_calendar(word: &str) -> bool {
    const SHORT_AND_UNITS: &[&str] = &[
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "year", "month", "week", "day",
    ];
    let singular = word.strip_suffix('s').unwrap_or(word);
    [word, singular]
        .iter()
        .any(|w| MONTHS_AND_WEEKDAYS.contains(w) || SHORT_AND_UNITS.contains(w))
}

/// Whether two figures of one slot agree: the same value, or as close as rounding makes them —
/// times within 20 minutes, lengths within 3% (one is often converted from other units), counts
/// and lengths within 10% where one is hedged ("about 2,000" and "1,987", "around 2,700 km" and
/// "1,589 miles"), counts within one where one is whole.
pub(crate) fn agree(a: &Figure, b: &Figure) -> bool {
    let (lo, hi) = if a.value < b.value {
        (a.value, b.value)
    } else {
        (b.value, a.value)
    };
    let within = |share: f64| hi - lo <= share * hi;
    match a.slot {
        Slot::Age(_) | Slot::Year(_) | Slot::Ordinal(_) => lo == hi,
        Slot::Time => hi - lo <= 20.0,
        Slot::Length => within(0.03) || ((a.hedged || b.hedged) && within(0.1)),
        // A whole number and a fraction of it ("18,589" / "18,589.69") are one figure cut.
        Slot::Count(_) => {
            lo == hi
                || ((a.hedged || b.hedged) && within(0.1))
                || ((lo.fract() == 0.0 || hi.fract() == 0.0) && hi - lo < 1.0)
        }
    }
}

/// Whether two figures of one slot disagree: they do not [`agree`], and counts and lengths are
/// within a factor of 3 of each other, sums of money within a factor of 1.5 (farther apart, they
/// measure different things: a total and a share, a year and a weekend, two prices).
pub(crate) fn disagree(a: &Figure, b: &Figure) -> bool {
    let (lo, hi) = if a.value < b.value {
        (a.value, b.value)
    } else {
        (b.value, a.value)
    };
    let comparable = match &a.slot {
        Slot::Count(words) if words.len() == 1 && words[0] == "$" => lo > 0.0 && hi <= 1.5 * lo,
        Slot::Count(_) | Slot::Length => lo > 0.0 && hi <= 3.0 * lo,
        _ => true,
    };
    // A ceiling holds every value below it ("up to 16" and "8").
    let within_bound = |x: &Figure, y: &Figure| x.bound == Bound::AtMost && y.value <= x.value;
    comparable && !agree(a, b) && !within_bound(a, b) && !within_bound(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(text: &str) -> Vec<(Slot, f64)> {
        // Every figure says what it measures.
        assert!(figures(text).iter().all(|f| !f.what.is_empty()));
        figures(text)
            .into_iter()
            .map(|f| (f.slot, f.value))
            .collect()
    }

    fn count(words: &[&str]) -> Slot {
        Slot::Count(words.iter().map(|w| (*w).to_owned()).collect())
    }

    #[test]
    fn counts_amounts_and_lengths() {
        assert_eq!(
            slots("At least 144 people were killed, and 10 prospective jurors refused."),
            [
                (count(&["peopl"]), 144.0),
                (count(&["prospect", "juror"]), 10.0)
            ]
        );
        assert_eq!(
            slots("It raised $2.4 million in 2012."),
            [(count(&["$"]), 2_400_000.0)]
        );
        let f = slots("The objects ranged from 2m to 15m (6.5ft to 50ft) in size.");
        assert_eq!(f.len(), 4);
        assert!(f.iter().all(|(s, _)| *s == Slot::Length));
        assert!((f[1].1 - 15.0).abs() < 1e-9);
        assert_eq!(slots("She was shot once in the leg.")[0].1, 1.0);
        assert!(slots("Once there, she was once a singer.").is_empty());
    }

    #[test]
    fn ages_times_ordinals_and_years() {
        assert_eq!(
            slots("Kevin Deon Johnson, 24, was arrested."),
            [(Slot::Age("johnson".into()), 24.0)]
        );
        assert_eq!(
            slots("Police found 13-year-olds Liberty German and Abigail Williams."),
            [
                (Slot::Age("german".into()), 13.0),
                (Slot::Age("williams".into()), 13.0)
            ]
        );
        assert_eq!(
            slots("It fell at about 11:45 a.m. on Monday.")[0],
            (Slot::Time, 705.0)
        );
        assert_eq!(
            slots("He pulled her from the 15th-floor shaft."),
            [(Slot::Ordinal(vec!["floor".into()]), 15.0)]
        );
        assert_eq!(
            slots("In his 2011 autobiography he wrote it."),
            [(Slot::Year(vec!["memoir".into()]), 2011.0)]
        );
        // A date is no age.
        assert!(slots("It happened on June 17, 2016.").is_empty());
        // A comma with no space after it still sets an age apart.
        assert_eq!(
            slots("Abigail Williams,13, and Liberty German,14, were seen."),
            [
                (Slot::Age("williams".into()), 13.0),
                (Slot::Age("german".into()), 14.0)
            ]
        );
        // A memoir and an autobiography are one thing to date.
        let memoir = figures("He wrote in his 2012 memoir.");
        let autobiography = figures("In his 2011 autobiography, My Life, he recalled it.");
        assert_eq!(memoir[0].slot, autobiography[0].slot);
        assert_eq!(memoir[0].owner.as_deref(), Some("his"));
        assert_eq!(autobiography[0].owner, memoir[0].owner);
    }

    #[test]
    fn numbers_in_names_are_no_counts() {
        assert!(slots("Flight 370 vanished with 239 people aboard.")
            .iter()
            .all(|(_, v)| *v == 239.0));
    }

    #[test]
    fn context_leaves_out_units_and_calendar_and_keeps_clause_names() {
        let f =
            &figures("In all, 104 people were killed Monday in Homs, an opposition stronghold.")[0];
        assert!(f.context.contains(&"die".to_owned()));
        assert!(!f.context.iter().any(|t| t == "monday" || t == "104"));
        assert_eq!(f.names, ["hom"]);
        let g = &figures("It was 1,300 miles northwest of Perth.")[0];
        assert!(!g.context.iter().any(|t| t == "mile" || t == "1"));
        assert_eq!(g.context_names, ["perth"]);
    }

    #[test]
    fn odd_tokens_are_read_without_panic() {
        for text in [
            "$ $. 1st- 12: a.m. -year-old 9-year-olds , 5, 1e999 99999999999999999999999 m",
            "1. 2, 3: 4st 5th- 6-7 8m- ’s 10:99 p.m. 13:00 a.m. once",
            "",
        ] {
            let _ = figures(text);
        }
    }

    #[test]
    fn rounding_and_other_things_are_no_disagreement() {
        let f = |slot: Slot, value: f64, hedged: bool| Figure {
            slot,
            value,
            hedged,
            bound: Bound::Exact,
            what: String::new(),
            context: Vec::new(),
            context_names: Vec::new(),
            names: Vec::new(),
            owner: None,
            weekdays: Vec::new(),
            given: Vec::new(),
        };
        let people = || count(&["peopl"]);
        assert!(disagree(
            &f(people(), 125.0, false),
            &f(people(), 144.0, false)
        ));
        assert!(!disagree(
            &f(people(), 2000.0, true),
            &f(people(), 1987.0, false)
        ));
        assert!(!disagree(
            &f(people(), 125.0, false),
            &f(people(), 7500.0, false)
        ));
        assert!(disagree(
            &f(people(), 150.0, false),
            &f(people(), 153.0, false)
        ));
        assert!(!disagree(
            &f(Slot::Length, 5500.0, false),
            &f(Slot::Length, 5471.8, false)
        ));
        // A hedged length rounds as a hedged count does; unhedged, 6% apart is a conflict.
        assert!(!disagree(
            &f(Slot::Length, 2_700_000.0, true),
            &f(Slot::Length, 2_557_000.0, true)
        ));
        assert!(disagree(
            &f(Slot::Length, 16.0, false),
            &f(Slot::Length, 15.0, false)
        ));
        assert!(disagree(
            &f(Slot::Time, 705.0, true),
            &f(Slot::Time, 630.0, true)
        ));
        assert!(!disagree(
            &f(Slot::Time, 705.0, true),
            &f(Slot::Time, 700.0, true)
        ));
        // A whole number and the same figure with its fraction.
        assert!(!disagree(
            &f(count(&["point"]), 18589.0, false),
            &f(count(&["point"]), 18589.69, false)
        ));
    }

    #[test]
    fn a_ceiling_holds_the_values_below_it() {
        let ram = |text: &str| figures(text).remove(0);
        let up_to = ram("It can take up to 16 gigabytes of memory.");
        let eight = ram("It has 8 gigabytes of memory.");
        let twenty = ram("It has 20 gigabytes of memory.");
        assert_eq!(up_to.bound, Bound::AtMost);
        assert!(!disagree(&up_to, &eight));
        assert!(disagree(&up_to, &twenty));
        // A floor is reported as the count.
        let at_least = ram("At least 10 jurors refused to serve.");
        assert_eq!(at_least.bound, Bound::Exact);
        assert!(disagree(
            &at_least,
            &ram("Some 20 jurors refused to serve.")
        ));
    }

    #[test]
    fn ages_keep_their_given_names_and_prices_from_are_no_amounts() {
        let child = figures("They found 6-year-old Rene Pasztor in the car.").remove(0);
        let mother = figures("Pasztor, 29, was charged.").remove(0);
        let full = figures("Kevin Deon Johnson, 24, was arrested.").remove(0);
        assert_eq!(child.given, vec!["rene"]);
        assert!(mother.given.is_empty());
        assert_eq!(full.given, vec!["deon", "kevin"]);
        assert!(given_names_meet(&full.given, &["kevin".to_owned()]));
        assert!(given_names_meet(
            &["libby".to_owned()],
            &["liberty".to_owned()]
        ));
        assert!(!given_names_meet(&child.given, &["amanda".to_owned()]));
        assert!(figures("Its cheapest configuration starts at $1,000.").is_empty());
        // Sums of money far apart are different sums (a total and a share).
        let total = figures("The couple will receive $3.4 million.").remove(0);
        let each = figures("Each will receive about $1.84 million.").remove(0);
        let near = figures("The couple will receive $3.2 million.").remove(0);
        assert!(!disagree(&total, &each));
        assert!(disagree(&total, &near));
        assert!(figures("This was repeated for the remaining two ads.").is_empty());
    }

    #[test]
    fn parts_of_a_set_durations_and_bare_percentages_are_no_counts() {
        assert!(slots("Eight of the children were hurt.").is_empty());
        assert!(slots("He was convicted on four of five charges.").len() == 1);
        assert!(slots("They were married for 37 years.").is_empty());
        assert!(slots("Shares rose 5 percent.").is_empty());
    }

    #[test]
    fn a_percentage_is_of_what_follows_it() {
        let tax = figures("A 15 percent tax on wholesale goods took effect.");
        let sales = figures("The state takes about 32 percent of legal sales.");
        assert_eq!(tax.len(), 1);
        assert_eq!(sales.len(), 1);
        assert_eq!(tax[0].what, "the percentage of tax");
        assert_eq!(sales[0].what, "the percentage of legal sales");
        assert!(
            matches!((&tax[0].slot, &sales[0].slot), (Slot::Count(a), Slot::Count(b)) if !a.iter().any(|w| b.contains(w)))
        );
    }

    #[test]
    fn figures_know_the_weekdays_of_their_sentence() {
        let f = figures("On Friday's close the index fell 666 points, after Monday's rise.");
        assert_eq!(f[0].weekdays, ["friday", "monday"]);
        assert!(figures("The index fell 666 points.")[0].weekdays.is_empty());
    }
}
