//! Recognising an input's format from its name, then from its first bytes.

use crate::IngestError;
use std::io::BufRead;

/// The formats Chorus reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, one article.
    Text,
    /// An HTML page, one article.
    Html,
    /// JSON Lines, one article a line.
    JsonLines,
    /// RSS or Atom feed, one article an entry.
    Feed,
    /// WARC archive, one article per HTML response record.
    Warc,
}

/// Decides the format of a file named `name` (gzip suffix already removed) whose content starts
/// in `reader`'s buffer. The name decides when its extension is known; otherwise the content.
pub fn detect(name: &str, reader: &mut impl BufRead) -> Result<Format, IngestError> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let by_name = match ext.as_str() {
        "txt" | "text" | "md" => Some(Format::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "rss" | "atom" | "xml" | "rdf" => Some(Format::Feed),
        "warc" => Some(Format::Warc),
        _ => None,
    };
    let head = reader
        .fill_buf()
        .map_err(crate::decode::classify_read_error)?;
    if head.is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some(format) = by_name {
        return Ok(format);
    }
    Ok(sniff(head))
}

/// Guesses a format from the first bytes of a file.
pub fn sniff(head: &[u8]) -> Format {
    let transcoded = crate::decode::utf16_to_utf8(&head[..head.len().min(2048)]);
    let head = transcoded.as_deref().unwrap_or(head);
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    let lower: Vec<u8> = head.iter().take(1024).map(u8::to_ascii_lowercase).collect();
    let contains = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if head.starts_with(b"WARC/") {
        Format::Warc
    } else if head.starts_with(b"{") {
        Format::JsonLines
    } else if contains(b"<rss") || contains(b"<feed") || contains(b"<rdf:rdf") {
        Format::Feed
    } else if lower.starts_with(b"<!doctype html") || contains(b"<html") || contains(b"<body") {
        Format::Html
    } else {
        Format::Text
    }
}

/// Whether bytes look like a binary file rather than text in some encoding: a NUL byte, or more
/// than 10% control characters other than whitespace, in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format() {
        assert_eq!(sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(sniff(b"  {\"id\": 1}"), Format::JsonLines);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><rss>"), Format::Feed);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><feed xmlns="), Format::Feed);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"Plain words."), Format::Text);
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0"));
        assert!(!looks_binary("A caf\u{e9} story.\n".as_bytes()));
    }
}
