//! Tag resolution (SPEC §3): a written tag to a node of the taxonomy, by
//! alias, whole path, or unique trailing segments; and, when nothing
//! matches, the nearest nodes for a *did you mean*.
//!
//! The resolver is built once per journal, after every `tag` directive has
//! been applied; callers resolve each distinct written tag once.

use std::collections::HashMap;

use crate::taxonomy::{NodeId, Taxonomy, fold_path};

/// What a written tag names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// One node.
    Node(NodeId),
    /// Several nodes end with the written segments; in taxonomy order.
    Ambiguous(Vec<NodeId>),
    /// No node; the nearest ones, nearest first (at most three).
    Unknown(Vec<NodeId>),
    /// It uses an alias that is itself broken (reported at the alias).
    BrokenAlias,
}

/// An alias's meaning once declarations are checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AliasTarget {
    /// It stands for this node.
    Node(NodeId),
    /// Its declaration has an error; tags that use it are not reported again.
    Broken,
}

/// Resolves written tags against one taxonomy and its aliases.
pub struct Resolver<'t> {
    taxonomy: &'t Taxonomy,
    /// Folded trailing segments (any count) → nodes ending with them, in
    /// taxonomy order.
    suffixes: HashMap<String, Vec<NodeId>>,
    /// Folded alias name → target.
    aliases: HashMap<String, AliasTarget>,
    /// Folded full path of every node, in taxonomy order.
    paths: Vec<(NodeId, String)>,
}

impl<'t> Resolver<'t> {
    /// Indexes `taxonomy` for resolution.
    pub fn new(taxonomy: &'t Taxonomy) -> Resolver<'t> {
        let mut suffixes: HashMap<String, Vec<NodeId>> = HashMap::new();
        let mut paths = Vec::with_capacity(taxonomy.len());
        for id in taxonomy.preorder() {
            let path = taxonomy.folded_path(id);
            let mut from = 0;
            loop {
                suffixes
                    .entry(path[from..].to_string())
                    .or_default()
                    .push(id);
                match path[from..].find(':') {
                    Some(at) => from += at + 1,
                    None => break,
                }
            }
            paths.push((id, path));
        }
        Resolver {
            taxonomy,
            suffixes,
            aliases: HashMap::new(),
            paths,
        }
    }

    /// The taxonomy resolved against.
    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.taxonomy
    }

    /// Declares an alias (its name already folded with [`fold_path`]).
    pub fn set_alias(&mut self, folded_name: String, target: AliasTarget) {
        self.aliases.insert(folded_name, target);
    }

    /// Every alias declared, by folded name.
    pub fn aliases(&self) -> impl Iterator<Item = (&String, &AliasTarget)> {
        self.aliases.iter()
    }

    /// The longest leading run of whole segments of `folded` that is an
    /// alias: its byte length in `folded` and its target.
    pub fn alias_prefix(&self, folded: &str) -> Option<(usize, &AliasTarget)> {
        if self.aliases.is_empty() {
            return None;
        }
        let mut end = folded.len();
        loop {
            if let Some(target) = self.aliases.get(&folded[..end]) {
                return Some((end, target));
            }
            end = folded[..end].rfind(':')?;
        }
    }

    /// Resolves a written tag (SPEC §3).
    pub fn resolve(&self, written: &str) -> Resolution {
        self.resolve_folded(&fold_path(written))
    }

    /// Resolves an already folded tag.
    pub fn resolve_folded(&self, folded: &str) -> Resolution {
        if let Some((end, target)) = self.alias_prefix(folded) {
            let node = match target {
                AliasTarget::Node(node) => *node,
                AliasTarget::Broken => return Resolution::BrokenAlias,
            };
            if end == folded.len() {
                return Resolution::Node(node);
            }
            let expanded = format!("{}{}", self.taxonomy.folded_path(node), &folded[end..]);
            return match self.resolve_tag(&expanded) {
                Resolution::Unknown(_) => Resolution::Unknown(self.suggest(&expanded)),
                other => other,
            };
        }
        self.resolve_tag(folded)
    }

    /// Steps 2 and 3: whole path, then unique trailing segments.
    pub fn resolve_tag(&self, folded: &str) -> Resolution {
        if let Some(node) = self.taxonomy.find(folded) {
            return Resolution::Node(node);
        }
        match self.suffixes.get(folded).map(Vec::as_slice) {
            Some([node]) => Resolution::Node(*node),
            Some(nodes) if !nodes.is_empty() => Resolution::Ambiguous(nodes.to_vec()),
            _ => Resolution::Unknown(self.suggest(folded)),
        }
    }

