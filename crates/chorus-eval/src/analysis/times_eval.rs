//! Time expressions against `annotations/times.tsv` (`doc start end value granularity`, character
//! offsets) over the documents of `annotations/time-docs.tsv` (`doc reference_date note`, `-` for
//! no reference date).
//!
//! Scores: span detection (exact and overlap match, one to one), normalization accuracy (of the
//! gold expressions matched by overlap, the share with the right value and granularity) and an
//! end-to-end value F1 (a prediction counts when it overlaps a gold span with the same value).
//! `CHORUS_EVAL_VERBOSE=1` prints each document's misses.

use super::{byte_to_char, char_to_byte, read_tsv, Corpus, Prf};
use anyhow::Context as _;
use chorus_core::analysis::{Granularity, Span, TimeExpression};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Floor for span F1 with exact match.
const MIN_EXACT_F1: f64 = 0.97;
/// Floor for span F1 with overlap match.
const MIN_OVERLAP_F1: f64 = 0.98;
/// Floor for normalization accuracy over overlap-matched gold expressions.
const MIN_NORMALIZATION: f64 = 0.97;
/// Floor for the end-to-end value F1.
const MIN_VALUE_F1: f64 = 0.97;

/// One gold expression.
struct Gold {
    span: Span,
    value: String,
    granularity: String,
}

/// The annotation label of a granularity.
fn label(g: Granularity) -> &'static str {
    match g {
        Granularity::Day => "day",
        Granularity::Week => "week",
        Granularity::Month => "month",
        Granularity::Year => "year",
        Granularity::Approximate => "approximate",
    }
}

/// Pairs each gold item with at most one prediction (first unused one `accept` allows);
/// returns, per gold item, the index of its prediction.
fn pair(
    gold: &[Gold],
    predicted: &[TimeExpression],
    accept: impl Fn(&Gold, &TimeExpression) -> bool,
) -> Vec<Option<usize>> {
    let mut used = vec![false; predicted.len()];
    gold.iter()
        .map(|g| {
            let i = (0..predicted.len()).find(|&i| !used[i] && accept(g, &predicted[i]))?;
            used[i] = true;
            Some(i)
        })
        .collect()
}

/// Adds a pairing's counts to `prf`.
fn count(prf: &mut Prf, pairs: &[Option<usize>], predicted: usize) {
    let tp = pairs.iter().flatten().count();
    prf.tp += tp;
    prf.fp += predicted - tp;
    prf.fn_ += pairs.len() - tp;
}

/// Runs the evaluation; returns whether its floors were met.
pub fn run(corpus: &Corpus) -> anyhow::Result<bool> {
    let verbose = std::env::var("CHORUS_EVAL_VERBOSE").is_ok_and(|v| v == "1");
    let mut docs: Vec<(String, Option<NaiveDate>)> = Vec::new();
    for row in read_tsv("time-docs.tsv")? {
        let [doc, reference, ..] = row.as_slice() else {
            anyhow::bail!("time-docs.tsv: short row {row:?}");
        };
        let reference = match reference.as_str() {
            "-" => None,
            d => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .with_context(|| format!("time-docs.tsv: bad date {d}"))?,
            ),
        };
        docs.push((doc.clone(), reference));
    }
    let mut gold_by_doc: BTreeMap<String, Vec<Gold>> = BTreeMap::new();
    for row in read_tsv("times.tsv")? {
        let [doc, start, end, value, granularity] = row.as_slice() else {
            anyhow::bail!("times.tsv: bad row {row:?}");
        };
        let text = corpus.get(doc)?;
        let (start, end): (usize, usize) = (start.parse()?, end.parse()?);
        gold_by_doc.entry(doc.clone()).or_default().push(Gold {
            span: Span::new(char_to_byte(text, start), char_to_byte(text, end)),
            value: value.clone(),
            granularity: granularity.clone(),
        });
    }

    let (mut exact, mut overlap, mut valued) = (Prf::default(), Prf::default(), Prf::default());
    let (mut normalized, mut matched, mut gold_total, mut with_reference) = (0, 0, 0, 0);
    for (doc, reference) in &docs {
        let text = corpus.get(doc)?;
        with_reference += usize::from(reference.is_some());
        let gold = gold_by_doc.get(doc).map_or(&[][..], Vec::as_slice);
        gold_total += gold.len();
        let predicted = chorus_analyze::time::find(text, *reference);

        let exact_pairs = pair(gold, &predicted, |g, p| g.span == p.span);
        let overlap_pairs = pair(gold, &predicted, |g, p| g.span.overlaps(&p.span));
        let value_pairs = pair(gold, &predicted, |g, p| {
            g.span.overlaps(&p.span) && g.value == p.value
        });
        count(&mut exact, &exact_pairs, predicted.len());
        count(&mut overlap, &overlap_pairs, predicted.len());
        count(&mut valued, &value_pairs, predicted.len());
        let right = |g: &Gold, p: &TimeExpression| {
            g.value == p.value && g.granularity == label(p.granularity)
        };
        for (g, p) in gold.iter().zip(&overlap_pairs) {
            if let Some(&i) = p.as_ref() {
                matched += 1;
                normalized += usize::from(right(g, &predicted[i]));
            }
        }

        if verbose {
            let show = |span: &Span| {
                format!(
                    "{}..{} {:?}",
                    byte_to_char(text, span.start),
                    byte_to_char(text, span.end),
                    span.of(text)
                )
            };
            let reference = reference.map_or("-".to_owned(), |d| d.to_string());
            println!("  {doc} (reference {reference})");
            for (g, p) in gold.iter().zip(&overlap_pairs) {
                match p {
                    None => println!(
                        "    missed   {} = {} {}",
                        show(&g.span),
                        g.value,
                        g.granularity
                    ),
                    Some(i) if !right(g, &predicted[*i]) || predicted[*i].span != g.span => {
                        let p = &predicted[*i];
                        println!(
                            "    differs  gold {} = {} {} / found {} = {} {}",
                            show(&g.span),
                            g.value,
                            g.granularity,
                            show(&p.span),
                            p.value,
                            label(p.granularity)
                        );
                    }
                    Some(_) => {}
                }
            }
            let paired: Vec<usize> = overlap_pairs.iter().flatten().copied().collect();
            for (i, p) in predicted.iter().enumerate() {
                if !paired.contains(&i) {
                    println!(
                        "    spurious {} = {} {}",
                        show(&p.span),
                        p.value,
                        label(p.granularity)
                    );
                }
            }
        }
    }

    let accuracy = if matched == 0 {
        0.0
    } else {
        normalized as f64 / matched as f64
    };
    println!(
        "times: {} documents ({} with a reference date), {} gold expressions; one-to-one matching; \
         floors: exact F1 {MIN_EXACT_F1}, overlap F1 {MIN_OVERLAP_F1}, normalization {MIN_NORMALIZATION}, value F1 {MIN_VALUE_F1}",
        docs.len(),
        with_reference,
        gold_total
    );
    println!("{}", exact.line("span (exact)"));
    println!("{}", overlap.line("span (overlap)"));
    println!(
        "{:<28} {accuracy:.3}   ({normalized} of {matched} overlap-matched gold expressions)",
        "normalization (value+gran.)"
    );
    println!("{}", valued.line("value (overlap + same value)"));
    let passed = exact.f1() >= MIN_EXACT_F1
        && overlap.f1() >= MIN_OVERLAP_F1
        && accuracy >= MIN_NORMALIZATION
        && valued.f1() >= MIN_VALUE_F1;
    if !passed {
        println!("times: below a floor");
    }
    Ok(passed)
}
