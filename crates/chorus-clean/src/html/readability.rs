//! Readability's article, found on the page's one parse.
//!
//! Main-text extraction takes Readability's article (Mozilla's algorithm) as the page's text
//! and filters it (see [`super::main_text`]). The `libreadability`
//! crate takes only a string, so it parsed every page a second time, and its scoring works on
//! copies of that second tree: together a third of the time of a clean. This module runs the
//! same algorithm (as ported by go-readability and `libreadability`: Apache-2.0 / MIT) on a
//! working copy of the page's compact tree ([`Tree`]), whose nodes are plain indices, so a copy
//! is one `memcpy` of the links and text and attributes are shared.
//!
//! What is kept is what decides the article's text: scripts, styles and `<br>` chains prepared
//! as Readability does; the node walk that removes hidden, unlikely (class or id) and empty
//! elements, the first byline when the page states no author in its metadata and a heading
//! repeating the title, and that turns `<div>`s of inline content into paragraphs; paragraph
//! scores (commas, length) given to five levels of ancestors, weighted by tag and class and
//! scaled by link density; the top candidate, its shared ancestor with near-equal candidates,
//! its scoring parents; the siblings taken along; the article's cleaning (forms, embeds,
//! footers, asides, share boxes, inputs, negative headings, and tables, lists and `<div>`s
//! cleaned conditionally); and the retries without the unlikely-candidate rule, the class
//! weights and the conditional cleaning when the text is under 500 characters. What only
//! shapes Readability's HTML (images, links, attributes, nested wrappers) is left out.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::tree::{Id, Kind, Node, Tree, NO_ATTRS};

/// Text below this many characters makes Readability try again with looser rules.
const CHAR_THRESHOLD: usize = 500;

/// Candidates compared for a shared ancestor.
const TOP_CANDIDATES: usize = 5;

/// Tags whose text is scored.
const TAGS_TO_SCORE: &[&str] = &["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];

/// Elements that keep a `<div>` from becoming a paragraph.
const DIV_TO_P_ELEMS: &[&str] = &[
    "blockquote",
    "dl",
    "div",
    "img",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
    "select",
];

/// Sibling tags taken along as they are (others become `<div>`s, which changes nothing here).
const PHRASING_ELEMS: &[&str] = &[
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em",
    "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object",
    "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span", "strong",
    "sub", "sup", "textarea", "time", "var", "wbr",
];

/// ARIA roles of page furniture.
const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
];

/// One of the literal patterns below, compiled.
fn pattern(re: &str) -> Regex {
    Regex::new(re).expect("valid regex")
}

static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
    )
});
static MAYBE_CANDIDATE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)and|article|body|column|content|main|mathjax|shadow"));
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
    )
});
static NEGATIVE_WORD: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)(^| )(hid|hidden|d-none)( |$)"));
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)-ad-|banner|combx|comment|com-|contact|footer|gdpr|masthead|meta|outbrain|promo|related|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget",
    )
});
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)byline|author|dateline|writtenby|p-author"));
static SHARE: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)(\b|_)(share|sharedaddy)(\b|_)"));
static DISPLAY_NONE: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)display\s*:\s*none"));
static VISIBILITY_HIDDEN: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)visibility\s*:\s*hidden"));
static SENTENCE_PERIOD: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\.( |$)"));
static AD_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$")
});
static LOADING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$")
});
static VIDEOS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)//(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq|bilibili|live\.bilibili)\.com|(archive|upload\.wikimedia)\.org|player\.twitch\.tv)",
    )
});
static TOKEN_SPLIT: LazyLock<Regex> = LazyLock::new(|| pattern(r"[^a-zA-Z0-9_]+"));

/// What the page says about itself that Readability's walk uses.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Known<'a> {
    /// The article's title (a heading repeating it is dropped).
    pub(crate) title: &'a str,
    /// Whether the page's metadata names the author (else the first byline element is
    /// dropped from the text).
    pub(crate) byline: bool,
}

/// Readability's article: the nodes of `tree` it keeps, to walk from [`Article::root`].
pub(crate) struct Article<'t> {
    /// The working copy the article was cut from.
    pub(crate) dom: Dom<'t>,
    /// The element holding the article.
    pub(crate) root: Id,
}

/// Readability's article of a page, or `None` when it finds no text.
pub(crate) fn article<'t>(tree: &'t Tree, known: Known<'_>) -> Option<Article<'t>> {
    let mut dom = Dom::new(tree);
    dom.prepare();
    let base = dom.nodes.clone();
    let mut flags = Flags {
        strip_unlikelys: true,
        weight_classes: true,
        clean_conditionally: true,
    };
    let mut byline = known.byline;
    // (text length, article root, the working copy it lives in)
    let mut attempts: Vec<(usize, Id, Vec<Node>)> = Vec::new();
    loop {
        dom.nodes.clone_from(&base);
        dom.inherit.clear();
        let mut pass = Pass {
            dom: &mut dom,
            flags,
            scores: HashMap::new(),
            data_tables: HashSet::new(),
            byline_found: byline,
        };
        let root = pass.grab(known.title);
        byline = pass.byline_found;
        let Some(root) = root else {
            break;
        };
        let length = dom.count_chars_and_commas(root).0;
        if length >= CHAR_THRESHOLD {
            return Some(Article { dom, root });
        }
        attempts.push((length, root, std::mem::take(&mut dom.nodes)));
        if flags.strip_unlikelys {
            flags.strip_unlikelys = false;
        } else if flags.weight_classes {
            flags.weight_classes = false;
        } else if flags.clean_conditionally {
            flags.clean_conditionally = false;
        } else {
            break;
        }
    }
    // Every pass fell short: the longest attempt, the first among equals.
    let mut best: Option<(usize, Id, Vec<Node>)> = None;
    for attempt in attempts {
        if best.as_ref().is_none_or(|b| attempt.0 > b.0) {
            best = Some(attempt);
        }
    }
    let (length, root, nodes) = best?;
    if length == 0 {
        return None;
    }
    dom.nodes = nodes;
    Some(Article { dom, root })
}

/// Which of Readability's rules are on in a pass.
#[derive(Debug, Clone, Copy)]
struct Flags {
    strip_unlikelys: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

/// A working copy of the page's tree: the links are copied and changed, the text, names and
/// attributes are read from the page's tree.
pub(crate) struct Dom<'t> {
    tree: &'t Tree,
    nodes: Vec<Node>,
    /// Elements that take the class and id of another (a paragraph lifted out of its `<div>`)
    /// when they have none.
    inherit: HashMap<Id, Id>,
    /// Interned names of the elements the walk creates or renames to (see
    /// [`super::tree::MADE_NAMES`]).
    p: u16,
    div: u16,
    span: u16,
}

