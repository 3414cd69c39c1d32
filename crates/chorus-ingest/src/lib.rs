//! The ingest stage: files and directories in, [`RawDocument`]s out.

use chorus_core::{Body, RawDocument, StatedMeta};
use std::path::{Path, PathBuf};

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

/// One input file's outcome: the documents it held, or why it failed.
pub struct FileOutcome {
    /// The file.
    pub path: PathBuf,
    /// Its documents in order, or the error that stopped reading it.
    pub documents: Result<Vec<RawDocument>, IngestError>,
}

/// Lists the files under `path` (itself when it is a file), sorted for determinism.
pub fn list_files(path: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    Ok(files)
}

/// Reads one file into its documents.
pub fn read_file(path: &Path) -> FileOutcome {
    let documents = (|| {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let body = if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            Body::HtmlPage(text)
        } else {
            Body::PlainText(text)
        };
        Ok(vec![RawDocument {
            id,
            source_path: path.display().to_string(),
            body,
            meta: StatedMeta::default(),
        }])
    })();
    FileOutcome {
        path: path.to_path_buf(),
        documents,
    }
}

/// Decodes an HTML page's bytes to text: a byte-order mark first, then a `charset` declared in
/// the first 4 KiB (meta tag), then UTF-8 when the bytes are valid UTF-8, else the encoding
/// `chardetng` guesses from the bytes. Malformed sequences become U+FFFD.
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let head = &bytes[..bytes.len().min(4096)];
    if let Some(encoding) = declared_charset(head) {
        // A page that declares a single-byte charset but is valid UTF-8 is almost always UTF-8.
        if encoding != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii()
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

/// The encoding named by a `charset=` declaration in the head of a page, if any.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let needle = b"charset=";
    let pos = lower.windows(needle.len()).position(|w| w == needle)?;
    let rest = &lower[pos + needle.len()..];
    let rest = rest
        .iter()
        .position(|b| !matches!(b, b'"' | b'\'' | b' '))
        .map(|i| &rest[i..])?;
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}
