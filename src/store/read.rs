//! Reading whole records: every person not archived, the archived, one by id, with their
//! version; each row's values checked, a bad one reported with its table, row and column.

use super::values::natural_key;
use super::{Store, StoreError, split_list};
use crate::domain::edit::Versioned;
use crate::domain::model::{
    BailStatus, Case, Detainee, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance,
    Weakness,
};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};
use std::collections::HashMap;
use std::str::FromStr;

impl Store {
    /// Every record not archived, detainees in id order, each with their latest case.
    pub fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        // Written in terms of `d.id` so the same filter serves the hearings and findings queries.
        self.load_where(NOT_ARCHIVED, [])
    }

    /// The people `ids` (those not archived) with their latest case, without hearings or
    /// findings: enough to name them, as the duplicate table does for every pair it prints.
    pub fn people_and_cases_of(&self, ids: &[i64]) -> Result<Vec<Record>, StoreError> {
        // The ids go in as one JSON array parameter: no SQL is built from them.
        let list = json_list(ids);
        let filter = format!("{NOT_ARCHIVED} AND d.id IN (SELECT value FROM json_each(?1))");
        Ok(self.people_where(&filter, [list])?.0)
    }

    /// The archived ("deleted") records, for the released/archived view.
    pub fn load_archived(&self) -> Result<Vec<Record>, StoreError> {
        self.load_where(
            "WHERE d.id IN (SELECT id FROM detainees WHERE archived = 1)",
            [],
        )
    }

    /// One record by detainee id.
    pub fn get(&self, id: i64) -> Result<Option<Record>, StoreError> {
        Ok(self.load_where("WHERE d.id = ?1", [id])?.into_iter().next())
    }

    pub(super) fn load_where<P: rusqlite::Params + Clone>(
        &self,
        filter: &str,
        params: P,
    ) -> Result<Vec<Record>, StoreError> {
        let (mut records, by_case) = self.people_where(filter, params.clone())?;
        let case_filter = filter.replace("d.id", "c.detainee_id");
        let join = "JOIN cases c ON c.id = x.case_id";
        let sql = format!(
            "SELECT x.case_id, x.id, x.date, x.court, x.purpose, x.outcome FROM hearings x {join} {case_filter} ORDER BY x.date, x.id"
        );
        self.each_of_case(&sql, params.clone(), &by_case, |row, index| {
            let id: i64 = row.get(1).map_err(|e| self.sqlite(e))?;
            let date = self
                .date(row, 2, "hearings", id, "date")?
                .unwrap_or_default();
            records[index].hearings.push(Hearing {
                id,
                date,
                court: row.get(3).map_err(|e| self.sqlite(e))?,
                purpose: row.get(4).map_err(|e| self.sqlite(e))?,
                outcome: row.get(5).map_err(|e| self.sqlite(e))?,
            });
            Ok(())
        })?;
        let sql = format!(
            "SELECT x.case_id, x.id, x.code, x.note FROM findings x {join} {case_filter} ORDER BY x.id"
        );
        self.each_of_case(&sql, params, &by_case, |row, index| {
            let id: i64 = row.get(1).map_err(|e| self.sqlite(e))?;
            let code = self
                .code::<Weakness>(row, 2, "findings", id, "code")?
                .unwrap_or(Weakness::Other);
            records[index].findings.push(Finding {
                code,
                note: row.get(3).map_err(|e| self.sqlite(e))?,
            });
            Ok(())
        })?;
        Ok(records)
    }

    /// The people `filter` selects, each with their latest case, and where each case's
    /// record is in the list.
    fn people_where<P: rusqlite::Params>(
        &self,
        filter: &str,
        params: P,
    ) -> Result<(Vec<Record>, HashMap<i64, usize>), StoreError> {
        let sql = format!(
            "SELECT {DETAINEE_COLUMNS}, {CASE_COLUMNS} FROM detainees d
             JOIN cases c ON c.detainee_id = d.id {filter} ORDER BY d.id, c.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sqlite(e))?;
        let mut records: Vec<Record> = Vec::new();
        let mut by_case: HashMap<i64, usize> = HashMap::new();
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let detainee = self.detainee_from(row)?;
            let case = self.case_from(row, DETAINEE_COUNT)?;
            // A detainee with several cases is shown with the latest (highest id).
            let position = records.len();
            match records.last_mut() {
                Some(last) if last.detainee.id == detainee.id => {
                    by_case.remove(&last.case.id);
                    by_case.insert(case.id, position - 1);
                    last.case = case;
                }
                _ => {
                    by_case.insert(case.id, records.len());
                    records.push(Record {
                        detainee,
                        case,
                        hearings: Vec::new(),
                        findings: Vec::new(),
                    });
                }
            }
        }
        Ok((records, by_case))
    }

    /// Runs `sql` (rows that start with their case's id) and hands each row whose case was
    /// loaded to `add`, with that record's place in the list.
    fn each_of_case<P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        by_case: &HashMap<i64, usize>,
        mut add: impl FnMut(&Row, usize) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sqlite(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let case_id: i64 = row.get(0).map_err(|e| self.sqlite(e))?;
            if let Some(&index) = by_case.get(&case_id) {
                add(row, index)?;
            }
        }
        Ok(())
    }

    pub(super) fn detainee_from(&self, row: &Row) -> Result<Detainee, StoreError> {
        let id: i64 = row.get(0).map_err(|e| self.sqlite(e))?;
        let t = "detainees";
        let health_text: String = row.get(11).map_err(|e| self.sqlite(e))?;
        let health = split_list(&health_text)
            .map(|code| Health::from_str(code).map_err(|reason| self.bad(t, id, "health", reason)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Detainee {
            id,
            name: row.get(1).map_err(|e| self.sqlite(e))?,
            father_name: row.get(2).map_err(|e| self.sqlite(e))?,
            gender: self.code::<Gender>(row, 3, t, id, "gender")?,
            date_of_birth: self.date(row, 4, t, id, "date_of_birth")?,
            age_at_arrest: row.get(5).map_err(|e| self.sqlite(e))?,
            juvenile_claimed: row.get(6).map_err(|e| self.sqlite(e))?,
            pregnant: row.get(7).map_err(|e| self.sqlite(e))?,
            due_date: self.date(row, 8, t, id, "due_date")?,
            children_in_prison: row.get(9).map_err(|e| self.sqlite(e))?,
            health,
            prison: row.get(10).map_err(|e| self.sqlite(e))?,
            prisoner_number: row.get(12).map_err(|e| self.sqlite(e))?,
            notes: row.get(13).map_err(|e| self.sqlite(e))?,
            cnic: row.get(14).map_err(|e| self.sqlite(e))?,
            children_ages: self.ages(row, 15, id)?,
        })
    }

    pub(super) fn case_from(&self, row: &Row, at: usize) -> Result<Case, StoreError> {
        let id: i64 = row.get(at).map_err(|e| self.sqlite(e))?;
        let t = "cases";
        let get = |i: usize| row.get::<_, Option<String>>(at + i);
        Ok(Case {
            id,
            law: self
                .code::<Law>(row, at + 1, t, id, "law")?
                .unwrap_or(Law::Cnsa1997),
            section: get(2).map_err(|e| self.sqlite(e))?,
            fir_number: get(3).map_err(|e| self.sqlite(e))?,
            fir_date: self.date(row, at + 4, t, id, "fir_date")?,
            police_station: get(5).map_err(|e| self.sqlite(e))?,
            district: get(6).map_err(|e| self.sqlite(e))?,
            arrest_date: self
                .date(row, at + 7, t, id, "arrest_date")?
                .ok_or_else(|| self.bad(t, id, "arrest_date", "missing".into()))?,
            substance: self.code::<Substance>(row, at + 8, t, id, "substance")?,
            quantity_grams: row.get(at + 9).map_err(|e| self.sqlite(e))?,
            stage: self
                .code::<Stage>(row, at + 10, t, id, "stage")?
                .unwrap_or(Stage::Investigation),
            bail_status: self.code::<BailStatus>(row, at + 11, t, id, "bail_status")?,
            capital_charge: row.get(at + 12).map_err(|e| self.sqlite(e))?,
            previous_conviction: row.get(at + 13).map_err(|e| self.sqlite(e))?,
            delay_by_defence: row.get(at + 14).map_err(|e| self.sqlite(e))?,
            first_offence: row.get(at + 15).map_err(|e| self.sqlite(e))?,
            court: get(16).map_err(|e| self.sqlite(e))?,
            lawyer: get(17).map_err(|e| self.sqlite(e))?,
            previous_conviction_death_life: row.get(at + 18).map_err(|e| self.sqlite(e))?,
            judgment_date: self.date(row, at + 19, t, id, "judgment_date")?,
            sentence_years: row.get(at + 20).map_err(|e| self.sqlite(e))?,
        })
    }

    /// The `;`-separated ages of the children in prison (schema 5).
    pub(super) fn ages(&self, row: &Row, at: usize, id: i64) -> Result<Vec<u32>, StoreError> {
        let text: Option<String> = row.get(at).map_err(|e| self.sqlite(e))?;
        split_list(text.as_deref().unwrap_or(""))
            .map(|age| {
                age.parse::<u32>().map_err(|_| {
                    self.bad(
                        "detainees",
                        id,
                        "children_ages",
                        format!("'{age}' is not an age"),
                    )
                })
            })
            .collect()
    }

    pub(super) fn bad(
        &self,
        table: &'static str,
        id: i64,
        column: &'static str,
        reason: String,
    ) -> StoreError {
        self.context().bad(table, id, column, reason)
    }

    pub(super) fn date(
        &self,
        row: &Row,
        index: usize,
        table: &'static str,
        id: i64,
        column: &'static str,
    ) -> Result<Option<NaiveDate>, StoreError> {
        let text: Option<String> = row.get(index).map_err(|e| self.sqlite(e))?;
        text.map(|t| {
            NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .map_err(|_| self.bad(table, id, column, format!("'{t}' is not a YYYY-MM-DD date")))
        })
        .transpose()
    }

    pub(super) fn code<T: FromStr<Err = String>>(
        &self,
        row: &Row,
        index: usize,
        table: &'static str,
        id: i64,
        column: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let text: Option<String> = row.get(index).map_err(|e| self.sqlite(e))?;
        text.map(|t| T::from_str(&t).map_err(|reason| self.bad(table, id, column, reason)))
            .transpose()
    }

    /// How many of `records` are already stored (by natural key): what an import would skip.
    pub fn count_present(&self, records: &[Record]) -> Result<usize, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM detainees WHERE natural_key = ?1")
            .map_err(|e| self.sqlite(e))?;
        let mut present = 0;
        for record in records {
            if stmt
                .exists([natural_key(record)])
                .map_err(|e| self.sqlite(e))?
            {
                present += 1;
            }
        }
        Ok(present)
    }

    /// How many detainees the file holds.
    pub fn count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM detainees", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// One record with its version and archive flag, archived or not.
    pub fn get_versioned(&self, id: i64) -> Result<Option<Versioned>, StoreError> {
        let Some(record) = self.get(id)? else {
            return Ok(None);
        };
        let (version, archived) = self.version_of(id)?.unwrap_or((0, false));
        Ok(Some(Versioned {
            record,
            version,
            archived,
        }))
    }

    /// The records of `ids` (archived or not) with their versions, in id order: one read of
    /// each table for all of them, not one per person (the TUI's marks: thousands at once).
    /// An id not on file is left out.
    pub fn get_many_versioned(&self, ids: &[i64]) -> Result<Vec<Versioned>, StoreError> {
        // The ids go in as one JSON array parameter: no SQL is built from them.
        let list = json_list(ids);
        let records = self.load_where(
            "WHERE d.id IN (SELECT value FROM json_each(?1))",
            [list.clone()],
        )?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, version, archived FROM detainees
                 WHERE id IN (SELECT value FROM json_each(?1))",
            )
            .map_err(|e| self.sqlite(e))?;
        let versions: HashMap<i64, (i64, bool)> = stmt
            .query_map([list], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get::<_, i64>(2)? != 0)))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sqlite(e))?;
        Ok(records
            .into_iter()
            .map(|record| {
                let (version, archived) = versions
                    .get(&record.detainee.id)
                    .copied()
                    .unwrap_or((0, false));
                Versioned {
                    record,
                    version,
                    archived,
                }
            })
            .collect())
    }

    pub(super) fn version_of(&self, id: i64) -> Result<Option<(i64, bool)>, StoreError> {
        self.conn
            .prepare_cached("SELECT version, archived FROM detainees WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))
                    .optional()
            })
            .map_err(|e| self.sqlite(e))
    }

    /// Changes committed to the file by other connections since this one last looked move this
    /// number (SQLite's `PRAGMA data_version`); this connection's own commits do not.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }
}

/// `ids` as a JSON array, for `json_each(?)`.
fn json_list(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", list.join(","))
}

pub(super) const NOT_ARCHIVED: &str =
    "WHERE d.id NOT IN (SELECT id FROM detainees WHERE archived = 1)";

pub(super) const DETAINEE_COUNT: usize = 16;

pub(super) const DETAINEE_COLUMNS: &str = "d.id, d.name, d.father_name, d.gender, d.date_of_birth, \
    d.age_at_arrest, d.juvenile_claimed, d.pregnant, d.due_date, d.children_in_prison, d.prison, \
    d.health, d.prisoner_number, d.notes, d.cnic, d.children_ages";

pub(super) const CASE_COLUMNS: &str = "c.id, c.law, c.section, c.fir_number, c.fir_date, c.police_station, \
    c.district, c.arrest_date, c.substance, c.quantity_grams, c.stage, c.bail_status, \
    c.capital_charge, c.previous_conviction, c.delay_by_defence, c.first_offence, c.court, c.lawyer, \
    c.previous_conviction_death_life, c.judgment_date, c.sentence_years";
