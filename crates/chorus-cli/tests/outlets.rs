//! End-to-end: one rule names every article's outlet — metadata, then what the text says, then
//! the site's host name, never the file name — and the CLI's extract and brief, the store's
//! story list (API and web) and the brief's sources agree. The real binary on a small invented
//! fixture.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

const PARAGRAPHS: &str = "Gale-force winds closed the Harborview swing bridge on Tuesday after a \
section of its railing was torn away, the harbour authority said.\n\nEngineers inspected the \
span overnight and said it could reopen on Wednesday if the wind eased.\n\nFerry crews added \
extra crossings to carry commuters across the harbour while the bridge stayed shut.";

/// Writes the fixture: five articles about one event, each naming its outlet another way.
fn fixture(dir: &Path) {
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    // A dateline credit.
    write(
        "coastal-courier.txt",
        &format!("HARBORVIEW (Gull News) — {PARAGRAPHS}"),
    );
    // A copyright sign-off.
    write(
        "bay-ledger.txt",
        &format!("{PARAGRAPHS}\n\n© 2024 The Bay Ledger. All rights reserved."),
    );
    // Metadata wins over a dateline credit in the text.
    let text = format!("HARBORVIEW (Other Wire) — {PARAGRAPHS}");
    write(
        "inland.jsonl",
        &format!(
            "{}\n",
            serde_json::json!({"id": "inland-1", "outlet": "Inland Times", "text": text})
        ),
    );
    // Nothing names the outlet.
    write("quiet-harbor.txt", PARAGRAPHS);
    // A page with an address but no site name: its host.
    let body: String = PARAGRAPHS
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    write(
        "harbor-daily.html",
        &format!(
            "<!doctype html><html lang=\"en\"><head><title>Gale shuts Harborview bridge</title>\
             <link rel=\"canonical\" href=\"https://www.harbor-daily.example/news/bridge\"></head>\
             <body><article><h1>Gale shuts Harborview bridge</h1>{body}</article></body></html>"
        ),
    );
}

fn chorus(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .output()
        .expect("chorus runs");
    assert!(
        out.status.success(),
        "chorus {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const STEMS: [&str; 5] = [
    "coastal-courier",
    "bay-ledger",
    "inland",
    "quiet-harbor",
    "harbor-daily",
];

fn known() -> BTreeSet<String> {
    [
        "Gull News",
        "The Bay Ledger",
        "Inland Times",
        "harbor-daily.example",
    ]
    .map(str::to_owned)
    .into()
}

#[test]
fn outlets_follow_one_rule_in_extract_brief_store_and_web() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    fixture(&articles);
    let articles_arg = articles.to_str().unwrap();

    // extract: each article's outlet.
    let out = chorus(&["extract", articles_arg]);
    let outlets: Vec<(String, serde_json::Value)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|a| (a["id"].as_str().unwrap().to_owned(), a["outlet"].clone()))
        .collect();
    let outlet_of = |id: &str| {
        outlets
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, o)| o.clone())
            .unwrap_or_else(|| panic!("{id} not extracted: {outlets:?}"))
    };
    assert_eq!(outlet_of("coastal-courier"), "Gull News");
    assert_eq!(outlet_of("bay-ledger"), "The Bay Ledger");
    assert_eq!(outlet_of("inland-1"), "Inland Times");
    assert_eq!(outlet_of("harbor-daily"), "harbor-daily.example");
    assert!(outlet_of("quiet-harbor").is_null());

    // brief: the coverage lists the known outlets, the unknown one apart, never a file stem.
    let out = chorus(&["brief", "--one-story", articles_arg, "--format", "json"]);
    let brief: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let coverage = &brief["stories"][0]["coverage"];
    let listed: BTreeSet<String> = coverage["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["outlet"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, known());
    assert_eq!(
        coverage["unknown_outlet"],
        serde_json::json!(["quiet-harbor"])
    );
    let out = chorus(&["brief", "--one-story", articles_arg]);
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(markdown.contains("- Unknown outlet: "), "{markdown}");
    assert!(
        markdown.contains("`quiet-harbor` — Unknown outlet"),
        "{markdown}"
    );
    for stem in STEMS {
        assert!(!markdown.contains(&format!("- {stem}:")), "{markdown}");
    }

    // store: every story's listed outlets are known outlets, the same as its brief's coverage,
    // and the web pages say "Unknown outlet" rather than a file name.
    let data = dir.path().join("data");
    chorus(&["ingest", articles_arg, "--data", data.to_str().unwrap()]);
    let served = common::serve(&data);
    let (status, body) = common::request(&served.addr, "GET", "/api/stories", "");
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut all = BTreeSet::new();
    for story in page["stories"].as_array().unwrap() {
        let listed: Vec<String> = story["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap().to_owned())
            .collect();
        let id = story["id"].as_str().unwrap();
        let (status, brief) =
            common::request(&served.addr, "GET", &format!("/api/stories/{id}"), "");
        assert_eq!(status, 200);
        let brief: serde_json::Value = serde_json::from_str(&brief).unwrap();
        let covered: Vec<String> = brief["stories"][0]["coverage"]["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["outlet"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(listed, covered, "{id}");
        all.extend(listed);
    }
    assert!(all.is_subset(&known()), "{all:?}");
    let (status, html) = common::request(&served.addr, "GET", "/", "");
    assert_eq!(status, 200);
    let shown: Vec<&str> = html
        .split("class=\"outlets\">")
        .skip(1)
        .filter_map(|rest| rest.split("</p>").next())
        .collect();
    assert!(!shown.is_empty(), "{html}");
    for line in shown {
        let names: BTreeSet<String> = line.split(", ").map(str::to_owned).collect();
        assert!(
            names.is_subset(&known()) || line == "Outlets unknown",
            "{line}"
        );
    }
    let story_of_quiet = page["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .find(|id| {
            let (_, b) = common::request(&served.addr, "GET", &format!("/api/stories/{id}"), "");
            b.contains("quiet-harbor")
        })
        .expect("a story holds the unnamed article");
    let (status, html) = common::request(
        &served.addr,
        "GET",
        &format!("/stories/{story_of_quiet}"),
        "",
    );
    assert_eq!(status, 200);
    assert!(html.contains("Unknown outlet"));
}