impl<'t> Dom<'t> {
    fn new(tree: &'t Tree) -> Self {
        Dom {
            tree,
            nodes: tree.nodes.clone(),
            inherit: HashMap::new(),
            p: tree.name_id("p").unwrap_or(u16::MAX),
            div: tree.name_id("div").unwrap_or(u16::MAX),
            span: tree.name_id("span").unwrap_or(u16::MAX),
        }
    }

    fn node(&self, id: Id) -> &Node {
        &self.nodes[id as usize]
    }

    fn node_mut(&mut self, id: Id) -> &mut Node {
        &mut self.nodes[id as usize]
    }

    /// An element's tag name, "" for other nodes.
    pub(crate) fn name(&self, id: Id) -> &'t str {
        match self.node(id).kind {
            Kind::Element { name, .. } => self.tree.name_of(name),
            _ => "",
        }
    }

    fn is_element(&self, id: Id) -> bool {
        matches!(self.node(id).kind, Kind::Element { .. })
    }

    /// A text node's text.
    pub(crate) fn text(&self, id: Id) -> Option<&'t str> {
        match self.node(id).kind {
            Kind::Text(t) => self.tree.text_at(t),
            _ => None,
        }
    }

    /// An attribute of an element (class and id as inherited, see [`Dom::inherit`]).
    pub(crate) fn attr(&self, id: Id, name: &str) -> Option<&'t str> {
        let own = match self.node(id).kind {
            Kind::Element { attrs, .. } if attrs != NO_ATTRS => self.tree.attrs_of(attrs, name),
            _ => None,
        };
        match (own, self.inherit.get(&id)) {
            (Some(v), _) if !v.is_empty() => Some(v),
            (_, Some(&from)) if name == "class" || name == "id" => self.attr(from, name),
            _ => own,
        }
    }

    fn attr_or_empty(&self, id: Id, name: &str) -> &'t str {
        self.attr(id, name).unwrap_or("")
    }

    pub(crate) fn parent(&self, id: Id) -> Option<Id> {
        self.node(id).parent
    }

    /// The children of a node, collected (the caller may change the tree meanwhile).
    fn child_nodes(&self, id: Id) -> Vec<Id> {
        let mut out = Vec::new();
        let mut next = self.node(id).first_child;
        while let Some(c) = next {
            out.push(c);
            next = self.node(c).next;
        }
        out
    }

    /// The element children of a node, collected.
    fn children(&self, id: Id) -> Vec<Id> {
        let mut out = self.child_nodes(id);
        out.retain(|&c| self.is_element(c));
        out
    }

    /// The first child of a node, any kind.
    pub(crate) fn first_child(&self, id: Id) -> Option<Id> {
        self.node(id).first_child
    }

    /// The next sibling of a node, any kind.
    pub(crate) fn next_sibling(&self, id: Id) -> Option<Id> {
        self.node(id).next
    }

    fn first_element_child(&self, id: Id) -> Option<Id> {
        let mut next = self.node(id).first_child;
        while let Some(c) = next {
            if self.is_element(c) {
                return Some(c);
            }
            next = self.node(c).next;
        }
        None
    }

    fn next_element_sibling(&self, id: Id) -> Option<Id> {
        let mut next = self.node(id).next;
        while let Some(c) = next {
            if self.is_element(c) {
                return Some(c);
            }
            next = self.node(c).next;
        }
        None
    }

    /// Unlinks a node (with its subtree) from its parent.
    fn remove(&mut self, id: Id) {
        let Node {
            parent, prev, next, ..
        } = *self.node(id);
        let Some(parent) = parent else {
            return;
        };
        match prev {
            Some(p) => self.node_mut(p).next = next,
            None => self.node_mut(parent).first_child = next,
        }
        match next {
            Some(n) => self.node_mut(n).prev = prev,
            None => self.node_mut(parent).last_child = prev,
        }
        let n = self.node_mut(id);
        n.parent = None;
        n.prev = None;
        n.next = None;
    }

    /// Makes `child` the last child of `parent`, moving it from where it was.
    fn append(&mut self, parent: Id, child: Id) {
        self.remove(child);
        let last = self.node(parent).last_child;
        {
            let c = self.node_mut(child);
            c.parent = Some(parent);
            c.prev = last;
            c.next = None;
        }
        match last {
            Some(l) => self.node_mut(l).next = Some(child),
            None => self.node_mut(parent).first_child = Some(child),
        }
        self.node_mut(parent).last_child = Some(child);
    }

    /// Puts `new` right before `reference`, moving it from where it was.
    fn insert_before(&mut self, reference: Id, new: Id) {
        if reference == new {
            return;
        }
        self.remove(new);
        let Node { parent, prev, .. } = *self.node(reference);
        let Some(parent) = parent else {
            return;
        };
        {
            let n = self.node_mut(new);
            n.parent = Some(parent);
            n.prev = prev;
            n.next = Some(reference);
        }
        match prev {
            Some(p) => self.node_mut(p).next = Some(new),
            None => self.node_mut(parent).first_child = Some(new),
        }
        self.node_mut(reference).prev = Some(new);
    }

    /// A new element without attributes.
    fn create(&mut self, name: u16) -> Id {
        self.nodes.push(Node {
            kind: Kind::Element {
                name,
                attrs: NO_ATTRS,
            },
            parent: None,
            first_child: None,
            last_child: None,
            prev: None,
            next: None,
        });
        u32::try_from(self.nodes.len() - 1).unwrap_or(u32::MAX)
    }

    fn rename(&mut self, id: Id, to: u16) {
        if let Kind::Element { name, .. } = &mut self.node_mut(id).kind {
            *name = to;
        }
    }

    /// All elements named `tag` below `root` (not `root` itself), in document order.
    fn elements_named(&self, root: Id, tags: &[&str]) -> Vec<Id> {
        let mut out = Vec::new();
        let mut next = self.node(root).first_child;
        while let Some(n) = next {
            if tags.contains(&self.name(n)) {
                out.push(n);
            }
            next = self.following(n, root, true);
        }
        out
    }

    /// The elements below `root`, in document order.
    fn elements_named_any(&self, root: Id) -> impl Iterator<Item = Id> + '_ {
        let mut next = self.node(root).first_child;
        std::iter::from_fn(move || {
            while let Some(n) = next {
                next = self.following(n, root, true);
                if self.is_element(n) {
                    return Some(n);
                }
            }
            None
        })
    }

    /// The next node in document order below `root` (see [`Tree::following`]).
    fn following(&self, n: Id, root: Id, enter: bool) -> Option<Id> {
        if enter {
            if let Some(c) = self.node(n).first_child {
                return Some(c);
            }
        }
        let mut cur = n;
        loop {
            if cur == root {
                return None;
            }
            if let Some(s) = self.node(cur).next {
                return Some(s);
            }
            cur = self.node(cur).parent?;
        }
    }

    /// Calls `f` on every text below `id`, in document order.
    fn for_each_text(&self, id: Id, mut f: impl FnMut(&'t str)) {
        let mut next = Some(id);
        while let Some(n) = next {
            if let Some(t) = self.text(n) {
                f(t);
            }
            next = self.following(n, id, true);
        }
    }

    fn text_content(&self, id: Id) -> String {
        let mut out = String::new();
        self.for_each_text(id, |t| out.push_str(t));
        out
    }

    /// Whether any text below `id` has a non-space character.
    fn has_text(&self, id: Id) -> bool {
        let mut found = false;
        let mut next = Some(id);
        while let Some(n) = next {
            if self.text(n).is_some_and(has_content) {
                found = true;
                break;
            }
            next = self.following(n, id, true);
        }
        found
    }

    /// Characters (whitespace runs counted as one, none at the ends) and commas below `id`.
    fn count_chars_and_commas(&self, id: Id) -> (usize, usize) {
        let mut chars = CharCounter::default();
        let mut commas = 0;
        self.for_each_text(id, |t| {
            for c in t.chars() {
                chars.count(c);
                commas += usize::from(is_comma(c));
            }
        });
        (chars.total, commas)
    }

    /// Scripts and styles removed, `<br>` chains turned into paragraphs, `<font>` into `<span>`
    /// (Readability's preparation of the document).
    fn prepare(&mut self) {
        let root = super::tree::ROOT;
        for n in self.elements_named(root, &["script", "noscript", "style"]) {
            self.remove(n);
        }
        if let Some(body) = self.body() {
            self.replace_brs(body);
        }
        for n in self.elements_named(root, &["font"]) {
            self.rename(n, self.span);
        }
    }

    /// The `<body>` element.
    fn body(&self) -> Option<Id> {
        let html = self
            .children(super::tree::ROOT)
            .into_iter()
            .find(|&c| self.name(c) == "html")?;
        self.children(html)
            .into_iter()
            .find(|&c| self.name(c) == "body")
    }

    /// Turns every run of two or more `<br>`s below `root` into a paragraph holding the inline
    /// content that follows (iteratively).
    fn replace_brs(&mut self, root: Id) {
        let mut next = self.node(root).first_child;
        while let Some(n) = next {
            match self.name(n) {
                "pre" => next = self.following(n, root, false),
                "br" => {
                    let at = self.replace_br(n);
                    next = self.following(at, root, false);
                }
                _ => next = self.following(n, root, true),
            }
        }
    }

    /// One `<br>` chain (see [`Dom::replace_brs`]); returns the node to continue after.
    fn replace_br(&mut self, br: Id) -> Id {
        let mut next = self.node(br).next;
        let mut replaced = false;
        loop {
            next = self.skip_whitespace(next);
            let Some(n) = next else { break };
            if self.name(n) != "br" {
                break;
            }
            replaced = true;
            let after = self.node(n).next;
            self.remove(n);
            next = after;
        }
        if !replaced {
            return br;
        }
        let p = self.create(self.p);
        self.insert_before(br, p);
        self.remove(br);
        let mut sib = self.node(p).next;
        while let Some(s) = sib {
            if self.name(s) == "br" {
                let after = self.node(s).next;
                let next_element = self.skip_whitespace(after);
                if next_element.is_some_and(|e| self.name(e) == "br") {
                    break;
                }
            }
            if !self.is_phrasing(s) {
                break;
            }
            let after = self.node(s).next;
            self.append(p, s);
            sib = after;
        }
        while let Some(last) = self.node(p).last_child {
            if !self.is_whitespace(last) {
                break;
            }
            self.remove(last);
        }
        if let Some(parent) = self.parent(p) {
            if self.name(parent) == "p" {
                self.rename(parent, self.div);
            }
        }
        p
    }

    /// The first node from `start` on that is an element or has text.
    fn skip_whitespace(&self, start: Option<Id>) -> Option<Id> {
        let mut cur = start;
        while let Some(n) = cur {
            if self.is_element(n) || self.has_text(n) {
                return Some(n);
            }
            cur = self.node(n).next;
        }
        None
    }

    /// A text node of spaces only, or a `<br>`.
    fn is_whitespace(&self, id: Id) -> bool {
        match self.text(id) {
            Some(t) => !has_content(t),
            None => self.name(id) == "br",
        }
    }

    /// Text, or an inline element holding only inline content.
    fn is_phrasing(&self, id: Id) -> bool {
        if self.text(id).is_some() {
            return true;
        }
        let name = self.name(id);
        if PHRASING_ELEMS.contains(&name) {
            return true;
        }
        // Readability recurses here; an explicit stack keeps a deep page off the call stack.
        if !matches!(name, "a" | "del" | "ins") {
            return false;
        }
        let mut stack = self.child_nodes(id);
        while let Some(c) = stack.pop() {
            if self.text(c).is_some() {
                continue;
            }
            let n = self.name(c);
            if PHRASING_ELEMS.contains(&n) {
                continue;
            }
            if matches!(n, "a" | "del" | "ins") {
                stack.extend(self.child_nodes(c));
                continue;
            }
            return false;
        }
        true
    }

    /// Share of the text below `id` that is link text (in-page links count for 0.3).
    fn link_density(&self, id: Id) -> f64 {
        let mut total = CharCounter::default();
        let mut weighted = 0.0;
        // (anchor, its counter, its weight) for the innermost open link
        let mut link: Option<(Id, CharCounter, f64)> = None;
        let mut next = Some(id);
        while let Some(n) = next {
            if let Some(t) = self.text(n) {
                for c in t.chars() {
                    total.count(c);
                    if let Some((_, counter, _)) = &mut link {
                        counter.count(c);
                    }
                }
            } else if self.name(n) == "a" && link.is_none() {
                let href = self.attr_or_empty(n, "href").trim();
                let weight = if href.len() > 1 && href.starts_with('#') {
                    0.3
                } else {
                    1.0
                };
                link = Some((n, CharCounter::default(), weight));
            }
            next = self.following(n, id, true);
            // Close the link once the walk leaves it.
            if let Some((a, counter, weight)) = &link {
                if next.is_none_or(|m| !self.is_inside(m, *a)) {
                    weighted += counter.total as f64 * weight;
                    link = None;
                }
            }
        }
        if total.total == 0 {
            0.0
        } else {
            weighted / total.total as f64
        }
    }

    /// Whether `n` is `ancestor` or below it.
    fn is_inside(&self, n: Id, ancestor: Id) -> bool {
        let mut cur = Some(n);
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.parent(c);
        }
        false
    }

    /// Whether `id` has exactly one element child, named `tag`, and no text of its own.
    fn has_single_tag_inside(&self, id: Id, tag: &str) -> bool {
        let children = self.children(id);
        if children.len() != 1 || self.name(children[0]) != tag {
            return false;
        }
        !self.child_nodes(id).iter().any(|&c| {
            self.text(c)
                .is_some_and(|t| t.ends_with(|c: char| !c.is_whitespace()))
        })
    }

    /// Whether any element below `id` is one of [`DIV_TO_P_ELEMS`].
    fn has_child_block(&self, id: Id) -> bool {
        let mut next = self.node(id).first_child;
        while let Some(n) = next {
            if DIV_TO_P_ELEMS.contains(&self.name(n)) {
                return true;
            }
            next = self.following(n, id, true);
        }
        false
    }

    /// An element holding nothing but spaces, `<br>`s and `<hr>`s.
    fn is_without_content(&self, id: Id) -> bool {
        self.child_nodes(id).iter().all(|&c| match self.text(c) {
            Some(t) => !has_content(t),
            None => !self.is_element(c) || matches!(self.name(c), "br" | "hr"),
        })
    }

    /// Readability's walk order over elements: first child, next sibling, or the next sibling
    /// of an ancestor.
    fn next_node(&self, id: Id, skip_children: bool) -> Option<Id> {
        if !skip_children {
            if let Some(c) = self.first_element_child(id) {
                return Some(c);
            }
        }
        let mut cur = id;
        loop {
            if let Some(s) = self.next_element_sibling(cur) {
                return Some(s);
            }
            cur = self.parent(cur)?;
        }
    }

    fn is_probably_visible(&self, id: Id) -> bool {
        let style = self.attr_or_empty(id, "style");
        let aria_hidden = self.attr_or_empty(id, "aria-hidden");
        (style.is_empty() || !DISPLAY_NONE.is_match(style) && !VISIBILITY_HIDDEN.is_match(style))
            && self.attr(id, "hidden").is_none()
            && (aria_hidden != "true" || self.attr_or_empty(id, "class").contains("fallback-image"))
    }

    /// An `<object>`, `<embed>` or `<iframe>` of a video site.
    fn is_video_embed(&self, id: Id) -> bool {
        if !matches!(self.name(id), "object" | "embed" | "iframe") {
            return false;
        }
        match self.node(id).kind {
            Kind::Element { attrs, .. } => self
                .tree
                .attr_list(attrs)
                .iter()
                .any(|(_, v)| VIDEOS.is_match(v)),
            _ => false,
        }
    }

    /// Whether an ancestor of `id` within `max_depth` levels (0: any) is a `tag`.
    fn has_ancestor(
        &self,
        id: Id,
        tag: &str,
        max_depth: usize,
        only: Option<&HashSet<Id>>,
    ) -> bool {
        let mut depth = 0;
        let mut cur = id;
        while let Some(parent) = self.parent(cur) {
            if max_depth > 0 && depth > max_depth {
                return false;
            }
            if self.name(parent) == tag && only.is_none_or(|set| set.contains(&parent)) {
                return true;
            }
            cur = parent;
            depth += 1;
        }
        false
    }
}

