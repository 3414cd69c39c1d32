//! End-to-end: `chorus ingest` of the seeds into a store, re-ingesting, `chorus serve` over it,
//! and the feed commands — the real binary on real files.

mod common;

use common::serve;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chorus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .output()
        .expect("chorus runs")
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A GET over a plain socket: status and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    common::request(addr, "GET", path, "")
}

#[test]
fn the_seeds_become_one_story_in_which_the_syndicated_pair_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let seeds = seeds();
    let out = chorus(&["ingest", seeds.to_str().unwrap(), "--data", data_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = lines(&out);
    assert_eq!(first.len(), 5);
    assert!(first.iter().all(|l| l["status"] == "new"));
    assert!(first.iter().all(|l| l["story"] == first[0]["story"]));

    // Re-ingesting changes nothing, and says so.
    let out = chorus(&["ingest", seeds.to_str().unwrap(), "--data", data_arg]);
    assert!(out.status.success());
    assert!(lines(&out).iter().all(|l| l["status"] == "unchanged"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 briefs rewritten"));

    let served = serve(&data);
    let (status, body) = get(&served.addr, "/api/stories");
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let stories = page["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{body}");
    assert_eq!(stories[0]["articles"], 5);
    assert_eq!(stories[0]["independent_sources"], 4);
    let id = stories[0]["id"].as_str().unwrap();
    let (status, brief) = get(&served.addr, &format!("/api/stories/{id}"));
    assert_eq!(status, 200);
    let brief: serde_json::Value = serde_json::from_str(&brief).unwrap();
    let syndication = brief["stories"][0]["syndication"].as_array().unwrap();
    assert_eq!(syndication.len(), 1);
    assert_eq!(syndication[0]["articles"].as_array().unwrap().len(), 2);
    let (status, page) = get(&served.addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains("4 independent sources"));
}

#[test]
fn a_second_writer_is_told_the_store_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // An existing, empty directory: `serve` makes it a new store (a missing one needs --create).
    std::fs::create_dir(&data).unwrap();
    let _served = serve(&data);
    let out = chorus(&[
        "ingest",
        seeds().to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in use"));
}

#[test]
fn feeds_are_validated_listed_and_their_failures_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let out = chorus(&["feeds", "add", "file:///etc/passwd", "--data", data_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("file"));

    // A loopback port nobody listens on: the poll fails and the failure is recorded.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", closed.local_addr().unwrap());
    drop(closed);
    let out = chorus(&["feeds", "add", &url, "--data", data_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let opml = dir.path().join("feeds.opml");
    std::fs::write(
        &opml,
        format!(r#"<opml version="2.0"><body><outline text="Local"><outline type="rss" text="Again" xmlUrl="{url}"/></outline></body></opml>"#),
    )
    .unwrap();
    let out = chorus(&[
        "feeds",
        "import",
        opml.to_str().unwrap(),
        "--data",
        data_arg,
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 already there"));

    // A loopback feed is refused by default, and the error says how to allow it.
    let out = chorus(&["poll", "--data", data_arg]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a loopback address"), "{stderr}");
    assert!(stderr.contains("--allow-private-addresses"), "{stderr}");
    let out = chorus(&["feeds", "list", "--data", data_arg]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains(&url), "{listing}");
    assert!(listing.contains("last success: never"), "{listing}");
    assert!(listing.contains("1 failure in a row"), "{listing}");
    assert!(listing.contains("next poll:"), "{listing}");
}

/// Issue 15: `chorus ingest --defer-briefs` loads without writing briefs and says so; `chorus
/// serve` answers at once and a story's brief is there when asked for; a later plain ingest
/// writes what is left.
#[test]
fn deferred_briefs_are_left_to_the_server_or_the_next_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let seeds = seeds();
    let out = chorus(&[
        "ingest",
        seeds.to_str().unwrap(),
        "--data",
        data_arg,
        "--defer-briefs",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("0 briefs rewritten"), "{stderr}");
    assert!(
        stderr.contains("the briefs of 1 changed story are left to write"),
        "{stderr}"
    );
    let story = lines(&out)[0]["story"].as_str().unwrap().to_owned();

    let served = serve(&data);
    let (status, body) = get(&served.addr, &format!("/api/stories/{story}"));
    assert_eq!(status, 200);
    let brief: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(brief["stories"][0]["articles"].as_array().unwrap().len(), 5);
    drop(served);

    // Nothing is left for the next ingest, which rewrites nothing.
    let out = chorus(&["ingest", seeds.to_str().unwrap(), "--data", data_arg]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("0 briefs rewritten"), "{stderr}");
}
