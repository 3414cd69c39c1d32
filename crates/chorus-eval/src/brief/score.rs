//! A port of `brief-dev/score.py`: the eleven parts of one event's brief against its gold.
//!
//! The brief is read as JSON ([`serde_json::Value`]), as the script reads it, so a missing key
//! means what `dict.get` makes of it there. Strings are compared after [`norm`] (NFKC, curly
//! quotes straightened, whitespace collapsed as Python's `\s` does, lower case); lengths are in
//! code points, as Python counts them. Each part follows the script line by line; the comments
//! name the few places where a Python idiom needed spelling out.

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// The parts, in the order `score.py` prints them.
pub const PARTS: [&str; 11] = [
    "story",
    "people",
    "quotes",
    "timeline",
    "syndication",
    "facts",
    "divergences",
    "summary",
    "title",
    "attribution",
    "citations",
];

/// Each part's floor, as `score.py` states it (same order as [`PARTS`]).
pub const FLOORS: [f64; 11] = [1.0, 0.85, 0.8, 0.75, 1.0, 0.8, 0.5, 1.0, 1.0, 0.95, 0.9];

/// One event's gold (`EVENT.gold.json`): the keys the scorer reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Gold {
    /// Article keys belonging to the event.
    #[serde(default)]
    pub one_story: Vec<String>,
    /// Words any of which a good title contains.
    #[serde(default)]
    pub title_terms: Option<Vec<String>>,
    /// Patterns no summary sentence may contain (`None`: the key is absent).
    #[serde(default)]
    pub summary_junk: Option<Vec<String>>,
    /// The event's people.
    #[serde(default)]
    pub people: Vec<GoldPerson>,
    /// Names that must not be output as people.
    #[serde(default)]
    pub not_people: Vec<String>,
    /// Direct quotes and their speakers.
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    /// Dates the text puts on the calendar.
    #[serde(default)]
    pub timeline: Vec<GoldDate>,
    /// Pairs of article keys sharing wire copy.
    #[serde(default)]
    pub syndicated_pairs: Vec<Vec<String>>,
    /// Pairs of article keys written independently.
    #[serde(default)]
    pub independent_pairs: Vec<Vec<String>>,
    /// The facts a reader must get.
    #[serde(default)]
    pub key_facts: Vec<GoldFact>,
    /// Points where outlets disagree.
    #[serde(default)]
    pub divergences: Vec<GoldDivergence>,
}

/// A person of the gold.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldPerson {
    /// Full name.
    pub name: String,
    /// Every other spelling used.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Roles, any of which the output entity should carry.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A quote of the gold.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldQuote {
    /// The speaker's gold name.
    pub speaker: String,
    /// The quote, verbatim.
    pub text: String,
}

/// A date of the gold timeline.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
}

/// A key fact of the gold.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldFact {
    /// Name of the fact.
    #[serde(default)]
    pub id: String,
    /// Alternatives, each a list of words that must all stand in one fact.
    #[serde(default)]
    pub any: Vec<Vec<String>>,
    /// Article keys stating it.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A divergence of the gold.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldDivergence {
    /// Each side's words.
    #[serde(default)]
    pub sides: Vec<Vec<String>>,
}

/// One part's score: `None` where the gold has no list for it ("n/a").
pub type PartScore = Option<f64>;

/// Python's `str.isspace` (and `\s` in a `str` pattern): Unicode White_Space plus the ASCII
/// separators U+001C..U+001F.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.split()`.
fn py_split(s: &str) -> Vec<&str> {
    s.split(py_space).filter(|w| !w.is_empty()).collect()
}

/// `score.py`'s `norm`: NFKC, curly quotes straightened, whitespace runs to one space, trimmed,
/// lower case.
pub fn norm(s: &str) -> String {
    let nfkc: String = s
        .nfkc()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    py_split(&nfkc).join(" ").to_lowercase()
}

/// `norm` of an optional JSON string (`s or ''`).
fn norm_value(v: Option<&Value>) -> String {
    norm(v.and_then(Value::as_str).unwrap_or(""))
}

/// Python's `str(x)` of a JSON value.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}

