//! Roles attached to people ("U.S. Secretary of State Marco Rubio", "Yuri Ushakov, Putin's
//! foreign policy adviser").
//!
//! Three patterns, each anchored on a head word from the title vocabulary (`titles.txt`, built
//! from `nameparser`'s titles, plus the hand-written title lists of the entity module);
//! kinship words ("her brother") are never heads:
//! - a pre-modifier right before the name: capitalized words, title words and role modifiers
//!   ("foreign", "deputy", "former"), joined by "of" ("U.S. Secretary of State", "Kremlin
//!   spokesman"); it must end in a head;
//! - an apposition after the name, between commas: "Kirill Dmitriev, head of Russia's sovereign
//!   wealth fund," (an age in between is skipped);
//! - an apposition before the name: "Putin's foreign policy adviser, Yuri Ushakov".
//!
//! Leading determiners and possessive determiners ("the", "a", "his") are left out of role
//! spans; honorifics ("Mr.") are not roles.

use crate::entities::{lists, tokenize, FoundMention, Token, FUNCTION_WORDS, KINSHIP, ROLE_WORDS};
use chorus_core::analysis::{EntityKind, Role, Span};

/// A role and the mention (index into the found mentions) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedRole {
    /// Index of the person mention in the slice given to [`attach`].
    pub mention: usize,
    /// The role.
    pub role: Role,
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "The", "A", "An", "His",
    "Her", "Its", "Their", "Our",
];
const HONORIFICS: &[&str] = &["Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Mr", "Mrs", "Ms"];
/// Words an apposition role may contain besides content words.
const ROLE_GLUE: &[&str] = &["of", "the", "for", "in", "at", "on", "to", "and", "a", "an"];
/// Longest role, in tokens.
const MAX_ROLE: usize = 10;

/// Finds the roles the text gives to person mentions.
pub fn attach(text: &str, found: &[FoundMention]) -> Vec<AttachedRole> {
    let mut out = Vec::new();
    if !found.iter().any(|m| m.kind == EntityKind::Person) {
        return out;
    }
    let mut tokens = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let ctx = Ctx {
        text,
        tokens: &tokens,
        found,
    };
    for (i, m) in found.iter().enumerate() {
        if m.kind != EntityKind::Person {
            continue;
        }
        let first = tokens.partition_point(|t| t.start < m.span.start);
        let after = tokens.partition_point(|t| t.end <= m.span.end);
        if first >= tokens.len() || tokens[first].start != m.span.start {
            continue;
        }
        for span in [
            ctx.before(first),
            ctx.apposition_after(after),
            ctx.apposition_before(first),
        ]
        .into_iter()
        .flatten()
        {
            out.push(AttachedRole {
                mention: i,
                role: Role {
                    text: span.of(text).to_owned(),
                    span,
                },
            });
        }
    }
    out
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    found: &'a [FoundMention],
}

