//! Loading a journal (grammar.md, opening and `include`): the inputs named by the user, the `.sec`
//! files below directories, and everything pulled in by `include`, each
//! file read and parsed once.
//!
//! Files are read and parsed in parallel, in waves: the inputs, then the
//! files they include, and so on. The load order (each file, then its
//! includes, depth first) is settled afterwards by walking the include
//! graph with an explicit stack, never recursion, so a thousand-deep chain
//! cannot overflow; a file reached again while it is still on the chain is
//! an include cycle.
//!
//! Written tags are interned journal-wide as files are parsed, so that a
//! file's text can be let go as soon as it is parsed when nothing will
//! need it again (it is read again for a diagnostic that quotes it).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::RwLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::{Code, Diagnostic};
use crate::parse::{Directive, Keep, Options, ParsedFile, parse_file};
pub use crate::source::read_bytes;
use crate::source::{FileId, SourceFile, Sources, Span};

/// One input named by the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `-`: standard input.
    Stdin,
    /// A file (read whatever its extension) or a directory (its `.sec` files).
    Path(PathBuf),
    /// The default input: the `.sec` files below this directory, named
    /// relative to it.
    Default(PathBuf),
}

/// A file or directory that could not be read: exit 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoError {
    /// The path as the user gave or reached it.
    pub path: String,
    /// What went wrong.
    pub message: String,
    /// True when a directory simply holds no `.sec` file.
    pub no_journal: bool,
}

impl std::fmt::Display for IoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

/// A journal file, parsed.
pub struct LoadedFile {
    /// Its id in [`Loaded::sources`].
    pub id: FileId,
    /// What it holds; its entries' `node` is an index into [`Loaded::tags`].
    pub parsed: ParsedFile,
    /// The log it belongs to: the index, among the top-level inputs in
    /// order, of the first one that reaches it (a file named or walked,
    /// with every file it includes, is one person's log).
    pub log: usize,
}

/// Everything read for one journal.
#[derive(Default)]
pub struct Loaded {
    /// The texts of every file read.
    pub sources: Sources,
    /// The journal files in load order.
    pub files: Vec<LoadedFile>,
    /// The top-level files (one log each), in order.
    pub roots: Vec<FileId>,
    /// Every distinct written tag of the journal.
    pub tags: Vec<String>,
    /// Include diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Inputs that could not be read.
    pub io_errors: Vec<IoError>,
    /// The directories the journal's includes and taxonomy files must stay in.
    pub confine: Confine,
}

/// How a journal is loaded beyond its inputs.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Whether to look for `.sec` files below each journal root that its
    /// journal does not reach (`secl::not_included`; only `check` does).
    pub not_included: bool,
    /// Directories includes and taxonomy files may name besides the
    /// inputs' own (`$SECL_INCLUDE_DIRS`).
    pub allowed: Vec<PathBuf>,
    /// Texts read instead of the files on disk, by canonical path (an
    /// editor's unsaved buffers, for `secl lsp`).
    pub overlay: Overlay,
}

/// Canonical path → the text to read instead of the file's.
pub type Overlay = std::sync::Arc<HashMap<PathBuf, String>>;

/// The directory trees a journal may read from (grammar.md "What a journal
/// can read"): the directory of each top-level input, and the directories
/// allowed explicitly. Includes and taxonomy files must stay inside them
/// (canonical paths: a symlink out of the tree does not count as inside),
/// so that a journal from an untrusted source cannot make secl quote
/// `/etc/passwd` or `/proc/self/environ` in a diagnostic. (Walks keep to
/// their own directory, see [`walk`].)
#[derive(Clone, Debug, Default)]
pub struct Confine {
    dirs: Vec<PathBuf>,
}

impl Confine {
    /// Adds a directory tree (made canonical; one that does not exist adds
    /// nothing).
    pub fn allow(&mut self, dir: &Path) {
        if let Ok(canonical) = std::fs::canonicalize(dir)
            && !self.dirs.contains(&canonical)
        {
            self.dirs.push(canonical);
        }
    }

    /// Whether a canonical path is inside one of the trees.
    pub fn allows(&self, canonical: &Path) -> bool {
        self.dirs.iter().any(|dir| canonical.starts_with(dir))
    }

