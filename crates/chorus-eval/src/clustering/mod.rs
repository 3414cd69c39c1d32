//! `chorus eval clustering` and `chorus bench cluster`.
//!
//! Story clustering is scored on ECB+ (file order, three seeded shuffles, the even and odd
//! topics apart, and the mean over [`SHUFFLES`] shuffles), on the UCI headline stream (time
//! order, reversed and shuffled, each with and without dates), on the Multi-News dev stream
//! (every Multi-News dev document of [`MULTINEWS_MIN_WORDS`] words or more, one story per
//! Multi-News cluster, three seeded shuffles and the mean over [`MULTINEWS_SHUFFLES`]) and on
//! each `brief-dev` folder alone (its event's articles must form one story), with BCubed and
//! pair-counting precision, recall and F1 of the
//! final assignment (after merges) and story counts; beside ECB+ in file order, UCI in time order
//! and each Multi-News order, the field's single-pass TF-IDF centroid baseline ([`baseline`]) at
//! its best threshold. Copy detection is scored on a small set of
//! texts written for the purpose ([`copies_eval`]), derivation from wire copy on `reuse-dev`
//! ([`reuse_eval`]).
//!
//! **Multi-News, where the 0.90 target stands** (issue 17). Now (splits, join bars 0.2):
//! seeds 0/1/2 .895/.894/.896, mean of 10 .896 (P .935 R .859 at seed 0); ECB+ file order
//! .916, mean of 30 .910; ECB+ dated mean .905; UCI .807; brief-dev 16/16. What moved it: the
//! one-pass decisions made undoable. Tried, with all streams (Multi-News seeds 0/1/2 and the
//! mean of 10; ECB+ file order and mean of 30; ECB+ dated mean; UCI time order with dates;
//! brief-dev; reuse derivation .749 throughout):
//! * moving recent articles (the latest 16-256) to a candidate story that fits better, by
//!   relative similarity, than their own story without them (margin 0 to 1.0): few moves,
//!   .884/.882/.885 .878, ECB+ .907 .898, dated .893, UCI .821 (window 64, margin 0); moving
//!   only articles of stories of two or more: .881/.879/.883 .880, .905 .906, .899, .817; only
//!   one-article stories joining later (a second look at the join): .882/.882/.885 .878, ECB+
//!   mean .896 (late joins into large wrong ECB+ stories); a higher bar for those (0.3-0.5):
//!   .879-.880, unchanged elsewhere. Not kept: articles are rarely misplaced one by one;
//! * splitting a story whose two average-link halves score below the consolidation threshold
//!   (0.15), at the old join bars: window 64, no split happens (a shuffled story's articles are
//!   far apart); window 256 .882/.881/.886 .882, ECB+ .902 .916, dated .908, UCI .802; window
//!   1024 .884/.883/.887 .884, .915 .917, .910, UCI .798 (headline stories have low pairwise
//!   similarity; UCI .806 when articles of fewer than 30 terms are left out of splits, ECB+
//!   mean .914); split threshold 0.12 .882, ECB+ mean .908; 0.18 .883, ECB+ .896 .903;
//!   stories of 4 or more only: .883; with the recent-article moves: .884, UCI .810;
//! * splits with lower join bars (join and one-article bars together; the split undoes the
//!   wrong joins; window 1024 and the 30-term guard unless said): 0.22 .893/.886/.894 .892, ECB+ .914 .909, dated .903, UCI .815; **0.2
//!   .895/.894/.896 .896, ECB+ .916 .910, dated .905, UCI .807 (kept, no length guard)**; with
//!   the 30-term guard UCI .812 but ECB+ .910 .902, dated .898; 0.18 .895/.895/.898 .897, ECB+
//!   .913 .898, dated .894, UCI .804; 0.16 .896 mean, ECB+ mean .893, UCI .789; window 256 at
//!   0.2: .885/.887/.893 .890 (window 512: .895); the one-article bar alone at 0.2 or the join
//!   bar alone: .892 / .888 mean and brief-dev 14/16; merge bar 0.25 as well: .895, ECB+ mean
//!   .900. Cost (`bench cluster`): 20,977 -> 17,332 articles/s at 100k, 18,062 -> 15,944 at
//!   1M; peak memory 25/28 -> 24/26 MB.
//!
//! The analysis below was made before splits (seeds 0/1/2 .883/.880/.883, mean .879). Shuffle
//! seed 0 lost 42
//! articles' worth of BCubed precision and 103 of recall. Of the precision, 9.6 is eleven
//! identical web-archive notices from nine Multi-News clusters (identical texts are one story
//! to any clusterer); of the recall, about 20 is four Multi-News clusters that are round-ups of
//! many events (pranks of one April Fools' Day, one Sunday's talk-show interviews, reactions to
//! a speech), and the rest a long tail of clusters with one article apart, most of them pages
//! off the event (an encyclopedia entry, a video page, a sign-in page, a study's abstract). A
//! ceiling for word features: offline average-link clustering of plain stemmed TF-IDF vectors,
//! idf from the whole set, at its best threshold, scores 0.898 (P 0.926, R 0.871), 0.906 with
//! idf raised to the power 1.5; the clusterer fed the whole stream's document frequencies
//! before it starts scores a mean of 0.878 at its settings and 0.886 at join thresholds of
//! 0.2. Tried on the clusterer and not kept (Multi-News seeds 0/1/2 and the mean of 10, then
//! ECB+ file order and mean of 30, ECB+ dated mean, UCI time order with dates, brief-dev;
//! against .883/.880/.883 .879, .905 .906, .892, .806, 16/16):
//! * a name exclusive to a story (the story has it in 80% or more of the articles that have
//!   it) lowering the bar to join it by a fifth: .859/.878/.889 .879, .902 .889, .880;
//!   two such names needed: .881, ECB+ mean .890;
//! * idf raised to 1.3: mean .875, ECB+ .891, brief-dev 13/16; to 0.8: .877; with thresholds
//!   retuned (0.18 to 0.24) no mean above .882;
//! * each article cut to its 200 heaviest terms: .877, brief-dev 14/16; the first 40 words of
//!   the text weighted 1.5: .881, ECB+ mean .900;
//! * the join scored by the cosine over the square root of the story's cohesion (nearer
//!   average link) at 0.25: .881, ECB+ mean .912, dated .897, UCI .771 (headline stories need
//!   the full cohesion scale); at cohesion^0 (centroid cosine) UCI .749;
//! * merges scored by the centroids' cosine times the square root of both cohesions at 0.2:
//!   .882, ECB+ mean .897, UCI .794;
//! * consolidation over every pair of active stories (not only those found close at a join),
//!   with or without the name guard, thresholds 0.15-0.21: no mean above .879; with joins at
//!   0.15-0.2 scored as average link (cosine times cohesion) and merges left to it: .882;
//! * shared quotations (two 4-word quoted shingles in common lowering the join bar by 30%):
//!   .882/.882/.886 .880 (.8800 against .8789 over 40 shuffles), the other streams unchanged:
//!   within noise; quoted shingles or word pairs as features dilute the vectors (.877, .873);
//! * the long-article relief `(100 / terms)^0.3` instead of `^0.2`: .881 (.8787 over 40);
//! * single thresholds: join 0.22 or 0.28 .878 / .879; one-article stories 0.22 .883 (ECB+
//!   mean .902), 0.28 .875; merge 0.25 / 0.35 .880 / .879 (ECB+ .894 at 0.25); consolidation
//!   0.12 / 0.18 .879 / .877; name weight 1.5 / 3 .878 / .866; proper-noun weight 1 / 2 .875 /
//!   .876; consolidation every 5 articles, 20 query terms, 32 candidates: .879.

