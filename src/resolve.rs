//! Tag resolution (grammar.md, Tags): a written tag to a node of the taxonomy, by
//! alias, whole path, or unique trailing segments; and, when nothing
//! matches, the nearest nodes for a *did you mean*.
//!
//! The resolver is built once per journal, after every `tag` directive has
//! been applied; callers resolve each distinct written tag once. The index
//! of trailing segments holds numbers, not strings (a few per node and
//! level), and a written tag is looked up in time in proportion to its
//! length, however many segments it has.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::taxonomy::{MAX_DEPTH, NameId, NodeId, Taxonomy, fold_path, segment_count};

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
    /// Runs of trailing segments, as a trie read from the last segment
    /// back: (run, the folded name before it) → the longer run. Run 0 is
    /// the empty run.
    runs: FxHashMap<(u32, NameId), u32>,
    /// The nodes whose paths end with run `r` are
    /// `ending[starts[r]..starts[r + 1]]`, in taxonomy order.
    starts: Vec<u32>,
    ending: Vec<NodeId>,
    /// Folded alias name → target.
    aliases: HashMap<String, AliasTarget>,
    /// The most segments an alias name has.
    alias_segments: usize,
    /// Every node in taxonomy order.
    order: Vec<NodeId>,
    /// What the did-you-mean search compares with, made when a journal
    /// first needs it.
    candidates: OnceLock<Vec<Candidate>>,
}

/// A node as the did-you-mean search sees it: its folded path, and where
/// each of its segments starts in it (in bytes and in characters, with the
/// [`char_mask`] of the rest), so that its trailing segments are a slice
/// of one string.
struct Candidate {
    path: String,
    starts: Vec<(u32, u32, u64)>,
    chars: usize,
}

/// Some text to compare with: the text, its length in characters and its
/// [`char_mask`].
type Piece<'a> = (&'a str, usize, u64);

impl Candidate {
    fn new(path: String) -> Candidate {
        let mut starts = vec![(0, 0, 0)];
        let mut chars = 0;
        for (byte, c) in path.char_indices() {
            chars += 1;
            if c == ':' {
                starts.push((byte as u32 + 1, chars as u32, 0));
            }
        }
        for start in &mut starts {
            start.2 = char_mask(&path[start.0 as usize..]);
        }
        Candidate {
            path,
            starts,
            chars,
        }
    }

    /// The node's last `count` segments, if it has that many.
    fn trailing(&self, count: usize) -> Option<Piece<'_>> {
        let at = self.starts.len().checked_sub(count)?;
        let (byte, char, mask) = self.starts[at];
        Some((
            &self.path[byte as usize..],
            self.chars - char as usize,
            mask,
        ))
    }
}

/// The characters a text has, each as one of 64 bits. One edit changes at
/// most two bits, so two texts whose masks differ in `n` bits are at least
/// `n / 2` edits apart (rounded up).
fn char_mask(text: &str) -> u64 {
    text.chars().fold(0, |mask, c| mask | 1 << (c as u32 % 64))
}

impl<'t> Resolver<'t> {
    /// Indexes `taxonomy` for resolution.
    pub fn new(taxonomy: &'t Taxonomy) -> Resolver<'t> {
        let order = taxonomy.preorder();
        // Each node ends the runs of its last one, two, … segments: number
        // the runs, count their nodes, then list the nodes run by run.
        let mut runs = FxHashMap::default();
        let mut counts: Vec<u32> = vec![0];
        let mut ended: Vec<u32> = Vec::new();
        for &id in &order {
            let mut run = 0;
            let mut at = Some(id);
            while let Some(node) = at.map(|n| taxonomy.node(n)) {
                let next = counts.len() as u32;
                run = *runs.entry((run, node.name_id)).or_insert(next);
                if run == next {
                    counts.push(0);
                }
                counts[run as usize] += 1;
                ended.push(run);
                at = node.parent;
            }
        }
        let starts: Vec<u32> = std::iter::once(0)
            .chain(counts.iter().scan(0, |total, &count| {
                *total += count;
                Some(*total)
            }))
            .collect();
        let mut filled = starts.clone();
        let mut ending = vec![0; ended.len()];
        let owners = order
            .iter()
            .flat_map(|&id| std::iter::repeat_n(id, taxonomy.node(id).depth as usize));
        for (run, id) in ended.into_iter().zip(owners) {
            ending[filled[run as usize] as usize] = id;
            filled[run as usize] += 1;
        }
        Resolver {
            taxonomy,
            runs,
            starts,
            ending,
            aliases: HashMap::new(),
            alias_segments: 0,
            order,
            candidates: OnceLock::new(),
        }
    }

    /// Every node in taxonomy order as the did-you-mean search sees it.
    fn candidates(&self) -> &[Candidate] {
        self.candidates.get_or_init(|| {
            self.order
                .iter()
                .map(|&id| Candidate::new(self.taxonomy.folded_path(id)))
                .collect()
        })
    }

    /// The taxonomy resolved against.
    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.taxonomy
    }

