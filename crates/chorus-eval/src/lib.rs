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

/// The highest anonymous resident memory (heap and stacks: `RssAnon`) of this process since
/// [`AnonymousPeak::start`], sampled every 20 ms by a background thread. Unlike
/// [`peak_memory_mb`] it leaves out file pages mapped from disk (a search index's segments read
/// during a merge), which the kernel drops when memory is short.
pub struct AnonymousPeak {
    peak_kb: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl AnonymousPeak {
    /// Starts sampling, for as long as the process runs.
    pub fn start() -> AnonymousPeak {
        let peak_kb = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let sampled = std::sync::Arc::clone(&peak_kb);
        std::thread::spawn(move || loop {
            if let Some(kb) = anonymous_kb() {
                sampled.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        });
        AnonymousPeak { peak_kb }
    }

    /// The peak so far in MB (the current value too, so a short run is not missed).
    pub fn mb(&self) -> u64 {
        let now = anonymous_kb().unwrap_or(0);
        let peak = self
            .peak_kb
            .fetch_max(now, std::sync::atomic::Ordering::Relaxed)
            .max(now);
        peak / 1024
    }
}

/// This process's anonymous resident memory in KB (`RssAnon`), where the OS reports it.
fn anonymous_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("RssAnon:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Peak resident memory of this process in MB (`VmHWM`), where the OS reports it.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
