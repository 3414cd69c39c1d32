//! Date parsing shared by the plain-text marker and the HTML date cascade.
//!
//! Three entry points besides [`parse_iso_date`]:
//! * [`parse_date`] reads one attribute value or short text (a `content=` of a meta tag, a
//!   `datetime=`, a JSON-LD `datePublished`) and keeps the time of day when one is given;
//! * [`scan_dates`] finds every date written in free text, in many formats and languages;
//! * [`url_date`] reads a complete date off a URL path (`/2019/03/14/`, `/20190314/`).
//!
//! Every date passes [`plausible`]: a real calendar day (chrono) in [`MIN_YEAR`]..=[`MAX_YEAR`].
//! There is no clock: tests and results never depend on the current date.

use std::fmt;
use std::sync::{LazyLock, OnceLock};

use chrono::{DateTime, NaiveDate, NaiveTime};
use regex::Regex;

/// Earliest year accepted as a publication date (web news starts here).
pub const MIN_YEAR: i32 = 1995;
/// Latest year accepted as a publication date.
pub const MAX_YEAR: i32 = 2030;

/// Parses an ISO `YYYY-MM-DD` date, rejecting impossible days.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A date read off a page, with its time of day and UTC offset when the page gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageDate {
    /// Calendar day, as written (not converted to UTC).
    pub date: NaiveDate,
    /// Time of day, when stated.
    pub time: Option<NaiveTime>,
    /// Offset from UTC in seconds, when stated with the time.
    pub offset_seconds: Option<i32>,
}

impl PageDate {
    /// A day without a time.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            date,
            time: None,
            offset_seconds: None,
        }
    }
}

impl fmt::Display for PageDate {
    /// `YYYY-MM-DD`, or ISO 8601 `YYYY-MM-DDTHH:MM:SS` plus `Z`/`±HH:MM` when a time is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date.format("%Y-%m-%d"))?;
        let Some(time) = self.time else {
            return Ok(());
        };
        write!(f, "T{}", time.format("%H:%M:%S"))?;
        match self.offset_seconds {
            Some(0) => write!(f, "Z"),
            Some(s) => {
                let sign = if s < 0 { '-' } else { '+' };
                let a = s.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
            }
            None => Ok(()),
        }
    }
}

/// Whether a day can be a web publication date: year within [`MIN_YEAR`]..=[`MAX_YEAR`].
pub fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (MIN_YEAR..=MAX_YEAR).contains(&date.year())
}

/// A plausible calendar day from its parts.
fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).filter(|d| plausible(*d))
}

fn iso_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
        )
        .expect("valid regex")
    })
}

/// Parses one attribute value or short text holding a date: ISO 8601 (with its time and offset),
/// compact `YYYYMMDD`, a Unix timestamp, else the first date [`scan_dates`] finds in it.
pub fn parse_date(s: &str) -> Option<PageDate> {
    let s = s.trim();
    if let Some(c) = iso_re().captures(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = c[1].parse().ok()?;
        if let Some(date) = ymd(year, num(2)?, num(3)?) {
            let time =
                num(4).and_then(|h| NaiveTime::from_hms_opt(h, num(5)?, num(6).unwrap_or(0)));
            let offset_seconds = time.and(c.get(7)).and_then(|m| parse_offset(m.as_str()));
            return Some(PageDate {
                date,
                time,
                offset_seconds,
            });
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == s.len() || s[digits..].starts_with('T') {
        if digits == 8 {
            let (y, m, d) = (&s[..4], &s[4..6], &s[6..8]);
            return ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).map(PageDate::day);
        }
        if digits == s.len() && (digits == 10 || digits == 13) {
            let secs: i64 = s[..10].parse().ok()?;
            let dt = DateTime::from_timestamp(secs, 0)?;
            return plausible(dt.date_naive()).then(|| PageDate {
                date: dt.date_naive(),
                time: Some(dt.time()),
                offset_seconds: Some(0),
            });
        }
    }
    scan_dates(s)
        .next()
        .map(|(_, d)| d)
        .or_else(|| short_year_date(s))
        .map(PageDate::day)
}

fn short_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?:$|[^\d.])").expect("valid regex")
    })
}

