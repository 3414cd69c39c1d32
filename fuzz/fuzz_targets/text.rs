//! `chorus_clean::plaintext::parse` and `chorus_clean::boilerplate::strip`, on the parsed
//! paragraphs and on the raw lines of the input.
#![no_main]

use chorus_clean::{boilerplate, plaintext};
use chorus_fuzz::check_published;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = plaintext::parse(&text);
    // "Whitespace inside a paragraph is collapsed to single spaces", and no paragraph is empty.
    for p in parsed.paragraphs.iter().chain(&parsed.title) {
        assert!(!p.is_empty(), "empty paragraph");
        let normalized = p.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(*p, normalized, "paragraph whitespace not normalized");
    }
    if let Some(byline) = &parsed.byline {
        assert!(!byline.trim().is_empty(), "empty byline");
    }
    if let Some(published) = &parsed.published {
        check_published(published);
        assert_eq!(published.len(), 10, "date marker is a date, not a date-time");
    }

    let input = parsed.paragraphs;
    let n = input.len();
    let kept = boilerplate::strip(input);
    assert!(kept.len() <= n, "strip added paragraphs");
    assert!(kept.iter().all(|p| !p.is_empty()), "strip left an empty paragraph");

    // Unnormalized paragraphs, as an HTML extractor or a caller might pass them.
    let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let n = lines.len();
    assert!(boilerplate::strip(lines).len() <= n, "strip added paragraphs");
});
