//! Coverage: outlets in order of first publication (articles whose outlet is unknown listed
//! apart: an article id is never shown as an outlet), who reported first, the agencies credited
//! and the upstream outlets cited.

use crate::brief::{Cited, Coverage, OutletCoverage};
use crate::StoryInput;
use chorus_relate::syndication::{credited_agencies, upstream_sources};
use std::collections::HashMap;

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
    let mut unknown_outlet: Vec<String> = Vec::new();
    let mut outlet_index: HashMap<String, usize> = HashMap::new();
    for &i in &order {
        let a = &input.articles[i];
        let Some(name) = a.outlet.clone() else {
            unknown_outlet.push(a.id.clone());
            continue;
        };
        match outlet_index.get(&name) {
            Some(&o) => outlets[o].articles.push(a.id.clone()),
            None => {
                outlet_index.insert(name.clone(), outlets.len());
                outlets.push(OutletCoverage {
                    outlet: name,
                    articles: vec![a.id.clone()],
                });
            }
        }
    }
    // Copies whose origin is known cannot have been first; among the rest, the earliest.
    let mut is_copy = vec![false; input.articles.len()];
    for g in input.groups {
        if let Some(o) = g.origin {
            for &a in g.articles.iter().filter(|&&a| a != o) {
                if let Some(c) = is_copy.get_mut(a) {
                    *c = true;
                }
            }
        }
    }
    let dated: Vec<(usize, &str)> = (0..input.articles.len())
        .filter(|&i| !is_copy[i])
        .filter_map(|i| input.articles[i].published.as_deref().map(|p| (i, p)))
        .collect();
    let first_reported =
        chorus_relate::syndication::earliest(&dated).map(|i| input.articles[i].id.clone());
    let mut agencies: Vec<Cited> = Vec::new();
    let mut upstream: Vec<Cited> = Vec::new();
    let mut index: [HashMap<String, usize>; 2] = Default::default();
    for a in input.articles {
        for ((list, index), names) in [&mut agencies, &mut upstream]
            .into_iter()
            .zip(&mut index)
            .zip([credited_agencies(&a.text), upstream_sources(&a.text)])
        {
            for name in names {
                match index.get(&name) {
                    Some(&c) => list[c].sources.push(a.id.clone()),
                    None => {
                        index.insert(name.clone(), list.len());
                        list.push(Cited {
                            text: name,
                            sources: vec![a.id.clone()],
                        });
                    }
                }
            }
        }
    }
    let more_upstream = upstream.len().saturating_sub(crate::MAX_UPSTREAM);
    upstream.truncate(crate::MAX_UPSTREAM);
    let mut independent: Vec<usize> = source_of.to_vec();
    independent.sort_unstable();
    independent.dedup();
    Coverage {
        outlets,
        unknown_outlet,
        first_reported,
        agencies,
        upstream,
        more_upstream,
        independent_sources: independent.len(),
    }
}
