//! The caseload file: opening it safely (owner-only permissions, pragmas, schema and migrations),
//! loading every record, and every write: imports, and the changes users make (add, edit,
//! hearing, archive, restore). Each write is one `BEGIN IMMEDIATE` transaction that also writes
//! its audit rows, and bumps the person's `version` so a save over someone else's change is
//! refused ([`StoreError::Conflict`]) instead of overwriting it.

mod open;
mod rank_cache;
mod screens;
pub use rank_cache::RankCache;

use crate::domain::edit::{self, Change, HearingEntry};
pub use crate::domain::edit::{AuditEntry, Versioned};
use crate::domain::model::{
    AuditAction, BailStatus, Case, Detainee, Finding, Gender, Health, Hearing, Law, Record, Stage,
    Substance, Weakness,
};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, Transaction, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

mod roster;
pub use roster::RankingFacts;
mod who;
#[cfg(unix)]
pub use who::account_of;
pub use who::login_name;
use who::{file_identity, recorded_actor};

/// The canonical schema applied to a new file.
pub const SCHEMA: &str = include_str!("../schema.sql");

/// Upgrade scripts, by the version each one produces.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_initial.sql")),
    (2, include_str!("../migrations/0002_record_versions.sql")),
    (3, include_str!("../migrations/0003_audit_archive.sql")),
    (4, include_str!("../migrations/0004_rank_cache.sql")),
    (5, include_str!("../migrations/0005_law_fields.sql")),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = 5;

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
        let (conn, access) = if open::must_read_only(path, &dir) {
            open::open_read_only(path, &dir, key, cx)?
        } else {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(path, flags).map_err(|e| cx.sqlite(e))?;
            apply_key(&conn, key).map_err(|e| cx.sqlite(e))?;
            (conn, open::Access::ReadWrite)
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
            access: open::Access::ReadWrite,
        };
        store.prepare()?;
        Ok(store)
    }

    /// WAL on a local disk (readers carry on while someone writes); a rollback journal on a
    /// network file system, where WAL's shared memory does not work across machines.
    fn choose_journal(&mut self) -> Result<(), StoreError> {
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

    /// Warnings to show the user about this file (print them before starting work).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// The user may only read this file: every change is refused with [`StoreError::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.access != open::Access::ReadWrite
    }

    /// Refuses a write before SQLite is asked, with the sentence that says why and what to do.
    fn writable(&self) -> Result<(), StoreError> {
        match self.is_read_only() {
            true => Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }),
            false => Ok(()),
        }
    }

    /// The passphrase this file was opened with, if it is encrypted.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
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

    /// Pragmas, then the schema: applied whole to an empty file, migrated from an older one.
    fn prepare(&mut self) -> Result<(), StoreError> {
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

    /// Every record not archived, detainees in id order, each with their latest case.
    pub fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        // Written in terms of `d.id` so the same filter serves the hearings and findings queries.
        self.load_where(NOT_ARCHIVED, [])
    }

    /// The archived ("deleted") records, for the released/archived view.
    pub fn load_archived(&self) -> Result<Vec<Record>, StoreError> {
        self.load_where(
            "WHERE d.id IN (SELECT id FROM detainees WHERE archived = 1)",
            [],
        )
    }

    /// One record by detainee id.
    pub fn get(&self, id: i64) -> Result<Option<Record>, StoreError> {
        Ok(self.load_where("WHERE d.id = ?1", [id])?.into_iter().next())
    }

    fn load_where<P: rusqlite::Params + Clone>(
        &self,
        filter: &str,
        params: P,
    ) -> Result<Vec<Record>, StoreError> {
        let sql = format!(
            "SELECT {DETAINEE_COLUMNS}, {CASE_COLUMNS} FROM detainees d
             JOIN cases c ON c.detainee_id = d.id {filter} ORDER BY d.id, c.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params.clone()).map_err(|e| self.sqlite(e))?;
        let mut records: Vec<Record> = Vec::new();
        let mut by_case: HashMap<i64, usize> = HashMap::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let detainee = self.detainee_from(row)?;
            let case = self.case_from(row, DETAINEE_COUNT)?;
            // A detainee with several cases is shown with the latest (highest id).
            let position = records.len();
            match records.last_mut() {
                Some(last) if last.detainee.id == detainee.id => {
                    by_case.remove(&last.case.id);
                    by_case.insert(case.id, position - 1);
                    last.case = case;
                }
                _ => {
                    by_case.insert(case.id, records.len());
                    records.push(Record {
                        detainee,
                        case,
                        hearings: Vec::new(),
                        findings: Vec::new(),
                    });
                }
            }
        }
        drop(rows);
        let case_filter = filter.replace("d.id", "c.detainee_id");
        let join = "JOIN cases c ON c.id = x.case_id";
        let sql = format!(
            "SELECT x.case_id, x.id, x.date, x.court, x.purpose, x.outcome FROM hearings x {join} {case_filter} ORDER BY x.date, x.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params.clone()).map_err(|e| self.sqlite(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let case_id: i64 = row.get(0).map_err(|e| self.sqlite(e))?;
            let Some(&index) = by_case.get(&case_id) else {
                continue;
            };
            let id: i64 = row.get(1).map_err(|e| self.sqlite(e))?;
            let date = self
                .date(row, 2, "hearings", id, "date")?
                .unwrap_or_default();
            records[index].hearings.push(Hearing {
                id,
                date,
                court: row.get(3).map_err(|e| self.sqlite(e))?,
                purpose: row.get(4).map_err(|e| self.sqlite(e))?,
                outcome: row.get(5).map_err(|e| self.sqlite(e))?,
            });
        }
        drop(rows);
        let sql = format!(
            "SELECT x.case_id, x.id, x.code, x.note FROM findings x {join} {case_filter} ORDER BY x.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sqlite(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let case_id: i64 = row.get(0).map_err(|e| self.sqlite(e))?;
            let Some(&index) = by_case.get(&case_id) else {
                continue;
            };
            let id: i64 = row.get(1).map_err(|e| self.sqlite(e))?;
            let code = self
                .code::<Weakness>(row, 2, "findings", id, "code")?
                .unwrap_or(Weakness::Other);
            records[index].findings.push(Finding {
                code,
                note: row.get(3).map_err(|e| self.sqlite(e))?,
            });
        }
        Ok(records)
    }

    fn detainee_from(&self, row: &Row) -> Result<Detainee, StoreError> {
        let id: i64 = row.get(0).map_err(|e| self.sqlite(e))?;
        let t = "detainees";
        let health_text: String = row.get(11).map_err(|e| self.sqlite(e))?;
        let health = split_list(&health_text)
            .map(|code| Health::from_str(code).map_err(|reason| self.bad(t, id, "health", reason)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Detainee {
            id,
            name: row.get(1).map_err(|e| self.sqlite(e))?,
            father_name: row.get(2).map_err(|e| self.sqlite(e))?,
            gender: self.code::<Gender>(row, 3, t, id, "gender")?,
            date_of_birth: self.date(row, 4, t, id, "date_of_birth")?,
            age_at_arrest: row.get(5).map_err(|e| self.sqlite(e))?,
            juvenile_claimed: row.get(6).map_err(|e| self.sqlite(e))?,
            pregnant: row.get(7).map_err(|e| self.sqlite(e))?,
            due_date: self.date(row, 8, t, id, "due_date")?,
            children_in_prison: row.get(9).map_err(|e| self.sqlite(e))?,
            health,
            prison: row.get(10).map_err(|e| self.sqlite(e))?,
            prisoner_number: row.get(12).map_err(|e| self.sqlite(e))?,
            notes: row.get(13).map_err(|e| self.sqlite(e))?,
            cnic: row.get(14).map_err(|e| self.sqlite(e))?,
            children_ages: self.ages(row, 15, id)?,
        })
    }

    fn case_from(&self, row: &Row, at: usize) -> Result<Case, StoreError> {
        let id: i64 = row.get(at).map_err(|e| self.sqlite(e))?;
        let t = "cases";
        let get = |i: usize| row.get::<_, Option<String>>(at + i);
        Ok(Case {
            id,
            law: self
                .code::<Law>(row, at + 1, t, id, "law")?
                .unwrap_or(Law::Cnsa1997),
            section: get(2).map_err(|e| self.sqlite(e))?,
            fir_number: get(3).map_err(|e| self.sqlite(e))?,
            fir_date: self.date(row, at + 4, t, id, "fir_date")?,
            police_station: get(5).map_err(|e| self.sqlite(e))?,
            district: get(6).map_err(|e| self.sqlite(e))?,
            arrest_date: self
                .date(row, at + 7, t, id, "arrest_date")?
                .ok_or_else(|| self.bad(t, id, "arrest_date", "missing".into()))?,
            substance: self.code::<Substance>(row, at + 8, t, id, "substance")?,
            quantity_grams: row.get(at + 9).map_err(|e| self.sqlite(e))?,
            stage: self
                .code::<Stage>(row, at + 10, t, id, "stage")?
                .unwrap_or(Stage::Investigation),
            bail_status: self.code::<BailStatus>(row, at + 11, t, id, "bail_status")?,
            capital_charge: row.get(at + 12).map_err(|e| self.sqlite(e))?,
            previous_conviction: row.get(at + 13).map_err(|e| self.sqlite(e))?,
            delay_by_defence: row.get(at + 14).map_err(|e| self.sqlite(e))?,
            first_offence: row.get(at + 15).map_err(|e| self.sqlite(e))?,
            court: get(16).map_err(|e| self.sqlite(e))?,
            lawyer: get(17).map_err(|e| self.sqlite(e))?,
            previous_conviction_death_life: row.get(at + 18).map_err(|e| self.sqlite(e))?,
            judgment_date: self.date(row, at + 19, t, id, "judgment_date")?,
            sentence_years: row.get(at + 20).map_err(|e| self.sqlite(e))?,
        })
    }

    /// The `;`-separated ages of the children in prison (schema 5).
    fn ages(&self, row: &Row, at: usize, id: i64) -> Result<Vec<u32>, StoreError> {
        let text: Option<String> = row.get(at).map_err(|e| self.sqlite(e))?;
        split_list(text.as_deref().unwrap_or(""))
            .map(|age| {
                age.parse::<u32>().map_err(|_| {
                    self.bad(
                        "detainees",
                        id,
                        "children_ages",
                        format!("'{age}' is not an age"),
                    )
                })
            })
            .collect()
    }

    fn bad(
        &self,
        table: &'static str,
        id: i64,
        column: &'static str,
        reason: String,
    ) -> StoreError {
        self.context().bad(table, id, column, reason)
    }

    fn date(
        &self,
        row: &Row,
        index: usize,
        table: &'static str,
        id: i64,
        column: &'static str,
    ) -> Result<Option<NaiveDate>, StoreError> {
        let text: Option<String> = row.get(index).map_err(|e| self.sqlite(e))?;
        text.map(|t| {
            NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .map_err(|_| self.bad(table, id, column, format!("'{t}' is not a YYYY-MM-DD date")))
        })
        .transpose()
    }

    fn code<T: FromStr<Err = String>>(
        &self,
        row: &Row,
        index: usize,
        table: &'static str,
        id: i64,
        column: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let text: Option<String> = row.get(index).map_err(|e| self.sqlite(e))?;
        text.map(|t| T::from_str(&t).map_err(|reason| self.bad(table, id, column, reason)))
            .transpose()
    }

    /// Adds records in one transaction: all of them or, on any error, none. A record whose
    /// natural key is already stored is skipped, so importing the same file twice adds nobody.
    pub fn insert_records(&mut self, records: &[Record]) -> Result<InsertOutcome, StoreError> {
        self.insert_all(records.iter().cloned())
    }

    /// Like [`Store::insert_records`], from an iterator, so a million generated records never
    /// need to be held in memory at once.
    pub fn insert_all(
        &mut self,
        records: impl IntoIterator<Item = Record>,
    ) -> Result<InsertOutcome, StoreError> {
        let mut bulk = self.bulk_insert()?;
        for record in records {
            bulk.add(record)?;
        }
        bulk.commit()
    }

    /// Starts adding many records in one `BEGIN IMMEDIATE` transaction (see [`BulkInsert`]):
    /// nothing is visible to others, or left in the file, unless [`BulkInsert::commit`] is called.
    pub fn bulk_insert(&mut self) -> Result<BulkInsert<'_>, StoreError> {
        BulkInsert::begin(self)
    }

    /// How many of `records` are already stored (by natural key): what an import would skip.
    pub fn count_present(&self, records: &[Record]) -> Result<usize, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM detainees WHERE natural_key = ?1")
            .map_err(|e| self.sqlite(e))?;
        let mut present = 0;
        for record in records {
            if stmt
                .exists([natural_key(record)])
                .map_err(|e| self.sqlite(e))?
            {
                present += 1;
            }
        }
        Ok(present)
    }

    /// How many detainees the file holds.
    pub fn count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM detainees", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// The name audit rows are written under: the login of the process's real user id.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Records changes under another name (tests, or a clinic's shared account).
    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_string();
    }

    /// One record with its version and archive flag, archived or not.
    pub fn get_versioned(&self, id: i64) -> Result<Option<Versioned>, StoreError> {
        let Some(record) = self.get(id)? else {
            return Ok(None);
        };
        let (version, archived) = self.version_of(id)?.unwrap_or((0, false));
        Ok(Some(Versioned {
            record,
            version,
            archived,
        }))
    }

    fn version_of(&self, id: i64) -> Result<Option<(i64, bool)>, StoreError> {
        self.conn
            .prepare_cached("SELECT version, archived FROM detainees WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))
                    .optional()
            })
            .map_err(|e| self.sqlite(e))
    }

    /// Changes committed to the file by other connections since this one last looked move this
    /// number (SQLite's `PRAGMA data_version`); this connection's own commits do not.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// The id of the newest audit row (0 when there is none).
    pub fn last_audit_id(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM audit", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// The people changed since audit row `after`, at most `limit` of them (`None` when more
    /// changed: reload everything), and the newest audit id.
    pub fn changed_since(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<(Option<Vec<i64>>, i64), StoreError> {
        let last = self.last_audit_id()?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT detainee_id FROM audit WHERE id > ?1 AND id <= ?2 LIMIT ?3",
            )
            .map_err(|e| self.sqlite(e))?;
        let ids = stmt
            .query_map(params![after, last, limit as i64 + 1], |r| r.get(0))
            .and_then(|rows| rows.collect::<Result<Vec<i64>, _>>())
            .map_err(|e| self.sqlite(e))?;
        Ok(((ids.len() <= limit).then_some(ids), last))
    }

    /// A person's audit trail, oldest first.
    pub fn history(&self, id: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, at, actor, action, detainee_id, field, old_value, new_value
                 FROM audit WHERE detainee_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sqlite(e))?;
        stmt.query_map([id], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                detainee_id: r.get(4)?,
                field: r.get(5)?,
                old_value: r.get(6)?,
                new_value: r.get(7)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.sqlite(e))
    }

    /// Carries out one change in one `BEGIN IMMEDIATE` transaction with its audit rows, and
    /// returns the record as it now stands.
    pub fn apply(&mut self, change: &Change) -> Result<Versioned, StoreError> {
        match change {
            Change::Add { record } => self.add(record),
            Change::Update {
                id,
                version,
                record,
                action,
            } => self.update(*id, *version, record, *action),
            Change::Hearing {
                id,
                version,
                entry,
                today,
            } => self.record_hearing(*id, *version, entry, *today),
            Change::Archive {
                id,
                version,
                action,
            } => self.set_archived(*id, *version, true, *action),
            Change::Restore {
                id,
                version,
                action,
            } => self.set_archived(*id, *version, false, *action),
        }
    }

    /// Adds one person (refused when the same person and case is already recorded).
    pub fn add(&mut self, record: &Record) -> Result<Versioned, StoreError> {
        let tx = self.begin()?;
        let id = match insert_record(&tx, record).map_err(|e| self.sqlite(e))? {
            Some(id) => id,
            None => {
                let id = tx
                    .query_row(
                        "SELECT id FROM detainees WHERE natural_key = ?1",
                        [natural_key(record)],
                        |r| r.get(0),
                    )
                    .map_err(|e| self.sqlite(e))?;
                return Err(StoreError::Duplicate {
                    path: self.path.clone(),
                    id,
                });
            }
        };
        let name = Some(record.detainee.name.as_str());
        audit(&tx, &self.actor, AuditAction::Add, id, None, None, name)
            .map_err(|e| self.sqlite(e))?;
        self.finish(tx, id)
    }

    /// Replaces person `id`'s record with `record` if the file still holds `expected_version`;
    /// otherwise refuses with [`StoreError::Conflict`] and writes nothing. Every changed field
    /// gets an audit row under `action`. A record with no change is left alone.
    pub fn update(
        &mut self,
        id: i64,
        expected_version: i64,
        record: &Record,
        action: AuditAction,
    ) -> Result<Versioned, StoreError> {
        let tx = self.begin()?;
        let current = self.current(id, expected_version, record)?;
        self.write(&tx, id, &current.record, record, action)?;
        self.finish(tx, id)
    }

    /// Records a hearing's outcome (and the next date) on the record as it stands at
    /// `expected_version`. Bail granted, acquittal and release take the person out of custody.
    pub fn record_hearing(
        &mut self,
        id: i64,
        expected_version: i64,
        entry: &HearingEntry,
        today: NaiveDate,
    ) -> Result<Versioned, StoreError> {
        let tx = self.begin()?;
        let Some(current) = self.get_versioned(id)? else {
            return Err(StoreError::NotFound {
                path: self.path.clone(),
                id,
            });
        };
        let next = edit::apply_hearing(&current.record, entry, today).map_err(|reason| {
            StoreError::Refused {
                path: self.path.clone(),
                id,
                reason,
            }
        })?;
        if current.version != expected_version {
            return Err(self.conflict(id, expected_version, current, next));
        }
        self.write(&tx, id, &current.record, &next, AuditAction::Hearing)?;
        self.finish(tx, id)
    }

    /// Archives (`true`: the program's "delete") or restores a person, if still at
    /// `expected_version`.
    pub fn set_archived(
        &mut self,
        id: i64,
        expected_version: i64,
        archived: bool,
        action: AuditAction,
    ) -> Result<Versioned, StoreError> {
        let tx = self.begin()?;
        let current = self.current(id, expected_version, &Record::new("", NaiveDate::default()))?;
        if current.archived == archived {
            let reason = if archived {
                "already archived"
            } else {
                "not archived"
            };
            return Err(StoreError::Refused {
                path: self.path.clone(),
                id,
                reason: reason.to_string(),
            });
        }
        let fail = |e| self.sqlite(e);
        tx.execute(
            "UPDATE detainees SET archived = ?2, version = version + 1 WHERE id = ?1",
            params![id, archived],
        )
        .map_err(fail)?;
        let (old, new) = if archived {
            ("no", "yes")
        } else {
            ("yes", "no")
        };
        audit(
            &tx,
            &self.actor,
            action,
            id,
            Some("archived"),
            Some(old),
            Some(new),
        )
        .map_err(fail)?;
        self.finish(tx, id)
    }

    fn begin(&self) -> Result<Transaction<'_>, StoreError> {
        self.writable()?;
        // IMMEDIATE takes the write lock up front, so a busy file waits (busy_timeout) at the
        // start instead of failing half-way with "database is locked".
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.sqlite(e))?;
        // Checked under the lock: `encrypt` holds the file exclusively until it has renamed
        // its copy into place, so a write that got the lock after it sees the new file here.
        self.check_same_file()?;
        Ok(tx)
    }

    fn finish(&self, tx: Transaction, id: i64) -> Result<Versioned, StoreError> {
        tx.commit().map_err(|e| self.sqlite(e))?;
        self.get_versioned(id)?.ok_or_else(|| StoreError::NotFound {
            path: self.path.clone(),
            id,
        })
    }

    /// The record as stored, if it is still at `expected`; else the conflict error.
    fn current(&self, id: i64, expected: i64, yours: &Record) -> Result<Versioned, StoreError> {
        let Some(current) = self.get_versioned(id)? else {
            return Err(StoreError::NotFound {
                path: self.path.clone(),
                id,
            });
        };
        if current.version != expected {
            return Err(self.conflict(id, expected, current, yours.clone()));
        }
        Ok(current)
    }

    fn conflict(&self, id: i64, expected: i64, theirs: Versioned, yours: Record) -> StoreError {
        StoreError::Conflict {
            path: self.path.clone(),
            id,
            expected,
            found: theirs.version,
            theirs: Box::new(theirs.record),
            yours: Box::new(yours),
        }
    }

    /// Writes `new` over `old` (person `id`): detainee, case, hearings by id, findings; bumps
    /// the version; one audit row per changed field.
    fn write(
        &self,
        tx: &Connection,
        id: i64,
        old: &Record,
        new: &Record,
        action: AuditAction,
    ) -> Result<(), StoreError> {
        let changes = edit::diff(old, new);
        if changes.is_empty() {
            return Ok(());
        }
        let key = natural_key(new);
        let fail = |e| self.sqlite(e);
        let other: Option<i64> = tx
            .query_row(
                "SELECT id FROM detainees WHERE natural_key = ?1 AND id != ?2",
                params![key, id],
                |r| r.get(0),
            )
            .optional()
            .map_err(fail)?;
        if let Some(other) = other {
            return Err(StoreError::Duplicate {
                path: self.path.clone(),
                id: other,
            });
        }
        update_rows(tx, id, old, new, &key).map_err(fail)?;
        for (field, before, after) in &changes {
            audit(
                tx,
                &self.actor,
                action,
                id,
                Some(field),
                before.as_deref(),
                after.as_deref(),
            )
            .map_err(fail)?;
        }
        Ok(())
    }

    /// Direct access for tests and maintenance commands.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

