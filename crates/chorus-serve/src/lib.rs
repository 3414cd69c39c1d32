//! The HTTP face of a Chorus store: a JSON API described by `/openapi.json`, server-sent events
//! when stories change, and a web app rendered on the server.
//!
//! Reads run on blocking threads, each with a [`Reader`] from a bounded pool, opened without
//! the writer's lock so that no read (nor `/healthz`) ever waits for a write, and each within a
//! time budget; writes (`POST /api/articles`) go through the one [`Store`] behind a mutex, then
//! the briefs they touched are rewritten and an event goes out for each story that changed.
//! Connections are capped and their request heads and bodies have deadlines (see `conn`).
//! Every response carries a Content-Security-Policy that allows only the server's own script and
//! style; every article text is escaped.

mod api;
mod conn;
mod web;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use chorus_store::{Reader, ReaderSource, Store};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, Semaphore};

pub use api::{parse_articles, ApiError};
pub use chorus_ingest::posted::MAX_BATCH;

/// Largest request body accepted (a JSON Lines batch of articles).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Longest query string accepted.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Longest path accepted.
pub const MAX_PATH_BYTES: usize = 2048;

/// Connections held open at once by default (lowered below the process's file limit).
pub const MAX_CONNECTIONS: usize = 512;

/// Time a client has to send a request's line and headers; a kept-alive connection with no
/// new request for this long is closed too.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Time a client has to send a whole request body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// Time a read (a search, a page, a brief) may take before the request is answered 503.
pub const READ_BUDGET: Duration = Duration::from_secs(10);

/// Reads running at once; later ones wait their turn (within their budget).
pub const MAX_CONCURRENT_READS: usize = 16;

/// Write bodies being received at once, so that large bodies cannot add up in memory.
pub const MAX_CONCURRENT_UPLOADS: usize = 4;

/// Health checks reading at once, outside the turns of other reads (so readers stay bounded).
const MAX_CONCURRENT_HEALTH_CHECKS: usize = 4;

/// The Content-Security-Policy of every response: nothing but the server's own assets.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Token required by writes (`Authorization: Bearer <token>`), if any.
    pub token: Option<String>,
    /// How often to look for feeds due a poll; `None` turns polling off.
    pub poll_every: Option<std::time::Duration>,
    /// How feeds are polled (timeouts, limits, whether internal addresses may be fetched).
    pub poller: chorus_feeds::PollerConfig,
    /// Connection and request bounds.
    pub limits: Limits,
}

/// What one client may hold of the server: connections, time to send a request, time a read
/// may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most connections open at once (kept below the process's file limit); default
    /// [`MAX_CONNECTIONS`].
    pub max_connections: usize,
    /// Time to send a request's line and headers, and most time a kept-alive connection may sit
    /// idle; default [`HEADER_TIMEOUT`].
    pub header_timeout: Duration,
    /// Time to send a whole write body; default [`BODY_TIMEOUT`].
    pub body_timeout: Duration,
    /// Time a read may take before it is answered 503; default [`READ_BUDGET`].
    pub read_budget: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: MAX_CONNECTIONS,
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            read_budget: READ_BUDGET,
        }
    }
}

/// Why the server would not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A non-loopback address without a token would let anyone on the network write.
    #[error("refusing to serve on {0} without a token: anyone who can reach it could add articles; set --token or CHORUS_TOKEN, or listen on 127.0.0.1")]
    OpenWithoutToken(SocketAddr),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] chorus_store::StoreError),
    /// Serving failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// A story was created or changed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoryEvent {
    /// `created` or `updated`.
    pub kind: &'static str,
    /// The story.
    pub story: String,
    /// Its title now.
    pub title: String,
    /// Its articles now.
    pub articles: u32,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Mutex<Store>,
    /// Opens readers without `store`'s lock.
    source: ReaderSource,
    /// Idle readers, at most [`MAX_CONCURRENT_READS`] + 1 (and at most that plus
    /// [`MAX_CONCURRENT_HEALTH_CHECKS`] open at once).
    readers: Mutex<Vec<Reader>>,
    /// Turns of [`AppState::read`].
    reads: Arc<Semaphore>,
    /// Turns of [`AppState::read_now`].
    health_checks: Arc<Semaphore>,
    /// Turns of receiving a write body.
    uploads: Arc<Semaphore>,
    events: broadcast::Sender<StoryEvent>,
    token: Option<String>,
    limits: Limits,
}