    /// Whether a directory is inside one of the trees or on the way to one
    /// (a glob walks only these).
    fn leads_in(&self, dir: &Path) -> bool {
        let Ok(canonical) = std::fs::canonicalize(dir) else {
            return false;
        };
        self.dirs
            .iter()
            .any(|tree| canonical.starts_with(tree) || tree.starts_with(&canonical))
    }
}

/// How deep includes may nest: a chain deeper than this is cut with a
/// diagnostic (a journal needs two or three levels).
pub const MAX_INCLUDE_DEPTH: u32 = 64;

/// Every `.sec` file below `root`, sorted by name, hidden names skipped,
/// symlink loops skipped silently; each with the name it is shown by
/// (relative to `root` for the default input). A directory holding no
/// `.sec` file is an I/O error too, and so is an unreadable directory or
/// `.sec` file below it (see [`beside_the_journal`] for what is not).
pub fn walk(root: &Path, name: &str, default: bool) -> (Vec<(PathBuf, String)>, Vec<IoError>) {
    walk_files(root, name, default, false)
}

/// [`walk`] as a journal's inputs are walked: a subdirectory holding a
/// `journal.sec` is one root, listed as its `journal.sec` alone and not
/// walked further (its journal reaches the rest).
pub fn walk_logs(root: &Path, name: &str, default: bool) -> (Vec<(PathBuf, String)>, Vec<IoError>) {
    walk_files(root, name, default, true)
}

fn walk_files(
    root: &Path,
    name: &str,
    default: bool,
    nested_roots: bool,
) -> (Vec<(PathBuf, String)>, Vec<IoError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.path()));
    let shown = |path: &Path| {
        let relative = path
            .strip_prefix(root)
            .ok()
            .filter(|r| default && !r.as_os_str().is_empty());
        relative.unwrap_or(path).to_string_lossy().into_owned()
    };
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    while let Some(entry) = walker.next() {
        match entry {
            // A symlink is followed only while it stays inside the walked
            // directory: a journal's directory cannot make secl read (and
            // quote) `/etc/passwd`.
            // quote) `/etc/passwd`. One to an ancestor is a loop, skipped.
            Ok(entry)
                if entry.depth() > 0 && entry.path_is_symlink() && !inside_of(&entry, &inside) =>
            {
                let is_dir = entry.file_type().is_dir();
                if is_dir {
                    walker.skip_current_dir();
                }
                let looping = is_dir
                    && std::fs::canonicalize(entry.path()).is_ok_and(|c| inside.starts_with(c));
                if !looping && (is_dir || is_sec(entry.path())) {
                    errors.push(IoError {
                        path: shown(entry.path()),
                        message: "is a symlink out of the walked directory; name its target with -f to read it".into(),
                        no_journal: false,
                    });
                }
            }
            Ok(entry) => {
                if nested_roots
                    && entry.depth() > 0
                    && entry.file_type().is_dir()
                    && crate::roots::holds_root(entry.path())
                {
                    let journal = entry.path().join(crate::roots::ROOT_FILE);
                    let name = shown(&journal);
                    found.push((journal, name));
                    walker.skip_current_dir();
                } else if entry.file_type().is_file() && is_sec(entry.path()) {
                    let name = shown(entry.path());
                    found.push((entry.into_path(), name));
                }
            }
            Err(err) if beside_the_journal(&err) => {}
            Err(err) => {
                let path = err.path().map_or_else(|| name.to_string(), shown);
                let message = err.io_error().map_or_else(|| err.to_string(), describe);
                errors.push(IoError {
                    path,
                    message,
                    no_journal: false,
                });
            }
        }
    }
    if found.is_empty() && root.is_dir() {
        let what = if default {
            "the current directory"
        } else {
            "the directory"
        };
        errors.push(IoError {
            path: name.to_string(),
            message: format!("{what} holds no .sec file"),
            no_journal: true,
        });
    } else if found.is_empty() && !root.exists() {
        errors.push(IoError {
            path: name.to_string(),
            message: "No such file or directory".into(),
            no_journal: false,
        });
    }
    (found, errors)
}

/// Whether a walked symlink's target is inside the walked directory.
fn inside_of(entry: &walkdir::DirEntry, inside: &Path) -> bool {
    std::fs::canonicalize(entry.path()).is_ok_and(|c| c.starts_with(inside))
}

