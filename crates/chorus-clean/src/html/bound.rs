//! A linear pre-pass that bounds what a page's markup can cost before any tree builder or
//! recursive step sees it.
//!
//! Every consumer of a page's HTML (Readability, the metadata walk, the date cascade) reads
//! it as parsed by html5ever and some then recurse over the tree. Left alone, hostile
//! markup costs far more than its size: deep nesting overflows the stack of a recursive
//! cleaning step (30,000 nested `<b>`), html5ever's tree builder scans its stack of open
//! elements for every tag (200,000 nested `<div>`s take hours) and its tokenizer checks each
//! attribute against all earlier ones of the tag (40,000 attributes take seconds).
//! [`bound_markup`] walks the markup once and:
//!
//! * **flattens** nesting past [`MarkupLimits::max_depth`]: start tags that would open an
//!   element deeper than that are dropped (their text stays), and so are their end tags;
//! * **cuts** the attributes of a tag after [`MarkupLimits::max_attributes`];
//! * **drops** formatting start tags (`<b>`, `<font>`…) once the tree builder's checks of
//!   alike formatting elements would copy more than [`FORMATTING_WORK`] attributes;
//! * **refuses** a page with more than [`MarkupLimits::max_tags`] start tags
//!   ([`MarkupError::TooManyTags`]).
//!
//! A page within the limits is returned unchanged (borrowed, byte for byte), so extraction of
//! real pages cannot move.
//!
//! Written by hand: no crate in the dependency tree (nor a well-kept one on crates.io) bounds
//! nesting without building a tree first, and html5ever's own tokenizer has the quadratic
//! attribute check this pass must run before. The depth it tracks is a model of the tree
//! builder's stack of open elements: void elements, raw-text elements, elements closed
//! implicitly (`<p>`, `<li>`, table cells and rows…), scope boundaries for end tags,
//! self-closing tags in SVG/MathML and formatting elements that the tree builder reopens (with
//! its limit of three alike) are followed. It follows the tree builder closely, not exactly
//! (fuzzed tag soup mixing foreign content, tables and misnested formatting can nest past it),
//! so a whole page's parsed tree is checked too: [`copy_checked`] refuses one deeper than
//! [`MAX_TREE_DEPTH`] before any recursive step runs. Fragments (feed content) are only walked
//! iteratively and need no such check.

use std::borrow::Cow;
use std::collections::HashMap;

use super::tree::Tree;

/// Bounds on one page's markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkupLimits {
    /// Deepest element nesting kept; deeper start tags are dropped (their text is kept).
    pub max_depth: usize,
    /// Attributes kept per tag; later ones are dropped.
    pub max_attributes: usize,
    /// Start tags accepted per page; a page with more is refused.
    pub max_tags: usize,
}

/// Far beyond real pages (their trees are rarely more than 60 deep, their tags carry a few
/// attributes, a large page has some thousands of tags), far below what overflows a worker
/// thread's stack (about 8,000 levels) or makes the tree builder's scans of its stack add up
/// (depth times tags). The tag limit also bounds memory, which grows with the elements
/// (measured while the trafilatura crate's extraction, which kept several copies of the tree,
/// was in the path: a 16 MiB page at the tag limit peaked at about 600 MB, 36 times its size;
/// a 16 MiB page of 1.6 million tags took 2.7 GB).
impl Default for MarkupLimits {
    fn default() -> Self {
        MarkupLimits {
            max_depth: 512,
            max_attributes: 128,
            max_tags: 100_000,
        }
    }
}

/// Attribute copies the tree builder's "three alike" checks of formatting start tags may make
/// on one page; later formatting start tags are dropped (their text stays). Each copy costs
/// about 2 µs (measured on 320 nested `<b>` with 80 distinct attributes each: 8.2 million
/// copies, 19 s), so this bounds the checks to about half a second; a real page with a few
/// hundred unclosed `<font face=… size=…>` makes some tens of thousands.
pub const FORMATTING_WORK: usize = 200_000;

/// Work the tree builder may spend reopening formatting elements on one page, counted as the
/// square of the elements reopened at once, summed (a page past it is refused,
/// [`MarkupError::TooManyReopened`]). Each text run or inline start tag reopens every
/// formatting element closed implicitly since the last marker, nested in one another, so
/// formatting elements left open inside blocks that close build a tree whose size and depth
/// grow together: 310 `<div><b class=…></div>` reopen 48,000 elements and took 4.4 s to
/// extract, 85 of them (3,600 reopened, work 208,000) 0.28 s. A real page reopens one to
/// three at a time, once a paragraph of misnested `<p><b>` markup (5,000 such paragraphs,
/// work 5,000: 0.9 s, linear in the page).
pub const REOPEN_WORK: usize = 250_000;

