//! Reading OPML subscription lists.

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

/// Largest OPML document [`read_opml`] accepts, in bytes.
pub const MAX_OPML_BYTES: usize = 8 << 20;

/// Most outlines with a feed URL [`read_opml`] returns.
pub const MAX_OPML_FEEDS: usize = 100_000;

/// Deepest nesting of elements [`read_opml`] accepts.
pub const MAX_OPML_DEPTH: usize = 64;

/// Why an OPML file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad OPML file: {0}")]
pub struct OpmlError(pub String);

/// One feed listed in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlOutline {
    /// The feed's URL (the outline's `xmlUrl`), trimmed but not validated: pass it to
    /// `chorus_feeds::validate_feed_url` before adding it.
    pub url: String,
    /// The outline's `title`, else its `text`, when not blank.
    pub title: Option<String>,
}

/// Reads every `outline` element that has an `xmlUrl` attribute, at any depth (folders of feeds
/// are nested outlines), in document order.
///
/// The input must be UTF-8 (a byte-order mark is allowed), at most [`MAX_OPML_BYTES`] long, nest
/// at most [`MAX_OPML_DEPTH`] elements deep and list at most [`MAX_OPML_FEEDS`] feeds. A
/// document type declaration with an internal subset (where entities are declared) is refused,
/// and no entity other than XML's five predefined ones and character references is expanded.
pub fn read_opml(bytes: &[u8]) -> Result<Vec<OpmlOutline>, OpmlError> {
    let bad = OpmlError;
    if bytes.len() > MAX_OPML_BYTES {
        return Err(bad(format!(
            "the file is larger than the limit of {MAX_OPML_BYTES} bytes"
        )));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| bad(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut outlines = Vec::new();
    let mut depth = 0usize;
    let mut saw_opml = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            bad(format!(
                "malformed XML at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::DocType(doctype) => {
                let declaration: &str = doctype.as_ref();
                if declaration.contains('[') || declaration.contains("<!ENTITY") {
                    return Err(bad(
                        "declares a DTD internal subset (<!DOCTYPE ... [ ]>), where entities are \
                         declared: refusing a possible entity-expansion bomb"
                            .into(),
                    ));
                }
            }
            Event::Start(element) => {
                depth += 1;
                if depth > MAX_OPML_DEPTH {
                    return Err(bad(format!(
                        "elements nest deeper than the limit of {MAX_OPML_DEPTH}"
                    )));
                }
                saw_opml |= is_named(&element, "opml");
                take_outline(&element, &mut outlines)?;
            }
            Event::Empty(element) => {
                saw_opml |= is_named(&element, "opml");
                take_outline(&element, &mut outlines)?;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err(bad("no <opml> element: not an OPML file".into()));
    }
    Ok(outlines)
}

fn is_named(element: &BytesStart, name: &str) -> bool {
    element.local_name().as_ref().eq_ignore_ascii_case(name)
}

/// Adds `element` to `outlines` when it is an outline with a feed URL.
fn take_outline(element: &BytesStart, outlines: &mut Vec<OpmlOutline>) -> Result<(), OpmlError> {
    if !is_named(element, "outline") {
        return Ok(());
    }
    let mut url = None;
    let mut title = None;
    let mut text = None;
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|e| OpmlError(format!("malformed attribute: {e}")))?;
        let key = attribute.key.local_name();
        let slot = match key.as_ref().to_ascii_lowercase().as_str() {
            "xmlurl" => &mut url,
            "title" => &mut title,
            "text" => &mut text,
            _ => continue,
        };
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| OpmlError(format!("malformed attribute value: {e}")))?;
        let value = value.trim();
        if !value.is_empty() {
            *slot = Some(value.to_owned());
        }
    }
    let Some(url) = url else {
        return Ok(());
    };
    if outlines.len() >= MAX_OPML_FEEDS {
        return Err(OpmlError(format!(
            "lists more than the limit of {MAX_OPML_FEEDS} feeds"
        )));
    }
    outlines.push(OpmlOutline {
        url,
        title: title.or(text),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_outlines_are_read_in_order() {
        let opml = br#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="Harbour Gazette" type="rss" xmlUrl="https://gazette.example/feed.xml"/>
    <outline text="Regional">
      <outline title="Valley Courier" text="ignored" xmlUrl=" http://courier.example/rss?a=1&amp;b=2 "/>
      <outline text="Deeper">
        <outline xmlUrl="https://deep.example/atom"></outline>
      </outline>
    </outline>
    <outline text="Just a link" htmlUrl="https://site.example/"/>
  </body>
</opml>"#;
        let outlines = read_opml(opml).expect("valid OPML");
        assert_eq!(
            outlines,
            vec![
                OpmlOutline {
                    url: "https://gazette.example/feed.xml".into(),
                    title: Some("Harbour Gazette".into()),
                },
                OpmlOutline {
                    url: "http://courier.example/rss?a=1&b=2".into(),
                    title: Some("Valley Courier".into()),
                },
                OpmlOutline {
                    url: "https://deep.example/atom".into(),
                    title: None,
                },
            ]
        );
    }

    #[test]
    fn entity_declarations_are_refused() {
        let opml = br#"<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<opml><body><outline text="&b;" xmlUrl="https://x.example/feed"/></body></opml>"#;
        let err = read_opml(opml).expect_err("entities refused");
        assert!(err.to_string().contains("entity"), "{err}");
    }

    #[test]
    fn undeclared_entities_and_garbage_are_errors() {
        assert!(
            read_opml(b"<opml><body><outline text=\"&x;\" xmlUrl=\"u\"/></body></opml>").is_err()
        );
        assert!(read_opml(b"not xml at all").is_err());
        assert!(read_opml(b"<rss><channel/></rss>").is_err());
        assert!(read_opml(&[0xff, 0xfe, 0x00]).is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let mut opml = String::from("<opml>");
        for _ in 0..(MAX_OPML_DEPTH + 1) {
            opml.push_str("<outline text=\"x\">");
        }
        let err = read_opml(opml.as_bytes()).expect_err("too deep");
        assert!(err.to_string().contains("deeper"), "{err}");
    }
}
