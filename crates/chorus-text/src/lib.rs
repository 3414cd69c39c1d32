//! Text primitives shared by the clean and analyze stages.
//!
//! Sentence segmentation is written by hand: the segmentation crates on crates.io split on every
//! period (breaking "U.S. Secretary of State" or "Gen. Smith") or need a trained model that no
//! registry package ships; news text needs abbreviation, initialism, quote and dateline handling.

pub mod sentences;
pub mod terms;

/// Collapses runs of whitespace to one space and trims.
pub fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
