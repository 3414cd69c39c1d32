//! Not yet written.

use std::path::Path;

/// Runs the evaluation (reported, no floor).
pub fn run(_dir: &Path) -> anyhow::Result<()> {
    Ok(())
}
