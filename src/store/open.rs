//! Opening a file the user may read but not write: when to open read-only, and a read-only
//! connection that works even where SQLite cannot create the `-wal`/`-shm` files beside it
//! (a folder the user cannot write, read-only media at court).

use super::{Context, StoreError, apply_key};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::Path;

/// How a connection may touch the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    /// Reads and writes (the usual case).
    ReadWrite,
    /// Reads only, with SQLite's locks and the `-wal` file: sees others' commits.
    ReadOnly,
    /// Reads the main file only, without locks (`immutable=1`): used when no `-shm` can be
    /// created and no `-wal` holds commits, so the main file is the whole caseload.
    Immutable,
}

/// Whether `path` (an existing file) must be opened read-only: the user cannot write it or its
/// folder (where SQLite keeps `-wal`, `-shm` and journals), or either is marked read-only
/// (no write bit at all, e.g. `0444`), which is respected even for root.
pub(super) fn must_read_only(path: &Path, dir: &Path) -> bool {
    !writable(path) || !writable(dir)
}

fn writable(path: &Path) -> bool {
    !marked_read_only(path) && may_write(path)
}

/// No write bit at all: someone made it read-only on purpose.
fn marked_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// The kernel's answer for this process's effective user (a read-only mount answers no too).
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call; faccessat only
    // reads it and returns a status.
    unsafe {
        libc::faccessat(
            libc::AT_FDCWD,
            c_path.as_ptr(),
            libc::W_OK,
            libc::AT_EACCESS,
        ) == 0
    }
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// Opens `path` (in `dir`) for reading only. A WAL-mode file whose `-shm` cannot be created is
/// read as `immutable` when no `-wal` holds commits; when one does and it cannot be read, the
/// sentence says so instead of showing an out-of-date caseload. In a folder marked read-only
/// nothing is created at all, even by root (no one else can be writing there without a `-wal`).
pub(super) fn open_read_only(
    path: &Path,
    dir: &Path,
    key: Option<&str>,
    cx: Context,
) -> Result<(Connection, Access), StoreError> {
    let holds_commits = wal_holds_commits(path);
    if holds_commits || !marked_read_only(dir) {
        let conn = reader(path, Access::ReadOnly).map_err(|e| cx.sqlite(e))?;
        apply_key(&conn, key).map_err(|e| cx.sqlite(e))?;
        match probe(&conn) {
            Ok(()) => return Ok((conn, Access::ReadOnly)),
            Err(e) if !cannot_share(&e) => return Err(cx.sqlite(e)),
            Err(_) => {}
        }
    }
    if holds_commits {
        return Err(StoreError::WalUnreadable {
            path: path.to_path_buf(),
        });
    }
    let conn = reader(path, Access::Immutable).map_err(|e| cx.sqlite(e))?;
    apply_key(&conn, key).map_err(|e| cx.sqlite(e))?;
    probe(&conn).map_err(|e| cx.sqlite(e))?;
    Ok((conn, Access::Immutable))
}

/// A connection that only reads, as `access` says (a read-write store's readers use locks).
pub(super) fn reader(path: &Path, access: Access) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match access {
        Access::ReadWrite | Access::ReadOnly => Connection::open_with_flags(path, flags),
        Access::Immutable => {
            Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
        }
    }
}

/// Reads the schema: the first thing that needs the `-shm` of a WAL-mode file.
fn probe(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(drop)
}

/// SQLite could not open or create the `-shm`/`-wal` files it shares with other connections.
fn cannot_share(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    )
}

/// A non-empty `-wal` beside the file: someone has it open and commits may not yet be in it.
fn wal_holds_commits(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// `file:` URI for `path` with `immutable=1`; every byte outside the unreserved set is
/// percent-encoded so a `?`, `#` or `%` in a folder name stays part of the path.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte))
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_keeps_odd_characters_in_the_path() {
        let uri = immutable_uri(Path::new("/tmp/a b?#%/c.db"));
        assert_eq!(uri, "file:/tmp/a%20b%3F%23%25/c.db?immutable=1");
    }
}
