//! Deep trees and many attributes for `chorus_clean::clean`: the input is a program that builds
//! a page, so short inputs reach the shapes random bytes never spell (thousands of nested
//! elements, tags with thousands of attributes, misnested formatting, foreign content). Each
//! pair of bytes is one step: the first picks a tag (high bits) and an operation (low three
//! bits), the second how many times. The page is cleaned as a whole page and as a fragment; the
//! run must end (no stack overflow, no quadratic blow-up past the 10 s timeout) and any article
//! must keep the documented invariants. `html::bound` is checked too: within its limits, the
//! page comes back unchanged.
#![no_main]

use chorus_clean::html::bound::{bound_markup, MarkupLimits};
use chorus_core::{Body, RawDocument, StatedMeta};
use chorus_fuzz::check_article;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

const ID: &str = "fuzz-deep";
const SOURCE: &str = "in/fuzz-deep.html";

/// Tags the steps use: blocks, formatting, tables, lists, foreign content, raw text.
const TAGS: &[&str] = &[
    "b", "div", "table", "tr", "td", "p", "li", "ul", "a", "font", "svg", "math",
    "foreignObject", "span", "i", "select", "option", "template", "x", "script", "th", "dd",
    "button", "nobr", "caption", "h1", "object", "textarea", "title", "form", "g", "em",
];

/// Largest page built, in bytes: deep enough to overflow the stack before the fix (30,000
/// nested tags take 90 KB), small enough for many runs a second.
const MAX_PAGE: usize = 256 << 10;

fn build(data: &[u8]) -> String {
    let mut html = String::from("<!DOCTYPE html><html><head><title>Deep</title></head><body>");
    for step in data.chunks(2) {
        let op = step[0];
        let n = usize::from(*step.get(1).unwrap_or(&1)) + 1;
        let tag = TAGS[usize::from(op >> 3) % TAGS.len()];
        for i in 0..n * 32 {
            let _ = match op & 7 {
                0 | 1 => write!(html, "<{tag}>"),
                2 => write!(html, "</{tag}>"),
                3 => write!(html, "<{tag}/>"),
                4 => write!(html, "<{tag} class=c{i}>words "),
                5 => {
                    let _ = write!(html, "<{tag}");
                    for a in 0..n * 8 {
                        let _ = write!(html, " a{a}=\"{i}\"");
                    }
                    write!(html, ">")
                }
                6 => write!(html, "<div><{tag} id=i{i}></div>"),
                _ => write!(html, "<p>The council met on Tuesday to vote on the bridge. "),
            };
            if html.len() > MAX_PAGE {
                return html;
            }
        }
    }
    html
}

fuzz_target!(|data: &[u8]| {
    let html = build(data);
    if let Ok((out, changes)) = bound_markup(&html, &MarkupLimits::default()) {
        if changes == Default::default() {
            assert_eq!(out, html, "a page within the limits was changed");
        }
    }
    for body in [Body::HtmlPage(html.clone()), Body::HtmlFragment(html)] {
        let doc = RawDocument {
            id: ID.to_owned(),
            source_path: SOURCE.to_owned(),
            body,
            meta: StatedMeta::default(),
        };
        if let Ok(article) = chorus_clean::clean(doc) {
            check_article(&article, ID, SOURCE);
        }
    }
});
