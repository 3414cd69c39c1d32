//! Page metadata: title, byline, publication date, site name, canonical URL, language.

/// Metadata read off one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMetadata {
    /// Headline.
    pub title: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Site (outlet) name.
    pub site_name: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Declared language (ISO 639-1).
    pub language: Option<String>,
}

/// Reads the metadata of a page.
pub fn extract(html: &str, url: Option<&str>) -> PageMetadata {
    let mut options = trafilatura::Options::default();
    if let Some(url) = url {
        options.original_url = url.parse().ok();
    }
    let Ok(result) = trafilatura::extract(html, &options) else {
        return PageMetadata::default();
    };
    let m = result.metadata;
    let non_empty = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    PageMetadata {
        title: non_empty(m.title),
        byline: non_empty(m.author),
        published: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
        site_name: non_empty(m.sitename),
        canonical_url: non_empty(m.url),
        language: non_empty(m.language),
    }
}
