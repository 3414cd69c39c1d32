//! The publication-date cascade.
//!
//! Written by hand: no Rust crate does htmldate's job well (the `trafilatura` crate's port
//! scores 0.909 on the htmldate set against htmldate's 0.949, and pulls a second DOM and a full
//! extraction along), and the order of evidence is where the accuracy lies, so we own it.
//!
//! The order of evidence, first hit wins:
//! 1. **the URL path** (`/2019/03/14/`, `/20190314/`, `/14-03-2019`), when it holds a complete
//!    date: editors mint it at publication. The structured date of step 2/3 replaces it when it
//!    falls on the same day (it adds the time) or, one day off, is the day the page shows;
//! 2. **JSON-LD** `datePublished` / `dateCreated` / `uploadDate`, article objects first (also
//!    inside `@graph`);
//! 3. **meta tags** naming the publication, by [`PUBLISHED_META`] rank
//!    (`article:published_time` first), then other meta keys that name a date;
//! 4. **marked publication elements**: `itemprop=datePublished`, `<time pubdate>`, elements
//!    whose class/id says published/posted, the plainest name first;
//! 5. **`<time datetime>`** and other date-marked elements (class/id `date`, `time`, `meta` …)
//!    not marked as modified, in page order;
//! 6. **weak meta tags** (`date`, `dc.date`): often a cache date, so only when the page shows
//!    that day;
//! 7. **modification dates** (JSON-LD `dateModified`, `article:modified_time`, elements marked
//!    updated, a wiki's last-modified line): a page's only date is usually close to its
//!    publication;
//! 8. **text scan** of the visible text from just above the headline on: the first plausible
//!    date not labelled as a copyright, modification or current-time date;
//! 9. **source scan**: the date written most often anywhere in the page source.
//!
//! Dates in comments, sidebars, navigation, teasers and footers are not evidence (steps 4-7).
//! The machine-readable dates of steps 2-3 are checked against the days the page shows its
//! readers (see [`as_shown`]): when another candidate (its UTC day, another JSON-LD object,
//! a meta tag, the modification) is the shown one, that one wins. A UTC date-time that a
//! `datetime` on the page restates in a local offset is reported in that offset.
//!
//! Everything passes [`crate::dates::plausible`] (1995..=2030, a real calendar day); there is
//! no clock. A time of day is kept when the winning evidence gives one.

use std::cell::OnceCell;
use std::collections::HashSet;

use chrono::{Duration, NaiveDate};

use crate::dates::{parse_date, scan_dates, url_date, PageDate};

use super::page::{DateKind, Page};

/// Meta keys naming the publication date, best first.
const PUBLISHED_META: [&str; 31] = [
    "article:published_time",
    "article:published",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "published_time",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "originalpublicationdate",
    "publication_date",
    "publication-date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "published-date",
    "published_date",
    "pub_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_date",
    "rnews:datepublished",
    "uploaddate",
];

/// Meta keys naming a date of no stated kind: often a cache or review date, so read only after
/// the date-marked elements of the page.
const WEAK_META: [&str; 3] = ["dc.date", "dcterms.date", "date"];

/// Meta keys naming a modification date.
const MODIFIED_META: [&str; 7] = [
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

/// Which step of the cascade gave the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// JSON-LD publication date.
    JsonLd,
    /// Publication meta tag.
    Meta,
    /// `itemprop=datePublished`, `<time pubdate>`, class published.
    MarkedPublished,
    /// Complete date in the URL.
    Url,
    /// `<time datetime>` or a date-marked element.
    DateElement,
    /// A meta tag naming a date of no stated kind.
    WeakMeta,
    /// A modification date.
    Modified,
    /// The visible text.
    Text,
    /// The page source.
    Source,
}

/// The publication date of a page, by the cascade in the module documentation.
pub(super) fn published(page: &Page, html: &str, url: Option<&str>) -> Option<PageDate> {
    cascade(page, html, url).map(|(_, d)| localize(page, d))
}

