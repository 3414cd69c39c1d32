//! The service commands: `ingest` into the embedded store and `serve` it.

use chorus_store::{IngestStatus, Ingested, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Articles committed per transaction: each is reported done once its batch commits.
const INGEST_BATCH: usize = 256;

/// The default store directory.
pub const DEFAULT_DATA: &str = "chorus-data";

/// How `chorus ingest` reports each article.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum IngestReport {
    /// One `{"id","story","revision","status"}` line per article, once it is committed.
    Jsonl,
    /// Only the summary on stderr.
    None,
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
fn progress(message: &'static str, total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let template = if total.is_some() {
        "{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)"
    } else {
        "{spinner} {msg}: {pos} articles ({per_sec})"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

/// Counts of what an ingest did.
#[derive(Default)]
struct Tally {
    new: usize,
    revised: usize,
    unchanged: usize,
}

impl Tally {
    fn add(&mut self, done: &[Ingested]) {
        for d in done {
            match d.status {
                IngestStatus::New => self.new += 1,
                IngestStatus::Revised => self.revised += 1,
                IngestStatus::Unchanged => self.unchanged += 1,
            }
        }
    }
}

/// Runs `chorus ingest`; returns whether every input succeeded.
pub fn ingest(
    paths: &[PathBuf],
    data: &Path,
    report: Option<IngestReport>,
) -> anyhow::Result<bool> {
    let report = report.unwrap_or(if std::io::stdout().is_terminal() {
        IngestReport::None
    } else {
        IngestReport::Jsonl
    });
    let started = Instant::now();
    let mut store = Store::open(data)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let bar = progress("ingesting", None);
    let mut tally = Tally::default();
    let mut all_ok = true;
    let mut batch = Vec::with_capacity(INGEST_BATCH);
    let mut commit =
        |store: &mut Store, batch: &mut Vec<chorus_core::Article>| -> anyhow::Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let done = store.ingest(batch)?;
            tally.add(&done);
            if let IngestReport::Jsonl = report {
                for d in &done {
                    serde_json::to_writer(&mut out, d)?;
                    out.write_all(b"\n")?;
                }
                out.flush()?;
            }
            bar.inc(batch.len() as u64);
            batch.clear();
            Ok(())
        };
    chorus::extract::extract(
        paths,
        &chorus_ingest::Limits::default(),
        |item| -> anyhow::Result<()> {
            match item {
                Ok(article) => {
                    batch.push(article);
                    if batch.len() >= INGEST_BATCH {
                        commit(&mut store, &mut batch)?;
                    }
                }
                Err(e) => {
                    all_ok = false;
                    bar.suspend(|| eprintln!("chorus: {e}"));
                }
            }
            Ok(())
        },
    )?;
    commit(&mut store, &mut batch)?;
    bar.finish_and_clear();

    let stale = store.stale_stories()?.len() as u64;
    let bar = progress("writing briefs", Some(stale));
    let refreshed = store.refresh_briefs(|done, _| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    store.checkpoint()?;
    let (articles, stories, _) = store.reader()?.counts()?;
    eprintln!(
        "chorus: ingested {} articles into {} in {:.1} s: {} new, {} revised, {} unchanged; {} briefs rewritten; the store holds {} articles in {} stories",
        tally.new + tally.revised + tally.unchanged,
        data.display(),
        started.elapsed().as_secs_f64(),
        tally.new,
        tally.revised,
        tally.unchanged,
        refreshed.len(),
        articles,
        stories,
    );
    Ok(all_ok)
}

/// Runs `chorus serve` until Ctrl-C.
pub fn serve(data: &Path, addr: SocketAddr, token: Option<String>) -> anyhow::Result<bool> {
    let config = chorus_serve::ServeConfig { addr, token };
    // Refuse an exposed address before touching the store.
    chorus_serve::check_exposure(&config)?;
    let mut store = Store::open(data)?;
    // Briefs left stale by an interrupted ingest are written before serving.
    let stale = store.stale_stories()?.len() as u64;
    if stale > 0 {
        let bar = progress("writing briefs", Some(stale));
        store.refresh_briefs(|done, _| bar.set_position(done as u64))?;
        bar.finish_and_clear();
    }
    let (articles, stories, _) = store.reader()?.counts()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let data = data.to_path_buf();
    runtime.block_on(chorus_serve::serve(store, config, move |bound| {
        println!(
            "Chorus is serving {} ({articles} articles, {stories} stories) at http://{bound}/ — press Ctrl-C to stop.",
            data.display()
        );
        let _ = std::io::stdout().flush();
    }))?;
    Ok(true)
}
