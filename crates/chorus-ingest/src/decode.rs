//! Byte-level decoding: gzip (single or multi-member) and character sets.

use crate::{IngestError, Limits};
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Opens `file`, undoing gzip when its first bytes are the gzip magic number (whatever its name).
/// Returns the reader and the file's logical name: its file name without a `.gz` suffix.
/// Decompressed output is capped at `limits.max_file_bytes` (a gzip bomb stops there, as an error).
pub(crate) fn open_maybe_gzip(
    file: impl Read + Send + 'static,
    path: &Path,
    limits: &Limits,
) -> Result<(Box<dyn Read + Send>, String), IngestError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let head = reader.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let logical = name
            .strip_suffix(".gz")
            .or_else(|| name.strip_suffix(".GZ"))
            .unwrap_or(&name)
            .to_owned();
        let decoder = MultiGzDecoder::new(reader);
        let capped = CappedReader {
            inner: decoder,
            remaining: limits.max_file_bytes,
            limit: limits.max_file_bytes,
        };
        Ok((Box::new(capped), logical))
    } else {
        Ok((Box::new(reader), name))
    }
}

/// A reader that fails once more than `limit` bytes have been read.
struct CappedReader<R> {
    inner: R,
    remaining: u64,
    limit: u64,
}

impl<R: Read> Read for CappedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.remaining {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!("decompressed data exceeds {} bytes", self.limit),
            ));
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Turns a read error into the most telling [`IngestError`]: gzip damage and truncation show up
/// as `InvalidInput`/`InvalidData`/`UnexpectedEof` errors from the decoder; the decompression cap
/// as `FileTooLarge`, whose message names the limit.
pub(crate) fn classify_read_error(e: std::io::Error) -> IngestError {
    match e.kind() {
        std::io::ErrorKind::InvalidInput
        | std::io::ErrorKind::InvalidData
        | std::io::ErrorKind::UnexpectedEof => IngestError::Gzip(e),
        _ => IngestError::Io(e),
    }
}

/// Decodes an HTML page's bytes to text: a byte-order mark first, then a `charset` declared in
/// the first 4 KiB (meta tag or XML prolog), then UTF-8 when the bytes are valid UTF-8, else the
/// encoding `chardetng` guesses from the bytes. Malformed sequences become U+FFFD.
pub fn decode_html(bytes: &[u8]) -> String {
    decode_html_with_label(bytes, None)
}

/// Like [`decode_html`], with the charset label of an HTTP `Content-Type` header (from a WARC
/// record), which ranks after the byte-order mark and before the page's own declaration.
pub fn decode_html_with_label(bytes: &[u8], http_charset: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let declared = http_charset
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| declared_charset(&bytes[..bytes.len().min(4096)]));
    if let Some(encoding) = declared {
        // A page that declares a legacy charset but is valid, non-ASCII UTF-8 is UTF-8: the
        // declaration is a template leftover far more often than the bytes are a coincidence.
        if encoding != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
        {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding named by a `charset=` (meta tag) or `encoding=` (XML prolog) declaration in the
/// head of a page, if any.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for needle in [&b"charset="[..], &b"encoding="[..]] {
        let Some(pos) = lower.windows(needle.len()).position(|w| w == needle) else {
            continue;
        };
        let rest = &lower[pos + needle.len()..];
        let start = rest
            .iter()
            .position(|b| !matches!(b, b'"' | b'\'' | b' '))
            .unwrap_or(rest.len());
        let rest = &rest[start..];
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        if let Some(encoding) = encoding_rs::Encoding::for_label(&rest[..end]) {
            // UTF-16 declared inside an ASCII-compatible page is a lie; browsers ignore it too.
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                return Some(encoding_rs::UTF_8);
            }
            return Some(encoding);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_latin1_page_is_decoded() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode_html(page).contains("café"));
    }

    #[test]
    fn undeclared_windows1252_is_guessed() {
        let page = b"<html><body><p>Le caf\xe9 est tr\xe8s bon, d\xe9j\xe0 vu, \xe0 la fran\xe7aise.</p></body></html>";
        assert!(decode_html(page).contains("café"));
    }

    #[test]
    fn utf8_page_wins_over_a_stale_declaration() {
        let page = "<meta charset=\"iso-8859-1\"><p>café</p>".as_bytes();
        assert!(decode_html(page).contains("café"));
    }

    #[test]
    fn http_label_beats_missing_declaration() {
        let page = b"<p>\xe9t\xe9</p>";
        assert!(decode_html_with_label(page, Some("iso-8859-1")).contains("été"));
    }
}
