//! The synthesize stage: one cited, cross-checked [`brief::Story`] per story.
//!
//! Every sentence a brief shows is a sentence of a source (whitespace normalized), and cites only
//! the articles it stands in verbatim ([`pool::comparable`] comparison): summary sentences, quotes
//! and timeline entries are never paraphrased. Facts cite the articles that report the same
//! statement in their own words, and count independent sources: a syndication group counts once.

pub mod brief;
mod claims;
mod coverage;
mod divergences;
mod facts;
mod figures;
pub mod pool;
mod quotes;
pub mod render;
mod summary;
mod timeline;
mod title;

use brief::{ArticleRef, Story, StoryEntity, Syndication};
use chorus_analyze::aliases::MergedEntity;
use chorus_core::analysis::{ArticleAnalysis, EntityKind, SegmentKind};
use chorus_core::Article;
use chorus_relate::copies::CopyPair;
use chorus_relate::syndication::SyndicationGroup;
use pool::Pool;

/// Entities a story's brief lists, at most (the most widely mentioned).
pub const MAX_ENTITIES: usize = 300;
/// Quotes a story's brief lists, at most.
pub const MAX_QUOTES: usize = 500;
/// Distinct shared passages a syndication group lists, at most.
pub const MAX_PASSAGES: usize = 64;
/// Upstream outlets a story's coverage lists, at most.
pub const MAX_UPSTREAM: usize = 50;

/// Options that shape a brief.
#[derive(Debug, Clone, Copy)]
pub struct BriefOptions {
    /// Upper bound on the summary's words.
    pub max_words: usize,
}

impl Default for BriefOptions {
    fn default() -> Self {
        BriefOptions { max_words: 150 }
    }
}

/// Everything known about one story's articles.
#[derive(Debug, Clone, Copy)]
pub struct StoryInput<'a> {
    /// The story's articles, in stream order.
    pub articles: &'a [Article],
    /// Their analyses (parallel to `articles`).
    pub analyses: &'a [ArticleAnalysis],
    /// Entities merged across the articles.
    pub entities: &'a [MergedEntity],
    /// Copy pairs between the articles (indices into `articles`).
    pub copies: &'a [CopyPair],
    /// Syndication groups (indices into `articles`).
    pub groups: &'a [SyndicationGroup],
    /// Sets of identical articles (indices into `articles`, ascending; see
    /// [`chorus_relate::copies::Copies::identical`]).
    pub identical: &'a [Vec<usize>],
}

impl StoryInput<'_> {
    /// The independent source each article belongs to: its syndication group, or itself.
    fn source_of(&self) -> Vec<usize> {
        let mut source: Vec<usize> = (0..self.articles.len()).collect();
        for g in self.groups {
            let root = g.articles[0];
            for &a in &g.articles {
                source[a] = root;
            }
        }
        source
    }

    fn ids(&self, articles: impl IntoIterator<Item = usize>) -> Vec<String> {
        let mut list: Vec<usize> = articles.into_iter().collect();
        list.sort_unstable();
        list.dedup();
        list.into_iter()
            .map(|a| self.articles[a].id.clone())
            .collect()
    }
}

/// Writes the brief of one story.
pub fn synthesize_story(id: String, input: &StoryInput, options: &BriefOptions) -> Story {
    let pool = Pool::new(input.articles, input.analyses);
    let centroid = pool.centroid();
    let source_of = input.source_of();
    let ranked = summary::ranked(&pool, &centroid, &source_of);
    let summary = summary::select(&pool, &ranked, input, options.max_words);
    let (entities, more_entities) = entities(input);
    let (quotes, more_quotes) = quotes::merge(&pool, input);
    Story {
        id,
        title: title::choose(input, &pool, &centroid),
        date: story_date(input.articles),
        place: place(input),
        articles: input.ids(0..input.articles.len()),
        facts: facts::find(&pool, &centroid, input, &source_of),
        entities,
        more_entities,
        quotes,
        more_quotes,
        timeline: timeline::build(&pool, &centroid, input),
        divergences: divergences::find(&pool, &centroid, input, &source_of),
        syndication: syndication(input),
        coverage: coverage::describe(input, &source_of),
        summary,
    }
}

/// The article reference a brief lists.
pub fn article_ref(a: &Article) -> ArticleRef {
    ArticleRef {
        id: a.id.clone(),
        title: a.title.clone(),
        byline: a.byline.clone(),
        published: a.published.clone(),
        outlet: a.outlet.clone(),
        url: a.url.clone(),
    }
}