/// `score.py`'s `key`: an article id to the first three digits of its file name.
pub fn key(aid: &str) -> String {
    static DIGITS: OnceLock<Regex> = OnceLock::new();
    let re = DIGITS.get_or_init(|| Regex::new(r"^\d{3}").expect("valid regex"));
    let last = aid.rsplit('/').next().unwrap_or(aid);
    match re.find(last) {
        Some(m) => m.as_str().to_owned(),
        None => aid.to_owned(),
    }
}

/// `key` of a JSON value (`key(aid)` calls `str(aid)`).
fn key_value(v: &Value) -> String {
    key(&py_str(v))
}

/// The list under `name` (empty when absent or not a list).
fn list<'a>(v: &'a Value, name: &str) -> &'a [Value] {
    v.get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The last whitespace-separated word (Python's `s.split()[-1]`; empty for an empty string,
/// where Python would fail).
fn last_word(s: &str) -> String {
    py_split(s)
        .last()
        .map(|w| (*w).to_owned())
        .unwrap_or_default()
}

/// `pattern in text` for `'|'.join(re.escape(p) for p in patterns)`: an empty alternation
/// matches nothing (the script tests `junkpat and ...`), an empty alternative everything.
fn junk_search(patterns: &[String], text: &str) -> bool {
    if patterns.concat().is_empty() && patterns.len() <= 1 {
        return false;
    }
    patterns.iter().any(|p| text.contains(p.as_str()))
}

/// Scores a brief (`chorus.brief/1` JSON) against the gold; `articles` maps article keys to their
/// normalized text ([`article_texts`]). One score per part of [`PARTS`], `None` for n/a.
pub fn score(brief: &Value, gold: &Gold, articles: &BTreeMap<String, String>) -> [PartScore; 11] {
    let stories = list(brief, "stories");
    // `max` returns the first of the largest.
    let empty = Value::Object(Default::default());
    let mut story = &empty;
    let mut best = None;
    for s in stories {
        let n = list(s, "articles").len();
        if best.is_none_or(|b| n > b) {
            best = Some(n);
            story = s;
        }
    }
    let mut out = [None; 11];
    for (i, part) in PARTS.iter().enumerate() {
        let has_list = match *part {
            "people" => !gold.people.is_empty(),
            "quotes" | "attribution" => !gold.quotes.is_empty(),
            "timeline" => !gold.timeline.is_empty(),
            "facts" => !gold.key_facts.is_empty(),
            "divergences" => !gold.divergences.is_empty(),
            _ => true,
        };
        if !has_list {
            continue;
        }
        out[i] = Some(match *part {
            "story" => score_story(story, gold),
            "people" => score_people(story, gold),
            "quotes" => score_quotes(story, gold),
            "timeline" => score_timeline(story, gold),
            "syndication" => score_syndication(story, gold),
            "facts" => score_facts(story, gold),
            "divergences" => score_divergences(story, gold),
            "summary" => score_summary(story, gold, articles),
            "title" => score_title(story, gold),
            "attribution" => score_attribution(story, gold),
            _ => score_citations(story, articles),
        });
    }
    out
}

/// The normalized texts of a folder's `*.txt` articles by key, as the script reads them.
pub fn article_texts(dir: &std::path::Path) -> anyhow::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot list: {e}", dir.display()))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // glob('*.txt') skips hidden files.
            name.ends_with(".txt") && !name.starts_with('.')
        })
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        out.insert(key(name), norm(&text));
    }
    Ok(out)
}

fn score_story(story: &Value, gold: &Gold) -> f64 {
    let mut got: Vec<String> = list(story, "articles").iter().map(key_value).collect();
    got.sort();
    let mut want = gold.one_story.clone();
    want.sort();
    if got == want {
        1.0
    } else {
        0.0
    }
}

