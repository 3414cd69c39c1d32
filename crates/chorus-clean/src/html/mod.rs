//! HTML pages: main text and metadata.

pub mod main_text;
pub mod metadata;

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
pub fn extract_page(html: &str, url: Option<&str>) -> HtmlPage {
    HtmlPage {
        paragraphs: main_text::extract(html),
        metadata: metadata::extract(html, url),
    }
}

/// Converts an HTML fragment that is all article (feed content) to paragraphs.
pub fn fragment_paragraphs(fragment: &str) -> Vec<String> {
    main_text::fragment_paragraphs(fragment)
}
