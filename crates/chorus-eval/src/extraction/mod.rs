//! `chorus eval extraction`: main text, dates and metadata.

pub mod htmldate_set;
pub mod readability_set;
pub mod trafilatura_set;

use std::path::Path;

/// Runs the three extraction evaluations; returns whether every floor was met.
pub fn run(dir: &Path) -> anyhow::Result<bool> {
    let text = trafilatura_set::run(&dir.join("trafilatura-eval"))?;
    let dates = htmldate_set::run(&dir.join("htmldate-eval"))?;
    readability_set::run(&dir.join("mozilla-readability-test-pages"))?;
    Ok(text && dates)
}