impl AppState {
    /// State over an open store, with the default [`Limits`].
    pub fn new(store: Store, token: Option<String>) -> AppState {
        AppState::with_limits(store, token, Limits::default())
    }

    /// State over an open store, with the given limits.
    pub fn with_limits(store: Store, token: Option<String>, limits: Limits) -> AppState {
        let (events, _) = broadcast::channel(1024);
        AppState {
            inner: Arc::new(Inner {
                source: store.reader_source(),
                store: Mutex::new(store),
                readers: Mutex::new(Vec::new()),
                reads: Arc::new(Semaphore::new(MAX_CONCURRENT_READS)),
                health_checks: Arc::new(Semaphore::new(MAX_CONCURRENT_HEALTH_CHECKS)),
                uploads: Arc::new(Semaphore::new(MAX_CONCURRENT_UPLOADS)),
                events,
                token: token.filter(|t| !t.is_empty()),
                limits,
            }),
        }
    }

    /// Runs `f` with a reader on a blocking thread, one of at most [`MAX_CONCURRENT_READS`],
    /// answering 503 when it takes longer than the read budget (waiting for a turn included).
    /// Never waits for the writer.
    pub(crate) async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Reader) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let budget = self.inner.limits.read_budget;
        let state = self.clone();
        let work = async move {
            let turn = state
                .inner
                .reads
                .clone()
                .acquire_owned()
                .await
                .map_err(|e| ApiError::internal(e.to_string()))?;
            tokio::task::spawn_blocking(move || {
                // The turn ends when the work does, even if nobody waits for it any more.
                let _turn = turn;
                state.with_reader(f)
            })
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?
        };
        tokio::time::timeout(budget, work)
            .await
            .unwrap_or_else(|_| {
                Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "the request took longer than {} ms; try a narrower query",
                        budget.as_millis()
                    ),
                ))
            })
    }

    /// Runs `f` with a reader outside the turns of [`read`](Self::read), one of a few at once
    /// (for `/healthz`, which must answer however busy the other readers are).
    pub(crate) async fn read_now<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Reader) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let turn = self
            .inner
            .health_checks
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            state.with_reader(f)
        })
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
    }

    /// Runs `f` with a reader on a blocking thread, without a turn or a budget: for the one
    /// feed poller, whose fetches take as long as the feeds do.
    async fn read_in_background<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Reader) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.with_reader(f))
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?
    }

    /// Runs `f` with a pooled reader, or a new one opened without the store's lock.
    fn with_reader<T>(
        &self,
        f: impl FnOnce(&Reader) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let pooled = self
            .inner
            .readers
            .lock()
            .map_err(|_| ApiError::internal("reader pool poisoned"))?
            .pop();
        let reader = match pooled {
            Some(reader) => reader,
            None => self
                .inner
                .source
                .open()
                .map_err(|e| ApiError::internal(e.to_string()))?,
        };
        let result = f(&reader);
        if let Ok(mut pool) = self.inner.readers.lock() {
            if pool.len() <= MAX_CONCURRENT_READS {
                pool.push(reader);
            }
        }
        result
    }

    /// Time a client has to send a write body.
    pub(crate) fn body_timeout(&self) -> Duration {
        self.inner.limits.body_timeout
    }

    /// Waits for a turn to receive a write body (see [`MAX_CONCURRENT_UPLOADS`]).
    pub(crate) async fn upload_turn(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.inner
            .uploads
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ApiError::internal(e.to_string()))
    }

    /// Runs `f` with the store on a blocking thread, then announces the stories it reports
    /// changed.
    pub(crate) async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<(T, Vec<StoryEvent>), ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state
                .inner
                .store
                .lock()
                .map_err(|_| ApiError::internal("store lock poisoned"))?;
            let (value, events) = f(&mut store)?;
            for event in events {
                // No subscriber is not an error.
                let _ = state.inner.events.send(event);
            }
            Ok(value)
        })
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
    }

    /// Subscribes to story events.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<StoryEvent> {
        self.inner.events.subscribe()
    }

    /// Whether a request's `Authorization` header carries the write token (always true when no
    /// token is set).
    pub(crate) fn authorized(&self, authorization: Option<&HeaderValue>) -> bool {
        match &self.inner.token {
            None => true,
            Some(token) => authorization
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .is_some_and(|given| constant_time_eq(given.as_bytes(), token.as_bytes())),
        }
    }
}

/// Compares secrets without an early exit that would leak how much matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The whole application: API, events, OpenAPI document and web app.
pub fn router(state: AppState) -> Router {
    api::routes(state.clone())
        .merge(web::routes())
        .layer(axum::middleware::from_fn(guard))
        .with_state(state)
}

