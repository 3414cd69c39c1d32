//! Polling against a feed server on loopback (nothing reaches the internet). The feeds and pages
//! are made up for these tests.

use chorus_feeds::{import_outlines, poll_due, read_opml, Poller, PollerConfig};
use chorus_store::{Feed, FeedPoll, Store};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- the server

/// A request the server received.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: HashMap<String, String>,
}

/// A loopback HTTP/1.1 server: one thread per connection, one request per connection.
struct Server {
    base: String,
    shared: Arc<Shared>,
}

/// What the server's threads share.
#[derive(Default)]
struct Shared {
    origin: String,
    requests: Mutex<Vec<Request>>,
    /// Bytes written by the streaming route.
    streamed: AtomicU64,
    /// Requests to `/serial.rss` being answered, and the most at once.
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let shared = Arc::new(Shared {
            origin: base.clone(),
            ..Shared::default()
        });
        let state = shared.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = state.clone();
                thread::spawn(move || {
                    let _ = serve(stream, &state);
                });
            }
        });
        Server { base, shared }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests_to(&self, path: &str) -> Vec<Request> {
        self.shared
            .requests
            .lock()
            .expect("log")
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}

fn serve(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let request = Request { path, headers };
    shared.requests.lock().expect("log").push(request.clone());
    respond(stream, &request, shared)
}

fn send(
    mut stream: TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &str,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

/// Sends `body` gzip-encoded (`Content-Encoding: gzip`).
fn send_gzip(mut stream: TcpStream, body: &[u8]) -> std::io::Result<()> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body)?;
    let compressed = encoder.finish()?;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        compressed.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&compressed)?;
    stream.flush()
}

const ETAG: &str = "\"harbour-v1\"";
const LAST_MODIFIED: &str = "Tue, 03 Nov 2026 08:00:00 GMT";

fn respond(mut stream: TcpStream, request: &Request, shared: &Shared) -> std::io::Result<()> {
    let origin = shared.origin.as_str();
    let rss = || vec![("Content-Type", "application/rss+xml".to_owned())];
    let path = request.path.as_str();
    if let Some(n) = path.strip_prefix("/redirect/") {
        let n: u32 = n.parse().unwrap_or(0);
        let next = if n <= 1 {
            "/harbour.rss".to_owned()
        } else {
            format!("/redirect/{}", n - 1)
        };
        return send(stream, "302 Found", &[("Location", next)], "");
    }
    match path {
        "/harbour.rss" => {
            let fresh = request.headers.get("if-none-match").map(String::as_str) == Some(ETAG);
            let validators = vec![
                ("ETag", ETAG.to_owned()),
                ("Last-Modified", LAST_MODIFIED.to_owned()),
            ];
            if fresh {
                send(stream, "304 Not Modified", &validators, "")
            } else {
                let mut headers = rss();
                headers.extend(validators);
                send(stream, "200 OK", &headers, &harbour_feed(origin))
            }
        }
        "/teaser.rss" => send(stream, "200 OK", &rss(), &teaser_feed(origin)),
        "/slow-teasers.rss" => send(stream, "200 OK", &rss(), &slow_teasers_feed(origin)),
        "/no-guid.rss" => send(stream, "200 OK", &rss(), &no_guid_feed()),
        "/serial.rss" => {
            let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
            thread::sleep(Duration::from_millis(150));
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
            send(stream, "304 Not Modified", &[], "")
        }
        "/articles/ferry.html" => send(
            stream,
            "200 OK",
            &[("Content-Type", "text/html; charset=utf-8".to_owned())],
            FERRY_PAGE,
        ),
        "/to-ftp" => send(
            stream,
            "301 Moved Permanently",
            &[("Location", "ftp://127.0.0.1/harbour.rss".to_owned())],
            "",
        ),
        "/to-file" => send(
            stream,
            "302 Found",
            &[("Location", "file:///etc/passwd".to_owned())],
            "",
        ),
        "/broken" => send(
            stream,
            "500 Internal Server Error",
            &[],
            "the press is jammed",
        ),
        _ if path.starts_with("/slow-page/") => {
            // Headers at once, then the body a byte at a time: only a timeout ends it.
            stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n",
            )?;
            for _ in 0..600 {
                stream.write_all(b" ")?;
                thread::sleep(Duration::from_millis(50));
            }
            Ok(())
        }
        "/slow" => {
            thread::sleep(Duration::from_secs(3));
            send(stream, "200 OK", &rss(), &harbour_feed(origin))
        }
        "/huge" => {
            // No Content-Length: the client only learns the size by reading.
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n")?;
            stream.write_all(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>")?;
            let chunk = [b'x'; 16 * 1024];
            // At most 64 MiB, and only while the client reads.
            for _ in 0..4096 {
                stream.write_all(&chunk)?;
                shared
                    .streamed
                    .fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
            Ok(())
        }
        "/gzip.rss" => send_gzip(stream, harbour_feed(origin).as_bytes()),
        "/gzip-bomb.rss" => {
            let mut feed = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>".to_vec();
            feed.resize(32 << 20, b' ');
            send_gzip(stream, &feed)
        }
        "/announced-huge" => {
            stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\nConnection: close\r\n\r\n",
            )?;
            stream.write_all(b"<rss>")
        }
        "/page.html" => send(
            stream,
            "200 OK",
            &[("Content-Type", "text/html".to_owned())],
            "<!DOCTYPE html><html><body><p>Not a feed.</p></body></html>",
        ),
        _ => send(stream, "404 Not Found", &[], "no such thing"),
    }
}

