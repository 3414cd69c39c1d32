//! Time expressions put on the calendar relative to a reference date.
//!
//! [`find`] recognises, with regular expressions compiled once:
//! - absolute dates: "March 10, 2025", "Wednesday, March 19", "10 March", "05/02/07",
//!   "2025-02-18"; months: "February 2022", "July of this year", "early March", "in November";
//!   years in year contexts: "in 2019", "the 2019 election", "from 1996 to 2000";
//! - days relative to the reference date: "yesterday", "today", "last night", weekdays with their
//!   modifiers and parts of day ("on Monday" gives "Monday", "late Tuesday afternoon",
//!   "midmorning Monday", "last Friday");
//! - weeks, months and years: "last week", "later this week", "the weekend", "this month",
//!   "last year", "the end of the week";
//! - approximate points: "nearly three years ago", "two weeks ago", "decades ago", "recently"
//!   (the reference month).
//!
//! News conventions: a bare weekday in a past-tense clause is the most recent such day on or
//! before the reference date; in a future clause ("will meet Friday", "is expected Friday") the
//! first on or after it. A month and day without a year take the year nearest the reference date.
//! Without a reference date, the text's own date is used where it fixes one ([`publication_date`]);
//! where it only reports earlier full dates, a month and day without a year in the two months
//! before the latest of them take its year, and other relative expressions stay unresolved; else
//! only absolute expressions are returned. Clock times, durations
//! ("for three years") and numbers that are not years are skipped.

mod anchor;
mod calendar;
mod context;
mod spans;

pub use anchor::{anchor, anchor_among, publication_date, written_years, Anchor};

use calendar::Direction;
use chorus_core::analysis::{Granularity, Span, TimeExpression};
use chrono::{Datelike, NaiveDate, Weekday};
use regex::{Captures, Regex};
use std::collections::BTreeMap;
use std::sync::LazyLock;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Abbreviations, accepted only next to a day or a year ("Feb. 18", "Sept 2019").
const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Weekday abbreviations, accepted only before a date ("Wed May 5, 2010").
const WEEKDAY_ABBREVIATIONS: [&str; 11] = [
    "Mon", "Tues", "Tue", "Wed", "Thurs", "Thur", "Thu", "Fri", "Sat", "Sun", "Weds",
];

/// An ASCII word boundary (fast on any text, unlike the Unicode one).
const B: &str = r"(?-u:\b)";
/// Spaces within a line.
const S: &str = r"(?u-i:[^\S\n]+)";
/// Between "mid"/"early"/"late" and what they modify.
const MOD_SEP: &str = r"(?u:-|[^\S\n]+)";

/// Title-case and upper-case forms of `words`, as a regex alternation.
fn alternation(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|w| [w.to_string(), w.to_uppercase()])
        .collect::<Vec<_>>()
        .join("|")
}

/// The regular expressions, compiled once.
struct Patterns {
    month_day: Regex,
    day_month: Regex,
    month_year: Regex,
    month_alone: Regex,
    numeric: Regex,
    iso: Regex,
    weekday: Regex,
    relative_day: Regex,
    relative_period: Regex,
    ago: Regex,
    recently: Regex,
    year: Regex,
    holiday: Regex,
}

/// Builds the time patterns now (see [`crate::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&PATTERNS);
    LazyLock::force(&RANGE_YEAR);
    spans::prepare();
    anchor::prepare();
}

/// Compiles a time pattern with Unicode off by default: case folding, digits and word boundaries
/// are ASCII (dates, numbers and month names are written in ASCII), which makes the patterns
/// several times faster to compile, and that is on the start-up path of every command; the
/// whitespace between words ([`S`], [`MOD_SEP`]) stays Unicode, so a no-break space still
/// separates them.
pub(super) fn compile(pattern: &str) -> Regex {
    regex::RegexBuilder::new(pattern)
        .unicode(false)
        .build()
        .expect("valid time pattern")
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let full_month = format!("(?:{}){B}", alternation(&MONTHS));
    let month = format!(
        r"(?:{full_month}|(?:{}){B}\.?)",
        alternation(&MONTH_ABBREVIATIONS)
    );
    let weekday = format!("(?:{})", alternation(&WEEKDAYS));
    let any_weekday = format!(
        r"(?:{weekday}|(?:{}){B}\.?)",
        alternation(&WEEKDAY_ABBREVIATIONS)
    );
    let year = r"(?:19|20)\d{2}";
    let part = "(?i:morning|afternoon|evening|night|overnight)";
    let re = |p: String| compile(&p);
    Patterns {
        month_day: re(format!(
            r"{B}(?:(?P<wd>{any_weekday}),?{S})?(?P<mon>{month}){S}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{B}(?:(?:(?u:[^\S\n]*),(?u:[^\S\n]*)|{S})(?P<year>{year}){B})?"
        )),
        day_month: re(format!(
            r"{B}(?:(?P<wd>{weekday}),?{S})?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{S}(?:of{S})?(?P<mon>{month})(?:,?{S}(?P<year>{year}){B})?"
        )),
        month_year: re(format!(
            r"{B}(?:(?P<mod>(?i:early|late|mid)){MOD_SEP})?(?P<mon>{month}),?{S}(?:of{S})?(?:(?P<year>{year}){B}|(?P<rel>(?i:this|last|next)){S}(?i:year){B})"
        )),
        month_alone: re(format!(
            r"{B}(?:(?P<mod>(?i:early|late|mid|last|this|next)){MOD_SEP})?(?P<mon>{full_month})"
        )),
        numeric: re(format!(
            r"{B}(?P<a>\d{{1,2}})(?u:[^\S\n]?)(?P<s1>[/.-])(?u:[^\S\n]?)(?P<b>\d{{1,2}})(?u:[^\S\n]?)(?P<s2>[/.-])(?u:[^\S\n]?)(?P<y>\d{{4}}|\d{{2}}){B}"
        )),
        iso: re(format!(
            r"{B}(?P<y>{year})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){B}"
        )),
        weekday: re(format!(
            r"{B}(?:(?P<pre>(?i:last|next|this|earlier|later|early|late|midmorning|midafternoon|midday|mid-morning|mid-afternoon)){S})?(?:(?P<pre2>(?i:early|late)){S})?(?P<wd>{weekday}){B}(?:{S}(?P<part>{part}){B})?"
        )),
        relative_day: re(format!(
            r"{B}(?i:(?:(?P<mod>earlier|later){S})?(?P<w>yesterday|today|tomorrow|tonight|last{S}night|the{S}day{S}before{S}yesterday|the{S}day{S}after{S}tomorrow|this{S}(?:morning|afternoon|evening))(?:{S}(?P<part>morning|afternoon|evening|night))?){B}"
        )),
        relative_period: re(format!(
            r"{B}(?i:(?P<mod>(?:earlier|later){S}this|(?:the{S})?(?:end|start|beginning|middle){S}of{S}(?:the|this|last|next)|(?:(?:early|late|mid){S})?(?:last|next|this)|the){S}(?P<unit>weekend|week|month|year)){B}"
        )),
        ago: re(format!(
            r"{B}(?i:(?:(?P<hedge>about|nearly|almost|roughly|around|approximately|some|more{S}than|over|less{S}than|just{S}over|just{S}under|close{S}to|barely|just|only){S})?(?:(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a{S}few|a{S}couple(?:{S}of)?|\d{{1,3}}){S})?(?P<unit>days?|weeks?|months?|years?|decades?){S}ago){B}"
        )),
        recently: re(format!(r"{B}(?i:recently){B}")),
        holiday: re(format!(
            r"{B}(?P<h>Christmas(?:{S}(?:Eve|Day))?|New{S}Year(?:'|’)s{S}(?:Eve|Day)|Valentine(?:'|’)s{S}Day|Halloween|Thanksgiving(?:{S}Day)?|Independence{S}Day|Fourth{S}of{S}July|July{S}Fourth)(?-u:\b)(?:,?{S}(?P<year>{year}){B})?"
        )),
        year: re(format!(
            r"{B}(?:(?P<mod>(?i:early|late|mid)){MOD_SEP})?(?P<y>{year}){B}"
        )),
    }
});

