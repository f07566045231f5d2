//! Likely matches before saving (issue 16 §3, the "conflict check" on every new client): who
//! in the caseload a record about to be added may already be, for `caseload add` and for each
//! row of `caseload import` (against the stored people and the file's earlier rows). Scoring is
//! [`crate::domain::duplicates`]'s, the people come from the store (`store/likely.rs`, shared
//! with the TUI's add form); this file only words the warnings.

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

/// The stored people `new` may be, best first (at most [`SHOWN`]), each as a warning line.
pub fn for_new_record(
    store: &Store,
    new: &Record,
    today: NaiveDate,
) -> Result<Vec<String>, StoreError> {
    let matches = store.likely_matches(new, today)?;
    Ok(matches
        .iter()
        .map(|(pair, record)| may_be(pair, record, today))
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
        Some(store) => store.duplicate_candidates(today)?,
        None => Vec::new(),
    };
    let index = Index::new(
        table,
        stored.into_iter().chain(rows_as(rows)),
        Scoring::default(),
    );
    let found: Vec<Vec<Pair>> = rows_as(rows)
        .into_iter()
        .map(|c| index.likely_matches(table, c, &NotSame::new()))
        .collect();
    let records = match store {
        Some(store) => store.records_of(&found.concat())?,
        None => HashMap::new(),
    };
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
