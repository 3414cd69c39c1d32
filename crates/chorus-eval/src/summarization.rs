//! `chorus eval summarization`: ROUGE on multinews-dev against TextRank, and the faithfulness
//! gates.

use std::path::Path;

/// Runs the summarization evaluation; returns whether the floors and gates held.
pub fn run(data_dir: &Path) -> anyhow::Result<bool> {
    let _ = data_dir;
    Ok(false)
}
