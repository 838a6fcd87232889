//! The journal root (grammar.md "Where secl reads from"): the nearest
//! directory, from a start directory upwards, that holds `journal.sec`;
//! the limits of that search; and the `.sec` files below a root that its
//! journal does not reach.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The file that makes a directory a journal root.
pub const ROOT_FILE: &str = "journal.sec";

/// Where the upward search stops, besides a file-system boundary and a
/// directory not owned by the user: read from the environment by the app.
#[derive(Clone, Debug, Default)]
pub struct Limits {
    /// The user's home directory: a search that starts inside it does not
    /// go above it.
    pub home: Option<PathBuf>,
    /// Directories the search never enters (`$SECL_CEILING_DIRECTORIES`);
    /// the start directory is examined even when it is one.
    pub ceilings: Vec<PathBuf>,
}

/// What the upward search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The root's `journal.sec`, named from the start directory
    /// (`journal.sec`, `../../journal.sec`, `dir/../journal.sec`).
    pub root: Option<PathBuf>,
    /// A `journal.sec` passed over because its directory is not the user's,
    /// with why.
    pub ignored: Option<(PathBuf, String)>,
}

/// Whether `dir` holds a `journal.sec` (a regular file, symlinks followed).
pub fn holds_root(dir: &Path) -> bool {
    std::fs::metadata(dir.join(ROOT_FILE)).is_ok_and(|m| m.is_file())
}

/// Whether a path names a `journal.sec`.
pub fn is_root_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == ROOT_FILE)
}

/// The nearest `journal.sec` from `start` upwards (as git finds `.git`).
/// The search stops at a file-system boundary, at the home directory when
/// it started inside it, before each ceiling, and at a directory not owned
/// by the user running secl (a `journal.sec` there is ignored and named).
pub fn find_root(start: &Path, limits: &Limits) -> Discovery {
    search(start, limits, &same_device)
}

/// [`find_root`], with the test for a file-system boundary given.
fn search(
    start: &Path,
    limits: &Limits,
    same_device: &dyn Fn(&std::fs::Metadata, &std::fs::Metadata) -> bool,
) -> Discovery {
    let mut found = Discovery::default();
    let Ok(first) = std::fs::canonicalize(start) else {
        return found;
    };
    let canonical = |path: &PathBuf| std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    let home = limits.home.as_ref().map(canonical);
    let ceilings: Vec<PathBuf> = limits.ceilings.iter().map(canonical).collect();
    let inside_home = home.as_ref().is_some_and(|home| first.starts_with(home));
    let Ok(start_meta) = std::fs::metadata(&first) else {
        return found;
    };
    for (up, dir) in first.ancestors().enumerate() {
        let Ok(meta) = std::fs::metadata(dir) else {
            break;
        };
        if up > 0 && (ceilings.iter().any(|c| c == dir) || !same_device(&meta, &start_meta)) {
            break;
        }
        let named = named_from(start, up);
        if !owned_by_user(&meta) {
            if holds_root(dir) {
                found.ignored = Some((named, owner_note(&meta)));
            }
            break;
        }
        if holds_root(dir) {
            found.root = Some(named);
            break;
        }
        if inside_home && home.as_deref() == Some(dir) {
            break;
        }
    }
    found
}

/// `journal.sec` in the directory `up` levels above `start`, named from it.
fn named_from(start: &Path, up: usize) -> PathBuf {
    let mut path = if start == Path::new(".") {
        PathBuf::new()
    } else {
        start.to_path_buf()
    };
    for _ in 0..up {
        path.push("..");
    }
    path.push(ROOT_FILE);
    path
}

#[cfg(unix)]
fn same_device(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev()
}

#[cfg(not(unix))]
fn same_device(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

#[cfg(unix)]
fn owned_by_user(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owned_by_user(_: &std::fs::Metadata) -> bool {
    true
}

#[cfg(unix)]
fn owner_note(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(
        "its directory belongs to user id {}, not to you",
        meta.uid()
    )
}

#[cfg(not(unix))]
fn owner_note(_: &std::fs::Metadata) -> String {
    "its directory is not yours".into()
}

/// Every `.sec` file below the directory of the root file `root` (named as
/// reached) whose canonical path is not in `reached`, each with the name it
/// is shown by; hidden names and directories holding a root of their own
/// are passed over, and so are unreadable directories.
pub fn unreached(root: &Path, reached: &HashSet<PathBuf>) -> Vec<(PathBuf, String)> {
    let dir = root.parent().unwrap_or(Path::new(""));
    let start = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut found = Vec::new();
    let mut walker = walkdir::WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if entry.depth() == 0 {
            continue;
        }
        if crate::load::is_hidden(path) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            if holds_root(path) {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() || !crate::load::is_sec(path) {
            continue;
        }
        let Ok(canonical) = std::fs::canonicalize(path) else {
            continue;
        };
        if !reached.contains(&canonical) {
            let relative = path.strip_prefix(start).unwrap_or(path);
            let name = dir.join(relative).to_string_lossy().into_owned();
            found.push((canonical, name));
        }
    }
    found
}

/// The `include` line that takes `stray` (named as shown) into the journal
/// whose root file is `root`: its path relative to the root's directory.
pub fn include_line(root: &Path, stray: &Path) -> String {
    let dir = root.parent().unwrap_or(Path::new(""));
    let relative = stray.strip_prefix(dir).unwrap_or(stray);
    format!("include {}", relative.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_search_does_not_cross_a_file_system_boundary() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("mnt/here")).unwrap();
        std::fs::write(dir.path().join(ROOT_FILE), "").unwrap();
        let start = dir.path().join("mnt/here");
        let limits = Limits::default();
        let found = search(&start, &limits, &|_, _| true);
        assert_eq!(found.root, Some(start.join("../../journal.sec")));
        // `mnt` is a mount point: the directory above it is on another device.
        let above = std::fs::metadata(dir.path()).unwrap().ino();
        let boundary = move |a: &std::fs::Metadata, b: &std::fs::Metadata| {
            (a.ino() == above) == (b.ino() == above)
        };
        assert_eq!(search(&start, &limits, &boundary).root, None);
    }

    #[test]
    fn names_count_the_levels_up() {
        assert_eq!(named_from(Path::new("."), 0), Path::new("journal.sec"));
        assert_eq!(
            named_from(Path::new("."), 2),
            Path::new("../../journal.sec")
        );
        assert_eq!(
            named_from(Path::new("a/b"), 1),
            Path::new("a/b/../journal.sec")
        );
    }

    #[test]
    fn the_include_line_is_relative_to_the_root() {
        assert_eq!(
            include_line(Path::new("../journal.sec"), Path::new("../2024/old.sec")),
            "include 2024/old.sec"
        );
        assert_eq!(
            include_line(Path::new("journal.sec"), Path::new("before-fmt.sec")),
            "include before-fmt.sec"
        );
    }
}
