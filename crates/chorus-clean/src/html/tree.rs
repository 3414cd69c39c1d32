//! A compact copy of a parsed page that the page's own steps walk cheaply.
//!
//! The page is parsed once, by the `trafilatura` crate's parser (html5ever) into its DOM. That
//! DOM answers every question with a fresh allocation (a `Vec` of children, a `String` per
//! attribute), so the steps that read the page — the depth check, the metadata walk and the
//! main text ([`super::readability`]) — read one copy of it instead, made in one walk ([`Tree::copy`]):
//! nodes in an arena linked by index, tag names interned, text and attributes stored once.
//! Comments, doctypes and processing instructions are not copied.

use std::collections::HashMap;

use trafilatura::dom::{Document, NodeId};

/// A node's index in its [`Tree`].
pub(crate) type Id = u32;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The document node (the root).
    Document,
    /// An element: its interned name and its attribute list (an index into the tree's lists,
    /// or [`NO_ATTRS`]).
    Element { name: u16, attrs: u32 },
    /// A text node: an index into the tree's texts.
    Text(u32),
}

/// The attribute list of an element that has none (an element made by a later step).
pub(crate) const NO_ATTRS: u32 = u32::MAX;

/// One node and its links.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) parent: Option<Id>,
    pub(crate) first_child: Option<Id>,
    pub(crate) last_child: Option<Id>,
    pub(crate) prev: Option<Id>,
    pub(crate) next: Option<Id>,
}

/// A parsed page, copied (see the module documentation).
#[derive(Debug)]
pub(crate) struct Tree {
    /// The nodes; the root is the first.
    pub(crate) nodes: Vec<Node>,
    /// Interned tag names, lowercase as the parser gives them.
    names: Vec<Box<str>>,
    /// Index of each name in `names`.
    name_ids: HashMap<Box<str>, u16>,
    /// Text node contents.
    texts: Vec<Box<str>>,
    /// Attribute lists: (local name, value), in source order.
    attrs: Vec<Vec<(Box<str>, Box<str>)>>,
    /// Nodes on the longest path from the root, the root counting as one.
    pub(crate) depth: usize,
}

/// Tag names interned in every tree, for the elements [`super::readability`] makes or renames.
pub(crate) const MADE_NAMES: [&str; 3] = ["p", "div", "span"];

/// The root's index.
pub(crate) const ROOT: Id = 0;

impl Tree {
    /// Copies a parsed document, iteratively (the tree may be deep). The copy of a node deeper
    /// than `max_depth` (the root at depth 1) stops the walk and yields `None`.
    pub(crate) fn copy(doc: &Document, max_depth: usize) -> Option<Tree> {
        let mut tree = Tree {
            nodes: vec![Node {
                kind: Kind::Document,
                parent: None,
                first_child: None,
                last_child: None,
                prev: None,
                next: None,
            }],
            names: Vec::new(),
            name_ids: HashMap::new(),
            texts: Vec::new(),
            attrs: Vec::new(),
            depth: 1,
        };
        // The names later steps give the elements they make or rename exist from the start.
        for name in MADE_NAMES {
            tree.intern(name);
        }
        // (source node, its copy, its depth)
        let mut stack: Vec<(NodeId, Id, usize)> = vec![(doc.root(), ROOT, 1)];
        while let Some((source, copy, depth)) = stack.pop() {
            let sources = doc.child_nodes(source);
            if !sources.is_empty() {
                // Every child counts for the depth, comments included.
                if depth + 1 > max_depth {
                    return None;
                }
                tree.depth = tree.depth.max(depth + 1);
            }
            let mut children = Vec::new();
            for child in sources {
                let kind = if doc.is_element(child) {
                    let name = tree.intern(doc.tag_name(child));
                    let list: Vec<(Box<str>, Box<str>)> = doc
                        .attribute_names(child)
                        .into_iter()
                        .filter_map(|k| {
                            let v = doc.get_attribute(child, &k)?;
                            Some((k.into_boxed_str(), v.into_boxed_str()))
                        })
                        .collect();
                    let attrs = if list.is_empty() {
                        NO_ATTRS
                    } else {
                        tree.attrs.push(list);
                        index(tree.attrs.len() - 1)
                    };
                    Kind::Element { name, attrs }
                } else if doc.is_text(child) {
                    tree.texts.push(doc.text_content(child).into_boxed_str());
                    Kind::Text(index(tree.texts.len() - 1))
                } else {
                    continue;
                };
                let id = tree.push(kind);
                tree.append(copy, id);
                if matches!(kind, Kind::Element { .. }) {
                    children.push((child, id, depth + 1));
                }
            }
            stack.extend(children.into_iter().rev());
        }
        Some(tree)
    }

