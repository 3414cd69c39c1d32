//! Quotes and speakers on `quotes-dev` (the PolNeAR dev split: 83 US political news articles,
//! every quotation in quote marks with its speaker), scored as its README says.
//!
//! - **Spans**: a predicted and a gold quote match when they overlap by at least half of the
//!   shorter; matching is one to one, greedy by overlap, and a prediction that covers other
//!   pieces of its gold quote's attribution (a split quote merged) by at least half of each also
//!   finds them.
//! - **Speaker**, on found quotes: the predicted name is what the brief shows: the speaker
//!   entity's name, else the description of an unnamed speaker ("a longtime adviser to the
//!   mayor", [`chorus_core::analysis::Quote::description`]), else none; where the words were
//!   a description ("the mayor"), they count too, as the gold keeps descriptions as written
//!   and would count their resolution to a name wrong. Names are compared
//!   after NFKC, lower case, straight apostrophes, a final possessive and outer punctuation
//!   removed: correct when equal or when the last words agree. A gold null (no source) matches
//!   only a null prediction; gold quotes whose pronoun source has no name (`unresolved`) are left
//!   out of speaker and end-to-end scoring.
//! - **End to end** (the headline): a hit is a span match with a correct speaker.
//! - **Wrong named speakers**: of the scored found quotes given a named speaker, the share naming
//!   a wrong one (a quote left unattributed is not wrong).
//!
//! Only the dev split is measured; the train split (`docs-train.jsonl.gz`) is for development:
//! `CHORUS_EVAL_QUOTES_SPLIT=train` scores it instead (floors are then not checked).
//! `CHORUS_EVAL_VERBOSE=1` prints every wrong and missing speaker with its context; `=2` also
//! every right named speaker (to count what a rule gains and loses);
//! `CHORUS_EVAL_QUOTES_DUMP=FILE` appends every prediction and missed gold quote to FILE as JSON
//! Lines (speaker words and their place, gold speaker, hit) for error analysis by script.

use anyhow::Context as _;
use chorus_core::analysis::ArticleAnalysis;
use chrono::NaiveDate;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Floor for the end-to-end F1 (span and speaker): measured 0.702 (issue 14 targets 0.70); 0.697
/// before fragments of one or two words introduced by a pronoun were kept when it resolves;
/// 0.681 before a pronoun took up the subject opening the sentence before it; 0.666 before
/// fragments after an opening adverbial or an apposition, descriptions with capitalized
/// modifiers, recurring transcript labels, headline labels and closing attributions ("…,
/// Schiff said. “…”"); 0.641 before transcript labels ("PENCE: …") and possessive
/// descriptions; 0.620 before unnamed speakers were described.
const FLOOR_E2E_F1: f64 = 0.695;
/// Ceiling for the share of named speakers that are wrong: measured 0.124 (71 of 573; issue 14
/// targets 0.05). The gold's own speakers are 5-8 % wrong (its README), and most of the 71 are
/// gold errors: 25 are right against a gold source cut where its README says sources are cut,
/// and a hand check finds CoreNLP coreference links to the wrong person (a dead daughter, the
/// interviewer) and nested attributions given to the outer speaker among most of the rest. On
/// the train split it is 0.097.
const CEILING_WRONG_NAMED: f64 = 0.1265;
/// Floor for the span F1: measured 0.902.
const FLOOR_SPAN_F1: f64 = 0.89;

/// One gold quote, in character offsets.
struct Gold {
    start: usize,
    end: usize,
    speaker: Option<String>,
    /// How the gold speaker was found (`source`, `coref`, `unresolved`, …).
    via: String,
    attribution: String,
    direct: bool,
    /// The source words and where they are (for the dump).
    source_text: Option<String>,
    source_at: Option<(u64, u64)>,
}

/// One predicted quote, in character offsets.
struct Predicted {
    start: usize,
    end: usize,
    speaker: Option<String>,
    /// The words naming the speaker at the attribution (for verbose output).
    words: Option<String>,
    /// Where those words are, in characters.
    words_at: Option<(usize, usize)>,
    /// The speaker entity's kind (for the dump).
    kind: Option<String>,
}