/// A day-first date with a two-digit year of this century (`28.09.19`). Only read in short
/// texts that are known to hold a date (never in the free-text scan).
fn short_year_date(s: &str) -> Option<NaiveDate> {
    let c = short_year_re().captures(s)?;
    let year = 2000 + c[3].parse::<i32>().ok()?;
    ymd(year, c[2].parse().ok()?, c[1].parse().ok()?)
}

/// `Z`, `+01`, `+0100`, `+01:00` → seconds east of UTC.
fn parse_offset(s: &str) -> Option<i32> {
    if s == "Z" {
        return Some(0);
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:^|[/_.-])((?:19|20)\d{2})(?:[/_.-](\d{1,2})[/_.-](\d{2}(?:$|\D)|\d(?:$|[/_.?#]))|(\d{2})(\d{2})(?:$|\d{0,6}(?:$|\D)))",
        )
        .expect("valid regex")
    })
}

/// A complete date in a URL: `/2019/03/14/`, `/2019-03-14-`, `/20190314/`, `_20190314`, and
/// day-first `/14-03-2019/` …
/// The host is skipped; the first plausible date of the path wins.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    // An archived copy (`web.archive.org/web/20110106023242/http://…`): the original's URL.
    let url = url
        .find("/web/")
        .and_then(|i| {
            let rest = &url[i + 5..];
            let ts = rest.find('/')?;
            rest[..ts]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric())
                .then(|| &rest[ts + 1..])
        })
        .filter(|_| url.contains("archive.org/"))
        .unwrap_or(url);
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    url_re()
        .captures_iter(path)
        .find_map(|c| {
            let year = c[1].parse().ok()?;
            let (m, d) = match (c.get(2), c.get(3)) {
                (Some(m), Some(d)) => (
                    m.as_str(),
                    d.as_str().trim_end_matches(|c: char| !c.is_ascii_digit()),
                ),
                _ => (c.get(4)?.as_str(), c.get(5)?.as_str()),
            };
            ymd(year, m.parse().ok()?, d.parse().ok()?)
        })
        .or_else(|| {
            let c = url_dmy_re().captures(path)?;
            ymd(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)
        })
}

fn url_dmy_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[/_-](\d{2})-(\d{2})-((?:19|20)\d{2})(?:$|[/_.?#-])").expect("valid regex")
    })
}

/// Day-first numeric order ("14.03.2019", "14/03/2019") unless the parts forbid it.
fn day_first(a: u32, b: u32, year: i32, month_first_default: bool) -> Option<NaiveDate> {
    if month_first_default && a <= 12 {
        ymd(year, a, b).or_else(|| ymd(year, b, a))
    } else {
        ymd(year, b, a).or_else(|| ymd(year, a, b))
    }
}

fn scan_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let ord = r"(?:st|nd|rd|th|er|º|°)?";
        let patterns = [
            // 1-3: 2019-03-14, 2019/03/14, 2019.03.14, 2019. 3. 14.
            r"((?:19|20)\d{2})(?:-|/|\.\s?)(\d{1,2})(?:-|/|\.\s?)(\d{1,2})".to_owned(),
            // 4-6: 14.03.2019, 14. 3. 2019, 14-03-2019
            r"(\d{1,2})(?:\.\s?|-)(\d{1,2})(?:\.\s?|-)((?:19|20)\d{2})".to_owned(),
            // 7-9: 03/14/2019 or 14/03/2019
            r"(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})".to_owned(),
            // 10-12: 2019年3月14日, 2019년 3월 14일
            r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})".to_owned(),
            // 13-15: 14 March 2019, 14. März 2019, 14 de marzo de 2019, 14th of March, 2019
            format!(
                r"(\d{{1,2}}){ord}\.?\s*(?:de\s+|of\s+)?(\p{{L}}{{3,}})\.?,?\s*(?:de\s+|del\s+)?((?:19|20)\d{{2}})"
            ),
            // 16-18: March 14, 2019, Mar. 14th 2019
            format!(r"(\p{{L}}{{3,}})\.?\s+(\d{{1,2}}){ord},?\s+((?:19|20)\d{{2}})"),
            // 19-21: 2019. március 14. (Hungarian), 2019 March 14
            r"((?:19|20)\d{2})\.?\s+(\p{L}{3,})\.?\s+(\d{1,2})".to_owned(),
        ];
        Regex::new(&patterns.join("|")).expect("valid regex")
    })
}

