//! Derivation from wire copy scored on `reuse-dev` (METER: Press Association copy and the
//! newspaper articles made from it, labelled wholly, partially or non-derived by journalists).
//!
//! Three decisions are scored on each gold pair (PA text, newspaper article):
//!
//! * **verbatim copies**: the pair is grouped when [`chorus_relate::copies::find_all`]
//!   pairs the two texts, as the brief's syndication groups do (near-verbatim reprints);
//! * **brief syndication**: the same index with [`CopyConfig::derivation`] set to
//!   [`DerivationConfig::for_syndication`], as the brief's syndication groups are built
//!   (derived articles among the candidates the fingerprint index proposes, precision first);
//! * **derivation**: [`chorus_relate::copies::derivation_among`] at the default thresholds.
//!
//! Each system is given the story's PA texts, then the article (the index gets them in that
//! order, as a brief would): on `pairs.jsonl` (one PA text per story) each pair is one decision;
//! on `pairs-story.jsonl` an article counts as derived when any PA text of its story is called
//! its source (the takes of a story together are what its quotations are checked against). The main
//! figure is the macro F1 of derived (wholly or partially) against non-derived, as the data's
//! README scores it; beside it the P/R/F1 of the derived class, the F1 of the wholly-derived
//! class called derived, and the ROC AUC of the containment score.
//!
//! **Held out**: the stories whose PA id (the first in sort order of the story's PA texts; the
//! ids are `m` and 12 hex digits of a hash) read as a hexadecimal number is 1 modulo 3 — 39 of the
//! 138 pairs (13 wholly, 13 partially, 13 non-derived) and 123 of the 420 articles. Thresholds
//! are tuned on the other pairs only ("tuned"); each system's macro F1 is printed on both
//! parts apart and on all.
//!
//! **Word share** (issue 17, item 3): an article is also derived when 70% of the distinct words
//! of its narration are its sources' ([`DerivationConfig::min_word_share`]), as a piece cut
//! down to the wire's facts in its own phrasing is: 0.731 / 0.716 / 0.764 (pairs all / tuned /
//! held out) and 0.700 on `pairs-story` before, 0.749 / 0.744 / 0.759 and 0.710 with it
//! (derived P 0.932 -> 0.923, R 0.694 -> 0.735). The word share ranks derived above
//! non-derived better than any phrase share tried (AUC 0.78 tuned and held out, against 0.70
//! and 0.78 for the containment), but short non-derived reports of a few lines share their
//! source's words too: on the tuned part the figure is flat from a share of 0.68 to 0.74
//! (0.744) and 0.70 was taken in that plateau; lower shares fit the tuned part better (0.55:
//! 0.779) and fall on the held-out part (0.654), 0.72 would give 0.758 (held out 0.788).
//!
//! **Tried and not kept** (issue 17, item 3; pairs all / tuned / held out, then `pairs-story`
//! all, against 0.731 / 0.716 / 0.764 and 0.700, before the word share). On the tuned part the remaining errors are
//! partially derived articles that share almost no wording with the wire (3-word containment
//! under 0.1, no sentence taken) or quote witnesses of their own, and non-derived court reports
//! whose quotations match the wire's word for word; no lexical feature tried separates them, and
//! each change below moved the tuned figure by a pair or none:
//! * a derivation by sentences (a quarter of the article's sentences, two at least, each taking
//!   half of its unquoted phrases from the wire's narration, whatever its own quotations) with
//!   an unclosed quotation mark running to its paragraph's end: 0.729 / 0.713 / 0.764, 0.700;
//!   at a fifth of the sentences 0.736 / 0.713 / 0.788, 0.709 (the gain all held out); without
//!   the quotation fix (wire quotations continued over paragraphs read as narration)
//!   0.711 / 0.700 / 0.735;
//! * that quotation fix alone: 0.731 / 0.716 / 0.764, 0.696;
//! * own quotations counted by quoted run (a run is the wire's when half its phrases are):
//!   0.722 / 0.704 / 0.764, 0.692 (the first-hand rule is what keeps precision);
//! * stemmed short shingles 0.722 / 0.716 / 0.735, 0.695; `yesterday` read as `today`
//!   0.731 / 0.716 / 0.764, 0.698; shingles of only names, figures and function words left out
//!   of the containment 0.693 / 0.692 / 0.690, 0.658; 2- or 4-word shingles rank no better
//!   (tuned AUC of the containment 0.723, 0.694 against 0.712);
//! * a containment threshold of 0.08: 0.718 / 0.726 / 0.698, 0.696 (fitting).
//!
//! Tried beside the word share and not kept (measured with a prototype of the detector, whose
//! figures agree with it on both files within 0.006; same order of figures):
//! * the share counted over words of four letters or more, over words that are no stopword,
//!   or over stems: within a pair of the kept one (0.751 / 0.744 / 0.764, 0.749 / 0.744 /
//!   0.759, 0.749 / 0.744 / 0.759 at 0.70);
//! * other rankings, none above the word share (ROC AUC on all pairs, 0.78 for the word share):
//!   the share of the article's sentences with half their content words in one sentence of the
//!   source 0.76, the mean of that overlap 0.74, the share of the article's names and figures
//!   that the source has 0.74-0.76, the order of the matched words (Spearman) 0.69, the
//!   longest shared run 0.64; with the story's other articles as context (label-blind), the
//!   share of the article's phrases that the source has and no other article does 0.76 (the
//!   containment 0.73), the share of its words over those that half the others lack 0.73;
//! * a logistic regression over phrase share, word share, own quotations, quoted share and
//!   length fit on the tuned part: tuned 0.80-0.82, held out 0.53-0.66 (the held-out part is
//!   a third non-derived, the tuned part a quarter); refit leaving each pair out, its best
//!   single threshold gives 0.73-0.75 on all pairs, which is where these features stop;
//! * a looser first-hand rule (own quotations up to 0.13 of the words): pairs unchanged,
//!   `pairs-story` 0.704 -> 0.720 in the prototype, not kept for a difference within noise
//!   that the brief's syndication would inherit.
//!
//! Tried after the word share and not kept (the detector itself; pairs all / tuned / held out,
//! then `pairs-story` all and held out, against 0.749 / 0.744 / 0.759 and 0.710 / 0.688):
//! * two weaker bars together (containment 0.05 and word share 0.55, with the first-hand rule
//!   as before), for the partly derived reports of the tuned part that take a few sentences
//!   from the wire and rephrase the rest (containment 0.04-0.10, word share 0.47-0.67, no
//!   quotations of their own): the tuned part rose over a broad region of both bars (0.773
//!   here, derived precision kept) and the held-out part fell, 0.751 / 0.773 / 0.698, and
//!   0.700 / 0.633 on `pairs-story`. Fitting, like the logistic regression above.

