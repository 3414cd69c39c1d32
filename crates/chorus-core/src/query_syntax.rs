//! The search query language, parsed by our own small grammar (the store turns it into tantivy
//! queries directly).
//!
//! Hand-written rather than tantivy's `QueryParser` because that parser's time grows
//! exponentially with nested parentheses (depth 23 took 8 s, depth 40 never finished) and it
//! recurses without a bound (depth 1,800 overflowed the stack). This grammar has no nesting, so
//! parsing is one linear pass, and the query it builds has at most [`MAX_WORDS`] terms, so the
//! search it runs is linear in the postings of those terms.
//!
//! ```text
//! query  := group (' '+ group)*          every group must match ("AND" between groups is allowed)
//! group  := ['+' | '-' | "NOT "] alt     '-' / NOT: no match may contain it; '+': required
//! alt    := atom (" OR " atom)*          any one of the atoms
//! atom   := [("title" | "text") ':'] (word | '"' phrase '"')
//! ```
//!
//! Words and phrases go through the field's tokenizer (as when indexing): a word that the
//! tokenizer splits (`U.S.`, `e-mail`) is searched as a phrase, and one with nothing to search
//! (`!!!`) is skipped. Parentheses are refused with a message rather than ignored, so that
//! `(a OR b) c` is never silently read as something else.

use std::fmt;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// Most words and phrases (atoms) one query may hold.
pub const MAX_ATOMS: usize = 32;

/// Most terms (words after tokenizing, phrases counted word by word) one query may search for.
pub const MAX_WORDS: usize = 64;

/// Why a search query was refused; the message says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuerySyntaxError {
    /// Nothing to search for.
    #[error("the search query is empty")]
    Empty,
    /// Longer than [`MAX_QUERY_CHARS`].
    #[error("the search query is longer than {MAX_QUERY_CHARS} characters")]
    TooLong,
    /// More than [`MAX_ATOMS`] words and phrases.
    #[error("the search query has more than {MAX_ATOMS} words and phrases")]
    TooManyAtoms,
    /// More than [`MAX_WORDS`] terms once tokenized.
    #[error("the search query has more than {MAX_WORDS} words (phrases count word by word)")]
    TooManyWords,
    /// A parenthesis outside a phrase.
    #[error("parentheses are not supported (character {0}): search words, \"quoted phrases\", +required, -excluded, word OR word, title:word")]
    Parenthesis(usize),
    /// A `"` without its closing `"`.
    #[error("the quote at character {0} is not closed")]
    UnclosedQuote(usize),
    /// `OR` without a word or phrase on each side, or next to a `+`/`-` group.
    #[error("OR at character {0} needs a plain word or \"phrase\" on each side")]
    DanglingOr(usize),
    /// `AND` or `NOT` not followed by a word or phrase.
    #[error("{0} at character {1} needs a word or \"phrase\" after it")]
    DanglingOperator(&'static str, usize),
    /// `title:` or `text:` not followed by a word or phrase.
    #[error("{0}: at character {1} needs a word or \"phrase\" right after the colon")]
    EmptyField(&'static str, usize),
    /// Only excluded words, or only words the tokenizer drops.
    #[error("the search query has no word to search for (only excluded words or punctuation)")]
    NothingToFind,
}

/// A parsed search query: groups that must all match (or must not match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// The groups, in the order written.
    pub groups: Vec<Group>,
}

/// Atoms of which one must match (or, excluded, none may match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Whether matches must not contain the group.
    pub excluded: bool,
    /// The alternatives (joined by `OR`), at least one.
    pub atoms: Vec<Atom>,
}

/// One word or phrase, in one field or in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// The field named by a `title:` or `text:` prefix; `None` searches the whole article.
    pub field: Option<SearchField>,
    /// The word, or the phrase without its quotes.
    pub text: String,
    /// Whether it was written as a `"phrase"`.
    pub quoted: bool,
}

/// A field a query may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchField {
    /// The article's title alone.
    Title,
    /// The whole article, its title included (the same as no prefix: the index keeps one
    /// field of all the article's words, so that a word is one term to search).
    Text,
}

impl SearchField {
    /// The field's name in a query (`title`, `text`).
    pub fn name(self) -> &'static str {
        match self {
            SearchField::Title => "title",
            SearchField::Text => "text",
        }
    }
}

/// One lexical item: an atom with its sign, or an operator at a character position (from 1).
#[derive(Debug)]
enum Item {
    Atom { sign: Option<char>, atom: Atom },
    Or(usize),
    And(usize),
    Not(usize),
}

