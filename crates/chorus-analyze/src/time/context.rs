//! The words around a time expression: the neighbouring word, and whether its clause speaks of
//! the future.

/// Whether `c` belongs to a word (letters, digits, apostrophes inside words, hyphens).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// The word just before byte `at`, across spaces only (not across punctuation).
pub(super) fn prev_word(text: &str, at: usize) -> &str {
    prev_word_at(text, at).1
}

/// The word just before byte `at` and where it starts.
pub(super) fn prev_word_at(text: &str, at: usize) -> (usize, &str) {
    let before = text[..at].trim_end_matches([' ', '\t', '\u{a0}']);
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start, &before[start..])
}

/// The word just after byte `at`, across spaces only.
pub(super) fn next_word(text: &str, at: usize) -> &str {
    let after = text[at..].trim_start_matches([' ', '\t', '\u{a0}']);
    let end = after
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(after.len(), |(i, _)| i);
    &after[..end]
}

/// The first character before byte `at` that is not a space.
pub(super) fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().rev().find(|c| !c.is_whitespace())
}

/// Characters that end a clause for tense detection.
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ';' | '\n' | '"' | '“' | '”' | '(' | ')'
    )
}

/// How far tense detection looks either side of an expression, in bytes.
const REACH: usize = 240;

/// Words that put a clause in the future on their own.
const FUTURE: &[&str] = &[
    "will",
    "'ll",
    "’ll",
    "won't",
    "won’t",
    "wo",
    "would",
    "shall",
    "expected",
    "expects",
    "expect",
    "scheduled",
    "slated",
    "upcoming",
    "run-up",
    "plans",
    "planning",
    "prepares",
    "preparing",
    "hopes",
    "hoping",
    "intends",
    "next",
];

/// Modals that speak of the future unless followed by "have" ("might have been"); "could" is
/// left out, being mostly past in news ("could not be reached").
const MODAL: &[&str] = &["may", "might", "should", "must"];

/// Words that, followed by "to", put a clause in the future ("is to be voted", "set to meet").
const FUTURE_BEFORE_TO: &[&str] = &[
    "is", "are", "was", "were", "set", "going", "plan", "planned", "aims", "aim", "want", "wants",
    "likely", "poised", "ready", "vowed", "promised", "pledged", "agreed", "decided",
];

/// Past forms that do not end in "-ed".
const PAST: &[&str] = &[
    "said", "told", "was", "were", "had", "did", "went", "came", "met", "made", "took", "gave",
    "saw", "got", "began", "found", "left", "held", "spoke", "wrote", "fell", "rose", "broke",
    "brought", "thought", "sought", "fought", "won", "lost", "ran", "sent", "spent", "led", "fled",
    "shot", "struck", "stood", "knew", "paid", "became", "chose", "drove", "flew", "threw", "hid",
    "ago", "since",
];

/// Words ending in "-ed" that are not past forms.
const NOT_PAST: &[&str] = &[
    "need", "indeed", "hundred", "speed", "feed", "seed", "proceed", "succeed", "exceed", "red",
    "bed", "shed", "breed", "greed", "weed", "wed", "embed",
];

/// What one word says about tense, given the words before and after it in the text.
fn cue(word: &str, preceding: Option<&str>, following: Option<&str>) -> Option<bool> {
    let w = word.to_lowercase();
    let w = w.as_str();
    let preceding = preceding.map(str::to_lowercase);
    let preceding = preceding.as_deref();
    // "as scheduled", "as expected": no tense of their own.
    if preceding == Some("as") && matches!(w, "scheduled" | "expected" | "planned") {
        return None;
    }
    // "is due", "and due to give birth" look ahead; "fell due to the storm" gives a cause.
    if w == "due" {
        return matches!(
            preceding,
            Some("is" | "are" | "was" | "were" | "be" | "been" | "and" | "not" | "also")
        )
        .then_some(true);
    }
    if w == "ahead" {
        return (following == Some("of")).then_some(true);
    }
    if FUTURE.contains(&w) || w.ends_with("'ll") || w.ends_with("’ll") {
        return Some(true);
    }
    if MODAL.contains(&w) {
        return Some(!matches!(following, Some("have" | "'ve" | "’ve")));
    }
    if following == Some("to") && FUTURE_BEFORE_TO.contains(&w) {
        return Some(true);
    }
    if PAST.contains(&w) {
        return Some(false);
    }
    if w.len() >= 4 && w.ends_with("ed") && !NOT_PAST.contains(&w) {
        return Some(false);
    }
    None
}

