//! Merging two records of one person, and undoing it (issue 16 §3). One `BEGIN IMMEDIATE`
//! transaction each, audited on both people:
//! - the survivor's fields become the ones chosen ([`crate::domain::merge`]); its case row
//!   stays, and every hearing and finding of the other person moves under it;
//! - the other person is archived as "merged into #N" (their natural key set aside, so that
//!   the survivor may take the spelling theirs had);
//! - a `merges` row says which hearings and findings moved from which case, so the history of
//!   both follows the survivor ([`Store::history`]) and the undo puts each row back where it
//!   was, by id: both records load again exactly as they were.

use super::audit::audit;
use super::values::natural_key;
use super::{Store, StoreError};
use crate::domain::edit::Versioned;
use crate::domain::merge::Merge;
use crate::domain::model::AuditAction;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// The audit field of a merge on the survivor (its new value names the person merged in).
pub const MERGED_FIELD: &str = "merged";

/// Rows that hold a case id and moved with a merge.
const MOVED: [&str; 2] = ["hearings", "findings"];

impl Store {
    /// Merges `merge.other` into `merge.id`: see the module's comment. Refused when either has
    /// changed since it was read ([`StoreError::Conflict`]), is archived, or is the other.
    pub fn merge(&mut self, merge: &Merge) -> Result<Versioned, StoreError> {
        let (id, other) = (merge.id, merge.other);
        let tx = self.begin()?;
        let keep = self.current(id, merge.version, &merge.record)?;
        let gone = match merge.other_version {
            Some(version) => self.current(other, version, &merge.record)?,
            None => self.found(other)?,
        };
        if id == other || keep.archived || gone.archived {
            let reason = match id == other {
                true => "cannot be merged with themselves".to_string(),
                false => format!("#{id} and #{other} must both be on the lists to merge"),
            };
            return Err(self.refused(id, reason));
        }
        let fail = |e| self.sqlite(e);
        tx.execute(
            "UPDATE detainees SET archived = 1, natural_key = NULL, version = version + 1
             WHERE id = ?1",
            [other],
        )
        .map_err(fail)?;
        // The survivor keeps its case row, hearings and findings; the chosen fields are written
        // (and audited) first, then the other's rows move in under its case.
        let mut survivor = merge.record.clone();
        survivor.detainee.id = id;
        survivor.case.id = keep.record.case.id;
        survivor.hearings = keep.record.hearings.clone();
        survivor.findings = keep.record.findings.clone();
        self.write(&tx, id, &keep.record, &survivor, AuditAction::Edit)?;
        let mut moved = Vec::new();
        for table in MOVED {
            moved.push(move_rows(&tx, table, other, keep.record.case.id).map_err(fail)?);
        }
        tx.execute(
            "INSERT INTO merges (survivor, merged, at, actor, hearings, findings)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3, ?4, ?5)",
            params![id, other, self.actor, moved[0], moved[1]],
        )
        .map_err(fail)?;
        let into = format!("merged into #{id}");
        let merged_in = format!("#{other}");
        self.audit_survivor(&tx, AuditAction::Edit, id, (None, Some(&merged_in)))
            .and_then(|()| {
                let (no, into) = (Some("no"), Some(into.as_str()));
                audit(
                    &tx,
                    &self.actor,
                    AuditAction::Delete,
                    other,
                    Some("archived"),
                    no,
                    into,
                )
            })
            .map_err(fail)?;
        self.finish(tx, id)
    }

