//! Clustering scored with sentence embeddings (cargo feature `embeddings`).
//!
//! Embeds every ECB+ document (its text) and every UCI headline (its title) with
//! all-MiniLM-L6-v2, then prints:
//!
//! * embedding throughput (texts per second, one thread) and the load time;
//! * the within-topic pairwise AUC on ECB+ of the plain embedding cosine (pairs of one topic:
//!   same gold cluster against different cluster; the look-alike events the word features
//!   confuse), beside the AUC of a plain tf-idf word cosine for reference;
//! * BCubed F1 for [`WEIGHTS`] of [`ClusterConfig::embedding_weight`]: ECB+ in file order,
//!   shuffle seeds 1-3 and the mean of [`SHUFFLES`] shuffles, and the UCI headline stream;
//! * clustering throughput (time inside [`StoryClusterer::add`](chorus_relate::cluster::StoryClusterer::add))
//!   with and without embeddings, and the process's peak memory.
//!
//! With a static table ([`StaticEmbedder`], distilled from the model once), the same report is
//! printed for it.

use super::{evaluate, load_ecb, load_uci, shuffled, Item, SHUFFLES};
use chorus_relate::cluster::ClusterConfig;
use chorus_relate::embed::{article_text, Embedder, StaticEmbedder};
use chorus_synthesize::pool::cosine;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// The embedding weights scored.
pub const WEIGHTS: [f32; 4] = [0.0, 0.25, 0.5, 0.75];

/// The weight at which clustering throughput with embeddings is measured.
const SPEED_WEIGHT: f32 = 0.5;

/// Runs the report for the model and, when `static_table` is given, for the static table
/// (distilled and saved there first if the file does not exist).
pub fn run(data_dir: &Path, model_dir: &Path, static_table: Option<&Path>) -> anyhow::Result<()> {
    let mut ecb = load_ecb(data_dir)?;
    let mut uci = load_uci(data_dir)?;
    println!(
        "clustering with sentence embeddings: ECB+ dev {} documents, UCI {} headlines",
        ecb.len(),
        uci.len()
    );
    baseline_speed(&ecb, &uci);

    let t0 = Instant::now();
    let embedder = Embedder::load(model_dir)?;
    println!(
        "\n== all-MiniLM-L6-v2 (candle, CPU, one thread) from {}: loaded in {:.2} s",
        model_dir.display(),
        t0.elapsed().as_secs_f64()
    );
    embed_all(&mut ecb, &mut uci, |t| embedder.embed(t));
    report(&ecb, &uci);

    if let Some(path) = static_table {
        let table = if path.exists() {
            StaticEmbedder::load(path, model_dir)?
        } else {
            let t0 = Instant::now();
            let table = embedder.distill()?;
            table.save(path)?;
            println!(
                "\ndistilled a static table ({} dims) in {:.1} s, saved to {}",
                table.dims(),
                t0.elapsed().as_secs_f64(),
                path.display()
            );
            table
        };
        drop(embedder);
        println!(
            "\n== static table distilled from all-MiniLM-L6-v2 ({})",
            path.display()
        );
        embed_all(&mut ecb, &mut uci, |t| table.embed(t));
        report(&ecb, &uci);
    }
    println!(
        "\npeak memory {} MB",
        crate::peak_memory_mb().map_or("?".to_string(), |m| m.to_string())
    );
    Ok(())
}

/// Embeds every item with `embed` and prints the throughput of each set.
fn embed_all(ecb: &mut [Item], uci: &mut [Item], embed: impl Fn(&str) -> Vec<f32>) {
    for (name, items) in [("ECB+ documents", ecb), ("UCI headlines", uci)] {
        let t0 = Instant::now();
        let mut bytes = 0;
        for it in items.iter_mut() {
            let text = article_text(it.title.as_deref(), &it.text);
            bytes += text.len();
            it.embedding = Some(embed(&text));
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "  embedded {} {name} in {secs:.2} s: {:.1} texts/s (mean {} bytes a text)",
            items.len(),
            items.len() as f64 / secs,
            bytes / items.len().max(1)
        );
    }
}

/// Clustering throughput without embeddings.
fn baseline_speed(ecb: &[Item], uci: &[Item]) {
    let (e, u) = (speed(ecb, 0.0), speed(uci, 0.0));
    println!("clustering speed without embeddings: ECB+ {e:.0} articles/s, UCI {u:.0} articles/s");
}

/// Articles per second inside the clusterer over the items in file order (best of 3 runs).
fn speed(items: &[Item], weight: f32) -> f64 {
    let config = ClusterConfig {
        embedding_weight: weight,
        ..ClusterConfig::default()
    };
    let refs: Vec<&Item> = items.iter().collect();
    let best = (0..3)
        .map(|_| {
            let t0 = Instant::now();
            super::cluster(&refs, config);
            t0.elapsed()
        })
        .min()
        .unwrap_or(Duration::ZERO);
    items.len() as f64 / best.as_secs_f64().max(1e-9)
}