const NOT_ARCHIVED: &str = "WHERE d.id NOT IN (SELECT id FROM detainees WHERE archived = 1)";
const DETAINEE_COUNT: usize = 16;
const DETAINEE_COLUMNS: &str = "d.id, d.name, d.father_name, d.gender, d.date_of_birth, \
    d.age_at_arrest, d.juvenile_claimed, d.pregnant, d.due_date, d.children_in_prison, d.prison, \
    d.health, d.prisoner_number, d.notes, d.cnic, d.children_ages";
const CASE_COLUMNS: &str = "c.id, c.law, c.section, c.fir_number, c.fir_date, c.police_station, \
    c.district, c.arrest_date, c.substance, c.quantity_grams, c.stage, c.bail_status, \
    c.capital_charge, c.previous_conviction, c.delay_by_defence, c.first_offence, c.court, c.lawyer, \
    c.previous_conviction_death_life, c.judgment_date, c.sentence_years";

/// Inserts one record unless its natural key is already present; returns its id if it was added.
fn insert_record(tx: &Connection, record: &Record) -> rusqlite::Result<Option<i64>> {
    let d = &record.detainee;
    let c = &record.case;
    let key = natural_key(record);
    let health: Vec<&str> = d.health.iter().map(|h| h.code()).collect();
    let added = tx
        .prepare_cached(
            "INSERT INTO detainees (name, father_name, gender, date_of_birth, age_at_arrest,
            juvenile_claimed, pregnant, due_date, children_in_prison, health, prison,
            prisoner_number, notes, natural_key, cnic, children_ages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT (natural_key) DO NOTHING",
        )?
        .execute(params![
            d.name,
            d.father_name,
            d.gender.map(|g| g.code()),
            d.date_of_birth.map(iso),
            d.age_at_arrest,
            d.juvenile_claimed,
            d.pregnant,
            d.due_date.map(iso),
            d.children_in_prison,
            health.join(";"),
            d.prison,
            d.prisoner_number,
            d.notes,
            key,
            d.cnic,
            ages_text(&d.children_ages),
        ])?;
    // One statement instead of a look-up and an insert: nothing changed means already present.
    if added == 0 {
        return Ok(None);
    }
    let detainee_id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO cases (detainee_id, law, section, fir_number, fir_date, police_station,
            district, arrest_date, substance, quantity_grams, stage, bail_status, capital_charge,
            previous_conviction, delay_by_defence, first_offence, court, lawyer,
            previous_conviction_death_life, judgment_date, sentence_years)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21)",
    )?
    .execute(rusqlite::params_from_iter(
        std::iter::once(Value::from(detainee_id)).chain(case_values(c)),
    ))?;
    let case_id = tx.last_insert_rowid();
    for h in &record.hearings {
        tx.prepare_cached(
            "INSERT INTO hearings (case_id, date, court, purpose, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![case_id, iso(h.date), h.court, h.purpose, h.outcome])?;
    }
    for f in &record.findings {
        tx.prepare_cached("INSERT INTO findings (case_id, code, note) VALUES (?1, ?2, ?3)")?
            .execute(params![case_id, f.code.code(), f.note])?;
    }
    Ok(Some(detainee_id))
}

