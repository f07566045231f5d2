//! CSV import (DOMAIN.md §6): reads a clinic's spreadsheet export and turns each row into a
//! validated [`Record`]. Every problem in the file is collected, each naming the file, the line as
//! the user sees it in an editor and the column, so a clinic can fix the file in one pass. A file
//! with any problem imports nobody.

use crate::domain::edit::{Field, apply_fields};
use crate::domain::model::Record;
use crate::domain::records_csv::formula_unguard;
use chrono::NaiveDate;
use std::path::Path;

/// Why a CSV file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read at all.
    #[error("{file}: cannot read: {reason}")]
    Unreadable { file: String, reason: String },
    /// The file was read but has problems; nothing from it was imported.
    #[error("{}", render_problems(file, problems))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

impl ImportError {
    /// The problems found in the file's contents (empty when it could not be read).
    pub fn problems(&self) -> &[Problem] {
        match self {
            ImportError::Unreadable { .. } => &[],
            ImportError::Invalid { problems, .. } => problems,
        }
    }
}

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line as in the file, counting the header as line 1. A row whose quoted field spans
    /// several lines is reported at the line it starts on.
    pub line: u64,
    /// The column the problem is in, when it is about one column.
    pub column: Option<String>,
    pub reason: String,
}

impl Problem {
    fn new(line: u64, column: Option<Field>, reason: impl Into<String>) -> Problem {
        Problem {
            line,
            column: column.map(|c| c.name().to_string()),
            reason: reason.into(),
        }
    }

    /// The problem as one line, prefixed with the file name.
    pub fn render(&self, file: &str) -> String {
        match &self.column {
            Some(column) => format!("{file}:{}: column `{column}`: {}", self.line, self.reason),
            None => format!("{file}:{}: {}", self.line, self.reason),
        }
    }
}

fn render_problems(file: &str, problems: &[Problem]) -> String {
    let mut text = String::new();
    for problem in problems {
        text.push_str(&problem.render(file));
        text.push('\n');
    }
    let noun = if problems.len() == 1 {
        "error"
    } else {
        "errors"
    };
    text.push_str(&format!("{} {noun}; nothing imported", problems.len()));
    text
}

/// Reads and validates the CSV file at `path`. Either every row is valid and all records are
/// returned, or nothing is and the error lists every problem.
pub fn read_csv(path: &Path) -> Result<Vec<Record>, ImportError> {
    read_csv_as_of(path, local_today())
}

/// [`read_csv`] with dates checked against `today` (the `--today` of the command line).
pub fn read_csv_as_of(path: &Path, today: NaiveDate) -> Result<Vec<Record>, ImportError> {
    let file = path.display().to_string();
    parse_csv_as_of(&file, &read_file(path)?, today)
}

/// Validates CSV text already in memory; `source_name` is used in messages in place of a path.
pub fn parse_csv(source_name: &str, bytes: &[u8]) -> Result<Vec<Record>, ImportError> {
    parse_csv_as_of(source_name, bytes, local_today())
}

/// The machine's date, for callers that give none: dates after it are refused.
fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// [`parse_csv`] with dates checked against `today`.
pub fn parse_csv_as_of(
    source_name: &str,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<Vec<Record>, ImportError> {
    let mut records = Vec::new();
    parse_rows(source_name, bytes, today, |_, record| {
        records.push(record);
        true
    })?;
    Ok(records)
}

/// [`read_csv_as_of`] keeping the line each record starts on (the header is line 1), for
/// warnings that name the line (`visit.csv:7: may be #12 …`).
pub fn read_csv_lines_as_of(
    path: &Path,
    today: NaiveDate,
) -> Result<Vec<(u64, Record)>, ImportError> {
    let file = path.display().to_string();
    let mut records = Vec::new();
    parse_rows(&file, &read_file(path)?, today, |line, record| {
        records.push((line, record));
        true
    })?;
    Ok(records)
}

fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    std::fs::read(path).map_err(|e| ImportError::Unreadable {
        file: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Validates CSV text, handing each valid record (with its line) to `each` in file order until
/// it returns false. After the first problem no more records are handed over, but every row is
/// still checked so that all problems are reported.
fn parse_rows(
    source_name: &str,
    bytes: &[u8],
    today: NaiveDate,
    mut each: impl FnMut(u64, Record) -> bool,
) -> Result<(), ImportError> {
    let Rows {
        mut reader,
        columns,
        mut lines,
    } = start(source_name, bytes)?;
    let mut problems = Vec::new();
    // One record buffer for the whole file: the reader reuses its allocations.
    let mut row = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // The reader cannot resync after a malformed record: report it and stop.
                problems.push(csv_problem(&e, lines.line));
                break;
            }
        }
        let line = lines.line_of(&row);
        if row.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // spreadsheets often export trailing rows of bare commas
        }
        if row.len() != columns.len() {
            let reason = format!(
                "expected {} fields (one per header column), found {}",
                columns.len(),
                row.len()
            );
            problems.push(Problem::new(line, None, reason));
            continue;
        }
        let mut parser = RowParser {
            line,
            problems: &mut problems,
            today,
        };
        if let Some(record) = parser.record(&columns, &row)
            && parser.problems.is_empty()
            && !each(line, record)
        {
            return Ok(());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(source_name, problems))
    }
}

fn invalid(source_name: &str, problems: Vec<Problem>) -> ImportError {
    ImportError::Invalid {
        file: source_name.to_string(),
        problems,
    }
}