pub mod baseline;
pub mod copies_eval;
pub mod dated;
#[cfg(feature = "embeddings")]
pub mod embeddings;
pub mod reuse_eval;

use anyhow::Context as _;
use chorus_relate::cluster::{ClusterConfig, ClusterInput, StoryClusterer};
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

/// BCubed F1 floor on ECB+ in file order: a regression guard set just below what the clusterer
/// measures (0.916). The project's target is 0.92, not reached yet (see the open issue).
pub const ECB_BCUBED_F1_FLOOR: f64 = 0.91;
/// BCubed F1 floor on ECB+ for the mean over [`SHUFFLES`] shuffles (measured: 0.910): one
/// order decides little, the mean is the steadier guard.
pub const ECB_MEAN_BCUBED_F1_FLOOR: f64 = 0.905;
/// The BCubed F1 the project aims for on ECB+, printed beside the floor.
pub const ECB_BCUBED_F1_TARGET: f64 = 0.92;
/// Seeded shuffles of ECB+ whose mean scores are reported.
pub const SHUFFLES: u64 = 30;
/// BCubed F1 floor on the UCI headline stream.
pub const UCI_BCUBED_F1_FLOOR: f64 = 0.80;

/// Words a Multi-News document needs to enter the Multi-News stream.
pub const MULTINEWS_MIN_WORDS: usize = 80;
/// Seeded shuffles of the Multi-News dev stream whose mean BCubed F1 is reported.
pub const MULTINEWS_SHUFFLES: u64 = 10;
/// BCubed F1 floor on the Multi-News dev stream (shuffle seed 0): measured 0.895 (0.896 the mean
/// of [`MULTINEWS_SHUFFLES`] shuffles), rounded down.
pub const MULTINEWS_BCUBED_F1_FLOOR: f64 = 0.89;
/// The BCubed F1 the project aims for on the Multi-News dev stream.
pub const MULTINEWS_BCUBED_F1_TARGET: f64 = 0.90;
/// `brief-dev` events whose articles must form one story in every order tried, each folder
/// clustered with [`ClusterConfig::for_collection`] as `chorus brief` clusters it (measured: all
/// 16, the target).
pub const BRIEF_DEV_ONE_STORY_FLOOR: usize = 16;

