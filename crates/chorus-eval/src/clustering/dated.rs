//! The dated ECB+ stream: ECB+ dev with each document dated as `chorus extract` dates a plain-text
//! article, by the date line under its headline ("April 04, 2007", "Published: March 13, 2013";
//! [`chorus_clean::plaintext::parse`]). About three documents in ten carry one; the rest stay
//! undated, as in a real feed of pasted text. Every ECB+ topic holds two events of one kind at
//! different times (two killings of a deputy, two earthquakes), so this is the stream where
//! dates should tell look-alike events apart. Scored with the dates and without them, in file
//! order and over [`super::SHUFFLES`] shuffles.

use super::{evaluate, floor, ordered, report, shuffled, Item, SHUFFLES};
use chorus_relate::cluster::ClusterConfig;

/// Floor on the mean BCubed F1 over the shuffles, with dates: measured 0.905 (0.898 before
/// stories split, 0.891 when a date in the headline counted), rounded down (0.910 without
/// dates: ECB+ counts a trial months or years after the crime as the crime's story, which the
/// time decay, even with its floor, cannot know).
pub const DATED_MEAN_BCUBED_F1_FLOOR: f64 = 0.90;

/// The ECB+ items dated by their own date lines; returns them and how many got a date.
pub fn date_by_text(ecb: &[Item]) -> (Vec<Item>, usize) {
    let dated: Vec<Item> = ecb
        .iter()
        .map(|it| Item {
            published: chorus_clean::plaintext::parse(&it.text)
                .published
                .and_then(|d| chorus::cluster::parse_time(&format!("{d}T12:00:00"))),
            ..it.clone()
        })
        .collect();
    let count = dated.iter().filter(|it| it.published.is_some()).count();
    (dated, count)
}

/// Scores the dated ECB+ stream with and without its dates; returns whether the floor holds.
pub fn run(ecb: &[Item], config: ClusterConfig) -> bool {
    let (dated, count) = date_by_text(ecb);
    println!(
        "ECB+ dev dated by its own date lines ({count} of {} articles dated):",
        ecb.len()
    );
    let file_order: Vec<usize> = (0..ecb.len()).collect();
    report(
        "file order, dates",
        &evaluate(&ordered(&dated, &file_order), config),
    );
    report(
        "file order, no dates",
        &evaluate(&ordered(ecb, &file_order), config),
    );
    let (mut with, mut without) = (0.0, 0.0);
    for seed in 1..=SHUFFLES {
        let order = shuffled(ecb.len(), seed);
        with += evaluate(&ordered(&dated, &order), config).bcubed.f1;
        without += evaluate(&ordered(ecb, &order), config).bcubed.f1;
    }
    let n = SHUFFLES as f64;
    let mean = with / n;
    println!(
        "  mean of shuffles 1-{SHUFFLES}       BCubed F1 {mean:.3} with dates, {:.3} without",
        without / n
    );
    floor(
        &format!("mean BCubed F1 >= {DATED_MEAN_BCUBED_F1_FLOOR} over the shuffles, with dates"),
        mean >= DATED_MEAN_BCUBED_F1_FLOOR,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str) -> Item {
        Item {
            title: None,
            text: text.to_owned(),
            published: None,
            gold: "g".to_owned(),
            topic: 1,
            embedding: None,
        }
    }

    #[test]
    fn a_date_line_dates_an_item_and_a_sentence_does_not() {
        let (dated, count) = date_by_text(&[
            item("Deputy's killer sentenced\nApril 04, 2007\nA jury on Tuesday ruled."),
            item("Quake hits\nThe quake struck on April 4, 2007, at dawn.\nMore."),
        ]);
        assert_eq!(count, 1);
        assert_eq!(
            dated[0].published,
            chorus::cluster::parse_time("2007-04-04T12:00:00")
        );
        assert_eq!(dated[1].published, None);
    }
}
