//! The changes users make (add, edit, hearing, archive, restore), each one `BEGIN IMMEDIATE`
//! transaction with its audit rows that bumps the person's `version`: a save over someone
//! else's change is refused ([`StoreError::Conflict`]), and a write into a file that was
//! replaced since it was opened is refused before anything is written.

use super::audit::audit;
use super::values::{ages_text, iso, natural_key};
use super::{Store, StoreError};
use crate::domain::edit::{self, Change, HearingEntry, Versioned};
use crate::domain::model::{AuditAction, Case, Detainee, Record};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

impl Store {
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
            Change::Merge(merge) => self.merge(merge),
            Change::Unmerge(merge) => self.unmerge(merge),
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
        self.mark_archived(&tx, id, archived, action)?;
        self.finish(tx, id)
    }

    /// Sets the archived flag (bumping the version) and audits it, inside `tx`.
    pub(super) fn mark_archived(
        &self,
        tx: &Connection,
        id: i64,
        archived: bool,
        action: AuditAction,
    ) -> Result<(), StoreError> {
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
            tx,
            &self.actor,
            action,
            id,
            Some("archived"),
            Some(old),
            Some(new),
        )
        .map_err(fail)?;
        Ok(())
    }

    pub(super) fn begin(&self) -> Result<Transaction<'_>, StoreError> {
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

    pub(super) fn finish(&self, tx: Transaction, id: i64) -> Result<Versioned, StoreError> {
        tx.commit().map_err(|e| self.sqlite(e))?;
        self.get_versioned(id)?.ok_or_else(|| StoreError::NotFound {
            path: self.path.clone(),
            id,
        })
    }

    /// The record as stored, if it is still at `expected`; else the conflict error.
    pub(super) fn current(
        &self,
        id: i64,
        expected: i64,
        yours: &Record,
    ) -> Result<Versioned, StoreError> {
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

    pub(super) fn conflict(
        &self,
        id: i64,
        expected: i64,
        theirs: Versioned,
        yours: Record,
    ) -> StoreError {
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
    pub(super) fn write(
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
}

/// Inserts one record unless its natural key is already present; returns its id if it was added.
pub(super) fn insert_record(tx: &Connection, record: &Record) -> rusqlite::Result<Option<i64>> {
    let d = &record.detainee;
    let c = &record.case;
    let key = natural_key(record);
    let added = tx
        .prepare_cached(
            "INSERT INTO detainees (name, father_name, gender, date_of_birth, age_at_arrest,
            juvenile_claimed, pregnant, due_date, children_in_prison, health, prison,
            prisoner_number, notes, natural_key, cnic, children_ages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT (natural_key) DO NOTHING",
        )?
        .execute(rusqlite::params_from_iter(detainee_values(d, &key)))?;
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

/// Writes the detainee and case columns, the hearings (matched by id) and the findings of `new`.
pub(super) fn update_rows(
    tx: &Connection,
    id: i64,
    old: &Record,
    new: &Record,
    key: &str,
) -> rusqlite::Result<()> {
    let d = &new.detainee;
    let c = &new.case;
    tx.prepare_cached(
        "UPDATE detainees SET name = ?2, father_name = ?3, gender = ?4, date_of_birth = ?5,
            age_at_arrest = ?6, juvenile_claimed = ?7, pregnant = ?8, due_date = ?9,
            children_in_prison = ?10, health = ?11, prison = ?12, prisoner_number = ?13,
            notes = ?14, natural_key = ?15, cnic = ?16, children_ages = ?17,
            version = version + 1
         WHERE id = ?1",
    )?
    .execute(rusqlite::params_from_iter(
        std::iter::once(Value::from(id)).chain(detainee_values(d, key)),
    ))?;
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
    update_children(tx, old.case.id, old, new)
}

/// Writes the hearings of `new` (matched by id with those of `old`) and, when they changed,
/// its findings.
fn update_children(
    tx: &Connection,
    case_id: i64,
    old: &Record,
    new: &Record,
) -> rusqlite::Result<()> {
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

/// A detainee's columns in the order both the insert and the update bind them.
fn detainee_values(d: &Detainee, key: &str) -> [Value; 16] {
    let text = |v: Option<&str>| Value::from(v.map(str::to_string));
    let health: Vec<&str> = d.health.iter().map(|h| h.code()).collect();
    [
        Value::from(d.name.clone()),
        text(d.father_name.as_deref()),
        text(d.gender.map(|g| g.code())),
        Value::from(d.date_of_birth.map(iso)),
        Value::from(d.age_at_arrest),
        Value::from(d.juvenile_claimed),
        Value::from(d.pregnant),
        Value::from(d.due_date.map(iso)),
        Value::from(d.children_in_prison),
        Value::from(health.join(";")),
        text(d.prison.as_deref()),
        text(d.prisoner_number.as_deref()),
        text(d.notes.as_deref()),
        Value::from(key.to_string()),
        text(d.cnic.as_deref()),
        Value::from(ages_text(&d.children_ages)),
    ]
}

/// A case's columns after its key, in the order both the insert and the update bind them.
pub(super) fn case_values(c: &Case) -> [Value; 20] {
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