/// The cascade, with the step that decided.
pub(super) fn cascade(page: &Page, html: &str, url: Option<&str>) -> Option<(Step, PageDate)> {
    let parse_all = |values: &[String]| values.iter().find_map(|v| parse_date(v));
    let ranked = |keys: &[&str]| {
        page.metas
            .iter()
            .filter_map(|(k, v)| Some((keys.iter().position(|x| x == k)?, v)))
            .filter_map(|(rank, v)| Some((rank, parse_date(v)?)))
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, d)| d)
    };
    let modified = || parse_all(&page.json_ld.modified).or_else(|| ranked(&MODIFIED_META));
    let shown = OnceCell::new();
    // Other machine-readable candidates, in order: every JSON-LD publication date, the
    // publication metas, the modification dates.
    let alternatives = || {
        page.json_ld
            .published
            .iter()
            .filter_map(|v| parse_date(v))
            .chain(
                page.metas
                    .iter()
                    .filter(|(k, _)| PUBLISHED_META.contains(&k.as_str()))
                    .filter_map(|(_, v)| parse_date(v)),
            )
            .chain(modified())
    };
    let settle = |d: PageDate| as_shown(d, alternatives, shown.get_or_init(|| shown_dates(page)));
    let structured = parse_all(&page.json_ld.published)
        .map(|d| (Step::JsonLd, d))
        .or_else(|| ranked(&PUBLISHED_META).map(|d| (Step::Meta, d)));
    if let Some(u) = url.and_then(url_date) {
        // The structured date gives the time of day; it also wins a one-day disagreement when
        // only it is shown on the page (the URL was minted in another time zone).
        let shown_instead = |p: NaiveDate| {
            let shown = shown.get_or_init(|| shown_dates(page));
            shown.contains(&p) && !shown.contains(&u)
        };
        return match structured {
            Some((_, p))
                if p.date == u || ((p.date - u).num_days().abs() == 1 && shown_instead(p.date)) =>
            {
                Some((Step::Url, p))
            }
            _ => Some((Step::Url, PageDate::day(u))),
        };
    }
    if let Some((step, d)) = structured {
        return Some((step, settle(d)));
    }
    let other_meta = page
        .metas
        .iter()
        .filter(|(k, _)| is_other_date_key(k) && !WEAK_META.contains(&k.as_str()))
        .find_map(|(_, v)| parse_date(v));
    if let Some(d) = other_meta {
        return Some((Step::Meta, d));
    }
    // Date elements of one kind, the best-named first (`datePublished` before `created`), then
    // in page order.
    let elements = |kind: DateKind| {
        page.dates
            .iter()
            .filter(move |e| e.kind == kind)
            .filter_map(|e| {
                let d = e
                    .value
                    .as_deref()
                    .and_then(parse_date)
                    .or_else(|| parse_date(&e.text))?;
                Some((e.rank, d))
            })
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, d)| d)
    };
    if let Some(d) = elements(DateKind::Published) {
        return Some((Step::MarkedPublished, d));
    }
    if let Some(d) = elements(DateKind::Other) {
        return Some((Step::DateElement, d));
    }
    if let Some(d) = ranked(&WEAK_META) {
        // Often the date of the last cache rebuild: trusted only when shown or when the text
        // has no date.
        let shown = shown.get_or_init(|| shown_dates(page));
        if shown.contains(&d.date) || shown.is_empty() {
            return Some((Step::WeakMeta, d));
        }
    }
    let modified = modified().or_else(|| elements(DateKind::Modified));
    if let Some(d) = modified {
        return Some((Step::Modified, d));
    }
    if let Some(d) = text_date(&page.text, page.h1.as_deref()) {
        return Some((Step::Text, d));
    }
    source_date(html).map(|d| (Step::Source, d))
}

/// Days written in the visible text and in the date-marked elements (at most
/// [`MAX_SHOWN_DATES`] of them).
fn shown_dates(page: &Page) -> HashSet<NaiveDate> {
    let elements = page
        .dates
        .iter()
        .filter_map(|e| parse_date(&e.text))
        .map(|d| d.date);
    scan_dates(&page.text)
        .map(|(_, d)| d)
        .take(MAX_SHOWN_DATES)
        .chain(elements)
        .collect()
}

/// How many text dates [`shown_dates`] reads.
const MAX_SHOWN_DATES: usize = 200;

/// A machine-readable publication date checked against the days the page shows its readers.
/// When its own day is not shown but the page shows the day the same instant falls on in UTC
/// (a local stamp of a late-evening or early-morning article), or shows the day of another
/// machine-readable candidate (another JSON-LD object, a meta tag, the modification), the shown
/// day wins. A page that shows no dates leaves `d` as it is.
fn as_shown<I: Iterator<Item = PageDate>>(
    d: PageDate,
    alternatives: impl Fn() -> I,
    shown: &HashSet<NaiveDate>,
) -> PageDate {
    if shown.is_empty() || shown.contains(&d.date) {
        return d;
    }
    if let (Some(time), Some(offset)) = (d.time, d.offset_seconds) {
        let utc = (d.date.and_time(time) - Duration::seconds(i64::from(offset))).date();
        if shown.contains(&utc) {
            return PageDate::day(utc);
        }
    }
    alternatives()
        .find(|a| shown.contains(&a.date))
        .unwrap_or(d)
}

