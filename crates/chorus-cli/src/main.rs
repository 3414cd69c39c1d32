//! `chorus`: turns news articles into cited, cross-checked stories.
//!
//! A thin shell: argument parsing and output formatting only; the work is in the library crates.

mod service;

use chorus_core::Article;
use chorus_synthesize::render::{md, md_block, md_code, strip_controls};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_STATUS_HELP: &str =
    "Exit status: 0 when every input succeeded (a page with no article text is skipped, said on stderr), 1 when some input failed, 2 on usage errors.";

#[derive(Parser)]
#[command(
    name = "chorus",
    version,
    about = "Turns news articles into cited, cross-checked stories.",
    after_help = EXIT_STATUS_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads files and directories and writes one clean article per document.
    ///
    /// Reads plain text (.txt), HTML pages (.html, .htm), JSON Lines (.jsonl: `id` and `text`
    /// required), RSS and Atom feeds (.xml, .rss, .atom) and WARC archives (.warc); any of them
    /// gzipped. A file without a known extension is recognised by its content. Each bad input
    /// gets one line on stderr naming it and the reason; the others are still processed.
    #[command(after_help = EXIT_STATUS_HELP)]
    Extract {
        /// Files or directories (walked recursively, in path order); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format [default: jsonl when stdout is not a terminal, else markdown].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Largest single document accepted, in MiB (1 to 4096).
        #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=4096))]
        max_document_mib: u64,
    },
    /// Analyses articles: sentences, entities with roles, quotes with speakers, time expressions.
    ///
    /// Reads every input `chorus extract` reads. Relative time expressions are resolved against
    /// each article's publication date, or `--reference-date` for articles without one. Entities
    /// are also merged across all the articles (name variants, surnames, transliterations).
    #[command(after_help = EXIT_STATUS_HELP)]
    Analyze {
        /// Files or directories (walked recursively, in path order); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AnalyzeFormat::Json)]
        format: AnalyzeFormat,
        /// Date (YYYY-MM-DD) anchoring "Tuesday" or "last week" in articles without a date.
        #[arg(long, value_parser = parse_date)]
        reference_date: Option<chrono::NaiveDate>,
    },
    /// Relates articles into stories and writes a cited, cross-checked brief of each, the largest
    /// story first.
    #[command(after_help = EXIT_STATUS_HELP)]
    Brief {
        /// Files or directories (walked recursively, in path order); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = BriefFormat::Markdown)]
        format: BriefFormat,
        /// Upper bound on each summary's words (at least 1).
        #[arg(long, default_value_t = 150, value_parser = clap::value_parser!(u32).range(1..))]
        max_words: u32,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The articles form one story: no clustering, every article read goes into a single
        /// story, briefed as any story is.
        #[arg(long)]
        one_story: bool,
    },
    /// Finds articles that reprint each other's text, with the shared passages (JSON Lines).
    ///
    /// One line per copy pair (`a`, `b`, `shared_words`, `containment`, `passages`). Articles
    /// with identical text pair only with the first of them, and one `{"identical": [ids]}` line
    /// per such set follows the pairs.
    #[command(after_help = EXIT_STATUS_HELP)]
    Copies {
        /// Files or directories (walked recursively, in path order); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Assigns each article of a JSON Lines stream (as `chorus extract` writes) to a story, in
    /// input order, with no look-ahead: one `{"id","story"}` line per article.
    ///
    /// Reads the JSON Lines of `chorus extract` (one article a line, with `id` and `text`), e.g.
    /// `chorus extract DIR | chorus cluster -`.
    ///
    /// Writes one line per article, in input order: `{"id": ID, "story": N}`, the story the
    /// article joined when it arrived. When an article shows that two stories are one, a merge
    /// line follows its line: `{"merge": {"from": S1, "into": S2}, "after": ID}`: every article
    /// of story S1, earlier or later, now belongs to story S2. Merges chain; apply them in order
    /// to get each article's final story.
    ///
    /// A line that is not an article (not JSON, no `id` or `text`) is skipped with an error on
    /// stderr naming the input and the line; the others are still clustered.
    #[command(
        after_help = "Exit status: 0 when every line was an article, 1 when a line was skipped or the input holds no article or cannot be read, 2 on usage errors."
    )]
    Cluster {
        /// The JSON Lines file (`-` for standard input).
        input: PathBuf,
    },
    /// Adds articles to the embedded store (SQLite + search index in --data): each new article
    /// joins or starts a story, a changed one becomes a new revision, a known one changes
    /// nothing; then the briefs of the stories that changed are rewritten.
    #[command(after_help = EXIT_STATUS_HELP)]
    Ingest {
        /// Files or directories, as for `chorus extract`; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The store directory.
        #[arg(long, default_value = service::DEFAULT_DATA)]
        data: PathBuf,
        /// Per-article report on stdout [default: jsonl when stdout is not a terminal, else none].
        #[arg(long, value_enum)]
        report: Option<service::IngestReport>,
        /// Leave the briefs of the stories it changed to be written later: `chorus serve` writes
        /// them in the background (a story asked for first, at once), or the next `chorus
        /// ingest` does. For a bulk load, whose briefs would otherwise take longer than the
        /// load.
        #[arg(long)]
        defer_briefs: bool,
    },
    /// Serves the store: the web app, the JSON API (/openapi.json) and live events.
    Serve {
        /// The store directory.
        #[arg(long, default_value = service::DEFAULT_DATA)]
        data: PathBuf,
        /// Address to listen on; a non-loopback address needs a token.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Token that writes (POST /api/articles) must carry as `Authorization: Bearer <token>`.
        #[arg(long, env = "CHORUS_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Seconds between looks for feeds due a poll (0 turns polling off).
        #[arg(long, default_value_t = 60)]
        poll_every: u64,
        /// Let feeds, their redirects and teaser links reach loopback, private and link-local
        /// addresses (refused by default: a feed could otherwise read internal services).
        #[arg(long)]
        allow_private_addresses: bool,
        /// Create the store directory when it does not exist, and serve the new, empty store
        /// (without it, a missing directory, say a mistyped --data, is refused).
        #[arg(long)]
        create: bool,
    },
    /// Manages the feeds the store polls.
    Feeds {
        #[command(subcommand)]
        which: service::FeedsCommand,
    },
    /// Polls every feed that is due, once, and ingests what they bring.
    Poll {
        /// The store directory.
        #[arg(long, default_value = service::DEFAULT_DATA)]
        data: PathBuf,
        /// Let feeds, their redirects and teaser links reach loopback, private and link-local
        /// addresses (refused by default: a feed could otherwise read internal services).
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Runs an evaluation against a development set; fails below its floors.
    Eval {
        #[command(subcommand)]
        which: EvalCommand,
    },
    /// Measures a stage's throughput and peak memory.
    Bench {
        #[command(subcommand)]
        which: BenchCommand,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Entities and roles, quotes and speakers, time expressions, against the gold annotations;
    /// time expressions with their TIMEX3 types and values on timex-dev.
    Analysis {
        /// The data directory holding multinews-dev, ecbplus-dev and timex-dev.
        dir: PathBuf,
        /// Run only one of the evaluations.
        #[arg(long, value_enum)]
        only: Option<chorus_eval::analysis::Part>,
    },
    /// Story clustering: ECB+ (shuffled orders too) and the UCI headline stream; copy detection.
    Clustering {
        /// The data directory holding ecbplus-dev and uci-headlines.
        dir: PathBuf,
        /// Instead, score clustering with sentence embeddings from this all-MiniLM-L6-v2
        /// directory (config.json, model.safetensors, tokenizer.json; printed by
        /// scripts/install-embedding-model) at several weights, with their cost in speed. Needs
        /// a build with `--features embeddings`.
        #[arg(long)]
        embeddings_model: Option<PathBuf>,
        /// With --embeddings-model, also score a static table distilled from the model: read
        /// from this file, or distilled and written there if it does not exist.
        #[arg(long, requires = "embeddings_model")]
        static_table: Option<PathBuf>,
        /// Run only one of the evaluations (`reuse`: derivation from wire copy on reuse-dev).
        #[arg(long, value_enum, conflicts_with = "embeddings_model")]
        only: Option<chorus_eval::clustering::Part>,
    },
    /// Briefs: ROUGE on multinews-dev beside TextRank, and the faithfulness gates.
    Summarization {
        /// The data directory holding multinews-dev.
        dir: PathBuf,
    },
    /// The whole brief of each brief-dev event as one story, scored part by part as its
    /// `score.py` scores it; held-out events reported apart.
    Brief {
        /// The `brief-dev` directory (EVENT/ folders beside EVENT.gold.json).
        dir: PathBuf,
        /// Also run `python3 score.py` on every event's brief and compare its scores with ours.
        #[arg(long)]
        check_with_python: bool,
    },
    /// Main text (trafilatura set), dates (htmldate set), metadata (Readability pages).
    Extraction {
        /// The `extraction-dev` directory.
        dir: PathBuf,
        /// Run only one of the three evaluations.
        #[arg(long, value_enum)]
        only: Option<chorus_eval::extraction::Part>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum BriefFormat {
    /// Readable in a terminal.
    Markdown,
    /// The `chorus.brief/1` schema (docs/brief-schema.md).
    Json,
    /// One self-contained page (no external assets), readable on a phone.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnalyzeFormat {
    /// One JSON document: `{"articles": [...], "entities": [...]}`.
    Json,
    /// Readable text for people.
    Markdown,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s}: {e} (want YYYY-MM-DD)"))
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Articles per second and peak memory of streaming clustering (100k and 1M article streams).
    Cluster {
        /// The data directory the streams are built from.
        dir: PathBuf,
    },
    /// MB of text per second and peak memory of analysis over all multinews-dev documents.
    Analyze {
        /// The data directory holding multinews-dev.
        dir: PathBuf,
    },
    /// The store and server: ingest and brief throughput, then requests per second and latency
    /// percentiles of the story list and of single stories, over loopback.
    Serve {
        /// Stories in the store.
        #[arg(long, default_value_t = 10_000)]
        stories: usize,
        /// Seconds of load per endpoint.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        connections: usize,
    },
    /// Pages per second and peak memory of extraction on the trafilatura set.
    Extract {
        /// The `extraction-dev` directory.
        dir: PathBuf,
    },
    /// The store at feed scale, as curves: a stream of up to a million articles made from the
    /// dev data ingested into a fresh store, with ingest rate, disk, memory, brief refresh time
    /// and query latency at 10k, 100k and 1M articles.
    Scale {
        /// The data directory holding multinews-dev.
        dir: PathBuf,
        /// Articles in the stream.
        #[arg(long, default_value_t = 1_000_000)]
        articles: usize,
        /// Keep the store in this directory (default: a temporary one, removed at the end); a
        /// store that already holds the stream (an earlier run's) only has its queries timed.
        #[arg(long)]
        store: Option<PathBuf>,
        /// Time the ingest alone: no brief is rewritten.
        #[arg(long)]
        no_briefs: bool,
    },
    /// One story growing to 10,000 articles in a fresh store, its brief rewritten after each
    /// batch: the time of a refresh (after a batch, after one more article), the time to read the
    /// brief and the memory at 10, 100, 1,000 and 10,000 articles.
    Story {
        /// The data directory holding multinews-dev.
        dir: PathBuf,
        /// Articles the story grows to.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Keep the store in this directory (default: a temporary one, removed at the end).
        #[arg(long)]
        store: Option<PathBuf>,
    },
    /// Writes the stream `bench scale` ingests as JSON Lines to standard output, to feed
    /// `chorus ingest` by hand (e.g. to watch its progress or to kill and resume it).
    Stream {
        /// The data directory holding multinews-dev.
        dir: PathBuf,
        /// Articles in the stream.
        #[arg(long, default_value_t = 1_000_000)]
        articles: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per article and line.
    Jsonl,
    /// Readable text for people.
    Markdown,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server reports what it does; the batch commands only what goes wrong. Libraries speak
    // only of their own failures: the trafilatura crate warns about every page with malformed
    // JSON-LD and html5ever about every table it repairs (noise to a user), and the search
    // library logs each index commit at info.
    service::init_logging(if matches!(cli.command, Command::Serve { .. }) {
        "info,trafilatura=off,html5ever=off,tantivy=warn"
    } else {
        "warn,trafilatura=off,html5ever=off"
    });
    let result = match cli.command {
        Command::Extract {
            paths,
            format,
            max_document_mib,
        } => extract(&paths, format, max_document_mib),
        Command::Analyze {
            paths,
            format,
            reference_date,
        } => analyze(&paths, format, reference_date),
        Command::Brief {
            paths,
            format,
            max_words,
            output,
            one_story,
        } => brief(&paths, format, max_words, output.as_deref(), one_story),
        Command::Copies { paths } => copies(&paths),
        Command::Ingest {
            paths,
            data,
            report,
            defer_briefs,
        } => service::ingest(&paths, &data, report, defer_briefs),
        Command::Serve {
            data,
            addr,
            token,
            poll_every,
            allow_private_addresses,
            create,
        } => service::serve(
            &data,
            addr,
            token,
            service::ServeOptions {
                poll_every,
                allow_private_addresses,
                create,
            },
        ),
        Command::Feeds { which } => service::feeds(which),
        Command::Poll {
            data,
            allow_private_addresses,
        } => service::poll(&data, allow_private_addresses),
        Command::Cluster { input } => cluster(&input),
        Command::Eval {
            which: EvalCommand::Summarization { dir },
        } => chorus_eval::summarization::run(&dir),
        Command::Eval {
            which:
                EvalCommand::Brief {
                    dir,
                    check_with_python,
                },
        } => chorus_eval::brief::run(&dir, check_with_python),
        Command::Eval {
            which:
                EvalCommand::Clustering {
                    dir,
                    embeddings_model: None,
                    only,
                    ..
                },
        } => chorus_eval::clustering::run(&dir, only),
        Command::Eval {
            which:
                EvalCommand::Clustering {
                    dir,
                    embeddings_model: Some(model),
                    static_table,
                    ..
                },
        } => chorus_eval::clustering::run_embeddings(&dir, &model, static_table.as_deref()),
        Command::Bench {
            which: BenchCommand::Cluster { dir },
        } => chorus_eval::clustering::bench(&dir).map(|()| true),
        Command::Eval {
            which: EvalCommand::Analysis { dir, only },
        } => chorus_eval::analysis::run(&dir, only),
        Command::Bench {
            which: BenchCommand::Analyze { dir },
        } => chorus_eval::analysis::bench(&dir).map(|()| true),
        Command::Eval {
            which: EvalCommand::Extraction { dir, only },
        } => chorus_eval::extraction::run(&dir, only),
        Command::Bench {
            which:
                BenchCommand::Serve {
                    stories,
                    seconds,
                    connections,
                },
        } => chorus_eval::service::bench(stories, seconds, connections).map(|()| true),
        Command::Bench {
            which: BenchCommand::Extract { dir },
        } => chorus_eval::extraction::bench(&dir).map(|()| true),
        Command::Bench {
            which:
                BenchCommand::Scale {
                    dir,
                    articles,
                    store,
                    no_briefs,
                },
        } => chorus_eval::scale::bench(&dir, articles, store.as_deref(), no_briefs).map(|()| true),
        Command::Bench {
            which:
                BenchCommand::Story {
                    dir,
                    articles,
                    store,
                },
        } => chorus_eval::scale::bench_story(&dir, articles, store.as_deref()).map(|()| true),
        Command::Bench {
            which: BenchCommand::Stream { dir, articles },
        } => chorus_eval::feed_stream::write_jsonl(&dir, articles, std::io::stdout().lock())
            .map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chorus: {}", strip_controls(&error_line(&e)));
            ExitCode::from(1)
        }
    }
}

/// An error and its causes on one line, each said once: a cause that its parent's message
/// already ends with (an error that quotes its source) is not repeated.
fn error_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.ends_with(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Whether an error is a closed output pipe (`chorus extract … | head`), which is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let io_kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        io_kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs `chorus extract`; returns whether every input succeeded.
fn extract(
    paths: &[PathBuf],
    format: Option<Format>,
    max_document_mib: u64,
) -> anyhow::Result<bool> {
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Markdown
    } else {
        Format::Jsonl
    });
    let limits = chorus_ingest::Limits {
        // In range by the argument's parser: at most 4 GiB.
        max_document_bytes: usize::try_from(max_document_mib << 20)?,
        ..chorus_ingest::Limits::default()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut all_ok = true;
    let mut extracted = 0usize;
    chorus::extract::extract(paths, &limits, |item| -> std::io::Result<()> {
        match item {
            Ok(article) => {
                extracted += 1;
                write_article(&mut out, &article, format)
            }
            Err(e) => {
                all_ok &= e.is_skipped();
                eprintln!("chorus: {}", input_error_line(&e));
                Ok(())
            }
        }
    })?;
    out.flush()?;
    if extracted == 0 {
        return Err(no_articles(paths));
    }
    Ok(all_ok)
}

/// How an input that yielded no article is reported: a page with no article text as skipped,
/// anything else as the error it is (control characters dropped).
pub(crate) fn input_error_line(e: &chorus::extract::ExtractError) -> String {
    let line = strip_controls(&e.to_string()).into_owned();
    if e.is_skipped() {
        format!("{line} (skipped)")
    } else {
        line
    }
}

/// Extracts every article of `paths`, reporting failures on stderr; returns the articles and
/// whether every input succeeded (a page with no article text is skipped, not failed).
fn read_articles(paths: &[PathBuf]) -> anyhow::Result<(Vec<Article>, bool)> {
    let mut articles = Vec::new();
    let mut all_ok = true;
    chorus::extract::extract(
        paths,
        &chorus_ingest::Limits::default(),
        |item| -> anyhow::Result<()> {
            match item {
                Ok(article) => articles.push(article),
                Err(e) => {
                    all_ok &= e.is_skipped();
                    eprintln!("chorus: {}", input_error_line(&e));
                }
            }
            Ok(())
        },
    )?;
    if articles.is_empty() {
        return Err(no_articles(paths));
    }
    Ok((articles, all_ok))
}

/// The error of a command whose inputs held no article, the same in every command (on stderr,
/// exit status 1).
fn no_articles(paths: &[PathBuf]) -> anyhow::Error {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| {
            if p.as_os_str() == chorus::extract::STDIN_ARG {
                "standard input".to_owned()
            } else {
                p.display().to_string()
            }
        })
        .collect();
    if paths.len() > SHOWN {
        names.push(format!("… ({} paths)", paths.len()));
    }
    anyhow::anyhow!(
        "no articles in {}; chorus reads .txt, .html, .htm, .jsonl, .xml, .rss, .atom and .warc files (gzipped or not), directories of them, and `-` for standard input",
        names.join(", ")
    )
}

/// Runs `chorus brief`; returns whether every input succeeded.
fn brief(
    paths: &[PathBuf],
    format: BriefFormat,
    max_words: u32,
    output: Option<&std::path::Path>,
    one_story: bool,
) -> anyhow::Result<bool> {
    // The analyzer's set-up (gazetteers, patterns) is built on another core while the files
    // are read and cleaned; the analysis waits for whatever is not ready yet.
    std::thread::spawn(chorus_analyze::prepare);
    let (articles, all_ok) = read_articles(paths)?;
    let options = chorus_synthesize::BriefOptions {
        max_words: usize::try_from(max_words)?,
    };
    let brief = if one_story {
        chorus::brief::one_story_brief(&articles, &options)
    } else {
        chorus::brief::brief(&articles, &options)
    };
    let text = match format {
        BriefFormat::Markdown => chorus_synthesize::render::markdown(&brief),
        BriefFormat::Json => serde_json::to_string_pretty(&brief)? + "\n",
        BriefFormat::Html => chorus_synthesize::render::html(&brief),
    };
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(all_ok)
}

/// How to get what `chorus cluster` reads, for its error messages.
const CLUSTER_INPUT_HELP: &str = "cluster reads the JSON Lines that `chorus extract` writes (one article a line, with `id` and `text`)";

/// Runs `chorus cluster`; returns whether every line was an article (bad lines are skipped,
/// each named on stderr) and there was at least one.
fn cluster(input: &std::path::Path) -> anyhow::Result<bool> {
    let stdin = input.as_os_str() == chorus::extract::STDIN_ARG;
    let name = if stdin {
        "standard input".to_owned()
    } else {
        input.display().to_string()
    };
    // What to run instead, for the messages: extract the input, pipe it to cluster.
    let instead = |what: &str| {
        anyhow::anyhow!(
            "{name}: {what}; {CLUSTER_INPUT_HELP}: run `chorus extract {} | chorus cluster -`",
            if stdin { "PATH..." } else { &name }
        )
    };
    let reader: Box<dyn std::io::BufRead> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        if input.is_dir() {
            return Err(instead("is a directory"));
        }
        let file =
            std::fs::File::open(input).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
        Box::new(std::io::BufReader::new(file))
    };
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let mut bad_lines = 0usize;
    let report = |bad: chorus::cluster::BadLine| {
        bad_lines += 1;
        eprintln!("chorus: {}", strip_controls(&format!("{name}: {bad}")));
    };
    let clustered = chorus::cluster::cluster_jsonl(reader, out, report)?;
    if clustered == 0 {
        let what = if bad_lines == 0 {
            "no articles".to_owned()
        } else {
            format!(
                "no articles ({} skipped)",
                count(bad_lines as u64, "bad line")
            )
        };
        return Err(instead(&what));
    }
    if bad_lines > 0 {
        eprintln!(
            "chorus: {name}: {} skipped, {} clustered; {CLUSTER_INPUT_HELP}",
            count(bad_lines as u64, "bad line"),
            count(clustered as u64, "article")
        );
    }
    Ok(bad_lines == 0)
}