    /// Declares an alias (its name already folded with [`fold_path`]; at
    /// most [`MAX_DEPTH`] segments, as the parser makes sure).
    pub fn set_alias(&mut self, folded_name: String, target: AliasTarget) {
        let segments = segment_count(&folded_name);
        debug_assert!(segments <= MAX_DEPTH, "alias `{folded_name}` is too long");
        self.alias_segments = self.alias_segments.max(segments);
        self.aliases.insert(folded_name, target);
    }

    /// Every alias declared, by folded name.
    pub fn aliases(&self) -> impl Iterator<Item = (&String, &AliasTarget)> {
        self.aliases.iter()
    }

    /// The longest leading run of whole segments of `folded` that is an
    /// alias: its byte length in `folded` and its target.
    pub fn alias_prefix(&self, folded: &str) -> Option<(usize, &AliasTarget)> {
        longest_prefix(folded, self.alias_segments, |prefix| {
            self.aliases.get(prefix)
        })
    }

    /// Resolves a written tag (grammar.md, Tags).
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
            return self.resolve_tag(&expanded);
        }
        self.resolve_tag(folded)
    }

    /// Steps 2 to 4: whole path, unique trailing segments, or the nearest
    /// nodes for a tag that names none.
    pub fn resolve_tag(&self, folded: &str) -> Resolution {
        match self.lookup(folded) {
            Resolution::Unknown(_) => Resolution::Unknown(self.suggest(folded)),
            found => found,
        }
    }

    /// Steps 2 and 3 alone: whole path, then unique trailing segments; an
    /// unknown tag comes back without nearest nodes, at no cost. Either
    /// lookup stops at the first segment no path has, so a tag of more
    /// segments than any path costs no more than its first ones.
    pub fn lookup(&self, folded: &str) -> Resolution {
        if let Some(node) = self.taxonomy.find(folded) {
            return Resolution::Node(node);
        }
        match self.ending_with(folded) {
            [node] => Resolution::Node(*node),
            [] => Resolution::Unknown(Vec::new()),
            nodes => Resolution::Ambiguous(nodes.to_vec()),
        }
    }

    /// The nodes whose paths end with the segments of a folded tag, in
    /// taxonomy order.
    fn ending_with(&self, folded: &str) -> &[NodeId] {
        let mut run = 0;
        for segment in folded.rsplit(':') {
            let longer = self
                .taxonomy
                .name_id(segment)
                .and_then(|name| self.runs.get(&(run, name)));
            match longer {
                Some(&longer) => run = longer,
                None => return &[],
            }
        }
        let run = run as usize;
        &self.ending[self.starts[run] as usize..self.starts[run + 1] as usize]
    }

    /// Up to three nodes nearest to a folded tag that matched nothing,
    /// ranked by edit distance to the whole path, to the node's trailing
    /// segments of the same count, and to its last segment alone. A tag of
    /// more segments than any path has none.
    ///
    /// Every node is weighed, in taxonomy order; once some are found, a
    /// distance is only counted as far as it could still change the
    /// outcome (within one of the best, and below the third found), which
    /// keeps each comparison a few cells of the table.
    pub fn suggest(&self, folded: &str) -> Vec<NodeId> {
        let segments = segment_count(folded);
        if segments > MAX_DEPTH {
            return Vec::new();
        }
        let last = folded.rsplit(':').next().unwrap_or(folded);
        let written = Written::new(folded);
        let written_last = Written::new(last);
        let allowed = |length: usize| length.min(120).div_ceil(3).max(1);
        let limit = allowed(folded.len());
        let last_limit = allowed(last.len());
        let length = last.chars().count();
        // A node named after one segment only is one step further.
        let extra = usize::from(segments > 1);
        let mut scratch = Scratch::default();
        // The nearest three so far, by distance then rank.
        let mut nearest: Vec<(usize, NodeId)> = Vec::with_capacity(4);
        for (&id, candidate) in self.order.iter().zip(self.candidates()) {
            // The farthest a node met from now on may be and still count.
            let bound = match nearest.as_slice() {
                [] => usize::MAX,
                [best, _, third] => match third.0.checked_sub(1) {
                    Some(below) => below.min(best.0 + 1),
                    None => break,
                },
                [best, ..] => best.0 + 1,
            };
            let within = limit.min(bound);
            let depth = candidate.starts.len();
            let whole = written.distance(candidate.trailing(depth), within, &mut scratch);
            let tail = if segments == depth {
                None
            } else {
                written.distance(candidate.trailing(segments), within, &mut scratch)
            };
            let own_piece = candidate.trailing(1);
            let own = own_piece.map_or("", |p| p.0);
            // A tag of one segment is its last: `whole` or `tail` said it.
            let by_last = match bound.checked_sub(extra) {
                Some(reach) if !last.is_empty() && segments > 1 => written_last
                    .distance(own_piece, last_limit.min(reach), &mut scratch)
                    .map(|d| d + extra),
                _ => None,
            };
            // A written name that starts a node's name (`Security` for
            // `Security & Compliance`) is a near miss too.
            // So is one that ends it (`mentorship` for `Technical
            // mentorship`; folding has dropped the blanks between words).
            let by_prefix = (bound >= 2
                && ((length >= 3 && own.starts_with(last))
                    || (length >= 5 && own.ends_with(last))))
            .then_some(2);
            if let Some(best) = [whole, tail, by_last, by_prefix]
                .into_iter()
                .flatten()
                .min()
            {
                let at = nearest.partition_point(|n| n.0 <= best);
                nearest.insert(at, (best, id));
                nearest.truncate(3);
            }
        }
        // Only the nearest few: a far second guess is noise.
        let best = nearest.first().map_or(0, |s| s.0);
        nearest
            .into_iter()
            .take_while(|s| s.0 <= best + 1)
            .map(|(_, id)| id)
            .collect()
    }
}