/// Parses a search query; refuses it, saying why, when it is too long, malformed or has
/// nothing to search for. Linear in the query's length.
pub fn parse(query: &str) -> Result<SearchQuery, QuerySyntaxError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(QuerySyntaxError::TooLong);
    }
    let items = lex(query)?;
    if items.is_empty() {
        return Err(QuerySyntaxError::Empty);
    }
    let atoms = items
        .iter()
        .filter(|i| matches!(i, Item::Atom { .. }))
        .count();
    if atoms > MAX_ATOMS {
        return Err(QuerySyntaxError::TooManyAtoms);
    }
    let mut groups: Vec<Group> = Vec::new();
    // Whether the last group may take an `OR` alternative (a plain atom or an OR chain).
    let mut open_for_or = false;
    let (mut pending_or, mut pending_and, mut pending_not) = (None, None, None);
    for item in items {
        match item {
            Item::Atom { sign, atom } => {
                if let Some(or_at) = pending_or.take() {
                    match groups.last_mut() {
                        Some(group) if sign.is_none() => group.atoms.push(atom),
                        _ => return Err(QuerySyntaxError::DanglingOr(or_at)),
                    }
                    continue;
                }
                pending_and = None;
                let excluded = sign == Some('-') || pending_not.take().is_some();
                open_for_or = sign.is_none() && !excluded;
                groups.push(Group {
                    excluded,
                    atoms: vec![atom],
                });
            }
            Item::Or(at) => {
                if pending_or.is_some()
                    || pending_and.is_some()
                    || pending_not.is_some()
                    || !open_for_or
                {
                    return Err(QuerySyntaxError::DanglingOr(at));
                }
                pending_or = Some(at);
            }
            Item::And(at) => {
                if let Some(or_at) = pending_or {
                    return Err(QuerySyntaxError::DanglingOr(or_at));
                }
                if groups.is_empty() || pending_and.is_some() || pending_not.is_some() {
                    return Err(QuerySyntaxError::DanglingOperator("AND", at));
                }
                pending_and = Some(at);
            }
            Item::Not(at) => {
                if let Some(or_at) = pending_or {
                    return Err(QuerySyntaxError::DanglingOr(or_at));
                }
                if let Some(not_at) = pending_not {
                    return Err(QuerySyntaxError::DanglingOperator("NOT", not_at));
                }
                pending_not = Some(at);
            }
        }
    }
    if let Some(at) = pending_or {
        return Err(QuerySyntaxError::DanglingOr(at));
    }
    if let Some(at) = pending_and {
        return Err(QuerySyntaxError::DanglingOperator("AND", at));
    }
    if let Some(at) = pending_not {
        return Err(QuerySyntaxError::DanglingOperator("NOT", at));
    }
    if groups.iter().all(|g| g.excluded) {
        return Err(QuerySyntaxError::NothingToFind);
    }
    Ok(SearchQuery { groups })
}

/// Splits a query into atoms and operators.
fn lex(query: &str) -> Result<Vec<Item>, QuerySyntaxError> {
    let chars: Vec<char> = query.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    let is_break = |c: char| c.is_whitespace() || c == '"' || c == '(' || c == ')';
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '(' || c == ')' {
            return Err(QuerySyntaxError::Parenthesis(i + 1));
        }
        let at = i + 1;
        let mut sign = None;
        if (c == '+' || c == '-') && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            sign = Some(c);
            i += 1;
        } else if c == '+' || c == '-' {
            // A lone sign is punctuation.
            i += 1;
            continue;
        }
        let mut field = None;
        for candidate in [SearchField::Title, SearchField::Text] {
            let prefix: Vec<char> = format!("{}:", candidate.name()).chars().collect();
            if chars[i..].starts_with(&prefix) {
                field = Some(candidate);
                i += prefix.len();
                if chars
                    .get(i)
                    .is_none_or(|&n| n.is_whitespace() || n == ')' || n == '(')
                {
                    return Err(QuerySyntaxError::EmptyField(candidate.name(), at));
                }
                break;
            }
        }
        let (text, quoted) = if chars.get(i) == Some(&'"') {
            let start = i + 1;
            let end = chars[start..]
                .iter()
                .position(|&c| c == '"')
                .map(|p| start + p)
                .ok_or(QuerySyntaxError::UnclosedQuote(i + 1))?;
            i = end + 1;
            (chars[start..end].iter().collect::<String>(), true)
        } else {
            let start = i;
            while i < chars.len() && !is_break(chars[i]) {
                i += 1;
            }
            (chars[start..i].iter().collect::<String>(), false)
        };
        if !quoted && sign.is_none() && field.is_none() {
            let operator = match text.as_str() {
                "OR" => Some(Item::Or(at)),
                "AND" => Some(Item::And(at)),
                "NOT" => Some(Item::Not(at)),
                _ => None,
            };
            if let Some(operator) = operator {
                items.push(operator);
                continue;
            }
        }
        // A word spelt like an operator (after a prefix) or starting with a sign is kept as a
        // phrase, so that it prints back quoted and reads the same when parsed again.
        let quoted =
            quoted || matches!(text.as_str(), "OR" | "AND" | "NOT") || text.starts_with(['+', '-']);
        items.push(Item::Atom {
            sign,
            atom: Atom {
                field,
                text,
                quoted,
            },
        });
    }
    Ok(items)
}