/// One article of a clustering data set.
#[derive(Debug, Clone)]
pub struct Item {
    /// Headline, when the set has one.
    pub title: Option<String>,
    /// Main text.
    pub text: String,
    /// Publication time, seconds since the Unix epoch.
    pub published: Option<i64>,
    /// Gold story label.
    pub gold: String,
    /// ECB+ topic number (0 elsewhere).
    pub topic: u64,
    /// Sentence embedding, when one was computed (see [`run_embeddings`]).
    pub embedding: Option<Vec<f32>>,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn new(p: f64, r: f64) -> Prf {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1 }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "P {:.3} R {:.3} F1 {:.3}", self.p, self.r, self.f1)
    }
}

/// Scores of one predicted assignment against the gold one.
#[derive(Debug, Clone, Copy)]
pub struct Scores {
    /// BCubed precision, recall and F1.
    pub bcubed: Prf,
    /// Pair-counting precision, recall and F1.
    pub pairs: Prf,
    /// Stories predicted.
    pub predicted: usize,
    /// Gold stories.
    pub gold: usize,
}

/// Scores a predicted assignment (`predicted[i]` is item `i`'s story) against gold labels.
pub fn score<P: Eq + std::hash::Hash, G: Eq + std::hash::Hash>(
    predicted: &[P],
    gold: &[G],
) -> Scores {
    let n = predicted.len() as f64;
    let mut joint: HashMap<(&P, &G), f64> = HashMap::new();
    let mut pred_size: HashMap<&P, f64> = HashMap::new();
    let mut gold_size: HashMap<&G, f64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold) {
        *joint.entry((p, g)).or_default() += 1.0;
        *pred_size.entry(p).or_default() += 1.0;
        *gold_size.entry(g).or_default() += 1.0;
    }
    let (mut bp, mut br, mut tp) = (0.0, 0.0, 0.0);
    for (&(p, g), &c) in &joint {
        bp += c * c / pred_size[p];
        br += c * c / gold_size[g];
        tp += c * (c - 1.0) / 2.0;
    }
    let pairs = |sizes: &mut dyn Iterator<Item = f64>| sizes.map(|s| s * (s - 1.0) / 2.0).sum();
    let pred_pairs: f64 = pairs(&mut pred_size.values().copied());
    let gold_pairs: f64 = pairs(&mut gold_size.values().copied());
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    Scores {
        bcubed: if n > 0.0 {
            Prf::new(bp / n, br / n)
        } else {
            Prf::default()
        },
        pairs: Prf::new(ratio(tp, pred_pairs), ratio(tp, gold_pairs)),
        predicted: pred_size.len(),
        gold: gold_size.len(),
    }
}

