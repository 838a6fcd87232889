//! Writing journal files safely. A write is atomic: the new content goes to
//! a temporary file in the same directory, is flushed to disk, takes the
//! old file's permissions (and owner and group, where allowed), and is
//! renamed over it, so a reader sees the
//! old file or the new one, never half of either. A read-modify-write holds
//! an advisory lock on the file, so that concurrent `secl add` runs all land.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
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

/// Replaces the file at `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let path = target(path);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    let (temp, mut file) = loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.secl-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => break (temp, file),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    };
    let written = (|| {
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(&path) {
            keep_owner(&file, &meta);
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, &path)?;
        // The rename itself reaches the disk with the directory.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Gives the new file the old one's owner and group where the system
/// allows it (root may give both; an owner may give a group of theirs), so
/// that a journal edited by root or a group member stays its owner's.
#[cfg(unix)]
fn keep_owner(file: &File, old: &fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    if fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = fchown(file, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _old: &fs::Metadata) {}

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
pub fn lock(path: &Path) -> io::Result<Locked> {
    let path = target(path);
    loop {
        let mut file = OpenOptions::new().read(true).write(true).open(&path)?;
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
    fn lock_reads_the_current_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sec");
        fs::write(&path, "one").unwrap();
        let locked = lock(&path).unwrap();
        assert_eq!(locked.bytes, b"one");
    }
}
