//! Streaming story clustering: each article's story decided when it arrives, with no
//! look-ahead; stories merge later when the evidence accumulates.
//!
//! Method (single pass, centroid based):
//!
//! * **Features.** Stemmed content words, capitalized multiword names and proper nouns
//!   (capitalized words inside a sentence of the text; a cheap stand-in for named entities), weighted
//!   `(1 + ln count)`, words of the title, names and proper nouns boosted by
//!   [`ClusterConfig::title_weight`], [`ClusterConfig::name_weight`] and
//!   [`ClusterConfig::proper_weight`], then by inverse document frequency `ln(1 + N / df)` from
//!   document frequencies updated with every article. Apart from the vector, an article's
//!   specifics: the years it writes as part of a date at its head (headline, dateline, lead: a
//!   date further down recalls another time), the latest year it mentions, and its
//!   quantities (a number with the word after it and the word before it: "23 pirates").
//! * **Stories.** A story keeps the sum of its articles' unit-length vectors (term weights
//!   without idf, so the current idf applies at comparison time), pruned to its
//!   [`ClusterConfig::centroid_terms`] heaviest terms.
//! * **Candidates.** An inverted index from terms to the stories whose articles had them among
//!   their [`ClusterConfig::query_terms`] heaviest terms, each posting list capped at
//!   [`ClusterConfig::posting_cap`] stories (the least recently indexed fall off). An article's
//!   heaviest terms select the stories sharing the most weight with it; only the best
//!   [`ClusterConfig::candidates`] are compared in full (cosine with the centroid). While no
//!   more stories are active than that, every one is compared: in a small collection (one
//!   event's few articles) an article's heaviest terms are the words the others lack.
//! * **Time.** When both the article and the story have publication times, the similarity is
//!   multiplied by `exp(-gap / time_scale)`, the gap measured to the story's time span, but never
//!   by less than [`ClusterConfig::time_floor`]: time is evidence, not a veto, so a follow-up
//!   days or weeks later that is close enough in content still joins its story.
//! * **Relative similarity.** The cosine is divided by the story's cohesion, the mean cosine of
//!   its own articles with its centroid (`|Σ unit vectors| / n`): an article as close to the
//!   centroid as the story's members are scores 1. This puts headline-only stories (whose
//!   members share few words) and full-text stories on one scale.
//! * **Contradicting specifics.** Look-alike events (two earthquakes on one island, two title
//!   fights of one boxer) share most words; what tells them apart is what each states that the
//!   other contradicts. Years conflict when both sides date themselves and share no dated year,
//!   or when one side's date is [`ClusterConfig::year_gap`] years or more away from the latest
//!   year the other mentions. A year conflict multiplies an article's similarity to a story by
//!   [`ClusterConfig::year_penalty`], and forbids a merge. Quantities conflict on a unit both
//!   state with no number in common ("23 pirates" against "26 pirates"). Each conflicting unit
//!   in excess of the agreeing ones multiplies an article's similarity to a story by
//!   [`ClusterConfig::quantity_penalty`] (at most four times: counts in a developing story do
//!   change), and a merge is forbidden when conflicting units outnumber agreeing ones by
//!   [`ClusterConfig::merge_quantity_margin`].
//! * **Decision.** The article joins the story with the best relative similarity among those
//!   it reaches [`ClusterConfig::threshold`] with, else it starts a story. A story of one
//!   article asks for [`ClusterConfig::singleton_threshold`] instead: an article-to-article
//!   comparison tells look-alike events apart far less reliably than one against a story of
//!   several articles, and a wrong first join drags the rest of the second event after it. Between
//!   two long articles (more than 100 distinct terms each) that bar is lowered by
//!   `(100 / terms)^0.2`, `terms` the shorter one's: long reports of one event each add their own
//!   background, so their cosine runs lower than that of two short ones. Two
//!   articles of one event kept apart this way come together later by merging. Then every other candidate whose
//!   centroid is now at least [`ClusterConfig::merge_threshold`] similar to the updated story,
//!   and contradicts none of its specifics, merges with it: the younger story (larger id) into
//!   the older one.
//! * **Consolidation.** When an article's story does not merge with a candidate, the pair is
//!   kept for the next consolidation pass if the mean similarity of their articles (the
//!   centroids' cosine times both cohesions, as average-link clustering scores a pair) reaches
//!   [`ClusterConfig::consolidate_threshold`]. Every [`ClusterConfig::consolidate_every`]
//!   articles, the pairs kept are scored again and merged best first while they still reach it. A join decides on one article as it
//!   arrives; the many-angled coverage of one event (the ruling, the reactions, the profile)
//!   often comes together only once each angle has gathered a story. Names guard the pass: a
//!   pair merges only when a prominent name of one (among its three heaviest names and proper
//!   nouns, by weight with idf) appears in the other, and not when each has a prominent name
//!   the other never mentions (one boxer's two fights: each story's opponent). Stories without
//!   names (headline streams) are left to the join and merge rules above.
//! * **Splitting.** The same pass splits a story that falls apart in two. The clusterer keeps
//!   the weights of its latest [`ClusterConfig::split_window`] articles; a story fed since the
//!   last pass whose articles are all among them (and at most 32) is cut in two by
//!   average-link grouping of its articles, and splits when the two groups' mean pairwise
//!   similarity is below [`ClusterConfig::consolidate_threshold`]: the pair a consolidation pass
//!   would not merge is not kept together either. The group of the story's earliest article
//!   keeps the story; each article of the other moves to a new one, and the moves are reported
//!   ([`StoryClusterer::take_moves`]) as merges are. With this second look the join bars are
//!   lower than a join that could not be undone would need: a wrong join of a recent article
//!   no longer drags the rest of its event after it for good.
//! * **Retirement.** Stories idle for [`ClusterConfig::window_secs`] of publication time (the
//!   latest time seen so far) and for at least [`ClusterConfig::min_idle_articles`] articles, or
//!   idle for [`ClusterConfig::window_articles`] articles, retire and their state is freed; later
//!   articles cannot join them. (The article condition keeps an archive that arrives after newer
//!   articles from retiring each of its stories as soon as it starts.)
//!
//! * **Collections.** A collection handed over whole (a folder given to `chorus brief`) is
//!   clustered with [`ClusterConfig::for_collection`]: the fewer its articles, the lower the
//!   thresholds and the weaker the year penalty, since its own document frequencies cannot yet
//!   be trusted and a handful of articles gathered together is most likely one event.
//!
//! * **Embeddings (optional).** When an article comes with a sentence embedding
//!   ([`ClusterInput::embedding`]) and [`ClusterConfig::embedding_weight`] `w` is above 0, a
//!   candidate story whose articles had embeddings scores `(1 - w) * lexical + w * dense`, where
//!   `dense` is the cosine with the story's mean embedding over the story's embedding cohesion
//!   (`|Σ embeddings| / n`), before the year and time factors. Candidates still come from the
//!   word index, and merges still compare word centroids.
//!
//! Decisions do not depend on hash-map iteration order: candidates are ranked by score with
//! ties broken by the smaller story id, and sums run in a fixed order.

mod dense;
mod features;
mod snapshot;

pub use snapshot::SnapshotError;

use dense::EmbeddingSum;
use features::{ArticleFeatures, Featurizer};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// What the clusterer needs to know about an article.
#[derive(Debug, Clone, Copy)]
pub struct ClusterInput<'a> {
    /// Headline, when known.
    pub title: Option<&'a str>,
    /// Main text (may be empty for headline-only streams).
    pub text: &'a str,
    /// Publication time, seconds since the Unix epoch, when known.
    pub published: Option<i64>,
    /// Unit-length sentence embedding of the article, when computed (see
    /// [`ClusterConfig::embedding_weight`]).
    pub embedding: Option<&'a [f32]>,
}

