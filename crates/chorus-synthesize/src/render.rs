//! Briefs rendered for people: Markdown for terminals, one self-contained HTML file for browsers.
//!
//! Every value a brief holds comes from articles written by strangers. In Markdown each is
//! escaped ([`md`], [`md_code`], [`md_block`]) so that it reads as the text it is, never as
//! markup, raw HTML or a terminal control sequence; in HTML each is escaped by `esc`. The
//! escaping is written here because it must match the renderer's own output: CommonMark's
//! backslash escapes for the characters that can open markup, and control characters dropped.

use crate::brief::{Brief, Cited, OutletCoverage, Story};
use std::collections::HashMap;
use std::fmt::Write;

/// Whether a character is a control character that does not belong in text shown to people: C0
/// controls but tab and line feed (ESC starts terminal escape sequences), DEL, and the C1 controls
/// (U+009B is a one-character CSI).
pub fn is_unsafe_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// `s` without [`is_unsafe_control`] characters: safe to print to a terminal.
pub fn strip_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_unsafe_control) {
        s.chars().filter(|&c| !is_unsafe_control(c)).collect()
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// An untrusted value as inline Markdown text: control characters dropped, line breaks and tabs
/// made spaces, and a backslash before every character that could open markup or raw HTML
/// (`\ ` * [ ] < > & | ~ #`, and `_` unless inside a word, where CommonMark never reads it as
/// emphasis).
pub fn md(s: &str) -> String {
    let chars: Vec<char> = s.chars().filter(|&c| !is_unsafe_control(c)).collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let inside = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !inside {
                    out.push('\\');
                }
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Untrusted text of several lines (paragraphs) as Markdown: each line as [`md`], and a line
/// that would start a block (heading, quote, list item, rule) escaped at its start.
pub fn md_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let escaped = md(line);
        let body = escaped.trim_start();
        let indent = &escaped[..escaped.len() - body.len()];
        out.push_str(indent);
        let digits = body.chars().take_while(char::is_ascii_digit).count();
        let starts_block = body.starts_with(['-', '+', '='])
            || (digits > 0 && body[digits..].starts_with(['.', ')']));
        if starts_block {
            let at = if digits > 0 { digits } else { 0 };
            out.push_str(&body[..at]);
            out.push('\\');
            out.push_str(&body[at..]);
        } else {
            out.push_str(body);
        }
    }
    out
}

/// An untrusted value as a Markdown code span: control characters dropped, line breaks made
/// spaces, fenced by one more backtick than its longest run of them.
pub fn md_code(s: &str) -> String {
    let text: String = s
        .chars()
        .filter(|&c| !is_unsafe_control(c))
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Short citation labels for a brief's articles: `[1]`, `[2]`… in the brief's article order.
fn labels(brief: &Brief) -> HashMap<&str, usize> {
    brief
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i + 1))
        .collect()
}

fn cite(sources: &[String], labels: &HashMap<&str, usize>) -> String {
    let mut nums: Vec<usize> = sources
        .iter()
        .filter_map(|s| labels.get(s.as_str()).copied())
        .collect();
    nums.sort_unstable();
    nums.iter().map(|n| format!("[{n}]")).collect()
}