/// Why a page's markup was refused.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum MarkupError {
    /// The tree builder would spend more than [`REOPEN_WORK`] reopening formatting elements.
    #[error("page refused: HTML reopens too many formatting elements (work over {limit})")]
    TooManyReopened {
        /// The limit.
        limit: usize,
    },
    /// More start tags than [`MarkupLimits::max_tags`].
    #[error("page refused: more than {limit} HTML tags")]
    TooManyTags {
        /// The limit.
        limit: usize,
    },
    /// The parsed page still nests deeper than [`MAX_TREE_DEPTH`] (markup that defeats the
    /// model of [`bound_markup`]).
    #[error("page refused: HTML nested more than {limit} elements deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
}

/// Deepest parsed tree a page may have (checked by [`copy_checked`] on the page's one parse,
/// before any recursive step runs): twice the default depth limit, far below what overflows a
/// worker thread's stack.
pub const MAX_TREE_DEPTH: usize = 1024;

/// Copies a parsed page for the steps that read it ([`Tree::copy`]), refusing one deeper than
/// [`MAX_TREE_DEPTH`] (the document node counts as the first level).
pub(crate) fn copy_checked(doc: &trafilatura::dom::Document) -> Result<Tree, MarkupError> {
    Tree::copy(doc, MAX_TREE_DEPTH).ok_or(MarkupError::TooDeep {
        limit: MAX_TREE_DEPTH,
    })
}

/// What one pass changed, for tests and reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Start tags dropped (with their end tags) for nesting past the depth limit.
    pub flattened: usize,
    /// Tags whose attributes were cut.
    pub cut_attributes: usize,
}

/// Bounds `html` to `limits` (see the module documentation): the same text, borrowed, when it
/// is within them; a flattened copy when it nests too deep or a tag has too many attributes;
/// an error when it has too many tags. Linear in the length of `html` (times the depth limit at
/// worst, for the scans of the modelled stack).
pub fn bound_markup<'a>(
    html: &'a str,
    limits: &MarkupLimits,
) -> Result<(Cow<'a, str>, Changes), MarkupError> {
    let mut pass = Pass {
        html,
        limits,
        out: None,
        copied: 0,
        stack: Vec::new(),
        reopen: Vec::new(),
        dropped: HashMap::new(),
        formatting_work: 0,
        reopened: 0,
        tags: 0,
        changes: Changes::default(),
    };
    pass.run()?;
    let changes = pass.changes;
    Ok(match pass.out {
        None => (Cow::Borrowed(html), changes),
        Some(mut out) => {
            out.push_str(&html[pass.copied..]);
            (Cow::Owned(out), changes)
        }
    })
}

/// Elements without content: never on the stack.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content the tokenizer reads as text up to their end tag (in HTML content).
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title",
];

/// Formatting elements: closed implicitly, the tree builder reopens them.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Start tags before which the tree builder does not reopen formatting elements (blocks,
/// lists, tables, headings, forms and the elements of the head).
const NO_REOPEN: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "li",
    "dd",
    "dt",
    "plaintext",
    "table",
    "hr",
    "textarea",
    "iframe",
    "noembed",
    "noframes",
    "html",
    "head",
    "body",
    "base",
    "basefont",
    "bgsound",
    "link",
    "meta",
    "script",
    "style",
    "template",
    "title",
    "frameset",
    "frame",
    "param",
    "source",
    "track",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
];

/// Elements whose end clears the formatting elements to reopen (the spec's markers).
const MARKERS: &[&str] = &[
    "td", "th", "caption", "object", "applet", "marquee", "template",
];

/// Elements an end tag's search for its element does not pass (the default scope). The roots
/// of SVG and MathML are not among them: an HTML end tag closes them.
const SCOPE: &[&str] = &[
    "applet",
    "caption",
    "html",
    "table",
    "td",
    "th",
    "marquee",
    "object",
    "template",
    "foreignobject",
    "desc",
    "title",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// Table parts: their searches pass everything but a table (the spec's table scope).
const TABLE_PARTS: &[&str] = &[
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
];

/// The boundaries of the table scope.
const TABLE_SCOPE: &[&str] = &["html", "table", "template"];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
    "listing",
];

/// HTML start tags that end SVG/MathML content.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
    "font",
];