impl Ctx<'_> {
    fn w(&self, i: usize) -> &str {
        self.tokens[i].of(self.text)
    }

    /// Only spaces between tokens `a` and `a + 1`.
    fn joined(&self, a: usize) -> bool {
        self.text[self.tokens[a].end..self.tokens[a + 1].start]
            .bytes()
            .all(|b| b == b' ')
    }

    fn in_person(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        // Mentions are in text order and never overlap.
        let k = self.found.partition_point(|m| m.span.end <= t.start);
        self.found.get(k).is_some_and(|m| {
            m.kind == EntityKind::Person && m.span.start <= t.start && t.end <= m.span.end
        })
    }

    fn is_head(&self, i: usize) -> bool {
        let w = self.w(i).to_lowercase();
        let l = lists();
        !KINSHIP.contains(&w.as_str()) && l.is_title(&w)
    }

    fn is_modifier(&self, i: usize) -> bool {
        let w = self.w(i);
        let lower = w.to_lowercase();
        if self.tokens[i].cap {
            return !crate::entities::is_calendar(w);
        }
        let prefix = lower.split('-').next().unwrap_or("");
        self.tokens[i].word
            && !KINSHIP.contains(&lower.as_str())
            && (ROLE_WORDS.contains(&lower.as_str())
                || lists().is_title(&lower)
                || (lower.contains('-') && (prefix == "ex" || ROLE_WORDS.contains(&prefix))))
    }

    /// "U.S. Secretary of State [Marco Rubio]", "Kremlin spokesman [Dmitry Peskov]".
    fn before(&self, first: usize) -> Option<Span> {
        let mut k = first;
        while k > 0 && HONORIFICS.contains(&self.w(k - 1)) && self.joined(k - 1) {
            k -= 1;
        }
        let end = k;
        let mut start = k;
        while start > 0 && self.joined(start - 1) {
            let j = start - 1;
            if self.in_person(j) {
                break;
            }
            let w = self.w(j);
            if w == "of" && start < end && self.tokens[start].cap {
                start = j;
                continue;
            }
            if !self.is_modifier(j) {
                break;
            }
            start = j;
        }
        while start < end
            && (self.w(start) == "of"
                || HONORIFICS.contains(&self.w(start))
                || FUNCTION_WORDS.contains(&self.w(start).to_lowercase().as_str()))
        {
            start += 1;
        }
        if start == end || !self.is_head(end - 1) {
            return None;
        }
        if end - start > MAX_ROLE {
            return None;
        }
        Some(Span::new(
            self.tokens[start].start,
            self.tokens[end - 1].end,
        ))
    }

    /// "[Kirill Dmitriev], head of Russia's sovereign wealth fund,".
    fn apposition_after(&self, after: usize) -> Option<Span> {
        let n = self.tokens.len();
        if after >= n || self.w(after) != "," {
            return None;
        }
        let mut k = after + 1;
        // An age: "Jane Roe, 45, a teacher,".
        if k + 1 < n && self.w(k).bytes().all(|b| b.is_ascii_digit()) && self.w(k + 1) == "," {
            k += 2;
        }
        while k < n && DETERMINERS.contains(&self.w(k)) {
            k += 1;
        }
        let start = k;
        let mut has_head = false;
        while k < n && k - start <= MAX_ROLE {
            let t = &self.tokens[k];
            let w = self.w(k);
            if !t.word && !matches!(w, "'s" | "’s" | "-" | "&") {
                break;
            }
            if self.in_person(k)
                || (FUNCTION_WORDS.contains(&w) && !ROLE_GLUE.contains(&w))
                || KINSHIP.contains(&w)
            {
                return None;
            }
            has_head |= t.word && self.is_head(k);
            k += 1;
        }
        if k == start || k - start > MAX_ROLE || !has_head {
            return None;
        }
        if k < n && !matches!(self.w(k), "," | "." | ";" | ")" | "—" | "–") {
            return None;
        }
        let mut end = k;
        while end > start && ROLE_GLUE.contains(&self.w(end - 1)) {
            end -= 1;
        }
        (end > start).then(|| Span::new(self.tokens[start].start, self.tokens[end - 1].end))
    }

    /// "Putin's foreign policy adviser, [Yuri Ushakov]".
    fn apposition_before(&self, first: usize) -> Option<Span> {
        if first < 2 || self.w(first - 1) != "," {
            return None;
        }
        let end = first - 1;
        if !self.tokens[end - 1].word || !self.is_head(end - 1) {
            return None;
        }
        let mut start = end;
        while start > 0 && end - start < MAX_ROLE {
            let j = start - 1;
            let w = self.w(j);
            let t = &self.tokens[j];
            if matches!(w, "'s" | "’s") && j > 0 && self.tokens[j - 1].cap {
                start = j - 1;
                continue;
            }
            if !t.word
                || self.in_person(j)
                || DETERMINERS.contains(&w)
                || (FUNCTION_WORDS.contains(&w) && w != "of")
                || (t.cap && j + 1 < self.tokens.len() && !self.joined(j))
            {
                break;
            }
            start = j;
        }
        while start < end && self.w(start) == "of" {
            start += 1;
        }
        if start == end {
            return None;
        }
        // A sentence-initial capital that is an ordinary word ("Meanwhile") is no role.
        let first_word = self.w(start).to_lowercase();
        if self.tokens[start].cap
            && lists().is_common(&first_word)
            && !lists().is_title(&first_word)
            && !ROLE_WORDS.contains(&first_word.as_str())
        {
            return None;
        }
        Some(Span::new(
            self.tokens[start].start,
            self.tokens[end - 1].end,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{find, Gazetteer};

    fn roles(text: &str) -> Vec<(String, String)> {
        let segments = chorus_text::sentences::segment(text);
        let found = find(text, &segments, &Gazetteer::embedded());
        attach(text, &found)
            .into_iter()
            .map(|r| (found[r.mention].span.of(text).to_owned(), r.role.text))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_owned(), b.to_owned())
    }

    #[test]
    fn title_before_the_name() {
        assert_eq!(
            roles("U.S. Secretary of State Marco Rubio arrived in Oslo on Tuesday."),
            [pair("Marco Rubio", "U.S. Secretary of State")]
        );
        assert_eq!(
            roles("Reporters asked Kremlin spokesman Dmitry Peskov about the talks."),
            [pair("Dmitry Peskov", "Kremlin spokesman")]
        );
    }

    #[test]
    fn appositions() {
        assert_eq!(
            roles("The plan came from Putin's foreign policy adviser, Yuri Ushakov, on Monday."),
            [pair("Yuri Ushakov", "Putin's foreign policy adviser")]
        );
        assert_eq!(
            roles("Kirill Dmitriev, head of Russia's sovereign wealth fund, was also there."),
            [pair(
                "Kirill Dmitriev",
                "head of Russia's sovereign wealth fund"
            )]
        );
        assert_eq!(
            roles("It was Yuri Ushakov, Putin's foreign policy adviser, who spoke first."),
            [pair("Yuri Ushakov", "Putin's foreign policy adviser")]
        );
    }

    #[test]
    fn kinship_and_honorifics_are_not_roles() {
        assert_eq!(
            roles("Her brother, Thomas Whitfield, declined to comment."),
            []
        );
        assert_eq!(roles("Mr. Whitfield declined to comment."), []);
    }
}
