//! The journal: every loaded file's declarations applied journal-wide
//! (taxonomy, `tag`, `alias`, `target`), and every entry resolved to a node
//! of the taxonomy. Problems found on the way become diagnostics; what can
//! be kept is kept, so that one run reports everything.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::chunked::Chunked;
use crate::diag::{Code, Diagnostic, nearest_keyword};
use crate::load::{Confine, IoError, Loaded, describe, read_bytes};
use crate::parse::{Directive, Options, parse_file};
use crate::period::DateSpan;

use crate::resolve::{AliasTarget, Resolution, Resolver, longest_prefix};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::taxonomy::{NodeId, Origin, Taxonomy, builtin_names, fold_path, segment_count};

pub use crate::parse::{Entry, Keep, Notes};

/// A `target` declaration, resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// The node.
    pub node: NodeId,
    /// Lower bound as a fraction of the total.
    pub min: Option<f64>,
    /// Upper bound as a fraction of the total.
    pub max: Option<f64>,
    /// The first day in force (`from DATE`), `None` for the beginning.
    pub from: Option<NaiveDate>,
    /// The day the next target of the same node comes into force (this
    /// one's last day is the day before), `None` when none follows.
    pub until: Option<NaiveDate>,
}

impl Target {
    /// A target in force from the beginning, for ever.
    pub fn new(node: NodeId, min: Option<f64>, max: Option<f64>) -> Target {
        Target {
            node,
            min,
            max,
            from: None,
            until: None,
        }
    }

    /// Whether the target is in force on `day`: on or after its `from`
    /// and before the next `from` of the same node.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= day) && self.until.is_none_or(|until| day < until)
    }
}

/// A journal ready for reports.
pub struct Journal {
    /// The text of every file read.
    pub sources: Sources,
    /// The journal files, in load order.
    pub files: Vec<FileId>,
    /// The log of each of `files` (see [`crate::load::LoadedFile::log`]).
    pub logs: Vec<usize>,
    /// The taxonomy, extended by `tag` directives.
    pub taxonomy: Taxonomy,
    /// Every entry whose tag resolved, in load order.
    pub entries: Chunked<Entry>,
    /// The notes of `entries`, index for index (kept with [`Keep::Notes`]).
    pub notes: Chunked<Notes>,
    /// Where each file's entries start in `entries`, in load order.
    entry_files: Vec<(usize, FileId)>,
    /// Targets in declaration order.
    pub targets: Vec<Target>,
    /// Aliases by folded name, for resolving tags in queries.
    pub aliases: Vec<(String, AliasTarget)>,
    /// The running entries (`H:MM-?`) whose tag resolved, in load order:
    /// reports leave them out unless they are counted up to now.
    pub running: Vec<Timer>,
    /// Every problem found, in no particular order.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be read.
    pub io_errors: Vec<IoError>,
}

impl Journal {
    /// The text of a span of a file.
    pub fn text(&self, file: FileId, span: Span) -> &str {
        self.sources.get(file).slice(span)
    }

    /// A resolver for tags written outside the journal (query terms),
    /// with the journal's aliases.
    pub fn resolver(&self) -> Resolver<'_> {
        let mut resolver = Resolver::new(&self.taxonomy);
        for (name, target) in &self.aliases {
            resolver.set_alias(name.clone(), target.clone());
        }
        resolver
    }

    /// The file entry `index` is written in.
    pub fn file(&self, index: usize) -> FileId {
        let at = self
            .entry_files
            .partition_point(|&(start, _)| start <= index);
        self.entry_files[at.saturating_sub(1)].1
    }

    /// The note of entry `index` (empty unless built with [`Keep::Notes`]).
    pub fn note(&self, index: usize) -> &str {
        debug_assert!(
            self.notes.len() == self.entries.len(),
            "built without notes"
        );
        self.notes
            .get(index)
            .map_or("", |n| self.text(self.file(index), n.note))
    }

    /// The note of entry `index`'s day header (empty unless built with
    /// [`Keep::Notes`]).
    pub fn day_note(&self, index: usize) -> &str {
        debug_assert!(
            self.notes.len() == self.entries.len(),
            "built without notes"
        );
        self.notes
            .get(index)
            .map_or("", |n| self.text(self.file(index), n.day_note))
    }

    /// The 1-based line number of entry `index` (0 unless built with
    /// [`Keep::Notes`]).
    pub fn line(&self, index: usize) -> usize {
        self.notes.get(index).map_or(0, |n| {
            self.sources
                .get(self.file(index))
                .line_col(n.tag as usize)
                .0
        })
    }

    /// The first and last dates with an entry, if any.
    pub fn bounds(&self) -> Option<DateSpan> {
        let first = self.entries.iter().map(|e| e.date).min()?;
        let last = self.entries.iter().map(|e| e.date).max()?;
        Some(DateSpan::new(first, last))
    }
}