/// The words of `s`, lower-cased on demand by the caller.
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the clause around `text[start..end]` speaks of the future (`Some(true)`), of the past
/// (`Some(false)`), or gives no cue (`None`): the tense cue nearest the expression wins, looking
/// back to the clause start (or a comma) first, then forward to the clause end.
pub(super) fn tense(text: &str, start: usize, end: usize) -> Option<bool> {
    let mut from = start.saturating_sub(REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    // Looking back, a comma also ends the clause ("a box that would hold a gun, found in a
    // search Monday").
    let before = before
        .char_indices()
        .rev()
        .find(|&(_, c)| is_clause_break(c) || c == ',')
        .map_or(before, |(i, c)| &before[i + c.len_utf8()..]);
    let back = words(before);
    let deadline = back.last().is_some_and(|w| w.eq_ignore_ascii_case("by"));
    for i in (0..back.len()).rev() {
        let following = back.get(i + 1).map(|w| w.to_lowercase());
        // A participle after a present or infinitive "be" ("to be voted", "are not met") is
        // not a past tense.
        let auxiliary = back[..i]
            .iter()
            .rev()
            .map(|w| w.to_lowercase())
            .find(|w| !matches!(w.as_str(), "not" | "n't" | "yet" | "already"));
        let passive = matches!(
            auxiliary.as_deref(),
            Some("be" | "been" | "being" | "is" | "are" | "am")
        );
        let preceding = i.checked_sub(1).map(|j| back[j]);
        match cue(back[i], preceding, following.as_deref()) {
            Some(false) if passive => {}
            Some(future) => return Some(future),
            None => {}
        }
    }
    let mut to = (end + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[end..to];
    let after = after.find(is_clause_break).map_or(after, |i| &after[..i]);
    let ahead = words(after);
    for (i, w) in ahead.iter().enumerate() {
        let following = ahead.get(i + 1).map(|w| w.to_lowercase());
        let preceding = i.checked_sub(1).map(|j| ahead[j]).or(back.last().copied());
        if let Some(future) = cue(w, preceding, following.as_deref()) {
            return Some(future);
        }
    }
    // "by Friday" is a deadline: future unless a verb says otherwise.
    deadline.then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn future(sentence: &str, expression: &str) -> bool {
        let start = sentence.find(expression).unwrap();
        tense(sentence, start, start + expression.len()) == Some(true)
    }

    #[test]
    fn tense_from_the_clause() {
        assert!(!future("The council met Friday to vote.", "Friday"));
        assert!(future("The council will meet on Friday.", "Friday"));
        assert!(future("The vote is expected Friday.", "Friday"));
        assert!(future("The bill is to be debated on Friday.", "Friday"));
        assert!(future(
            "She said the ministers would sign it Friday.",
            "Friday"
        ));
        assert!(future("They plan to finish by Friday.", "Friday"));
        assert!(future("On Friday, the board will decide.", "Friday"));
        assert!(!future("On Friday, the board decided.", "Friday"));
        assert!(!future(
            "He will resign. The board decided Friday.",
            "Friday"
        ));
        assert!(future("We’ll know more Friday.", "Friday"));
        assert!(future("The report is due Friday.", "Friday"));
        assert!(!future(
            "Trade slowed on Friday due to the storm.",
            "Friday"
        ));
        assert!(!future(
            "The parade went ahead as scheduled Friday.",
            "Friday"
        ));
    }

    #[test]
    fn neighbouring_words() {
        assert_eq!(prev_word("riots in  2008", 10), "in");
        assert_eq!(next_word("2008 riots.", 4), "riots");
        assert_eq!(prev_word("Sixers' 1983", 8), "Sixers'");
        assert_eq!(prev_char("rose $2019", 6), Some('$'));
    }
}
