//! Taxonomies: the tree of work that tags name. The built-ins `sec` and
//! `cto` are embedded from `taxonomies/*.taxonomy`; custom ones are parsed
//! from files of the same outline format. `tag` directives extend a tree.
//!
//! This module owns the tree and the folding of names; resolving written
//! tags against it is `resolve`'s job.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic};
use crate::parse::lines;
use crate::source::{FileId, SourceFile, Span};

/// Index of a node in its [`Taxonomy`].
pub type NodeId = u32;

/// Number of a folded name in its [`Taxonomy`]: nodes whose names fold
/// alike share it.
pub type NameId = u32;

/// The most levels a taxonomy has, and so the most segments a tag path
/// has: generous for a tree of work, and it keeps the index of trailing
/// segments (which grows with depth times nodes) small.
pub const MAX_DEPTH: usize = 32;

/// The number of `:`-separated segments in a tag or path.
pub fn segment_count(tag: &str) -> usize {
    memchr::memchr_iter(b':', tag.as_bytes()).count() + 1
}

/// The built-in taxonomies: name, file text, and level names.
const BUILTINS: [(&str, &str, [&str; 3]); 2] = [
    (
        "sec",
        include_str!("../taxonomies/sec.taxonomy"),
        ["domain", "focus area", "activity"],
    ),
    (
        "cto",
        include_str!("../taxonomies/cto.taxonomy"),
        ["area", "sub-area", "item"],
    ),
];

/// The names of the built-in taxonomies.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(name, _, _)| *name)
}

/// Folds one segment of a tag for comparison: lower-case, `&` becomes
/// `and`, and every character that is not a letter or digit is dropped.
pub fn fold(segment: &str, out: &mut String) {
    for c in segment.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if c == '&' {
                out.push_str("and");
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Folds a whole `:`-separated tag into one key, segments joined by `:`.
pub fn fold_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split(':').enumerate() {
        if i > 0 {
            out.push(':');
        }
        fold(segment, &mut out);
    }
    out
}

/// One node of the tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// Its name as declared.
    pub name: String,
    /// Its name folded.
    pub folded: String,
    /// The number of its folded name.
    pub name_id: NameId,
    /// Its parent; `None` for a top-level node.
    pub parent: Option<NodeId>,
    /// Its children in order.
    pub children: Vec<NodeId>,
    /// 1 for a top-level node.
    pub depth: u32,
}

/// Where a taxonomy came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A built-in, by name.
    Builtin(&'static str),
    /// A file, by canonical path.
    File(std::path::PathBuf),
}

/// A tree of work.
#[derive(Clone, Debug)]
pub struct Taxonomy {
    /// Where it came from.
    pub origin: Origin,
    nodes: Vec<Node>,
    roots: Vec<NodeId>,
    /// Every folded name → its number.
    names: HashMap<String, NameId>,
    /// (Parent, folded name) → child: a path is found a segment at a time.
    children: HashMap<(Option<NodeId>, NameId), NodeId>,
    /// Level names, singular (`domain`, `focus area`, …); empty for custom.
    level_names: Vec<&'static str>,
}

/// Why a path could not be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    /// The existing node it folds to.
    pub existing: NodeId,
}

impl Taxonomy {
    fn empty(origin: Origin) -> Taxonomy {
        Taxonomy {
            origin,
            nodes: Vec::new(),
            roots: Vec::new(),
            names: HashMap::new(),
            children: HashMap::new(),
            level_names: Vec::new(),
        }
    }

    /// A built-in taxonomy by name.
    pub fn builtin(name: &str) -> Option<Taxonomy> {
        let (name, text, levels) = BUILTINS.iter().find(|(n, _, _)| *n == name)?;
        let source = SourceFile::from_text(name, text);
        let (mut taxonomy, diagnostics) = Taxonomy::parse(Origin::Builtin(name), 0, &source);
        debug_assert!(
            diagnostics.is_empty(),
            "built-in taxonomy {name}: {diagnostics:?}"
        );
        taxonomy.level_names = levels.to_vec();
        Some(taxonomy)
    }

