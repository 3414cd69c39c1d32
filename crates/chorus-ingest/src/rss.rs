//! RSS and Atom feeds (feed-rs): one article per entry, with the full content where the feed
//! has it (`content:encoded`, Atom `content`), else the summary.

use crate::{Context, IngestError, InputError};
use chorus_core::{Body, RawDocument, StatedMeta};

/// Parses a whole feed and yields its entries.
pub(crate) fn read(
    bytes: &[u8],
    ctx: &Context,
    sink: &mut dyn FnMut(Result<RawDocument, InputError>),
) {
    let whole = |error| InputError {
        path: ctx.path.to_path_buf(),
        location: None,
        error,
    };
    if declares_entities(bytes) {
        return sink(Err(whole(IngestError::Feed(
            "declares XML entities (<!ENTITY>), which are never expanded: refusing a possible \
             entity-expansion bomb"
                .into(),
        ))));
    }
    // An empty id tells us the entry had none of its own; we then number it ourselves.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        Err(e) => return sink(Err(whole(IngestError::Feed(e.to_string())))),
    };
    if feed.entries.is_empty() {
        return sink(Err(whole(IngestError::NoEntries("feed"))));
    }
    let outlet = feed
        .title
        .map(|t| t.content.trim().to_owned())
        .filter(|t| !t.is_empty());
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let id = if entry.id.trim().is_empty() {
            format!("{}#{index}", ctx.stem)
        } else {
            entry.id.trim().to_owned()
        };
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone().map(|b| (b, c.content_type.to_string())))
            .or_else(|| {
                entry
                    .summary
                    .as_ref()
                    .map(|s| (s.content.clone(), s.content_type.to_string()))
            });
        let Some((text, media_type)) = content.filter(|(t, _)| !t.trim().is_empty()) else {
            sink(Err(ctx.error(
                format!("entry {index}"),
                IngestError::Feed("entry has neither content nor summary".into()),
            )));
            continue;
        };
        let body = if media_type.starts_with("text/plain") {
            Body::LabelledText(text)
        } else {
            Body::HtmlFragment(text)
        };
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .map(|l| l.href.clone());
        let byline = (!entry.authors.is_empty()).then(|| {
            entry
                .authors
                .iter()
                .filter_map(|a| a.name.as_deref().map(str::trim))
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        });
        sink(Ok(RawDocument {
            id,
            source_path: ctx.source_path.to_owned(),
            body,
            meta: StatedMeta {
                url,
                title: entry
                    .title
                    .map(|t| t.content.trim().to_owned())
                    .filter(|t| !t.is_empty()),
                byline: byline.filter(|b| !b.is_empty()),
                published: entry.published.or(entry.updated).map(|t| t.to_rfc3339()),
                outlet: outlet.clone(),
            },
        }));
    }
}

/// Whether the document type declaration before the root element declares entities. Feeds have
/// no business doing so, and expanding them is how "billion laughs" attacks work.
fn declares_entities(bytes: &[u8]) -> bool {
    let Some(doctype) = find(bytes, b"<!DOCTYPE") else {
        return false;
    };
    let prolog_end = find(&bytes[doctype..], b"]>").map_or(bytes.len(), |i| doctype + i);
    find(&bytes[doctype..prolog_end], b"<!ENTITY").is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
