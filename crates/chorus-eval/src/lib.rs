//! Evaluations against the public development sets in `../shared/data`.
//!
//! Each evaluation prints its settings and scores and reports whether the floors were met.

pub mod analysis;
pub mod brief;
pub mod clustering;
pub mod extraction;
pub mod feed_stream;
pub mod scale;
pub mod service;
pub mod summarization;
pub mod synthetic;

/// Peak resident memory of this process in MB (`VmHWM`), where the OS reports it.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
