//! `chorus eval brief`: the whole brief of each `brief-dev` event, scored as its `score.py` does.
//!
//! Every event folder (`EVENT/`, articles `NNN_xxxx.txt`, beside `EVENT.gold.json`) is briefed in
//! process as one story ([`chorus::brief::one_story_brief`], as `chorus brief --one-story` does)
//! and scored part by part by [`score`], a port of `score.py`. The table gives every event's
//! parts (n/a where the gold has no list), each part's mean and how many events are at its
//! floor, over all events, over the development events and over the held-out events (chosen at
//! random, kept out of development, reported apart).
//!
//! The evaluation fails below the CI floors ([`CI_FLOORS`], [`CI_EVENT_FLOORS`]): today's
//! measured values, rounded down, as regression guards; the targets are printed beside
//! them. With `--check-with-python`, every event's brief is also written to a temporary file and
//! scored by `python3 score.py`, and the two scorers must agree on every part to 2 decimals.

pub mod score;

use anyhow::Context;
use chorus_synthesize::BriefOptions;
use score::{Gold, PartScore, FLOORS, PARTS};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The held-out events: chosen at random, kept out of development, reported apart.
pub const HELD_OUT: [&str; 4] = [
    "bundy-remarks",
    "comey-memo",
    "iditarod-crash",
    "woods-search",
];

/// CI floors on each part's mean over all events: regression guards at the values measured when
/// the evaluation was added (2026-12-04), rounded down by about 0.01 (raised since with the speaker,
/// time, facts-as-claims and divergence work of issue 14). The brief is deterministic,
/// so the margin only absorbs rounding; raise them as the brief improves. Title and summary were
/// raised when furniture (captions, credits, player and sign-in notices) left flattened text and
/// titles stopped being file names.
pub const CI_FLOORS: [(&str, f64); 11] = [
    // Story and syndication score 0 or 1 an event: 0.99 holds every event at floor (reached
    // when social-network and web-archive notice pages left the text, so they no longer join
    // a one-story brief, and embedded posts stopped counting as copy).
    ("story", 0.99),
    // Raised from 0.69 when roles came from "identified as" appositions, plural titles over
    // several names and "accused of" clauses, one-word names described as people became
    // people and birth names joined them, and names guessed to be organizations that an
    // apposition calls a person became people (measured 0.77). Raised from 0.76 when models,
    // ships, journalists and titles in quote marks stopped being people and appositions ended
    // with their paragraph (measured 0.78).
    ("people", 0.77),
    // Raised from 0.81 when speakers became precision first (measured 0.84).
    ("quotes", 0.83),
    // Raised from 0.33 when undated articles took their dates from their text (measured 0.72;
    // 0.70 once gallery captions, some of which carried a date, left the text). Raised from
    // 0.69 when the dates of removed captions and the years of a story's other texts dated
    // undated articles (measured 0.76).
    ("timeline", 0.75),
    ("syndication", 0.99),
    // Raised from 0.68 when claims restating a chosen one in other words were told from
    // sentences that say something else too (measured 0.75).
    ("facts", 0.74),
    // Raised from 0.37 when one owner's thing dated twice became a divergence (measured 0.44).
    ("divergences", 0.43),
    // Summary and title score 0 or 1 an event: 0.99 holds every event at floor, as issue 14
    // asks (reached when picture credits glued to a lead and notes on embedded media left
    // the text).
    ("summary", 0.99),
    ("title", 0.99),
    // Raised from 0.94 when speakers became precision first (measured 0.99).
    ("attribution", 0.98),
    ("citations", 0.99),
];

/// CI floors every single event must meet on the precision parts: the 0.95 for
/// attribution (lowest event 0.98 today) and 0.90 for citations (every event at 1.00 today).
pub const CI_EVENT_FLOORS: [(&str, f64); 2] = [("attribution", 0.95), ("citations", 0.90)];

/// The targets (issue 14, "Floors"), printed beside the CI floors.
pub const TARGETS: [(&str, &str); 11] = [
    ("story", "-"),
    ("people", "mean 0.75"),
    ("quotes", "mean 0.80"),
    ("timeline", "mean 0.65"),
    ("syndication", "16/16 at floor"),
    ("facts", "mean 0.70"),
    ("divergences", "mean 0.40"),
    ("summary", "16/16 at floor"),
    ("title", "16/16 at floor"),
    ("attribution", "0.95 every event"),
    ("citations", "0.90 every event"),
];

