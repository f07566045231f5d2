//! Reads for exports and screens that show a few people out of many: one court day's records,
//! a handful of records by id. Each touches only the rows it needs (the hearings-by-date index),
//! so they stay quick at a million people.

use super::{Store, StoreError};
use crate::domain::model::Record;
use chrono::NaiveDate;

impl Store {
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
