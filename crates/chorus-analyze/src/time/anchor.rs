//! The date an undated article's relative expressions can be read against, from what its text
//! fixes: a publication stamp ("Published Tuesday, June 23, 2015", "This article was amended on
//! 9 June 2016"), the date of an embedded post ("— Name (@handle) March 25, 2014", "A post
//! shared by … on Jun 20, 2017"), or a date the text pins to its weekday ("Tuesday, February
//! 14, 2017", "died Tuesday (June 20)"). A full date without any of these only bounds the
//! publication date from below: it gives its year to an undated day ("March 8") in the two
//! months before it, and fixes nothing else.

use super::{context, month_number, weekday_of, PATTERNS};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// What an article's text fixes about its own date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The publication date, or a date close enough to read weekdays and "yesterday" against.
    Date(NaiveDate),
    /// The latest full date the text reports: the publication is on or after it.
    NotBefore(NaiveDate),
}

/// Words that stamp an article with its date when a date follows them closely.
/// Builds the anchor patterns now (see [`crate::prepare`]).
pub(super) fn prepare() {
    LazyLock::force(&STAMP);
    LazyLock::force(&POST);
}

static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:published|posted|updated|amended|modified)(?:(?-i:[^\S\n])+on)?(?-i:[\s:,])*$",
    )
    .expect("valid stamp pattern")
});

/// The end of an embedded post's signature: "(@handle)", "(@handle) on".
static POST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(@[A-Za-z0-9_]{1,30}\)(?:[^\S\n]+on)?[^\S\n]*$").expect("valid post pattern")
});

/// A full date found in the text.
struct Dated {
    start: usize,
    end: usize,
    date: NaiveDate,
    /// The weekday named with it, if it is the date's.
    pinned: bool,
    /// Whether the year was written.
    year_written: bool,
}

/// Month-day dates with their weekday and year when given; days without a year take the one
/// that their weekday agrees with among the latest year written (in the text, or in `years`,
/// those of other texts of its story) and the next, and are dropped without a weekday.
fn dates(text: &str, years: &[i32]) -> Vec<Dated> {
    let p = &*PATTERNS;
    let mut found = Vec::new();
    let mut undated = Vec::new();
    for re in [&p.month_day, &p.day_month] {
        for c in re.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let (Some(month), Ok(day)) = (month_number(&c["mon"]), c["day"].parse::<u32>()) else {
                continue;
            };
            // "Tuesday (June 20)": a weekday just before, in parentheses.
            let weekday = c.name("wd").map(|w| w.as_str()).or_else(|| {
                let before = text[..whole.start()].trim_end();
                before
                    .strip_suffix('(')
                    .map(|b| context::prev_word(b, b.trim_end().len()))
                    .filter(|w| weekday_of(w).is_some() && w.len() >= 6)
            });
            let weekday = weekday.and_then(weekday_of);
            match c.name("year").and_then(|y| y.as_str().parse().ok()) {
                Some(year) => {
                    if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                        found.push(Dated {
                            start: whole.start(),
                            end: whole.end(),
                            date,
                            pinned: weekday == Some(date.weekday()),
                            year_written: true,
                        });
                    }
                }
                None => {
                    if let Some(weekday) = weekday {
                        undated.push((whole.start(), whole.end(), month, day, weekday));
                    }
                }
            }
        }
    }
    // A weekday and a day fix the year among the years the text writes (and the next).
    let latest = found
        .iter()
        .map(|d| d.date.year())
        .chain(years.iter().copied())
        .max();
    if let Some(latest) = latest {
        for (start, end, month, day, weekday) in undated {
            let date = [latest, latest + 1]
                .into_iter()
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                .find(|d| d.weekday() == weekday);
            if let Some(date) = date {
                found.push(Dated {
                    start,
                    end,
                    date,
                    pinned: true,
                    year_written: false,
                });
            }
        }
    }
    found
}

/// What the text fixes about its date: a stamp's date, else the latest post's, else the latest
/// date pinned to its weekday outside a future clause; else the latest written full date
/// outside a future clause, as a lower bound.
pub fn anchor(text: &str) -> Option<Anchor> {
    anchor_among(text, &[])
}

