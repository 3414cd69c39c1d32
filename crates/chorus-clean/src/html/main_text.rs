//! Main-text extraction: the article's paragraphs without navigation, related links, share
//! buttons, comments or ads.
//!
//! A whole page goes through the `trafilatura` crate (comments excluded, its own
//! readability/justext fallback off: Readability's article, computed once here on the page's
//! one parse (`super::readability`), is the fallback, see [`FALLBACK_RATIO`]). Its cleaned content HTML is split here into block-level paragraphs,
//! and those pass two filters for what the crate lets through:
//!
//! * link lists: a short paragraph that is mostly link text (related-article teasers);
//! * a second opinion: a short paragraph that Readability does not also
//!   consider article text is dropped, provided Readability found the article at all (it
//!   agrees with at least [`MIN_AGREEING`] paragraphs). Short stray lines (captions, labels,
//!   "share this", "more on this") are where trafilatura errs most; long paragraphs are kept.
//!
//! Readability's article also supplies what trafilatura misses most often: the lead (standfirst
//! and first paragraphs) sitting in another container above the body (see `add_missed_lead`).

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::readability;
use super::tree::{Id, Tree};

/// A paragraph with at most this many words needs Readability's agreement to be kept.
const SHORT_WORDS: usize = 5;

/// Readability's opinion counts only when it shares at least this many paragraphs with
/// trafilatura's output.
const MIN_AGREEING: usize = 2;

/// A paragraph of at most this many non-space characters...
const LINK_LIST_MAX_CHARS: usize = 100;

/// ...is a link list when at least this share (in tenths) of its characters is link text.
const LINK_LIST_MIN_TENTHS: usize = 7;

/// Readability's article replaces trafilatura's text when it is more than this many times
/// longer (in characters), or when trafilatura found nothing: the rule by which the crate's own
/// fallback takes a fallback candidate. The crate's fallback is off because it cannot reuse
/// Readability's article without parsing it again, and it always serializes and prunes a copy
/// of the page first (a seventh of the time of a clean, for the same scores).
const FALLBACK_RATIO: usize = 2;

/// Main-text paragraphs of a whole page, in reading order, whitespace-normalized, none empty.
/// `doc` is the page parsed, `tree` its copy (the `trafilatura` crate takes `doc` over;
/// Readability reads `tree`), `known` what its metadata says that Readability uses.
pub(crate) fn extract(
    doc: trafilatura::dom::Document,
    tree: &Tree,
    known: readability::Known<'_>,
) -> Vec<String> {
    let mut options = trafilatura::Options::default();
    options.include_links = true;
    options.exclude_comments = true;
    // Dates are the metadata module's job; skipping them here saves time.
    options.html_date_mode = trafilatura::HtmlDateMode::Disabled;
    // Readability runs once: the fallback, the second opinion and the source of a missed lead.
    let second_blocks = readability::article(tree, known)
        .map(|a| tree_blocks(&a.dom, a.root))
        .unwrap_or_default();
    let second = second_blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let first = trafilatura::extract_document(doc, &options).ok();
    let first_chars = first
        .as_ref()
        .map_or(0, |r| normalize_space(&r.content_text).chars().count());
    let second_chars = second.chars().count();
    let all_blocks = match first {
        Some(result) if second_chars <= FALLBACK_RATIO * first_chars => {
            blocks(&Html::parse_fragment(&result.content_html))
        }
        _ => second_blocks.clone(),
    };
    let mut blocks: Vec<Block> = all_blocks
        .into_iter()
        .filter(|b| !is_link_list(b))
        .collect();
    if blocks.iter().any(Block::is_short) {
        let agreed = |b: &Block| second.contains(&b.text);
        if blocks.iter().filter(|b| agreed(b)).count() >= MIN_AGREEING {
            blocks.retain(|b| !b.is_short() || agreed(b));
        }
    }
    drop_trailing_headings(&mut blocks);
    let mut paragraphs: Vec<String> = blocks.into_iter().map(|b| b.text).collect();
    add_missed_lead(&mut paragraphs, &second_blocks);
    paragraphs
}

