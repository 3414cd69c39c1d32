//! Time expressions that are not points of the timeline, with their TIMEX3 values: quarters
//! ("the third quarter", "third-quarter" → `1989-Q3`; "the quarter" and "a year earlier" after
//! one), durations ("the past two months" → `P2M`, "two-year" → `P2Y`, "several years" →
//! `PXY`), recurrences ("daily" → `P1D`, "each Thursday" → `XXXX-WXX-4`), references to the
//! present or future ("now" → `PRESENT_REF`, "the future" → `FUTURE_REF`), seasons ("last fall"
//! → `1997-FA`) and decades ("the late 1970s" → `197X`).

use super::{calendar, context, count, weekday_of, Finder, TimexKind, B, S};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// Counting words a duration may start with (numbers in figures are matched apart).
const NUMBER_WORDS: &str = "an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:(?u:[-\\s])(?:one|two|three|four|five|six|seven|eight|nine))?|thirty|forty|fifty|sixty|seventy|eighty|ninety|a(?u-i:[^\\S\\n])+hundred|one(?u-i:[^\\S\\n])+hundred|a(?u-i:[^\\S\\n])+couple(?:(?u-i:[^\\S\\n])+of)?";

/// Words for an unknown number of units ("several years" → `PXY`).
const VAGUE: &str =
    "several|a(?-i:(?u-i:[^\\S\\n])+)few|few|many|recent|coming|the(?-i:(?u-i:[^\\S\\n])+)coming";

/// The patterns of this module, compiled once.
struct Patterns {
    quarter: Regex,
    the_quarter: Regex,
    year_earlier: Regex,
    duration: Regex,
    vague_duration: Regex,
    set: Regex,
    every: Regex,
    reference: Regex,
    season: Regex,
    decade: Regex,
}

/// Builds the span patterns now (see [`crate::prepare`]).
pub(super) fn prepare() {
    LazyLock::force(&PATTERNS);
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |p: String| super::compile(&p);
    let hedge = format!(
        r"(?:(?:about|nearly|almost|roughly|around|approximately|some|more{S}than|over|less{S}than|at{S}least|up{S}to|no{S}more{S}than|only|just|within|fewer{S}than){S})"
    );
    let unit =
        "seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|quarters?";
    Patterns {
        quarter: re(format!(
            r"{B}(?i:(?:(?P<det>the|this|last|next|its|their|a){S})?(?:(?P<year>(?:19|20)\d\d){S}|(?P<rel>this|last|next){S}year(?:'|’)s{S})?(?:(?:fiscal|calendar|latest|current|same|flat|final){S})?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)(?:-|{S})quarter(?:{S}of{S}(?:(?P<of_year>(?:19|20)\d\d)|(?P<of_rel>this|last|next){S}year))?){B}"
        )),
        the_quarter: re(format!(
            r"{B}(?i:(?:the|this|that){S}(?:(?P<which>latest|current|same|previous|past|most{S}recent|recent|just-ended|just{S}ended){S})?(?:fiscal{S})?quarter)(?-u:\b)(?:(?u:[^\S\n]*)(?:-|of))?"
        )),
        year_earlier: re(format!(
            r"{B}(?i:(?:(?:the|a){S})?year-(?:earlier|ago)(?:{S}(?:quarter|period))?|a{S}year{S}(?:earlier|ago|before)|last{S}year(?:'|’)s{S}(?:quarter|period))(?-u:\b)"
        )),
        duration: re(format!(
            r"{B}(?i:(?P<det>(?:the{S})?(?:(?:past|last|next|first|previous|following|final|remaining|latest|entire|full){S})|the{S})?(?P<hedge>{hedge})?(?P<n>{NUMBER_WORDS}|\d{{1,3}}(?:,\d{{3}})*)(?:{S}(?:more|additional|straight|consecutive|full|long))?(?:-|{S})(?P<unit>{unit}))(?-u:\b)"
        )),
        vague_duration: re(format!(
            r"{B}(?i:(?:the{S}(?:past|last|next|coming){S}(?:few|several){S})|(?P<vague>{VAGUE}){S})(?P<unit>minutes|hours|days|weeks|months|years|decades)(?-u:\b)"
        )),
        set: re(format!(
            r"{B}(?i:(?P<w>hourly|daily|weekly|monthly|annually|yearly)){B}"
        )),
        every: re(format!(
            r"{B}(?i:(?:every|each|per){S}(?P<unit>day|week|month|year|morning|night|(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)))(?-u:\b)"
        )),
        reference: re(format!(
            r"{B}(?i:(?P<now>now|currently|nowadays|these{S}days|at{S}present)|(?P<future>the{S}(?:near{S}|distant{S}|foreseeable{S})?future))(?-u:\b)"
        )),
        season: re(format!(
            r"{B}(?i:(?P<rel>last|this|next|this{S}past|early|late){S}(?P<season>spring|summer|fall|autumn|winter)|(?P<season2>spring|summer|fall|autumn|winter){S}(?:of{S})?(?P<year>(?:19|20)\d\d))(?-u:\b)"
        )),
        decade: re(format!(
            r"{B}(?i:(?:(?:early|mid|late)(?:-|{S}))?(?P<digits>(?:19|20)\d)0(?:'|’)?s)(?-u:\b)"
        )),
    }
});