    /// Parses a taxonomy outline. A badly indented line gives
    /// `taxonomy_syntax` and is read as if it were not there; any other bad
    /// line gives its diagnostic and is skipped with the lines nested under
    /// it.
    pub fn parse(origin: Origin, file: FileId, source: &SourceFile) -> (Taxonomy, Vec<Diagnostic>) {
        let mut taxonomy = Taxonomy::empty(origin);
        let mut diagnostics = Vec::new();
        // The node at each depth on the current path; `None` for a bad line.
        let mut path: Vec<Option<NodeId>> = Vec::new();
        let mut invalid = source.invalid_utf8.iter().peekable();
        for (start, line) in lines(source.text()) {
            // A line with invalid UTF-8 gets that one diagnostic, and no node.
            let mut bad_bytes = None;
            while let Some(span) =
                invalid.next_if(|span| (span.start as usize) < start + line.len() + 1)
            {
                bad_bytes.get_or_insert(*span);
            }
            if let Some(span) = bad_bytes {
                diagnostics.push(Diagnostic::invalid_utf8(file, span));
            }
            let body = line.trim_start_matches(' ');
            let content = body.split(';').next().unwrap_or("").trim_end();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let indent = line.len() - body.len();
            let span = Span::new(start + indent, start + indent + content.len());
            let error = |(message, label, help): Problem| {
                Diagnostic::new(Code::TaxonomySyntax, file, span, message, label).with_help(help)
            };
            if let Some(problem) = misplaced(body, content, indent, path.len()) {
                if bad_bytes.is_none() {
                    diagnostics.push(error(problem));
                }
                continue;
            }
            let depth = indent / 2;
            path.truncate(depth);
            let parent = match depth {
                0 => None,
                _ => match path[depth - 1] {
                    Some(parent) => Some(parent),
                    // Under a bad line: skipped with it.
                    None => {
                        path.push(None);
                        continue;
                    }
                },
            };
            let node = match bad_bytes {
                Some(_) => None,
                None => taxonomy
                    .add_line(parent, depth + 1, content.trim())
                    .map_err(|problem| diagnostics.push(error(problem)))
                    .ok(),
            };
            path.push(node);
        }
        (taxonomy, diagnostics)
    }

    /// Adds the node a taxonomy line names at `depth`, or says what is
    /// wrong with it.
    fn add_line(
        &mut self,
        parent: Option<NodeId>,
        depth: usize,
        name: &str,
    ) -> Result<NodeId, Problem> {
        if depth > MAX_DEPTH {
            return Err((
                format!("`{name}` is nested deeper than {MAX_DEPTH} levels"),
                "too deep",
                "move the node up: a taxonomy has at most that many levels",
            ));
        }
        let mut folded = String::new();
        fold(name, &mut folded);
        if folded.is_empty() {
            return Err((
                format!("`{name}` is an empty name"),
                "no letters or digits",
                "give the node a name with letters or digits",
            ));
        }
        if name.contains(':') {
            return Err((
                format!("`{name}` holds a `:`"),
                "`:` separates segments",
                "remove the `:` from the name",
            ));
        }
        self.add_child(parent, name).map_err(|clash| {
            (
                format!(
                    "`{name}` folds to the same name as its sibling `{}`",
                    self.node(clash.existing).name
                ),
                "duplicate sibling",
                "rename one of them; names compare without case and punctuation",
            )
        })
    }

    /// Adds `name` under `parent`, or reports the sibling it folds to.
    pub fn add_child(&mut self, parent: Option<NodeId>, name: &str) -> Result<NodeId, Clash> {
        // Names hold single spaces: runs of blanks are one space.
        let name = &name.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut folded = String::new();
        fold(name, &mut folded);
        let next = self.names.len() as NameId;
        let name_id = *self.names.entry(folded.clone()).or_insert(next);
        if let Some(&existing) = self.children.get(&(parent, name_id)) {
            return Err(Clash { existing });
        }
        let depth = parent.map_or(1, |p| self.nodes[p as usize].depth + 1);
        debug_assert!(depth as usize <= MAX_DEPTH, "`{name}` is too deep");
        let id = self.nodes.len() as NodeId;
        self.children.insert((parent, name_id), id);
        self.nodes.push(Node {
            name: name.to_string(),
            folded,
            name_id,
            parent,
            children: Vec::new(),
            depth,
        });
        match parent {
            Some(parent) => self.nodes[parent as usize].children.push(id),
            None => self.roots.push(id),
        }
        Ok(id)
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True for a taxonomy with no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Top-level nodes in order.
    pub fn roots(&self) -> &[NodeId] {
        &self.roots
    }

    /// The node at a folded full path.
    pub fn find(&self, folded_path: &str) -> Option<NodeId> {
        let mut node = None;
        for segment in folded_path.split(':') {
            node = Some(self.child(node, segment)?);
        }
        node
    }

    /// The child of `parent` (a top-level node for `None`) with this
    /// folded name.
    fn child(&self, parent: Option<NodeId>, folded: &str) -> Option<NodeId> {
        let name_id = self.name_id(folded)?;
        self.children.get(&(parent, name_id)).copied()
    }

    /// The number of a folded name, if a node has it.
    pub fn name_id(&self, folded: &str) -> Option<NameId> {
        self.names.get(folded).copied()
    }

    /// The ancestors of a node and the node itself, root first.
    pub fn lineage(&self, id: NodeId) -> Vec<NodeId> {
        let mut chain = vec![id];
        let mut at = id;
        while let Some(parent) = self.nodes[at as usize].parent {
            chain.push(parent);
            at = parent;
        }
        chain.reverse();
        chain
    }

    /// The full path as declared, e.g. `Strategy:Technology Planning`.
    pub fn path(&self, id: NodeId) -> String {
        let names: Vec<&str> = self
            .lineage(id)
            .into_iter()
            .map(|n| self.nodes[n as usize].name.as_str())
            .collect();
        names.join(":")
    }

    /// The full path folded, segments joined by `:`.
    pub fn folded_path(&self, id: NodeId) -> String {
        let names: Vec<&str> = self
            .lineage(id)
            .into_iter()
            .map(|n| self.nodes[n as usize].folded.as_str())
            .collect();
        names.join(":")
    }

    /// Every node in taxonomy order (pre-order: a node, then its subtree).
    pub fn preorder(&self) -> Vec<NodeId> {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<NodeId> = self.roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            order.push(id);
            stack.extend(self.nodes[id as usize].children.iter().rev());
        }
        order
    }