/// Persons per multi-row `INSERT`. SQLite rebuilds the lookup lists of the `CHECK (x IN (…))`
/// constraints on every execution of a statement, so one statement for many rows shares that
/// and the per-statement overhead.
const BATCH: usize = 64;

/// Page cache while a bulk insert runs: the random-order `natural_key` index of a million
/// people must stay in memory, or every insert re-reads pages spilled to the WAL.
const BULK_CACHE_KIB: i64 = 256 * 1024;

/// Indexes a bulk insert into an empty file drops and builds again before its commit: their
/// keys arrive in no particular order, and one sort at the end costs less than keeping them up
/// to date row by row. The other indexes are keyed by ids, which a bulk insert gives in
/// increasing order, so SQLite only appends to them; rebuilding those cost more than it saved
/// (measured: 1.15 G instructions for 20k rows rebuilding all, 1.14 G none, 1.08 G this one).
const REBUILT_AFTER_BULK: &[&str] = &["hearings_by_date"];

/// The tables a bulk insert writes, each with one row's placeholders for a multi-row `VALUES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum BulkTable {
    Detainees,
    Cases,
    Hearings,
    Findings,
    Audit,
}

impl BulkTable {
    fn head(self) -> &'static str {
        match self {
            BulkTable::Detainees => {
                "INSERT INTO detainees (id, name, father_name, gender, date_of_birth, \
                 age_at_arrest, juvenile_claimed, pregnant, due_date, children_in_prison, health, \
                 prison, prisoner_number, notes, natural_key, cnic, children_ages) VALUES "
            }
            BulkTable::Cases => {
                "INSERT INTO cases (id, detainee_id, law, section, fir_number, fir_date, \
                 police_station, district, arrest_date, substance, quantity_grams, stage, \
                 bail_status, capital_charge, previous_conviction, delay_by_defence, \
                 first_offence, court, lawyer, previous_conviction_death_life, judgment_date, \
                 sentence_years) VALUES "
            }
            BulkTable::Hearings => {
                "INSERT INTO hearings (case_id, date, court, purpose, outcome) VALUES "
            }
            BulkTable::Findings => "INSERT INTO findings (case_id, code, note) VALUES ",
            BulkTable::Audit => {
                "INSERT INTO audit (at, actor, action, detainee_id, field, old_value, new_value) \
                 VALUES "
            }
        }
    }

    /// One row. The audit rows of an import share its time (?1) and actor (?2), bound once;
    /// a bare `?` takes the number after the highest one used so far.
    fn row(self) -> &'static str {
        match self {
            BulkTable::Detainees => "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            BulkTable::Cases => "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            BulkTable::Hearings => "(?,?,?,?,?)",
            BulkTable::Findings => "(?,?,?)",
            BulkTable::Audit => "(?1,?2,'import',?,NULL,NULL,?)",
        }
    }

    /// Parameters bound once per statement, before the rows' own.
    fn shared(self) -> usize {
        match self {
            BulkTable::Audit => 2,
            _ => 0,
        }
    }

    fn sql(self, rows: usize) -> String {
        let mut sql = String::from(self.head());
        for i in 0..rows {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(self.row());
        }
        sql
    }
}