use chorus_relate::copies::{derivation_among, find_all_with, CopyConfig, DerivationConfig};
use std::collections::HashMap;
use std::path::Path;

/// Floor on the macro F1 (derived against non-derived) of the derivation detector on
/// `pairs.jsonl`: what it measures (0.749: 0.744 tuned, 0.759 held out; 0.710 on
/// `pairs-story.jsonl`), rounded down.
pub const MACRO_F1_FLOOR: f64 = 0.74;
/// The target for the same figure.
pub const MACRO_F1_TARGET: f64 = 0.75;

/// One gold pair: PA texts of the story, the article, and whether it is derived.
struct Gold {
    sources: Vec<String>,
    article: String,
    label: String,
}

impl Gold {
    /// Whether the pair's story is held out from tuning (see the module's documentation).
    fn held_out(&self) -> bool {
        self.sources
            .iter()
            .min()
            .and_then(|id| u64::from_str_radix(id.trim_start_matches('m'), 16).ok())
            .is_some_and(|n| n % 3 == 1)
    }
}

/// The decision and score one system gives an article against its story's PA texts: (derived
/// from any, the best score).
type Decide<'a> = dyn Fn(&[&str], &str) -> (bool, f64) + 'a;

/// Derived-class precision, recall, F1, macro F1, wholly F1 and AUC of predictions.
struct Figures {
    derived: super::Prf,
    macro_f1: f64,
    wholly_f1: f64,
    auc: f64,
}

fn figures(predicted: &[(bool, f64)], gold: &[&str]) -> Figures {
    let count = |want: &dyn Fn(bool, &str) -> bool| {
        predicted
            .iter()
            .zip(gold)
            .filter(|&(&(p, _), &g)| want(p, g))
            .count() as f64
    };
    let derived = |g: &str| g != "non";
    let prf = |tp: f64, fp: f64, fn_: f64| {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        super::Prf::new(ratio(tp, tp + fp), ratio(tp, tp + fn_))
    };
    let tp = count(&|p, g| p && derived(g));
    let fp = count(&|p, g| p && !derived(g));
    let fn_ = count(&|p, g| !p && derived(g));
    let tn = count(&|p, g| !p && !derived(g));
    let pos = prf(tp, fp, fn_);
    let neg = prf(tn, fn_, fp);
    let wtp = count(&|p, g| p && g == "wholly");
    let wfp = count(&|p, g| p && g != "wholly");
    let wfn = count(&|p, g| !p && g == "wholly");
    // AUC: the chance a derived pair scores above a non-derived one (ties count half).
    let (mut above, mut pairs) = (0.0, 0.0);
    for (&(_, a), &ga) in predicted.iter().zip(gold) {
        if !derived(ga) {
            continue;
        }
        for (&(_, b), &gb) in predicted.iter().zip(gold) {
            if derived(gb) {
                continue;
            }
            pairs += 1.0;
            above += if a > b {
                1.0
            } else if a == b {
                0.5
            } else {
                0.0
            };
        }
    }
    Figures {
        derived: pos,
        macro_f1: (pos.f1 + neg.f1) / 2.0,
        wholly_f1: prf(wtp, wfp, wfn).f1,
        auc: if pairs > 0.0 { above / pairs } else { 0.0 },
    }
}