/// Counts over the dev split.
#[derive(Default)]
struct Tally {
    predictions: usize,
    matched_predictions: usize,
    gold: usize,
    found: usize,
    gold_direct: usize,
    found_direct: usize,
    /// Gold quotes scored for speakers (not `unresolved`).
    scored_gold: usize,
    /// Found scored gold quotes, and those with the right speaker.
    scored_found: usize,
    speaker_correct: usize,
    /// Found scored gold quotes by source kind: named (`source`, `source+doc`), pronoun
    /// (`coref`, `relative`); (found, correct).
    named: (usize, usize),
    pronoun: (usize, usize),
    /// Found scored gold quotes given a named speaker, and how many of those are wrong.
    given_name: usize,
    wrong_name: usize,
    /// Of the wrong ones, those right against the gold name cut where the README says names
    /// are cut but the gold was not (at a comma, a bracket or " who"/" of").
    wrong_uncut_gold: usize,
    /// Found scored gold quotes left without a speaker where gold names one.
    left_unattributed: usize,
    /// Predictions counted for end-to-end precision (not matched to an `unresolved` gold
    /// quote), and those whose match is a hit.
    e2e_predictions: usize,
    e2e_correct_predictions: usize,
}

/// Runs the evaluation on `DATA/quotes-dev/docs-dev.jsonl`; returns whether its floors were met.
pub fn run(data_dir: &Path) -> anyhow::Result<bool> {
    let verbose = match std::env::var("CHORUS_EVAL_VERBOSE").as_deref() {
        Ok("1") => 1,
        Ok("2") => 2,
        _ => 0,
    };
    let train = std::env::var("CHORUS_EVAL_QUOTES_SPLIT").is_ok_and(|v| v == "train");
    let text = if train {
        let path = data_dir.join("quotes-dev/docs-train.jsonl.gz");
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(
                std::fs::File::open(&path)
                    .with_context(|| format!("reading {}", path.display()))?,
            ),
            &mut text,
        )?;
        text
    } else {
        let path = data_dir.join("quotes-dev/docs-dev.jsonl");
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?
    };
    let analyzer = chorus_analyze::Analyzer::new();
    let mut tally = Tally::default();
    let mut articles = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let id = record["id"]
            .as_str()
            .context("quotes-dev record without id")?;
        let body = record["text"].as_str().context("record without text")?;
        let date = record["date"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let gold = gold_quotes(&record)?;
        let analysis = analyzer.analyze(id, body, date);
        let predicted = predictions(body, &analysis);
        score(id, body, &gold, &predicted, &mut tally, verbose);
        articles += 1;
    }
    if train {
        report(articles, &tally)?;
        println!("(train split: for development; floors not checked)");
        return Ok(true);
    }
    report(articles, &tally)
}

/// The gold quotes of one record.
fn gold_quotes(record: &serde_json::Value) -> anyhow::Result<Vec<Gold>> {
    let mut out = Vec::new();
    for q in record["quotes"].as_array().into_iter().flatten() {
        let num = |k: &str| {
            q[k].as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .with_context(|| format!("quote without {k}"))
        };
        out.push(Gold {
            start: num("start")?,
            end: num("end")?,
            speaker: q["speaker"].as_str().map(str::to_owned),
            via: q["speaker_via"].as_str().unwrap_or("").to_owned(),
            attribution: q["attribution"].as_str().unwrap_or("").to_owned(),
            direct: q["direct"].as_bool().unwrap_or(false),
            source_text: q["source_text"].as_str().map(str::to_owned),
            source_at: q["speaker_start"].as_u64().zip(q["speaker_end"].as_u64()),
        });
    }
    Ok(out)
}

