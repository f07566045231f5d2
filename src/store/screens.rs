//! Reads for screens that show a few people out of many: the coming hearings, one court day's
//! records, a handful of records by id. Each touches only the rows it needs (the hearings-by-date
//! index), so they stay quick at a million people.

use super::{Store, StoreError};
use crate::domain::model::Record;
use chrono::NaiveDate;

/// One coming hearing as the Hearings screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComingHearing {
    pub detainee_id: i64,
    pub date: NaiveDate,
    /// The hearing's court, else the case's (as the day sheet reads it).
    pub court: Option<String>,
    pub lawyer: Option<String>,
}

impl Store {
    /// Every hearing on or after `today` of people not archived, on their latest case.
    pub fn coming_hearings(&self, today: NaiveDate) -> Result<Vec<ComingHearing>, StoreError> {
        let sql = "SELECT c.detainee_id, h.id, h.date, COALESCE(h.court, c.court), c.lawyer
                   FROM hearings h JOIN cases c ON c.id = h.case_id
                   JOIN detainees d ON d.id = c.detainee_id
                   WHERE h.date >= ?1 AND d.archived = 0
                     AND c.id = (SELECT max(id) FROM cases WHERE detainee_id = d.id)
                   ORDER BY h.date, h.id";
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt
            .query([today.format("%Y-%m-%d").to_string()])
            .map_err(|e| self.sqlite(e))?;
        let mut hearings = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let id: i64 = row.get(1).map_err(|e| self.sqlite(e))?;
            let Some(date) = self.date(row, 2, "hearings", id, "date")? else {
                continue;
            };
            hearings.push(ComingHearing {
                detainee_id: row.get(0).map_err(|e| self.sqlite(e))?,
                date,
                court: row.get(3).map_err(|e| self.sqlite(e))?,
                lawyer: row.get(4).map_err(|e| self.sqlite(e))?,
            });
        }
        Ok(hearings)
    }

    /// The records of people not archived who have a hearing on `date` (for a day sheet).
    pub fn load_hearing_day(&self, date: NaiveDate) -> Result<Vec<Record>, StoreError> {
        self.load_where(
            "WHERE d.id IN (SELECT c2.detainee_id FROM hearings h2
                            JOIN cases c2 ON c2.id = h2.case_id
                            JOIN detainees d2 ON d2.id = c2.detainee_id
                            WHERE h2.date = ?1 AND d2.archived = 0)",
            [date.format("%Y-%m-%d").to_string()],
        )
    }

    /// The records of people `ids` that exist, in id order.
    pub fn get_many(&self, ids: &[i64]) -> Result<Vec<Record>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are integers, so writing them into the statement is safe.
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.load_where(&format!("WHERE d.id IN ({})", list.join(",")), [])
    }
}
