//! End-to-end: what a newcomer meets in the first hour (issue 16): errors that say what to do,
//! the same behaviour in every command that reads articles, and the README's commands as written.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn chorus_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the chorus binary runs");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn chorus(args: &[&str]) -> Output {
    chorus_in(Path::new("."), args, b"")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// A plain-text article of our own (never dev data).
const ARTICLE: &str = "Harbour bridge reopens after storm repairs\n\nThe harbour bridge in Port Ellis reopened on Friday after three months of repairs, the city council said.\n\nTraffic was light in the morning.\n";

#[test]
fn cluster_on_a_directory_says_what_it_reads_and_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let arg = dir.path().to_str().unwrap();
    let out = chorus(&["cluster", arg]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("chorus: {arg}: is a directory; cluster reads the JSON Lines that `chorus extract` writes (one article a line, with `id` and `text`): run `chorus extract {arg} | chorus cluster -`\n")
    );
}

#[test]
fn cluster_on_plain_text_names_the_file_and_line_and_says_how_to_get_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.txt");
    std::fs::write(&path, ARTICLE).unwrap();
    let arg = path.to_str().unwrap();
    let out = chorus(&["cluster", arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "chorus: {arg}: line 1: not JSON (expected value at column 1)\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{arg}: no articles (3 bad lines skipped)"))
            && err.contains(&format!("run `chorus extract {arg} | chorus cluster -`")),
        "{err}"
    );
}

#[test]
fn cluster_names_the_real_line_and_refuses_lines_without_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.jsonl");
    std::fs::write(
        &path,
        concat!(
            "{\"id\":\"a\",\"text\":\"The harbour bridge reopened.\"}\n",
            "{\"id\": \"b\", \"text\": \n",
            "{\"text\":\"no id\"}\n",
            "{\"id\":\"c\"}\n",
        ),
    )
    .unwrap();
    let arg = path.to_str().unwrap();
    let out = chorus(&["cluster", arg]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"id\":\"a\",\"story\":0}\n",
        "no {{\"id\":null}} line"
    );
    assert_eq!(
        stderr(&out),
        format!(
            "chorus: {arg}: line 2: not JSON (EOF while parsing a value at column 19)\n\
             chorus: {arg}: line 3: no `id` (a non-empty string or a number)\n\
             chorus: {arg}: line 4: no string `text`\n\
             chorus: {arg}: 3 bad lines skipped, 1 article clustered; cluster reads the JSON Lines that `chorus extract` writes (one article a line, with `id` and `text`)\n"
        )
    );
}

