//! One walk over the parsed page, gathering the evidence every metadata field draws on.

use crate::html::tree::{Id, Tree, ROOT};

use super::jsonld::JsonLd;

/// At most this many date-marked elements are kept (a long archive list adds nothing).
const MAX_DATE_ELEMENTS: usize = 80;
/// At most this many author-marked elements are kept.
const MAX_AUTHOR_ELEMENTS: usize = 20;
/// Characters of text read from one date- or author-marked element.
const ELEMENT_TEXT_CHARS: usize = 160;

/// What a class, id or itemprop says about a date element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateKind {
    /// Names the publication ("published", "posted", "pubdate", `itemprop=datePublished`).
    Published,
    /// Names a later change ("modified", "updated").
    Modified,
    /// Names a date of no stated kind ("date", "time", "meta").
    Other,
}

/// An element marked as holding a date: a `<time>` or other element with `datetime`, an
/// `<abbr title>`, an element whose class, id, itemprop or property names a date.
#[derive(Debug, Clone)]
pub(super) struct DateElement {
    /// What its markup says it is.
    pub kind: DateKind,
    /// How plainly the markup says it (0: `datePublished`/`pubdate`, 1: "published", 2: other).
    pub rank: u8,
    /// Machine-readable value (`datetime`, `content`, `title`), when present.
    pub value: Option<String>,
    /// Its visible text, capped.
    pub text: String,
}

/// Evidence gathered from one page.
#[derive(Debug, Default)]
pub(super) struct Page {
    /// `<html lang>`.
    pub html_lang: Option<String>,
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// Text of the first `<h1>`, cleaned.
    pub h1: Option<String>,
    /// Meta tags in page order: lowercase `property`/`name`/`itemprop`/`http-equiv`, `content`.
    pub metas: Vec<(String, String)>,
    /// What the JSON-LD blocks say.
    pub json_ld: JsonLd,
    /// `<link rel=canonical href>`.
    pub canonical: Option<String>,
    /// Texts of author-marked elements (`rel=author`, class/id/itemprop author or byline).
    pub bylines: Vec<String>,
    /// Date-marked elements in page order.
    pub dates: Vec<DateElement>,
    /// Visible text of the body, text nodes separated by newlines.
    pub text: String,
    /// The part of [`Page::text`] outside comments, sidebars, navigation and footers, with
    /// whitespace runs collapsed to one space.
    pub main_text: String,
}

impl Page {
    /// Walks the page once, in document order (iteratively: the tree may be deep).
    pub fn read(doc: &Tree) -> Self {
        let mut page = Page::default();
        let mut scripts = Vec::new();
        // Each node is visited with whether its parent is inside a comment, sidebar, navigation
        // or footer block: their dates and bylines belong to other texts (their text is kept: a
        // page's only date may sit in a footer).
        let mut stack = vec![(ROOT, false)];
        while let Some((node, parent_aside)) = stack.pop() {
            let mut aside = false;
            if let Some(t) = doc.text(node) {
                let name = doc.node(node).parent.map_or("", |p| doc.name(p));
                let hidden = matches!(
                    name,
                    "script" | "style" | "noscript" | "template" | "title" | "textarea"
                );
                if !hidden && !t.trim().is_empty() {
                    page.text.push_str(t);
                    page.text.push('\n');
                    if !parent_aside {
                        for word in t.split_whitespace() {
                            page.main_text.push_str(word);
                            page.main_text.push(' ');
                        }
                    }
                }
            } else if doc.is_element(node) {
                aside = parent_aside || is_aside(doc, node);
                page.element(doc, node, aside, &mut scripts);
            }
            let at = stack.len();
            stack.extend(doc.children(node).map(|c| (c, aside)));
            stack[at..].reverse();
        }
        page.json_ld = JsonLd::read(&scripts);
        page
    }