/// The most common publication date among the articles (earliest on ties).
pub fn story_date(articles: &[Article]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for a in articles {
        if let Some(d) = a.published.as_deref().and_then(|p| p.get(..10)) {
            *counts.entry(d.to_owned()).or_default() += 1;
        }
    }
    let max = counts.values().copied().max()?;
    counts.into_iter().find(|&(_, n)| n == max).map(|(d, _)| d)
}

/// The place named in the most datelines, else the place mentioned by the most articles.
fn place(input: &StoryInput) -> Option<String> {
    let mut datelines: std::collections::BTreeMap<String, usize> = Default::default();
    for (article, analysis) in input.articles.iter().zip(input.analyses) {
        for seg in analysis
            .segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Dateline)
        {
            let raw = seg.span.of(&article.text);
            let name: String = raw
                .split(['(', ':', '—', '–', ','])
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches(['-', '.'])
                .to_owned();
            if !name.is_empty() {
                *datelines.entry(title_case(&name)).or_default() += 1;
            }
        }
    }
    if let Some((name, _)) = datelines
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
    {
        return Some(name.clone());
    }
    input
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Place)
        .max_by_key(|e| (distinct_articles(e), std::cmp::Reverse(e.members[0])))
        .map(|e| e.name.clone())
}

/// "RIYADH" → "Riyadh"; mixed-case names are kept.
fn title_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn distinct_articles(e: &MergedEntity) -> usize {
    let mut a: Vec<usize> = e.members.iter().map(|&(a, _)| a).collect();
    a.dedup();
    a.len()
}

/// Whether a person is named only as someone outside the story: in credit lines (a writer,
/// editor or photographer of an outlet), as a journalist ("CNN's Pamela Brown", "correspondent
/// Ana Ruiz") or in the title of a show or work in quote marks ("told CNN's “Anderson Cooper
/// 360”").
fn outside_the_story(e: &MergedEntity, input: &StoryInput) -> bool {
    e.kind == EntityKind::Person
        && e.members.iter().all(|&(a, entity)| {
            let (Some(analysis), Some(article)) = (input.analyses.get(a), input.articles.get(a))
            else {
                return true;
            };
            let mut mentions = analysis
                .mentions
                .iter()
                .filter(|m| m.entity == entity)
                .peekable();
            mentions.peek().is_some()
                && mentions.all(|m| {
                    analysis.segments.iter().any(|seg| {
                        seg.kind == SegmentKind::Credit
                            && seg.span.start <= m.span.start
                            && m.span.end <= seg.span.end
                    }) || as_journalist(&article.text, m.span)
                        || in_quoted_title(&article.text, m.span)
                })
        })
}

/// Words right before a journalist's name.
const JOURNALIST_WORDS: &[&str] = &[
    "correspondent",
    "reporter",
    "anchor",
    "columnist",
    "host",
    "anchorman",
    "anchorwoman",
    "newscaster",
];

/// Broadcasters whose possessive before a name makes it one of their journalists ("CNN's
/// Pamela Brown").
const BROADCASTERS: &[&str] = &[
    "ABC", "AP", "BBC", "CBC", "CBS", "CNBC", "CNN", "ESPN", "MSNBC", "NBC", "NPR", "PBS",
];

/// Whether the name at `span` is introduced as a journalist's: after a journalist word, or
/// after a broadcaster's possessive.
fn as_journalist(text: &str, span: chorus_core::analysis::Span) -> bool {
    let before = text.get(..span.start).unwrap_or("").trim_end_matches(' ');
    let previous = before.rsplit([' ', '\n']).next().unwrap_or("");
    if JOURNALIST_WORDS.contains(&previous) {
        return true;
    }
    previous
        .strip_suffix("'s")
        .or_else(|| previous.strip_suffix("’s"))
        .is_some_and(|owner| BROADCASTERS.contains(&owner))
}

