//! `chorus bench scale`: the store at feed scale, as curves. A stream of up to a million articles
//! made from the dev data ([`crate::feed_stream`]) is ingested into a fresh store as `chorus
//! ingest` does (batches of 256, search index commits staged); at 10k, 100k and 1M articles
//! (those not past the stream's end) it prints the ingest rate since the last point, the time
//! to rewrite the briefs of the stories touched since then (each once, unless `--no-briefs`) and
//! the rate of both together, the disk per article, the memory, and the latency of the story
//! list, the list filtered by a query, search and single stories.

use crate::feed_stream::{FeedStream, Pool};
use chorus_store::{Store, StoryQuery};
use std::path::Path;
use std::time::{Duration, Instant};

/// The points of the curve.
const POINTS: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Articles per ingest batch, as `chorus ingest` commits them.
const BATCH: usize = 256;

/// Requests per endpoint and point, spread over two threads.
const REQUESTS: usize = 2_000;

/// Runs the benchmark over a stream of `articles` articles built from `data_dir`, in a store at
/// `store_dir` (a temporary directory if none), rewriting the briefs of the stories touched at
/// each point unless `no_briefs`. A store that already holds the stream (kept from an earlier
/// run with the same `articles`) is not ingested again: only its queries are timed.
pub fn bench(
    data_dir: &Path,
    articles: usize,
    store_dir: Option<&Path>,
    no_briefs: bool,
) -> anyhow::Result<()> {
    let pool = Pool::load(data_dir)?;
    let temp = tempfile::tempdir()?;
    let dir = store_dir.unwrap_or(temp.path());
    let mut stream = FeedStream::new(&pool, articles, 0);
    let (stories, largest) = stream.stories();
    println!(
        "bench scale: {} articles in {stories} stories (largest {largest}), from {}; store {}; {} cores",
        stream.len(),
        data_dir.join("multinews-dev").display(),
        dir.display(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut store = Store::open(dir)?;
    let (held, _, _) = store.reader()?.counts()?;
    if held >= stream.len() as u64 {
        // A store kept from an earlier run of the same stream: only the queries are timed.
        println!();
        println!(
            "the store already holds {held} articles: queries only; memory {} MB now, {} MB peak",
            resident_mb().unwrap_or(0),
            crate::peak_memory_mb().unwrap_or(0),
        );
        queries(&store)?;
        println!(
            "  after the queries: memory {} MB now, {} MB peak",
            resident_mb().unwrap_or(0),
            crate::peak_memory_mb().unwrap_or(0),
        );
        return Ok(());
    }
    store.stage_search_commits(true)?;
    let anonymous = crate::AnonymousPeak::start();
    let mut points: Vec<usize> = POINTS.into_iter().filter(|&p| p < stream.len()).collect();
    points.push(stream.len());
    let mut done = 0usize;
    let mut batch = Vec::with_capacity(BATCH);
    for point in points {
        let previous = done;
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let mut ingesting = Duration::ZERO;
        while done < point {
            batch.clear();
            batch.extend(stream.by_ref().take(BATCH.min(point - done)));
            if batch.is_empty() {
                break;
            }
            let t = Instant::now();
            store.ingest(&batch)?;
            ingesting += t.elapsed();
            done += batch.len();
        }
        let t = Instant::now();
        store.commit_search()?;
        ingesting += t.elapsed();
        let wall = started.elapsed();
        let cpu = cpu_seconds() - cpu_before;
        let articles = (done - previous) as f64;
        let (stored, live, _) = store.reader()?.counts()?;
        println!();
        println!(
            "at {done} articles ({stored} stored, {live} stories): ingest since the last point {:.0} articles/s \
             (store, cluster, index; {:.0}/s with the stream's generation; {:.0} per CPU second), disk {:.1} KB per article, \
             memory {} MB now, {} MB peak ({} MB peak of it anonymous, the rest files mapped from disk)",
            articles / ingesting.as_secs_f64().max(1e-9),
            articles / wall.as_secs_f64().max(1e-9),
            articles / cpu.max(1e-9),
            dir_bytes(dir) as f64 / 1024.0 / stored.max(1) as f64,
            resident_mb().unwrap_or(0),
            crate::peak_memory_mb().unwrap_or(0),
            anonymous.mb(),
        );
        if !no_briefs {
            let cpu_before = cpu_seconds();
            let t = Instant::now();
            let briefs = store.refresh_briefs(|_, _| {})?.len();
            let briefing = t.elapsed();
            let cpu = cpu_seconds() - cpu_before;
            println!(
                "  briefs of the {briefs} stories touched: {:.1} s ({:.1} ms per brief, {:.1} CPU ms per article ingested); \
                 ingest and briefs together {:.0} articles/s; memory {} MB peak",
                briefing.as_secs_f64(),
                briefing.as_secs_f64() * 1e3 / briefs.max(1) as f64,
                cpu * 1e3 / articles.max(1.0),
                articles / (ingesting + briefing).as_secs_f64().max(1e-9),
                crate::peak_memory_mb().unwrap_or(0),
            );
        }
        queries(&store)?;
    }
    Ok(())
}

/// Times the read endpoints on the store as it is.
fn queries(store: &Store) -> anyhow::Result<()> {
    let source = store.reader_source();
    let reader = source.open()?;
    let ids: Vec<u64> = reader
        .stories(&StoryQuery {
            limit: Some(200),
            ..Default::default()
        })?
        .stories
        .into_iter()
        .filter_map(|s| s.id.parse().ok())
        .collect();
    drop(reader);
    let words = [
        "police",
        "officials",
        "president",
        "court",
        "million",
        "said",
        "water",
        "election",
    ];
    type Request = fn(&chorus_store::Reader, &[u64], &str, usize) -> anyhow::Result<()>;
    let endpoints: [(&str, Request); 4] = [
        ("story list", |r, _, _, _| {
            r.stories(&StoryQuery {
                limit: Some(20),
                ..Default::default()
            })?;
            Ok(())
        }),
        ("story list filtered by q", |r, _, word, _| {
            r.stories(&StoryQuery {
                limit: Some(20),
                q: Some(word.to_owned()),
                ..Default::default()
            })?;
            Ok(())
        }),
        ("search", |r, _, word, _| {
            r.search(word, 20)?;
            Ok(())
        }),
        ("one story's brief", |r, ids, _, i| {
            if let Some(&id) = ids.get(i % ids.len().max(1)) {
                r.brief_json(id)?;
            }
            Ok(())
        }),
    ];
    for (name, request) in endpoints {
        let started = Instant::now();
        let threads: Vec<_> = (0..2)
            .map(|t| {
                let reader = source.open();
                let ids = ids.clone();
                std::thread::spawn(move || -> anyhow::Result<Vec<Duration>> {
                    let reader = reader?;
                    let mut latencies = Vec::with_capacity(REQUESTS / 2);
                    for i in 0..REQUESTS / 2 {
                        let word = words[(i + t) % words.len()];
                        let t0 = Instant::now();
                        request(&reader, &ids, word, i * 2 + t)?;
                        latencies.push(t0.elapsed());
                    }
                    Ok(latencies)
                })
            })
            .collect();
        let mut latencies = Vec::new();
        for thread in threads {
            latencies.extend(
                thread
                    .join()
                    .map_err(|_| anyhow::anyhow!("a query thread panicked"))??,
            );
        }
        let wall = started.elapsed();
        latencies.sort();
        let pct = |p: f64| {
            latencies
                .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1e3)
        };
        println!(
            "  {name:<26} {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
            latencies.len() as f64 / wall.as_secs_f64().max(1e-9),
            pct(0.5),
            pct(0.99),
            latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        );
    }
    Ok(())
}

/// Bytes of the files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// CPU time of this process so far (all threads, user and system), in seconds, where the OS
/// reports it (Linux `/proc/self/stat`, in ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at its closing parenthesis.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Resident memory of this process now in MB (`VmRSS`).
fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// The sizes at which `chorus bench story` times a refresh.
const STORY_POINTS: [usize; 4] = [10, 100, 1_000, 10_000];

/// Refreshes timed per point, each after one more article.
const STORY_REPEATS: usize = 3;

/// `chorus bench story`: one story growing to `articles` articles (made from one Multi-News
/// event of `data_dir` as in [`FeedStream::one_story`]), ingested in batches of [`BATCH`] with
/// the stale brief rewritten after each batch, as a server does. At 10, 100, 1,000 and 10,000
/// articles (those not past `articles`) it prints the time of the refresh after the last batch,
/// the median time of a refresh after one more article, the time to read the brief as served,
/// and the memory.
pub fn bench_story(
    data_dir: &Path,
    articles: usize,
    store_dir: Option<&Path>,
) -> anyhow::Result<()> {
    let pool = Pool::load(data_dir)?;
    let temp = tempfile::tempdir()?;
    let dir = store_dir.unwrap_or(temp.path());
    let total = articles + STORY_POINTS.len() * STORY_REPEATS;
    let mut stream = FeedStream::one_story(&pool, total, 0);
    println!(
        "bench story: one story of up to {articles} articles, from {}; store {}; {} cores",
        data_dir.join("multinews-dev").display(),
        dir.display(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut store = Store::open(dir)?;
    let mut points: Vec<usize> = STORY_POINTS.into_iter().filter(|&p| p < articles).collect();
    points.push(articles);
    points.dedup();
    let mut done = 0usize;
    let mut refreshing = Duration::ZERO;
    let mut refreshes = 0usize;
    let mut batch = Vec::with_capacity(BATCH);
    for point in points {
        let mut last = Duration::ZERO;
        while done < point {
            batch.clear();
            batch.extend(stream.by_ref().take(BATCH.min(point - done)));
            if batch.is_empty() {
                break;
            }
            store.ingest(&batch)?;
            done += batch.len();
            let t = Instant::now();
            store.refresh_briefs(|_, _| {})?;
            last = t.elapsed();
            refreshing += last;
            refreshes += 1;
        }
        let mut one_more = Vec::with_capacity(STORY_REPEATS);
        let mut story = 0;
        for article in stream.by_ref().take(STORY_REPEATS) {
            story = store.ingest(std::slice::from_ref(&article))?[0].story;
            let t = Instant::now();
            store.refresh_briefs(|_, _| {})?;
            one_more.push(t.elapsed());
        }
        one_more.sort();
        let reader = store.reader()?;
        let size = reader.story(story)?.map_or(0, |s| s.articles);
        let mut serving = Vec::with_capacity(20);
        let mut bytes = 0;
        for _ in 0..20 {
            let t = Instant::now();
            bytes = reader.brief_json(story)?.map_or(0, |b| b.len());
            serving.push(t.elapsed());
        }
        serving.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "at {done} articles (its story holds {size}): refresh after the last batch {:.0} ms, \
             after one more article {:.0} ms (median of {STORY_REPEATS}), all {refreshes} refreshes so far {:.1} s; \
             brief {:.0} KB read in {:.2} ms; memory {} MB now, {} MB peak",
            ms(last),
            ms(one_more[one_more.len() / 2]),
            refreshing.as_secs_f64(),
            bytes as f64 / 1024.0,
            ms(serving[serving.len() / 2]),
            resident_mb().unwrap_or(0),
            crate::peak_memory_mb().unwrap_or(0),
        );
    }
    Ok(())
}