/// The analysis's quotes, in character offsets, with their speakers' names.
fn predictions(text: &str, analysis: &ArticleAnalysis) -> Vec<Predicted> {
    // Byte to character offsets, in one pass over the text.
    let mut bounds: Vec<usize> = analysis
        .quotes
        .iter()
        .flat_map(|q| {
            let s = q
                .speaker_span
                .map_or([q.span.start, q.span.end], |s| [s.start, s.end]);
            [q.span.start, q.span.end, s[0], s[1]]
        })
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut chars = Vec::with_capacity(bounds.len());
    let (mut b, mut c) = (0usize, 0usize);
    for &target in &bounds {
        c += text.get(b..target).map_or(0, |s| s.chars().count());
        b = target;
        chars.push((target, c));
    }
    let at = |byte: usize| {
        chars
            .binary_search_by_key(&byte, |&(b, _)| b)
            .map_or(0, |i| chars[i].1)
    };
    analysis
        .quotes
        .iter()
        .map(|q| Predicted {
            start: at(q.span.start),
            end: at(q.span.end),
            // What the brief shows: the speaker's name, else how the text describes an unnamed
            // speaker.
            speaker: q
                .speaker
                .and_then(|e| analysis.entities.get(e))
                .map(|e| e.name.clone())
                .or_else(|| q.description.map(|d| d.of(text).to_owned())),
            words: q.speaker_span.map(|s| s.of(text).to_owned()),
            words_at: q.speaker_span.map(|s| (at(s.start), at(s.end))),
            kind: q
                .speaker
                .and_then(|e| analysis.entities.get(e))
                .map(|e| format!("{:?}", e.kind)),
        })
        .collect()
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Whether two spans overlap by at least half of the shorter.
fn spans_match(a: (usize, usize), b: (usize, usize)) -> bool {
    let shorter = (a.1 - a.0).min(b.1 - b.0);
    shorter > 0 && 2 * overlap(a, b) >= shorter
}

/// A name compared: NFKC, lower case, straight apostrophes, outer punctuation and a final
/// possessive removed, whitespace runs to one space.
fn normalize_name(name: &str) -> String {
    let folded: String = name
        .nfkc()
        .map(|c| if matches!(c, '’' | '‘') { '\'' } else { c })
        .collect::<String>()
        .to_lowercase();
    let mut s = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let trimmed = s
            .trim_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches("'s")
            .to_owned();
        if trimmed == s {
            return s;
        }
        s = trimmed;
    }
}

/// Whether speaker words are a description ("the mayor", "The commission"): a determiner and
/// lower-case words.
fn is_description(words: &str) -> bool {
    let mut it = words.split_whitespace();
    it.next()
        .is_some_and(|d| matches!(d.to_lowercase().as_str(), "the" | "a" | "an"))
        && it.all(|w| w.chars().next().is_some_and(char::is_lowercase))
}

/// A gold source cut where its name ends: before a comma, an opening bracket, " who" or " of"
/// ("Sen. Ana Ruiz (D-Ore.), who …" → "Sen. Ana Ruiz"). The gold's README cuts sources at
/// commas for apposition, but some came through whole; this shows how many wrong speakers are
/// only that.
fn cut_name(gold: &str) -> &str {
    let mut end = gold.len();
    for stop in [",", " (", " who ", " of "] {
        if let Some(i) = gold.find(stop) {
            end = end.min(i);
        }
    }
    &gold[..end]
}

/// Whether a predicted speaker name is right for a gold name.
fn same_speaker(predicted: &str, gold: &str) -> bool {
    let (p, g) = (normalize_name(predicted), normalize_name(gold));
    let last = |s: &str| s.rsplit(' ').next().map(str::to_owned);
    !p.is_empty() && (p == g || last(&p) == last(&g))
}

