//! The caseload file, in rooms: this module holds the [`Store`] handle, its error type
//! ([`StoreError`]), the error context threads share, and the public re-exports. Each job has
//! its own file, each with one `impl Store`:
//! - `open.rs`: permissions, pragmas, schema and migrations, read-only opening;
//! - `key.rs`: the SQLCipher key and telling an encrypted file from a plain one;
//! - `read.rs`: loading records (and versions) row by row;
//! - `write.rs`: every change users make (add, edit, hearing, archive, restore): one
//!   `BEGIN IMMEDIATE` transaction with its audit rows that bumps the person's `version`, so a
//!   save over someone else's change is refused ([`StoreError::Conflict`]) instead of
//!   overwriting it, and that first checks the path still names the opened file;
//! - `bulk.rs`: imports and generate, on SQLite's C API (all of the bulk insert's `unsafe`);
//! - `many.rs`: one change to many people in one transaction, each checked and audited;
//! - `likely.rs`: who a record about to be added may already be (add, import, the add form);
//! - `merge.rs`: two records of one person made one, and the undo that splits them again;
//! - `not_same.rs`: the duplicate review's "not the same person" answers;
//! - `clinic.rs`: the clinic's settings: staff (login → lawyer's name) and saved views;
//! - `audit.rs`: audit rows, the export audit, history and what changed since;
//! - `values.rs`: how values are written as text (dates, lists, the natural key);
//! - `roster.rs`, `rank_cache.rs`, `screens.rs`: the fast column reads for ranking, the cached
//!   ranking, and a few people for exports and screens; `who.rs`: the actor and file identity.

mod audit;
mod bulk;
mod clinic;
mod key;
mod likely;
mod many;
mod merge;
mod not_same;
mod open;
mod rank_cache;
mod read;
mod roster;
mod screens;
mod trend;
mod values;
mod who;
mod write;

pub use crate::domain::edit::{AuditEntry, Versioned};
pub use bulk::BulkInsert;
pub use key::{apply_key, is_plain_sqlite};
pub use many::{ManyChange, ManyOutcome};
pub use merge::MERGED_FIELD;
pub use not_same::NOT_SAME_FIELD;
pub use open::{SCHEMA, SCHEMA_VERSION};
pub use rank_cache::RankCache;
pub use roster::RankingFacts;
pub use values::natural_key;
#[cfg(unix)]
pub use who::account_of;
pub use who::login_name;

use crate::domain::model::Record;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use values::{fast_code, fast_date, iso, split_list};

/// Why a caseload file could not be used. Each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: the folder {dir} does not exist")]
    MissingDirectory { path: PathBuf, dir: PathBuf },
    #[error(
        "{path}: no caseload database here (create one with `caseload import` or `caseload generate`)"
    )]
    Missing { path: PathBuf },
    #[error("{path}: cannot open: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "{path}: not a caseload database (not an SQLite file), or an encrypted one: give its passphrase (--key-file PATH, or run on a terminal to be asked)"
    )]
    NotSqlite { path: PathBuf },
    #[error("{path}: wrong passphrase (or not a caseload database)")]
    WrongKey { path: PathBuf },
    #[error("{path}: an SQLite file, but not a caseload database (it has other tables)")]
    Foreign { path: PathBuf },
    #[error(
        "{path}: made by a newer caseload (schema version {found}; this program knows up to {known}); upgrade caseload to open it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: row {id} of table {table}: column {column}: {reason}")]
    BadValue {
        path: PathBuf,
        table: &'static str,
        id: i64,
        column: &'static str,
        reason: String,
    },
    #[error("{path}: no person with id {id}")]
    NotFound { path: PathBuf, id: i64 },
    #[error(
        "{path}: the same person and case (name, father's name, FIR, police station, arrest date) is already recorded as id {id}"
    )]
    Duplicate { path: PathBuf, id: i64 },
    /// The record moved on since the caller read it: nothing was written. Carries both versions
    /// so the user can compare them field by field.
    #[error(
        "{path}: person {id} was changed by someone else (version {expected} is now {found}); nothing saved"
    )]
    Conflict {
        path: PathBuf,
        id: i64,
        /// The version the caller started from.
        expected: i64,
        /// The version in the file now.
        found: i64,
        /// The record as it is in the file now.
        theirs: Box<Record>,
        /// The record the caller tried to save.
        yours: Box<Record>,
    },
    #[error("{path}: {reason}")]
    Setting { path: PathBuf, reason: String },
    #[error("{path}: person {id}: {reason}; nothing saved")]
    Refused {
        path: PathBuf,
        id: i64,
        reason: String,
    },
    /// The path names another file than the one opened (replaced or deleted): nothing written.
    #[error(
        "{path}: the file was replaced or removed since caseload opened it (by `caseload encrypt` or a restore?); nothing saved: quit and open it again"
    )]
    Replaced { path: PathBuf },
    /// Another connection held the write lock past the busy timeout: nothing was written.
    #[error(
        "{path} is busy: another program is writing to it; nothing was changed, try again in a moment"
    )]
    Busy { path: PathBuf },
    /// The disk or the user's quota is full: the transaction was rolled back whole.
    #[error(
        "{path}: the disk (or your quota) is full; nothing was changed: free some space and try again"
    )]
    Full { path: PathBuf },
    /// The user may read the file but not write it (or its folder).
    #[error(
        "{path} is read-only for you, so nothing was changed: ask the file's owner for group write access (to the file and its folder)"
    )]
    ReadOnly { path: PathBuf },
    #[error("{path} is a directory, not a database file")]
    Directory { path: PathBuf },
    #[error(
        "{path}: written by an older caseload (schema version {found}) and read-only for you: someone who can write it must open it once with this caseload to upgrade it"
    )]
    NeedsUpgrade { path: PathBuf, found: i64 },
    #[error(
        "{path}: someone has it open and its -wal/-shm files are not readable to you: try again when they close it, or ask the file's owner for group read access"
    )]
    WalUnreadable { path: PathBuf },
    /// Any other SQLite failure. The cause is printed once, in the message, and is not also a
    /// `source`: anyhow's `{:#}` would print it a second (and third) time.
    #[error("{path}: {}", sqlite_reason(error))]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
}

