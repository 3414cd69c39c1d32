//! End-to-end tests: the real `chorus` binary on real files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chorus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .output()
        .expect("the chorus binary runs")
}

fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn articles(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON article"))
        .collect()
}

#[test]
fn examples_extract_cleanly_in_every_format() {
    let out = chorus(&["extract", repo_path("examples").to_str().unwrap()]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let articles = articles(&out);
    let ids: Vec<&str> = articles.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "aldwin-radio-2025-0412",
            "aldwin-radio-feed#1",
            "urn:uuid:00000000-0000-4000-8000-000000000003",
            "coastal-courier",
            "journal-aldwin-windows1252",
            "northern-ledger",
            "cpa-0304-kestrel",
            "harbour-gazette-118",
        ]
    );
    for a in &articles {
        for field in [
            "id",
            "source_path",
            "url",
            "title",
            "byline",
            "published",
            "outlet",
            "language",
            "text",
        ] {
            assert!(a.get(field).is_some(), "{} lacks {field}", a["id"]);
        }
    }
    let by_id = |id: &str| articles.iter().find(|a| a["id"] == id).unwrap();
    let courier = by_id("coastal-courier");
    assert_eq!(courier["published"], "2025-03-05");
    assert_eq!(courier["byline"], "Rosa Delgado");
    let text = courier["text"].as_str().unwrap();
    assert!(!text.contains("Also read") && !text.contains("Tags:") && !text.contains("Festival"));
    assert!(text.contains("cut power to about 3,000 homes."));
    let journal = by_id("journal-aldwin-windows1252");
    assert!(journal["text"]
        .as_str()
        .unwrap()
        .contains("tempête qui avait arraché"));
    assert_eq!(journal["language"], "fr");
    let warc = by_id("urn:uuid:00000000-0000-4000-8000-000000000003");
    assert_eq!(warc["url"], "https://observer.example/kestrel-what-we-know");
    let ledger = by_id("northern-ledger");
    let text = ledger["text"].as_str().unwrap();
    assert!(text.contains("45 metres of railing"));
    for junk in [
        "Share on Facebook",
        "Terrible planning",
        "All rights reserved",
        "Ferry timetable",
    ] {
        assert!(!text.contains(junk), "ledger text keeps {junk:?}");
    }
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let a = chorus(&["extract", repo_path("examples").to_str().unwrap()]);
    let b = chorus(&["extract", repo_path("examples").to_str().unwrap()]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn seeds_get_titles_dates_bylines_and_lose_boilerplate() {
    let seeds = repo_path("../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seeds are expected at {}",
        seeds.display()
    );
    let out = chorus(&["extract", seeds.to_str().unwrap()]);
    assert!(out.status.success());
    let articles = articles(&out);
    assert_eq!(articles.len(), 5);
    let get = |i: usize, f: &str| articles[i][f].as_str().map(str::to_owned);
    assert_eq!(get(0, "id").as_deref(), Some("000_502df0261b767f7e"));
    assert!(get(0, "title")
        .unwrap()
        .starts_with("US, Russian top diplomats"));
    assert_eq!(get(0, "byline").as_deref(), Some("Aghakazim Guliyev"));
    assert!(get(3, "title").unwrap().ends_with("-- Without Kyiv"));
    assert_eq!(get(1, "published").as_deref(), Some("2025-02-18"));
    assert_eq!(get(4, "published").as_deref(), Some("2025-02-18"));
    let all: String = articles
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    for junk in [
        "Also read:",
        "Tags:",
        "Most Popular",
        ".(Reuters)",
        "Hajj",
        "By Aghakazim",
    ] {
        assert!(!all.contains(junk), "boilerplate left: {junk:?}");
    }
    assert!(all.contains("His visit has now been rescheduled for March 10."));
    assert!(all.contains("“a comprehensive consideration of security issues” in Europe."));
}

#[test]
fn bad_inputs_get_one_line_each_and_the_rest_still_come_out() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write(
        "a-good.txt",
        b"The ferry ran on time all week.\nPassengers were pleased.",
    );
    write("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    write("latin1.txt", b"Caf\xe9 owners met on Monday.");
    write("empty.html", b"");
    let mut big = b"<html><body><p>".to_vec();
    big.resize(50 << 20, b'a');
    write("huge.html", &big);
    let mut gz = Vec::new();
    {
        let mut enc = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::default());
        enc.write_all(
            "<html><body><p>A page long enough to be cut short.</p></body></html>"
                .repeat(50)
                .as_bytes(),
        )
        .unwrap();
        enc.finish().unwrap();
    }
    write("truncated.html.gz", &gz[..gz.len() / 2]);
    write(
        "truncated.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n",
    );
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel><title>Bomb</title><item><title>x</title><description>&f;</description></item></channel></rss>"#;
    write("bomb.xml", bomb.as_bytes());
    write(
        "empty-feed.xml",
        br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>"#,
    );
    write("bad.jsonl", b"{\"id\":\"ok-1\",\"text\":\"A fine record about the harbour.\"}\nnot json\n{\"text\":\"no id\"}\n");

    let missing = dir.path().join("does-not-exist.txt");
    let out = chorus(&[
        "extract",
        dir.path().to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    let expect = [
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("empty.html", "empty"),
        ("huge.html", "exceeds the limit"),
        ("truncated.html.gz", "gzip"),
        ("truncated.warc", "truncated"),
        ("empty-feed.xml", "no articles"),
        ("bad.jsonl: line 2", "JSON"),
        ("bad.jsonl: line 3", "id"),
        ("does-not-exist.txt", "cannot read"),
    ];
    for (name, reason) in expect {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(reason)),
            "no stderr line names {name} with {reason:?}:\n{stderr}"
        );
    }
    assert!(
        stderr.lines().any(|l| l.contains("bomb.xml")),
        "the bomb is reported:\n{stderr}"
    );
    for line in stderr.lines() {
        assert!(
            line.starts_with("chorus: "),
            "unexpected stderr line {line:?}"
        );
    }
    let ids: Vec<String> = articles(&out)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["a-good", "ok-1"]);
}

#[test]
fn usage_errors_exit_2_and_help_explains_statuses() {
    assert_eq!(chorus(&["extract"]).status.code(), Some(2));
    assert_eq!(chorus(&["no-such-command"]).status.code(), Some(2));
    let help = chorus(&["extract", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit status: 0"));
}

#[test]
fn a_page_with_no_article_text_is_skipped_not_failed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("examples/coastal-courier.txt"),
        dir.path().join("coastal-courier.txt"),
    )
    .unwrap();
    // A sign-in page: only furniture.
    std::fs::write(
        dir.path().join("sign-in.html"),
        "<html><body><p>Please enable JavaScript to view this page.</p></body></html>",
    )
    .unwrap();
    for command in ["extract", "brief"] {
        let out = chorus(&[command, dir.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{command}: {stderr}");
        assert!(stderr.contains("sign-in.html"), "{command}: {stderr}");
        assert!(
            stderr.contains("no article text found (skipped)"),
            "{command}: {stderr}"
        );
        assert!(!out.stdout.is_empty(), "{command}");
    }
}