/// The quarter (1-4) an ordinal names.
fn quarter_number(ordinal: &str) -> Option<u32> {
    match ordinal.to_ascii_lowercase().as_str() {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        _ => None,
    }
}

/// The quarter (1-4) of a date.
fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// `YYYY-Qn`.
fn quarter_value(year: i32, quarter: u32) -> String {
    format!("{year:04}-Q{quarter}")
}

/// The TIMEX3 letter of a duration unit, with its number scaled (decades are ten years), and
/// whether it is a time of day unit (written after `PT`).
fn unit_code(unit: &str) -> (char, u32, bool) {
    let unit = unit.to_ascii_lowercase();
    match unit.trim_end_matches('s') {
        "second" => ('S', 1, true),
        "minute" => ('M', 1, true),
        "hour" => ('H', 1, true),
        "day" => ('D', 1, false),
        "week" => ('W', 1, false),
        "month" => ('M', 1, false),
        "decade" => ('Y', 10, false),
        "century" | "centurie" => ('Y', 100, false),
        "quarter" => ('Q', 1, false),
        _ => ('Y', 1, false),
    }
}

/// A duration value: `P3Y`, `PT4H`, `PXM` (`n` unknown).
fn duration_value(n: Option<u32>, unit: &str) -> String {
    let (letter, scale, clock) = unit_code(unit);
    let amount = n.map_or("X".to_owned(), |n| (n.saturating_mul(scale)).to_string());
    if clock {
        format!("PT{amount}{letter}")
    } else {
        format!("P{amount}{letter}")
    }
}

/// Words after a number and a unit that make them a point or an age, not a length.
const NOT_A_LENGTH_AFTER: &[&str] = &[
    "ago", "earlier", "later", "before", "after", "old", "olds", "from", "since",
];

