//! What a rewritten journal keeps of the file it replaces: its mode, owner
//! and group, and extended attributes (ACLs among them). When a new file
//! cannot be given all of them, or the old file has other names (hard
//! links), the journal is rewritten in place instead (see `write_atomic`).

use std::fs::{self, File};
use std::io;
use std::path::Path;

/// Whether a new file could not stand for the old one: it has more than
/// one name, or belongs to a user other than the one writing (only root
/// can give a file away).
#[cfg(unix)]
pub fn needs_in_place(old: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid cannot fail.
    let euid = unsafe { libc::geteuid() };
    old.nlink() > 1 || (euid != 0 && euid != old.uid())
}

#[cfg(not(unix))]
pub fn needs_in_place(_old: &fs::Metadata) -> bool {
    false
}

/// The mode a new file gets at creation: the old file's owner bits, at
/// most read and write, so that nobody else can open it while it is
/// written (its full mode comes once it is complete).
#[cfg(unix)]
pub fn creation_mode(old: Option<&fs::Metadata>) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    old.map_or(0o600, |m| m.permissions().mode() & 0o600)
}

/// Gives `file` (the new content of `path`) the old file's owner, group,
/// mode and extended attributes; an error means one of them could not be
/// given. A new file (no `old`) gets the mode `File::create` would give.
#[cfg(unix)]
pub fn carry(file: &File, path: &Path, old: Option<&fs::Metadata>) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
    let Some(old) = old else {
        return file.set_permissions(fs::Permissions::from_mode(0o666 & !umask()));
    };
    let new = file.metadata()?;
    if new.uid() != old.uid() || new.gid() != old.gid() {
        fchown(file, Some(old.uid()), Some(old.gid()))?;
    }
    // After the owner: changing it clears set-id bits.
    file.set_permissions(old.permissions())?;
    xattrs::copy(path, file)
}

#[cfg(not(unix))]
pub fn carry(file: &File, _path: &Path, old: Option<&fs::Metadata>) -> io::Result<()> {
    match old {
        Some(old) => file.set_permissions(old.permissions()),
        None => Ok(()),
    }
}

/// The process's umask, read without changing it (Linux shows it in
/// /proc); 022 where it cannot be read.
#[cfg(unix)]
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Umask:"))
                .and_then(|mask| u32::from_str_radix(mask.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(unix)]
mod xattrs {
    use std::ffi::{CStr, CString};
    use std::fs::File;
    use std::io;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// The extended attribute names of a path (or of an open file).
    fn names(list: impl Fn(*mut libc::c_char, usize) -> isize) -> io::Result<Vec<CString>> {
        loop {
            let size = list(std::ptr::null_mut(), 0);
            if size < 0 {
                return unsupported_is_empty(Vec::new());
            }
            let mut buffer = vec![0u8; size as usize];
            let got = list(buffer.as_mut_ptr().cast(), buffer.len());
            if got < 0 {
                if io::Error::last_os_error().raw_os_error() == Some(libc::ERANGE) {
                    continue; // grew meanwhile
                }
                return unsupported_is_empty(Vec::new());
            }
            buffer.truncate(got as usize);
            return Ok(buffer
                .split(|&b| b == 0)
                .filter(|name| !name.is_empty())
                .filter_map(|name| CString::new(name).ok())
                .collect());
        }
    }

    /// A file system without extended attributes has none to copy.
    fn unsupported_is_empty<T>(empty: T) -> io::Result<T> {
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::ENOTSUP) => Ok(empty),
            _ => Err(err),
        }
    }

    fn value(path: &CStr, name: &CStr) -> io::Result<Vec<u8>> {
        loop {
            // SAFETY: valid C strings; a null buffer asks for the size.
            let size =
                unsafe { libc::getxattr(path.as_ptr(), name.as_ptr(), std::ptr::null_mut(), 0) };
            if size < 0 {
                return Err(io::Error::last_os_error());
            }
            let mut buffer = vec![0u8; size as usize];
            // SAFETY: the buffer holds `size` bytes.
            let got = unsafe {
                libc::getxattr(
                    path.as_ptr(),
                    name.as_ptr(),
                    buffer.as_mut_ptr().cast(),
                    buffer.len(),
                )
            };
            if got < 0 {
                let err = io::Error::last_os_error();
                if err.raw_os_error() == Some(libc::ERANGE) {
                    continue;
                }
                return Err(err);
            }
            buffer.truncate(got as usize);
            return Ok(buffer);
        }
    }

    /// Gives `file` exactly the extended attributes of `path`: each of
    /// them, and none that it got elsewhere (a directory's default ACL).
    pub fn copy(path: &Path, file: &File) -> io::Result<()> {
        let path = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::other("a path with a NUL byte"))?;
        let fd = file.as_raw_fd();
        // SAFETY: valid C string and buffer of the given size.
        let wanted = names(|buffer, size| unsafe { libc::listxattr(path.as_ptr(), buffer, size) })?;
        // SAFETY: an open descriptor and a buffer of the given size.
        let present = names(|buffer, size| unsafe { libc::flistxattr(fd, buffer, size) })?;
        for name in present.iter().filter(|name| !wanted.contains(name)) {
            // SAFETY: an open descriptor and a valid C string.
            if unsafe { libc::fremovexattr(fd, name.as_ptr()) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        for name in &wanted {
            let value = value(&path, name)?;
            // SAFETY: an open descriptor, a valid C string, a buffer of the given size.
            let set = unsafe {
                libc::fsetxattr(fd, name.as_ptr(), value.as_ptr().cast(), value.len(), 0)
            };
            if set != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(())
    }
}
