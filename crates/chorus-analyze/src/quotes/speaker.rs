//! Finding the words that name a speaker next to a speech verb ("Rubio said", "said Rubio",
//! "he told reporters", "according to the Kremlin", "AFP quoted Lavrov telling reporters").

use chorus_core::analysis::Span;

/// Verbs (and verb forms) that introduce speech. Forms that are also common nouns ("state",
/// "note", "call") appear only in the past tense.
const SPEECH_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "tell",
    "tells",
    "told",
    "add",
    "adds",
    "added",
    "stated",
    "write",
    "writes",
    "wrote",
    "explain",
    "explains",
    "explained",
    "noted",
    "insist",
    "insists",
    "insisted",
    "argue",
    "argues",
    "argued",
    "warn",
    "warns",
    "warned",
    "ask",
    "asks",
    "asked",
    "replies",
    "replied",
    "tweeted",
    "declare",
    "declares",
    "declared",
    "announce",
    "announces",
    "announced",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "continued",
    "responded",
    "fumed",
    "recalled",
    "conceded",
    "claimed",
    "stressed",
    "emphasized",
    "emphasised",
    "urged",
    "shouted",
    "chanted",
    "chanting",
    "shouting",
    "cried",
    "exclaimed",
    "admitted",
    "observed",
    "remarked",
    "testified",
    "predicted",
    "promised",
    "vowed",
    "quipped",
    "joked",
    "countered",
    "complained",
    "commented",
    "concluded",
    "described",
    "called",
    "mentioned",
    "asserted",
    "suggested",
    "confirmed",
    "posted",
    "quoted",
    "according",
    "saying",
    "adding",
    "reported",
    "reads",
    "demanded",
    "wondered",
    "charged",
    "snapped",
    "scoffed",
    "mused",
    "boasted",
    "bragged",
    "lamented",
    "proclaimed",
    "interjected",
    "elaborated",
    "answered",
    "repeated",
    "reiterated",
    "emailed",
    "texted",
    "retorted",
    "cautioned",
    "recounted",
    "reasoned",
    "pleaded",
    "contended",
    "maintained",
    "continues",
    "concludes",
    "pledged",
    "blasted",
    "mocked",
    "accused",
    "accuses",
    "denounced",
    "slammed",
    "criticized",
    "defended",
    "cited",
    "praised",
    "attacked",
    "touted",
    "hailed",
    "dismissed",
    "alleged",
    "bemoaned",
    "implied",
    "assured",
    "lambasted",
    "labeled",
    "branded",
    "derided",
    "decried",
    "assailed",
    "ripped",
    "chided",
    "scolded",
    "rebuked",
    "credited",
    "characterized",
    "describes",
    "calls",
    "notes",
    "admits",
    "referred",
    "whispered",
    "yelled",
    "screamed",
    "disclosed",
    "revealed",
    "pointed",
    "vented",
    "estimated",
    "speculated",
    "calling",
    "telling",
    "noting",
    "describing",
    "praising",
    "accusing",
    "referring",
    "arguing",
    "insisting",
    "warning",
    "urging",
    "claiming",
    "promising",
    "vowing",
    "declaring",
    "predicting",
    "explaining",
    "suggesting",
    "acknowledging",
    "admitting",
    "complaining",
    "touting",
    "blasting",
    "slamming",
    "criticizing",
    "mocking",
    "dismissing",
    "citing",
    "labeling",
    "branding",
    "recalling",
    "stressing",
    "asserting",
    "writing",
    "tweeting",
];

/// Words skipped between a subject and its verb ("Rubio also said", "Psaki had said").
const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "also",
    "later",
    "then",
    "again",
    "once",
    "earlier",
    "further",
    "has",
    "had",
    "have",
    "was",
    "were",
    "is",
    "would",
    "will",
    "had",
    "previously",
    "only",
    "still",
    "reportedly",
    "just",
    "repeatedly",
    "recently",
    "simply",
    "separately",
];

/// Words that cannot start the noun phrase after an inverted verb ("said in a statement").
const NOT_A_SUBJECT: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "to",
    "of",
    "that",
    "with",
    "from",
    "by",
    "as",
    "about",
    "via",
    "through",
    "for",
    "this",
    "last",
    "late",
    "earlier",
    "it",
    "there",
    "when",
    "while",
    "if",
    "but",
    "and",
    "or",
    "his",
    "her",
    "their",
    "its",
    "was",
    "is",
    "would",
    "will",
    "had",
    "has",
    "not",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "what",
    "how",
    "why",
    "so",
    "then",
    "him",
    "them",
    "me",
    "us",
    "you",
    "reporters",
];

/// Capitalized words that are not names at the head of a clause.
const NOT_A_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Then",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Today",
    "Yesterday",
    "Earlier",
    "Later",
    "Meanwhile",
    "However",
    "Also",
    "Asked",
    "According",
    "Alongside",
    "Despite",
    "Although",
    "Though",
    "Because",
    "Since",
    "Unlike",
    "With",
    "Without",
    "For",
    "From",
    "Of",
    "By",
    "Amid",
    "Among",
    "During",
    "Following",
    "Like",
    "Under",
    "Even",
    "Still",
    "Now",
];

/// Whether a word is a speech verb ("said", "told", "wrote").
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(&word)
}

/// Titles and ranks in front of a name; the name proper starts after the last of them.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "chief",
    "sheriff",
    "lt",
    "sgt",
    "capt",
    "const",
    "det",
    "officer",
    "judge",
    "justice",
    "gen",
    "general",
    "col",
    "maj",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "adviser",
    "advisor",
    "aide",
    "leader",
    "chairman",
    "chairwoman",
    "director",
    "commissioner",
    "attorney",
    "prosecutor",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "ambassador",
    "deputy",
    "councilman",
    "councilwoman",
    "coach",
    "lord",
    "rev",
    "father",
    "detective",
    "inspector",
    "constable",
    "sergeant",
    "lieutenant",
    "captain",
    "colonel",
    "superintendent",
    "chancellor",
    "premier",
];

