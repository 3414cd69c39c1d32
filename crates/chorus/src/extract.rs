//! `extract`: paths in, clean articles out, in input order, with every failure reported.

use chorus_core::{Article, RawDocument};
use chorus_ingest::{InputError, Limits};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Documents cleaned in parallel at a time: large enough to keep two cores busy, small enough
/// that a multi-gigabyte WARC streams through in bounded memory.
const BATCH: usize = 256;

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

/// Extracts articles from files and directories (walked recursively, in path order), handing
/// each article or error to `emit` in input order. Returns early with `emit`'s error (e.g. a
/// closed output pipe).
///
/// Ids are made unique within the run: a repeated id gets `~2`, `~3`… appended.
pub fn extract<E>(
    paths: &[PathBuf],
    limits: &Limits,
    mut emit: impl FnMut(Result<Article, ExtractError>) -> Result<(), E>,
) -> Result<(), E> {
    let mut ids = UniqueIds::default();
    let mut batch: Vec<Result<RawDocument, InputError>> = Vec::with_capacity(BATCH);
    for path in paths {
        let files = match chorus_ingest::list_files(path) {
            Ok(files) => files,
            Err(e) => {
                // Through the batch, so the error is reported in input order.
                batch.push(Err(e));
                continue;
            }
        };
        for file in files {
            let mut pending: Result<(), E> = Ok(());
            chorus_ingest::read_file(&file, limits, &mut |item| {
                if pending.is_err() {
                    return;
                }
                batch.push(item);
                if batch.len() >= BATCH {
                    pending = flush(&mut batch, &mut ids, &mut emit);
                }
            });
            pending?;
        }
    }
    flush(&mut batch, &mut ids, &mut emit)
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

/// Cleans a batch in parallel and emits the results in order.
fn flush<E>(
    batch: &mut Vec<Result<RawDocument, InputError>>,
    ids: &mut UniqueIds,
    emit: &mut impl FnMut(Result<Article, ExtractError>) -> Result<(), E>,
) -> Result<(), E> {
    let cleaned: Vec<Result<Article, ExtractError>> = std::mem::take(batch)
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
    Ok(())
}

/// Hands out ids, suffixing repeats so every id in a run is unique.
#[derive(Default)]
struct UniqueIds {
    seen: HashSet<String>,
}

impl UniqueIds {
    fn claim(&mut self, id: &str) -> String {
        if self.seen.insert(id.to_owned()) {
            return id.to_owned();
        }
        let unique = (2..)
            .map(|n| format!("{id}~{n}"))
            .find(|candidate| !self.seen.contains(candidate))
            .expect("an unbounded range always has a free suffix");
        self.seen.insert(unique.clone());
        unique
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_get_suffixes() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a~2");
        assert_eq!(ids.claim("a"), "a~3");
        assert_eq!(ids.claim("a~2x"), "a~2x");
    }
}
