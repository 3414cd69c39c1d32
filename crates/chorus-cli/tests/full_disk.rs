//! `chorus serve` on a full disk: it starts, serves reads, and refuses writes saying the disk is
//! full. The disk is really full: a small tmpfs mounted for the test and filled by a file (the
//! real disk is never filled). Mounting needs root; without it the test says so and passes
//! without running.

mod common;

use common::{request, serve};
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

#[test]
fn serve_on_a_full_disk_serves_reads_and_refuses_writes_saying_why() {
    let Some(disk) = Tmpfs::mount(16) else {
        eprintln!("skipped: mounting a tmpfs needs root (mount -t tmpfs)");
        return;
    };
    let data = disk.path.join("data");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let ingested = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["ingest", "--report", "none", "--data"])
        .arg(&data)
        .arg(&examples)
        .output()
        .unwrap();
    assert!(ingested.status.success(), "{ingested:?}");
    // Fill the disk.
    let mut filler = std::fs::File::create(disk.path.join("filler")).unwrap();
    let block = vec![0u8; 1 << 16];
    while filler.write_all(&block).is_ok() {}
    drop(filler);

    let served = serve(&data);
    let (status, stories) = request(&served.addr, "GET", "/api/stories", "");
    assert_eq!(status, 200, "{stories}");
    assert!(stories.contains("\"stories\":[{"), "{stories}");
    let (status, hits) = request(&served.addr, "GET", "/api/search?q=Kestrel", "");
    assert_eq!(status, 200, "{hits}");
    let (status, _) = request(&served.addr, "GET", "/healthz", "");
    assert_eq!(status, 200);
    let article = r#"{"id":"late","title":"Late news","text":"A late report arrived at the harbour on Friday."}"#;
    let (status, refused) = request(&served.addr, "POST", "/api/articles", article);
    assert_eq!(status, 507, "{refused}");
    assert!(refused.contains("disk is full"), "{refused}");
}
