//! The store end to end on our own example articles: ingest, idempotence, revisions, briefs,
//! search, reopening, repair of a lagging search index, and migration from an older schema.

use chorus_core::Article;
use chorus_store::{IngestStatus, Store, StoryQuery};
use std::path::{Path, PathBuf};

fn examples() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let (articles, errors) = chorus::extract::extract_all(&dir, &Default::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(articles.len() >= 5);
    articles
}

fn ingest_all(store: &mut Store, articles: &[Article]) -> Vec<chorus_store::Ingested> {
    let done = store.ingest(articles).unwrap();
    store.refresh_briefs(|_, _| {}).unwrap();
    done
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    (dir, data)
}

#[test]
fn ingest_is_idempotent_and_briefs_only_what_changed() {
    let (_guard, data) = temp();
    let articles = examples();
    let mut store = Store::open(&data).unwrap();
    let first = ingest_all(&mut store, &articles);
    assert!(first.iter().all(|i| i.status == IngestStatus::New));

    let again = store.ingest(&articles).unwrap();
    assert!(again.iter().all(|i| i.status == IngestStatus::Unchanged));
    assert!(store.stale_stories().unwrap().is_empty());
    assert_eq!(
        first.iter().map(|i| i.story).collect::<Vec<_>>(),
        again.iter().map(|i| i.story).collect::<Vec<_>>()
    );

    let reader = store.reader().unwrap();
    let page = reader.stories(&StoryQuery::default()).unwrap();
    assert!(!page.stories.is_empty());
    let before: Vec<(String, String)> = page
        .stories
        .iter()
        .map(|s| {
            let brief = reader.brief_json(s.id.parse().unwrap()).unwrap().unwrap();
            (s.id.clone(), brief)
        })
        .collect();

    // A new revision of one article: only its story goes stale, and its brief shows the edit.
    let mut edited = articles[0].clone();
    edited
        .text
        .push_str("\n\nEditor's note: corrected the time of the crane strike to 6.40am.");
    let revised = store.ingest(std::slice::from_ref(&edited)).unwrap();
    assert_eq!(revised[0].status, IngestStatus::Revised);
    assert_eq!(revised[0].revision, 2);
    assert_eq!(store.stale_stories().unwrap(), vec![revised[0].story]);
    let refreshed = store.refresh_briefs(|_, _| {}).unwrap();
    assert_eq!(refreshed, vec![revised[0].story]);
    let record = reader.article(&edited.id).unwrap().unwrap();
    assert_eq!(record.revision, 2);
    assert!(record.article.text.contains("Editor's note"));
    // The revised story is now the newest; every other brief is byte for byte what it was.
    let page = reader.stories(&StoryQuery::default()).unwrap();
    assert_eq!(page.stories[0].id, revised[0].story.to_string());
    for (id, old) in &before {
        let now = reader.brief_json(id.parse().unwrap()).unwrap().unwrap();
        if *id == revised[0].story.to_string() {
            assert!(now.contains("Editor's note") || now != *old);
        } else {
            assert_eq!(&now, old, "an untouched story's brief changed");
        }
    }
}

