//! Page metadata: title, byline, publication date, site name, canonical URL, language.
//!
//! The page is parsed once (html5ever, into the `trafilatura` crate's DOM, see
//! [`super::extract_page`]), copied into a compact tree that main-text extraction reads too, and
//! that copy is walked once to gather the evidence
//! every field draws on (`page::Page`): meta tags, JSON-LD blocks, `<link>`s, `<time>`s,
//! elements whose class or id names a date or an author, headings and the visible text. Each
//! field then picks from that evidence in a fixed order:
//!
//! * **title**: JSON-LD `headline` of the article, `og:title`, `twitter:title`, `dc.title`, the
//!   `<title>` without its " | Site" part, the first `<h1>`;
//! * **byline**: Dublin Core creator and `author` meta tags, JSON-LD author name(s), then
//!   elements (`rel=author`, class/id/itemprop author or byline, outside comments) in page
//!   order; a leading "By" and anything from a date on are dropped, URLs and junk rejected;
//! * **published**: the date cascade of the `date` submodule (its documentation gives the order);
//! * **site name**: `og:site_name`, JSON-LD publisher name, `application-name`; else nothing;
//! * **canonical URL**: `<link rel=canonical>`, `og:url`, else the address the caller gave;
//! * **language**: `<html lang>`, `content-language` meta, `og:locale`, as lowercase ISO 639-1.

mod date;
mod jsonld;
mod page;

use page::Page;

use super::tree::Tree;

/// Metadata read off one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMetadata {
    /// Headline.
    pub title: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// Publication date, `YYYY-MM-DD`, or an ISO 8601 date-time when the page gives a time.
    pub published: Option<String>,
    /// Site (outlet) name.
    pub site_name: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Declared language (ISO 639-1).
    pub language: Option<String>,
    /// The page's summary from its description meta tags, when the body also shows it outside
    /// navigation, sidebars and footers: then it is the article's standfirst, which main-text
    /// extraction often misses.
    pub standfirst: Option<String>,
}

/// Reads the metadata of a page. `url` is the page's address when the caller knows it; it is
/// evidence for the date and the fallback canonical URL.
pub fn extract(html: &str, url: Option<&str>) -> PageMetadata {
    // Every walk here is iterative: no depth limit is needed.
    match Tree::copy(&trafilatura::dom::Document::parse(html), usize::MAX) {
        Some(tree) => extract_from(&tree, html, url).0,
        None => PageMetadata::default(),
    }
}

/// [`extract`] from the page already parsed and copied (`tree` is `html` parsed as a
/// document), and whether the page's metadata (meta tags, JSON-LD) names an author, as
/// Readability reads them.
pub(crate) fn extract_from(tree: &Tree, html: &str, url: Option<&str>) -> (PageMetadata, bool) {
    let page = Page::read(tree);
    let site_name = site_name(&page);
    let stated_author = stated_author(&page);
    let metadata = PageMetadata {
        title: title(&page, site_name.as_deref()),
        byline: byline(&page),
        published: date::published(&page, html, url).map(|d| d.to_string()),
        site_name,
        canonical_url: canonical_url(&page, url),
        language: language(&page),
        standfirst: standfirst(&page),
    };
    (metadata, stated_author)
}

/// Whether the meta tags or JSON-LD name an author, by Readability's keys (an
/// `article:author` that is a URL does not count).
fn stated_author(page: &Page) -> bool {
    let metas = [
        "dc:creator",
        "dc.creator",
        "dcterm:creator",
        "dcterm.creator",
        "author",
        "parsely-author",
    ];
    !page.json_ld.authors.is_empty()
        || metas.iter().any(|k| page.meta(k).is_some())
        || page
            .meta("article:author")
            .is_some_and(|a| !a.contains("://"))
}

/// Meta keys that hold the page's summary.
const DESCRIPTION_METAS: [&str; 3] = ["og:description", "description", "twitter:description"];

/// A summary shorter than this many words is a slogan or a label, not a standfirst.
const STANDFIRST_MIN_WORDS: usize = 8;

/// The longest description meta (of at least [`STANDFIRST_MIN_WORDS`] words) that the body
/// shows word for word outside navigation, sidebars and footers.
fn standfirst(page: &Page) -> Option<String> {
    page.metas
        .iter()
        .filter(|(k, _)| DESCRIPTION_METAS.contains(&k.as_str()))
        .filter_map(|(_, v)| clean(v))
        .filter(|d| d.split_whitespace().count() >= STANDFIRST_MIN_WORDS)
        .filter(|d| page.main_text.contains(d.as_str()))
        .max_by_key(String::len)
}