/// Renders a brief as Markdown.
pub fn markdown(brief: &Brief) -> String {
    let labels = labels(brief);
    let mut out = String::new();
    for story in &brief.stories {
        story_markdown(&mut out, story, &labels);
    }
    out.push_str("## Sources\n\n");
    for (i, a) in brief.articles.iter().enumerate() {
        let mut line = format!("{}. {}", i + 1, md_code(&a.id));
        let outlet = a.outlet.clone().or_else(|| Some(UNKNOWN_OUTLET.to_owned()));
        for part in [&outlet, &a.title, &a.byline, &a.published, &a.url]
            .into_iter()
            .flatten()
        {
            let _ = write!(line, " — {}", md(part));
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// `n` and the noun, plural unless `n` is 1: "1 article", "3 articles".
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn story_markdown(out: &mut String, s: &Story, labels: &HashMap<&str, usize>) {
    let _ = writeln!(out, "# {}\n", md(&s.title));
    let meta: Vec<String> = [
        s.date.as_deref().map(md),
        s.place.as_deref().map(md),
        Some(format!(
            "{}, {}",
            counted(s.articles.len(), "article"),
            counted(s.coverage.independent_sources, "independent source")
        )),
    ]
    .into_iter()
    .flatten()
    .collect();
    let _ = writeln!(out, "*{}*\n", meta.join(" · "));
    if !s.summary.is_empty() {
        out.push_str("## Summary\n\n");
        for c in &s.summary {
            let _ = writeln!(out, "{} {}", md(&c.text), cite(&c.sources, labels));
        }
        out.push('\n');
    }
    if !s.facts.is_empty() {
        out.push_str("## Key facts\n\n");
        for f in &s.facts {
            let support = if f.independent_sources > 1 {
                format!("{} independent sources", f.independent_sources)
            } else {
                "single source".to_owned()
            };
            let _ = writeln!(
                out,
                "- {} {} *({support})*",
                md(&f.text),
                cite(&f.sources, labels)
            );
        }
        out.push('\n');
    }
    let people: Vec<_> = s.entities.iter().filter(|e| e.kind != "place").collect();
    if !people.is_empty() {
        out.push_str("## People and organizations\n\n");
        for e in people {
            let mut line = format!("- **{}**", md(&e.name));
            if !e.roles.is_empty() {
                let _ = write!(line, ", {}", md(&e.roles.join("; ")));
            }
            if !e.aliases.is_empty() {
                let _ = write!(line, " (also {})", md(&e.aliases.join(", ")));
            }
            let _ = writeln!(out, "{line} {}", cite(&e.sources, labels));
        }
        if s.more_entities > 0 {
            let _ = writeln!(out, "- *…and {} more entities*", s.more_entities);
        }
        out.push('\n');
    }
    if !s.quotes.is_empty() {
        out.push_str("## Quotes\n\n");
        for q in &s.quotes {
            let who = match (&q.speaker, &q.role) {
                (Some(name), Some(role)) => format!("{} ({})", md(name), md(role)),
                (Some(name), None) => md(name),
                _ => match &q.described_as {
                    Some(d) => format!("Unnamed: {}", md(d)),
                    None => "Unattributed".to_owned(),
                },
            };
            let _ = writeln!(
                out,
                "- **{who}**: “{}” {}",
                md(&q.text),
                cite(&q.sources, labels)
            );
        }
        if s.more_quotes > 0 {
            let _ = writeln!(out, "- *…and {} more quotes*", s.more_quotes);
        }
        out.push('\n');
    }
    if !s.timeline.is_empty() {
        out.push_str("## Timeline\n\n");
        for t in &s.timeline {
            let also = if t.corroborated_by.is_empty() {
                String::new()
            } else {
                format!(" (also dated so by {})", cite(&t.corroborated_by, labels))
            };
            let _ = writeln!(
                out,
                "- **{}** — {} {}{also}",
                md(&t.date),
                md(&t.text),
                cite(&t.sources, labels)
            );
        }
        out.push('\n');
    }
    if !s.divergences.is_empty() {
        out.push_str("## Where outlets differ\n\n");
        for d in &s.divergences {
            let _ = writeln!(out, "- On {}:", md(&d.about));
            for v in &d.variants {
                let _ = writeln!(out, "  - “{}” {}", md(&v.text), cite(&v.sources, labels));
            }
        }
        out.push('\n');
    }
    out.push_str("## Coverage\n\n");
    for o in &s.coverage.outlets {
        let _ = writeln!(out, "- {}: {}", md(&o.outlet), cite(&o.articles, labels));
    }
    if !s.coverage.unknown_outlet.is_empty() {
        let _ = writeln!(
            out,
            "- {UNKNOWN_OUTLET}: {}",
            cite(&s.coverage.unknown_outlet, labels)
        );
    }
    if let Some(first) = &s.coverage.first_reported {
        let _ = writeln!(
            out,
            "- First reported by {}",
            cite(std::slice::from_ref(first), labels)
        );
    }
    for syn in &s.syndication {
        let origin = syn.origin.as_ref().map_or(String::new(), |o| {
            format!(", likely origin {}", cite(std::slice::from_ref(o), labels))
        });
        let _ = writeln!(
            out,
            "- Shared text (one independent source): {}{origin}, {}",
            cite(&syn.articles, labels),
            counted(syn.passages.len() + syn.more_passages, "passage")
        );
    }
    for (label, list) in [
        ("Agencies credited", &s.coverage.agencies),
        ("Outlets cited as sources", &s.coverage.upstream),
    ] {
        if !list.is_empty() {
            let items: Vec<String> = list
                .iter()
                .map(|c: &Cited| format!("{} {}", md(&c.text), cite(&c.sources, labels)))
                .collect();
            let _ = writeln!(out, "- {label}: {}", items.join(", "));
        }
    }
    out.push('\n');
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| !is_unsafe_control(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn cite_html(sources: &[String], labels: &HashMap<&str, usize>) -> String {
    let mut nums: Vec<usize> = sources
        .iter()
        .filter_map(|s| labels.get(s.as_str()).copied())
        .collect();
    nums.sort_unstable();
    nums.iter()
        .map(|n| format!("<a class=\"cite\" href=\"#src-{n}\">{n}</a>"))
        .collect()
}

/// How an article whose outlet is not known is shown (never by its id or file name).
const UNKNOWN_OUTLET: &str = "Unknown outlet";

const STYLE: &str = "
:root{--ink:#1d2430;--muted:#5d6675;--line:#d9dee6;--accent:#2f6fde;--bg:#fbfbfd}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}
main{max-width:46rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.55rem;line-height:1.25;margin:1.2rem 0 .3rem}h2{font-size:1.05rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:1.8rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.meta{color:var(--muted);font-size:.9rem}.story{border-top:3px solid var(--ink);margin-top:2rem}
.cite{display:inline-block;min-width:1.3em;padding:0 .25em;margin-left:.15em;border-radius:.3em;background:#e8eefb;color:var(--accent);font-size:.75em;text-align:center;text-decoration:none;vertical-align:super}
ul{padding-left:1.1rem}li{margin:.35rem 0}.badge{font-size:.75rem;color:#fff;background:#2e8540;border-radius:.3rem;padding:.05rem .35rem;margin-left:.3rem;white-space:nowrap}.badge.single{background:#b26b00}
blockquote{margin:.5rem 0;padding:.2rem .8rem;border-left:3px solid var(--line)}.who{font-weight:600}.role{color:var(--muted);font-weight:400}
.timeline{list-style:none;padding-left:0;border-left:2px solid var(--accent);margin-left:.5rem}.timeline li{position:relative;padding-left:1rem}
.timeline li::before{content:'';position:absolute;left:-.45rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--accent)}
.date{font-weight:600;font-variant-numeric:tabular-nums}.variants{display:grid;gap:.4rem}.variant{background:#fff;border:1px solid var(--line);border-radius:.4rem;padding:.4rem .6rem}
.bar{display:flex;align-items:center;gap:.5rem;margin:.25rem 0;font-size:.9rem}.bar span.name{flex:0 0 38%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar span.fill{display:inline-block;height:.9rem;background:var(--accent);border-radius:.2rem}.bar span.fill.copy{background:#8a63d2}
ol.sources{font-size:.88rem;color:var(--muted)}ol.sources a{color:var(--accent)}
@media (max-width:30rem){body{font-size:15px}.bar span.name{flex-basis:45%}}
";

/// Renders a brief as one self-contained HTML page (no external assets), readable on a phone.
pub fn html(brief: &Brief) -> String {
    let labels = labels(brief);
    let mut out = String::new();
    let title = brief
        .stories
        .first()
        .map_or("Chorus brief", |s| s.title.as_str());
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><main>",
        esc(title)
    );
    for story in &brief.stories {
        story_html(&mut out, story, &labels);
    }
    out.push_str("<h2>Sources</h2><ol class=\"sources\">");
    for (i, a) in brief.articles.iter().enumerate() {
        let name = a.title.as_deref().unwrap_or(&a.id);
        let linked = match &a.url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                format!("<a href=\"{}\">{}</a>", esc(url), esc(name))
            }
            _ => esc(name),
        };
        let outlet = a.outlet.clone().or_else(|| Some(UNKNOWN_OUTLET.to_owned()));
        let details: Vec<String> = [&outlet, &a.byline, &a.published]
            .into_iter()
            .flatten()
            .map(|s| esc(s))
            .collect();
        let _ = write!(
            out,
            "<li id=\"src-{}\">{linked}{}{} <code>{}</code></li>",
            i + 1,
            if details.is_empty() { "" } else { " — " },
            details.join(" · "),
            esc(&a.id)
        );
    }
    out.push_str("</ol></main></body></html>\n");
    out
}

fn story_html(out: &mut String, s: &Story, labels: &HashMap<&str, usize>) {
    let _ = write!(
        out,
        "<section class=\"story\" id=\"{}\"><h1>{}</h1>",
        esc(&s.id),
        esc(&s.title)
    );
    let meta: Vec<String> = [
        s.date.clone(),
        s.place.clone(),
        Some(format!(
            "{} · {}",
            counted(s.articles.len(), "article"),
            counted(s.coverage.independent_sources, "independent source")
        )),
    ]
    .into_iter()
    .flatten()
    .map(|m| esc(&m))
    .collect();
    let _ = write!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    if !s.summary.is_empty() {
        out.push_str("<h2>Summary</h2><p>");
        for c in &s.summary {
            let _ = write!(out, "{}{} ", esc(&c.text), cite_html(&c.sources, labels));
        }
        out.push_str("</p>");
    }
    if !s.facts.is_empty() {
        out.push_str("<h2>Key facts</h2><ul>");
        for f in &s.facts {
            let badge = if f.independent_sources > 1 {
                format!(
                    "<span class=\"badge\">{} independent</span>",
                    f.independent_sources
                )
            } else {
                "<span class=\"badge single\">single source</span>".to_owned()
            };
            let _ = write!(
                out,
                "<li>{}{}{badge}</li>",
                esc(&f.text),
                cite_html(&f.sources, labels)
            );
        }
        out.push_str("</ul>");
    }
    let people: Vec<_> = s.entities.iter().filter(|e| e.kind != "place").collect();
    if !people.is_empty() {
        out.push_str("<h2>People and organizations</h2><ul>");
        for e in people {
            let roles = if e.roles.is_empty() {
                String::new()
            } else {
                format!(", {}", esc(&e.roles.join("; ")))
            };
            let aliases = if e.aliases.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"role\">(also {})</span>",
                    esc(&e.aliases.join(", "))
                )
            };
            let _ = write!(
                out,
                "<li><b>{}</b>{roles}{aliases}{}</li>",
                esc(&e.name),
                cite_html(&e.sources, labels)
            );
        }
        if s.more_entities > 0 {
            let _ = write!(
                out,
                "<li class=\"meta\">…and {} more entities</li>",
                s.more_entities
            );
        }
        out.push_str("</ul>");
    }
    if !s.quotes.is_empty() {
        out.push_str("<h2>Quotes</h2>");
        for q in &s.quotes {
            let who = match (&q.speaker, &q.described_as) {
                (Some(name), _) => name.clone(),
                (None, Some(d)) => format!("Unnamed: {d}"),
                (None, None) => "Unattributed".to_owned(),
            };
            let role = q.role.as_deref().map_or(String::new(), |r| {
                format!(" <span class=\"role\">{}</span>", esc(r))
            });
            let _ = write!(
                out,
                "<blockquote><span class=\"who\">{}</span>{role}<br>“{}”{}</blockquote>",
                esc(&who),
                esc(&q.text),
                cite_html(&q.sources, labels)
            );
        }
        if s.more_quotes > 0 {
            let _ = write!(
                out,
                "<p class=\"meta\">…and {} more quotes</p>",
                s.more_quotes
            );
        }
    }
    if !s.timeline.is_empty() {
        out.push_str("<h2>Timeline</h2><ul class=\"timeline\">");
        for t in &s.timeline {
            let also = if t.corroborated_by.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"role\">also dated so by</span>{}",
                    cite_html(&t.corroborated_by, labels)
                )
            };
            let _ = write!(
                out,
                "<li><span class=\"date\">{}</span><br>{}{}{also}</li>",
                esc(&t.date),
                esc(&t.text),
                cite_html(&t.sources, labels)
            );
        }
        out.push_str("</ul>");
    }
    if !s.divergences.is_empty() {
        out.push_str("<h2>Where outlets differ</h2>");
        for d in &s.divergences {
            let _ = write!(
                out,
                "<p><b>On {}</b></p><div class=\"variants\">",
                esc(&d.about)
            );
            for v in &d.variants {
                let _ = write!(
                    out,
                    "<div class=\"variant\">“{}”{}</div>",
                    esc(&v.text),
                    cite_html(&v.sources, labels)
                );
            }
            out.push_str("</div>");
        }
    }
    out.push_str("<h2>Coverage</h2>");
    let unknown = OutletCoverage {
        outlet: UNKNOWN_OUTLET.to_owned(),
        articles: s.coverage.unknown_outlet.clone(),
    };
    let rows: Vec<&OutletCoverage> = s
        .coverage
        .outlets
        .iter()
        .chain((!unknown.articles.is_empty()).then_some(&unknown))
        .collect();
    let max = rows
        .iter()
        .map(|o| o.articles.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let copied: Vec<&String> = s.syndication.iter().flat_map(|g| &g.articles).collect();
    for o in rows {
        let class = if o.articles.iter().any(|a| copied.contains(&a)) {
            "fill copy"
        } else {
            "fill"
        };
        let _ = write!(
            out,
            "<div class=\"bar\"><span class=\"name\">{}</span><span class=\"{class}\" style=\"width:{}%\"></span>{}</div>",
            esc(&o.outlet),
            (o.articles.len() * 55 / max).max(4),
            cite_html(&o.articles, labels)
        );
    }
    out.push_str("<ul>");
    if let Some(first) = &s.coverage.first_reported {
        let _ = write!(
            out,
            "<li>First reported by{}</li>",
            cite_html(std::slice::from_ref(first), labels)
        );
    }
    for syn in &s.syndication {
        let origin = syn.origin.as_ref().map_or(String::new(), |o| {
            format!(
                ", likely origin{}",
                cite_html(std::slice::from_ref(o), labels)
            )
        });
        let _ = write!(
            out,
            "<li>Shared text, counted as one independent source:{}{origin} ({})</li>",
            cite_html(&syn.articles, labels),
            counted(syn.passages.len() + syn.more_passages, "shared passage")
        );
    }
    for (label, list) in [
        ("Agencies credited", &s.coverage.agencies),
        ("Outlets cited as sources", &s.coverage.upstream),
    ] {
        if !list.is_empty() {
            let items: Vec<String> = list
                .iter()
                .map(|c| format!("{}{}", esc(&c.text), cite_html(&c.sources, labels)))
                .collect();
            let _ = write!(out, "<li>{label}: {}</li>", items.join(", "));
        }
    }
    out.push_str("</ul></section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_values_cannot_become_markup_html_or_terminal_codes() {
        assert_eq!(
            md("<script>*x* [a](javascript:1) _e_ a&b #1 `c`\n# h"),
            "\\<script\\>\\*x\\* \\[a\\](javascript:1) \\_e\\_ a\\&b \\#1 \\`c\\` \\# h"
        );
        // Underscores inside words are left alone: CommonMark never reads them as emphasis.
        assert_eq!(md("001_029329d8"), "001_029329d8");
        assert_eq!(
            md("red\u{1b}[31m \u{9b}2J bell\u{7} tab\there"),
            "red\\[31m 2J bell tab here"
        );
        assert_eq!(md_code("a`b\u{1b}"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(
            md_block("# Title\n- item\n12. twelve\n  > quote\nplain"),
            "\\# Title\n\\- item\n12\\. twelve\n  \\> quote\nplain"
        );
    }

    #[test]
    fn html_escapes_and_drops_control_characters() {
        assert_eq!(
            esc("<b a=\"1\">&'\u{1b}[0m"),
            "&lt;b a=&quot;1&quot;&gt;&amp;&#39;[0m"
        );
    }
}
