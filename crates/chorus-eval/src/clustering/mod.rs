//! `chorus eval clustering` and `chorus bench cluster`.

use std::path::Path;

/// Runs the clustering evaluations over the data directory; returns whether the floors were met.
pub fn run(data_dir: &Path) -> anyhow::Result<bool> {
    let _ = data_dir;
    Ok(false)
}

/// Benchmarks streaming clustering.
pub fn bench(data_dir: &Path) -> anyhow::Result<()> {
    let _ = data_dir;
    Ok(())
}