/// Bounds the request line and sets the security headers of every response.
async fn guard(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let too_long = if uri.query().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
        Some(format!(
            "the query string is longer than {MAX_QUERY_BYTES} bytes"
        ))
    } else if uri.path().len() > MAX_PATH_BYTES {
        Some(format!("the path is longer than {MAX_PATH_BYTES} bytes"))
    } else {
        None
    };
    let mut response = match too_long {
        Some(message) => ApiError::new(StatusCode::URI_TOO_LONG, message).into_response(),
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Polls the feeds that are due, every `every`, for as long as the server runs. The store is
/// locked only to read what is due and to ingest what a poll brought, never during a request,
/// so the API stays responsive; one poller means one request at a time per host.
async fn poll_feeds(state: AppState, poller: chorus_feeds::Poller, every: std::time::Duration) {
    let poller = Arc::new(poller);
    let mut ticker = tokio::time::interval(every);
    loop {
        ticker.tick().await;
        let due = state
            .write(|store| {
                let due = store
                    .due_feeds(&chorus_feeds::now())
                    .map_err(|e| ApiError::internal(e.to_string()))?;
                Ok((due, Vec::new()))
            })
            .await;
        let Ok(due) = due else { continue };
        for feed in due {
            let url = feed.url.clone();
            let poller = poller.clone();
            let result = state
                .read_in_background(move |reader| {
                    let stored_words = |id: &str| {
                        let record = reader.article(id).ok()??;
                        Some(chorus_feeds::word_count(&record.article.text))
                    };
                    Ok(poller.poll_with(&feed, &stored_words))
                })
                .await;
            let Ok(result) = result else { continue };
            let written = state
                .write(move |store| {
                    let (done, events) = if result.articles.is_empty() {
                        (Vec::new(), Vec::new())
                    } else {
                        api::ingest_and_announce(store, &result.articles)?
                    };
                    store
                        .record_poll(&url, &result.poll)
                        .map_err(|e| ApiError::internal(e.to_string()))?;
                    Ok((done.len(), events))
                })
                .await;
            match written {
                Ok(n) => tracing::info!(articles = n, "feed polled"),
                Err(e) => tracing::warn!(error = e.message(), "feed poll not recorded"),
            }
        }
    }
}

/// Writes the brief of a story that has none yet (its ingest deferred the briefs, and the
/// background writer has not reached it), at once; a story whose brief is up to date, or
/// that does not exist, is left alone.
pub(crate) async fn write_brief_now(state: &AppState, story: u64) -> Result<(), ApiError> {
    state
        .write(move |store| {
            store
                .refresh_briefs_of(&[story])
                .map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(((), Vec::new()))
        })
        .await
}

/// Stories whose stale briefs the background writer synthesizes at a time: few, so that the
/// store's lock is taken often and briefly, and a large story's turn comes soon.
const BACKGROUND_CHUNK: usize = 4;

/// Writes every stale brief of the store in the background, largest story first: the stories
/// to write are read once, then each few of them are planned and their briefs written under
/// the store's lock, but synthesized without it, so uploads and other writes go on meanwhile.
/// The synthesis runs on a pool of its own with half the cores (at least one), so a brief
/// asked for at once or an upload's never queues behind the backlog's work. A story that
/// changed while its brief was being written was rewritten by that change; one more pass picks
/// up what is still stale. Gives up (logged) when the store refuses a write.
pub async fn write_stale_briefs(state: AppState) {
    let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("chorus-briefs-{i}"))
        .build()
    {
        Ok(pool) => Arc::new(pool),
        Err(e) => {
            tracing::warn!(error = %e, "stale briefs not written: no threads for them");
            return;
        }
    };
    for _pass in 0..2 {
        let stale = state
            .write(|store| {
                let stale = store
                    .stale_stories()
                    .map_err(|e| ApiError::internal(e.to_string()))?;
                Ok((stale, Vec::new()))
            })
            .await;
        let stale = match stale {
            Ok(stale) if !stale.is_empty() => stale,
            Ok(_) => return,
            Err(e) => {
                tracing::warn!(error = e.message(), "stale briefs not read");
                return;
            }
        };
        tracing::info!(
            stories = stale.len(),
            "writing stale briefs in the background"
        );
        for chunk in stale.chunks(BACKGROUND_CHUNK) {
            let chunk = chunk.to_vec();
            let plan = state
                .write(move |store| {
                    let plan = store
                        .plan_briefs(&chunk)
                        .map_err(|e| ApiError::internal(e.to_string()))?;
                    Ok((plan, Vec::new()))
                })
                .await;
            let plan = match plan {
                Ok(plan) => plan,
                Err(e) => {
                    tracing::warn!(error = e.message(), "stale briefs not planned");
                    return;
                }
            };
            let pool = Arc::clone(&pool);
            let Ok(synthesized) =
                tokio::task::spawn_blocking(move || pool.install(|| plan.synthesize())).await
            else {
                tracing::warn!("writing stale briefs stopped: synthesis failed");
                return;
            };
            let written = state
                .write(move |store| {
                    let written = store
                        .write_briefs(synthesized)
                        .map_err(|e| ApiError::internal(e.to_string()))?;
                    let reader = store
                        .reader()
                        .map_err(|e| ApiError::internal(e.to_string()))?;
                    let mut events = Vec::with_capacity(written.len());
                    for story in written {
                        if let Ok(Some(item)) = reader.story(story) {
                            events.push(StoryEvent {
                                kind: "updated",
                                story: item.id,
                                title: item.title,
                                articles: item.articles,
                            });
                        }
                    }
                    Ok(((), events))
                })
                .await;
            if let Err(e) = written {
                tracing::warn!(error = e.message(), "writing stale briefs stopped");
                return;
            }
        }
    }
}