    /// Looks at one element.
    fn element(&mut self, doc: &Tree, el: Id, aside: bool, scripts: &mut Vec<String>) {
        let attr = |k: &str| {
            doc.attr(el, k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let name = doc.name(el);
        match name {
            "html" => {
                if self.html_lang.is_none() {
                    self.html_lang = attr("lang").or_else(|| attr("xml:lang"));
                }
                return;
            }
            "title" => {
                if self.title_tag.is_none() {
                    self.title_tag = Some(doc.text_content(el));
                }
                return;
            }
            "h1" if self.h1.is_none() => {
                self.h1 = super::clean(&capped_text(doc, el, 300));
            }
            "meta" => {
                let key = attr("property")
                    .or_else(|| attr("name"))
                    .or_else(|| attr("itemprop"))
                    .or_else(|| attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, attr("content")) {
                    // `property="dc:creator og:author"` names two keys.
                    for key in key.split_whitespace() {
                        self.metas.push((key.to_ascii_lowercase(), content.clone()));
                    }
                }
                return;
            }
            "link" => {
                let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && self.canonical.is_none() {
                    self.canonical = attr("href");
                }
                return;
            }
            "script" => {
                if attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) {
                    scripts.push(doc.text_content(el));
                }
                return;
            }
            "style" | "noscript" | "template" | "head" | "body" => return,
            _ => {}
        }
        if aside {
            // A wiki's "last modified" line lives in its footer and is the page's only date.
            if let Some(id) = attr("id").filter(|id| id.contains("lastmod")) {
                self.push_date(doc, el, &id.to_ascii_lowercase());
            }
            return;
        }
        let marks = [
            attr("class"),
            attr("id"),
            attr("itemprop"),
            attr("rel"),
            attr("property"),
        ]
        .iter()
        .flatten()
        .map(|s| s.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
        if name == "time"
            || attr("datetime").is_some()
            || (name == "abbr" && attr("title").is_some())
        {
            self.push_date(doc, el, &marks);
        } else if !marks.is_empty() {
            if is_date_mark(&marks) {
                self.push_date(doc, el, &marks);
            }
            if is_author_mark(&marks) && self.bylines.len() < MAX_AUTHOR_ELEMENTS {
                self.bylines.push(capped_text(doc, el, ELEMENT_TEXT_CHARS));
            }
        }
    }

    fn push_date(&mut self, doc: &Tree, el: Id, marks: &str) {
        if self.dates.len() >= MAX_DATE_ELEMENTS {
            return;
        }
        let value = ["datetime", "content", "title"]
            .iter()
            .find_map(|k| doc.attr(el, k))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        let is_pubdate = doc.attr(el, "pubdate").is_some();
        let kind = if is_pubdate
            || [
                "publish",
                "posted",
                "created",
                "pubdate",
                "entry-date",
                "post-date",
            ]
            .iter()
            .any(|m| marks.contains(m))
        {
            DateKind::Published
        } else if ["modif", "update", "edited", "revised", "lastmod"]
            .iter()
            .any(|m| marks.contains(m))
        {
            DateKind::Modified
        } else {
            DateKind::Other
        };
        let rank = if is_pubdate || marks.contains("datepublished") || marks.contains("pubdate") {
            0
        } else if marks.contains("publish") {
            1
        } else {
            2
        };
        self.dates.push(DateElement {
            rank,
            kind,
            value,
            text: capped_text(doc, el, ELEMENT_TEXT_CHARS),
        });
    }

    /// The first non-empty content of a meta tag with this (lowercase) key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The first of these meta keys with content, cleaned.
    pub fn meta_any(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .filter_map(|k| self.meta(k))
            .find_map(super::clean)
    }
}

/// Whether an element is a comment, sidebar, navigation or footer block.
fn is_aside(doc: &Tree, e: Id) -> bool {
    match doc.name(e) {
        "nav" | "footer" => return true,
        "html" | "body" | "main" | "article" => return false,
        _ => {}
    }
    [doc.attr(e, "class"), doc.attr(e, "id")]
        .iter()
        .flatten()
        .flat_map(|v| v.split_whitespace())
        .any(|token| {
            let token = token.to_ascii_lowercase();
            [
                "comment", "sidebar", "widget", "related", "footer", "navbar", "navtop",
            ]
            .iter()
            .any(|m| token.starts_with(m))
        })
}

/// Whether class/id/itemprop words name a date.
fn is_date_mark(marks: &str) -> bool {
    [
        "date",
        "datum",
        "fecha",
        "time",
        "posted",
        "publish",
        "pubdate",
        "byline",
        "dateline",
        "entry-meta",
        "post-meta",
        "article-meta",
        "submitted",
        "zeit",
        "data-publ",
        "meta-info",
    ]
    .iter()
    .any(|m| marks.contains(m))
}

/// Whether class/id/itemprop/rel words name an author.
fn is_author_mark(marks: &str) -> bool {
    ["author", "byline", "writtenby", "creator"]
        .iter()
        .any(|m| marks.contains(m))
}

/// The element's text, text nodes joined by spaces, stopping after about `max` characters.
fn capped_text(doc: &Tree, el: Id, max: usize) -> String {
    let mut out = String::new();
    let mut next = doc.node(el).first_child;
    while let Some(node) = next {
        if let Some(t) = doc.text(node) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
            if out.len() >= max {
                let cut = (0..=max)
                    .rev()
                    .find(|&i| out.is_char_boundary(i))
                    .unwrap_or(0);
                out.truncate(cut);
                break;
            }
        }
        next = doc.following(node, el, true);
    }
    out
}
