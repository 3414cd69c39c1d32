//! The Rust port of `brief-dev/score.py` agrees with the script on every event and part.
//!
//! Skipped (with a message) where python3 or the data set is missing: the Rust scorer itself
//! never needs Python.

use chorus_eval::brief::{check_python, events, python_available, score_event};
use std::path::Path;

#[test]
fn rust_scores_agree_with_score_py_on_every_event() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/brief-dev");
    if !dir.join("score.py").is_file() {
        eprintln!("skipped: {} not found", dir.join("score.py").display());
        return;
    }
    if !python_available() {
        eprintln!("skipped: python3 is not installed, so score.py cannot be compared");
        return;
    }
    let scored: Vec<_> = events(&dir)
        .unwrap()
        .iter()
        .map(|e| score_event(e).unwrap())
        .collect();
    assert_eq!(scored.len(), 16);
    assert!(check_python(&dir, &scored).unwrap(), "score.py disagrees");
}
