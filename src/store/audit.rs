//! The audit trail: one row per change (written inside each change's transaction), the rows
//! that record a checklist leaving the program, a person's history, and what changed since a
//! given row (how an open screen notices colleagues' saves).

use super::{Context, Store, StoreError};
use crate::domain::edit::AuditEntry;
use crate::domain::model::AuditAction;
use rusqlite::{Connection, params};

impl Store {
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

    /// A person's audit trail, oldest first: theirs, and that of everyone merged into them
    /// (and into those, and so on) by a merge not undone.
    pub fn history(&self, id: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "WITH RECURSIVE people(id) AS (
                     SELECT ?1
                     UNION SELECT m.merged FROM merges m JOIN people p ON m.survivor = p.id
                     WHERE m.undone = 0
                 )
                 SELECT id, at, actor, action, detainee_id, field, old_value, new_value
                 FROM audit WHERE detainee_id IN (SELECT id FROM people) ORDER BY id",
            )
            .map_err(|e| self.sqlite(e))?;
        stmt.query_map([id], audit_entry)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sqlite(e))
    }

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

/// One audit row, from `SELECT id, at, actor, action, detainee_id, field, old_value, new_value`.
pub(super) fn audit_entry(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
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
}

/// Adds one row to the audit trail.
pub(super) fn audit(
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
