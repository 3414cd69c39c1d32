//! Merging the entities of many articles into one entity per real-world referent.

use chorus_core::analysis::{ArticleAnalysis, EntityKind};

/// One entity across articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedEntity {
    /// Canonical name: the most frequent fullest spelling.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Every other name used for it.
    pub aliases: Vec<String>,
    /// Distinct roles given to it.
    pub roles: Vec<String>,
    /// `(article index, entity index)` of every per-article entity merged here.
    pub members: Vec<(usize, usize)>,
}

/// Merges per-article entities across articles.
pub fn merge(analyses: &[ArticleAnalysis]) -> Vec<MergedEntity> {
    let _ = analyses;
    Vec::new()
}
