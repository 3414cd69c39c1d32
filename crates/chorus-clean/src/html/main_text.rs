//! Main-text extraction: the article's paragraphs without navigation, related links, share
//! buttons, comments or ads.

/// Main-text paragraphs of a whole page.
pub fn extract(html: &str) -> Vec<String> {
    let options = trafilatura::Options::default();
    match trafilatura::extract(html, &options) {
        Ok(result) => lines_to_paragraphs(&result.content_text),
        Err(_) => Vec::new(),
    }
}

/// Paragraphs of an HTML fragment whose whole content is article text.
pub fn fragment_paragraphs(fragment: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(fragment);
    let text: String = doc.root_element().text().collect::<Vec<_>>().join("\n");
    lines_to_paragraphs(&text)
}

fn lines_to_paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}
