//! `cluster`: a JSON Lines stream of articles in, one `{"id","story"}` line per article out.

use std::io::{BufRead, Write};

/// Reads articles (the JSON Lines of `chorus extract`) from `input` in order and writes each
/// one's story as it is decided. Returns the number of articles.
pub fn cluster_jsonl(input: impl BufRead, mut output: impl Write) -> anyhow::Result<usize> {
    let mut clusterer = chorus_relate::cluster::StoryClusterer::default();
    let mut n = 0;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let article: serde_json::Value = serde_json::from_str(&line)?;
        let story = clusterer.add(&chorus_relate::cluster::ClusterInput {
            title: article["title"].as_str(),
            text: article["text"].as_str().unwrap_or(""),
            published: None,
        });
        serde_json::to_writer(
            &mut output,
            &serde_json::json!({"id": article["id"], "story": story}),
        )?;
        writeln!(output)?;
        n += 1;
    }
    Ok(n)
}