/// Every plausible date written in `text`, with its byte offset, in text order. Formats: ISO and
/// other year-first numerics, day-first numerics (`14.03.2019`; `03/14/2019` is read month-first
/// when the day-first reading is impossible, and vice versa), CJK, and month names in English,
/// German, French, Spanish, Italian, Portuguese, Dutch, the Nordic languages, Polish, Czech,
/// Slovak, Turkish, Hungarian, Romanian, Indonesian, Russian, Ukrainian and Arabic. A match glued to further
/// digits (a longer number) is skipped.
pub fn scan_dates(text: &str) -> impl Iterator<Item = (usize, NaiveDate)> + '_ {
    let mut from = 0;
    let mut misses = 0;
    std::iter::from_fn(move || {
        while misses < MAX_SCAN_MISSES {
            let c = scan_re().captures_at(text, from)?;
            let whole = c.get(0)?;
            match read_match(text, &c) {
                Some(date) => {
                    from = whole.end();
                    return Some((whole.start(), date));
                }
                None => {
                    // A match that is no date ("2021 Info 21") may hide one that starts inside it.
                    misses += 1;
                    from = text[whole.start()..]
                        .char_indices()
                        .nth(1)
                        .map_or(text.len(), |(i, _)| whole.start() + i);
                }
            }
        }
        None
    })
}

/// How many non-date matches one scan looks past before giving up (bounds the work on junk).
const MAX_SCAN_MISSES: usize = 400;

/// The date one match of the scan pattern stands for, if it is one.
fn read_match(text: &str, c: &regex::Captures<'_>) -> Option<NaiveDate> {
    let whole = c.get(0)?;
    let glued = |i: usize, before: bool| {
        if before {
            text[..i]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_ascii_digit())
        } else {
            text[i..]
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_digit())
        }
    };
    if glued(whole.start(), true) || glued(whole.end(), false) {
        return None;
    }
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let y = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
    let date = if c.get(1).is_some() {
        ymd(y(1)?, n(2)?, n(3)?)
    } else if c.get(4).is_some() {
        day_first(n(4)?, n(5)?, y(6)?, false)
    } else if c.get(7).is_some() {
        day_first(n(7)?, n(8)?, y(9)?, true)
    } else if c.get(10).is_some() {
        ymd(y(10)?, n(11)?, n(12)?)
    } else if c.get(13).is_some() {
        ymd(y(15)?, month_number(&c[14])?, n(13)?)
    } else if c.get(16).is_some() {
        ymd(y(18)?, month_number(&c[16])?, n(17)?)
    } else {
        ymd(y(19)?, month_number(&c[20])?, n(21)?)
    };
    date
}