/// The rest of a day range after a month and day: "-23, 2017", " to 23, 2017".
static RANGE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?u:[^\S\n]*)(?:-|–|to|through|and)(?u:[^\S\n]*)\d{1,2}(?:st|nd|rd|th)?,?(?u:[^\S\n]+)(?P<year>(?:19|20)\d{2})(?-u:\b)",
    )
});

/// The TIMEX3 type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimexKind {
    /// A calendar point or period: a day, week, month, quarter, season, year, decade,
    /// or a reference to the past, present or future.
    Date,
    /// A time of day, or a part of a day.
    Time,
    /// A length of time ("three years", "the past two months").
    Duration,
    /// A recurrence ("daily", "every month").
    Set,
}

/// A time expression with its TIMEX3 type and value (TimeML conventions: `1998-02-13`,
/// `1998-W07`, `1998-Q3`, `1998-SU`, `199`, `PRESENT_REF`, `P2Y`, `PXM`, `XXXX-XX-XX`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// Where it is.
    pub span: Span,
    /// Its type.
    pub kind: TimexKind,
    /// Its normalized value.
    pub value: String,
}

/// How far (in days) a month and day without a year may be from the reference date before
/// the clause's tense, rather than nearness, chooses its year.
const FAR_DAYS: i64 = 90;

/// How many days before a text's latest full date an undated day may be to take its year.
const BOUND_REACH_DAYS: i64 = 61;

/// One recognised expression before overlaps are settled.
struct Candidate {
    start: usize,
    end: usize,
    /// The point on the calendar and its precision, for what is a point.
    point: Option<(String, Granularity)>,
    kind: TimexKind,
    /// The TIMEX3 value.
    timex: String,
}

/// Collects candidates for one text.
struct Finder<'t> {
    text: &'t str,
    reference: Option<NaiveDate>,
    /// Without a reference, the latest full date the text reports: days without a year in the
    /// two months before it take its year.
    not_before: Option<NaiveDate>,
    found: Vec<Candidate>,
}

/// Finds time expressions in text order, never overlapping; relative ones ("Tuesday",
/// "last week") only when a reference date (the article's publication date) is given or the
/// text fixes one.
pub fn find(text: &str, reference: Option<NaiveDate>) -> Vec<TimeExpression> {
    find_bounded(text, reference, None)
}

/// [`find`], with `not_before` a date the article is known to be published on or after (from
/// what its text does not hold, such as its captions' dates): without a reference date, it
/// gives its year to an undated day in the two months before it, as a full date of the text
/// does.
pub fn find_bounded(
    text: &str,
    reference: Option<NaiveDate>,
    not_before: Option<NaiveDate>,
) -> Vec<TimeExpression> {
    candidates_bounded(text, reference, not_before)
        .into_iter()
        .filter_map(|c| {
            let (value, granularity) = c.point?;
            Some(TimeExpression {
                span: Span::new(c.start, c.end),
                value,
                granularity,
            })
        })
        .collect()
}

/// Tags every time expression, points, durations and recurrences, with its TIMEX3 type and
/// value, in text order and never overlapping; the points are those [`find`] returns.
pub fn tag(text: &str, reference: Option<NaiveDate>) -> Vec<Timex> {
    candidates(text, reference)
        .into_iter()
        .map(|c| Timex {
            span: Span::new(c.start, c.end),
            kind: c.kind,
            value: c.timex,
        })
        .collect()
}

/// Every expression found, overlaps settled.
fn candidates(text: &str, reference: Option<NaiveDate>) -> Vec<Candidate> {
    candidates_bounded(text, reference, None)
}

/// [`candidates`], with a lower bound on the publication date from outside the text.
fn candidates_bounded(
    text: &str,
    reference: Option<NaiveDate>,
    bound: Option<NaiveDate>,
) -> Vec<Candidate> {
    let (reference, not_before) = match (
        reference,
        reference.map_or_else(|| anchor::anchor(text), |_| None),
    ) {
        (Some(r), _) => (Some(r), None),
        (None, Some(anchor::Anchor::Date(d))) => (Some(d), None),
        (None, Some(anchor::Anchor::NotBefore(d))) => (None, Some(d.max(bound.unwrap_or(d)))),
        (None, None) => (None, bound),
    };
    let mut finder = Finder {
        text,
        reference,
        not_before,
        found: Vec::new(),
    };
    // First, so that their TIMEX3 values win over a point's of the same span.
    finder.spans();
    finder.dates();
    finder.months();
    finder.numeric();
    finder.years();
    if reference.is_some() {
        finder.weekdays();
        finder.relative_days();
        finder.relative_periods();
        finder.ago();
        finder.recently();
    }
    finder.holidays();
    select(finder.found)
}

/// Keeps the longest candidates that do not overlap a longer (or equally long, earlier) one.
fn select(mut found: Vec<Candidate>) -> Vec<Candidate> {
    found.sort_by_key(|c| (std::cmp::Reverse(c.end - c.start), c.start));
    let mut kept: BTreeMap<usize, Candidate> = BTreeMap::new();
    for c in found {
        let before = kept.range_mut(..c.end).next_back();
        match before {
            // The same span found twice: its point from one, its TIMEX3 value from the first.
            Some((_, k)) if k.start == c.start && k.end == c.end => {
                if k.point.is_none() {
                    k.point = c.point;
                }
            }
            Some((_, k)) if k.end > c.start => {}
            _ => {
                kept.insert(c.start, c);
            }
        }
    }
    kept.into_values().collect()
}

/// The month (1-12) a month name or abbreviation stands for.
fn month_number(name: &str) -> Option<u32> {
    let head = name.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| m[..3].eq_ignore_ascii_case(&head))
        .map(|i| i as u32 + 1)
}