/// An article's clustering features, computed by [`StoryClusterer::prepare`].
#[derive(Debug)]
pub struct PreparedArticle<'a> {
    features: ArticleFeatures,
    published: Option<i64>,
    embedding: Option<&'a [f32]>,
}

/// The clusterer's settings. The first eleven and the last four shape decisions; the others
/// bound work and memory.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClusterConfig {
    /// Relative similarity (cosine with the centroid over the story's cohesion, times the time
    /// factor) an article needs to join a story.
    pub threshold: f32,
    /// Cosine similarity between two story centroids that merges them.
    pub merge_threshold: f32,
    /// Weight multiplier of words that appear in the title.
    pub title_weight: f32,
    /// Weight multiplier of capitalized multiword names.
    pub name_weight: f32,
    /// Weight multiplier of proper nouns of the text (an extra feature beside the word's own;
    /// headlines capitalize too freely to tell them).
    pub proper_weight: f32,
    /// Similarity multiplier when an article's years conflict with a story's.
    pub year_penalty: f32,
    /// Years between one side's date and the latest year the other side mentions that make a
    /// conflict (when only one side is dated).
    pub year_gap: u16,
    /// Conflicting quantity units in excess of agreeing ones that forbid a merge.
    pub merge_quantity_margin: u32,
    /// Similarity multiplier for each quantity unit an article contradicts a story on in
    /// excess of those it agrees on.
    pub quantity_penalty: f32,
    /// Relative similarity an article needs to join a story of a single article.
    pub singleton_threshold: f32,
    /// Time scale of the similarity decay with the publication-time gap, in seconds.
    pub time_scale_secs: f64,
    /// The least the time decay multiplies a similarity by: a gap in time alone never keeps out
    /// an article close enough to a story (a follow-up days or weeks later needs
    /// `1 / time_floor` times the similarity an article of the same day needs).
    pub time_floor: f32,
    /// A story idle for this long (publication time) retires.
    pub window_secs: i64,
    /// A story that received no article among this many retires.
    pub window_articles: u64,
    /// A story retires by publication time only once it has also received no article among this
    /// many.
    pub min_idle_articles: u64,
    /// An article's heaviest terms used to look up candidate stories (and indexed for its
    /// story).
    pub query_terms: usize,
    /// Most stories kept in one term's posting list.
    pub posting_cap: usize,
    /// Candidate stories compared in full.
    pub candidates: usize,
    /// Terms kept in a story centroid.
    pub centroid_terms: usize,
    /// Weight of the embedding similarity against the word similarity, in `[0, 1]`, where both
    /// the article and the story have embeddings (0: words only).
    #[serde(default)]
    pub embedding_weight: f32,
    /// Articles between two consolidation passes (0: none).
    pub consolidate_every: usize,
    /// Mean similarity of two stories' articles (their centroids' cosine times both
    /// cohesions) at which a consolidation pass merges them.
    pub consolidate_threshold: f32,
    /// Latest articles whose weights are kept so that a consolidation pass can split a story
    /// made of them alone (0: no splits; see [`StoryClusterer::take_moves`]).
    pub split_window: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.2,
            merge_threshold: 0.3,
            title_weight: 2.0,
            name_weight: 2.0,
            proper_weight: 1.5,
            year_penalty: 0.7,
            year_gap: 2,
            merge_quantity_margin: 2,
            quantity_penalty: 0.9,
            singleton_threshold: 0.2,
            time_scale_secs: 43_200.0,
            time_floor: 0.5,
            window_secs: 7 * 86_400,
            window_articles: 50_000,
            min_idle_articles: 1_000,
            query_terms: 12,
            posting_cap: 64,
            candidates: 16,
            centroid_terms: 300,
            embedding_weight: 0.0,
            consolidate_every: 20,
            consolidate_threshold: 0.15,
            split_window: 1024,
        }
    }
}

/// Articles at which a collection's own statistics weigh as much as the prior that a handed-over
/// collection is one event's coverage (see [`ClusterConfig::for_collection`]).
pub const COLLECTION_PRIOR_ARTICLES: f32 = 10.0;

/// Share by which the join and merge thresholds fall in a collection too small for its own
/// statistics (see [`ClusterConfig::for_collection`]).
pub const COLLECTION_RELAX: f32 = 0.6;

impl ClusterConfig {
    /// The settings for a collection of `articles` articles handed over whole (a folder given to
    /// `chorus brief`) rather than an open stream.
    ///
    /// In a few articles, inverse document frequencies learned from the articles themselves
    /// mislead: the words one event's articles share look common and each article's own words
    /// look rare, so articles of one event come out less similar than in a stream. And whoever
    /// hands over a handful of articles has most likely gathered one event's coverage. Both
    /// count by the collection's own weight `t = n / (n + COLLECTION_PRIOR_ARTICLES)`: the join
    /// and merge thresholds are multiplied by `1 - COLLECTION_RELAX * (1 - t)`, and the year
    /// penalty (weak evidence: the year of a date in one article may be the crime's, in another
    /// the trial's) keeps the share `t²` of its effect. A large collection keeps the stream's
    /// settings, nearly unchanged.
    pub fn for_collection(self, articles: usize) -> ClusterConfig {
        let n = articles as f32;
        let t = n / (n + COLLECTION_PRIOR_ARTICLES);
        let relax = 1.0 - COLLECTION_RELAX * (1.0 - t);
        ClusterConfig {
            threshold: self.threshold * relax,
            singleton_threshold: self.singleton_threshold * relax,
            merge_threshold: self.merge_threshold * relax,
            year_penalty: 1.0 - (1.0 - self.year_penalty) * t * t,
            ..self
        }
    }
}

/// Two stories became one: every article of `from` now belongs to `into`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// The story that ceased to exist.
    pub from: u64,
    /// The story that absorbed it (the older of the two).
    pub into: u64,
}

/// An article placed earlier changed story: it now belongs to `to`. Its other articles stay
/// where they were. A story left without articles ceases to exist (no merge is reported for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The article's arrival number: 0 for the first article this clusterer (or the one it was
    /// restored from) was given, 1 for the next, and so on.
    pub article: u64,
    /// The story it left.
    pub from: u64,
    /// The story it joined.
    pub to: u64,
}

/// An article placed recently, kept so that a consolidation pass can split its story (see
/// [`ClusterConfig::split_window`]).
#[derive(serde::Serialize, serde::Deserialize)]
struct Recent {
    /// Its arrival number.
    seq: u64,
    /// Its story as of its placement or latest move (merges since are followed through
    /// `forward`).
    story: u64,
    /// Its unit-length weights before idf, as added to the story's centroid, sorted by hash.
    vector: Vec<(u64, f32)>,
    /// Its publication time.
    published: Option<i64>,
    /// What it states.
    specifics: Specifics,
}

/// A hasher for keys that are already hashes or small integers: one multiply. Deterministic.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// One active story.
#[derive(serde::Serialize, serde::Deserialize)]
struct Story {
    /// `(term hash, sum of the articles' unit-length weights before idf)`, sorted by hash.
    centroid: Vec<(u64, f32)>,
    /// The centroid's length with idf applied, as of the last update.
    norm: f32,
    /// Articles in the story.
    size: u32,
    /// Sequence number of its latest article.
    last_seq: u64,
    /// Earliest and latest publication times of its articles, when any had one.
    span: Option<(i64, i64)>,
    /// Terms under which the story is in the inverted index, sorted.
    indexed: Vec<u64>,
    /// What its articles state.
    specifics: Specifics,
    /// Sum of its articles' embeddings.
    #[serde(default)]
    embedding: EmbeddingSum,
}

/// Years and quantities stated by an article or by a story's articles.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Specifics {
    /// Years written in dates at the article's head, sorted, distinct.
    dated_years: Vec<u16>,
    /// The latest year mentioned.
    latest_year: Option<u16>,
    /// `(unit, number)` hashes, sorted, distinct, at most [`MAX_QUANTITIES`].
    quantities: Vec<(u64, u64)>,
}

