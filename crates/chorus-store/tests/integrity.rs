//! Store integrity: a database and a search index that disagree (truncated or replaced
//! database, an index of another store, an index ahead of a restored database), damaged index
//! segments (found on open and by the search that meets them), and a deleted lock file. Each
//! test builds a store, damages it, reopens it and checks what answers.

use chorus_core::Article;
use chorus_store::{Store, DATABASE_FILE};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// An article of a story about `topic`: its own words, so that searches tell stores apart.
fn article(id: &str, topic: &str, n: usize) -> Article {
    Article {
        id: id.to_owned(),
        source_path: "generated".to_owned(),
        url: Some(format!("https://news.example/{id}")),
        title: Some(format!("The {topic} report, part {n}")),
        byline: None,
        published: Some(format!("2026-03-{:02}", 1 + n % 28)),
        outlet: Some(format!("Outlet {}", n % 5)),
        language: Some("en".to_owned()),
        text: format!(
            "The {topic} committee met on Tuesday to discuss item {n}.\n\n\
             Members said the {topic} plan would be published next week, officials said."
        ),
        furniture_dates: Vec::new(),
    }
}

fn articles(prefix: &str, topic: &str, count: usize) -> Vec<Article> {
    (0..count)
        .map(|n| article(&format!("{prefix}-{n}"), topic, n))
        .collect()
}

fn build(dir: &Path, articles: &[Article]) {
    let mut store = Store::open(dir).unwrap();
    store.ingest(articles).unwrap();
    store.refresh_briefs(|_, _| {}).unwrap();
}

fn hits(store: &Store, q: &str) -> usize {
    store.reader().unwrap().search(q, 100).unwrap().len()
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    (dir, data)
}

/// Files of the index's segments (not its metadata or lock files), largest first.
fn segment_files(data: &Path) -> Vec<PathBuf> {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(data.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| {
                ["idx", "pos", "term", "store", "fast", "fieldnorm"]
                    .contains(&e.to_str().unwrap_or(""))
            })
        })
        .map(|p| (std::fs::metadata(&p).unwrap().len(), p))
        .collect();
    files.sort();
    files.reverse();
    files.into_iter().map(|(_, p)| p).collect()
}

/// Damages every segment's stored documents (read for every hit, not when the index opens) and
/// returns their paths.
fn damage_stored_documents(data: &Path) -> Vec<PathBuf> {
    let stored: Vec<PathBuf> = segment_files(data)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .collect();
    assert!(!stored.is_empty());
    for file in &stored {
        damage(file);
    }
    stored
}

/// Overwrites the middle third of a file in place (same length), as a bad disk would.
fn damage(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(len / 3)).unwrap();
    file.write_all(&vec![0xA5; (len / 3).max(1) as usize])
        .unwrap();
    file.sync_all().unwrap();
}

#[test]
fn a_truncated_database_beside_a_full_index_is_refused_not_served_as_empty() {
    let (_guard, data) = temp();
    build(&data, &articles("harbour", "harbour", 40));
    // The database truncated to 0 bytes; the index still holds 40 articles.
    std::fs::File::create(data.join(DATABASE_FILE)).unwrap();
    match Store::open(&data) {
        Ok(store) => panic!(
            "an empty database was opened as a store while its index answers {} ghost hits",
            hits(&store, "harbour")
        ),
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains(DATABASE_FILE) && message.contains("truncated"),
                "{message}"
            );
        }
    }
    // Nothing was written to the database, and the index (the only copy left) is untouched.
    assert_eq!(
        std::fs::metadata(data.join(DATABASE_FILE)).unwrap().len(),
        0
    );
    assert!(!segment_files(&data).is_empty());
    // Moving the index away, as the error says, starts an empty store.
    std::fs::rename(data.join("search"), data.with_extension("old-search")).unwrap();
    let store = Store::open(&data).unwrap();
    assert_eq!(hits(&store, "harbour"), 0);
}

#[test]
fn an_index_of_another_store_is_rebuilt_from_this_stores_database() {
    let (_guard, root) = temp();
    let ours = root.join("ours");
    let theirs = root.join("theirs");
    // Their index holds more changes than our database, so a change number alone would not
    // tell the index is not ours.
    build(&ours, &articles("harbour", "harbour", 5));
    build(&theirs, &articles("orchard", "orchard", 30));
    std::fs::remove_dir_all(ours.join("search")).unwrap();
    copy_dir(&theirs.join("search"), &ours.join("search"));
    let store = Store::open(&ours).unwrap();
    assert_eq!(
        hits(&store, "orchard"),
        0,
        "ghost hits from another store's index"
    );
    assert_eq!(hits(&store, "harbour"), 5);
}

