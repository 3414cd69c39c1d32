//! What the analysis stage finds in one article: sentences, entity mentions and entities with
//! roles, quotes with speakers, and time expressions on the calendar.
//!
//! All spans are byte offsets into the analysed text (`Article::text`), end exclusive, always on
//! UTF-8 character boundaries.

use serde::{Deserialize, Serialize};

/// A half-open byte range of the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text the span covers.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies within this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// What kind of text unit a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// A sentence of running text.
    Sentence,
    /// A heading or other line that is not a sentence (a crosshead, a label).
    Heading,
    /// A dateline that opens a paragraph ("RIYADH:", "PARIS (Reuters) —").
    Dateline,
    /// A credit line: who wrote, reported, edited or photographed the article ("Jane Roe
    /// contributed to this report.", "(Editing by Tom Poe)", "Ann Lee / For The Times").
    Credit,
}

/// One sentence, heading or dateline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: SegmentKind,
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organization: company, agency, government body, party, outlet.
    Organization,
    /// A place: country, region, city, landmark.
    Place,
}

/// One mention of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// Index of the entity it refers to, in [`ArticleAnalysis::entities`].
    pub entity: usize,
}

/// A role the text gives a person ("U.S. Secretary of State", "head of Russia's sovereign
/// wealth fund").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The role as written.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// One entity of an article: all its mentions resolved to one canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest name the article uses.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Other names the article uses for it (surname alone, other spellings).
    pub aliases: Vec<String>,
    /// Roles the article gives it.
    pub roles: Vec<Role>,
}

/// A pronoun or a descriptive phrase that refers back to an entity ("he", "the minister").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Where it is.
    pub span: Span,
    /// Index of the entity it refers to, in [`ArticleAnalysis::entities`].
    pub entity: usize,
    /// Whether it is a descriptive phrase ("the minister") rather than a pronoun.
    pub nominal: bool,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub span: Span,
    /// The speaker entity (index into [`ArticleAnalysis::entities`]), or `None` when the text does
    /// not say who spoke: never a guess.
    pub speaker: Option<usize>,
    /// The words that name the speaker at the attribution ("Rubio", "he", "the Kremlin").
    pub speaker_span: Option<Span>,
    /// When no entity is the speaker but the attribution describes one (a determiner and a
    /// noun for a person, a body or a document, with its complement: "a longtime adviser to
    /// the mayor", "the letter"): where that description is. Shown in place of a name.
    pub description: Option<Span>,
    /// Whether the quote is a fragment inside reported speech rather than a whole utterance.
    pub partial: bool,
}

/// How precisely a time expression pins down the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One day.
    Day,
    /// One ISO week.
    Week,
    /// One month.
    Month,
    /// One year.
    Year,
    /// Roughly ("nearly three years ago").
    Approximate,
}

/// A time expression put on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// Where it is.
    pub span: Span,
    /// The normalized value: `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM` or `YYYY`.
    pub value: String,
    /// How precise the value is.
    pub granularity: Granularity,
}

/// Everything analysis finds in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleAnalysis {
    /// The article's id.
    pub article_id: String,
    /// The date relative expressions were resolved against, `YYYY-MM-DD`, if any.
    pub reference_date: Option<String>,
    /// Sentences, headings and datelines in text order.
    pub segments: Vec<Segment>,
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Pronouns and descriptive phrases resolved to entities, in text order.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Quotes in text order.
    pub quotes: Vec<Quote>,
    /// Time expressions in text order.
    pub times: Vec<TimeExpression>,
}