/// A paragraph of Readability's article counts as lead prose when it has at least this many
/// words...
const LEAD_MIN_WORDS: usize = 8;

/// ...and less than this share (in tenths) of its characters is link text.
const LEAD_MAX_LINK_TENTHS: usize = 3;

/// Puts back the article's lead when trafilatura started the text too late.
///
/// Trafilatura often skips the standfirst or first paragraphs of an article that sit in a
/// different container than the body (a teaser box above the text). Readability, which scores
/// the whole page, usually keeps them. So the paragraphs Readability has right before the
/// first paragraph both agree on are inserted before that paragraph, walking backwards while
/// they read as prose (see [`is_lead_prose`]) and stepping over captions (a paragraph that ends
/// with a parenthesized credit). Headings, bylines, dates and link lines stop the walk.
fn add_missed_lead(paragraphs: &mut Vec<String>, second: &[Block]) {
    let Some((at, first)) = paragraphs.iter().enumerate().find_map(|(i, p)| {
        second
            .iter()
            .position(|b| same_paragraph(p, &b.text))
            .map(|r| (i, r))
    }) else {
        return;
    };
    let mut lead = Vec::new();
    for block in second[..first].iter().rev() {
        if is_credit_caption(&block.text) {
            continue;
        }
        if !is_lead_prose(block) || paragraphs.iter().any(|p| same_paragraph(p, &block.text)) {
            break;
        }
        lead.push(block.text.clone());
    }
    paragraphs.splice(at..at, lead.into_iter().rev());
}

/// Whether two paragraph texts are the same paragraph, one cut differently from the other:
/// equal, or one (of more than [`SAME_MIN_CHARS`] characters) contained in the other.
fn same_paragraph(a: &str, b: &str) -> bool {
    a == b
        || (b.len() > SAME_MIN_CHARS && a.contains(b))
        || (a.len() > SAME_MIN_CHARS && b.contains(a))
}

/// Shortest text (in bytes) that [`same_paragraph`] matches inside a longer one.
const SAME_MIN_CHARS: usize = 20;

/// Whether a block reads as article prose: enough words, little link text, and a sentence end
/// (a full stop, question or exclamation mark, colon, or closing quote).
fn is_lead_prose(block: &Block) -> bool {
    block.text.split_whitespace().count() >= LEAD_MIN_WORDS
        && block.link_chars * 10 < block.chars * LEAD_MAX_LINK_TENTHS
        && block
            .text
            .ends_with(['.', '!', '?', ':', '"', '”', '“', '»', '«'])
}

/// Whether a paragraph is a photo caption closed by a parenthesized credit ("… (Photo: AFP)").
fn is_credit_caption(text: &str) -> bool {
    text.ends_with(')')
}

/// Paragraphs of an HTML fragment whose whole content is article text (feed content): every
/// block element and every `<br>` ends a paragraph; scripts, styles and the like are dropped.
pub fn fragment_paragraphs(fragment: &str) -> Vec<String> {
    blocks(&Html::parse_fragment(fragment))
        .into_iter()
        .map(|b| b.text)
        .collect()
}

/// One paragraph of text and how much of it sits inside links.
#[derive(Debug, Clone)]
struct Block {
    /// Whitespace-normalized text.
    text: String,
    /// Non-whitespace characters of the paragraph that are link text.
    link_chars: usize,
    /// Non-whitespace characters of the paragraph.
    chars: usize,
    /// Whether the paragraph is a heading (`<h1>` to `<h6>`).
    heading: bool,
}

impl Block {
    /// Whether the paragraph is short enough to need a second opinion.
    fn is_short(&self) -> bool {
        self.text.split_whitespace().count() <= SHORT_WORDS
    }
}

