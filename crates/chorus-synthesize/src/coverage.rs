//! Coverage: outlets in order of first publication, who reported first, the agencies credited
//! and the upstream outlets cited.

use crate::brief::{Cited, Coverage, OutletCoverage};
use crate::StoryInput;
use chorus_relate::syndication::{credited_agencies, upstream_sources};

pub(crate) fn describe(input: &StoryInput, source_of: &[usize]) -> Coverage {
    let mut order: Vec<usize> = (0..input.articles.len()).collect();
    // Undated articles after dated ones, then stream order.
    order.sort_by_key(|&i| {
        (
            input.articles[i].published.is_none(),
            input.articles[i].published.clone(),
            i,
        )
    });
    let mut outlets: Vec<OutletCoverage> = Vec::new();
    for &i in &order {
        let a = &input.articles[i];
        let name = a.outlet.clone().unwrap_or_else(|| a.id.clone());
        match outlets.iter_mut().find(|o| o.outlet == name) {
            Some(o) => o.articles.push(a.id.clone()),
            None => outlets.push(OutletCoverage {
                outlet: name,
                articles: vec![a.id.clone()],
            }),
        }
    }
    // Copies whose origin is known cannot have been first; among the rest, the earliest.
    let copies: Vec<usize> = input
        .groups
        .iter()
        .filter_map(|g| g.origin.map(|o| (g, o)))
        .flat_map(|(g, o)| g.articles.iter().copied().filter(move |&a| a != o))
        .collect();
    let dated: Vec<(usize, &str)> = (0..input.articles.len())
        .filter(|i| !copies.contains(i))
        .filter_map(|i| input.articles[i].published.as_deref().map(|p| (i, p)))
        .collect();
    let first_reported =
        chorus_relate::syndication::earliest(&dated).map(|i| input.articles[i].id.clone());
    let mut agencies: Vec<Cited> = Vec::new();
    let mut upstream: Vec<Cited> = Vec::new();
    for a in input.articles {
        for (list, names) in [
            (&mut agencies, credited_agencies(&a.text)),
            (&mut upstream, upstream_sources(&a.text)),
        ] {
            for name in names {
                match list.iter_mut().find(|c| c.text == name) {
                    Some(c) => c.sources.push(a.id.clone()),
                    None => list.push(Cited {
                        text: name,
                        sources: vec![a.id.clone()],
                    }),
                }
            }
        }
    }
    let mut independent: Vec<usize> = source_of.to_vec();
    independent.sort_unstable();
    independent.dedup();
    Coverage {
        outlets,
        first_reported,
        agencies,
        upstream,
        independent_sources: independent.len(),
    }
}
