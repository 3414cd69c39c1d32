//! Title and byline against Readability.js's own metadata on the Mozilla test pages.
//!
//! Each case folder holds `source.html.gz` and `expected-metadata.json`. The page goes through
//! [`chorus_clean::html::metadata::extract`] without a URL. Readability's output is a reference,
//! not human gold, so there is no floor. For title and byline we report:
//! * exact agreement after whitespace normalization (both absent counts as agreement);
//! * loose agreement: case-insensitive containment either way, or token overlap (Jaccard) ≥ 0.5;
//! * the same two figures over the cases where Readability found a value.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use anyhow::Context;

/// Minimum token Jaccard overlap for a loose match.
const LOOSE_JACCARD: f64 = 0.5;

/// Runs the evaluation (reported, no floor).
pub fn run(dir: &Path) -> anyhow::Result<()> {
    let verbose = std::env::var_os("CHORUS_EVAL_VERBOSE").is_some_and(|v| v == "1");
    let mut cases: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected-metadata.json").is_file())
        .collect();
    cases.sort();
    println!(
        "== metadata: Mozilla Readability test pages ({}) ==",
        dir.display()
    );
    println!(
        "settings: chorus_clean::html::metadata::extract(html, None); exact = equal after \
         whitespace normalization; loose = case-insensitive containment or token Jaccard >= \
         {LOOSE_JACCARD}"
    );
    let mut title = Tally::default();
    let mut byline = Tally::default();
    for case in &cases {
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(case.join("expected-metadata.json"))?)
                .with_context(|| format!("parsing {}", case.display()))?;
        let mut gz =
            flate2::read::GzDecoder::new(std::fs::File::open(case.join("source.html.gz"))?);
        let mut bytes = Vec::new();
        gz.read_to_end(&mut bytes)?;
        let html = chorus_ingest::decode_html(&bytes);
        let meta = chorus_clean::html::metadata::extract(&html, None);
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        let gold = |k: &str| expected.get(k).and_then(|v| v.as_str()).map(normalize);
        for (tally, field, gold, got) in [
            (
                &mut title,
                "title",
                gold("title"),
                meta.title.as_deref().map(normalize),
            ),
            (
                &mut byline,
                "byline",
                gold("byline"),
                meta.byline.as_deref().map(normalize),
            ),
        ] {
            let gold = gold.filter(|g| !g.is_empty());
            let (exact, loose) = tally.add(gold.as_deref(), got.as_deref());
            if verbose && !exact {
                println!(
                    "  {field:<6} {}{name:<40} gold {:?} got {:?}",
                    if loose { "~ " } else { "x " },
                    gold.as_deref().unwrap_or("-"),
                    got.as_deref().unwrap_or("-"),
                );
            }
        }
    }
    println!("cases: {}", cases.len());
    title.print("title");
    byline.print("byline");
    Ok(())
}

/// Agreement counts for one field.
#[derive(Default)]
struct Tally {
    cases: usize,
    exact: usize,
    loose: usize,
    with_gold: usize,
    with_gold_exact: usize,
    with_gold_loose: usize,
}

impl Tally {
    /// Counts one case; returns (exact, loose) agreement.
    fn add(&mut self, gold: Option<&str>, got: Option<&str>) -> (bool, bool) {
        let (exact, loose) = match (gold, got) {
            (None, None) => (true, true),
            (Some(g), Some(o)) => (g == o, g == o || loosely_equal(g, o)),
            _ => (false, false),
        };
        self.cases += 1;
        self.exact += usize::from(exact);
        self.loose += usize::from(loose);
        if gold.is_some() {
            self.with_gold += 1;
            self.with_gold_exact += usize::from(exact);
            self.with_gold_loose += usize::from(loose);
        }
        (exact, loose)
    }

    fn print(&self, field: &str) {
        let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        println!(
            "{field}: exact {}/{} = {:.3}, loose {:.3}; where Readability has one ({}): exact \
             {:.3}, loose {:.3}",
            self.exact,
            self.cases,
            pct(self.exact, self.cases),
            pct(self.loose, self.cases),
            self.with_gold,
            pct(self.with_gold_exact, self.with_gold),
            pct(self.with_gold_loose, self.with_gold),
        );
    }
}

/// Collapses whitespace runs to single spaces and trims.
fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Case-insensitive containment either way, or token Jaccard overlap of at least
/// [`LOOSE_JACCARD`].
fn loosely_equal(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let tokens = |s: &str| -> HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (ta, tb) = (tokens(&a), tokens(&b));
    let union = ta.union(&tb).count();
    union > 0 && ta.intersection(&tb).count() as f64 / union as f64 >= LOOSE_JACCARD
}
