//! Cheap invariant checks shared by the fuzz targets. Each panics (which libFuzzer reports as a
//! crash) when a documented property of the pipeline's output does not hold.

use chorus_core::{Article, RawDocument};

/// The file names the `ingest` target reads its input as, chosen by the input's first byte.
/// The name decides the format (an unknown or missing extension makes ingest sniff the content);
/// gzip is detected from the bytes whatever the name, so the `.gz` names only change the ids.
pub const INGEST_NAMES: &[&str] = &[
    "doc.txt",
    "page.html",
    "feed.xml",
    "wire.jsonl",
    "crawl.warc",
    "noext",
    "doc.txt.gz",
    "page.html.gz",
    "feed.xml.gz",
    "wire.jsonl.gz",
    "crawl.warc.gz",
    "noext.gz",
];

/// `YYYY-MM-DD` or a date-time starting with it and a `T`, as [`Article::published`] promises
/// ("an ISO 8601 date (`YYYY-MM-DD`) or date-time").
pub fn check_published(published: &str) {
    let b = published.as_bytes();
    let date_ok = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    let rest_ok = b.len() == 10 || (b.len() > 10 && b[10] == b'T');
    assert!(
        date_ok && rest_ok,
        "published is not an ISO 8601 date or date-time: {published:?}"
    );
}

/// What a document handed out by ingest must satisfy.
pub fn check_raw_document(doc: &RawDocument, source_path: &str) {
    assert!(!doc.id.is_empty(), "empty document id");
    assert_eq!(doc.source_path, source_path, "source path changed");
    if let Some(p) = &doc.meta.published {
        check_published(p);
    }
}

/// The invariants [`Article`] documents, for an article cleaned from a document with `id` and
/// `source_path`.
pub fn check_article(a: &Article, id: &str, source_path: &str) {
    assert_eq!(a.id, id, "clean changed the id");
    assert!(!a.id.is_empty(), "empty article id");
    assert_eq!(a.source_path, source_path, "clean changed the source path");
    assert!(!a.text.is_empty(), "Ok article with empty text");
    assert_eq!(
        a.text,
        a.text.trim(),
        "article text has leading or trailing whitespace"
    );
    // "paragraphs joined by one blank line": no empty or blank paragraph between separators.
    for p in a.text.split("\n\n") {
        assert!(
            !p.trim().is_empty(),
            "blank paragraph (more than one blank line) in text {:?}",
            a.text
        );
    }
    if let Some(p) = &a.published {
        check_published(p);
    }
    if let Some(lang) = &a.language {
        assert!(
            lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()),
            "language is not an ISO 639-1 code: {lang:?}"
        );
    }
}
