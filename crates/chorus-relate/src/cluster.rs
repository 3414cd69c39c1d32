//! Streaming story clustering: each article's story decided when it arrives.

/// What the clusterer needs to know about an article.
#[derive(Debug, Clone, Copy)]
pub struct ClusterInput<'a> {
    /// Headline, when known.
    pub title: Option<&'a str>,
    /// Main text (may be empty for headline-only streams).
    pub text: &'a str,
    /// Publication time, seconds since the Unix epoch, when known.
    pub published: Option<i64>,
}

/// Assigns stories to a stream of articles.
#[derive(Debug, Default)]
pub struct StoryClusterer {
    next_story: u64,
}

impl StoryClusterer {
    /// Decides the story of the next article: returns its story id.
    pub fn add(&mut self, article: &ClusterInput) -> u64 {
        let _ = article;
        self.next_story += 1;
        self.next_story - 1
    }
}