/// SQLite's own message, once ("no such table: x"), not rusqlite's chain of the same words.
fn sqlite_reason(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(code, None) => {
            rusqlite::ffi::code_to_str(code.extended_code).to_string()
        }
        other => other.to_string(),
    }
}

/// Whether opening may create a new, empty caseload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (owner-only) when it does not exist.
    CreateIfMissing,
    /// The file must already exist (read-only commands).
    MustExist,
}

/// How many rows an import or generate added, and how many it found already present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InsertOutcome {
    pub added: usize,
    pub already_present: usize,
}

/// An open caseload database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Things the user should know about this file (loose permissions, network file system).
    warnings: Vec<String>,
    /// The passphrase of an encrypted file (SQLCipher), needed again for backups.
    key: Option<String>,
    actor: String,
    /// Device and inode of the file when it was opened: a write first checks the path still
    /// names it (see [`Store::check_same_file`]). `None` in memory.
    identity: Option<(u64, u64)>,
    /// Read-only when the user cannot write the file or its folder: every write is refused
    /// with [`StoreError::ReadOnly`] before SQLite is asked, and nothing is cached or migrated.
    access: open::Access,
}

impl Store {
    /// Warnings to show the user about this file (print them before starting work).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The passphrase this file was opened with, if it is encrypted.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The name audit rows are written under: the login of the process's real user id.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Records changes under another name (tests, or a clinic's shared account).
    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_string();
    }

    /// Direct access for tests and maintenance commands.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Where this store's errors are reported (also usable on a loading thread).
    fn context(&self) -> Context<'_> {
        Context {
            path: &self.path,
            encrypted: self.key.is_some(),
        }
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        self.context().sqlite(source)
    }
}

/// Where errors are reported: the file's path, and whether it was opened with a key. Copied
/// freely, so threads reading the same file report errors the same way as the store.
#[derive(Clone, Copy)]
struct Context<'a> {
    path: &'a Path,
    encrypted: bool,
}

impl Context<'_> {
    /// The error as the user should read it: the causes people meet (busy, full, read-only,
    /// not a database) as their own sentence, anything else with SQLite's message once.
    fn sqlite(&self, error: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode as Code;
        let path = self.path.to_path_buf();
        match error.sqlite_error_code() {
            Some(Code::NotADatabase) if self.encrypted => StoreError::WrongKey { path },
            Some(Code::NotADatabase) => StoreError::NotSqlite { path },
            Some(Code::DatabaseBusy | Code::DatabaseLocked) => StoreError::Busy { path },
            Some(Code::DiskFull) => StoreError::Full { path },
            Some(Code::ReadOnly) => StoreError::ReadOnly { path },
            _ => StoreError::Sqlite { path, error },
        }
    }

    fn bad(
        &self,
        table: &'static str,
        id: i64,
        column: &'static str,
        reason: String,
    ) -> StoreError {
        StoreError::BadValue {
            path: self.path.to_path_buf(),
            table,
            id,
            column,
            reason,
        }
    }
}