/// Feeds the items one at a time and returns each one's final story (after moves and merges).
pub fn cluster(items: &[&Item], config: ClusterConfig) -> Vec<u64> {
    let mut clusterer = StoryClusterer::new(config);
    let mut stories: Vec<u64> = Vec::with_capacity(items.len());
    for it in items {
        stories.push(clusterer.add(&ClusterInput {
            title: it.title.as_deref(),
            text: &it.text,
            published: it.published,
            embedding: it.embedding.as_deref(),
        }));
        for m in clusterer.take_moves() {
            stories[m.article as usize] = m.to;
        }
    }
    stories
        .into_iter()
        .map(|s| clusterer.current_story(s))
        .collect()
}

/// Clusters the items in the given order and scores the result.
pub fn evaluate(items: &[&Item], config: ClusterConfig) -> Scores {
    let predicted = cluster(items, config);
    let gold: Vec<&str> = items.iter().map(|it| it.gold.as_str()).collect();
    score(&predicted, &gold)
}

/// A deterministic permutation of `0..n` (Fisher-Yates driven by SplitMix64).
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

fn read_jsonl(path: &Path) -> anyhow::Result<Vec<serde_json::Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).with_context(|| format!("parsing {}", path.display())))
        .collect()
}

/// Loads `ecbplus-dev/docs.jsonl` in file (stream) order.
pub fn load_ecb(data_dir: &Path) -> anyhow::Result<Vec<Item>> {
    Ok(read_jsonl(&data_dir.join("ecbplus-dev/docs.jsonl"))?
        .into_iter()
        .map(|v| Item {
            title: None,
            text: v["text"].as_str().unwrap_or("").to_string(),
            published: None,
            gold: v["cluster"].as_str().unwrap_or("").to_string(),
            topic: v["topic"].as_u64().unwrap_or(0),
            embedding: None,
        })
        .collect())
}

/// Loads the Multi-News dev stream from `multinews-dev/multinews_validation_sample250.jsonl`:
/// every document of [`MULTINEWS_MIN_WORDS`] whitespace-separated words or more, its cluster as
/// the gold story, in file order (the evaluation shuffles it). Text only, no dates: Multi-News
/// carries none.
pub fn load_multinews(data_dir: &Path) -> anyhow::Result<Vec<Item>> {
    let mut items = Vec::new();
    for v in read_jsonl(&data_dir.join("multinews-dev/multinews_validation_sample250.jsonl"))? {
        let gold = v["id"].as_str().unwrap_or("").to_string();
        for doc in v["documents"].as_array().into_iter().flatten() {
            let text = doc.as_str().unwrap_or("");
            if text.split_whitespace().count() >= MULTINEWS_MIN_WORDS {
                items.push(Item {
                    title: None,
                    text: text.to_string(),
                    published: None,
                    gold: gold.clone(),
                    topic: 0,
                    embedding: None,
                });
            }
        }
    }
    Ok(items)
}

/// One `brief-dev` event folder, extracted as `chorus brief` extracts it.
#[derive(Debug, Clone)]
pub struct Folder {
    /// The event's name.
    pub name: String,
    /// Whether the event is held out of development ([`crate::brief::HELD_OUT`]).
    pub held_out: bool,
    /// Its articles in file order; `gold` is the event's name for the event's articles and the
    /// article's own id for junk pages outside it.
    pub items: Vec<Item>,
    /// Whether each article belongs to the event (the gold `one_story`).
    pub in_event: Vec<bool>,
}

/// Loads the `brief-dev` folders: each folder's files extracted and cleaned (titles and dates
/// where the page states them), with the gold `one_story` keys (the first three characters of
/// an article's id) marking the event's articles.
pub fn load_brief_folders(data_dir: &Path) -> anyhow::Result<Vec<Folder>> {
    let mut out = Vec::new();
    for event in crate::brief::events(&data_dir.join("brief-dev"))? {
        let gold = crate::brief::read_gold(&event.gold)?;
        let (articles, _errors) =
            chorus::extract::extract_all(&event.dir, &chorus_ingest::Limits::default());
        let mut items = Vec::new();
        let mut in_event = Vec::new();
        for a in &articles {
            let key = a.id.get(..3).unwrap_or(&a.id);
            let member = gold.one_story.iter().any(|k| k == key);
            items.push(Item {
                title: a.title.clone(),
                text: a.text.clone(),
                published: a.published.as_deref().and_then(chorus::cluster::parse_time),
                gold: if member {
                    event.name.clone()
                } else {
                    a.id.clone()
                },
                topic: 0,
                embedding: None,
            });
            in_event.push(member);
        }
        out.push(Folder {
            held_out: crate::brief::HELD_OUT.contains(&event.name.as_str()),
            name: event.name,
            items,
            in_event,
        });
    }
    Ok(out)
}

