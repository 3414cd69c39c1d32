//! `chorus eval summarization`: ROUGE on multinews-dev against TextRank, and the faithfulness
//! gates.
//!
//! For each of the 250 clusters, Chorus writes the cluster's brief with
//! [`chorus::brief::story_brief`] (no clustering) under a 250-word budget; its candidate summary
//! is the summary sentences, one a line. TextRank and a round-robin lead run on the same cleaned
//! articles under the same budget ([`textrank`]). All three are scored against the human summary
//! with ROUGE-1/2/Lsum F1 as `rouge-score` 0.1.2 computes them ([`rouge`]).
//!
//! Floor: Chorus's mean of R1, R2 and RLsum F1 beats TextRank's. Gates: the faithfulness checks
//! ([`faithfulness`]) hold on every dev-set brief and on the seeds' briefs. Timings are reported.
//!
//! With `CHORUS_ROUGE_DUMP=path` set, every scored pair is written to `path` as JSON Lines for
//! `scripts/rouge_crosscheck.py`, which rescores them with the Python package.

mod faithfulness;
mod porter;
pub mod rouge;
mod textrank;

use anyhow::Context;
use chorus::brief::{brief, story_brief};
use chorus_analyze::Analyzer;
use chorus_core::{Article, Body, RawDocument, StatedMeta};
use chorus_synthesize::BriefOptions;
use faithfulness::Gates;
use rouge::Scores;
use serde::Deserialize;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The multinews-dev sample, relative to the data directory.
const DATA_FILE: &str = "multinews-dev/multinews_validation_sample250.jsonl";
/// The seed articles, relative to the data directory.
const SEEDS: &str = "../seeds";
/// Summary budget in words, as the field scores Multi-News.
const BUDGET: usize = 250;
/// Articles in the large story timed for speed.
const LARGE_STORY: usize = 200;
/// The systems compared, in table order.
const SYSTEMS: [&str; 3] = ["chorus", "textrank", "lead"];

/// One line of the data file.
#[derive(Deserialize)]
struct Record {
    id: String,
    documents: Vec<String>,
    summary: String,
}

/// One cluster: its cleaned articles and the human summary.
struct Cluster {
    id: String,
    articles: Vec<Article>,
    reference: String,
}

/// One scored pair, as the cross-check script reads it.
#[derive(serde::Serialize)]
struct DumpLine<'a> {
    id: &'a str,
    system: &'a str,
    reference: &'a str,
    candidate: &'a str,
    rouge1: f64,
    rouge2: f64,
    #[serde(rename = "rougeLsum")]
    rouge_lsum: f64,
}

/// Runs the summarization evaluation; returns whether the floor and the gates held.
pub fn run(data_dir: &Path) -> anyhow::Result<bool> {
    let path = data_dir.join(DATA_FILE);
    let (clusters, dropped) = load(&path)?;
    println!(
        "summarization: {} ({} clusters)",
        path.display(),
        clusters.len()
    );
    println!(
        "settings: budget {BUDGET} words (a sentence that would exceed it is skipped); \
         ROUGE-1/2/Lsum F1 as rouge-score 0.1.2 with use_stemmer=True: lowercase, [^a-z0-9]+ \
         separates tokens, tokens of 4+ characters stemmed by NLTK's PorterStemmer() \
         (NLTK_EXTENSIONS mode); Lsum over newline-split sentences (candidates one sentence a \
         line; the reference, leading \"– \" stripped, split into sentences by \
         chorus_text::sentences::segment, one a line); documents cleaned by \
         chorus_clean::clean ({dropped} of them yielded no article)"
    );

    let analyzer = Analyzer::new();
    let options = BriefOptions { max_words: BUDGET };
    let mut dump = match std::env::var_os("CHORUS_ROUGE_DUMP") {
        Some(p) => Some(BufWriter::new(
            std::fs::File::create(&p).with_context(|| format!("creating {p:?}"))?,
        )),
        None => None,
    };
    let mut sums = [Scores::default(); 3];
    let mut gates = Gates::default();
    let mut brief_time = Duration::ZERO;
    let mut slowest = (Duration::ZERO, "");
    for c in &clusters {
        let start = Instant::now();
        let story = story_brief(&analyzer, c.id.clone(), &c.articles, &options);
        let took = start.elapsed();
        brief_time += took;
        if took > slowest.0 {
            slowest = (took, &c.id);
        }
        gates.check(&c.id, &story, &c.articles);
        let chorus = story
            .summary
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let candidates = [
            chorus,
            textrank::textrank(&c.articles, BUDGET),
            textrank::lead(&c.articles, BUDGET),
        ];
        for (k, candidate) in candidates.iter().enumerate() {
            let s = rouge::score(&c.reference, candidate);
            sums[k].rouge1 += s.rouge1;
            sums[k].rouge2 += s.rouge2;
            sums[k].rouge_lsum += s.rouge_lsum;
            if let Some(out) = dump.as_mut() {
                let line = DumpLine {
                    id: &c.id,
                    system: SYSTEMS[k],
                    reference: &c.reference,
                    candidate,
                    rouge1: s.rouge1,
                    rouge2: s.rouge2,
                    rouge_lsum: s.rouge_lsum,
                };
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")?;
            }
        }
    }
    if let Some(mut out) = dump {
        out.flush()?;
    }

    let n = clusters.len().max(1) as f64;
    println!("\nROUGE F1 x100, mean over {} clusters:", clusters.len());
    println!(
        "  {:<10} {:>6} {:>6} {:>6} {:>6}",
        "system", "R1", "R2", "RLsum", "mean"
    );
    let mut means = [0.0; 3];
    for (k, s) in sums.iter().enumerate() {
        let (r1, r2, rl) = (
            100.0 * s.rouge1 / n,
            100.0 * s.rouge2 / n,
            100.0 * s.rouge_lsum / n,
        );
        means[k] = (r1 + r2 + rl) / 3.0;
        println!(
            "  {:<10} {r1:>6.2} {r2:>6.2} {rl:>6.2} {:>6.2}",
            SYSTEMS[k], means[k]
        );
    }
    println!(
        "  published on a Multi-News test sample: TextRank 42.81/13.36/38.54, lead 42.19/13.24/38.31"
    );
    // The floor: Chorus beats TextRank on the mean of the three F1 scores.
    let floor = means[0] > means[1];
    println!(
        "floor: chorus mean(R1, R2, RLsum) {:.2} > textrank mean(R1, R2, RLsum) {:.2}: {}",
        means[0],
        means[1],
        if floor { "ok" } else { "FAIL" }
    );

    let dev_held = gates.report(&format!("{} multinews-dev briefs", clusters.len()));
    let seeds_held = seeds(&data_dir.join(SEEDS))?;

    println!("\nspeed:");
    println!(
        "  multinews-dev story_brief: {:.1} ms per cluster on average ({} clusters, {:.1} s; \
         slowest {} {:.0} ms)",
        1e3 * brief_time.as_secs_f64() / n,
        clusters.len(),
        brief_time.as_secs_f64(),
        slowest.1,
        1e3 * slowest.0.as_secs_f64()
    );
    large_story(&analyzer, &clusters)?;

    Ok(floor && dev_held && seeds_held)
}

