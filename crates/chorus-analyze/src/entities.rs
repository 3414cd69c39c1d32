//! Named-entity mentions: people, organizations and places, with spans.

use chorus_core::analysis::{EntityKind, Segment, Span};

/// Names known to be places, organizations or given names.
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The gazetteer built into the binary.
    pub fn embedded() -> Gazetteer {
        Gazetteer {}
    }
}

/// A mention found in the text, before coreference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMention {
    /// Where it is.
    pub span: Span,
    /// What it names.
    pub kind: EntityKind,
}

/// Finds entity mentions in text order.
pub fn find(text: &str, segments: &[Segment], gazetteer: &Gazetteer) -> Vec<FoundMention> {
    let _ = (text, segments, gazetteer);
    Vec::new()
}
