//! The duplicate review's "not the same person" answers (issue 16 §3): pairs the clinic said
//! are two people, remembered so that neither `caseload duplicates` nor the review screen
//! suggests them again. Each answer is one transaction with an audit row on both people.

use super::audit::audit;
use super::{Store, StoreError};
use crate::domain::duplicates::NotSame;
use crate::domain::model::AuditAction;
use rusqlite::params;

/// The audit field of a "not the same person" answer (its new value names the other person).
pub const NOT_SAME_FIELD: &str = "not_same";

impl Store {
    /// Every pair said to be two people.
    pub fn not_same(&self) -> Result<NotSame, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id_a, id_b FROM not_same")
            .map_err(|e| self.sqlite(e))?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<Result<NotSame, _>>())
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers that people `a` and `b` are two people. Returns false when that was already
    /// known (nothing written). Refused for one person twice or someone not in the file.
    pub fn mark_not_same(&mut self, a: i64, b: i64) -> Result<bool, StoreError> {
        let (a, b) = (a.min(b), a.max(b));
        if a == b {
            return Err(StoreError::Refused {
                path: self.path.clone(),
                id: a,
                reason: "a person is always the same as themselves".into(),
            });
        }
        let tx = self.begin()?;
        for id in [a, b] {
            if self.version_of(id)?.is_none() {
                return Err(StoreError::NotFound {
                    path: self.path.clone(),
                    id,
                });
            }
        }
        let fail = |e| self.sqlite(e);
        let added = tx
            .execute(
                "INSERT INTO not_same (id_a, id_b, at, actor)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3)
                 ON CONFLICT DO NOTHING",
                params![a, b, self.actor],
            )
            .map_err(fail)?;
        if added == 0 {
            return Ok(false);
        }
        for (id, other) in [(a, b), (b, a)] {
            let other = format!("#{other}");
            let field = Some(NOT_SAME_FIELD);
            audit(
                &tx,
                &self.actor,
                AuditAction::Edit,
                id,
                field,
                None,
                Some(&other),
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        Ok(true)
    }
}
