//! `chorus_ingest::posted::parse_posted_articles`, the parser of `POST /api/articles` bodies: any bytes; an
//! accepted body gives 1 to MAX_BATCH articles, each with an id and a text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(articles) = chorus_ingest::posted::parse_posted_articles(data) {
        assert!(!articles.is_empty() && articles.len() <= chorus_ingest::posted::MAX_BATCH);
        for article in articles {
            assert!(!article.id.is_empty());
            assert!(!article.text.trim().is_empty());
        }
    }
});