/// Refuses a non-loopback address without a token.
pub fn check_exposure(config: &ServeConfig) -> Result<(), ServeError> {
    let has_token = config.token.as_deref().is_some_and(|t| !t.is_empty());
    if !config.addr.ip().is_loopback() && !has_token {
        return Err(ServeError::OpenWithoutToken(config.addr));
    }
    Ok(())
}

/// Serves the store in `data` until Ctrl-C; `on_listening` is told the bound address (the port
/// may have been 0).
pub async fn serve(
    store: Store,
    config: ServeConfig,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    check_exposure(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    on_listening(listener.local_addr()?);
    let writable = !store.is_read_only();
    let state = AppState::with_limits(store, config.token, config.limits);
    if writable {
        tokio::spawn(write_stale_briefs(state.clone()));
    }
    if let Some(every) = config.poll_every {
        tokio::spawn(poll_feeds(
            state.clone(),
            chorus_feeds::Poller::new(config.poller),
            every,
        ));
    }
    let app = router(state);
    conn::serve(
        listener,
        app,
        conn::connection_cap(config.limits.max_connections),
        config.limits.header_timeout,
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    )
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;
    use tower::ServiceExt;

    async fn status(app: &Router, path: &str) -> StatusCode {
        let request = axum::http::Request::builder()
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        app.clone().oneshot(request).await.unwrap().status()
    }

    /// Issue 13, item 5: a read used to take the writer's lock to open a reader, so `/healthz`
    /// and every page waited (474 s once) behind one slow write.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_and_healthz_answer_while_a_write_holds_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(Store::open(dir.path()).unwrap(), None);
        let app = router(state.clone());
        let (release, held) = std::sync::mpsc::channel::<()>();
        let (started, writing) = tokio::sync::oneshot::channel();
        let write = tokio::spawn({
            let state = state.clone();
            async move {
                state
                    .write(move |_store| {
                        let _ = started.send(());
                        let _ = held.recv_timeout(Duration::from_secs(60));
                        Ok(((), Vec::new()))
                    })
                    .await
            }
        });
        writing.await.unwrap();
        for path in ["/healthz", "/api/stories", "/api/search?q=bridge", "/"] {
            let answered = tokio::time::timeout(Duration::from_secs(20), status(&app, path)).await;
            let status = answered.unwrap_or_else(|_| panic!("{path} waited for the writer"));
            assert_eq!(status, StatusCode::OK, "{path}");
        }
        release.send(()).unwrap();
        write.await.unwrap().unwrap();
    }

    /// Issue 13, item 1: a read past its budget is answered 503 without waiting for it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_read_past_its_budget_answers_503_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let limits = Limits {
            read_budget: Duration::from_millis(200),
            ..Limits::default()
        };
        let state = AppState::with_limits(Store::open(dir.path()).unwrap(), None, limits);
        let started = Instant::now();
        let slow = state
            .read(|_| {
                std::thread::sleep(Duration::from_secs(3));
                Ok(())
            })
            .await;
        assert_eq!(slow.unwrap_err().status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}
