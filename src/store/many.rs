//! The same kind of change to many people at once (issue 14 §5: `update --filter`, the TUI's
//! marks): one `BEGIN IMMEDIATE` transaction for all of them, with each person's own check and
//! audit rows. A person someone else changed since the caller read them is not written over:
//! they are reported, and the rest are saved, or nobody is (the caller's choice). The check is
//! the record's version (every save bumps it), one indexed read per person under the lock.

use super::{Store, StoreError};
use crate::domain::model::{AuditAction, Record};
use std::collections::HashMap;

/// One person's change: the record as the caller read it, its version then, and the record
/// as it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct ManyChange {
    pub before: Record,
    /// The version `before` was read at: read the versions ([`Store::versions`]) before the
    /// records, so a save in between shows as a newer version, never as a lost update.
    pub version: i64,
    pub after: Record,
}

/// What [`Store::update_many`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManyOutcome {
    /// The ids saved (each with its version bumped and its audit rows).
    pub saved: Vec<i64>,
    /// Each saved person's version after the save, in the order of `saved` (what an undo of
    /// the whole change checks against).
    pub versions: Vec<i64>,
    /// The ids left as they are: changed (or archived) by someone else since they were read.
    pub changed_meanwhile: Vec<i64>,
}

impl Store {
    /// Every person's version (not archived), by id: one read, for [`ManyChange::version`].
    pub fn versions(&self) -> Result<HashMap<i64, i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, version FROM detainees WHERE archived = 0")
            .map_err(|e| self.sqlite(e))?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sqlite(e))
    }

    /// Saves every change in one transaction. Each person is checked under the write lock:
    /// if their stored version is no longer the one the caller read (another user saved
    /// meanwhile), or they were archived, they are left alone and listed in
    /// [`ManyOutcome::changed_meanwhile`]; with `all_or_none` one such person means nobody is
    /// saved. Every saved person gets one audit row per changed field under `action`.
    pub fn update_many(
        &mut self,
        changes: &[ManyChange],
        action: AuditAction,
        all_or_none: bool,
    ) -> Result<ManyOutcome, StoreError> {
        let tx = self.begin()?;
        let mut outcome = ManyOutcome::default();
        for change in changes {
            let id = change.before.detainee.id;
            match self.version_of(id)? {
                Some((version, false)) if version == change.version => {
                    self.write(&tx, id, &change.before, &change.after, action)?;
                    outcome.saved.push(id);
                    // A write bumps the version once; a change that changes nothing is not
                    // written (see `write`).
                    let changed = change.before != change.after;
                    outcome.versions.push(version + i64::from(changed));
                }
                _ => outcome.changed_meanwhile.push(id),
            }
        }
        if all_or_none && !outcome.changed_meanwhile.is_empty() {
            // Dropping the transaction rolls every write back.
            drop(tx);
            outcome.saved.clear();
            outcome.versions.clear();
            return Ok(outcome);
        }
        tx.commit().map_err(|e| self.sqlite(e))?;
        Ok(outcome)
    }

    /// Archives (`archived`) or restores everyone in `people` (id, the version the caller
    /// read) in one transaction, with the same checks as [`Store::update_many`]: someone
    /// changed, archived or restored meanwhile is left alone and reported.
    pub fn archive_many(
        &mut self,
        people: &[(i64, i64)],
        archived: bool,
        action: AuditAction,
        all_or_none: bool,
    ) -> Result<ManyOutcome, StoreError> {
        let tx = self.begin()?;
        let mut outcome = ManyOutcome::default();
        for &(id, expected) in people {
            match self.version_of(id)? {
                Some((version, now)) if version == expected && now != archived => {
                    self.mark_archived(&tx, id, archived, action)?;
                    outcome.saved.push(id);
                    outcome.versions.push(version + 1);
                }
                _ => outcome.changed_meanwhile.push(id),
            }
        }
        if all_or_none && !outcome.changed_meanwhile.is_empty() {
            drop(tx);
            return Ok(ManyOutcome {
                changed_meanwhile: outcome.changed_meanwhile,
                ..ManyOutcome::default()
            });
        }
        tx.commit().map_err(|e| self.sqlite(e))?;
        Ok(outcome)
    }
}
