//! Saving and restoring a [`StoryClusterer`]'s state, so a store can stop and resume a stream
//! without replaying every article it has seen.
//!
//! The snapshot is a versioned `postcard` encoding of the clusterer's fields. Restoring one
//! gives a clusterer that makes exactly the decisions the saved one would have made: its
//! decisions never depend on hash-map iteration order (see the module documentation).

use super::{ClusterConfig, IdMap, Recent, Story, StoryClusterer};
use crate::cluster::features::Featurizer;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, VecDeque};

/// Format version written in every snapshot; a snapshot of another version is refused (the
/// caller rebuilds the clusterer by replaying its articles).
const VERSION: u32 = 6;

/// Why a snapshot could not be restored.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The bytes are not a snapshot of this format.
    #[error("cluster snapshot unreadable: {0}")]
    Decode(#[from] postcard::Error),
    /// The bytes decode but do not describe a state the clusterer can be in (a damaged store).
    #[error("cluster snapshot is inconsistent: {0}")]
    Inconsistent(&'static str),
    /// The snapshot was written by another version of the clusterer.
    #[error("cluster snapshot has format version {found}, this build reads version {VERSION}")]
    Version {
        /// The version found.
        found: u32,
    },
}

#[derive(Serialize)]
struct Saved<'a> {
    version: u32,
    config: &'a ClusterConfig,
    docs: u64,
    df: &'a IdMap<u64, u32>,
    stories: &'a IdMap<u64, Story>,
    postings: &'a IdMap<u64, VecDeque<u64>>,
    forward: &'a IdMap<u64, u64>,
    by_seq: &'a BTreeSet<(u64, u64)>,
    by_time: &'a BTreeSet<(i64, u64)>,
    now: Option<i64>,
    next_story: u64,
    pending: &'a Vec<(u64, u64)>,
    recent: &'a VecDeque<Recent>,
}

#[derive(Deserialize)]
struct Loaded {
    version: u32,
    config: ClusterConfig,
    docs: u64,
    df: IdMap<u64, u32>,
    stories: IdMap<u64, Story>,
    postings: IdMap<u64, VecDeque<u64>>,
    forward: IdMap<u64, u64>,
    by_seq: BTreeSet<(u64, u64)>,
    by_time: BTreeSet<(i64, u64)>,
    now: Option<i64>,
    next_story: u64,
    pending: Vec<(u64, u64)>,
    recent: VecDeque<Recent>,
}

impl Loaded {
    /// Checks the invariants the clusterer relies on (its indexes point at active stories), so
    /// that damaged bytes give an error here rather than a panic later.
    fn check(&self) -> Result<(), SnapshotError> {
        let bad = SnapshotError::Inconsistent;
        if self.by_seq.len() != self.stories.len() {
            return Err(bad("activity index and stories differ in size"));
        }
        for &(last, id) in &self.by_seq {
            if self.stories.get(&id).is_none_or(|s| s.last_seq != last) {
                return Err(bad("activity index names a missing story"));
            }
        }
        let dated = self.stories.values().filter(|s| s.span.is_some()).count();
        if self.by_time.len() != dated {
            return Err(bad("time index and dated stories differ in size"));
        }
        for &(hi, id) in &self.by_time {
            if self
                .stories
                .get(&id)
                .is_none_or(|s| s.span.map(|(_, h)| h) != Some(hi))
            {
                return Err(bad("time index names a missing story"));
            }
        }
        if self
            .postings
            .values()
            .flatten()
            .any(|id| !self.stories.contains_key(id))
        {
            return Err(bad("a posting list names a missing story"));
        }
        if self.stories.keys().any(|&id| id >= self.next_story) {
            return Err(bad("a story id is beyond the next one"));
        }
        Ok(())
    }
}

impl StoryClusterer {
    /// The clusterer's state as bytes (merges and moves not yet taken are not included).
    pub fn snapshot(&self) -> Vec<u8> {
        let saved = Saved {
            version: VERSION,
            config: &self.config,
            docs: self.docs,
            df: &self.df,
            stories: &self.stories,
            postings: &self.postings,
            forward: &self.forward,
            by_seq: &self.by_seq,
            by_time: &self.by_time,
            now: self.now,
            next_story: self.next_story,
            pending: &self.pending,
            recent: &self.recent,
        };
        // Serializing plain maps and numbers into a Vec cannot fail.
        postcard::to_stdvec(&saved).unwrap_or_default()
    }

    /// A clusterer in the state [`snapshot`](Self::snapshot) saved.
    pub fn restore(bytes: &[u8]) -> Result<StoryClusterer, SnapshotError> {
        // The version leads the encoding, so it can be checked before the rest is decoded.
        let (found, _) = postcard::take_from_bytes::<u32>(bytes)?;
        if found != VERSION {
            return Err(SnapshotError::Version { found });
        }
        let loaded: Loaded = postcard::from_bytes(bytes)?;
        debug_assert_eq!(loaded.version, VERSION);
        loaded.check()?;
        Ok(StoryClusterer {
            featurizer: Featurizer::new(
                loaded.config.title_weight,
                loaded.config.name_weight,
                loaded.config.proper_weight,
            ),
            config: loaded.config,
            docs: loaded.docs,
            df: loaded.df,
            stories: loaded.stories,
            postings: loaded.postings,
            forward: loaded.forward,
            by_seq: loaded.by_seq,
            by_time: loaded.by_time,
            now: loaded.now,
            next_story: loaded.next_story,
            merges: Vec::new(),
            moves: Vec::new(),
            recent: loaded.recent,
            pending: loaded.pending,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::ClusterInput;

    fn input(text: &str) -> ClusterInput<'_> {
        ClusterInput {
            title: None,
            text,
            published: None,
            embedding: None,
        }
    }

    const STREAM: [&str; 6] = [
        "Harbour bridge closed after crane strike in Port Aldwin",
        "Port Aldwin bridge stays closed as engineers inspect crane damage",
        "Election count delayed in northern province after storm",
        "Storm delays northern province election count again",
        "Engineers reopen Port Aldwin bridge to light traffic",
        "Northern province publishes election results after delay",
    ];

    #[test]
    fn a_restored_clusterer_decides_as_the_original() {
        let mut original = StoryClusterer::default();
        for text in &STREAM[..3] {
            original.add(&input(text));
        }
        let mut restored = StoryClusterer::restore(&original.snapshot()).unwrap();
        for text in &STREAM[3..] {
            assert_eq!(original.add(&input(text)), restored.add(&input(text)));
        }
        assert_eq!(original.active_stories(), restored.active_stories());
    }

    #[test]
    fn a_snapshot_whose_indexes_disagree_is_refused() {
        let mut c = StoryClusterer::default();
        for text in &STREAM {
            c.add(&input(text));
        }
        c.by_seq.insert((99, 12_345));
        assert!(matches!(
            StoryClusterer::restore(&c.snapshot()),
            Err(SnapshotError::Inconsistent(_))
        ));
    }

    #[test]
    fn garbage_and_other_versions_are_refused() {
        assert!(StoryClusterer::restore(b"").is_err());
        assert!(StoryClusterer::restore(&[0xff; 9]).is_err());
        let mut other = postcard::to_stdvec(&1u32).unwrap();
        other.extend_from_slice(&StoryClusterer::default().snapshot()[1..]);
        assert!(matches!(
            StoryClusterer::restore(&other),
            Err(SnapshotError::Version { found: 1 })
        ));
    }
}
