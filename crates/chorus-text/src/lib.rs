//! Text primitives shared by the clean and analyze stages.
//!
//! Sentence segmentation is written by hand: the segmentation crates on crates.io split on every
//! period (breaking "U.S. Secretary of State" or "Gen. Smith") or need a trained model that no
//! registry package ships; news text needs abbreviation, initialism, quote and dateline handling.

pub mod sentences;
pub mod terms;

/// Latin letters (ASCII, Latin-1, Latin Extended-A and -B) and combining diacritics, as the
/// inside of a bracketed regex class. Patterns that repeat a class a counted number of times
/// (`{1,30}`) use it rather than `\p{L}`: a counted Unicode class is compiled once per
/// repetition (`[\p{L} .]{1,30}` took 11 ms to compile, this class 0.1 ms), and the names and
/// places such patterns read are written in Latin script in English news.
pub const LATIN_LETTERS: &str = r"A-Za-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}\x{300}-\x{36F}";

/// The capitals among [`LATIN_LETTERS`] (Latin Extended-A and -B whole), as the inside of a
/// bracketed regex class.
pub const LATIN_CAPITALS: &str = r"A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}\x{100}-\x{24F}\x{300}-\x{36F}";

/// Builds the lazily made patterns and tables of this crate now (sentence and credit patterns,
/// the stemmer, the stopword index) rather than on first use, so that a caller can pay that
/// set-up on another thread while it reads its input. Never needed for correctness.
pub fn prepare() {
    sentences::prepare();
    terms::prepare();
}

/// Collapses runs of whitespace to one space and trims.
pub fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