/// Whether a walk error concerns nothing the walk would read: a symlink
/// loop (skipped silently, grammar.md, opening and `include`), a hidden name, or a dangling symlink
/// not named `*.sec`. A dangling `x.sec` is reported: it names a journal
/// file that is gone.
fn beside_the_journal(err: &walkdir::Error) -> bool {
    if err.loop_ancestor().is_some() || err.io_error().is_some_and(is_symlink_loop) {
        return true;
    }
    match err.path() {
        Some(path) if err.depth() > 0 => {
            let dangling = std::fs::metadata(path).is_err();
            is_hidden(path) || (dangling && !is_sec(path))
        }
        _ => false,
    }
}

/// Whether a file name starts with `.`.
pub(crate) fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.as_encoded_bytes().starts_with(b"."))
}

/// Whether a path ends in `.sec`.
pub(crate) fn is_sec(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "sec")
}

/// Whether an I/O error says a chain of symlinks loops.
#[cfg(unix)]
fn is_symlink_loop(err: &std::io::Error) -> bool {
    err.raw_os_error() == Some(libc::ELOOP)
}

/// Whether an I/O error says a chain of symlinks loops.
#[cfg(not(unix))]
fn is_symlink_loop(_: &std::io::Error) -> bool {
    false
}

/// Describes an I/O error without the `(os error N)` tail.
pub fn describe(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Where an include directive stands.
#[derive(Clone, Copy, Debug)]
struct Site {
    file: FileId,
    span: Span,
}

/// A file found by a walk, named on the command line, or included.
struct Found {
    path: PathBuf,
    name: String,
    /// The include that reached it, if any.
    site: Option<Site>,
    /// For an include, the path relative to the including file's directory.
    relative: PathBuf,
    /// Whether an include's glob matched it (a glob passes over the file
    /// that holds it).
    glob: bool,
}

/// A found file with its canonical path (or why it has none).
type Located = (Found, Result<PathBuf, String>);

/// Canonical paths for many files at once (a walk can find thousands). A
/// file that has no canonical path but can be opened (`/dev/fd/63`, the
/// shell's `<(cmd)`) is known by its absolute path.
fn locate(found: Vec<Found>) -> Vec<Located> {
    found
        .into_par_iter()
        .map(|f| {
            let canonical = std::fs::canonicalize(&f.path)
                .or_else(|err| match f.path.exists() {
                    true => std::path::absolute(&f.path),
                    false => Err(err),
                })
                .map_err(|e| describe(&e));
            (f, canonical)
        })
        .collect()
}

/// Reads a file of the journal; also its canonical path if it can be read
/// again later (a pipe cannot, so its text must be kept). An include must
/// name a regular file: a FIFO would block, and `/dev/null` is no journal.
fn read_found(
    found: &Found,
    canonical: &Path,
    confine: &Confine,
    overlay: &Overlay,
) -> Result<(Vec<u8>, Option<PathBuf>), String> {
    if let Some(text) = overlay.get(canonical)
        && (found.site.is_none() || confine.allows(canonical))
    {
        return Ok((text.clone().into_bytes(), Some(canonical.to_path_buf())));
    }
    let metadata = std::fs::metadata(&found.path).map_err(|e| describe(&e))?;
    if found.site.is_some() && !metadata.is_file() {
        return Err(match metadata.is_dir() {
            true => "is a directory".into(),
            false => "is not a regular file".into(),
        });
    }
    if found.site.is_some() && !confine.allows(canonical) {
        return Err(OUTSIDE.into());
    }
    let bytes = read_bytes(&found.path).map_err(|e| describe(&e))?;
    Ok((bytes, metadata.is_file().then(|| canonical.to_path_buf())))
}

/// How a refusal to read a file outside the journal's directories starts.
const OUTSIDE: &str = "is outside the journal's directories";

/// A file of the journal, discovered.
struct Node {
    /// How many includes lead to it from a top-level input.
    depth: u32,
    /// Its id, once read.
    id: Option<FileId>,
    /// Its parse result, once read (taken when the journal is assembled).
    parsed: Option<ParsedFile>,
    /// What it includes, in order: the target node, the include's site, and
    /// the target's path relative to this file's directory.
    includes: Vec<(usize, Site, PathBuf)>,
}

/// The journal-wide tag interner, shared by the parsing threads.
#[derive(Default)]
struct Tags {
    ids: RwLock<FxHashMap<String, u32>>,
}

impl Tags {
    fn id(&self, tag: &str) -> u32 {
        if let Some(&id) = self.ids.read().unwrap_or_else(|e| e.into_inner()).get(tag) {
            return id;
        }
        let mut ids = self.ids.write().unwrap_or_else(|e| e.into_inner());
        let next = ids.len() as u32;
        *ids.entry(tag.to_string()).or_insert(next)
    }

    fn into_list(self) -> Vec<String> {
        let ids = self.ids.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut list = vec![String::new(); ids.len()];
        for (tag, id) in ids {
            list[id as usize] = tag;
        }
        list
    }
}

/// Loads a journal from `inputs`, reading `-` from `stdin`.
pub fn load(inputs: &[Input], stdin: &mut dyn Read, options: Options) -> Loaded {
    load_with(inputs, stdin, options, &Settings::default())
}

/// [`load`], with settings.
pub fn load_with(
    inputs: &[Input],
    stdin: &mut dyn Read,
    options: Options,
    settings: &Settings,
) -> Loaded {
    let mut loader = Loader {
        options,
        loaded: Loaded::default(),
        nodes: Vec::new(),
        by_path: HashMap::new(),
        tags: Tags::default(),
        overlay: settings.overlay.clone(),
    };
    loader.loaded.confine = confine(inputs, settings);
    // The inputs, in order: each a node, or nothing when it cannot be read.
    let mut roots: Vec<usize> = Vec::new();
    let mut wave: Vec<(usize, Found, PathBuf)> = Vec::new();
    let mut stdin_read = false;
    for input in inputs {
        match input {
            Input::Stdin if !std::mem::replace(&mut stdin_read, true) => {
                roots.push(loader.stdin(stdin));
            }
            Input::Stdin => {}
            Input::Path(path) if path.is_dir() && !crate::roots::holds_root(path) => {
                let name = path.to_string_lossy().into_owned();
                for located in locate(loader.walk(path, &name, false)) {
                    roots.extend(loader.discover(located, &mut wave, 0));
                }
            }
            Input::Path(path) => {
                // A directory holding a `journal.sec` is that journal's root.
                let path = match path.is_dir() {
                    true => path.join(crate::roots::ROOT_FILE),
                    false => path.clone(),
                };
                let found = Found {
                    name: path.to_string_lossy().into_owned(),
                    path,
                    site: None,
                    relative: PathBuf::new(),
                    glob: false,
                };
                for located in locate(vec![found]) {
                    roots.extend(loader.discover(located, &mut wave, 0));
                }
            }
            Input::Default(dir) => {
                let name = dir.to_string_lossy().into_owned();
                for located in locate(loader.walk(dir, &name, true)) {
                    roots.extend(loader.discover(located, &mut wave, 0));
                }
            }
        }
    }
    while !wave.is_empty() {
        wave = loader.read_wave(wave);
    }
    let roots = dedup_roots(roots);
    let mut loaded = loader.assemble(&roots);
    if settings.not_included {
        not_included(&mut loaded);
    }
    loaded
}

/// The inputs' directories and the allowed ones (standard input's is the
/// current directory).
fn confine(inputs: &[Input], settings: &Settings) -> Confine {
    let mut confine = Confine::default();
    for input in inputs {
        match input {
            Input::Stdin => confine.allow(Path::new(".")),
            Input::Path(path) | Input::Default(path) if path.is_dir() => confine.allow(path),
            Input::Path(path) | Input::Default(path) => {
                let file = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                confine.allow(file.parent().unwrap_or(Path::new(".")));
            }
        }
    }
    for dir in &settings.allowed {
        confine.allow(dir);
    }
    confine
}

/// The top-level nodes, each once, in order.
fn dedup_roots(roots: Vec<usize>) -> Vec<usize> {
    let mut seen = HashSet::new();
    roots.into_iter().filter(|r| seen.insert(*r)).collect()
}

/// `secl::not_included` for every `.sec` file below a journal root that no
/// file of the journal is: once per file, at its first line.
fn not_included(loaded: &mut Loaded) {
    let reached: HashSet<PathBuf> = (0..loaded.sources.len() as FileId)
        .filter_map(|id| loaded.sources.get(id).canonical.clone())
        .collect();
    let roots: Vec<PathBuf> = loaded
        .roots
        .iter()
        .map(|&id| PathBuf::from(&loaded.sources.get(id).name))
        .filter(|name| crate::roots::is_root_file(name))
        .collect();
    let mut reported = HashSet::new();
    for root in roots {
        for (canonical, name) in crate::roots::unreached(&root, &reached) {
            // A symlink out of the tree is never quoted.
            if !loaded.confine.allows(&canonical) || !reported.insert(canonical.clone()) {
                continue;
            }
            let include = crate::roots::include_line(&root, Path::new(&name));
            let mut source = SourceFile::from_bytes(name.clone(), Some(canonical), Vec::new());
            source.release_text();
            let id = loaded.sources.add(source);
            loaded.diagnostics.push(
                Diagnostic::new(
                    Code::NotIncluded,
                    id,
                    Span::new(0, 0),
                    format!(
                        "`{name}` is below the journal root `{}` but the journal does not include it: nothing in it is counted",
                        root.display()
                    ),
                    "not part of the journal",
                )
                .with_help(format!(
                    "to count it, add `{include}` to {}; if it is not meant to count, rename it (e.g. to `{name}.bak`)",
                    root.display()
                )),
            );
        }
    }
}

struct Loader {
    options: Options,
    loaded: Loaded,
    nodes: Vec<Node>,
    /// Canonical path → node.
    by_path: HashMap<PathBuf, usize>,
    tags: Tags,
    overlay: Overlay,
}

impl Loader {
    /// Registers a file to read: a new node in the next wave, or the node
    /// it already is. Unreadable named files are I/O errors; unreachable
    /// included ones are diagnostics at the include.
    fn discover(
        &mut self,
        (found, canonical): Located,
        wave: &mut Vec<(usize, Found, PathBuf)>,
        depth: u32,
    ) -> Option<usize> {
        let canonical = match canonical {
            Ok(canonical) => canonical,
            Err(message) => {
                self.unreadable(&found, &message);
                return None;
            }
        };
        if let Some(&node) = self.by_path.get(&canonical) {
            return Some(node);
        }
        let node = self.new_node(depth);
        self.by_path.insert(canonical.clone(), node);
        wave.push((node, found, canonical));
        Some(node)
    }

    fn new_node(&mut self, depth: u32) -> usize {
        self.nodes.push(Node {
            depth,
            id: None,
            parsed: None,
            includes: Vec::new(),
        });
        self.nodes.len() - 1
    }

    /// Records a read file and queues what it includes into `wave`.
    fn record(
        &mut self,
        node: usize,
        source: SourceFile,
        parsed: ParsedFile,
        wave: &mut Vec<(usize, Found, PathBuf)>,
    ) {
        let id = self.loaded.sources.add(source);
        let depth = self.nodes[node].depth;
        let includes = match depth >= MAX_INCLUDE_DEPTH {
            true => {
                self.too_deep(id, &parsed);
                Vec::new()
            }
            false => self.includes(id, &parsed),
        };
        self.nodes[node].id = Some(id);
        self.nodes[node].parsed = Some(parsed);
        let itself = self.loaded.sources.get(id).canonical.clone();
        for located in locate(includes) {
            // `include *.sec` passes over the file that holds it: only a
            // chain of includes is a cycle (grammar.md, opening and `include`).
            if located.0.glob && itself.is_some() && located.1.as_ref().ok() == itself.as_ref() {
                continue;
            }
            let site = located.0.site.expect("an include has a site");
            let relative = located.0.relative.clone();
            if let Some(target) = self.discover(located, wave, depth + 1) {
                self.nodes[node].includes.push((target, site, relative));
            }
        }
    }

    /// The include diagnostic of a file nested too deep to follow its
    /// includes: at its first include.
    fn too_deep(&mut self, file: FileId, parsed: &ParsedFile) {
        let first = parsed.directives.iter().find_map(|d| match &d.kind {
            Directive::Include { path } => Some(*path),
            _ => None,
        });
        if let Some(span) = first {
            self.loaded.diagnostics.push(
                Diagnostic::new(
                    Code::MissingInclude,
                    file,
                    span,
                    format!(
                        "includes nest more than {MAX_INCLUDE_DEPTH} files deep here: this file's includes are not read"
                    ),
                    "too deep",
                )
                .with_help("include the files from the journal's root file instead of chaining them"),
            );
        }
    }

    /// Reads and parses a wave of new files in parallel, then finds what
    /// they include: the next wave.
    fn read_wave(&mut self, wave: Vec<(usize, Found, PathBuf)>) -> Vec<(usize, Found, PathBuf)> {
        let first_id = self.loaded.sources.len() as FileId;
        let options = self.options;
        let tags = &self.tags;
        let confine = &self.loaded.confine;
        let overlay = &self.overlay;
        let results: Vec<Result<(SourceFile, ParsedFile), String>> = wave
            .par_iter()
            .enumerate()
            .map(|(i, (_, found, canonical))| {
                let id = first_id + i as FileId;
                let (bytes, rereadable) = read_found(found, canonical, confine, overlay)?;
                let mut source = SourceFile::from_bytes(found.name.clone(), rereadable, bytes);
                let parsed = digest(id, &mut source, options, tags);
                Ok((source, parsed))
            })
            .collect();
        let mut next = Vec::new();
        for ((node, found, _), result) in wave.into_iter().zip(results) {
            match result {
                Ok((source, parsed)) => self.record(node, source, parsed, &mut next),
                Err(message) => {
                    // Keeps the ids in step: an unreadable file is an empty source.
                    self.loaded
                        .sources
                        .add(SourceFile::from_text(&found.name, ""));
                    self.unreadable(&found, &message);
                }
            }
        }
        next
    }

    /// Standard input, read and parsed at once (with what it includes).
    fn stdin(&mut self, stdin: &mut dyn Read) -> usize {
        let node = self.new_node(0);
        let mut bytes = Vec::new();
        let cap = crate::source::MAX_READ;
        match stdin.take(cap + 1).read_to_end(&mut bytes) {
            Err(err) => self.io_error("-", &describe(&err)),
            Ok(_) if bytes.len() as u64 > cap => {
                self.io_error("-", crate::source::TOO_LARGE);
                bytes = Vec::new();
            }
            Ok(_) => {}
        }
        let id = self.loaded.sources.len() as FileId;
        let mut source = SourceFile::from_bytes("-".into(), None, bytes);
        let parsed = digest(id, &mut source, self.options, &self.tags);
        let mut wave = Vec::new();
        self.record(node, source, parsed, &mut wave);
        while !wave.is_empty() {
            wave = self.read_wave(wave);
        }
        node
    }

    /// Every `.sec` file below `root` (see [`walk`]), problems noted.
    fn walk(&mut self, root: &Path, name: &str, default: bool) -> Vec<Found> {
        let (files, errors) = walk_logs(root, name, default);
        self.loaded.io_errors.extend(errors);
        files
            .into_iter()
            .map(|(path, name)| Found {
                path,
                name,
                site: None,
                relative: PathBuf::new(),
                glob: false,
            })
            .collect()
    }

    /// The files a parsed file's include directives name (a diagnostic for
    /// a glob that matches nothing).
    fn includes(&mut self, file: FileId, parsed: &ParsedFile) -> Vec<Found> {
        let source = self.loaded.sources.get(file);
        let base = Path::new(&source.name)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let mut found = Vec::new();
        for directive in &parsed.directives {
            let Directive::Include { path } = &directive.kind else {
                continue;
            };
            let written = self.loaded.sources.get(file).slice(*path).to_string();
            let site = Site { file, span: *path };
            found.extend(self.include_targets(&base, &written, site));
        }
        found
    }

    /// The files one include directive names, or a diagnostic.
    fn include_targets(&mut self, base: &Path, written: &str, site: Site) -> Vec<Found> {
        if !written.contains(['*', '?', '[']) {
            let joined = base.join(written);
            return vec![Found {
                name: joined.to_string_lossy().into_owned(),
                path: joined,
                site: Some(site),
                relative: PathBuf::from(written),
                glob: false,
            }];
        }
        let matches = match glob_files(base, written, &self.loaded.confine) {
            Ok(paths) => paths,
            Err(err) => {
                self.loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingInclude,
                        site.file,
                        site.span,
                        format!("`{written}` is not a valid glob: {}", err.msg),
                        "bad glob",
                    )
                    .with_help("globs use `*`, `?` and `[...]`, e.g. `include 2024/*.sec`"),
                );
                return Vec::new();
            }
        };
        matches
            .into_iter()
            .map(|path| Found {
                name: path.to_string_lossy().into_owned(),
                relative: path.strip_prefix(base).unwrap_or(&path).to_path_buf(),
                path,
                site: Some(site),
                glob: true,
            })
            .collect()
    }

    /// A file that cannot be read: a diagnostic at the include that names
    /// it, or an I/O error for an input.
    fn unreadable(&mut self, found: &Found, message: &str) {
        match found.site {
            Some(site) => {
                let written = self
                    .loaded
                    .sources
                    .get(site.file)
                    .slice(site.span)
                    .to_string();
                self.loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingInclude,
                        site.file,
                        site.span,
                        format!("cannot include `{written}`: {}", lowercase_first(message)),
                        "cannot be read",
                    )
                    .with_help(match message.starts_with(OUTSIDE) {
                        true => "include only files below the journal's directory, or list the other directory in $SECL_INCLUDE_DIRS".to_string(),
                        false => format!(
                            "the path is relative to this file's directory: `{}`",
                            found.name
                        ),
                    }),
                );
            }
            None => self.io_error(&found.name, message),
        }
    }

    fn io_error(&mut self, path: &str, message: &str) {
        self.loaded.io_errors.push(IoError {
            path: path.to_string(),
            message: message.to_string(),
            no_journal: false,
        });
    }

    /// Orders the files (each, then its includes, depth first, from the
    /// inputs in order), reports include cycles, and hands over the result.
    fn assemble(mut self, roots: &[usize]) -> Loaded {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnChain,
            Done,
        }
        let mut state = vec![State::New; self.nodes.len()];
        let mut order: Vec<usize> = Vec::new();
        // Where each log (a top-level input and what it includes first) starts in `order`.
        let mut log_starts: Vec<usize> = Vec::new();
        for &root in roots {
            if state[root] != State::New {
                continue;
            }
            log_starts.push(order.len());
            // The chain of files being expanded, each with its next include.
            let mut chain: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = State::OnChain;
            order.push(root);
            while let Some(&mut (node, ref mut next)) = chain.last_mut() {
                let Some((target, site, relative)) = self.nodes[node].includes.get(*next).cloned()
                else {
                    state[node] = State::Done;
                    chain.pop();
                    continue;
                };
                *next += 1;
                match state[target] {
                    State::New => {
                        // A file is named as reached at its first place in
                        // load order: the includer's directory and the path.
                        self.rename(target, node, &relative);
                        state[target] = State::OnChain;
                        order.push(target);
                        chain.push((target, 0));
                    }
                    State::OnChain => {
                        let from = chain.iter().position(|&(n, _)| n == target).unwrap_or(0);
                        let names: Vec<&str> = chain[from..]
                            .iter()
                            .map(|&(n, _)| self.node_name(n))
                            .collect();
                        let message =
                            format!("include cycle: {} → {}", names.join(" → "), names[0]);
                        self.loaded.diagnostics.push(
                            Diagnostic::new(
                                Code::IncludeCycle,
                                site.file,
                                site.span,
                                message,
                                "includes a file that includes this one",
                            )
                            .with_help("remove one of the includes in the cycle"),
                        );
                    }
                    State::Done => {}
                }
            }
        }
        log_starts.push(order.len());
        for (index, log) in log_starts.windows(2).enumerate() {
            let first = self.loaded.files.len();
            for &node in &order[log[0]..log[1]] {
                if let (Some(parsed), Some(id)) =
                    (self.nodes[node].parsed.take(), self.nodes[node].id)
                {
                    self.loaded.files.push(LoadedFile {
                        id,
                        parsed,
                        log: index,
                    });
                }
            }
            if let Some(root) = self.loaded.files.get(first) {
                self.loaded.roots.push(root.id);
            }
            let files = &mut self.loaded.files[first..];
            crate::logs::check_log(files, &self.loaded.sources, self.options);
        }
        self.loaded.tags = self.tags.into_list();
        self.loaded
    }

    /// Names `target` as reached from `includer` by `relative`.
    fn rename(&mut self, target: usize, includer: usize, relative: &Path) {
        let (Some(target), Some(includer)) = (self.nodes[target].id, self.nodes[includer].id)
        else {
            return;
        };
        let base = Path::new(&self.loaded.sources.get(includer).name)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        self.loaded
            .sources
            .rename(target, base.join(relative).to_string_lossy().into_owned());
    }

    fn node_name(&self, node: usize) -> &str {
        match self.nodes[node].id {
            Some(id) => &self.loaded.sources.get(id).name,
            None => "?",
        }
    }
}

