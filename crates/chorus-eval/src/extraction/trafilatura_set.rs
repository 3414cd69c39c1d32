//! Main-text extraction on the trafilatura evaluation set (`trafilatura-eval/`).
//!
//! The set maps each page URL to an HTML file inside `html.tar.xz` and to snippets that the
//! extracted main text must contain (`with`) and must not contain (`without`). The tarball is
//! read in memory; nothing is unpacked.
//!
//! Scoring (pooled over the corpus, as the set's curators do): a `with` snippet found in the
//! output is a true positive, a missing one a false negative; a `without` snippet found is a
//! false positive. Precision, recall and F1 follow from those counts.
//!
//! Matching rule: the text searched is what Chorus actually outputs for the page, that is the
//! `text` of the [`Article`](chorus_core::Article) returned by [`chorus_clean::clean`] for a
//! [`Body::HtmlPage`] holding the page decoded by [`chorus_ingest::decode_html`] (paragraphs
//! joined by a blank line). Both that text and each snippet are whitespace-normalized (every
//! run of whitespace becomes one space, ends trimmed) and stripped of invisible format
//! characters (soft hyphen, zero-width space/joiners, word joiner, BOM), and the snippet must
//! then occur as an exact, case-sensitive substring. A page whose cleaning fails counts as empty
//! output. For comparison the scores under the earlier rule (whitespace only, invisible
//! characters kept in the snippets) are printed as well.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use chorus_core::{Body, RawDocument, StatedMeta};
use rayon::prelude::*;

/// Pooled snippet F1 floor: the project's target of 0.93 (above trafilatura 2.x's published
/// 0.924-0.926), which extraction passes (0.9346 with Readability and the furniture filters;
/// 0.9467 with the trafilatura crate's extraction, which took more than half of the time).
pub const F1_FLOOR: f64 = 0.93;
/// The pooled snippet F1 the project aims for, printed beside the floor.
pub const F1_TARGET: f64 = 0.93;

/// Environment variable that, when set to `1`, makes [`run`] print every page's misses.
pub const VERBOSE_VAR: &str = "CHORUS_EVAL_VERBOSE";

/// One page's gold entry in `evaldata.json`.
#[derive(Debug, serde::Deserialize)]
struct Entry {
    /// File name inside the tarball.
    file: String,
    /// Snippets the output must contain.
    #[serde(default)]
    with: Vec<String>,
    /// Snippets the output must not contain.
    #[serde(default)]
    without: Vec<String>,
}

/// One page of the set, ready to extract.
struct Page {
    url: String,
    entry: Entry,
    html: Vec<u8>,
}

/// What one page scored.
#[derive(Default)]
struct PageScore {
    tp: usize,
    fn_: usize,
    fp: usize,
    /// True positives, false negatives and false positives under the earlier, whitespace-only
    /// matching rule.
    old: [usize; 3],
    missed: Vec<String>,
    leaked: Vec<String>,
}

