//! Articles posted to the server (`POST /api/articles`): one JSON object, or JSON Lines.
//!
//! Parsed here, beside ingest's other readers of untrusted input, so that the parser is fuzzed
//! without building the server.

use chorus_core::Article;
use serde::Deserialize;

/// Most articles one POST may carry.
pub const MAX_BATCH: usize = 1000;

/// Longest article id accepted.
const MAX_ID_CHARS: usize = 512;

/// Why a posted body was refused; the message names the line or article at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostedError {
    /// The body is not UTF-8, not JSON, or an article in it lacks a field or has a bad one.
    #[error("{0}")]
    Invalid(String),
    /// More than [`MAX_BATCH`] articles.
    #[error("at most {MAX_BATCH} articles per request")]
    TooMany,
}

/// An article as a client posts it: the fields `chorus extract` writes, `id` and `text`
/// required.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedArticle {
    id: String,
    text: String,
    #[serde(default)]
    source_path: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    byline: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

/// The articles of a body posted to the server's `POST /api/articles`: one JSON object, or JSON Lines (one object a
/// line), each with a non-empty `id` (at most 512 characters) and `text`; at most [`MAX_BATCH`].
pub fn parse_posted_articles(body: &[u8]) -> Result<Vec<Article>, PostedError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| PostedError::Invalid(format!("the body is not UTF-8: {e}")))?;
    let mut posted: Vec<(usize, PostedArticle)> = Vec::new();
    match serde_json::from_str::<PostedArticle>(text) {
        Ok(one) => posted.push((1, one)),
        Err(single) => {
            let lines: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i + 1, l))
                .collect();
            if lines.len() <= 1 {
                return Err(PostedError::Invalid(format!(
                    "the body is not an article (a JSON object with \"id\" and \"text\"): {single}"
                )));
            }
            for (n, line) in lines {
                let article = serde_json::from_str(line)
                    .map_err(|e| PostedError::Invalid(format!("line {n}: {e}")))?;
                posted.push((n, article));
            }
        }
    }
    if posted.is_empty() {
        return Err(PostedError::Invalid("the body holds no article".into()));
    }
    if posted.len() > MAX_BATCH {
        return Err(PostedError::TooMany);
    }
    posted
        .into_iter()
        .map(|(n, p)| {
            let id = p.id.trim().to_owned();
            if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
                return Err(PostedError::Invalid(format!(
                    "article {n}: \"id\" must be 1 to {MAX_ID_CHARS} characters"
                )));
            }
            let text = p.text.trim().to_owned();
            if text.is_empty() {
                return Err(PostedError::Invalid(format!(
                    "article {n} ({id}): \"text\" is empty"
                )));
            }
            let published = p
                .published
                .map(|date| date.trim().to_owned())
                .filter(|date| !date.is_empty());
            if let Some(date) = &published {
                if !is_iso_date(date) {
                    return Err(PostedError::Invalid(format!(
                        "line {n} ({id}): \"published\" is {:?}, not an ISO 8601 date \
                         (YYYY-MM-DD) or RFC 3339 date-time",
                        date.chars().take(64).collect::<String>()
                    )));
                }
            }
            Ok(Article {
                source_path: p.source_path.unwrap_or_else(|| "api".to_owned()),
                id,
                url: p.url,
                title: p.title,
                byline: p.byline,
                published,
                outlet: p.outlet,
                language: p.language,
                text,
                furniture_dates: Vec::new(),
            })
        })
        .collect()
}

/// Whether a `published` value is what Chorus stores: `YYYY-MM-DD` or an RFC 3339 date-time.
fn is_iso_date(value: &str) -> bool {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
        || chrono::DateTime::parse_from_rfc3339(value).is_ok()
}