/// A person waiting to be written, with the ids they will get.
struct Pending {
    id: i64,
    case_id: i64,
    key: String,
    record: Record,
}

/// Many records written in one `BEGIN IMMEDIATE` transaction, [`BATCH`] persons per
/// statement, with their audit rows. Dropped without [`BulkInsert::commit`], it rolls back and
/// the file is as before (also under `kill -9`: the transaction was never committed).
///
/// Ids are given here (the next after the largest, as SQLite would) so the cases, hearings and
/// findings of a whole batch can be written without asking SQLite for each new id. A person
/// whose natural key is already stored, or came earlier in the same batch of records, is
/// skipped, as `ON CONFLICT (natural_key) DO NOTHING` would; the plain `INSERT` then fails on
/// the `UNIQUE` constraint if that reasoning were ever wrong, rather than link a case to the
/// wrong person.
///
/// Into an empty file the indexes in [`REBUILT_AFTER_BULK`] are dropped and built again before
/// the commit.
pub struct BulkInsert<'s> {
    store: &'s Store,
    tx: Option<Transaction<'s>>,
    statements: HashMap<(BulkTable, usize), RawInsert<'s>>,
    /// When the file already held people: looks a natural key up.
    lookup: Option<rusqlite::Statement<'s>>,
    /// Natural keys added by this insert.
    seen: std::collections::HashSet<String>,
    pending: Vec<Pending>,
    next_id: i64,
    next_case_id: i64,
    /// The time every audit row of this insert records (UTC, as the audit table wants).
    at: String,
    /// `CREATE INDEX` statements of the indexes dropped for this insert.
    dropped_indexes: Vec<String>,
    cache_kib: i64,
    outcome: InsertOutcome,
}

