//! `chorus_ingest::opml::read_opml`: any bytes; what it accepts are valid http(s) feed URLs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(outlines) = chorus_ingest::opml::read_opml(data) {
        for outline in outlines {
            assert!(!outline.url.is_empty());
        }
    }
});