/// Elements whose content is never text to read.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object",
    "embed", "canvas", "select", "button", "input", "textarea",
];

/// Elements that start and end a paragraph (HTML blocks, plus the TEI-like names trafilatura
/// uses internally, in case they survive into its output).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "form",
    "fieldset",
    "legend",
    "body",
    "html",
    "list",
    "item",
    "quote",
    "code",
    "lb-block",
];

/// Elements that end a line, which here means a paragraph.
const BREAKS: &[&str] = &["br", "lb"];

/// Table cells: kept on one line with their row, separated by a space.
const CELLS: &[&str] = &["td", "th"];

/// Splits a parsed document or fragment into text paragraphs, in document order.
fn blocks(doc: &Html) -> Vec<Block> {
    let mut splitter = Splitter::default();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) => splitter.text(text),
                Node::Element(el) => splitter.open(el.name()),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    splitter.close(el.name());
                }
            }
        }
    }
    splitter.finish()
}

/// Splits the subtree of `root` in Readability's working copy of a page into text paragraphs,
/// in document order (iteratively).
fn tree_blocks(dom: &readability::Dom<'_>, root: Id) -> Vec<Block> {
    let mut splitter = Splitter::default();
    let mut next = Some(root);
    while let Some(n) = next {
        if let Some(t) = dom.text(n) {
            splitter.text(t);
        } else {
            splitter.open(dom.name(n));
            if let Some(child) = dom.first_child(n) {
                next = Some(child);
                continue;
            }
            splitter.close(dom.name(n));
        }
        // Leave `n`, closing the elements the walk steps out of.
        let mut cur = n;
        next = loop {
            if cur == root {
                break None;
            }
            if let Some(s) = dom.next_sibling(cur) {
                break Some(s);
            }
            match dom.parent(cur) {
                Some(p) => {
                    splitter.close(dom.name(p));
                    cur = p;
                }
                None => break None,
            }
        };
    }
    splitter.finish()
}

/// Turns a walk of a tree (elements opened and closed, texts) into paragraphs.
#[derive(Default)]
struct Splitter {
    out: Vec<Block>,
    buf: String,
    link_chars: usize,
    link_depth: usize,
    heading_depth: usize,
    /// Elements open inside a skipped element, itself included (0: not skipping).
    skipping: usize,
}

impl Splitter {
    fn text(&mut self, text: &str) {
        if self.skipping > 0 {
            return;
        }
        self.buf.push_str(text);
        if self.link_depth > 0 {
            self.link_chars += non_space_chars(text);
        }
    }

    fn open(&mut self, name: &str) {
        if self.skipping > 0 {
            self.skipping += 1;
        } else if SKIPPED.contains(&name) {
            self.skipping = 1;
        } else if BREAKS.contains(&name) || BLOCKS.contains(&name) {
            self.flush();
            self.heading_depth += usize::from(HEADINGS.contains(&name));
        } else if name == "a" {
            self.link_depth += 1;
        }
    }

    fn close(&mut self, name: &str) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        if BLOCKS.contains(&name) {
            self.flush();
            if HEADINGS.contains(&name) {
                self.heading_depth = self.heading_depth.saturating_sub(1);
            }
        } else if CELLS.contains(&name) {
            self.buf.push(' ');
        } else if name == "a" {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
    }

    /// Ends the current paragraph, keeping it when it has any text.
    fn flush(&mut self) {
        let text = normalize_space(&self.buf);
        if !text.is_empty() {
            let chars = non_space_chars(&text);
            self.out.push(Block {
                text,
                link_chars: self.link_chars.min(chars),
                chars,
                heading: self.heading_depth > 0,
            });
        }
        self.buf.clear();
        self.link_chars = 0;
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.out
    }
}