impl<'s> BulkInsert<'s> {
    fn begin(store: &'s Store) -> Result<BulkInsert<'s>, StoreError> {
        store.writable()?;
        let conn = &store.conn;
        let fail = |e| store.sqlite(e);
        let cache_kib: i64 = conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(fail)?;
        // IMMEDIATE: the write lock first, so the ids and keys read below stay true.
        let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        store.check_same_file()?;
        // From here on `drop` rolls back and restores the connection's settings.
        let mut bulk = BulkInsert {
            store,
            tx: Some(tx),
            statements: HashMap::new(),
            lookup: None,
            seen: std::collections::HashSet::new(),
            pending: Vec::with_capacity(BATCH),
            next_id: 1,
            next_case_id: 1,
            at: String::new(),
            dropped_indexes: Vec::new(),
            cache_kib,
            outcome: InsertOutcome::default(),
        };
        bulk.prepare()?;
        Ok(bulk)
    }

    /// Settings, the next ids, the audit time, and the indexes to rebuild.
    fn prepare(&mut self) -> Result<(), StoreError> {
        let conn = &self.store.conn;
        let fail = |e| self.store.sqlite(e);
        // SQLite evaluates each `CHECK (x IN (…))` list by building a small table for every
        // row, which cost more than the rest of the insert. The values written here come from
        // enums (always a listed code) and unsigned or boolean fields; the few checks the types
        // do not guarantee are made in `add` (see `violated_check`).
        conn.execute_batch(&format!(
            "PRAGMA cache_size = -{BULK_CACHE_KIB}; PRAGMA ignore_check_constraints = ON"
        ))
        .map_err(fail)?;
        let max_id = |table: &str| -> Result<i64, StoreError> {
            conn.query_row(
                &format!("SELECT coalesce(max(id), 0) FROM {table}"),
                [],
                |r| r.get(0),
            )
            .map_err(fail)
        };
        self.next_id = max_id("detainees")? + 1;
        self.next_case_id = max_id("cases")? + 1;
        self.at = conn
            .query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
                r.get(0)
            })
            .map_err(fail)?;
        if self.next_id == 1 {
            self.drop_indexes()
        } else {
            let sql = "SELECT 1 FROM detainees WHERE natural_key = ?1";
            self.lookup = Some(conn.prepare(sql).map_err(fail)?);
            Ok(())
        }
    }

    /// Drops the indexes in [`REBUILT_AFTER_BULK`], remembering how to make them again.
    fn drop_indexes(&mut self) -> Result<(), StoreError> {
        let conn = &self.store.conn;
        let fail = |e| self.store.sqlite(e);
        for name in REBUILT_AFTER_BULK {
            let sql: Option<String> = conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(fail)?;
            if let Some(sql) = sql {
                conn.execute_batch(&format!("DROP INDEX {name}"))
                    .map_err(fail)?;
                self.dropped_indexes.push(sql);
            }
        }
        Ok(())
    }

    /// Adds one record unless its natural key is already stored or already added.
    pub fn add(&mut self, record: Record) -> Result<(), StoreError> {
        if let Some(check) = violated_check(&record) {
            let code = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_CHECK);
            let message = format!("CHECK constraint failed: {check}");
            return Err(self
                .store
                .sqlite(rusqlite::Error::SqliteFailure(code, Some(message))));
        }
        let key = natural_key(&record);
        if self.seen.contains(&key) || self.stored(&key)? {
            self.outcome.already_present += 1;
            return Ok(());
        }
        self.seen.insert(key.clone());
        self.pending.push(Pending {
            id: self.next_id,
            case_id: self.next_case_id,
            key,
            record,
        });
        self.next_id += 1;
        self.next_case_id += 1;
        if self.pending.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Whether a person with this natural key was in the file before this insert began.
    fn stored(&mut self, key: &str) -> Result<bool, StoreError> {
        match &mut self.lookup {
            Some(stmt) => stmt.exists([key]).map_err(|e| self.store.sqlite(e)),
            None => Ok(false),
        }
    }

    /// Writes the waiting persons: detainees before the cases that refer to them, and so on.
    fn flush(&mut self) -> Result<(), StoreError> {
        let pending = std::mem::take(&mut self.pending);
        self.write(BulkTable::Detainees, &pending, bind_detainee)?;
        self.write(BulkTable::Cases, &pending, bind_case)?;
        let hearings: Vec<(i64, &Hearing)> = pending
            .iter()
            .flat_map(|p| p.record.hearings.iter().map(move |h| (p.case_id, h)))
            .collect();
        self.write(BulkTable::Hearings, &hearings, bind_hearing)?;
        let findings: Vec<(i64, &Finding)> = pending
            .iter()
            .flat_map(|p| p.record.findings.iter().map(move |f| (p.case_id, f)))
            .collect();
        self.write(BulkTable::Findings, &findings, bind_finding)?;
        self.write(BulkTable::Audit, &pending, bind_audit)?;
        self.outcome.added += pending.len();
        drop((hearings, findings));
        self.pending = pending;
        self.pending.clear();
        Ok(())
    }

    /// Inserts `rows` into `table`, [`BATCH`] to a statement.
    fn write<T>(
        &mut self,
        table: BulkTable,
        rows: &[T],
        bind: fn(&mut Binder, &T) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
        let store = self.store;
        for chunk in rows.chunks(BATCH) {
            let stmt = match self.statements.entry((table, chunk.len())) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    RawInsert::prepare(&store.conn, &table.sql(chunk.len()))
                        .map_err(|e| store.sqlite(e))?,
                ),
            };
            let mut binder = Binder {
                stmt,
                index: table.shared(),
            };
            let run = |binder: &mut Binder| -> rusqlite::Result<()> {
                if table == BulkTable::Audit {
                    binder.stmt.text(1, &self.at)?;
                    binder.stmt.text(2, &store.actor)?;
                }
                for row in chunk {
                    bind(binder, row)?;
                }
                binder.stmt.execute()
            };
            let result = run(&mut binder);
            // Nothing may stay bound to text that is about to be freed.
            binder.stmt.clear();
            result.map_err(|e| store.sqlite(e))?;
        }
        Ok(())
    }

    /// Writes what is left, builds the dropped indexes again and commits.
    pub fn commit(mut self) -> Result<InsertOutcome, StoreError> {
        self.flush()?;
        let fail = |e| self.store.sqlite(e);
        for sql in &self.dropped_indexes {
            self.store.conn.execute_batch(sql).map_err(fail)?;
        }
        self.statements.clear();
        self.lookup = None;
        if let Some(tx) = self.tx.take() {
            tx.commit().map_err(fail)?;
        }
        Ok(self.outcome)
    }
}

