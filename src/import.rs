//! CSV import (DOMAIN.md §6): reads a clinic's spreadsheet export and turns each row into a
//! validated [`Record`]. Every problem in the file is collected, each naming the file, the line as
//! the user sees it in an editor and the column, so a clinic can fix the file in one pass. A file
//! with any problem imports nobody.

use crate::domain::model::{
    BailStatus, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance, Weakness,
    parse_date, parse_yes_no, years_between,
};
use chrono::NaiveDate;
use std::path::Path;
use std::str::FromStr;

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
    fn new(line: u64, column: Option<Column>, reason: impl Into<String>) -> Problem {
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
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ImportError::Unreadable {
        file: file.clone(),
        reason: e.to_string(),
    })?;
    parse_csv(&file, &bytes)
}

/// Validates CSV text already in memory; `source_name` is used in messages in place of a path.
pub fn parse_csv(source_name: &str, bytes: &[u8]) -> Result<Vec<Record>, ImportError> {
    let invalid = |problems| ImportError::Invalid {
        file: source_name.to_string(),
        problems,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = match reader.byte_headers() {
        Ok(header) if header.iter().all(|f| f.is_empty()) => {
            let reason = "no header row (the file is empty); the first line must name the columns";
            return Err(invalid(vec![Problem::new(1, None, reason)]));
        }
        Ok(header) => header.clone(),
        Err(e) => return Err(invalid(vec![csv_problem(&e, 1)])),
    };
    let mut lines = LineCounter::new(bytes);
    let header_line = lines.line_of(&header);
    let columns = parse_header(&header, header_line).map_err(invalid)?;

    let mut records = Vec::new();
    let mut problems = Vec::new();
    for row in reader.byte_records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                // The reader cannot resync after a malformed record: report it and stop.
                problems.push(csv_problem(&e, lines.line));
                break;
            }
        };
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
        };
        if let Some(record) = parser.record(&columns, &row) {
            records.push(record);
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(invalid(problems))
    }
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
fn parse_header(header: &csv::ByteRecord, line: u64) -> Result<Vec<Column>, Vec<Problem>> {
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
        let Some(column) = Column::from_name(&name) else {
            problems.push(Problem {
                line,
                column: Some(text.trim().to_string()),
                reason: format!("unknown column (known columns: {})", Column::known()),
            });
            continue;
        };
        if let Some(first) = columns.iter().position(|c| *c == column) {
            let reason = format!("appears twice (columns {} and {position})", first + 1);
            problems.push(Problem::new(line, Some(column), reason));
        }
        columns.push(column);
    }
    for required in [Column::Name, Column::ArrestDate] {
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

/// Declares the CSV columns with their header names, in the order of DOMAIN.md §6.
macro_rules! columns {
    ($($variant:ident = $name:literal),+ $(,)?) => {
        /// A column of the import format.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Column { $($variant),+ }

        impl Column {
            const ALL: &'static [Column] = &[$(Column::$variant),+];

            fn name(self) -> &'static str {
                match self { $(Column::$variant => $name),+ }
            }
        }
    };
}

columns!(
    Name = "name",
    FatherName = "father_name",
    Gender = "gender",
    DateOfBirth = "date_of_birth",
    Age = "age",
    JuvenileClaimed = "juvenile_claimed",
    Pregnant = "pregnant",
    DueDate = "due_date",
    ChildrenInPrison = "children_in_prison",
    Health = "health",
    Prison = "prison",
    PrisonerNumber = "prisoner_number",
    Law = "law",
    Section = "section",
    FirNumber = "fir_number",
    PoliceStation = "police_station",
    District = "district",
    FirDate = "fir_date",
    ArrestDate = "arrest_date",
    NextHearing = "next_hearing",
    Substance = "substance",
    QuantityGrams = "quantity_grams",
    Stage = "stage",
    BailStatus = "bail_status",
    CapitalCharge = "capital_charge",
    PreviousConviction = "previous_conviction",
    DelayByDefence = "delay_by_defence",
    FirstOffence = "first_offence",
    Court = "court",
    Lawyer = "lawyer",
    Notes = "notes",
    Weaknesses = "weaknesses",
);

