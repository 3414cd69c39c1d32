//! `chorus_ingest::decode_html` and `decode_html_with_label`. When the first byte is odd, the
//! input's first line (after that byte) is an HTTP charset label and the rest the page bytes.
#![no_main]

use chorus_ingest::{decode_html, decode_html_with_label};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if selector & 1 == 1 {
        let (label, bytes) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &[][..]),
        };
        let label = String::from_utf8_lossy(label);
        let out = decode_html_with_label(bytes, Some(&label));
        if bytes.is_empty() {
            assert!(out.is_empty(), "empty input decoded to {out:?}");
        }
        return;
    }
    let bytes = rest;
    let out = decode_html(bytes);
    if bytes.is_empty() {
        assert!(out.is_empty(), "empty input decoded to {out:?}");
    }
    // Documented order: BOM, then a declared charset, then "UTF-8 when the bytes are valid UTF-8".
    // With no BOM and nothing that could declare a charset, valid UTF-8 comes back unchanged.
    if let Ok(text) = std::str::from_utf8(bytes) {
        let lower = text.to_ascii_lowercase();
        if !text.starts_with('\u{feff}')
            && !lower.contains("charset=")
            && !lower.contains("encoding=")
        {
            assert_eq!(out, text, "valid UTF-8 without a declaration was altered");
        }
    }
});
