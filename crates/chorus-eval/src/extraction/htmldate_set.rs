//! Publication dates on the htmldate evaluation set.
//!
//! Each entry of `eval_default.json` and `eval_mediacloud_2020.json` names a page of
//! `html.tar.xz` and its gold date (`YYYY-MM-DD`, or `NaN` when the page states none). The page
//! goes through [`chorus_clean::html::metadata::extract`] with its URL (the JSON key) as the page
//! address, as a WARC record would give it. Score: exact-date accuracy over all entries of both
//! files; a `NaN` gold counts as correct when no date is output.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

/// The accuracy the date cascade must reach (htmldate extensive 0.949, `trafilatura` crate 0.909).
pub const ACCURACY_FLOOR: f64 = 0.93;

/// The label files, in report order.
const LABEL_FILES: [&str; 2] = ["eval_default.json", "eval_mediacloud_2020.json"];

/// Runs the evaluation; returns whether the floor was met.
pub fn run(dir: &Path) -> anyhow::Result<bool> {
    let verbose = std::env::var_os("CHORUS_EVAL_VERBOSE").is_some_and(|v| v == "1");
    let pages = read_pages(&dir.join("html.tar.xz"))?;
    println!("== dates: htmldate set ({}) ==", dir.display());
    println!(
        "settings: chorus_clean::html::metadata::extract(html, Some(url)), pages decoded with \
         chorus_ingest::decode_html, exact match on the YYYY-MM-DD prefix, NaN gold = no date"
    );
    let (mut total, mut correct) = (0usize, 0usize);
    let mut spent = Duration::ZERO;
    for name in LABEL_FILES {
        let labels = read_labels(&dir.join(name))?;
        let (mut n, mut ok) = (0usize, 0usize);
        for (url, label) in &labels {
            let bytes = pages
                .get(&label.file)
                .with_context(|| format!("{} missing from html.tar.xz", label.file))?;
            let html = chorus_ingest::decode_html(bytes);
            let start = Instant::now();
            let meta = chorus_clean::html::metadata::extract(&html, Some(url));
            spent += start.elapsed();
            let got = meta.published.as_deref().map(|d| d.get(..10).unwrap_or(d));
            let hit = got == label.date.as_deref();
            n += 1;
            ok += usize::from(hit);
            if verbose && !hit {
                println!(
                    "  miss {:<28} gold {:<10} got {:<10} {url}",
                    label.file,
                    label.date.as_deref().unwrap_or("NaN"),
                    got.unwrap_or("-"),
                );
            }
        }
        println!("{name}: {ok}/{n} = {:.3}", ratio(ok, n));
        total += n;
        correct += ok;
    }
    let accuracy = ratio(correct, total);
    println!(
        "overall: {correct}/{total} = {accuracy:.3} (floor {ACCURACY_FLOOR}; htmldate extensive \
         0.949, trafilatura crate 0.909) {}",
        if accuracy >= ACCURACY_FLOOR {
            "PASS"
        } else {
            "FAIL"
        }
    );
    println!(
        "metadata pass: {:.2} ms/page (whole metadata extraction, one thread)",
        spent.as_secs_f64() * 1000.0 / total.max(1) as f64
    );
    Ok(accuracy >= ACCURACY_FLOOR)
}

/// One labelled page.
struct Label {
    /// File name inside the tarball.
    file: String,
    /// Gold date, `None` for `NaN`.
    date: Option<String>,
}

/// Reads a label file, sorted by URL. The files hold a bare `NaN` (not JSON) for "no date".
fn read_labels(path: &Path) -> anyhow::Result<Vec<(String, Label)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let text = text.replace(": NaN", ": null");
    let raw: HashMap<String, serde_json::Value> =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut labels: Vec<(String, Label)> = raw
        .into_iter()
        .filter_map(|(url, v)| {
            let file = v.get("file")?.as_str()?.to_owned();
            let date = v.get("date").and_then(|d| d.as_str()).map(str::to_owned);
            Some((url, Label { file, date }))
        })
        .collect();
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(labels)
}

/// Reads every file of the tarball into memory, keyed by file name.
fn read_pages(path: &Path) -> anyhow::Result<HashMap<String, Vec<u8>>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut archive = tar::Archive::new(liblzma::read::XzDecoder::new(file));
    let mut pages = HashMap::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        pages.insert(name, bytes);
    }
    Ok(pages)
}

/// `num / den`, 0 for an empty denominator.
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}
