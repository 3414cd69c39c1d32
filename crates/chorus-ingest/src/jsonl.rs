//! JSON Lines: one article a line, `id` and `text` required; `title`, `url`, `published`,
//! `outlet` and `byline` optional. Each bad line is its own error; the other lines still count.

use crate::{Context, IngestError, InputError};
use chorus_core::{Body, RawDocument, StatedMeta};
use serde_json::Value;
use std::io::{BufRead, Read};

/// Reads records from `reader`, one per non-blank line.
pub(crate) fn read(
    mut reader: impl BufRead,
    ctx: &Context,
    sink: &mut dyn FnMut(Result<RawDocument, InputError>),
) {
    let limit = ctx.limits.max_document_bytes;
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut records = 0usize;
    loop {
        line.clear();
        number += 1;
        let read = (&mut reader)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut line);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                sink(Err(ctx.error(
                    format!("line {number}"),
                    crate::decode::classify_read_error(e),
                )));
                return;
            }
        }
        if line.len() > limit && line.last() != Some(&b'\n') {
            if let Err(e) = skip_line(&mut reader) {
                sink(Err(ctx.error(
                    format!("line {number}"),
                    crate::decode::classify_read_error(e),
                )));
                return;
            }
            sink(Err(ctx.error(
                format!("line {number}"),
                IngestError::TooLarge {
                    limit: limit as u64,
                },
            )));
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        sink(parse_record(&line, ctx).map_err(|e| ctx.error(format!("line {number}"), e)));
    }
    if records == 0 {
        sink(Err(InputError {
            path: ctx.path.to_path_buf(),
            location: None,
            error: IngestError::NoEntries("JSON Lines file"),
        }));
    }
}

/// Consumes the rest of an over-long line.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let n = buf.len();
        reader.consume(n);
    }
}

/// Parses one record.
fn parse_record(line: &[u8], ctx: &Context) -> Result<RawDocument, IngestError> {
    let text = std::str::from_utf8(line).map_err(|e| IngestError::InvalidUtf8(e.valid_up_to()))?;
    let value: Value =
        serde_json::from_str(text.trim()).map_err(|e| IngestError::Json(e.to_string()))?;
    let Value::Object(record) = value else {
        return Err(IngestError::Json("a record must be a JSON object".into()));
    };
    let id = match record.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            return Err(IngestError::Json(
                "missing `id` (a string or a number)".into(),
            ))
        }
    };
    let body = match record.get("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => {
            return Err(IngestError::Json(format!(
                "record `{id}`: missing or empty `text`"
            )))
        }
    };
    let field = |name: &str| -> Option<String> {
        match record.get(name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        }
    };
    Ok(RawDocument {
        id,
        source_path: ctx.source_path.to_owned(),
        body: Body::LabelledText(body),
        meta: StatedMeta {
            url: field("url"),
            title: field("title"),
            byline: field("byline"),
            published: field("published").and_then(|p| crate::dates::normalize(&p)),
            outlet: field("outlet"),
        },
    })
}