/// The bit of a document frequency that marks a name or proper noun (set once any article had
/// the term as one).
const ENTITY_BIT: u32 = 1 << 31;

/// Most names a story's prominent ones count in a consolidation pass (see
/// [`StoryClusterer::prominent`]).
const PROMINENT_ENTITIES: usize = 3;

/// Share of the heaviest name's weight a name needs to be prominent.
const PROMINENT_SHARE: f32 = 0.5;

/// Most times [`ClusterConfig::quantity_penalty`] applies to one comparison.
const MAX_QUANTITY_PENALTIES: u32 = 4;

/// Quantities a story keeps (the smallest hashes: an arbitrary but fixed sample).
const MAX_QUANTITIES: usize = 256;

impl Specifics {
    fn of(features: &ArticleFeatures) -> Specifics {
        let mut quantities = features.quantities.clone();
        quantities.truncate(MAX_QUANTITIES);
        Specifics {
            dated_years: features.dated_years.clone(),
            latest_year: features.latest_year,
            quantities,
        }
    }

    /// Adds another side's specifics.
    fn absorb(&mut self, other: &Specifics) {
        self.dated_years = union(&self.dated_years, &other.dated_years);
        self.latest_year = self.latest_year.max(other.latest_year);
        self.quantities = union(&self.quantities, &other.quantities);
        self.quantities.truncate(MAX_QUANTITIES);
    }

    /// Whether the two sides' years contradict each other: both dated with no dated year in
    /// common, or one side dated `gap` years or more away from the latest year the other
    /// (undated) side mentions.
    fn years_conflict(&self, other: &Specifics, gap: u16) -> bool {
        let far = |dated: &[u16], latest: Option<u16>| {
            dated
                .last()
                .zip(latest)
                .is_some_and(|(&d, l)| d.abs_diff(l) >= gap)
        };
        match (self.dated_years.is_empty(), other.dated_years.is_empty()) {
            (false, false) => !self
                .dated_years
                .iter()
                .any(|y| other.dated_years.binary_search(y).is_ok()),
            (false, true) => far(&self.dated_years, other.latest_year),
            (true, false) => far(&other.dated_years, self.latest_year),
            (true, true) => false,
        }
    }

    /// Units both sides state with a number in common, and units both state with none in
    /// common.
    fn compare_quantities(&self, other: &Specifics) -> (u32, u32) {
        let (a, b) = (&self.quantities, &other.quantities);
        let (mut agree, mut conflict) = (0, 0);
        let mut i = 0;
        while i < a.len() {
            let unit = a[i].0;
            let end = i + a[i..].partition_point(|q| q.0 == unit);
            let theirs = &b[b.partition_point(|q| q.0 < unit)..b.partition_point(|q| q.0 <= unit)];
            if !theirs.is_empty() {
                if a[i..end].iter().any(|q| theirs.binary_search(q).is_ok()) {
                    agree += 1;
                } else {
                    conflict += 1;
                }
            }
            i = end;
        }
        (agree, conflict)
    }
}

/// The sorted union of two sorted, distinct lists.
fn union<T: Copy + Ord>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i] < b[j]) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j] < a[i] {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
            j += 1;
        }
    }
    out
}

impl Story {
    /// The mean cosine of its articles with its centroid: `|Σ unit vectors| / n`, in (0, 1].
    fn cohesion(&self) -> f32 {
        (self.norm / self.size.max(1) as f32).clamp(1e-3, 1.0)
    }
}

/// Prepares articles as [`StoryClusterer::prepare`] does, apart from the clusterer (from
/// [`StoryClusterer::preparer`]), so that one batch is prepared while the clusterer adds the
/// one before.
pub struct Preparer {
    featurizer: Featurizer,
}

impl Preparer {
    /// The features of an article, the same as [`StoryClusterer::prepare`] gives.
    pub fn prepare<'a>(&self, article: &ClusterInput<'a>) -> PreparedArticle<'a> {
        PreparedArticle {
            features: self.featurizer.features(article.title, article.text),
            published: article.published,
            embedding: article.embedding,
        }
    }
}

/// Assigns stories to a stream of articles.
///
/// [`add`](Self::add) returns the story of each article as it arrives. Merges it causes are
/// collected and handed out by [`take_merges`](Self::take_merges), and articles moved to
/// another story by a split by [`take_moves`](Self::take_moves); [`current_story`]
/// (Self::current_story) maps any story id ever returned to the story it has become. An
/// article's final story is the one its latest move names (else the one `add` returned),
/// followed through the merges.
pub struct StoryClusterer {
    config: ClusterConfig,
    featurizer: Featurizer,
    /// Articles seen.
    docs: u64,
    /// Document frequency of every term seen.
    df: IdMap<u64, u32>,
    /// Active stories by id.
    stories: IdMap<u64, Story>,
    /// Term → stories indexed under it, oldest first.
    postings: IdMap<u64, VecDeque<u64>>,
    /// Merged story → the story it merged into.
    forward: IdMap<u64, u64>,
    /// Active stories by `(last_seq, id)`.
    by_seq: BTreeSet<(u64, u64)>,
    /// Active stories with a time, by `(latest time, id)`.
    by_time: BTreeSet<(i64, u64)>,
    /// The latest publication time seen.
    now: Option<i64>,
    next_story: u64,
    merges: Vec<Merge>,
    /// Moves not yet taken.
    moves: Vec<Move>,
    /// The latest [`ClusterConfig::split_window`] articles, oldest first.
    recent: VecDeque<Recent>,
    /// Pairs of stories found close on average (see [`ClusterConfig::consolidate_threshold`])
    /// but not merged since the last consolidation pass.
    pending: Vec<(u64, u64)>,
}

impl Default for StoryClusterer {
    fn default() -> Self {
        StoryClusterer::new(ClusterConfig::default())
    }
}

impl std::fmt::Debug for StoryClusterer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoryClusterer")
            .field("config", &self.config)
            .field("docs", &self.docs)
            .field("active_stories", &self.stories.len())
            .field("next_story", &self.next_story)
            .finish()
    }
}

impl StoryClusterer {
    /// An empty clusterer.
    pub fn new(config: ClusterConfig) -> StoryClusterer {
        StoryClusterer {
            featurizer: Featurizer::new(
                config.title_weight,
                config.name_weight,
                config.proper_weight,
            ),
            config,
            docs: 0,
            df: IdMap::default(),
            stories: IdMap::default(),
            postings: IdMap::default(),
            forward: IdMap::default(),
            by_seq: BTreeSet::new(),
            by_time: BTreeSet::new(),
            now: None,
            next_story: 0,
            merges: Vec::new(),
            moves: Vec::new(),
            recent: VecDeque::new(),
            pending: Vec::new(),
        }
    }

    /// The settings.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Stories currently active (not retired, not merged away).
    pub fn active_stories(&self) -> usize {
        self.stories.len()
    }

    /// Decides the story of the next article: returns its story id (after any merge or split
    /// the article caused; see [`take_merges`](Self::take_merges) and
    /// [`take_moves`](Self::take_moves)).
    pub fn add(&mut self, article: &ClusterInput) -> u64 {
        let prepared = self.prepare(article);
        self.add_prepared(prepared)
    }

