//! One very large story must not make its brief's refresh grow without bound: the brief is
//! written from a bounded sample of its articles, says so, and is written only for the version
//! of the story it was synthesized from.

use chorus_core::Article;
use chorus_store::{Store, StoryQuery};

/// Articles in the generated story: more than a brief is written from.
const STORY: usize = 260;

/// Most articles a brief is written from (`chorus_store::BRIEF_MAX_ARTICLES`).
const BRIEF_MAX: usize = 200;

/// Near-identical reports of one event: the same eight sentences, each outlet keeping four to
/// eight of them in its own order (a deterministic shuffle).
fn report(n: usize) -> Article {
    let sentences = [
        "In Velmora, flood waters reached the town centre on Tuesday, officials said.",
        "Mayor Quen Dralith said the Kavel Authority was working with residents.",
        "About 412 people were affected by the flood, according to the Kavel Authority.",
        "\"We will keep Velmora informed at every step,\" Quen Dralith told reporters.",
        "Residents of Velmora described a long night as news of the flood spread.",
        "The Kavel Authority said a full report on the flood would follow next week.",
        "The harbour and the library on Tinsa Street were the worst hit.",
        "Crews from the hospital moved to the market near Tinsa Street by evening.",
    ];
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut state = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for k in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(k, (state % (k as u64 + 1)) as usize);
    }
    order.truncate(4 + (state % 5) as usize);
    let outlets = [
        "Harbour Gazette",
        "Valley Courier",
        "Northern Ledger",
        "City Wire",
        "Evening Sentinel",
        "Coastal Times",
    ];
    Article {
        id: format!("flood-{n}"),
        source_path: "generated".to_owned(),
        url: Some(format!("https://news.example/flood/{n}")),
        title: Some("Velmora flood: Quen Dralith of the Kavel Authority speaks".to_owned()),
        byline: None,
        published: Some(format!("2026-03-03T{:02}:{:02}:00Z", (n / 60) % 24, n % 60)),
        outlet: Some(outlets[n % outlets.len()].to_owned()),
        language: Some("en".to_owned()),
        text: order
            .iter()
            .map(|&i| sentences[i])
            .collect::<Vec<_>>()
            .join("\n\n"),
        furniture_dates: Vec::new(),
    }
}

#[test]
fn a_large_storys_brief_is_written_from_a_bounded_sample_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let reports: Vec<Article> = (0..STORY).map(report).collect();
    let done = store.ingest(&reports).unwrap();
    let story = done[0].story;
    assert!(done.iter().all(|d| d.story == story), "one story");
    store.refresh_briefs(|_, _| {}).unwrap();

    // One more article: the refresh reads and synthesizes a bounded sample, the newest included.
    let started = std::time::Instant::now();
    let more = store.ingest(&[report(STORY)]).unwrap();
    assert_eq!(more[0].story, story);
    assert_eq!(store.refresh_briefs(|_, _| {}).unwrap(), vec![story]);
    let took = started.elapsed();
    assert!(took.as_secs() < 60, "one article's refresh took {took:?}");

    let reader = store.reader().unwrap();
    let brief: serde_json::Value =
        serde_json::from_str(&reader.brief_json(story).unwrap().unwrap()).unwrap();
    let listed = brief["stories"][0]["articles"].as_array().unwrap();
    assert!(listed.len() <= BRIEF_MAX, "{} articles read", listed.len());
    assert_eq!(brief["articles"].as_array().unwrap().len(), listed.len());
    assert_eq!(brief["sampled"]["articles"], listed.len());
    assert_eq!(brief["sampled"]["of"], STORY + 1);
    assert!(brief["sampled"]["rule"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    // The first reports and the newest are in the sample.
    let ids: Vec<&str> = listed.iter().filter_map(|v| v.as_str()).collect();
    assert!(ids.contains(&"flood-0"));
    assert!(ids.contains(&format!("flood-{STORY}").as_str()));
    // The story list counts every article, not the sample.
    let page = reader.stories(&StoryQuery::default()).unwrap();
    assert_eq!(page.stories[0].articles as usize, STORY + 1);
}

#[test]
fn a_brief_synthesized_while_its_story_changed_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let story = store.ingest(&[report(0), report(1)]).unwrap()[0].story;
    // Planned, then synthesized without the store, while another article joins the story.
    let plan = store.plan_refresh().unwrap();
    assert_eq!(plan.stories(), vec![story]);
    store.ingest(&[report(2)]).unwrap();
    let briefs = plan.synthesize();
    assert!(store.write_briefs(briefs).unwrap().is_empty());
    assert_eq!(store.stale_stories().unwrap(), vec![story]);
    assert!(store
        .reader()
        .unwrap()
        .brief(story)
        .unwrap()
        .unwrap()
        .stories
        .is_empty());
    // The next refresh writes it, with all three articles.
    assert_eq!(store.refresh_briefs(|_, _| {}).unwrap(), vec![story]);
    let brief = store.reader().unwrap().brief(story).unwrap().unwrap();
    assert_eq!(brief.stories[0].articles.len(), 3);
    assert!(brief.sampled.is_none());
}
