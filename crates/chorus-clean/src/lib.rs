//! The clean stage: one [`RawDocument`] in, one [`Article`] out.
//!
//! * HTML pages and fragments have their markup bounded ([`html::bound`]), then pages go
//!   through main-text extraction and the metadata cascade ([`html`]).
//! * Feed fragments are converted to text ([`html::fragment_paragraphs`]).
//! * Plain text has its date marker, headline and byline lifted out ([`plaintext`]).
//! * Every body then passes the paragraph-level boilerplate filter ([`boilerplate`]).
//!
//! Container-stated metadata ([`chorus_core::StatedMeta`]) always wins over inferred metadata.
//! The outlet follows one rule for every input ([`outlet`]): metadata, then what the text says,
//! then the site's host name; never the file name.

pub mod boilerplate;
pub mod dates;
pub mod html;
pub mod language;
pub mod outlet;
pub mod plaintext;

use chorus_core::{Article, Body, RawDocument};

/// Why a document could not become an article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CleanError {
    /// Nothing of the document was left once boilerplate was removed.
    #[error("no article text found")]
    NoText,
    /// The page's markup exceeds a bound of [`html::bound::MarkupLimits`].
    #[error(transparent)]
    Markup(#[from] html::bound::MarkupError),
}

/// Cleans one document into an article.
pub fn clean(doc: RawDocument) -> Result<Article, CleanError> {
    let RawDocument {
        id,
        source_path,
        body,
        meta,
    } = doc;
    let mut inferred = Inferred::default();
    let paragraphs = match body {
        Body::HtmlPage(page) => {
            let page = html::extract_page(&page, meta.url.as_deref())?;
            inferred = Inferred {
                url: page.metadata.canonical_url,
                title: page.metadata.title,
                byline: page.metadata.byline,
                published: page.metadata.published,
                outlet: page.metadata.site_name,
                language: page.metadata.language,
            };
            page.paragraphs
        }
        Body::HtmlFragment(fragment) => html::fragment_paragraphs(&fragment)?,
        Body::PlainText(text) => {
            let parsed = plaintext::parse(&text);
            inferred.title = parsed.title;
            inferred.byline = parsed.byline;
            inferred.published = parsed.published;
            parsed.paragraphs
        }
        Body::LabelledText(text) => plaintext::split_paragraphs(&text),
    };
    let text_outlet = match (&meta.outlet, &inferred.outlet) {
        (None, None) => outlet::from_text(&paragraphs),
        _ => None,
    };
    // Kept only for an undated page: its furniture's dates may fix when it was written.
    let raw_paragraphs =
        (meta.published.is_none() && inferred.published.is_none()).then(|| paragraphs.clone());
    let mut paragraphs = boilerplate::strip(paragraphs);
    // A page title that is furniture ("Please enable JavaScript", "Image caption …") is no title.
    let inferred_title = inferred
        .title
        .filter(|t| boilerplate::is_clean_line(&chorus_text::normalize_space(t)));
    let title = meta.title.or(inferred_title);
    // The headline repeated as the text's first paragraph (a page's <h1>) belongs in `title`.
    if let (Some(t), Some(first)) = (&title, paragraphs.first()) {
        if chorus_text::normalize_space(t) == *first && paragraphs.len() > 1 {
            paragraphs.remove(0);
        }
    }
    let text = paragraphs.join("\n\n");
    if text.trim().is_empty() {
        return Err(CleanError::NoText);
    }
    let furniture_dates = raw_paragraphs
        .map(|raw| dates::removed_dates(&raw, &text))
        .unwrap_or_default();
    let language = inferred
        .language
        .or_else(|| language::detect(&text).map(str::to_owned));
    let url = meta.url.or(inferred.url);
    let outlet = meta
        .outlet
        .or(inferred.outlet)
        .or(text_outlet)
        .or_else(|| url.as_deref().and_then(outlet::from_url));
    Ok(Article {
        id,
        source_path,
        url,
        title,
        byline: meta.byline.or(inferred.byline),
        published: meta.published.or(inferred.published),
        outlet,
        language,
        text,
        furniture_dates,
    })
}

/// Metadata read off the body itself.
#[derive(Default)]
struct Inferred {
    url: Option<String>,
    title: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    language: Option<String>,
}
