//! Entity mentions and person roles against `entities.tsv` / `roles.tsv` over the exhaustively
//! annotated documents of `entities-docs.tsv`.
//!
//! Scores: (a) mention spans, exact, ignoring kind; (b) spans and kind, exact; (c) per kind;
//! (d) lenient spans: a predicted and a gold mention match when they overlap (each used once);
//! (e) roles: a gold role is found when the predicted entity that has a mention covering the gold
//! person span has a role overlapping the gold role span; a predicted role is correct when some
//! gold role row overlaps it and its gold person overlaps a mention of the predicted role's
//! entity. `CHORUS_EVAL_VERBOSE=1` prints each document's misses and false alarms.

use super::{byte_to_char, char_to_byte, read_tsv, Corpus, Prf};
use chorus_core::analysis::{EntityKind, Span};
use std::collections::{BTreeMap, HashSet};

/// Floor for (b), exact span and kind F1.
pub const FLOOR_TYPED_F1: f64 = 0.77;
/// Floor for (a), exact span F1 ignoring kind.
pub const FLOOR_SPAN_F1: f64 = 0.88;
/// Floor for (d), lenient overlap F1.
pub const FLOOR_LENIENT_F1: f64 = 0.92;
/// Floor for (e), role F1.
pub const FLOOR_ROLE_F1: f64 = 0.77;

fn kind_of(label: &str) -> anyhow::Result<EntityKind> {
    Ok(match label {
        "PER" => EntityKind::Person,
        "ORG" => EntityKind::Organization,
        "LOC" => EntityKind::Place,
        other => anyhow::bail!("unknown entity kind {other}"),
    })
}

fn label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "PER",
        EntityKind::Organization => "ORG",
        EntityKind::Place => "LOC",
    }
}

const KINDS: [EntityKind; 3] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Place,
];

