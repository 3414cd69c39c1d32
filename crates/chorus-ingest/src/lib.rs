//! The ingest stage: files and directories in, [`RawDocument`]s out.
//!
//! Each file is recognised by its name and, when the name says nothing, by its first bytes
//! ([`format`]); gzip is undone transparently whatever the name. Containers (JSON Lines, feeds,
//! WARC) yield one document per entry. Every failure is an [`InputError`] naming the file (and the
//! line or record inside it) so the caller can report it and go on with the other inputs.
//!
//! Reading is bounded: no document larger than [`Limits::max_document_bytes`] is accepted, and
//! decompression stops at [`Limits::max_file_bytes`], so a hostile input cannot exhaust memory.

mod dates;
mod decode;
pub mod format;
mod jsonl;
mod rss;
mod warc;

use chorus_core::{Body, RawDocument, StatedMeta};
use format::Format;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use decode::{decode_html, decode_html_with_label};

/// Size bounds applied while reading.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest single document (a page, a text, a record body), in bytes.
    pub max_document_bytes: usize,
    /// Largest whole file after decompression, in bytes (containers included).
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 16 << 20,
            max_file_bytes: 4 << 30,
        }
    }
}

/// Why an input, or one entry of it, could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file holds nothing.
    #[error("empty file")]
    Empty,
    /// The file is not text, HTML, a feed or a WARC.
    #[error("binary file: not text, HTML, JSON Lines, a feed or WARC")]
    Binary,
    /// The text is not valid UTF-8.
    #[error("invalid UTF-8 at byte {0}: convert the file to UTF-8")]
    InvalidUtf8(usize),
    /// A document is larger than the limit.
    #[error("document exceeds the limit of {limit} bytes (see --max-document-mib)")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The gzip stream is damaged or ends early.
    #[error("corrupt or truncated gzip data: {0}")]
    Gzip(std::io::Error),
    /// A JSON Lines record is malformed.
    #[error("bad JSON Lines record: {0}")]
    Json(String),
    /// The feed could not be parsed.
    #[error("bad feed: {0}")]
    Feed(String),
    /// A feed or container held no article.
    #[error("no articles in {0}")]
    NoEntries(&'static str),
    /// A WARC record is malformed or truncated.
    #[error("bad WARC record: {0}")]
    Warc(String),
}

/// An [`IngestError`] located in an input.
#[derive(Debug)]
pub struct InputError {
    /// The file.
    pub path: PathBuf,
    /// Where inside it, e.g. `line 3` or `record 7`, when the file is a container.
    pub location: Option<String>,
    /// What went wrong.
    pub error: IngestError,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(location) = &self.location {
            write!(f, ": {location}")?;
        }
        write!(f, ": {}", self.error)
    }
}

impl std::error::Error for InputError {}

/// Lists the files under `path` (itself when it is a file), sorted by path for determinism.
/// Hidden files and directories (names starting with `.`) inside a walked directory are skipped.
pub fn list_files(path: &Path) -> Result<Vec<PathBuf>, InputError> {
    let at = |error| InputError {
        path: path.to_path_buf(),
        location: None,
        error,
    };
    let meta = std::fs::metadata(path).map_err(|e| at(IngestError::Io(e)))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| at(IngestError::Io(e.into())))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

/// Reads one file and hands each of its documents, or each error, to `sink`, in file order.
pub fn read_file(
    path: &Path,
    limits: &Limits,
    sink: &mut dyn FnMut(Result<RawDocument, InputError>),
) {
    match std::fs::File::open(path) {
        Ok(file) => read_from(path, file, limits, sink),
        Err(e) => sink(Err(InputError {
            path: path.to_path_buf(),
            location: None,
            error: IngestError::Io(e),
        })),
    }
}

/// Reads the content of the file named `path` from `reader` (the name decides the format and the
/// ids, as in [`read_file`]). Lets callers and fuzzers read from memory.
pub fn read_from(
    path: &Path,
    reader: impl Read + Send + 'static,
    limits: &Limits,
    sink: &mut dyn FnMut(Result<RawDocument, InputError>),
) {
    let fail = |error| InputError {
        path: path.to_path_buf(),
        location: None,
        error,
    };
    let (reader, name) = match decode::open_maybe_gzip(reader, path, limits) {
        Ok(opened) => opened,
        Err(e) => return sink(Err(fail(e))),
    };
    let stem = document_stem(&name);
    let source_path = path.display().to_string();
    let mut reader = std::io::BufReader::with_capacity(64 << 10, reader);
    let format = match format::detect(&name, &mut reader) {
        Ok(f) => f,
        Err(e) => return sink(Err(fail(e))),
    };
    let ctx = Context {
        path,
        stem: &stem,
        source_path: &source_path,
        limits,
    };
    match format {
        Format::JsonLines => jsonl::read(reader, &ctx, sink),
        Format::Warc => warc::read(reader, &ctx, sink),
        Format::Feed => match read_bounded(reader, limits.max_document_bytes) {
            Ok(bytes) => rss::read(&bytes, &ctx, sink),
            Err(e) => sink(Err(fail(e))),
        },
        Format::Html | Format::Text => {
            let result = read_bounded(reader, limits.max_document_bytes)
                .and_then(|bytes| single_document(&bytes, format, &ctx));
            sink(result.map_err(fail));
        }
    }
}

/// What the format readers need to know about the file they read.
pub(crate) struct Context<'a> {
    pub path: &'a Path,
    pub stem: &'a str,
    pub source_path: &'a str,
    pub limits: &'a Limits,
}

impl Context<'_> {
    /// An error located at `location` in this file.
    pub fn error(&self, location: String, error: IngestError) -> InputError {
        InputError {
            path: self.path.to_path_buf(),
            location: Some(location),
            error,
        }
    }
}

/// A one-document file: a page or a text.
fn single_document(
    bytes: &[u8],
    format: Format,
    ctx: &Context,
) -> Result<RawDocument, IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    if format::looks_binary(bytes) {
        return Err(IngestError::Binary);
    }
    let body = match format {
        Format::Html => Body::HtmlPage(decode_html(bytes)),
        _ => Body::PlainText(
            std::str::from_utf8(bytes)
                .map_err(|e| IngestError::InvalidUtf8(e.valid_up_to()))?
                .trim_start_matches('\u{feff}')
                .to_owned(),
        ),
    };
    Ok(RawDocument {
        id: ctx.stem.to_owned(),
        source_path: ctx.source_path.to_owned(),
        body,
        meta: StatedMeta::default(),
    })
}

/// Reads all of `reader`, failing once more than `limit` bytes arrive.
pub(crate) fn read_bounded(reader: impl Read, limit: usize) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(decode::classify_read_error)?;
    if bytes.len() > limit {
        return Err(IngestError::TooLarge {
            limit: limit as u64,
        });
    }
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(bytes)
}

/// The id stem of a file: its name without directories and without its (compound) extension,
/// e.g. `000_502df0261b767f7e` for `seeds/000_502df0261b767f7e.txt`, `crawl` for `crawl.warc.gz`.
fn document_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = base.strip_suffix(".gz").unwrap_or(base);
    match base.rfind('.') {
        Some(0) | None => base.to_owned(),
        Some(i) => base[..i].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_directories_and_extensions() {
        assert_eq!(document_stem("a/b/000_x.txt"), "000_x");
        assert_eq!(document_stem("crawl.warc.gz"), "crawl");
        assert_eq!(document_stem("page.html.gz"), "page");
        assert_eq!(document_stem("README"), "README");
        assert_eq!(document_stem(".hidden"), ".hidden");
    }
}
