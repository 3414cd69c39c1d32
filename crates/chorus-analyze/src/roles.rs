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

/// Ranks that are also adjectives: written in lower case alone before a name, they describe
/// something else ("a major Facebook deal", "the general Apple design").
const ADJECTIVE_RANKS: &[&str] = &["major", "general", "private", "principal", "senior"];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "another", "this", "The",
    "A", "An", "His", "Her", "Its", "Their", "Our", "Another", "This",
];
/// Prepositions that open a complement inside a role ("resident of the block", "admiral in
/// command").
const COMPLEMENT: &[&str] = &["of", "for", "in", "at", "from", "on"];
const HONORIFICS: &[&str] = &["Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Mr", "Mrs", "Ms"];
/// Words an apposition role may contain besides content words.
const ROLE_GLUE: &[&str] = &[
    "of", "the", "for", "in", "at", "on", "to", "and", "a", "an", "from",
];
/// Verb forms that never stand inside a role ("police say suspect …").
const VERB_FORMS: &[&str] = &[
    "say", "says", "tell", "tells", "ask", "asks", "told", "said", "shot", "hit", "met", "led",
    "left", "saw", "took", "gave", "made", "found", "brought", "thought", "knew", "got", "went",
    "came", "ran", "sent", "kept", "held", "won", "lost", "put", "set", "let", "cut", "fled",
    "fought", "caught", "became", "began", "wrote", "spoke", "broke", "drove", "struck", "stole",
    "threw", "sought", "heard", "felt", "meant", "paid", "sold", "stood", "taught", "built",
];
/// A preposition that opens a complement in a role before a name ("representative to the UN").
fn opens_complement(w: &str) -> bool {
    COMPLEMENT.contains(&w) || w == "to"
}