/// Month names and abbreviations, lowercase, by language.
const MONTHS: [(u32, &[&str]); 12] = [
    (
        1,
        &[
            "january",
            "jan",
            "januar",
            "jänner",
            "janvier",
            "janv",
            "enero",
            "ene",
            "gennaio",
            "gen",
            "janeiro",
            "januari",
            "januar",
            "tammikuuta",
            "stycznia",
            "styczeń",
            "ledna",
            "leden",
            "ocak",
            "január",
            "ianuarie",
            "января",
            "январь",
            "янв",
            "січня",
            "januára",
            "يناير",
        ],
    ),
    (
        2,
        &[
            "february",
            "feb",
            "febr",
            "februar",
            "feber",
            "février",
            "fév",
            "févr",
            "febrero",
            "febbraio",
            "fevereiro",
            "fev",
            "februari",
            "helmikuuta",
            "lutego",
            "luty",
            "února",
            "únor",
            "şubat",
            "február",
            "februarie",
            "февраля",
            "февраль",
            "фев",
            "лютого",
            "februára",
            "فبراير",
        ],
    ),
    (
        3,
        &[
            "march",
            "mar",
            "märz",
            "mär",
            "mrz",
            "mars",
            "marzo",
            "março",
            "maart",
            "mrt",
            "maret",
            "maaliskuuta",
            "marca",
            "marzec",
            "března",
            "březen",
            "mart",
            "március",
            "martie",
            "marts",
            "марта",
            "март",
            "мар",
            "березня",
            "مارس",
            "marca",
        ],
    ),
    (
        4,
        &[
            "april",
            "apr",
            "avril",
            "avr",
            "abril",
            "abr",
            "aprile",
            "huhtikuuta",
            "kwietnia",
            "kwiecień",
            "dubna",
            "duben",
            "nisan",
            "április",
            "aprilie",
            "апреля",
            "апрель",
            "апр",
            "квітня",
            "apríla",
            "أبريل",
            "ابريل",
            "إبريل",
        ],
    ),
    (
        5,
        &[
            "may",
            "mai",
            "mayo",
            "maggio",
            "mag",
            "maio",
            "mei",
            "toukokuuta",
            "maja",
            "maj",
            "května",
            "květen",
            "mayıs",
            "május",
            "mai",
            "мая",
            "май",
            "травня",
            "mája",
            "مايو",
        ],
    ),
    (
        6,
        &[
            "june",
            "jun",
            "juni",
            "juin",
            "junio",
            "giugno",
            "giu",
            "junho",
            "kesäkuuta",
            "czerwca",
            "czerwiec",
            "června",
            "červen",
            "haziran",
            "június",
            "iunie",
            "июня",
            "июнь",
            "июн",
            "червня",
            "júna",
            "يونيو",
        ],
    ),
    (
        7,
        &[
            "july",
            "jul",
            "juli",
            "juillet",
            "juil",
            "julio",
            "luglio",
            "lug",
            "julho",
            "heinäkuuta",
            "lipca",
            "lipiec",
            "července",
            "červenec",
            "temmuz",
            "július",
            "iulie",
            "июля",
            "июль",
            "июл",
            "липня",
            "júla",
            "يوليو",
        ],
    ),
    (
        8,
        &[
            "august",
            "aug",
            "août",
            "aout",
            "agosto",
            "ago",
            "augustus",
            "agustus",
            "augusti",
            "elokuuta",
            "sierpnia",
            "sierpień",
            "srpna",
            "srpen",
            "ağustos",
            "augusztus",
            "августа",
            "август",
            "авг",
            "серпня",
            "augusta",
            "أغسطس",
            "اغسطس",
        ],
    ),
    (
        9,
        &[
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "setiembre",
            "settembre",
            "set",
            "setembro",
            "syyskuuta",
            "września",
            "wrzesień",
            "září",
            "eylül",
            "szeptember",
            "septembrie",
            "сентября",
            "сентябрь",
            "сен",
            "сент",
            "вересня",
            "septembra",
            "سبتمبر",
        ],
    ),
    (
        10,
        &[
            "october",
            "oct",
            "oktober",
            "okt",
            "octobre",
            "octubre",
            "ottobre",
            "ott",
            "outubro",
            "out",
            "lokakuuta",
            "października",
            "październik",
            "října",
            "říjen",
            "ekim",
            "október",
            "octombrie",
            "октября",
            "октябрь",
            "окт",
            "жовтня",
            "októbra",
            "أكتوبر",
            "اكتوبر",
        ],
    ),
    (
        11,
        &[
            "november",
            "nov",
            "novembre",
            "noviembre",
            "novembro",
            "marraskuuta",
            "listopada",
            "listopad",
            "kasım",
            "noiembrie",
            "ноября",
            "ноябрь",
            "ноя",
            "листопада",
            "novembra",
            "نوفمبر",
        ],
    ),
    (
        12,
        &[
            "december",
            "dec",
            "dezember",
            "dez",
            "décembre",
            "déc",
            "decembre",
            "diciembre",
            "dic",
            "dicembre",
            "dezembro",
            "desember",
            "joulukuuta",
            "grudnia",
            "grudzień",
            "prosince",
            "prosinec",
            "aralık",
            "decembrie",
            "декабря",
            "декабрь",
            "дек",
            "грудня",
            "decembra",
            "ديسمبر",
        ],
    ),
];