impl Drop for BulkInsert<'_> {
    fn drop(&mut self) {
        // Rolls back first when not committed (the cache size can be set either way).
        drop(self.tx.take());
        let restore = format!(
            "PRAGMA ignore_check_constraints = OFF; PRAGMA cache_size = {}",
            self.cache_kib
        );
        let _ = self.store.conn.execute_batch(&restore);
    }
}

/// The schema's `CHECK` constraints that a record's types do not already guarantee, for the
/// bulk insert, which turns SQLite's own checks off. Enums are always one of the listed codes,
/// flags are 0 or 1 and counts are unsigned; `tests/store.rs` lists every `CHECK` so a new one
/// is noticed here. Returns the constraint as SQLite would name it.
fn violated_check(record: &Record) -> Option<&'static str> {
    let d = &record.detainee;
    // SQLite's trim() removes spaces only.
    if d.name.trim_matches(' ').is_empty() {
        return Some("length(trim(name)) > 0");
    }
    if d.age_at_arrest.is_some_and(|age| age > 130) {
        return Some("age_at_arrest BETWEEN 0 AND 130");
    }
    if record.case.quantity_grams.is_some_and(|g| g < 0.0) {
        return Some("quantity_grams >= 0");
    }
    if record.case.sentence_years.is_some_and(|y| y < 0.0) {
        return Some("sentence_years >= 0");
    }
    None
}

/// Binds a statement's parameters in order. Text is bound without a copy: it must outlive the
/// statement's execution (it is borrowed from the records being written).
struct Binder<'a, 's> {
    stmt: &'a mut RawInsert<'s>,
    index: usize,
}

impl<'r> Binder<'_, '_> {
    fn put(&mut self, value: impl Bind<'r>) -> rusqlite::Result<()> {
        self.index += 1;
        value.bind(self.stmt, self.index)
    }

    fn date(&mut self, date: Option<NaiveDate>) -> rusqlite::Result<()> {
        self.index += 1;
        match date {
            // A temporary: SQLite copies it.
            Some(date) => match IsoDate::new(date) {
                Some(text) => self.stmt.copied_text(self.index, text.as_str()),
                None => self.stmt.copied_text(self.index, &iso(date)),
            },
            None => self.stmt.null(self.index),
        }
    }
}

/// A value the bulk insert binds, borrowed for `'r` (text is not copied).
trait Bind<'r> {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()>;
}

impl<'r> Bind<'r> for &'r str {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        stmt.text(index, self)
    }
}

impl<'r> Bind<'r> for &'r String {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        stmt.text(index, self)
    }
}

impl<'r> Bind<'r> for &'r Option<String> {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        match self {
            Some(text) => stmt.text(index, text),
            None => stmt.null(index),
        }
    }
}

impl<'r> Bind<'r> for Option<&'r str> {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        match self {
            Some(text) => stmt.text(index, text),
            None => stmt.null(index),
        }
    }
}

impl Bind<'_> for i64 {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        stmt.int(index, self)
    }
}

impl Bind<'_> for Option<u32> {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        match self {
            Some(n) => stmt.int(index, i64::from(n)),
            None => stmt.null(index),
        }
    }
}

impl Bind<'_> for Option<bool> {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        match self {
            Some(flag) => stmt.int(index, i64::from(flag)),
            None => stmt.null(index),
        }
    }
}

impl Bind<'_> for Option<f64> {
    fn bind(self, stmt: &mut RawInsert, index: usize) -> rusqlite::Result<()> {
        match self {
            Some(n) => stmt.real(index, n),
            None => stmt.null(index),
        }
    }
}

/// An `INSERT` prepared through SQLite's C interface, for what rusqlite does not offer: binding
/// text without copying it (`SQLITE_STATIC`). rusqlite copies every string and frees the
/// previous copy, which was a third of the bulk insert's time. Used only while the connection
/// is borrowed (`'c`), and finalized on drop.
struct RawInsert<'c> {
    conn: &'c Connection,
    stmt: *mut rusqlite::ffi::sqlite3_stmt,
}

impl<'c> RawInsert<'c> {
    fn prepare(conn: &'c Connection, sql: &str) -> rusqlite::Result<RawInsert<'c>> {
        let sql = std::ffi::CString::new(sql).map_err(|_| rusqlite::Error::InvalidQuery)?;
        let mut stmt = std::ptr::null_mut();
        // SAFETY: the handle is this open connection's; `sql` is NUL-terminated; `stmt` is
        // written by SQLite and finalized in `drop`.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_prepare_v2(
                conn.handle(),
                sql.as_ptr(),
                -1,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        let raw = RawInsert { conn, stmt };
        raw.check(rc)?;
        Ok(raw)
    }

    /// Binds text that stays alive, unchanged, until `clear` is called after the execution.
    fn text(&mut self, index: usize, text: &str) -> rusqlite::Result<()> {
        self.bind_text(index, text, rusqlite::ffi::SQLITE_STATIC())
    }

    /// Binds text SQLite copies (a temporary).
    fn copied_text(&mut self, index: usize, text: &str) -> rusqlite::Result<()> {
        self.bind_text(index, text, rusqlite::ffi::SQLITE_TRANSIENT())
    }

    fn bind_text(
        &mut self,
        index: usize,
        text: &str,
        lifetime: rusqlite::ffi::sqlite3_destructor_type,
    ) -> rusqlite::Result<()> {
        let len = i32::try_from(text.len()).map_err(|_| too_big())?;
        // SAFETY: `text` is valid for `len` bytes; with SQLITE_STATIC the callers keep it alive
        // until `clear`, which runs after every execution.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_bind_text(
                self.stmt,
                param(index)?,
                text.as_ptr().cast(),
                len,
                lifetime,
            )
        };
        self.check(rc)
    }

    fn int(&mut self, index: usize, value: i64) -> rusqlite::Result<()> {
        // SAFETY: a valid statement; the index is checked by SQLite.
        let rc = unsafe { rusqlite::ffi::sqlite3_bind_int64(self.stmt, param(index)?, value) };
        self.check(rc)
    }

    fn real(&mut self, index: usize, value: f64) -> rusqlite::Result<()> {
        // SAFETY: as `int`.
        let rc = unsafe { rusqlite::ffi::sqlite3_bind_double(self.stmt, param(index)?, value) };
        self.check(rc)
    }

    fn null(&mut self, index: usize) -> rusqlite::Result<()> {
        // SAFETY: as `int`.
        let rc = unsafe { rusqlite::ffi::sqlite3_bind_null(self.stmt, param(index)?) };
        self.check(rc)
    }

    /// Runs the insert once; on an error its message is SQLite's, as rusqlite reports it.
    fn execute(&mut self) -> rusqlite::Result<()> {
        // SAFETY: a valid statement; every parameter is bound to live data or NULL.
        let rc = unsafe { rusqlite::ffi::sqlite3_step(self.stmt) };
        let result = match rc {
            rusqlite::ffi::SQLITE_DONE => Ok(()),
            rusqlite::ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
            _ => self.check(rc),
        };
        // SAFETY: as above. Its result repeats the step's error, already taken.
        unsafe { rusqlite::ffi::sqlite3_reset(self.stmt) };
        result
    }

    /// Unbinds every parameter, so no pointer to freed text is left behind.
    fn clear(&mut self) {
        // SAFETY: a valid statement.
        unsafe { rusqlite::ffi::sqlite3_clear_bindings(self.stmt) };
    }

    fn check(&self, rc: std::os::raw::c_int) -> rusqlite::Result<()> {
        if rc == rusqlite::ffi::SQLITE_OK {
            return Ok(());
        }
        // SAFETY: the connection is open; the message is copied before the next call.
        let message = unsafe {
            let db = self.conn.handle();
            let text = rusqlite::ffi::sqlite3_errmsg(db);
            (!text.is_null()).then(|| {
                std::ffi::CStr::from_ptr(text)
                    .to_string_lossy()
                    .into_owned()
            })
        };
        // SAFETY: as above.
        let code = unsafe { rusqlite::ffi::sqlite3_extended_errcode(self.conn.handle()) };
        let code = if code == rusqlite::ffi::SQLITE_OK {
            rc
        } else {
            code
        };
        Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            message,
        ))
    }
}