/// One event: its name, folder and gold file.
#[derive(Debug, Clone)]
pub struct Event {
    /// Folder name, e.g. `comey-memo`.
    pub name: String,
    /// The folder of its articles.
    pub dir: PathBuf,
    /// `EVENT.gold.json`.
    pub gold: PathBuf,
}

/// One event's brief and scores.
pub struct Scored {
    /// The event.
    pub event: Event,
    /// The brief, as JSON.
    pub brief: Value,
    /// One score per part of [`PARTS`].
    pub scores: [PartScore; 11],
}

/// The events of a `brief-dev` directory: every `EVENT.gold.json` with an `EVENT/` folder, by name.
pub fn events(dir: &Path) -> anyhow::Result<Vec<Event>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".gold.json"))
        else {
            continue;
        };
        let folder = dir.join(name);
        if folder.is_dir() {
            out.push(Event {
                name: name.to_owned(),
                dir: folder,
                gold: path.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads a gold file.
pub fn read_gold(path: &Path) -> anyhow::Result<Gold> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Briefs the articles of a folder as one story, in process; the brief as JSON. A page with no
/// article text once its furniture is removed (a sign-in page, a player page) is left out, as
/// `chorus brief` leaves it out; any other error fails.
pub fn brief_folder(dir: &Path) -> anyhow::Result<Value> {
    let (articles, mut errors) =
        chorus::extract::extract_all(dir, &chorus_ingest::Limits::default());
    errors.retain(|e| !e.is_skipped());
    anyhow::ensure!(
        errors.is_empty() && !articles.is_empty(),
        "extracting {}: {} articles, errors: {errors:?}",
        dir.display(),
        articles.len()
    );
    let brief = chorus::brief::one_story_brief(&articles, &BriefOptions::default());
    Ok(serde_json::to_value(&brief)?)
}

/// Briefs and scores one event.
pub fn score_event(event: &Event) -> anyhow::Result<Scored> {
    let gold = read_gold(&event.gold)?;
    let brief = brief_folder(&event.dir)?;
    let articles = score::article_texts(&event.dir)?;
    let scores = score::score(&brief, &gold, &articles);
    Ok(Scored {
        event: event.clone(),
        brief,
        scores,
    })
}

/// Mean of the scored (not n/a) values, and how many are at the part's floor, of how many.
fn summarize(rows: &[&[PartScore; 11]], part: usize) -> (Option<f64>, usize, usize) {
    let values: Vec<f64> = rows.iter().filter_map(|r| r[part]).collect();
    if values.is_empty() {
        return (None, 0, 0);
    }
    let at_floor = values.iter().filter(|&&v| v >= FLOORS[part]).count();
    (
        Some(values.iter().sum::<f64>() / values.len() as f64),
        at_floor,
        values.len(),
    )
}

fn cell(v: PartScore) -> String {
    match v {
        Some(v) => format!("{v:.2}"),
        None => "n/a".to_owned(),
    }
}

/// Short column headings.
fn heading(part: &str) -> &str {
    match part {
        "syndication" => "synd",
        "divergences" => "diverg",
        "attribution" => "attrib",
        "citations" => "cites",
        "timeline" => "timeln",
        other => other,
    }
}

fn print_row(label: &str, cells: &[String]) {
    let mut line = format!("{label:<24}");
    for c in cells {
        line.push_str(&format!(" {c:>7}"));
    }
    println!("{}", line.trim_end());
}

fn print_summary(label: &str, rows: &[&[PartScore; 11]]) -> Vec<(Option<f64>, usize, usize)> {
    let stats: Vec<_> = (0..PARTS.len()).map(|p| summarize(rows, p)).collect();
    print_row(
        &format!("mean, {label}"),
        &stats.iter().map(|s| cell(s.0)).collect::<Vec<_>>(),
    );
    print_row(
        &format!("at floor, {label}"),
        &stats
            .iter()
            .map(|s| format!("{}/{}", s.1, s.2))
            .collect::<Vec<_>>(),
    );
    let over: Vec<f64> = stats.iter().filter_map(|s| s.0).collect();
    if !over.is_empty() {
        println!(
            "  mean over the parts, {label}: {:.2}",
            over.iter().sum::<f64>() / over.len() as f64
        );
    }
    stats
}

/// Runs `chorus eval brief DIR`; returns whether the CI floors held (and, with
/// `check_with_python`, whether `score.py` agreed on every part).
pub fn run(dir: &Path, check_with_python: bool) -> anyhow::Result<bool> {
    let start = Instant::now();
    let events = events(dir)?;
    anyhow::ensure!(
        !events.is_empty(),
        "{}: no EVENT.gold.json with an EVENT/ folder",
        dir.display()
    );
    println!(
        "brief-dev: {} events from {}, each briefed as one story (in process), scored as score.py does",
        events.len(),
        dir.display()
    );
    println!(
        "held out (chosen at random, not developed on): {}",
        HELD_OUT.join(", ")
    );
    let mut scored = Vec::new();
    for event in &events {
        scored.push(score_event(event)?);
    }
    let elapsed = start.elapsed();

    println!();
    let headings: Vec<String> = PARTS.iter().map(|p| heading(p).to_owned()).collect();
    print_row("event", &headings);
    for s in &scored {
        let label = if HELD_OUT.contains(&s.event.name.as_str()) {
            format!("{} (held out)", s.event.name)
        } else {
            s.event.name.clone()
        };
        print_row(
            &label,
            &s.scores.iter().map(|v| cell(*v)).collect::<Vec<_>>(),
        );
    }
    print_row(
        "floor (score.py)",
        &FLOORS.iter().map(|f| format!("{f:.2}")).collect::<Vec<_>>(),
    );
    println!();
    let all: Vec<&[PartScore; 11]> = scored.iter().map(|s| &s.scores).collect();
    let dev: Vec<&[PartScore; 11]> = scored
        .iter()
        .filter(|s| !HELD_OUT.contains(&s.event.name.as_str()))
        .map(|s| &s.scores)
        .collect();
    let held: Vec<&[PartScore; 11]> = scored
        .iter()
        .filter(|s| HELD_OUT.contains(&s.event.name.as_str()))
        .map(|s| &s.scores)
        .collect();
    let stats = print_summary(&format!("all {}", all.len()), &all);
    print_summary(&format!("{} dev", dev.len()), &dev);
    print_summary(&format!("{} held out", held.len()), &held);

    // Floors.
    println!();
    println!(
        "{:<12} {:>8} {:>8}  target (issue 14)",
        "part", "mean", "CI floor"
    );
    let mut ok = true;
    for (p, part) in PARTS.iter().enumerate() {
        let floor = CI_FLOORS[p].1;
        let mean = stats[p].0;
        let held = mean.is_none_or(|m| m >= floor);
        ok &= held;
        println!(
            "{part:<12} {:>8} {:>8.2}  {}{}",
            cell(mean),
            floor,
            TARGETS[p].1,
            if held { "" } else { "  BELOW FLOOR" }
        );
    }
    for (part, floor) in CI_EVENT_FLOORS {
        let p = PARTS.iter().position(|q| *q == part).unwrap_or(0);
        let below: Vec<String> = scored
            .iter()
            .filter_map(|s| {
                s.scores[p]
                    .filter(|&v| v < floor)
                    .map(|v| format!("{} {v:.2}", s.event.name))
            })
            .collect();
        let lowest = scored
            .iter()
            .filter_map(|s| s.scores[p])
            .fold(f64::INFINITY, f64::min);
        println!(
            "{part:<12} every event >= {floor:.2} (lowest today {lowest:.2}){}",
            if below.is_empty() {
                String::new()
            } else {
                format!("  BELOW FLOOR: {}", below.join(", "))
            }
        );
        ok &= below.is_empty();
    }

    seeds(dir)?;

    let mut agree = true;
    if check_with_python {
        println!();
        agree = check_python(dir, &scored)?;
    }
    println!();
    println!(
        "time: {:.2} s for {} events ({} articles), peak memory {} MB",
        elapsed.as_secs_f64(),
        scored.len(),
        scored
            .iter()
            .map(|s| s
                .brief
                .get("articles")
                .and_then(Value::as_array)
                .map_or(0, Vec::len))
            .sum::<usize>(),
        crate::peak_memory_mb().map_or("?".to_owned(), |m| m.to_string())
    );
    println!("brief floors: {}", if ok { "held" } else { "NOT held" });
    if !agree {
        println!("check with python: FAILED");
    }
    Ok(ok && agree)
}

/// Scores the seeds' one-story brief where a gold for them exists; where none does, prints the
/// parts that need no gold (summary traceability, title, citations).
fn seeds(dir: &Path) -> anyhow::Result<()> {
    let Some(shared) = dir.parent().and_then(Path::parent) else {
        return Ok(());
    };
    let seeds = shared.join("seeds");
    if !seeds.is_dir() {
        println!("\nseeds: {} not found; not scored", seeds.display());
        return Ok(());
    }
    let candidates = [
        shared.join("seeds-gold.json"),
        shared.join("seeds.gold.json"),
        seeds.join("seeds-gold.json"),
        shared.join("data").join("seeds-gold.json"),
    ];
    let brief = brief_folder(&seeds)?;
    let articles = score::article_texts(&seeds)?;
    println!();
    match candidates.iter().find(|c| c.is_file()) {
        Some(gold_path) => {
            let gold = read_gold(gold_path)?;
            let scores = score::score(&brief, &gold, &articles);
            println!("seeds ({}), one story:", gold_path.display());
            for (p, part) in PARTS.iter().enumerate() {
                println!("  {part}: {}", cell(scores[p]));
            }
        }
        None => {
            let scores = score::score(&brief, &Gold::default(), &articles);
            println!(
                "seeds ({}), one story: no gold exists (looked for {}); the parts that need none:",
                seeds.display(),
                candidates
                    .iter()
                    .map(|c| c.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for part in ["summary", "title", "citations"] {
                let p = PARTS.iter().position(|q| *q == part).unwrap_or(0);
                println!("  {part}: {}", cell(scores[p]));
            }
        }
    }
    Ok(())
}

/// `score.py`'s printed scores: part to score (`None` for n/a).
pub fn parse_python_scores(stdout: &str) -> BTreeMap<String, PartScore> {
    let mut out = BTreeMap::new();
    for line in stdout.lines() {
        let Some((part, rest)) = line.split_once(": ") else {
            continue;
        };
        if !PARTS.contains(&part) {
            continue;
        }
        let value = rest.split_whitespace().next().unwrap_or("");
        if value == "n/a" {
            out.insert(part.to_owned(), None);
        } else if let Ok(v) = value.parse::<f64>() {
            out.insert(part.to_owned(), Some(v));
        }
    }
    out
}

/// Runs `python3 score.py` on one brief; its printed scores.
pub fn python_scores(
    score_py: &Path,
    brief: &Value,
    event: &Event,
    tmp: &Path,
) -> anyhow::Result<BTreeMap<String, PartScore>> {
    let brief_path = tmp.join(format!("{}.brief.json", event.name));
    std::fs::write(&brief_path, serde_json::to_string_pretty(brief)?)?;
    let output = std::process::Command::new("python3")
        .arg(score_py)
        .arg(&brief_path)
        .arg("--gold")
        .arg(&event.gold)
        .arg("--articles")
        .arg(&event.dir)
        .output()
        .context("running python3")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let scores = parse_python_scores(&stdout);
    anyhow::ensure!(
        scores.len() == PARTS.len(),
        "score.py on {}: {} parts read; stderr: {}",
        event.name,
        scores.len(),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(scores)
}

/// Whether python3 can be run.
pub fn python_available() -> bool {
    std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The differences between our scores and `score.py`'s for one event (empty: they agree on
/// every part to 2 decimals).
pub fn differences(ours: &[PartScore; 11], python: &BTreeMap<String, PartScore>) -> Vec<String> {
    let mut out = Vec::new();
    for (p, part) in PARTS.iter().enumerate() {
        let theirs = python.get(*part).copied().flatten();
        let same = match (ours[p], theirs, python.contains_key(*part)) {
            (None, None, true) => true,
            (Some(a), Some(b), _) => (a - b).abs() <= 0.005 + 1e-9,
            _ => false,
        };
        if !same {
            out.push(format!(
                "{part}: ours {} score.py {}",
                cell(ours[p]),
                cell(theirs)
            ));
        }
    }
    out
}

/// Scores every event's brief with `python3 score.py` too and compares; prints the agreement.
pub fn check_python(dir: &Path, scored: &[Scored]) -> anyhow::Result<bool> {
    let score_py = dir.join("score.py");
    if !python_available() {
        println!("check with python: python3 not found, cannot compare with score.py");
        return Ok(false);
    }
    let tmp = tempfile::tempdir()?;
    let mut agree = 0;
    for s in scored {
        let python = python_scores(&score_py, &s.brief, &s.event, tmp.path())?;
        let diff = differences(&s.scores, &python);
        if diff.is_empty() {
            agree += 1;
        } else {
            println!("  {} differs: {}", s.event.name, diff.join("; "));
        }
    }
    println!(
        "check with python: agree on {agree}/{} events x {} parts (score.py, to 2 decimals)",
        scored.len(),
        PARTS.len()
    );
    Ok(agree == scored.len())
}