fn score_people(story: &Value, gold: &Gold) -> f64 {
    let ents: Vec<&Value> = list(story, "entities")
        .iter()
        .filter(|e| e.get("kind").and_then(Value::as_str) == Some("person"))
        .collect();
    let names: Vec<Vec<String>> = ents
        .iter()
        .map(|e| {
            std::iter::once(norm_value(e.get("name")))
                .chain(list(e, "aliases").iter().map(|a| norm_value(Some(a))))
                .collect()
        })
        .collect();
    let (mut hit, mut roles, mut merged) = (0usize, 0usize, 0usize);
    for (pi, p) in gold.people.iter().enumerate() {
        let full = norm(&p.name);
        let last = last_word(&full);
        let cands: Vec<usize> = (0..names.len())
            .filter(|&i| {
                names[i].iter().any(|n| {
                    let words = py_split(n);
                    full == *n || (words.contains(&last.as_str()) && words.len() > 1)
                })
            })
            .collect();
        if cands.is_empty() {
            continue;
        }
        hit += 1;
        let variants: Vec<String> = std::iter::once(norm(&p.name))
            .chain(
                p.aliases
                    .iter()
                    .filter(|a| py_split(a).len() > 1)
                    .map(|a| norm(a)),
            )
            .collect();
        let mut others: BTreeSet<String> = BTreeSet::new();
        for (qi, q) in gold.people.iter().enumerate() {
            if qi == pi {
                continue;
            }
            others.insert(norm(&q.name));
            for a in &q.aliases {
                if py_split(a).len() > 1 {
                    others.insert(norm(a));
                }
            }
        }
        let cands: Vec<usize> = cands
            .into_iter()
            .filter(|&i| {
                names[i].iter().any(|n| variants.contains(n))
                    || !names[i].iter().any(|n| others.contains(n))
            })
            .collect();
        let Some(&first) = cands.first() else {
            hit -= 1;
            continue;
        };
        let rs = list(ents[first], "roles")
            .iter()
            .map(|r| norm_value(Some(r)))
            .collect::<Vec<_>>()
            .join(" ");
        if p.roles.is_empty() || p.roles.iter().any(|r| rs.contains(norm(r).as_str())) {
            roles += 1;
        }
        if cands.len() == 1 {
            merged += 1;
        }
    }
    let bad = gold
        .not_people
        .iter()
        .filter(|n| {
            let n = norm(n);
            names.iter().any(|ns| ns[0] == n)
        })
        .count();
    let total = gold.people.len() as f64;
    let precision = 1.0 - bad as f64 / ents.len().max(1) as f64;
    let recall = hit as f64 / total;
    let f = if precision + recall != 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let roles_score = if hit > 0 { roles as f64 / total } else { 0.0 };
    f.min(roles_score).min(merged as f64 / total)
}

/// The output quotes matching a gold quote: either text contains the other (an output quote
/// only when longer than 8 characters).
fn matching_quotes<'a>(quotes: &'a [Value], gold_text: &str) -> Vec<&'a Value> {
    let gt = norm(gold_text);
    quotes
        .iter()
        .filter(|q| {
            let t = norm_value(q.get("text"));
            t.contains(gt.as_str()) || (t.chars().count() > 8 && gt.contains(t.as_str()))
        })
        .collect()
}

/// The last words that name a gold quote's speaker: the speaker's, and each alias's.
fn speaker_lasts(gold: &Gold, speaker: &str) -> BTreeSet<String> {
    let mut lasts = BTreeSet::from([last_word(&norm(speaker))]);
    for p in &gold.people {
        if norm(&p.name) == norm(speaker) {
            for a in &p.aliases {
                let a = norm(a);
                if !a.is_empty() {
                    lasts.insert(last_word(&a));
                }
            }
        }
    }
    lasts
}

fn score_quotes(story: &Value, gold: &Gold) -> f64 {
    let qs = list(story, "quotes");
    let mut ok = 0usize;
    for g in &gold.quotes {
        let m = matching_quotes(qs, &g.text);
        if m.is_empty() {
            continue;
        }
        let lasts = speaker_lasts(gold, &g.speaker);
        if m.iter().any(|q| {
            let sp = norm_value(q.get("speaker"));
            lasts.iter().any(|l| sp.contains(l.as_str()))
        }) {
            ok += 1;
        }
    }
    ok as f64 / gold.quotes.len() as f64
}

