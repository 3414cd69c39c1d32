//! The relate stage: which articles copy each other, which form one independent source, and
//! which tell the same story.
//!
//! * [`copies`]: near-duplicates and shared passages (sampled word-shingle fingerprints,
//!   verified by exact shingle alignment), with the shared spans.
//! * [`tokens`]: the word tokens both use.

pub mod cluster;
pub mod copies;
pub mod syndication;
pub mod tokens;
