//! End-to-end: hostile inputs to `analyze`, `brief`, `copies` and `cluster` (issue 13, items 5,
//! 6, 8 and 10). Each input is generated, sized so that the command takes seconds now and took
//! minutes or gigabytes of output before; the tests assert on output size and structure, with a
//! generous wall-clock cap after which the command is killed.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a bounded run of `chorus` gave.
struct Run {
    stdout: Vec<u8>,
    stderr: String,
    code: Option<i32>,
}

/// Runs `chorus ARGS`, killing it when it runs longer than `limit` or writes more than
/// `max_stdout` bytes (then the test fails, naming which).
fn run_bounded(args: &[&str], limit: Duration, max_stdout: usize) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chorus runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut total = 0usize;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    total += n;
                    if total <= max_stdout {
                        kept.extend_from_slice(&buf[..n]);
                    } else {
                        break;
                    }
                }
            }
        }
        (kept, total)
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    // Past the byte cap the reader stops and closes the pipe, which ends the command.
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, total) = out_reader.join().unwrap();
    assert!(
        total <= max_stdout,
        "chorus {args:?} wrote more than {max_stdout} bytes"
    );
    let status = status
        .unwrap_or_else(|| panic!("chorus {args:?} still running after {} s", limit.as_secs()));
    Run {
        stdout,
        stderr: err_reader.join().unwrap(),
        code: status.code(),
    }
}

const WIRE: &str = "Gale-force winds closed the harbour bridge in the port city on Tuesday after a section of its railing was torn away, the transit authority said. No injuries were reported. The authority said engineers would inspect the span overnight and that the bridge could reopen on Wednesday if the wind eased. Shop owners on the eastern approach said trade had stopped by mid-afternoon as queues formed at the ferry terminal.";

