//! Queries (grammar.md, Reports): which entries a report counts. Terms are tags (a node
//! and everything under it, resolved like journal tags), `not:TAG`,
//! `#NAME` or `hashtag:NAME`, and `note:REGEX` (over the entry's note and
//! its day's note). Tag terms OR together;
//! every other term must also hold.

use regex::{Regex, RegexBuilder};

use crate::journal::{Entry, Journal, Resolved};
use crate::parse::hashtags;
use crate::taxonomy::{NodeId, Taxonomy};

/// A query term that could not be understood: a usage error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// A parsed query.
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// Tag terms: an entry under any of these nodes matches.
    pub tags: Vec<NodeId>,
    /// `not:` terms: an entry under any of these nodes does not match.
    pub excluded: Vec<NodeId>,
    /// `#` terms, lower-cased: an entry must carry every one.
    pub hashtags: Vec<String>,
    /// `note:` terms: each must match the entry's note or its day's note.
    pub notes: Vec<Regex>,
}

impl Query {
    /// Parses query terms against a journal's taxonomy and aliases.
    pub fn parse(terms: &[String], journal: &Journal) -> Result<Query, QueryError> {
        let resolver = journal.resolver();
        let node = |written: &str| -> Result<NodeId, QueryError> {
            match Resolved::from(&resolver, written, "tag") {
                Resolved::Node(node) => Ok(node),
                // A second period is read as a tag; say what was meant.
                Resolved::Problem(problem) if crate::period::looks_like_period(written) => {
                    Err(QueryError {
                        message: format!("{} in the query", problem.message),
                        help: format!(
                            "`{written}` reads as a period, but only the first argument is the period: \
                             write one span as A..B, or compare with --compare={written}"
                        ),
                    })
                }
                // A period typed wrong (`novmber`, `tody`) that is no tag either.
                Resolved::Problem(_) if let Some(nearest) = crate::period::nearest(written) => {
                    Err(QueryError {
                        message: format!("`{written}` is neither a period nor a tag"),
                        help: format!("did you mean the period `{nearest}`?"),
                    })
                }
                Resolved::Problem(problem) => Err(QueryError {
                    message: format!("{} in the query", problem.message),
                    help: problem.help.clone(),
                }),
                // Reports refuse journals with broken aliases before queries.
                Resolved::Silent => Err(QueryError {
                    message: format!("`{written}` uses a broken alias"),
                    help: "run `secl check` to see the alias's problem".into(),
                }),
            }
        };
        let mut query = Query::default();
        for term in terms {
            if let Some(tag) = term.strip_prefix("not:") {
                query.excluded.push(node(tag)?);
            } else if let Some(name) = term
                .strip_prefix('#')
                .or_else(|| term.strip_prefix("hashtag:"))
            {
                if name.is_empty() {
                    return Err(QueryError {
                        message: format!("`{term}` names no hashtag"),
                        help: "write `#planning` or `hashtag:planning`".into(),
                    });
                }
                query.hashtags.push(name.to_lowercase());
            } else if let Some(pattern) = term.strip_prefix("note:") {
                let regex = RegexBuilder::new(pattern)
                    .case_insensitive(true)
                    .build()
                    .map_err(|err| QueryError {
                        message: format!("`{pattern}` is not a valid regular expression"),
                        help: err
                            .to_string()
                            .lines()
                            .last()
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    })?;
                query.notes.push(regex);
            } else {
                query.tags.push(node(term)?);
            }
        }
        Ok(query)
    }

    /// Whether query terms read entries' notes (`#`, `hashtag:`, `note:`).
    pub fn reads_notes(terms: &[String]) -> bool {
        terms
            .iter()
            .any(|t| t.starts_with('#') || t.starts_with("hashtag:") || t.starts_with("note:"))
    }

    /// True when the query has no terms.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.excluded.is_empty()
            && self.hashtags.is_empty()
            && self.notes.is_empty()
    }

    /// A matcher for this query over a journal.
    pub fn matcher<'j>(&'j self, journal: &'j Journal) -> Matcher<'j> {
        let taxonomy = &journal.taxonomy;
        let mut node_matches = vec![self.tags.is_empty(); taxonomy.len()];
        mark_subtrees(taxonomy, &self.tags, &mut node_matches, true);
        mark_subtrees(taxonomy, &self.excluded, &mut node_matches, false);
        Matcher {
            query: self,
            journal,
            node_matches,
        }
    }
}

/// Sets `marks` to `value` for every node in the subtrees of `roots`.
fn mark_subtrees(taxonomy: &Taxonomy, roots: &[NodeId], marks: &mut [bool], value: bool) {
    let mut stack: Vec<NodeId> = roots.to_vec();
    while let Some(id) = stack.pop() {
        marks[id as usize] = value;
        stack.extend(taxonomy.node(id).children.iter().copied());
    }
}

/// A query ready to test entries: tag terms are precomputed per node.
pub struct Matcher<'j> {
    query: &'j Query,
    journal: &'j Journal,
    node_matches: Vec<bool>,
}

impl Matcher<'_> {
    /// Whether the query's tag terms (and `not:` terms) let this node's own
    /// entries count.
    pub fn counts_node(&self, node: NodeId) -> bool {
        self.node_matches[node as usize]
    }

    /// Whether the query counts entry `index` (which is `entry`).
    pub fn matches(&self, index: usize, entry: &Entry) -> bool {
        if !self.node_matches[entry.node as usize] {
            return false;
        }
        if !self.query.hashtags.is_empty() {
            let note = self.journal.note(index);
            let day_note = self.journal.day_note(index);
            let carries = |wanted: &String| {
                hashtags(note)
                    .chain(hashtags(day_note))
                    .any(|tag| tag.to_lowercase() == *wanted)
            };
            if !self.query.hashtags.iter().all(carries) {
                return false;
            }
        }
        if !self.query.notes.is_empty() {
            // Each pattern may match the entry's note or its day's note,
            // as a day note's hashtags apply to the day's entries.
            let note = self.journal.note(index);
            let day_note = self.journal.day_note(index);
            let found = |regex: &Regex| regex.is_match(note) || regex.is_match(day_note);
            if !self.query.notes.iter().all(found) {
                return false;
            }
        }
        true
    }
}
