//! Writing journal files safely. Only regular files are written or locked
//! (after following symlinks): a device, a FIFO or a socket is refused
//! with an error, never opened for writing and never replaced.
//!
//! A write is atomic where it can be: the new content goes to a temporary
//! file in the same directory, private from its first byte (mode 0600, or
//! the old file's owner bits if narrower) and locked while it exists; it is
//! flushed to disk, takes the old file's owner, group, mode and extended
//! attributes (ACLs among them), and is renamed over the old file, so a
//! reader sees the old file or the new one, never half of either. A signal
//! that ends the run (SIGINT, SIGTERM, SIGHUP, SIGXFSZ) removes the
//! temporary file; one that a killed run left is removed by the next write.
//!
//! When a new file could not stand for the old one — the old file has
//! other names (hard links), belongs to another user (a group member
//! writes it), has attributes the writer cannot give a new file, or sits in
//! a directory the writer may not add files to — the
//! content is written in place instead: every name keeps seeing the same
//! file with all its attributes, at the cost of atomicity (a crash in the
//! middle of the write can leave the file partly written, from the first
//! byte that changes). A read-modify-write holds an advisory lock on the
//! file, so that concurrent `secl add` runs all land.

mod attrs;
mod cleanup;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The file a path stands for: a symlink's target, so that writing replaces
/// the target and keeps the link.
fn target(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// What a file that is not a regular file is, for the error.
fn kind(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return "a character device";
        } else if kind.is_block_device() {
            return "a block device";
        } else if kind.is_fifo() {
            return "a FIFO (named pipe)";
        } else if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// The error for a file that is not a regular file.
fn not_regular(meta: &fs::Metadata) -> io::Error {
    let what = match kind(meta) {
        "not a regular file" => "is not a regular file".to_string(),
        kind => format!("is {kind}, not a regular file"),
    };
    io::Error::new(io::ErrorKind::InvalidInput, what)
}

/// The file `path` stands for (a symlink's target) and its metadata, if it
/// exists; an error if it exists and is not a regular file. Run before a
/// file is read for writing, so that a FIFO is never opened.
pub fn regular_file(path: &Path) -> io::Result<(PathBuf, Option<fs::Metadata>)> {
    let path = target(path);
    match fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Ok((path, Some(meta))),
        Ok(meta) => Err(not_regular(&meta)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok((path, None)),
        Err(err) => Err(err),
    }
}

/// Opens an existing regular file, without blocking on a FIFO or taking a
/// terminal, and checks what was opened.
fn open_regular(path: &Path, write: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(write);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok(file)
}

/// Replaces the file at `path` with `bytes`: atomically by a rename, or in
/// place where a new file could not stand for the old one (see the module).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (path, old) = regular_file(path)?;
    if old.as_ref().is_some_and(attrs::needs_in_place) {
        return write_in_place(&path, bytes);
    }
    match write_renamed(&path, bytes, old.as_ref())? {
        Renamed::Done => Ok(()),
        Renamed::InPlace => write_in_place(&path, bytes),
    }
}

/// How a write through a temporary file ended.
enum Renamed {
    Done,
    /// No new file can stand for the old one (it could not be created
    /// beside it, or given the old one's attributes); nothing was replaced.
    InPlace,
}

fn write_renamed(path: &Path, bytes: &[u8], old: Option<&fs::Metadata>) -> io::Result<Renamed> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    cleanup::remove_leftovers(&dir, &name);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(attrs::creation_mode(old));
    }
    let (temp, mut file, _armed) = loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(cleanup::temp_name(&name, std::process::id(), n));
        // Armed before it exists, so that no signal can leave it behind.
        let armed = cleanup::Armed::new(&temp);
        match options.open(&temp) {
            Ok(file) => break (temp, file, armed),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            // A directory the writer may not write, holding a file it may.
            Err(err) if err.kind() == io::ErrorKind::PermissionDenied && old.is_some() => {
                return Ok(Renamed::InPlace);
            }
            Err(err) => return Err(err),
        }
    };
    // Held until the file is renamed: the next write's clean-up passes over it.
    file.try_lock().map_err(io::Error::from)?;
    let written = (|| {
        file.write_all(bytes)?;
        if attrs::carry(&file, path, old).is_err() {
            return Ok(Renamed::InPlace);
        }
        file.sync_all()?;
        fs::rename(&temp, path)?;
        // The rename itself reaches the disk with the directory.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(Renamed::Done)
    })();
    if !matches!(written, Ok(Renamed::Done)) {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Writes `bytes` over the file at `path` from the first byte that
/// differs, and cuts it to their length.
fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = open_regular(path, true)?;
    let mut old = Vec::new();
    file.read_to_end(&mut old)?;
    let same = old.iter().zip(bytes).take_while(|(a, b)| a == b).count();
    if same == old.len() && same == bytes.len() {
        return Ok(());
    }
    file.seek(SeekFrom::Start(same as u64))?;
    file.write_all(&bytes[same..])?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// A file opened and locked for a read-modify-write, with its content.
pub struct Locked {
    /// Held until this value is dropped.
    _file: File,
    /// The file's bytes when the lock was taken.
    pub bytes: Vec<u8>,
}

/// Locks the file at `path` (an advisory lock, waiting for other secl
/// runs) and reads it. Since a write replaces the file, a lock taken on
/// the file that was just replaced is let go and taken again on the new one.
/// A file that is not a regular file is an error (kind `InvalidInput`).
pub fn lock(path: &Path) -> io::Result<Locked> {
    let (path, _) = regular_file(path)?;
    loop {
        let mut file = open_regular(&path, true)?;
        file.lock()?;
        if !same_file(&file, &path)? {
            continue;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        return Ok(Locked { _file: file, bytes });
    }
}

/// Whether `path` still names the open file.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (open, named) = (file.metadata()?, fs::metadata(path)?);
    Ok(open.dev() == named.dev() && open.ino() == named.ino())
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> io::Result<bool> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sec");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn writing_through_a_symlink_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.sec");
        let link = dir.path().join("link.sec");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    /// Root writing another user's journal leaves it theirs. (As another
    /// user, a file can only be written if owned, so there is nothing to see.)
    #[cfg(unix)]
    #[test]
    fn root_keeps_the_owner_and_group() {
        use std::os::unix::fs::{MetadataExt, chown};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sec");
        fs::write(&path, "old").unwrap();
        if fs::metadata(&path).unwrap().uid() != 0 {
            return;
        }
        chown(&path, Some(65534), Some(65534)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }

    #[test]
    fn in_place_rewrites_from_the_first_change_and_cuts_to_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sec");
        fs::write(&path, "same start, old tail that is long").unwrap();
        write_in_place(&path, b"same start, new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "same start, new");
        write_in_place(&path, b"same start, new and longer").unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "same start, new and longer"
        );
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_written_or_locked() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("null.sec");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        for err in [
            write_atomic(&link, b"x").unwrap_err(),
            lock(&link).err().unwrap(),
        ] {
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
            assert_eq!(err.to_string(), "is a character device, not a regular file");
        }
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert_eq!(err.to_string(), "is a directory, not a regular file");
    }

    #[test]
    fn lock_reads_the_current_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sec");
        fs::write(&path, "one").unwrap();
        let locked = lock(&path).unwrap();
        assert_eq!(locked.bytes, b"one");
    }
}