/// A running entry of the journal, its tag resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timer {
    /// The file it is written in.
    pub file: FileId,
    /// The log of that file (see [`crate::load::LoadedFile::log`]).
    pub log: usize,
    /// The node its tag names.
    pub node: NodeId,
    /// Where it is written, its day and its start.
    pub written: crate::parse::Running,
}

impl Journal {
    /// Counts entry-like time for `file`: an entry appended after all the
    /// others (the running entries counted up to now).
    pub fn push_entry(&mut self, file: FileId, entry: Entry, notes: Notes) {
        let with_notes = self.notes.len() == self.entries.len();
        if self
            .entry_files
            .last()
            .is_none_or(|&(_, last)| last != file)
        {
            self.entry_files.push((self.entries.len(), file));
        }
        self.entries.push_chunk(vec![entry]);
        if with_notes {
            self.notes.push_chunk(vec![notes]);
        }
    }
}

/// A directive with the file it stands in.
struct Declared {
    file: FileId,
    kind: Directive,
}

/// Builds the journal from loaded (parsed and checked) files.
pub fn build(loaded: Loaded) -> Journal {
    let Loaded {
        mut sources,
        mut files,
        tags,
        mut diagnostics,
        io_errors,
        confine,
        ..
    } = loaded;
    let declared: Vec<Declared> = files
        .iter()
        .flat_map(|file| {
            file.parsed.directives.iter().map(|d| Declared {
                file: file.id,
                kind: d.kind.clone(),
            })
        })
        .collect();
    for file in &mut files {
        diagnostics.append(&mut file.parsed.diagnostics);
    }
    let (mut taxonomy, usable) =
        choose_taxonomy(&declared, &mut sources, &mut diagnostics, &confine);
    let mut entries = Chunked::default();
    let mut targets = Vec::new();
    let mut aliases = Vec::new();
    let mut notes = Chunked::default();
    let mut entry_files = Vec::new();
    let mut running = Vec::new();
    if usable {
        apply_tags(&declared, &sources, &mut taxonomy, &mut diagnostics);
        let mut resolver = Resolver::new(&taxonomy);
        declare_aliases(&declared, &sources, &mut resolver, &mut diagnostics);
        targets = declare_targets(&declared, &sources, &resolver, &mut diagnostics);
        aliases = resolver
            .aliases()
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        // Each distinct written tag is resolved once for the journal, on
        // every core: an unknown one is compared with every node for its
        // did-you-mean, however many there are.
        let resolutions: Vec<Resolution> = tags.par_iter().map(|t| resolver.resolve(t)).collect();
        let outcomes: Vec<Resolved> = tags
            .iter()
            .zip(resolutions)
            .map(|(tag, resolution)| Resolved::of(&resolver, tag, "tag", resolution))
            .collect();
        for file in &mut files {
            let parsed = &mut file.parsed;
            // Where each entry's tag is written: from its notes, or (only
            // when one names no node) from reading the file again.
            let fails = |e: &Entry| !matches!(outcomes[e.node as usize], Resolved::Node(_));
            let places: Vec<u32> = if !parsed.entries.iter().any(fails) {
                Vec::new()
            } else if parsed.notes.len() == parsed.entries.len() {
                parsed.notes.iter().map(|n| n.tag).collect()
            } else {
                tag_places(file.id, &sources)
            };
            // Tag ids become nodes in place; entries whose tag names no node
            // are reported and dropped.
            let with_notes = parsed.notes.len() == parsed.entries.len();
            let mut kept = 0;
            for i in 0..parsed.entries.len() {
                let entry = parsed.entries[i];
                match &outcomes[entry.node as usize] {
                    Resolved::Node(node) => {
                        parsed.entries[kept] = Entry {
                            node: *node,
                            ..entry
                        };
                        if with_notes {
                            parsed.notes[kept] = parsed.notes[i];
                        }
                        kept += 1;
                    }
                    Resolved::Problem(problem) => {
                        let start = places.get(i).copied().unwrap_or(0);
                        let span = Span {
                            start,
                            end: start + tags[entry.node as usize].len() as u32,
                        };
                        diagnostics.push(problem.at(file.id, span));
                    }
                    Resolved::Silent => {}
                }
            }
            for written in std::mem::take(&mut parsed.running) {
                match Resolved::from(&resolver, &written.tag, "tag") {
                    Resolved::Node(node) => running.push(Timer {
                        file: file.id,
                        log: file.log,
                        node,
                        written,
                    }),
                    Resolved::Problem(problem) => {
                        diagnostics.push(problem.at(file.id, written.tag_span));
                    }
                    Resolved::Silent => {}
                }
            }
            parsed.entries.truncate(kept);
            parsed.notes.truncate(if with_notes { kept } else { 0 });
            if kept > 0 {
                entry_files.push((entries.len(), file.id));
            }
            entries.push_chunk(std::mem::take(&mut parsed.entries));
            notes.push_chunk(std::mem::take(&mut parsed.notes));
        }
    }
    Journal {
        files: files.iter().map(|f| f.id).collect(),
        logs: files.iter().map(|f| f.log).collect(),
        sources,
        taxonomy,
        entries,
        notes,
        entry_files,
        targets,
        aliases,
        running,
        diagnostics,
        io_errors,
    }
}

