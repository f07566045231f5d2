//! The bulk insert of imports and `generate`: many records in one `BEGIN IMMEDIATE`
//! transaction, [`BATCH`] persons per multi-row statement, bound through SQLite's C API without
//! copying text. All of this engine's `unsafe` is in this file (`RawInsert`); what each table's
//! rows hold is in `bulk/rows.rs`.

mod rows;

use super::values::{IsoDate, iso, natural_key};
use super::{InsertOutcome, Store, StoreError};
use crate::domain::model::{Finding, Hearing, Record};
use chrono::NaiveDate;
use rows::{BulkTable, Pending, bind_audit, bind_case, bind_detainee, bind_finding, bind_hearing};
use rusqlite::{Connection, OptionalExtension, Transaction};
use std::collections::HashMap;

impl Store {
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
}

/// Persons per multi-row `INSERT`. SQLite rebuilds the lookup lists of the `CHECK (x IN (…))`
/// constraints on every execution of a statement, so one statement for many rows shares that
/// and the per-statement overhead.
pub(super) const BATCH: usize = 64;

/// Page cache while a bulk insert runs: the random-order `natural_key` index of a million
/// people must stay in memory, or every insert re-reads pages spilled to the WAL.
pub(super) const BULK_CACHE_KIB: i64 = 256 * 1024;

/// Indexes a bulk insert into an empty file drops and builds again before its commit: their
/// keys arrive in no particular order, and one sort at the end costs less than keeping them up
/// to date row by row. The other indexes are keyed by ids, which a bulk insert gives in
/// increasing order, so SQLite only appends to them; rebuilding those cost more than it saved
/// (measured: 1.15 G instructions for 20k rows rebuilding all, 1.14 G none, 1.08 G this one).
pub(super) const REBUILT_AFTER_BULK: &[&str] = &["hearings_by_date"];

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
pub(super) fn violated_check(record: &Record) -> Option<&'static str> {
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
pub(super) struct Binder<'a, 's> {
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
pub(super) trait Bind<'r> {
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
pub(super) struct RawInsert<'c> {
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

pub(super) fn param(index: usize) -> rusqlite::Result<std::os::raw::c_int> {
    std::os::raw::c_int::try_from(index).map_err(|_| too_big())
}

pub(super) fn too_big() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_TOOBIG),
        None,
    )
}
