//! The web app in a real browser: headless Chromium driven through chromedriver (W3C WebDriver).
//!
//! A store is made with `chorus ingest` from `examples/` plus one hostile article of our own,
//! `chorus serve` serves it on a free loopback port, and the test walks the app as a reader
//! would: the story list, a story, a search typed and submitted from the keyboard, an entity,
//! the skip link, and the hostile article (its markup must show as text and never run). It
//! saves screenshots at a phone width and a desktop width: into `docs/screenshots/` when
//! `CHORUS_SAVE_SCREENSHOTS=1`, else into the test's temporary directory.
//!
//! Needs `chromedriver` and `chromium` (Debian: `chromium-driver`, `chromium`; `.ci/install-browser`
//! installs them). Without them the test says why and passes, unless `CHORUS_REQUIRE_BROWSER=1`,
//! when it fails. `CHROMEDRIVER` and `CHROMIUM` override the paths.
//!
//! The WebDriver client is the few W3C commands the test needs over `ureq`; every process it
//! starts (server, chromedriver, Chromium) is ended by a guard, also when a check fails.

use base64::Engine as _;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key of an element reference in W3C WebDriver.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// WebDriver key codes.
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 900);

/// Our own fictional article, whose title and text carry markup that must never run.
const HOSTILE_TITLE: &str =
    "Quillfeather ferry vote <script>alert(1)</script> <img src=x onerror=alert(2)>";
const SCRIPT_TEXT: &str = "<script>alert(1)</script>";
const IMG_TEXT: &str = "<img src=x onerror=alert(2)>";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A child process ended (with its whole process group) when dropped.
struct Process {
    name: &'static str,
    child: Child,
}

impl Process {
    fn spawn(name: &'static str, command: &mut Command) -> Process {
        // Its own process group, so that Chromium, started by chromedriver, goes with it.
        command.process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Process { name, child }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        if self.child.wait().is_err() {
            eprintln!("could not reap {}", self.name);
        }
    }
}

/// A WebDriver error: its `error` code and message.
#[derive(Debug)]
struct WdError {
    error: String,
    message: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(90)))
        .build()
        .into()
}

/// Sends one WebDriver command; `Ok` with the response's `value`, or the WebDriver error.
fn command(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, WdError> {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, body) => agent
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .send(body.unwrap_or(&json!({})).to_string()),
    };
    let mut response = response.map_err(|e| WdError {
        error: "transport".into(),
        message: format!("{method} {url}: {e}"),
    })?;
    let status = response.status();
    let text = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| WdError {
            error: "transport".into(),
            message: format!("{method} {url}: reading the response: {e}"),
        })?;
    let mut parsed: Value = serde_json::from_str(&text).map_err(|e| WdError {
        error: "transport".into(),
        message: format!("{method} {url}: {status}, not JSON ({e}): {text:.300}"),
    })?;
    let value = parsed["value"].take();
    if status.is_success() {
        Ok(value)
    } else {
        Err(WdError {
            error: value["error"].as_str().unwrap_or("unknown error").into(),
            message: value["message"].as_str().unwrap_or_default().into(),
        })
    }
}

/// A browser session; deleting it (on drop) closes Chromium.
struct Session {
    agent: ureq::Agent,
    base: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = command(&self.agent, "DELETE", &self.base, None);
    }
}

