//! The hostile file set, end to end: files a stranger could send, generated into a temporary
//! directory (never committed), each given to the real `chorus extract` alone and then all
//! together as one directory. Every file is extracted or refused with one clear `chorus:` line
//! naming it, the other files still come out, and every run stays within a wall-clock cap and a
//! peak memory (the child's maximum resident set, from `wait4`). The figures are printed.
//!
//! Before the fixes of issue 13 the nested pages aborted the process (stack overflow), the
//! attribute page took 10 s, the repeated ids 117 s, the directory with a dangling symlink gave
//! 0 articles, the late WARC records were lost, the UTF-16 page was refused as binary, the
//! `replacement` page became "\u{fffd}" and the FIFO hung.

use flate2::write::GzEncoder;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall-clock cap of one run: generous for a loaded 2-core machine (the slowest run takes a
/// few seconds in release mode; the bugs took minutes or never ended).
const TIME_CAP: Duration = Duration::from_secs(30);

/// Peak resident memory cap of one run.
const MEMORY_CAP_KIB: i64 = 1 << 20;

const PARAGRAPH: &str = "<p>The harbour bridge reopened on Tuesday after two years of repairs, \
    the city's transport office said in a statement to reporters.</p>\n";

fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Harbour bridge reopens</title></head><body><article>\
         <h1>Harbour bridge reopens</h1>{}{body}</article></body></html>",
        PARAGRAPH.repeat(3)
    )
}

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_kib: i64,
}

impl Run {
    /// The `chorus:` error lines (html5ever's warnings go to stderr too, through tracing).
    fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("chorus: "))
            .collect()
    }

    fn articles(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON article a line"))
            .collect()
    }
}

/// Runs `chorus extract --format jsonl ARGS`, measuring the child's wall clock and peak memory;
/// kills it at the time cap. The peak is `ru_maxrss` of the reaped child: on Linux it also
/// counts the test process's own resident set at the fork, so it is an upper bound.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its peak memory"
)]
fn extract(args: &[&Path]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .arg("extract")
        .args(["--format", "jsonl"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chorus starts");
    let started = Instant::now();
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).expect("stdout is UTF-8");
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).expect("stderr is UTF-8");
        s
    });
    let mut status = 0;
    // SAFETY: plain system calls on our own child's pid with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(done >= 0, "wait4 failed");
        if done == pid {
            break;
        }
        if started.elapsed() > TIME_CAP {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            panic!("chorus extract {args:?} ran over {TIME_CAP:?} and was killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = started.elapsed();
    assert!(
        libc::WIFEXITED(status),
        "chorus extract {args:?} did not exit normally (status {status:#x}): {}",
        err_reader.join().unwrap_or_default()
    );
    let run = Run {
        code: libc::WEXITSTATUS(status),
        stdout: out_reader.join().expect("stdout read"),
        stderr: err_reader.join().expect("stderr read"),
        elapsed,
        peak_kib: usage.ru_maxrss,
    };
    println!(
        "{:<28} exit {} in {:>6.2} s, peak {:>7} KiB, {} articles, {} errors",
        args.iter()
            .map(|p| p.file_name().unwrap_or_default().to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        run.code,
        run.elapsed.as_secs_f64(),
        run.peak_kib,
        run.articles().len(),
        run.errors().len()
    );
    assert!(
        run.peak_kib <= MEMORY_CAP_KIB,
        "peak {} KiB over the cap",
        run.peak_kib
    );
    assert!(
        matches!(run.code, 0 | 1),
        "exit {}: {}",
        run.code,
        run.stderr
    );
    run
}

fn utf16_le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xfe];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

fn warc_record(id: usize) -> String {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{}",
        page(&format!(
            "<p>Record {id} tells its own story of the harbour.</p>"
        ))
    );
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:rec:{id}>\r\n\
         WARC-Target-URI: https://news.example/{id}\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
}