/// Where each entry's tag is written in a file, by parsing it again (its
/// text is read again if it was let go).
fn tag_places(file: FileId, sources: &Sources) -> Vec<u32> {
    let options = Options {
        today: chrono::NaiveDate::MAX,
        keep: Keep::Notes,
    };
    parse_file(file, sources.get(file), options)
        .notes
        .iter()
        .map(|n| n.tag)
        .collect()
}

/// A resolution failure, described once per distinct written tag.
pub struct Problem {
    /// `unknown_tag` or `ambiguous_tag`.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// A few words under the tag.
    pub label: String,
    /// The did-you-mean, or the candidates.
    pub help: String,
}

impl Problem {
    /// The problem as a diagnostic at a place.
    pub fn at(&self, file: FileId, span: Span) -> Diagnostic {
        Diagnostic::new(
            self.code,
            file,
            span,
            self.message.clone(),
            self.label.clone(),
        )
        // Helps of tag problems quote taxonomy paths (and at most a
        // duration the user wrote), so they are never cut.
        .with_whole_help(self.help.clone())
    }
}

/// The outcome of resolving one distinct written tag.
pub enum Resolved {
    /// It names this node.
    Node(NodeId),
    /// It names none, or several.
    Problem(Rc<Problem>),
    /// Broken through an alias that is reported at its declaration.
    Silent,
}

impl Resolved {
    /// Resolves `written`; `what` names it in messages (`tag`, `alias target`).
    pub fn from(resolver: &Resolver, written: &str, what: &str) -> Resolved {
        Resolved::of(resolver, written, what, resolver.resolve(written))
    }