    /// The name of nodes at a depth, plural: `3 domains`; custom
    /// taxonomies say `level-N nodes`.
    pub fn level_count(&self, depth: u32, count: usize) -> String {
        let noun = self
            .level_names
            .get(depth as usize - 1)
            .map_or_else(|| format!("level-{depth} node"), |n| n.to_string());
        if count == 1 {
            format!("1 {noun}")
        } else if let Some(stem) = noun.strip_suffix('y') {
            format!("{count} {stem}ies")
        } else {
            format!("{count} {noun}s")
        }
    }

    /// The length of the longest path, in segments.
    pub fn max_depth(&self) -> u32 {
        self.nodes.iter().map(|n| n.depth).max().unwrap_or(0)
    }
}

/// What is wrong with a taxonomy line: message, label and help.
type Problem = (String, &'static str, &'static str);

/// Why a line's indentation gives it no place in the outline: tabs, an odd
/// number of spaces, or more than one level below the `open` levels above.
fn misplaced(body: &str, content: &str, indent: usize, open: usize) -> Option<Problem> {
    let tab = body.starts_with('\t');
    let message = if tab {
        "a taxonomy is indented with spaces, not tabs".to_string()
    } else if indent % 2 == 1 {
        format!("`{content}` is indented by {indent} spaces, not a multiple of two")
    } else if indent / 2 > open {
        format!("`{content}` is indented deeper than one level below its parent")
    } else {
        return None;
    };
    let label = if tab { "tab" } else { "bad indentation" };
    Some((message, label, "indent two spaces per level"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(taxonomy: &Taxonomy) -> Vec<usize> {
        (1..=taxonomy.max_depth())
            .map(|d| taxonomy.nodes.iter().filter(|n| n.depth == d).count())
            .collect()
    }

    #[test]
    fn folding() {
        assert_eq!(
            fold_path("Execution:Security & Compliance:Risk assessment"),
            "execution:securityandcompliance:riskassessment"
        );
        assert_eq!(
            fold_path("execution:security-and-compliance:risk-assessment"),
            "execution:securityandcompliance:riskassessment"
        );
        assert_eq!(fold_path("CI/CD management"), "cicdmanagement");
        assert_eq!(
            fold_path("Technical Documentation (e.g. SDKs, APIs)"),
            "technicaldocumentationegsdksapis"
        );
        assert_eq!(fold_path("Ärger Straße"), "ärgerstraße");
    }

    #[test]
    fn builtins_have_the_documented_shape() {
        let sec = Taxonomy::builtin("sec").unwrap();
        assert_eq!(counts(&sec), [3, 10, 36]);
        let cto = Taxonomy::builtin("cto").unwrap();
        assert_eq!(counts(&cto), [9, 25, 138]);
        assert!(Taxonomy::builtin("nope").is_none());
    }

    #[test]
    fn builtins_parse_without_diagnostics() {
        for (name, text, _) in BUILTINS {
            let source = SourceFile::from_text(name, text);
            let (_, diagnostics) = Taxonomy::parse(Origin::Builtin(name), 0, &source);
            assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
        }
    }

    #[test]
    fn paths_and_order() {
        let sec = Taxonomy::builtin("sec").unwrap();
        let id = sec
            .find("execution:securityandcompliance:riskassessment")
            .unwrap();
        assert_eq!(
            sec.path(id),
            "Execution:Security & Compliance:Risk assessment"
        );
        let order = sec.preorder();
        assert_eq!(sec.path(order[0]), "Strategy");
        assert_eq!(sec.path(order[1]), "Strategy:Technology Planning");
        assert_eq!(
            sec.path(order[2]),
            "Strategy:Technology Planning:Emerging technology evaluation"
        );
        assert_eq!(order.len(), 49);
        assert_eq!(sec.level_count(2, 10), "10 focus areas");
        assert_eq!(sec.level_count(3, 36), "36 activities");
    }

    #[test]
    fn adding_children() {
        let mut sec = Taxonomy::builtin("sec").unwrap();
        let infra = sec.find("execution:dataandinfrastructure").unwrap();
        let new = sec.add_child(Some(infra), "Vendor migration").unwrap();
        assert_eq!(
            sec.path(new),
            "Execution:Data & Infrastructure:Vendor migration"
        );
        assert_eq!(*sec.node(infra).children.last().unwrap(), new);
        assert!(sec.add_child(Some(infra), "vendor-migration").is_err());
    }

    #[test]
    fn syntax_errors_are_reported_and_skipped() {
        let text = "A\n  B\n   C\n  D\n      E\n  F\n  f\n  ---\n\tG\nH:I\n";
        let source = SourceFile::from_text("t", text);
        let (taxonomy, diagnostics) = Taxonomy::parse(Origin::Builtin("t"), 0, &source);
        let lines: Vec<usize> = diagnostics
            .iter()
            .map(|d| source.line_col(d.span.start as usize).0)
            .collect();
        assert_eq!(lines, [3, 5, 7, 8, 9, 10]);
        assert!(diagnostics.iter().all(|d| d.code == Code::TaxonomySyntax));
        let paths: Vec<String> = taxonomy
            .preorder()
            .into_iter()
            .map(|n| taxonomy.path(n))
            .collect();
        assert_eq!(paths, ["A", "A:B", "A:D", "A:F"]);
    }

    /// Diagnostics as (line, code), and the taxonomy's paths in order.
    fn parsed(bytes: &[u8]) -> (Vec<(usize, &'static str)>, Vec<String>) {
        let source = SourceFile::from_bytes("t".into(), None, bytes.to_vec());
        let (taxonomy, diagnostics) = Taxonomy::parse(Origin::Builtin("t"), 0, &source);
        let lines = diagnostics
            .iter()
            .map(|d| (source.line_col(d.span.start as usize).0, d.code.as_str()))
            .collect();
        let paths = taxonomy
            .preorder()
            .into_iter()
            .map(|n| taxonomy.path(n))
            .collect();
        (lines, paths)
    }

    #[test]
    fn a_badly_indented_line_is_read_as_if_it_were_not_there() {
        let (diagnostics, paths) =
            parsed(b"Strategy\n\tTabbed\n  Plan\n  plan\n  a:b\nOther\n  X\n     Y\n  Z\n");
        let syntax = "secl::taxonomy_syntax";
        assert_eq!(
            diagnostics,
            [(2, syntax), (4, syntax), (5, syntax), (8, syntax)]
        );
        assert_eq!(
            paths,
            ["Strategy", "Strategy:Plan", "Other", "Other:X", "Other:Z"]
        );
    }

    #[test]
    fn invalid_utf8_is_reported_and_its_line_skipped_with_its_children() {
        let (diagnostics, paths) = parsed(b"A\n  B\xff\n    C\n  D ; caf\xe9\n; \xff\n  E\n");
        let invalid = "secl::invalid_utf8";
        assert_eq!(diagnostics, [(2, invalid), (4, invalid), (5, invalid)]);
        assert_eq!(paths, ["A", "A:E"]);
    }

    #[test]
    fn nesting_is_at_most_max_depth() {
        let deep: String = (0..2000)
            .map(|i| format!("{}N{i}\n", "  ".repeat(i)))
            .collect();
        let (diagnostics, paths) = parsed(deep.as_bytes());
        assert_eq!(diagnostics, [(MAX_DEPTH + 1, "secl::taxonomy_syntax")]);
        assert_eq!(paths.len(), MAX_DEPTH);
    }

    #[test]
    fn a_hundred_thousand_siblings() {
        let wide: String = (0..100_000).map(|i| format!("N{i}\n  C\n")).collect();
        let (diagnostics, paths) = parsed(format!("{wide}n0\n").as_bytes());
        assert_eq!(diagnostics, [(200_001, "secl::taxonomy_syntax")]);
        assert_eq!(paths.len(), 200_000);
    }
}
