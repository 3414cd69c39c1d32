//! `chorus_clean::clean` with each `Body` variant: HTML page (main text, metadata, date cascade),
//! HTML fragment, plain text, labelled text; then the boilerplate filter. The first byte picks
//! the variant (low two bits) and whether the first line is a stated URL (bit 2).
#![no_main]

use chorus_core::{Body, RawDocument, StatedMeta};
use chorus_fuzz::check_article;
use libfuzzer_sys::fuzz_target;

const ID: &str = "fuzz-doc";
const SOURCE: &str = "in/fuzz-doc.html";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut text = String::from_utf8_lossy(rest).into_owned();
    let mut meta = StatedMeta::default();
    if selector & 4 != 0 {
        let (url, body) = text.split_once('\n').unwrap_or((&text, ""));
        meta.url = Some(url.to_owned());
        text = body.to_owned();
    }
    let body = match selector & 3 {
        0 => Body::HtmlPage(text),
        1 => Body::HtmlFragment(text),
        2 => Body::PlainText(text),
        _ => Body::LabelledText(text),
    };
    let doc = RawDocument {
        id: ID.to_owned(),
        source_path: SOURCE.to_owned(),
        body,
        meta,
    };
    if let Ok(article) = chorus_clean::clean(doc) {
        check_article(&article, ID, SOURCE);
    }
});