#[test]
fn an_empty_input_is_an_error_in_every_command_that_reads_articles() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let data = dir.path().join("data");
    let (empty, data) = (empty.to_str().unwrap(), data.to_str().unwrap());
    let expected = format!("chorus: no articles in {empty}; chorus reads .txt, .html, .htm, .jsonl, .xml, .rss, .atom and .warc files (gzipped or not), directories of them, and `-` for standard input\n");
    for args in [
        vec!["extract", empty],
        vec!["analyze", empty],
        vec!["copies", empty],
        vec!["brief", empty],
        vec!["ingest", empty, "--data", data],
    ] {
        let out = chorus(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&out).ends_with(&expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = chorus(&["cluster", "-"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("chorus: standard input: no articles; cluster reads"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_dash_reads_standard_input_in_every_command_that_reads_articles() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let here = dir.path();
    let out = chorus_in(here, &["extract", "-"], ARTICLE.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["id"], "stdin");
    assert_eq!(
        article["title"],
        "Harbour bridge reopens after storm repairs"
    );
    let jsonl = out.stdout;
    for args in [
        vec!["analyze", "-"],
        vec!["copies", "-"],
        vec!["brief", "-"],
        vec!["ingest", "-", "--data", data, "--report", "jsonl"],
        vec!["cluster", "-"],
    ] {
        // Plain text and the JSON Lines of `extract -`; cluster reads only the latter.
        let inputs: &[&[u8]] = if args[0] == "cluster" {
            &[&jsonl]
        } else {
            &[ARTICLE.as_bytes(), &jsonl]
        };
        for input in inputs {
            let out = chorus_in(here, &args, input);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            if !["copies", "brief"].contains(&args[0]) {
                assert!(
                    String::from_utf8_lossy(&out.stdout).contains("stdin"),
                    "{args:?}"
                );
            }
        }
    }
}

#[test]
fn counts_are_singular_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = chorus_in(
        dir.path(),
        &["ingest", "-", "--data", data.to_str().unwrap()],
        ARTICLE.as_bytes(),
    );
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("ingested 1 article into a new store in ")
            && err.contains("1 brief rewritten; the store holds 1 article in 1 story"),
        "{err}"
    );
}

#[test]
fn a_brief_of_one_article_counts_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let out = chorus_in(dir.path(), &["brief", "-"], ARTICLE.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let brief = String::from_utf8_lossy(&out.stdout);
    assert!(brief.contains("1 article, 1 independent source"), "{brief}");
    assert!(!brief.contains("1 articles") && !brief.contains("1 independent sources"));
}

#[test]
fn an_ingest_of_nothing_leaves_a_store_that_opens_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let data = dir.path().join("data");
    let (empty, data) = (empty.to_str().unwrap(), data.to_str().unwrap());
    let out = chorus(&["ingest", empty, "--data", data]);
    assert_eq!(out.status.code(), Some(1));
    let out = chorus_in(
        dir.path(),
        &["ingest", "-", "--data", data],
        ARTICLE.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("unusable") && !err.contains("WARN"), "{err}");
}

#[test]
fn usage_details_are_said_once_and_max_words_is_at_least_one() {
    let help = String::from_utf8(chorus(&["analyze", "--help"]).stdout).unwrap();
    assert_eq!(help.matches("[default: json]").count(), 1, "{help}");
    let help = String::from_utf8(chorus(&["cluster", "--help"]).stdout).unwrap();
    assert!(help.contains("\"merge\"") && help.contains("Exit status: 0 when every line"));
    let out = chorus(&["brief", "-", "--max-words", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("0 is not in 1.."), "{}", stderr(&out));
}

#[test]
fn serve_refuses_a_missing_store_unless_asked_to_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("chorus-dta");
    let arg = typo.to_str().unwrap();
    let out = chorus(&["serve", "--addr", "127.0.0.1:0", "--data", arg]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("chorus: {arg}: no such store directory; `chorus ingest PATH... --data {arg}` fills a new store, `chorus serve --create --data {arg}` serves a new, empty one\n")
    );
    assert!(!typo.exists(), "nothing was created");

    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args([
            "serve",
            "--create",
            "--poll-every",
            "0",
            "--addr",
            "127.0.0.1:0",
        ])
        .args(["--data", arg])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        banner.contains("(0 articles, 0 stories)"),
        "banner {banner:?}"
    );
    assert!(
        stderr(&out).starts_with(&format!("chorus: created a new, empty store in {arg}\n")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_port_in_use_is_said_once_with_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let data = dir.path().join("data");
    let out = chorus(&[
        "serve",
        "--create",
        "--addr",
        &addr.to_string(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let line = err.lines().last().unwrap_or_default();
    assert_eq!(line.matches("Address already in use").count(), 1, "{err}");
    assert!(
        line.starts_with(&format!("chorus: cannot listen on {addr}: "))
            && line.contains(&format!(
                "choose another address with --addr, e.g. --addr 127.0.0.1:{}",
                addr.port() + 1
            )),
        "{err}"
    );
}

/// The shell commands of the README's fenced `sh` blocks, one a line, comments removed.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            command if in_sh && !command.is_empty() => {
                let command = command.split("  #").next().unwrap_or("").trim();
                commands.push(command.to_owned());
            }
            _ => {}
        }
    }
    commands
}

/// A README command made runnable: `[optional]` parts and alternatives dropped, placeholders
/// filled with the examples.
fn runnable(command: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in command.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.replace("PATH...", "examples/")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs the README's commands as written, with the test's binary as `chorus` and as
/// `target/release/chorus`, in a scratch directory holding the examples: the set-up line (less
/// its `cargo build`, the server stopped once it serves) and every article command of the other
/// blocks. The service and evaluation commands that need a network, feeds or the dev data are
/// run elsewhere.
#[test]
fn the_readme_commands_run_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path();
    let bin = env!("CARGO_BIN_EXE_chorus");
    std::fs::create_dir_all(here.join("target/release")).unwrap();
    std::os::unix::fs::symlink(bin, here.join("target/release/chorus")).unwrap();
    std::fs::create_dir(here.join("bin")).unwrap();
    std::os::unix::fs::symlink(bin, here.join("bin/chorus")).unwrap();
    std::os::unix::fs::symlink(repo_path("examples"), here.join("examples")).unwrap();
    let path = format!(
        "{}:{}",
        here.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let sh = |command: &str| {
        let mut sh = Command::new("sh");
        sh.args(["-c", command])
            .current_dir(here)
            .env("PATH", &path)
            .stdin(Stdio::null());
        sh
    };

    let commands = readme_commands();
    let setup = commands
        .iter()
        .find(|c| c.starts_with("cargo build"))
        .expect("the README's set-up command");
    // The binary under test is what the `cargo build` before the first `&&` builds.
    let rest = setup
        .split_once("&& ")
        .expect("set-up: cargo build && the commands")
        .1;
    let rest = rest.replace(
        "chorus serve",
        "chorus serve --addr 127.0.0.1:0 --poll-every 0",
    );
    let mut child = {
        let mut c = sh(&rest);
        std::os::unix::process::CommandExt::process_group(&mut c, 0);
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        c.spawn().unwrap()
    };
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let serving = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.starts_with("Chorus is serving chorus-data ("));
    let group = i32::try_from(child.id()).unwrap();
    // SAFETY: kill(2) only sends a signal; a negative pid names the group the shell leads.
    unsafe { libc::kill(-group, libc::SIGKILL) };
    let out = child.wait_with_output().unwrap();
    assert!(
        serving.is_some(),
        "the set-up command did not end serving: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut ran = 0;
    for command in &commands {
        let verb = command.split_whitespace().nth(1).unwrap_or_default();
        let article_command = command.starts_with("chorus ")
            && ["extract", "analyze", "copies", "brief", "ingest"].contains(&verb);
        if !article_command {
            continue;
        }
        let command = runnable(command);
        let out = sh(&command).output().unwrap();
        assert!(
            out.status.success() && !out.stdout.is_empty() || verb == "ingest",
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{command}");
        ran += 1;
    }
    assert!(ran >= 5, "{ran} article commands found in the README");
}