/// SVG and MathML elements whose children are HTML again.
const INTEGRATION: &[&str] = &[
    "foreignobject",
    "desc",
    "title",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// One element of the modelled stack of open elements.
struct Open {
    name: String,
    /// Whether it is SVG/MathML content (its `/>` closes it, its text is never raw).
    foreign: bool,
    /// Length of the reopen list when it was opened (a marker truncates back to it).
    reopen_mark: usize,
    /// Its attributes as written, for the "three alike" rule of reopened elements.
    attributes: String,
    /// How many attributes the tree builder sees on it (after the cut).
    attribute_count: usize,
}

/// A formatting element closed implicitly, which the tree builder opens again.
struct Reopen {
    name: String,
    /// Its attributes as written.
    attributes: String,
    /// How many attributes the tree builder sees on it.
    attribute_count: usize,
}

/// The state of one pass.
struct Pass<'a, 'l> {
    html: &'a str,
    limits: &'l MarkupLimits,
    /// The rewritten page, once something had to change; `copied` bytes of `html` are in it.
    out: Option<String>,
    copied: usize,
    stack: Vec<Open>,
    /// Formatting elements closed implicitly, which the tree builder opens again.
    reopen: Vec<Reopen>,
    /// Attribute copies the tree builder's "three alike" checks of formatting start tags have
    /// made so far (see [`FORMATTING_WORK`]).
    formatting_work: usize,
    /// Work the tree builder has spent reopening formatting elements so far (see
    /// [`REOPEN_WORK`]).
    reopened: usize,
    /// Start tags dropped per name, whose end tags are dropped too.
    dropped: HashMap<String, usize>,
    tags: usize,
    changes: Changes,
}

/// A tag as scanned.
struct Tag<'a> {
    /// Lowercase name.
    name: String,
    /// The attributes' text, as written.
    attributes: &'a str,
    /// Attributes seen.
    count: usize,
    /// Byte offset where the `max_attributes`-th attribute ends, when there are more.
    cut_at: Option<usize>,
    /// Ends with `/>`.
    self_closing: bool,
    /// Byte offset just past the tag's `>`; `None` when the page ends inside the tag.
    end: Option<usize>,
}