/// The regular files a glob names relative to `base`, in name order. Each
/// part of the pattern between `/` is matched in turn, `**` standing for any
/// number of directories. Like a directory walk, it follows symlinks, skips
/// symlink loops, and passes over hidden names unless the part itself
/// starts with `.` (`.h*.sec`; `*` and `**` never match them).
fn glob_files(
    base: &Path,
    pattern: &str,
    confine: &Confine,
) -> Result<Vec<PathBuf>, glob::PatternError> {
    glob::Pattern::new(pattern)?;
    let here = base.as_os_str().is_empty();
    let start = if here { Path::new(".") } else { base };
    let mut paths = vec![start.to_path_buf()];
    for part in Path::new(pattern).components() {
        let text = part.as_os_str().to_string_lossy();
        paths = match part {
            Component::CurDir => continue,
            Component::Normal(_) if text == "**" => directories_below(&paths, confine),
            Component::Normal(_) if text.contains(['*', '?', '[']) => {
                let matcher = glob::Pattern::new(&text)?;
                children_matching(&paths, &matcher, text.starts_with('.'))
            }
            Component::ParentDir => distinct(paths.iter().map(|p| p.join(part))),
            _ => paths.iter().map(|p| p.join(part)).collect(),
        };
        // Only directories inside the journal's trees, or on the way to
        // them, are looked into: `/**/*.sec` does not walk the file system.
        paths.retain(|p| !p.is_dir() || confine.leads_in(p));
    }
    // A glob matches only inside the journal's trees: what it finds
    // outside them is not its business, and is passed over.
    paths.retain(|p| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file())
            && std::fs::canonicalize(p).is_ok_and(|c| confine.allows(&c))
    });
    if here {
        for path in &mut paths {
            if let Ok(relative) = path.strip_prefix(".") {
                *path = relative.to_path_buf();
            }
        }
    }
    Ok(paths)
}

