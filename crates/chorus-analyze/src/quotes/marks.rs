//! Pairing quotation marks: straight and curly, double and single, guillemets and „low-high“
//! marks, with apostrophes told apart from single quotes and unbalanced marks kept from
//! swallowing the text.

/// Longest stretch, in bytes, an open double quote may run before it is given up as stray.
const MAX_QUOTE_BYTES: usize = 4000;
/// Most line breaks an open double quote may cross without a closing mark.
const MAX_LINES: usize = 12;
/// Longest single-quoted stretch, in bytes (single quotes never cross a line).
const MAX_SINGLE_BYTES: usize = 400;

/// A stretch of text between paired marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Raw {
    /// Byte of the opening mark.
    pub open: usize,
    /// The words inside, trimmed of whitespace.
    pub start: usize,
    /// End of the words inside.
    pub end: usize,
    /// Byte just after the closing mark (or the cut, for a quote cut at a paragraph end).
    pub after: usize,
    /// Whether it sits inside another quote.
    pub nested: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `"`, `“ ”`, `„ “`.
    Double,
    /// `« »`.
    Guillemet,
    /// `'`, `‘ ’`.
    Single,
}

#[derive(Clone, Copy)]
struct Open {
    family: Family,
    /// Byte of the mark.
    mark: usize,
    /// Byte after the mark.
    inner: usize,
    /// Opened with `„` (closed by `“`).
    low: bool,
    /// Line breaks crossed.
    lines: usize,
}

