//! The store follows the clusterer's splits: on a real stream (the Multi-News dev documents,
//! read in place from `../shared/data`), every article's stored story is the one a clusterer of
//! its own, fed the same articles and following the merges and moves it reports, ends with.

use chorus_core::Article;
use chorus_relate::cluster::StoryClusterer;
use chorus_store::Store;
use std::collections::HashMap;
use std::path::Path;

/// Documents of this many words or more, as the Multi-News clustering stream takes them.
const MIN_WORDS: usize = 80;

fn multinews() -> Vec<Article> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/multinews-dev/multinews_validation_sample250.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let mut articles = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cluster: serde_json::Value = serde_json::from_str(line).unwrap();
        for doc in cluster["documents"].as_array().into_iter().flatten() {
            let text = doc.as_str().unwrap_or_default();
            if text.split_whitespace().count() >= MIN_WORDS {
                articles.push(Article {
                    id: format!("mn-{}", articles.len()),
                    source_path: "multinews".to_owned(),
                    url: None,
                    title: None,
                    byline: None,
                    published: None,
                    outlet: None,
                    language: None,
                    text: text.to_owned(),
                    furniture_dates: Vec::new(),
                });
            }
        }
    }
    articles
}

#[test]
fn stored_stories_follow_the_clusterers_merges_and_moves() {
    let articles = multinews();
    assert!(articles.len() > 500, "{} articles", articles.len());

    // The clusterer alone, every reported merge and move followed.
    let mut clusterer = StoryClusterer::default();
    let mut story_of: Vec<u64> = Vec::with_capacity(articles.len());
    let mut moves = 0;
    for article in &articles {
        let story = clusterer.add(&chorus::cluster::cluster_input(article));
        story_of.push(story);
        for merge in clusterer.take_merges() {
            for s in &mut story_of {
                if *s == merge.from {
                    *s = merge.into;
                }
            }
        }
        for m in clusterer.take_moves() {
            assert_eq!(story_of[m.article as usize], m.from);
            story_of[m.article as usize] = m.to;
            moves += 1;
        }
    }
    assert!(moves > 0, "the stream must exercise splits");

    // The store, fed the same articles in batches.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    for batch in articles.chunks(64) {
        store.ingest(batch).unwrap();
    }
    let reader = store.reader().unwrap();
    let stored: Vec<u64> = articles
        .iter()
        .map(|a| {
            reader
                .article(&a.id)
                .unwrap()
                .unwrap()
                .story
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(stored, story_of);

    // Search reports each hit's story as stored.
    let by_id: HashMap<&str, u64> = articles
        .iter()
        .map(|a| a.id.as_str())
        .zip(stored.iter().copied())
        .collect();
    for hit in reader.search("said", 100).unwrap() {
        assert_eq!(hit.story, by_id[hit.id.as_str()]);
    }
}