/// Collapses whitespace; `None` when nothing is left.
fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// The headline, by the order in the module documentation.
fn title(page: &Page, site_name: Option<&str>) -> Option<String> {
    page.json_ld
        .headline
        .as_deref()
        .and_then(clean)
        .or_else(|| page.meta_any(&["og:title", "twitter:title", "dc.title", "dcterms.title"]))
        .or_else(|| {
            page.title_tag
                .as_deref()
                .and_then(|t| strip_site(t, site_name))
        })
        .or_else(|| page.h1.clone())
}

/// Separators between a headline and the site name in a `<title>`.
const TITLE_SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];

/// A `<title>` without the site-name part: the known site name on either side, else the part
/// before the last separator when that part is a real headline (at least three words).
fn strip_site(title: &str, site_name: Option<&str>) -> Option<String> {
    let title = clean(title)?;
    for sep in TITLE_SEPARATORS {
        if let Some(site) = site_name {
            if let Some(head) = title.strip_suffix(&format!("{sep}{site}")) {
                return clean(head);
            }
            if let Some(head) = title.strip_prefix(&format!("{site}{sep}")) {
                return clean(head);
            }
        }
    }
    for sep in TITLE_SEPARATORS {
        if let Some((head, _)) = title.rsplit_once(sep) {
            if head.split_whitespace().count() >= 3 {
                return clean(head);
            }
        }
    }
    Some(title)
}

/// The author line, by the order in the module documentation.
fn byline(page: &Page) -> Option<String> {
    let metas = [
        "dc.creator",
        "dc:creator",
        "dcterms.creator",
        "dcterm:creator",
        "author",
        "article:author",
        "byl",
        "sailthru.author",
        "parsely-author",
    ];
    metas
        .iter()
        .filter_map(|k| page.meta(k))
        .chain(page.json_ld.authors.iter().map(String::as_str))
        .chain(page.bylines.iter().map(String::as_str))
        .find_map(clean_byline)
}

/// Drops a leading "By" and anything from a date on ("Ann Lee - Apr 16, 2015"), trims dangling
/// separators; rejects URLs, handles, menus and overlong or empty lines.
fn clean_byline(raw: &str) -> Option<String> {
    let s = clean(raw)?;
    let s = ["by:", "by ", "von ", "par ", "por "]
        .iter()
        .find(|p| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
        .map_or(s.as_str(), |p| s[p.len()..].trim_start());
    let s = crate::dates::scan_dates(s)
        .next()
        .map_or(s, |(at, _)| &s[..at]);
    let s = s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '.');
    let s = s.trim_end();
    let ok = s.chars().count() >= 2
        && s.chars().count() <= 100
        && s.chars().any(char::is_alphabetic)
        && !["by", "por", "par", "von"].contains(&s.to_lowercase().as_str())
        && !s.contains("://")
        && !s.contains(" | ")
        && !s.starts_with("www.")
        && !s.starts_with('@')
        && !s.starts_with('{');
    ok.then(|| s.to_owned())
}

/// The outlet's name: `og:site_name`, JSON-LD publisher, `application-name`.
fn site_name(page: &Page) -> Option<String> {
    page.meta_any(&["og:site_name"])
        .or_else(|| page.json_ld.publisher.as_deref().and_then(clean))
        .or_else(|| page.meta_any(&["application-name"]))
}

/// `<link rel=canonical>`, `og:url`, else the given address; relative links are resolved
/// against the given address when there is one.
fn canonical_url(page: &Page, url: Option<&str>) -> Option<String> {
    let found = page
        .canonical
        .as_deref()
        .and_then(clean)
        .or_else(|| page.meta_any(&["og:url"]))
        .filter(|u| !u.contains(char::is_whitespace));
    match (found, url) {
        (Some(f), _) if f.starts_with("http://") || f.starts_with("https://") => Some(f),
        (Some(f), Some(base)) if f.starts_with("//") => {
            let scheme = base.split_once("://").map_or("https", |(s, _)| s);
            Some(format!("{scheme}:{f}"))
        }
        (Some(f), Some(base)) if f.starts_with('/') => {
            let (scheme, rest) = base.split_once("://")?;
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            Some(format!("{scheme}://{host}{f}"))
        }
        (_, Some(base)) => clean(base),
        (Some(_), None) => None,
        (None, None) => None,
    }
}

/// `<html lang>`, `content-language`, `og:locale`, normalized to ISO 639-1.
fn language(page: &Page) -> Option<String> {
    page.html_lang.as_deref().and_then(iso_639_1).or_else(|| {
        ["content-language", "language", "dc.language", "og:locale"]
            .iter()
            .filter_map(|k| page.meta(k))
            .find_map(iso_639_1)
    })
}