#[test]
fn an_index_ahead_of_a_restored_database_is_rebuilt() {
    let (_guard, data) = temp();
    build(&data, &articles("harbour", "harbour", 5));
    let backup = data.with_extension("backup.sqlite3");
    std::fs::copy(data.join(DATABASE_FILE), &backup).unwrap();
    build(&data, &articles("orchard", "orchard", 30));
    // The database is restored from the backup; the index remembers the 30 later articles.
    std::fs::copy(&backup, data.join(DATABASE_FILE)).unwrap();
    let store = Store::open(&data).unwrap();
    assert_eq!(hits(&store, "orchard"), 0, "ghost hits from a newer index");
    assert_eq!(hits(&store, "harbour"), 5);
}

#[test]
fn a_damaged_index_segment_is_found_on_open_and_rebuilt() {
    let (_guard, data) = temp();
    build(&data, &articles("harbour", "harbour", 40));
    // The stored documents' middle, which opening the index does not read.
    let damaged = damage_stored_documents(&data);
    for _ in 0..2 {
        let store = Store::open(&data).unwrap();
        // Found on open: the index was rebuilt before any search met the damage.
        assert!(
            damaged.iter().all(|p| !p.exists()),
            "the damaged segment is still in use"
        );
        assert_eq!(hits(&store, "harbour"), 40);
    }
}

#[test]
fn a_segment_damaged_after_it_was_checked_is_rebuilt_by_the_search_that_meets_it() {
    let (_guard, data) = temp();
    build(&data, &articles("harbour", "harbour", 40));
    // This open checks the new segments and records them: the next open does not read them.
    drop(Store::open(&data).unwrap());
    let stored = damage_stored_documents(&data);
    let store = Store::open(&data).unwrap();
    assert_eq!(hits(&store, "harbour"), 40);
    // Rebuilt: the damaged files are no longer in use, and the next open finds nothing wrong.
    assert!(stored.iter().all(|p| !p.exists()));
    drop(store);
    let store = Store::open(&data).unwrap();
    assert_eq!(hits(&store, "harbour"), 40);
}

#[test]
fn a_segment_damaged_while_open_is_rebuilt_by_the_search_that_meets_it() {
    let (_guard, data) = temp();
    let mut store = Store::open(&data).unwrap();
    store.ingest(&articles("harbour", "harbour", 40)).unwrap();
    let reader = store.reader().unwrap();
    // The stored documents (read for every hit) are damaged under the running store.
    damage_stored_documents(&data);
    let found = reader
        .search("harbour", 100)
        .expect("the search rebuilds the damaged index and answers");
    assert_eq!(found.len(), 40);
    // Later searches, and writes, go on.
    store.ingest(&articles("orchard", "orchard", 3)).unwrap();
    assert_eq!(hits(&store, "orchard"), 3);
    assert_eq!(reader.search("harbour", 100).unwrap().len(), 40);
}

#[test]
fn a_damaged_posting_list_that_panics_the_index_is_rebuilt_by_the_search_that_meets_it() {
    let (_guard, data) = temp();
    let mut store = Store::open(&data).unwrap();
    let many: Vec<Article> = (0..300)
        .map(|n| {
            let mut a = article(&format!("harbour-{n}"), "harbour", n);
            a.text.push_str(&format!(
                "\n\nThe harbour zone {n} plan covers harbour {n}."
            ));
            a
        })
        .collect();
    store.ingest(&many).unwrap();
    let reader = store.reader().unwrap();
    // Postings damaged under the running store: tantivy panics reading them.
    for file in segment_files(&data) {
        if file.extension().is_some_and(|e| e == "idx") {
            let len = std::fs::metadata(&file).unwrap().len();
            let mut f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
            f.seek(SeekFrom::Start(len / 4)).unwrap();
            f.write_all(&vec![0xA5; (len / 2) as usize]).unwrap();
        }
    }
    let found = reader
        .search("harbour", 100)
        .expect("the search rebuilds the damaged index and answers");
    assert_eq!(found.len(), 100);
    assert_eq!(hits(&store, "harbour"), 100);
}

#[test]
fn deleting_the_lock_file_lets_no_second_writer_in_and_the_live_index_stays() {
    let (_guard, data) = temp();
    let mut first = Store::open(&data).unwrap();
    first.ingest(&articles("harbour", "harbour", 20)).unwrap();
    std::fs::remove_file(data.join("lock")).unwrap();
    let second = Store::open(&data);
    let refused = second.as_ref().err().map(|e| e.to_string());
    drop(second);
    let message = refused.expect("a second writer was let in after the lock file was deleted");
    assert!(message.contains("in use"), "{message}");
    // The first writer's index is whole and it goes on writing.
    assert_eq!(hits(&first, "harbour"), 20);
    first.ingest(&articles("orchard", "orchard", 2)).unwrap();
    assert_eq!(hits(&first, "orchard"), 2);
    drop(first);
    // Released with the writer: the next one gets in.
    let store = Store::open(&data).unwrap();
    assert_eq!(hits(&store, "harbour"), 20);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
