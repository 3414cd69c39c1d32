//! Briefs rendered for people: Markdown for terminals, one self-contained HTML file for browsers.

use crate::brief::{Brief, Cited, Story};
use std::collections::HashMap;
use std::fmt::Write;

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
        let mut line = format!("{}. `{}`", i + 1, a.id);
        for part in [&a.outlet, &a.title, &a.byline, &a.published, &a.url]
            .into_iter()
            .flatten()
        {
            let _ = write!(line, " — {part}");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

fn story_markdown(out: &mut String, s: &Story, labels: &HashMap<&str, usize>) {
    let _ = writeln!(out, "# {}\n", s.title);
    let meta: Vec<String> = [
        s.date.clone(),
        s.place.clone(),
        Some(format!(
            "{} articles, {} independent sources",
            s.articles.len(),
            s.coverage.independent_sources
        )),
    ]
    .into_iter()
    .flatten()
    .collect();
    let _ = writeln!(out, "*{}*\n", meta.join(" · "));
    if !s.summary.is_empty() {
        out.push_str("## Summary\n\n");
        for c in &s.summary {
            let _ = writeln!(out, "{} {}", c.text, cite(&c.sources, labels));
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
                f.text,
                cite(&f.sources, labels)
            );
        }
        out.push('\n');
    }
    let people: Vec<_> = s.entities.iter().filter(|e| e.kind != "place").collect();
    if !people.is_empty() {
        out.push_str("## People and organizations\n\n");
        for e in people {
            let mut line = format!("- **{}**", e.name);
            if !e.roles.is_empty() {
                let _ = write!(line, ", {}", e.roles.join("; "));
            }
            if !e.aliases.is_empty() {
                let _ = write!(line, " (also {})", e.aliases.join(", "));
            }
            let _ = writeln!(out, "{line} {}", cite(&e.sources, labels));
        }
        out.push('\n');
    }
    if !s.quotes.is_empty() {
        out.push_str("## Quotes\n\n");
        for q in &s.quotes {
            let who = match (&q.speaker, &q.role) {
                (Some(name), Some(role)) => format!("{name} ({role})"),
                (Some(name), None) => name.clone(),
                _ => "Unattributed".to_owned(),
            };
            let _ = writeln!(
                out,
                "- **{who}**: “{}” {}",
                q.text,
                cite(&q.sources, labels)
            );
        }
        out.push('\n');
    }
    if !s.timeline.is_empty() {
        out.push_str("## Timeline\n\n");
        for t in &s.timeline {
            let _ = writeln!(
                out,
                "- **{}** — {} {}",
                t.date,
                t.text,
                cite(&t.sources, labels)
            );
        }
        out.push('\n');
    }
    if !s.divergences.is_empty() {
        out.push_str("## Where outlets differ\n\n");
        for d in &s.divergences {
            let _ = writeln!(out, "- On {}:", d.about);
            for v in &d.variants {
                let _ = writeln!(out, "  - “{}” {}", v.text, cite(&v.sources, labels));
            }
        }
        out.push('\n');
    }
    out.push_str("## Coverage\n\n");
    for o in &s.coverage.outlets {
        let _ = writeln!(out, "- {}: {}", o.outlet, cite(&o.articles, labels));
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
            "- Shared text (one independent source): {}{origin}, {} passages",
            cite(&syn.articles, labels),
            syn.passages.len()
        );
    }
    for (label, list) in [
        ("Agencies credited", &s.coverage.agencies),
        ("Outlets cited as sources", &s.coverage.upstream),
    ] {
        if !list.is_empty() {
            let items: Vec<String> = list
                .iter()
                .map(|c: &Cited| format!("{} {}", c.text, cite(&c.sources, labels)))
                .collect();
            let _ = writeln!(out, "- {label}: {}", items.join(", "));
        }
    }
    out.push('\n');
}
