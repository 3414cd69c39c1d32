//! HTML pages: main text and metadata.

pub mod bound;
pub mod main_text;
pub mod metadata;
mod readability;
mod tree;

pub use metadata::PageMetadata;

/// What one HTML page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlPage {
    /// Main-text paragraphs, in reading order.
    pub paragraphs: Vec<String>,
    /// Title, byline, date and the rest.
    pub metadata: PageMetadata,
}

/// Extracts the main text and metadata of a whole page. `url` is the page's address when the
/// caller knows it (a WARC record, a feed entry); it is evidence for the date and the outlet.
/// The markup is bounded first ([`bound::bound_markup`] with the default limits) and its
/// parsed depth checked (by [`bound::copy_checked`]), so every step below sees a page of
/// bounded depth and work; a page with too many tags, or still too deep, is refused.
///
/// The page is parsed once, by the `trafilatura` crate's parser (html5ever), and copied once
/// into a compact tree (`tree::Tree`) in the same walk that checks its depth; the metadata walk
/// and main-text extraction (Readability and the furniture filters) read the copy.
pub fn extract_page(html: &str, url: Option<&str>) -> Result<HtmlPage, bound::MarkupError> {
    let (html, _) = bound::bound_markup(html, &bound::MarkupLimits::default())?;
    // The tree is checked before any recursive step runs on it.
    let doc = trafilatura::dom::Document::parse(&html);
    let tree = bound::copy_checked(&doc)?;
    let (metadata, stated_author) = metadata::extract_from(&tree, &html, url);
    let known = readability::Known {
        title: metadata.title.as_deref().unwrap_or(""),
        byline: stated_author,
    };
    drop(doc);
    let mut paragraphs = main_text::extract(&tree, known);
    add_standfirst(&mut paragraphs, &metadata);
    Ok(HtmlPage {
        paragraphs,
        metadata,
    })
}

/// A paragraph at least this long (in bytes) that the standfirst contains is the standfirst, cut
/// shorter.
const STANDFIRST_PART_MIN: usize = 50;

/// Puts the page's standfirst ([`PageMetadata::standfirst`]) before the text when main-text
/// extraction missed it: after the headline, if the text starts with it, else first. Nothing
/// happens when the text already holds the standfirst, or a long part of it.
fn add_standfirst(paragraphs: &mut Vec<String>, metadata: &PageMetadata) {
    let Some(standfirst) = &metadata.standfirst else {
        return;
    };
    let held = paragraphs.join(" ").contains(standfirst.as_str())
        || paragraphs
            .iter()
            .any(|p| p.len() >= STANDFIRST_PART_MIN && standfirst.contains(p.as_str()));
    if held {
        return;
    }
    let after_headline = match (&metadata.title, paragraphs.first()) {
        (Some(title), Some(first)) => usize::from(chorus_text::normalize_space(title) == *first),
        _ => 0,
    };
    paragraphs.insert(after_headline, standfirst.clone());
}

/// Converts an HTML fragment that is all article (feed content) to paragraphs, its markup
/// bounded first as in [`extract_page`].
pub fn fragment_paragraphs(fragment: &str) -> Result<Vec<String>, bound::MarkupError> {
    let (fragment, _) = bound::bound_markup(fragment, &bound::MarkupLimits::default())?;
    Ok(main_text::fragment_paragraphs(&fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(title: &str, standfirst: &str) -> PageMetadata {
        PageMetadata {
            title: Some(title.to_owned()),
            standfirst: Some(standfirst.to_owned()),
            ..PageMetadata::default()
        }
    }

    #[test]
    fn missed_standfirst_goes_after_the_headline() {
        let mut paragraphs = vec!["Bridge reopens".to_owned(), "Body text.".to_owned()];
        add_standfirst(
            &mut paragraphs,
            &meta("Bridge reopens", "The bridge reopened on Tuesday."),
        );
        assert_eq!(
            paragraphs,
            [
                "Bridge reopens",
                "The bridge reopened on Tuesday.",
                "Body text."
            ]
        );
        let mut paragraphs = vec!["Body text.".to_owned()];
        add_standfirst(
            &mut paragraphs,
            &meta("Bridge reopens", "The bridge reopened."),
        );
        assert_eq!(paragraphs, ["The bridge reopened.", "Body text."]);
    }

    #[test]
    fn standfirst_already_in_the_text_is_not_repeated() {
        let lead = "The old harbour bridge reopened on Tuesday after two years of repairs.";
        let mut paragraphs = vec![format!("{lead} Traffic was light."), "Body.".to_owned()];
        add_standfirst(&mut paragraphs, &meta("Bridge", lead));
        assert_eq!(paragraphs.len(), 2);
        let cut = "The old harbour bridge reopened on Tuesday after two years";
        let mut paragraphs = vec![cut.to_owned(), "Body.".to_owned()];
        add_standfirst(&mut paragraphs, &meta("Bridge", lead));
        assert_eq!(paragraphs.len(), 2);
    }
}
