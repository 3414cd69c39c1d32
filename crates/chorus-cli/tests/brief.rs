//! End-to-end: `chorus brief` on the five seed articles, as snapshots (insta) and as checks of
//! what a journalist relies on.

use std::path::Path;
use std::process::Command;

fn brief(format: &str) -> String {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seeds are expected at {}",
        seeds.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["brief", seeds.to_str().unwrap(), "--format", format])
        .output()
        .expect("chorus runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn seeds_brief_markdown_snapshot() {
    insta::assert_snapshot!("seeds_brief_markdown", brief("markdown"));
}

#[test]
fn seeds_brief_json_snapshot() {
    insta::assert_snapshot!("seeds_brief_json", brief("json"));
}

#[test]
fn seeds_form_one_story_with_the_syndicated_pair_and_cited_sentences() {
    let v: serde_json::Value = serde_json::from_str(&brief("json")).unwrap();
    assert_eq!(v["schema"], "chorus.brief/1");
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "the seeds are one story");
    let story = &stories[0];
    assert_eq!(story["articles"].as_array().unwrap().len(), 5);
    let syndicated: Vec<&str> = story["syndication"][0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(syndicated, ["003_9b7ab23635a9784e", "004_40a6a4508b0e193b"]);
    assert_eq!(story["coverage"]["independent_sources"], 4);
    for s in story["summary"].as_array().unwrap() {
        assert!(
            !s["sources"].as_array().unwrap().is_empty(),
            "uncited summary sentence {s}"
        );
    }
    let speaker_of = |start: &str| {
        story["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["text"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no quote {start:?}"))["speaker"]
            .clone()
    };
    assert_eq!(
        speaker_of("The conversation was very useful"),
        "Sergey Lavrov"
    );
    assert_eq!(speaker_of("take each other"), "Yuri Ushakov");
    let dates: Vec<&str> = story["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["date"].as_str().unwrap())
        .collect();
    for date in ["2025-02-17", "2025-02-18", "2025-03-10"] {
        assert!(dates.contains(&date), "timeline lacks {date}: {dates:?}");
    }
    // The two divergences a reader must see, each side cited.
    let divergence_with = |a: &str, b: &str| {
        story["divergences"].as_array().unwrap().iter().any(|d| {
            let variants = d["variants"].as_array().unwrap();
            let has = |needle: &str| {
                variants.iter().any(|v| {
                    v["text"].as_str().unwrap().contains(needle)
                        && !v["sources"].as_array().unwrap().is_empty()
                })
            };
            has(a) && has(b)
        })
    };
    assert!(divergence_with(
        "concessions from both the United States and Russia",
        "concessions from all sides"
    ));
    assert!(divergence_with("very useful", "little progress"));
}

#[test]
fn html_brief_is_one_self_contained_page() {
    let html = brief("html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta name=\"viewport\""));
    for external in [
        "<script src",
        "<link rel=\"stylesheet\"",
        "@import",
        "<img src=\"http",
    ] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    assert!(html.contains("class=\"timeline\"") && html.contains("class=\"bar\""));
}
