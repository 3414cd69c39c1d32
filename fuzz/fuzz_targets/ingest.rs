//! `chorus_ingest::read_from` on in-memory input: the first byte picks the file name (and so the
//! format: text, HTML, feed, JSON Lines, WARC, sniffed; each with and without `.gz`), the rest is
//! the file's content. Every document handed out is then cleaned, as the pipeline does.
#![no_main]

use chorus_fuzz::{check_article, check_raw_document, INGEST_NAMES};
use chorus_ingest::{read_from, Limits};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// Small bounds so a gzip bomb or a huge WARC Content-Length stays cheap.
const LIMITS: Limits = Limits {
    max_document_bytes: 1 << 20,
    max_file_bytes: 8 << 20,
};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let name = INGEST_NAMES[selector as usize % INGEST_NAMES.len()];
    let path = Path::new("in").join(name);
    let source_path = path.display().to_string();
    let mut calls = 0usize;
    let mut docs = Vec::new();
    read_from(&path, std::io::Cursor::new(content.to_vec()), &LIMITS, &mut |result| {
        calls += 1;
        match result {
            Ok(doc) => {
                check_raw_document(&doc, &source_path);
                docs.push(doc);
            }
            Err(e) => {
                assert_eq!(e.path, path, "error names another file");
                // Formatting the error must not panic either.
                let _ = e.to_string();
            }
        }
    });
    // Every file yields at least one document or one error: nothing is dropped silently.
    assert!(calls > 0, "read_from reported nothing for {name}");
    for doc in docs {
        let id = doc.id.clone();
        if let Ok(article) = chorus_clean::clean(doc) {
            check_article(&article, &id, &source_path);
        }
    }
});
