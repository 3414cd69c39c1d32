//! Not yet written.

use std::path::Path;

/// Runs the evaluation; returns whether the floor was met.
pub fn run(_dir: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// Benchmarks extraction on the set.
pub fn bench(_dir: &Path) -> anyhow::Result<()> {
    Ok(())
}
