//! Chorus as a library: the stages composed into the jobs the CLI and the server run.

pub mod analyze;
pub mod brief;
pub mod cluster;
pub mod extract;

pub use chorus_core::Article;