impl Column {
    fn from_name(name: &str) -> Option<Column> {
        Column::ALL.iter().copied().find(|c| c.name() == name)
    }

    fn known() -> String {
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        names.join(", ")
    }
}

/// The trimmed text of one row, by column; absent columns read as blank.
struct Fields<'a> {
    values: [&'a str; Column::ALL.len()],
}

impl<'a> Fields<'a> {
    fn get(&self, column: Column) -> &'a str {
        self.values[column as usize]
    }
}

/// Turns one row into a record, adding a problem for every bad field.
struct RowParser<'p> {
    line: u64,
    problems: &'p mut Vec<Problem>,
}

impl RowParser<'_> {
    fn fail(&mut self, column: Column, reason: impl Into<String>) {
        self.problems
            .push(Problem::new(self.line, Some(column), reason));
    }

    /// Parses a field with `parse`; blank is `None`, a bad value a problem (and `None`).
    fn parse<T>(
        &mut self,
        fields: &Fields,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = fields.get(column);
        if text.is_empty() {
            return None;
        }
        parse(text).map_err(|reason| self.fail(column, reason)).ok()
    }

    fn code<T: FromStr<Err = String>>(&mut self, fields: &Fields, column: Column) -> Option<T> {
        self.parse(fields, column, T::from_str)
    }

    fn yes_no(&mut self, fields: &Fields, column: Column) -> Option<bool> {
        self.parse(fields, column, parse_yes_no).flatten()
    }

    fn date(&mut self, fields: &Fields, column: Column) -> Option<NaiveDate> {
        self.parse(fields, column, parse_date)
    }

    fn required(&mut self, fields: &Fields, column: Column) -> bool {
        let present = !fields.get(column).is_empty();
        if !present {
            self.fail(column, "required value is empty");
        }
        present
    }

    /// Every `;`-separated code in a list column; blank items are ignored.
    fn list<T: FromStr<Err = String>>(&mut self, fields: &Fields, column: Column) -> Vec<T> {
        let mut items = Vec::new();
        for item in fields.get(column).split(';').map(str::trim) {
            if item.is_empty() {
                continue;
            }
            match T::from_str(item) {
                Ok(value) => items.push(value),
                Err(reason) => self.fail(column, reason),
            }
        }
        items
    }

    /// Decodes and trims every field; invalid UTF-8 is a problem naming the column.
    fn fields<'r>(&mut self, columns: &[Column], row: &'r csv::ByteRecord) -> Option<Fields<'r>> {
        let mut values = [""; Column::ALL.len()];
        let mut ok = true;
        for (column, raw) in columns.iter().zip(row.iter()) {
            match std::str::from_utf8(raw) {
                Ok(text) => values[*column as usize] = text.trim(),
                Err(e) => {
                    let at = e.valid_up_to() + 1;
                    self.fail(*column, format!("not valid UTF-8 text (byte {at})"));
                    ok = false;
                }
            }
        }
        ok.then_some(Fields { values })
    }

    fn record(&mut self, columns: &[Column], row: &csv::ByteRecord) -> Option<Record> {
        let before = self.problems.len();
        let fields = self.fields(columns, row)?;
        let has_name = self.required(&fields, Column::Name);
        let has_arrest = self.required(&fields, Column::ArrestDate);
        let arrest_date = self.date(&fields, Column::ArrestDate);
        let mut record = Record::new(fields.get(Column::Name), arrest_date.unwrap_or_default());
        self.detainee(&fields, &mut record);
        self.case(&fields, &mut record);
        self.hearing_and_findings(&fields, &mut record);
        if let Some(arrest) = arrest_date {
            self.check_dates(&record, arrest);
        }
        (has_name && has_arrest && self.problems.len() == before).then_some(record)
    }

    fn detainee(&mut self, f: &Fields, record: &mut Record) {
        use Column as C;
        let d = &mut record.detainee;
        d.father_name = text(f, C::FatherName);
        d.gender = self.code::<Gender>(f, C::Gender);
        d.date_of_birth = self.date(f, C::DateOfBirth);
        d.age_at_arrest = self.parse(f, C::Age, parse_age);
        d.juvenile_claimed = self.yes_no(f, C::JuvenileClaimed);
        d.pregnant = self.yes_no(f, C::Pregnant);
        d.due_date = self.date(f, C::DueDate);
        d.children_in_prison = self.parse(f, C::ChildrenInPrison, parse_count);
        d.health = self.list::<Health>(f, C::Health);
        d.prison = text(f, C::Prison);
        d.prisoner_number = text(f, C::PrisonerNumber);
        d.notes = text(f, C::Notes);
        if d.due_date.is_some() && d.pregnant != Some(true) {
            self.fail(C::DueDate, "a due date needs `pregnant` to be yes");
        }
        if d.pregnant == Some(true) && d.gender == Some(Gender::Male) {
            self.fail(C::Pregnant, "is yes but `gender` is male");
        }
    }

    fn case(&mut self, f: &Fields, record: &mut Record) {
        use Column as C;
        let c = &mut record.case;
        c.law = self.code::<Law>(f, C::Law).unwrap_or(Law::Cnsa1997);
        c.section = text(f, C::Section);
        c.fir_number = text(f, C::FirNumber);
        c.fir_date = self.date(f, C::FirDate);
        c.police_station = text(f, C::PoliceStation);
        c.district = text(f, C::District);
        c.substance = self.code::<Substance>(f, C::Substance);
        c.quantity_grams = self.parse(f, C::QuantityGrams, parse_grams);
        c.stage = self
            .code::<Stage>(f, C::Stage)
            .unwrap_or(Stage::Investigation);
        c.bail_status = self.code::<BailStatus>(f, C::BailStatus);
        c.capital_charge = self.yes_no(f, C::CapitalCharge);
        c.previous_conviction = self.yes_no(f, C::PreviousConviction);
        c.delay_by_defence = self.yes_no(f, C::DelayByDefence);
        c.first_offence = self.yes_no(f, C::FirstOffence);
        c.court = text(f, C::Court);
        c.lawyer = text(f, C::Lawyer);
    }

    fn hearing_and_findings(&mut self, f: &Fields, record: &mut Record) {
        if let Some(date) = self.date(f, Column::NextHearing) {
            record.hearings.push(Hearing {
                id: 0,
                date,
                court: record.case.court.clone(),
                purpose: Some("next hearing".to_string()),
                outcome: None,
            });
        }
        record.findings = self
            .list::<Weakness>(f, Column::Weaknesses)
            .into_iter()
            .map(|code| Finding { code, note: None })
            .collect();
    }

    /// Dates that cannot all be true at once are almost always typing mistakes.
    fn check_dates(&mut self, record: &Record, arrest: NaiveDate) {
        let d = &record.detainee;
        if let Some(dob) = d.date_of_birth {
            if dob > arrest {
                self.fail(
                    Column::DateOfBirth,
                    format!("{dob} is after the arrest date"),
                );
            } else if let Some(age) = d.age_at_arrest {
                let from_dob = years_between(dob, arrest);
                if age != from_dob {
                    let reason = format!(
                        "{age} does not match the date of birth ({from_dob} at arrest on {arrest})"
                    );
                    self.fail(Column::Age, reason);
                }
            }
        }
        if let Some(hearing) = record.hearings.first().filter(|h| h.date < arrest) {
            let reason = format!("{} is before the arrest date {arrest}", hearing.date);
            self.fail(Column::NextHearing, reason);
        }
    }
}

/// A text column: trimmed as typed, blank means not recorded.
fn text(fields: &Fields, column: Column) -> Option<String> {
    Some(fields.get(column))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn parse_age(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|age| *age <= 120)
        .ok_or_else(|| format!("'{text}' is not a whole number of years from 0 to 120"))
}

fn parse_count(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .map_err(|_| format!("'{text}' is not a whole number (0 or more)"))
}

fn parse_grams(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|g| g.is_finite() && *g >= 0.0)
        .ok_or_else(|| format!("'{text}' is not a number of grams (0 or more, like 120 or 12.5)"))
}