impl Finder<'_> {
    /// Every expression of this module.
    pub(super) fn spans(&mut self) {
        self.quarters();
        self.durations();
        self.sets();
        self.references();
        self.seasons();
        self.decades();
    }

    /// "the third quarter", "third-quarter", "the 1988 second quarter", "the first quarter of
    /// 1990", then "the quarter" and "a year earlier" read against the last quarter named.
    fn quarters(&mut self) {
        let p = &*PATTERNS;
        let text = self.text;
        // (end, year, quarter) of each quarter named, in text order.
        let mut named: Vec<(usize, i32, u32)> = Vec::new();
        for c in p.quarter.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let Some(q) = quarter_number(&c["ord"]) else {
                continue;
            };
            let explicit = c
                .name("year")
                .or(c.name("of_year"))
                .and_then(|y| y.as_str().parse::<i32>().ok());
            let relative = c.name("rel").or(c.name("of_rel")).map(|r| r.as_str());
            let year = match (explicit, relative, self.reference) {
                (Some(y), _, _) => Some(y),
                (None, Some(rel), Some(r)) => Some(match rel.to_ascii_lowercase().as_str() {
                    "last" => r.year() - 1,
                    "next" => r.year() + 1,
                    _ => r.year(),
                }),
                // This year's quarter up to the next one; later ones are last year's.
                (None, None, Some(r)) => Some(if q <= quarter_of(r) + 1 {
                    r.year()
                } else {
                    r.year() - 1
                }),
                _ => None,
            };
            if let Some(year) = year {
                // A determiner other than "the" stays outside the expression ("its").
                let start = match c.name("det") {
                    Some(d) if !d.as_str().eq_ignore_ascii_case("the") => {
                        let after = &text[d.end()..];
                        d.end() + (after.len() - after.trim_start().len())
                    }
                    _ => whole.start(),
                };
                self.push_timex(start, whole.end(), TimexKind::Date, quarter_value(year, q));
                named.push((whole.end(), year, q));
            }
        }
        let Some(reference) = self.reference else {
            return;
        };
        // The quarter last named before `at`, else the last one ended before the reference.
        let context = |at: usize| {
            let n = named.partition_point(|&(end, _, _)| end <= at);
            n.checked_sub(1).map(|i| (named[i].1, named[i].2))
        };
        let last_ended = {
            let (y, m) = calendar::shift_month(reference.year(), reference.month(), -3);
            (y, (m - 1) / 3 + 1)
        };
        for c in p.the_quarter.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let trailing = whole.as_str().trim_end();
            if trailing.ends_with('-') || trailing.to_ascii_lowercase().ends_with("of") {
                continue; // "the quarter-point", "the quarter of": not the period.
            }
            let (year, q) = match c.name("which").map(|w| w.as_str().to_ascii_lowercase()) {
                Some(w) if w == "current" => (reference.year(), quarter_of(reference)),
                Some(w) if w != "same" && w != "previous" => last_ended,
                Some(w) if w == "previous" => {
                    context(whole.start()).map_or(last_ended, |(y, q)| {
                        if q == 1 {
                            (y - 1, 4)
                        } else {
                            (y, q - 1)
                        }
                    })
                }
                _ => context(whole.start()).unwrap_or(last_ended),
            };
            self.push_timex(
                whole.start(),
                whole.start() + trailing.len(),
                TimexKind::Date,
                quarter_value(year, q),
            );
        }
        for m in p.year_earlier.find_iter(text) {
            let value = match context(m.start()) {
                Some((y, q)) => quarter_value(y - 1, q),
                None => calendar::year(reference.year() - 1),
            };
            self.push_timex(m.start(), m.end(), TimexKind::Date, value);
        }
    }

    /// "two years", "the past two months", "the first nine months", "two-year", "more than four
    /// hours"; "several years", "the past few weeks", "recent months" (unknown lengths).
    fn durations(&mut self) {
        let p = &*PATTERNS;
        let text = self.text;
        for c in p.duration.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let after = context::next_word(text, whole.end()).to_ascii_lowercase();
            let glued = text[whole.end()..].starts_with(['-', '%', '$']);
            if glued || NOT_A_LENGTH_AFTER.contains(&after.as_str()) {
                continue;
            }
            let number = c["n"].replace(',', "");
            let number = number.replace('-', " ");
            let Some(n) = count(&number).filter(|&n| n > 0) else {
                continue;
            };
            // "a year" and "an hour" are lengths after a preposition or a hedge, not rates
            // ("$5 a year").
            let article = c["n"].eq_ignore_ascii_case("a") || c["n"].eq_ignore_ascii_case("an");
            if article && c.name("det").is_none() && c.name("hedge").is_none() {
                let before = context::prev_word(text, whole.start()).to_ascii_lowercase();
                if ![
                    "for", "in", "within", "over", "after", "than", "of", "nearly", "almost",
                ]
                .contains(&before.as_str())
                {
                    continue;
                }
            }
            // "a quarter", "three-quarters" are mostly fractions.
            if c["unit"].to_ascii_lowercase().starts_with("quarter") && c.name("det").is_none() {
                continue;
            }
            let value = duration_value(Some(n), &c["unit"]);
            self.push_timex(whole.start(), whole.end(), TimexKind::Duration, value);
        }
        for c in p.vague_duration.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let after = context::next_word(text, whole.end()).to_ascii_lowercase();
            if NOT_A_LENGTH_AFTER.contains(&after.as_str()) {
                continue;
            }
            let value = duration_value(None, &c["unit"]);
            self.push_timex(whole.start(), whole.end(), TimexKind::Duration, value);
        }
    }

    /// "daily", "annually", "every day", "each month", "every Thursday".
    fn sets(&mut self) {
        let p = &*PATTERNS;
        for c in p.set.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let value = match c["w"].to_ascii_lowercase().as_str() {
                "hourly" => "PT1H",
                "daily" => "P1D",
                "weekly" => "P1W",
                "monthly" => "P1M",
                _ => "P1Y",
            };
            self.push_timex(whole.start(), whole.end(), TimexKind::Set, value.to_owned());
        }
        for c in p.every.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let value = match c.name("wd").and_then(|w| weekday_of(w.as_str())) {
                Some(wd) => format!("XXXX-WXX-{}", wd.number_from_monday()),
                None => match c["unit"].to_ascii_lowercase().as_str() {
                    "week" => "P1W".to_owned(),
                    "month" => "P1M".to_owned(),
                    "year" => "P1Y".to_owned(),
                    "morning" => "XXXX-XX-XXTMO".to_owned(),
                    "night" => "XXXX-XX-XXTNI".to_owned(),
                    _ => "P1D".to_owned(),
                },
            };
            self.push_timex(whole.start(), whole.end(), TimexKind::Set, value);
        }
    }

    /// "now", "currently", "these days" (the present); "the future", "the near future".
    fn references(&mut self) {
        let p = &*PATTERNS;
        for c in p.reference.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let after = context::next_word(self.text, whole.end()).to_ascii_lowercase();
            // "now that" is a conjunction.
            if c.name("now").is_some() && after == "that" {
                continue;
            }
            let value = if c.name("future").is_some() {
                "FUTURE_REF"
            } else {
                "PRESENT_REF"
            };
            self.push_timex(
                whole.start(),
                whole.end(),
                TimexKind::Date,
                value.to_owned(),
            );
        }
    }

    /// "last fall", "this summer", "the summer of 1998".
    fn seasons(&mut self) {
        let p = &*PATTERNS;
        for c in p.season.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            let season = c
                .name("season")
                .or(c.name("season2"))
                .expect("season group")
                .as_str()
                .to_ascii_lowercase();
            let (code, first_month) = match season.as_str() {
                "spring" => ("SP", 3),
                "summer" => ("SU", 6),
                "fall" | "autumn" => ("FA", 9),
                _ => ("WI", 12),
            };
            let year = match (c.name("year"), c.name("rel"), self.reference) {
                (Some(y), _, _) => y.as_str().parse().ok(),
                (None, Some(rel), Some(r)) => {
                    let rel = rel.as_str().to_ascii_lowercase();
                    let started = r.month() >= first_month;
                    Some(match rel.split_whitespace().next().unwrap_or("") {
                        "last" => {
                            if started && r.month() >= first_month + 3 {
                                r.year()
                            } else {
                                r.year() - 1
                            }
                        }
                        "next" => {
                            if started {
                                r.year() + 1
                            } else {
                                r.year()
                            }
                        }
                        _ => r.year(),
                    })
                }
                _ => None,
            };
            if let Some(year) = year {
                self.push_timex(
                    whole.start(),
                    whole.end(),
                    TimexKind::Date,
                    format!("{year:04}-{code}"),
                );
            }
        }
    }

    /// "1990s", "late 1970s": the decade, `199X`.
    fn decades(&mut self) {
        let p = &*PATTERNS;
        for c in p.decade.captures_iter(self.text) {
            let whole = c.get(0).expect("match");
            self.push_timex(
                whole.start(),
                whole.end(),
                TimexKind::Date,
                format!("{}X", &c["digits"]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tag;
    use super::*;

    /// (text, type, value) of every expression tagged in `text` written on `reference`.
    fn tagged(text: &str, reference: &str) -> Vec<(String, TimexKind, String)> {
        let reference = NaiveDate::parse_from_str(reference, "%Y-%m-%d").ok();
        tag(text, reference)
            .into_iter()
            .map(|t| (t.span.of(text).to_owned(), t.kind, t.value))
            .collect()
    }

    fn one(text: &str, reference: &str) -> (String, TimexKind, String) {
        let all = tagged(text, reference);
        assert_eq!(all.len(), 1, "{text:?}: {all:?}");
        all.into_iter().next().unwrap()
    }

    fn is(text: &str, span: &str, kind: TimexKind, value: &str) {
        assert_eq!(
            one(text, "2011-10-20"),
            (span.to_owned(), kind, value.to_owned()),
            "{text:?}"
        );
    }

    #[test]
    fn quarters_and_what_refers_to_them() {
        use TimexKind::Date;
        is(
            "Profit rose in the third quarter.",
            "the third quarter",
            Date,
            "2011-Q3",
        );
        is(
            "Its third-quarter profit rose.",
            "third-quarter",
            Date,
            "2011-Q3",
        );
        is(
            "Sales fell in the first quarter of 2010.",
            "the first quarter of 2010",
            Date,
            "2010-Q1",
        );
        is(
            "Sales fell in the fourth quarter.",
            "the fourth quarter",
            Date,
            "2011-Q4",
        );
        assert_eq!(
            tagged("The fourth quarter was weak.", "2012-02-01")[0].2,
            "2011-Q4"
        );
        let all = tagged(
            "Net fell in the second quarter. In the quarter, sales rose from a year earlier.",
            "2011-10-20",
        );
        let values: Vec<&str> = all.iter().map(|(_, _, v)| v.as_str()).collect();
        assert_eq!(values, ["2011-Q2", "2011-Q2", "2010-Q2"]);
        is("Net rose in the quarter.", "the quarter", Date, "2011-Q3");
        is("Sales rose from a year ago.", "a year ago", Date, "2010");
    }

    #[test]
    fn durations() {
        use TimexKind::Duration;
        is(
            "It took the past two months.",
            "the past two months",
            Duration,
            "P2M",
        );
        is(
            "Sales in the first nine months rose.",
            "the first nine months",
            Duration,
            "P9M",
        );
        is(
            "He signed a two-year contract.",
            "two-year",
            Duration,
            "P2Y",
        );
        is(
            "It lasted more than four hours.",
            "more than four hours",
            Duration,
            "PT4H",
        );
        is("He served for a year.", "a year", Duration, "P1Y");
        is(
            "They talked for 90 minutes.",
            "90 minutes",
            Duration,
            "PT90M",
        );
        is(
            "It has grown for two decades.",
            "two decades",
            Duration,
            "P20Y",
        );
        is(
            "It has grown for several years.",
            "several years",
            Duration,
            "PXY",
        );
        is(
            "Prices rose in recent months.",
            "recent months",
            Duration,
            "PXM",
        );
        assert!(tagged("He earns $5 a year.", "2011-10-20").is_empty());
        assert!(tagged("A two-year-old boy.", "2011-10-20").is_empty());
        assert!(tagged("The boy is two years old.", "2011-10-20").is_empty());
    }

    #[test]
    fn sets_references_seasons_and_decades() {
        use TimexKind::{Date, Set};
        is("It is published daily.", "daily", Set, "P1D");
        is(
            "They meet every Thursday.",
            "every Thursday",
            Set,
            "XXXX-WXX-4",
        );
        is("Prices are higher now.", "now", Date, "PRESENT_REF");
        is(
            "Prices are currently higher.",
            "currently",
            Date,
            "PRESENT_REF",
        );
        assert!(tagged("Now that it is over, we rest.", "2011-10-20").is_empty());
        is(
            "It will grow in the future.",
            "the future",
            Date,
            "FUTURE_REF",
        );
        is("It opened last fall.", "last fall", Date, "2010-FA");
        is("It opens this summer.", "this summer", Date, "2011-SU");
        is("It began in the late 1970s.", "late 1970s", Date, "197X");
    }
}
