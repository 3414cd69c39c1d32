//! `extract`: paths in, clean articles out, in input order, with every failure reported.

use chorus_core::{Article, Body, RawDocument};
use chorus_ingest::{InputError, Limits};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Documents read ahead into one batch: large enough to keep two cores busy, small enough
/// that a multi-gigabyte WARC streams through in bounded memory.
const BATCH: usize = 256;

/// Bytes of documents read ahead into one batch (a batch is cleaned once it holds [`BATCH`]
/// documents or this many bytes).
const BATCH_BYTES: usize = 32 << 20;

/// Bytes of documents cleaned at the same time. Cleaning an HTML page holds up to about 40
/// times its bytes (measured with `/usr/bin/time -v`: 444 MB for a 16 MiB page of paragraphs,
/// 602 MB for a 16 MiB page at chorus-clean's 100,000-tag limit, 174 MB for a 4 MiB page;
/// measured while the trafilatura crate's extraction, which kept several copies of the tree,
/// was in the path: an upper bound now). So documents are cleaned in parallel only
/// while their sizes add up to this: a large page is cleaned alone, and peak memory stays
/// within about 40 times the larger of this and the largest document (plus the batch read
/// ahead, [`BATCH_BYTES`]) instead of growing with the number of threads.
const PARALLEL_BYTES: usize = 4 << 20;

/// Why one input or one document produced no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The input, or an entry of it, could not be read.
    #[error("{0}")]
    Input(#[from] InputError),
    /// A document was read but yielded no article.
    #[error("{path} ({id}): {error}")]
    Clean {
        /// The file it came from.
        path: String,
        /// The document's id.
        id: String,
        /// Why.
        error: chorus_clean::CleanError,
    },
}

impl ExtractError {
    /// Whether the document was read but holds no article text once its furniture is removed
    /// (a sign-in, player or gallery page): left out, not failed. Commands say so on stderr and
    /// their exit status stays 0 for it.
    pub fn is_skipped(&self) -> bool {
        matches!(
            self,
            ExtractError::Clean {
                error: chorus_clean::CleanError::NoText,
                ..
            }
        )
    }
}

/// The path argument that means standard input.
pub const STDIN_ARG: &str = "-";

/// The name standard input is read under: its documents' `source_path`, the id of a single
/// document read from it, and the name its errors carry. Having no extension, its format is
/// recognised by its content.
pub const STDIN_NAME: &str = "stdin";

/// Extracts articles from files and directories (walked recursively, in path order), handing
/// each article or error to `emit` in input order; a path of `-` ([`STDIN_ARG`]) reads standard
/// input (as a file named [`STDIN_NAME`]). Returns early with `emit`'s error (e.g. a closed
/// output pipe).
///
/// Ids are made unique within the run: a repeated id gets `~2`, `~3`… appended.
pub fn extract<E>(
    paths: &[PathBuf],
    limits: &Limits,
    mut emit: impl FnMut(Result<Article, ExtractError>) -> Result<(), E>,
) -> Result<(), E> {
    let mut ids = UniqueIds::default();
    let mut batch = Batch::default();
    for path in paths {
        if path.as_os_str() == STDIN_ARG {
            read_into(&mut batch, &mut ids, &mut emit, |sink| {
                chorus_ingest::read_from(Path::new(STDIN_NAME), std::io::stdin(), limits, sink);
            })?;
            continue;
        }
        for entry in chorus_ingest::list_files(path) {
            match entry {
                Ok(file) => read_into(&mut batch, &mut ids, &mut emit, |sink| {
                    chorus_ingest::read_file(&file, limits, sink);
                })?,
                // Through the batch, so the error is reported in input order.
                Err(e) => batch.push(Err(e)),
            }
        }
    }
    flush(&mut batch, &mut ids, &mut emit)
}

/// Runs `read` (one file's reader), adding what it yields to the batch and cleaning every full
/// batch; stops adding at `emit`'s first error, which it returns.
fn read_into<E>(
    batch: &mut Batch,
    ids: &mut UniqueIds,
    emit: &mut impl FnMut(Result<Article, ExtractError>) -> Result<(), E>,
    read: impl FnOnce(&mut dyn FnMut(Result<RawDocument, InputError>)),
) -> Result<(), E> {
    let mut pending: Result<(), E> = Ok(());
    read(&mut |item| {
        if pending.is_err() {
            return;
        }
        batch.push(item);
        if batch.is_full() {
            pending = flush(batch, ids, emit);
        }
    });
    pending
}

/// Extracts the articles of one path, collecting them; errors are returned beside them.
pub fn extract_all(path: &Path, limits: &Limits) -> (Vec<Article>, Vec<ExtractError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let _ = extract::<()>(&[path.to_path_buf()], limits, |item| {
        match item {
            Ok(a) => articles.push(a),
            Err(e) => errors.push(e),
        }
        Ok(())
    });
    (articles, errors)
}

/// Documents read and waiting to be cleaned, in input order, with their total size.
#[derive(Default)]
struct Batch {
    items: Vec<Result<RawDocument, InputError>>,
    bytes: usize,
}

