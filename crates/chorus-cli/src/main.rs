//! `chorus`: turns news articles into cited, cross-checked stories.

use chorus_core::Article;
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "chorus",
    version,
    about = "Turns news articles into cited, cross-checked stories."
)]
#[command(
    after_help = "Exit status: 0 when every input succeeded, 1 when some input failed, 2 on usage errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads files and directories and writes one clean article per document.
    #[command(
        after_help = "Exit status: 0 when every input succeeded, 1 when some input failed, 2 on usage errors."
    )]
    Extract {
        /// Files or directories (walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format; JSON Lines when stdout is not a terminal, Markdown when it is.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Runs an evaluation against a development set and fails below its floors.
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
    Jsonl,
    Markdown,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract { paths, format } => extract(&paths, format),
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
        Err(e) => {
            eprintln!("chorus: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Runs `chorus extract`; returns whether every input succeeded.
fn extract(paths: &[PathBuf], format: Option<Format>) -> anyhow::Result<bool> {
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Markdown
    } else {
        Format::Jsonl
    });
    let mut ok = true;
    let mut files = Vec::new();
    for path in paths {
        match chorus_ingest::list_files(path) {
            Ok(list) => files.extend(list),
            Err(e) => {
                eprintln!("chorus: {}: {e}", path.display());
                ok = false;
            }
        }
    }
    let outcomes: Vec<_> = files
        .par_iter()
        .map(|f| {
            let outcome = chorus_ingest::read_file(f);
            let articles = outcome.documents.map(|docs| {
                docs.into_iter()
                    .map(|d| {
                        let id = d.id.clone();
                        chorus_clean::clean(d).map_err(|e| (id, e))
                    })
                    .collect::<Vec<_>>()
            });
            (outcome.path, articles)
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (path, articles) in outcomes {
        match articles {
            Err(e) => {
                eprintln!("chorus: {}: {e}", path.display());
                ok = false;
            }
            Ok(list) => {
                for a in list {
                    match a {
                        Ok(article) => write_article(&mut out, &article, format)?,
                        Err((id, e)) => {
                            eprintln!("chorus: {} ({id}): {e}", path.display());
                            ok = false;
                        }
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(ok)
}

fn write_article(out: &mut impl Write, a: &Article, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, a)?;
            writeln!(out)?;
        }
        Format::Markdown => {
            writeln!(out, "# {}\n", a.title.as_deref().unwrap_or(&a.id))?;
            writeln!(out, "{}\n", a.text)?;
        }
    }
    Ok(())
}