    /// What `written` resolved to, as [`Resolved::from`] gives it.
    pub fn of(resolver: &Resolver, written: &str, what: &str, resolution: Resolution) -> Resolved {
        let taxonomy = resolver.taxonomy();
        let quoted = |nodes: &[NodeId]| -> Vec<String> {
            nodes
                .iter()
                .map(|&n| format!("`{}`", taxonomy.path(n)))
                .collect()
        };
        match resolution {
            Resolution::Node(node) => Resolved::Node(node),
            Resolution::BrokenAlias => Resolved::Silent,
            Resolution::Ambiguous(nodes) => Resolved::Problem(Rc::new(Problem {
                code: Code::AmbiguousTag,
                message: format!("ambiguous {what} `{written}`"),
                label: format!("matches {} nodes", nodes.len()),
                help: format!("write more of the path: {}", or_list(&quoted(&nodes))),
            })),
            Resolution::Unknown(nearest) => {
                let help = if written.contains(" #") {
                    "hashtags go in the note, after `;`: `45m  Risk assessment  ; #soc2`"
                        .to_string()
                } else if let Some(piece) = duration_piece(written) {
                    // Then the nearest node is what the rest of it means.
                    let tag = if nearest.is_empty() {
                        "the tag".to_string()
                    } else {
                        or_list(&quoted(&nearest))
                    };
                    format!(
                        "`{piece}` looks like part of the duration: write the duration without \
                         blanks (`1h30m`, `09:00-10:00`), then {tag}"
                    )
                } else if nearest.is_empty() {
                    "see `secl tags` for the taxonomy, or declare a new node with `tag FULL:PATH`"
                        .to_string()
                } else {
                    format!("did you mean {}?", or_list(&quoted(&nearest)))
                };
                Resolved::Problem(Rc::new(Problem {
                    code: Code::UnknownTag,
                    message: format!("unknown {what} `{written}`"),
                    label: "not in the taxonomy".into(),
                    help,
                }))
            }
        }
    }
}

/// The start of a tag that is really the rest of a duration written with a
/// blank inside (`30m` of `1h 30m`, `- 10:00` of `09:00 - 10:00`).
fn duration_piece(written: &str) -> Option<&str> {
    let first = written.split_whitespace().next()?;
    if crate::parse::duration::parse(first).is_ok() {
        return Some(first);
    }
    let rest = written.strip_prefix('-')?;
    let clock = rest.split_whitespace().next()?;
    let dash = written.len() - rest.len() + rest.find(clock)? + clock.len();
    crate::parse::duration::parse(clock)
        .is_ok()
        .then(|| &written[..dash])
}

/// `a`, `a or b`, `a, b or c`.
pub fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The identity of a `taxonomy` directive's argument.
/// A taxonomy file follows the include rules: a regular file (a FIFO would
/// block, `/dev/zero` never ends) inside the journal's directories.
fn taxonomy_origin(
    written: &str,
    declaring: &SourceFile,
    confine: &Confine,
) -> Result<Origin, String> {
    if let Some(name) = builtin_names().find(|n| *n == written) {
        return Ok(Origin::Builtin(name));
    }
    let path = Path::new(&declaring.name)
        .parent()
        .unwrap_or(Path::new(""))
        .join(written);
    let canonical = std::fs::canonicalize(&path).map_err(|err| describe(&err))?;
    let metadata = std::fs::metadata(&canonical).map_err(|err| describe(&err))?;
    if !metadata.is_file() {
        return Err("it is not a regular file".into());
    }
    if !confine.allows(&canonical) {
        return Err("it is outside the journal's directories; list its directory in $SECL_INCLUDE_DIRS to allow it".into());
    }
    Ok(Origin::File(canonical))
}