/// Runs the evaluation, prints its settings and scores; returns whether F1 reached
/// [`F1_FLOOR`]. With `CHORUS_EVAL_VERBOSE=1` it also prints each page's missed and leaked
/// snippets.
pub fn run(dir: &Path) -> anyhow::Result<bool> {
    let pages = load(dir)?;
    let verbose = std::env::var(VERBOSE_VAR).is_ok_and(|v| v == "1");
    println!("trafilatura set: {}", dir.display());
    println!("  pages: {}", pages.len());
    println!(
        "  matching: snippet is an exact case-sensitive substring of chorus_clean::clean(...).text \
         after collapsing whitespace runs to one space and removing invisible format characters \
         (U+00AD, U+200B-U+200D, U+2060, U+FEFF) on both sides; clean errors = empty output"
    );
    let scores: Vec<PageScore> = pages.par_iter().map(score_page).collect();
    let (mut tp, mut fn_, mut fp) = (0, 0, 0);
    let mut old = [0usize; 3];
    for (page, score) in pages.iter().zip(&scores) {
        tp += score.tp;
        fn_ += score.fn_;
        fp += score.fp;
        for (sum, n) in old.iter_mut().zip(score.old) {
            *sum += n;
        }
        if verbose && (!score.missed.is_empty() || !score.leaked.is_empty()) {
            println!("  page {} ({})", page.url, page.entry.file);
            for s in &score.missed {
                println!("    missing: {s}");
            }
            for s in &score.leaked {
                println!("    leaked:  {s}");
            }
        }
    }
    let [old_tp, old_fn, old_fp] = old;
    let (old_p, old_r) = (
        ratio(old_tp, old_tp + old_fp),
        ratio(old_tp, old_tp + old_fn),
    );
    println!(
        "  earlier rule (whitespace only): TP {old_tp}  FN {old_fn}  FP {old_fp}  precision \
         {old_p:.4}  recall {old_r:.4}  F1 {:.4}",
        ratio_f(2.0 * old_p * old_r, old_p + old_r)
    );
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = ratio_f(2.0 * precision * recall, precision + recall);
    println!("  TP {tp}  FN {fn_}  FP {fp}");
    println!(
        "  precision {precision:.4}  recall {recall:.4}  F1 {f1:.4}  (floor {F1_FLOOR:.2}, target {F1_TARGET:.2}: {})",
        if f1 >= F1_FLOOR { "met" } else { "NOT met" }
    );
    Ok(f1 >= F1_FLOOR)
}

/// Benchmarks decode + clean on one thread over every page of the set and prints pages per
/// second and MB of HTML per second (by wall clock and by the thread's own CPU time), the
/// process's peak resident memory (which includes the set itself, held in memory) and the
/// slowest pages.
pub fn bench(dir: &Path) -> anyhow::Result<()> {
    let pages = load(dir)?;
    let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
    let start = Instant::now();
    let cpu_start = thread_cpu_secs();
    let mut chars = 0usize;
    let mut times = Vec::with_capacity(pages.len());
    for page in &pages {
        let page_start = Instant::now();
        chars += extract_text(&page.html).len();
        times.push((page_start.elapsed().as_secs_f64(), page.entry.file.as_str()));
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = match (cpu_start, thread_cpu_secs()) {
        (Some(a), Some(b)) if b > a => format!(
            "; on-CPU {:.2} s = {:.1} pages/s, {:.2} MB/s",
            b - a,
            pages.len() as f64 / (b - a),
            bytes as f64 / 1e6 / (b - a)
        ),
        _ => String::new(),
    };
    let peak = peak_memory_kib()
        .map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "unknown".to_owned());
    println!(
        "extract bench (1 thread, decode + clean, {}): {} pages, {:.1} MB HTML in {secs:.2} s = \
         {:.1} pages/s, {:.2} MB/s (wall clock){cpu}; peak memory (VmHWM) {peak}; {chars} chars of \
         text out",
        dir.display(),
        pages.len(),
        bytes as f64 / 1e6,
        pages.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
    );
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest: Vec<String> = times
        .iter()
        .take(5)
        .map(|(t, file)| format!("{file} {:.0} ms", t * 1e3))
        .collect();
    println!("  slowest pages: {}", slowest.join(", "));
    Ok(())
}

/// Reads `evaldata.json` and the pages it names from `html.tar.xz`, sorted by URL.
fn load(dir: &Path) -> anyhow::Result<Vec<Page>> {
    let json_path = dir.join("evaldata.json");
    let json =
        std::fs::read(&json_path).with_context(|| format!("reading {}", json_path.display()))?;
    let gold: BTreeMap<String, Entry> = serde_json::from_slice(&json)
        .with_context(|| format!("parsing {}", json_path.display()))?;
    let tar_path = dir.join("html.tar.xz");
    let file = std::fs::File::open(&tar_path)
        .with_context(|| format!("opening {}", tar_path.display()))?;
    let mut archive = tar::Archive::new(liblzma::read::XzDecoder::new(file));
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path()?;
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        files.insert(name, bytes);
    }
    gold.into_iter()
        .map(|(url, entry)| {
            let html = files
                .get(&entry.file)
                .cloned()
                .with_context(|| format!("{} missing from {}", entry.file, tar_path.display()))?;
            Ok(Page { url, entry, html })
        })
        .collect()
}

