//! Word tokens with their byte spans, and the parts of a text that are quotations.

use chorus_core::analysis::Span;

/// A lowercase word and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word, lowercased.
    pub word: String,
    /// Its bytes in the text.
    pub span: Span,
    /// Whether it stands inside quotation marks.
    pub quoted: bool,
}

/// Splits text into word tokens (letters and digits, with inner apostrophes and hyphens kept
/// out), marking those inside quotation marks. Quoted words are reported by outlets that
/// independently quote the same speaker, so they are no evidence of copying.
pub fn tokenize(text: &str) -> Vec<Token> {
    let quoted = quoted_ranges(text);
    let mut tokens = Vec::new();
    let mut start = None;
    let mut q = 0;
    let mut push = |s: usize, e: usize, tokens: &mut Vec<Token>| {
        while q < quoted.len() && quoted[q].end <= s {
            q += 1;
        }
        let inside = q < quoted.len() && quoted[q].start <= s;
        tokens.push(Token {
            word: text[s..e].to_lowercase(),
            span: Span::new(s, e),
            quoted: inside,
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            push(s, i, &mut tokens);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut tokens);
    }
    tokens
}

/// Byte ranges inside paired quotation marks (curly pairs, or straight double quotes paired in
/// order within a paragraph; single quotes as British papers quote, see [`single_quoted`]), and
/// block quotations as flattened pages leave them without marks:
/// a paragraph that a paragraph ending in a colon introduces ("Persson elaborated in a blog
/// post:", then the post) and an embedded social post (a paragraph signed "— Name (@handle)
/// June 20, 2017", or "A post shared by …"). Outlets embed the same posts independently. Sorted
/// by start.
pub fn quoted_ranges(text: &str) -> Vec<Span> {
    let mut ranges = marked_ranges(text);
    ranges.extend(single_quoted(text));
    ranges.extend(block_quotes(text));
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    ranges
}

/// The signature of an embedded social post: a handle in parentheses and a date, or Instagram's
/// "A post shared by".
static EMBEDDED_POST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"\(@[A-Za-z0-9_]{1,30}\)\s*(?:on\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},\s+\d{4}|(?i:a post shared by)",
    )
    .expect("valid regex")
});

/// The paragraphs that follow a paragraph ending in a colon, and embedded social posts.
fn block_quotes(text: &str) -> Vec<Span> {
    let mut blocks = Vec::new();
    let mut introduced = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if introduced || EMBEDDED_POST.is_match(trimmed) {
            blocks.push(Span::new(start, start + line.trim_end().len()));
        }
        introduced = trimmed.ends_with(':');
    }
    blocks
}

/// Words that open with an apostrophe rather than a quotation mark ('em, 'n', 'til).
const ELISIONS: &[&str] = &["em", "n", "til", "tis", "twas", "cause", "bout", "round"];

/// Byte ranges inside single quotation marks, as British papers mark quotations ('I got used to
/// it,' he said): an opening mark (a straight or curly single quote, or a backtick) after a
/// space, a bracket, a dash or a double quote and before a letter or digit, closed by a single
/// quote after a word or punctuation and before anything but a letter or digit. A quotation left
/// open runs to the end of its paragraph (a quotation that continues into the next paragraph
/// closes only there). Apostrophes are no marks: inside a word (don't), elided words ('em, rock
/// 'n' roll) and years cut short ('60s, '99).
fn single_quoted(text: &str) -> Vec<Span> {
    let mut ranges = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut open: Option<usize> = None;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let prev = if k == 0 { ' ' } else { chars[k - 1].1 };
            let next = chars.get(k + 1).map_or(' ', |&(_, n)| n);
            match open {
                None if matches!(c, '\'' | '‘' | '`')
                    && !prev.is_alphanumeric()
                    && !matches!(prev, '\'' | '’' | '‘' | '.' | ',')
                    && next.is_alphanumeric() =>
                {
                    let word: String = line[i + c.len_utf8()..]
                        .chars()
                        .take_while(|ch| ch.is_alphanumeric())
                        .collect();
                    let elided = ELISIONS.contains(&word.to_lowercase().as_str())
                        || (word.len() <= 3
                            && word.starts_with(|ch: char| ch.is_ascii_digit())
                            && word
                                .trim_end_matches('s')
                                .chars()
                                .all(|ch| ch.is_ascii_digit()));
                    if !elided {
                        open = Some(base + i + c.len_utf8());
                    }
                }
                Some(start)
                    if matches!(c, '\'' | '’')
                        && (prev.is_alphanumeric() || ".,!?;:…-—".contains(prev))
                        && !next.is_alphanumeric() =>
                {
                    ranges.push(Span::new(start, base + i));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            ranges.push(Span::new(start, base + line.len()));
        }
    }
    ranges
}

/// Byte ranges inside paired quotation marks.
fn marked_ranges(text: &str) -> Vec<Span> {
    let mut ranges = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (_, '\n') => open = None,
            (None, '“') | (None, '"') | (None, '«') => open = Some((i + c.len_utf8(), c)),
            (Some((s, '“')), '”') | (Some((s, '"')), '"') | (Some((s, '«')), '»') => {
                ranges.push(Span::new(s, i));
                open = None;
            }
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_introduced_by_a_colon_is_quoted() {
        let t = tokenize("He wrote in a blog post:\n\nWe are done here.\n\nThe deal closed.");
        let quoted: Vec<_> = t
            .iter()
            .filter(|t| t.quoted)
            .map(|t| t.word.as_str())
            .collect();
        assert_eq!(quoted, ["we", "are", "done", "here"]);
    }

    #[test]
    fn an_embedded_post_is_quoted() {
        let t = tokenize("The team mourned.\n\nRest well, friend. — Jo Roe (@joroe) June 20, 2017\n\nMore later.");
        let quoted: Vec<_> = t
            .iter()
            .filter(|t| t.quoted)
            .map(|t| t.word.as_str())
            .collect();
        assert_eq!(quoted[..3], ["rest", "well", "friend"]);
        assert!(!quoted.contains(&"later"));
    }

    fn quoted_words(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.quoted)
            .map(|t| t.word)
            .collect()
    }

    #[test]
    fn single_quotes_mark_quotations_and_apostrophes_do_not() {
        assert_eq!(
            quoted_words("'I got used to it,' he said. The Smiths' house was 'a mess'."),
            ["i", "got", "used", "to", "it", "a", "mess"]
        );
        // A quotation that goes on into the next paragraph runs to its paragraph's end.
        assert_eq!(
            quoted_words("He said: ‘We will win.\n‘Nobody doubts it.’ Then he left."),
            ["we", "will", "win", "nobody", "doubts", "it"]
        );
        // Apostrophes: inside words, elisions, years cut short, a possessive after an 's'.
        assert!(quoted_words(
            "Rock 'n' roll in the '60s was the players' game; don't tell 'em, it's James' car."
        )
        .is_empty());
        // A backtick opens a quotation closed by a straight quote (wire copy).
        assert_eq!(quoted_words("called him `stupid' twice"), ["stupid"]);
    }

    #[test]
    fn tokens_are_lowercase_words_with_quote_marks() {
        let t = tokenize("Mayor Roe said “we’re ready” today.");
        let words: Vec<_> = t.iter().map(|t| (t.word.as_str(), t.quoted)).collect();
        assert_eq!(
            words,
            [
                ("mayor", false),
                ("roe", false),
                ("said", false),
                ("we", true),
                ("re", true),
                ("ready", true),
                ("today", false)
            ]
        );
    }
}
