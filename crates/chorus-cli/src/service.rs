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
    defer_briefs: bool,
) -> anyhow::Result<bool> {
    let report = report.unwrap_or(if std::io::stdout().is_terminal() {
        IngestReport::None
    } else {
        IngestReport::Jsonl
    });
    let started = Instant::now();
    let new_store = !data.exists();
    let mut store = Store::open(data)?;
    // The search index is committed in stages, and once more when the articles are in.
    store.stage_search_commits(true)?;
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
                    all_ok &= e.is_skipped();
                    bar.suspend(|| eprintln!("chorus: {}", crate::input_error_line(&e)));
                }
            }
            Ok(())
        },
    )?;
    commit(&mut store, &mut batch)?;
    store.commit_search()?;
    bar.finish_and_clear();
    if tally.new + tally.revised + tally.unchanged == 0 {
        return Err(crate::no_articles(paths));
    }

    let stale = store.stale_stories()?.len() as u64;
    let refreshed = if defer_briefs {
        Vec::new()
    } else {
        let bar = progress("writing briefs", Some(stale));
        let refreshed = store.refresh_briefs(|done, _| bar.set_position(done as u64))?;
        bar.finish_and_clear();
        refreshed
    };
    store.checkpoint()?;
    let (articles, stories, _) = store.reader()?.counts()?;
    eprintln!(
        "chorus: ingested {} into {}{} in {:.1} s: {} new, {} revised, {} unchanged; {} rewritten; the store holds {} in {}",
        crate::count((tally.new + tally.revised + tally.unchanged) as u64, "article"),
        if new_store { "a new store in " } else { "" },
        data.display(),
        started.elapsed().as_secs_f64(),
        tally.new,
        tally.revised,
        tally.unchanged,
        crate::count(refreshed.len() as u64, "brief"),
        crate::count(articles, "article"),
        crate::count(stories, "story"),
    );
    if defer_briefs && stale > 0 {
        eprintln!(
            "chorus: the briefs of {} are left to write: `chorus serve --data {}` writes them in the background, or the next `chorus ingest` does",
            crate::count(stale, "changed story"),
            data.display()
        );
    }
    Ok(all_ok)
}

/// `chorus serve`'s settings besides the store and the address.
pub struct ServeOptions {
    /// Seconds between looks for feeds due a poll (0: off).
    pub poll_every: u64,
    /// Whether feeds may reach internal addresses.
    pub allow_private_addresses: bool,
    /// Whether a missing store directory is created (else refused).
    pub create: bool,
}

/// Runs `chorus serve` until Ctrl-C.
pub fn serve(
    data: &Path,
    addr: SocketAddr,
    token: Option<String>,
    options: ServeOptions,
) -> anyhow::Result<bool> {
    let poll_every = options.poll_every;
    let config = chorus_serve::ServeConfig {
        addr,
        token,
        poll_every: (poll_every > 0).then(|| std::time::Duration::from_secs(poll_every)),
        poller: poller_config(options.allow_private_addresses),
        limits: chorus_serve::Limits::default(),
    };
    // Refuse an exposed address before touching the store.
    chorus_serve::check_exposure(&config)?;
    // A mistyped --data would otherwise be served as a new, empty store without a word.
    let new_store = !data.exists();
    if new_store && !options.create {
        anyhow::bail!(
            "{}: no such store directory; `chorus ingest PATH... --data {0}` fills a new store, `chorus serve --create --data {0}` serves a new, empty one",
            data.display()
        );
    }
    let store = Store::open(data)?;
    if new_store {
        eprintln!("chorus: created a new, empty store in {}", data.display());
    }
    if store.is_read_only() {
        eprintln!(
            "chorus: the disk holding {} is full: serving it read-only; writes are refused until space is freed and the server restarted",
            data.display()
        );
    } else {
        // Briefs left stale (by an interrupted or deferred ingest) are written in the
        // background while serving, largest story first; a story asked for before its turn
        // has its brief written then.
        let stale = store.stale_stories()?.len() as u64;
        if stale > 0 {
            eprintln!(
                "chorus: writing the briefs of {} in the background while serving",
                crate::count(stale, "changed story")
            );
        }
    }
    let (articles, stories, _) = store.reader()?.counts()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let data = data.to_path_buf();
    runtime
        .block_on(chorus_serve::serve(store, config, move |bound| {
            println!(
                "Chorus is serving {} ({}, {}) at http://{bound}/ — press Ctrl-C to stop.",
                data.display(),
                crate::count(articles, "article"),
                crate::count(stories, "story"),
            );
            let _ = std::io::stdout().flush();
        }))
        .map_err(|e| match e {
            chorus_serve::ServeError::Bind { addr, source }
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                anyhow::anyhow!(
                    "cannot listen on {addr}: {source}; another program (another `chorus serve`?) is using that port: stop it, or choose another address with --addr, e.g. --addr {}",
                    SocketAddr::new(addr.ip(), addr.port().checked_add(1).unwrap_or(0))
                )
            }
            e => e.into(),
        })?;
    Ok(true)
}

