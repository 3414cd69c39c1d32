//! Quotations and their speakers.

use chorus_core::analysis::{Entity, Mention, Quote, Segment};

/// Finds the quotes of a text and attributes them to entities where the text says who spoke.
pub fn find(
    text: &str,
    segments: &[Segment],
    entities: &[Entity],
    mentions: &[Mention],
) -> Vec<Quote> {
    let _ = (text, segments, entities, mentions);
    Vec::new()
}