/// `n` and the noun, plural unless `n` is 1: "1 article", "3 articles", "2 stories".
fn count(n: u64, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {noun}s"),
    }
}

/// Runs `chorus copies`; returns whether every input succeeded.
fn copies(paths: &[PathBuf]) -> anyhow::Result<bool> {
    let (articles, all_ok) = read_articles(paths)?;
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let copies = chorus_relate::copies::find_all(&texts);
    for pair in &copies.pairs {
        let (a, b) = (&articles[pair.earlier], &articles[pair.later]);
        let (in_a, in_b) = (
            chorus::analyze::CharOffsets::new(&a.text),
            chorus::analyze::CharOffsets::new(&b.text),
        );
        let passages: Vec<_> = pair
            .passages
            .iter()
            .map(|p| {
                serde_json::json!({
                    "words": p.words,
                    "text": p.later.of(&b.text),
                    "in_a": in_a.span(p.earlier),
                    "in_b": in_b.span(p.later),
                })
            })
            .collect();
        let line = serde_json::json!({
            "a": a.id,
            "b": b.id,
            "shared_words": pair.shared_words,
            "containment": (pair.containment * 1000.0).round() / 1000.0,
            "passages": passages,
        });
        serde_json::to_writer(&mut out, &line)?;
        writeln!(out)?;
    }
    for set in &copies.identical {
        let ids: Vec<&str> = set.iter().map(|&i| articles[i].id.as_str()).collect();
        serde_json::to_writer(&mut out, &serde_json::json!({ "identical": ids }))?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(all_ok)
}

/// Runs `chorus analyze`; returns whether every input succeeded.
fn analyze(
    paths: &[PathBuf],
    format: AnalyzeFormat,
    reference_date: Option<chrono::NaiveDate>,
) -> anyhow::Result<bool> {
    let (articles, all_ok) = read_articles(paths)?;
    let analyzer = chorus_analyze::Analyzer::new();
    let analyses = chorus::analyze::analyze_articles(&analyzer, &articles, reference_date);
    let merged = chorus_analyze::aliases::merge(&analyses);
    let views: Vec<_> = articles
        .iter()
        .zip(&analyses)
        .map(|(a, x)| chorus::analyze::AnalysisView::new(&a.text, x))
        .collect();
    let merged: Vec<_> = merged
        .iter()
        .map(|m| chorus::analyze::MergedEntityView::new(m, &analyses))
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        AnalyzeFormat::Json => {
            #[derive(serde::Serialize)]
            struct Output<'a> {
                articles: &'a [chorus::analyze::AnalysisView],
                entities: &'a [chorus::analyze::MergedEntityView],
            }
            let output = Output {
                articles: &views,
                entities: &merged,
            };
            serde_json::to_writer_pretty(&mut out, &output)?;
            writeln!(out)?;
        }
        AnalyzeFormat::Markdown => write_analysis_markdown(&mut out, &views, &merged)?,
    }
    out.flush()?;
    Ok(all_ok)
}