impl Pass<'_, '_> {
    fn run(&mut self) -> Result<(), MarkupError> {
        let html = self.html;
        let b = html.as_bytes();
        let mut i = 0;
        while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
            let lt = i + off;
            if off > 0 {
                // Text: the tree builder reopens the formatting elements before inserting it.
                self.reopen_formatting()?;
            }
            match b.get(lt + 1) {
                Some(b'!') => {
                    i = if b[lt..].starts_with(b"<!--") {
                        match find(b, lt + 2, b"-->") {
                            Some(at) => at + 3,
                            None => return Ok(()),
                        }
                    } else {
                        match find(b, lt + 2, b">") {
                            Some(at) => at + 1,
                            None => return Ok(()),
                        }
                    };
                }
                Some(b'?') => {
                    i = match find(b, lt + 2, b">") {
                        Some(at) => at + 1,
                        None => return Ok(()),
                    };
                }
                Some(b'/') if b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                    let tag = scan_tag(html, lt + 2, usize::MAX);
                    let Some(end) = tag.end else {
                        return Ok(());
                    };
                    if self.end_tag(&tag.name) {
                        self.skip(lt, end);
                    }
                    i = end;
                }
                Some(b'/') => {
                    i = match find(b, lt + 2, b">") {
                        Some(at) => at + 1,
                        None => return Ok(()),
                    };
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let tag = scan_tag(html, lt + 1, self.limits.max_attributes);
                    let Some(end) = tag.end else {
                        return Ok(());
                    };
                    self.tags += 1;
                    if self.tags > self.limits.max_tags {
                        return Err(MarkupError::TooManyTags {
                            limit: self.limits.max_tags,
                        });
                    }
                    i = end;
                    match self.start_tag(&tag)? {
                        Start::Dropped => self.skip(lt, end),
                        Start::Kept { raw } => {
                            if let Some(cut) = tag.cut_at {
                                self.changes.cut_attributes += 1;
                                let close = if tag.self_closing { "/>" } else { ">" };
                                self.replace(lt, end, &[&html[lt..cut], close]);
                            }
                            if raw {
                                if tag.name == "plaintext" {
                                    return Ok(());
                                }
                                match raw_text_end(b, end, &tag.name) {
                                    Some(at) => i = at,
                                    None => return Ok(()),
                                }
                            }
                        }
                    }
                }
                _ => {
                    // A `<` that opens no tag is text.
                    self.reopen_formatting()?;
                    i = lt + 1;
                }
            }
        }
        if i < b.len() {
            self.reopen_formatting()?;
        }
        Ok(())
    }

    /// Leaves `html[from..to]` out of the output.
    fn skip(&mut self, from: usize, to: usize) {
        self.replace(from, to, &[]);
    }

    /// Writes `parts` instead of `html[from..to]`.
    fn replace(&mut self, from: usize, to: usize, parts: &[&str]) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.html.len()));
        out.push_str(&self.html[self.copied..from]);
        for part in parts {
            out.push_str(part);
        }
        self.copied = to;
    }

    /// Follows a start tag on the modelled stack; says whether it was dropped, and whether the
    /// element's content is raw text.
    fn start_tag(&mut self, tag: &Tag<'_>) -> Result<Start, MarkupError> {
        let name = tag.name.as_str();
        let (parent_foreign, parent_integration) =
            self.stack.last().map_or((false, false), |top| {
                (top.foreign, INTEGRATION.contains(&top.name.as_str()))
            });
        let foreign = name == "svg"
            || name == "math"
            || (parent_foreign && !parent_integration && !BREAKOUT.contains(&name));
        if foreign && tag.self_closing {
            return Ok(Start::Kept { raw: false });
        }
        // Table parts outside a table are ignored by the tree builder.
        let stray_table_part = name != "table"
            && TABLE_PARTS.contains(&name)
            && self.find_open(&["table"], &[]).is_none();
        if !foreign
            && (matches!(name, "html" | "head" | "body")
                || VOID.contains(&name)
                || stray_table_part)
        {
            self.close_implied(name);
            if VOID.contains(&name) && !NO_REOPEN.contains(&name) {
                self.reopen_formatting()?;
            }
            return Ok(Start::Kept { raw: false });
        }
        let raw = !foreign && (RAW_TEXT.contains(&name) || name == "plaintext");
        // Decided before the implied closes: a dropped tag closes nothing in the tree builder.
        if (self.stack.len() + self.reopen.len() >= self.limits.max_depth && !raw)
            || (!foreign && self.over_formatting_work(name, tag))
        {
            self.changes.flattened += 1;
            *self.dropped.entry(tag.name.clone()).or_default() += 1;
            return Ok(Start::Dropped);
        }
        if !foreign {
            self.close_implied(name);
        }
        if raw {
            // Its content is text: it never holds another element.
            return Ok(Start::Kept { raw: true });
        }
        if !foreign {
            self.insert_implied_table_parts(name);
        }
        if (!foreign && !NO_REOPEN.contains(&name)) || matches!(name, "svg" | "math") {
            self.reopen_formatting()?;
        }
        self.push(
            name,
            foreign,
            tag.attributes,
            tag.count.min(self.limits.max_attributes),
        );
        Ok(Start::Kept { raw: false })
    }

    fn push(&mut self, name: &str, foreign: bool, attributes: &str, attribute_count: usize) {
        self.stack.push(Open {
            name: name.to_owned(),
            foreign,
            reopen_mark: self.reopen.len(),
            attributes: attributes.to_owned(),
            attribute_count,
        });
    }

    /// Whether the formatting start tag `tag` would take the attribute copies of the tree
    /// builder's "three alike" checks past [`FORMATTING_WORK`]; counts them when not. The
    /// tree builder compares a formatting start tag with every formatting element of its name
    /// since the last marker, copying and sorting both attribute lists each time, so
    /// formatting elements with many distinct attributes held open cost the square of their
    /// number (320 nested `<b>` with 80 attributes each took 19 s).
    fn over_formatting_work(&mut self, name: &str, tag: &Tag<'_>) -> bool {
        if !FORMATTING.contains(&name) {
            return false;
        }
        let own = tag.count.min(self.limits.max_attributes);
        let open_mark = self
            .stack
            .iter()
            .rposition(|o| !o.foreign && MARKERS.contains(&o.name.as_str()))
            .map_or(0, |at| at + 1);
        let open = self.stack[open_mark..]
            .iter()
            .filter(|o| !o.foreign && o.name == name)
            .map(|o| own + o.attribute_count);
        let closed = self.reopen[self.last_marker()..]
            .iter()
            .filter(|r| r.name == name)
            .map(|r| own + r.attribute_count);
        let work = self.formatting_work + open.chain(closed).sum::<usize>();
        if work > FORMATTING_WORK {
            return true;
        }
        self.formatting_work = work;
        false
    }

    /// The elements a start tag closes implicitly: an open `<p>`, the previous list item,
    /// table cell, row or section, option, heading, link or button.
    fn close_implied(&mut self, name: &str) {
        if CLOSES_P.contains(&name) {
            if let Some(at) = self.find_open(&["p"], &["button"]) {
                self.pop_to(at);
            }
        }
        let (targets, stops): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu"]),
            "dd" | "dt" => (&["dd", "dt"], &["dl"]),
            "td" | "th" => (&["td", "th"], &[]),
            "tr" => (&["tr"], &[]),
            "tbody" | "thead" | "tfoot" => (&["tbody", "thead", "tfoot"], &[]),
            "a" => (&["a"], &[]),
            "nobr" => (&["nobr"], &[]),
            "button" => (&["button"], &[]),
            "option" | "optgroup" => (&["option"], &["select"]),
            _ => (&[], &[]),
        };
        if !targets.is_empty() {
            if let Some(at) = self.find_open(targets, stops) {
                self.pop_to(at);
            }
        }
        if HEADINGS.contains(&name)
            && self
                .stack
                .last()
                .is_some_and(|top| HEADINGS.contains(&top.name.as_str()))
        {
            let at = self.stack.len() - 1;
            self.pop_to(at);
        }
        if matches!(name, "a" | "nobr") {
            self.forget_reopen(name);
        }
    }

    /// The table parts the tree builder inserts itself: a `<tbody>` before a row directly in a
    /// table, a row before a cell outside one.
    fn insert_implied_table_parts(&mut self, name: &str) {
        let top = self.stack.last().map_or("", |o| o.name.as_str());
        let cell = matches!(name, "td" | "th");
        if (cell || name == "tr") && top == "table" {
            self.push("tbody", false, "", 0);
        }
        let top = self.stack.last().map_or("", |o| o.name.as_str());
        if cell && matches!(top, "tbody" | "thead" | "tfoot") {
            self.push("tr", false, "", 0);
        }
    }

    /// Where the formatting elements kept since the innermost open marker element start.
    fn last_marker(&self) -> usize {
        self.stack
            .iter()
            .rev()
            .find(|o| !o.foreign && MARKERS.contains(&o.name.as_str()))
            .map_or(0, |o| o.reopen_mark)
            .min(self.reopen.len())
    }

    /// Forgets the innermost formatting element named `name` kept to reopen since the last
    /// marker.
    fn forget_reopen(&mut self, name: &str) {
        let mark = self.last_marker();
        if let Some(at) = self.reopen[mark..].iter().rposition(|r| r.name == name) {
            self.reopen.remove(mark + at);
        }
    }

    /// The index of the innermost open element named in `targets`, searching down from the
    /// current node and stopping at the scope boundaries and at `stops`.
    fn find_open(&self, targets: &[&str], stops: &[&str]) -> Option<usize> {
        let table_part = targets.iter().any(|t| TABLE_PARTS.contains(t));
        for (at, open) in self.stack.iter().enumerate().rev() {
            let name = open.name.as_str();
            if targets.contains(&name) {
                return Some(at);
            }
            let boundary = if table_part {
                TABLE_SCOPE.contains(&name)
            } else {
                SCOPE.contains(&name)
            };
            if boundary || stops.contains(&name) {
                return None;
            }
        }
        None
    }

    /// Pops the stack down to (and including) `at`; formatting elements popped on the way are
    /// kept to reopen, and a marker element clears what was kept since it opened.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            let Some(open) = self.stack.pop() else {
                break;
            };
            if !open.foreign && MARKERS.contains(&open.name.as_str()) {
                self.reopen.truncate(open.reopen_mark);
            } else if self.stack.len() > at && FORMATTING.contains(&open.name.as_str()) {
                self.keep_to_reopen(Reopen {
                    name: open.name,
                    attributes: open.attributes,
                    attribute_count: open.attribute_count,
                });
            }
        }
    }

    /// Reopens the formatting elements closed implicitly since the last marker, as the tree
    /// builder does before text and inline start tags: they are open again.
    fn reopen_formatting(&mut self) -> Result<(), MarkupError> {
        let mark = self.last_marker();
        if mark == self.reopen.len() {
            return Ok(());
        }
        let reopened = self.reopen.split_off(mark);
        self.reopened += reopened.len() * reopened.len();
        if self.reopened > REOPEN_WORK {
            return Err(MarkupError::TooManyReopened { limit: REOPEN_WORK });
        }
        for element in reopened {
            self.push(
                &element.name,
                false,
                &element.attributes,
                element.attribute_count,
            );
        }
        Ok(())
    }

    /// Adds a formatting element to reopen, keeping at most three alike since the last marker
    /// (the spec's "Noah's Ark" clause).
    fn keep_to_reopen(&mut self, element: Reopen) {
        let mark = self.last_marker();
        let alike: Vec<usize> = (mark..self.reopen.len())
            .filter(|&i| {
                self.reopen[i].name == element.name
                    && self.reopen[i].attributes == element.attributes
            })
            .collect();
        if alike.len() >= 3 {
            self.reopen.remove(alike[0]);
        }
        self.reopen.push(element);
    }

    /// Follows an end tag; returns whether to drop it (it closes a dropped start tag).
    fn end_tag(&mut self, name: &str) -> bool {
        if let Some(n) = self.dropped.get_mut(name) {
            if *n > 0 {
                *n -= 1;
                return true;
            }
        }
        let found = match name {
            "table" | "tr" | "td" | "th" | "tbody" | "thead" | "tfoot" | "caption" => {
                self.find_open(&[name], &[])
            }
            "li" => self.find_open(&["li"], &["ul", "ol"]),
            "p" => self.find_open(&["p"], &["button"]),
            _ => self.find_open(&[name], &[]),
        };
        match found {
            Some(at) => self.pop_to(at),
            None => {
                if FORMATTING.contains(&name) {
                    self.forget_reopen(name);
                }
            }
        }
        false
    }
}