/// Scores one article into `tally`.
fn score(
    id: &str,
    text: &str,
    gold: &[Gold],
    predicted: &[Predicted],
    tally: &mut Tally,
    verbose: u8,
) {
    // Greedy one-to-one matching by overlap (ties: earlier gold, then earlier prediction).
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in predicted.iter().enumerate() {
            let (gs, ps) = ((g.start, g.end), (p.start, p.end));
            if spans_match(gs, ps) {
                pairs.push((overlap(gs, ps), gi, pi));
            }
        }
    }
    pairs.sort_by_key(|&(ov, gi, pi)| (std::cmp::Reverse(ov), gi, pi));
    let mut gold_to: Vec<Option<usize>> = vec![None; gold.len()];
    let mut pred_to: Vec<Option<usize>> = vec![None; predicted.len()];
    for (_, gi, pi) in pairs {
        if gold_to[gi].is_none() && pred_to[pi].is_none() {
            gold_to[gi] = Some(pi);
            pred_to[pi] = Some(gi);
        }
    }
    // A prediction covering other pieces of its attribution finds them too.
    for (pi, p) in predicted.iter().enumerate() {
        let Some(gi) = pred_to[pi] else { continue };
        for (oi, o) in gold.iter().enumerate() {
            if gold_to[oi].is_none()
                && o.attribution == gold[gi].attribution
                && 2 * overlap((o.start, o.end), (p.start, p.end)) >= o.end - o.start
            {
                gold_to[oi] = Some(pi);
            }
        }
    }
    tally.predictions += predicted.len();
    tally.matched_predictions += pred_to.iter().flatten().count();
    let mut hit = vec![false; gold.len()];
    for (gi, g) in gold.iter().enumerate() {
        tally.gold += 1;
        tally.gold_direct += usize::from(g.direct);
        let Some(pi) = gold_to[gi] else {
            if verbose >= 1 && g.via != "unresolved" {
                println!("  {id}: missed {}", show(text, g.start, g.end));
            }
            continue;
        };
        tally.found += 1;
        tally.found_direct += usize::from(g.direct);
        if g.via == "unresolved" {
            continue;
        }
        let said = predicted[pi].speaker.as_deref();
        // The gold keeps a description as written ("the mayor"): the words naming the speaker
        // count as well as the entity they were resolved to.
        let described = predicted[pi].words.as_deref().filter(|w| is_description(w));
        let ok = match (g.speaker.as_deref(), said) {
            (None, None) => true,
            (Some(gs), Some(ps)) => {
                same_speaker(ps, gs)
                    || described.is_some_and(|w| normalize_name(w) == normalize_name(gs))
            }
            _ => false,
        };
        hit[gi] = ok;
        tally.scored_found += 1;
        tally.speaker_correct += usize::from(ok);
        let kind = match g.via.as_str() {
            "source" | "source+doc" => Some(&mut tally.named),
            "coref" | "relative" => Some(&mut tally.pronoun),
            _ => None,
        };
        if let Some((found, correct)) = kind {
            *found += 1;
            *correct += usize::from(ok);
        }
        if said.is_some() {
            tally.given_name += 1;
            tally.wrong_name += usize::from(!ok);
            tally.wrong_uncut_gold += usize::from(
                !ok && g
                    .speaker
                    .as_deref()
                    .zip(said)
                    .is_some_and(|(gs, ps)| same_speaker(ps, cut_name(gs))),
            );
        } else if g.speaker.is_some() {
            tally.left_unattributed += 1;
        }
        if verbose >= 2 && ok && said.is_some() {
            println!(
                "  {id}: RIGHT speaker {:?} (words {:?}) for gold {:?} ({})",
                said.unwrap_or("-"),
                predicted[pi].words.as_deref().unwrap_or("-"),
                g.speaker.as_deref().unwrap_or("-"),
                g.via,
            );
        }
        if verbose >= 1 && !ok {
            println!(
                "  {id}: {} speaker {:?} (words {:?}) for gold {:?} ({}) at {}",
                if said.is_some() { "WRONG" } else { "none" },
                said.unwrap_or("-"),
                predicted[pi].words.as_deref().unwrap_or("-"),
                g.speaker.as_deref().unwrap_or("-"),
                g.via,
                show(text, g.start, g.end)
            );
        }
    }
    if let Ok(path) = std::env::var("CHORUS_EVAL_QUOTES_DUMP") {
        dump(
            Path::new(&path),
            id,
            gold,
            predicted,
            &gold_to,
            &pred_to,
            &hit,
        );
    }
    tally.scored_gold += gold.iter().filter(|g| g.via != "unresolved").count();
    for matched in &pred_to {
        match *matched {
            Some(gi) if gold[gi].via == "unresolved" => {}
            Some(gi) => {
                tally.e2e_predictions += 1;
                tally.e2e_correct_predictions += usize::from(hit[gi]);
            }
            None => tally.e2e_predictions += 1,
        }
    }
}

/// Appends one JSON line per prediction (its span, speaker, speaker words and where they are,
/// the entity kind, the matched gold speaker and how it was found, whether it is a hit) and one
/// per missed gold quote to `path`, for error analysis outside the evaluation.
fn dump(
    path: &Path,
    id: &str,
    gold: &[Gold],
    predicted: &[Predicted],
    gold_to: &[Option<usize>],
    pred_to: &[Option<usize>],
    hit: &[bool],
) {
    use std::io::Write as _;
    let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    else {
        return;
    };
    for (p, matched) in predicted.iter().zip(pred_to) {
        let g = matched.map(|gi| &gold[gi]);
        let line = serde_json::json!({
            "id": id, "start": p.start, "end": p.end, "speaker": p.speaker,
            "words": p.words, "words_at": p.words_at, "kind": p.kind,
            "gold": g.map(|g| g.speaker.clone()), "via": g.map(|g| g.via.clone()),
            "gold_at": g.map(|g| (g.start, g.end)), "source": g.map(|g| g.source_text.clone()),
            "source_at": g.map(|g| g.source_at), "hit": matched.map(|gi| hit[gi]),
        });
        let _ = writeln!(f, "{line}");
    }
    for (g, found) in gold.iter().zip(gold_to) {
        if found.is_none() {
            let line = serde_json::json!({
                "id": id, "missed": true, "start": g.start, "end": g.end,
                "gold": g.speaker, "via": g.via, "direct": g.direct,
                "source": g.source_text, "source_at": g.source_at,
            });
            let _ = writeln!(f, "{line}");
        }
    }
}

