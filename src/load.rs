//! Loading a journal (SPEC §1): the inputs named by the user, the `.sec`
//! files below directories, and everything pulled in by `include`, each
//! file read and parsed once, in load order.
//!
//! Includes are followed with an explicit stack, never recursion, so a
//! thousand-deep chain cannot overflow; cycles are found on the chain of
//! files that included each other.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::parse::{Directive, Options, ParsedFile, parse_file};
use crate::source::{FileId, SourceFile, Sources, Span};
pub use crate::source::read_bytes;

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
    /// What it holds.
    pub parsed: ParsedFile,
}

/// Everything read for one journal.
#[derive(Default)]
pub struct Loaded {
    /// The texts of every file read.
    pub sources: Sources,
    /// The journal files in load order.
    pub files: Vec<LoadedFile>,
    /// Parse and include diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Inputs that could not be read.
    pub io_errors: Vec<IoError>,
}

/// Describes an I/O error without the `(os error N)` tail.
pub fn describe(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Why a file is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reason {
    /// Named by the user: failures are I/O errors.
    Named,
    /// Found by a directory walk: failures are I/O errors.
    Walked,
    /// Pulled in by an include directive of loaded file `parent`, at `site`.
    Included {
        parent: usize,
        file: FileId,
        site: Span,
    },
}

/// A pending piece of work on the stack.
enum Work {
    Input(Input),
    File {
        path: PathBuf,
        name: String,
        reason: Reason,
    },
}

/// Loads a journal from `inputs`, reading `-` from `stdin`.
pub fn load(inputs: &[Input], stdin: &mut dyn Read, options: Options) -> Loaded {
    let mut loader = Loader {
        options,
        loaded: Loaded::default(),
        seen: HashMap::new(),
        parents: Vec::new(),
        stdin_read: false,
    };
    let mut stack: Vec<Work> = inputs.iter().rev().cloned().map(Work::Input).collect();
    while let Some(work) = stack.pop() {
        match work {
            Work::Input(Input::Stdin) => loader.stdin(stdin, &mut stack),
            Work::Input(Input::Path(path)) => {
                let name = path.to_string_lossy().into_owned();
                if path.is_dir() {
                    loader.walk(&path, &name, false, &mut stack);
                } else {
                    stack.push(Work::File {
                        path,
                        name,
                        reason: Reason::Named,
                    });
                }
            }
            Work::Input(Input::Default(dir)) => {
                let name = dir.to_string_lossy().into_owned();
                loader.walk(&dir, &name, true, &mut stack);
            }
            Work::File { path, name, reason } => loader.file(path, name, reason, &mut stack),
        }
    }
    loader.loaded
}

struct Loader {
    options: Options,
    loaded: Loaded,
    /// Canonical path → index in `loaded.files`.
    seen: HashMap<PathBuf, usize>,
    /// Index in `loaded.files` of the file that first included each file.
    parents: Vec<Option<usize>>,
    stdin_read: bool,
}

impl Loader {
    fn stdin(&mut self, stdin: &mut dyn Read, stack: &mut Vec<Work>) {
        if std::mem::replace(&mut self.stdin_read, true) {
            return;
        }
        let mut bytes = Vec::new();
        if let Err(err) = stdin.read_to_end(&mut bytes) {
            self.io_error("-", &describe(&err));
            return;
        }
        let source = SourceFile::from_bytes("-".into(), None, bytes);
        self.add(source, None, stack);
    }

    /// Queues every `.sec` file below `root`, sorted, hidden names skipped.
    fn walk(&mut self, root: &Path, name: &str, default: bool, stack: &mut Vec<Work>) {
        let mut found = Vec::new();
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
            });
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_file()
                        && entry.path().extension().is_some_and(|e| e == "sec")
                    {
                        let path = entry.into_path();
                        let shown = match (default, path.strip_prefix(root)) {
                            (true, Ok(relative)) => relative.to_path_buf(),
                            _ => path.clone(),
                        };
                        found.push((path, shown.to_string_lossy().into_owned()));
                    }
                }
                // A symlink loop is skipped silently (SPEC §1).
                Err(err) if err.loop_ancestor().is_some() => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map_or_else(|| name.to_string(), |p| p.to_string_lossy().into_owned());
                    let message = err.io_error().map_or_else(|| err.to_string(), describe);
                    self.io_error(&path, &message);
                }
            }
        }
        if found.is_empty() && root.is_dir() {
            let what = if default {
                "the current directory"
            } else {
                "the directory"
            };
            self.loaded.io_errors.push(IoError {
                path: name.to_string(),
                message: format!("{what} holds no .sec file"),
                no_journal: true,
            });
        } else if found.is_empty() && !root.exists() {
            self.io_error(name, "No such file or directory");
        }
        stack.extend(found.into_iter().rev().map(|(path, name)| Work::File {
            path,
            name,
            reason: Reason::Walked,
        }));
    }

    fn file(&mut self, path: PathBuf, name: String, reason: Reason, stack: &mut Vec<Work>) {
        let canonical = match std::fs::canonicalize(&path) {
            Ok(canonical) => canonical,
            Err(err) => return self.unreadable(&name, reason, &describe(&err)),
        };
        if let Some(&index) = self.seen.get(&canonical) {
            if let Reason::Included { parent, file, site } = reason
                && let Some(chain) = self.cycle(parent, index)
            {
                let names: Vec<&str> = chain
                    .iter()
                    .map(|&i| {
                        self.loaded
                            .sources
                            .get(self.loaded.files[i].id)
                            .name
                            .as_str()
                    })
                    .collect();
                let message = format!("include cycle: {} → {}", names.join(" → "), names[0]);
                self.loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::IncludeCycle,
                        file,
                        site,
                        message,
                        "includes a file that includes this one",
                    )
                    .with_help("remove one of the includes in the cycle"),
                );
            }
            return;
        }
        let bytes = match read_bytes(&path) {
            Ok(bytes) => bytes,
            Err(err) => return self.unreadable(&name, reason, &describe(&err)),
        };
        let source = SourceFile::from_bytes(name, Some(canonical), bytes);
        let parent = match reason {
            Reason::Included { parent, .. } => Some(parent),
            _ => None,
        };
        self.add(source, parent, stack);
    }

    /// If `target` is `from` or one of the files that included `from`,
    /// the chain of files from `target` down to `from`.
    fn cycle(&self, from: usize, target: usize) -> Option<Vec<usize>> {
        let mut chain = vec![from];
        let mut at = from;
        while at != target {
            at = self.parents[at]?;
            chain.push(at);
        }
        chain.reverse();
        Some(chain)
    }

    /// Registers and parses a file, then queues its includes.
    fn add(&mut self, source: SourceFile, parent: Option<usize>, stack: &mut Vec<Work>) {
        let index = self.loaded.files.len();
        if let Some(canonical) = &source.canonical {
            self.seen.insert(canonical.clone(), index);
        }
        let id = self.loaded.sources.add(source);
        let source = self.loaded.sources.get(id);
        let parsed = parse_file(id, source, self.options);
        let base = Path::new(&source.name)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let mut includes = Vec::new();
        for directive in &parsed.directives {
            if let Directive::Include { path } = &directive.kind {
                let written = source.slice(*path);
                let reason = Reason::Included {
                    parent: index,
                    file: id,
                    site: *path,
                };
                includes.push((written.to_string(), reason));
            }
        }
        self.parents.push(parent);
        self.loaded.files.push(LoadedFile { id, parsed });
        let mut queued = Vec::new();
        for (written, reason) in includes {
            queued.extend(self.include_targets(&base, &written, reason));
        }
        stack.extend(queued.into_iter().rev());
    }

    /// The files an include directive names, or a diagnostic.
    fn include_targets(&mut self, base: &Path, written: &str, reason: Reason) -> Vec<Work> {
        let Reason::Included { file, site, .. } = reason else {
            return Vec::new();
        };
        let joined = base.join(written);
        let is_glob = written.contains(['*', '?', '[']);
        if !is_glob {
            let name = joined.to_string_lossy().into_owned();
            return vec![Work::File {
                path: joined,
                name,
                reason,
            }];
        }
        let pattern = joined.to_string_lossy().into_owned();
        // Like a directory walk, a glob does not pick up hidden files.
        let options = glob::MatchOptions {
            require_literal_leading_dot: true,
            ..glob::MatchOptions::new()
        };
        let matches: Vec<PathBuf> = match glob::glob_with(&pattern, options) {
            Ok(paths) => paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect(),
            Err(err) => {
                self.loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingInclude,
                        file,
                        site,
                        format!("`{written}` is not a valid glob: {}", err.msg),
                        "bad glob",
                    )
                    .with_help("globs use `*`, `?` and `[...]`, e.g. `include 2024/*.sec`"),
                );
                return Vec::new();
            }
        };
        if matches.is_empty() {
            self.loaded.diagnostics.push(
                Diagnostic::new(
                    Code::MissingInclude,
                    file,
                    site,
                    format!("`{written}` matches no file"),
                    "matches nothing",
                )
                .with_help("check the pattern; it is relative to the including file's directory"),
            );
        }
        matches
            .into_iter()
            .map(|path| Work::File {
                name: path.to_string_lossy().into_owned(),
                path,
                reason,
            })
            .collect()
    }

    fn unreadable(&mut self, name: &str, reason: Reason, message: &str) {
        match reason {
            Reason::Included { file, site, .. } => {
                let source = self.loaded.sources.get(file);
                let written = source.slice(site);
                self.loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingInclude,
                        file,
                        site,
                        format!(
                            "cannot include `{written}`: {}",
                            message.to_lowercase_first()
                        ),
                        "cannot be read",
                    )
                    .with_help(format!(
                        "the path is relative to this file's directory: `{name}`"
                    )),
                );
            }
            Reason::Named | Reason::Walked => self.io_error(name, message),
        }
    }

    fn io_error(&mut self, path: &str, message: &str) {
        self.loaded.io_errors.push(IoError {
            path: path.to_string(),
            message: message.to_string(),
            no_journal: false,
        });
    }
}

/// Lower-cases the first letter of an OS error message for use mid-sentence.
trait LowercaseFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowercaseFirst for str {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}
