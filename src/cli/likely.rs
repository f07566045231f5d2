//! Likely matches before saving (issue 16 §3, the "conflict check" on every new client): who
//! in the caseload a record about to be added may already be, for `caseload add` and for each
//! row of `caseload import` (against the stored people and the file's earlier rows). Scoring is
//! [`crate::domain::duplicates`]'s; this file only gathers the people and words the warnings.

use super::duplicates::{may_be, who};
use crate::domain::duplicates::{Candidate, Index, NotSame, Pair, Scoring};
use crate::domain::model::Record;
use crate::domain::names::NameTable;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How many likely matches a warning lists for one new record: the best few are enough to
/// recognise the person; the rest would bury the line.
pub const SHOWN: usize = 3;

/// The people a new record is checked against: everyone on the roster (not archived), read
/// from the compact roster rather than as full records, so the check before one `add` takes a
/// fraction of a second at a million people. The roster holds no CNIC or prisoner number: a
/// stored person whose name is spelt beyond recognition and who shares only those is not found
/// here (a store query with those columns is for the duplicates review, issue 16 phase 2).
pub fn stored_people(store: &Store, today: NaiveDate) -> Result<Vec<Candidate>, StoreError> {
    let roster = match store.load_roster(today) {
        Ok(roster) => roster,
        // The roster reads on a second connection, which may not get in while other programs
        // write (several `caseload add` at once): read the full records on this one instead.
        Err(StoreError::Busy { .. }) => {
            let records = store.load_all()?;
            return Ok(records
                .iter()
                .map(|r| Candidate::from_record(r, today))
                .collect());
        }
        Err(e) => return Err(e),
    };
    let people = (0..roster.len()).filter_map(|i| {
        let (entry, names) = (roster.entry(i)?, roster.names(i)?);
        let f = &entry.facts;
        // The one age rule (`Record::age_on`): from the date of birth, else the age at arrest.
        let mut ageing = Record::new("", f.arrest_date);
        ageing.detainee.date_of_birth = f.date_of_birth;
        ageing.detainee.age_at_arrest = f.age_at_arrest;
        Some(Candidate {
            id: entry.id,
            name: names.name.to_string(),
            father_name: names.father_name.map(str::to_string),
            date_of_birth: f.date_of_birth,
            age: ageing.age_on(today),
            fir_number: names.fir_number.map(str::to_string),
            police_station: names.police_station.map(str::to_string),
            ..Candidate::default()
        })
    });
    Ok(people.collect())
}

/// The full records of the stored people in `pairs`, by id, to word the warnings and score
/// them again with everything they hold (a different CNIC takes a match away).
fn records_of(store: &Store, pairs: &[Pair]) -> Result<HashMap<i64, Record>, StoreError> {
    let mut ids: Vec<i64> = pairs.iter().map(|p| p.id_a).filter(|&id| id > 0).collect();
    ids.sort_unstable();
    ids.dedup();
    let records = store.get_many(&ids)?;
    Ok(records.into_iter().map(|r| (r.detainee.id, r)).collect())
}

/// The stored people `new` may be, best first (at most [`SHOWN`]), each as a warning line.
pub fn for_new_record(
    store: &Store,
    new: &Record,
    today: NaiveDate,
) -> Result<Vec<String>, StoreError> {
    let table = NameTable::builtin();
    let candidate = || Candidate {
        id: 0,
        ..Candidate::from_record(new, today)
    };
    let index = Index::new(table, stored_people(store, today)?, Scoring::default());
    let rough = index.likely_matches(table, candidate(), &NotSame::new());
    let records = records_of(store, &rough)?;
    let full = records.values().map(|r| Candidate::from_record(r, today));
    let exact = Index::new(table, full, Scoring::default());
    Ok(exact
        .likely_matches(table, candidate(), &NotSame::new())
        .iter()
        .filter_map(|pair| Some(may_be(pair, records.get(&pair.id_a)?, today)))
        .take(SHOWN)
        .collect())
}

/// One import row's likely matches, as warning lines without the file and line prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowWarning {
    /// Index of the row in the rows given.
    pub row: usize,
    pub line: u64,
    pub matches: Vec<String>,
}

/// For each row of an import (`(line, record)`, rows already stored left out by the caller),
/// the stored people and the earlier rows of the same file it may be. A pair of rows is
/// reported once, on the later line.
pub fn for_import(
    store: Option<&Store>,
    rows: &[(u64, Record)],
    today: NaiveDate,
) -> Result<Vec<RowWarning>, StoreError> {
    let table = NameTable::builtin();
    // Stored people keep their ids (all positive); a row is -(its line), so a pair names
    // either a stored person or a line of the file, and no row is taken for another.
    let row_id = |line: u64| -(line as i64);
    let rows_as = |rows: &[(u64, Record)]| -> Vec<Candidate> {
        rows.iter()
            .map(|(line, r)| Candidate {
                id: row_id(*line),
                ..Candidate::from_record(r, today)
            })
            .collect()
    };
    let stored = match store {
        Some(store) => stored_people(store, today)?,
        None => Vec::new(),
    };
    let rough = Index::new(
        table,
        stored.into_iter().chain(rows_as(rows)),
        Scoring::default(),
    );
    let mut found: Vec<Vec<Pair>> = rows_as(rows)
        .into_iter()
        .map(|c| rough.likely_matches(table, c, &NotSame::new()))
        .collect();
    // Scored again with the stored people's full records (CNIC, prisoner number).
    let records = match store {
        Some(store) => records_of(store, &found.concat())?,
        None => HashMap::new(),
    };
    let full = records.values().map(|r| Candidate::from_record(r, today));
    let exact = Index::new(table, full.chain(rows_as(rows)), Scoring::default());
    for (pairs, candidate) in found.iter_mut().zip(rows_as(rows)) {
        if !pairs.is_empty() {
            *pairs = exact.likely_matches(table, candidate, &NotSame::new());
        }
    }
    let by_line: HashMap<i64, &Record> = rows.iter().map(|(l, r)| (row_id(*l), r)).collect();
    let by_id: HashMap<i64, &Record> = records.iter().map(|(id, r)| (*id, r)).collect();
    let mut warnings = Vec::new();
    for (at, ((line, _), pairs)) in rows.iter().zip(&found).enumerate() {
        let matches: Vec<String> = pairs
            .iter()
            // A later row is reported on its own line, not here.
            .filter(|pair| pair.id_a > 0 || -pair.id_a < *line as i64)
            .filter_map(|pair| describe(pair, &by_id, &by_line, today))
            .take(SHOWN)
            .collect();
        if !matches.is_empty() {
            warnings.push(RowWarning {
                row: at,
                line: *line,
                matches,
            });
        }
    }
    Ok(warnings)
}

fn describe(
    pair: &Pair,
    stored: &HashMap<i64, &Record>,
    rows: &HashMap<i64, &Record>,
    today: NaiveDate,
) -> Option<String> {
    if pair.id_a > 0 {
        return Some(may_be(pair, stored.get(&pair.id_a)?, today));
    }
    let earlier = rows.get(&pair.id_a)?;
    Some(format!(
        "may be line {} of this file, {} ({})",
        -pair.id_a,
        who(earlier, today),
        crate::domain::text::sanitize(&pair.reasons)
    ))
}
