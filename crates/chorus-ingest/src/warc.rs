//! WARC archives (`.warc`, `.warc.gz`, multi-member gzip as Common Crawl ships them): one article
//! per HTML `response` record, its URL taken from `WARC-Target-URI`.
//!
//! Written by hand over `httparse` rather than with the `warc` crate: that crate reads record
//! bodies line by line with no size bound and cannot skip an oversized record, and both are
//! needed to stream a multi-gigabyte crawl in bounded memory and report bad records one by one.

use crate::{Context, IngestError, InputError};
use chorus_core::{Body, RawDocument, StatedMeta};
use std::io::{BufRead, Read};

/// Largest WARC header block accepted.
const MAX_HEADER_BYTES: u64 = 64 << 10;

/// One record's WARC headers, names lowercased.
struct RecordHeader {
    fields: Vec<(String, String)>,
}

impl RecordHeader {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Streams the records of a WARC file.
pub(crate) fn read(
    mut reader: impl BufRead,
    ctx: &Context,
    sink: &mut dyn FnMut(Result<RawDocument, InputError>),
) {
    let mut index = 0usize;
    let mut articles = 0usize;
    loop {
        let at = format!("record {index}");
        let header = match read_header(&mut reader) {
            Ok(None) => break,
            Ok(Some(h)) => h,
            Err(e) => return sink(Err(ctx.error(at, e))),
        };
        let Some(length) = header
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return sink(Err(ctx.error(
                at,
                IngestError::Warc("missing or malformed Content-Length".into()),
            )));
        };
        let limit = ctx.limits.max_document_bytes as u64;
        if length > limit {
            let skipped = std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink());
            if !matches!(skipped, Ok(n) if n == length) {
                return sink(Err(
                    ctx.error(at, IngestError::Warc("truncated record".into()))
                ));
            }
            sink(Err(ctx.error(at, IngestError::TooLarge { limit })));
            index += 1;
            continue;
        }
        let mut block = Vec::with_capacity(length as usize);
        match (&mut reader).take(length).read_to_end(&mut block) {
            Ok(n) if n as u64 == length => {}
            Ok(_) => {
                return sink(Err(
                    ctx.error(at, IngestError::Warc("truncated record".into()))
                ))
            }
            Err(e) => return sink(Err(ctx.error(at, crate::decode::classify_read_error(e)))),
        }
        if let Some(doc) = response_document(&header, &block, index, ctx) {
            articles += 1;
            sink(doc.map_err(|e| ctx.error(format!("record {index}"), e)));
        }
        index += 1;
    }
    if articles == 0 {
        sink(Err(InputError {
            path: ctx.path.to_path_buf(),
            location: None,
            error: IngestError::NoEntries("WARC file: no HTML response records"),
        }));
    }
}

/// Reads the next header block, skipping the blank lines that end the previous record (any
/// number of them: they are skipped byte by byte, in constant memory, outside the header's
/// size limit). `Ok(None)` at a clean end of file.
fn read_header(reader: &mut impl BufRead) -> Result<Option<RecordHeader>, IngestError> {
    loop {
        let buf = reader
            .fill_buf()
            .map_err(crate::decode::classify_read_error)?;
        if buf.is_empty() {
            return Ok(None);
        }
        let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let done = blank < buf.len();
        reader.consume(blank);
        if done {
            break;
        }
    }
    let mut limited = reader.take(MAX_HEADER_BYTES);
    let mut line = String::new();
    read_line(&mut limited, &mut line)?;
    if !line.starts_with("WARC/") {
        return Err(IngestError::Warc(format!(
            "expected a WARC/ version line, found {:?}",
            line.trim_end().chars().take(40).collect::<String>()
        )));
    }
    let mut fields = Vec::new();
    loop {
        line.clear();
        let n = read_line(&mut limited, &mut line)?;
        if n == 0 && limited.limit() == 0 {
            return Err(IngestError::Warc("header block too large".into()));
        }
        if n == 0 {
            return Err(IngestError::Warc("truncated header".into()));
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    if limited.limit() == 0 {
        return Err(IngestError::Warc("header block too large".into()));
    }
    Ok(Some(RecordHeader { fields }))
}

/// Reads one line as lossy UTF-8 (header values are ASCII by the standard).
fn read_line(reader: &mut impl BufRead, line: &mut String) -> Result<usize, IngestError> {
    let mut bytes = Vec::new();
    let n = reader
        .read_until(b'\n', &mut bytes)
        .map_err(crate::decode::classify_read_error)?;
    line.push_str(&String::from_utf8_lossy(&bytes));
    Ok(n)
}

/// The article of a `response` record that carries an HTML page; `None` for other records.
fn response_document(
    header: &RecordHeader,
    block: &[u8],
    index: usize,
    ctx: &Context,
) -> Option<Result<RawDocument, IngestError>> {
    if !header
        .get("warc-type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
    {
        return None;
    }
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_start = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Some(Err(IngestError::Warc("truncated HTTP response".into())))
        }
        Err(e) => return Some(Err(IngestError::Warc(format!("bad HTTP response: {e}")))),
    };
    if !response.code.is_some_and(|c| (200..300).contains(&c)) {
        return None;
    }
    let content_type = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase());
    let body = &block[body_start..];
    let is_html = match &content_type {
        Some(t) => t.contains("html"),
        None => crate::format::sniff(body) == crate::format::Format::Html,
    };
    if !is_html || body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let charset = content_type
        .as_deref()
        .and_then(|t| t.split(';').find_map(|p| p.trim().strip_prefix("charset=")))
        .map(|c| c.trim_matches(['"', '\'']).to_owned());
    let id = header
        .get("warc-record-id")
        .map(|v| v.trim_matches(['<', '>']).to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| format!("{}#{index}", ctx.stem));
    Some(Ok(RawDocument {
        id,
        source_path: ctx.source_path.to_owned(),
        body: Body::HtmlPage(crate::decode::decode_html_with_label(
            body,
            charset.as_deref(),
        )),
        meta: StatedMeta {
            url: header.get("warc-target-uri").map(str::to_owned),
            ..StatedMeta::default()
        },
    }))
}

#[cfg(test)]
mod tests {
    use crate::{read_from, Limits};
    use std::path::Path;

    fn record(id: usize) -> String {
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Story {id}.</p></body></html>"
        );
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:r:{id}>\r\nContent-Length: {}\r\n\r\n{http}",
            http.len()
        )
    }

    #[test]
    fn long_runs_of_blank_lines_between_records_are_skipped() {
        let blank = "\r\n".repeat(100_000);
        let warc = format!("{}{blank}{}\r\n\r\n{}", record(1), record(2), record(3));
        let mut ids = Vec::new();
        read_from(
            Path::new("crawl.warc"),
            std::io::Cursor::new(warc.into_bytes()),
            &Limits::default(),
            &mut |item| ids.push(item.map(|d| d.id).map_err(|e| e.to_string())),
        );
        assert_eq!(
            ids,
            [
                Ok("urn:r:1".to_owned()),
                Ok("urn:r:2".to_owned()),
                Ok("urn:r:3".to_owned())
            ]
        );
    }
}
