// Shared by the crate and its build script (`include!`d there), so the index the build writes
// and the lookups that read it agree on the buckets.

/// The bucket of a word in a sorted word list: its first two bytes (a one-byte word, its byte
/// and a zero), so the words of one key are contiguous in byte order.
pub fn prefix_key(word: &str) -> usize {
    let b = word.as_bytes();
    (usize::from(b.first().copied().unwrap_or(0)) << 8)
        | usize::from(b.get(1).copied().unwrap_or(0))
}