/// `en-US`, `EN_gb`, `de` → `en`, `en`, `de`; anything else (`x-default`, `english`) → `None`.
fn iso_639_1(tag: &str) -> Option<String> {
    let primary = tag.trim().split([',', ';']).next()?.trim();
    let primary = primary.split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_prefers_structured_headline_then_meta_then_title_tag() {
        let jsonld = r#"<html><head><title>Tag title here | Site</title>
            <meta property="og:title" content="Open graph headline">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Ld headline"}</script>
            </head><body><h1>Heading</h1></body></html>"#;
        assert_eq!(extract(jsonld, None).title.as_deref(), Some("Ld headline"));
        let og = r#"<title>Tag title here | Site</title><meta property="og:title" content="Open graph headline">"#;
        assert_eq!(
            extract(og, None).title.as_deref(),
            Some("Open graph headline")
        );
        let tag = r#"<title>Rivers rise after the storm | The Daily Sample</title><h1>x</h1>"#;
        assert_eq!(
            extract(tag, None).title.as_deref(),
            Some("Rivers rise after the storm")
        );
        let site = r#"<title>Sample Times - Flood</title><meta property="og:site_name" content="Sample Times">"#;
        assert_eq!(extract(site, None).title.as_deref(), Some("Flood"));
        let h1 = r#"<body><h1> Only a   heading </h1></body>"#;
        assert_eq!(extract(h1, None).title.as_deref(), Some("Only a heading"));
    }

    #[test]
    fn byline_sources_and_cleaning() {
        let meta = r#"<meta name="author" content="By Ada Writer"><a rel="author">Other</a>"#;
        assert_eq!(extract(meta, None).byline.as_deref(), Some("Ada Writer"));
        let ld = r#"<script type="application/ld+json">{"@type":"Article","author":[{"@type":"Person","name":"Ann One"},{"name":"Bo Two"}]}</script>"#;
        assert_eq!(extract(ld, None).byline.as_deref(), Some("Ann One, Bo Two"));
        let url_meta = r#"<meta name="author" content="https://social.example/someone"><span class="byline">by Cy Three - March 3, 2019</span>"#;
        assert_eq!(extract(url_meta, None).byline.as_deref(), Some("Cy Three"));
        let rel = r#"<p>Text <a rel="author" href="/a">Di Four</a></p>"#;
        assert_eq!(extract(rel, None).byline.as_deref(), Some("Di Four"));
        assert_eq!(extract("<p>nothing</p>", None).byline, None);
    }

    #[test]
    fn standfirst_is_a_description_the_body_shows() {
        let lead = "The old harbour bridge reopened on Tuesday after two years of repairs.";
        let shown = format!(
            r#"<html><head><meta name="description" content="{lead}">
            <meta property="og:description" content="Harbour news"></head><body>
            <h1>Bridge reopens</h1><p class="lead">The old harbour <b>bridge</b> reopened on
            Tuesday after two years of repairs.</p><p>Body text.</p></body></html>"#
        );
        assert_eq!(extract(&shown, None).standfirst.as_deref(), Some(lead));
        let hidden = format!(
            r#"<html><head><meta name="description" content="{lead}"></head><body>
            <p>Body text only.</p><footer>{lead}</footer></body></html>"#
        );
        assert_eq!(extract(&hidden, None).standfirst, None);
    }

    #[test]
    fn site_canonical_and_language() {
        let page = r#"<html lang="en-GB"><head>
            <meta property="og:site_name" content="The Sample Post">
            <link rel="canonical" href="/news/item-1">
            </head><body></body></html>"#;
        let m = extract(page, Some("https://sample.example/news/item-1?utm=x"));
        assert_eq!(m.site_name.as_deref(), Some("The Sample Post"));
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://sample.example/news/item-1")
        );
        assert_eq!(m.language.as_deref(), Some("en"));
        let bare = r#"<meta http-equiv="Content-Language" content="DE_at"><p>x</p>"#;
        let m = extract(bare, Some("https://x.example/a"));
        assert_eq!(m.language.as_deref(), Some("de"));
        assert_eq!(m.canonical_url.as_deref(), Some("https://x.example/a"));
        assert_eq!(m.site_name, None);
        let ld = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":"Article","publisher":{"@type":"Organization","name":"Graph News"}}]}</script>
            <meta property="og:url" content="https://graph.example/a">"#;
        let m = extract(ld, None);
        assert_eq!(m.site_name.as_deref(), Some("Graph News"));
        assert_eq!(m.canonical_url.as_deref(), Some("https://graph.example/a"));
        assert_eq!(extract(r#"<html lang="x-default">"#, None).language, None);
    }

    proptest::proptest! {
        #[test]
        fn extract_never_panics(s in "\\PC{0,200}", url in "\\PC{0,40}") {
            let _ = extract(&s, Some(&url));
            let html = format!("<html><head><meta name=date content='{s}'><script type='application/ld+json'>{s}</script></head><body><time datetime='{s}'>{s}</time><div class=date>{s}</div></body></html>");
            let _ = extract(&html, None);
        }
    }
}