// ---------------------------------------------------------------- made-up content

/// A feed of 50 one-line teasers whose pages answer a byte at a time.
fn slow_teasers_feed(origin: &str) -> String {
    let items: String = (0..50)
        .map(|i| {
            format!(
                "<item><title>Teaser {i}</title><link>{origin}/slow-page/{i}</link>\
                 <guid>slow-{i}</guid><description>Read the whole story {i}.</description></item>"
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Slow</title>{items}</channel></rss>"#
    )
}

fn harbour_feed(origin: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Gazette</title>
  <link>{origin}/</link>
  <description>News from a town that does not exist.</description>
  <item>
    <title>Lighthouse keepers vote to extend the winter watch</title>
    <link>{origin}/articles/lighthouse.html</link>
    <guid isPermaLink="false">gazette-2026-0412</guid>
    <pubDate>Tue, 03 Nov 2026 07:30:00 GMT</pubDate>
    <content:encoded><![CDATA[
      <p>The keepers of the Brightwater lighthouse voted on Monday to extend the winter watch by three weeks, citing a season of unusually thick fog along the northern channel.</p>
      <p>Mara Quillon, who chairs the keepers' guild, said the decision had been unanimous and that the town council would be asked to cover the extra shifts from its reserve fund.</p>
      <p>Fishing crews welcomed the vote. Several captains said the fog had forced them to turn back twice in the past month.</p>
    ]]></content:encoded>
  </item>
  <item>
    <title>Market square to close for cobblestone repairs</title>
    <link>{origin}/articles/market.html</link>
    <guid>gazette-2026-0413</guid>
    <pubDate>Tue, 03 Nov 2026 06:10:00 GMT</pubDate>
    <description><![CDATA[
      <p>The market square in Brightwater will close for two weeks from Thursday while workers replace the cobblestones that were lifted by the October storm surge.</p>
      <p>Stallholders will move to the harbour car park, the council said, and the Saturday fish auction will take place in the old rope works for the duration of the repairs.</p>
    ]]></description>
  </item>
</channel>
</rss>"#
    )
}

fn teaser_feed(origin: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Valley Courier</title>
  <item>
    <title>Ferry service resumes after engine overhaul</title>
    <link>{origin}/articles/ferry.html</link>
    <guid>courier-ferry-resumes</guid>
    <pubDate>Mon, 02 Nov 2026 18:00:00 GMT</pubDate>
    <description>The island ferry is running again. Read the full story.</description>
  </item>
</channel>
</rss>"#
    )
}

/// Entries without a guid, one with a relative link: their ids are their links.
fn no_guid_feed() -> String {
    let paragraph = "The Selm Island choir will sing at the harbour festival on Saturday, its \
        first appearance since the hall roof was repaired. Tickets are free and the organisers \
        expect a crowd of several hundred if the weather holds, with stalls selling smoked fish \
        and apple cake along the quay until late in the evening.";
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Island Notes</title>
  <item><title>Choir returns</title><link>/notes/choir</link>
    <description>{paragraph}</description></item>
  <item><title>Choir returns, again</title>
    <description>{paragraph} The choir confirmed it on Tuesday.</description></item>
</channel></rss>"#
    )
}

