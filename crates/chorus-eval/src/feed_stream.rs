//! A feed-scale article stream made from the Multi-News dev articles by perturbation, for the
//! scale benchmark (`chorus bench scale`) and for `chorus bench stream` (the same stream as JSON
//! Lines, to feed `chorus ingest` by hand).
//!
//! Real big news is a few stories of thousands of articles among many small ones, arriving
//! interleaved over time. So the stream has `articles / 25` stories whose sizes fall off as
//! `1 / rank` (Zipf), capped at a two-hundredth of the stream (5,000 articles at a million);
//! each story starts at a random moment of a year and its articles arrive over a few days.
//! A story is one Multi-News event's articles with every capitalized word renamed for that story
//! (so stories made from the same event are different events with the same kind of wording);
//! each article is one of the event's articles with paragraphs dropped and swapped and some words
//! left out, under an outlet, URL and time of its own. Everything follows from the seed.

use crate::synthetic::Rng;
use chorus_core::Article;
use std::io::Write;
use std::path::Path;

/// The event articles the stream is made from: per Multi-News event, its articles' paragraphs.
#[derive(Debug)]
pub struct Pool {
    events: Vec<Vec<Vec<String>>>,
}

/// Shortest Multi-News article (in words) taken into the pool, as in the clustering evaluation.
const MIN_WORDS: usize = 80;

/// Outlets the generated articles are published under.
const OUTLETS: usize = 60;

/// Mean articles per story.
const MEAN_STORY: usize = 25;

impl Pool {
    /// Reads the Multi-News dev articles of `data_dir` (`multinews-dev/`).
    pub fn load(data_dir: &Path) -> anyhow::Result<Pool> {
        let items = crate::clustering::load_multinews(data_dir)?;
        let mut events: Vec<Vec<Vec<String>>> = Vec::new();
        let mut last_gold = None;
        for item in items {
            let paragraphs: Vec<String> = item
                .text
                .split("\n \n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect();
            if paragraphs.is_empty() || item.text.split_whitespace().count() < MIN_WORDS {
                continue;
            }
            if last_gold.as_ref() != Some(&item.gold) {
                events.push(Vec::new());
                last_gold = Some(item.gold.clone());
            }
            if let Some(event) = events.last_mut() {
                event.push(paragraphs);
            }
        }
        anyhow::ensure!(
            !events.is_empty(),
            "no Multi-News article of {MIN_WORDS} words or more in {}",
            data_dir.join("multinews-dev").display()
        );
        Ok(Pool { events })
    }
}

/// Where one article of the stream comes from: its story, its place in the story, and the
/// minute of the year it is published.
#[derive(Debug, Clone, Copy)]
struct Slot {
    minute: u32,
    story: u32,
    index: u32,
}

/// The stream: `len` articles in publication order, generated one at a time.
#[derive(Debug)]
pub struct FeedStream<'a> {
    pool: &'a Pool,
    slots: Vec<Slot>,
    next: usize,
    seed: u64,
}