/// Loads `uci-headlines/headlines.jsonl` (time order): headlines only, `ts_ms` as the time.
pub fn load_uci(data_dir: &Path) -> anyhow::Result<Vec<Item>> {
    Ok(read_jsonl(&data_dir.join("uci-headlines/headlines.jsonl"))?
        .into_iter()
        .map(|v| Item {
            title: v["title"].as_str().map(str::to_string),
            text: String::new(),
            published: v["ts_ms"].as_i64().map(|ms| ms / 1000),
            gold: v["cluster"].as_str().unwrap_or("").to_string(),
            topic: 0,
            embedding: None,
        })
        .collect())
}

/// The TF-IDF centroid baseline ([`baseline`]) on the items in the given order at its best
/// threshold among [`baseline::THRESHOLDS`]: that threshold and the scores.
pub fn evaluate_baseline(items: &[&Item]) -> (f32, Scores) {
    let texts: Vec<String> = items
        .iter()
        .map(|it| match &it.title {
            Some(t) => format!("{t}\n{}", it.text),
            None => it.text.clone(),
        })
        .collect();
    let gold: Vec<&str> = items.iter().map(|it| it.gold.as_str()).collect();
    let prepared = baseline::prepare(&texts);
    baseline::THRESHOLDS
        .iter()
        .map(|&t| (t, score(&baseline::cluster(&prepared, t), &gold)))
        .fold(None, |best: Option<(f32, Scores)>, (t, s)| match best {
            Some((_, b)) if b.bcubed.f1 >= s.bcubed.f1 => best,
            _ => Some((t, s)),
        })
        .unwrap_or((0.0, score::<u64, &str>(&[], &[])))
}

/// Prints the baseline's line beside a clusterer's line.
fn report_baseline(name: &str, items: &[&Item]) {
    let (t, s) = evaluate_baseline(items);
    report(&format!("{name}, baseline {t:.2}"), &s);
}

fn report(name: &str, s: &Scores) {
    println!(
        "  {name:<28} BCubed {}  pairs {}  stories {} (gold {})",
        s.bcubed, s.pairs, s.predicted, s.gold
    );
}

/// One of the clustering evaluations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// ECB+ dev: file order, shuffles, topic halves, mean of the shuffles.
    Ecb,
    /// The UCI headline stream, with and without dates.
    Uci,
    /// ECB+ dev dated by its own date lines, with and without the dates.
    EcbDated,
    /// The Multi-News dev stream.
    Multinews,
    /// Each `brief-dev` folder alone, and all folders together.
    BriefDev,
    /// Copy detection on the written texts.
    Copies,
    /// Derivation from wire copy on `reuse-dev`.
    Reuse,
}

/// Runs the clustering evaluations (all, or `only` one) over the data directory; returns
/// whether the floors were met.
pub fn run(data_dir: &Path, only: Option<Part>) -> anyhow::Result<bool> {
    let config = ClusterConfig::default();
    println!("clustering settings: {config:?}");
    let wanted = |part: Part| only.is_none_or(|o| o == part);
    let mut passed = true;
    if wanted(Part::Ecb) {
        passed &= run_ecb(&load_ecb(data_dir)?, config);
    }
    if wanted(Part::Uci) {
        passed &= run_uci(&load_uci(data_dir)?, config);
    }
    if wanted(Part::EcbDated) {
        passed &= dated::run(&load_ecb(data_dir)?, config);
    }
    if wanted(Part::Multinews) {
        passed &= run_multinews(&load_multinews(data_dir)?, config);
    }
    if wanted(Part::BriefDev) {
        passed &= run_brief_folders(&load_brief_folders(data_dir)?, config);
    }
    if wanted(Part::Copies) {
        passed &= copies_eval::run();
    }
    if wanted(Part::Reuse) {
        passed &= reuse_eval::run(data_dir)?;
    }
    Ok(passed)
}