/// Decodes and cleans one page the way Chorus does; the article text, or "" on failure.
fn extract_text(html: &[u8]) -> String {
    let doc = RawDocument {
        id: String::new(),
        source_path: String::new(),
        body: Body::HtmlPage(chorus_ingest::decode_html(html)),
        meta: StatedMeta::default(),
    };
    chorus_clean::clean(doc)
        .map(|article| article.text)
        .unwrap_or_default()
}

/// Scores one page's output against its snippets.
fn score_page(page: &Page) -> PageScore {
    let raw = extract_text(&page.html);
    let text = normalize(&raw);
    let old_text = normalize_space(&raw);
    let mut score = PageScore::default();
    for snippet in &page.entry.with {
        let found = old_text.contains(&normalize_space(snippet));
        score.old[usize::from(!found)] += 1;
    }
    for snippet in &page.entry.without {
        score.old[2] += usize::from(old_text.contains(&normalize_space(snippet)));
    }
    for snippet in &page.entry.with {
        if text.contains(&normalize(snippet)) {
            score.tp += 1;
        } else {
            score.fn_ += 1;
            score.missed.push(snippet.clone());
        }
    }
    for snippet in &page.entry.without {
        if text.contains(&normalize(snippet)) {
            score.fp += 1;
            let needle = normalize(snippet);
            let paragraph = raw
                .split("\n\n")
                .map(normalize)
                .find(|p| p.contains(&needle))
                .map(|p| p.chars().take(160).collect::<String>())
                .unwrap_or_default();
            score.leaked.push(format!("{snippet}  [in: {paragraph}]"));
        }
    }
    score
}

/// Collapses every run of whitespace to one space, trims the ends and removes invisible
/// format characters.
fn normalize(text: &str) -> String {
    normalize_space(&text.replace(is_invisible, ""))
}

/// Collapses every run of whitespace to one space and trims the ends (the earlier rule).
fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Format characters that take no space and show nothing: soft hyphen, zero-width space,
/// zero-width (non-)joiner, word joiner, byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn ratio(num: usize, den: usize) -> f64 {
    ratio_f(num as f64, den as f64)
}

fn ratio_f(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

/// CPU time this thread has run, in seconds (`/proc/thread-self/schedstat`), so a busy
/// machine does not distort the figures.
fn thread_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// Peak resident set size of this process in KiB (`VmHWM` in `/proc/self/status`).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_collapses_whitespace() {
        assert_eq!(normalize("  a \n\t b  c "), "a b c");
        assert_eq!(normalize(""), "");
        assert_eq!(
            normalize("Stra\u{ad}\u{ad}ßen\u{200b} bahn"),
            "Straßen bahn"
        );
    }

    #[test]
    fn page_scoring_counts_hits_misses_and_leaks() {
        let page = Page {
            url: "http://example.org/".into(),
            entry: Entry {
                file: "x.html".into(),
                with: vec!["kept   line".into(), "absent".into()],
                without: vec!["Site menu".into(), "nowhere".into()],
            },
            html:
                b"<html><body><nav>Site menu</nav><p>A kept\nline of the article.</p></body></html>"
                    .to_vec(),
        };
        let score = score_page(&page);
        assert_eq!(score.tp + score.fn_, 2);
        assert_eq!(score.fn_, 1 + usize::from(score.tp == 0));
        assert_eq!(score.missed.last().map(String::as_str), Some("absent"));
        assert!(score.fp <= 1);
    }

    #[test]
    fn ratios_handle_zero_denominators() {
        assert_eq!(ratio(0, 0), 0.0);
        assert_eq!(ratio(1, 2), 0.5);
    }
}
