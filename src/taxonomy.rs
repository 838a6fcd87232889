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
    /// Folded full path → node.
    by_path: HashMap<String, NodeId>,
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
            by_path: HashMap::new(),
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

    /// Parses a taxonomy outline; bad lines give `taxonomy_syntax` and are
    /// skipped (a bad line's children are skipped with it).
    pub fn parse(origin: Origin, file: FileId, source: &SourceFile) -> (Taxonomy, Vec<Diagnostic>) {
        let mut taxonomy = Taxonomy::empty(origin);
        let mut diagnostics = Vec::new();
        // The node at each depth on the current path; `None` after a bad line.
        let mut path: Vec<Option<NodeId>> = Vec::new();
        let mut error = |span: Span, message: String, label: &str, help: &str| {
            diagnostics.push(
                Diagnostic::new(Code::TaxonomySyntax, file, span, message, label).with_help(help),
            );
        };
        for (start, line) in lines(source.text()) {
            let body = line.trim_start_matches(' ');
            let content = body.split(';').next().unwrap_or("").trim_end();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let indent = line.len() - body.len();
            let span = Span::new(start + indent, start + indent + content.len());
            if body.starts_with('\t') {
                error(
                    span,
                    "a taxonomy is indented with spaces, not tabs".into(),
                    "tab",
                    "indent two spaces per level",
                );
                path.truncate(indent / 2);
                path.push(None);
                continue;
            }
            if indent % 2 == 1 || indent / 2 > path.len() {
                let message = if indent % 2 == 1 {
                    format!("`{content}` is indented by {indent} spaces, not a multiple of two")
                } else {
                    format!("`{content}` is indented deeper than one level below its parent")
                };
                error(
                    span,
                    message,
                    "bad indentation",
                    "indent two spaces per level",
                );
                path.truncate((indent / 2).min(path.len()));
                path.push(None);
                continue;
            }
            let depth = indent / 2;
            path.truncate(depth);
            let parent = match depth {
                0 => None,
                _ => match path[depth - 1] {
                    Some(parent) => Some(parent),
                    None => {
                        path.push(None);
                        continue;
                    }
                },
            };
            let name = content.trim();
            let mut folded = String::new();
            fold(name, &mut folded);
            if folded.is_empty() {
                error(
                    span,
                    format!("`{name}` is an empty name"),
                    "no letters or digits",
                    "give the node a name with letters or digits",
                );
                path.push(None);
                continue;
            }
            if name.contains(':') {
                error(
                    span,
                    format!("`{name}` holds a `:`"),
                    "`:` separates segments",
                    "remove the `:` from the name",
                );
                path.push(None);
                continue;
            }
            match taxonomy.add_child(parent, name) {
                Ok(id) => path.push(Some(id)),
                Err(clash) => {
                    error(
                        span,
                        format!(
                            "`{name}` folds to the same name as its sibling `{}`",
                            taxonomy.node(clash.existing).name
                        ),
                        "duplicate sibling",
                        "rename one of them; names compare without case and punctuation",
                    );
                    path.push(None);
                }
            }
        }
        (taxonomy, diagnostics)
    }

    /// Adds `name` under `parent`, or reports the sibling it folds to.
    pub fn add_child(&mut self, parent: Option<NodeId>, name: &str) -> Result<NodeId, Clash> {
        // Names hold single spaces: runs of blanks are one space.
        let name = &name.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut folded = String::new();
        fold(name, &mut folded);
        let siblings = match parent {
            Some(parent) => &self.nodes[parent as usize].children,
            None => &self.roots,
        };
        if let Some(&existing) = siblings
            .iter()
            .find(|&&s| self.nodes[s as usize].folded == folded)
        {
            return Err(Clash { existing });
        }
        let id = self.nodes.len() as NodeId;
        let key = match parent {
            Some(parent) => format!("{}:{folded}", self.folded_path(parent)),
            None => folded.clone(),
        };
        self.by_path.insert(key, id);
        self.nodes.push(Node {
            name: name.to_string(),
            folded,
            parent,
            children: Vec::new(),
            depth: parent.map_or(1, |p| self.nodes[p as usize].depth + 1),
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
        self.by_path.get(folded_path).copied()
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
}