/// Drops the headings that end the text: such a heading heads nothing, its list of links went
/// as a link list ("Related stories", "More from the site"). A heading that reads as a sentence
/// is text set large, and stays.
fn drop_trailing_headings(blocks: &mut Vec<Block>) {
    while blocks
        .last()
        .is_some_and(|b| b.heading && !ends_sentence(&b.text))
    {
        blocks.pop();
    }
}

/// Whether a text ends like a sentence: a full stop, question or exclamation mark, or a closing
/// quotation mark.
fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '"', '”', '“', '»', '«'])
}

/// Heading elements.
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Collapses whitespace runs to one space, trims the ends and drops invisible format
/// characters (see [`is_invisible`]).
fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let visible = word.chars().filter(|c| !is_invisible(*c));
        if visible.clone().next().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(visible);
    }
    out
}

/// Format characters that take no space and carry no letter a reader sees: soft hyphen,
/// zero-width space, zero-width (non-)joiner, word joiner and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn non_space_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether a paragraph of the extracted content is a short run of mostly link text (a
/// related-articles list or a link teaser) that does not spell out an address.
fn is_link_list(block: &Block) -> bool {
    block.chars <= LINK_LIST_MAX_CHARS
        && block.link_chars * 10 >= block.chars * LINK_LIST_MIN_TENTHS
        && !shows_address(&block.text)
}

