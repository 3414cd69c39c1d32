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
/// order within a paragraph), and block quotations: a paragraph that a paragraph ending in a
/// colon introduces ("Persson elaborated in a blog post:", then the post), as flattened pages
/// leave them without marks. Sorted by start.
pub fn quoted_ranges(text: &str) -> Vec<Span> {
    let mut ranges = marked_ranges(text);
    ranges.extend(block_quotes(text));
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    ranges
}

/// The paragraphs that follow a paragraph ending in a colon.
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
        if introduced {
            blocks.push(Span::new(start, start + line.trim_end().len()));
        }
        introduced = trimmed.ends_with(':');
    }
    blocks
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