impl fmt::Display for SearchQuery {
    /// The query in canonical form: parsing it again gives the same query.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, group) in self.groups.iter().enumerate() {
            if n > 0 {
                f.write_str(" ")?;
            }
            if group.excluded {
                f.write_str("-")?;
            }
            for (k, atom) in group.atoms.iter().enumerate() {
                if k > 0 {
                    f.write_str(" OR ")?;
                }
                if let Some(field) = atom.field {
                    write!(f, "{}:", field.name())?;
                }
                if atom.quoted {
                    write!(f, "\"{}\"", atom.text)?;
                } else {
                    f.write_str(&atom.text)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(q: &SearchQuery) -> Vec<(bool, Vec<&str>)> {
        q.groups
            .iter()
            .map(|g| {
                (
                    g.excluded,
                    g.atoms.iter().map(|a| a.text.as_str()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn words_phrases_signs_and_or() {
        let q = parse(r#"flood +"river bank" -drought storm OR gale title:Mayor"#).unwrap();
        assert_eq!(
            words(&q),
            vec![
                (false, vec!["flood"]),
                (false, vec!["river bank"]),
                (true, vec!["drought"]),
                (false, vec!["storm", "gale"]),
                (false, vec!["Mayor"]),
            ]
        );
        assert_eq!(q.groups[4].atoms[0].field, Some(SearchField::Title));
        assert_eq!(
            q.to_string(),
            r#"flood "river bank" -drought storm OR gale title:Mayor"#
        );
        let q = parse("a AND NOT b").unwrap();
        assert_eq!(words(&q), vec![(false, vec!["a"]), (true, vec!["b"])]);
    }

    #[test]
    fn malformed_queries_say_what_is_wrong() {
        let cases = [
            ("", QuerySyntaxError::Empty),
            ("   ", QuerySyntaxError::Empty),
            ("(a)", QuerySyntaxError::Parenthesis(1)),
            ("a \"b", QuerySyntaxError::UnclosedQuote(3)),
            ("OR a", QuerySyntaxError::DanglingOr(1)),
            ("a OR", QuerySyntaxError::DanglingOr(3)),
            ("a OR -b", QuerySyntaxError::DanglingOr(3)),
            ("a NOT", QuerySyntaxError::DanglingOperator("NOT", 3)),
            ("title: a", QuerySyntaxError::EmptyField("title", 1)),
            ("-a -b", QuerySyntaxError::NothingToFind),
        ];
        for (query, expected) in cases {
            assert_eq!(parse(query), Err(expected), "{query:?}");
        }
        assert_eq!(
            parse(&"x ".repeat(MAX_ATOMS + 1)),
            Err(QuerySyntaxError::TooManyAtoms)
        );
        assert_eq!(
            parse(&"x".repeat(MAX_QUERY_CHARS + 1)),
            Err(QuerySyntaxError::TooLong)
        );
    }

    /// The query that took tantivy's parser exponential time is refused at once, at any depth.
    #[test]
    fn nested_parentheses_are_refused_in_linear_time() {
        for depth in [23, 40, 400] {
            let query = format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
            assert_eq!(parse(&query), Err(QuerySyntaxError::Parenthesis(1)));
        }
        let deep = format!("{}a", "(".repeat(100_000));
        assert_eq!(parse(&deep), Err(QuerySyntaxError::TooLong));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Any text: no panic; an accepted query is bounded and prints back to itself.
        #[test]
        fn any_text_parses_or_is_refused(query in r#"[a-z\-+"():ORANDNOTtilex ]{0,80}|\PC{0,200}"#) {
            if let Ok(parsed) = parse(&query) {
                let atoms: usize = parsed.groups.iter().map(|g| g.atoms.len()).sum();
                prop_assert!(atoms <= MAX_ATOMS);
                prop_assert!(parsed.groups.iter().all(|g| !g.atoms.is_empty()));
                prop_assert!(parsed.groups.iter().any(|g| !g.excluded));
                let printed = parsed.to_string();
                prop_assert_eq!(parse(&printed), Ok(parsed));
            }
        }
    }
}