/// A file's rows, after its header.
struct Rows<'b> {
    /// Positioned after the header.
    reader: csv::Reader<&'b [u8]>,
    /// The field of each column, in file order.
    columns: Vec<Field>,
    lines: LineCounter<'b>,
}

/// Reads and checks the header.
fn start<'b>(source_name: &str, bytes: &'b [u8]) -> Result<Rows<'b>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = match reader.byte_headers() {
        Ok(header) if header.iter().all(|f| f.is_empty()) => {
            let reason = "no header row (the file is empty); the first line must name the columns";
            return Err(invalid(source_name, vec![Problem::new(1, None, reason)]));
        }
        Ok(header) => header.clone(),
        Err(e) => return Err(invalid(source_name, vec![csv_problem(&e, 1)])),
    };
    let mut lines = LineCounter::new(bytes);
    let header_line = lines.line_of(&header);
    let columns =
        parse_header(&header, header_line).map_err(|problems| invalid(source_name, problems))?;
    Ok(Rows {
        reader,
        columns,
        lines,
    })
}

/// Finds the line a record starts on, as an editor shows it. The csv reader's own line numbers
/// lag by one after CRLF line ends (it consumes the `\n` when reading the next record), so the
/// line is counted here from the record's byte offset, skipping leftover line ends and blank lines.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// Records must be asked for in file order: counting resumes where the last one ended.
    fn line_of(&mut self, record: &csv::ByteRecord) -> u64 {
        let start = record.position().map_or(self.offset, |p| p.byte() as usize);
        let start = start.clamp(self.offset, self.bytes.len());
        let newlines = self.bytes[self.offset..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.offset = start;
        while let Some(&b) = self
            .bytes
            .get(self.offset)
            .filter(|b| matches!(b, b'\r' | b'\n'))
        {
            if b == b'\n' {
                self.line += 1;
            }
            self.offset += 1;
        }
        self.line
    }
}

/// A record the csv reader itself rejected (rare: the reader is flexible and reads bytes).
fn csv_problem(error: &csv::Error, fallback_line: u64) -> Problem {
    let line = error.position().map_or(fallback_line, |p| p.line());
    Problem::new(line, None, format!("not readable as CSV: {error}"))
}

/// Maps each header field to its column, or lists every problem with the header.
fn parse_header(header: &csv::ByteRecord, line: u64) -> Result<Vec<Field>, Vec<Problem>> {
    let mut columns = Vec::with_capacity(header.len());
    let mut problems = Vec::new();
    for (index, raw) in header.iter().enumerate() {
        let position = index + 1;
        let Ok(text) = std::str::from_utf8(raw) else {
            let reason = format!("column {position} of the header is not valid UTF-8 text");
            problems.push(Problem::new(line, None, reason));
            continue;
        };
        let name = text.trim().to_lowercase();
        if name.is_empty() {
            let reason = format!("column {position} of the header has no name");
            problems.push(Problem::new(line, None, reason));
            continue;
        }
        let Some(column) = Field::from_name(&name) else {
            problems.push(Problem {
                line,
                column: Some(text.trim().to_string()),
                reason: format!("unknown column (known columns: {})", Field::known()),
            });
            continue;
        };
        if let Some(first) = columns.iter().position(|c| *c == column) {
            let reason = format!("appears twice (columns {} and {position})", first + 1);
            problems.push(Problem::new(line, Some(column), reason));
        }
        columns.push(column);
    }
    for required in [Field::Name, Field::ArrestDate] {
        if !columns.contains(&required) {
            problems.push(Problem::new(
                line,
                Some(required),
                "required column is missing",
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// The trimmed text of one row, by field; absent columns read as blank.
struct Fields<'a> {
    values: [&'a str; Field::ALL.len()],
}

/// Turns one row into a record, adding a problem for every bad field.
struct RowParser<'p> {
    line: u64,
    problems: &'p mut Vec<Problem>,
    today: NaiveDate,
}

impl RowParser<'_> {
    fn fail(&mut self, column: Field, reason: impl Into<String>) {
        self.problems
            .push(Problem::new(self.line, Some(column), reason));
    }

    /// Decodes and trims every field; invalid UTF-8 is a problem naming the column.
    fn fields<'r>(&mut self, columns: &[Field], row: &'r csv::ByteRecord) -> Option<Fields<'r>> {
        let mut values = [""; Field::ALL.len()];
        let mut ok = true;
        for (column, raw) in columns.iter().zip(row.iter()) {
            match std::str::from_utf8(raw) {
                // A cell an export guarded against spreadsheet formulas gets its text back.
                Ok(text) => values[*column as usize] = formula_unguard(text.trim()),
                Err(e) => {
                    let at = e.valid_up_to() + 1;
                    self.fail(*column, format!("not valid UTF-8 text (byte {at})"));
                    ok = false;
                }
            }
        }
        ok.then_some(Fields { values })
    }

    /// Every column goes through the same per-field parsing as `caseload add` and the form.
    fn record(&mut self, columns: &[Field], row: &csv::ByteRecord) -> Option<Record> {
        let fields = self.fields(columns, row)?;
        let mut record = Record::new("", NaiveDate::default());
        let texts: Vec<(Field, &str)> = Field::ALL
            .iter()
            .map(|&f| (f, fields.values[f as usize]))
            .collect();
        let problems = apply_fields(&mut record, &texts, self.today);
        let ok = problems.is_empty();
        for (field, reason) in problems {
            self.fail(field, reason);
        }
        ok.then_some(record)
    }
}