/// One pass of Readability's article grab.
struct Pass<'d, 't> {
    dom: &'d mut Dom<'t>,
    flags: Flags,
    scores: HashMap<Id, f64>,
    data_tables: HashSet<Id>,
    /// Whether the byline is known (from metadata or an earlier element).
    byline_found: bool,
}

impl Pass<'_, '_> {
    fn class_weight(&self, id: Id) -> f64 {
        if !self.flags.weight_classes {
            return 0.0;
        }
        let mut weight = 0.0;
        for value in [self.dom.attr(id, "class"), self.dom.attr(id, "id")]
            .into_iter()
            .flatten()
        {
            if NEGATIVE_WORD.is_match(value) || NEGATIVE.is_match(value) {
                weight -= 25.0;
            }
            if POSITIVE.is_match(value) {
                weight += 25.0;
            }
        }
        weight
    }

    fn initialize(&mut self, id: Id) {
        let tag_score = match self.dom.name(id) {
            "div" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let score = self.class_weight(id) + tag_score;
        self.scores.insert(id, score);
    }

    fn score(&self, id: Id) -> f64 {
        self.scores.get(&id).copied().unwrap_or(0.0)
    }

    fn remove_and_next(&mut self, id: Id) -> Option<Id> {
        let next = self.dom.next_node(id, true);
        self.dom.remove(id);
        next
    }

    /// Readability's `grabArticle`: the element holding the article, or `None` without a body.
    fn grab(&mut self, title: &str) -> Option<Id> {
        let page = self.dom.body()?;
        let mut to_score: Vec<Id> = Vec::new();
        let mut remove_title_header = true;
        let mut node = self.dom.children(super::tree::ROOT).into_iter().next();
        while let Some(n) = node {
            let tag = self.dom.name(n);
            let match_string = format!(
                "{} {}",
                self.dom.attr_or_empty(n, "class"),
                self.dom.attr_or_empty(n, "id")
            );
            if !self.dom.is_probably_visible(n)
                || (self.dom.attr(n, "aria-modal") == Some("true")
                    && self.dom.attr(n, "role") == Some("dialog"))
            {
                node = self.remove_and_next(n);
                continue;
            }
            if !self.byline_found && self.is_byline(n, &match_string) {
                // A named author inside is the byline, whatever the element's length.
                let named = self
                    .dom
                    .elements_named_any(n)
                    .any(|d| self.dom.attr_or_empty(d, "itemprop").contains("name"));
                if named {
                    self.byline_found = true;
                    node = self.remove_and_next(n);
                    continue;
                }
                let text = self.dom.text_content(n);
                let length = text.trim().chars().count();
                if length > 0 && length < 100 {
                    self.byline_found = true;
                    node = self.remove_and_next(n);
                    continue;
                }
            }
            if remove_title_header && matches!(tag, "h1" | "h2") {
                let heading = self.dom.text_content(n);
                if text_similarity(title, heading.trim()) > 0.75 {
                    remove_title_header = false;
                    node = self.remove_and_next(n);
                    continue;
                }
            }
            if self.flags.strip_unlikelys {
                if tag != "body"
                    && tag != "a"
                    && UNLIKELY.is_match(&match_string)
                    && !MAYBE_CANDIDATE.is_match(&match_string)
                    && !self.dom.has_ancestor(n, "table", 3, None)
                    && !self.dom.has_ancestor(n, "code", 3, None)
                {
                    node = self.remove_and_next(n);
                    continue;
                }
                if UNLIKELY_ROLES.contains(&self.dom.attr_or_empty(n, "role")) {
                    node = self.remove_and_next(n);
                    continue;
                }
            }
            if matches!(
                tag,
                "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            ) && self.dom.is_without_content(n)
            {
                node = self.remove_and_next(n);
                continue;
            }
            if TAGS_TO_SCORE.contains(&tag) {
                to_score.push(n);
            }
            if tag == "div" {
                self.wrap_phrasing(n);
                if self.dom.has_single_tag_inside(n, "p") && self.dom.link_density(n) < 0.25 {
                    let Some(p) = self.dom.children(n).into_iter().next() else {
                        node = self.dom.next_node(n, false);
                        continue;
                    };
                    self.dom.insert_before(n, p);
                    self.dom.remove(n);
                    self.dom.inherit.insert(p, n);
                    to_score.push(p);
                    node = self.dom.next_node(p, false);
                    continue;
                } else if !self.dom.has_child_block(n) {
                    self.dom.rename(n, self.dom.p);
                    to_score.push(n);
                }
            }
            node = self.dom.next_node(n, false);
        }

        let mut candidates: Vec<Id> = Vec::new();
        for &el in &to_score {
            let Some(parent) = self.dom.parent(el) else {
                continue;
            };
            if !self.dom.is_element(parent) {
                continue;
            }
            let (chars, commas) = self.dom.count_chars_and_commas(el);
            if chars < 25 {
                continue;
            }
            let score = (1 + commas + 1 + (chars / 100).min(3)) as f64;
            let mut ancestor = Some(parent);
            for level in 0..5 {
                let Some(a) = ancestor else { break };
                let parent_of = self.dom.parent(a);
                if parent_of.is_some_and(|p| self.dom.is_element(p)) {
                    if !self.scores.contains_key(&a) {
                        self.initialize(a);
                        candidates.push(a);
                    }
                    let divider = match level {
                        0 => 1.0,
                        1 => 2.0,
                        l => l as f64 * 3.0,
                    };
                    *self.scores.entry(a).or_insert(0.0) += score / divider;
                }
                ancestor = parent_of;
            }
        }
        for &c in &candidates {
            let scaled = self.score(c) * (1.0 - self.dom.link_density(c));
            self.scores.insert(c, scaled);
        }
        // Stable, so equal scores keep document order (as Readability's insertion).
        candidates.sort_by(|&a, &b| self.score(b).total_cmp(&self.score(a)));
        let top: Vec<Id> = candidates.iter().copied().take(TOP_CANDIDATES).collect();

        let top_candidate = match top.first() {
            Some(&t) if self.dom.name(t) != "body" => self.settle(t, &top),
            _ => {
                let div = self.dom.create(self.dom.div);
                for c in self.dom.child_nodes(page) {
                    self.dom.append(div, c);
                }
                self.dom.append(page, div);
                self.initialize(div);
                div
            }
        };

        // Siblings taken along.
        let article = self.dom.create(self.dom.div);
        let threshold = (self.score(top_candidate) * 0.2).max(10.0);
        let top_score = self.score(top_candidate);
        let top_class = self.dom.attr_or_empty(top_candidate, "class");
        let Some(parent) = self.dom.parent(top_candidate) else {
            self.dom.append(article, top_candidate);
            self.prep_article(article);
            return Some(article);
        };
        for sibling in self.dom.children(parent) {
            let append = if sibling == top_candidate {
                true
            } else {
                let bonus = if !top_class.is_empty()
                    && self.dom.attr_or_empty(sibling, "class") == top_class
                {
                    top_score * 0.2
                } else {
                    0.0
                };
                if self.scores.contains_key(&sibling) && self.score(sibling) + bonus >= threshold {
                    true
                } else if self.dom.name(sibling) == "p" {
                    let density = self.dom.link_density(sibling);
                    let text = normalize_spaces(self.dom.text_content(sibling).trim());
                    let length = text.chars().count();
                    (length > 80 && density < 0.25)
                        || (length < 80
                            && length > 0
                            && density == 0.0
                            && SENTENCE_PERIOD.is_match(&text))
                } else {
                    false
                }
            };
            if append {
                self.dom.append(article, sibling);
            }
        }
        self.prep_article(article);
        Some(article)
    }

    /// Whether an element is a byline (`rel=author`, `itemprop` author, class or id).
    fn is_byline(&self, id: Id, match_string: &str) -> bool {
        self.dom.attr(id, "rel") == Some("author")
            || self.dom.attr_or_empty(id, "itemprop").contains("author")
            || BYLINE.is_match(match_string)
    }

    /// Wraps the inline runs of a `<div>` that also holds blocks into paragraphs.
    fn wrap_phrasing(&mut self, div: Id) {
        let mut p: Option<Id> = None;
        for child in self.dom.child_nodes(div) {
            if self.dom.parent(child) != Some(div) {
                p = None;
                continue;
            }
            if self.dom.is_phrasing(child) {
                if let Some(p) = p {
                    self.dom.append(p, child);
                } else if !self.dom.is_whitespace(child) {
                    let new_p = self.dom.create(self.dom.p);
                    self.dom.insert_before(child, new_p);
                    self.dom.append(new_p, child);
                    p = Some(new_p);
                }
            } else if let Some(open) = p.take() {
                while let Some(last) = self.dom.node(open).last_child {
                    if !self.dom.is_whitespace(last) {
                        break;
                    }
                    match self.dom.node(open).next {
                        Some(next) if self.dom.is_element(next) => {
                            self.dom.insert_before(next, last);
                        }
                        _ => self.dom.remove(last),
                    }
                }
            }
        }
    }

    /// From the best-scoring candidate to the element Readability settles on: a shared
    /// ancestor of near-equal candidates, a parent scoring higher, an only child's parent.
    fn settle(&mut self, best: Id, top: &[Id]) -> Id {
        let mut candidate = best;
        let best_score = self.score(best);
        let alternatives: Vec<Vec<Id>> = top
            .iter()
            .skip(1)
            .filter(|&&alt| self.score(alt) / best_score >= 0.75)
            .map(|&alt| self.ancestors(alt))
            .collect();
        const MINIMUM: usize = 3;
        if alternatives.len() >= MINIMUM {
            let mut parent = self.dom.parent(candidate);
            while let Some(p) = parent {
                if self.dom.name(p) == "body" {
                    break;
                }
                if alternatives.iter().filter(|a| a.contains(&p)).count() >= MINIMUM {
                    candidate = p;
                    break;
                }
                parent = self.dom.parent(p);
            }
        }
        if !self.scores.contains_key(&candidate) {
            self.initialize(candidate);
        }
        let mut parent = self.dom.parent(candidate);
        let mut last = self.score(candidate);
        let floor = last / 3.0;
        while let Some(p) = parent {
            if self.dom.name(p) == "body" {
                break;
            }
            if !self.scores.contains_key(&p) {
                parent = self.dom.parent(p);
                continue;
            }
            let score = self.score(p);
            if score < floor {
                break;
            }
            if score > last {
                candidate = p;
                break;
            }
            last = score;
            parent = self.dom.parent(p);
        }
        let mut parent = self.dom.parent(candidate);
        while let Some(p) = parent {
            if self.dom.name(p) == "body" || self.dom.children(p).len() != 1 {
                break;
            }
            candidate = p;
            parent = self.dom.parent(p);
        }
        if !self.scores.contains_key(&candidate) {
            self.initialize(candidate);
        }
        candidate
    }

    fn ancestors(&self, id: Id) -> Vec<Id> {
        let mut out = Vec::new();
        let mut cur = self.dom.parent(id);
        while let Some(p) = cur {
            out.push(p);
            cur = self.dom.parent(p);
        }
        out
    }

    /// Readability's `prepArticle`, the parts that change the article's text.
    fn prep_article(&mut self, article: Id) {
        self.mark_data_tables(article);
        self.clean_conditionally(article, "form");
        self.clean_conditionally(article, "fieldset");
        for tag in ["object", "embed", "footer", "link", "aside"] {
            self.clean(article, tag);
        }
        self.remove_share_elements(article);
        for tag in ["iframe", "input", "textarea", "select", "button"] {
            self.clean(article, tag);
        }
        for h in self
            .dom
            .elements_named(article, &["h1", "h2"])
            .into_iter()
            .rev()
        {
            if self.dom.parent(h).is_some() && self.class_weight(h) < 0.0 {
                self.dom.remove(h);
            }
        }
        self.clean_conditionally(article, "table");
        self.clean_conditionally(article, "ul");
        self.clean_conditionally(article, "div");
    }

    /// Removes every `tag` below `root` but video embeds.
    fn clean(&mut self, root: Id, tag: &str) {
        for n in self.dom.elements_named(root, &[tag]).into_iter().rev() {
            if self.dom.parent(n).is_some() && !self.dom.is_video_embed(n) {
                self.dom.remove(n);
            }
        }
    }

    /// Removes share boxes (class or id "share") of less than [`CHAR_THRESHOLD`] characters.
    fn remove_share_elements(&mut self, root: Id) {
        let mut next = self.dom.first_child(root);
        while let Some(n) = next {
            if !self.dom.is_element(n) {
                next = self.dom.following(n, root, false);
                continue;
            }
            let match_string = format!(
                "{} {}",
                self.dom.attr_or_empty(n, "class"),
                self.dom.attr_or_empty(n, "id")
            );
            if match_string.len() > 1
                && SHARE.is_match(&match_string)
                && self.dom.text_content(n).chars().count() < CHAR_THRESHOLD
            {
                let after = self.dom.following(n, root, false);
                self.dom.remove(n);
                next = after;
            } else {
                next = self.dom.following(n, root, true);
            }
        }
    }

    /// Marks the tables below `root` that hold data (kept by the conditional cleaning).
    fn mark_data_tables(&mut self, root: Id) {
        for table in self.dom.elements_named(root, &["table"]) {
            let is_data = if self.dom.attr(table, "role") == Some("presentation")
                || self.dom.attr(table, "datatable") == Some("0")
            {
                false
            } else if self.dom.attr(table, "summary").is_some() {
                true
            } else if let Some(signal) = self.data_table_signal(table) {
                signal
            } else {
                let (rows, columns) = self.rows_and_columns(table);
                if rows == 1 || columns == 1 {
                    false
                } else {
                    rows >= 10 || columns > 4 || rows * columns > 10
                }
            };
            if is_data {
                self.data_tables.insert(table);
            }
        }
    }

    /// What a table's markup says outright: column groups, header cells or a caption make it
    /// data, a nested table makes it layout; `None` when it says neither.
    fn data_table_signal(&self, table: Id) -> Option<bool> {
        let mut next = self.dom.first_child(table);
        while let Some(n) = next {
            match self.dom.name(n) {
                "col" | "colgroup" | "tfoot" | "thead" | "th" => return Some(true),
                "caption" if self.dom.first_child(n).is_some() => return Some(true),
                "table" => return Some(false),
                _ => {}
            }
            next = self.dom.following(n, table, true);
        }
        None
    }

    fn rows_and_columns(&self, table: Id) -> (usize, usize) {
        let span = |n: Id, k: &str| {
            self.dom
                .attr(n, k)
                .and_then(|s| s.parse::<usize>().ok())
                .filter(|&v| v > 0)
                .unwrap_or(1)
        };
        let mut rows = 0;
        let mut columns = 0;
        for tr in self.dom.elements_named(table, &["tr"]) {
            rows += span(tr, "rowspan");
            let cells: usize = self
                .dom
                .elements_named(tr, &["td"])
                .into_iter()
                .map(|td| span(td, "colspan"))
                .sum();
            columns = columns.max(cells);
        }
        (rows, columns)
    }

    /// Removes the `tag` elements below `root` that read as furniture (Readability's
    /// `cleanConditionally`), last first.
    fn clean_conditionally(&mut self, root: Id, tag: &str) {
        if !self.flags.clean_conditionally {
            return;
        }
        for n in self.dom.elements_named(root, &[tag]).into_iter().rev() {
            if self.dom.parent(n).is_some() && self.should_clean(n, tag) {
                self.dom.remove(n);
            }
        }
    }

    fn should_clean(&self, node: Id, tag: &str) -> bool {
        if tag == "table" && self.data_tables.contains(&node) {
            return false;
        }
        if self
            .dom
            .has_ancestor(node, "table", 0, Some(&self.data_tables))
            || self.dom.has_ancestor(node, "code", 3, None)
        {
            return false;
        }
        let weight = self.class_weight(node);
        if weight < 0.0 {
            return true;
        }
        let stats = self.cond_stats(node);
        if stats.video {
            return false;
        }
        let total = stats.chars;
        let is_list = matches!(tag, "ul" | "ol")
            || (total > 0 && stats.list_chars as f64 / total as f64 > 0.9);
        if stats.commas >= 10 {
            return false;
        }
        let last = stats.last_text.trim();
        if !last.is_empty() && (AD_WORDS.is_match(last) || LOADING_WORDS.is_match(last)) {
            return true;
        }
        let (text_density, link_density, heading_density) = if total > 0 {
            let t = total as f64;
            (
                stats.text_chars as f64 / t,
                stats.link_chars / t,
                stats.heading_chars as f64 / t,
            )
        } else {
            (0.0, 0.0, 0.0)
        };
        let in_figure = || self.dom.has_ancestor(node, "figure", 3, None);
        let remove = (stats.images > 1
            && (stats.paragraphs as f64 / stats.images as f64) < 0.5
            && !in_figure())
            || (!is_list && stats.items as i64 - 100 > stats.paragraphs as i64)
            || (stats.inputs as f64 > (stats.paragraphs as f64 / 3.0).floor())
            || (!is_list
                && heading_density < 0.9
                && total < 25
                && (stats.images == 0 || stats.images > 2)
                && link_density > 0.0
                && !in_figure())
            || (!is_list && weight < 25.0 && link_density > 0.2)
            || (weight >= 25.0 && link_density > 0.5)
            || ((stats.embeds == 1 && total < 75) || stats.embeds > 1)
            || (stats.images == 0 && text_density == 0.0);
        if is_list && remove {
            if self
                .dom
                .children(node)
                .iter()
                .any(|&c| self.dom.children(c).len() > 1)
            {
                return true;
            }
            if stats.images == stats.items {
                return false;
            }
        }
        remove
    }

    /// The counts `cleanConditionally` judges an element by.
    fn cond_stats(&self, node: Id) -> CondStats<'_> {
        let mut stats = CondStats::default();
        // Counters per context; a context restarts (its space runs) where Readability's does.
        let mut all = CharCounter::default();
        let mut text = CharCounter::default();
        let mut list = CharCounter::default();
        let mut heading = CharCounter::default();
        // Open elements: (element, in text, in list, in heading, link weight) as walked.
        struct Open {
            id: Id,
            in_text: bool,
            in_list: bool,
            in_heading: bool,
            link: Option<(CharCounter, f64)>,
        }
        let mut open: Vec<Open> = Vec::new();
        let mut next = self.dom.first_child(node);
        while let Some(n) = next {
            let (in_text, in_list, in_heading) = open.last().map_or((false, false, false), |o| {
                (o.in_text, o.in_list, o.in_heading)
            });
            if let Some(t) = self.dom.text(n) {
                let before = all.total;
                // The innermost open link, found once per text rather than once per character
                // (the open stack can be hundreds deep).
                let mut link = open.iter_mut().rev().find_map(|o| o.link.as_mut());
                for c in t.chars() {
                    all.count(c);
                    stats.commas += usize::from(is_comma(c));
                    if in_text {
                        text.count(c);
                    }
                    if in_list {
                        list.count(c);
                    }
                    if in_heading {
                        heading.count(c);
                    }
                    if let Some((counter, _)) = link.as_mut() {
                        counter.count(c);
                    }
                }
                if all.total > before {
                    stats.last_text = t;
                }
            } else if self.dom.is_element(n) {
                let tag = self.dom.name(n);
                match tag {
                    "p" => stats.paragraphs += 1,
                    "img" => stats.images += 1,
                    "li" => stats.items += 1,
                    "input" => stats.inputs += 1,
                    "object" | "embed" | "iframe" => {
                        stats.embeds += 1;
                        stats.video |= self.dom.is_video_embed(n);
                    }
                    _ => {}
                }
                let list_tag = matches!(tag, "ul" | "ol");
                if list_tag {
                    list.reset();
                }
                let heading_tag = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                if heading_tag {
                    heading.reset();
                }
                let text_tag = matches!(
                    tag,
                    "blockquote"
                        | "dl"
                        | "div"
                        | "img"
                        | "ol"
                        | "p"
                        | "pre"
                        | "table"
                        | "ul"
                        | "span"
                        | "li"
                        | "td"
                );
                if text_tag {
                    text.reset();
                }
                let link = (tag == "a").then(|| {
                    let in_caption = self
                        .dom
                        .parent(n)
                        .is_some_and(|p| self.dom.name(p) == "figcaption");
                    let href = self.dom.attr_or_empty(n, "href").trim();
                    let weight = if in_caption {
                        0.0
                    } else if href.len() > 1 && href.starts_with('#') {
                        0.3
                    } else {
                        1.0
                    };
                    (CharCounter::default(), weight)
                });
                if self.dom.first_child(n).is_some() {
                    open.push(Open {
                        id: n,
                        in_text: in_text || text_tag,
                        in_list: in_list || list_tag,
                        in_heading: in_heading || heading_tag,
                        link,
                    });
                    next = self.dom.first_child(n);
                    continue;
                }
            }
            // Leave the node, closing every element the walk steps out of.
            let mut cur = n;
            next = loop {
                if let Some(s) = self.dom.next_sibling(cur) {
                    break Some(s);
                }
                match self.dom.parent(cur) {
                    Some(p) if p != node => {
                        if let Some(o) = open.pop() {
                            debug_assert_eq!(o.id, p);
                            if let Some((counter, weight)) = o.link {
                                stats.link_chars += counter.total as f64 * weight;
                            }
                        }
                        cur = p;
                    }
                    _ => break None,
                }
            };
        }
        stats.chars = all.total;
        stats.text_chars = text.total;
        stats.list_chars = list.total;
        stats.heading_chars = heading.total;
        stats
    }
}

/// What `cleanConditionally` counts below an element.
#[derive(Default)]
struct CondStats<'t> {
    chars: usize,
    text_chars: usize,
    list_chars: usize,
    heading_chars: usize,
    link_chars: f64,
    commas: usize,
    paragraphs: usize,
    images: usize,
    items: usize,
    inputs: usize,
    embeds: usize,
    video: bool,
    /// The last text that added characters.
    last_text: &'t str,
}