/// Writes `chorus analyze --format markdown`; every value from the articles is escaped.
fn write_analysis_markdown(
    out: &mut impl Write,
    views: &[chorus::analyze::AnalysisView],
    merged: &[chorus::analyze::MergedEntityView],
) -> std::io::Result<()> {
    writeln!(
        out,
        "# Entities across {}\n",
        count(views.len() as u64, "article")
    )?;
    for e in merged {
        let kind = serde_json::to_value(e.kind).unwrap_or_default();
        write!(
            out,
            "- **{}** ({})",
            md(&e.name),
            kind.as_str().unwrap_or("")
        )?;
        if !e.roles.is_empty() {
            write!(out, " — {}", md(&e.roles.join("; ")))?;
        }
        if !e.aliases.is_empty() {
            write!(out, " — also: {}", md(&e.aliases.join(", ")))?;
        }
        writeln!(out, " — in {}", md(&e.articles.join(", ")))?;
    }
    for v in views {
        writeln!(out, "\n## {}\n", md(&v.id))?;
        for q in &v.quotes {
            let who = q
                .speaker
                .as_deref()
                .map_or_else(|| "(speaker unknown)".to_owned(), md);
            writeln!(out, "- {who}: “{}”", md(&q.span.text))?;
        }
        for t in &v.times {
            writeln!(out, "- “{}” → {}", md(&t.span.text), md(&t.value))?;
        }
    }
    Ok(())
}

fn write_article(out: &mut impl Write, a: &Article, format: Format) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, a)?;
            writeln!(out)
        }
        Format::Markdown => {
            // Every value comes from the document: escaped, control characters dropped.
            writeln!(
                out,
                "# {}\n",
                a.title
                    .as_deref()
                    .map_or_else(|| "(untitled)".to_owned(), md)
            )?;
            let facts: Vec<String> = [
                Some(format!("id {}", md_code(&a.id))),
                a.outlet.as_deref().map(md),
                a.byline.as_deref().map(|b| format!("by {}", md(b))),
                a.published.as_deref().map(md),
                a.language.as_deref().map(md),
                a.url.as_deref().map(md),
            ]
            .into_iter()
            .flatten()
            .collect();
            writeln!(out, "*{}*\n", facts.join(" · "))?;
            writeln!(out, "{}\n\n---\n", md_block(&a.text))
        }
    }
}
