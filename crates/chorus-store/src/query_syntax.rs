//! The search query language of `chorus_core::query_syntax`, turned into tantivy queries
//! directly (never through tantivy's `QueryParser`, whose time grows exponentially with nesting).

pub use chorus_core::query_syntax::*;

use crate::search::SearchError;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Term};

/// The fields a query searches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchFields {
    /// The headline alone: `title:` words.
    pub title: Field,
    /// The whole article, headline included: words without a prefix and `text:` words. One
    /// field for both, so that a query of one word is one term, which tantivy's top-k search
    /// prunes block by block, instead of a union of two fields' terms.
    pub article: Field,
}

/// One group of a query as tantivy queries: its alternatives (a term, or a phrase when the
/// tokenizer splits an atom), and whether the group is excluded.
pub(crate) struct Clause {
    /// `MustNot` for an excluded group, else `Must`.
    pub occur: Occur,
    /// The alternatives, any of which satisfies the group.
    pub alternatives: Vec<Box<dyn Query>>,
}

/// The tantivy query of `query`: each atom through each field's tokenizer (a term, or a phrase
/// when the tokenizer splits it), alternatives as `Should`, groups as `Must` / `MustNot`.
/// Refuses a query with more than [`MAX_WORDS`] terms or with nothing left to search for.
pub(crate) fn to_tantivy(
    query: &SearchQuery,
    index: &Index,
    fields: SearchFields,
) -> Result<Box<dyn Query>, SearchError> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = to_clauses(query, index, fields)?
        .into_iter()
        .map(|clause| {
            let mut alternatives = clause.alternatives;
            let query: Box<dyn Query> = if alternatives.len() == 1 {
                alternatives.remove(0)
            } else {
                Box::new(BooleanQuery::union(alternatives))
            };
            (clause.occur, query)
        })
        .collect();
    // One group alone is its own query (the same scores): a union of terms at the top is what
    // tantivy's top-k search prunes with block-max WAND; wrapped as a required clause, every
    // document of every term is scored.
    match <[_; 1]>::try_from(clauses) {
        Ok([(Occur::Must, query)]) => Ok(query),
        Ok(clause) => Ok(Box::new(BooleanQuery::new(clause.into()))),
        Err(clauses) => Ok(Box::new(BooleanQuery::new(clauses))),
    }
}

/// The groups of `query` as [`Clause`]s (groups with nothing to search for left out), as
/// [`to_tantivy`] combines them; the same refusals.
pub(crate) fn to_clauses(
    query: &SearchQuery,
    index: &Index,
    fields: SearchFields,
) -> Result<Vec<Clause>, SearchError> {
    let mut words = 0usize;
    let mut clauses: Vec<Clause> = Vec::new();
    for group in &query.groups {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for atom in &group.atoms {
            let field = match atom.field {
                Some(SearchField::Title) => fields.title,
                Some(SearchField::Text) | None => fields.article,
            };
            let terms = tokenize(index, field, &atom.text)?;
            words += terms.len();
            if words > MAX_WORDS {
                return Err(QuerySyntaxError::TooManyWords.into());
            }
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(
                    terms[0].1.clone(),
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new_with_offset(terms)),
            };
            alternatives.push(query);
        }
        if alternatives.is_empty() {
            continue;
        }
        let occur = if group.excluded {
            Occur::MustNot
        } else {
            Occur::Must
        };
        clauses.push(Clause {
            occur,
            alternatives,
        });
    }
    if !clauses.iter().any(|clause| clause.occur == Occur::Must) {
        return Err(QuerySyntaxError::NothingToFind.into());
    }
    Ok(clauses)
}

/// The terms of `text` in `field`, with their positions, as the index's tokenizer gives them.
fn tokenize(index: &Index, field: Field, text: &str) -> Result<Vec<(usize, Term)>, SearchError> {
    let mut analyzer = index.tokenizer_for_field(field)?;
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    let mut too_many = false;
    stream.process(&mut |token| {
        if terms.len() > MAX_WORDS {
            too_many = true;
        } else {
            terms.push((token.position, Term::from_field_text(field, &token.text)));
        }
    });
    if too_many {
        return Err(QuerySyntaxError::TooManyWords.into());
    }
    Ok(terms)
}