impl<'a> FeedStream<'a> {
    /// The first `len` articles' plan of the stream of `total` articles made with `seed` (the
    /// plan is of the whole stream, so a shorter run is a prefix of the longer one).
    pub fn new(pool: &'a Pool, total: usize, seed: u64) -> FeedStream<'a> {
        let sizes = story_sizes(total);
        let mut rng = Rng::new(seed);
        let mut slots = Vec::with_capacity(total);
        const YEAR_MINUTES: usize = 365 * 24 * 60;
        for (story, &size) in sizes.iter().enumerate() {
            let start = rng.below(YEAR_MINUTES);
            // Small stories are told within a day or two, large ones over a week or more.
            let span = 24 * 60 * (1 + size.ilog2() as usize);
            for index in 0..size {
                // Most articles come early in a story's life.
                let a = rng.below(span);
                let b = rng.below(span);
                slots.push(Slot {
                    minute: (start + a.min(b)) as u32,
                    story: story as u32,
                    index: index as u32,
                });
            }
        }
        slots.sort_by_key(|s| (s.minute, s.story, s.index));
        FeedStream {
            pool,
            slots,
            next: 0,
            seed,
        }
    }

    /// A stream of one story of `len` articles (for `chorus bench story`): the articles of one
    /// Multi-News event, perturbed as in [`new`](Self::new), arriving over a week.
    pub fn one_story(pool: &'a Pool, len: usize, seed: u64) -> FeedStream<'a> {
        const WEEK_MINUTES: usize = 7 * 24 * 60;
        let slots = (0..len)
            .map(|index| Slot {
                minute: (index * WEEK_MINUTES / len.max(1)) as u32,
                story: 0,
                index: index as u32,
            })
            .collect();
        FeedStream {
            pool,
            slots,
            next: 0,
            seed,
        }
    }

    /// Articles in the stream.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the stream has no article.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Stories in the stream and the size of the largest.
    pub fn stories(&self) -> (usize, usize) {
        let sizes = story_sizes(self.slots.len());
        (sizes.len(), sizes.first().copied().unwrap_or(0))
    }

    fn article(&self, position: usize, slot: Slot) -> Article {
        let story = slot.story as u64;
        let event = &self.pool.events[(mix(self.seed, story, 0) as usize) % self.pool.events.len()];
        let source = &event[slot.index as usize % event.len()];
        let mut rng = Rng::new(mix(self.seed, story, slot.index as u64 + 1));
        let mut paragraphs: Vec<&String> = source.iter().filter(|_| rng.below(100) >= 15).collect();
        if paragraphs.is_empty() {
            paragraphs.push(&source[0]);
        }
        if paragraphs.len() > 2 && rng.below(100) < 30 {
            let i = 1 + rng.below(paragraphs.len() - 2);
            paragraphs.swap(i, i + 1);
        }
        let text = paragraphs
            .iter()
            .map(|p| perturb(p, self.seed, story, &mut rng))
            .collect::<Vec<_>>()
            .join("\n\n");
        let title = text
            .split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ");
        let outlet = rng.below(OUTLETS);
        let minute = slot.minute as i64;
        let day = minute / (24 * 60);
        let (month, day_of_month) = month_day(day);
        Article {
            id: format!("s{story}-{}-{position}", slot.index),
            source_path: "feed-stream".to_owned(),
            url: Some(format!(
                "https://outlet{outlet}.example/{story}/{}",
                slot.index
            )),
            title: Some(title),
            byline: None,
            published: Some(format!(
                "2024-{month:02}-{day_of_month:02}T{:02}:{:02}:00Z",
                (minute / 60) % 24,
                minute % 60
            )),
            outlet: Some(format!("Outlet {outlet}")),
            language: Some("en".to_owned()),
            text,
            furniture_dates: Vec::new(),
        }
    }
}

impl Iterator for FeedStream<'_> {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        let slot = *self.slots.get(self.next)?;
        let position = self.next;
        self.next += 1;
        Some(self.article(position, slot))
    }
}

