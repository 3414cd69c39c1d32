//! End-to-end: `chorus brief --one-story`, every article read forming one story.

use std::path::{Path, PathBuf};
use std::process::Command;

fn seeds() -> PathBuf {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seeds are expected at {}",
        seeds.display()
    );
    seeds
}

fn brief_json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .arg("brief")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("chorus runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON brief")
}

#[test]
fn the_seeds_as_one_story_hold_all_five_articles_briefed_in_full() {
    let seeds = seeds();
    let v = brief_json(&["--one-story", seeds.to_str().unwrap()]);
    assert_eq!(v["schema"], "chorus.brief/1");
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1);
    let story = &stories[0];
    assert_eq!(story["id"], "story-1");
    assert_eq!(story["articles"].as_array().unwrap().len(), 5);
    assert_eq!(v["articles"].as_array().unwrap().len(), 5);
    for part in [
        "summary",
        "facts",
        "entities",
        "quotes",
        "timeline",
        "syndication",
    ] {
        assert!(
            !story[part].as_array().unwrap().is_empty(),
            "{part} is empty"
        );
    }
    assert!(!story["title"].as_str().unwrap().is_empty());
    // The clusterer keeps the seeds together, so the story is the one `chorus brief` writes.
    let clustered = brief_json(&[seeds.to_str().unwrap()]);
    if clustered["stories"].as_array().unwrap().len() == 1 {
        assert_eq!(clustered, v);
    }
}

#[test]
fn unrelated_articles_still_form_one_story() {
    let dir = tempfile::tempdir().unwrap();
    let first = seeds().join("000_502df0261b767f7e.txt");
    std::fs::copy(&first, dir.path().join("a.txt")).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Gardeners report record tomato harvest\n\nGardeners across the valley picked more \
         tomatoes this summer than in any year on record, the growers' association said on \
         Tuesday.\n\nThe association counted 4,000 members taking part.\n",
    )
    .unwrap();
    let clustered = brief_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(clustered["stories"].as_array().unwrap().len(), 2);
    let v = brief_json(&["--one-story", dir.path().to_str().unwrap()]);
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["articles"].as_array().unwrap().len(), 2);
}
