//! `chorus bench serve`: the store and the server under load.
//!
//! Builds a store of synthetic stories (ingest and brief throughput, peak memory), serves it on
//! loopback, then runs a bounded load test: several client threads requesting the story list and
//! single stories for a fixed time, each request timed; prints requests per second and latency
//! percentiles per endpoint.

use crate::synthetic;
use chorus_store::{Store, StoryQuery};
use std::time::{Duration, Instant};

/// Builds the path of the `n`th request from the story ids.
type PathOf = fn(&[String], usize) -> String;

/// Articles per synthetic event.
const PER_EVENT: usize = 2;

/// Runs the benchmark with `stories` stories in the store, `seconds` of load per endpoint and
/// `connections` concurrent clients.
pub fn bench(stories: usize, seconds: u64, connections: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    println!(
        "bench serve: store of about {stories} stories in {}, {connections} clients, {seconds} s per endpoint",
        dir.path().display()
    );
    let mut store = Store::open(dir.path())?;

    // Ingest synthetic events until the store holds enough stories (a few passes at most:
    // some events join others' stories).
    let mut ingested = 0usize;
    let mut ingest_time = Duration::ZERO;
    for seed in 0..5 {
        let live = store.reader()?.counts()?.1 as usize;
        if live >= stories {
            break;
        }
        let events = (stories - live) * 11 / 10 + 10;
        let articles = synthetic::stream(events, PER_EVENT, seed);
        let started = Instant::now();
        for batch in articles.chunks(256) {
            store.ingest(batch)?;
        }
        ingest_time += started.elapsed();
        ingested += articles.len();
    }
    let started = Instant::now();
    let briefs = store.refresh_briefs(|_, _| {})?.len();
    let brief_time = started.elapsed();
    store.checkpoint()?;
    let (articles, live, _) = store.reader()?.counts()?;
    println!(
        "store: ingested {ingested} articles in {:.1} s ({:.0} articles/s); wrote {briefs} briefs in {:.1} s ({:.0} briefs/s); {articles} articles in {live} stories; peak memory {} MB",
        ingest_time.as_secs_f64(),
        ingested as f64 / ingest_time.as_secs_f64(),
        brief_time.as_secs_f64(),
        briefs as f64 / brief_time.as_secs_f64(),
        crate::peak_memory_mb().unwrap_or(0)
    );

    // Incremental: 1,000 more articles rewrite only the briefs of the stories they touch.
    let more = synthetic::stream(500, PER_EVENT, 1_000_000);
    let started = Instant::now();
    let mut touched = std::collections::BTreeSet::new();
    for batch in more.chunks(256) {
        touched.extend(store.ingest(batch)?.into_iter().map(|d| d.story));
    }
    let rewritten = store.refresh_briefs(|_, _| {})?.len();
    println!(
        "incremental: {} more articles into {} stories touched {} stories; {rewritten} briefs rewritten, {:.2} s in all",
        more.len(),
        live,
        touched.len(),
        started.elapsed().as_secs_f64()
    );

    // Every live story id, to request at random.
    let reader = store.reader()?;
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let page = reader.stories(&StoryQuery {
            limit: Some(200),
            cursor,
            ..Default::default()
        })?;
        ids.extend(page.stories.into_iter().map(|s| s.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    drop(reader);

    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let state = chorus_serve::AppState::new(store, None);
    std::thread::spawn(move || -> anyhow::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, chorus_serve::router(state)).await
        })?;
        Ok(())
    });

    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms"
    );
    let endpoints: [(&str, PathOf); 4] = [
        ("GET /api/stories?limit=20", |_, _| {
            "/api/stories?limit=20".to_owned()
        }),
        ("GET /api/stories?limit=20&q=…", |_, i| {
            format!(
                "/api/stories?limit=20&q={}",
                ["flood", "officials", "strike", "residents"][i % 4]
            )
        }),
        ("GET /api/stories/{id}", |ids, i| {
            format!("/api/stories/{}", ids[i % ids.len()])
        }),
        ("GET /stories/{id} (web page)", |ids, i| {
            format!("/stories/{}", ids[i % ids.len()])
        }),
    ];
    for (name, path_of) in endpoints {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let workers: Vec<_> = (0..connections)
            .map(|c| {
                let ids = ids.clone();
                std::thread::spawn(move || -> anyhow::Result<Vec<Duration>> {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .timeout_global(Some(Duration::from_secs(30)))
                        .build()
                        .into();
                    let mut rng = synthetic::Rng::new(c as u64);
                    let mut latencies = Vec::new();
                    while Instant::now() < deadline {
                        let path = path_of(&ids, rng.below(usize::MAX));
                        let started = Instant::now();
                        let mut response = agent.get(format!("http://{addr}{path}")).call()?;
                        response.body_mut().read_to_vec()?;
                        latencies.push(started.elapsed());
                    }
                    Ok(latencies)
                })
            })
            .collect();
        let mut latencies = Vec::new();
        for worker in workers {
            latencies.extend(
                worker
                    .join()
                    .map_err(|_| anyhow::anyhow!("a load client panicked"))??,
            );
        }
        latencies.sort();
        let pct = |p: f64| {
            latencies
                .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1e3)
        };
        println!(
            "{:<34} {:>9} {:>9.0} {:>9.2} {:>9.2} {:>9.2}",
            name,
            latencies.len(),
            latencies.len() as f64 / seconds as f64,
            pct(0.50),
            pct(0.99),
            latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
        );
    }
    println!(
        "peak memory (store, server and clients in one process): {} MB",
        crate::peak_memory_mb().unwrap_or(0)
    );
    Ok(())
}