impl Batch {
    fn push(&mut self, item: Result<RawDocument, InputError>) {
        self.bytes += item.as_ref().map_or(0, doc_bytes);
        self.items.push(item);
    }

    fn is_full(&self) -> bool {
        self.items.len() >= BATCH || self.bytes >= BATCH_BYTES
    }
}

/// The size of a document's body, in bytes.
fn doc_bytes(doc: &RawDocument) -> usize {
    match &doc.body {
        Body::HtmlPage(s) | Body::HtmlFragment(s) | Body::PlainText(s) | Body::LabelledText(s) => {
            s.len()
        }
    }
}

/// Cleans a batch, in parallel runs of at most [`PARALLEL_BYTES`] (a larger document alone),
/// and emits the results in order.
fn flush<E>(
    batch: &mut Batch,
    ids: &mut UniqueIds,
    emit: &mut impl FnMut(Result<Article, ExtractError>) -> Result<(), E>,
) -> Result<(), E> {
    for run in parallel_runs(std::mem::take(batch).items) {
        let cleaned: Vec<Result<Article, ExtractError>> = run
            .into_par_iter()
            .map(|item| {
                let doc = item?;
                let (path, id) = (doc.source_path.clone(), doc.id.clone());
                chorus_clean::clean(doc).map_err(|error| ExtractError::Clean { path, id, error })
            })
            .collect();
        for mut item in cleaned {
            if let Ok(article) = &mut item {
                article.id = ids.claim(&article.id);
            }
            emit(item)?;
        }
    }
    Ok(())
}

/// Splits documents, in order, into runs cleaned in parallel: consecutive documents while
/// their sizes add up to at most [`PARALLEL_BYTES`]; a larger document makes a run of its own.
fn parallel_runs(
    items: Vec<Result<RawDocument, InputError>>,
) -> Vec<Vec<Result<RawDocument, InputError>>> {
    let mut runs: Vec<Vec<_>> = Vec::new();
    let mut run_bytes = 0;
    for item in items {
        let bytes = item.as_ref().map_or(0, doc_bytes);
        match runs.last_mut() {
            Some(run) if run_bytes + bytes <= PARALLEL_BYTES => {
                run_bytes += bytes;
                run.push(item);
            }
            _ => {
                run_bytes = bytes;
                runs.push(vec![item]);
            }
        }
    }
    runs
}

/// Hands out ids, suffixing repeats so every id in a run is unique: the first free of `~2`,
/// `~3`… Linear in the number of claims: each base id remembers the last suffix it handed out,
/// and the first free suffix of a base never moves back (ids are only ever added).
#[derive(Default)]
struct UniqueIds {
    seen: HashSet<String>,
    next_suffix: HashMap<String, u64>,
}

impl UniqueIds {
    fn claim(&mut self, id: &str) -> String {
        if self.seen.insert(id.to_owned()) {
            return id.to_owned();
        }
        let next = self.next_suffix.entry(id.to_owned()).or_insert(2);
        loop {
            let candidate = format!("{id}~{next}");
            *next += 1;
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(bytes: usize) -> Result<RawDocument, InputError> {
        Ok(RawDocument {
            id: bytes.to_string(),
            source_path: "x".into(),
            body: Body::HtmlPage("x".repeat(bytes)),
            meta: Default::default(),
        })
    }

    #[test]
    fn large_documents_are_cleaned_alone() {
        let mib = 1 << 20;
        let sizes = [10, 20, 3 * mib, 3 * mib, 16 * mib, 30, 40];
        let runs = parallel_runs(sizes.iter().map(|&n| doc(n)).collect());
        let lens: Vec<Vec<usize>> = runs
            .iter()
            .map(|r| {
                r.iter()
                    .map(|d| doc_bytes(d.as_ref().expect("a document")))
                    .collect()
            })
            .collect();
        assert_eq!(
            lens,
            [
                vec![10, 20, 3 * mib],
                vec![3 * mib],
                vec![16 * mib],
                vec![30, 40]
            ]
        );
        let mut batch = Batch::default();
        batch.push(doc(BATCH_BYTES));
        assert!(batch.is_full());
    }

    #[test]
    fn repeated_ids_get_suffixes() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a~2");
        assert_eq!(ids.claim("a"), "a~3");
        assert_eq!(ids.claim("a~2x"), "a~2x");
        // A suffix already taken by an id of its own is skipped, as before.
        assert_eq!(ids.claim("b~2"), "b~2");
        assert_eq!(ids.claim("b"), "b");
        assert_eq!(ids.claim("b"), "b~3");
        assert_eq!(ids.claim("b~3"), "b~3~2");
        assert_eq!(ids.claim("b"), "b~4");
    }

    /// 40,000 repeats of one id took 75 s when each claim tried every suffix from `~2`; the
    /// work is now one map step per claim: counted here, not timed.
    #[test]
    fn many_repeats_are_claimed_in_linear_work() {
        let mut ids = UniqueIds::default();
        let started = std::time::Instant::now();
        for n in 1..=40_000u64 {
            let id = ids.claim("same");
            if n > 1 {
                assert_eq!(id, format!("same~{n}"));
            }
        }
        assert_eq!(ids.next_suffix["same"], 40_001);
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
}