/// Picks the journal's taxonomy from its `taxonomy` directives (the first
/// decides; a different later one is a conflict). Returns false when the
/// taxonomy could not be loaded: tags are then not resolved at all, rather
/// than every one being reported unknown.
fn choose_taxonomy(
    declared: &[Declared],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
    confine: &Confine,
) -> (Taxonomy, bool) {
    let mut chosen: Option<(Origin, FileId, Span)> = None;
    let mut usable = true;
    for d in declared {
        let Directive::Taxonomy { name } = &d.kind else {
            continue;
        };
        let written = sources.get(d.file).slice(*name).to_string();
        let origin = match taxonomy_origin(&written, sources.get(d.file), confine) {
            Ok(origin) => origin,
            Err(why) => {
                let builtins: Vec<String> = builtin_names().map(|n| format!("`{n}`")).collect();
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownTaxonomy,
                        d.file,
                        *name,
                        format!("unknown taxonomy `{written}`: not a built-in, and the file cannot be read ({})", crate::load::lowercase_first(&why)),
                        "no such taxonomy",
                    )
                    .with_help(match nearest_keyword(&written, builtin_names()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("use a built-in ({}) or a path to a .taxonomy file relative to this journal", builtins.join(", ")),
                    }),
                );
                if chosen.is_none() {
                    usable = false;
                }
                continue;
            }
        };
        match &chosen {
            None => chosen = Some((origin, d.file, *name)),
            Some((first, first_file, first_span)) if *first != origin => {
                let first_name = sources.get(*first_file).slice(*first_span).to_string();
                let mut diagnostic = Diagnostic::new(
                    Code::TaxonomyConflict,
                    d.file,
                    *name,
                    format!("taxonomy `{written}` contradicts the earlier `taxonomy {first_name}`"),
                    "a second taxonomy",
                )
                .with_help(format!(
                    "a journal has one taxonomy; remove this line or the one in {}, or check the journals separately",
                    sources.get(*first_file).name
                ));
                if *first_file == d.file {
                    diagnostic = diagnostic.with_related(*first_span, "first declared here");
                }
                diagnostics.push(diagnostic);
            }
            Some(_) => {}
        }
    }
    if !usable {
        return (Taxonomy::builtin("sec").expect("built-in sec"), false);
    }
    let Some((Origin::File(path), declaring, span)) = chosen else {
        let name = match chosen {
            Some((Origin::Builtin(name), _, _)) => name,
            _ => "sec",
        };
        return (Taxonomy::builtin(name).expect("built-in taxonomy"), true);
    };
    let display = Path::new(&sources.get(declaring).name)
        .parent()
        .unwrap_or(Path::new(""))
        .join(sources.get(declaring).slice(span))
        .to_string_lossy()
        .into_owned();
    match read_bytes(&path) {
        Ok(bytes) => {
            let id = sources.add(SourceFile::from_bytes(display, Some(path.clone()), bytes));
            let (taxonomy, problems) = Taxonomy::parse(Origin::File(path), id, sources.get(id));
            diagnostics.extend(problems);
            (taxonomy, true)
        }
        Err(err) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnknownTaxonomy,
                    declaring,
                    span,
                    format!(
                        "cannot read the taxonomy `{display}`: {}",
                        describe(&err).to_lowercase()
                    ),
                    "unreadable taxonomy",
                )
                .with_help("give a path to a readable .taxonomy file, relative to this journal"),
            );
            (Taxonomy::builtin("sec").expect("built-in sec"), false)
        }
    }
}