    /// Up to three nodes nearest to a folded tag that matched nothing,
    /// ranked by edit distance to the whole path, to the node's trailing
    /// segments of the same count, and to its last segment alone.
    pub fn suggest(&self, folded: &str) -> Vec<NodeId> {
        let segments = folded.split(':').count();
        let last = folded.rsplit(':').next().unwrap_or(folded);
        let allowed = |length: usize| length.min(120).div_ceil(3).max(1);
        // The edit distance is at least the difference in length: skip the
        // computation where that alone rules a candidate out, so that a
        // huge written tag costs linear time, not quadratic.
        let distance = |a: &str, b: &str, limit: usize| -> Option<usize> {
            // Byte lengths bound character counts within a factor of four.
            let (a_len, b_len) = (a.len(), b.len());
            if a_len > 4 * b_len + limit * 4 || b_len > 4 * a_len + limit * 4 {
                return None;
            }
            if a.chars().count().abs_diff(b.chars().count()) > limit {
                return None;
            }
            let d = strsim::levenshtein(a, b);
            (d <= limit).then_some(d)
        };
        let mut scored: Vec<(usize, usize, NodeId)> = Vec::new();
        for (rank, (id, path)) in self.paths.iter().enumerate() {
            let whole = distance(folded, path, allowed(folded.len()));
            let tail = trailing(path, segments)
                .and_then(|tail| distance(folded, tail, allowed(folded.len())));
            let own = path.rsplit(':').next().unwrap_or(path);
            let by_last = if last.is_empty() {
                None
            } else {
                distance(last, own, allowed(last.len())).map(|d| d + usize::from(segments > 1))
            };
            // A written name that starts a node's name (`Security` for
            // `Security & Compliance`) is a near miss too.
            // So is one that ends it (`mentorship` for `Technical
            // mentorship`; folding has dropped the blanks between words).
            let length = last.chars().count();
            let by_prefix = ((length >= 3 && own.starts_with(last))
                || (length >= 5 && own.ends_with(last)))
            .then_some(2);
            if let Some(best) = [whole, tail, by_last, by_prefix]
                .into_iter()
                .flatten()
                .min()
            {
                scored.push((best, rank, *id));
            }
        }
        scored.sort_unstable();
        // Only the nearest few: a far second guess is noise.
        let best = scored.first().map_or(0, |s| s.0);
        scored
            .into_iter()
            .take_while(|s| s.0 <= best + 1)
            .take(3)
            .map(|(_, _, id)| id)
            .collect()
    }
}