/// The scores and speeds of the embeddings now in the items.
fn report(ecb: &[Item], uci: &[Item]) {
    let (auc_emb, pos, neg) = within_topic_auc(ecb, |i, j| cosine_of_embeddings(&ecb[i], &ecb[j]));
    let words = tfidf(ecb);
    let (auc_words, _, _) = within_topic_auc(ecb, |i, j| f64::from(cosine(&words[i], &words[j])));
    println!(
        "  ECB+ within-topic pairwise AUC (same event vs other event of one topic; {pos} + {neg} pairs): embedding cosine {auc_emb:.3}, tf-idf word cosine {auc_words:.3}"
    );
    // Whether the embedding adds to the words: the AUC of a blend of the two cosines.
    let blends: Vec<String> = [0.25, 0.5]
        .iter()
        .map(|&w| {
            let (a, _, _) = within_topic_auc(ecb, |i, j| {
                (1.0 - w) * f64::from(cosine(&words[i], &words[j]))
                    + w * cosine_of_embeddings(&ecb[i], &ecb[j])
            });
            format!("{w}: {a:.3}")
        })
        .collect();
    println!(
        "  AUC of (1-w) * word cosine + w * embedding cosine: {}",
        blends.join(", ")
    );
    println!(
        "  BCubed F1      {:>10} {:>7} {:>7} {:>7} {:>10} {:>7}",
        "file order", "seed 1", "seed 2", "seed 3", "mean 1-30", "UCI"
    );
    for w in WEIGHTS {
        let config = ClusterConfig {
            embedding_weight: w,
            ..ClusterConfig::default()
        };
        let order = |seed| -> Vec<&Item> {
            shuffled(ecb.len(), seed)
                .into_iter()
                .map(|i| &ecb[i])
                .collect()
        };
        let file: Vec<&Item> = ecb.iter().collect();
        let seeds: Vec<f64> = [1, 2, 3]
            .map(|s| evaluate(&order(s), config).bcubed.f1)
            .to_vec();
        let mean = (1..=SHUFFLES)
            .map(|s| evaluate(&order(s), config).bcubed.f1)
            .sum::<f64>()
            / SHUFFLES as f64;
        let all_uci: Vec<&Item> = uci.iter().collect();
        println!(
            "  weight {w:<4}    {:>10.3} {:>7.3} {:>7.3} {:>7.3} {:>10.3} {:>7.3}",
            evaluate(&file, config).bcubed.f1,
            seeds[0],
            seeds[1],
            seeds[2],
            mean,
            evaluate(&all_uci, config).bcubed.f1,
        );
    }
    println!(
        "  clustering speed with embeddings (weight {SPEED_WEIGHT}): ECB+ {:.0} articles/s, UCI {:.0} articles/s",
        speed(ecb, SPEED_WEIGHT),
        speed(uci, SPEED_WEIGHT)
    );
}

fn cosine_of_embeddings(a: &Item, b: &Item) -> f64 {
    match (&a.embedding, &b.embedding) {
        (Some(x), Some(y)) => x.iter().zip(y).map(|(p, q)| (p * q) as f64).sum(),
        _ => 0.0,
    }
}

/// Within each ECB+ topic, every pair of documents: positive when they share a gold cluster.
/// Returns the AUC of `score` (the probability that a random positive pair outscores a random
/// negative one, ties counting half), and the numbers of positive and negative pairs.
fn within_topic_auc(items: &[Item], score: impl Fn(usize, usize) -> f64) -> (f64, usize, usize) {
    let mut pairs: Vec<(f64, bool)> = Vec::new();
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            let (a, b) = (&items[i], &items[j]);
            if a.topic == b.topic {
                pairs.push((score(i, j), a.gold == b.gold));
            }
        }
    }
    (
        auc(&mut pairs),
        pairs.iter().filter(|p| p.1).count(),
        pairs.iter().filter(|p| !p.1).count(),
    )
}

/// Mann-Whitney AUC of scored labels (ties count half).
fn auc(pairs: &mut [(f64, bool)]) -> f64 {
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut negatives_below, mut sum) = (0.0, 0.0);
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            j += 1;
        }
        let (pos, neg) =
            pairs[i..j].iter().fold(
                (0.0, 0.0),
                |(p, n), x| {
                    if x.1 {
                        (p + 1.0, n)
                    } else {
                        (p, n + 1.0)
                    }
                },
            );
        sum += pos * (negatives_below + neg / 2.0);
        negatives_below += neg;
        i = j;
    }
    let positives = pairs.iter().filter(|p| p.1).count() as f64;
    if positives == 0.0 || negatives_below == 0.0 {
        return 0.5;
    }
    sum / (positives * negatives_below)
}

/// Unit-length tf-idf vectors of lowercased words over the items (a plain lexical reference,
/// not the clusterer's features), one per item, sorted by word.
fn tfidf(items: &[Item]) -> Vec<Vec<(String, f32)>> {
    let docs: Vec<HashMap<String, f64>> = items
        .iter()
        .map(|it| {
            let mut tf = HashMap::new();
            for w in it
                .text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
            {
                *tf.entry(w.to_lowercase()).or_insert(0.0) += 1.0;
            }
            tf
        })
        .collect();
    let mut df: HashMap<&str, f64> = HashMap::new();
    for tf in &docs {
        for w in tf.keys() {
            *df.entry(w.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let n = items.len() as f64;
    docs.iter()
        .map(|tf| {
            let mut v: Vec<(String, f32)> = tf
                .iter()
                .map(|(w, c)| {
                    let weight = (1.0 + c.ln()) * (n / df[w.as_str()]).ln();
                    (w.clone(), weight as f32)
                })
                .collect();
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-12);
            v.iter_mut().for_each(|x| x.1 /= norm);
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_half() {
        let mut perfect = vec![(0.9, true), (0.1, false), (0.8, true), (0.2, false)];
        assert_eq!(auc(&mut perfect), 1.0);
        let mut tied = vec![(0.5, true), (0.5, false)];
        assert_eq!(auc(&mut tied), 0.5);
        let mut inverted = vec![(0.1, true), (0.9, false)];
        assert_eq!(auc(&mut inverted), 0.0);
    }
}
