//! Word tokens of one segment, with byte spans, for the entity rules.

/// A word or a punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// First byte in the text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Whether it is a word (letters or digits) rather than punctuation.
    pub word: bool,
    /// Whether it is a word that starts with a capital ("Rubio", "U.S.", "al-Assad").
    pub cap: bool,
}

impl Token {
    /// The token's text.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Appends the tokens of `text[start..end]` to `out`. Words keep inner apostrophes, hyphens and
/// periods ("O'Brien", "al-Assad", "U.S."); a possessive "'s" becomes its own token; a
/// capitalized word glued to a lowercase one by a hyphen ("Berlin-based") is split.
pub(crate) fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let c = char_at(text, i);
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token {
                start: i,
                end: i + c.len_utf8(),
                word: false,
                cap: false,
            });
            i += c.len_utf8();
            continue;
        }
        let w = i;
        let mut j = i + c.len_utf8();
        loop {
            if j >= end {
                break;
            }
            let d = char_at(text, j);
            if d.is_alphanumeric() {
                j += d.len_utf8();
                continue;
            }
            if matches!(d, '\'' | '’' | '-' | '.' | '&') {
                let k = j + d.len_utf8();
                if k < end && char_at(text, k).is_alphanumeric() {
                    j = k;
                    continue;
                }
            }
            break;
        }
        // Trailing period of an abbreviation or initial ("Mr.", "U.S.", "W.").
        if j < end && bytes[j] == b'.' {
            let word = &text[w..j];
            let single_cap = word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase();
            if single_cap || chorus_text::sentences::is_abbreviation(word) {
                j += 1;
            }
        }
        push_word(text, w, j, out);
        i = j;
    }
}

fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    // Possessive.
    for suffix in ["'s", "’s", "'S", "’S"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            let cut = end - suffix.len();
            push_word(text, start, cut, out);
            out.push(Token {
                start: cut,
                end,
                word: false,
                cap: false,
            });
            return;
        }
    }
    // "Berlin-based", "UK-based", "Moscow-backed": the name alone.
    if let Some(h) = word.find('-') {
        let (left, right) = (&word[..h], &word[h + 1..]);
        if is_cap(left)
            && right.len() >= 3
            && right.chars().next().is_some_and(char::is_lowercase)
            && super::lists().is_common(right)
        {
            push_word(text, start, start + h, out);
            out.push(Token {
                start: start + h,
                end: start + h + 1,
                word: false,
                cap: false,
            });
            push_word(text, start + h + 1, end, out);
            return;
        }
    }
    out.push(Token {
        start,
        end,
        word: true,
        cap: is_cap(word) && !is_ticker(word),
    });
}

/// "KORS.N", "CHOO.L": a stock ticker, not a name.
fn is_ticker(word: &str) -> bool {
    word.split_once('.').is_some_and(|(a, b)| {
        a.len() >= 2
            && (1..=2).contains(&b.len())
            && a.bytes().all(|c| c.is_ascii_uppercase())
            && b.bytes().all(|c| c.is_ascii_uppercase())
    })
}

/// Whether a word starts with a capital, or is a lowercase particle glued to a capitalized name
/// ("al-Assad", "el-Sisi").
fn is_cap(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => word
            .find('-')
            .is_some_and(|h| h <= 3 && word[h + 1..].starts_with(|d: char| d.is_uppercase())),
        _ => false,
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &mut out);
        out.iter().map(|t| t.of(text)).collect()
    }

    #[test]
    fn splits_possessives_and_hyphenated_modifiers() {
        assert_eq!(
            words("Mr. Ortega's Lima-based U.S. firm, al-Noor."),
            ["Mr.", "Ortega", "'s", "Lima", "-", "based", "U.S.", "firm", ",", "al-Noor", "."]
        );
    }
}