const FERRY_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry service resumes after engine overhaul | Valley Courier</title></head>
<body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Ferry service resumes after engine overhaul</h1>
<p>The ferry between Brightwater and Selm Island returned to service on Monday morning after a six-week overhaul of both of its engines, the island transport board said.</p>
<p>The first crossing left the harbour at seven o'clock with forty passengers and a delivery van carrying bread and post for the island's two shops. Islanders had relied on a chartered fishing boat since the end of September.</p>
<p>Edda Marrow, who runs the transport board, said the overhaul had cost less than feared because the mechanics found the damage confined to one gearbox. She thanked residents for their patience and said the winter timetable would apply from next week.</p>
<p>The board plans to inspect the vessel again in spring, before the summer crossings to the bird colonies begin, and has set aside money for a spare gearbox.</p>
</article>
<footer>Copyright Valley Courier. All rights reserved.</footer>
</body></html>"#;

// ---------------------------------------------------------------- helpers

fn config() -> PollerConfig {
    PollerConfig {
        timeout: Duration::from_millis(1500),
        max_bytes: 1 << 20,
        interval: Duration::from_secs(600),
        teaser_words: 40,
        // The test server is on loopback.
        allow_private_addresses: true,
        ..PollerConfig::default()
    }
}

fn feed(url: &str) -> Feed {
    Feed {
        url: url.to_owned(),
        title: None,
        added_at: "2026-11-01T00:00:00.000Z".into(),
        etag: None,
        last_modified: None,
        last_success: None,
        last_error: None,
        last_error_at: None,
        failures: 0,
        next_poll: "2026-11-01T00:00:00.000Z".into(),
    }
}

