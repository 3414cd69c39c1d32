//! Calendar arithmetic and the value formats of [`TimeExpression`](chorus_core::analysis::TimeExpression).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// `YYYY-MM-DD`.
pub(super) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `YYYY-Www`, the ISO week that contains `d`.
pub(super) fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// `YYYY-MM`.
pub(super) fn month(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// `YYYY`.
pub(super) fn year(year: i32) -> String {
    format!("{year:04}")
}

/// `d` moved by `n` days (either way); `None` off the calendar.
pub(super) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

/// The month `delta` months away from (`year`, `month`).
pub(super) fn shift_month(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// `d` moved back by `n` months (the day clamped to the month's length).
pub(super) fn months_before(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_sub_months(Months::new(n))
}

/// Which way a weekday (or month) without a year or "last"/"next" points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// The most recent one on or before the reference date.
    Past,
    /// The first one on or after the reference date.
    Future,
    /// The most recent one strictly before the reference date ("last Friday").
    Last,
    /// The first one strictly after the reference date ("next Friday").
    Next,
}

/// The `weekday` that `direction` picks relative to `reference`.
pub(super) fn weekday(reference: NaiveDate, weekday: Weekday, direction: Direction) -> NaiveDate {
    let from = reference.weekday().num_days_from_monday() as i64;
    let to = weekday.num_days_from_monday() as i64;
    let back = (from - to).rem_euclid(7);
    let ahead = (to - from).rem_euclid(7);
    let shift = match direction {
        Direction::Past => -back,
        Direction::Last => -(if back == 0 { 7 } else { back }),
        Direction::Future => ahead,
        Direction::Next => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
    };
    add_days(reference, shift).unwrap_or(reference)
}

/// The (year, month) of the month named `month` that `direction` picks relative to the
/// reference month ("in November" in a July article is last November when past).
pub(super) fn month_of(reference: NaiveDate, month: u32, direction: Direction) -> (i32, u32) {
    let (y, m) = (reference.year(), reference.month());
    let year = match direction {
        Direction::Past if month <= m => y,
        Direction::Last if month < m => y,
        Direction::Past | Direction::Last => y - 1,
        Direction::Future if month >= m => y,
        Direction::Next if month > m => y,
        Direction::Future | Direction::Next => y + 1,
    };
    (year, month)
}

/// The (year, month) of the month named `month` nearest the reference month (ties go back).
pub(super) fn nearest_month(reference: NaiveDate, month: u32) -> (i32, u32) {
    let (y, m) = (reference.year(), reference.month() as i32);
    let ahead = (month as i32 - m).rem_euclid(12);
    if ahead < 6 && ahead != 0 {
        (if (month as i32) < m { y + 1 } else { y }, month)
    } else {
        (if (month as i32) > m { y - 1 } else { y }, month)
    }
}

/// The date with `month` and `day` nearest to `reference` (the year before, of or after it).
pub(super) fn nearest(reference: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (reference.year() - 1..=reference.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - reference).num_days().abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekdays_by_direction() {
        let tuesday = date("2025-02-18");
        assert_eq!(weekday(tuesday, Weekday::Tue, Direction::Past), tuesday);
        assert_eq!(weekday(tuesday, Weekday::Tue, Direction::Future), tuesday);
        assert_eq!(
            weekday(tuesday, Weekday::Tue, Direction::Last),
            date("2025-02-11")
        );
        assert_eq!(
            weekday(tuesday, Weekday::Tue, Direction::Next),
            date("2025-02-25")
        );
        assert_eq!(
            weekday(tuesday, Weekday::Mon, Direction::Past),
            date("2025-02-17")
        );
        assert_eq!(
            weekday(tuesday, Weekday::Fri, Direction::Future),
            date("2025-02-21")
        );
    }

    #[test]
    fn months_and_years_roll_over() {
        let january = date("2024-01-05");
        assert_eq!(nearest(january, 12, 30), Some(date("2023-12-30")));
        assert_eq!(nearest(date("2025-02-18"), 3, 10), Some(date("2025-03-10")));
        assert_eq!(nearest(date("2023-03-01"), 2, 29), Some(date("2024-02-29")));
        assert_eq!(month_of(january, 11, Direction::Past), (2023, 11));
        assert_eq!(month_of(january, 1, Direction::Last), (2023, 1));
        assert_eq!(month_of(january, 1, Direction::Future), (2024, 1));
        assert_eq!(nearest_month(january, 12), (2023, 12));
        assert_eq!(nearest_month(january, 5), (2024, 5));
        assert_eq!(nearest_month(january, 7), (2023, 7));
        assert_eq!(nearest_month(january, 1), (2024, 1));
        assert_eq!(shift_month(2024, 1, -1), (2023, 12));
        assert_eq!(shift_month(2024, 12, 1), (2025, 1));
        assert_eq!(week(date("2025-02-10")), "2025-W07");
        assert_eq!(week(date("2021-01-01")), "2020-W53");
    }
}