impl Drop for RawInsert<'_> {
    fn drop(&mut self) {
        // SAFETY: finalizing a statement this value prepared (or null, which SQLite ignores).
        unsafe { rusqlite::ffi::sqlite3_finalize(self.stmt) };
    }
}

fn param(index: usize) -> rusqlite::Result<std::os::raw::c_int> {
    std::os::raw::c_int::try_from(index).map_err(|_| too_big())
}

fn too_big() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_TOOBIG),
        None,
    )
}

fn bind_detainee(b: &mut Binder, p: &Pending) -> rusqlite::Result<()> {
    let d = &p.record.detainee;
    b.put(p.id)?;
    b.put(&d.name)?;
    b.put(&d.father_name)?;
    b.put(d.gender.map(|g| g.code()))?;
    b.date(d.date_of_birth)?;
    b.put(d.age_at_arrest)?;
    b.put(d.juvenile_claimed)?;
    b.put(d.pregnant)?;
    b.date(d.due_date)?;
    b.put(d.children_in_prison)?;
    match d.health.as_slice() {
        [] => b.put("")?,
        [one] => b.put(one.code())?,
        many => {
            let list = many.iter().map(|h| h.code()).collect::<Vec<_>>().join(";");
            b.index += 1;
            b.stmt.copied_text(b.index, &list)?;
        }
    }
    b.put(&d.prison)?;
    b.put(&d.prisoner_number)?;
    b.put(&d.notes)?;
    b.put(&p.key)?;
    b.put(&d.cnic)?;
    b.index += 1;
    match ages_text(&d.children_ages) {
        Some(ages) => b.stmt.copied_text(b.index, &ages),
        None => b.stmt.null(b.index),
    }
}

fn bind_case(b: &mut Binder, p: &Pending) -> rusqlite::Result<()> {
    let c = &p.record.case;
    b.put(p.case_id)?;
    b.put(p.id)?;
    b.put(c.law.code())?;
    b.put(&c.section)?;
    b.put(&c.fir_number)?;
    b.date(c.fir_date)?;
    b.put(&c.police_station)?;
    b.put(&c.district)?;
    b.date(Some(c.arrest_date))?;
    b.put(c.substance.map(|s| s.code()))?;
    b.put(c.quantity_grams)?;
    b.put(c.stage.code())?;
    b.put(c.bail_status.map(|s| s.code()))?;
    b.put(c.capital_charge)?;
    b.put(c.previous_conviction)?;
    b.put(c.delay_by_defence)?;
    b.put(c.first_offence)?;
    b.put(&c.court)?;
    b.put(&c.lawyer)?;
    b.put(c.previous_conviction_death_life)?;
    b.date(c.judgment_date)?;
    b.put(c.sentence_years)
}

fn bind_hearing(b: &mut Binder, &(case_id, h): &(i64, &Hearing)) -> rusqlite::Result<()> {
    b.put(case_id)?;
    b.date(Some(h.date))?;
    b.put(&h.court)?;
    b.put(&h.purpose)?;
    b.put(&h.outcome)
}

fn bind_finding(b: &mut Binder, &(case_id, f): &(i64, &Finding)) -> rusqlite::Result<()> {
    b.put(case_id)?;
    b.put(f.code.code())?;
    b.put(&f.note)
}

fn bind_audit(b: &mut Binder, p: &Pending) -> rusqlite::Result<()> {
    b.put(p.id)?;
    b.put(&p.record.detainee.name)
}

/// A date as `YYYY-MM-DD` without allocating (years 0–9999; others take [`iso`]).
struct IsoDate([u8; 10]);

