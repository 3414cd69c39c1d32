//! `cluster`: a JSON Lines stream of articles in, one `{"id","story"}` line per article out,
//! with merge and move lines interleaved.

use chorus_core::Article;
use chorus_relate::cluster::{ClusterInput, StoryClusterer};
use std::io::{BufRead, Read, Write};

/// Longest input line read, in bytes; a longer line is skipped as bad (an article of `chorus
/// extract` is at most 16 MiB of text, and JSON escaping may double it).
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// A line of the input that is not an article, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// Its number, counting from 1.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl std::fmt::Display for BadLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// Reads articles (the JSON Lines of `chorus extract`: `id`, `title`, `text`, `published`, …)
/// from `input` in order and writes each one's story as soon as it is decided, before the next
/// article is read. A line that is not an article (not UTF-8, not JSON, not an object with a
/// string `text`, longer than [`MAX_LINE_BYTES`]) is skipped and passed to `on_bad_line`; the
/// others go on. Returns the number of articles clustered. Errors are reading or writing
/// failures only.
///
/// Output, one JSON object a line:
///
/// * `{"id": <the article's id>, "story": <story number>}` for every article, in input order.
///   The number is the article's story at the moment it arrived (after any merge it caused).
/// * `{"merge": {"from": S1, "into": S2}, "after": <article id>}` when the evidence brought by
///   that article (whose line comes just before) makes story `S1` part of the older story `S2`:
///   every article reported in `S1`, earlier or later, now belongs to `S2`. Merges chain (`S2`
///   may itself merge later), so a reader applies them in order, like union-find.
/// * `{"move": {"article": <id>, "from": S1, "to": S3}, "after": <article id>}` (after that
///   article's merge lines) when the evidence brought by that article splits story `S1`: the
///   article `<id>`, reported earlier in `S1` (or in a story since merged into `S1`), now
///   belongs to `S3`, a new story; `S1`'s other articles stay. Only one of the latest
///   articles (the clusterer's split window) is ever moved.
///
/// The final assignment is each article's story, or the one its latest move names, followed
/// through all the merges after it.
///
/// `published` is read as an ISO 8601 date (midnight UTC), an RFC 3339 date-time, or a
/// date-time without offset (UTC); anything else counts as unknown.
pub fn cluster_jsonl(
    mut input: impl BufRead,
    mut output: impl Write,
    mut on_bad_line: impl FnMut(BadLine),
) -> anyhow::Result<usize> {
    let mut clusterer = StoryClusterer::default();
    // The ids of the latest articles, which a split may move: (arrival number, id).
    let mut recent: std::collections::VecDeque<(u64, serde_json::Value)> = Default::default();
    let mut n = 0;
    let mut buf = Vec::new();
    for number in 1.. {
        buf.clear();
        let read = input
            .by_ref()
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)?;
        if read == 0 {
            break;
        }
        if buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
            // Skip the rest of the line without holding it.
            let mut rest = 0;
            loop {
                let chunk = input.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (chunk.len(), false),
                };
                input.consume(used);
                rest += used;
                if done {
                    break;
                }
            }
            on_bad_line(BadLine {
                line: number,
                reason: format!(
                    "longer than {} MiB ({} bytes)",
                    MAX_LINE_BYTES >> 20,
                    buf.len() + rest
                ),
            });
            continue;
        }
        let article = match parse_line(&buf) {
            Ok(Some(article)) => article,
            Ok(None) => continue,
            Err(reason) => {
                on_bad_line(BadLine {
                    line: number,
                    reason,
                });
                continue;
            }
        };
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
        recent.push_back((n as u64, article["id"].clone()));
        if recent.len() > clusterer.config().split_window.max(1) {
            recent.pop_front();
        }
        for m in clusterer.take_moves() {
            let first = recent.front().map_or(0, |r| r.0);
            let Some((_, id)) = m
                .article
                .checked_sub(first)
                .and_then(|i| recent.get(i as usize))
            else {
                continue;
            };
            serde_json::to_writer(
                &mut output,
                &serde_json::json!({
                    "move": {"article": id, "from": m.from, "to": m.to},
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

/// One input line as an article: `None` for a blank line, else the JSON object, or why not.
/// An article has an `id` (a non-empty string or a number, as `chorus extract` reads JSON Lines)
/// and a string `text`.
fn parse_line(bytes: &[u8]) -> Result<Option<serde_json::Value>, String> {
    let line = std::str::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 (invalid byte at column {})", e.valid_up_to() + 1))?;
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let article: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        // The line is one line: serde's "at line 1 column N" would read as the file's line 1.
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        format!("not JSON ({message} at column {})", e.column())
    })?;
    if !article.is_object() {
        return Err("not a JSON object".to_owned());
    }
    let has_id = match &article["id"] {
        serde_json::Value::String(id) => !id.trim().is_empty(),
        serde_json::Value::Number(_) => true,
        _ => false,
    };
    if !has_id {
        return Err("no `id` (a non-empty string or a number)".to_owned());
    }
    if !article["text"].is_string() {
        return Err("no string `text`".to_owned());
    }
    Ok(Some(article))
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
        let no_bad = |b: BadLine| panic!("{b}");
        assert_eq!(
            cluster_jsonl(input.as_bytes(), &mut out, no_bad).unwrap(),
            2
        );
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[1]["id"], "b");
        assert_eq!(lines[0]["story"], lines[1]["story"]);
    }

    #[test]
    fn bad_lines_are_skipped_and_named() {
        let input = concat!(
            r#"{"id":"a","text":"Gale-force winds closed the harbour bridge."}"#,
            "\n{not json\n",
            "[1, 2]\n",
            r#"{"id":"c"}"#,
            "\nNOT-UTF8\n",
            r#"{"text":"An article without an id."}"#,
            "\n",
            r#"{"id":" ","text":"An article with a blank id."}"#,
            "\n",
            r#"{"id":"b","text":"The harbour bridge was closed by gale-force winds."}"#,
            "\n",
        );
        // Line 5 is not UTF-8; lines 6 and 7 have no usable id.
        let mut bytes = input.as_bytes().to_vec();
        let at = input.find("NOT-UTF8").unwrap();
        bytes[at] = 0xff;
        let mut out = Vec::new();
        let mut bad = Vec::new();
        let n = cluster_jsonl(&bytes[..], &mut out, |b| bad.push(b.line)).unwrap();
        assert_eq!(n, 2);
        assert_eq!(bad, [2, 3, 4, 5, 6, 7]);
        let ids: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].clone())
            .collect();
        assert_eq!(ids, ["a", "b"]);
    }
}

#[cfg(test)]
mod messages {
    use super::*;

    #[test]
    fn a_bad_line_is_described_by_its_column_not_by_serde_s_line() {
        let reason = parse_line(b"{\"id\": \"b\", \"text\": \n").unwrap_err();
        assert_eq!(reason, "not JSON (EOF while parsing a value at column 19)");
        let reason = parse_line(b"hello\n").unwrap_err();
        assert_eq!(reason, "not JSON (expected value at column 1)");
        assert_eq!(
            parse_line(b"{\"id\":7,\"text\":\"x\"}\r\n")
                .unwrap()
                .unwrap()["id"],
            7
        );
    }
}