/// Whether a word gives an age ("27-year-old", "3-month-old").
fn is_age(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && ["-year-old", "-month-old", "-week-old", "-day-old"]
            .iter()
            .any(|s| w.ends_with(s))
}

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
            ctx.before(first).or_else(|| ctx.conjunct_before(first)),
            ctx.apposition_after(after),
            ctx.apposition_before(first, after),
            ctx.accused_after(after),
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
        if let Some((span, singular)) = ctx.listed_after_plural(first) {
            out.push(AttachedRole {
                mention: i,
                role: Role {
                    text: singular,
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

    /// Nothing at all between tokens `a` and `a + 1`.
    fn joined_tight(&self, a: usize) -> bool {
        self.tokens[a].end == self.tokens[a + 1].start
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

    /// A word that can head a role: a title ("minister", "President"), or in lowercase a noun
    /// for a person ("analyst", "victims") or a kinship word ("mother").
    fn is_head(&self, i: usize) -> bool {
        let w = self.w(i).to_lowercase();
        let l = lists();
        if self.tokens[i].cap {
            // "Legal Analyst", "Public Defender": a capitalized noun for a person too.
            return l.is_title(&w)
                || (l.is_person_noun(&w) && !w.ends_with("ed") && !w.contains('-'));
        }
        // Participles that name people ("the accused") read as verbs after a name.
        KINSHIP.contains(&w.as_str())
            || l.is_title(&w)
            || (l.is_person_noun(&w) && !w.ends_with("ed"))
    }

    fn is_modifier(&self, i: usize) -> bool {
        let w = self.w(i);
        let lower = w.to_lowercase();
        if self.tokens[i].cap {
            return !crate::entities::is_calendar(w);
        }
        let prefix = lower.split('-').next().unwrap_or("");
        self.tokens[i].word
            && (ROLE_WORDS.contains(&lower.as_str())
                || lists().is_title(&lower)
                || lists().is_person_noun(&lower)
                || (lower.contains('-') && (prefix == "ex" || ROLE_WORDS.contains(&prefix))))
    }

    /// An ordinary lowercase word that may stand inside a pre-modifier ("transport" in
    /// "transport minister"): not a function word, not a verb's past form.
    fn is_plain_modifier(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        let w = self.w(i);
        t.word
            && !t.cap
            && !FUNCTION_WORDS.contains(&w)
            && !w.ends_with("ed")
            && !w.ends_with("ing")
            && !VERB_FORMS.contains(&w)
            && !w.bytes().any(|b| b.is_ascii_digit())
            && lists().is_common(w)
    }

    /// Where a noun phrase may begin right after token `j`: the start of the text, punctuation,
    /// a determiner or a possessive.
    fn np_boundary(&self, j: usize) -> bool {
        let t = &self.tokens[j];
        let w = self.w(j);
        !t.word || DETERMINERS.contains(&w) || matches!(w, "'s" | "’s")
    }

    /// "U.S. Secretary of State [Marco Rubio]", "Kremlin spokesman [Dmitry Peskov]",
    /// "Malaysia's acting transport minister [Hishammuddin Hussein]", "Petty Officer 2nd Class
    /// [John Roe]".
    fn before(&self, first: usize) -> Option<Span> {
        let mut k = first;
        // "Petty Officer 2nd Class [Ana Pell]", "Airman First Class": the class of a rank
        // stands between the title and the name.
        if k >= 3
            && self.w(k - 1) == "Class"
            && matches!(
                self.w(k - 2),
                "1st" | "2nd" | "3rd" | "First" | "Second" | "Third"
            )
            && self.joined(k - 3)
            && self.joined(k - 2)
            && self.joined(k - 1)
        {
            k -= 2;
        }
        while k > 0 && HONORIFICS.contains(&self.w(k - 1)) && self.joined(k - 1) {
            k -= 1;
        }
        let end = k;
        let mut start = k;
        // Ordinary words taken in on trust, kept only if the phrase starts at a boundary.
        let mut trusted = k;
        let mut plain = 0;
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
            if self.is_modifier(j) {
                start = j;
                if plain == 0 {
                    trusted = j;
                }
                continue;
            }
            if plain < 2 && start < end && self.w(start) != "of" && self.is_plain_modifier(j) {
                plain += 1;
                start = j;
                continue;
            }
            break;
        }
        let at_boundary = start == 0
            || self.tokens[start].cap
            || self.np_boundary(start - 1)
            || !self.joined(start - 1);
        if plain > 0 && !at_boundary {
            start = trusted;
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
        // "a major Facebook acquisition": a rank in lower case alone is an adjective.
        if end - start == 1 && ADJECTIVE_RANKS.contains(&self.w(start)) {
            return None;
        }
        Some(Span::new(
            self.tokens[start].start,
            self.tokens[end - 1].end,
        ))
    }

    /// The noun a list of names follows, made singular: "the four journalists — [Paul Conroy],
    /// [Edith Bouvier] and [William Daniels] —", "The three suspects were identified as: [Kevin
    /// Johnson], 24; [Dwight Smith], 30; and …". Between the names only commas, semicolons,
    /// "and" and ages; the list opens with a dash or a colon right after a plural noun for a
    /// person, or after "as" in a sentence whose first such noun is plural.
    fn listed_after_plural(&self, first: usize) -> Option<(Span, String)> {
        let mut k = first;
        let opener = loop {
            let j = k.checked_sub(1)?;
            let w = self.w(j);
            if matches!(w, "-" | "—" | "–" | ":") {
                break j;
            }
            let between = matches!(w, "," | ";" | "and")
                || self.in_person(j)
                || w.bytes().all(|b| b.is_ascii_digit()) && w.len() <= 3;
            if !between || first - j > 60 {
                return None;
            }
            k = j;
        };
        let before = opener.checked_sub(1)?;
        let noun = if self.w(before) == "as" {
            // The sentence's first plural noun for a person, after a determiner or a number.
            let mut j = before;
            let mut found = None;
            while j > 0 && before - j < 30 {
                j -= 1;
                let w = self.w(j);
                if matches!(w, "." | "!" | "?" | "\n") {
                    break;
                }
                if self.plural_person(j).is_some() {
                    found = Some(j);
                }
            }
            found?
        } else {
            before
        };
        let singular = self.plural_person(noun)?;
        let t = &self.tokens[noun];
        Some((Span::new(t.start, t.end), singular))
    }

    /// The singular of token `i` when it is a lowercase plural noun for a person ("suspects",
    /// "journalists", "witnesses").
    fn plural_person(&self, i: usize) -> Option<String> {
        let t = &self.tokens[i];
        let w = self.w(i);
        if !t.word || t.cap || !w.ends_with('s') || w.ends_with("ss") {
            return None;
        }
        let candidates = [
            w.strip_suffix("ies").map(|s| format!("{s}y")),
            w.strip_suffix("es").map(str::to_owned),
            w.strip_suffix('s').map(str::to_owned),
        ];
        candidates
            .into_iter()
            .flatten()
            .find(|s| lists().is_person_noun(s) && !matches!(s.as_str(), "people" | "person"))
    }

    /// The person mention covering token `i`, if any.
    fn person_at(&self, i: usize) -> Option<&FoundMention> {
        let t = &self.tokens[i];
        let k = self.found.partition_point(|m| m.span.end <= t.start);
        self.found.get(k).filter(|m| {
            m.kind == EntityKind::Person && m.span.start <= t.start && t.end <= m.span.end
        })
    }

    /// The first token after the person mention that covers token `i`.
    fn after_person(&self, i: usize) -> usize {
        let end = self.person_at(i).map_or(self.tokens[i].end, |m| m.span.end);
        i + self.tokens[i..].partition_point(|t| t.end <= end)
    }

    /// "[Kirill Dmitriev], head of Russia's sovereign wealth fund,", "[Jane Roe], 70, the
    /// infant's grandmother,", "[Ann Roe], one of the attorneys for Tom Poe,", "[Ann Roe] — a
    /// swimmer who …".
    fn apposition_after(&self, after: usize) -> Option<Span> {
        let n = self.tokens.len();
        if after >= n || !matches!(self.w(after), "," | "—" | "–") {
            return None;
        }
        let mut k = after + 1;
        // An age: "Jane Roe, 45, a teacher,".
        if k + 1 < n && self.w(k).bytes().all(|b| b.is_ascii_digit()) && self.w(k + 1) == "," {
            k += 2;
        }
        // "one of the attorneys".
        if k + 1 < n && self.w(k).eq_ignore_ascii_case("one") && self.w(k + 1) == "of" {
            k += 2;
        }
        while k < n && DETERMINERS.contains(&self.w(k)) {
            k += 1;
        }
        let start = k;
        // A role opens with a modifier or its noun, never with a preposition or a conjunction
        // ("Tom Poe, and another man charged", "Ann Roe, for the most part,").
        if start < n
            && (ROLE_GLUE.contains(&self.w(start)) || FUNCTION_WORDS.contains(&self.w(start)))
        {
            return None;
        }
        let mut has_head = false;
        // Whether a line break comes before token `j`: an apposition ends with its paragraph.
        let line_break = |j: usize| {
            j > 0 && self.text[self.tokens[j - 1].end..self.tokens[j].start].contains('\n')
        };
        while k < n && k - start <= MAX_ROLE {
            if k > start && line_break(k) {
                break;
            }
            let t = &self.tokens[k];
            let w = self.w(k);
            // "the Red Cross' head": a bare apostrophe after a word in s is a possessive.
            let bare_possessive = matches!(w, "'" | "’")
                && k > start
                && self.tokens[k - 1].word
                && self.w(k - 1).ends_with('s')
                && self.joined_tight(k - 1);
            if !t.word && !bare_possessive && !matches!(w, "'s" | "’s" | "-" | "&") {
                break;
            }
            if k > start && matches!(w, "who" | "whose") {
                break;
            }
            if self.in_person(k) {
                // A person inside the role: "mother of Tom Poe", "Tom Poe's lawyer".
                let next = self.after_person(k);
                let inside =
                    k > start && matches!(self.w(k - 1), "of" | "for" | "to" | "at" | "with");
                let possessor = next < n && matches!(self.w(next), "'s" | "’s");
                // "the mother of the plane's chief steward Andrew Nari": the head came first.
                let named_complement = has_head && next < n && matches!(self.w(next), "," | ".");
                if !inside && !possessor && !named_complement {
                    return None;
                }
                k = next;
                continue;
            }
            if FUNCTION_WORDS.contains(&w) && !ROLE_GLUE.contains(&w) {
                return None;
            }
            if VERB_FORMS.contains(&w) || w == "then" {
                return None;
            }
            has_head |= t.word && self.is_head(k);
            k += 1;
        }
        if k == start || k - start > MAX_ROLE || !has_head {
            return None;
        }
        if k < n
            && !line_break(k)
            && !matches!(
                self.w(k),
                "," | "." | ";" | ")" | "—" | "–" | "?" | "!" | "who" | "whose"
            )
        {
            return None;
        }
        let mut end = k;
        while end > start && ROLE_GLUE.contains(&self.w(end - 1)) {
            end -= 1;
        }
        (end > start).then(|| Span::new(self.tokens[start].start, self.tokens[end - 1].end))
    }

    /// Where the words that introduce a name in an apposition before it start: an age ("27-year-old
    /// [Jane Roe]") and "identified (by police) as" ("The driver, identified by police as [Jane
    /// Roe],"); `first` when there are none.
    fn skip_introduction(&self, first: usize) -> usize {
        let mut k = first;
        if k > 0 && is_age(self.w(k - 1)) {
            k -= 1;
        }
        if k >= 2 && self.w(k - 1) == "as" {
            // "identified as", "identified by police as", "identified by the medical examiner as".
            let lowest = (k - 1).saturating_sub(5);
            let mut j = k - 1;
            while j > lowest && self.tokens[j - 1].word && self.w(j - 1) != "identified" {
                j -= 1;
            }
            if j > 0 && self.w(j - 1) == "identified" && (j == k - 1 || self.w(j) == "by") {
                k = j - 1;
            }
        }
        k
    }

    /// "former Presidents Leonid Kravchuk and [Leonid Kuchma]": a plural title before the first
    /// of names joined by "and" or commas goes on each of them.
    fn conjunct_before(&self, first: usize) -> Option<Span> {
        let mut k = first;
        while k >= 2 && matches!(self.w(k - 1), "and" | ",") && self.joined_loose(k - 1) {
            let m = self.person_at(k - 2)?;
            k = self.tokens.partition_point(|t| t.start < m.span.start);
            if let Some(span) = self.before(k) {
                let head = span.of(self.text).rsplit(' ').next().unwrap_or("");
                let plural = head.ends_with('s') && !head.ends_with("ss");
                return plural.then_some(span);
            }
        }
        None
    }

    /// Only spaces around token `a` (a separator in a list of names).
    fn joined_loose(&self, a: usize) -> bool {
        a > 0 && a + 1 < self.tokens.len() && self.joined(a - 1) && self.joined(a)
    }

    /// "[Tom Poe], who is accused of killing Ann Roe,", "[Tom Poe] was convicted of murder": what
    /// the person is accused, suspected or convicted of, from the participle to the clause's end.
    /// ("Charged with" is left out: its object is a count in legal words, often cut by numbers.)
    fn accused_after(&self, after: usize) -> Option<Span> {
        let n = self.tokens.len();
        let mut k = after;
        if k + 1 < n && self.w(k) == "," && self.w(k + 1) == "who" {
            k += 2;
        }
        let auxiliaries = [
            "is", "was", "has", "had", "been", "being", "are", "were", "now",
        ];
        let mut steps = 0;
        while k < n && auxiliaries.contains(&self.w(k)) && steps < 3 {
            k += 1;
            steps += 1;
        }
        if steps == 0 || k + 2 >= n {
            return None;
        }
        if !matches!(self.w(k), "accused" | "suspected" | "convicted")
            || self.w(k + 1) != "of"
            || !self.tokens[k + 2].word
        {
            return None;
        }
        let start = k;
        let mut end = k + 2;
        while end < n && self.tokens[end].word && end - start < MAX_ROLE {
            if matches!(
                self.w(end),
                "and" | "but" | "who" | "after" | "when" | "because"
            ) {
                break;
            }
            end += 1;
        }
        Some(Span::new(
            self.tokens[start].start,
            self.tokens[end - 1].end,
        ))
    }

    /// "Putin's foreign policy adviser, [Yuri Ushakov], said", "A resident of the block,
    /// [Jane Roe], 37, told", "The lone dissenter, [Jane Roe] later wrote": the name must close
    /// the apposition (a comma, a full stop or a dash after it) unless the apposition opens the
    /// sentence, so "In a letter to the victim, [Tom Poe] said" gives no role.
    fn apposition_before(&self, first: usize, after: usize) -> Option<Span> {
        let n = self.tokens.len();
        let first = self.skip_introduction(first);
        if first < 2 || self.w(first - 1) != "," {
            return None;
        }
        let closed = after >= n || matches!(self.w(after), "," | "." | ";" | ")" | "(" | "—" | "–");
        let end = first - 1;
        let mut start = end;
        while start > 0 && end - start < MAX_ROLE {
            let j = start - 1;
            let w = self.w(j);
            let t = &self.tokens[j];
            if matches!(w, "'s" | "’s") && j > 0 && self.tokens[j - 1].word {
                // The possessor: "the victim's family"; a named one ends the phrase, as a
                // determiner would ("Abigail's mom").
                if let Some(m) = self.person_at(j - 1) {
                    start = self.tokens.partition_point(|t| t.start < m.span.start);
                    break;
                }
                start = j - 1;
                continue;
            }
            // A capital followed by punctuation inside the phrase ends a sentence before it.
            if !t.word || self.in_person(j) || (t.cap && j + 1 < end && !self.joined(j)) {
                break;
            }
            if DETERMINERS.contains(&w)
                || (FUNCTION_WORDS.contains(&w) && !opens_complement(w) && w != "and")
            {
                // "friend of the victim's family" goes on through "of the"; a phrase starts
                // after any other determiner or function word.
                let complement = j > 0 && opens_complement(self.w(j - 1));
                if !(complement && DETERMINERS.contains(&w)) {
                    break;
                }
            }
            start = j;
        }
        // Only a sentence's opening phrase may leave the name unclosed: nothing but a
        // determiner before it.
        let opens = {
            let mut k = start;
            if k > 0 && DETERMINERS.contains(&self.w(k - 1)) {
                k -= 1;
            }
            k == 0
                || matches!(self.w(k - 1), "." | "!" | "?")
                || self.text[self.tokens[k - 1].end..self.tokens[k].start].contains('\n')
        };
        let mut cut = false;
        loop {
            while start < end && (opens_complement(self.w(start)) || self.w(start) == "and") {
                start += 1;
            }
            // "one of the searchers".
            if start + 1 < end
                && self.w(start).eq_ignore_ascii_case("one")
                && self.w(start + 1) == "of"
            {
                start += 2;
            }
            while start < end && DETERMINERS.contains(&self.w(start)) {
                start += 1;
            }
            if start == end {
                return None;
            }
            // The head stands before any complement: "resident of the building", not "car
            // of the victim"; without one, the phrase is the complement's object ("came from
            // Putin's adviser").
            let complement = (start..end)
                .find(|&k| opens_complement(self.w(k)))
                .unwrap_or(end);
            if (start..complement)
                .any(|k| self.tokens[k].word && !self.in_person(k) && self.is_head(k))
            {
                break;
            }
            if complement == end {
                return None;
            }
            start = complement + 1;
            cut = true;
        }
        if !closed && (cut || !opens) {
            return None;
        }
        // A sentence-initial capital that is an ordinary word ("Meanwhile") is no role.
        let first_word = self.w(start).to_lowercase();
        if self.tokens[start].cap
            && !self.in_person(start)
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
    fn identified_as_and_an_age_may_stand_between_a_role_and_the_name() {
        assert_eq!(
            roles("The suspected gunman, identified by police as 27-year-old Tom Poe, was held."),
            [pair("Tom Poe", "suspected gunman")]
        );
        assert_eq!(
            roles("The suspected shooter, 27-year-old Tom Poe, was taken into custody."),
            [pair("Tom Poe", "suspected shooter")]
        );
    }

    #[test]
    fn a_plural_title_goes_on_every_name_it_heads() {
        assert_eq!(
            roles("He met former Presidents Ann Roe and Tom Poe on Tuesday."),
            [
                pair("Ann Roe", "former Presidents"),
                pair("Tom Poe", "former Presidents")
            ]
        );
        assert_eq!(
            roles("He met Senator Ann Roe and Tom Poe on Tuesday."),
            [pair("Ann Roe", "Senator")]
        );
    }

    #[test]
    fn what_a_person_is_accused_of_is_a_role() {
        assert_eq!(
            roles("Jim Lee, the lawyer for Tom Poe, who is accused of killing Ann Roe, spoke."),
            [
                pair("Jim Lee", "lawyer for Tom Poe"),
                pair("Tom Poe", "accused of killing Ann Roe"),
            ]
        );
        assert_eq!(
            roles("Tom Poe was convicted of murder on Friday."),
            [pair("Tom Poe", "convicted of murder on Friday")]
        );
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
    fn a_list_after_a_plural_noun_shares_its_singular() {
        assert_eq!(
            roles(
                "Avaaz said the four journalists - Ana Pell, Ivo Marsh and Tom Reyes - were safe."
            ),
            [
                pair("Ana Pell", "journalist"),
                pair("Ivo Marsh", "journalist"),
                pair("Tom Reyes", "journalist")
            ]
        );
        assert_eq!(
            roles(
                "The two suspects were identified by police as: Ana Pell, 24; and Ivo Marsh, 30."
            ),
            [pair("Ana Pell", "suspect"), pair("Ivo Marsh", "suspect")]
        );
        // Not a list of people the noun names: a verb between, or no plural noun.
        assert_eq!(
            roles("The journalists said Ana Pell - and Ivo Marsh - were safe."),
            []
        );
        assert_eq!(
            roles("They met the press: Ana Pell and Ivo Marsh spoke."),
            []
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
        // A rank in lower case alone is an adjective.
        assert_eq!(
            roles("It was a major Ana Pell success, said Ivo Marsh."),
            []
        );
        // An apposition ends with its paragraph.
        assert_eq!(
            roles("“We agree,” said Ana Pell, a spokesman for the owner\n\n“Then,” he said."),
            [pair("Ana Pell", "spokesman for the owner")]
        );
        assert_eq!(
            roles("It said Ana Pell, a spokesman for the owner\n\nOmar Dell, 40, said."),
            [pair("Ana Pell", "spokesman for the owner")]
        );
    }

    #[test]
    fn honorifics_are_not_roles_and_kinship_is() {
        assert_eq!(roles("Mr. Whitfield declined to comment."), []);
        assert_eq!(
            roles("Her brother, Thomas Whitfield, declined to comment."),
            [pair("Thomas Whitfield", "brother")]
        );
        assert_eq!(
            roles("Nora Vance, mother of Tomas Vance, spoke."),
            [pair("Nora Vance", "mother of Tomas Vance")]
        );
    }

    #[test]
    fn the_class_of_a_rank_stands_between_title_and_name() {
        assert_eq!(
            roles("The crew sent Petty Officer 2nd Class Ivo Marsh into the water."),
            [pair("Ivo Marsh", "Petty Officer")]
        );
    }

    #[test]
    fn an_apposition_opening_with_a_preposition_or_conjunction_is_no_role() {
        assert_eq!(
            roles("Police charged Ivo Marsh, and another man charged in the theft, on Friday."),
            []
        );
        assert_eq!(roles("Ana Pell, for the most part, stayed home."), []);
    }

    #[test]
    fn appositions_with_possessives_complements_and_questions() {
        assert_eq!(
            roles("Greta Lindqvist, the Red Cross' head of operations, spoke."),
            [pair("Greta Lindqvist", "Red Cross' head of operations")]
        );
        assert_eq!(
            roles("Have you met Oskar Brandvold, the lab's chief engineer?"),
            [pair("Oskar Brandvold", "lab's chief engineer")]
        );
        assert_eq!(
            roles("Norway's envoy to the UN, Oskar Brandvold, left the room."),
            [pair("Oskar Brandvold", "Norway's envoy to the UN")]
        );
        // "to" opens a complement, so the verb before it stays out.
        assert_eq!(
            roles("He talked to the victim's mother, Greta Lindqvist, on Monday."),
            [pair("Greta Lindqvist", "victim's mother")]
        );
    }

    #[test]
    fn a_named_complement_after_the_head_stays_in_the_role() {
        let got = roles("Nora Vance, the mother of the ship's chief steward Tomas Vance, spoke.");
        assert!(got.contains(&pair(
            "Nora Vance",
            "mother of the ship's chief steward Tomas Vance"
        )));
    }

    #[test]
    fn capitalized_nouns_for_people_head_roles() {
        assert_eq!(
            roles("Legal Analyst Greta Lindqvist said the ruling was narrow."),
            [pair("Greta Lindqvist", "Legal Analyst")]
        );
    }

    #[test]
    fn nouns_for_people_head_roles() {
        assert_eq!(
            roles("Pipeline analyst Oskar Brandvold said the leak was small."),
            [pair("Oskar Brandvold", "Pipeline analyst")]
        );
        assert_eq!(
            roles("A resident of the block, Greta Lindqvist, 37, told reporters."),
            [pair("Greta Lindqvist", "resident of the block")]
        );
        assert_eq!(
            roles("\"We searched all night,\" one of the volunteers, Maren Holt, said."),
            [pair("Maren Holt", "volunteers")]
        );
        assert_eq!(
            roles("Ivo Marsh, an oceanographer from the Coastal Institute, disagreed."),
            [pair(
                "Ivo Marsh",
                "oceanographer from the Coastal Institute"
            )]
        );
        assert_eq!(
            roles("Officers found Kasper Lund — a former swimmer who vanished in May."),
            [pair("Kasper Lund", "former swimmer")]
        );
    }

    #[test]
    fn ordinary_words_join_a_title_only_at_a_phrase_boundary() {
        assert_eq!(
            roles("Norway's acting transport minister Helga Brandvold spoke."),
            [pair("Helga Brandvold", "acting transport minister")]
        );
        assert_eq!(
            roles("Reporters say police shot suspect Ivo Marsh twice."),
            [pair("Ivo Marsh", "suspect")]
        );
    }

    #[test]
    fn appositions_that_open_the_sentence() {
        assert_eq!(
            roles("Another searcher, Maren Holt, told the paper."),
            [pair("Maren Holt", "searcher")]
        );
        assert_eq!(
            roles("Calm returned. The lone council dissenter, Maren Holt later wrote."),
            [pair("Maren Holt", "lone council dissenter")]
        );
        assert_eq!(
            roles("The rear admiral in command, Ivo Marsh, left the base."),
            [pair("Ivo Marsh", "rear admiral in command")]
        );
        assert_eq!(
            roles("The secretary of the Harbor Safety Council, Ivo Marsh, spoke."),
            [pair("Ivo Marsh", "secretary of the Harbor Safety Council")]
        );
    }

    #[test]
    fn no_role_from_a_clause_or_a_preposition() {
        assert_eq!(
            roles("In a letter to the victim, Ivo Marsh apologized."),
            []
        );
        assert_eq!(roles("Ivo Marsh, then shot the guard, fled."), []);
        assert_eq!(roles("Ivo Marsh, accused of fraud, denied it."), []);
    }
}