/// The directories `dirs` and every directory below them (for `**`), in
/// name order, each once; hidden ones and symlink loops skipped.
fn directories_below(dirs: &[PathBuf], confine: &Confine) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for dir in dirs {
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.file_type().is_dir()
                    && (entry.depth() == 0 || !is_hidden(entry.path()))
                    && confine.leads_in(entry.path())
                    && seen.insert(entry.path().to_path_buf())
            });
        found.extend(
            walker
                .filter_map(Result::ok)
                .map(walkdir::DirEntry::into_path),
        );
    }
    found
}

/// The entries of the directories `dirs` whose names match `part`, in name
/// order; hidden names only if `hidden`. A name that is not UTF-8 is matched
/// with its bad bytes replaced.
fn children_matching(dirs: &[PathBuf], part: &glob::Pattern, hidden: bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut names: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name())
            .filter(|name| hidden || !is_hidden(Path::new(name)))
            .filter(|name| part.matches(&name.to_string_lossy()))
            .collect();
        names.sort();
        found.extend(names.into_iter().map(|name| dir.join(name)));
    }
    found
}

/// Paths, each directory once however it is reached (`a/..` and `b/..`),
/// so that a pattern like `*/../*/../*` stays linear.
fn distinct(paths: impl Iterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    paths
        .filter(|path| seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())))
        .collect()
}

/// Parses a file, interns its tags journal-wide, and lets go of its text
/// when nothing will read it again: no notes wanted, no directive, no
/// diagnostic.
fn digest(id: FileId, source: &mut SourceFile, options: Options, tags: &Tags) -> ParsedFile {
    let mut parsed = parse_file(id, source, options);
    let global: Vec<u32> = parsed
        .tags
        .iter()
        .map(|&span| tags.id(source.slice(span)))
        .collect();
    for entry in &mut parsed.entries {
        entry.node = global[entry.node as usize];
    }
    // What the journal does not read again goes now: the tag spans, the
    // day headers (checked already), spare room in the entry lists.
    parsed.tags = Vec::new();
    parsed.days = Vec::new();
    parsed.entries.shrink_to_fit();
    parsed.notes.shrink_to_fit();
    if options.keep < Keep::Notes && parsed.directives.is_empty() && parsed.diagnostics.is_empty() {
        source.release_text();
    }
    parsed
}

/// Lower-cases the first letter of an OS error message for use mid-sentence.
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
