//! `cluster`: a JSON Lines stream of articles in, one `{"id","story"}` line per article out,
//! with merge lines interleaved.

use chorus_core::Article;
use chorus_relate::cluster::{ClusterInput, StoryClusterer};
use std::io::{BufRead, Write};

/// Reads articles (the JSON Lines of `chorus extract`: `id`, `title`, `text`, `published`, …)
/// from `input` in order and writes each one's story as soon as it is decided, before the next
/// article is read. Returns the number of articles.
///
/// Output, one JSON object a line:
///
/// * `{"id": <the article's id>, "story": <story number>}` for every article, in input order.
///   The number is the article's story at the moment it arrived (after any merge it caused).
/// * `{"merge": {"from": S1, "into": S2}, "after": <article id>}` when the evidence brought by
///   that article (whose line comes just before) makes story `S1` part of the older story `S2`:
///   every article reported in `S1`, earlier or later, now belongs to `S2`. Merges chain (`S2`
///   may itself merge later), so a reader applies them in order, like union-find; the final
///   assignment is each article's story followed through all the merges.
///
/// `published` is read as an ISO 8601 date (midnight UTC), an RFC 3339 date-time, or a
/// date-time without offset (UTC); anything else counts as unknown.
pub fn cluster_jsonl(input: impl BufRead, mut output: impl Write) -> anyhow::Result<usize> {
    let mut clusterer = StoryClusterer::default();
    let mut n = 0;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let article: serde_json::Value = serde_json::from_str(&line)?;
        let story = clusterer.add(&ClusterInput {
            title: article["title"].as_str(),
            text: article["text"].as_str().unwrap_or(""),
            published: article["published"].as_str().and_then(parse_time),
            embedding: None,
        });
        serde_json::to_writer(
            &mut output,
            &serde_json::json!({"id": article["id"], "story": story}),
        )?;
        writeln!(output)?;
        for merge in clusterer.take_merges() {
            serde_json::to_writer(
                &mut output,
                &serde_json::json!({
                    "merge": {"from": merge.from, "into": merge.into},
                    "after": article["id"],
                }),
            )?;
            writeln!(output)?;
        }
        output.flush()?;
        n += 1;
    }
    Ok(n)
}

/// What the clusterer reads of an article: title, text and publication time.
pub fn cluster_input(article: &Article) -> ClusterInput<'_> {
    ClusterInput {
        title: article.title.as_deref(),
        text: &article.text,
        published: article.published.as_deref().and_then(parse_time),
        embedding: None,
    }
}

/// Seconds since the Unix epoch of an ISO 8601 date or date-time.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, format) {
            return Some(t.and_utc().timestamp());
        }
    }
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_in_the_forms_extract_writes() {
        assert_eq!(parse_time("1970-01-02"), Some(86_400));
        assert_eq!(parse_time("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_time("1970-01-01T00:01:00"), Some(60));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn one_line_per_article_in_input_order() {
        let input = concat!(
            r#"{"id":"a","title":"Harbour bridge closed by gale","text":"Gale-force winds closed the harbour bridge in Port Ellis.","published":"2025-01-07"}"#,
            "\n\n",
            r#"{"id":"b","title":"Gale shuts Port Ellis harbour bridge","text":"The harbour bridge in Port Ellis was closed as gale-force winds hit.","published":null}"#,
            "\n",
        );
        let mut out = Vec::new();
        assert_eq!(cluster_jsonl(input.as_bytes(), &mut out).unwrap(), 2);
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[1]["id"], "b");
        assert_eq!(lines[0]["story"], lines[1]["story"]);
    }
}