/// ECB+ in file order, three shuffles, the topic halves and the mean over [`SHUFFLES`] shuffles.
fn run_ecb(ecb: &[Item], config: ClusterConfig) -> bool {
    let mut passed = true;
    println!("ECB+ dev ({} articles, text only, no dates):", ecb.len());
    let in_order: Vec<&Item> = ecb.iter().collect();
    let file_order = evaluate(&in_order, config);
    report("file order", &file_order);
    report_baseline("file order", &in_order);
    for seed in [1, 2, 3] {
        let order: Vec<&Item> = shuffled(ecb.len(), seed)
            .into_iter()
            .map(|i| &ecb[i])
            .collect();
        report(&format!("shuffle seed {seed}"), &evaluate(&order, config));
    }
    for (name, parity) in [
        ("even topics (tuning half)", 0),
        ("odd topics (held out)", 1),
    ] {
        let half: Vec<&Item> = ecb.iter().filter(|it| it.topic % 2 == parity).collect();
        report(name, &evaluate(&half, config));
    }
    // Three orders decide little: one early decision can join two look-alike events. The mean
    // over many orders is the steadier figure.
    let mut sums = [0.0; 3];
    for seed in 1..=SHUFFLES {
        let order: Vec<&Item> = shuffled(ecb.len(), seed)
            .into_iter()
            .map(|i| &ecb[i])
            .collect();
        sums[0] += evaluate(&order, config).bcubed.f1;
        for parity in [0, 1] {
            let half: Vec<&Item> = order
                .iter()
                .copied()
                .filter(|it| it.topic % 2 == parity)
                .collect();
            sums[1 + parity as usize] += evaluate(&half, config).bcubed.f1;
        }
    }
    let n = SHUFFLES as f64;
    println!(
        "  mean of shuffles 1-{SHUFFLES}       BCubed F1 {:.3} (even topics {:.3}, odd topics {:.3})",
        sums[0] / n,
        sums[1] / n,
        sums[2] / n
    );
    let ok = file_order.bcubed.f1 >= ECB_BCUBED_F1_FLOOR;
    println!(
        "  floor: BCubed F1 >= {ECB_BCUBED_F1_FLOOR} in file order (target {ECB_BCUBED_F1_TARGET}): {}",
        if ok { "met" } else { "NOT met" }
    );
    passed &= ok;
    let ok = sums[0] / n >= ECB_MEAN_BCUBED_F1_FLOOR;
    println!(
        "  floor: mean BCubed F1 >= {ECB_MEAN_BCUBED_F1_FLOOR} over the shuffles: {}",
        if ok { "met" } else { "NOT met" }
    );
    passed &= ok;
    passed
}

/// The items in a given order.
fn ordered<'a>(items: &'a [Item], order: &[usize]) -> Vec<&'a Item> {
    order.iter().filter_map(|&i| items.get(i)).collect()
}

/// Prints whether a floor holds and returns it.
fn floor(what: &str, ok: bool) -> bool {
    println!("  floor: {what}: {}", if ok { "met" } else { "NOT met" });
    ok
}

/// The UCI headline stream in time order, reversed and shuffled, each with and without dates.
fn run_uci(uci: &[Item], config: ClusterConfig) -> bool {
    println!("UCI headlines ({} headlines, title + time):", uci.len());
    let time_order: Vec<usize> = (0..uci.len()).collect();
    let orders = [
        ("time order", time_order.clone()),
        ("reversed", time_order.iter().rev().copied().collect()),
        ("shuffle seed 1", shuffled(uci.len(), 1)),
    ];
    let undated: Vec<Item> = uci
        .iter()
        .map(|it| Item {
            published: None,
            ..it.clone()
        })
        .collect();
    let mut in_time_order = None;
    for (name, order) in &orders {
        let with = evaluate(&ordered(uci, order), config);
        report(&format!("{name}, dates"), &with);
        report(
            &format!("{name}, no dates"),
            &evaluate(&ordered(&undated, order), config),
        );
        if in_time_order.is_none() {
            report_baseline(name, &ordered(uci, order));
        }
        in_time_order.get_or_insert(with);
    }
    let f1 = in_time_order.map_or(0.0, |s| s.bcubed.f1);
    floor(
        &format!("BCubed F1 >= {UCI_BCUBED_F1_FLOOR} in time order with dates"),
        f1 >= UCI_BCUBED_F1_FLOOR,
    )
}