/// A written tag (or its last segment) as the did-you-mean search compares
/// it: its characters are listed once, not at every node.
struct Written<'a> {
    text: &'a str,
    chars: Vec<char>,
    mask: u64,
}

impl<'a> Written<'a> {
    fn new(text: &'a str) -> Written<'a> {
        let chars = if text.is_ascii() {
            Vec::new()
        } else {
            text.chars().collect()
        };
        Written {
            text,
            chars,
            mask: char_mask(text),
        }
    }

    fn char_count(&self) -> usize {
        if self.text.is_ascii() {
            self.text.len()
        } else {
            self.chars.len()
        }
    }

    /// The edit distance to `other`, if there is one and it is at most
    /// `limit`. Texts whose lengths or characters tell they are farther
    /// apart are not compared.
    fn distance(&self, other: Option<Piece>, limit: usize, scratch: &mut Scratch) -> Option<usize> {
        let (other, other_chars, other_mask) = other?;
        if other_chars.abs_diff(self.char_count()) > limit
            || ((self.mask ^ other_mask).count_ones() as usize).div_ceil(2) > limit
        {
            return None;
        }
        if self.text.is_ascii() && other.is_ascii() {
            return scratch.distance(self.text.as_bytes(), other.as_bytes(), limit);
        }
        let mine: Vec<char>;
        let mine = if self.text.is_ascii() {
            mine = self.text.chars().collect();
            &mine
        } else {
            &self.chars
        };
        let theirs: Vec<char> = other.chars().collect();
        scratch.distance(mine, &theirs, limit)
    }
}

/// The longest leading run of at most `segments` whole segments of `folded`
/// that `lookup` knows: its byte length in `folded` and what `lookup` gives.
/// Only those few runs are tried, so a tag of many segments costs no more
/// than its first ones.
pub fn longest_prefix<T>(
    folded: &str,
    segments: usize,
    lookup: impl Fn(&str) -> Option<T>,
) -> Option<(usize, T)> {
    let mut ends: Vec<usize> = memchr::memchr_iter(b':', folded.as_bytes())
        .take(segments)
        .collect();
    if ends.len() < segments {
        ends.push(folded.len());
    }
    ends.into_iter()
        .rev()
        .find_map(|end| lookup(&folded[..end]).map(|found| (end, found)))
}

/// The Levenshtein distance between two strings in characters, if it is
/// at most `limit`.
#[cfg(test)]
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let b = (b, b.chars().count(), char_mask(b));
    Written::new(a).distance(Some(b), limit, &mut Scratch::default())
}