/// Reads the data file: every document cleaned into an article, the reference without its
/// leading "– ", one sentence a line. Also returns how many documents yielded no article.
fn load(path: &Path) -> anyhow::Result<(Vec<Cluster>, usize)> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let source_path = path.display().to_string();
    let mut clusters = Vec::new();
    let mut dropped = 0;
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)?;
        let mut articles = Vec::new();
        for (i, doc) in record.documents.into_iter().enumerate() {
            let raw = RawDocument {
                id: format!("{}:{i}", record.id),
                source_path: source_path.clone(),
                body: Body::LabelledText(doc),
                meta: StatedMeta::default(),
            };
            match chorus_clean::clean(raw) {
                Ok(a) => articles.push(Article {
                    url: None,
                    title: None,
                    byline: None,
                    published: None,
                    outlet: None,
                    language: None,
                    ..a
                }),
                Err(_) => dropped += 1,
            }
        }
        let summary = record.summary.strip_prefix("– ").unwrap_or(&record.summary);
        let reference = one_sentence_a_line(summary);
        clusters.push(Cluster {
            id: record.id,
            articles,
            reference,
        });
    }
    Ok((clusters, dropped))
}

/// The text's sentences (as Chorus segments them), one a line, for ROUGE-Lsum: the field
/// splits references into sentences before scoring Lsum. Tokens, and so R1 and R2, are unchanged.
fn one_sentence_a_line(text: &str) -> String {
    chorus_text::sentences::segment(text)
        .iter()
        .map(|s| chorus_text::normalize_space(s.span.of(text)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Briefs the seed articles (default options and the 250-word budget), checks the gates on
/// every story and times the default brief. Returns whether the gates held.
fn seeds(dir: &Path) -> anyhow::Result<bool> {
    let (articles, errors) = chorus::extract::extract_all(dir, &chorus_ingest::Limits::default());
    anyhow::ensure!(
        errors.is_empty() && !articles.is_empty(),
        "extracting the seeds in {}: {} articles, errors: {errors:?}",
        dir.display(),
        articles.len()
    );
    let mut gates = Gates::default();
    let start = Instant::now();
    let first = brief(&articles, &BriefOptions::default());
    let cold = start.elapsed();
    let mut warm = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        brief(&articles, &BriefOptions::default());
        warm.push(start.elapsed());
    }
    warm.sort();
    let long = brief(&articles, &BriefOptions { max_words: BUDGET });
    for (label, b) in [("seeds", &first), ("seeds (250 words)", &long)] {
        for story in &b.stories {
            gates.check(&format!("{label} {}", story.id), story, &articles);
        }
    }
    let held = gates.report(&format!(
        "seeds ({} articles; {} and {} stories with the default and 250-word budgets)",
        articles.len(),
        first.stories.len(),
        long.stories.len()
    ));
    println!(
        "  seeds brief wall time (default options, {} articles): first {:.1} ms (includes \
         building the analyzer), then median {:.1} ms of 5",
        articles.len(),
        1e3 * cold.as_secs_f64(),
        1e3 * warm[warm.len() / 2].as_secs_f64()
    );
    Ok(held)
}

/// Times `story_brief` on one core over a story of [`LARGE_STORY`] articles: the dev set's
/// cleaned articles in file order.
fn large_story(analyzer: &Analyzer, clusters: &[Cluster]) -> anyhow::Result<()> {
    let articles: Vec<Article> = clusters
        .iter()
        .flat_map(|c| c.articles.iter().cloned())
        .take(LARGE_STORY)
        .collect();
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    let sentences: usize = articles
        .iter()
        .map(|a| {
            chorus_text::sentences::segment(&a.text)
                .iter()
                .filter(|s| s.kind == chorus_core::analysis::SegmentKind::Sentence)
                .count()
        })
        .sum();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let start = Instant::now();
    let story = pool.install(|| {
        story_brief(
            analyzer,
            "large".to_owned(),
            &articles,
            &BriefOptions { max_words: BUDGET },
        )
    });
    println!(
        "  story_brief on one core, {} articles ({} words, {} sentences: the first clusters' \
         articles together): {:.2} s ({} summary sentences)",
        articles.len(),
        words,
        sentences,
        start.elapsed().as_secs_f64(),
        story.summary.len()
    );
    Ok(())
}