/// `n` articles with the same text, as JSON Lines.
fn identical_articles(dir: &Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("identical.jsonl");
    let mut lines = String::new();
    for i in 0..n {
        let article = serde_json::json!({
            "id": format!("copy-{i}"),
            "title": "Gale closes harbour bridge",
            "published": "2025-01-07",
            "text": format!("{WIRE}\n\n{WIRE}"),
        });
        lines.push_str(&article.to_string());
        lines.push('\n');
    }
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn analyze_of_a_long_text_of_repeated_sentences_is_linear() {
    // Quotes with a pronoun speaker, a role phrase, a named minister: every resolution step that
    // scanned all mentions, quotes or sentences per item. 30,000 repetitions took minutes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeated.txt");
    let unit = "Foreign Minister Helga Brandvold said on Tuesday that the talks were useful. “We made progress,” the minister said. He added that Lavrov agreed. ";
    let n = 30_000;
    std::fs::write(&path, format!("Talks resume\n\n{}\n", unit.repeat(n))).unwrap();
    let run = run_bounded(
        &["analyze", path.to_str().unwrap()],
        Duration::from_secs(90),
        400 << 20,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let article = &v["articles"][0];
    assert_eq!(article["quotes"].as_array().unwrap().len(), n);
    let last = article["quotes"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["speaker"], "Helga Brandvold", "{last}");
    // Character offsets stay exact at the end of the text.
    let start = last["start"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string(&path).unwrap();
    let body: String = text.chars().skip(start).take(12).collect();
    assert!(body.starts_with("We made"), "{body:?}");
}

#[test]
fn brief_of_ten_thousand_quotes_is_fast_and_lists_a_bounded_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quotes.txt");
    let n = 10_000;
    let quotes: Vec<String> = (0..n)
        .map(|i| {
            format!("“We will rebuild the harbour bridge number {i} before winter,” said Mayor Jane Roe.")
        })
        .collect();
    std::fs::write(&path, format!("Bridge quotes\n\n{}\n", quotes.join("\n\n"))).unwrap();
    let run = run_bounded(
        &["brief", path.to_str().unwrap(), "--format", "json"],
        Duration::from_secs(60),
        50 << 20,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let story = &v["stories"][0];
    let shown = story["quotes"].as_array().unwrap().len();
    assert!(shown <= 500, "{shown} quotes listed");
    assert_eq!(shown as u64 + story["more_quotes"].as_u64().unwrap(), n);
    assert_eq!(story["quotes"][0]["speaker"], "Jane Roe");
}

#[test]
fn copies_of_identical_articles_print_the_set_once() {
    let dir = tempfile::tempdir().unwrap();
    let n = 2_000;
    let path = identical_articles(dir.path(), n);
    // Before: every pair, 2 million lines and gigabytes.
    let run = run_bounded(
        &["copies", path.to_str().unwrap()],
        Duration::from_secs(60),
        20 << 20,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lines: Vec<serde_json::Value> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The pairs against the first article, then the set of identical articles once.
    assert_eq!(lines.len(), n);
    assert!(lines[..n - 1].iter().all(|l| l["a"] == "copy-0"));
    let set = lines[n - 1]["identical"].as_array().unwrap();
    assert_eq!(set.len(), n);
    assert_eq!(set[n - 1], format!("copy-{}", n - 1));
}

#[test]
fn brief_of_identical_articles_grows_linearly_and_groups_them() {
    let dir = tempfile::tempdir().unwrap();
    let n = 2_000;
    let path = identical_articles(dir.path(), n);
    // Before: 1.58 GB.
    let run = run_bounded(
        &["brief", path.to_str().unwrap(), "--format", "json"],
        Duration::from_secs(90),
        8 << 20,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.len() < n * 1_000,
        "{} bytes for {n} articles",
        run.stdout.len()
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let story = &v["stories"][0];
    assert_eq!(story["articles"].as_array().unwrap().len(), n);
    let group = &story["syndication"][0];
    assert_eq!(group["articles"].as_array().unwrap().len(), n);
    assert_eq!(group["identical"].as_array().unwrap().len(), 1);
    assert_eq!(group["identical"][0].as_array().unwrap().len(), n);
    let passages = group["passages"].as_array().unwrap();
    assert!(
        !passages.is_empty() && passages.len() <= 64,
        "{}",
        passages.len()
    );
    assert_eq!(story["coverage"]["independent_sources"], 1);
}

#[test]
fn brief_of_near_identical_articles_is_bounded() {
    // One changed line each: no exact duplicates, so only the cap on candidates and the
    // distinct, capped passages keep the brief small (before: 236 MB for 1,000).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("near.jsonl");
    let n = 1_000;
    let mut lines = String::new();
    for i in 0..n {
        let article = serde_json::json!({
            "id": format!("near-{i}"),
            "title": "Gale closes harbour bridge",
            "text": format!("{WIRE}\n\nEdition {i} of the harbour bulletin, page {}.", i * 7),
        });
        lines.push_str(&article.to_string());
        lines.push('\n');
    }
    std::fs::write(&path, lines).unwrap();
    let run = run_bounded(
        &["brief", path.to_str().unwrap(), "--format", "json"],
        Duration::from_secs(90),
        8 << 20,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.len() < n * 1_000, "{} bytes", run.stdout.len());
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let group = &v["stories"][0]["syndication"][0];
    assert_eq!(group["articles"].as_array().unwrap().len(), n);
    assert!(group["passages"].as_array().unwrap().len() <= 64);
}

#[test]
fn markdown_escapes_markup_html_and_terminal_codes_from_titles_texts_and_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let article = "<script>alert(1)</script> \u{1b}[31mHarbour *bridge* closed\u{1b}[0m\n\n\
        Gale-force winds closed the harbour bridge on Tuesday, <img src=x onerror=alert(1)> the \
        transit authority said. “We will reopen it [soon] when the \u{1b}]0;owned\u{7} wind eases,” \
        Mayor Jane Roe said.\n\n# Not a heading\n";
    let good = dir.path().join("evil\u{1b}[2Jname.txt");
    std::fs::write(&good, article).unwrap();
    // A file that fails, to see the error message.
    std::fs::write(dir.path().join("empty\u{1b}[5m.txt"), "").unwrap();
    let root = dir.path().to_str().unwrap();
    for args in [
        vec!["extract", root, "--format", "markdown"],
        vec!["analyze", root, "--format", "markdown"],
        vec!["brief", root, "--format", "markdown"],
        vec!["brief", root, "--format", "html"],
    ] {
        let run = run_bounded(&args, Duration::from_secs(60), 1 << 20);
        let out = String::from_utf8(run.stdout).unwrap();
        for (what, text) in [("stdout", &out), ("stderr", &run.stderr)] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?}: control characters on {what}: {text:?}"
            );
        }
        assert!(
            run.stderr.contains("empty"),
            "{args:?}: the bad file is named: {}",
            run.stderr
        );
        if args.contains(&"html") {
            assert!(
                !out.contains("<script") && !out.contains("<img"),
                "{args:?}: raw HTML: {out}"
            );
        } else {
            let unescaped = out
                .match_indices('<')
                .filter(|&(i, _)| !out[..i].ends_with('\\'))
                .count();
            assert_eq!(unescaped, 0, "{args:?}: raw HTML: {out}");
            assert!(out.contains("onerror") || args[0] != "extract", "{out}");
        }
        if args[0] == "extract" {
            assert!(out.contains("\\<script\\>"), "{out}");
            assert!(out.contains("\\*bridge\\*"), "{out}");
            assert!(out.contains("\\# Not a heading"), "{out}");
        }
    }
}

#[test]
fn cluster_skips_a_bad_line_names_it_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.jsonl");
    let good = |id: &str| {
        serde_json::json!({"id": id, "title": "Gale closes harbour bridge", "text": WIRE})
            .to_string()
    };
    std::fs::write(
        &path,
        format!(
            "{}\n{{\"id\": \"broken\", \"text\": \n{}\n[1, 2]\n{}\n",
            good("a"),
            good("b"),
            good("c")
        ),
    )
    .unwrap();
    let run = run_bounded(
        &["cluster", path.to_str().unwrap()],
        Duration::from_secs(60),
        1 << 20,
    );
    assert_eq!(
        run.code,
        Some(1),
        "a bad line fails the run: {}",
        run.stderr
    );
    let ids: Vec<serde_json::Value> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|l| l.get("id").cloned())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert!(
        run.stderr.contains("stream.jsonl: line 2:") && run.stderr.contains("line 4:"),
        "{}",
        run.stderr
    );
}
