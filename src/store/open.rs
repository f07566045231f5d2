//! Opening the caseload file: owner-only creation, pragmas, the schema and its migrations, the
//! journal (WAL, or a rollback journal on a network file system), and a file the user may read
//! but not write: when to open read-only, and a read-only connection that works even where
//! SQLite cannot create the `-wal`/`-shm` files beside it (a folder the user cannot write,
//! read-only media at court).

use super::who::{file_identity, recorded_actor};
use super::{Context, OpenMode, Store, StoreError, apply_key, login_name};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};
use std::path::{Path, PathBuf};

/// The canonical schema applied to a new file.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// Upgrade scripts, by the version each one produces.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/0001_initial.sql")),
    (2, include_str!("../../migrations/0002_record_versions.sql")),
    (3, include_str!("../../migrations/0003_audit_archive.sql")),
    (4, include_str!("../../migrations/0004_rank_cache.sql")),
    (5, include_str!("../../migrations/0005_law_fields.sql")),
    (6, include_str!("../../migrations/0006_staff_views.sql")),
    (7, include_str!("../../migrations/0007_duplicates.sql")),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = 7;

impl Store {
    /// Opens (and if allowed, creates) the caseload at `path`, bringing its schema up to date.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store, StoreError> {
        Store::open_with_key(path, mode, None)
    }

    /// Like [`Store::open`], for a file encrypted with `key` (or to create one encrypted).
    pub fn open_with_key(
        path: &Path,
        mode: OpenMode,
        key: Option<&str>,
    ) -> Result<Store, StoreError> {
        let path_buf = path.to_path_buf();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if path.is_dir() {
            return Err(StoreError::Directory { path: path_buf });
        }
        if !dir.is_dir() {
            return Err(StoreError::MissingDirectory {
                path: path_buf,
                dir,
            });
        }
        match std::fs::metadata(path) {
            Ok(_) => {
                // Ask the OS first: its reason ("permission denied") is clearer than SQLite's.
                std::fs::File::open(path).map_err(|e| StoreError::Unreadable {
                    path: path_buf.clone(),
                    reason: e.to_string(),
                })?;
            }
            Err(_) if mode == OpenMode::MustExist => {
                return Err(StoreError::Missing { path: path_buf });
            }
            Err(_) => crate::files::create_private_file(path)
                .map(drop)
                .map_err(|e| StoreError::Unreadable {
                    path: path_buf.clone(),
                    reason: e.to_string(),
                })?,
        }
        let cx = Context {
            path,
            encrypted: key.is_some(),
        };
        let (conn, access) = if must_read_only(path, &dir) {
            open_read_only(path, &dir, key, cx)?
        } else {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(path, flags).map_err(|e| cx.sqlite(e))?;
            apply_key(&conn, key).map_err(|e| cx.sqlite(e))?;
            (conn, Access::ReadWrite)
        };
        let mut store = Store {
            conn,
            path: path_buf,
            warnings: Vec::new(),
            key: key.map(str::to_string),
            actor: login_name(),
            identity: file_identity(path),
            access,
        };
        store
            .warnings
            .extend(crate::files::permission_warning(path));
        store.prepare()?;
        if !store.is_read_only() {
            store.choose_journal()?;
        }
        store.actor = recorded_actor(&store.conn, std::mem::take(&mut store.actor));
        Ok(store)
    }

    /// A private in-memory caseload, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|error| StoreError::Sqlite {
            path: path.clone(),
            error,
        })?;
        let mut store = Store {
            conn,
            path,
            warnings: Vec::new(),
            key: None,
            actor: login_name(),
            identity: None,
            access: Access::ReadWrite,
        };
        store.prepare()?;
        Ok(store)
    }

    /// WAL on a local disk (readers carry on while someone writes); a rollback journal on a
    /// network file system, where WAL's shared memory does not work across machines.
    pub(super) fn choose_journal(&mut self) -> Result<(), StoreError> {
        let wanted = match crate::files::file_system(&self.path) {
            crate::files::FileSystem::Local => "wal",
            crate::files::FileSystem::Network(kind) => {
                self.warnings.push(format!(
                    "warning: {} is on a network file system ({kind}). caseload uses a rollback \
                     journal there: it is safe for one person writing at a time. For a clinic \
                     sharing one file, keep it on the server's local disk (see README).",
                    self.path.display()
                ));
                "delete"
            }
        };
        let current: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        if current != wanted {
            let _mode: String = self
                .conn
                .query_row(&format!("PRAGMA journal_mode = {wanted}"), [], |r| r.get(0))
                .map_err(|e| self.sqlite(e))?;
        }
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// The user may only read this file: every change is refused with [`StoreError::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.access != Access::ReadWrite
    }

    /// Refuses a write before SQLite is asked, with the sentence that says why and what to do.
    pub(super) fn writable(&self) -> Result<(), StoreError> {
        match self.is_read_only() {
            true => Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }),
            false => Ok(()),
        }
    }

    /// Pragmas, then the schema: applied whole to an empty file, migrated from an older one.
    pub(super) fn prepare(&mut self) -> Result<(), StoreError> {
        // A 64 MB page cache: bulk inserts into large files otherwise spill pages to the WAL
        // over and over (a 1M-row generate went from minutes to seconds).
        let pragmas =
            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536;";
        self.conn
            .execute_batch(pragmas)
            .map_err(|e| self.sqlite(e))?;
        if self.is_read_only() {
            // Belt and braces: SQLite itself refuses any write on this connection.
            self.conn
                .execute_batch("PRAGMA query_only = 1")
                .map_err(|e| self.sqlite(e))?;
        }
        let version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if self.is_read_only() {
            // A migration is a write; an older schema lacks columns this program reads.
            return Err(StoreError::NeedsUpgrade {
                path: self.path.clone(),
                found: version,
            });
        }
        let cx = self.context();
        let fail = |e| cx.sqlite(e);
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Deferred)
            .map_err(fail)?;
        let path = self.path.clone();
        if version == 0 {
            let tables: i64 = tx
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(fail)?;
            if tables > 0 {
                return Err(StoreError::Foreign { path: path.clone() });
            }
            tx.execute_batch(SCHEMA).map_err(fail)?;
        } else {
            for (target, script) in MIGRATIONS.iter().filter(|(v, _)| *v > version) {
                tx.execute_batch(script).map_err(fail)?;
                debug_assert_eq!(
                    tx.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                        .ok(),
                    Some(*target)
                );
            }
        }
        tx.commit().map_err(fail)
    }
}

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
