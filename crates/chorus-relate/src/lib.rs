//! The relate stage: which articles copy each other, which form one independent source, and
//! which tell the same story.
//!
//! * [`copies`]: near-duplicates and shared passages (sampled word-shingle fingerprints,
//!   verified by exact shingle alignment), with the shared spans.
//! * [`tokens`]: the word tokens both use.
//! * `embed` (cargo feature `embeddings`): sentence embeddings from a local all-MiniLM-L6-v2
//!   model, which the clusterer can weigh beside its word features.

pub mod cluster;
pub mod copies;
#[cfg(feature = "embeddings")]
pub mod embed;
pub mod syndication;
pub mod tokens;
