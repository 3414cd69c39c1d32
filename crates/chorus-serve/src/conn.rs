//! Accepting connections: a cap below the process's file limit, a deadline for request headers
//! (which also bounds how long a kept-alive connection may sit idle), and, when the cap is
//! reached, the idle connection that has waited longest is closed to make room.
//!
//! Our own accept loop over hyper rather than `axum::serve`, because `axum::serve` sets no
//! header read timeout and no connection cap: a few hundred clients sending their headers one
//! byte at a time held connections open indefinitely, used up the file limit, and `/healthz`
//! stopped answering. Closing the oldest idle connection (one with no request in progress)
//! instead of refusing new ones means such clients cannot lock anyone else out: a new client
//! always gets in while some connection is merely waiting.

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;

/// Files kept free for the store (SQLite connections, index segments) and the logs, below the
/// process's limit, when the connection cap is derived from it.
const RESERVED_FILES: u64 = 256;

/// Largest request head (request line and headers) a connection may buffer.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// How long connections may take to finish once the server is asked to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The most connections to hold open at once: `wanted`, lowered to stay below the process's
/// open-file limit (minus what the store needs), and at least 8.
pub(crate) fn connection_cap(wanted: usize) -> usize {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile)
        .current
        .unwrap_or(u64::MAX);
    let room = limit.saturating_sub(RESERVED_FILES);
    wanted
        .min(usize::try_from(room).unwrap_or(usize::MAX))
        .max(8)
}

/// One open connection, as the accept loop sees it.
struct Tracked {
    accepted: Instant,
    /// Requests being handled now; a connection with none is idle and may be closed.
    busy: AtomicUsize,
    /// Whether it has sent a whole request yet.
    served: AtomicBool,
    /// Set when chosen to be closed, so it is not chosen twice.
    closing: AtomicBool,
    close: Notify,
}

/// Marks a connection busy while a request is handled.
struct Busy(Arc<Tracked>);

impl Busy {
    fn new(tracked: Arc<Tracked>) -> Busy {
        tracked.busy.fetch_add(1, Ordering::SeqCst);
        tracked.served.store(true, Ordering::SeqCst);
        Busy(tracked)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The open connections.
#[derive(Default)]
struct Registry {
    next: AtomicUsize,
    open: Mutex<HashMap<usize, Arc<Tracked>>>,
}

impl Registry {
    fn insert(&self) -> (usize, Arc<Tracked>) {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let tracked = Arc::new(Tracked {
            accepted: Instant::now(),
            busy: AtomicUsize::new(0),
            served: AtomicBool::new(false),
            closing: AtomicBool::new(false),
            close: Notify::new(),
        });
        if let Ok(mut open) = self.open.lock() {
            open.insert(id, tracked.clone());
        }
        (id, tracked)
    }

    fn remove(&self, id: usize) {
        if let Ok(mut open) = self.open.lock() {
            open.remove(&id);
        }
    }

    /// Asks the idle connection that should go first to close: one that never sent a whole
    /// request before one that did, the oldest first. Returns whether there was one.
    fn close_one_idle(&self) -> bool {
        let Ok(open) = self.open.lock() else {
            return false;
        };
        let victim = open
            .values()
            .filter(|t| t.busy.load(Ordering::SeqCst) == 0 && !t.closing.load(Ordering::SeqCst))
            .min_by_key(|t| (t.served.load(Ordering::SeqCst), t.accepted));
        match victim {
            Some(victim) => {
                victim.closing.store(true, Ordering::SeqCst);
                victim.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A slot for the connection just accepted: free, or made free by closing an idle connection;
/// when every connection is busy, waits (later connections wait in the listen backlog).
async fn make_room(slots: &Arc<Semaphore>, registry: &Registry) -> OwnedSemaphorePermit {
    loop {
        if let Ok(permit) = slots.clone().try_acquire_owned() {
            return permit;
        }
        registry.close_one_idle();
        let wait = tokio::time::timeout(Duration::from_millis(50), slots.clone().acquire_owned());
        if let Ok(Ok(permit)) = wait.await {
            return permit;
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes: at most `max_connections` at once,
/// request heads within `header_timeout` (idle kept-alive connections close after it too).
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    max_connections: usize,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(max_connections));
    let registry = Arc::new(Registry::default());
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .keep_alive(true)
        .max_buf_size(MAX_HEAD_BYTES);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of files or a connection reset before it was accepted: pause, go on.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let permit = tokio::select! {
            permit = make_room(&slots, &registry) => permit,
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let (id, tracked) = registry.insert();
        let app = app.clone();
        let in_service = tracked.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let busy = Busy::new(in_service.clone());
            let app = app.clone();
            async move {
                let response = app.oneshot(request).await;
                drop(busy);
                response
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        let registry = registry.clone();
        tokio::spawn(async move {
            tokio::select! {
                result = connection => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended");
                    }
                }
                () = tracked.close.notified() => {
                    tracing::debug!("closed an idle connection to make room");
                }
            }
            registry.remove(id);
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown grace period");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_file_limit() {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .unwrap_or(u64::MAX);
        let cap = connection_cap(1_000_000) as u64;
        assert!(cap >= 8);
        assert!(cap < limit || limit < RESERVED_FILES + 8);
        assert_eq!(connection_cap(10), 10.min(cap as usize));
    }

    #[test]
    fn the_oldest_idle_connection_that_never_finished_a_request_goes_first() {
        let registry = Registry::default();
        let (_, served) = registry.insert();
        served.served.store(true, Ordering::SeqCst);
        let (_, slow) = registry.insert();
        let (_, busy) = registry.insert();
        let _busy = Busy::new(busy.clone());
        assert!(registry.close_one_idle());
        assert!(slow.closing.load(Ordering::SeqCst));
        assert!(registry.close_one_idle());
        assert!(served.closing.load(Ordering::SeqCst));
        assert!(
            !registry.close_one_idle(),
            "a busy connection is never closed"
        );
        assert!(!busy.closing.load(Ordering::SeqCst));
    }
}
