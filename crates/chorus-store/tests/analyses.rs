//! Kept analyses (schema 5, table `analyses`): a brief written from them is byte for byte the
//! brief written from fresh ones; a store at schema 4 is upgraded in place, once; re-ingesting
//! keeps them, a revision replaces its own; a missing or damaged one is analysed again.

use chorus_core::Article;
use chorus_store::{IngestStatus, Store};
use std::path::Path;

fn examples() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let (articles, errors) = chorus::extract::extract_all(&dir, &Default::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(articles.len() >= 5);
    articles
}

/// The examples, then an undated copy of the first (its analysis rests on the story's date).
fn articles() -> Vec<Article> {
    let mut articles = examples();
    let mut undated = articles[0].clone();
    undated.id.push_str("-undated");
    undated.url = None;
    undated.published = None;
    articles.push(undated);
    articles
}

fn sql(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(chorus_store::DATABASE_FILE)).unwrap()
}

fn kept(dir: &Path) -> Vec<(i64, i64, String, Vec<u8>)> {
    let conn = sql(dir);
    let mut stmt = conn
        .prepare("SELECT seq, revision, basis, analysis FROM analyses ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every story's brief, by story id.
fn briefs(store: &Store) -> Vec<(u64, String)> {
    let reader = store.reader().unwrap();
    let conn = sql(store.dir());
    let mut stmt = conn
        .prepare("SELECT id FROM stories WHERE merged_into IS NULL ORDER BY id")
        .unwrap();
    let stories: Vec<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    stories
        .into_iter()
        .map(|s| {
            let s = s as u64;
            (s, reader.brief_json(s).unwrap().unwrap_or_default())
        })
        .collect()
}

/// One store refreshed after every article (each brief reusing the analyses kept by the ones
/// before), the other refreshed once at the end (every analysis fresh): the same briefs.
#[test]
fn briefs_from_kept_analyses_are_the_briefs_from_fresh_ones() {
    let articles = articles();
    let one = tempfile::tempdir().unwrap();
    let mut step = Store::open(one.path()).unwrap();
    for article in &articles {
        step.ingest(std::slice::from_ref(article)).unwrap();
        step.refresh_briefs(|_, _| {}).unwrap();
    }
    assert_eq!(kept(one.path()).len(), articles.len());
    let all = tempfile::tempdir().unwrap();
    let mut once = Store::open(all.path()).unwrap();
    once.ingest(&articles).unwrap();
    once.refresh_briefs(|_, _| {}).unwrap();
    assert_eq!(briefs(&step), briefs(&once));
    assert_eq!(kept(one.path()), kept(all.path()));
}

/// A store written at schema 4 (no `analyses`) opens at schema 5 with its briefs as they were,
/// keeps analyses from its next refresh on, and opening it again changes nothing.
#[test]
fn a_schema_4_store_is_upgraded_once() {
    let dir = tempfile::tempdir().unwrap();
    let articles = articles();
    let before = {
        let mut store = Store::open(dir.path()).unwrap();
        store.ingest(&articles).unwrap();
        store.refresh_briefs(|_, _| {}).unwrap();
        briefs(&store)
    };
    // What schema 4 left: the same tables but `analyses`, at user_version 4.
    let conn = sql(dir.path());
    conn.execute_batch("DROP TABLE analyses; PRAGMA user_version = 4;")
        .unwrap();
    drop(conn);
    for _ in 0..2 {
        let mut store = Store::open(dir.path()).unwrap();
        let version: u32 = sql(dir.path())
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, chorus_store::SCHEMA_VERSION);
        assert_eq!(briefs(&store), before);
        assert!(store.stale_stories().unwrap().is_empty());
        let again = store.ingest(&articles).unwrap();
        assert!(again.iter().all(|i| i.status == IngestStatus::Unchanged));
        store.refresh_briefs(|_, _| {}).unwrap();
    }
    // A revision: its story's brief is written, and its analyses kept from then on.
    let mut store = Store::open(dir.path()).unwrap();
    let mut edited = articles[0].clone();
    edited
        .text
        .push_str("\n\nThe council will meet again on Friday.");
    let done = store.ingest(std::slice::from_ref(&edited)).unwrap();
    assert_eq!(done[0].status, IngestStatus::Revised);
    store.refresh_briefs(|_, _| {}).unwrap();
    assert!(!kept(dir.path()).is_empty());
}

/// Re-ingesting the same articles keeps every analysis; a revision deletes its article's
/// analysis in the ingest's own transaction and the next brief keeps one of the new revision.
#[test]
fn reingesting_keeps_analyses_and_a_revision_replaces_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let articles = articles();
    let mut store = Store::open(dir.path()).unwrap();
    store.ingest(&articles).unwrap();
    store.refresh_briefs(|_, _| {}).unwrap();
    let first = kept(dir.path());
    assert_eq!(first.len(), articles.len());
    store.ingest(&articles).unwrap();
    store.refresh_briefs(|_, _| {}).unwrap();
    assert_eq!(kept(dir.path()), first);

    let mut edited = articles[1].clone();
    edited
        .text
        .push_str("\n\nThe council will meet again on Friday.");
    let done = store.ingest(std::slice::from_ref(&edited)).unwrap();
    assert_eq!(done[0].revision, 2);
    let seq: i64 = sql(dir.path())
        .query_row(
            "SELECT seq FROM articles WHERE id = ?1",
            [&edited.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(kept(dir.path()).iter().all(|k| k.0 != seq));
    store.refresh_briefs(|_, _| {}).unwrap();
    let now = kept(dir.path());
    assert_eq!(now.len(), first.len());
    assert!(now.iter().any(|k| k.0 == seq && k.1 == 2));
    // The others are untouched.
    let others = |k: &Vec<(i64, i64, String, Vec<u8>)>| {
        k.iter().filter(|k| k.0 != seq).cloned().collect::<Vec<_>>()
    };
    assert_eq!(others(&now), others(&first));
}

/// An ingest killed before its briefs were written leaves no analysis (they are derived) and
/// loses nothing; a damaged analysis, one of another basis or another article's is analysed
/// again: the briefs and the kept analyses are the ones a store that never lost one writes.
#[test]
fn missing_damaged_or_foreign_analyses_are_analysed_again() {
    let articles = articles();
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store.ingest(&articles).unwrap();
        store.refresh_briefs(|_, _| {}).unwrap();
    }
    let rows = kept(dir.path());
    assert!(rows.len() >= 5);
    let conn = sql(dir.path());
    conn.execute(
        "UPDATE analyses SET analysis = substr(analysis, 1, length(analysis) / 2) WHERE seq = ?1",
        [rows[0].0],
    )
    .unwrap();
    conn.execute(
        "UPDATE analyses SET basis = 'another analyzer -' WHERE seq = ?1",
        [rows[1].0],
    )
    .unwrap();
    conn.execute(
        "UPDATE analyses SET analysis = (SELECT analysis FROM analyses WHERE seq = ?2)
         WHERE seq = ?1",
        [rows[2].0, rows[3].0],
    )
    .unwrap();
    conn.execute("DELETE FROM analyses WHERE seq = ?1", [rows[4].0])
        .unwrap();
    // Every story rewritten, as if each had received an article.
    conn.execute("UPDATE stories SET stale = 1, version = version + 1", [])
        .unwrap();
    drop(conn);
    let mut store = Store::open(dir.path()).unwrap();
    store.refresh_briefs(|_, _| {}).unwrap();

    // Killed after its ingest committed, before any brief: reopened, nothing is missing.
    let fresh = tempfile::tempdir().unwrap();
    {
        let mut killed = Store::open(fresh.path()).unwrap();
        killed.ingest(&articles).unwrap();
    }
    assert!(kept(fresh.path()).is_empty());
    let mut clean = Store::open(fresh.path()).unwrap();
    clean.refresh_briefs(|_, _| {}).unwrap();
    assert_eq!(briefs(&store), briefs(&clean));
    assert_eq!(kept(dir.path()), kept(fresh.path()));
}
