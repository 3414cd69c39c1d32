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
pub mod opml;
pub mod posted;
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
    /// The path names a FIFO, a socket or a device, not a file.
    #[error("not a regular file (a FIFO, socket or device is not read)")]
    NotRegularFile,
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

/// Lists the files under `path` (itself when it is a regular file), sorted by path for
/// determinism. Hidden files and directories (names starting with `.`) inside a walked directory
/// are skipped. An entry that cannot be listed or read (a dangling symlink, a symlink loop, an
/// unreadable directory) or is not a regular file (a FIFO, a socket, a device) is an error of its
/// own, in its place in the order; the other entries are still listed.
pub fn list_files(path: &Path) -> Vec<Result<PathBuf, InputError>> {
    let at = |path: &Path, error| InputError {
        path: path.to_path_buf(),
        location: None,
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return vec![Err(at(path, IngestError::Io(e)))],
    };
    if !meta.is_dir() {
        return vec![regular_file(path, &meta).map(|()| path.to_path_buf())];
    }
    let mut entries = Vec::new();
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => {
                let checked = entry
                    .metadata()
                    .map_err(|e| at(entry.path(), IngestError::Io(e.into())))
                    .and_then(|meta| regular_file(entry.path(), &meta));
                entries.push(checked.map(|()| entry.into_path()));
            }
            Err(e) => {
                let bad = e.path().unwrap_or(path).to_path_buf();
                entries.push(Err(at(&bad, IngestError::Io(e.into()))));
            }
        }
    }
    entries.sort_by(|a, b| entry_path(a).cmp(entry_path(b)));
    entries
}

/// The path a listed entry names, read or not.
fn entry_path(entry: &Result<PathBuf, InputError>) -> &Path {
    match entry {
        Ok(path) => path,
        Err(e) => &e.path,
    }
}

/// Refuses what is not a regular file: reading a FIFO would wait for a writer forever, a device
/// or a socket is not a document.
fn regular_file(path: &Path, meta: &std::fs::Metadata) -> Result<(), InputError> {
    if meta.is_file() {
        Ok(())
    } else {
        Err(InputError {
            path: path.to_path_buf(),
            location: None,
            error: IngestError::NotRegularFile,
        })
    }
}

/// Reads one file and hands each of its documents, or each error, to `sink`, in file order.
/// What is not a regular file is refused before it is opened (opening a FIFO would block).
pub fn read_file(
    path: &Path,
    limits: &Limits,
    sink: &mut dyn FnMut(Result<RawDocument, InputError>),
) {
    let checked = std::fs::metadata(path)
        .map_err(|e| InputError {
            path: path.to_path_buf(),
            location: None,
            error: IngestError::Io(e),
        })
        .and_then(|meta| regular_file(path, &meta));
    if let Err(e) = checked {
        return sink(Err(e));
    }
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
    // UTF-16 (known by its byte-order mark) is text, though its ASCII has NUL bytes.
    let transcoded = decode::utf16_to_utf8(bytes);
    let bytes = transcoded.as_deref().unwrap_or(bytes);
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

    fn read_all(path: &Path) -> (Vec<RawDocument>, Vec<String>) {
        let (mut docs, mut errors) = (Vec::new(), Vec::new());
        for entry in list_files(path) {
            match entry {
                Ok(file) => read_file(&file, &Limits::default(), &mut |item| match item {
                    Ok(doc) => docs.push(doc),
                    Err(e) => errors.push(e.to_string()),
                }),
                Err(e) => errors.push(e.to_string()),
            }
        }
        (docs, errors)
    }

    #[test]
    fn bad_entries_are_named_and_the_rest_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "First story.\n").expect("write");
        std::fs::create_dir(root.join("sub")).expect("mkdir");
        std::fs::write(root.join("sub/b.txt"), "Second story.\n").expect("write");
        std::os::unix::fs::symlink(root.join("missing.txt"), root.join("dangling.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(root, root.join("sub/loop")).expect("symlink");
        let fifo = root.join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let locked = root.join("locked");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::write(locked.join("c.txt"), "Third story.\n").expect("write");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        // Root reads a directory whatever its permission bits; then it is simply read.
        let locked_readable = std::fs::read_dir(&locked).is_ok();

        let (docs, errors) = read_all(root);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755))
            .expect("chmod back");
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        let expected: &[&str] = if locked_readable {
            &["a", "c", "b"]
        } else {
            &["a", "b"]
        };
        assert_eq!(ids, expected, "{errors:?}");
        let named = |needle: &str| errors.iter().any(|e| e.contains(needle));
        assert!(named("dangling.txt"), "{errors:?}");
        assert!(named("loop"), "{errors:?}");
        assert!(named("pipe.txt: not a regular file"), "{errors:?}");
        assert_eq!(named("locked"), !locked_readable, "{errors:?}");
        assert_eq!(
            errors.len(),
            if locked_readable { 3 } else { 4 },
            "{errors:?}"
        );
    }

    #[test]
    fn a_fifo_given_as_a_path_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("feed.xml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let listed = list_files(&fifo);
        assert!(matches!(
            &listed[..],
            [Err(InputError {
                error: IngestError::NotRegularFile,
                ..
            })]
        ));
        let mut errors = Vec::new();
        read_file(&fifo, &Limits::default(), &mut |item| {
            errors.push(item.map(|_| ()).map_err(|e| e.to_string()))
        });
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .as_ref()
            .is_err_and(|e| e.contains("feed.xml: not a regular file")));
    }

    #[test]
    fn utf16_pages_and_texts_with_a_bom_are_decoded() {
        for (name, content) in [
            (
                "page.html",
                "<html><body><p>Le café est très bon.</p></body></html>",
            ),
            (
                "noext",
                "<html><body><p>Le café est très bon.</p></body></html>",
            ),
            ("note.txt", "Le café est très bon."),
        ] {
            for big_endian in [false, true] {
                let mut bytes = if big_endian {
                    vec![0xfe, 0xff]
                } else {
                    vec![0xff, 0xfe]
                };
                for unit in content.encode_utf16() {
                    let pair = if big_endian {
                        unit.to_be_bytes()
                    } else {
                        unit.to_le_bytes()
                    };
                    bytes.extend_from_slice(&pair);
                }
                let mut got = Vec::new();
                read_from(
                    Path::new(name),
                    std::io::Cursor::new(bytes),
                    &Limits::default(),
                    &mut |item| got.push(item.map_err(|e| e.to_string())),
                );
                let [Ok(doc)] = &got[..] else {
                    panic!("{name}: {got:?}");
                };
                let text = match &doc.body {
                    Body::HtmlPage(t) | Body::PlainText(t) => t,
                    other => panic!("{name}: {other:?}"),
                };
                assert!(text.contains("Le café est très bon."), "{name}: {text:?}");
            }
        }
    }

    #[test]
    fn stems_drop_directories_and_extensions() {
        assert_eq!(document_stem("a/b/000_x.txt"), "000_x");
        assert_eq!(document_stem("crawl.warc.gz"), "crawl");
        assert_eq!(document_stem("page.html.gz"), "page");
        assert_eq!(document_stem("README"), "README");
        assert_eq!(document_stem(".hidden"), ".hidden");
    }
}