/// Whether the name at `span` stands in a title in quote marks on its line: at most eight
/// words, each capitalized, a number or a small word ("“State of the Union with Candy
/// Crowley”").
fn in_quoted_title(text: &str, span: chorus_core::analysis::Span) -> bool {
    const SMALL: &[&str] = &[
        "of", "the", "a", "an", "and", "in", "on", "for", "with", "at",
    ];
    let (Some(before), Some(after)) = (text.get(..span.start), text.get(span.end..)) else {
        return false;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    // Inside curly marks when the last on the line opens; inside straight ones when they are
    // odd in number.
    let (open, closer) = match (line.rfind('“'), line.rfind('”')) {
        (Some(o), c) if c.is_none_or(|c| c < o) => (o, '”'),
        _ if line.matches('"').count() % 2 == 1 => match line.rfind('"') {
            Some(o) => (o, '"'),
            None => return false,
        },
        _ => return false,
    };
    let line_end = after.find('\n').unwrap_or(after.len());
    let Some(close) = after[..line_end].find(closer) else {
        return false;
    };
    let open = line_start + open;
    let opener_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let inside = &text[open + opener_len..span.end + close];
    let words: Vec<&str> = inside
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().all(|w| {
            SMALL.contains(w)
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// The story's entities, the most widely mentioned first, at most [`MAX_ENTITIES`]; and how many
/// more there are.
fn entities(input: &StoryInput) -> (Vec<StoryEntity>, usize) {
    let mut list: Vec<&MergedEntity> = input
        .entities
        .iter()
        .filter(|e| !outside_the_story(e, input))
        .collect();
    list.sort_by_cached_key(|e| (std::cmp::Reverse(distinct_articles(e)), e.members[0]));
    let more = list.len().saturating_sub(MAX_ENTITIES);
    list.truncate(MAX_ENTITIES);
    let shown = list
        .into_iter()
        .map(|e| StoryEntity {
            name: e.name.clone(),
            kind: match e.kind {
                EntityKind::Person => "person",
                EntityKind::Organization => "organization",
                EntityKind::Place => "place",
            }
            .to_owned(),
            aliases: e.aliases.clone(),
            roles: e.roles.clone(),
            sources: input.ids(e.members.iter().map(|&(a, _)| a)),
        })
        .collect();
    (shown, more)
}

/// Syndication groups with origin, identical sets and shared passages: each distinct passage
/// once, at most [`MAX_PASSAGES`] per group, so a group of N copies lists a bounded number of
/// passages however many pairs it has.
fn syndication(input: &StoryInput) -> Vec<Syndication> {
    let mut group_of: Vec<Option<usize>> = vec![None; input.articles.len()];
    for (g, group) in input.groups.iter().enumerate() {
        for &a in &group.articles {
            if let Some(slot) = group_of.get_mut(a) {
                *slot = Some(g);
            }
        }
    }
    // Per group: the passages shown, and every distinct passage seen.
    let mut passages: Vec<(Vec<String>, std::collections::HashSet<String>)> =
        vec![Default::default(); input.groups.len()];
    for p in input.copies {
        let Some(g) = group_of.get(p.earlier).copied().flatten() else {
            continue;
        };
        let (shown, seen) = &mut passages[g];
        for x in &p.passages {
            let text = chorus_text::normalize_space(x.later.of(&input.articles[p.later].text));
            if !seen.contains(&text) {
                if shown.len() < MAX_PASSAGES {
                    shown.push(text.clone());
                }
                seen.insert(text);
            }
        }
    }
    let mut identical: Vec<Vec<Vec<String>>> = vec![Vec::new(); input.groups.len()];
    for set in input.identical {
        if let Some(g) = set
            .first()
            .and_then(|&a| group_of.get(a).copied().flatten())
        {
            identical[g].push(input.ids(set.iter().copied()));
        }
    }
    input
        .groups
        .iter()
        .zip(passages.into_iter().zip(identical))
        .map(|(g, ((shown, seen), identical))| Syndication {
            articles: input.ids(g.articles.iter().copied()),
            origin: g.origin.map(|o| input.articles[o].id.clone()),
            more_passages: seen.len() - shown.len(),
            passages: shown,
            identical,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The span of the first `name` in `text`.
    fn at(text: &str, name: &str) -> chorus_core::analysis::Span {
        let start = text.find(name).expect("name in text");
        chorus_core::analysis::Span::new(start, start + name.len())
    }

    #[test]
    fn journalists_and_titles_are_outside_the_story() {
        let t = "The official told CNN's Ana Ruiz on Monday, reports correspondent Ivo Marsh.";
        assert!(as_journalist(t, at(t, "Ana Ruiz")));
        assert!(as_journalist(t, at(t, "Ivo Marsh")));
        let t = "Apple's Ana Ruiz said the phone sold well.";
        assert!(!as_journalist(t, at(t, "Ana Ruiz")));
        let t = "he told CNN's “Ana Ruiz 360.” And on \"State of the Union with Ivo Marsh\" too.";
        assert!(in_quoted_title(t, at(t, "Ana Ruiz")));
        assert!(in_quoted_title(t, at(t, "Ivo Marsh")));
        // Straight marks closed before the name, and words of speech, are no title.
        let t = "Like \"Babel\" and Ana Ruiz's \"Crossing Over,\" it fails. \"We said Ivo Marsh was right.\"";
        assert!(!in_quoted_title(t, at(t, "Ana Ruiz")));
        assert!(!in_quoted_title(t, at(t, "Ivo Marsh")));
    }

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.to_owned(),
            source_path: String::new(),
            url: None,
            title: Some("Gale closes harbour bridge".to_owned()),
            byline: None,
            published: Some("2025-01-07".to_owned()),
            outlet: None,
            language: None,
            text: text.to_owned(),
            furniture_dates: Vec::new(),
        }
    }

    fn story(articles: &[Article]) -> Story {
        let analyzer = chorus_analyze::Analyzer::new();
        let analyses: Vec<ArticleAnalysis> = articles
            .iter()
            .map(|a| analyzer.analyze(&a.id, &a.text, None))
            .collect();
        let entities = chorus_analyze::aliases::merge(&analyses);
        let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
        let copies = chorus_relate::copies::find_all(&texts);
        let inputs: Vec<chorus_relate::syndication::SyndicationInput> = articles
            .iter()
            .map(|a| chorus_relate::syndication::SyndicationInput {
                text: &a.text,
                published: a.published.as_deref(),
                outlet: a.outlet.as_deref(),
            })
            .collect();
        let groups = chorus_relate::syndication::groups(&inputs, &copies.pairs);
        let input = StoryInput {
            articles,
            analyses: &analyses,
            entities: &entities,
            copies: &copies.pairs,
            groups: &groups,
            identical: &copies.identical,
        };
        synthesize_story("story-1".to_owned(), &input, &BriefOptions::default())
    }

    const WIRE: &str = "Gale-force winds closed the harbour bridge in the port city on Tuesday after a section of its railing was torn away, the transit authority said. No injuries were reported. The authority said engineers would inspect the span overnight and that the bridge could reopen on Wednesday if the wind eased.";

    #[test]
    fn identical_copies_form_one_set_with_each_passage_once() {
        let articles: Vec<Article> = (0..200).map(|i| article(&format!("c{i}"), WIRE)).collect();
        let s = story(&articles);
        assert_eq!(s.syndication.len(), 1);
        let g = &s.syndication[0];
        assert_eq!(g.articles.len(), 200);
        assert_eq!(g.identical.len(), 1);
        assert_eq!(g.identical[0].len(), 200);
        // 199 pairs share one passage: listed once.
        assert_eq!(g.passages.len(), 1);
        assert_eq!(g.more_passages, 0);
    }

    #[test]
    fn quotes_and_distinct_passages_are_capped_with_counts() {
        let quotes: Vec<String> = (0..MAX_QUOTES + 40)
            .map(|i| format!("“We will rebuild bridge number {i} before winter,” Jane Roe said."))
            .collect();
        let s = story(&[article("q", &quotes.join("\n\n"))]);
        assert_eq!(s.quotes.len(), MAX_QUOTES);
        assert_eq!(s.more_quotes, 40);
        // Articles each reprinting a different paragraph of one wire (no word in common with
        // the others): a distinct passage each.
        let paragraphs: Vec<String> = (0..MAX_PASSAGES + 6)
            .map(|i| {
                let words: Vec<String> = (0..30).map(|j| format!("w{i}x{j}")).collect();
                format!("{}.", words.join(" "))
            })
            .collect();
        let mut articles = vec![article("wire", &paragraphs.join("\n\n"))];
        articles.extend(
            paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| article(&format!("paper-{i}"), &format!("Local desk. {p}"))),
        );
        let s = story(&articles);
        let g = &s.syndication[0];
        // Each paper that pairs with the wire brings one passage.
        let paired = s.syndication[0].articles.len() - 1;
        assert!(paired > MAX_PASSAGES, "{paired}");
        assert_eq!(g.passages.len(), MAX_PASSAGES);
        assert_eq!(g.more_passages, paired - MAX_PASSAGES);
    }
}
