//! `chorus_core::query_syntax::parse`, the search query grammar: any text is parsed in one
//! linear pass or refused; an accepted query has 1 to MAX_ATOMS words and phrases, something to
//! find, and prints back to a query that parses to itself — unless the printed form passes the
//! length limit (a query near the limit that wrote its atoms together, `"a""b"`, prints them
//! apart), which is then its only refusal.
#![no_main]

use chorus_core::query_syntax::{parse, QuerySyntaxError, MAX_ATOMS, MAX_QUERY_CHARS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(query) = parse(&text) {
        assert!(text.chars().count() <= MAX_QUERY_CHARS);
        let atoms: usize = query.groups.iter().map(|g| g.atoms.len()).sum();
        assert!((1..=MAX_ATOMS).contains(&atoms));
        assert!(query.groups.iter().all(|g| !g.atoms.is_empty()));
        assert!(query.groups.iter().any(|g| !g.excluded));
        let printed = query.to_string();
        let reparsed = parse(&printed);
        if printed.chars().count() > MAX_QUERY_CHARS {
            assert_eq!(reparsed, Err(QuerySyntaxError::TooLong), "{printed:?}");
        } else {
            assert_eq!(reparsed.as_ref(), Ok(&query), "{printed:?}");
        }
    }
});