/// A meta key that names some date without being a known publication or modification key
/// (`five_hundred_pixels:uploaded`, `article:created`, `schema:dateCreated` …).
fn is_other_date_key(key: &str) -> bool {
    ["date", "publish", "created", "upload"]
        .iter()
        .any(|m| key.contains(m))
        && !["modif", "update", "expir", "revis", "lastmod", "valid"]
            .iter()
            .any(|m| key.contains(m))
}

/// The date written most often anywhere in the page source (scripts, links, comments); ties go
/// to the first written. The last resort, after the visible text gave nothing.
fn source_date(html: &str) -> Option<PageDate> {
    let mut counts: Vec<(NaiveDate, usize)> = Vec::new();
    for (_, d) in scan_dates(html) {
        match counts.iter_mut().find(|(x, _)| *x == d) {
            Some((_, n)) => *n += 1,
            None => counts.push((d, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(d, _)| PageDate::day(d))
}

/// A UTC time stated again, as the same instant, in a local offset by a `datetime` on the page
/// (`06:35Z` and `22:35-08:00`): the page's readers see the local day, so that one is kept.
fn localize(page: &Page, d: PageDate) -> PageDate {
    let (Some(time), Some(0)) = (d.time, d.offset_seconds) else {
        return d;
    };
    let instant = d.date.and_time(time);
    page.dates
        .iter()
        .filter_map(|e| e.value.as_deref().and_then(parse_date))
        .find(|l| {
            let (Some(lt), Some(off)) = (l.time, l.offset_seconds) else {
                return false;
            };
            let utc = l.date.and_time(lt) - Duration::seconds(i64::from(off));
            off != 0 && (utc - instant).num_seconds().abs() <= 60
        })
        .unwrap_or(d)
}

/// The first plausible date of the visible text that is not part of a copyright line.
fn text_date(text: &str, headline: Option<&str>) -> Option<PageDate> {
    let start = headline
        .and_then(|h| text.find(h))
        .map_or(0, |at| at.saturating_sub(HEADLINE_LEAD));
    let first_from = |from: usize| {
        scan_dates(text)
            .filter(|&(at, _)| at >= from)
            .find(|&(at, _)| !in_copyright(text, at))
            .map(|(_, d)| PageDate::day(d))
    };
    first_from(start).or_else(|| first_from(0))
}

/// Bytes of text before the headline that may hold its date (a dateline above the title).
const HEADLINE_LEAD: usize = 200;

/// Whether the text just before `at` says the date is not a publication date: a copyright
/// notice, a modification note, the current time.
fn in_copyright(text: &str, at: usize) -> bool {
    let start = (at.saturating_sub(32)..=at)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(at);
    names_other_date(&text[start..at])
}

/// Whether a label names a date other than the publication: a copyright notice, a
/// modification note, the current time.
fn names_other_date(label: &str) -> bool {
    let label = label.to_lowercase();
    [
        "©",
        "copyright",
        "(c)",
        "änderung",
        "aktualisiert",
        "geändert",
        "updated",
        "modified",
        "mis à jour",
        "actualizado",
        "aggiornato",
        "aktuelle zeit",
        "current time",
        "currently",
    ]
    .iter()
    .any(|m| label.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The step and day the cascade picks for a page.
    fn pick(html: &str, url: Option<&str>) -> Option<(Step, String)> {
        let doc = trafilatura::dom::Document::parse(html);
        let tree = crate::html::tree::Tree::copy(&doc, usize::MAX).unwrap();
        let page = Page::read(&tree);
        cascade(&page, html, url).map(|(s, d)| (s, localize(&page, d).to_string()))
    }

    fn day(html: &str, url: Option<&str>) -> Option<String> {
        pick(html, url).map(|(_, d)| d[..10].to_owned())
    }

    const JSON_LD: &str = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","datePublished":"2001-01-01"},{"@type":"NewsArticle","headline":"A","datePublished":"2019-03-14T08:00:00+01:00","dateModified":"2019-03-20T10:00:00+01:00"}]}</script>"#;
    const META: &str = r#"<meta property="article:published_time" content="2019-03-12T09:30:00Z"><meta name="date" content="2019-03-11">"#;
    const TIME: &str = r#"<p><time datetime="2019-03-10">10 March 2019</time></p>"#;
    const TEXT: &str = "<p>Written on 9 March 2019 by a reporter.</p>";

    fn page(head: &str, body: &str) -> String {
        format!(
            "<html><head>{head}</head><body><h1>Headline of the sample</h1>{body}</body></html>"
        )
    }

    #[test]
    fn json_ld_article_beats_everything_on_the_page_and_keeps_its_time() {
        let html = page(&format!("{JSON_LD}{META}"), &format!("{TIME}{TEXT}"));
        let (step, date) = pick(&html, None).unwrap();
        assert_eq!(step, Step::JsonLd);
        assert_eq!(date, "2019-03-14T08:00:00+01:00");
    }

    #[test]
    fn meta_tags_come_next_and_the_url_date_wins_over_them() {
        let html = page(META, &format!("{TIME}{TEXT}"));
        assert_eq!(
            pick(&html, None).unwrap(),
            (Step::Meta, "2019-03-12T09:30:00Z".into())
        );
        let url = Some("https://news.example/2019/03/13/story");
        assert_eq!(pick(&html, url).unwrap(), (Step::Url, "2019-03-13".into()));
        // When the URL and the meta tag agree on the day, the meta tag's time is kept.
        let url = Some("https://news.example/2019/03/12/story");
        assert_eq!(pick(&html, url).unwrap().1, "2019-03-12T09:30:00Z");
    }

    #[test]
    fn marked_elements_time_elements_then_text() {
        let marked = r#"<span class="published">Posted 8 March 2019</span>"#;
        let html = page("", &format!("{TIME}{marked}{TEXT}"));
        assert_eq!(pick(&html, None).unwrap().0, Step::MarkedPublished);
        assert_eq!(day(&html, None).as_deref(), Some("2019-03-08"));
        let html = page("", &format!("{TIME}{TEXT}"));
        assert_eq!(
            pick(&html, None).unwrap(),
            (Step::DateElement, "2019-03-10".into())
        );
        let html = page("", TEXT);
        assert_eq!(
            pick(&html, None).unwrap(),
            (Step::Text, "2019-03-09".into())
        );
    }

    #[test]
    fn itemprop_date_published_beats_date_created() {
        let html = page(
            "",
            r#"<time itemprop="dateCreated" datetime="2019-03-01">1 March</time>
               <time itemprop="datePublished" datetime="2019-03-05">5 March</time>"#,
        );
        assert_eq!(day(&html, None).as_deref(), Some("2019-03-05"));
    }

    #[test]
    fn modified_dates_only_when_nothing_else_is_there() {
        let html = page(
            r#"<meta property="article:modified_time" content="2019-04-01">"#,
            "<p>No date.</p>",
        );
        assert_eq!(
            pick(&html, None).unwrap(),
            (Step::Modified, "2019-04-01".into())
        );
    }

    #[test]
    fn the_day_the_page_shows_settles_a_disagreement() {
        // The JSON-LD object is dated the 14th, the page shows only the modification day.
        let html = page(
            JSON_LD,
            "<p class=\"dateline\">Updated version of 20.03.2019</p>",
        );
        assert_eq!(day(&html, None).as_deref(), Some("2019-03-20"));
    }

    #[test]
    fn comment_dates_copyright_and_implausible_dates_are_ignored() {
        let html = page(
            "",
            r#"<div class="comments"><time datetime="2019-06-01">1 June</time></div>
               <p>© 2018-02-03 Sample Media</p><p>Founded 1901-05-05.</p>
               <p>Story of 2019-03-07.</p>"#,
        );
        assert_eq!(
            pick(&html, None).unwrap(),
            (Step::Text, "2019-03-07".into())
        );
        let html = page(
            r#"<meta property="article:published_time" content="2087-01-01">"#,
            "",
        );
        assert_eq!(pick(&html, None), None);
    }

    #[test]
    fn a_utc_stamp_restated_locally_reports_the_local_day() {
        let html = page(
            r#"<meta property="article:published_time" content="2019-03-15T03:30:00Z">"#,
            r#"<time datetime="2019-03-14T22:30:00-05:00">14 March, 10.30pm</time>"#,
        );
        assert_eq!(pick(&html, None).unwrap().1, "2019-03-14T22:30:00-05:00");
    }

    #[test]
    fn the_page_source_is_the_last_resort() {
        let html = r#"<html><body><script>var meta = {"created": "2019-03-02"};</script><p>x</p></body></html>"#;
        assert_eq!(
            pick(html, None).unwrap(),
            (Step::Source, "2019-03-02".into())
        );
        assert_eq!(pick("<p>no date at all</p>", None), None);
    }
}