/// Texts by id, the `pairs.jsonl` gold and the `pairs-story.jsonl` gold.
type ReuseSet = (HashMap<String, String>, Vec<Gold>, Vec<Gold>);

fn read(data_dir: &Path) -> anyhow::Result<ReuseSet> {
    let dir = data_dir.join("reuse-dev");
    let docs: HashMap<String, String> = super::read_jsonl(&dir.join("docs.jsonl"))?
        .into_iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or("").to_owned(),
                v["text"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let gold = |v: serde_json::Value| Gold {
        sources: match &v["a"] {
            serde_json::Value::Array(list) => list
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
            other => other.as_str().map(str::to_owned).into_iter().collect(),
        },
        article: v["b"].as_str().unwrap_or("").to_owned(),
        label: v["label"].as_str().unwrap_or("").to_owned(),
    };
    let pairs = super::read_jsonl(&dir.join("pairs.jsonl"))?
        .into_iter()
        .map(gold)
        .collect();
    let story = super::read_jsonl(&dir.join("pairs-story.jsonl"))?
        .into_iter()
        .map(gold)
        .collect();
    Ok((docs, pairs, story))
}

/// Scores every system on one gold set; returns the derivation detector's macro F1.
fn score_set(
    name: &str,
    set: &[Gold],
    docs: &HashMap<String, String>,
    systems: &[(&str, &Decide)],
) -> f64 {
    let labels: Vec<&str> = set.iter().map(|g| g.label.as_str()).collect();
    let held: Vec<bool> = set.iter().map(Gold::held_out).collect();
    let derived = labels.iter().filter(|l| **l != "non").count();
    println!(
        "  {name}: {} articles ({derived} derived, {} non-derived; {} held out)",
        set.len(),
        set.len() - derived,
        held.iter().filter(|h| **h).count()
    );
    let mut last = 0.0;
    for (system, decide) in systems {
        let predicted: Vec<(bool, f64)> = set
            .iter()
            .map(|g| {
                let article = docs.get(&g.article).map_or("", String::as_str);
                let sources: Vec<&str> = g
                    .sources
                    .iter()
                    .map(|s| docs.get(s).map_or("", String::as_str))
                    .collect();
                decide(&sources, article)
            })
            .collect();
        let f = figures(&predicted, &labels);
        let part = |want: bool| {
            let (p, g): (Vec<(bool, f64)>, Vec<&str>) = predicted
                .iter()
                .zip(&labels)
                .zip(&held)
                .filter(|&(_, &h)| h == want)
                .map(|((&p, &g), _)| (p, g))
                .unzip();
            figures(&p, &g).macro_f1
        };
        println!(
            "    {system:<26} macro F1 {:.3} (tuned {:.3}, held out {:.3})  derived {}  wholly F1 {:.3}  AUC {:.3}",
            f.macro_f1,
            part(false),
            part(true),
            f.derived,
            f.wholly_f1,
            f.auc
        );
        last = f.macro_f1;
    }
    last
}

/// Runs the evaluation; returns whether the floor holds. Skips (true) when `reuse-dev` is absent.
pub fn run(data_dir: &Path) -> anyhow::Result<bool> {
    if !data_dir.join("reuse-dev/pairs.jsonl").is_file() {
        println!("reuse-dev: not found under {}; skipped", data_dir.display());
        return Ok(true);
    }
    let (docs, pairs, story) = read(data_dir)?;
    let with_derivation = CopyConfig {
        derivation: Some(DerivationConfig::for_syndication()),
        ..CopyConfig::default()
    };
    // The pairs an index finds between the article (added last) and the PA texts.
    let indexed = |config: CopyConfig, sources: &[&str], b: &str| {
        let mut texts = sources.to_vec();
        texts.push(b);
        let c = find_all_with(config, &texts);
        let article = sources.len();
        c.pairs
            .iter()
            .filter(|p| p.later == article)
            .fold((false, 0.0_f64), |(_, s), p| (true, s.max(p.containment)))
    };
    let copy = |sources: &[&str], b: &str| indexed(CopyConfig::default(), sources, b);
    let grouped = |sources: &[&str], b: &str| indexed(with_derivation, sources, b);
    let derived = |sources: &[&str], b: &str| {
        derivation_among(&DerivationConfig::default(), sources, b)
            .iter()
            .fold((false, 0.0_f64), |(d, s), x| {
                (d || x.derived, s.max(x.containment))
            })
    };
    let systems: [(&str, &Decide); 3] = [
        ("verbatim copies", &copy),
        ("brief syndication", &grouped),
        ("derivation", &derived),
    ];
    println!("reuse-dev (METER; derived = wholly or partially; the PA text as source):");
    let main = score_set("pairs.jsonl", &pairs, &docs, &systems);
    score_set("pairs-story.jsonl", &story, &docs, &systems);
    let ok = main >= MACRO_F1_FLOOR;
    println!(
        "  floor: derivation macro F1 >= {MACRO_F1_FLOOR} on pairs.jsonl (target {MACRO_F1_TARGET}): {}",
        if ok { "met" } else { "NOT met" }
    );
    Ok(ok)
}