/// Whether a text spells out a web or mail address ("http://…", "www.…", "name@host.org"): a
/// link whose text is its address is a source or contact the author cites, not a teaser.
fn shows_address(text: &str) -> bool {
    text.contains("://")
        || text.contains("www.")
        || text.split_whitespace().any(|w| {
            w.split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Main text of a page given as markup.
    fn extract_html(html: &str) -> Vec<String> {
        let doc = trafilatura::dom::Document::parse(html);
        let tree = Tree::copy(&doc, usize::MAX).unwrap();
        extract(doc, &tree, readability::Known::default())
    }

    /// A news page made up for the tests, with the usual furniture around the article.
    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Harbour bridge reopens</title>
        <script>window.tracker = {};</script><style>body { margin: 0 }</style></head><body>
        <header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
        <li><a href="/sport">Sport</a></li><li><a href="/about">About us</a></li></ul></nav></header>
        <main><article><h1>Harbour bridge reopens after two years of repairs</h1>
        <div class="share"><a href="https://twitter.example/share">Share on Twitter</a>
        <a href="https://facebook.example/share">Share on Facebook</a></div>
        <p>The old harbour bridge carried its first cars on Tuesday morning, ending a closure that
        had forced commuters onto a ferry detour for more than two years.</p>
        <p>Engineers replaced every one of the rusted deck plates and rebuilt both approach ramps,
        the city's transport office said in a statement, adding that the work came in under budget.</p>
        <p>Local shop owners on both banks welcomed the reopening. &quot;Our regulars are finally
        back,&quot; said a baker whose shop sits at the northern end of the span.</p>
        <p>A second phase, repainting the towers, is planned for next spring and will only close
        one lane at a time, according to the city's published timetable.</p></article>
        <aside class="related"><h2>Related stories</h2><ul>
        <li><a href="/a">Ferry operator posts record summer numbers</a></li>
        <li><a href="/b">Council votes on new cycle lanes downtown</a></li></ul></aside>
        <section id="comments" class="comments"><h3>Comments</h3>
        <div class="comment"><p>Reader42 wrote: about time, this took forever honestly.</p></div></section>
        </main><footer><p>Copyright Example Daily. All rights reserved.</p>
        <a href="/privacy">Privacy policy</a> <a href="/contact">Contact</a></footer></body></html>"#;

    #[test]
    fn page_keeps_article_and_drops_furniture() {
        let paragraphs = extract_html(PAGE);
        let text = paragraphs.join("\n");
        for kept in [
            "The old harbour bridge carried its first cars on Tuesday morning",
            "Engineers replaced every one of the rusted deck plates",
            "\"Our regulars are finally back,\" said a baker",
            "A second phase, repainting the towers",
        ] {
            assert!(text.contains(kept), "missing {kept:?} in {paragraphs:#?}");
        }
        for dropped in [
            "About us",
            "Share on Twitter",
            "Ferry operator posts record summer numbers",
            "Reader42",
            "Copyright Example Daily",
            "Privacy policy",
            "window.tracker",
        ] {
            assert!(
                !text.contains(dropped),
                "kept {dropped:?} in {paragraphs:#?}"
            );
        }
        assert!(paragraphs.iter().all(|p| !p.is_empty() && !p.contains('<')));
        assert!(paragraphs.iter().all(|p| *p == normalize_space(p)));
    }

    #[test]
    fn invisible_characters_are_dropped() {
        let html = "<p>Stra\u{ad}\u{ad}ßen\u{200b}bahn \u{feff} f\u{200d}\u{2060}ährt</p>";
        assert_eq!(fragment_paragraphs(html), vec!["Straßenbahn fährt"]);
        assert!(fragment_paragraphs("<p>\u{ad}\u{200b}</p><p>x</p>") == vec!["x"]);
    }

    #[test]
    fn empty_page_yields_nothing() {
        assert!(extract_html("").is_empty());
        assert!(extract_html("<html><body>  </body></html>").is_empty());
    }

    #[test]
    fn fragment_blocks_and_breaks_become_paragraphs() {
        let html = "<p>First &amp; foremost</p><div>Second<br>Third<br/><br/>Fourth</div>\
                    <script>var x = 1;</script><style>p{}</style><ul><li>One</li><li>Two</li></ul>";
        assert_eq!(
            fragment_paragraphs(html),
            vec![
                "First & foremost",
                "Second",
                "Third",
                "Fourth",
                "One",
                "Two"
            ]
        );
    }

    #[test]
    fn fragment_inline_markup_stays_in_paragraph() {
        let html = "<p>A <b>bold</b>\n   and <a href='#'>linked</a> word.</p>";
        assert_eq!(fragment_paragraphs(html), vec!["A bold and linked word."]);
    }

    #[test]
    fn fragment_of_plain_text_is_one_paragraph() {
        assert_eq!(fragment_paragraphs("just text"), vec!["just text"]);
        assert!(fragment_paragraphs("  <br> ").is_empty());
    }

    #[test]
    fn link_heavy_blocks_are_boilerplate() {
        let html = "<p>Plain prose with <a href='/x'>one link</a> inside a longer sentence.</p>\
                    <p><a href='/a'>Some other headline elsewhere on the site</a></p>";
        let blocks = blocks(&Html::parse_fragment(html));
        assert_eq!(blocks.len(), 2);
        assert!(!is_link_list(&blocks[0]));
        assert!(is_link_list(&blocks[1]));
    }

    #[test]
    fn spelled_out_addresses_are_not_link_lists() {
        let html = "<p><a href='http://a.example/p'>http://a.example/petition/online</a></p>\
                    <p><a href='mailto:x@y.org'>press@example.org</a></p>\
                    <p><a href='/story'>Council votes on new cycle lanes</a></p>";
        let blocks = blocks(&Html::parse_fragment(html));
        let lists: Vec<bool> = blocks.iter().map(is_link_list).collect();
        assert_eq!(lists, [false, false, true]);
        assert!(!shows_address("Follow @ someone"));
    }

    #[test]
    fn headings_that_end_the_text_go_unless_they_are_sentences() {
        let html = "<h1>Harbour bridge reopens</h1><p>The bridge carried its first cars.</p>\
                    <h2>Work went faster than planned.</h2><h3>Related stories</h3>\
                    <h3><b>More</b> from the city</h3>";
        let mut blocks = blocks(&Html::parse_fragment(html));
        let headings: Vec<bool> = blocks.iter().map(|b| b.heading).collect();
        assert_eq!(headings, [true, false, true, true, true]);
        drop_trailing_headings(&mut blocks);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Harbour bridge reopens",
                "The bridge carried its first cars.",
                "Work went faster than planned."
            ]
        );
    }

    fn block(text: &str, link_chars: usize) -> Block {
        Block {
            text: text.to_owned(),
            link_chars,
            chars: non_space_chars(text),
            heading: false,
        }
    }

    #[test]
    fn missed_lead_is_put_back_before_the_first_shared_paragraph() {
        let second = [
            block("Harbour news", 0),
            block(
                "The old harbour bridge carried its first cars on Tuesday, ending a long closure.",
                0,
            ),
            block(
                "Commuters cheer on the first morning. (Photo: Jane Roe/City Desk)",
                0,
            ),
            block(
                "Engineers replaced every rusted deck plate and rebuilt both approach ramps.",
                0,
            ),
            block(
                "The second phase is planned for next spring, the city said.",
                0,
            ),
        ];
        let mut paragraphs = vec![
            "Harbour bridge reopens".to_owned(),
            "Engineers replaced every rusted deck plate and rebuilt both approach ramps."
                .to_owned(),
            "The second phase is planned for next spring, the city said.".to_owned(),
        ];
        add_missed_lead(&mut paragraphs, &second);
        assert_eq!(
            paragraphs,
            [
                "Harbour bridge reopens",
                "The old harbour bridge carried its first cars on Tuesday, ending a long closure.",
                "Engineers replaced every rusted deck plate and rebuilt both approach ramps.",
                "The second phase is planned for next spring, the city said.",
            ]
        );
    }

    #[test]
    fn headings_links_and_fragments_are_not_a_lead() {
        let second = [
            block(
                "Read the whole series on the harbour and its bridges today.",
                50,
            ),
            block("By Jane Roe, harbour correspondent", 0),
            block(
                "Engineers replaced every rusted deck plate and rebuilt both approach ramps.",
                0,
            ),
        ];
        let mut paragraphs = vec![
            "Engineers replaced every rusted deck plate and rebuilt both approach ramps."
                .to_owned(),
        ];
        add_missed_lead(&mut paragraphs, &second);
        assert_eq!(paragraphs.len(), 1);
        // Without a shared paragraph Readability's article is not trusted for a lead.
        let mut unrelated =
            vec!["Something else entirely, from another part of the page.".to_owned()];
        add_missed_lead(&mut unrelated, &second[2..]);
        assert_eq!(unrelated.len(), 1);
    }

    #[test]
    fn a_lead_already_in_the_text_is_not_repeated() {
        let lead =
            "The old harbour bridge carried its first cars on Tuesday, ending a long closure.";
        let second = [
            block(lead, 0),
            block("Shared paragraph of the story, long enough to match.", 0),
        ];
        let mut paragraphs = vec![
            "Shared paragraph of the story, long enough to match.".to_owned(),
            lead.to_owned(),
        ];
        add_missed_lead(&mut paragraphs, &second);
        assert_eq!(paragraphs.len(), 2);
    }

    proptest! {
        #[test]
        fn extract_never_panics(s in "\\PC*") {
            let _ = extract_html(&s);
        }

        #[test]
        fn fragment_paragraphs_never_panics_and_has_no_empty(s in "\\PC*") {
            for p in fragment_paragraphs(&s) {
                prop_assert!(!p.trim().is_empty());
            }
        }

        #[test]
        fn tag_soup_never_panics(parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>"), Just("</p>"), Just("<div>"), Just("</div>"), Just("<br>"),
                Just("<a href='x'>"), Just("</a>"), Just("<script>"), Just("</script>"),
                Just("<table><tr><td>"), Just("text "), Just("&amp;"), Just("<li>"),
            ],
            0..40,
        )) {
            let html = parts.concat();
            let _ = extract_html(&html);
            let _ = fragment_paragraphs(&html);
        }
    }
}