    /// The features of an article, which depend on the settings only: a batch of articles can
    /// be prepared in parallel, then added in order with [`add_prepared`](Self::add_prepared)
    /// (the same stories as [`add`](Self::add) of each in turn).
    pub fn prepare<'a>(&self, article: &ClusterInput<'a>) -> PreparedArticle<'a> {
        PreparedArticle {
            features: self.featurizer.features(article.title, article.text),
            published: article.published,
            embedding: article.embedding,
        }
    }

    /// A [`Preparer`] with this clusterer's settings, to prepare articles on other threads
    /// while the clusterer adds earlier ones.
    pub fn preparer(&self) -> Preparer {
        Preparer {
            featurizer: Featurizer::new(
                self.config.title_weight,
                self.config.name_weight,
                self.config.proper_weight,
            ),
        }
    }

    /// Adds an article prepared by [`prepare`](Self::prepare); returns its story id, as
    /// [`add`](Self::add) does.
    pub fn add_prepared(&mut self, article: PreparedArticle<'_>) -> u64 {
        let seq = self.docs;
        self.docs += 1;
        if let Some(t) = article.published {
            self.now = Some(self.now.map_or(t, |n| n.max(t)));
        }
        self.retire(seq);

        let features = article.features;
        let specifics = Specifics::of(&features);
        let tf = features.terms;
        for &(h, _) in &tf {
            *self.df.entry(h).or_insert(0) += 1;
        }
        for &h in &features.entities {
            if let Some(df) = self.df.get_mut(&h) {
                *df |= ENTITY_BIT;
            }
        }
        // (term, weight before idf, idf), and the length of the weighted vector.
        let weighted: Vec<(u64, f32, f32)> = tf.iter().map(|&(h, w)| (h, w, self.idf(h))).collect();
        let norm = weighted
            .iter()
            .map(|&(_, tf, idf)| (tf * idf) * (tf * idf))
            .sum::<f32>()
            .sqrt();
        let mut query: Vec<(u64, f32)> =
            weighted.iter().map(|&(h, tf, idf)| (h, tf * idf)).collect();
        query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        query.truncate(self.config.query_terms);

        let candidates = self.candidates(&query);
        let mut best: Option<(f32, u64)> = None;
        for &s in &candidates {
            let story = &self.stories[&s];
            let mut sim = self.cosine_doc(&weighted, norm, story);
            sim /= story.cohesion();
            let w = self.config.embedding_weight;
            if let Some(dense) = story.embedding.relative_similarity(article.embedding) {
                if w > 0.0 {
                    sim = (1.0 - w) * sim + w * dense;
                }
            }
            sim *= self.evidence(&specifics, article.published, story);
            let needed = self.needed(tf.len(), story);
            if sim < needed || norm == 0.0 {
                continue;
            }
            if best.is_none_or(|(b, id)| sim > b || (sim == b && s < id)) {
                best = Some((sim, s));
            }
        }
        let story = match best {
            Some((_, s)) => s,
            None => {
                let id = self.next_story;
                self.next_story += 1;
                self.stories.insert(
                    id,
                    Story {
                        centroid: Vec::new(),
                        norm: 0.0,
                        size: 0,
                        last_seq: seq,
                        span: None,
                        indexed: Vec::new(),
                        specifics: Specifics::default(),
                        embedding: EmbeddingSum::default(),
                    },
                );
                self.by_seq.insert((seq, id));
                id
            }
        };
        let vector: Vec<(u64, f32)> = if norm > 0.0 {
            weighted.iter().map(|&(h, tf, _)| (h, tf / norm)).collect()
        } else {
            Vec::new()
        };
        self.update(story, &vector, &query, seq, article.published);
        if let Some(s) = self.stories.get_mut(&story) {
            s.specifics.absorb(&specifics);
            s.embedding.add(article.embedding);
        }
        if self.config.split_window > 0 {
            self.recent.push_back(Recent {
                seq,
                story,
                vector,
                published: article.published,
                specifics,
            });
            while self.recent.len() > self.config.split_window {
                self.recent.pop_front();
            }
        }
        let mut story = self.merge_similar(story, &candidates);
        let every = self.config.consolidate_every as u64;
        if every > 0 && self.docs.is_multiple_of(every) {
            self.consolidate();
            self.split_stories((seq + 1).saturating_sub(every));
            // A split that moved this very article is no move to report: its story is the
            // one it ends up in.
            if let Some(m) = self.moves.iter().rev().find(|m| m.article == seq) {
                story = m.to;
                self.moves.retain(|m| m.article != seq);
            }
        }
        self.current_story(story)
    }

    /// The factor by which an article's specifics and time weigh its similarity to a story:
    /// the year and quantity penalties and the time decay.
    fn evidence(&self, specifics: &Specifics, published: Option<i64>, story: &Story) -> f32 {
        let mut f = 1.0;
        if specifics.years_conflict(&story.specifics, self.config.year_gap) {
            f *= self.config.year_penalty;
        }
        let (agree, conflict) = specifics.compare_quantities(&story.specifics);
        if conflict > agree {
            let excess = (conflict - agree).min(MAX_QUANTITY_PENALTIES);
            f *= self.config.quantity_penalty.powi(excess as i32);
        }
        if let (Some(t), Some((lo, hi))) = (published, story.span) {
            let gap = (lo - t).max(t - hi).max(0) as f64;
            let decay = (-gap / self.config.time_scale_secs).exp();
            f *= decay.max(f64::from(self.config.time_floor)) as f32;
        }
        f
    }

    /// The relative similarity an article of `terms` distinct terms needs to join a story.
    fn needed(&self, terms: usize, story: &Story) -> f32 {
        if story.size == 1 {
            self.config.singleton_threshold * long_relief(terms, story.centroid.len())
        } else {
            self.config.threshold
        }
    }

    /// Splits the stories fed since article `since` that are made of recent articles alone
    /// (see [`ClusterConfig::split_window`]) and fall apart in two: their articles grouped
    /// by average link into two groups, the groups' mean pairwise similarity (their centroids'
    /// cosine times both cohesions, as a consolidation pass scores a pair) is below
    /// [`ClusterConfig::consolidate_threshold`], so that the pass would not merge them. The
    /// group of the story's earliest article keeps the story, the other starts one; each
    /// article that leaves is reported as a move.
    fn split_stories(&mut self, since: u64) {
        let tau = self.config.consolidate_threshold;
        let mut groups: std::collections::BTreeMap<u64, Vec<usize>> = Default::default();
        for (i, r) in self.recent.iter_mut().enumerate() {
            let mut story = r.story;
            while let Some(&next) = self.forward.get(&story) {
                story = next;
            }
            r.story = story;
            groups.entry(story).or_default().push(i);
        }
        for (s, members) in groups {
            let Some(story) = self.stories.get(&s) else {
                continue;
            };
            let n = members.len();
            if story.last_seq < since || n != story.size as usize || !(2..=MAX_SPLIT).contains(&n) {
                continue;
            }
            let vectors: Vec<Vec<(u64, f32)>> = members
                .iter()
                .map(|&i| {
                    let v: Vec<(u64, f32)> = self.recent[i]
                        .vector
                        .iter()
                        .map(|&(h, w)| (h, w * self.idf(h)))
                        .collect();
                    let len = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
                    v.into_iter().map(|(h, w)| (h, w / len)).collect()
                })
                .collect();
            let mut sim = vec![0f32; n * n];
            for a in 0..n {
                for b in a + 1..n {
                    let d = dot_sorted(&vectors[a], &vectors[b]);
                    sim[a * n + b] = d;
                    sim[b * n + a] = d;
                }
            }
            let mean = |x: &[usize], y: &[usize]| {
                let mut t = 0.0;
                for &a in x {
                    for &b in y {
                        t += sim[a * n + b];
                    }
                }
                t / (x.len() * y.len()) as f32
            };
            let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
            while clusters.len() > 2 {
                let mut best = (f32::NEG_INFINITY, 0, 1);
                for a in 0..clusters.len() {
                    for b in a + 1..clusters.len() {
                        let m = mean(&clusters[a], &clusters[b]);
                        if m > best.0 {
                            best = (m, a, b);
                        }
                    }
                }
                let joined = clusters.remove(best.2);
                clusters[best.1].extend(joined);
            }
            if mean(&clusters[0], &clusters[1]) >= tau {
                continue;
            }
            let go: Vec<usize> = if clusters[0].contains(&0) {
                clusters[1].iter().map(|&k| members[k]).collect()
            } else {
                clusters[0].iter().map(|&k| members[k]).collect()
            };
            let stay: Vec<usize> = members
                .iter()
                .copied()
                .filter(|i| !go.contains(i))
                .collect();
            // The sum of embeddings cannot be split: the story keeps it, the new one has none
            // (it is compared by words alone).
            let embedding = self.remove(s).expect("active story").embedding;
            let (kept, terms) = self.story_of(&stay, embedding);
            self.insert_story(s, kept, &terms);
            let id = self.next_story;
            self.next_story += 1;
            let (fresh, terms) = self.story_of(&go, EmbeddingSum::default());
            self.insert_story(id, fresh, &terms);
            for &i in &go {
                self.recent[i].story = id;
                self.moves.push(Move {
                    article: self.recent[i].seq,
                    from: s,
                    to: id,
                });
            }
        }
    }

    /// A story made of recent articles (indexes into `recent`), and the terms to index it under.
    fn story_of(&self, members: &[usize], embedding: EmbeddingSum) -> (Story, Vec<u64>) {
        let mut story = Story {
            centroid: Vec::new(),
            norm: 0.0,
            size: 0,
            last_seq: 0,
            span: None,
            indexed: Vec::new(),
            specifics: Specifics::default(),
            embedding,
        };
        let mut terms = Vec::new();
        for &i in members {
            let r = &self.recent[i];
            story.centroid = add_sorted(&story.centroid, &r.vector);
            story.size += 1;
            story.last_seq = story.last_seq.max(r.seq);
            if let Some(t) = r.published {
                story.span = Some(story.span.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))));
            }
            story.specifics.absorb(&r.specifics);
            let mut query: Vec<(u64, f32)> = r
                .vector
                .iter()
                .map(|&(h, w)| (h, w * self.idf(h)))
                .collect();
            query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            query.truncate(self.config.query_terms);
            terms.extend(query.into_iter().map(|q| q.0));
        }
        terms.sort_unstable();
        terms.dedup();
        self.prune(&mut story);
        story.norm = self.norm_of(&story.centroid);
        (story, terms)
    }

    /// A consolidation pass: among the pairs of stories found close on average since the last
    /// pass (a story an article joined or started, and a candidate of the article), merges, best first, the pairs whose articles'
    /// mean pairwise similarity reaches [`ClusterConfig::consolidate_threshold`], unless their
    /// specifics contradict or their names disagree ([`entities_disagree`](Self::entities_disagree)).
    fn consolidate(&mut self) {
        let tau = self.config.consolidate_threshold;
        let mut compared: Vec<(u64, u64)> = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|(a, b)| {
                let (a, b) = (self.current_story(a), self.current_story(b));
                (a.min(b), a.max(b))
            })
            .filter(|(a, b)| a != b)
            .collect();
        compared.sort_unstable();
        compared.dedup();
        let mut pairs: Vec<(f32, u64, u64)> = Vec::new();
        for (a, b) in compared {
            let (Some(sa), Some(sb)) = (self.stories.get(&a), self.stories.get(&b)) else {
                continue;
            };
            let score = self.cosine_stories(sa, sb) * sa.cohesion() * sb.cohesion();
            if score >= tau {
                pairs.push((score, a, b));
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, a, b) in pairs {
            let (a, b) = (self.current_story(a), self.current_story(b));
            if a == b || !self.stories.contains_key(&a) || !self.stories.contains_key(&b) {
                continue;
            }
            let (sa, sb) = (&self.stories[&a], &self.stories[&b]);
            let score = self.cosine_stories(sa, sb) * sa.cohesion() * sb.cohesion();
            if score < tau
                || self.contradict(&sa.specifics, &sb.specifics)
                || self.entities_disagree(sa, sb)
            {
                continue;
            }
            self.merge_pair(a, b);
        }
    }

    /// Merges that happened since the last call, in order.
    pub fn take_merges(&mut self) -> Vec<Merge> {
        std::mem::take(&mut self.merges)
    }

    /// Moves that happened since the last call, in order (see
    /// [`ClusterConfig::split_window`]). An article's story is the one its latest move names,
    /// else the one [`add`](Self::add) returned, followed through the merges.
    pub fn take_moves(&mut self) -> Vec<Move> {
        std::mem::take(&mut self.moves)
    }

    /// The story a story id returned earlier has become (itself unless merged).
    pub fn current_story(&self, mut story: u64) -> u64 {
        while let Some(&next) = self.forward.get(&story) {
            story = next;
        }
        story
    }

    fn idf(&self, term: u64) -> f32 {
        let df = (self.df.get(&term).copied().unwrap_or(1) & !ENTITY_BIT).max(1) as f32;
        (1.0 + self.docs as f32 / df).ln()
    }

    /// Retires stories idle beyond the windows.
    fn retire(&mut self, seq: u64) {
        let mut idle = Vec::new();
        for &(last, id) in &self.by_seq {
            if seq.saturating_sub(last) <= self.config.window_articles {
                break;
            }
            idle.push(id);
        }
        if let Some(now) = self.now {
            // Oldest first; the stories skipped are those fed within the last
            // `min_idle_articles` articles, so the scan stays short.
            for &(last, id) in &self.by_time {
                if now.saturating_sub(last) <= self.config.window_secs {
                    break;
                }
                let fed = self.stories.get(&id).map_or(0, |s| s.last_seq);
                if seq.saturating_sub(fed) > self.config.min_idle_articles {
                    idle.push(id);
                }
            }
        }
        for id in idle {
            self.remove(id);
        }
    }

    /// Drops a story's state (retired or merged away).
    fn remove(&mut self, id: u64) -> Option<Story> {
        let story = self.stories.remove(&id)?;
        self.by_seq.remove(&(story.last_seq, id));
        if let Some((_, hi)) = story.span {
            self.by_time.remove(&(hi, id));
        }
        for term in &story.indexed {
            if let Some(list) = self.postings.get_mut(term) {
                list.retain(|&s| s != id);
                if list.is_empty() {
                    self.postings.remove(term);
                }
            }
        }
        Some(story)
    }

    /// Stories sharing the most query weight, best first (ties: smaller id), at most
    /// `config.candidates`.
    fn candidates(&self, query: &[(u64, f32)]) -> Vec<u64> {
        let mut shared: IdMap<u64, f32> = IdMap::default();
        for &(h, w) in query {
            if let Some(list) = self.postings.get(&h) {
                for &s in list {
                    *shared.entry(s).or_insert(0.0) += w;
                }
            }
        }
        let mut ranked: Vec<(u64, f32)> = shared.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(self.config.candidates);
        let mut out: Vec<u64> = ranked.into_iter().map(|(s, _)| s).collect();
        // With no more stories than candidates, every story is compared: the index is a
        // shortcut for large streams, and in a small collection (one event's few articles) an
        // article's heaviest terms are those the others lack, so it finds no story by them.
        if self.stories.len() <= self.config.candidates && out.len() < self.stories.len() {
            let mut rest: Vec<u64> = self
                .stories
                .keys()
                .copied()
                .filter(|s| !out.contains(s))
                .collect();
            rest.sort_unstable();
            out.extend(rest);
        }
        out
    }

    /// Cosine of an article's weighted vector with a story centroid, under the current idf.
    fn cosine_doc(&self, weighted: &[(u64, f32, f32)], norm: f32, story: &Story) -> f32 {
        if norm == 0.0 || story.norm == 0.0 {
            return 0.0;
        }
        let mut dot = 0.0;
        let mut j = 0;
        for &(h, tf, idf) in weighted {
            while j < story.centroid.len() && story.centroid[j].0 < h {
                j += 1;
            }
            if j < story.centroid.len() && story.centroid[j].0 == h {
                dot += tf * idf * idf * story.centroid[j].1;
            }
        }
        dot / (norm * story.norm)
    }

    /// Cosine of two story centroids under the current idf (lengths as of their last update).
    fn cosine_stories(&self, a: &Story, b: &Story) -> f32 {
        if a.norm == 0.0 || b.norm == 0.0 {
            return 0.0;
        }
        let mut dot = 0.0;
        let mut j = 0;
        for &(h, w) in &a.centroid {
            while j < b.centroid.len() && b.centroid[j].0 < h {
                j += 1;
            }
            if j < b.centroid.len() && b.centroid[j].0 == h {
                let idf = self.idf(h);
                dot += w * b.centroid[j].1 * idf * idf;
            }
        }
        dot / (a.norm * b.norm)
    }

    /// A story's most prominent names and proper nouns: at most [`PROMINENT_ENTITIES`] entity
    /// terms of its centroid, heaviest first (idf applied), each weighing at least
    /// [`PROMINENT_SHARE`] of the heaviest.
    fn prominent(&self, story: &Story) -> Vec<u64> {
        let mut entities: Vec<(u64, f32)> = story
            .centroid
            .iter()
            .filter(|&&(h, _)| self.df.get(&h).is_some_and(|d| d & ENTITY_BIT != 0))
            .map(|&(h, w)| (h, w * self.idf(h)))
            .collect();
        entities.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let top = entities.first().map_or(0.0, |e| e.1);
        entities
            .into_iter()
            .take(PROMINENT_ENTITIES)
            .filter(|e| e.1 >= PROMINENT_SHARE * top)
            .map(|e| e.0)
            .collect()
    }

    /// Whether two stories' names keep them apart in a consolidation pass: each has a prominent
    /// name the other never mentions (one boxer's two fights: each story's opponent), or
    /// neither shares a prominent name with the other (nothing but words ties them).
    fn entities_disagree(&self, a: &Story, b: &Story) -> bool {
        let (pa, pb) = (self.prominent(a), self.prominent(b));
        let mentions = |s: &Story, h: &u64| s.centroid.binary_search_by_key(h, |t| t.0).is_ok();
        let a_alone = pa.iter().any(|h| !mentions(b, h));
        let b_alone = pb.iter().any(|h| !mentions(a, h));
        let shared = pa.iter().any(|h| mentions(b, h)) || pb.iter().any(|h| mentions(a, h));
        (a_alone && b_alone) || !shared
    }

    /// A centroid's length under the current idf.
    fn norm_of(&self, centroid: &[(u64, f32)]) -> f32 {
        centroid
            .iter()
            .map(|&(h, w)| {
                let x = w * self.idf(h);
                x * x
            })
            .sum::<f32>()
            .sqrt()
    }

    /// Adds an article to a story: centroid, index, activity.
    fn update(
        &mut self,
        id: u64,
        vector: &[(u64, f32)],
        query: &[(u64, f32)],
        seq: u64,
        published: Option<i64>,
    ) {
        let mut story = self.stories.remove(&id).expect("active story");
        if !vector.is_empty() {
            story.centroid = add_sorted(&story.centroid, vector);
        }
        story.size += 1;
        self.by_seq.remove(&(story.last_seq, id));
        story.last_seq = story.last_seq.max(seq);
        self.by_seq.insert((story.last_seq, id));
        if let Some(t) = published {
            if let Some((_, hi)) = story.span {
                self.by_time.remove(&(hi, id));
            }
            let (lo, hi) = story.span.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t)));
            story.span = Some((lo, hi));
            self.by_time.insert((hi, id));
        }
        self.prune(&mut story);
        story.norm = self.norm_of(&story.centroid);
        for &(h, _) in query {
            if let Err(at) = story.indexed.binary_search(&h) {
                story.indexed.insert(at, h);
                let list = self.postings.entry(h).or_default();
                list.push_back(id);
                if list.len() > self.config.posting_cap {
                    let dropped = list.pop_front().expect("non-empty");
                    if let Some(other) = self.stories.get_mut(&dropped) {
                        if let Ok(at) = other.indexed.binary_search(&h) {
                            other.indexed.remove(at);
                        }
                    }
                }
            }
        }
        self.stories.insert(id, story);
    }

    /// Keeps the heaviest `config.centroid_terms` terms of a centroid once it holds twice as
    /// many.
    fn prune(&self, story: &mut Story) {
        let keep = self.config.centroid_terms;
        if story.centroid.len() <= 2 * keep {
            return;
        }
        let mut terms: Vec<(u64, f32, f32)> = story
            .centroid
            .iter()
            .map(|&(h, w)| (h, w, w * self.idf(h)))
            .collect();
        terms.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        terms.truncate(keep);
        terms.sort_unstable_by_key(|t| t.0);
        story.centroid = terms.into_iter().map(|(h, w, _)| (h, w)).collect();
    }

    /// Merges into `story` (or `story` into) every candidate now similar enough; returns the
    /// story `story` has become.
    fn merge_similar(&mut self, mut story: u64, candidates: &[u64]) -> u64 {
        for &other in candidates {
            if other == story || !self.stories.contains_key(&other) {
                continue;
            }
            let (a, b) = (&self.stories[&story], &self.stories[&other]);
            let cosine = self.cosine_stories(a, b);
            if cosine < self.config.merge_threshold || self.contradict(&a.specifics, &b.specifics) {
                // Close enough on average to be weighed again in the next consolidation pass.
                if self.config.consolidate_every > 0
                    && cosine * a.cohesion() * b.cohesion() >= self.config.consolidate_threshold
                {
                    self.pending.push((story.min(other), story.max(other)));
                }
                continue;
            }
            story = self.merge_pair(story, other);
        }
        story
    }

    /// Merges two active stories, the younger into the older; returns the older's id.
    fn merge_pair(&mut self, story: u64, other: u64) -> u64 {
        let (from, into) = (story.max(other), story.min(other));
        let absorbed = self.remove(from).expect("active story");
        let mut target = self.remove(into).expect("active story");
        target.centroid = add_sorted(&target.centroid, &absorbed.centroid);
        target.size += absorbed.size;
        target.specifics.absorb(&absorbed.specifics);
        target.embedding.absorb(&absorbed.embedding);
        target.span = match (target.span, absorbed.span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (a, b) => a.or(b),
        };
        target.last_seq = target.last_seq.max(absorbed.last_seq);
        // Re-index the merged story under the terms of both.
        let mut terms = target.indexed.clone();
        terms.extend(absorbed.indexed);
        terms.sort_unstable();
        terms.dedup();
        target.indexed.clear();
        self.prune(&mut target);
        target.norm = self.norm_of(&target.centroid);
        self.insert_story(into, target, &terms);
        self.forward.insert(from, into);
        self.merges.push(Merge { from, into });
        into
    }

    /// Whether two stories' specifics forbid merging them.
    fn contradict(&self, a: &Specifics, b: &Specifics) -> bool {
        if a.years_conflict(b, self.config.year_gap) {
            return true;
        }
        let (agree, conflict) = a.compare_quantities(b);
        conflict >= agree + self.config.merge_quantity_margin
    }

    /// Puts a story (taken out with [`remove`](Self::remove)) back, indexed under `terms`.
    fn insert_story(&mut self, id: u64, mut story: Story, terms: &[u64]) {
        self.by_seq.insert((story.last_seq, id));
        if let Some((_, hi)) = story.span {
            self.by_time.insert((hi, id));
        }
        for &h in terms {
            let list = self.postings.entry(h).or_default();
            list.push_back(id);
            story.indexed.push(h);
            if list.len() > self.config.posting_cap {
                let dropped = list.pop_front().expect("non-empty");
                if dropped == id {
                    story.indexed.pop();
                } else if let Some(other) = self.stories.get_mut(&dropped) {
                    if let Ok(at) = other.indexed.binary_search(&h) {
                        other.indexed.remove(at);
                    }
                }
            }
        }
        self.stories.insert(id, story);
    }
}