/// The weekday a weekday name or abbreviation stands for.
fn weekday_of(name: &str) -> Option<Weekday> {
    let head = name.get(..3)?;
    WEEKDAYS
        .iter()
        .position(|w| w[..3].eq_ignore_ascii_case(head))
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

/// A two- or four-digit year as a full year (two digits: 1950-2049).
fn full_year(digits: &str) -> Option<i32> {
    let y: i32 = digits.parse().ok()?;
    Some(match digits.len() {
        2 if y < 50 => 2000 + y,
        2 => 1900 + y,
        _ => y,
    })
}

/// The TIMEX3 code of a part of the day ("morning" → `MO`), if `word` names one.
fn part_of_day(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    let w = w.trim_start_matches("mid").trim_start_matches('-');
    Some(match w {
        "morning" => "MO",
        "day" => "MI",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "tonight" | "overnight" => "NI",
        _ => return None,
    })
}

/// The number a counting word stands for.
fn count(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = match w.as_str() {
        "a" | "an" | "one" => 1,
        "two" | "a couple" | "a couple of" => 2,
        "three" | "a few" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "thirteen" => 13,
        "fourteen" => 14,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "a hundred" | "one hundred" => 100,
        _ => {
            // "twenty four", "twenty-four".
            let mut parts = w.split([' ', '-']);
            let (Some(tens), Some(ones), None) = (parts.next(), parts.next(), parts.next()) else {
                return w.parse().ok();
            };
            let (tens, ones) = (count(tens)?, count(ones)?);
            return (tens % 10 == 0 && (20..=90).contains(&tens) && ones < 10)
                .then_some(tens + ones);
        }
    };
    Some(n)
}

/// Words after a weekday that make it part of a name ("Sunday Times", "Friday prayers" stay).
const WEEKDAY_NAME_AFTER: &[&str] = &[
    "Times",
    "Telegraph",
    "Mirror",
    "Express",
    "Post",
    "Herald",
    "Mail",
    "Independent",
    "Star",
    "Tribune",
    "Sport",
    "Night",
    "Football",
    "school",
    "School",
];

/// Words before a weekday that make it a holiday or a name ("Good Friday", "Super Tuesday").
const WEEKDAY_NAME_BEFORE: &[&str] = &[
    "Good", "Black", "Super", "Ash", "Cyber", "Bloody", "Holy", "Palm", "Easter", "Maundy", "Fat",
    "Shrove", "Giving", "Manic", "Blue", "Girl",
];

/// Words before a bare month name that make it a date ("in March", "since January").
const MONTH_CUES: &[&str] = &[
    "in", "since", "until", "till", "by", "during", "from", "through", "before", "after", "of",
    "early", "late", "mid", "last", "this", "next",
];

/// Words before a number that make it a year ("in 2019", "the 2019 election").
const YEAR_CUES: &[&str] = &[
    "in",
    "since",
    "from",
    "until",
    "till",
    "through",
    "throughout",
    "during",
    "before",
    "after",
    "between",
    "by",
    "of",
    "circa",
    "into",
    "due",
    "both",
    "for",
    "year",
    "fiscal",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "the",
    "a",
    "an",
    "this",
    "that",
    "its",
    "his",
    "her",
    "their",
    "our",
];

/// Words that link a second year or month to a first ("from 1996 to 2000", "2010 and 2012").
const CHAIN_CUES: &[&str] = &["and", "or", "to", "through", "until", "-", "–"];

/// Nouns after a number that make it a year whatever precedes it ("2022 invasion").
const YEAR_NOUNS: &[&str] = &[
    "election",
    "elections",
    "midterm",
    "midterms",
    "campaign",
    "season",
    "census",
    "budget",
    "olympics",
    "games",
    "summit",
    "invasion",
    "war",
    "crisis",
    "riots",
    "attack",
    "attacks",
    "uprising",
    "revolution",
    "referendum",
    "protests",
    "playoffs",
    "draft",
];

/// Words that neither modify a year nor are modified by one ("about 2000", "2000 of").
const FUNCTION_WORDS: &[&str] = &[
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "some",
    "over",
    "under",
    "than",
    "least",
    "most",
    "only",
    "just",
    "exactly",
    "the",
    "and",
    "but",
    "for",
    "from",
    "with",
    "was",
    "were",
    "are",
    "been",
    "has",
    "had",
    "have",
    "will",
    "would",
    "per",
    "that",
    "which",
    "who",
    "more",
    "less",
    "times",
    "out",
    "percent",
    "into",
    "onto",
    "upon",
    "reached",
    "hit",
    "scored",
    "totalled",
    "totaled",
    "number",
    "numbered",
    "page",
    "room",
    "route",
    "flight",
];

/// Nouns after a number that make it a count ("2000 people").
const COUNT_NOUNS: &[&str] = &[
    "people",
    "men",
    "women",
    "children",
    "police",
    "troops",
    "staff",
    "feet",
    "personnel",
];

/// Words ending in "s" that are not plural nouns.
const NOT_PLURAL: &[&str] = &[
    "was", "is", "has", "as", "its", "this", "his", "us", "thus", "plus", "versus", "whereas",
    "perhaps", "always", "series", "news", "unless", "across",
];

impl Finder<'_> {
    /// A point on the calendar, a DATE of the same value.
    fn push(&mut self, start: usize, end: usize, value: String, granularity: Granularity) {
        let timex = value.clone();
        self.push_point(start, end, (value, granularity), TimexKind::Date, timex);
    }

    /// A point on the calendar whose TIMEX3 type or value differs from the point's ("this
    /// morning" is a TIME `…TMO`, "recently" `PAST_REF`).
    fn push_point(
        &mut self,
        start: usize,
        end: usize,
        point: (String, Granularity),
        kind: TimexKind,
        timex: String,
    ) {
        self.found.push(Candidate {
            start,
            end,
            point: Some(point),
            kind,
            timex,
        });
    }

    /// An expression that is not a point of the timeline: a duration, a recurrence, a time
    /// reference without a calendar value.
    fn push_timex(&mut self, start: usize, end: usize, kind: TimexKind, timex: String) {
        self.found.push(Candidate {
            start,
            end,
            point: None,
            kind,
            timex,
        });
    }

    /// A day, a TIME of that part of it when a part is named ("Tuesday night" → `…TNI`).
    fn push_day(&mut self, start: usize, end: usize, date: NaiveDate, part: Option<&str>) {
        let value = calendar::day(date);
        match part {
            Some(part) => {
                let timex = format!("{value}T{part}");
                self.push_point(
                    start,
                    end,
                    (value, Granularity::Day),
                    TimexKind::Time,
                    timex,
                );
            }
            None => self.push(start, end, value, Granularity::Day),
        }
    }

    /// Which way a weekday or weekend without "last"/"next" points, from its clause; without a
    /// cue, news reports the past.
    fn tense(&self, start: usize, end: usize) -> Direction {
        match context::tense(self.text, start, end) {
            Some(true) => Direction::Future,
            _ => Direction::Past,
        }
    }

    /// Month-day and day-month dates, with or without a weekday and a year.
    fn dates(&mut self) {
        let p = &*PATTERNS;
        for re in [&p.month_day, &p.day_month] {
            for c in re.captures_iter(self.text) {
                self.date(&c);
            }
        }
    }

    fn date(&mut self, c: &Captures) {
        let whole = c.get(0).expect("match");
        let after = &self.text[whole.end()..];
        let clock = after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit());
        if clock || after.starts_with(['/', '%']) {
            return;
        }
        let Some(month) = month_number(&c["mon"]) else {
            return;
        };
        let Ok(day) = c["day"].parse::<u32>() else {
            return;
        };
        // "March 8 to 23, 2017": the year closing a range also dates its start.
        let year = c.name("year").map(|y| y.as_str()).or_else(|| {
            RANGE_YEAR
                .captures(after)
                .and_then(|r| r.name("year"))
                .map(|y| y.as_str())
        });
        let date = match year.and_then(|y| y.parse().ok()) {
            Some(year) => NaiveDate::from_ymd_opt(year, month, day),
            None => match (self.reference, self.not_before) {
                (Some(r), _) => calendar::nearest(r, month, day).map(|nearest| {
                    // Far from the reference, the clause's tense says which year.
                    let far = (nearest - r).num_days().abs() > FAR_DAYS;
                    match context::tense(self.text, whole.start(), whole.end()) {
                        Some(false) if far && nearest > r => {
                            NaiveDate::from_ymd_opt(nearest.year() - 1, month, day)
                                .unwrap_or(nearest)
                        }
                        Some(true) if far && nearest < r => {
                            NaiveDate::from_ymd_opt(nearest.year() + 1, month, day)
                                .unwrap_or(nearest)
                        }
                        _ => nearest,
                    }
                }),
                (None, Some(bound)) => NaiveDate::from_ymd_opt(bound.year(), month, day)
                    .filter(|d| (0..=BOUND_REACH_DAYS).contains(&(bound - *d).num_days())),
                (None, None) => None,
            },
        };
        if let Some(date) = date {
            self.push(
                whole.start(),
                whole.end(),
                calendar::day(date),
                Granularity::Day,
            );
        }
    }

    /// "February 2022", "July of this year", "early March", "in November", "last October".
    fn months(&mut self) {
        let p = &*PATTERNS;
        for c in p.month_year.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let Some(month) = month_number(&c["mon"]) else {
                continue;
            };
            let year = match (c.name("year"), c.name("rel"), self.reference) {
                (Some(y), _, _) => y.as_str().parse().ok(),
                (None, Some(rel), Some(r)) => {
                    Some(match rel.as_str().to_ascii_lowercase().as_str() {
                        "last" => r.year() - 1,
                        "next" => r.year() + 1,
                        _ => r.year(),
                    })
                }
                _ => None,
            };
            if let Some(year) = year {
                self.push(
                    whole.start(),
                    whole.end(),
                    calendar::month(year, month),
                    Granularity::Month,
                );
            }
        }
        let Some(reference) = self.reference else {
            return;
        };
        let mut last_end = None;
        for c in p.month_alone.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let (start, end) = (whole.start(), whole.end());
            let modifier = c.name("mod").map(|m| m.as_str().to_ascii_lowercase());
            let before = context::prev_word(self.text, start).to_ascii_lowercase();
            let chained = CHAIN_CUES.contains(&before.as_str())
                && last_end.is_some_and(|e: usize| start - e < 24);
            let after = &self.text[end..];
            let possessive = after.starts_with("'s") || after.starts_with("’s");
            if possessive
                || (modifier.is_none() && !MONTH_CUES.contains(&before.as_str()) && !chained)
            {
                continue;
            }
            let Some(month) = month_number(&c["mon"]) else {
                continue;
            };
            let direction = match modifier.as_deref() {
                Some("last") => Some(Direction::Last),
                Some("next") => Some(Direction::Next),
                _ => match context::tense(self.text, start, end) {
                    Some(true) => Some(Direction::Future),
                    Some(false) => Some(Direction::Past),
                    None => None,
                },
            };
            // "this September": the reference year's; without a tense cue, the nearest.
            let (year, month) = match direction {
                _ if modifier.as_deref() == Some("this") => (reference.year(), month),
                Some(direction) => calendar::month_of(reference, month, direction),
                None => calendar::nearest_month(reference, month),
            };
            self.push(start, end, calendar::month(year, month), Granularity::Month);
            last_end = Some(end);
        }
    }

    /// "05/02/07" (US order unless the first number cannot be a month) and "2025-02-18".
    fn numeric(&mut self) {
        let p = &*PATTERNS;
        let text = self.text;
        let isolated = |start: usize, end: usize| {
            let before = text[..start].chars().next_back();
            let mut after = text[end..].chars();
            let (next, second) = (after.next(), after.next());
            let glued = matches!(before, Some('/' | '-' | '.'))
                || matches!(next, Some('/' | '-'))
                || (next == Some('.') && second.is_some_and(|c| c.is_ascii_digit()));
            !glued
        };
        for c in p.numeric.captures_iter(text) {
            let whole = c.get(0).expect("match");
            if !isolated(whole.start(), whole.end()) {
                continue;
            }
            // Slashes take two- or four-digit years; dots and hyphens only four ("08.05.2017",
            // "12-29-2016"), so that scores and version numbers stay out.
            let separator = &c["s1"];
            if separator != &c["s2"] || (separator != "/" && c["y"].len() != 4) {
                continue;
            }
            let (Ok(a), Ok(b), Some(year)) = (
                c["a"].parse::<u32>(),
                c["b"].parse::<u32>(),
                full_year(&c["y"]),
            ) else {
                continue;
            };
            // Dots are day-first (European); slashes and hyphens month-first (US) unless the
            // first number cannot be a month.
            let (month, day) = if a > 12 || separator == "." {
                (b, a)
            } else {
                (a, b)
            };
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                self.push(
                    whole.start(),
                    whole.end(),
                    calendar::day(date),
                    Granularity::Day,
                );
            }
        }
        for c in p.iso.captures_iter(text) {
            let whole = c.get(0).expect("match");
            if !isolated(whole.start(), whole.end()) {
                continue;
            }
            let date = NaiveDate::from_ymd_opt(
                c["y"].parse().unwrap_or(0),
                c["m"].parse().unwrap_or(0),
                c["d"].parse().unwrap_or(0),
            );
            if let Some(date) = date {
                self.push(
                    whole.start(),
                    whole.end(),
                    calendar::day(date),
                    Granularity::Day,
                );
            }
        }
    }

    /// Four-digit numbers 1900-2099 in year contexts.
    fn years(&mut self) {
        let p = &*PATTERNS;
        let text = self.text;
        let mut last_end: Option<usize> = None;
        for c in p.year.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let y = c.name("y").expect("year group");
            if !self.is_year(c.name("mod").is_some(), y.start(), y.end(), last_end) {
                continue;
            }
            last_end = Some(whole.end());
            self.push(
                whole.start(),
                whole.end(),
                calendar::year(y.as_str().parse().unwrap_or(0)),
                Granularity::Year,
            );
        }
    }

    /// Whether the number at `start..end` is a year, from the characters and words around it.
    fn is_year(&self, modified: bool, start: usize, end: usize, last_year: Option<usize>) -> bool {
        let text = self.text;
        let raw_before = text[..start].chars().next_back();
        let mut before_chars = text[..start].chars().rev();
        let _ = before_chars.next();
        let digit_before = before_chars.next().is_some_and(|c| c.is_ascii_digit());
        if matches!(raw_before, Some('$' | '€' | '£' | '#' | '/' | '№'))
            || (matches!(raw_before, Some(',' | '.')) && digit_before)
        {
            return false;
        }
        let after = &text[end..];
        let mut after_chars = after.chars();
        let next = after_chars.next();
        let digit_next = after_chars.next().is_some_and(|c| c.is_ascii_digit());
        if matches!(next, Some('%' | '/')) || (matches!(next, Some(',' | '.' | ':')) && digit_next)
        {
            return false;
        }
        if matches!(next, Some('-' | '–')) && digit_next {
            let range_end = after
                .get(next.map_or(0, char::len_utf8)..)
                .is_some_and(|rest| {
                    rest.len() >= 4
                        && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                        && !rest.as_bytes().get(4).is_some_and(u8::is_ascii_digit)
                        && (rest.starts_with("19") || rest.starts_with("20"))
                });
            if !range_end {
                return false;
            }
        }
        let following = context::next_word(text, end);
        if following.eq_ignore_ascii_case("percent") {
            return false;
        }
        let following_lower = following.to_lowercase();
        if YEAR_NOUNS.contains(&following_lower.as_str()) || modified {
            return true;
        }
        let counted = following.starts_with(|c: char| c.is_lowercase())
            && (COUNT_NOUNS.contains(&following_lower.as_str())
                || (following_lower.len() > 3
                    && following_lower.ends_with('s')
                    && !following_lower.ends_with("ss")
                    && !NOT_PLURAL.contains(&following_lower.as_str())));
        if counted {
            return false;
        }
        let (previous_start, previous) = context::prev_word_at(text, start);
        let previous_lower = previous.to_lowercase();
        if previous_lower == "as" {
            // "as early as 2010", "as far back as 2010", "as recently as 2019".
            let before_as = context::prev_word(text, previous_start).to_lowercase();
            return ["early", "late", "recently", "back", "soon", "long"]
                .contains(&before_as.as_str());
        }
        if previous_lower == "to" {
            // "dating back to 1994", "dates to 1994".
            let before_to = context::prev_word(text, previous_start).to_lowercase();
            if ["back", "dating", "dates", "dated", "date"].contains(&before_to.as_str()) {
                return true;
            }
        }
        // "in 1994, 1995 and 1997": a list of years.
        let listed = previous.is_empty() && context::prev_char(text, start) == Some(',');
        let chained = last_year.is_some_and(|e| start - e < 24)
            && (CHAIN_CUES.contains(&previous_lower.as_str())
                || listed
                || matches!(raw_before, Some('-' | '–')));
        if chained || YEAR_CUES.contains(&previous_lower.as_str()) {
            return true;
        }
        if previous.ends_with(['\'', '’']) || previous_lower.ends_with("’s") {
            return true;
        }
        if previous_lower.ends_with("'s") && previous.len() > 2 {
            return true;
        }
        // "1996's Hell on Earth", "(2004)".
        if after.starts_with("'s")
            || after.starts_with("’s")
            || (raw_before == Some('(') && next == Some(')'))
        {
            return true;
        }
        // "a contentious 1998 battle": an adjective, the year, a singular noun.
        let modifies = |w: &str| {
            w.len() > 2
                && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !FUNCTION_WORDS.contains(&w)
        };
        if modifies(&previous_lower) && previous == previous_lower && modifies(following) {
            return true;
        }
        let sentence_start = matches!(
            context::prev_char(text, start),
            None | Some('.' | '!' | '?' | '"' | '“' | '\n')
        ) && previous.is_empty();
        sentence_start
            && (next == Some(',')
                || ["is", "was", "will", "has", "had", "saw"].contains(&following_lower.as_str()))
    }

    /// Weekdays with their modifiers and parts of day.
    fn weekdays(&mut self) {
        let Some(reference) = self.reference else {
            return;
        };
        let p = &*PATTERNS;
        for c in p.weekday.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let (start, end) = (whole.start(), whole.end());
            let wd = c.name("wd").expect("weekday group");
            let before = context::prev_word(self.text, start);
            let after = context::next_word(self.text, wd.end());
            if (c.name("pre").is_none() && WEEKDAY_NAME_BEFORE.contains(&before))
                || (c.name("part").is_none() && WEEKDAY_NAME_AFTER.contains(&after))
            {
                continue;
            }
            let Some(weekday) = weekday_of(wd.as_str()) else {
                continue;
            };
            let direction = match c
                .name("pre")
                .map(|m| m.as_str().to_ascii_lowercase())
                .as_deref()
            {
                Some("last") => Direction::Last,
                Some("next") => Direction::Next,
                Some("earlier") => Direction::Past,
                _ => self.tense(start, end),
            };
            let date = calendar::weekday(reference, weekday, direction);
            self.push(start, end, calendar::day(date), Granularity::Day);
        }
    }

    /// "yesterday", "today", "tomorrow", "tonight", "last night", "this morning".
    fn relative_days(&mut self) {
        let Some(reference) = self.reference else {
            return;
        };
        let p = &*PATTERNS;
        for c in p.relative_day.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let (start, end) = (whole.start(), whole.end());
            let word = c["w"].to_ascii_lowercase();
            let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
            let before = context::prev_word(self.text, start);
            let after = context::next_word(self.text, end).to_ascii_lowercase();
            // "USA Today", "a TODAY poll", "the Today show".
            if ["usa", "a", "the"].contains(&before.to_ascii_lowercase().as_str())
                || (word == "today" && ["show", "programme", "program"].contains(&after.as_str()))
                || (word == "last night" && before.eq_ignore_ascii_case("the"))
            {
                continue;
            }
            let shift = match word.as_str() {
                "yesterday" | "last night" => -1,
                "tomorrow" => 1,
                "the day before yesterday" => -2,
                "the day after tomorrow" => 2,
                _ => 0,
            };
            let part = c
                .name("part")
                .map(|m| m.as_str())
                .or_else(|| word.split_whitespace().last())
                .and_then(part_of_day);
            if let Some(date) = calendar::add_days(reference, shift) {
                self.push_day(start, end, date, part);
            }
        }
    }

    /// "last week", "this month", "next year", "the weekend", "later this week",
    /// "the end of the week".
    fn relative_periods(&mut self) {
        let Some(reference) = self.reference else {
            return;
        };
        let p = &*PATTERNS;
        for c in p.relative_period.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let (start, end) = (whole.start(), whole.end());
            let modifier = c["mod"].to_ascii_lowercase();
            let unit = c["unit"].to_ascii_lowercase();
            let last_word = modifier.split_whitespace().last().unwrap_or("");
            let shift = match last_word {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            let before = context::prev_word(self.text, start).to_ascii_lowercase();
            let bare = matches!(modifier.as_str(), "last" | "next" | "this");
            if (modifier == "the" && unit != "weekend")
                || (bare && ["the", "a", "that", "every", "each"].contains(&before.as_str()))
            {
                continue;
            }
            let (value, granularity) = match unit.as_str() {
                "weekend" => {
                    let saturday = match (modifier.as_str(), shift) {
                        ("last", _) => calendar::add_days(reference, -2)
                            .map(|d| calendar::weekday(d, Weekday::Sat, Direction::Past)),
                        ("next", _) => calendar::add_days(reference, 2)
                            .map(|d| calendar::weekday(d, Weekday::Sat, Direction::Next)),
                        _ => Some(calendar::weekday(
                            reference,
                            Weekday::Sat,
                            self.tense(start, end),
                        )),
                    };
                    let Some(saturday) = saturday else {
                        continue;
                    };
                    (calendar::week(saturday), Granularity::Week)
                }
                "week" => {
                    let Some(d) = calendar::add_days(reference, 7 * shift) else {
                        continue;
                    };
                    (calendar::week(d), Granularity::Week)
                }
                "month" => {
                    let (y, m) =
                        calendar::shift_month(reference.year(), reference.month(), shift as i32);
                    (calendar::month(y, m), Granularity::Month)
                }
                _ => (
                    calendar::year(reference.year() + shift as i32),
                    Granularity::Year,
                ),
            };
            if unit == "weekend" {
                let timex = format!("{value}-WE");
                self.push_point(start, end, (value, granularity), TimexKind::Date, timex);
            } else {
                self.push(start, end, value, granularity);
            }
        }
    }

    /// "two weeks ago", "nearly three years ago", "decades ago".
    fn ago(&mut self) {
        let Some(reference) = self.reference else {
            return;
        };
        let p = &*PATTERNS;
        for c in p.ago.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let unit = c["unit"].to_ascii_lowercase();
            let unit = unit.trim_end_matches('s');
            let n = match c.name("n") {
                Some(n) => count(n.as_str()),
                None if unit == "decade" && c["unit"].len() > "decade".len() => Some(2),
                None => None,
            };
            let Some(n) = n.filter(|&n| n > 0) else {
                continue;
            };
            let vague = c.name("hedge").is_some()
                || c.name("n")
                    .is_some_and(|m| m.as_str().to_ascii_lowercase().starts_with("a "));
            let value = match unit {
                "day" => calendar::add_days(reference, -i64::from(n)).map(calendar::day),
                "week" => calendar::add_days(reference, -7 * i64::from(n)).map(calendar::week),
                "month" | "year" => {
                    let months = if unit == "year" { 12 * n } else { n };
                    calendar::months_before(reference, months)
                        .map(|d| calendar::month(d.year(), d.month()))
                }
                _ => Some(calendar::year(reference.year() - 10 * n as i32)),
            };
            let granularity = if unit == "day" && !vague {
                Granularity::Day
            } else {
                Granularity::Approximate
            };
            // TIMEX3 gives years back as a year ("two years ago" → `1996`).
            let timex = match unit {
                "year" | "decade" => value.as_ref().and_then(|v| v.get(..4)).map(str::to_owned),
                _ => value.clone(),
            };
            if let (Some(value), Some(timex)) = (value, timex) {
                let point = (value, granularity);
                self.push_point(whole.start(), whole.end(), point, TimexKind::Date, timex);
            }
        }
    }

    /// Holidays on fixed days ("Christmas Eve, 2016", "on Thanksgiving"): with their year, or
    /// the one before or after the reference date that the clause's tense points to. A bare
    /// holiday name is a date only after a preposition or "last"/"this"/"next" ("Christmas
    /// shopping" is not).
    fn holidays(&mut self) {
        let text = self.text;
        for c in PATTERNS.holiday.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let name = c["h"].to_ascii_lowercase();
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let on_day = |year: i32| -> Option<NaiveDate> {
                match name.as_str() {
                    "christmas eve" => NaiveDate::from_ymd_opt(year, 12, 24),
                    "christmas" | "christmas day" => NaiveDate::from_ymd_opt(year, 12, 25),
                    "new year's eve" | "new year’s eve" => NaiveDate::from_ymd_opt(year, 12, 31),
                    "new year's day" | "new year’s day" => NaiveDate::from_ymd_opt(year, 1, 1),
                    "valentine's day" | "valentine’s day" => NaiveDate::from_ymd_opt(year, 2, 14),
                    "halloween" => NaiveDate::from_ymd_opt(year, 10, 31),
                    "thanksgiving" | "thanksgiving day" => {
                        NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 4)
                    }
                    _ => NaiveDate::from_ymd_opt(year, 7, 4),
                }
            };
            let date = match (c.name("year"), self.reference) {
                (Some(y), _) => y.as_str().parse().ok().and_then(on_day),
                (None, Some(r)) => {
                    let before = context::prev_word(text, whole.start()).to_ascii_lowercase();
                    let cued = [
                        "on", "at", "before", "after", "since", "until", "by", "over", "for",
                        "this", "last", "next", "of",
                    ]
                    .contains(&before.as_str());
                    let possessive = text[whole.end()..].starts_with(['\'', '’']);
                    if !cued || possessive {
                        continue;
                    }
                    let past = [r.year() - 1, r.year()]
                        .into_iter()
                        .filter_map(on_day)
                        .filter(|d| *d <= r)
                        .max();
                    let future = [r.year(), r.year() + 1]
                        .into_iter()
                        .filter_map(on_day)
                        .find(|d| *d >= r);
                    match before.as_str() {
                        "last" => past,
                        "next" => future,
                        _ => match self.tense(whole.start(), whole.end()) {
                            Direction::Future => future,
                            _ => past,
                        },
                    }
                }
                (None, None) => None,
            };
            if let Some(date) = date {
                let start = whole.start();
                self.push(start, whole.end(), calendar::day(date), Granularity::Day);
            }
        }
    }

    /// "recently": the reference month, approximately.
    fn recently(&mut self) {
        let Some(reference) = self.reference else {
            return;
        };
        for m in PATTERNS.recently.find_iter(self.text) {
            let month = calendar::month(reference.year(), reference.month());
            let point = (month, Granularity::Approximate);
            let timex = "PAST_REF".to_owned();
            self.push_point(m.start(), m.end(), point, TimexKind::Date, timex);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_bound_from_outside_the_text_dates_its_undated_days() {
        let text = "The flight left on March 8 and vanished.";
        assert!(find(text, None).is_empty());
        let bound = NaiveDate::from_ymd_opt(2014, 3, 24);
        let values: Vec<String> = find_bounded(text, None, bound)
            .into_iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(values, ["2014-03-08"]);
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// (text, value, granularity) of every expression found.
    fn found(text: &str, reference: Option<&str>) -> Vec<(String, String, Granularity)> {
        find(text, reference.map(date))
            .into_iter()
            .map(|e| (e.span.of(text).to_owned(), e.value, e.granularity))
            .collect()
    }

    /// The single expression found in `text`, as (text, value, granularity).
    fn one(text: &str, reference: &str) -> (String, String, Granularity) {
        let all = found(text, Some(reference));
        assert_eq!(all.len(), 1, "{text:?}: {all:?}");
        all.into_iter().next().unwrap()
    }

    fn is(text: &str, reference: &str, span: &str, value: &str, granularity: Granularity) {
        assert_eq!(
            one(text, reference),
            (span.to_owned(), value.to_owned(), granularity),
            "{text:?}"
        );
    }

    /// A Tuesday.
    const TUE: &str = "2025-02-18";

    #[test]
    fn weekdays_follow_the_tense_of_their_clause() {
        use Granularity::Day;
        is(
            "The two envoys met Tuesday in Geneva.",
            TUE,
            "Tuesday",
            "2025-02-18",
            Day,
        );
        is(
            "Talks opened on Monday with a dinner.",
            TUE,
            "Monday",
            "2025-02-17",
            Day,
        );
        is(
            "The mayor resigned Friday.",
            TUE,
            "Friday",
            "2025-02-14",
            Day,
        );
        is(
            "The council will vote on Friday.",
            TUE,
            "Friday",
            "2025-02-21",
            Day,
        );
        is(
            "A ruling is expected Thursday.",
            TUE,
            "Thursday",
            "2025-02-20",
            Day,
        );
        is(
            "The bill is to be debated on Monday.",
            TUE,
            "Monday",
            "2025-02-24",
            Day,
        );
        is(
            "She said she would travel there Sunday.",
            TUE,
            "Sunday",
            "2025-02-23",
            Day,
        );
        is(
            "The court plans to rule on Tuesday.",
            TUE,
            "Tuesday",
            "2025-02-18",
            Day,
        );
        is(
            "They hope to finish by Friday.",
            TUE,
            "Friday",
            "2025-02-21",
            Day,
        );
        is(
            "On Saturday, the union will strike.",
            TUE,
            "Saturday",
            "2025-02-22",
            Day,
        );
        is(
            "Wednesday's storm flooded roads.",
            TUE,
            "Wednesday",
            "2025-02-12",
            Day,
        );
    }

    #[test]
    fn weekday_modifiers_and_parts_of_day() {
        use Granularity::Day;
        is(
            "He was fired last Tuesday.",
            TUE,
            "last Tuesday",
            "2025-02-11",
            Day,
        );
        is(
            "He flies home next Friday.",
            TUE,
            "next Friday",
            "2025-02-21",
            Day,
        );
        is(
            "Fans gathered Saturday night.",
            TUE,
            "Saturday night",
            "2025-02-15",
            Day,
        );
        is(
            "Rain fell late Monday afternoon.",
            TUE,
            "late Monday afternoon",
            "2025-02-17",
            Day,
        );
        is(
            "Doors opened midmorning Sunday.",
            TUE,
            "midmorning Sunday",
            "2025-02-16",
            Day,
        );
        is(
            "She spoke earlier Tuesday.",
            TUE,
            "earlier Tuesday",
            "2025-02-18",
            Day,
        );
        assert!(found("Shops opened on Good Friday.", Some(TUE)).is_empty());
        assert!(found("He wrote for the Sunday Times.", Some(TUE)).is_empty());
        assert!(found("The market opens on Mondays.", Some(TUE)).is_empty());
    }

    #[test]
    fn relative_days() {
        use Granularity::Day;
        is(
            "The decree was signed yesterday.",
            TUE,
            "yesterday",
            "2025-02-17",
            Day,
        );
        is(
            "The results come out today.",
            TUE,
            "today",
            "2025-02-18",
            Day,
        );
        is("Voting ends tomorrow.", TUE, "tomorrow", "2025-02-19", Day);
        is(
            "Sirens sounded last night.",
            TUE,
            "last night",
            "2025-02-17",
            Day,
        );
        is(
            "She told reporters this morning.",
            TUE,
            "this morning",
            "2025-02-18",
            Day,
        );
        assert!(found("He read it in USA Today.", Some(TUE)).is_empty());
    }

    #[test]
    fn weeks_months_and_years() {
        use Granularity::{Month, Week, Year};
        is(
            "The leaders spoke last week.",
            TUE,
            "last week",
            "2025-W07",
            Week,
        );
        is(
            "Another round is due next week.",
            TUE,
            "next week",
            "2025-W09",
            Week,
        );
        is(
            "A report comes later this week.",
            TUE,
            "later this week",
            "2025-W08",
            Week,
        );
        is(
            "A deal is hoped for by the end of the week.",
            TUE,
            "the end of the week",
            "2025-W08",
            Week,
        );
        is(
            "Prices rose this month.",
            TUE,
            "this month",
            "2025-02",
            Month,
        );
        is(
            "Prices fell late last month.",
            TUE,
            "late last month",
            "2025-01",
            Month,
        );
        is("Sales doubled last year.", TUE, "last year", "2024", Year);
        is(
            "Elections are due next year.",
            TUE,
            "next year",
            "2026",
            Year,
        );
        // Year boundaries.
        is(
            "Sales slumped last month.",
            "2025-01-10",
            "last month",
            "2024-12",
            Month,
        );
        is(
            "Snow fell last week.",
            "2021-01-05",
            "last week",
            "2020-W53",
            Week,
        );
        // Durations are not points.
        assert!(found("Prices rose over the last year.", Some(TUE)).is_empty());
        assert!(found("It rained for three years.", Some(TUE)).is_empty());
    }

    #[test]
    fn weekends_are_the_iso_week_of_their_saturday() {
        use Granularity::Week;
        let monday = "2017-07-03";
        is(
            "Queues formed over the weekend.",
            monday,
            "the weekend",
            "2017-W26",
            Week,
        );
        is(
            "Queues formed this weekend.",
            "2018-09-05",
            "this weekend",
            "2018-W35",
            Week,
        );
        is(
            "Crowds came last weekend.",
            "2010-05-05",
            "last weekend",
            "2010-W17",
            Week,
        );
        is(
            "Crowds will come this weekend.",
            "2010-05-05",
            "this weekend",
            "2010-W18",
            Week,
        );
    }

    #[test]
    fn dates_and_their_years() {
        use Granularity::Day;
        is(
            "The visit moved to March 10.",
            TUE,
            "March 10",
            "2025-03-10",
            Day,
        );
        is(
            "The deal was signed March 10, 2025.",
            TUE,
            "March 10, 2025",
            "2025-03-10",
            Day,
        );
        is(
            "It opened on 10 March 2025.",
            TUE,
            "10 March 2025",
            "2025-03-10",
            Day,
        );
        is("It opened on 10 March.", TUE, "10 March", "2025-03-10", Day);
        is("It closed on Feb. 3.", TUE, "Feb. 3", "2025-02-03", Day);
        is(
            "Posted Wed May 5, 2010 at noon",
            TUE,
            "Wed May 5, 2010",
            "2010-05-05",
            Day,
        );
        is(
            "Talks resumed Wednesday, March 19.",
            "2014-03-19",
            "Wednesday, March 19",
            "2014-03-19",
            Day,
        );
        is(
            "In this July 12, 2018 photo, a man waves.",
            TUE,
            "July 12, 2018",
            "2018-07-12",
            Day,
        );
        is(
            "Tests ran March 8 to 23, 2017.",
            TUE,
            "March 8",
            "2017-03-08",
            Day,
        );
        // Year rollover: the year nearest the reference date.
        is(
            "The party was on December 30.",
            "2025-01-06",
            "December 30",
            "2024-12-30",
            Day,
        );
        is(
            "The vote is on January 3.",
            "2024-12-28",
            "January 3",
            "2025-01-03",
            Day,
        );
        // Numeric dates.
        is(
            "POSTED: 05/02/07, 9:00 PM",
            TUE,
            "05/02/07",
            "2007-05-02",
            Day,
        );
        is(
            "Updated 2025-02-18 at noon",
            TUE,
            "2025-02-18",
            "2025-02-18",
            Day,
        );
        is(
            "Updated 18.02.2025 at noon",
            TUE,
            "18.02.2025",
            "2025-02-18",
            Day,
        );
        // A clock time is not a date.
        assert!(found("They met at 10:30 in the hall.", Some(TUE)).is_empty());
    }

    #[test]
    fn holidays() {
        use Granularity::Day;
        is(
            "She died on Christmas Eve, 2016.",
            TUE,
            "Christmas Eve, 2016",
            "2016-12-24",
            Day,
        );
        is(
            "They met on Thanksgiving.",
            "2025-12-10",
            "Thanksgiving",
            "2025-11-27",
            Day,
        );
        is(
            "He will return after Christmas.",
            TUE,
            "Christmas",
            "2025-12-25",
            Day,
        );
        assert!(found("Christmas shopping began.", Some(TUE)).is_empty());
    }

    #[test]
    fn months() {
        use Granularity::Month;
        is(
            "The war began in February 2022.",
            TUE,
            "February 2022",
            "2022-02",
            Month,
        );
        is(
            "Custody ended in July of this year.",
            TUE,
            "July of this year",
            "2025-07",
            Month,
        );
        is(
            "Work starts in early March.",
            TUE,
            "early March",
            "2025-03",
            Month,
        );
        is(
            "Voters approved it in November.",
            "2017-07-03",
            "November",
            "2016-11",
            Month,
        );
        is(
            "The baby is due in December.",
            "2018-09-05",
            "December",
            "2018-12",
            Month,
        );
        is(
            "He left last October.",
            "2017-06-06",
            "last October",
            "2016-10",
            Month,
        );
        assert!(found("Theresa May spoke.", Some(TUE)).is_empty());
        assert!(found("He may march on.", Some(TUE)).is_empty());
    }

    #[test]
    fn years_only_in_year_contexts() {
        use Granularity::Year;
        let years =
            |t: &str| -> Vec<String> { found(t, None).into_iter().map(|(s, _, _)| s).collect() };
        is("It was founded in 2019.", TUE, "2019", "2019", Year);
        assert_eq!(years("The 2019 election was close."), ["2019"]);
        assert_eq!(years("He served from 1996 to 2000."), ["1996", "2000"]);
        assert_eq!(years("Cases dating back to 1994 rose."), ["1994"]);
        assert_eq!(
            years("Shots in 1994, 1995 and 1997."),
            ["1994", "1995", "1997"]
        );
        assert!(years("They went from 10 to 2000 units.").is_empty());
        assert_eq!(years("It happened as early as 2010."), ["2010"]);
        assert_eq!(years("Their 1998 album sold well."), ["1998"]);
        assert_eq!(years("1996's best film won."), ["1996"]);
        assert!(years("It cost $2019 in fees.").is_empty());
        assert!(years("They counted 2,019 ballots.").is_empty());
        assert!(years("About 2019 people came.").is_empty());
        assert!(years("The 2000 protesters marched.").is_empty());
        assert!(years("He scored 2015 points in all.").is_empty());
        assert!(years("Call 555-2019 now.").is_empty());
        assert!(years("Sales rose 2019 percent.").is_empty());
    }

    #[test]
    fn approximate_points() {
        use Granularity::{Approximate, Day};
        is(
            "The war began nearly three years ago.",
            TUE,
            "nearly three years ago",
            "2022-02",
            Approximate,
        );
        is(
            "They wed two weeks ago.",
            TUE,
            "two weeks ago",
            "2025-W06",
            Approximate,
        );
        is(
            "The mill closed decades ago.",
            TUE,
            "decades ago",
            "2005",
            Approximate,
        );
        is(
            "He arrived three days ago.",
            TUE,
            "three days ago",
            "2025-02-15",
            Day,
        );
        is(
            "A recently freed hostage spoke.",
            TUE,
            "recently",
            "2025-02",
            Approximate,
        );
        assert!(found("It happened years ago.", Some(TUE)).is_empty());
    }

    #[test]
    fn without_a_reference_only_absolute_expressions() {
        let text = "On Monday, a week after March 10, 2025, and in 2019, he said today.";
        let all: Vec<String> = found(text, None).into_iter().map(|(s, _, _)| s).collect();
        assert_eq!(all, ["March 10, 2025", "2019"]);
    }

    #[test]
    fn without_a_reference_the_text_fixes_its_date_or_the_year_of_its_days() {
        use Granularity::Day;
        let text = "The mayor resigned Monday. (Published Tuesday, March 4, 2025)";
        assert_eq!(
            found(text, None)[0],
            ("Monday".to_owned(), "2025-03-03".to_owned(), Day)
        );
        let text =
            "It shut on February 9, then March 3, 2010. It reopened May 5, after he left Monday.";
        let all: Vec<(String, String)> = found(text, None)
            .into_iter()
            .map(|(s, v, _)| (s, v))
            .collect();
        assert_eq!(
            all,
            [
                ("February 9".to_owned(), "2010-02-09".to_owned()),
                ("March 3, 2010".to_owned(), "2010-03-03".to_owned())
            ]
        );
    }

    proptest! {
        #[test]
        fn spans_are_ordered_disjoint_and_on_boundaries(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("Monday"), Just("March"), Just("10"), Just("2019"), Just("last"),
                    Just("week"), Just("ago"), Just("three"), Just("years"), Just("the"),
                    Just("weekend"), Just("will"), Just("said"), Just("in"), Just("late"),
                    Just(","), Just("."), Just("/"), Just("’s"), Just("é"), Just("—"),
                    Just("\n"), Just("Wed"), Just("May"), Just("-"), Just("today"), Just("by"),
                    Just("quarter"), Just("third"), Just("now"), Just("daily"), Just("fall"),
                    Just("1990s"), Just("Christmas"), Just("(@a)"), Just("Published"), Just("(")
                ],
                0..40,
            ),
            noise in "\\PC{0,40}",
            day in 0i64..40_000,
        ) {
            let text = format!("{}{noise}", words.join(" "));
            let reference = date("1950-01-01") + chrono::Duration::days(day);
            for reference in [Some(reference), None] {
                let points = find(&text, reference).into_iter().map(|e| e.span);
                let tagged = tag(&text, reference).into_iter().map(|t| t.span);
                for spans in [points.collect::<Vec<_>>(), tagged.collect()] {
                    let mut last_end = 0;
                    for span in &spans {
                        prop_assert!(span.start < span.end && span.end <= text.len());
                        prop_assert!(text.is_char_boundary(span.start));
                        prop_assert!(text.is_char_boundary(span.end));
                        prop_assert!(span.start >= last_end);
                        last_end = span.end;
                    }
                }
            }
        }
    }
}
