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