/// Writes the stream of `articles` articles built from `data_dir` as JSON Lines (one `Article`
/// a line), as `chorus ingest` reads them.
pub fn write_jsonl(
    data_dir: &Path,
    articles: usize,
    out: impl std::io::Write,
) -> anyhow::Result<()> {
    let pool = Pool::load(data_dir)?;
    let mut out = std::io::BufWriter::new(out);
    for article in FeedStream::new(&pool, articles, 0) {
        serde_json::to_writer(&mut out, &article)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Story sizes of a stream of `total` articles, largest first: `total / MEAN_STORY` stories,
/// Zipf-distributed, capped at `total / 200` (at least 50), adding up to `total` exactly.
fn story_sizes(total: usize) -> Vec<usize> {
    let stories = (total / MEAN_STORY).max(1);
    let cap = (total / 200).max(50).min(total.max(1));
    let size_at = |scale: f64, rank: usize| ((scale / rank as f64) as usize).clamp(1, cap);
    let sum_at = |scale: f64| (1..=stories).map(|r| size_at(scale, r)).sum::<usize>();
    // The largest scale whose sizes do not exceed the total.
    let (mut low, mut high) = (0.0f64, (total as f64) * 2.0 + 1.0);
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if sum_at(mid) <= total {
            low = mid;
        } else {
            high = mid;
        }
    }
    let mut sizes: Vec<usize> = (1..=stories).map(|r| size_at(low, r)).collect();
    // Whatever rounding left over goes one article at a time to the stories below the cap.
    let mut left = total.saturating_sub(sizes.iter().sum());
    let mut rank = 0;
    while left > 0 && rank < sizes.len() * 2 {
        let i = rank % sizes.len();
        if sizes[i] < cap {
            sizes[i] += 1;
            left -= 1;
        }
        rank += 1;
    }
    if left > 0 {
        sizes.push(left);
    }
    sizes
}

/// A paragraph of one story: capitalized words renamed for the story (the same word gets the
/// same new name throughout the story), about one word in thirty left out.
fn perturb(paragraph: &str, seed: u64, story: u64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(paragraph.len());
    for (i, word) in paragraph.split(' ').enumerate() {
        if i > 0 && rng.below(30) == 0 {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
        let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
        if i > 0 && starts_upper && letters.chars().count() >= 3 {
            out.push_str(&rename(&letters, seed, story));
            out.extend(word.chars().filter(|c| !c.is_alphanumeric()));
        } else {
            out.push_str(word);
        }
    }
    out
}

const SYLLABLES: &[&str] = &[
    "ka", "vel", "mor", "tin", "sa", "dra", "lo", "quen", "bar", "ith", "zo", "ren", "ul", "pha",
    "gor", "nes", "wy", "tal", "cor", "mi", "ost", "ra", "bel", "fen", "dru", "sk", "ae", "lin",
];

/// The story's name for a capitalized word: two or three syllables from a hash of both.
fn rename(word: &str, seed: u64, story: u64) -> String {
    let mut h = mix(seed, story, 0x5EED);
    for b in word.bytes() {
        h = mix(h, b as u64, 1);
    }
    let mut name = String::new();
    for k in 0..2 + (h % 2) as usize {
        name.push_str(SYLLABLES[((h >> (8 * k + 1)) as usize) % SYLLABLES.len()]);
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

/// A 64-bit mix of three numbers (splitmix64 finalizer).
fn mix(a: u64, b: u64, c: u64) -> u64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(c.wrapping_mul(0x94D0_49BB_1331_11EB));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Month and day of month of day `day` (0-based) of 2024, a leap year (days past its end are
/// folded into December 31).
fn month_day(day: i64) -> (u32, u32) {
    const DAYS: [i64; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut left = day.clamp(0, 365);
    for (month, &days) in DAYS.iter().enumerate() {
        if left < days {
            return (month as u32 + 1, left as u32 + 1);
        }
        left -= days;
    }
    (12, 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_sizes_add_up_and_fall_off() {
        for total in [1, 7, 1_000, 10_000, 1_000_000] {
            let sizes = story_sizes(total);
            assert_eq!(sizes.iter().sum::<usize>(), total, "total {total}");
            assert!(sizes.windows(2).filter(|w| w[0] < w[1]).count() <= 1);
        }
        let sizes = story_sizes(1_000_000);
        assert_eq!(sizes[0], 5_000);
        assert!(sizes.len() >= 40_000);
    }

    #[test]
    fn month_days_cover_the_year() {
        assert_eq!(month_day(0), (1, 1));
        assert_eq!(month_day(59), (2, 29));
        assert_eq!(month_day(365), (12, 31));
        assert_eq!(month_day(400), (12, 31));
    }

    #[test]
    fn renaming_keeps_a_word_within_a_story_and_changes_it_across() {
        assert_eq!(rename("Obama", 1, 5), rename("Obama", 1, 5));
        assert_ne!(rename("Obama", 1, 5), rename("Obama", 1, 6));
    }
}