/// What happened to a start tag.
enum Start {
    /// Dropped for depth or for the formatting checks' work.
    Dropped,
    /// Kept; `raw` when its content is raw text.
    Kept { raw: bool },
}

/// Scans the tag whose name starts at `from` (just past `<` or `</`): its name, attributes,
/// and where it ends. Follows the tokenizer: attribute values in quotes may hold `>`.
fn scan_tag(html: &str, from: usize, max_attributes: usize) -> Tag<'_> {
    let b = html.as_bytes();
    let mut i = from;
    while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
        i += 1;
    }
    let name = html[from..i].to_ascii_lowercase();
    let attributes_start = i;
    // Where the last attribute kept ends.
    let mut kept_end = i;
    let mut tag = Tag {
        name,
        attributes: "",
        count: 0,
        cut_at: None,
        self_closing: false,
        end: None,
    };
    loop {
        // Between attributes.
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            tag.self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return tag;
        }
        if b[i] == b'>' {
            tag.attributes = html[attributes_start..i].trim_end_matches('/').trim();
            tag.end = Some(i + 1);
            return tag;
        }
        tag.self_closing = false;
        // Name (its first character may be `=`).
        i += 1;
        while i < b.len()
            && !matches!(
                b[i],
                b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'='
            )
        {
            i += 1;
        }
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => match find(b, j + 1, &[q]) {
                    Some(close) => i = close + 1,
                    None => return tag,
                },
                Some(_) => {
                    i = j;
                    while i < b.len()
                        && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'>')
                    {
                        i += 1;
                    }
                }
                None => return tag,
            }
        }
        tag.count += 1;
        if tag.count == max_attributes {
            kept_end = i;
        } else if tag.count > max_attributes && tag.cut_at.is_none() {
            tag.cut_at = Some(kept_end);
        }
    }
}

