//! What the page's JSON-LD (`<script type="application/ld+json">`) blocks say about the article.
//!
//! Objects are gathered from every block, through arrays and `@graph`. Objects whose `@type` is
//! an article kind (`Article`, `NewsArticle`, `BlogPosting`, `Report` …) are read first, then the
//! others (`WebPage`, `VideoObject` …). A block that is not valid JSON (a common sight: trailing
//! commas, raw newlines in strings) still gives its dates through a pattern search.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

/// How deep nested JSON-LD is followed.
const MAX_DEPTH: usize = 8;

/// The article facts found in JSON-LD.
#[derive(Debug, Default)]
pub(super) struct JsonLd {
    /// `headline` (or `name`) of the first article object.
    pub headline: Option<String>,
    /// Author name(s) of each article object, joined with ", ".
    pub authors: Vec<String>,
    /// `publisher.name` of the first article object that has one.
    pub publisher: Option<String>,
    /// `datePublished` / `dateCreated` / `uploadDate` values, article objects first.
    pub published: Vec<String>,
    /// `dateModified` values, article objects first.
    pub modified: Vec<String>,
}

impl JsonLd {
    /// Reads the text of every JSON-LD block of a page.
    pub fn read(scripts: &[String]) -> Self {
        let mut out = JsonLd::default();
        let mut values = Vec::new();
        for s in scripts {
            match serde_json::from_str::<Value>(s.trim().trim_end_matches(';')) {
                Ok(v) => values.push(v),
                Err(_) => {
                    for c in date_re().captures_iter(s) {
                        let list = if &c[1] == "dateModified" {
                            &mut out.modified
                        } else {
                            &mut out.published
                        };
                        list.push(c[2].to_owned());
                    }
                }
            }
        }
        let mut objects = Vec::new();
        for v in &values {
            collect(v, 0, &mut objects);
        }
        let (articles, others): (Vec<&Value>, Vec<&Value>) =
            objects.into_iter().partition(|o| is_article(o));
        for o in articles.iter().chain(&others) {
            for key in ["datePublished", "dateCreated", "uploadDate"] {
                if let Some(d) = o.get(key).and_then(Value::as_str) {
                    out.published.push(d.to_owned());
                }
            }
            if let Some(d) = o.get("dateModified").and_then(Value::as_str) {
                out.modified.push(d.to_owned());
            }
        }
        for a in &articles {
            if out.headline.is_none() {
                out.headline = a
                    .get("headline")
                    .or_else(|| a.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
            }
            if let Some(names) = a.get("author").map(names) {
                if !names.is_empty() {
                    out.authors.push(names.join(", "));
                }
            }
            if out.publisher.is_none() {
                out.publisher = a.get("publisher").and_then(|p| names(p).into_iter().next());
            }
        }
        out
    }
}

/// Every object in a JSON-LD value, through arrays and `@graph`.
fn collect<'a>(v: &'a Value, depth: usize, out: &mut Vec<&'a Value>) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect(i, depth + 1, out)),
        Value::Object(map) => {
            out.push(v);
            if let Some(graph) = map.get("@graph") {
                collect(graph, depth + 1, out);
            }
            if let Some(main) = map.get("mainEntity") {
                collect(main, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// Whether an object's `@type` names an article kind.
fn is_article(o: &Value) -> bool {
    let is_kind =
        |t: &str| t.ends_with("Article") || t.contains("Posting") || t == "Report" || t == "Review";
    match o.get("@type") {
        Some(Value::String(t)) => is_kind(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_kind),
        _ => false,
    }
}

/// Names in an `author`/`publisher` value: a string, an object with `name`, or a list of those.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.trim().to_owned()],
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.trim().to_owned()])
            .unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(names).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#""(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{6,40})""#)
            .expect("valid regex")
    })
}
