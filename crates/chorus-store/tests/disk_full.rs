//! A store on a full disk still answers reads, refuses writes with a clear error, and writes
//! again once space is freed.
//!
//! The disk is really full: the store lives on a small tmpfs mounted for the test and filled up
//! by a file, so every path that needs space fails as it would on a real disk (SQLite's
//! shared-memory file, its WAL, the search index). Mounting needs root; without it the test says
//! so and passes without running.

use chorus_core::Article;
use chorus_store::{Store, StoreError, StoryQuery};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted on a fresh directory, unmounted when dropped.
struct Tmpfs {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Tmpfs {
    fn mount(mib: u32) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).ok()?;
        Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(&path)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| Tmpfs { _dir: dir, path })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

fn article(n: usize) -> Article {
    Article {
        id: format!("ferry-{n}"),
        source_path: "generated".to_owned(),
        url: Some(format!("https://news.example/ferry/{n}")),
        title: Some(format!("Island ferry returns to service, report {n}")),
        byline: None,
        published: Some("2026-03-02".to_owned()),
        outlet: Some(format!("Outlet {}", n % 4)),
        language: Some("en".to_owned()),
        text: format!(
            "The island ferry returned to service on Monday after repairs, the operator said.\n\n\
             Passengers on the first crossing, number {n}, said the harbour was calm."
        ),
        furniture_dates: Vec::new(),
    }
}

/// Fills the file system holding `dir` until a write fails.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 1 << 16];
    while file.write_all(&block).is_ok() {}
    let _ = file.sync_all();
    path
}

#[test]
fn a_store_on_a_full_disk_serves_reads_and_refuses_writes_clearly() {
    let Some(disk) = Tmpfs::mount(16) else {
        eprintln!("skipped: mounting a tmpfs needs root (mount -t tmpfs)");
        return;
    };
    let data = disk.path.join("data");
    {
        let mut store = Store::open(&data).unwrap();
        store
            .ingest(&(0..20).map(article).collect::<Vec<_>>())
            .unwrap();
        store.refresh_briefs(|_, _| {}).unwrap();
    }
    let filler = fill(&disk.path);

    // Opens, and answers every kind of read.
    let mut store = Store::open(&data).expect("a store on a full disk opens to be read");
    assert!(store.is_read_only());
    let reader = store.reader().unwrap();
    let page = reader.stories(&StoryQuery::default()).unwrap();
    assert!(!page.stories.is_empty());
    let story: u64 = page.stories[0].id.parse().unwrap();
    assert!(!reader.brief(story).unwrap().unwrap().stories.is_empty());
    assert_eq!(reader.search("ferry", 100).unwrap().len(), 20);
    assert!(reader.article("ferry-3").unwrap().is_some());
    let second = store.reader().unwrap();
    assert_eq!(second.counts().unwrap().0, 20);

    // Writes are refused, saying why.
    let err = store.ingest(&[article(20)]).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly(_)), "{err}");
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert!(store.add_feed("http://127.0.0.1:9/feed.xml", None).is_err());
    drop((reader, second, store));

    // Space freed: the store writes again and has lost nothing.
    std::fs::remove_file(filler).unwrap();
    let mut store = Store::open(&data).unwrap();
    assert!(!store.is_read_only());
    store.ingest(&[article(20)]).unwrap();
    store.refresh_briefs(|_, _| {}).unwrap();
    assert_eq!(
        store.reader().unwrap().search("ferry", 100).unwrap().len(),
        21
    );
}

#[test]
fn a_write_that_fills_the_disk_fails_clearly_and_resumes_exactly() {
    let Some(disk) = Tmpfs::mount(16) else {
        eprintln!("skipped: mounting a tmpfs needs root (mount -t tmpfs)");
        return;
    };
    let data = disk.path.join("data");
    let mut store = Store::open(&data).unwrap();
    store
        .ingest(&(0..5).map(article).collect::<Vec<_>>())
        .unwrap();
    let filler = fill(&disk.path);
    // Big enough not to fit in what the disk has left.
    let big: Vec<Article> = (5..400)
        .map(|n| {
            let mut a = article(n);
            a.text
                .push_str(&format!("\n\n{}", "Harbour notes. ".repeat(200)));
            a
        })
        .collect();
    let err = store.ingest(&big).unwrap_err();
    assert!(err.to_string().contains("full"), "{err}");
    // Nothing of the failed batch was committed; after freeing space it goes in whole.
    assert_eq!(store.reader().unwrap().counts().unwrap().0, 5);
    std::fs::remove_file(filler).unwrap();
    let done = store.ingest(&big).unwrap();
    assert_eq!(done.len(), big.len());
    assert_eq!(store.reader().unwrap().counts().unwrap().0, 400);
}
