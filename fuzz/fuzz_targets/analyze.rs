//! `chorus_analyze::Analyzer::analyze` (sentences, entities, roles, coreference, quotes, time
//! expressions) and `chorus_relate::copies::find_copies` on arbitrary text: no panic, and every
//! span lies inside the text on character boundaries.
#![no_main]

use chorus_analyze::Analyzer;
use chorus_core::analysis::Span;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(Analyzer::new);

fn check(text: &str, span: &Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "span out of bounds");
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span not on character boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reference = chrono::NaiveDate::from_ymd_opt(2025, 2, 18);
    let a = ANALYZER.analyze("fuzz", &text, reference);
    for s in &a.segments {
        check(&text, &s.span);
    }
    for m in &a.mentions {
        check(&text, &m.span);
        assert!(m.entity < a.entities.len(), "mention of a missing entity");
    }
    for q in &a.quotes {
        check(&text, &q.span);
        if let Some(s) = &q.speaker_span {
            check(&text, s);
        }
        assert!(q.speaker.is_none_or(|s| s < a.entities.len()), "speaker is a missing entity");
    }
    for t in &a.times {
        check(&text, &t.span);
    }
    let half = &text[..text.floor_char_boundary(text.len() / 2)];
    for pair in chorus_relate::copies::find_copies(&[&text, half]) {
        for p in pair.passages {
            check(&text, &p.earlier);
            check(half, &p.later);
        }
    }
});