/// Finds the quoted stretches of `text`, in order of their opening marks.
pub(crate) fn pair(text: &str) -> Vec<Raw> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut outer: Option<Open> = None;
    let mut inner: Option<Open> = None;
    for (i, c) in text.char_indices() {
        let next_at = i + c.len_utf8();
        let prev = text[..i].chars().next_back();
        let next = text[next_at..].chars().next();
        match c {
            '\n' => {
                inner = None;
                if let Some(o) = outer.as_mut() {
                    let rest = &text[next_at..];
                    let skipped = rest.len() - rest.trim_start().len();
                    let blank = rest[..skipped].contains('\n');
                    let reopens = rest.trim_start().chars().next().is_some_and(|n| {
                        matches!(
                            (o.family, n),
                            (Family::Double, '"' | '“' | '„') | (Family::Guillemet, '«')
                        )
                    });
                    if reopens {
                        // A paragraph that opens a quote without closing it, the next one
                        // reopening: the quote ends with its paragraph.
                        push(&mut out, text, o.mark, o.inner, i, i, false);
                        outer = None;
                    } else if blank
                        || o.lines >= MAX_LINES
                        || i.saturating_sub(o.inner) > MAX_QUOTE_BYTES
                    {
                        outer = None;
                    } else {
                        o.lines += 1;
                    }
                }
            }
            '"' | '“' | '”' | '„' | '«' | '»' => {
                if c == '"' && prev.is_some_and(|p| p.is_ascii_digit()) {
                    continue; // inches: 5'11"
                }
                let family = if matches!(c, '«' | '»') {
                    Family::Guillemet
                } else {
                    Family::Double
                };
                match outer {
                    Some(o) if o.family == family => {
                        let closes = match c {
                            '"' | '”' | '»' => true,
                            '“' => o.low,
                            _ => false,
                        };
                        let stray_restart = c == '"'
                            && o.lines > 0
                            && prev.is_none_or(char::is_whitespace)
                            && next.is_some_and(char::is_alphanumeric);
                        if closes && !stray_restart {
                            if let Some(n) = inner.take() {
                                push(&mut out, text, n.mark, n.inner, i, i, true);
                            }
                            push(&mut out, text, o.mark, o.inner, i, next_at, false);
                            outer = None;
                        } else if matches!(c, '"' | '“' | '„' | '«') {
                            // A second opening mark: the first one was stray.
                            inner = None;
                            outer = Some(open(family, i, next_at, c == '„'));
                        }
                    }
                    Some(_) => {}
                    None => {
                        if matches!(c, '"' | '“' | '„' | '«') {
                            outer = Some(open(family, i, next_at, c == '„'));
                        }
                    }
                }
            }
            '\'' | '‘' | '’' => {
                let letter_before = prev.is_some_and(char::is_alphanumeric);
                let letter_after = next.is_some_and(char::is_alphanumeric);
                if letter_before && letter_after {
                    continue; // don't, Kim Jong-un's
                }
                let nested = outer.is_some_and(|o| o.family != Family::Single);
                let current = if nested { inner } else { outer };
                match current {
                    Some(o) if o.family == Family::Single => {
                        let closes = c != '‘'
                            && !letter_after
                            && (nested || prev.is_some_and(|p| !p.is_whitespace()));
                        if closes {
                            push(&mut out, text, o.mark, o.inner, i, next_at, nested);
                            if nested {
                                inner = None;
                            } else {
                                outer = None;
                            }
                        }
                    }
                    Some(_) => {}
                    None => {
                        let opening_context = prev.is_none_or(|p| {
                            p.is_whitespace() || matches!(p, '(' | '[' | '"' | '“' | '—' | ':')
                        });
                        let spaced_ok = nested
                            && next == Some(' ')
                            && bytes.get(next_at + 1).is_some_and(u8::is_ascii_alphabetic);
                        // A decade or year cut short ("the '60s", "class of '16") is no quote.
                        let elision = bytes
                            .get(next_at..next_at + 2)
                            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                            && !bytes.get(next_at + 2).is_some_and(u8::is_ascii_digit);
                        if c != '’' && opening_context && !elision && (letter_after || spaced_ok)
                        {
                            let o = open(Family::Single, i, next_at, false);
                            if nested {
                                inner = Some(o);
                            } else {
                                outer = Some(o);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        for slot in [&mut outer, &mut inner] {
            if slot.is_some_and(|o| {
                o.family == Family::Single && i.saturating_sub(o.inner) > MAX_SINGLE_BYTES
            }) {
                *slot = None;
            }
        }
    }
    out.sort_by_key(|r| (r.open, r.nested));
    out
}

fn open(family: Family, mark: usize, inner: usize, low: bool) -> Open {
    Open {
        family,
        mark,
        inner,
        low,
        lines: 0,
    }
}

/// Records the stretch `from..to` (trimmed) opened at `mark`.
fn push(
    out: &mut Vec<Raw>,
    text: &str,
    mark: usize,
    from: usize,
    to: usize,
    after: usize,
    nested: bool,
) {
    let piece = &text[from..to];
    let start = from + (piece.len() - piece.trim_start().len());
    let end = from + piece.trim_end().len();
    if start < end {
        out.push(Raw {
            open: mark,
            start,
            end,
            after,
            nested,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        pair(text).iter().map(|r| &text[r.start..r.end]).collect()
    }

    #[test]
    fn straight_curly_guillemets_and_low_high() {
        assert_eq!(
            quoted("He said \"we will win the vote.\""),
            vec!["we will win the vote."]
        );
        assert_eq!(
            quoted("She said: “It rains a lot here.”"),
            vec!["It rains a lot here."]
        );
        assert_eq!(
            quoted("Il a dit « nous verrons bien demain »."),
            vec!["nous verrons bien demain"]
        );
        assert_eq!(
            quoted("Er sagte „wir kommen bald wieder“."),
            vec!["wir kommen bald wieder"]
        );
    }

    #[test]
    fn apostrophes_are_not_single_quotes() {
        let t = "They don't know. It's the dogs' bowl, Tom's idea, the '90s.";
        assert!(quoted(t).is_empty());
        assert_eq!(
            quoted("A man is found 'hiding in a shed' near the barn"),
            vec!["hiding in a shed"]
        );
        // A decade cut short does not open a quote that would swallow the real one.
        assert_eq!(
            quoted("She sang in a '60s group. He wrote: \"I salute this soul,\" he said."),
            vec!["I salute this soul,"]
        );
    }

    #[test]
    fn nested_quotes() {
        let t = "\"I opened the door and they said 'stay inside, please.' \" he said.";
        assert_eq!(
            quoted(t),
            vec![
                "I opened the door and they said 'stay inside, please.'",
                "stay inside, please."
            ]
        );
    }

    #[test]
    fn paragraphs_reopening_a_quote() {
        let t = "\"The first part of it.\nThe second line of it.\n\"A new paragraph reopens it.\"";
        assert_eq!(
            quoted(t),
            vec![
                "The first part of it.\nThe second line of it.",
                "A new paragraph reopens it."
            ]
        );
        let t = "“One paragraph open.\n\n“Another closes.”";
        assert_eq!(quoted(t), vec!["One paragraph open.", "Another closes."]);
    }

    #[test]
    fn unbalanced_marks_stop_at_the_paragraph() {
        let t = "He is 6'2\" tall. A stray \" mark here.\n\nLater text with no marks at all.";
        assert!(quoted(t).is_empty());
        let long = format!("\"{}", "word and more words\n".repeat(40));
        assert!(quoted(&long).is_empty());
    }
}