/// Distinct terms both sides of an article-to-article comparison need before
/// [`long_relief`] lowers the bar to join a one-article story.
const LONG_TERMS: usize = 100;

/// The factor on [`ClusterConfig::singleton_threshold`] when an article meets a one-article
/// story: `(LONG_TERMS / terms)^0.2` with `terms` the smaller side's distinct terms, once both
/// have more than [`LONG_TERMS`]; else 1. Two long articles share a smaller part of their words
/// than two short ones even when they report one event (each adds its own background), so
/// their cosine runs lower.
fn long_relief(article_terms: usize, story_terms: usize) -> f32 {
    let terms = article_terms.min(story_terms);
    if terms <= LONG_TERMS {
        return 1.0;
    }
    (LONG_TERMS as f32 / terms as f32).powf(0.2)
}

/// Most articles a story may have for a consolidation pass to weigh splitting it (the grouping
/// costs the cube of the articles).
const MAX_SPLIT: usize = 32;

/// The dot product of two sparse vectors sorted by key (their cosine when both are unit
/// length).
pub fn dot_sorted<K: Ord>(a: &[(K, f32)], b: &[(K, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// The sum of two sparse vectors sorted by key.
fn add_sorted(a: &[(u64, f32)], b: &[(u64, f32)]) -> Vec<(u64, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BRIDGE: &[&str] = &[
        "Gale-force winds closed the harbour bridge in Port Ellis on Tuesday after a railing was torn away, the transit authority said.",
        "The Port Ellis harbour bridge was shut by gale-force winds on Tuesday; the transit authority said a railing had been torn away.",
        "Engineers will inspect the Port Ellis harbour bridge overnight after the gale tore away a railing, and it may reopen on Wednesday.",
    ];
    const BUDGET: &[&str] = &[
        "The city council of Marlow approved its budget on Monday after a six-hour debate, cutting library funding by a tenth.",
        "Marlow council passed the budget late on Monday; opposition members said the library cuts went too far.",
    ];
    const FINAL: &[&str] = &[
        "Northfield Rovers beat Caster United two goals to one in the cup final at Greenway Park on Saturday.",
        "Caster United lost the cup final to Northfield Rovers at Greenway Park, conceding a late winner.",
    ];

    fn stream() -> Vec<&'static str> {
        vec![
            BRIDGE[0], BUDGET[0], FINAL[0], BRIDGE[1], BUDGET[1], FINAL[1], BRIDGE[2],
        ]
    }

    fn run(config: ClusterConfig, texts: &[&str]) -> Vec<u64> {
        let mut c = StoryClusterer::new(config);
        texts
            .iter()
            .map(|t| {
                c.add(&ClusterInput {
                    title: None,
                    text: t,
                    published: None,
                    embedding: None,
                })
            })
            .collect()
    }

    #[test]
    fn articles_of_one_event_share_a_story_and_others_do_not() {
        let s = run(ClusterConfig::default(), &stream());
        assert_eq!(s[0], s[3]);
        assert_eq!(s[0], s[6]);
        assert_eq!(s[1], s[4]);
        assert_eq!(s[2], s[5]);
        assert_ne!(s[0], s[1]);
        assert_ne!(s[0], s[2]);
        assert_ne!(s[1], s[2]);
    }

    #[test]
    fn a_small_collection_handed_over_whole_joins_what_a_stream_keeps_apart() {
        // Settings strict enough that a stream keeps two articles of one event apart.
        let strict = ClusterConfig {
            threshold: 0.8,
            singleton_threshold: 0.8,
            merge_threshold: 0.8,
            ..ClusterConfig::default()
        };
        let texts = [BRIDGE[0], BRIDGE[2]];
        let stream = run(strict, &texts);
        assert_ne!(stream[0], stream[1]);
        let collection = run(strict.for_collection(texts.len()), &texts);
        assert_eq!(collection[0], collection[1]);
        // A large collection keeps nearly the stream's settings.
        let large = strict.for_collection(100_000);
        assert!((large.threshold - strict.threshold).abs() < 1e-3);
        assert!((large.year_penalty - strict.year_penalty).abs() < 1e-3);
    }

    #[test]
    fn the_singleton_bar_falls_only_between_two_long_articles() {
        assert_eq!(long_relief(80, 5_000), 1.0);
        assert_eq!(long_relief(5_000, 100), 1.0);
        let relief = long_relief(3_200, 400);
        // (100 / 400)^0.2
        assert!((relief - 0.25f32.powf(0.2)).abs() < 1e-6, "{relief}");
        assert!(long_relief(1_000, 1_000) < relief);
    }

    #[test]
    fn output_is_deterministic() {
        let a = run(ClusterConfig::default(), &stream());
        let b = run(ClusterConfig::default(), &stream());
        assert_eq!(a, b);
    }

    /// Each article's final story: the story `add` returned, or the one its latest move names,
    /// followed through the merges.
    fn run_final(config: ClusterConfig, texts: &[&str]) -> (Vec<u64>, usize) {
        let mut c = StoryClusterer::new(config);
        let mut stories = Vec::new();
        let mut moves = 0;
        for t in texts {
            stories.push(c.add(&ClusterInput {
                title: None,
                text: t,
                published: None,
                embedding: None,
            }));
            for m in c.take_moves() {
                assert!((m.article as usize) < stories.len() - 1, "{m:?}");
                assert_eq!(c.current_story(stories[m.article as usize]), m.from);
                stories[m.article as usize] = m.to;
                moves += 1;
            }
        }
        let stories = stories.into_iter().map(|s| c.current_story(s)).collect();
        (stories, moves)
    }

    /// No look-ahead: the story an article is given when it arrives never depends on the
    /// articles after it. Later articles change an earlier placement only through the merges
    /// and moves they report, and what the first articles end up as depends on nothing after them.
    #[test]
    fn no_look_ahead_earlier_decisions_change_only_through_reported_merges_and_moves() {
        let all = stream();
        let config = ClusterConfig {
            consolidate_every: 2,
            ..ClusterConfig::default()
        };
        let full = run(config, &all);
        for k in 1..all.len() {
            assert_eq!(run(config, &all[..k]), full[..k]);
            let (prefix, _) = run_final(config, &all[..k]);
            let (again, _) = run_final(config, &all[..k]);
            assert_eq!(prefix, again);
        }
    }

    #[test]
    fn a_story_whose_articles_fall_apart_in_two_splits_and_reports_the_moves() {
        // A join bar so low that every article joins the first story, and a pass after every
        // third (the first pass moves the second article, which the third followed in).
        let config = ClusterConfig {
            threshold: 0.0,
            singleton_threshold: 0.0,
            consolidate_every: 3,
            ..ClusterConfig::default()
        };
        let texts = [BRIDGE[0], BUDGET[0], BRIDGE[1], BUDGET[1], BRIDGE[2]];
        let (unsplit, moves) = run_final(
            ClusterConfig {
                split_window: 0,
                ..config
            },
            &texts,
        );
        assert_eq!(moves, 0);
        assert!(unsplit.iter().all(|&s| s == unsplit[0]), "{unsplit:?}");
        let (split, moves) = run_final(config, &texts);
        assert!(moves > 0);
        assert_eq!(split[0], split[2]);
        assert_eq!(split[0], split[4]);
        assert_eq!(split[1], split[3]);
        assert_ne!(split[0], split[1]);
    }

    #[test]
    fn idle_stories_retire_by_article_count() {
        let config = ClusterConfig {
            window_articles: 2,
            ..ClusterConfig::default()
        };
        let mut c = StoryClusterer::new(config);
        let add = |c: &mut StoryClusterer, text| {
            c.add(&ClusterInput {
                title: None,
                text,
                published: None,
                embedding: None,
            })
        };
        let first = add(&mut c, BRIDGE[0]);
        add(&mut c, BUDGET[0]);
        add(&mut c, FINAL[0]);
        add(&mut c, BUDGET[1]);
        // The bridge story has been idle for three articles: it is gone.
        assert!(c.active_stories() <= 2);
        assert_ne!(add(&mut c, BRIDGE[1]), first);
    }

    /// An article of `text` published at `t`.
    fn at(text: &str, t: i64) -> ClusterInput<'_> {
        ClusterInput {
            title: None,
            text,
            published: Some(t),
            embedding: None,
        }
    }

    #[test]
    fn idle_stories_retire_by_publication_time() {
        let mut c = StoryClusterer::new(ClusterConfig {
            min_idle_articles: 0,
            ..ClusterConfig::default()
        });
        let day = 86_400;
        let first = c.add(&at(BRIDGE[0], 0));
        assert_eq!(c.add(&at(BRIDGE[1], day / 2)), first);
        c.add(&at(BUDGET[0], 30 * day));
        assert_eq!(c.active_stories(), 1);
        assert_ne!(c.add(&at(BRIDGE[2], 30 * day)), first);
    }

    #[test]
    fn a_close_follow_up_weeks_later_joins_its_story_and_time_still_counts() {
        let day = 86_400;
        let follow_up = |config: ClusterConfig| {
            let mut c = StoryClusterer::new(config);
            let first = c.add(&at(BRIDGE[0], 0));
            c.add(&at(BRIDGE[1], day / 2));
            c.add(&at(BRIDGE[2], 20 * day)) == first
        };
        // No merges, so only the join decides. Twenty days on, the follow-up is close to the
        // story's own articles: it joins.
        let no_merges = ClusterConfig {
            merge_threshold: f32::INFINITY,
            ..ClusterConfig::default()
        };
        assert!(follow_up(no_merges));
        // With time as a veto (no floor) the gap alone would have kept it out.
        assert!(!follow_up(ClusterConfig {
            time_floor: 0.0,
            ..no_merges
        }));
    }

    #[test]
    fn stories_merge_when_an_article_bridges_them() {
        let config = ClusterConfig {
            threshold: 0.6,
            merge_threshold: 0.15,
            ..ClusterConfig::default()
        };
        let mut c = StoryClusterer::new(config);
        let add = |c: &mut StoryClusterer, text| {
            c.add(&ClusterInput {
                title: None,
                text,
                published: None,
                embedding: None,
            })
        };
        let a = add(
            &mut c,
            "Gale-force winds closed the Port Ellis harbour bridge on Tuesday.",
        );
        let b = add(
            &mut c,
            "Ferry crossings to the island were cancelled as queues grew at the terminal.",
        );
        assert_ne!(a, b);
        assert!(c.take_merges().is_empty());
        let bridged = add(
            &mut c,
            "Gale-force winds closed the Port Ellis harbour bridge on Tuesday, and ferry crossings to the island were cancelled as queues grew at the terminal.",
        );
        assert_eq!(c.take_merges(), [Merge { from: b, into: a }]);
        assert_eq!(bridged, a);
        assert_eq!(c.current_story(b), a);
        assert_eq!(c.current_story(a), a);
        assert_eq!(c.active_stories(), 1);
    }

    #[test]
    fn look_alike_events_dated_years_apart_stay_apart() {
        let texts = [
            "Posted November 27, 2005\nA strong earthquake shook the island of Qeshm off southern Iran on Sunday, killing ten people and flattening homes in seven villages.",
            "September 10, 2008\nAn earthquake jolted Qeshm island in the Gulf on Wednesday, damaging houses; officials in southern Iran said five people were hurt.",
        ];
        // A bar the pair clears without the year penalty but not with it.
        let config = ClusterConfig {
            singleton_threshold: 0.25,
            ..ClusterConfig::default()
        };
        let s = run(config, &texts);
        assert_ne!(s[0], s[1]);
        let blind = ClusterConfig {
            year_penalty: 1.0,
            ..config
        };
        let s = run(blind, &texts);
        assert_eq!(s[0], s[1]);
    }

    fn specifics(dated: &[u16], latest: Option<u16>, quantities: &[(u64, u64)]) -> Specifics {
        Specifics {
            dated_years: dated.to_vec(),
            latest_year: latest,
            quantities: quantities.to_vec(),
        }
    }

    #[test]
    fn years_conflict_on_different_dates_or_a_date_far_from_the_years_mentioned() {
        let dated_2005 = specifics(&[2005], Some(2005), &[]);
        let dated_2008 = specifics(&[2008], Some(2008), &[]);
        let mentions_2004 = specifics(&[], Some(2004), &[]);
        let mentions_2001 = specifics(&[], Some(2001), &[]);
        let no_years = specifics(&[], None, &[]);
        assert!(dated_2005.years_conflict(&dated_2008, 2));
        assert!(!dated_2005.years_conflict(&dated_2005, 2));
        assert!(!dated_2005.years_conflict(&mentions_2004, 2));
        assert!(dated_2005.years_conflict(&mentions_2001, 2));
        assert!(mentions_2001.years_conflict(&dated_2005, 2));
        assert!(!mentions_2001.years_conflict(&mentions_2004, 2));
        assert!(!dated_2005.years_conflict(&no_years, 2));
    }

    #[test]
    fn quantities_agree_on_a_shared_number_and_conflict_on_none() {
        let a = specifics(&[], None, &[(1, 23), (2, 5), (2, 6), (3, 9)]);
        let b = specifics(&[], None, &[(1, 26), (2, 6), (4, 1)]);
        // Unit 1: 23 against 26; unit 2: 6 in both; units 3 and 4 on one side only.
        assert_eq!(a.compare_quantities(&b), (1, 1));
        assert_eq!(b.compare_quantities(&a), (1, 1));
        let mut c = a.clone();
        c.absorb(&b);
        assert_eq!(
            c.quantities,
            [(1, 23), (1, 26), (2, 5), (2, 6), (3, 9), (4, 1)]
        );
    }

    #[test]
    fn an_archive_arriving_after_newer_articles_still_forms_stories() {
        let day = 86_400;
        let mut c = StoryClusterer::default();
        // A recent article first, then a backfill from a year earlier.
        c.add(&ClusterInput {
            title: Some("Council approves the harbour budget"),
            text: "The council approved the harbour budget on Monday.",
            published: Some(400 * day),
            embedding: None,
        });
        let texts = [
            "Flood waters reached the Velmora town centre on Tuesday, officials said.",
            "Velmora residents cleaned up after flood waters reached the town centre.",
            "The Velmora flood left the town centre under water, officials said on Tuesday.",
        ];
        let stories: Vec<u64> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                c.add(&ClusterInput {
                    title: None,
                    text,
                    published: Some(30 * day + i as i64 * 3_600),
                    embedding: None,
                })
            })
            .collect();
        let last = c.current_story(stories[2]);
        assert!(
            stories.iter().all(|&s| c.current_story(s) == last),
            "{stories:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn add_never_panics(
            articles in proptest::collection::vec(
                (proptest::option::of("\\PC{0,40}"), "\\PC{0,200}", proptest::option::of(-1_000_000i64..1_000_000)),
                1..12,
            )
        ) {
            let mut c = StoryClusterer::new(ClusterConfig {
                window_articles: 3,
                window_secs: 1000,
                ..ClusterConfig::default()
            });
            for (title, text, published) in &articles {
                let s = c.add(&ClusterInput { title: title.as_deref(), text, published: *published, embedding: None });
                proptest::prop_assert_eq!(c.current_story(s), s);
            }
        }
    }
}