/// Plural nouns for unnamed groups, capitalized when they open a sentence ("Police said").
const GROUPS: &[&str] = &[
    "police",
    "officials",
    "authorities",
    "witnesses",
    "prosecutors",
    "investigators",
    "residents",
    "protesters",
    "demonstrators",
    "critics",
    "experts",
    "analysts",
    "doctors",
    "neighbors",
    "neighbours",
    "democrats",
    "republicans",
    "lawmakers",
    "sources",
    "officers",
    "firefighters",
    "relatives",
    "friends",
    "organizers",
    "organisers",
    "scientists",
    "students",
    "dozens",
    "hundreds",
    "thousands",
    "many",
    "some",
    "others",
];

/// Determiners that open a noun phrase naming an unnamed or nominal speaker.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "one", "another",
];

/// What kind of words name the speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A proper name ("Rubio", "Sheriff Lee Baca", "the Kremlin").
    Name,
    /// A name opening the clause of a quote without a speech verb ("Christie refers to him as
    /// “…"): the speaker only when it names a person.
    Subject,
    /// A personal pronoun, lowercased ("he", "she", "it", "they", "i", "we").
    Pronoun(String),
    /// A common noun phrase ("the committee", "a witness"), with its head noun lowercased.
    Nominal(String),
}

/// The words that name a speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    /// Where they are.
    pub span: Span,
    /// What kind of words they are.
    pub kind: Kind,
}

/// A word or a punctuation mark.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    word: bool,
}

/// Splits `text[lo..hi]` into words (letters, digits, inner apostrophes, hyphens and
/// abbreviation periods) and single punctuation marks.
fn tokenize(text: &str, lo: usize, hi: usize) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut word_start: Option<usize> = None;
    let piece = &text[lo..hi];
    let is_word_char = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.' | '&');
    for (i, c) in piece.char_indices() {
        let at = lo + i;
        if is_word_char(c) && (word_start.is_some() || c.is_alphanumeric()) {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(s) = word_start.take() {
            push_word(text, s, at, &mut toks);
        }
        if !c.is_whitespace() {
            toks.push(Tok {
                start: at,
                end: at + c.len_utf8(),
                word: false,
            });
        }
    }
    if let Some(s) = word_start {
        push_word(text, s, hi, &mut toks);
    }
    toks
}

/// Pushes a word, splitting off trailing punctuation that is not part of it (a sentence-final
/// period, unless the word is an abbreviation or initial; a trailing hyphen or apostrophe).
fn push_word(text: &str, start: usize, end: usize, toks: &mut Vec<Tok>) {
    let mut e = end;
    while e > start {
        let w = &text[start..e];
        let last = w.chars().next_back().unwrap_or(' ');
        // A period kept: an abbreviation or a title's ("Gov.", not "governor."), or one followed by a comma or a closing
        // bracket ("(D-Wis.)", "R-Ky.,"), where no sentence ends.
        let keep_period = last == '.' && {
            let stem = &w[..w.len() - 1];
            chorus_text::sentences::is_abbreviation(stem)
                || stem.chars().count() <= 5 && TITLES.contains(&stem.to_lowercase().as_str())
                || e == end && text[end..].starts_with([',', ')'])
                || e == end && is_title_abbreviation(w) && {
                    // "Del. Rosa Quill": a title's period before a name.
                    let mut next = text[end..].chars();
                    next.next() == Some(' ') && next.next().is_some_and(char::is_uppercase)
                }
        };
        if matches!(last, '.' | '-' | '\'' | '’') && !keep_period {
            e -= last.len_utf8();
        } else {
            break;
        }
    }
    if e > start {
        toks.push(Tok {
            start,
            end: e,
            word: true,
        });
    }
    for (i, c) in text[e..end].char_indices() {
        toks.push(Tok {
            start: e + i,
            end: e + i + c.len_utf8(),
            word: false,
        });
    }
}

/// A speech verb's present participle ("saying", "calling"), whose subject is that of its
/// clause; not "according", nor the crowd's "chanting" and "shouting", which follow their
/// subject.
fn is_participle(verb: &str) -> bool {
    verb.ends_with("ing") && !matches!(verb, "according" | "chanting" | "shouting")
}

/// A lowercase "-ly" adverb ("reportedly", "angrily"), not a noun like "family".
fn is_adverb(lower: &str, written: &str) -> bool {
    lower.len() > 5
        && lower.ends_with("ly")
        && !is_capitalized(written)
        && !matches!(
            lower,
            "family" | "assembly" | "supply" | "monopoly" | "anomaly"
        )
}

/// A possessive word ("Hale's", "Union’s").
fn is_possessive(w: &str) -> bool {
    w.len() > 2 && (w.ends_with("'s") || w.ends_with("’s"))
}

fn word<'t>(text: &'t str, t: &Tok) -> &'t str {
    &text[t.start..t.end]
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn is_pronoun(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "he" | "she" | "it" | "they" | "i" | "we"
    )
}

/// Whether a token can be part of a capitalized name run.
fn name_part(text: &str, t: &Tok) -> bool {
    let w = word(text, t);
    t.word && is_capitalized(w) && !is_pronoun(w)
}

/// Lowercase particles inside names ("Ludwig van Beethoven", "Osama bin Laden").
fn particle(text: &str, t: &Tok) -> bool {
    t.word
        && matches!(
            word(text, t),
            "de" | "van" | "von" | "bin" | "al" | "da" | "del" | "la" | "le" | "der" | "den"
        )
}

/// Connects name parts: a standalone hyphen ("Strauss - Kahn") or a particle.
fn connector(text: &str, t: &Tok) -> bool {
    (!t.word && word(text, t) == "-") || particle(text, t)
}

/// The name proper inside a capitalized run: the words after its last title ("Greek President
/// Karolos Papoulias" → "Karolos Papoulias", "Del. Ana Ruiz" → "Ana Ruiz"), or the whole run
/// when nothing follows a title.
fn strip_titles(text: &str, toks: &[Tok], from: usize, to: usize) -> usize {
    let mut first = from;
    for (k, t) in toks.iter().enumerate().take(to + 1).skip(from) {
        let written = word(text, t);
        let w = written.trim_end_matches('.').to_lowercase();
        if t.word && (TITLES.contains(&w.as_str()) || is_title_abbreviation(written)) && k < to {
            first = k + 1;
        }
    }
    first
}

