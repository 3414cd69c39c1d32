//! Issue 13, item 4: what one client can hold of the server. `chorus_serve::serve` on loopback
//! with small limits (1 s deadlines, 16 connections), raw sockets as the hostile clients.

use chorus_serve::{Limits, ServeConfig};
use chorus_store::Store;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const TOKEN: &str = "s3cret";

/// Serves an empty store on a free loopback port (the thread ends with the test process).
fn start(dir: &std::path::Path) -> SocketAddr {
    let store = Store::open(dir).unwrap();
    let config = ServeConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        token: Some(TOKEN.into()),
        poll_every: None,
        poller: chorus_feeds::PollerConfig::default(),
        limits: Limits {
            max_connections: 16,
            header_timeout: Duration::from_secs(1),
            body_timeout: Duration::from_secs(1),
            ..Limits::default()
        },
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime
            .block_on(chorus_serve::serve(store, config, move |addr| {
                sender.send(addr).unwrap();
            }))
            .unwrap();
    });
    receiver.recv_timeout(Duration::from_secs(30)).unwrap()
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    stream
}

/// Reads until the server closes or 15 s pass; the status line's code, if any arrived.
fn answer(stream: &mut TcpStream) -> Result<String, std::io::Error> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => return Err(e),
        }
    }
    let text = String::from_utf8_lossy(&buf);
    Ok(text.split(' ').nth(1).unwrap_or_default().to_owned())
}

/// `/healthz` over a fresh connection: its status and how long it took.
fn probe(addr: SocketAddr) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = connect(addr);
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: chorus\r\nConnection: close\r\n\r\n")
        .unwrap();
    let status = answer(&mut stream).unwrap_or_else(|e| format!("no answer: {e}"));
    (status, started.elapsed())
}

/// Clients sending their headers a byte at a time used to hold connections forever (300 of
/// them used up the file limit and `/healthz` stopped answering). Now a head must arrive within
/// the deadline, and past the cap the oldest idle connection is closed to let a new one in.
#[test]
fn slow_headers_are_cut_off_and_cannot_lock_out_healthz() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let mut slow: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut stream = connect(addr);
            stream.write_all(b"GET /healthz HTTP/1.1\r\nHo").unwrap();
            stream
        })
        .collect();
    let mut latencies = Vec::new();
    for _ in 0..10 {
        let (status, took) = probe(addr);
        assert_eq!(status, "200", "/healthz past 64 slow connections (cap 16)");
        latencies.push(took);
    }
    println!("/healthz past 64 slow connections: {latencies:?}");
    assert!(latencies.iter().all(|t| *t < Duration::from_secs(5)));
    // The server closes each slow connection (head deadline 1 s, or to make room).
    let started = Instant::now();
    for stream in &mut slow {
        let closed = answer(stream);
        assert!(closed.is_ok(), "a slow connection stayed open: {closed:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(15));
}

/// Unauthenticated bodies used to be read whole before the token was checked (30 bodies of
/// 15 MiB took the server from 60 to 512 MB). Now 401 comes from the headers alone.
#[test]
fn writes_without_the_token_are_refused_before_their_body() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let mut stream = connect(addr);
    stream
        .write_all(
            b"POST /api/articles HTTP/1.1\r\nHost: chorus\r\nContent-Type: application/json\r\n\
              Content-Length: 15728640\r\n\r\n{\"id\":",
        )
        .unwrap();
    assert_eq!(answer(&mut stream).unwrap(), "401");
}

/// A write body must arrive within its deadline; a stalled one is answered 408.
#[test]
fn a_stalled_write_body_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let addr = start(dir.path());
    let mut stream = connect(addr);
    let started = Instant::now();
    stream
        .write_all(
            format!(
                "POST /api/articles HTTP/1.1\r\nHost: chorus\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"id\":"
            )
            .as_bytes(),
        )
        .unwrap();
    assert_eq!(answer(&mut stream).unwrap(), "408");
    assert!(started.elapsed() < Duration::from_secs(10));
}
