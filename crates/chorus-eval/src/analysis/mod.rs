//! `chorus eval analysis`: entity mentions and roles, quotes and speakers, time expressions,
//! scored against the gold annotations in `annotations/` (document id + character offsets +
//! label; the text itself is read from `../shared/data` at evaluation time), time
//! expressions with their TIMEX3 types and values on `../shared/data/timex-dev`, and quotes with
//! their speakers on the dev split of `../shared/data/quotes-dev`.

pub mod entities_eval;
pub mod quotes_dev;
pub mod quotes_eval;
pub mod times_eval;
pub mod timex_dev;

use anyhow::Context as _;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One of the analysis evaluations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Entity spans and kinds, role attachment.
    Entities,
    /// Quote spans and speakers.
    Quotes,
    /// Time expressions and their calendar values.
    Times,
    /// Time expressions, their TIMEX3 types and values, on timex-dev (TempEval-3).
    Timex,
    /// Quote spans and speakers on the quotes-dev dev split (PolNeAR).
    QuotesDev,
}

/// Runs the analysis evaluations (all, or `only` one) over the data directory
/// (`../shared/data`); returns whether every floor was met.
pub fn run(data_dir: &Path, only: Option<Part>) -> anyhow::Result<bool> {
    let wanted = |p: Part| only.is_none_or(|o| o == p);
    let mut passed = true;
    if [Part::Entities, Part::Quotes, Part::Times]
        .into_iter()
        .any(wanted)
    {
        let corpus = Corpus::load(data_dir)?;
        if wanted(Part::Entities) {
            passed &= entities_eval::run(&corpus)?;
        }
        if wanted(Part::Quotes) {
            passed &= quotes_eval::run(&corpus)?;
        }
        if wanted(Part::Times) {
            passed &= times_eval::run(&corpus)?;
        }
    }
    if wanted(Part::Timex) {
        passed &= timex_dev::run(data_dir)?;
    }
    if wanted(Part::QuotesDev) {
        passed &= quotes_dev::run(data_dir)?;
    }
    Ok(passed)
}

/// The folder of gold annotations shipped with the project.
pub fn annotations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations")
}

/// The documents annotations may refer to, by key: `multinews:<id>:<index>` and
/// `ecbplus:<id>`.
pub struct Corpus {
    docs: HashMap<String, String>,
}

impl Corpus {
    /// Loads multinews-dev and ecbplus-dev from the data directory.
    pub fn load(data_dir: &Path) -> anyhow::Result<Corpus> {
        let mut docs = HashMap::new();
        let multinews = data_dir.join("multinews-dev/multinews_validation_sample250.jsonl");
        let text = std::fs::read_to_string(&multinews)
            .with_context(|| format!("reading {}", multinews.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line)?;
            let id = record["id"]
                .as_str()
                .context("multinews record without id")?;
            for (i, doc) in record["documents"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(doc) = doc.as_str() {
                    docs.insert(format!("multinews:{id}:{i}"), doc.to_owned());
                }
            }
        }
        let ecb = data_dir.join("ecbplus-dev/docs.jsonl");
        let text =
            std::fs::read_to_string(&ecb).with_context(|| format!("reading {}", ecb.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line)?;
            let id = record["id"].as_str().context("ecbplus record without id")?;
            let doc = record["text"]
                .as_str()
                .context("ecbplus record without text")?;
            docs.insert(format!("ecbplus:{id}"), doc.to_owned());
        }
        Ok(Corpus { docs })
    }

    /// The text of a document.
    pub fn get(&self, key: &str) -> anyhow::Result<&str> {
        self.docs
            .get(key)
            .map(String::as_str)
            .with_context(|| format!("annotated document {key} is not in the data"))
    }

    /// Every document, in key order (for benchmarks).
    pub fn all(&self) -> Vec<(&str, &str)> {
        let mut all: Vec<_> = self
            .docs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.sort();
        all
    }
}

/// Rows of a tab-separated annotation file, header skipped, blank lines and `#` comments ignored.
pub fn read_tsv(name: &str) -> anyhow::Result<Vec<Vec<String>>> {
    let path = annotations_dir().join(name);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect())
}

/// Converts a character offset (Unicode scalar values, as Python counts) into a byte offset.
pub fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

/// Converts a byte offset into a character offset.
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Prf {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// One printable line: label, P/R/F1 and counts.
    pub fn line(&self, label: &str) -> String {
        format!(
            "{label:<28} P {:.3}  R {:.3}  F1 {:.3}   (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Benchmarks analysis over every multinews-dev document (one thread): MB of text per second
/// and peak memory.
pub fn bench(data_dir: &Path) -> anyhow::Result<()> {
    let corpus = Corpus::load(data_dir)?;
    let docs: Vec<&str> = corpus
        .all()
        .into_iter()
        .filter(|(k, _)| k.starts_with("multinews:"))
        .map(|(_, v)| v)
        .collect();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let analyzer = chorus_analyze::Analyzer::new();
    let reference = chrono::NaiveDate::from_ymd_opt(2016, 1, 1);
    let started = std::time::Instant::now();
    let mut found = 0usize;
    for doc in &docs {
        let a = analyzer.analyze("bench", doc, reference);
        found += a.mentions.len() + a.quotes.len() + a.times.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "bench analyze: {} multinews-dev documents, {:.1} MB in {:.2} s on one thread: {:.2} MB/s, {:.0} docs/s; {} mentions+quotes+times; peak memory {} MB",
        docs.len(),
        bytes as f64 / 1e6,
        seconds,
        bytes as f64 / 1e6 / seconds,
        docs.len() as f64 / seconds,
        found,
        crate::peak_memory_mb().map_or("?".into(), |m| m.to_string()),
    );
    Ok(())
}