/// Writes the hostile set into `dir`; returns the names of the regular files.
fn generate(dir: &Path) -> Vec<&'static str> {
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    write(
        "b-30000-deep.html",
        page(&format!(
            "{}Deep words.{}",
            "<b>".repeat(30_000),
            "</b>".repeat(30_000)
        ))
        .as_bytes(),
    );
    write(
        "tables-10000-deep.html",
        page(&"<table><tr><td>cell ".repeat(10_000)).as_bytes(),
    );
    write(
        "td-100000-unclosed.html",
        page(&format!("<table><tr>{}", "<td>x".repeat(100_000))).as_bytes(),
    );
    write(
        "div-200000-deep.html",
        page(&"<div>".repeat(200_000)).as_bytes(),
    );
    write(
        "div-90000-deep.html",
        page(&format!(
            "{}{}",
            "<div>".repeat(90_000),
            PARAGRAPH.repeat(5)
        ))
        .as_bytes(),
    );
    let attributes: String = (0..40_000).map(|i| format!(" data-a{i}=\"v\"")).collect();
    write(
        "attributes-40000.html",
        page(&format!("<p{attributes}>The attributed paragraph.</p>")).as_bytes(),
    );
    // Memory: a 4 MiB page of paragraphs (a 16 MiB one peaks at about 700 MB, too slow here).
    let paragraphs = PARAGRAPH.repeat((4 << 20) / PARAGRAPH.len());
    write("big-4mib.html", page(&paragraphs).as_bytes());
    let mut lines = String::new();
    for i in 0..40_000 {
        lines.push_str(&format!(
            "{{\"id\":\"same\",\"text\":\"Line {i} of a feed that repeats one id.\"}}\n"
        ));
    }
    write("repeated-ids-40000.jsonl", lines.as_bytes());
    let blank = "\r\n".repeat(64 << 10);
    write(
        "blank-lines.warc",
        format!(
            "{}{blank}{}{}",
            warc_record(1),
            warc_record(2),
            warc_record(3)
        )
        .as_bytes(),
    );
    write(
        "utf16-bom.html",
        &utf16_le(&page("<p>Le café a rouvert ses portes mardi.</p>")),
    );
    // Windows-1252 bytes under a label that names no usable encoding.
    let mut replacement = format!(
        "<meta charset=\"replacement\">{}",
        page("<p>The caf\u{e9} on the quay reopened too.</p>")
    )
    .into_bytes();
    let e_acute = replacement
        .windows(2)
        .position(|w| w == "é".as_bytes())
        .expect("an é");
    replacement.splice(e_acute..e_acute + 2, [0xe9]);
    write("charset-replacement.html", &replacement);
    write(
        "entity-feed.xml",
        b"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\
          <rss version=\"2.0\"><channel><title>x</title><item><title>t</title><description>&b;</description></item></channel></rss>",
    );
    // A gzip bomb: 256 MiB of zeros in about 256 KiB; reading stops at the document limit.
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..256 {
        gz.write_all(&zeros).expect("compress");
    }
    write("bomb.html.gz", &gz.finish().expect("compress"));
    write(
        "good.txt",
        b"Ferry service resumes\n\nThe ferry resumed its crossings on Monday morning.\n",
    );
    vec![
        "b-30000-deep.html",
        "tables-10000-deep.html",
        "td-100000-unclosed.html",
        "div-200000-deep.html",
        "div-90000-deep.html",
        "attributes-40000.html",
        "big-4mib.html",
        "repeated-ids-40000.jsonl",
        "blank-lines.warc",
        "utf16-bom.html",
        "charset-replacement.html",
        "entity-feed.xml",
        "bomb.html.gz",
        "good.txt",
    ]
}

/// Each file alone: extracted, or refused with `chorus:` lines that all name it.
fn check_alone(path: &Path, name: &str) -> Run {
    let run = extract(&[path]);
    for line in run.errors() {
        assert!(
            line.contains(name),
            "{name}: an error not naming it: {line}"
        );
    }
    let extracted = run.articles().len();
    assert!(
        extracted > 0 || !run.errors().is_empty(),
        "{name}: neither extracted nor refused: {}",
        run.stderr
    );
    assert_eq!(run.code == 0, run.errors().is_empty(), "{name}: exit code");
    run
}