fn failure(result: &chorus_feeds::PollResult) -> (String, String) {
    match &result.poll {
        FeedPoll::Failure { error, next_poll } => (error.clone(), next_poll.clone()),
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// Seconds from now until an RFC 3339 time.
fn seconds_until(time: &str) -> i64 {
    let at = chrono::DateTime::parse_from_rfc3339(time).expect("RFC 3339");
    (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds()
}

// ---------------------------------------------------------------- tests

#[test]
fn conditional_get_sends_validators_and_304_is_a_success_without_articles() {
    let server = Server::start();
    let poller = Poller::new(config());
    let mut state = feed(&server.url("/harbour.rss"));

    let first = poller.poll(&state);
    let FeedPoll::Success {
        title,
        etag,
        last_modified,
        next_poll,
    } = &first.poll
    else {
        panic!("first poll failed: {:?}", first.poll);
    };
    assert_eq!(title.as_deref(), Some("Harbour Gazette"));
    assert_eq!(etag.as_deref(), Some(ETAG));
    assert_eq!(last_modified.as_deref(), Some(LAST_MODIFIED));
    assert!(
        (590..=600).contains(&seconds_until(next_poll)),
        "{next_poll}"
    );
    assert!(!first.not_modified);
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let ids: Vec<&str> = first.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["gazette-2026-0412", "gazette-2026-0413"]);
    let lighthouse = &first.articles[0];
    assert_eq!(
        lighthouse.title.as_deref(),
        Some("Lighthouse keepers vote to extend the winter watch")
    );
    assert_eq!(lighthouse.outlet.as_deref(), Some("Harbour Gazette"));
    assert_eq!(lighthouse.source_path, state.url);
    assert!(lighthouse.text.contains("Mara Quillon"));
    // Full entries are not teasers: no page was fetched.
    assert!(server.requests_to("/articles/lighthouse.html").is_empty());
    let sent = &server.requests_to("/harbour.rss")[0];
    assert!(sent
        .headers
        .get("user-agent")
        .is_some_and(|ua| ua.starts_with("Chorus/")));
    assert!(!sent.headers.contains_key("if-none-match"));

    state.etag = etag.clone();
    state.last_modified = last_modified.clone();
    let second = poller.poll(&state);
    assert!(second.not_modified);
    assert!(second.articles.is_empty());
    assert!(
        matches!(second.poll, FeedPoll::Success { .. }),
        "{:?}",
        second.poll
    );
    let sent = &server.requests_to("/harbour.rss")[1];
    assert_eq!(
        sent.headers.get("if-none-match").map(String::as_str),
        Some(ETAG)
    );
    assert_eq!(
        sent.headers.get("if-modified-since").map(String::as_str),
        Some(LAST_MODIFIED)
    );
}

#[test]
fn teaser_entries_get_their_full_article_from_the_linked_page() {
    let server = Server::start();
    let poller = Poller::new(config());
    let result = poller.poll(&feed(&server.url("/teaser.rss")));
    assert!(
        matches!(result.poll, FeedPoll::Success { .. }),
        "{:?}",
        result.poll
    );
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(result.articles.len(), 1);
    let ferry = &result.articles[0];
    assert_eq!(ferry.id, "courier-ferry-resumes");
    assert_eq!(
        ferry.url.as_deref(),
        Some(server.url("/articles/ferry.html").as_str())
    );
    assert_eq!(
        ferry.title.as_deref(),
        Some("Ferry service resumes after engine overhaul")
    );
    assert!(ferry.text.contains("Edda Marrow"), "{}", ferry.text);
    assert!(ferry.text.contains("spare gearbox"), "{}", ferry.text);
    assert!(
        !ferry.text.contains("All rights reserved"),
        "{}",
        ferry.text
    );
    assert!(
        !ferry.text.contains("Read the full story"),
        "{}",
        ferry.text
    );
    assert_eq!(server.requests_to("/articles/ferry.html").len(), 1);

    // With page fetching off, the teaser is what is kept.
    let no_pages = Poller::new(PollerConfig {
        teaser_words: 0,
        ..config()
    });
    let result = no_pages.poll(&feed(&server.url("/teaser.rss")));
    assert_eq!(result.articles.len(), 1);
    assert!(result.articles[0].text.contains("running again"));
    assert_eq!(server.requests_to("/articles/ferry.html").len(), 1);
}

#[test]
fn two_redirects_are_followed_and_six_are_refused() {
    let server = Server::start();
    let poller = Poller::new(config());
    let followed = poller.poll(&feed(&server.url("/redirect/2")));
    assert!(
        matches!(followed.poll, FeedPoll::Success { .. }),
        "{:?}",
        followed.poll
    );
    assert_eq!(followed.articles.len(), 2);

    let five = poller.poll(&feed(&server.url("/redirect/5")));
    assert!(
        matches!(five.poll, FeedPoll::Success { .. }),
        "{:?}",
        five.poll
    );

    let before = server.requests_to("/harbour.rss").len();
    let refused = poller.poll(&feed(&server.url("/redirect/6")));
    let (error, _) = failure(&refused);
    assert!(error.contains("too many redirects"), "{error}");
    assert!(refused.articles.is_empty());
    // The sixth redirect was not followed.
    assert_eq!(server.requests_to("/harbour.rss").len(), before);
}

#[test]
fn redirects_to_other_schemes_are_refused() {
    let server = Server::start();
    let poller = Poller::new(config());
    for path in ["/to-ftp", "/to-file"] {
        let result = poller.poll(&feed(&server.url(path)));
        let (error, _) = failure(&result);
        assert!(error.contains("refused redirect"), "{error}");
        assert!(error.contains("scheme is not allowed"), "{error}");
    }
}

#[test]
fn bodies_over_the_limit_are_refused_while_reading() {
    let server = Server::start();
    let poller = Poller::new(PollerConfig {
        timeout: Duration::from_secs(10),
        ..config()
    });
    let started = Instant::now();
    let result = poller.poll(&feed(&server.url("/huge")));
    let (error, _) = failure(&result);
    assert!(
        error.contains("larger than the limit of 1048576 bytes"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // The server was stopped long before its 64 MiB.
    thread::sleep(Duration::from_millis(200));
    assert!(server.shared.streamed.load(Ordering::Relaxed) < 16 << 20);

    let announced = poller.poll(&feed(&server.url("/announced-huge")));
    let (error, _) = failure(&announced);
    assert!(error.contains("larger than the limit"), "{error}");
}

#[test]
fn server_errors_back_off_doubling_per_failure() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("store");
    let url = server.url("/broken");
    store.add_feed(&url, None).expect("add");
    let poller = Poller::new(config());

    let state = store.feed(&url).expect("read").expect("feed");
    let first = poller.poll(&state);
    let (error, next_poll) = failure(&first);
    assert_eq!(error, "HTTP 500 Internal Server Error");
    // interval × 2 = 20 minutes
    assert!(
        (1190..=1200).contains(&seconds_until(&next_poll)),
        "{next_poll}"
    );
    store.record_poll(&url, &first.poll).expect("record");
    let state = store.feed(&url).expect("read").expect("feed");
    assert_eq!(state.failures, 1);
    assert_eq!(
        state.last_error.as_deref(),
        Some("HTTP 500 Internal Server Error")
    );

    let second = poller.poll(&state);
    let (_, next_poll) = failure(&second);
    // interval × 4 = 40 minutes
    assert!(
        (2390..=2400).contains(&seconds_until(&next_poll)),
        "{next_poll}"
    );
    store.record_poll(&url, &second.poll).expect("record");
    assert_eq!(store.feed(&url).expect("read").expect("feed").failures, 2);
}

#[test]
fn slow_servers_time_out() {
    let server = Server::start();
    let poller = Poller::new(PollerConfig {
        timeout: Duration::from_millis(300),
        ..config()
    });
    let started = Instant::now();
    let result = poller.poll(&feed(&server.url("/slow")));
    let (error, _) = failure(&result);
    assert!(error.contains("timed out"), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn pages_and_missing_feeds_are_failures() {
    let server = Server::start();
    let poller = Poller::new(config());
    let (error, _) = failure(&poller.poll(&feed(&server.url("/page.html"))));
    assert!(error.contains("not an RSS or Atom feed"), "{error}");
    let (error, _) = failure(&poller.poll(&feed(&server.url("/missing.rss"))));
    assert_eq!(error, "HTTP 404 Not Found");
}

#[test]
fn opml_with_nested_outlines_imports_into_the_store() {
    let opml = br#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My papers</title></head>
  <body>
    <outline text="Coast">
      <outline text="Harbour Gazette" type="rss" xmlUrl="http://127.0.0.1:9/harbour.rss"/>
      <outline text="Inland">
        <outline title="Valley Courier" xmlUrl="https://courier.example/rss"/>
      </outline>
    </outline>
    <outline text="Bad" xmlUrl="ftp://files.example/feed.xml"/>
    <outline text="Again" xmlUrl="https://courier.example/rss"/>
  </body>
</opml>"#;
    let outlines = read_opml(opml).expect("OPML");
    assert_eq!(outlines.len(), 4);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("store");
    let import = import_outlines(&mut store, &outlines).expect("import");
    assert_eq!(
        import.added,
        [
            "http://127.0.0.1:9/harbour.rss",
            "https://courier.example/rss"
        ]
    );
    assert_eq!(import.existing, ["https://courier.example/rss"]);
    assert_eq!(import.refused.len(), 1);
    assert!(
        import.refused[0].to_string().contains("ftp"),
        "{}",
        import.refused[0]
    );
    let feeds = store.feeds().expect("feeds");
    assert_eq!(feeds[1].title.as_deref(), Some("Valley Courier"));
}

#[test]
fn poll_due_ingests_articles_and_repolling_changes_nothing() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("store");
    for path in ["/harbour.rss", "/teaser.rss", "/broken"] {
        store.add_feed(&server.url(path), None).expect("add");
    }
    let poller = Poller::new(config());

    let summary = poll_due(&mut store, &poller, &chorus_feeds::now()).expect("poll");
    assert_eq!(summary.feeds_polled, 3);
    assert_eq!(summary.feeds_failed, 1);
    assert_eq!((summary.new, summary.revised, summary.unchanged), (3, 0, 0));
    let reader = store.reader().expect("reader");
    let ferry = reader
        .article("courier-ferry-resumes")
        .expect("query")
        .expect("stored");
    assert!(ferry.article.text.contains("Edda Marrow"));
    assert!(reader
        .article("gazette-2026-0412")
        .expect("query")
        .is_some());
    let harbour = store
        .feed(&server.url("/harbour.rss"))
        .expect("read")
        .expect("feed");
    assert_eq!(harbour.title.as_deref(), Some("Harbour Gazette"));
    assert_eq!(harbour.etag.as_deref(), Some(ETAG));
    assert!(harbour.last_success.is_some());
    assert_eq!(harbour.failures, 0);
    let broken = store
        .feed(&server.url("/broken"))
        .expect("read")
        .expect("feed");
    assert_eq!(broken.failures, 1);

    // Nothing is due right after a poll.
    let summary = poll_due(&mut store, &poller, &chorus_feeds::now()).expect("poll");
    assert_eq!(summary.feeds_polled, 0);

    // Later, everything is: the gazette answers 304, the courier's teaser is not fetched
    // again, and no article changes.
    let summary = poll_due(&mut store, &poller, "9999-12-31T23:59:59.999Z").expect("poll");
    assert_eq!(summary.feeds_polled, 3);
    assert_eq!(summary.not_modified, 1);
    assert_eq!(summary.feeds_failed, 1);
    assert_eq!((summary.new, summary.revised), (0, 0));
    assert_eq!(server.requests_to("/articles/ferry.html").len(), 1);
    assert_eq!(
        server.requests_to("/harbour.rss")[1]
            .headers
            .get("if-none-match")
            .map(String::as_str),
        Some(ETAG)
    );
    let broken = store
        .feed(&server.url("/broken"))
        .expect("read")
        .expect("feed");
    assert_eq!(broken.failures, 2);
}

#[test]
fn entries_without_ids_are_named_by_their_links() {
    let server = Server::start();
    let poller = Poller::new(config());
    let result = poller.poll(&feed(&server.url("/no-guid.rss")));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let ids: Vec<&str> = result.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            server.url("/notes/choir"),
            format!("{}#Choir returns, again", server.url("/no-guid.rss")),
        ]
    );
    assert_eq!(
        result.articles[0].url.as_deref(),
        Some(server.url("/notes/choir").as_str())
    );
}

#[test]
fn one_request_at_a_time_per_host() {
    let server = Server::start();
    let poller = Arc::new(Poller::new(config()));
    let url = server.url("/serial.rss");
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let (poller, url) = (poller.clone(), url.clone());
            thread::spawn(move || poller.poll(&feed(&url)))
        })
        .collect();
    for thread in threads {
        let result = thread.join().expect("poll thread");
        assert!(result.not_modified, "{:?}", result.poll);
    }
    assert_eq!(server.requests_to("/serial.rss").len(), 3);
    assert_eq!(server.shared.max_in_flight.load(Ordering::SeqCst), 1);
}