fn score_timeline(story: &Value, gold: &Gold) -> f64 {
    let dates: Vec<String> = list(story, "timeline")
        .iter()
        .map(|t| t.get("date").map(py_str).unwrap_or_default())
        .collect();
    let hit = gold
        .timeline
        .iter()
        .filter(|g| dates.iter().any(|d| d.starts_with(g.date.as_str())))
        .count();
    hit as f64 / gold.timeline.len() as f64
}

fn score_syndication(story: &Value, gold: &Gold) -> f64 {
    let groups: Vec<Vec<String>> = list(story, "syndication")
        .iter()
        .map(|g| list(g, "articles").iter().map(key_value).collect())
        .collect();
    let together = |p: &[String]| -> bool {
        let (Some(a), Some(b)) = (p.first(), p.get(1)) else {
            return false;
        };
        groups.iter().any(|g| g.contains(a) && g.contains(b))
    };
    let ok = gold.syndicated_pairs.iter().all(|p| together(p))
        && !gold.independent_pairs.iter().any(|p| together(p));
    if ok {
        1.0
    } else {
        0.0
    }
}

fn score_facts(story: &Value, gold: &Gold) -> f64 {
    let facts = list(story, "facts");
    let texts: Vec<String> = facts.iter().map(|f| norm_value(f.get("text"))).collect();
    let mut hit = 0usize;
    for g in &gold.key_facts {
        let m: Vec<usize> = (0..facts.len())
            .filter(|&i| {
                g.any
                    .iter()
                    .any(|alt| alt.iter().all(|w| texts[i].contains(norm(w).as_str())))
            })
            .collect();
        let srcs: BTreeSet<String> = m
            .iter()
            .flat_map(|&i| list(&facts[i], "sources").iter().map(key_value))
            .collect();
        let want: BTreeSet<&String> = g.sources.iter().collect();
        let shared = srcs.iter().filter(|s| want.contains(s)).count();
        if !m.is_empty() && shared >= g.sources.len().min(2) {
            hit += 1;
        }
    }
    hit as f64 / gold.key_facts.len() as f64
}

fn score_divergences(story: &Value, gold: &Gold) -> f64 {
    let divs = list(story, "divergences");
    let mut hit = 0usize;
    for g in &gold.divergences {
        for d in divs {
            let texts: Vec<String> = list(d, "variants")
                .iter()
                .map(|v| norm_value(v.get("text")))
                .collect();
            let sides = g
                .sides
                .iter()
                .filter(|side| {
                    side.iter()
                        .any(|w| texts.iter().any(|t| t.contains(norm(w).as_str())))
                })
                .count();
            if sides >= 2 {
                hit += 1;
                break;
            }
        }
    }
    hit as f64 / gold.divergences.len() as f64
}

fn score_summary(story: &Value, gold: &Gold, articles: &BTreeMap<String, String>) -> f64 {
    static ELLIPSIS: OnceLock<Regex> = OnceLock::new();
    let ellipsis = ELLIPSIS.get_or_init(|| Regex::new(r"\.\.\.|…").expect("valid regex"));
    let junk: Vec<String> = match &gold.summary_junk {
        Some(j) => j.iter().map(|p| norm(p)).collect(),
        None => ["also read", "tags:", "most popular", "garuda"]
            .iter()
            .map(|p| norm(p))
            .collect(),
    };
    let summ = list(story, "summary");
    let mut bad = 0usize;
    for s in summ {
        let t = norm_value(s.get("text"));
        let frags: Vec<&str> = ellipsis
            .split(&t)
            .map(|f| f.trim_matches(py_space))
            .filter(|f| f.chars().count() > 20)
            .collect();
        for src in list(s, "sources") {
            match articles.get(&key_value(src)) {
                None => bad += 1,
                Some(a) => {
                    if !frags.iter().all(|f| a.contains(f.trim_end_matches('.'))) {
                        bad += 1;
                    }
                }
            }
        }
    }
    let junky = summ
        .iter()
        .any(|s| junk_search(&junk, &norm_value(s.get("text"))));
    if !summ.is_empty() && bad == 0 && !junky {
        1.0
    } else {
        0.0
    }
}