#[test]
fn search_finds_phrases_and_filters_stories() {
    let (_guard, data) = temp();
    let mut store = Store::open(&data).unwrap();
    ingest_all(&mut store, &examples());
    let reader = store.reader().unwrap();
    let hits = reader.search("\"Kestrel Bridge\"", 10).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.snippet.contains("<b>")));
    assert!(reader.search("\"unclosed", 10).is_err() || reader.search("AND", 10).is_err());
    let filtered = reader
        .stories(&StoryQuery {
            q: Some("Kestrel".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(!filtered.stories.is_empty());
    let none = reader
        .stories(&StoryQuery {
            q: Some("zeppelin".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(none.stories.is_empty());
}

/// An article of the given headline and text, for the search tests.
fn titled(id: &str, title: &str, text: &str) -> Article {
    Article {
        id: id.to_owned(),
        source_path: "generated".to_owned(),
        url: None,
        title: Some(title.to_owned()),
        byline: None,
        published: None,
        outlet: None,
        language: Some("en".to_owned()),
        text: text.to_owned(),
        furniture_dates: Vec::new(),
    }
}

#[test]
fn a_headline_match_ranks_first_and_title_searches_headlines_only() {
    let (_guard, data) = temp();
    let mut store = Store::open(&data).unwrap();
    let filler = "The council met on Tuesday evening to discuss the budget for next year.";
    ingest_all(
        &mut store,
        &[
            titled(
                "in-text",
                "Council budget meeting runs late",
                &format!("{filler} A harbour ferry was mentioned once. {filler}"),
            ),
            titled(
                "in-headline",
                "Harbour ferry service to resume",
                // Longer than the other text: only its headline can put it first.
                &format!("{filler} The ferry will sail again. {filler} {filler} {filler}"),
            ),
            titled("unrelated", "Budget approved", filler),
        ],
    );
    let reader = store.reader().unwrap();
    let ids = |q: &str| -> Vec<String> {
        reader
            .search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(ids("ferry"), ["in-headline", "in-text"]);
    assert_eq!(ids("text:ferry"), ["in-headline", "in-text"]);
    assert_eq!(ids("title:ferry"), ["in-headline"]);
    let mut budget = ids("title:budget");
    budget.sort();
    assert_eq!(budget, ["in-text", "unrelated"]);
}

#[test]
fn reopening_resumes_the_stream_exactly() {
    let (_guard, data) = temp();
    let articles = examples();
    let (head, tail) = articles.split_at(articles.len() / 2);

    // One pass, in one store.
    let (_guard2, whole) = temp();
    let mut one = Store::open(&whole).unwrap();
    let expected = ingest_all(&mut one, &articles);

    // The same stream cut in two with a close (checkpoint) in between, then again with the
    // checkpoint removed (as after a crash): the clusterer replays and decides the same.
    let mut first = Store::open(&data).unwrap();
    let mut got = ingest_all(&mut first, head);
    drop(first);
    let second_half = {
        let mut second = Store::open(&data).unwrap();
        ingest_all(&mut second, tail)
    };
    got.extend(second_half);
    assert_eq!(got, expected);

    let conn = rusqlite::Connection::open(data.join(chorus_store::DATABASE_FILE)).unwrap();
    conn.execute("DELETE FROM meta WHERE key LIKE 'cluster_%'", [])
        .unwrap();
    drop(conn);
    let mut third = Store::open(&data).unwrap();
    let again = third.ingest(&articles).unwrap();
    assert!(again.iter().all(|i| i.status == IngestStatus::Unchanged));
}

#[test]
fn a_lagging_or_broken_search_index_is_repaired_from_sqlite() {
    let (_guard, data) = temp();
    let mut store = Store::open(&data).unwrap();
    ingest_all(&mut store, &examples());
    drop(store);
    // Corrupt the index: its metadata file is garbage.
    std::fs::write(data.join("search/meta.json"), b"{not json").unwrap();
    let store = Store::open(&data).unwrap();
    let hits = store.reader().unwrap().search("Kestrel", 10).unwrap();
    assert!(!hits.is_empty());
}

/// Copies a store directory as a killed process leaves it (the files only). The index's
/// background threads may rename or remove a file (a segment being written, a lock) between the
/// listing and its copy: one gone by then is left out, as a kill at that moment would leave it.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else if let Err(e) = std::fs::copy(entry.path(), to.join(entry.file_name())) {
            assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e}");
        }
    }
}

#[test]
fn staged_search_commits_are_seen_once_committed_and_caught_up_after_a_crash() {
    let (_guard, data) = temp();
    let mut store = Store::open(&data).unwrap();
    store.stage_search_commits(true).unwrap();
    store.ingest(&examples()).unwrap();
    let reader = store.reader().unwrap();
    assert!(reader.search("Kestrel", 10).unwrap().is_empty());
    // The files as a kill -9 would leave them now: the articles in SQLite, not in the index.
    let (_guard2, crashed) = temp();
    copy_dir(&data, &crashed);
    store.commit_search().unwrap();
    let found = reader.search("Kestrel", 10).unwrap();
    assert!(!found.is_empty());
    let reopened = Store::open(&crashed).unwrap();
    assert_eq!(
        reopened.reader().unwrap().search("Kestrel", 10).unwrap(),
        found
    );
}

#[test]
fn a_store_written_at_schema_version_1_opens_and_is_migrated() {
    let (_guard, data) = temp();
    std::fs::create_dir_all(&data).unwrap();
    let conn = rusqlite::Connection::open(data.join(chorus_store::DATABASE_FILE)).unwrap();
    // Exactly what the first released schema created.
    conn.execute_batch(chorus_store::schema::MIGRATIONS[0])
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    drop(conn);
    let mut store = Store::open(&data).unwrap();
    assert!(store.add_feed("http://127.0.0.1:9/feed.xml", None).unwrap());
    let conn = rusqlite::Connection::open(data.join(chorus_store::DATABASE_FILE)).unwrap();
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, chorus_store::SCHEMA_VERSION);
}

#[test]
fn a_second_writer_is_refused_with_a_clear_error() {
    let (_guard, data) = temp();
    let _store = Store::open(&data).unwrap();
    let err = Store::open(&data).unwrap_err().to_string();
    assert!(err.contains("in use"), "{err}");
}

/// Issue 13, item 1: nested parentheses made tantivy's query parser take time doubling per level
/// (depth 23: 8 s; depth 40 never finished; depth 1,800 overflowed the stack). Every search
/// entry point now refuses them at once with a message, and long or wide queries are bounded.
#[test]
fn hostile_search_queries_are_refused_at_once() {
    let (_guard, data) = temp();
    let mut store = Store::open(&data).unwrap();
    ingest_all(&mut store, &examples());
    let reader = store.reader().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    // On a thread, so that the old exponential parse fails the test instead of hanging it.
    std::thread::spawn(move || {
        for depth in [23, 40, 1_800] {
            let q = format!("{}kestrel{}", "(".repeat(depth), ")".repeat(depth));
            let search = reader.search(&q, 10).map(|_| ()).map_err(|e| e.to_string());
            let listed = reader
                .stories(&StoryQuery {
                    q: Some(q.clone()),
                    ..Default::default()
                })
                .map(|_| ())
                .map_err(|e| e.to_string());
            sender.send((depth, search, listed)).unwrap();
        }
        let long = "kestrel ".repeat(200);
        let wide = "kestrel bridge ".repeat(20);
        let phrase = format!("\"{}\"", "kestrel ".repeat(100));
        for q in [long, wide, phrase] {
            let result = reader.search(&q, 10).map(|_| ()).map_err(|e| e.to_string());
            sender.send((q.len(), result.clone(), result)).unwrap();
        }
    });
    for _ in 0..6 {
        let (what, search, listed) = receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("a hostile query answered within 30 s");
        for result in [search, listed] {
            let message = result.expect_err("a hostile query is refused");
            assert!(message.starts_with("invalid q: "), "{what}: {message}");
        }
    }
    let reader = store.reader().unwrap();
    // What the grammar offers still works.
    let both = reader.search("kestrel bridge", 10).unwrap();
    assert!(!both.is_empty());
    assert!(!reader
        .search("zzzunknown OR kestrel", 10)
        .unwrap()
        .is_empty());
    assert!(reader.search("kestrel zzzunknown", 10).unwrap().is_empty());
    assert!(reader.search("kestrel -kestrel", 10).unwrap().is_empty());
    assert!(!reader.search("title:kestrel", 10).unwrap().is_empty());
    assert!(!reader
        .search("\"Kestrel Bridge\" -zzzunknown", 10)
        .unwrap()
        .is_empty());
    let message = reader.search("(kestrel", 10).unwrap_err().to_string();
    assert!(
        message.contains("parentheses are not supported"),
        "{message}"
    );
}

/// Issue 13, item 10: a story id above i64::MAX is a clear 400-style refusal, not a store error.
#[test]
fn story_ids_beyond_sqlite_integers_are_invalid() {
    let huge = (i64::MAX as u64 + 1).to_string();
    let error = chorus_store::parse_story_id(&huge).unwrap_err();
    assert!(
        matches!(error, chorus_store::QueryError::Invalid { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("9223372036854775807"), "{error}");
    assert_eq!(chorus_store::parse_story_id("42").unwrap(), 42);
}

#[test]
fn an_article_is_stored_once_until_a_revision_replaces_it() {
    let (_guard, data) = temp();
    let articles = examples();
    let mut store = Store::open(&data).unwrap();
    ingest_all(&mut store, &articles);
    let mut edited = articles[0].clone();
    edited
        .text
        .push_str("\n\nCorrection: the strike was at 6.40am.");
    store.ingest(std::slice::from_ref(&edited)).unwrap();
    drop(store);

    let db = rusqlite::Connection::open(data.join("chorus.sqlite3")).unwrap();
    let texts: Vec<(u32, String)> = db
        .prepare(
            "SELECT r.revision, r.article FROM revisions r JOIN articles a ON a.seq = r.seq
             WHERE a.id = ?1 ORDER BY r.revision",
        )
        .unwrap()
        .query_map([&articles[0].id], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // The replaced revision keeps its own text; the current one is the article row's.
    assert_eq!(texts.len(), 2);
    let first: chorus_core::Article = serde_json::from_str(&texts[0].1).unwrap();
    assert_eq!(first.text, articles[0].text);
    assert_eq!(texts[1], (2, String::new()));
    let unrevised: usize = db
        .query_row(
            "SELECT COUNT(*) FROM revisions WHERE article = ''",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(unrevised, articles.len());

    // The clusterer replays first revisions from either place: without its snapshot, the
    // reopened store puts a new article where an uninterrupted one does.
    db.execute(
        "DELETE FROM meta WHERE key IN ('cluster_snapshot', 'cluster_seq')",
        [],
    )
    .unwrap();
    drop(db);
    let mut reopened = Store::open(&data).unwrap();
    let (_guard2, whole) = temp();
    let mut uninterrupted = Store::open(&whole).unwrap();
    uninterrupted.ingest(&articles).unwrap();
    uninterrupted.ingest(std::slice::from_ref(&edited)).unwrap();
    let mut extra = articles[1].clone();
    extra.id = "extra".into();
    extra.url = None;
    assert_eq!(
        reopened.ingest(std::slice::from_ref(&extra)).unwrap()[0].story,
        uninterrupted.ingest(std::slice::from_ref(&extra)).unwrap()[0].story
    );
}

/// The articles' rows as stored: id, URL, story, revision and content hash, in arrival order.
fn stored_rows(data: &Path) -> Vec<(String, Option<String>, u64, u32, String)> {
    let db = rusqlite::Connection::open(data.join("chorus.sqlite3")).unwrap();
    let mut stmt = db
        .prepare("SELECT id, url, story, revision, content_hash FROM articles ORDER BY seq")
        .unwrap();
    stmt.query_map([], |row| {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn a_batch_repeating_and_revising_its_own_articles_is_stored_as_one_at_a_time() {
    // Enough articles for several prepared chunks, each copy with an id and URL of its own.
    let mut batch: Vec<Article> = Vec::new();
    for copy in 0..6 {
        for article in examples() {
            let mut article = article;
            article.id = format!("{}-{copy}", article.id);
            article.url = Some(format!("https://example.org/{}", article.id));
            batch.push(article);
        }
    }
    let unchanged = batch[0].clone();
    let mut revised = batch[1].clone();
    revised
        .text
        .push_str("\n\nCorrection: the strike was at 6.40am.");
    let mut same_url = batch[2].clone();
    same_url.id = "another-id".into();
    same_url.text.push_str("\n\nUpdated.");
    let mut repeat_by_url = batch[3].clone();
    repeat_by_url.id = "yet-another-id".into();
    for (at, article) in [
        (35, unchanged),
        (36, revised),
        (40, same_url),
        (41, repeat_by_url),
    ] {
        batch.insert(at, article);
    }

    let (_guard, together) = temp();
    let mut store = Store::open(&together).unwrap();
    let at_once = store.ingest(&batch).unwrap();
    drop(store);
    let (_guard2, apart) = temp();
    let mut store = Store::open(&apart).unwrap();
    let one_by_one: Vec<_> = batch
        .iter()
        .map(|article| {
            store
                .ingest(std::slice::from_ref(article))
                .unwrap()
                .remove(0)
        })
        .collect();
    drop(store);

    let summary = |outcomes: &[chorus_store::Ingested]| {
        outcomes
            .iter()
            .map(|o| (o.id.clone(), o.revision, o.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&at_once), summary(&one_by_one));
    let statuses: Vec<IngestStatus> = at_once[35..].iter().map(|o| o.status).take(7).collect();
    use IngestStatus::{New, Revised, Unchanged};
    assert_eq!(
        statuses,
        [Unchanged, Revised, New, New, New, Revised, Unchanged]
    );
    assert_eq!(
        at_once[40].id, batch[2].id,
        "a revision found by URL keeps its first id"
    );
    assert_eq!(stored_rows(&together), stored_rows(&apart));
}
