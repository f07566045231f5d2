//! The one export path, shared by `caseload checklist` and the TUI: subject → sheet (a person's
//! checklist or a court day's) → rendered bytes → owner-only file → audit row.

use crate::domain::checklist::{Privacy, Rules};
use crate::domain::daysheet::{
    DayFilter, Export, day_sheet, generated_line, people_sheet, person_sheet,
};
use crate::domain::model::Record;
use crate::domain::render::Format;
use crate::domain::weights::Weights;
use crate::store::{Store, StoreError};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What an export or copy is of: one person (detainee id), or a court day with its filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Person(i64),
    Day(NaiveDate, DayFilter),
    /// The people marked in the TUI: one sheet, each for their next hearing.
    People(Vec<i64>),
}

impl Subject {
    /// A court day's sheet, with the Hearings screen's (or the command line's) filters.
    pub fn day(date: NaiveDate, court: Option<String>, lawyer: Option<String>) -> Subject {
        Subject::Day(
            date,
            DayFilter {
                date: Some(date),
                court,
                lawyer,
                people: None,
            },
        )
    }

    /// The records this subject draws on, read from the store (the TUI's way: a person by id,
    /// or everyone heard that day).
    pub fn load(&self, store: &Store) -> Result<Vec<Record>, StoreError> {
        match self {
            Subject::Person(id) => {
                let record = store.get(*id)?.ok_or_else(|| StoreError::NotFound {
                    path: store.path().to_path_buf(),
                    id: *id,
                })?;
                Ok(vec![record])
            }
            Subject::Day(date, _) => store.load_hearing_day(*date),
            Subject::People(ids) => {
                let mut records = Vec::with_capacity(ids.len());
                for &id in ids {
                    // Someone archived meanwhile is left out of the sheet.
                    records.extend(store.get(id)?);
                }
                Ok(records)
            }
        }
    }
}

/// What the sheets are built with besides the records.
pub struct Basis<'a> {
    pub today: NaiveDate,
    pub weights: &'a Weights,
    pub rules: &'a Rules,
}

/// A built sheet: the checklists, ready to render, write and audit.
pub struct Sheet {
    pub export: Export,
    pub include_health: bool,
}

/// Builds the sheet of `subject` from `records`.
pub fn sheet(
    records: &[Record],
    subject: &Subject,
    basis: &Basis,
    privacy: Privacy,
) -> Result<Sheet> {
    let generated = generated_line(chrono::Local::now(), basis.today, privacy.include_health);
    let export = match subject {
        Subject::Person(id) => {
            let record = records
                .iter()
                .find(|r| r.detainee.id == *id)
                .ok_or_else(|| anyhow!("no person with id {id}"))?;
            person_sheet(
                record,
                basis.today,
                basis.weights,
                basis.rules,
                privacy,
                generated,
            )
        }
        Subject::Day(date, filter) => day_sheet(
            records,
            *date,
            filter,
            basis.today,
            basis.weights,
            basis.rules,
            privacy,
            generated,
        ),
        Subject::People(_) => people_sheet(
            records,
            basis.today,
            basis.weights,
            basis.rules,
            privacy,
            generated,
        ),
    };
    Ok(Sheet {
        export,
        include_health: privacy.include_health,
    })
}

impl Sheet {
    /// The people in it, one audit row each.
    pub fn ids(&self) -> Vec<i64> {
        self.export.checklists.iter().map(|c| c.id).collect()
    }

    /// How many checklists it holds.
    pub fn count(&self) -> usize {
        self.export.checklists.len()
    }

    /// What left, for the audit trail: the format, and whether health details were included.
    pub fn what(&self, format: Format) -> String {
        format!(
            "{} checklist{}",
            format.label(),
            if self.include_health {
                " with health details"
            } else {
                ""
            }
        )
    }

    /// The rendered bytes.
    pub fn render(&self, format: Format) -> Result<Vec<u8>> {
        Ok(format.render(&self.export)?)
    }

    /// Renders and writes an owner-only file (never over an existing one unless `force`).
    pub fn write(&self, format: Format, path: &Path, force: bool) -> Result<()> {
        let bytes = self.render(format)?;
        crate::files::write_private(path, &bytes, force)
    }

    /// Records that it left for `to`, one row per person in it.
    pub fn audit(&self, store: &mut Store, what: &str, to: &str) -> Result<(), StoreError> {
        store.record_export(&self.ids(), what, to)
    }
}

impl Subject {
    /// The file name the TUI gives its export, before the extension.
    pub fn file_stem(&self, today: NaiveDate) -> String {
        match self {
            Subject::Person(id) => format!("checklist-{id}-{today}"),
            Subject::Day(date, _) => format!("day-{date}"),
            Subject::People(ids) => format!("checklists-{}-people-{today}", ids.len()),
        }
    }
}

/// A file name that is not taken yet: `stem.ext`, else `stem-2.ext`, `stem-3.ext`… A link
/// counts as taken even when it points nowhere (the write would refuse it anyway).
pub fn free_path(dir: &Path, stem: &str, extension: &str) -> PathBuf {
    let mut candidate = dir.join(format!("{stem}.{extension}"));
    let mut n = 2;
    while std::fs::symlink_metadata(&candidate).is_ok() {
        candidate = dir.join(format!("{stem}-{n}.{extension}"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_path_never_reuses_a_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = free_path(dir.path(), "day-2026-12-03", "txt");
        std::fs::write(&first, "x").expect("write");
        let second = free_path(dir.path(), "day-2026-12-03", "txt");
        assert_ne!(first, second);
        assert!(second.ends_with("day-2026-12-03-2.txt"));
    }
}