/// A short capitalized abbreviation with its period, as titles are written ("Rep.", "Del.",
/// "Lt."); not an initial ("J.").
fn is_title_abbreviation(w: &str) -> bool {
    let Some(stem) = w.strip_suffix('.') else {
        return false;
    };
    (2..=4).contains(&stem.chars().count())
        && is_capitalized(stem)
        && stem.chars().all(char::is_alphabetic)
}

/// Prepositions: a name right after one is not the subject of the verb that follows ("a
/// spokesman for Clinton said", "the head of the FBI said").
const PREPOSITIONS: &[&str] = &[
    "of", "for", "at", "with", "from", "in", "on", "by", "to", "about", "against", "behind",
    "under", "like", "near", "than",
];

/// What is said before or after a quote, with the speech verbs it contains.
pub(crate) struct Clause<'t> {
    text: &'t str,
    toks: Vec<Tok>,
}

impl<'t> Clause<'t> {
    /// The clause `text[lo..hi]`.
    pub(crate) fn new(text: &'t str, lo: usize, hi: usize) -> Clause<'t> {
        Clause {
            text,
            toks: tokenize(text, lo, hi),
        }
    }

    fn lower(&self, k: usize) -> String {
        word(self.text, &self.toks[k]).to_lowercase()
    }

    /// Whether token `k` is a speech verb. A participle other than "saying" or "adding" counts
    /// only after a comma: without one it modifies a noun ("a statement describing it as “…",
    /// "ads calling it “…").
    fn is_verb(&self, k: usize) -> bool {
        let t = &self.toks[k];
        t.word && {
            let w = word(self.text, t);
            w == "According"
                || !is_capitalized(w)
                    && SPEECH_VERBS.contains(&w)
                    && (!is_participle(w)
                        || matches!(w, "saying" | "adding")
                        || k > 0 && word(self.text, &self.toks[k - 1]) == ",")
        }
    }

    /// Whether token `k` ends a sentence (a period, `!` or `?`).
    fn is_stop(&self, k: usize) -> bool {
        let t = &self.toks[k];
        !t.word && matches!(word(self.text, t), "." | "!" | "?" | ";")
    }

    /// The speaker of a quote that this clause follows ("…,” Rubio said", "…,” said Rubio"):
    /// the first speech verb within the first few words, before any sentence end.
    pub(crate) fn after_quote(&self) -> Option<Phrase> {
        // "“…,” when Ruiz blasted him": a verb in a subordinate clause opening the tail (up to
        // its comma) is not the attribution; the main clause after the comma may be ("“…”
        // because it is late, Ruiz said").
        let mut subordinate = self.toks.first().is_some_and(|t| t.word)
            && matches!(
                self.lower(0).as_str(),
                "when" | "while" | "because" | "after" | "before" | "since" | "until"
            );
        let mut depth = 0usize;
        for k in 0..self.toks.len().min(24) {
            match word(self.text, &self.toks[k]) {
                "(" => depth += 1,
                ")" => depth = depth.saturating_sub(1),
                _ => {}
            }
            if self.is_stop(k) && depth == 0 {
                return None;
            }
            if subordinate && depth == 0 && word(self.text, &self.toks[k]) == "," {
                subordinate = false;
            }
            if self.is_verb(k) {
                if subordinate {
                    return None;
                }
                // "…,” said Rubio": the subject after the verb only when the verb opens the
                // tail; "…” often, and criticized Obama" has none there.
                let opens = (0..k).all(|j| {
                    let t = &self.toks[j];
                    !t.word || {
                        let w = word(self.text, t);
                        !is_capitalized(w)
                            && (BETWEEN_SUBJECT_AND_VERB.contains(&w) || is_adverb(w, w))
                    }
                });
                return self.speaker_of(k, opens);
            }
        }
        None
    }

    /// The speaker of a quote that this clause introduces ("Rubio said: “…", "he told
    /// parliament that “…"): the last speech verb of the clause.
    pub(crate) fn before_quote(&self) -> Option<Phrase> {
        let first = self.toks.first()?;
        let opening = word(self.text, first).to_lowercase();
        if first.word
            && is_capitalized(word(self.text, first))
            && matches!(opening.as_str(), "said" | "says" | "added" | "wrote")
        {
            // "Said Ellis: “…"
            if let Some(p) = self.right(1) {
                return Some(p);
            }
        }
        let Some(k) = (0..self.toks.len()).rev().find(|&k| self.is_verb(k)) else {
            return self.introducing_subject();
        };
        // "she said, but Kevin was drifting off, and as Trump went on about “…": another clause
        // stands between the verb and the quote.
        let interrupted = (k + 1..self.toks.len().saturating_sub(1)).any(|j| {
            word(self.text, &self.toks[j]) == ","
                && (k + 1..j).filter(|&i| self.toks[i].word).count() <= 2
                && matches!(
                    self.lower(j + 1).as_str(),
                    "but"
                        | "and"
                        | "as"
                        | "while"
                        | "when"
                        | "because"
                        | "although"
                        | "though"
                        | "yet"
                        | "so"
                        | "whereas"
                )
        });
        if interrupted || self.verb_in_opening_subordinate(k) {
            return None;
        }
        if let Some(p) = self.speaker_of(k, false) {
            return Some(p);
        }
        // "Ruiz called him rash and accused him of “…": the verb after "and" shares the
        // subject of the speech verb before it.
        let mut j = k;
        while j > 0 && self.toks[j - 1].word && {
            let w = self.lower(j - 1);
            BETWEEN_SUBJECT_AND_VERB.contains(&w.as_str())
                || is_adverb(&w, word(self.text, &self.toks[j - 1]))
        } {
            j -= 1;
        }
        if j == 0 || self.lower(j - 1) != "and" {
            return None;
        }
        let earlier = (0..j - 1).rev().find(|&v| self.is_verb(v))?;
        self.speaker_of(earlier, false)
    }

    /// Whether the speech verb at `k` belongs to a subordinate clause that opens the clause and
    /// ends with the comma before the quote ("While Iran insists on the reactor, “…” had to
    /// go, he said"): the quote then starts the main clause, and is not what the verb
    /// introduces. A comma before the verb ("When asked, Rubio said, “…") puts the verb in the
    /// main clause.
    fn verb_in_opening_subordinate(&self, k: usize) -> bool {
        let n = self.toks.len();
        let subordinate = self.toks.first().is_some_and(|t| t.word)
            && matches!(
                self.lower(0).as_str(),
                "while" | "although" | "though" | "because" | "if" | "since" | "unless" | "whereas"
            );
        let is_comma = |j: usize| word(self.text, &self.toks[j]) == ",";
        subordinate
            && n > 1
            && is_comma(n - 1)
            && !(1..k).any(is_comma)
            && !(k + 1..n - 1).any(is_comma)
    }

    /// The subject of a clause that introduces a quote without a speech verb: the clause ends
    /// with a colon ("Kaine took the common stance: “…", "Ted Cruz: “…") or with a comma after a
    /// past-tense verb ("Silverman joked, “…"), and opens with a name or a pronoun followed
    /// by a lower-case word (its verb). Anything else: none.
    fn introducing_subject(&self) -> Option<Phrase> {
        let text = self.text;
        let n = self.toks.len();
        let end = n.checked_sub(1)?;
        let colon = word(text, &self.toks[end]) == ":";
        let comma_after_verb =
            word(text, &self.toks[end]) == "," && end > 0 && self.toks[end - 1].word && {
                let w = word(text, &self.toks[end - 1]);
                !is_capitalized(w) && w.len() > 3 && w.ends_with("ed")
            };
        let relaxed = !colon && !comma_after_verb;
        if relaxed
            && (1..end).any(|j| {
                let w = self.lower(j);
                matches!(
                    w.as_str(),
                    "while" | "whereas" | "who" | "which" | "whom" | "whose"
                ) || matches!(word(text, &self.toks[j - 1]), "," | ";")
                    && matches!(w.as_str(), "and" | "but" | "as" | "when" | "because")
            })
        {
            return None;
        }
        let mut start = 0;
        while start < end
            && matches!(
                word(text, &self.toks[start]),
                "But" | "And" | "So" | "Then" | "Meanwhile" | "However" | "Also" | "Indeed"
            )
        {
            start += 1;
        }
        if start >= end {
            return None;
        }
        let first = &self.toks[start];
        let fw = word(text, first);
        let next_is_verb = |j: usize| {
            self.toks.get(j).is_some_and(|t| {
                let w = word(text, t);
                t.word && !is_capitalized(w) && !NOT_A_SUBJECT.contains(&w)
            })
        };
        if is_pronoun(fw) && !fw.eq_ignore_ascii_case("it") {
            return next_is_verb(start + 1).then(|| Phrase {
                span: Span::new(first.start, first.end),
                kind: Kind::Pronoun(fw.to_lowercase()),
            });
        }
        let the = fw == "The";
        if relaxed && the {
            return None;
        }
        let run_start = if the { start + 1 } else { start };
        let mut run_end = run_start;
        while run_end < end && name_part(text, &self.toks[run_end]) {
            run_end += 1;
        }
        if run_end == run_start || NOT_A_NAME.contains(&word(text, &self.toks[run_start])) {
            return None;
        }
        // "Ted Cruz:" alone, or the name followed by its verb or an apposition.
        let alone = colon && run_end == end && !the;
        let followed = next_is_verb(run_end) || word(text, &self.toks[run_end]) == ",";
        if !alone && !followed {
            return None;
        }
        let last = run_end - 1;
        if relaxed && is_possessive(word(text, &self.toks[last])) {
            return None;
        }
        let from = if the {
            start
        } else {
            strip_titles(text, &self.toks, run_start, last)
        };
        Some(Phrase {
            span: Span::new(self.toks[from].start, self.toks[last].end),
            kind: if relaxed { Kind::Subject } else { Kind::Name },
        })
    }

    /// The speaker of the speech verb at `k`.
    fn speaker_of(&self, k: usize, verb_first_ok: bool) -> Option<Phrase> {
        let verb = self.lower(k);
        if verb == "according" {
            let to = k + 1;
            if to < self.toks.len() && self.lower(to) == "to" {
                return self.right(to + 1);
            }
            return None;
        }
        if verb == "quoted" {
            // "X was quoted as saying" / "AFP quoted X (as saying | telling reporters)".
            if k > 0 && matches!(self.lower(k - 1).as_str(), "was" | "were" | "is" | "being") {
                return self.left(k - 1);
            }
            return self.right(k + 1);
        }
        if is_participle(&verb) {
            // "Dmitriev, head of the fund, stressed the ties, saying: “…": the clause subject.
            return self.clause_subject(k);
        }
        if let Some(p) = self.left(k) {
            return Some(p);
        }
        // "He laughed and said: “…", "Ruiz praised them but said": the subject of the clause.
        let mut j = k;
        while j > 0 && self.toks[j - 1].word && {
            let w = self.lower(j - 1);
            BETWEEN_SUBJECT_AND_VERB.contains(&w.as_str())
                || is_adverb(&w, word(self.text, &self.toks[j - 1]))
        } {
            j -= 1;
        }
        if j > 1 && matches!(self.lower(j - 1).as_str(), "and" | "but") && self.toks[j - 2].word {
            return self.clause_subject(k);
        }
        if verb_first_ok {
            if matches!(
                verb.as_str(),
                "told" | "tell" | "tells" | "asked" | "ask" | "asks"
            ) {
                return None;
            }
            return self.right(k + 1);
        }
        None
    }

    /// The subject ending just before token `k`.
    fn left(&self, k: usize) -> Option<Phrase> {
        let text = self.text;
        let mut i = k;
        let mut skipped = 0;
        while i > 0 && skipped < 3 && self.toks[i - 1].word && {
            let w = self.lower(i - 1);
            BETWEEN_SUBJECT_AND_VERB.contains(&w.as_str())
                || is_adverb(&w, word(text, &self.toks[i - 1]))
        } {
            i -= 1;
            skipped += 1;
        }
        if i == 0 {
            return None;
        }
        // A passive ("it was labeled “…", "Ruiz was asked"): the subject is not who spoke.
        let verb = self.lower(k);
        if !verb.ends_with("ing")
            && (i..k).any(|j| matches!(self.lower(j).as_str(), "was" | "were" | "is"))
        {
            return None;
        }
        if i >= 2 && self.lower(i - 1) == "and" && self.is_verb(i - 2) {
            // "he said and vowed to": the subject of the first verb.
            return self.left(i - 2);
        }
        let mut last = i - 1;
        if !self.toks[last].word && word(text, &self.toks[last]) == "," {
            // An apposition: "Rubio, the top U.S. diplomat, said".
            let open = self.opening_comma(last)?;
            if let Some(p) = self.named_apposition(open, last) {
                return Some(p);
            }
            last = open.checked_sub(1)?;
        }
        self.subject_ending_at(last, false)
    }

    /// The name an apposition gives to a description before it ("the district attorney, Ana
    /// Ruiz, said"; "Putin's Foreign Affairs Adviser, Yuri Ushakov, said"): the tokens between
    /// the commas at `open` and `close` are all one name, and the word before the first comma is
    /// lower case or a title.
    fn named_apposition(&self, open: usize, close: usize) -> Option<Phrase> {
        let text = self.text;
        let before = self.toks.get(open.checked_sub(1)?)?;
        let (first, last) = (open + 1, close.checked_sub(1)?);
        let description = |w: &str| {
            !is_capitalized(w) || TITLES.contains(&w.to_lowercase().trim_end_matches('.'))
        };
        if !before.word || !description(word(text, before)) || first > last || last - first > 4 {
            return None;
        }
        let all_name = (first..=last).all(|j| {
            let t = &self.toks[j];
            name_part(text, t) && !NOT_A_NAME.contains(&word(text, t)) || connector(text, t)
        });
        if !all_name || !name_part(text, &self.toks[first]) {
            return None;
        }
        let from = strip_titles(text, &self.toks, first, last);
        Some(Phrase {
            span: Span::new(self.toks[from].start, self.toks[last].end),
            kind: Kind::Name,
        })
    }

    /// The comma opening the apposition or clause that ends just before token `end` (at most 16
    /// words back, within the sentence and outside quote marks).
    fn opening_comma(&self, end: usize) -> Option<usize> {
        let text = self.text;
        let mut j = end;
        let mut words = 0;
        loop {
            if j == 0 || words > 16 {
                return None;
            }
            j -= 1;
            let t = &self.toks[j];
            if !t.word && word(text, t) == "," {
                break;
            }
            if self.is_stop(j) || (!t.word && matches!(word(text, t), "\"" | "“" | "”")) {
                return None;
            }
            words += 1;
        }
        (words > 0).then_some(j)
    }

    /// The subject whose last token is `last`. `nested`: already looked past an apposition
    /// holding a name after a preposition.
    fn subject_ending_at(&self, mut last: usize, nested: bool) -> Option<Phrase> {
        let text = self.text;
        if !self.toks[last].word && word(text, &self.toks[last]) == ")" {
            // "Rep. Ana Ruiz (Ore.), the ranking member, said": skip the bracket.
            let open = (0..last)
                .rev()
                .take(8)
                .find(|&j| word(text, &self.toks[j]) == "(")?;
            last = open.checked_sub(1)?;
        }
        let t = self.toks[last];
        if !t.word {
            return None;
        }
        let w = word(text, &t);
        if is_pronoun(w) {
            return Some(Phrase {
                span: Span::new(t.start, t.end),
                kind: Kind::Pronoun(w.to_lowercase()),
            });
        }
        if GROUPS.contains(&w.to_lowercase().as_str()) {
            return Some(Phrase {
                span: Span::new(t.start, t.end),
                kind: Kind::Nominal(w.to_lowercase()),
            });
        }
        if name_part(text, &t) {
            let mut first = last;
            while first > 0 {
                let p = &self.toks[first - 1];
                if name_part(text, p) {
                    first -= 1;
                } else if connector(text, p) && first >= 2 && name_part(text, &self.toks[first - 2])
                {
                    first -= 2;
                } else {
                    break;
                }
            }
            // Drop clause-opening words ("But Rubio said").
            while first <= last && NOT_A_NAME.contains(&word(text, &self.toks[first])) {
                first += 1;
            }
            if first > last {
                return None;
            }
            // "the Harbor Union’s Ivo Marsh said": the person, not the body owning him.
            if let Some(p) = (first..last)
                .rev()
                .find(|&j| is_possessive(word(text, &self.toks[j])))
            {
                first = p + 1;
                let from = strip_titles(text, &self.toks, first, last);
                return Some(Phrase {
                    span: Span::new(self.toks[from].start, t.end),
                    kind: Kind::Name,
                });
            }
            let the = first > 0 && word(text, &self.toks[first - 1]).eq_ignore_ascii_case("the");
            let head = if the { first - 1 } else { first };
            if head > 0 && PREPOSITIONS.contains(&self.lower(head - 1).as_str()) {
                // Not the subject: "a spokesman for Clinton said". Inside an apposition
                // ("Mulgrew, president of the union, which …, said") the subject is before it.
                if nested {
                    return None;
                }
                let comma = self.opening_comma(head)?;
                return self.subject_ending_at(comma.checked_sub(1)?, true);
            }
            let from = if the {
                first - 1
            } else {
                strip_titles(text, &self.toks, first, last)
            };
            return Some(Phrase {
                span: Span::new(self.toks[from].start, t.end),
                kind: Kind::Name,
            });
        }
        // A common noun phrase: "the committee", "Bentdahl's family", "a witness", "police".
        let head = w.to_lowercase();
        if NOT_A_SUBJECT.contains(&head.as_str())
            || SPEECH_VERBS.contains(&head.as_str())
            || head.chars().any(|c| !c.is_alphabetic())
        {
            return None;
        }
        let mut first = last;
        for _ in 0..4 {
            if first == 0 {
                break;
            }
            let p = &self.toks[first - 1];
            let pw = word(text, p);
            if !p.word {
                break;
            }
            if DETERMINERS.contains(&pw.to_lowercase().as_str())
                || pw.ends_with("'s")
                || pw.ends_with("’s")
            {
                first -= 1;
                // "the ad’s narrator": the article before a common noun's possessive.
                if !DETERMINERS.contains(&pw.to_lowercase().as_str())
                    && !is_capitalized(pw)
                    && first > 0
                    && ["the", "a", "an"].contains(&self.lower(first - 1).as_str())
                {
                    first -= 1;
                }
                break;
            }
            if is_capitalized(pw) {
                // "The Indiana governor", "the New York businessman": names modifying the
                // head after an article belong to the phrase.
                let names = (0..first)
                    .rev()
                    .take(3)
                    .take_while(|&j| name_part(text, &self.toks[j]))
                    .last();
                if let Some(j) = names
                    .filter(|&j| j > 0 && ["the", "a", "an"].contains(&self.lower(j - 1).as_str()))
                {
                    first = j - 1;
                }
                break;
            }
            if NOT_A_SUBJECT.contains(&pw.to_lowercase().as_str()) || SPEECH_VERBS.contains(&pw) {
                break;
            }
            first -= 1;
        }
        Some(Phrase {
            span: Span::new(self.toks[first].start, t.end),
            kind: Kind::Nominal(head),
        })
    }

    /// The subject of a participle ("saying", "adding") at token `k`: the subject of an earlier
    /// speech verb of the clause ("Spicer said, adding: “…"), else a name opening the clause
    /// ("Dmitriev, head of the fund, stressed the ties, saying: “…"). A name further in is
    /// someone else ("Ryan and Trump will meet, Spicer said, adding" has "said"; "Alongside
    /// BLM, a strategist warned, saying" has no name for a subject): none.
    fn clause_subject(&self, k: usize) -> Option<Phrase> {
        let text = self.text;
        if let Some(v) = (0..k).rev().find(|&j| {
            self.is_verb(j) && {
                let v = self.lower(j);
                !is_participle(&v) && v != "according"
            }
        }) {
            // "Poe took the floor and blasted the sentence, saying": when the verb's own
            // subject is not next to it, the name opening the clause is.
            if let Some(p) = self.left(v) {
                return Some(p);
            }
        }
        let mut start = 0;
        // An opening prepositional phrase set off by a comma ("In a statement, Dmitriev, …,
        // saying"): the clause's subject follows it.
        if k > 0 && PREPOSITIONS.contains(&self.lower(0).as_str()) {
            if let Some(comma) = (1..k).find(|&j| word(text, &self.toks[j]) == ",") {
                start = comma + 1;
            }
        }
        while start < k
            && matches!(
                word(text, &self.toks[start]),
                "But" | "And" | "So" | "Yet" | "Then" | "Meanwhile" | "However" | "Also" | "The"
            )
        {
            start += 1;
        }
        if start >= k {
            return None;
        }
        let opening = word(text, &self.toks[start]);
        if is_pronoun(opening) && !opening.eq_ignore_ascii_case("it") {
            // "He also issued a statement, saying, “…": a personal pronoun opening the clause.
            let t = &self.toks[start];
            return Some(Phrase {
                span: Span::new(t.start, t.end),
                kind: Kind::Pronoun(opening.to_lowercase()),
            });
        }
        if !name_part(text, &self.toks[start]) || NOT_A_NAME.contains(&opening) {
            return None;
        }
        let mut end = start;
        while end + 1 < k && name_part(text, &self.toks[end + 1]) {
            end += 1;
        }
        // "Syria's envoy, …, stormed out, accusing": the name owns the subject, is not it.
        if is_possessive(word(text, &self.toks[end])) {
            return None;
        }
        let the = start > 0 && word(text, &self.toks[start - 1]) == "The";
        let from = if the {
            start - 1
        } else {
            strip_titles(text, &self.toks, start, end)
        };
        Some(Phrase {
            span: Span::new(self.toks[from].start, self.toks[end].end),
            kind: Kind::Name,
        })
    }

    /// The name set off by a comma within a few words after token `from`, alone up to the end
    /// of the clause or the next punctuation ("… founder and CEO, Ana Ruiz."): at least two
    /// name words.
    fn appositive_name(&self, from: usize) -> Option<Phrase> {
        let text = self.text;
        let comma = (from..self.toks.len().min(from + 6))
            .take_while(|&i| self.toks[i].word || word(text, &self.toks[i]) == ",")
            .find(|&i| word(text, &self.toks[i]) == ",")?;
        let start = comma + 1;
        let mut end = start;
        while end < self.toks.len()
            && (name_part(text, &self.toks[end])
                && !NOT_A_NAME.contains(&word(text, &self.toks[end]))
                || end > start
                    && connector(text, &self.toks[end])
                    && self.toks.get(end + 1).is_some_and(|n| name_part(text, n)))
        {
            end += 1;
        }
        let closed = self.toks.get(end).is_none_or(|t| !t.word);
        if end < start + 2 || !closed || is_possessive(word(text, &self.toks[end - 1])) {
            return None;
        }
        let from = strip_titles(text, &self.toks, start, end - 1);
        Some(Phrase {
            span: Span::new(self.toks[from].start, self.toks[end - 1].end),
            kind: Kind::Name,
        })
    }

    /// The subject starting at token `k`, after an inverted verb ("said Rubio", "said a tearful
    /// Charlie Kafoury, her brother").
    fn right(&self, k: usize) -> Option<Phrase> {
        let text = self.text;
        let first = self.toks.get(k)?;
        if !first.word {
            return None;
        }
        let fw = word(text, first);
        if is_pronoun(fw) && !fw.eq_ignore_ascii_case("it") {
            return Some(Phrase {
                span: Span::new(first.start, first.end),
                kind: Kind::Pronoun(fw.to_lowercase()),
            });
        }
        if NOT_A_SUBJECT.contains(&fw.to_lowercase().as_str())
            || NOT_A_NAME.contains(&fw) && fw != "The"
        {
            return None;
        }
        let mut run: Option<(usize, usize)> = None;
        let mut j = k;
        let mut the = false;
        let mut gap = false;
        // "said University of Texas law professor Ana Ruiz": a run going on through "of" into
        // another name is held, not ended; the run before "of" is the speaker unless role words
        // and a later name follow ("said Ana Ruiz of Harvard" is Ana Ruiz).
        let mut before_of: Option<(usize, usize)> = None;
        while j < self.toks.len() && j < k + 12 {
            let t = &self.toks[j];
            if run.is_some()
                && !gap
                && before_of.is_none()
                && t.word
                && word(text, t) == "of"
                && self
                    .toks
                    .get(j + 1)
                    .is_some_and(|n| name_part(text, n) && !NOT_A_NAME.contains(&word(text, n)))
            {
                before_of = run;
                gap = true;
            } else if name_part(text, t) && !NOT_A_NAME.contains(&word(text, t)) {
                // A later run after lowercase role words replaces the first ("said Harbor
                // police Lt. Owen Fisk").
                let start = run.filter(|_| !gap).map_or(j, |r| r.0);
                run = Some((start, j));
                gap = false;
            } else if run.is_some()
                && connector(text, t)
                && self.toks.get(j + 1).is_some_and(|n| name_part(text, n))
            {
                // part of the name; the next token extends the run
            } else if run.is_some() {
                let w = self.lower(j);
                if !t.word
                    || NOT_A_SUBJECT.contains(&w.as_str())
                    || matches!(w.as_str(), "who" | "whose" | "which" | "where")
                    || SPEECH_VERBS.contains(&w.as_str())
                    || w.ends_with("ing")
                    || w.ends_with("ed")
                    || is_adverb(&w, word(text, t))
                    || matches!(w.as_str(), "himself" | "herself" | "themselves" | "itself")
                {
                    break;
                }
                if before_of.is_some() {
                    // Role words after the "of" phrase: a later name replaces the run.
                    before_of = None;
                    the = false;
                }
                gap = true;
            } else if !t.word || NOT_A_SUBJECT.contains(&self.lower(j).as_str()) {
                break;
            } else if j == k && self.lower(j) == "the" {
                the = true;
            }
            j += 1;
        }
        // Nothing but a place or body followed "of": the speaker is the run before it, unless
        // that run is only a title ("said Secretary of State Ivo Marsh").
        let only_titles = |(a, b): (usize, usize)| {
            (a..=b).all(|i| {
                let w = word(text, &self.toks[i]);
                TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str())
                    || is_title_abbreviation(w)
            })
        };
        if let Some(held) = before_of.filter(|&h| !only_titles(h)) {
            if run.is_some_and(|(a, _)| a > held.1) {
                run = Some(held);
                gap = false;
            }
        }
        if let Some((mut a, b)) = run {
            // A run of names that only modifies the noun after it ("said Hale's lawyer", "said
            // a Harbor Union member", "said Facebook founder and CEO, Ana Ruiz"): the speaker
            // is the person that the description names after a comma, else no named person.
            let possessive = is_possessive(word(text, &self.toks[b]));
            if gap || possessive {
                if let Some(p) = self.appositive_name(j) {
                    return Some(p);
                }
                let last = j.checked_sub(1).filter(|&l| l > b)?;
                if possessive || !self.toks[last].word {
                    return None;
                }
                return Some(Phrase {
                    span: Span::new(first.start, self.toks[last].end),
                    kind: Kind::Nominal(self.lower(last)),
                });
            }
            // "said the Harbor Union’s Ivo Marsh": the person, not the body owning him.
            if let Some(p) = (a..b)
                .rev()
                .find(|&i| is_possessive(word(text, &self.toks[i])))
            {
                a = p + 1;
                the = false;
            }
            let from = if the && a == k + 1 {
                k
            } else {
                strip_titles(text, &self.toks, a, b)
            };
            return Some(Phrase {
                span: Span::new(self.toks[from].start, self.toks[b].end),
                kind: Kind::Name,
            });
        }
        // A common noun phrase: "said a witness", "said the spokesman".
        let last = j.checked_sub(1).filter(|&l| l >= k)?;
        let lt = &self.toks[last];
        if !lt.word || !DETERMINERS.contains(&fw.to_lowercase().as_str()) && last != k {
            return None;
        }
        Some(Phrase {
            span: Span::new(first.start, lt.end),
            kind: Kind::Nominal(self.lower(last)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(s: &str) -> Option<String> {
        Clause::new(s, 0, s.len())
            .after_quote()
            .map(|p| p.span.of(s).to_owned())
    }

    fn before(s: &str) -> Option<String> {
        Clause::new(s, 0, s.len())
            .before_quote()
            .map(|p| p.span.of(s).to_owned())
    }

    #[test]
    fn subject_before_verb() {
        assert_eq!(after(" Harlan said."), Some("Harlan".into()));
        assert_eq!(
            after(" Senior Judge Mara Ellison said on Friday."),
            Some("Mara Ellison".into())
        );
        assert_eq!(after(" she added."), Some("she".into()));
        assert_eq!(
            after(" the Kremlin said in a statement."),
            Some("the Kremlin".into())
        );
        assert_eq!(
            after(" Okafor, the regional minister, said."),
            Some("Okafor".into())
        );
        assert_eq!(
            after(" to the crowd, Vance - Miller said."),
            Some("Vance - Miller".into())
        );
        assert_eq!(
            after(" Tomas Berg wrote on social media."),
            Some("Tomas Berg".into())
        );
        assert_eq!(
            after(" Dunmore was quoted as saying."),
            Some("Dunmore".into())
        );
    }

    #[test]
    fn subject_after_verb() {
        assert_eq!(
            after(" said Ilse Marten, the firm's founder."),
            Some("Ilse Marten".into())
        );
        assert_eq!(
            after(" said a tearful Ada Quill, who lives nearby."),
            Some("Ada Quill".into())
        );
        assert_eq!(
            after(" said Harbor police Lt. Owen Fisk."),
            Some("Owen Fisk".into())
        );
        assert_eq!(
            after(" said the Foreign Office."),
            Some("the Foreign Office".into())
        );
        assert_eq!(after(" said in a statement."), None);
        assert_eq!(after(" said Tuesday."), None);
        assert_eq!(after(" said a neighbour."), Some("a neighbour".into()));
        // A body named before the role words is not the speaker.
        assert_eq!(
            after(" said University of Harbor law professor Ivo Marsh."),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            after(" said Ivo Marsh of Harbor University."),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            after(" said Rep. Ana Ruiz of Oregon, a member of the panel."),
            Some("Ana Ruiz".into())
        );
        assert_eq!(
            after(" said the University of Harbor."),
            Some("the University".into())
        );
    }

    #[test]
    fn brackets_appositions_and_prepositions() {
        assert_eq!(
            after(" Rep. Ana Ruiz (D-Ore.) said Friday."),
            Some("Ana Ruiz".into())
        );
        assert_eq!(
            after(" Senate Leader Ivo Marsh, R-Ky., said."),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            after(" said Del. Rosa Quill of the islands."),
            Some("Rosa Quill".into())
        );
        assert_eq!(
            after(" Ivo Marsh, president of the Harbor Union, which represents pilots, said."),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            after(" the district attorney, Rosa Quill, told the paper."),
            Some("Rosa Quill".into())
        );
        assert_eq!(
            after(" the mayor's Foreign Affairs Adviser, Rosa Quill, told the paper."),
            Some("Rosa Quill".into())
        );
        // A name after a preposition is not the subject.
        assert_eq!(after(" a spokesman for Marsh said."), None);
        assert_eq!(after(" Marsh demanded."), Some("Marsh".into()));
        assert_eq!(before("Said Ellis: "), Some("Ellis".into()));
        assert_eq!(
            before("She said, but Karl was drifting off, and as Ivo went on about "),
            None
        );
    }

    #[test]
    fn a_colon_or_a_verb_and_comma_introduce_the_subject_s_words() {
        assert_eq!(
            before("Ivo Marsh delivered a blunt message to the board: "),
            Some("Ivo Marsh".into())
        );
        assert_eq!(before("Ivo Marsh: "), Some("Ivo Marsh".into()));
        assert_eq!(before("Then she went on: "), Some("she".into()));
        assert_eq!(before("Marsh joked, "), Some("Marsh".into()));
        assert_eq!(
            before("Marsh, the union head, joked, "),
            Some("Marsh".into())
        );
        // No verb ending the clause: only the clause's subject, a speaker if a person.
        let t = "Marsh visited the plant, ";
        let p = Clause::new(t, 0, t.len()).before_quote();
        assert_eq!(
            p.map(|p| (p.span.of(t).to_owned(), p.kind)),
            Some(("Marsh".to_owned(), Kind::Subject))
        );
        // No subject opening it: none.
        assert_eq!(before("In other words: "), None);
        assert_eq!(before("The crowd waved flags: "), None);
    }

    #[test]
    fn participles_take_the_subject_of_their_clause() {
        assert_eq!(
            before("Lund and Ruiz will meet next week, Okafor said, adding, "),
            Some("Okafor".into())
        );
        assert_eq!(
            before("Ivo Marsh, head of the fund, stressed the ties, saying: "),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            before("Alongside Marsh, hundreds of people marched on Friday, saying, "),
            None
        );
        assert_eq!(
            before("In a statement, Ivo Marsh, head of the fund, stressed the ties, saying, "),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            before("In Harbor City, hundreds of people marched on Friday, saying, "),
            None
        );
    }

    #[test]
    fn descriptions_around_names() {
        assert_eq!(
            after(" said the Harbor Union’s Ivo Marsh."),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            after(" the Harbor Union’s Ivo Marsh told reporters."),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            after(" said Harbor Union founder and chairman, Ivo Marsh."),
            Some("Ivo Marsh".into())
        );
        assert_eq!(
            after(" said Marsh's lawyer, Ana Ruiz."),
            Some("Ana Ruiz".into())
        );
        assert_eq!(after(" said Marsh's lawyer."), None);
        assert_eq!(
            after(" said one Harbor Union member."),
            Some("one Harbor Union member".into())
        );
        assert_eq!(after(" said Marsh angrily."), Some("Marsh".into()));
        assert_eq!(before("While Marsh insists on the reactor, "), None);
        assert_eq!(before("When asked, Marsh said, "), Some("Marsh".into()));
    }

    #[test]
    fn agency_quoting_and_according_to() {
        assert_eq!(
            after(" Reuters quoted Pell telling reporters."),
            Some("Pell".into())
        );
        assert_eq!(
            after(" Tass quoted a ministry official as saying."),
            Some("a ministry official".into())
        );
        assert_eq!(
            before("According to Nadia Vogel, "),
            Some("Nadia Vogel".into())
        );
    }

    #[test]
    fn introducing_clause() {
        assert_eq!(before("He told the senators that "), Some("He".into()));
        assert_eq!(
            before("Lina Cho, who chairs the board, told staff in a memo, "),
            Some("Lina Cho".into())
        );
        assert_eq!(
            before("The minister's aide Perry Lamb said the plan would "),
            Some("Perry Lamb".into())
        );
        assert_eq!(before("The weather turned cold as "), None);
    }

    #[test]
    fn no_attribution_after_a_new_sentence() {
        assert_eq!(
            after(" The mayor said later that week."),
            Some("The mayor".into())
        );
        assert_eq!(after(". The mayor said later."), None);
    }
}
