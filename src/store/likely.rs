//! Who a record about to be added may already be (issue 16 §3, the "conflict check" on every
//! new client), for `caseload add`, each row of `caseload import` and the TUI's add form, and
//! everyone as the duplicate scan scores them. The people are read from the ten columns the
//! check scores (names, age, CNIC, prisoner number, FIR and police station), as quick at a
//! million people as the compact roster and with the numbers the roster lacks; only the few
//! found are read whole, to name them. Scoring is [`crate::domain::duplicates`]'s.

use super::read::NOT_ARCHIVED;
use super::{Store, StoreError};
use crate::domain::duplicates::{Candidate, Index, NotSame, Pair, Scoring};
use crate::domain::model::{Record, age_on};
use crate::domain::names::NameTable;
use chrono::NaiveDate;
use std::collections::HashMap;

impl Store {
    /// Everyone not archived as the duplicate scan (`caseload duplicates`) scores them: the
    /// same candidates as [`Candidate::from_record`] gives on [`Store::load_all`], read from
    /// the ten columns the check uses rather than whole records.
    pub fn duplicate_candidates(&self, today: NaiveDate) -> Result<Vec<Candidate>, StoreError> {
        let sql = format!(
            "SELECT d.id, d.name, d.father_name, d.date_of_birth, d.age_at_arrest, d.cnic,
                    d.prisoner_number, c.arrest_date, c.fir_number, c.police_station
             FROM detainees d JOIN cases c ON c.detainee_id = d.id {NOT_ARCHIVED}
             ORDER BY d.id, c.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sqlite(e))?;
        let mut people: Vec<Candidate> = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let id: i64 = row.get(0).map_err(|e| self.sqlite(e))?;
            let date_of_birth = self.date(row, 3, "detainees", id, "date_of_birth")?;
            let age_at_arrest = row.get(4).map_err(|e| self.sqlite(e))?;
            let arrest_date = self
                .date(row, 7, "cases", id, "arrest_date")?
                .ok_or_else(|| self.bad("cases", id, "arrest_date", "missing".into()))?;
            let person = Candidate {
                id,
                name: row.get(1).map_err(|e| self.sqlite(e))?,
                father_name: row.get(2).map_err(|e| self.sqlite(e))?,
                date_of_birth,
                age: age_on(date_of_birth, age_at_arrest, arrest_date, today),
                cnic: row.get(5).map_err(|e| self.sqlite(e))?,
                prisoner_number: row.get(6).map_err(|e| self.sqlite(e))?,
                fir_number: row.get(8).map_err(|e| self.sqlite(e))?,
                police_station: row.get(9).map_err(|e| self.sqlite(e))?,
            };
            // A person with several cases is checked with the latest (highest id), as shown.
            match people.last_mut() {
                Some(last) if last.id == id => *last = person,
                _ => people.push(person),
            }
        }
        Ok(people)
    }

    /// The full records of the stored people in `pairs` (their `id_a`), by id, to word the
    /// warnings and score them again with everything they hold.
    pub fn records_of(&self, pairs: &[Pair]) -> Result<HashMap<i64, Record>, StoreError> {
        let mut ids: Vec<i64> = pairs.iter().map(|p| p.id_a).filter(|&id| id > 0).collect();
        ids.sort_unstable();
        ids.dedup();
        let records = self.get_many(&ids)?;
        Ok(records.into_iter().map(|r| (r.detainee.id, r)).collect())
    }

    /// The stored people `new` may be, best first, each with their full record.
    pub fn likely_matches(
        &self,
        new: &Record,
        today: NaiveDate,
    ) -> Result<Vec<(Pair, Record)>, StoreError> {
        let table = NameTable::builtin();
        let candidate = Candidate {
            id: 0,
            ..Candidate::from_record(new, today)
        };
        let index = Index::new(table, self.duplicate_candidates(today)?, Scoring::default());
        let pairs = index.likely_matches(table, candidate, &NotSame::new());
        let mut records = self.records_of(&pairs)?;
        Ok(pairs
            .into_iter()
            .filter_map(|pair| {
                let record = records.remove(&pair.id_a)?;
                Some((pair, record))
            })
            .collect())
    }
}