/// The Multi-News dev stream in three shuffled orders (seed 0 is the one the floor reads).
fn run_multinews(items: &[Item], config: ClusterConfig) -> bool {
    let gold: std::collections::BTreeSet<&str> = items.iter().map(|it| it.gold.as_str()).collect();
    println!(
        "Multi-News dev stream ({} articles of {MULTINEWS_MIN_WORDS}+ words, {} clusters, text only, no dates):",
        items.len(),
        gold.len()
    );
    let mut first = None;
    for seed in [0, 1, 2] {
        let scores = evaluate(&ordered(items, &shuffled(items.len(), seed)), config);
        report(&format!("shuffle seed {seed}"), &scores);
        report_baseline(
            &format!("shuffle seed {seed}"),
            &ordered(items, &shuffled(items.len(), seed)),
        );
        first.get_or_insert(scores);
    }
    // One early wrong join or merge moves a single order's figures by several points: the mean
    // over more orders is the steadier figure to tune by.
    let mean = (0..MULTINEWS_SHUFFLES)
        .map(|seed| {
            evaluate(&ordered(items, &shuffled(items.len(), seed)), config)
                .bcubed
                .f1
        })
        .sum::<f64>()
        / MULTINEWS_SHUFFLES as f64;
    println!(
        "  mean of shuffles 0-{}       BCubed F1 {mean:.3}",
        MULTINEWS_SHUFFLES - 1
    );
    let f1 = first.map_or(0.0, |s| s.bcubed.f1);
    floor(
        &format!(
            "BCubed F1 >= {MULTINEWS_BCUBED_F1_FLOOR} in shuffle seed 0 (target {MULTINEWS_BCUBED_F1_TARGET})"
        ),
        f1 >= MULTINEWS_BCUBED_F1_FLOOR,
    )
}

/// Each `brief-dev` folder clustered alone, as `chorus brief` clusters it (settings for a
/// collection of its size), in file order, reversed and shuffled: in how many stories its
/// event's articles end. Then all folders as one shuffled collection, scored with BCubed
/// (events must also stay apart).
fn run_brief_folders(folders: &[Folder], config: ClusterConfig) -> bool {
    println!(
        "brief-dev folders ({} events, each clustered alone; stories the event's articles form in file order / reversed / shuffle seed 1):",
        folders.len()
    );
    let mut whole = [[0usize; 2]; 2];
    for folder in folders {
        let n = folder.items.len();
        let counts: Vec<usize> = [
            (0..n).collect::<Vec<_>>(),
            (0..n).rev().collect(),
            shuffled(n, 1),
        ]
        .iter()
        .map(|order| {
            let stories = cluster(&ordered(&folder.items, order), config.for_collection(n));
            let event: std::collections::BTreeSet<u64> = order
                .iter()
                .zip(&stories)
                .filter(|&(&i, _)| folder.in_event.get(i).copied().unwrap_or(false))
                .map(|(_, &s)| s)
                .collect();
            event.len()
        })
        .collect();
        let one = counts.iter().all(|&c| c == 1);
        whole[usize::from(folder.held_out)][usize::from(one)] += 1;
        println!(
            "  {:<28} {} articles ({} of the event): {}{}",
            folder.name,
            n,
            folder.in_event.iter().filter(|&&e| e).count(),
            counts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" / "),
            if folder.held_out { "  (held out)" } else { "" }
        );
    }
    let [dev, held] = whole;
    println!(
        "  one story in all three orders: {} of {} dev events, {} of {} held-out events",
        dev[1],
        dev[0] + dev[1],
        held[1],
        held[0] + held[1]
    );
    let all: Vec<Item> = folders.iter().flat_map(|f| f.items.clone()).collect();
    for seed in [0, 1, 2] {
        report(
            &format!("all folders, shuffle seed {seed}"),
            &evaluate(
                &ordered(&all, &shuffled(all.len(), seed)),
                config.for_collection(all.len()),
            ),
        );
    }
    floor(
        &format!(
            "at least {BRIEF_DEV_ONE_STORY_FLOOR} of the events one story in all three orders"
        ),
        dev[1] + held[1] >= BRIEF_DEV_ONE_STORY_FLOOR,
    )
}

