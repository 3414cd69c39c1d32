//! Crash safety: `kill -9` an ingest of a few thousand articles at random moments, restart,
//! and check that the store opens, passes SQLite's integrity check and holds every article whose
//! ingest was reported done. Then finish the ingest and check that nothing was lost or doubled.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const KILLS: usize = 20;
const EVENTS: usize = 600;
const PER_EVENT: usize = 5;

fn write_stream(path: &Path) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for article in chorus_eval::synthetic::stream(EVENTS, PER_EVENT, 42) {
        serde_json::to_writer(&mut file, &article).unwrap();
        file.write_all(b"\n").unwrap();
    }
    file.flush().unwrap();
}

/// Opens the store as a new process would and checks it.
fn check_store(data: &Path, reported: &[String]) -> usize {
    let store = chorus_store::Store::open(data).expect("the store opens after a kill");
    drop(store);
    let conn = rusqlite::Connection::open(data.join(chorus_store::DATABASE_FILE)).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut stmt = conn
        .prepare("SELECT 1 FROM articles WHERE id = ?1")
        .unwrap();
    for id in reported {
        assert!(
            stmt.exists([id]).unwrap(),
            "{id} was reported done but is not in the store"
        );
    }
    conn.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))
        .unwrap() as usize
}

#[test]
fn killed_ingests_lose_nothing_reported_and_never_corrupt_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stream.jsonl");
    write_stream(&input);
    let data = dir.path().join("data");
    let mut rng = chorus_eval::synthetic::Rng::new(2026);
    let mut reported: Vec<String> = Vec::new();
    let mut kills = 0;
    let mut completed_runs = 0;
    while kills < KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
            .args(["ingest", "--report", "jsonl", "--data"])
            .arg(&data)
            .arg(&input)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut ids = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: serde_json::Value = serde_json::from_str(&line).unwrap();
                ids.push(value["id"].as_str().unwrap().to_owned());
            }
            ids
        });
        // A random moment: while reading, clustering, committing or writing briefs.
        std::thread::sleep(Duration::from_millis(30 + rng.below(2500) as u64));
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        } else {
            completed_runs += 1;
        }
        child.wait().unwrap();
        reported.extend(reader.join().unwrap());
        let stored = check_store(&data, &reported);
        eprintln!(
            "run {}: {} reported so far, {stored} stored{}",
            kills + completed_runs,
            reported.len(),
            if finished {
                " (completed before the kill)"
            } else {
                " (killed)"
            }
        );
        if finished {
            // Start again from an empty store, so every run has work to interrupt.
            std::fs::remove_dir_all(&data).unwrap();
            reported.clear();
        }
    }
    assert!(kills >= KILLS);

    // Finish: every article once, every brief written, re-running changes nothing.
    let status = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["ingest", "--report", "none", "--data"])
        .arg(&data)
        .arg(&input)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(check_store(&data, &reported), EVENTS * PER_EVENT);
    let store = chorus_store::Store::open(&data).unwrap();
    assert!(store.stale_stories().unwrap().is_empty());
    let hits = store.reader().unwrap().search("officials", 5).unwrap();
    assert!(!hits.is_empty());
    drop(store);
    let output = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["ingest", "--report", "jsonl", "--data"])
        .arg(&data)
        .arg(&input)
        .output()
        .unwrap();
    let unchanged = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"unchanged\""))
        .count();
    assert_eq!(unchanged, EVENTS * PER_EVENT);
    eprintln!("{kills} kills, {completed_runs} runs completed before their kill");
}