fn score_title(story: &Value, gold: &Gold) -> f64 {
    static ID: OnceLock<Regex> = OnceLock::new();
    let id = ID.get_or_init(|| Regex::new(r"^\d{3}_[0-9a-f]+$").expect("valid regex"));
    let t = norm_value(story.get("title"));
    let junk: Vec<String> = gold
        .summary_junk
        .iter()
        .flatten()
        .map(String::as_str)
        .chain(["gallery", "photo", "image", "warning", "playback", "getty"])
        .map(norm)
        .collect();
    let terms = gold.title_terms.as_deref().unwrap_or(&[]);
    let ok = !t.is_empty()
        && !id.is_match(&t)
        && !junk_search(&junk, &t)
        && (terms.is_empty() || terms.iter().any(|w| t.contains(norm(w).as_str())));
    if ok {
        1.0
    } else {
        0.0
    }
}

fn score_attribution(story: &Value, gold: &Gold) -> f64 {
    let qs = list(story, "quotes");
    let (mut found, mut wrong) = (0usize, 0usize);
    for g in &gold.quotes {
        let m = matching_quotes(qs, &g.text);
        if m.is_empty() {
            continue;
        }
        found += 1;
        let lasts = speaker_lasts(gold, &g.speaker);
        let named: Vec<String> = m
            .iter()
            .map(|q| norm_value(q.get("speaker")))
            .filter(|n| !n.is_empty() && n != "unattributed")
            .collect();
        if named
            .iter()
            .any(|n| !lasts.iter().any(|l| n.contains(l.as_str())))
        {
            wrong += 1;
        }
    }
    if found > 0 {
        1.0 - wrong as f64 / found as f64
    } else {
        0.0
    }
}

/// Python's `c.isdigit()`: a decimal digit, or a character whose compatibility form is one
/// (superscripts, circled digits).
fn py_digit(c: char) -> bool {
    static ND: OnceLock<Regex> = OnceLock::new();
    let nd = ND.get_or_init(|| Regex::new(r"^\p{Nd}$").expect("valid regex"));
    if c.is_ascii_digit() {
        return true;
    }
    if !c.is_numeric() {
        return false;
    }
    let mut buf = [0u8; 4];
    if nd.is_match(c.encode_utf8(&mut buf)) {
        return true;
    }
    let compat: String = std::iter::once(c).nfkc().collect();
    compat.chars().count() == 1 && nd.is_match(&compat)
}

/// A fact's names and figures, as the citations part finds them: words after the first that are
/// capitalized or hold a digit, stripped of `.'’-`, lower case, a trailing `'s` dropped.
pub fn fact_terms(text: &str) -> BTreeSet<String> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    // Python's `\w` in a str pattern: letters, numbers, underscore.
    let word = WORD.get_or_init(|| Regex::new(r"[\p{L}\p{N}_'’.\-]+").expect("valid regex"));
    let strip: &[char] = &['.', '\'', '’', '-'];
    word.find_iter(text)
        .skip(1)
        .map(|m| m.as_str())
        .filter(|w| {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            (capital || w.chars().any(py_digit)) && w.trim_matches(strip).chars().count() > 1
        })
        .map(|w| w.trim_matches(strip).to_lowercase())
        .map(|t| match t.strip_suffix("'s") {
            Some(stem) => stem.to_owned(),
            None => t,
        })
        .collect()
}

