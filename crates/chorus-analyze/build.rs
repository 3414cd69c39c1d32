//! Indexes the embedded word lists at compile time, so a process starts with them ready: for
//! each `data/NAME.txt` (one word a line, sorted in byte order, no duplicates, no empty line;
//! the build fails otherwise), `NAME.offsets` (where each word starts, as little-endian `u32`,
//! then one past the last line's end) and `NAME.starts` (per two-byte bucket, the index of its
//! first word, then the word count) in `OUT_DIR`.

use std::path::Path;

include!("src/entities/word_key.rs");

/// Number of buckets ([`prefix_key`] values).
const KEYS: usize = 1 << 16;

/// The lists indexed, by file stem.
const LISTS: [&str; 6] = [
    "places",
    "common",
    "given",
    "surnames",
    "titles",
    "person_nouns",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in LISTS {
        let path = format!("data/{name}.txt");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            text.ends_with('\n'),
            "{path}: the last line must end with a newline"
        );
        let mut offsets: Vec<u32> = Vec::new();
        let mut starts = vec![0u32; KEYS + 1];
        let mut previous: Option<&str> = None;
        let mut at = 0usize;
        for word in text.split_terminator('\n') {
            assert!(!word.is_empty(), "{path}: an empty line");
            if let Some(p) = previous {
                assert!(
                    p < word,
                    "{path}: not sorted or duplicated at {p:?}, {word:?} (LC_ALL=C sort -u)"
                );
            }
            previous = Some(word);
            offsets.push(u32::try_from(at).expect("a list under 4 GB"));
            starts[prefix_key(word) + 1] += 1;
            at += word.len() + 1;
        }
        offsets.push(u32::try_from(at).expect("a list under 4 GB"));
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let bytes = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        for (ext, v) in [("offsets", &offsets), ("starts", &starts)] {
            let file = Path::new(&out).join(format!("{name}.{ext}"));
            std::fs::write(&file, bytes(v)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
    }
}