/// Readability's character count: non-space characters, plus one for each run of spaces
/// between two of them.
#[derive(Default, Clone, Copy)]
struct CharCounter {
    total: usize,
    last_was_space: bool,
    seen: bool,
}

impl CharCounter {
    fn count(&mut self, c: char) {
        if c.is_whitespace() {
            self.last_was_space = true;
            return;
        }
        self.total += if self.last_was_space && self.seen {
            2
        } else {
            1
        };
        self.last_was_space = false;
        self.seen = true;
    }

    fn reset(&mut self) {
        self.last_was_space = false;
        self.seen = false;
    }
}

/// Commas of the scripts Readability knows.
fn is_comma(c: char) -> bool {
    matches!(
        c,
        ',' | '\u{060C}'
            | '\u{FE50}'
            | '\u{FE10}'
            | '\u{FE11}'
            | '\u{2E41}'
            | '\u{2E34}'
            | '\u{2E32}'
            | '\u{FF0C}'
    )
}

fn has_content(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace())
}

/// Runs of two or more ASCII spaces, tabs or line breaks collapsed to one space.
fn normalize_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run: Option<(char, usize)> = None;
    for c in s.chars() {
        if matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ') {
            run = Some(match run {
                Some((first, n)) => (first, n + 1),
                None => (c, 1),
            });
            continue;
        }
        match run.take() {
            Some((first, 1)) => out.push(first),
            Some(_) => out.push(' '),
            None => {}
        }
        out.push(c);
    }
    match run {
        Some((first, 1)) => out.push(first),
        Some(_) => out.push(' '),
        None => {}
    }
    out
}

