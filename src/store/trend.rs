//! What the monthly trend reads (issue 15 §3), in three scans instead of one history query per
//! person: every case's arrest date, every hearing dated on or before `today`, and the audit
//! rows that add or import someone or change their stage or bail status. Archived people are
//! included: they were added and released like anyone.

use super::{Store, StoreError};
use crate::domain::trend_events::History;
use chrono::NaiveDate;
use std::collections::BTreeMap;

impl Store {
    /// Per detainee (in id order), the [`History`] the trend counts events from.
    pub fn trend_histories(&self, today: NaiveDate) -> Result<Vec<History>, StoreError> {
        let fail = |e| self.sqlite(e);
        let mut people: BTreeMap<i64, History> = BTreeMap::new();
        let date = |table: &'static str, id: i64, column: &'static str, text: String| {
            NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| StoreError::BadValue {
                path: self.path.clone(),
                table,
                id,
                column,
                reason: format!("'{text}' is not a date"),
            })
        };
        let mut cases = self
            .conn
            .prepare("SELECT id, detainee_id, arrest_date FROM cases ORDER BY detainee_id, id")
            .map_err(fail)?;
        let rows = cases
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))
            .map_err(fail)?;
        for row in rows {
            let (id, detainee_id, arrest): (i64, i64, String) = row.map_err(fail)?;
            let h = people.entry(detainee_id).or_default();
            h.detainee_id = detainee_id;
            // The latest case's arrest date is the one its release is counted from.
            h.arrest_date = date("cases", id, "arrest_date", arrest)?;
        }
        let mut hearings = self
            .conn
            .prepare(
                "SELECT h.id, c.detainee_id, h.date, h.outcome FROM hearings h \
                 JOIN cases c ON c.id = h.case_id WHERE h.date <= ?1 ORDER BY h.id",
            )
            .map_err(fail)?;
        let rows = hearings
            .query_map([today.format("%Y-%m-%d").to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            })
            .map_err(fail)?;
        for row in rows {
            let (id, detainee_id, day, outcome): (i64, i64, String, Option<String>) =
                row.map_err(fail)?;
            let day = date("hearings", id, "date", day)?;
            if let Some(h) = people.get_mut(&detainee_id) {
                h.hearings.push((day, outcome));
            }
        }
        let mut audit = self
            .conn
            .prepare(
                "SELECT id, at, actor, action, detainee_id, field, old_value, new_value FROM audit \
                 WHERE action IN ('add', 'import') OR field IN ('stage', 'bail_status') \
                 ORDER BY detainee_id, id",
            )
            .map_err(fail)?;
        let rows = audit
            .query_map([], super::audit::audit_entry)
            .map_err(fail)?;
        for row in rows {
            let entry = row.map_err(fail)?;
            if let Some(h) = people.get_mut(&entry.detainee_id) {
                h.audit.push(entry);
            }
        }
        Ok(people.into_values().collect())
    }
}
