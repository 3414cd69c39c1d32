//! `chorus`: turns news articles into cited, cross-checked stories.
//!
//! A thin shell: argument parsing and output formatting only; the work is in the library crates.

use chorus_core::Article;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_STATUS_HELP: &str =
    "Exit status: 0 when every input succeeded, 1 when some input failed, 2 on usage errors.";

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
        /// Files or directories (walked recursively, in path order).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format [default: jsonl when stdout is not a terminal, else markdown].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Largest single document accepted, in MiB.
        #[arg(long, default_value_t = 16)]
        max_document_mib: usize,
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
    /// Main text (trafilatura set), dates (htmldate set), metadata (Readability pages).
    Extraction {
        /// The `extraction-dev` directory.
        dir: PathBuf,
        /// Run only one of the three evaluations.
        #[arg(long, value_enum)]
        only: Option<chorus_eval::extraction::Part>,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Pages per second and peak memory of extraction on the trafilatura set.
    Extract {
        /// The `extraction-dev` directory.
        dir: PathBuf,
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
    let result = match cli.command {
        Command::Extract {
            paths,
            format,
            max_document_mib,
        } => extract(&paths, format, max_document_mib),
        Command::Eval {
            which: EvalCommand::Extraction { dir, only },
        } => chorus_eval::extraction::run(&dir, only),
        Command::Bench {
            which: BenchCommand::Extract { dir },
        } => chorus_eval::extraction::bench(&dir).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chorus: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Whether an error is a closed output pipe (`chorus extract … | head`), which is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Runs `chorus extract`; returns whether every input succeeded.
fn extract(
    paths: &[PathBuf],
    format: Option<Format>,
    max_document_mib: usize,
) -> anyhow::Result<bool> {
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Markdown
    } else {
        Format::Jsonl
    });
    let limits = chorus_ingest::Limits {
        max_document_bytes: max_document_mib << 20,
        ..chorus_ingest::Limits::default()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut all_ok = true;
    chorus::extract::extract(paths, &limits, |item| -> std::io::Result<()> {
        match item {
            Ok(article) => write_article(&mut out, &article, format),
            Err(e) => {
                all_ok = false;
                eprintln!("chorus: {e}");
                Ok(())
            }
        }
    })?;
    out.flush()?;
    Ok(all_ok)
}

fn write_article(out: &mut impl Write, a: &Article, format: Format) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, a)?;
            writeln!(out)
        }
        Format::Markdown => {
            writeln!(out, "# {}\n", a.title.as_deref().unwrap_or("(untitled)"))?;
            let facts: Vec<String> = [
                Some(format!("id `{}`", a.id)),
                a.outlet.clone(),
                a.byline.as_ref().map(|b| format!("by {b}")),
                a.published.clone(),
                a.language.clone(),
                a.url.clone(),
            ]
            .into_iter()
            .flatten()
            .collect();
            writeln!(out, "*{}*\n", facts.join(" · "))?;
            writeln!(out, "{}\n\n---\n", a.text)
        }
    }
}