/// How much of `b`'s text (in characters of its words) also appears in `a` (Readability's
/// title check).
fn text_similarity(a: &str, b: &str) -> f64 {
    let a = a.to_lowercase();
    let b = b.to_lowercase();
    let tokens_a: HashSet<&str> = TOKEN_SPLIT.split(&a).filter(|s| !s.is_empty()).collect();
    let tokens_b: Vec<&str> = TOKEN_SPLIT.split(&b).filter(|s| !s.is_empty()).collect();
    let length = |tokens: &[&str]| {
        tokens.iter().map(|t| t.chars().count()).sum::<usize>() + tokens.len().saturating_sub(1)
    };
    let merged = length(&tokens_b);
    if merged == 0 {
        return 0.0;
    }
    let unique: Vec<&str> = tokens_b
        .iter()
        .copied()
        .filter(|t| !tokens_a.contains(t))
        .collect();
    1.0 - length(&unique) as f64 / merged as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Readability's article of a page, as text paragraphs (elements that end a line split).
    fn paragraphs(html: &str, known: Known<'_>) -> Vec<String> {
        let doc = trafilatura::dom::Document::parse(html);
        let tree = Tree::copy(&doc, usize::MAX).unwrap();
        let Some(a) = article(&tree, known) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut line = String::new();
        let mut next = Some(a.root);
        while let Some(n) = next {
            if let Some(t) = a.dom.text(n) {
                line.push_str(t);
            } else if matches!(
                a.dom.name(n),
                "p" | "div" | "li" | "h1" | "h2" | "h3" | "span"
            ) {
                let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
                if !l.is_empty() {
                    out.push(l);
                }
                line.clear();
            }
            next = a.dom.following(n, a.root, true);
        }
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !l.is_empty() {
            out.push(l);
        }
        out
    }

    const SENTENCE: &str = "The old harbour bridge carried its first cars on Tuesday, ending a \
        closure that had forced commuters onto a ferry, a detour, for more than two years.";

    fn page(byline: &str) -> String {
        let body: String = (0..6)
            .map(|i| format!("<p>{SENTENCE} Part {i}.</p>"))
            .collect();
        format!(
            "<html><head><title>Harbour bridge reopens</title></head><body>\
             <nav class='menu'><a href='/'>Home</a> <a href='/w'>World</a></nav>\
             <div class='sidebar'><p>Most read: something else entirely, and more, and more.</p></div>\
             <article><h1>Harbour bridge reopens</h1><div class='body'>{byline}{body}</div>\
             <div class='share-tools'>Share this</div></article>\
             <div id='comments'><p>Reader42 wrote: about time, this took forever, honestly, yes.</p></div>\
             </body></html>"
        )
    }

    #[test]
    fn finds_the_article_and_leaves_the_furniture() {
        let got = paragraphs(&page(""), Known::default());
        assert_eq!(got.len(), 6, "{got:#?}");
        assert!(got.iter().all(|p| p.starts_with("The old harbour bridge")));
    }

    #[test]
    fn title_heading_and_unstated_byline_are_dropped() {
        let byline = "<p class='byline'>By Ann Writer</p>";
        let known = Known {
            title: "Harbour bridge reopens",
            byline: false,
        };
        let got = paragraphs(&page(byline), known);
        assert!(!got
            .iter()
            .any(|p| p.contains("Ann Writer") || p.contains("reopens")));
        // With the author stated in the metadata, the byline element is not looked for.
        let known = Known {
            byline: true,
            ..known
        };
        let got = paragraphs(&page(byline), known);
        assert!(got.iter().any(|p| p.contains("Ann Writer")), "{got:#?}");
    }

    #[test]
    fn br_chains_become_paragraphs() {
        let text = (0..6)
            .map(|i| format!("{SENTENCE} Line {i}."))
            .collect::<Vec<_>>()
            .join("<br><br>");
        let html = format!("<html><body><div id=main>{text}</div></body></html>");
        let got = paragraphs(&html, Known::default());
        assert_eq!(got.len(), 6, "{got:#?}");
    }

    #[test]
    fn no_body_text_no_article() {
        assert!(paragraphs("<html><body></body></html>", Known::default()).is_empty());
        assert!(paragraphs("", Known::default()).is_empty());
    }

    #[test]
    fn deep_pages_do_not_overflow_the_stack() {
        // Deeper than the markup bound lets through (1,024 levels after parsing).
        let html = format!("{}<p>{SENTENCE}</p>", "<div><span>".repeat(1_000));
        let got = paragraphs(&html, Known::default());
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn helpers_follow_readability() {
        assert_eq!(normalize_spaces("a  b\tc \n d"), "a b\tc d");
        assert!(text_similarity("Harbour bridge reopens", "Harbour bridge reopens!") > 0.99);
        assert!(text_similarity("Harbour bridge reopens", "Something else") < 0.1);
        let mut c = CharCounter::default();
        " ab  c ".chars().for_each(|ch| c.count(ch));
        assert_eq!(c.total, 4);
    }

    proptest::proptest! {
        #[test]
        fn tag_soup_never_panics(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("<p>"), proptest::strategy::Just("</p>"),
                proptest::strategy::Just("<div class=body>"), proptest::strategy::Just("</div>"),
                proptest::strategy::Just("<br>"), proptest::strategy::Just("<a href='#x'>"),
                proptest::strategy::Just("</a>"), proptest::strategy::Just("<table><tr><td>"),
                proptest::strategy::Just("text, more text "), proptest::strategy::Just("<ul><li>"),
                proptest::strategy::Just("<h1 class=byline>"), proptest::strategy::Just("<form>"),
                proptest::strategy::Just("<span style='display:none'>"),
            ],
            0..60,
        )) {
            let _ = paragraphs(&parts.concat(), Known { title: "text more", byline: false });
        }
    }
}
