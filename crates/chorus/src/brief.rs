//! `brief`: articles in, one cited brief per story out, the largest story first.

use chorus_analyze::Analyzer;
use chorus_core::Article;
use chorus_relate::cluster::{ClusterConfig, StoryClusterer};
use chorus_relate::syndication::{groups, SyndicationInput};
use chorus_synthesize::brief::{Brief, Story, SCHEMA};
use chorus_synthesize::{article_ref, synthesize_story, BriefOptions, StoryInput};
use rayon::prelude::*;

/// Relates articles into stories and writes the brief of each.
pub fn brief(articles: &[Article], options: &BriefOptions) -> Brief {
    let analyzer = Analyzer::new();
    // The articles come as one collection: settings for its size, not for an open stream.
    let mut clusterer =
        StoryClusterer::new(ClusterConfig::default().for_collection(articles.len()));
    let mut assigned: Vec<u64> = Vec::with_capacity(articles.len());
    for a in articles {
        assigned.push(clusterer.add(&crate::cluster::cluster_input(a)));
        // An article a split moved belongs to the story it moved to.
        for m in clusterer.take_moves() {
            if let Some(story) = usize::try_from(m.article)
                .ok()
                .and_then(|i| assigned.get_mut(i))
            {
                *story = m.to;
            }
        }
    }
    // Stories that merged while the stream went on are reported as one.
    let mut stories: Vec<(u64, Vec<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<u64, usize> = Default::default();
    for (i, &story) in assigned.iter().enumerate() {
        let story = clusterer.current_story(story);
        match index.get(&story) {
            Some(&s) => stories[s].1.push(i),
            None => {
                index.insert(story, stories.len());
                stories.push((story, vec![i]));
            }
        }
    }
    // Largest first; ties in order of first article.
    stories.sort_by_key(|(_, members)| (std::cmp::Reverse(members.len()), members[0]));
    let written = stories
        .par_iter()
        .enumerate()
        .map(|(n, (_, members))| {
            let story_articles: Vec<Article> =
                members.iter().map(|&i| articles[i].clone()).collect();
            story_brief(
                &analyzer,
                format!("story-{}", n + 1),
                &story_articles,
                options,
            )
        })
        .collect();
    Brief {
        schema: SCHEMA.to_owned(),
        stories: written,
        articles: articles.iter().map(article_ref).collect(),
        sampled: None,
    }
}

/// The brief of articles the user says form one story: no clustering, every article goes into
/// one story (`story-1`), written as [`brief`] writes each story.
pub fn one_story_brief(articles: &[Article], options: &BriefOptions) -> Brief {
    let analyzer = Analyzer::new();
    let stories = if articles.is_empty() {
        Vec::new()
    } else {
        vec![story_brief(
            &analyzer,
            "story-1".to_owned(),
            articles,
            options,
        )]
    };
    Brief {
        schema: SCHEMA.to_owned(),
        stories,
        articles: articles.iter().map(article_ref).collect(),
        sampled: None,
    }
}

/// Writes the brief of articles known to form one story (no clustering).
pub fn story_brief(
    analyzer: &Analyzer,
    id: String,
    articles: &[Article],
    options: &BriefOptions,
) -> Story {
    // Undated articles read their relative dates against the story's most common date.
    let story_date = crate::analyze::story_date(articles);
    let analyses = crate::analyze::analyze_articles(analyzer, articles, story_date);
    analyzed_story_brief(id, articles, &analyses, options)
}

/// [`story_brief`] from the articles' analyses, made by
/// [`analyze_article`](crate::analyze::analyze_article) with the
/// [`story_date`](crate::analyze::story_date) of `articles` as fallback date (e.g. kept from an
/// earlier brief): the same brief, byte for byte.
pub fn analyzed_story_brief(
    id: String,
    articles: &[Article],
    analyses: &[chorus_core::analysis::ArticleAnalysis],
    options: &BriefOptions,
) -> Story {
    let entities = chorus_analyze::aliases::merge(analyses);
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    // Verbatim copies, and wire copy rewritten (derived at the syndication thresholds).
    let copies = chorus_relate::copies::find_all_with(
        chorus_relate::copies::CopyConfig {
            derivation: Some(chorus_relate::copies::DerivationConfig::for_syndication()),
            ..Default::default()
        },
        &texts,
    );
    let inputs: Vec<SyndicationInput> = articles
        .iter()
        .map(|a| SyndicationInput {
            text: &a.text,
            published: a.published.as_deref(),
            outlet: a.outlet.as_deref(),
        })
        .collect();
    let groups = groups(&inputs, &copies.pairs);
    let input = StoryInput {
        articles,
        analyses,
        entities: &entities,
        copies: &copies.pairs,
        groups: &groups,
        identical: &copies.identical,
    };
    synthesize_story(id, &input, options)
}
