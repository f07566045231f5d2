//! Who is writing, and to which file: the audit's actor is the login of the real user id (never
//! an environment variable), and a write first checks that the path still names the file this
//! store opened (`encrypt`, a restore or `rm` may have replaced it under an open session).

use super::{Store, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// The login name changes are recorded under: the account of the process's real user id, from
/// the password database. Environment variables (`LOGNAME`, `USER`) are never consulted: any
/// user can set them, and the audit trail must not be writable under a colleague's name.
pub fn login_name() -> String {
    account_name()
}

/// The name of the real user id in the password database (`getpwuid_r`, which also asks LDAP or
/// SSSD where the server uses them), or `uid N` when the uid has no entry.
#[cfg(unix)]
fn account_name() -> String {
    // SAFETY: getuid cannot fail and has no preconditions.
    account_of(unsafe { libc::getuid() })
}

/// The login of `uid` in the password database, or `uid N` when it has no entry.
#[cfg(unix)]
pub fn account_of(uid: u32) -> String {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: an all-zero passwd is a valid value for getpwuid_r to fill.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: entry, buf and found are valid for writes; buf.len() is the buffer's size.
        let rc = unsafe {
            libc::getpwuid_r(
                uid,
                &mut entry,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut found,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 || found.is_null() || entry.pw_name.is_null() {
            return format!("uid {uid}");
        }
        // SAFETY: on success pw_name points to a NUL-terminated string inside buf.
        let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
        let name = name.to_string_lossy();
        return if name.trim().is_empty() {
            format!("uid {uid}")
        } else {
            name.into_owned()
        };
    }
}

#[cfg(not(unix))]
fn account_name() -> String {
    "unknown".to_string()
}

/// The name the audit trail shows for `login`.
///
/// Seam for issue 14 (staff table): when the schema gains a table mapping logins to staff
/// names, look `login` up here on `conn` and return "Staff Name (login)"; until then the login
/// itself. The login must stay in the recorded text either way: it is what the OS vouches for.
pub(super) fn recorded_actor(_conn: &Connection, login: String) -> String {
    login
}

/// Which file a path names now (device and inode), or `None` when nothing is there.
pub(super) fn file_identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

impl Store {
    /// Refuses to write when the path no longer names the file this store opened (replaced by
    /// `encrypt` or a restore, or deleted): the write would go into a file nobody will read.
    pub fn check_same_file(&self) -> Result<(), StoreError> {
        match self.identity {
            Some(opened) if file_identity(&self.path) != Some(opened) => {
                Err(StoreError::Replaced {
                    path: self.path.clone(),
                })
            }
            _ => Ok(()),
        }
    }
}