impl Session {
    fn start(driver: &str, chromium: &Path, profile: &Path) -> Session {
        let agent = agent();
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--no-first-run".to_owned(),
            "--no-default-browser-check".to_owned(),
            // Keep Chromium off the network: this machine reaches none of Google's services.
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-quic".to_owned(),
            "--disable-domain-reliability".to_owned(),
            "--disable-client-side-phishing-detection".to_owned(),
            "--disable-features=Translate,MediaRouter,OptimizationHints".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
            format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                // An alert would stay open, for the check that none ever opens.
                "unhandledPromptBehavior": "ignore",
                "goog:loggingPrefs": { "browser": "ALL" },
                "goog:chromeOptions": {
                    "binary": chromium.to_str().expect("UTF-8 path"),
                    "args": args,
                },
            }}
        });
        let created = command(
            &agent,
            "POST",
            &format!("{driver}/session"),
            Some(&capabilities),
        )
        .unwrap_or_else(|e| panic!("no browser session: {}: {}", e.error, e.message));
        let id = created["sessionId"].as_str().expect("a session id");
        Session {
            agent,
            base: format!("{driver}/session/{id}"),
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        command(
            &self.agent,
            method,
            &format!("{}{path}", self.base),
            body.as_ref(),
        )
    }

    fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {}: {}", e.error, e.message))
    }

    fn goto(&self, url: &str) {
        self.ok("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.ok("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn title(&self) -> String {
        self.ok("GET", "/title", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page.
    fn js(&self, script: &str, args: Value) -> Value {
        self.ok(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    fn find(&self, css: &str) -> String {
        let found = self
            .call(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .unwrap_or_else(|e| {
                panic!(
                    "no element {css:?} on {}: {}: {}",
                    self.url(),
                    e.error,
                    e.message
                )
            });
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element id in {found}"))
            .to_owned()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.ok(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )
        .as_array()
        .expect("a list of elements")
        .iter()
        .map(|e| e[ELEMENT].as_str().expect("an element id").to_owned())
        .collect()
    }

    fn text(&self, element: &str) -> String {
        self.ok("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn click(&self, element: &str) {
        self.ok(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&self, element: &str, text: &str) {
        self.ok(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Presses and releases `key` on whatever has the focus.
    fn press(&self, key: &str) {
        self.ok(
            "POST",
            "/actions",
            Some(json!({ "actions": [{
                "type": "key", "id": "keyboard",
                "actions": [{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }],
            }]})),
        );
    }

    /// Tag, id, class and text of the focused element.
    fn focused(&self) -> Value {
        self.js(
            "const e = document.activeElement; \
             return e && { tag: e.tagName.toLowerCase(), id: e.id, class: e.className, \
                           text: (e.innerText || '').trim().slice(0, 200), \
                           left: e.getBoundingClientRect().left, \
                           inCard: !!e.closest('.card') };",
            json!([]),
        )
    }

    /// The visible text of the page.
    fn body_text(&self) -> String {
        self.js("return document.body.innerText;", json!([]))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.ok(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Lays the page out at `width`×`height` CSS pixels (a phone: touch, mobile viewport).
    fn viewport(&self, (width, height): (u32, u32), mobile: bool) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        );
        self.cdp(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": mobile }),
        );
    }

    /// Waits until `url` is the page's address (a click or Enter navigates asynchronously).
    fn wait_for_url(&self, what: &str, matches: impl Fn(&str) -> bool) -> String {
        wait(what, || {
            let url = self.url();
            let ready = self.js("return document.readyState;", json!([])) == "complete";
            (matches(&url) && ready).then_some(url)
        })
    }

    /// Saves the page, from the top, at most `max_height` CSS pixels of it, as a PNG.
    fn screenshot(&self, path: &Path, width: u32, max_height: u32) {
        let height = self
            .js(
                "return Math.ceil(document.documentElement.scrollHeight);",
                json!([]),
            )
            .as_u64()
            .unwrap_or(800)
            .min(u64::from(max_height));
        let shot = self.cdp(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
            }),
        );
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 screenshot");
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        std::fs::write(path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        eprintln!("screenshot: {}", path.display());
    }

    /// The browser console since the last call, when chromedriver keeps it.
    fn console(&self) -> Option<Vec<Value>> {
        self.call("POST", "/se/log", Some(json!({ "type": "browser" })))
            .ok()
            .and_then(|v| v.as_array().cloned())
    }
}

/// Polls `check` until it gives a value, for at most 20 seconds.
fn wait<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Fails on console errors other than the missing favicon, and on any CSP violation.
fn assert_quiet_console(session: &Session, page: &str) {
    let Some(entries) = session.console() else {
        return;
    };
    let bad: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            let message = e["message"].as_str().unwrap_or_default();
            (e["level"] == "SEVERE" && !message.contains("favicon.ico"))
                || message.contains("Content Security Policy")
        })
        .collect();
    assert!(bad.is_empty(), "console errors on {page}: {bad:#?}");
}

/// No script ran from article text: no alert is open, only the app's own script and no
/// image exist, and the markup shows as text.
fn assert_inert(session: &Session, page: &str) {
    match session.call("GET", "/alert/text", None) {
        Err(e) if e.error == "no such alert" => {}
        Err(e) => panic!("asking for an alert on {page}: {}: {}", e.error, e.message),
        Ok(text) => panic!("an alert opened on {page}: {text}"),
    }
    let elements = session.js(
        "return { scripts: Array.from(document.scripts).map(s => s.getAttribute('src')), \
                  images: document.images.length, \
                  handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length };",
        json!([]),
    );
    assert_eq!(
        elements["scripts"],
        json!(["/assets/app.js"]),
        "scripts on {page}"
    );
    assert_eq!(elements["images"], 0, "images on {page}");
    assert_eq!(elements["handlers"], 0, "inline handlers on {page}");
    assert!(
        session.title().ends_with("· Chorus"),
        "page title intact on {page}: {:?}",
        session.title()
    );
    let text = session.body_text();
    for markup in [SCRIPT_TEXT, IMG_TEXT] {
        assert!(
            text.contains(markup),
            "{markup:?} shows as text on {page}: {text:.2000}"
        );
    }
}

/// The page fits the phone's width: nothing but the chart (which scrolls in its own box)
/// is wider than the screen.
fn assert_fits(session: &Session, page: &str) {
    let widths = session.js(
        "return { page: document.documentElement.scrollWidth, screen: window.innerWidth };",
        json!([]),
    );
    assert!(
        widths["page"].as_u64() <= widths["screen"].as_u64(),
        "{page} is wider than the screen: {widths}"
    );
}

/// `chorus serve` on a free loopback port; its address once it listens.
fn serve(data: &Path, log: &Path) -> (Process, String) {
    let mut server = Process::spawn(
        "chorus serve",
        Command::new(env!("CARGO_BIN_EXE_chorus"))
            .args(["serve", "--data"])
            .arg(data)
            .args(["--addr", "127.0.0.1:0", "--poll-every", "0"])
            .env("CHORUS_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).expect("server log")),
    );
    let stdout = server.child.stdout.take().expect("server stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("http://").nth(1) {
                let _ = tx.send(rest.split('/').next().unwrap_or_default().to_owned());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| {
            panic!(
                "chorus serve did not start: {}",
                std::fs::read_to_string(log).unwrap_or_default()
            )
        });
    (server, format!("http://{addr}"))
}

/// chromedriver on a free loopback port; its address once it answers.
fn chromedriver(path: &Path, log: &Path) -> (Process, String) {
    let port = free_port();
    let driver = Process::spawn(
        "chromedriver",
        Command::new(path)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let url = format!("http://127.0.0.1:{port}");
    let agent = agent();
    let start = Instant::now();
    while command(&agent, "GET", &format!("{url}/status"), None)
        .map(|v| v["ready"] != true)
        .unwrap_or(true)
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "chromedriver did not answer on {url}: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, url)
}

#[test]
fn web_app_in_headless_chromium() {
    let driver_path = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| which("chromedriver"));
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| which("chromium"))
        .or_else(|| which("chromium-browser"));
    let (Some(driver_path), Some(chromium)) = (driver_path, chromium) else {
        let why = "chromedriver or chromium is missing (Debian: apt-get install chromium chromium-driver, or run .ci/install-browser)";
        if std::env::var("CHORUS_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("CHORUS_REQUIRE_BROWSER=1 but {why}");
        }
        // Straight to stderr, past the test harness's capture, so that the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED web_app_in_headless_chromium: {why}; set CHORUS_REQUIRE_BROWSER=1 to fail instead"
        );
        return;
    };

    let tmp = tempfile::tempdir().expect("temporary directory");
    let shots = if std::env::var("CHORUS_SAVE_SCREENSHOTS").as_deref() == Ok("1") {
        workspace().join("docs/screenshots")
    } else {
        tmp.path().join("screenshots")
    };
    std::fs::create_dir_all(&shots).expect("screenshot directory");

    // The store: the examples plus one hostile article of our own, dated within the examples'
    // week (the clusterer retires stories idle for a week of the latest publication time seen,
    // so a later date would keep the examples' articles from forming their story).
    let hostile = tmp.path().join("hostile.jsonl");
    let article = json!({
        "id": "browser-test-quillfeather",
        "outlet": "Tern Island Packet",
        "title": HOSTILE_TITLE,
        "published": "2025-03-05T18:30:00Z",
        "url": "https://packet.example/quillfeather-vote",
        "text": format!(
            "TERN ISLAND — The Quillfeather ferry board voted on Friday to keep the winter \
             timetable, after a petition titled {SCRIPT_TEXT} circulated among commuters.\n\n\
             Board chair Odile Varnette said the vote was close. \"We heard every rider who \
             wrote to us,\" she said, adding that a second petition, signed {IMG_TEXT}, had \
             been set aside as a prank.\n\n\
             The Quillfeather service carries about four hundred passengers a day between \
             Tern Island and the mainland."
        ),
    });
    std::fs::write(&hostile, format!("{article}\n")).expect("writing the hostile article");
    let data = tmp.path().join("store");
    // One batch (the hostile article first, so that the examples' stories lead the list).
    let ingest = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .arg("ingest")
        .arg(&hostile)
        .arg(workspace().join("examples"))
        .arg("--data")
        .arg(&data)
        .env("CHORUS_LOG", "warn")
        .output()
        .expect("chorus ingest runs");
    assert!(
        ingest.status.success(),
        "chorus ingest: {}",
        String::from_utf8_lossy(&ingest.stderr)
    );

    let (_server, site) = serve(&data, &tmp.path().join("serve.log"));
    let csp = agent()
        .get(&site)
        .call()
        .expect("GET /")
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    assert!(
        csp.as_deref()
            .is_some_and(|c| c.contains("script-src 'self'")),
        "the web app sends a Content-Security-Policy: {csp:?}"
    );

    let (_driver, driver_url) = chromedriver(&driver_path, &tmp.path().join("chromedriver.log"));
    let session = Session::start(&driver_url, &chromium, &tmp.path().join("profile"));
    session.ok(
        "POST",
        "/timeouts",
        Some(json!({ "pageLoad": 30_000, "script": 10_000, "implicit": 0 })),
    );

    // Phone first: every check runs at 390×844.
    session.viewport(PHONE, true);
    let shot = |name: &str, width: u32, max_height: u32| {
        session.screenshot(&shots.join(format!("{name}.png")), width, max_height)
    };

    // The story list.
    session.goto(&format!("{site}/"));
    assert_eq!(session.title(), "Stories · Chorus");
    let cards = session.js(
        "return Array.from(document.querySelectorAll('ol.stories .card h2 a')) \
             .map(a => ({ text: a.innerText, href: a.getAttribute('href') }));",
        json!([]),
    );
    let cards = cards.as_array().expect("story cards");
    assert!(
        cards.len() >= 2,
        "the examples and our article make stories: {cards:?}"
    );
    assert!(cards.iter().all(|c| c["href"]
        .as_str()
        .unwrap_or_default()
        .starts_with("/stories/")));
    assert_inert(&session, "the story list");
    assert_fits(&session, "the story list");
    assert_quiet_console(&session, "the story list");
    let list_url = session.url();
    shot("stories-phone", PHONE.0, 2400);

    // Keyboard: the first Tab lands on the skip link, shown on screen; Enter moves the focus
    // to the content, and the next Tab reaches the first story.
    session.press(TAB);
    let focused = session.focused();
    assert_eq!(focused["tag"], "a", "Tab focuses a link: {focused}");
    assert_eq!(
        focused["class"], "skip",
        "the first Tab focuses the skip link: {focused}"
    );
    assert_eq!(focused["text"], "Skip to content");
    assert!(
        focused["left"].as_f64().unwrap_or(-1.0) >= 0.0,
        "the focused skip link is on screen: {focused}"
    );
    session.press(ENTER);
    let focused = wait("the focus to move to the content", || {
        let f = session.focused();
        (f["id"] == "main").then_some(f)
    });
    assert_eq!(focused["tag"], "main");
    session.press(TAB);
    let focused = session.focused();
    assert!(
        focused["tag"] == "a" && focused["inCard"] == true,
        "after the skip link, Tab reaches the first story: {focused}"
    );
    assert_eq!(focused["text"], cards[0]["text"]);

    // A story: click the one most outlets covered (the fullest brief); it has its sections.
    session.goto(&list_url);
    let fullest = session.js(
        "const counts = Array.from(document.querySelectorAll('ol.stories .card .meta span:first-child')) \
             .map(s => parseInt(s.innerText, 10)); \
         return counts.indexOf(Math.max(...counts));",
        json!([]),
    );
    let links = session.find_all("ol.stories .card h2 a");
    let link = &links[fullest.as_u64().expect("a story index") as usize];
    let story_title = session.text(link);
    session.click(link);
    let story_url = session.wait_for_url("the story page", |u| u.contains("/stories/"));
    assert_eq!(session.text(&session.find("main h1")), story_title);
    let headings = session.js(
        "return Array.from(document.querySelectorAll('main h2')).map(h => h.innerText);",
        json!([]),
    );
    for heading in ["What happened", "Sources"] {
        assert!(
            headings
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h.as_str() == Some(heading)),
            "the brief has a {heading:?} section: {headings}"
        );
    }
    let sources = session.js(
        "return document.querySelectorAll('ol.sources li').length;",
        json!([]),
    );
    assert!(sources.as_u64() >= Some(1), "the brief lists its sources");
    let cites = session.js(
        "return Array.from(document.querySelectorAll('a.cite')) \
             .every(a => document.getElementById(a.getAttribute('href').slice(1)));",
        json!([]),
    );
    assert_eq!(cites, true, "every citation points at a listed source");
    let badges = session.js(
        "return [document.querySelectorAll('ul.facts .badge').length, \
                 document.querySelectorAll('ul.facts .badge.confirmed, ul.facts .badge.single').length];",
        json!([]),
    );
    assert_eq!(
        badges[0], badges[1],
        "every fact's badge says confirmed or single source"
    );
    assert_fits(&session, "a story");
    assert_quiet_console(&session, "a story");
    shot("story-phone", PHONE.0, 2400);

    // Back to the list.
    session.ok("POST", "/back", Some(json!({})));
    session.wait_for_url("the story list again", |u| u == list_url);
    session.find("ol.stories .card");

    // Search from the keyboard: type in the search box, press Enter.
    let search_box = session.find("input#q");
    session.click(&search_box);
    session.type_into(&search_box, "Kestrel");
    session.press(ENTER);
    let search_url = session.wait_for_url("the search results", |u| u.contains("/search?q="));
    assert!(search_url.ends_with("q=Kestrel"), "{search_url}");
    assert_eq!(
        session.text(&session.find("main h1")),
        "Articles matching “Kestrel”"
    );
    let hits = session.js(
        "return Array.from(document.querySelectorAll('ol.hits > li')).map(li => ({ \
             title: li.querySelector('h2 a').innerText, \
             marks: Array.from(li.querySelectorAll('.snippet b')).map(b => b.innerText) }));",
        json!([]),
    );
    let hits = hits.as_array().expect("search hits");
    assert!(!hits.is_empty(), "Kestrel matches articles");
    let marked: Vec<&str> = hits
        .iter()
        .flat_map(|h| h["marks"].as_array().unwrap().iter())
        .filter_map(Value::as_str)
        .collect();
    assert!(
        marked
            .iter()
            .any(|m| m.to_lowercase().starts_with("kestrel")),
        "the snippets highlight the match: {hits:?}"
    );
    assert_eq!(
        session.js("return document.getElementById('q').value;", json!([])),
        "Kestrel",
        "the search box keeps the query"
    );
    assert_fits(&session, "the search results");
    assert_quiet_console(&session, "the search results");
    shot("search-phone", PHONE.0, 2400);

    // An entity: from the story's "Who was involved".
    session.goto(&story_url);
    let people = session.js(
        "return Array.from(document.querySelectorAll('ul.entities a')).map(a => a.innerText);",
        json!([]),
    );
    let people = people.as_array().expect("entity links");
    assert!(
        !people.is_empty(),
        "the story names who was involved: {}",
        session.body_text()
    );
    // The first one quoted in the brief, if any: its page has the most to show.
    let quoted = session.js(
        "const quoted = Array.from(document.querySelectorAll('.speaker h3 a')).map(a => a.innerText); \
         return Math.max(0, Array.from(document.querySelectorAll('ul.entities a')) \
             .findIndex(a => quoted.includes(a.innerText)));",
        json!([]),
    );
    let people_links = session.find_all("ul.entities a");
    let person = &people_links[quoted.as_u64().expect("an entity index") as usize];
    let name = session.text(person);
    session.click(person);
    let entity_url = session.wait_for_url("the entity page", |u| u.contains("/entities/"));
    assert_eq!(session.text(&session.find("main h1")), name);
    let entity_stories = session.js(
        "return Array.from(document.querySelectorAll('main .card h2 a')).map(a => a.getAttribute('href'));",
        json!([]),
    );
    let story_path = story_url.trim_start_matches(&site);
    assert!(
        entity_stories
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h.as_str() == Some(story_path)),
        "the entity page lists the story it came from ({story_path}): {entity_stories}"
    );
    assert_fits(&session, "an entity");
    assert_quiet_console(&session, "an entity");
    shot("entity-phone", PHONE.0, 2400);

    // The hostile article: found by search (its snippet is the one unescaped HTML the app
    // writes, so it is checked too), then its story.
    session.goto(&format!("{site}/search?q=Quillfeather"));
    assert_inert(&session, "the search for the hostile article");
    let hostile_link = session.find("ol.hits h2 a");
    assert_eq!(session.text(&hostile_link), HOSTILE_TITLE);
    session.click(&hostile_link);
    session.wait_for_url("the hostile article's story", |u| u.contains("/stories/"));
    assert_inert(&session, "the hostile article's story");
    assert!(
        session.text(&session.find("main h1")).contains(SCRIPT_TEXT),
        "the story's title shows the markup as text"
    );
    let meta = session.text(&session.find("main .brief > p.meta"));
    assert!(
        meta.ends_with("1 article · 1 independent source"),
        "counts in the singular: {meta:?}"
    );
    assert_quiet_console(&session, "the hostile article's story");

    // The same pages at a desktop width. By now more than six pages have been opened: each
    // must have closed its event stream when left, or Chromium (six connections to a host)
    // could not load the next one.
    session.viewport(DESKTOP, false);
    for (name, url) in [
        ("stories-desktop", &list_url),
        ("story-desktop", &story_url),
        ("search-desktop", &search_url),
        ("entity-desktop", &entity_url),
    ] {
        session.goto(url);
        assert_quiet_console(&session, name);
        shot(name, DESKTOP.0, 1800);
    }
}
