//! `chorus eval extraction` and `chorus bench extract`: main text, dates and metadata.

pub mod htmldate_set;
pub mod readability_set;
pub mod trafilatura_set;

use std::path::Path;

/// One of the three extraction evaluations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Main-text snippets, trafilatura set.
    Text,
    /// Publication dates, htmldate set.
    Dates,
    /// Title and byline, Mozilla Readability pages.
    Metadata,
}

/// Runs the extraction evaluations (all, or `only` one); returns whether every floor was met.
pub fn run(dir: &Path, only: Option<Part>) -> anyhow::Result<bool> {
    let wanted = |p: Part| only.is_none_or(|o| o == p);
    let mut passed = true;
    if wanted(Part::Text) {
        passed &= trafilatura_set::run(&dir.join("trafilatura-eval"))?;
    }
    if wanted(Part::Dates) {
        passed &= htmldate_set::run(&dir.join("htmldate-eval"))?;
    }
    if wanted(Part::Metadata) {
        readability_set::run(&dir.join("mozilla-readability-test-pages"))?;
    }
    Ok(passed)
}

/// Benchmarks whole-page extraction (decode, main text, metadata) on the trafilatura set.
pub fn bench(dir: &Path) -> anyhow::Result<()> {
    trafilatura_set::bench(&dir.join("trafilatura-eval"))
}