/// The month a (lowercased) month name or abbreviation stands for.
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find(|(_, names)| names.contains(&word.as_str()))
        .map(|(m, _)| *m)
}

/// Most dates kept from a page's removed furniture.
const MAX_FURNITURE_DATES: usize = 32;

/// A month-day date as written, with the weekday before it and the year after it when given:
/// "Wednesday, March 19", "March 24, 2014", "24 March", "Friday 7 March 2014".
static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let weekday = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?";
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    Regex::new(&format!(
        r"\b{weekday}(?:{month}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{month}(?:,?\s+\d{{4}})?)\b"
    ))
    .expect("valid written-date pattern")
});

/// The dates written in `raw` paragraphs (a page before boilerplate removal) that its clean
/// `text` no longer holds, as written and in order, each once: the dates of photo captions and
/// gallery furniture ([`chorus_core::Article::furniture_dates`]).
pub fn removed_dates(raw: &[String], text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for paragraph in raw {
        for m in WRITTEN_DATE.find_iter(paragraph) {
            let date = chorus_text::normalize_space(m.as_str());
            if !text.contains(m.as_str()) && !text.contains(&date) && !found.contains(&date) {
                found.push(date);
                if found.len() == MAX_FURNITURE_DATES {
                    return found;
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_removed_furniture_are_kept() {
        let raw = vec![
            "Troops stand guard on Wednesday, March 19. Hide Caption 11 of 132".to_owned(),
            "Officials met on March 18 and again on March 17, 2014.".to_owned(),
        ];
        let text = "Officials met on March 18 and again on March 17, 2014.";
        assert_eq!(removed_dates(&raw, text), ["Wednesday, March 19"]);
        assert!(removed_dates(&raw[1..], text).is_empty());
    }

    fn d(s: &str) -> NaiveDate {
        parse_iso_date(s).unwrap()
    }

    fn first(text: &str) -> Option<NaiveDate> {
        scan_dates(text).next().map(|(_, d)| d)
    }

    #[test]
    fn iso_dates_keep_their_time_and_offset() {
        let p = parse_date("2019-03-14T08:05:00+01:00").unwrap();
        assert_eq!(p.to_string(), "2019-03-14T08:05:00+01:00");
        assert_eq!(
            parse_date("2019-03-14T08:05Z").unwrap().to_string(),
            "2019-03-14T08:05:00Z"
        );
        assert_eq!(
            parse_date("2019-03-14 08:05:09.123-0500")
                .unwrap()
                .to_string(),
            "2019-03-14T08:05:09-05:00"
        );
        assert_eq!(
            parse_date(" 2019-03-14 ").unwrap().to_string(),
            "2019-03-14"
        );
        assert_eq!(parse_date("20190314").unwrap().to_string(), "2019-03-14");
        assert_eq!(
            parse_date("Posted 28.09.19").unwrap().to_string(),
            "2019-09-28"
        );
        assert!(scan_dates("28.09.19").next().is_none());
    }

    #[test]
    fn unix_timestamps_are_read_in_utc() {
        assert_eq!(parse_date("1552521600").unwrap().date, d("2019-03-14"));
        assert!(parse_date("123").is_none());
    }

    #[test]
    fn numeric_orders() {
        assert_eq!(first("posted 2019/03/14 by"), Some(d("2019-03-14")));
        assert_eq!(first("am 14.03.2019 um"), Some(d("2019-03-14")));
        assert_eq!(first("14. 3. 2019"), Some(d("2019-03-14")));
        assert_eq!(first("2019. 3. 14."), Some(d("2019-03-14")));
        assert_eq!(first("on 03/14/2019"), Some(d("2019-03-14")));
        assert_eq!(first("on 14/03/2019"), Some(d("2019-03-14")));
        assert_eq!(first("2019年3月14日"), Some(d("2019-03-14")));
        assert_eq!(first("2019년 3월 14일"), Some(d("2019-03-14")));
    }

    #[test]
    fn month_names_in_several_languages() {
        for text in [
            "March 14, 2019",
            "Mar. 14th, 2019",
            "14 March 2019",
            "14th of March 2019",
            "14. März 2019",
            "le 14 mars 2019",
            "14 de marzo de 2019",
            "14 marzo 2019",
            "14 de março de 2019",
            "14 maart 2019",
            "14 марта 2019",
            "14 marca 2019",
            "2019. március 14.",
            "14 Mart 2019",
        ] {
            assert_eq!(first(text), Some(d("2019-03-14")), "{text}");
        }
        assert_eq!(first("1er décembre 2018"), Some(d("2018-12-01")));
        assert_eq!(first("3 Dezember 2018"), Some(d("2018-12-03")));
        assert_eq!(first("الأربعاء، 07 أكتوبر 2020"), Some(d("2020-10-07")));
        assert_eq!(first("2021 Info 21.01.2022"), Some(d("2022-01-21")));
    }

    #[test]
    fn implausible_and_impossible_dates_are_rejected() {
        assert_eq!(first("1990-05-01"), None);
        assert_eq!(first("2045-05-01"), None);
        assert_eq!(first("2019-02-30"), None);
        assert_eq!(first("31 June 2019"), None);
        assert_eq!(first("14 Marchy 2019"), None);
        assert_eq!(first("call 12019-03-14"), None);
        assert!(parse_date("not a date").is_none());
    }

    #[test]
    fn url_dates() {
        let u = |s| url_date(s);
        assert_eq!(u("https://x.org/2019/03/14/slug"), Some(d("2019-03-14")));
        assert_eq!(
            u("https://x.org/news/2019-03-14-slug.html"),
            Some(d("2019-03-14"))
        );
        assert_eq!(u("https://x.org/a/20190314/slug"), Some(d("2019-03-14")));
        assert_eq!(u("https://x.org/2019/3/4/slug"), Some(d("2019-03-04")));
        assert_eq!(u("https://2019.org/2019/03/"), None);
        assert_eq!(u("https://x.org/item/201903141234567"), None);
        assert_eq!(u("https://x.org/2019/03/slug"), None);
        assert_eq!(u("https://x.org/2019/03/3-things"), None);
        assert_eq!(u("https://x.org/notes/14-03-2019"), Some(d("2019-03-14")));
        assert_eq!(
            u("https://web.archive.org/web/20110106023242/http://x.org/a"),
            None
        );
        assert_eq!(
            u("https://web.archive.org/web/20110106/x.org/2010/05/04/a"),
            Some(d("2010-05-04"))
        );
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,80}") {
            let _ = parse_date(&s);
            let _ = scan_dates(&s).count();
            let _ = url_date(&s);
        }
    }
}