    /// The interned id of a tag name.
    pub(crate) fn intern(&mut self, name: &str) -> u16 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = u16::try_from(self.names.len()).unwrap_or(u16::MAX);
        if id < u16::MAX {
            self.names.push(name.into());
            self.name_ids.insert(name.into(), id);
        }
        id
    }

    /// The id of a tag name if any node bears it.
    pub(crate) fn name_id(&self, name: &str) -> Option<u16> {
        self.name_ids.get(name).copied()
    }

    /// Adds an unlinked node.
    pub(crate) fn push(&mut self, kind: Kind) -> Id {
        self.nodes.push(Node {
            kind,
            parent: None,
            first_child: None,
            last_child: None,
            prev: None,
            next: None,
        });
        index(self.nodes.len() - 1)
    }

    /// Makes `child` (unlinked) the last child of `parent`.
    pub(crate) fn append(&mut self, parent: Id, child: Id) {
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

    /// The node at `id`.
    pub(crate) fn node(&self, id: Id) -> &Node {
        &self.nodes[id as usize]
    }

    fn node_mut(&mut self, id: Id) -> &mut Node {
        &mut self.nodes[id as usize]
    }

    /// The tag name of an element; "" for other nodes.
    pub(crate) fn name(&self, id: Id) -> &str {
        match self.node(id).kind {
            Kind::Element { name, .. } => self.name_of(name),
            _ => "",
        }
    }

    /// The tag name an interned id stands for.
    pub(crate) fn name_of(&self, name: u16) -> &str {
        self.names.get(usize::from(name)).map_or("", |n| n)
    }

    /// Whether a node is an element.
    pub(crate) fn is_element(&self, id: Id) -> bool {
        matches!(self.node(id).kind, Kind::Element { .. })
    }

    /// The value of an element's attribute (`name` lowercase).
    pub(crate) fn attr(&self, id: Id, name: &str) -> Option<&str> {
        match self.node(id).kind {
            Kind::Element { attrs, .. } => self.attrs_of(attrs, name),
            _ => None,
        }
    }

    /// The value of the attribute `name` in the attribute list `attrs`.
    pub(crate) fn attrs_of(&self, attrs: u32, name: &str) -> Option<&str> {
        self.attrs
            .get(attrs as usize)?
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| &**v)
    }

    /// The attribute list `attrs` (empty for [`NO_ATTRS`]).
    pub(crate) fn attr_list(&self, attrs: u32) -> &[(Box<str>, Box<str>)] {
        self.attrs.get(attrs as usize).map_or(&[], Vec::as_slice)
    }

    /// The text of a text node; `None` for other nodes.
    pub(crate) fn text(&self, id: Id) -> Option<&str> {
        match self.node(id).kind {
            Kind::Text(t) => self.text_at(t),
            _ => None,
        }
    }

    /// The text at index `t` of the tree's texts.
    pub(crate) fn text_at(&self, t: u32) -> Option<&str> {
        self.texts.get(t as usize).map(|t| &**t)
    }

    /// The children of a node, in order.
    pub(crate) fn children(&self, id: Id) -> Children<'_> {
        Children {
            nodes: &self.nodes,
            next: self.node(id).first_child,
        }
    }

    /// The text of a node's subtree, text nodes concatenated (iteratively).
    pub(crate) fn text_content(&self, id: Id) -> String {
        let mut out = String::new();
        self.for_each_text(id, |t| out.push_str(t));
        out
    }

    /// Calls `f` on every text in a node's subtree, in document order (iteratively).
    pub(crate) fn for_each_text<'a>(&'a self, id: Id, mut f: impl FnMut(&'a str)) {
        let mut next = Some(id);
        while let Some(n) = next {
            if let Some(t) = self.text(n) {
                f(t);
            }
            next = self.following(n, id, true);
        }
    }

    /// The next node after `n` in document order within the subtree of `root`: its first child
    /// when `enter`, else its next sibling or the next sibling of its nearest ancestor that has
    /// one, below `root`.
    pub(crate) fn following(&self, n: Id, root: Id, enter: bool) -> Option<Id> {
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
}

/// The children of a node.
pub(crate) struct Children<'a> {
    nodes: &'a [Node],
    next: Option<Id>,
}

impl Iterator for Children<'_> {
    type Item = Id;

    fn next(&mut self) -> Option<Id> {
        let id = self.next?;
        self.next = self.nodes.get(id as usize).and_then(|n| n.next);
        Some(id)
    }
}

/// A length as a node, text or list index (a page has far fewer than 2^32 of each: the
/// markup bound refuses pages of more than 100,000 tags).
fn index(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_elements_text_and_attributes() {
        let doc = Document::parse(
            "<html lang=en><body><!-- c --><p class='a b' id=x>One <b>two</b></p>three</body></html>",
        );
        let tree = Tree::copy(&doc, 64).unwrap();
        let html = tree.children(ROOT).next().unwrap();
        assert_eq!(tree.name(html), "html");
        assert_eq!(tree.attr(html, "lang"), Some("en"));
        let body = tree
            .children(html)
            .find(|&c| tree.name(c) == "body")
            .unwrap();
        let kids: Vec<&str> = tree.children(body).map(|c| tree.name(c)).collect();
        assert_eq!(kids, ["p", ""]);
        let p = tree.children(body).next().unwrap();
        assert_eq!(tree.attr(p, "class"), Some("a b"));
        assert_eq!(tree.attr(p, "id"), Some("x"));
        assert_eq!(tree.attr(p, "style"), None);
        assert_eq!(tree.text_content(body), "One twothree");
        assert_eq!(tree.depth, 6);
    }

    #[test]
    fn too_deep_is_refused() {
        let html = "<div>".repeat(40);
        let doc = Document::parse(&html);
        assert!(Tree::copy(&doc, 20).is_none());
        assert!(Tree::copy(&doc, 64).is_some());
    }
}