/// The two rows of the table of a Levenshtein distance, kept from one
/// comparison to the next.
#[derive(Default)]
struct Scratch {
    previous: Vec<usize>,
    row: Vec<usize>,
}

impl Scratch {
    /// The Levenshtein distance between two sequences, if it is at most
    /// `limit`. Only cells within `limit` of the diagonal are computed, so
    /// two long sequences cost their length times `limit`, not its square;
    /// and it stops at the first row whose every cell is past `limit`.
    fn distance<T: PartialEq>(&mut self, a: &[T], b: &[T], limit: usize) -> Option<usize> {
        if a.len().abs_diff(b.len()) > limit {
            return None;
        }
        // Rows of the usual table, every value over `limit` kept as `far`.
        let far = limit + 1;
        let (previous, row) = (&mut self.previous, &mut self.row);
        previous.clear();
        previous.extend((0..=b.len()).map(|j| j.min(far)));
        row.clear();
        row.resize(b.len() + 1, far);
        for i in 1..=a.len() {
            let low = i.saturating_sub(limit).max(1);
            let high = (i + limit).min(b.len());
            row[low - 1] = if low == 1 { i.min(far) } else { far };
            let mut least = row[low - 1];
            for j in low..=high {
                let substitute = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
                row[j] = substitute.min(previous[j] + 1).min(row[j - 1] + 1).min(far);
                least = least.min(row[j]);
            }
            if high < b.len() {
                row[high + 1] = far;
            }
            if least == far {
                return None;
            }
            std::mem::swap(previous, row);
        }
        let distance = previous[b.len()];
        (distance <= limit).then_some(distance)
    }
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
    fn edit_distance_within_a_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "strategy",
            "stratgy",
            "strtegy",
            "risk",
            "ärger",
            "ärgre",
            "straße",
            "strasse",
            "technologyplanning",
            "tecnologyplaning",
        ];
        for a in words {
            for b in words {
                let exact = strsim::levenshtein(a, b);
                for limit in 0..5 {
                    let within = (exact <= limit).then_some(exact);
                    assert_eq!(edit_distance(a, b, limit), within, "{a} {b} {limit}");
                }
            }
        }
        // Two long strings cost their length times the limit.
        let long = "ab".repeat(500_000);
        let near = format!("x{}y", &long[1..]);
        assert_eq!(edit_distance(&long, &near, 40), Some(2));
        assert_eq!(edit_distance(&long, &"ba".repeat(500_000), 40), Some(2));
    }

    #[test]
    fn longest_prefix_tries_only_the_first_segments() {
        let known = |prefix: &str| ["a", "a:b", "a:b:c"].contains(&prefix).then_some(());
        assert_eq!(longest_prefix("a:b:c:d", 3, known), Some((5, ())));
        assert_eq!(longest_prefix("a:b:c:d", 2, known), Some((3, ())));
        assert_eq!(longest_prefix("a:b", 5, known), Some((3, ())));
        assert_eq!(longest_prefix("a", 1, known), Some((1, ())));
        assert_eq!(longest_prefix("b:a", 2, known), None);
        assert_eq!(longest_prefix("a", 0, known), None);
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

    /// Did-you-mean as grammar.md decision 20 says, weighing every node in
    /// full: what the cut-offs of [`Resolver::suggest`] must not change.
    fn weighing_every_node(r: &Resolver, folded: &str) -> Vec<NodeId> {
        let segments = segment_count(folded);
        let last = folded.rsplit(':').next().unwrap();
        let allowed = |length: usize| length.min(120).div_ceil(3).max(1);
        let within = |a: &str, b: &str, limit: usize| {
            let d = strsim::levenshtein(a, b);
            (d <= limit).then_some(d)
        };
        let mut scored = Vec::new();
        for (rank, &id) in r.order.iter().enumerate() {
            let path = r.taxonomy().folded_path(id);
            let parts: Vec<&str> = path.split(':').collect();
            let whole = within(folded, &path, allowed(folded.len()));
            let tail = (segments < parts.len())
                .then(|| parts[parts.len() - segments..].join(":"))
                .and_then(|tail| within(folded, &tail, allowed(folded.len())));
            let own = parts[parts.len() - 1];
            let by_last =
                within(last, own, allowed(last.len())).map(|d| d + usize::from(segments > 1));
            let length = last.chars().count();
            let by_prefix = ((length >= 3 && own.starts_with(last))
                || (length >= 5 && own.ends_with(last)))
            .then_some(2);
            if let Some(best) = [whole, tail, by_last, by_prefix]
                .into_iter()
                .flatten()
                .min()
            {
                scored.push((best, rank, id));
            }
        }
        scored.sort_unstable();
        let best = scored.first().map_or(0, |s| s.0);
        scored
            .into_iter()
            .take_while(|s| s.0 <= best + 1)
            .take(3)
            .map(|s| s.2)
            .collect()
    }

    #[test]
    fn did_you_mean_is_the_same_as_weighing_every_node_in_full() {
        let mut sec = Taxonomy::builtin("sec").unwrap();
        let parent = sec.add_child(None, "Straße").unwrap();
        sec.add_child(Some(parent), "Ärger über Größe").unwrap();
        for taxonomy in [sec, Taxonomy::builtin("cto").unwrap()] {
            let r = Resolver::new(&taxonomy);
            // Every other node, with edits at its start or in its middle.
            for &id in r.order.iter().step_by(2) {
                let path = taxonomy.folded_path(id);
                let last = path.rsplit(':').next().unwrap().to_string();
                for written in [path, last] {
                    let chars: Vec<char> = written.chars().collect();
                    {
                        let at = if id % 4 == 0 { 0 } else { chars.len() / 2 };
                        let mut typos = vec![chars.clone(), chars.clone(), chars.clone()];
                        typos[0].remove(at);
                        typos[1].insert(at, 'x');
                        typos[2][at] = 'q';
                        for typo in typos {
                            let typo: String = typo.into_iter().collect();
                            if !matches!(r.lookup(&typo), Resolution::Unknown(_)) {
                                continue;
                            }
                            assert_eq!(r.suggest(&typo), weighing_every_node(&r, &typo), "{typo}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn paths_as_deep_as_the_taxonomy_goes() {
        let mut taxonomy = Taxonomy::builtin("sec").unwrap();
        let mut parent = None;
        for level in 1..=MAX_DEPTH {
            parent = Some(taxonomy.add_child(parent, &format!("L{level}")).unwrap());
        }
        let r = Resolver::new(&taxonomy);
        let path: Vec<String> = (1..=MAX_DEPTH).map(|l| format!("L{l}")).collect();
        assert_eq!(resolved(&r, &path.join(":")), path.join(":"));
        assert_eq!(resolved(&r, &path[1..].join(":")), path.join(":"));
        assert_eq!(resolved(&r, "L31:L32"), path.join(":"));
        // One segment more than any path has: unknown at once, no guesses.
        let deeper = format!("L0:{}", path.join(":"));
        assert_eq!(r.resolve(&deeper), Resolution::Unknown(Vec::new()));
    }

    #[test]
    fn long_tags_cost_their_length() {
        let sec = Taxonomy::builtin("sec").unwrap();
        let mut r = Resolver::new(&sec);
        let strategy = sec.find("strategy").unwrap();
        r.set_alias("okr".into(), AliasTarget::Node(strategy));
        r.set_alias("a:b".into(), AliasTarget::Node(strategy));
        // 200,000 segments (each once cost a hash of everything before it).
        let many = vec!["a"; 200_000].join(":");
        assert_eq!(r.resolve(&many), Resolution::Unknown(Vec::new()));
        assert_eq!(
            r.resolve(&format!("okr:{many}")),
            Resolution::Unknown(Vec::new())
        );
        assert_eq!(r.resolve("a:b"), Resolution::Node(strategy));
        assert!(matches!(r.resolve("a:b:Nope"), Resolution::Unknown(_)));
    }
}