/// Structured logs on stderr, filtered by `CHORUS_LOG` (else `default`, e.g. `info`), as JSON
/// when `CHORUS_LOG_FORMAT=json`; coloured only when stderr is a terminal.
pub fn init_logging(default: &str) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHORUS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if std::env::var("CHORUS_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// What `chorus feeds` does.
#[derive(clap::Subcommand)]
pub enum FeedsCommand {
    /// Adds a feed (http or https), due for polling at once.
    Add {
        /// The feed's URL.
        url: String,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
    },
    /// Adds every feed of an OPML file (nested outlines too).
    Import {
        /// The OPML file.
        file: PathBuf,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
    },
    /// Lists the feeds with their last success, last error and next poll.
    List {
        /// The store directory.
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
    },
}

/// Runs `chorus feeds …`.
pub fn feeds(command: FeedsCommand) -> anyhow::Result<bool> {
    match command {
        FeedsCommand::Add { url, data } => {
            let url = chorus_feeds::validate_feed_url(&url)?;
            let mut store = Store::open(&data)?;
            if store.add_feed(&url, None)? {
                println!("added {url}");
            } else {
                println!("{url} was already there");
            }
            Ok(true)
        }
        FeedsCommand::Import { file, data } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", file.display()))?;
            let outlines = chorus_feeds::read_opml(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut store = Store::open(&data)?;
            let import = chorus_feeds::import_outlines(&mut store, &outlines)?;
            for refused in &import.refused {
                eprintln!("chorus: {}: {refused}", file.display());
            }
            println!(
                "{}: {} feeds added, {} already there, {} refused",
                file.display(),
                import.added.len(),
                import.existing.len(),
                import.refused.len()
            );
            Ok(import.refused.is_empty())
        }
        FeedsCommand::List { data } => {
            let store = Store::open(&data)?;
            let feeds = store.feeds()?;
            if feeds.is_empty() {
                println!("no feeds; add one with `chorus feeds add URL`");
            }
            for feed in feeds {
                println!("{}", feed.url);
                if let Some(title) = &feed.title {
                    println!("  title:        {title}");
                }
                println!(
                    "  last success: {}",
                    feed.last_success.as_deref().unwrap_or("never")
                );
                match (&feed.last_error, &feed.last_error_at) {
                    (Some(error), Some(at)) => println!(
                        "  last error:   {at}: {error} ({} failure{} in a row)",
                        feed.failures,
                        if feed.failures == 1 { "" } else { "s" }
                    ),
                    _ => println!("  last error:   none"),
                }
                println!("  next poll:    {}", feed.next_poll);
            }
            Ok(true)
        }
    }
}

/// Runs `chorus poll`: polls every due feed once, ingests what they bring, rewrites the briefs
/// that changed. Returns false when a feed failed.
pub fn poll(data: &Path, allow_private_addresses: bool) -> anyhow::Result<bool> {
    let mut store = Store::open(data)?;
    let poller = chorus_feeds::Poller::new(poller_config(allow_private_addresses));
    let summary = chorus_feeds::poll_due(&mut store, &poller, &chorus_feeds::now())?;
    for (url, error) in &summary.errors {
        eprintln!("chorus: {url}: {error}");
    }
    let refreshed = store.refresh_briefs(|_, _| {})?;
    eprintln!(
        "chorus: polled {} ({} failed, {} not modified): {}, {} revised, {} unchanged; {} rewritten",
        crate::count(summary.feeds_polled as u64, "feed"),
        summary.feeds_failed,
        summary.not_modified,
        crate::count(summary.new as u64, "new article"),
        summary.revised,
        summary.unchanged,
        crate::count(refreshed.len() as u64, "brief")
    );
    Ok(summary.feeds_failed == 0)
}

/// The feed poller's settings: the defaults, with internal addresses allowed only when asked.
fn poller_config(allow_private_addresses: bool) -> chorus_feeds::PollerConfig {
    chorus_feeds::PollerConfig {
        allow_private_addresses,
        ..chorus_feeds::PollerConfig::default()
    }
}