/// [`anchor`], with `years` written elsewhere in the text's story giving their year to the
/// days it pins to a weekday without one ("on Friday, March 21" in a gallery whose year only
/// another article of the story writes).
pub fn anchor_among(text: &str, years: &[i32]) -> Option<Anchor> {
    let found = dates(text, years);
    let before = |d: &Dated| {
        let mut from = d.start.saturating_sub(48);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        &text[from..d.start]
    };
    let not_future = |d: &Dated| context::tense(text, d.start, d.end) != Some(true);
    let latest =
        |keep: &dyn Fn(&Dated) -> bool| found.iter().filter(|d| keep(d)).map(|d| d.date).max();
    let stamp = |d: &Dated| d.year_written && STAMP.is_match(before(d));
    let post = |d: &Dated| d.year_written && POST.is_match(before(d));
    let pinned = |d: &Dated| d.pinned && not_future(d);
    if let Some(date) = latest(&stamp)
        .or_else(|| latest(&post))
        .or_else(|| latest(&pinned))
    {
        return Some(Anchor::Date(date));
    }
    latest(&|d: &Dated| d.year_written && not_future(d)).map(Anchor::NotBefore)
}

impl Anchor {
    /// The date relative expressions are read against: the fixed date, else `fallback` (a
    /// date from elsewhere, such as the story's) unless the text reports a later full date.
    pub fn reference(anchor: Option<Anchor>, fallback: Option<NaiveDate>) -> Option<NaiveDate> {
        match anchor {
            Some(Anchor::Date(date)) => Some(date),
            Some(Anchor::NotBefore(bound)) => fallback.filter(|&f| f >= bound),
            None => fallback,
        }
    }
}

/// The date the text fixes, if it fixes one.
pub fn publication_date(text: &str) -> Option<NaiveDate> {
    Anchor::reference(anchor(text), None)
}

/// The years of the full dates the text writes outside a future clause.
pub fn written_years(text: &str) -> Vec<i32> {
    dates(text, &[])
        .iter()
        .filter(|d| d.year_written && context::tense(text, d.start, d.end) != Some(true))
        .map(|d| d.date.year())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn stamps_posts_and_pinned_weekdays_fix_the_date() {
        assert_eq!(
            anchor("Crowds gathered Tuesday. (Published Tuesday, March 4, 2025)"),
            Some(Anchor::Date(date("2025-03-04")))
        );
        assert_eq!(
            anchor("Rain fell. This article was amended on 9 May 2023. It was revised."),
            Some(Anchor::Date(date("2023-05-09")))
        );
        assert_eq!(
            anchor("A sad day. — Ann Lee (@annlee) March 2, 2021 and then June 1, 2020 came."),
            Some(Anchor::Date(date("2021-03-02")))
        );
        assert_eq!(
            anchor("Miss you A post shared by Bo (@bo_b) on Jan 5, 2019 at 1:45pm PST"),
            Some(Anchor::Date(date("2019-01-05")))
        );
        // 2019-01-08 was a Tuesday.
        assert_eq!(
            anchor("The bridge was found closed Tuesday, January 8, 2019, after a storm."),
            Some(Anchor::Date(date("2019-01-08")))
        );
        assert_eq!(
            anchor("He died Tuesday (January 8) at home, his label said in a 2019 statement of January 9, 2019."),
            Some(Anchor::Date(date("2019-01-08")))
        );
    }

    #[test]
    fn a_story_gives_its_years_to_the_weekdays_a_text_pins() {
        // 2014-03-21 was a Friday; the text writes no year.
        let text = "Putin signs the decree on Friday, March 21, in Moscow.";
        assert_eq!(anchor(text), None);
        assert_eq!(
            anchor_among(text, &[2014]),
            Some(Anchor::Date(date("2014-03-21")))
        );
        assert_eq!(
            written_years("It opened on May 5, 2011. It will reopen on June 1, 2030."),
            [2011]
        );
    }

    #[test]
    fn other_dates_only_bound_it() {
        assert_eq!(
            anchor("The plant closed on March 3, 2010, and reopened on May 5, 2011."),
            Some(Anchor::NotBefore(date("2011-05-05")))
        );
        // A weekday that is not the date's pins nothing; a future date bounds nothing.
        assert_eq!(
            anchor("It closed Monday, January 8, 2019. It will reopen on June 1, 2030."),
            Some(Anchor::NotBefore(date("2019-01-08")))
        );
        assert_eq!(anchor("They met on Tuesday, January 8."), None);
        assert_eq!(publication_date("The plant closed on March 3, 2010."), None);
        let bound = Some(Anchor::NotBefore(date("2019-01-08")));
        assert_eq!(Anchor::reference(bound, Some(date("2019-01-07"))), None);
        assert_eq!(
            Anchor::reference(bound, Some(date("2019-01-09"))),
            Some(date("2019-01-09"))
        );
    }
}