/// A short view of a span with the text before it, for verbose output.
fn show(text: &str, start: usize, end: usize) -> String {
    let before: String = text
        .chars()
        .take(start)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .take(90)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let inside: String = text
        .chars()
        .skip(start)
        .take((end - start).min(60))
        .collect();
    let after: String = text.chars().skip(end).take(60).collect();
    format!("[{start}..{end}] …{before}<<{inside}>>{after}…").replace('\n', "/")
}

fn share(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Prints the scores; returns whether the floors held.
fn report(articles: usize, t: &Tally) -> anyhow::Result<bool> {
    let span_p = share(t.matched_predictions, t.predictions);
    let span_r = share(t.found, t.gold);
    let span_f1 = f1(span_p, span_r);
    let e2e_p = share(t.e2e_correct_predictions, t.e2e_predictions);
    let e2e_hits = t.speaker_correct;
    let e2e_r = share(e2e_hits, t.scored_gold);
    let e2e_f1 = f1(e2e_p, e2e_r);
    let wrong = share(t.wrong_name, t.given_name);
    println!(
        "quotes-dev: {articles} articles, {} gold quotes ({} scored for speakers), {} predicted",
        t.gold, t.scored_gold, t.predictions
    );
    println!(
        "{:<28} P {span_p:.3}  R {span_r:.3}  F1 {span_f1:.3}   (direct R {:.3}, partial R {:.3})",
        "quote spans",
        share(t.found_direct, t.gold_direct),
        share(t.found - t.found_direct, t.gold - t.gold_direct),
    );
    println!(
        "{:<28} {:.3}   ({} of {}; named sources {:.3} of {}, pronoun sources {:.3} of {})",
        "speaker accuracy",
        share(t.speaker_correct, t.scored_found),
        t.speaker_correct,
        t.scored_found,
        share(t.named.1, t.named.0),
        t.named.0,
        share(t.pronoun.1, t.pronoun.0),
        t.pronoun.0,
    );
    println!(
        "{:<28} {wrong:.3}   ({} of {} quotes given a named speaker; {} left unattributed where gold names one)",
        "wrong named speakers", t.wrong_name, t.given_name, t.left_unattributed
    );
    println!(
        "{:<28} {:.3}   ({} of the wrong ones are right against a gold source cut at its apposition, which the gold left whole)",
        "  gold source uncut",
        share(t.wrong_name - t.wrong_uncut_gold, t.given_name),
        t.wrong_uncut_gold
    );
    println!(
        "{:<28} P {e2e_p:.3}  R {e2e_r:.3}  F1 {e2e_f1:.3}",
        "end to end (span+speaker)"
    );
    let mut passed = true;
    for (label, value, floor) in [
        ("end-to-end F1", e2e_f1, FLOOR_E2E_F1),
        ("span F1", span_f1, FLOOR_SPAN_F1),
    ] {
        if value < floor {
            println!("  below floor: {label} {value:.3} < {floor:.2}");
            passed = false;
        }
    }
    if wrong > CEILING_WRONG_NAMED {
        println!("  above ceiling: wrong named speakers {wrong:.3} > {CEILING_WRONG_NAMED:.3}");
        passed = false;
    }
    println!(
        "quotes-dev floors (end-to-end F1 {FLOOR_E2E_F1}, span F1 {FLOOR_SPAN_F1}, wrong named speakers at most {CEILING_WRONG_NAMED}): {}",
        if passed { "met" } else { "NOT met" }
    );
    Ok(passed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_by_last_word_after_normalizing() {
        assert!(same_speaker("Donald Trump", "Trump"));
        assert!(same_speaker("Clinton’s", "Hillary Clinton"));
        assert!(same_speaker("“the mayor,”", "The Mayor"));
        assert!(!same_speaker("Bill Clinton", "Hillary Rodham"));
        assert!(!same_speaker("", "Trump"));
        assert_eq!(
            cut_name("Sen. Ana Ruiz (D-Ore.), who spoke"),
            "Sen. Ana Ruiz"
        );
        assert_eq!(cut_name("Ana Ruiz of the union"), "Ana Ruiz");
        assert_eq!(cut_name("Ana Ruiz"), "Ana Ruiz");
    }

    #[test]
    fn spans_match_by_half_of_the_shorter() {
        assert!(spans_match((0, 10), (5, 30)));
        assert!(!spans_match((0, 10), (6, 30)));
        assert!(!spans_match((0, 0), (0, 5)));
    }
}