fn texts_of(run: &Run, source: &str) -> Vec<String> {
    run.articles()
        .iter()
        .filter(|a| {
            a["source_path"]
                .as_str()
                .is_some_and(|p| p.ends_with(source))
        })
        .map(|a| a["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn hostile_files_are_extracted_or_refused_in_bounded_time_and_memory() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("hostile");
    std::fs::create_dir(&dir).expect("mkdir");
    let names = generate(&dir);

    for name in &names {
        let run = check_alone(&dir.join(name), name);
        let texts = texts_of(&run, name);
        match *name {
            "b-30000-deep.html"
            | "tables-10000-deep.html"
            | "attributes-40000.html"
            | "big-4mib.html"
            | "good.txt" => {
                assert_eq!(texts.len(), 1, "{name}: {}", run.stderr)
            }
            "div-200000-deep.html" | "td-100000-unclosed.html" => {
                assert!(
                    run.errors()[0].contains("more than 100000 HTML tags"),
                    "{name}"
                )
            }
            "repeated-ids-40000.jsonl" => {
                let ids: BTreeSet<String> = run
                    .articles()
                    .iter()
                    .map(|a| a["id"].as_str().unwrap_or_default().to_owned())
                    .collect();
                assert_eq!(ids.len(), 40_000);
                assert!(
                    ids.contains("same") && ids.contains("same~2") && ids.contains("same~40000")
                );
            }
            "blank-lines.warc" => {
                assert_eq!(texts.len(), 3, "{}", run.stderr);
                assert!(texts[2].contains("Record 3"));
            }
            "utf16-bom.html" => assert!(texts[0].contains("Le café a rouvert"), "{texts:?}"),
            "charset-replacement.html" => {
                assert!(texts[0].contains("The café on the quay"), "{texts:?}");
                assert!(!texts[0].contains('\u{fffd}'));
            }
            "entity-feed.xml" => assert!(run.errors()[0].contains("entit"), "{}", run.stderr),
            "bomb.html.gz" => assert!(run.errors()[0].contains("exceeds the limit")),
            _ => {}
        }
    }

    // A FIFO given as a path is refused at once, not waited on.
    let fifo = tmp.path().join("pipe.html");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let run = check_alone(&fifo, "pipe.html");
    assert!(
        run.errors()[0].contains("not a regular file"),
        "{}",
        run.stderr
    );

    // The whole directory, with a dangling symlink, a symlink loop and the FIFO inside: each bad
    // entry named once, every other file still read.
    std::os::unix::fs::symlink(dir.join("gone.html"), dir.join("dangling.html")).expect("symlink");
    std::os::unix::fs::symlink(&dir, dir.join("loop")).expect("symlink");
    std::fs::rename(&fifo, dir.join("pipe.html")).expect("move the FIFO");
    let run = extract(&[&dir]);
    assert_eq!(run.code, 1);
    for bad in ["dangling.html", "loop", "pipe.html"] {
        assert_eq!(
            run.errors().iter().filter(|l| l.contains(bad)).count(),
            1,
            "{bad}: {}",
            run.stderr
        );
    }
    for good in [
        "b-30000-deep.html",
        "tables-10000-deep.html",
        "attributes-40000.html",
        "big-4mib.html",
        "utf16-bom.html",
        "charset-replacement.html",
        "good.txt",
    ] {
        assert_eq!(
            texts_of(&run, good).len(),
            1,
            "{good} missing from the directory run"
        );
    }
    assert_eq!(texts_of(&run, "blank-lines.warc").len(), 3);
    assert_eq!(texts_of(&run, "repeated-ids-40000.jsonl").len(), 40_000);
}

#[test]
fn max_document_mib_out_of_range_is_a_usage_error() {
    for value in ["0", "4097", "17592186044416"] {
        let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
            .args(["extract", "--max-document-mib", value, "x.txt"])
            .output()
            .expect("chorus runs");
        assert_eq!(out.status.code(), Some(2), "{value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--max-document-mib"), "{value}: {stderr}");
    }
}
