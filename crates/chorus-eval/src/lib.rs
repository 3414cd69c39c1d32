//! Evaluations against the public development sets in `../shared/data`.
//!
//! Each evaluation prints its settings and scores and reports whether the floors were met.

pub mod extraction;