    /// Who each person archived by a merge was merged into (merged id → survivor id): the
    /// released/archived view says "merged into #N" rather than "archived".
    pub fn merged_into(&self) -> Result<HashMap<i64, i64>, StoreError> {
        let sql = "SELECT m.merged, m.survivor FROM merges m
                   JOIN detainees d ON d.id = m.merged
                   WHERE m.undone = 0 AND d.archived = 1 ORDER BY m.id";
        let mut statement = self.conn.prepare(sql).map_err(|e| self.sqlite(e))?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<Result<HashMap<_, _>, _>>());
        rows.map_err(|e| self.sqlite(e))
    }

    /// Undoes the latest merge of `merge.other` into `merge.id`: every hearing and finding
    /// goes back to its case, the survivor's fields back to `merge.record` (as it was before),
    /// and the other person back on the lists with their natural key.
    pub fn unmerge(&mut self, merge: &Merge) -> Result<Versioned, StoreError> {
        let (id, other) = (merge.id, merge.other);
        let tx = self.begin()?;
        self.current(id, merge.version, &merge.record)?;
        let fail = |e| self.sqlite(e);
        let found: Option<(i64, String, String)> = tx
            .query_row(
                "SELECT id, hearings, findings FROM merges
                 WHERE survivor = ?1 AND merged = ?2 AND undone = 0 ORDER BY id DESC LIMIT 1",
                [id, other],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(fail)?;
        let Some((merge_id, hearings, findings)) = found else {
            return Err(self.refused(id, format!("#{other} was not merged into #{id}")));
        };
        for (table, rows) in MOVED.into_iter().zip([hearings, findings]) {
            move_back(&tx, table, &rows).map_err(fail)?;
        }
        // Read again under the lock: the survivor now holds only its own hearings and findings.
        let now = self.found(id)?;
        let mut before = merge.record.clone();
        before.hearings = now.record.hearings.clone();
        before.findings = now.record.findings.clone();
        self.write(&tx, id, &now.record, &before, AuditAction::Undo)?;
        let gone = self.found(other)?;
        tx.execute(
            "UPDATE detainees SET archived = 0, natural_key = ?2, version = version + 1
             WHERE id = ?1",
            params![other, natural_key(&gone.record)],
        )
        .map_err(fail)?;
        tx.execute("UPDATE merges SET undone = 1 WHERE id = ?1", [merge_id])
            .map_err(fail)?;
        let merged_in = format!("#{other}");
        self.audit_survivor(&tx, AuditAction::Undo, id, (Some(&merged_in), None))
            .and_then(|()| {
                let (yes, no) = (Some("yes"), Some("no"));
                audit(
                    &tx,
                    &self.actor,
                    AuditAction::Undo,
                    other,
                    Some("archived"),
                    yes,
                    no,
                )
            })
            .map_err(fail)?;
        self.finish(tx, id)
    }

    /// The survivor's audit row of a merge or its undo (old → new names the other person),
    /// and the version bump that tells other sessions both people changed.
    fn audit_survivor(
        &self,
        tx: &Connection,
        action: AuditAction,
        id: i64,
        (old, new): (Option<&str>, Option<&str>),
    ) -> rusqlite::Result<()> {
        tx.execute(
            "UPDATE detainees SET version = version + 1 WHERE id = ?1",
            [id],
        )?;
        audit(tx, &self.actor, action, id, Some(MERGED_FIELD), old, new)
    }

    /// Person `id` with their version, archived or not; [`StoreError::NotFound`] if absent.
    fn found(&self, id: i64) -> Result<Versioned, StoreError> {
        self.get_versioned(id)?.ok_or_else(|| StoreError::NotFound {
            path: self.path.clone(),
            id,
        })
    }

    fn refused(&self, id: i64, reason: String) -> StoreError {
        StoreError::Refused {
            path: self.path.clone(),
            id,
            reason,
        }
    }
}

/// Moves every row of `table` under person `from`'s cases to case `to`. Returns what moved,
/// as `row:case;…`, to put back on undo.
fn move_rows(tx: &Connection, table: &str, from: i64, to: i64) -> rusqlite::Result<String> {
    let mut stmt = tx.prepare(&format!(
        "SELECT x.id, x.case_id FROM {table} x JOIN cases c ON c.id = x.case_id
         WHERE c.detainee_id = ?1 ORDER BY x.id"
    ))?;
    let rows: Vec<(i64, i64)> = stmt
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = tx.prepare(&format!("UPDATE {table} SET case_id = ?2 WHERE id = ?1"))?;
    for (row, _) in &rows {
        update.execute([*row, to])?;
    }
    let text: Vec<String> = rows.iter().map(|(r, c)| format!("{r}:{c}")).collect();
    Ok(text.join(";"))
}

/// Puts the rows `moved` (as [`move_rows`] wrote it) back under their own cases.
fn move_back(tx: &Connection, table: &str, moved: &str) -> rusqlite::Result<()> {
    let mut update = tx.prepare(&format!("UPDATE {table} SET case_id = ?2 WHERE id = ?1"))?;
    for pair in moved.split(';').filter(|p| !p.is_empty()) {
        let parsed = pair
            .split_once(':')
            .and_then(|(r, c)| Some((r.parse::<i64>().ok()?, c.parse::<i64>().ok()?)));
        let Some((row, case)) = parsed else {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "merges: '{pair}' is not row:case"
            )));
        };
        update.execute([row, case])?;
    }
    Ok(())
}