impl IsoDate {
    fn new(date: NaiveDate) -> Option<IsoDate> {
        use chrono::Datelike;
        let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
        let mut text = *b"0000-00-00";
        let digits = |out: &mut [u8], mut n: u32| {
            for slot in out.iter_mut().rev() {
                *slot = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        digits(&mut text[0..4], year);
        digits(&mut text[5..7], date.month());
        digits(&mut text[8..10], date.day());
        Some(IsoDate(text))
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and dashes are ever written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Writes the detainee and case columns, the hearings (matched by id) and the findings of `new`.
fn update_rows(
    tx: &Connection,
    id: i64,
    old: &Record,
    new: &Record,
    key: &str,
) -> rusqlite::Result<()> {
    let d = &new.detainee;
    let c = &new.case;
    let health: Vec<&str> = d.health.iter().map(|h| h.code()).collect();
    tx.prepare_cached(
        "UPDATE detainees SET name = ?2, father_name = ?3, gender = ?4, date_of_birth = ?5,
            age_at_arrest = ?6, juvenile_claimed = ?7, pregnant = ?8, due_date = ?9,
            children_in_prison = ?10, health = ?11, prison = ?12, prisoner_number = ?13,
            notes = ?14, natural_key = ?15, cnic = ?16, children_ages = ?17,
            version = version + 1
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        d.name,
        d.father_name,
        d.gender.map(|g| g.code()),
        d.date_of_birth.map(iso),
        d.age_at_arrest,
        d.juvenile_claimed,
        d.pregnant,
        d.due_date.map(iso),
        d.children_in_prison,
        health.join(";"),
        d.prison,
        d.prisoner_number,
        d.notes,
        key,
        d.cnic,
        ages_text(&d.children_ages),
    ])?;
    let case_id = old.case.id;
    tx.prepare_cached(
        "UPDATE cases SET law = ?2, section = ?3, fir_number = ?4, fir_date = ?5,
            police_station = ?6, district = ?7, arrest_date = ?8, substance = ?9,
            quantity_grams = ?10, stage = ?11, bail_status = ?12, capital_charge = ?13,
            previous_conviction = ?14, delay_by_defence = ?15, first_offence = ?16, court = ?17,
            lawyer = ?18, previous_conviction_death_life = ?19, judgment_date = ?20,
            sentence_years = ?21
         WHERE id = ?1",
    )?
    .execute(rusqlite::params_from_iter(
        std::iter::once(Value::from(case_id)).chain(case_values(c)),
    ))?;
    for h in &old.hearings {
        if !new.hearings.iter().any(|n| n.id == h.id) {
            tx.execute("DELETE FROM hearings WHERE id = ?1", [h.id])?;
        }
    }
    for h in &new.hearings {
        let params = params![case_id, iso(h.date), h.court, h.purpose, h.outcome, h.id];
        match old.hearings.iter().find(|o| o.id == h.id && h.id != 0) {
            Some(o) if o == h => {}
            Some(_) => {
                tx.prepare_cached(
                    "UPDATE hearings SET case_id = ?1, date = ?2, court = ?3, purpose = ?4,
                        outcome = ?5 WHERE id = ?6",
                )?
                .execute(params)?;
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO hearings (case_id, date, court, purpose, outcome)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    case_id,
                    iso(h.date),
                    h.court,
                    h.purpose,
                    h.outcome
                ])?;
            }
        }
    }
    if old.findings != new.findings {
        tx.execute("DELETE FROM findings WHERE case_id = ?1", [case_id])?;
        for f in &new.findings {
            tx.prepare_cached("INSERT INTO findings (case_id, code, note) VALUES (?1, ?2, ?3)")?
                .execute(params![case_id, f.code.code(), f.note])?;
        }
    }
    Ok(())
}

impl Store {
    /// Records in the audit trail that a checklist of these people left the program: one row
    /// per person, with the format and where it went (a file path, stdout, the clipboard).
    /// A read-only file cannot record it: the export still goes ahead (see `is_read_only`).
    pub fn record_export(&mut self, ids: &[i64], what: &str, to: &str) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Ok(());
        }
        let cx = Context {
            path: &self.path,
            encrypted: self.key.is_some(),
        };
        let fail = |e| cx.sqlite(e);
        let tx = self.begin()?;
        for &id in ids {
            audit(
                &tx,
                &self.actor,
                AuditAction::Export,
                id,
                Some(what),
                None,
                Some(to),
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)
    }
}

/// A case's columns after its key, in the order both the insert and the update bind them.
fn case_values(c: &Case) -> [Value; 20] {
    let text = |v: Option<&str>| Value::from(v.map(str::to_string));
    let flag = |v: Option<bool>| Value::from(v);
    [
        Value::from(c.law.code().to_string()),
        text(c.section.as_deref()),
        text(c.fir_number.as_deref()),
        Value::from(c.fir_date.map(iso)),
        text(c.police_station.as_deref()),
        text(c.district.as_deref()),
        Value::from(iso(c.arrest_date)),
        text(c.substance.map(|s| s.code())),
        Value::from(c.quantity_grams),
        Value::from(c.stage.code().to_string()),
        text(c.bail_status.map(|b| b.code())),
        flag(c.capital_charge),
        flag(c.previous_conviction),
        flag(c.delay_by_defence),
        flag(c.first_offence),
        text(c.court.as_deref()),
        text(c.lawyer.as_deref()),
        flag(c.previous_conviction_death_life),
        Value::from(c.judgment_date.map(iso)),
        Value::from(c.sentence_years),
    ]
}

/// Children's ages as stored: `;`-separated, NULL when none are recorded.
fn ages_text(ages: &[u32]) -> Option<String> {
    (!ages.is_empty()).then(|| {
        ages.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(";")
    })
}

/// Adds one row to the audit trail.
fn audit(
    tx: &Connection,
    actor: &str,
    action: AuditAction,
    id: i64,
    field: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (at, actor, action, detainee_id, field, old_value, new_value)
         VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![actor, action.code(), id, field, old, new])?;
    Ok(())
}

/// Sets the SQLCipher key on a fresh connection (it must come before anything else is read).
pub fn apply_key(conn: &Connection, key: Option<&str>) -> rusqlite::Result<()> {
    match key {
        Some(key) => {
            // SQLCipher (4.20) logs to stderr by default: a wrong passphrase would print
            // "ERROR CORE sqlcipher_page_cipher: hmac check failed…" before our own sentence.
            // Both settings are process-wide; set before keying, so before the first read.
            conn.query_row("PRAGMA cipher_log = off", [], |_| Ok(()))?;
            conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))?;
            conn.pragma_update(None, "key", key)
        }
        None => Ok(()),
    }
}

/// Whether the file at `path` is a plain SQLite database (its header is readable text) as
/// opposed to an encrypted one or something else. Missing and empty files count as plain.
pub fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut file) => match file.read(&mut header) {
            Ok(0) => true,
            Ok(n) => n == 16 && &header == b"SQLite format 3\0",
            Err(_) => true,
        },
        Err(_) => true,
    }
}

/// Identifies "the same person on the same case" across imports: name, father's name, FIR,
/// police station and arrest date, case-folded and with spaces collapsed.
pub fn natural_key(record: &Record) -> String {
    let d = &record.detainee;
    let c = &record.case;
    let mut key = String::with_capacity(96);
    for part in [
        Some(d.name.as_str()),
        d.father_name.as_deref(),
        c.fir_number.as_deref(),
        c.police_station.as_deref(),
    ] {
        fold_into(&mut key, part.unwrap_or_default());
        key.push('|');
    }
    match IsoDate::new(c.arrest_date) {
        Some(date) => key.push_str(date.as_str()),
        None => key.push_str(&c.arrest_date.to_string()),
    }
    key
}

/// Appends `text` lower-cased, its words joined by single spaces. ASCII (nearly every name)
/// is folded in place; other text takes `to_lowercase` on the whole, whose result can depend
/// on neighbouring letters (a final Greek sigma).
fn fold_into(key: &mut String, text: &str) {
    if text.is_ascii() {
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            let start = key.len();
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        }
    } else {
        let words: Vec<&str> = text.split_whitespace().collect();
        key.push_str(&words.join(" ").to_lowercase());
    }
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
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

/// `YYYY-MM-DD` without the general parser (a million dates per load).
fn fast_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A stored code by exact match first (what this program writes), then the lenient parser.
fn fast_code<T: Copy + FromStr<Err = String>>(
    all: &[T],
    code: fn(T) -> &'static str,
    text: &str,
) -> Result<T, String> {
    match all.iter().find(|&&v| code(v) == text) {
        Some(&v) => Ok(v),
        None => T::from_str(text),
    }
}