/// Applies `tag` directives in load order.
fn apply_tags(
    declared: &[Declared],
    sources: &Sources,
    taxonomy: &mut Taxonomy,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for d in declared {
        let Directive::Tag { path } = &d.kind else {
            continue;
        };
        let written = sources.get(d.file).slice(*path);
        // Names hold single spaces, as the taxonomy keeps them.
        let segments: Vec<String> = written
            .split(':')
            .map(|segment| segment.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let mut parent: Option<NodeId> = None;
        for (i, segment) in segments.iter().enumerate() {
            match taxonomy.add_child(parent, segment) {
                Ok(id) => parent = Some(id),
                Err(clash) => {
                    let existing = taxonomy.node(clash.existing);
                    if i + 1 == segments.len() && existing.name != *segment {
                        let existing_path = taxonomy.path(clash.existing);
                        diagnostics.push(
                            Diagnostic::new(
                                Code::TagClash,
                                d.file,
                                *path,
                                format!("`tag {written}` names the existing node `{existing_path}`, spelled differently"),
                                "folds to an existing node",
                            )
                            .with_whole_help(format!("spell it `{existing_path}`, or remove the line: the node exists already")),
                        );
                    }
                    parent = Some(clash.existing);
                }
            }
        }
    }
}

/// One `alias` declaration.
struct AliasDecl {
    file: FileId,
    name: Span,
    target: Span,
    folded: String,
}

/// Declares every alias: checks names against tags, resolves targets
/// (aliases may refer to aliases), and reports clashes.
fn declare_aliases(
    declared: &[Declared],
    sources: &Sources,
    resolver: &mut Resolver,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let decls: Vec<AliasDecl> = declared
        .iter()
        .filter_map(|d| match &d.kind {
            Directive::Alias { name, target } => Some(AliasDecl {
                file: d.file,
                name: *name,
                target: *target,
                folded: fold_path(sources.get(d.file).slice(*name)),
            }),
            _ => None,
        })
        .collect();
    let text = |file: FileId, span: Span| sources.get(file).slice(span);
    // The first declaration of each name defines it.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, decl) in decls.iter().enumerate() {
        first.entry(decl.folded.as_str()).or_insert(i);
    }
    let mut clashing: Vec<String> = Vec::new();
    for (&name, &i) in &first {
        if let Resolution::Node(_) | Resolution::Ambiguous(_) = resolver.lookup(name) {
            let decl = &decls[i];
            let shown = match resolver.lookup(name) {
                Resolution::Node(node) => format!("`{}`", resolver.taxonomy().path(node)),
                Resolution::Ambiguous(nodes) => or_list(
                    &nodes
                        .iter()
                        .map(|&n| format!("`{}`", resolver.taxonomy().path(n)))
                        .collect::<Vec<_>>(),
                ),
                _ => unreachable!("matched above"),
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::AliasClash,
                    decl.file,
                    decl.name,
                    format!(
                        "the alias `{}` is also the tag {shown}",
                        text(decl.file, decl.name)
                    ),
                    "shadows a tag",
                )
                .with_help("choose an alias name that is not a node of the taxonomy"),
            );
            clashing.push(name.to_string());
        }
    }
    // A clashing alias is ignored: the tag keeps its meaning everywhere,
    // so nothing else is reported because of it.
    for name in &clashing {
        first.remove(name.as_str());
    }
    // An alias whose target starts with another alias is resolved after
    // that one: each alias's chain is followed to an alias already resolved
    // (or to a plain tag), then resolved back from there. A chain that comes
    // back on itself, or reaches one that did, never resolves: a cycle.
    let names: Vec<&str> = first.keys().copied().collect();
    let longest = names.iter().map(|n| segment_count(n)).max().unwrap_or(0);
    let depends_on = |i: usize| -> Option<usize> {
        let target = fold_path(text(decls[i].file, decls[i].target));
        longest_prefix(&target, longest, |prefix| first.get(prefix).copied()).map(|(_, d)| d)
    };
    let mut done: HashMap<usize, AliasTarget> = HashMap::new();
    let mut stuck: HashSet<usize> = HashSet::new();
    for &name in &names {
        // (alias, the alias its target starts with), each waiting for the next.
        let mut chain: Vec<(usize, Option<usize>)> = Vec::new();
        let mut on_chain: HashSet<usize> = HashSet::new();
        let mut at = Some(first[name]);
        let resolvable = loop {
            let Some(i) = at.filter(|i| !done.contains_key(i)) else {
                break true;
            };
            if stuck.contains(&i) || !on_chain.insert(i) {
                break false;
            }
            at = depends_on(i);
            chain.push((i, at));
        };
        if !resolvable {
            stuck.extend(on_chain);
            continue;
        }
        for &(i, dependency) in chain.iter().rev() {
            if let Some(dependency) = dependency {
                resolver.set_alias(decls[dependency].folded.clone(), done[&dependency].clone());
            }
            let decl = &decls[i];
            let target =
                match Resolved::from(resolver, text(decl.file, decl.target), "alias target") {
                    Resolved::Node(node) => AliasTarget::Node(node),
                    Resolved::Problem(problem) => {
                        diagnostics.push(problem.at(decl.file, decl.target));
                        AliasTarget::Broken
                    }
                    Resolved::Silent => AliasTarget::Broken,
                };
            done.insert(i, target);
        }
    }
    for &name in &names {
        let i = first[name];
        let target = done.entry(i).or_insert_with(|| {
            let decl = &decls[i];
            diagnostics.push(
                Diagnostic::new(
                    Code::AliasClash,
                    decl.file,
                    decl.target,
                    format!(
                        "the alias `{}` refers to itself through other aliases",
                        text(decl.file, decl.name)
                    ),
                    "alias cycle",
                )
                .with_help("point the alias at a tag of the taxonomy"),
            );
            AliasTarget::Broken
        });
        resolver.set_alias(name.to_string(), target.clone());
    }
    // A repeated name must mean the same node.
    for (i, decl) in decls.iter().enumerate() {
        let Some(&defining) = first.get(decl.folded.as_str()) else {
            continue;
        };
        if i == defining {
            continue;
        }
        let AliasTarget::Node(node) = done[&defining] else {
            continue;
        };
        let again = resolver.resolve(text(decl.file, decl.target));
        if again != Resolution::Node(node) {
            let first_decl = &decls[defining];
            let mut diagnostic = Diagnostic::new(
                Code::AliasClash,
                decl.file,
                decl.target,
                format!(
                    "the alias `{}` already stands for `{}`",
                    text(decl.file, decl.name),
                    resolver.taxonomy().path(node)
                ),
                "a second target",
            )
            .with_help(
                "an alias has one target: remove one of the declarations or rename this alias",
            );
            if first_decl.file == decl.file {
                diagnostic = diagnostic.with_related(first_decl.target, "first target");
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// Resolves `target` declarations; one node with two different ranges is
/// an error at the later line.
fn declare_targets(
    declared: &[Declared],
    sources: &Sources,
    resolver: &Resolver,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Target> {
    let mut targets: Vec<(Target, FileId, Span)> = Vec::new();
    let mut starts: HashMap<(NodeId, Option<NaiveDate>), usize> = HashMap::new();
    for d in declared {
        let Directive::Target {
            tag,
            range,
            min,
            max,
            from,
        } = &d.kind
        else {
            continue;
        };
        let written = sources.get(d.file).slice(*tag);
        let node = match Resolved::from(resolver, written, "tag") {
            Resolved::Node(node) => node,
            Resolved::Problem(problem) => {
                diagnostics.push(problem.at(d.file, *tag));
                continue;
            }
            Resolved::Silent => continue,
        };
        let target = Target {
            from: *from,
            ..Target::new(node, *min, *max)
        };
        // One declaration per (node, start): found by index, so that many
        // targets cost their number, not its square.
        let key = (node, target.from);
        match starts.get(&key).map(|&i| &targets[i]) {
            Some((existing, _, _)) if existing == &target => {}
            Some((_, file, span)) => {
                let earlier = sources.get(*file).slice(*span).to_string();
                let start = match target.from {
                    Some(from) => format!("from {from}"),
                    None => "from the beginning".to_string(),
                };
                let mut diagnostic = Diagnostic::new(
                    Code::BadTarget,
                    d.file,
                    *range,
                    format!(
                        "`{}` already has the target {earlier} {start}",
                        resolver.taxonomy().path(node)
                    ),
                    "a second, different range",
                )
                .with_help(
                    "a node has one target range at a time: remove one of them, \
                     or start the new one on another day with `from YYYY-MM-DD`",
                );
                if *file == d.file {
                    diagnostic = diagnostic.with_related(*span, "first range");
                }
                diagnostics.push(diagnostic);
            }
            None => {
                starts.insert(key, targets.len());
                targets.push((target, d.file, *range));
            }
        }
    }
    let mut targets: Vec<Target> = targets.into_iter().map(|(t, _, _)| t).collect();
    // Each target holds until the next start of the same node: in the
    // order (node, start), the next one of the same node.
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by_key(|&i| (targets[i].node, targets[i].from));
    for pair in order.windows(2) {
        let next = targets[pair[1]];
        if next.node == targets[pair[0]].node {
            targets[pair[0]].until = next.from;
        }
    }
    targets
}