/// `chorus eval clustering DIR --embeddings-model MODEL [--static-table FILE]`: the clustering
/// scores with sentence embeddings at several weights, and what they cost in speed. Needs the
/// cargo feature `embeddings`; without it, an error says so.
pub fn run_embeddings(
    data_dir: &Path,
    model_dir: &Path,
    static_table: Option<&Path>,
) -> anyhow::Result<bool> {
    #[cfg(feature = "embeddings")]
    {
        embeddings::run(data_dir, model_dir, static_table)?;
        Ok(true)
    }
    #[cfg(not(feature = "embeddings"))]
    {
        let _ = (data_dir, model_dir, static_table);
        anyhow::bail!(
            "this build has no embeddings: rebuild with `cargo build --release -p chorus-cli --features embeddings`"
        )
    }
}

/// Benchmarks streaming clustering: prints, for a stream of 100k and one of 1M articles,
/// the articles clustered per second (time inside [`StoryClusterer::add`]) and the process's
/// peak memory.
///
/// The stream cycles through the UCI headlines interleaved with the ECB+ texts. From the second
/// cycle on, one word in eight is dropped (a fixed hash decides which) and times move three
/// days further per cycle (ECB+ texts take their neighbour's time), so stories keep appearing
/// and retiring.
pub fn bench(data_dir: &Path) -> anyhow::Result<()> {
    let ecb = load_ecb(data_dir)?;
    let uci = load_uci(data_dir)?;
    // The base cycle: UCI in order with the ECB+ texts spread evenly between.
    let mut base: Vec<(f64, &Item)> = uci
        .iter()
        .enumerate()
        .map(|(i, it)| (i as f64 / uci.len() as f64, it))
        .chain(
            ecb.iter()
                .enumerate()
                .map(|(j, it)| ((j as f64 + 0.5) / ecb.len() as f64, it)),
        )
        .collect();
    base.sort_by(|a, b| a.0.total_cmp(&b.0));
    let config = ClusterConfig::default();
    println!("bench cluster: settings {config:?}");
    for n in [100_000usize, 1_000_000] {
        let mut clusterer = StoryClusterer::new(config);
        let mut busy = std::time::Duration::ZERO;
        let (mut merges, mut moves) = (0, 0);
        let mut time = None;
        let started = Instant::now();
        for k in 0..n {
            let cycle = (k / base.len()) as u64;
            let item = base[k % base.len()].1;
            time = item.published.or(time);
            let title = item.title.as_deref().map(|t| perturb(t, cycle, k));
            let text = perturb(&item.text, cycle, k);
            let input = ClusterInput {
                title: title.as_deref(),
                text: &text,
                published: time.map(|t| t + cycle as i64 * 3 * 86_400),
                embedding: None,
            };
            let t0 = Instant::now();
            clusterer.add(&input);
            busy += t0.elapsed();
            merges += clusterer.take_merges().len();
            moves += clusterer.take_moves().len();
        }
        println!(
            "  {n:>9} articles: {:.0} articles/s clustering ({:.1} s; {:.1} s with stream generation), peak memory {} MB, active stories at end {}, merges {merges}, moves {moves}",
            n as f64 / busy.as_secs_f64(),
            busy.as_secs_f64(),
            started.elapsed().as_secs_f64(),
            crate::peak_memory_mb().map_or("?".to_string(), |m| m.to_string()),
            clusterer.active_stories(),
        );
    }
    Ok(())
}

/// A text with one word in eight dropped from the second cycle on (chosen by a hash of the
/// cycle, the position in the stream and the word's index).
fn perturb(text: &str, cycle: u64, k: usize) -> String {
    if cycle == 0 {
        return text.to_string();
    }
    text.split(' ')
        .enumerate()
        .filter(|&(i, _)| {
            let mut z = (cycle << 40) ^ ((k as u64) << 12) ^ i as u64;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            !(z ^ (z >> 31)).is_multiple_of(8)
        })
        .map(|(_, w)| w)
        .collect::<Vec<_>>()
        .join(" ")
}