#[test]
fn gzip_is_decoded_and_the_limit_applies_to_the_decoded_bytes() {
    let server = Server::start();
    let poller = Poller::new(config());
    let result = poller.poll(&feed(&server.url("/gzip.rss")));
    assert!(
        matches!(result.poll, FeedPoll::Success { .. }),
        "{:?}",
        result.poll
    );
    assert_eq!(result.articles.len(), 2);
    let sent = &server.requests_to("/gzip.rss")[0];
    assert!(sent
        .headers
        .get("accept-encoding")
        .is_some_and(|v| v.contains("gzip")));

    // 32 MiB of feed in a few tens of KiB of gzip.
    let (error, _) = failure(&poller.poll(&feed(&server.url("/gzip-bomb.rss"))));
    assert!(
        error.contains("larger than the limit of 1048576 bytes"),
        "{error}"
    );
}

#[test]
fn internal_addresses_are_refused_by_default_before_any_request() {
    let server = Server::start();
    let poller = Poller::new(PollerConfig {
        timeout: Duration::from_millis(1500),
        ..PollerConfig::default()
    });
    let port = server.base.rsplit(':').next().expect("a port").to_owned();
    for (url, expected) in [
        (server.url("/harbour.rss"), "loopback"),
        (format!("http://localhost:{port}/harbour.rss"), "loopback"),
        (format!("http://[::1]:{port}/harbour.rss"), "loopback"),
        (format!("http://0:{port}/harbour.rss"), "unspecified"),
        ("http://10.0.0.1/feed".to_owned(), "private"),
        (
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            "link-local",
        ),
        ("http://[fd00::1]/feed".to_owned(), "private"),
    ] {
        let result = poller.poll(&feed(&url));
        let (error, _) = failure(&result);
        assert!(error.contains(expected), "{url}: {error}");
        assert!(
            error.contains("--allow-private-addresses"),
            "{url}: {error}"
        );
    }
    assert!(
        server.requests_to("/harbour.rss").is_empty(),
        "a refused address was fetched"
    );
}

#[test]
fn a_poll_of_many_slow_teaser_pages_ends_within_its_budget() {
    let server = Server::start();
    let poller = Poller::new(PollerConfig {
        timeout: Duration::from_millis(1500),
        poll_budget: Duration::from_secs(3),
        ..config()
    });
    let started = Instant::now();
    let result = poller.poll(&feed(&server.url("/slow-teasers.rss")));
    let elapsed = started.elapsed();
    // Before the budget: 50 pages × the 1.5 s timeout = 75 s.
    assert!(
        elapsed < Duration::from_secs(20),
        "the poll took {elapsed:?}"
    );
    // Every teaser is still kept as an article, to be completed at a later poll.
    assert_eq!(result.articles.len(), 50);
    assert!(
        result.errors.iter().any(|e| e.contains("time budget")),
        "{:?}",
        result.errors
    );
}