fn score_citations(story: &Value, articles: &BTreeMap<String, String>) -> f64 {
    let (mut good, mut checked) = (0usize, 0usize);
    for f in list(story, "facts") {
        let terms = fact_terms(f.get("text").and_then(Value::as_str).unwrap_or(""));
        if terms.len() < 2 {
            continue;
        }
        checked += 1;
        let weak = list(f, "sources").iter().any(|src| {
            let text = articles
                .get(&key_value(src))
                .map(String::as_str)
                .unwrap_or("");
            let present = terms.iter().filter(|t| text.contains(t.as_str())).count();
            (present as f64) < 0.75 * terms.len() as f64
        });
        if !weak {
            good += 1;
        }
    }
    if checked > 0 {
        good as f64 / checked as f64
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold(v: Value) -> Gold {
        serde_json::from_value(v).unwrap()
    }

    fn part(scores: &[PartScore; 11], name: &str) -> PartScore {
        scores[PARTS.iter().position(|p| *p == name).unwrap()]
    }

    fn texts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, t)| ((*k).to_owned(), norm(t)))
            .collect()
    }

    #[test]
    fn norm_folds_compatibility_quotes_whitespace_and_case() {
        assert_eq!(
            norm("  “Ｈello”\u{a0}\t it’s\u{1f}ﬁne "),
            "\"hello\" it's fine"
        );
        assert_eq!(norm("Mayor\u{2028}Bloggs"), "mayor bloggs");
        assert_eq!(norm(""), "");
    }

    #[test]
    fn keys_are_the_first_three_digits_of_the_file_name() {
        assert_eq!(key("003_9b7ab236"), "003");
        assert_eq!(key("dir/sub/012_x.txt"), "012");
        assert_eq!(key("story#2"), "story#2");
        assert_eq!(key_value(&json!(7)), "7");
    }

    #[test]
    fn parts_without_a_gold_list_are_not_applicable() {
        let brief = json!({"stories": [{"articles": ["000_a"], "title": "Flood"}]});
        let g = gold(json!({"one_story": ["000"]}));
        let s = score(&brief, &g, &BTreeMap::new());
        for p in [
            "people",
            "quotes",
            "timeline",
            "facts",
            "divergences",
            "attribution",
        ] {
            assert_eq!(part(&s, p), None, "{p}");
        }
        assert_eq!(part(&s, "story"), Some(1.0));
        // No summary sentences: the summary part fails.
        assert_eq!(part(&s, "summary"), Some(0.0));
        // No facts checked: citations hold.
        assert_eq!(part(&s, "citations"), Some(1.0));
    }

    #[test]
    fn the_largest_story_is_scored_the_first_of_equals() {
        let brief = json!({"stories": [
            {"articles": ["000_a"], "title": "first"},
            {"articles": ["001_b", "002_c"], "title": "second"},
            {"articles": ["003_d", "004_e"], "title": "third"},
        ]});
        let g = gold(json!({"one_story": ["002", "001"], "title_terms": ["second"]}));
        let s = score(&brief, &g, &BTreeMap::new());
        assert_eq!(part(&s, "story"), Some(1.0));
        assert_eq!(part(&s, "title"), Some(1.0));
    }

    #[test]
    fn people_need_recall_roles_one_entity_and_no_junk() {
        let g = gold(json!({
            "people": [
                {"name": "Ann Lee", "aliases": ["Lee", "Judge Ann Lee"], "roles": ["judge"]},
                {"name": "Bo Park", "aliases": [], "roles": []},
            ],
            "not_people": ["Getty Images"],
        }));
        let good = json!({"stories": [{"entities": [
            {"name": "Ann Lee", "kind": "person", "aliases": [], "roles": ["Superior Court judge"]},
            {"name": "Bo Park", "kind": "person", "aliases": [], "roles": []},
            {"name": "Getty Images", "kind": "organization", "aliases": [], "roles": []},
        ]}]});
        assert_eq!(
            part(&score(&good, &g, &BTreeMap::new()), "people"),
            Some(1.0)
        );

        // A wrong role halves the role share; a junk person costs precision.
        let worse = json!({"stories": [{"entities": [
            {"name": "Ann Lee", "kind": "person", "aliases": [], "roles": ["mayor"]},
            {"name": "Bo Park", "kind": "person", "aliases": [], "roles": []},
            {"name": "Getty Images", "kind": "person", "aliases": [], "roles": []},
        ]}]});
        let s = part(&score(&worse, &g, &BTreeMap::new()), "people").unwrap();
        // recall 1, precision 2/3: F = 0.8; roles 1/2; one entity each: 1.
        assert!((s - 0.5).abs() < 1e-12, "{s}");

        // Two entities for one person: not merged.
        let split = json!({"stories": [{"entities": [
            {"name": "Ann Lee", "kind": "person", "aliases": [], "roles": ["judge"]},
            {"name": "Judge Ann Lee", "kind": "person", "aliases": [], "roles": []},
            {"name": "Bo Park", "kind": "person", "aliases": [], "roles": []},
        ]}]});
        let s = part(&score(&split, &g, &BTreeMap::new()), "people").unwrap();
        assert!((s - 0.5).abs() < 1e-12, "{s}");

        // A one-word name is not a hit by surname.
        let surname_only = json!({"stories": [{"entities": [
            {"name": "Lee", "kind": "person", "aliases": [], "roles": ["judge"]},
        ]}]});
        assert_eq!(
            part(&score(&surname_only, &g, &BTreeMap::new()), "people"),
            Some(0.0)
        );
    }

    #[test]
    fn quotes_and_attribution_separate_missing_from_wrong_speakers() {
        let g = gold(json!({
            "people": [{"name": "Ann Lee", "aliases": ["Judge Annie Leigh"], "roles": []}],
            "quotes": [
                {"speaker": "Ann Lee", "text": "We will appeal.", "articles": ["000"]},
                {"speaker": "Ann Lee", "text": "It was the right call, and I stand by it.", "articles": ["001"]},
                {"speaker": "Bo Park", "text": "No comment at this time.", "articles": ["001"]},
                {"speaker": "Bo Park", "text": "Never said it.", "articles": ["001"]},
            ],
        }));
        let brief = json!({"stories": [{"quotes": [
            // Contains the gold quote; speaker by alias surname.
            {"speaker": "Annie Leigh", "text": "“We will appeal.” she said"},
            // A fragment (over 8 characters) inside the gold quote; unattributed.
            {"speaker": null, "text": "the right call"},
            // The wrong named speaker.
            {"speaker": "Ann Lee", "text": "No comment at this time."},
            // Too short to match as a fragment.
            {"speaker": "Bo Park", "text": "said it"},
        ]}]});
        let s = score(&brief, &g, &BTreeMap::new());
        assert_eq!(part(&s, "quotes"), Some(0.25));
        // Three found, one given to a wrong speaker.
        let a = part(&s, "attribution").unwrap();
        assert!((a - 2.0 / 3.0).abs() < 1e-12, "{a}");
    }

    #[test]
    fn timeline_dates_match_by_prefix() {
        let g = gold(
            json!({"timeline": [{"date": "2014-04"}, {"date": "2014-04-19"}, {"date": "2013"}]}),
        );
        let brief =
            json!({"stories": [{"timeline": [{"date": "2014-04-19T10:00"}, {"date": null}]}]});
        let s = part(&score(&brief, &g, &BTreeMap::new()), "timeline").unwrap();
        assert!((s - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn syndication_needs_every_wire_pair_together_and_no_independent_pair() {
        let g = gold(
            json!({"syndicated_pairs": [["000", "002"]], "independent_pairs": [["000", "001"]]}),
        );
        let ok = json!({"stories": [{"syndication": [{"articles": ["000_a", "002_c"]}]}]});
        let merged =
            json!({"stories": [{"syndication": [{"articles": ["000_a", "001_b", "002_c"]}]}]});
        let none = json!({"stories": [{"syndication": []}]});
        assert_eq!(
            part(&score(&ok, &g, &BTreeMap::new()), "syndication"),
            Some(1.0)
        );
        assert_eq!(
            part(&score(&merged, &g, &BTreeMap::new()), "syndication"),
            Some(0.0)
        );
        assert_eq!(
            part(&score(&none, &g, &BTreeMap::new()), "syndication"),
            Some(0.0)
        );
    }

    #[test]
    fn facts_need_all_words_of_one_alternative_and_two_gold_sources() {
        let g = gold(json!({"key_facts": [
            {"id": "killed", "any": [["three", "killed"], ["3", "dead"]], "sources": ["000", "001", "002"]},
            {"id": "arrest", "any": [["arrested"]], "sources": ["001"]},
            {"id": "fire", "any": [["fire"]], "sources": ["000", "002"]},
        ]}));
        let brief = json!({"stories": [{"facts": [
            {"text": "Police say 3 people are dead.", "sources": ["000_a"]},
            {"text": "Three were killed, officials said.", "sources": ["002_c"]},
            {"text": "A man was ARRESTED on Sunday.", "sources": ["001_b"]},
            {"text": "The fire spread.", "sources": ["000_a", "003_d"]},
        ]}]});
        let s = part(&score(&brief, &g, &BTreeMap::new()), "facts").unwrap();
        // killed: two matching facts, sources 000 and 002; arrest: one source needed; fire: one.
        assert!((s - 2.0 / 3.0).abs() < 1e-12, "{s}");
    }

    #[test]
    fn a_divergence_needs_words_of_two_sides_in_one_output_divergence() {
        let g = gold(json!({"divergences": [
            {"sides": [["125"], ["144"]]},
            {"sides": [["once"], ["twice"], ["three times"]]},
        ]}));
        let brief = json!({"stories": [{"divergences": [
            {"variants": [{"text": "125 dead"}, {"text": "toll at 144"}]},
            {"variants": [{"text": "shot once"}]},
            {"variants": [{"text": "shot twice"}]},
        ]}]});
        assert_eq!(
            part(&score(&brief, &g, &BTreeMap::new()), "divergences"),
            Some(0.5)
        );
    }

    #[test]
    fn summary_sentences_stand_in_each_cited_article_and_hold_no_junk() {
        let arts = texts(&[
            (
                "000",
                "The river rose  overnight and flooded the lower town. Residents fled.",
            ),
            (
                "001",
                "Residents fled as the river rose overnight and flooded the lower town.",
            ),
        ]);
        let g = gold(json!({"summary_junk": ["image caption"]}));
        let ok = json!({"stories": [{"summary": [
            {"text": "The river rose overnight and flooded the lower town.", "sources": ["000_a"]},
            {"text": "The river rose overnight … flooded the lower town.", "sources": ["001_b"]},
        ]}]});
        assert_eq!(part(&score(&ok, &g, &arts), "summary"), Some(1.0));
        let untraceable = json!({"stories": [{"summary": [
            {"text": "Residents fled as the river rose overnight.", "sources": ["000_a"]},
        ]}]});
        assert_eq!(part(&score(&untraceable, &g, &arts), "summary"), Some(0.0));
        let missing = json!({"stories": [{"summary": [
            {"text": "Residents fled.", "sources": ["009_z"]},
        ]}]});
        assert_eq!(part(&score(&missing, &g, &arts), "summary"), Some(0.0));
        let junk = json!({"stories": [{"summary": [
            {"text": "Image caption Residents fled.", "sources": []},
        ]}]});
        assert_eq!(part(&score(&junk, &g, &arts), "summary"), Some(0.0));
    }

    #[test]
    fn titles_are_not_ids_or_boilerplate_and_name_the_event() {
        let g = gold(json!({"title_terms": ["flood"], "summary_junk": []}));
        let title = |t: &str| {
            let brief = json!({"stories": [{"title": t}]});
            part(&score(&brief, &g, &BTreeMap::new()), "title")
        };
        assert_eq!(title("River flood forces evacuations"), Some(1.0));
        assert_eq!(title("000_c427ab37"), Some(0.0));
        assert_eq!(title("Flood photo gallery"), Some(0.0));
        assert_eq!(title("Residents evacuated"), Some(0.0));
        assert_eq!(title(""), Some(0.0));
    }

    #[test]
    fn citations_need_three_quarters_of_names_and_figures_in_every_source() {
        let arts = texts(&[
            ("000", "Mayor Jane Doe said 12 homes in Riverton were lost."),
            ("001", "Officials in Riverton counted the damage."),
        ]);
        let brief = json!({"stories": [{"facts": [
            // Terms: jane, doe, 12, riverton; all in 000; only riverton in 001.
            {"text": "Mayor Jane Doe said 12 homes in Riverton were lost.", "sources": ["000_a", "001_b"]},
            {"text": "Mayor Jane Doe's town Riverton lost 12 homes.", "sources": ["000_a"]},
            // Under two terms: not checked.
            {"text": "It rained in Riverton.", "sources": ["001_b"]},
        ]}]});
        assert_eq!(
            part(&score(&brief, &Gold::default(), &arts), "citations"),
            Some(0.5)
        );
        let terms = fact_terms("Mayor Jane Doe's town Riverton lost 12 homes.");
        let want: BTreeSet<String> = ["jane", "doe", "riverton", "12"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(terms, want);
    }
}
