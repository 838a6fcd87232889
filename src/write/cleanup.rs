//! The temporary file of a write in progress is removed when the run is
//! interrupted (SIGINT, SIGTERM, SIGHUP) or exceeds its file size limit
//! (SIGXFSZ); one that a run killed outright (SIGKILL, a crash) left is
//! removed by the next write of the same file.

use std::fs::{self, OpenOptions};
use std::path::Path;

/// The name of a temporary file for the journal named `name`, and the
/// prefix and suffix every such name has.
pub fn temp_name(name: &str, pid: u32, n: u32) -> String {
    format!("{}{pid}-{n}{SUFFIX}", prefix(name))
}

fn prefix(name: &str) -> String {
    format!(".{name}.secl-")
}

const SUFFIX: &str = ".tmp";

/// Removes the temporary files that earlier writes of `name` in `dir` left
/// behind: files named as [`temp_name`] makes them that no running write
/// holds (a write keeps its temporary file locked while it exists). Returns
/// how many were removed.
pub fn remove_leftovers(dir: &Path, name: &str) -> usize {
    let prefix = prefix(name);
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(SUFFIX))
        else {
            continue;
        };
        if !middle.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            continue;
        }
        let path = entry.path();
        if abandoned(&path) && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether `path` is a regular file that no running write holds.
fn abandoned(path: &Path) -> bool {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    // Another user's file that cannot be opened is not ours to judge.
    options.open(path).is_ok_and(|file| file.try_lock().is_ok())
}

#[cfg(unix)]
pub use signals::Armed;

#[cfg(unix)]
mod signals {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr::null_mut;
    use std::sync::Once;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// The temporary file to remove on a signal, as a C string (null: none).
    static TEMP: AtomicPtr<libc::c_char> = AtomicPtr::new(null_mut());

    const SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGXFSZ];

    extern "C" fn on_signal(signal: libc::c_int) {
        let temp = TEMP.swap(null_mut(), Ordering::SeqCst);
        // SAFETY: unlink, signal and raise are async-signal-safe; `temp` is
        // a C string that is never freed while it is in TEMP.
        unsafe {
            if !temp.is_null() {
                libc::unlink(temp);
            }
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    /// Installs the handler for each signal the run does not ignore (a
    /// signal ignored by whoever started secl, such as `nohup`, stays so).
    fn install() {
        for signal in SIGNALS {
            // SAFETY: plain sigaction calls with zeroed, then filled structs.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                    || old.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut new: libc::sigaction = std::mem::zeroed();
                new.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                libc::sigemptyset(&mut new.sa_mask);
                libc::sigaction(signal, &new, std::ptr::null_mut());
            }
        }
    }

    /// A temporary file that a signal removes while this value lives.
    pub struct Armed {
        temp: *mut libc::c_char,
        previous: *mut libc::c_char,
    }

    impl Armed {
        /// Arms the removal of `path`.
        pub fn new(path: &Path) -> Armed {
            static INSTALL: Once = Once::new();
            INSTALL.call_once(install);
            let temp =
                CString::new(path.as_os_str().as_bytes()).map_or(null_mut(), CString::into_raw);
            let previous = TEMP.swap(temp, Ordering::SeqCst);
            Armed { temp, previous }
        }
    }

    impl Drop for Armed {
        fn drop(&mut self) {
            if self.temp.is_null() {
                return;
            }
            // Put back what was armed before; if a signal took the path in
            // the meantime the run is ending, and the string is left alone.
            if TEMP
                .compare_exchange(self.temp, self.previous, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                // SAFETY: made by CString::into_raw above, no longer in TEMP.
                drop(unsafe { CString::from_raw(self.temp) });
            }
        }
    }
}

/// Without Unix signals, nothing is armed.
#[cfg(not(unix))]
pub struct Armed;

#[cfg(not(unix))]
impl Armed {
    /// Nothing to arm.
    pub fn new(_path: &Path) -> Armed {
        Armed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_no_write_holds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(temp_name("j.sec", 1, 0));
        let held = dir.path().join(temp_name("j.sec", 2, 0));
        let other = dir.path().join(temp_name("k.sec", 3, 0));
        for path in [&left, &held, &other] {
            fs::write(path, "x").unwrap();
        }
        let holder = fs::File::open(&held).unwrap();
        holder.lock().unwrap();
        assert_eq!(remove_leftovers(dir.path(), "j.sec"), 1);
        assert!(!left.exists());
        assert!(held.exists() && other.exists());
    }
}