/// Runs the evaluation; returns whether its floors were met.
pub fn run(corpus: &Corpus) -> anyhow::Result<bool> {
    let verbose = std::env::var("CHORUS_EVAL_VERBOSE").is_ok_and(|v| v == "1");
    let docs: Vec<String> = read_tsv("entities-docs.tsv")?
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let mut gold: BTreeMap<&str, Vec<(Span, EntityKind)>> = BTreeMap::new();
    for row in read_tsv("entities.tsv")? {
        anyhow::ensure!(row.len() >= 4, "short row in entities.tsv: {row:?}");
        let Some(doc) = docs.iter().find(|d| **d == row[0]) else {
            continue;
        };
        let text = corpus.get(doc)?;
        let span = Span::new(
            char_to_byte(text, row[1].parse()?),
            char_to_byte(text, row[2].parse()?),
        );
        gold.entry(doc).or_default().push((span, kind_of(&row[3])?));
    }
    let mut gold_roles: BTreeMap<&str, Vec<(Span, Span)>> = BTreeMap::new();
    for row in read_tsv("roles.tsv")? {
        anyhow::ensure!(row.len() >= 5, "short row in roles.tsv: {row:?}");
        let Some(doc) = docs.iter().find(|d| **d == row[0]) else {
            continue;
        };
        let text = corpus.get(doc)?;
        let b = |i: usize| -> anyhow::Result<usize> { Ok(char_to_byte(text, row[i].parse()?)) };
        gold_roles
            .entry(doc)
            .or_default()
            .push((Span::new(b(1)?, b(2)?), Span::new(b(3)?, b(4)?)));
    }

    let analyzer = chorus_analyze::Analyzer::new();
    let (mut untyped, mut typed, mut lenient, mut roles) = (
        Prf::default(),
        Prf::default(),
        Prf::default(),
        Prf::default(),
    );
    let mut per_kind = [Prf::default(); 3];
    for doc in &docs {
        let text = corpus.get(doc)?;
        let analysis = analyzer.analyze(doc, text, None);
        let predicted: Vec<(Span, EntityKind)> = analysis
            .mentions
            .iter()
            .map(|m| (m.span, analysis.entities[m.entity].kind))
            .collect();
        let gold_doc = gold.get(doc.as_str()).cloned().unwrap_or_default();

        let gold_spans: HashSet<Span> = gold_doc.iter().map(|g| g.0).collect();
        let pred_spans: HashSet<Span> = predicted.iter().map(|p| p.0).collect();
        count(&mut untyped, &pred_spans, &gold_spans);
        let gold_typed: HashSet<(Span, EntityKind)> = gold_doc.iter().copied().collect();
        let pred_typed: HashSet<(Span, EntityKind)> = predicted.iter().copied().collect();
        count(&mut typed, &pred_typed, &gold_typed);
        for (k, prf) in KINDS.iter().zip(per_kind.iter_mut()) {
            let g: HashSet<Span> = gold_doc.iter().filter(|x| x.1 == *k).map(|x| x.0).collect();
            let p: HashSet<Span> = predicted
                .iter()
                .filter(|x| x.1 == *k)
                .map(|x| x.0)
                .collect();
            count(prf, &p, &g);
        }
        let mut used = vec![false; gold_doc.len()];
        for (p, _) in &predicted {
            match gold_doc
                .iter()
                .enumerate()
                .find(|(i, g)| !used[*i] && g.0.overlaps(p))
            {
                Some((i, _)) => {
                    used[i] = true;
                    lenient.tp += 1;
                }
                None => lenient.fp += 1,
            }
        }
        lenient.fn_ += used.iter().filter(|u| !**u).count();

        // Roles.
        let gold_r = gold_roles.get(doc.as_str()).cloned().unwrap_or_default();
        let mut missed_roles = Vec::new();
        for (person, role) in &gold_r {
            let found = analysis
                .mentions
                .iter()
                .filter(|m| m.span.overlaps(person))
                .any(|m| {
                    analysis.entities[m.entity]
                        .roles
                        .iter()
                        .any(|r| r.span.overlaps(role))
                });
            if found {
                roles.tp += 1;
            } else {
                roles.fn_ += 1;
                missed_roles.push((*person, *role));
            }
        }
        let mut false_roles = Vec::new();
        for (e, entity) in analysis.entities.iter().enumerate() {
            for r in &entity.roles {
                let ok = gold_r.iter().any(|(person, role)| {
                    role.overlaps(&r.span)
                        && analysis
                            .mentions
                            .iter()
                            .any(|m| m.entity == e && m.span.overlaps(person))
                });
                if !ok {
                    roles.fp += 1;
                    false_roles.push((entity.name.as_str(), r.span));
                }
            }
        }

        if verbose {
            println!("== {doc}");
            let show = |s: &Span| format!("{:?}@{}", s.of(text), byte_to_char(text, s.start));
            for (s, k) in gold_doc.iter().filter(|g| !pred_typed.contains(g)) {
                let got = predicted.iter().find(|p| p.0.overlaps(s));
                println!(
                    "  miss {} {}{}",
                    label(*k),
                    show(s),
                    got.map_or(String::new(), |p| format!(
                        "  (got {} {})",
                        label(p.1),
                        show(&p.0)
                    ))
                );
            }
            for (s, k) in predicted.iter().filter(|p| !gold_typed.contains(p)) {
                if !gold_doc.iter().any(|g| g.0.overlaps(s)) {
                    println!("  false {} {}", label(*k), show(s));
                }
            }
            for (person, role) in &missed_roles {
                println!("  role miss {} of {}", show(role), show(person));
            }
            for (name, span) in &false_roles {
                println!("  role false {} of {name:?}", show(span));
            }
        }
    }

    println!(
        "entities: {} documents, {} gold mentions, {} gold roles; exact = same byte span",
        docs.len(),
        gold.values().map(Vec::len).sum::<usize>(),
        gold_roles.values().map(Vec::len).sum::<usize>()
    );
    println!("{}", untyped.line("(a) spans, any kind"));
    println!("{}", typed.line("(b) spans + kind"));
    for (k, prf) in KINDS.iter().zip(per_kind.iter()) {
        println!("{}", prf.line(&format!("(c)   {}", label(*k))));
    }
    println!("{}", lenient.line("(d) overlapping spans"));
    println!("{}", roles.line("(e) roles"));
    let floors = [
        (untyped.f1(), FLOOR_SPAN_F1, "(a)"),
        (typed.f1(), FLOOR_TYPED_F1, "(b)"),
        (lenient.f1(), FLOOR_LENIENT_F1, "(d)"),
        (roles.f1(), FLOOR_ROLE_F1, "(e)"),
    ];
    let mut ok = true;
    for (got, floor, name) in floors {
        if got < floor {
            println!("entities: {name} F1 {got:.3} is below its floor {floor:.3}");
            ok = false;
        }
    }
    println!(
        "entities: floors F1 (a) {FLOOR_SPAN_F1:.2} (b) {FLOOR_TYPED_F1:.2} (d) {FLOOR_LENIENT_F1:.2} (e) {FLOOR_ROLE_F1:.2}: {}",
        if ok { "met" } else { "NOT met" }
    );
    Ok(ok)
}

fn count<T: std::hash::Hash + Eq>(prf: &mut Prf, predicted: &HashSet<T>, gold: &HashSet<T>) {
    prf.tp += predicted.intersection(gold).count();
    prf.fp += predicted.difference(gold).count();
    prf.fn_ += gold.difference(predicted).count();
}