/// Where the raw text of an element named `name` ends: the `<` of its end tag, found from `from`;
/// `None` when the page ends first.
fn raw_text_end(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    loop {
        let lt = i + b[i..].iter().position(|&c| c == b'<')?;
        let after = lt + 2 + name.len();
        if b.get(lt + 1) == Some(&b'/')
            && b.len() >= after
            && b[lt + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && b.get(after)
                .is_none_or(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
        {
            return Some(lt);
        }
        i = lt + 1;
    }
}

/// The first occurrence of `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > b.len() {
        return None;
    }
    b[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ego_tree::iter::Edge;
    use proptest::prelude::*;

    /// Deepest element nesting of `html` as html5ever builds it (iteratively: the tree may be
    /// deep).
    fn tree_depth(html: &str) -> usize {
        let doc = scraper::Html::parse_document(html);
        let (mut depth, mut deepest) = (0usize, 0usize);
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(_) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Edge::Close(_) => depth -= 1,
            }
        }
        deepest
    }

    fn bound(html: &str) -> (Cow<'_, str>, Changes) {
        bound_markup(html, &MarkupLimits::default()).expect("within the tag limit")
    }

    /// Bounded by the limit plus the few levels the model does not count (document, html,
    /// body, the text node).
    const FLAT_DEPTH: usize = 512 + 16;

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html><head><title>T</title></head><body><p>Lead.</p>{body}</body></html>")
    }

    #[test]
    fn real_pages_pass_unchanged() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("examples directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&path).expect("an example page");
                let (out, changes) = bound(&html);
                assert!(
                    matches!(out, Cow::Borrowed(_)),
                    "{} changed",
                    path.display()
                );
                assert_eq!(changes, Changes::default());
                seen += 1;
            }
        }
        assert!(seen > 0, "no example pages in {dir}");
        // Old-style markup: unclosed paragraphs, list items, cells and misnested formatting,
        // each far more times than the depth limit, is not deep.
        let old = page(&"<p><font face=arial>text<p>more<li>item<table><tr><td>a<td>b<tr><td>c</table><a name=x>anchor<b>bold</p>".repeat(1000));
        let (out, changes) = bound(&old);
        assert!(matches!(out, Cow::Borrowed(_)), "{changes:?}");
    }

    #[test]
    fn deep_nesting_is_flattened_and_keeps_its_text() {
        for (open, close) in [
            ("<b>", "</b>"),
            ("<div>", "</div>"),
            ("<table><tr><td>", ""),
        ] {
            let html = page(&format!(
                "{}deep words{}",
                open.repeat(30_000),
                close.repeat(30_000)
            ));
            let (out, changes) = bound(&html);
            assert!(changes.flattened > 0, "{open}");
            assert!(out.contains("deep words"));
            assert!(
                tree_depth(&out) <= FLAT_DEPTH,
                "{open}: {}",
                tree_depth(&out)
            );
        }
    }

    #[test]
    fn formatting_elements_with_many_distinct_attributes_are_bounded() {
        // Each `<b>` differs from the others, so the tree builder compares every new one with
        // all those before it, copying both attribute lists.
        let attributes =
            |i: usize| -> String { (0..80).map(|a| format!(" a{a}=\"{i}\"")).collect() };
        let body: String = (0..320)
            .map(|i| format!("<b{}>w{i} ", attributes(i)))
            .collect();
        let html = page(&body);
        let (out, changes) = bound(&html);
        assert!(changes.flattened > 0);
        assert!(out.contains("w0 ") && out.contains("w319 "));
        let kept = out.matches("<b ").count();
        // Kept tags i and j < i cost 160 copies: the pairs of the kept ones fit the budget.
        assert!(
            kept * (kept - 1) / 2 * 160 <= FORMATTING_WORK,
            "{kept} kept"
        );
        // Few alike formatting elements, as on real pages, are left alone.
        let few: String = (0..20)
            .map(|i| format!("<b{}>w{i} ", attributes(i)))
            .collect();
        let html = page(&few);
        assert!(matches!(bound(&html).0, Cow::Borrowed(_)));
    }

    #[test]
    fn formatting_reopened_without_end_is_refused() {
        // Each `<b>` is closed implicitly by its `</div>`; the next `<b>` reopens all those
        // before it inside its own `<div>`, whose end closes them again: a quadratic tree.
        let body: String = (0..5_000)
            .map(|i| format!("<div><b class=c{i}></div>"))
            .collect();
        let refused = bound_markup(&page(&body), &MarkupLimits::default()).err();
        assert_eq!(
            refused,
            Some(MarkupError::TooManyReopened { limit: REOPEN_WORK })
        );
        // Misnested bold across paragraphs, as old pages have it, reopens one a paragraph.
        let html = page(&"<p><b>bold<p>text and more text".repeat(5_000));
        assert!(matches!(bound(&html).0, Cow::Borrowed(_)));
    }

    #[test]
    fn stray_cells_stay_shallow() {
        let html = page(&"<td>x".repeat(90_000));
        let (out, _) = bound(&html);
        assert!(tree_depth(&out) <= 16);
    }

    #[test]
    fn tricks_that_fool_a_simple_depth_count_are_bounded_too() {
        let breakout = format!("<svg><p>{}", "<x/>".repeat(5_000));
        let foreign = format!("<svg>{}", "<g>".repeat(5_000));
        let raw_in_svg = format!("<svg><style>{}", "<g>".repeat(5_000));
        let unclosed_p = "<p><div>".repeat(5_000);
        for body in [breakout, foreign, raw_in_svg, unclosed_p] {
            let html = page(&body);
            let (out, _) = bound(&html);
            assert!(
                tree_depth(&out) <= FLAT_DEPTH,
                "{}: {}",
                &body[..30],
                tree_depth(&out)
            );
        }
    }

    #[test]
    fn attributes_past_the_limit_are_cut() {
        let attrs: String = (0..40_000).map(|i| format!(" a{i}=\"v>{i}\"")).collect();
        let html = page(&format!("<p{attrs}>text</p><img{attrs}/>"));
        let (out, changes) = bound(&html);
        assert_eq!(changes.cut_attributes, 2);
        let doc = scraper::Html::parse_document(&out);
        let counts: Vec<usize> = doc
            .tree
            .nodes()
            .filter_map(|n| n.value().as_element())
            .map(|e| e.attrs().count())
            .collect();
        assert!(counts.iter().all(|&n| n <= 128), "{counts:?}");
        assert!(counts.contains(&128));
        assert!(out.contains(">text</p>"));
    }

    /// End tags are scanned without a limit; their attributes (always ignored by parsers) must
    /// be skipped without arithmetic on that unbounded limit (a fuzz-found overflow).
    #[test]
    fn end_tags_with_attributes_are_passed_through() {
        let html = page("<div><p>one</p class=x id='y' z></div data-a=1>two");
        let (out, changes) = bound(&html);
        assert_eq!(changes.cut_attributes, 0);
        assert!(out.contains("one"), "{out}");
        assert!(out.contains("two"), "{out}");
    }

    #[test]
    fn too_many_tags_is_an_error() {
        let html = page(&"<br>".repeat(100_001));
        assert_eq!(
            bound_markup(&html, &MarkupLimits::default()).map(|_| ()),
            Err(MarkupError::TooManyTags { limit: 100_000 })
        );
        assert!(bound_markup(&page(&"<br>".repeat(1000)), &MarkupLimits::default()).is_ok());
    }

    #[test]
    fn comments_and_raw_text_are_not_markup() {
        let html = page(&format!(
            "<!--{}--><script>{}</script><textarea>{}</TEXTAREA><p>after</p>",
            "<b>".repeat(2000),
            "<div>".repeat(2000),
            "<i>".repeat(2000)
        ));
        let (out, changes) = bound(&html);
        assert!(matches!(out, Cow::Borrowed(_)), "{changes:?}");
    }

    proptest! {
        /// Any tag soup nesting less than the limit comes back borrowed, byte for byte.
        #[test]
        fn shallow_markup_is_returned_unchanged(parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>"), Just("</p>"), Just("<div class='x'>"), Just("</div>"), Just("<br>"),
                Just("<a href=\"/x?a=1&b=2\">"), Just("</a>"), Just("<b>"), Just("</b>"),
                Just("<table><tr><td>"), Just("</table>"), Just("text "), Just("&amp;"),
                Just("<li>"), Just("<!-- c -->"), Just("<script>x<y</script>"), Just("<svg><g/>"),
                Just("</svg>"), Just("<img src=x alt='a>b'>"), Just("é"),
            ],
            0..200,
        )) {
            let html = parts.concat();
            let (out, changes) = bound(&html);
            prop_assert_eq!(changes, Changes::default());
            prop_assert!(matches!(out, Cow::Borrowed(s) if s == html));
        }

        /// Whatever the input, the page either extracts or is refused (the model follows the
        /// tree builder closely, not exactly: what gets past it is caught by `copy_checked`).
        #[test]
        fn any_markup_is_bounded(parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>"), Just("<div>"), Just("<b>"), Just("<i class=a>"), Just("</div>"),
                Just("<table>"), Just("<tr>"), Just("<td>"), Just("<svg>"), Just("<x/>"),
                Just("<li>"), Just("<ul>"), Just("</p>"), Just("<a>"), Just("<font>"),
                Just("</b>"), Just("<math>"), Just("<foreignObject>"), Just("t"),
            ],
            0..8_000,
        )) {
            let html = parts.concat();
            let (out, _) = bound(&html);
            let doc = trafilatura::dom::Document::parse(&out);
            match copy_checked(&doc).map(drop) {
                Ok(()) => prop_assert!(tree_depth(&out) <= MAX_TREE_DEPTH),
                Err(e) => prop_assert_eq!(e, MarkupError::TooDeep { limit: MAX_TREE_DEPTH }),
            }
            let _ = super::super::extract_page(&html, None);
        }
    }
}
