//! Everything out, in the format it came in (issue 14 §6): full records as CSV in exactly the
//! import format of DOMAIN.md §6, so that `export` → `import` into an empty file gives the same
//! records. Pure: returns bytes; the caller writes them (owner-only) and audits the export.
//!
//! What one row carries is every column `import` reads ([`Field::ALL`], in that order), each
//! value as [`Field::get`] writes it (ISO dates, `yes`/`no`, codes, `;` lists). The `health`
//! column is written only when asked ([`Columns::include_health`]).
//!
//! What the import format cannot carry, and so does not round-trip today: past hearings and
//! their outcomes and purposes, the court a next hearing names when it differs from the case's
//! (`next_hearing` is a date; the import gives it the case's court), findings' notes
//! (`weaknesses` is a list of codes), and record ids. [`hearings_csv`] and [`findings_csv`]
//! write those in side files of their own, documented below, for people to read; the import
//! does not read them yet.
//!
//! Spreadsheet formula guard: a cell starting with `= + - @`, a tab, a carriage return or an
//! apostrophe gets one leading apostrophe, which `import` removes again (so a name that
//! starts with `=` survives the round trip and never runs as a formula).

use super::edit::Field;
use super::model::Record;

/// Why the CSV could not be written (only the csv writer's own failures: memory is the sink).
#[derive(Debug, thiserror::Error)]
pub enum RecordsCsvError {
    #[error("writing the CSV of {what}: {reason}")]
    Write { what: &'static str, reason: String },
}

/// Which columns an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Columns {
    /// Write the `health` column (HIV, TB, hepatitis C, mental illness…): health details leave
    /// the clinic only when asked (`--include-health`).
    pub include_health: bool,
}

impl Columns {
    /// The import columns this export writes, in the order of [`Field::ALL`].
    pub fn fields(self) -> Vec<Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(|&f| self.include_health || f != Field::Health)
            .collect()
    }
}

/// The characters that make a spreadsheet read a cell as a formula (or hide one), plus the
/// apostrophe itself so that the guard can be undone without ambiguity.
pub const GUARDED_FIRST: &[char] = &['=', '+', '-', '@', '\t', '\r', '\''];

/// `text` as a cell a spreadsheet will not run: one apostrophe before a guarded first char.
pub fn formula_guard(text: &str) -> String {
    match text.chars().next() {
        Some(c) if GUARDED_FIRST.contains(&c) => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The inverse of [`formula_guard`], as `import` applies it to every cell: an apostrophe
/// followed by a guarded char is removed; any other text is kept as it is.
pub fn formula_unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(GUARDED_FIRST) => rest,
        _ => text,
    }
}

/// `records` as import-format CSV: a header row of column names, then one row per record.
pub fn records_csv(records: &[Record], columns: Columns) -> Result<Vec<u8>, RecordsCsvError> {
    let fields = columns.fields();
    let header: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    write_rows(
        "records",
        &header,
        records.iter().map(|record| {
            fields
                .iter()
                .map(|f| formula_guard(&f.get(record)))
                .collect()
        }),
    )
}

/// Every hearing of every record, one per row: `detainee_id, name, date, court, purpose,
/// outcome` (a side file: the import does not read it yet).
pub fn hearings_csv(records: &[Record]) -> Result<Vec<u8>, RecordsCsvError> {
    let header = ["detainee_id", "name", "date", "court", "purpose", "outcome"];
    let rows = records.iter().flat_map(|r| {
        r.hearings.iter().map(move |h| {
            [
                r.detainee.id.to_string(),
                r.detainee.name.clone(),
                h.date.to_string(),
                h.court.clone().unwrap_or_default(),
                h.purpose.clone().unwrap_or_default(),
                h.outcome.clone().unwrap_or_default(),
            ]
            .iter()
            .map(|cell| formula_guard(cell))
            .collect()
        })
    });
    write_rows("hearings", &header, rows)
}

/// Every weakness finding with its note, one per row: `detainee_id, name, code, note` (a side
/// file: the import reads the codes from `weaknesses`, not the notes).
pub fn findings_csv(records: &[Record]) -> Result<Vec<u8>, RecordsCsvError> {
    let header = ["detainee_id", "name", "code", "note"];
    let rows = records.iter().flat_map(|r| {
        r.findings.iter().map(move |f| {
            [
                r.detainee.id.to_string(),
                r.detainee.name.clone(),
                f.code.code().to_string(),
                f.note.clone().unwrap_or_default(),
            ]
            .iter()
            .map(|cell| formula_guard(cell))
            .collect()
        })
    });
    write_rows("findings", &header, rows)
}

fn write_rows(
    what: &'static str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, RecordsCsvError> {
    let fail = |e: &dyn std::fmt::Display| RecordsCsvError::Write {
        what,
        reason: e.to_string(),
    };
    // Quote only where needed, as spreadsheets write; line ends are \n (the import takes both).
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(header).map_err(|e| fail(&e))?;
    for row in rows {
        writer.write_record(&row).map_err(|e| fail(&e))?;
    }
    writer.into_inner().map_err(|e| fail(&e))
}
