//! Boilerplate left inside article text.

/// Removes boilerplate paragraphs.
pub fn strip(paragraphs: Vec<String>) -> Vec<String> {
    paragraphs
}