/// The last `count` segments of a folded path, if it has that many.
fn trailing(path: &str, count: usize) -> Option<&str> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(path.match_indices(':').map(|(at, _)| at + 1))
        .collect();
    let first = starts.len().checked_sub(count)?;
    Some(&path[starts[first]..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(taxonomy: &Taxonomy, nodes: &[NodeId]) -> Vec<String> {
        nodes.iter().map(|&n| taxonomy.path(n)).collect()
    }

    fn resolved(resolver: &Resolver, written: &str) -> String {
        match resolver.resolve(written) {
            Resolution::Node(node) => resolver.taxonomy().path(node),
            other => panic!("{written}: {other:?}"),
        }
    }

    #[test]
    fn trailing_segments() {
        assert_eq!(trailing("a:b:c", 1), Some("c"));
        assert_eq!(trailing("a:b:c", 2), Some("b:c"));
        assert_eq!(trailing("a:b:c", 3), Some("a:b:c"));
        assert_eq!(trailing("a:b:c", 4), None);
        assert_eq!(trailing("a", 1), Some("a"));
    }

    #[test]
    fn whole_paths_and_suffixes() {
        let sec = Taxonomy::builtin("sec").unwrap();
        let r = Resolver::new(&sec);
        assert_eq!(resolved(&r, "Strategy"), "Strategy");
        assert_eq!(
            resolved(&r, "Strategy:Technology Planning"),
            "Strategy:Technology Planning"
        );
        assert_eq!(
            resolved(&r, "Risk assessment"),
            "Execution:Security & Compliance:Risk assessment"
        );
        assert_eq!(
            resolved(&r, "Security & Compliance:Risk assessment"),
            "Execution:Security & Compliance:Risk assessment"
        );
        assert_eq!(
            resolved(&r, "execution:security-and-compliance:risk-assessment"),
            "Execution:Security & Compliance:Risk assessment"
        );
        assert_eq!(
            resolved(&r, "RISK ASSESSMENT"),
            "Execution:Security & Compliance:Risk assessment"
        );
        assert_eq!(
            resolved(&r, "ci/cd management"),
            "Execution:Product & Engineering Delivery:CI/CD management"
        );
        assert_eq!(
            resolved(&r, "  Personal Development "),
            "Culture:Personal Development"
        );
    }

    #[test]
    fn whole_path_beats_suffix_and_suffix_can_be_ambiguous() {
        let cto = Taxonomy::builtin("cto").unwrap();
        let r = Resolver::new(&cto);
        assert_eq!(
            resolved(&r, "Stakeholder Management"),
            "Stakeholder Management"
        );
        assert_eq!(
            resolved(&r, "Organizational Change:Stakeholder Management"),
            "Change Management:Organizational Change:Stakeholder Management"
        );
        assert_eq!(resolved(&r, "Change Management"), "Change Management");
        assert_eq!(
            resolved(&r, "Communication:Stakeholder Management"),
            "People Management:Communication:Stakeholder Management"
        );

        let mut sec = Taxonomy::builtin("sec").unwrap();
        let parent = sec.find("strategy:stakeholdermanagement");
        sec.add_child(parent, "Risk assessment").unwrap();
        let r = Resolver::new(&sec);
        let Resolution::Ambiguous(nodes) = r.resolve("Risk assessment") else {
            panic!()
        };
        assert_eq!(
            paths(&sec, &nodes),
            [
                "Strategy:Stakeholder Management:Risk assessment",
                "Execution:Security & Compliance:Risk assessment"
            ]
        );
    }

    #[test]
    fn aliases_whole_and_leading() {
        let sec = Taxonomy::builtin("sec").unwrap();
        let mut r = Resolver::new(&sec);
        let okr = sec
            .find("strategy:technologyplanning:okrmanagement")
            .unwrap();
        let infra = sec.find("execution:dataandinfrastructure").unwrap();
        r.set_alias("okr".into(), AliasTarget::Node(okr));
        r.set_alias("infra".into(), AliasTarget::Node(infra));
        r.set_alias("broken".into(), AliasTarget::Broken);
        assert_eq!(
            resolved(&r, "OKR"),
            "Strategy:Technology Planning:OKR management"
        );
        assert_eq!(resolved(&r, "infra"), "Execution:Data & Infrastructure");
        assert_eq!(
            resolved(&r, "infra:Infrastructure scalability"),
            "Execution:Data & Infrastructure:Infrastructure scalability"
        );
        assert!(matches!(r.resolve("infra:Nope"), Resolution::Unknown(_)));
        assert_eq!(r.resolve("broken:x"), Resolution::BrokenAlias);
    }

    #[test]
    fn did_you_mean() {
        let sec = Taxonomy::builtin("sec").unwrap();
        let r = Resolver::new(&sec);
        let suggest = |written: &str| match r.resolve(written) {
            Resolution::Unknown(nodes) => paths(&sec, &nodes),
            other => panic!("{written}: {other:?}"),
        };
        assert_eq!(
            suggest("Risk asesment")[0],
            "Execution:Security & Compliance:Risk assessment"
        );
        assert_eq!(
            suggest("Strategy:Tecnology Planing:OKR management")[0],
            "Strategy:Technology Planning:OKR management"
        );
        assert_eq!(
            suggest("Execution:Security & Complience:Risk assessment")[0],
            "Execution:Security & Compliance:Risk assessment"
        );
        assert_eq!(
            suggest("Execution:Risk assessment")[0],
            "Execution:Security & Compliance:Risk assessment"
        );
        assert_eq!(suggest("Stratgy"), ["Strategy"]);
        assert_eq!(
            suggest("Security"),
            [
                "Execution:Security & Compliance",
                "Execution:Security & Compliance:Security tooling"
            ]
        );
        assert_eq!(
            suggest("mentorship"),
            ["Culture:Team Development:Technical mentorship"]
        );
        assert!(suggest("completely unrelated words").is_empty());
        assert!(suggest("Incident respnse").len() <= 3);
    }
}
