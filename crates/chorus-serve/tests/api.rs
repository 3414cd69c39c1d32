//! The API over loopback: every endpoint, good and bad requests, each JSON answer validated
//! against the schema `/openapi.json` gives for it.

use chorus_serve::{router, AppState};
use chorus_store::Store;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

/// A server on a free loopback port over a store holding our example articles.
struct Server {
    addr: SocketAddr,
    agent: ureq::Agent,
    openapi: Value,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(token: Option<&str>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let (articles, errors) = chorus::extract::extract_all(&examples, &Default::default());
        assert!(errors.is_empty());
        let mut store = Store::open(dir.path()).unwrap();
        store.ingest(&articles).unwrap();
        store.refresh_briefs(|_, _| {}).unwrap();
        let state = AppState::new(store, token.map(str::to_owned));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, router(state)).await.unwrap();
            });
        });
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let openapi: Value = serde_json::from_str(
            &agent
                .get(format!("http://{addr}/openapi.json"))
                .call()
                .unwrap()
                .body_mut()
                .read_to_string()
                .unwrap(),
        )
        .unwrap();
        Server {
            addr,
            agent,
            openapi,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// GET, returning the status and the body as JSON.
    fn get(&self, path: &str) -> (u16, Value) {
        let mut response = self.agent.get(self.url(path)).call().unwrap();
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    fn post(&self, body: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = self.agent.post(self.url("/api/articles"));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let mut response = request
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Checks `body` against the schema the OpenAPI document gives for `path`'s `method` answer
    /// with `status`.
    fn conforms(&self, method: &str, path: &str, status: u16, body: &Value) {
        let operation = &self.openapi["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        let mut answer = &operation["responses"][status.to_string()];
        assert!(
            answer.is_object(),
            "{method} {path} answered {status}, which is not documented"
        );
        if let Some(reference) = answer["$ref"].as_str() {
            let name = reference.rsplit('/').next().unwrap();
            answer = &self.openapi["components"]["responses"][name];
        }
        let schema = json!({
            "$ref": "#/x/schema",
            "x": {"schema": answer["content"]["application/json"]["schema"]},
            "components": self.openapi["components"],
        });
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status}: {errors:?}\n{body:#}"
        );
    }

    fn check(&self, documented: &str, path: &str, want: u16) -> Value {
        let (status, body) = self.get(path);
        assert_eq!(status, want, "GET {path}: {body}");
        self.conforms("get", documented, status, &body);
        body
    }
}

#[test]
fn every_route_is_documented_and_answers_in_its_schema() {
    let server = Server::start(None);
    let documented: Vec<&str> = server.openapi["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for path in [
        "/healthz",
        "/openapi.json",
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles",
        "/api/articles/{id}",
        "/api/search",
        "/api/entities",
        "/api/entities/{name}",
        "/api/events",
    ] {
        assert!(documented.contains(&path), "{path} undocumented");
    }

    let health = server.check("/healthz", "/healthz", 200);
    assert_eq!(health["articles"], 8);

    let page = server.check("/api/stories", "/api/stories", 200);
    let stories = page["stories"].as_array().unwrap();
    assert!(!stories.is_empty());
    let id = stories[0]["id"].as_str().unwrap().to_owned();

    let brief = server.check("/api/stories/{id}", &format!("/api/stories/{id}"), 200);
    assert_eq!(brief["schema"], "chorus.brief/1");
    assert_eq!(brief["stories"][0]["id"], id.as_str());
    server.check("/api/stories/{id}", "/api/stories/999999", 404);
    server.check("/api/stories/{id}", "/api/stories/not-a-number", 400);

    // An id with a '#' (a feed entry) travels percent-encoded.
    let article = server.check(
        "/api/articles/{id}",
        "/api/articles/aldwin-radio-feed%231",
        200,
    );
    assert_eq!(article["id"], "aldwin-radio-feed#1");
    server.check("/api/articles/{id}", "/api/articles/nope", 404);

    let hits = server.check("/api/search", "/api/search?q=%22Kestrel+Bridge%22", 200);
    assert!(!hits["hits"].as_array().unwrap().is_empty());
    server.check("/api/search", "/api/search", 400);
    server.check("/api/search", "/api/search?q=title%3A", 400);

    let entities = server.check("/api/entities", "/api/entities?limit=5", 200);
    let name = entities["entities"][0]["name"].as_str().unwrap().to_owned();
    let entity = server.check(
        "/api/entities/{name}",
        &format!("/api/entities/{}", name.replace(' ', "%20")),
        200,
    );
    assert!(!entity["stories"].as_array().unwrap().is_empty());
    server.check("/api/entities/{name}", "/api/entities/Nobody%20Atall", 404);
}

#[test]
fn the_story_list_pages_and_filters() {
    let server = Server::start(None);
    let all = server.check("/api/stories", "/api/stories?limit=200", 200);
    let total = all["stories"].as_array().unwrap().len();
    assert!(total >= 2);
    // Page by one: every story exactly once, in the same order.
    let mut seen = Vec::new();
    let mut path = "/api/stories?limit=1".to_owned();
    loop {
        let page = server.check("/api/stories", &path, 200);
        seen.extend(
            page["stories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].clone()),
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/stories?limit=1&cursor={next}"),
            None => break,
        }
    }
    let expected: Vec<Value> = all["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert_eq!(seen, expected);

    let by_q = server.check("/api/stories", "/api/stories?q=Kestrel", 200);
    assert!(!by_q["stories"].as_array().unwrap().is_empty());
    // Stories list known outlets only (never an article id); filter by one of them.
    let outlet = all["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|s| s["outlets"][0].as_str())
        .expect("some story has a known outlet")
        .replace(' ', "%20");
    let by_outlet = server.check(
        "/api/stories",
        &format!("/api/stories?outlet={outlet}"),
        200,
    );
    assert!(!by_outlet["stories"].as_array().unwrap().is_empty());
    let by_entity = server.check("/api/stories", "/api/stories?entity=helena%20marsh", 200);
    assert!(!by_entity["stories"].as_array().unwrap().is_empty());
    let future = server.check("/api/stories", "/api/stories?since=2999-01-01", 200);
    assert!(future["stories"].as_array().unwrap().is_empty());
    let past = server.check(
        "/api/stories",
        "/api/stories?until=2000-01-01T00:00:00Z",
        200,
    );
    assert!(past["stories"].as_array().unwrap().is_empty());

    for bad in [
        "/api/stories?limit=0",
        "/api/stories?limit=201",
        "/api/stories?limit=ten",
        "/api/stories?since=yesterday",
        "/api/stories?cursor=garbage",
        "/api/stories?colour=blue",
    ] {
        let body = server.check("/api/stories", bad, 400);
        assert!(
            !body["error"]["message"].as_str().unwrap().is_empty(),
            "{bad}"
        );
    }
}

#[test]
fn bad_requests_get_clear_json_errors() {
    let server = Server::start(None);
    // Query strings over the limit: up to 64 KB the app answers with a JSON error; beyond that
    // (a 100 KB one) hyper refuses the request line itself, with a bare 414. Sent raw: HTTP
    // client libraries refuse to build such URIs.
    for (kilobytes, json_body) in [(10, true), (100, false)] {
        let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
        write!(
            stream,
            "GET /api/search?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "a".repeat(kilobytes * 1024)
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414"), "{kilobytes} KB: {head}");
        if json_body {
            let body: Value = serde_json::from_str(body).unwrap();
            assert!(body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("query string"));
        }
    }
    let (status, body) = server.get("/api/no-such-thing");
    assert_eq!(status, 404);
    assert!(body["error"]["message"].is_string());

    for (body, why) in [
        ("{\"id\": \"a\", \"text\": ", "truncated JSON"),
        ("[1, 2, 3]", "not an object"),
        ("{\"id\": \"a\"}", "no text"),
        ("{\"id\": \"\", \"text\": \"words\"}", "empty id"),
        (
            "{\"id\": \"a\", \"text\": \"words\", \"colour\": 1}",
            "unknown field",
        ),
        (
            "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\": 5}",
            "a bad second line",
        ),
        ("", "empty body"),
    ] {
        let (status, answer) = server.post(body, None);
        assert_eq!(status, 400, "{why}: {answer}");
        server.conforms("post", "/api/articles", status, &answer);
    }
    // A body over the limit.
    let huge = format!(
        "{{\"id\": \"huge\", \"text\": \"{}\"}}",
        "word ".repeat(chorus_serve::MAX_BODY_BYTES / 5 + 10)
    );
    let (status, _) = server.post(&huge, None);
    assert_eq!(status, 413);
}

#[test]
fn posted_articles_join_stories_and_html_stays_escaped() {
    let server = Server::start(None);
    let events = std::thread::spawn({
        let url = server.url("/api/events");
        let agent = server.agent.clone();
        move || {
            let response = agent.get(url).call().unwrap();
            let mut lines = BufReader::new(response.into_body().into_reader()).lines();
            // The first event is the one the POST below causes.
            loop {
                let line = lines.next().unwrap().unwrap();
                if let Some(data) = line.strip_prefix("data: ") {
                    return serde_json::from_str::<Value>(data).unwrap();
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    let hostile = json!({
        "id": "hostile-1",
        "title": "Harbour <script>alert(1)</script> board meets",
        "outlet": "Test <b>Outlet</b>",
        "text": "The harbour board met on Monday. <script>alert(2)</script> Members discussed <img src=x onerror=alert(3)> the budget.",
    });
    let (status, answer) = server.post(&hostile.to_string(), None);
    assert_eq!(status, 200, "{answer}");
    server.conforms("post", "/api/articles", status, &answer);
    let story = answer["articles"][0]["story"].as_str().unwrap().to_owned();
    assert_eq!(answer["articles"][0]["status"], "new");

    let event = events.join().unwrap();
    assert_eq!(event["story"], story.as_str());
    assert!(["created", "updated"].contains(&event["kind"].as_str().unwrap()));

    // The same article again changes nothing; edited, it is a revision.
    let (_, again) = server.post(&hostile.to_string(), None);
    assert_eq!(again["articles"][0]["status"], "unchanged");
    let mut edited = hostile.clone();
    edited["text"] = json!("The harbour board met on Monday and approved the budget.");
    let batch = format!(
        "{edited}\n{}\n",
        json!({"id": "calm-1", "text": "A quiet day at the Port Aldwin library, where a reading group met."})
    );
    let (status, answer) = server.post(&batch, None);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["articles"][0]["status"], "revised");
    assert_eq!(answer["articles"][0]["revision"], 2);
    assert_eq!(answer["articles"][1]["status"], "new");

    // The first revision, rendered: escaped, never markup.
    let (status, _) = server.post(&hostile.to_string(), None);
    assert_eq!(status, 200);
    let mut page = server
        .agent
        .get(server.url(&format!("/stories/{story}")))
        .call()
        .unwrap();
    let csp = page
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'"));
    let html = page.body_mut().read_to_string().unwrap();
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("<b>Outlet</b>"));
}

#[test]
fn writes_need_the_token_when_one_is_set() {
    let server = Server::start(Some("s3cret"));
    let article =
        json!({"id": "t-1", "text": "The ferry timetable changes next week."}).to_string();
    let (status, body) = server.post(&article, None);
    assert_eq!(status, 401);
    server.conforms("post", "/api/articles", status, &body);
    let (status, _) = server.post(&article, Some("wrong"));
    assert_eq!(status, 401);
    let (status, _) = server.post(&article, Some("s3cret"));
    assert_eq!(status, 200);
    // Reads stay open.
    server.check("/api/stories", "/api/stories", 200);
}

#[test]
fn serving_beyond_loopback_without_a_token_is_refused() {
    let exposed = chorus_serve::ServeConfig {
        addr: "0.0.0.0:8080".parse().unwrap(),
        token: None,
        poll_every: None,
        poller: chorus_feeds::PollerConfig::default(),
        limits: chorus_serve::Limits::default(),
    };
    let err = chorus_serve::check_exposure(&exposed)
        .unwrap_err()
        .to_string();
    assert!(err.contains("without a token"), "{err}");
    let with_token = chorus_serve::ServeConfig {
        token: Some("t".into()),
        ..exposed
    };
    assert!(chorus_serve::check_exposure(&with_token).is_ok());
}

/// Issue 13, item 1: nested parentheses took tantivy's parser exponential time (depth 23: 8 s,
/// depth 40: never) on all three search entry points. Now a 400 saying what is wrong, at once.
#[test]
fn deep_parentheses_are_refused_on_every_search_entry_point() {
    let server = Server::start(None);
    for depth in [23, 40, 1_800] {
        let q = format!("{}kestrel{}", "(".repeat(depth), ")".repeat(depth));
        let started = std::time::Instant::now();
        let body = server.check("/api/search", &format!("/api/search?q={q}"), 400);
        let message = body["error"]["message"].as_str().unwrap();
        let expected = if depth < 500 {
            "parentheses are not supported"
        } else {
            "longer than 1000 characters"
        };
        assert!(message.contains(expected), "{message}");
        server.check("/api/stories", &format!("/api/stories?q={q}"), 400);
        let mut page = server
            .agent
            .get(server.url(&format!("/search?q={q}")))
            .call()
            .unwrap();
        assert_eq!(page.status().as_u16(), 400, "/search at depth {depth}");
        let html = page.body_mut().read_to_string().unwrap();
        assert!(html.contains(expected), "/search at depth {depth}");
        assert!(started.elapsed() < Duration::from_secs(30), "depth {depth}");
    }
    // Too many words, and the grammar's own operators, still work or are refused clearly.
    let wide = "kestrel+".repeat(40);
    let body = server.check("/api/search", &format!("/api/search?q={wide}"), 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("more than 32 words"));
    let hits = server.check(
        "/api/search",
        "/api/search?q=zzzunknown+OR+%22Kestrel+Bridge%22+-zzzother",
        200,
    );
    assert!(!hits["hits"].as_array().unwrap().is_empty());
}

/// Issue 13, item 10: `published` must be a date Chorus stores, and story ids beyond SQLite's
/// integers are refused as invalid (they were a 500).
#[test]
fn bad_published_dates_and_huge_story_ids_are_400s() {
    let server = Server::start(None);
    let (status, body) = server.post(
        "{\"id\":\"d-1\",\"text\":\"Ferry resumes.\",\"published\":\"2025-03-05\"}\n\
         {\"id\":\"d-2\",\"text\":\"Ferry stops.\",\"published\":\"last Tuesday\"}\n",
        None,
    );
    assert_eq!(status, 400, "{body}");
    server.conforms("post", "/api/articles", status, &body);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("line 2") && message.contains("\"published\""),
        "{message}"
    );
    let (status, body) = server.post(
        "{\"id\":\"d-3\",\"text\":\"Ferry resumes.\",\"published\":\"2025-03-05T10:00:00+01:00\"}",
        None,
    );
    assert_eq!(status, 200, "{body}");
    for id in [
        "9223372036854775808",
        "18446744073709551615",
        "99999999999999999999",
    ] {
        let body = server.check("/api/stories/{id}", &format!("/api/stories/{id}"), 400);
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a story id"));
        let page = server
            .agent
            .get(server.url(&format!("/stories/{id}")))
            .call()
            .unwrap();
        assert_eq!(page.status().as_u16(), 400, "/stories/{id}");
    }
    server.check("/api/stories/{id}", "/api/stories/9223372036854775807", 404);
}
