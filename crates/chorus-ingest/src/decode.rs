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

/// The text of UTF-16 bytes that start with their byte-order mark, as UTF-8 bytes (without the
/// mark); `None` for anything else.
pub(crate) fn utf16_to_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let (encoding, bom_len) = encoding_rs::Encoding::for_bom(bytes)?;
    if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
        return None;
    }
    let text = encoding.decode_without_bom_handling(&bytes[bom_len..]).0;
    Some(text.into_owned().into_bytes())
}

/// Decodes an HTML page's bytes to text: a byte-order mark first, then a `charset` declared in
/// the first 4 KiB (meta tag or XML prolog), then UTF-8 when the bytes are valid UTF-8, else the
/// encoding `chardetng` guesses from the bytes. A UTF-8 declaration that the bytes contradict
/// (they are not valid UTF-8) is ignored in favour of the guess. Malformed sequences become
/// U+FFFD. Labels that name the "replacement" encoding (`replacement`, `iso-2022-kr`…), which
/// decodes any page to a single U+FFFD, are unusable and ignored like a missing label.
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
        .and_then(|label| encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes()))
        .or_else(|| declared_charset(&bytes[..bytes.len().min(4096)]));
    if let Some(encoding) = declared.filter(|&e| e != encoding_rs::UTF_8) {
        // A page that declares a legacy charset but is valid, non-ASCII UTF-8 is UTF-8: the
        // declaration is a template leftover far more often than the bytes are a coincidence.
        if encoding != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
        {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    // Declared UTF-8 or undeclared: valid UTF-8 is taken as such, and so is a declared UTF-8
    // page with a few damaged sequences among many good ones; otherwise the declaration (if
    // any) is wrong and the bytes' statistics decide.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    if declared == Some(encoding_rs::UTF_8) && mostly_utf8(bytes) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Whether well-formed multi-byte UTF-8 sequences outnumber malformed ones: text in a legacy
/// encoding almost never forms valid multi-byte sequences, UTF-8 text with stray bad bytes
/// (a pasted fragment, a truncated character) mostly does.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > bad
}

/// The encoding named by a `charset=` declaration inside a `<meta>` tag (its `charset`
/// attribute or the `content` of an `http-equiv="Content-Type"`) or by the `encoding=` of an XML
/// prolog, in the head of a page, if any. `charset` attributes of other tags (`<script
/// charset=...>`, `<link charset=...>`) name the encoding of another resource and are skipped.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for (needle, tag) in [
        (&b"charset"[..], &b"<meta"[..]),
        (&b"encoding"[..], &b"<?xml"[..]),
    ] {
        let mut from = 0;
        while let Some(found) = find(&lower[from..], needle) {
            let pos = from + found;
            from = pos + needle.len();
            if !inside_tag(&lower[..pos], tag) {
                continue;
            }
            if let Some(encoding) = label_after(&lower[from..]) {
                // UTF-16 declared inside an ASCII-compatible page is a lie; browsers ignore
                // it too.
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    return Some(encoding_rs::UTF_8);
                }
                return Some(encoding);
            }
        }
    }
    None
}

/// Position of the first occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether the end of `before` lies inside an open tag that starts with `tag` (lowercase),
/// i.e. the last `<` before it opens such a tag and no `>` closes it in between.
fn inside_tag(before: &[u8], tag: &[u8]) -> bool {
    match before.iter().rposition(|&b| b == b'<') {
        Some(open) => before[open..].starts_with(tag) && !before[open..].contains(&b'>'),
        None => false,
    }
}

/// The encoding whose label follows `charset`/`encoding`: an `=` with optional spaces and
/// quotes around it, then the label.
fn label_after(rest: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b"=")?;
    let start = rest
        .iter()
        .position(|b| !(matches!(b, b'"' | b'\'') || b.is_ascii_whitespace()))?;
    let rest = &rest[start..];
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label_no_replacement(&rest[..end])
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
    fn script_charset_attribute_is_not_the_page_charset() {
        let page = b"<html><head><script src=\"x.js\" charset=\"UTF-8\"></script>\
            <title>Pigu\xb3ka</title><meta charset=\"ISO-8859-2\"></head>\
            <body><p>Zupa z dyni, \xbfeby by\xb3o smacznie.</p></body></html>";
        let text = decode_html(page);
        assert!(text.contains("Pigułka"), "{text}");
        assert!(text.contains("żeby było"), "{text}");
    }

    #[test]
    fn http_equiv_content_type_with_spaces_is_read() {
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset = iso-8859-2\">\
            <p>Zielona g\xf3ra, \xb3\xb1ka</p>";
        assert!(decode_html(page).contains("Zielona góra, łąka"));
    }

    #[test]
    fn xml_prolog_encoding_is_read() {
        let page = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><html><p>caf\xe9</p></html>";
        assert!(decode_html(page).contains("café"));
    }

    #[test]
    fn false_utf8_declaration_falls_back_to_guess() {
        let page = b"<html><head><meta charset=\"utf-8\"></head><body><p>Die Stra\xdfe in \
            M\xfcnchen ist f\xfcr den Verkehr gesperrt, sagte die Beh\xf6rde. Gr\xfc\xdfe aus \
            K\xf6ln und D\xfcsseldorf, sch\xf6ne Gr\xfc\xdfe.</p></body></html>";
        let text = decode_html(page);
        assert!(text.contains("Straße in München"), "{text}");
        assert!(!text.contains('\u{fffd}'));
        let text = decode_html_with_label(page, Some("UTF-8"));
        assert!(text.contains("für den Verkehr"), "{text}");
    }

    #[test]
    fn utf8_page_with_a_stray_bad_byte_stays_utf8() {
        let mut page = "<meta charset=\"utf-8\"><p>Zażółć gęślą jaźń, ćma i żółw.</p><p>x"
            .as_bytes()
            .to_vec();
        page.extend_from_slice(b"\xe9</p>");
        let text = decode_html(&page);
        assert!(text.contains("Zażółć gęślą jaźń"), "{text}");
    }

    #[test]
    fn valid_utf8_with_utf8_declaration_is_kept() {
        let page = "<meta charset=\"utf-8\"><p>Zażółć gęślą jaźń</p>".as_bytes();
        assert!(decode_html(page).contains("Zażółć gęślą jaźń"));
    }

    #[test]
    fn replacement_labels_are_ignored() {
        let page = "<meta charset=\"replacement\"><p>Zażółć gęślą jaźń, ćma i żółw.</p>".as_bytes();
        let text = decode_html(page);
        assert!(text.contains("Zażółć gęślą jaźń"), "{text}");
        let text = decode_html_with_label(b"<p>caf\xe9 cr\xe8me</p>", Some("replacement"));
        assert!(text.contains("café"), "{text}");
        assert!(!text.contains('\u{fffd}'));
    }

    #[test]
    fn utf16_with_a_bom_is_transcoded() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "<p>café</p>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            utf16_to_utf8(&bytes).as_deref(),
            Some("<p>café</p>".as_bytes())
        );
        assert_eq!(utf16_to_utf8(b"<p>x</p>"), None);
    }

    #[test]
    fn http_label_beats_missing_declaration() {
        let page = b"<p>\xe9t\xe9</p>";
        assert!(decode_html_with_label(page, Some("iso-8859-1")).contains("été"));
    }
}
