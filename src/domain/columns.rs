//! Which columns a list shows (issue 14 §4: `--columns name,prison,days,band`, and per saved
//! view): their codes, headings and widths, and each person's value as a plain [`Cell`] the
//! table, CSV and JSON writers format. The RANK column is not one of them: every list shows the
//! urgency rank first, so a sort or a column choice never hides it. Pure.

use super::model::Record;
use super::triage::{Band, Urgency};
use chrono::NaiveDate;

/// One column a list can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Name,
    Father,
    Prison,
    Days,
    Hearing,
    Band,
    Score,
    Reason,
    Court,
    Lawyer,
    PoliceStation,
    District,
    Law,
    Stage,
    Bail,
    Gender,
    Age,
}

/// A `--columns` value that names no column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnError {
    #[error("unknown column '{name}' — did you mean {suggestion}?")]
    UnknownNear {
        name: String,
        suggestion: &'static str,
    },
    #[error("unknown column '{name}' — columns are {}", codes())]
    Unknown { name: String },
    #[error("column '{0}' is given twice")]
    Twice(&'static str),
    #[error("no column given — columns are {}", codes())]
    Empty,
}

fn codes() -> String {
    Column::ALL
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a table cell sits in its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One person's value in one column, before formatting.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text as recorded (not yet sanitised); `None` when not recorded.
    Text(Option<String>),
    Number(Option<i64>),
    Date(Option<NaiveDate>),
    Band(Band),
}

/// What a column reads: one ranked person as the list prints them.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub record: &'a Record,
    pub urgency: &'a Urgency,
    pub today: NaiveDate,
}

impl Column {
    /// Every column, in the order `--help` and errors list them.
    pub const ALL: &'static [Column] = &[
        Column::Id,
        Column::Name,
        Column::Father,
        Column::Prison,
        Column::Days,
        Column::Hearing,
        Column::Band,
        Column::Score,
        Column::Reason,
        Column::Court,
        Column::Lawyer,
        Column::PoliceStation,
        Column::District,
        Column::Law,
        Column::Stage,
        Column::Bail,
        Column::Gender,
        Column::Age,
    ];

    /// The table's columns when none are chosen (the list as it always was).
    pub const TABLE: &'static [Column] = &[
        Column::Id,
        Column::Name,
        Column::Prison,
        Column::Days,
        Column::Hearing,
        Column::Band,
        Column::Score,
        Column::Reason,
    ];

    /// CSV and JSON's columns when none are chosen (as they always were: the father's name too).
    pub const DATA: &'static [Column] = &[
        Column::Id,
        Column::Name,
        Column::Father,
        Column::Prison,
        Column::Days,
        Column::Hearing,
        Column::Score,
        Column::Band,
        Column::Reason,
    ];

    /// The name in `--columns` and saved views.
    pub fn code(self) -> &'static str {
        self.meta().0
    }

    /// The CSV header and JSON key (the names `list --format csv` has always used).
    pub fn key(self) -> &'static str {
        self.meta().1
    }

    /// The table heading.
    pub fn heading(self) -> &'static str {
        self.meta().2
    }

    /// The table width in cells (`None`: the rest of the line, for the last column).
    pub fn width(self) -> Option<usize> {
        self.meta().3
    }

    pub fn align(self) -> Align {
        match self {
            Column::Id | Column::Days | Column::Score | Column::Age => Align::Right,
            _ => Align::Left,
        }
    }

    /// Code, key, heading, width.
    fn meta(self) -> (&'static str, &'static str, &'static str, Option<usize>) {
        match self {
            Column::Id => ("id", "id", "ID", Some(7)),
            Column::Name => ("name", "name", "NAME", Some(24)),
            Column::Father => ("father", "father_name", "FATHER", Some(20)),
            Column::Prison => ("prison", "prison", "PRISON", Some(22)),
            Column::Days => ("days", "days_in_custody", "DAYS", Some(5)),
            Column::Hearing => ("hearing", "next_hearing", "HEARING", Some(10)),
            Column::Band => ("band", "band", "BAND", Some(8)),
            Column::Score => ("score", "score", "SCORE", Some(5)),
            Column::Reason => ("reason", "top_reason", "TOP REASON", None),
            Column::Court => ("court", "court", "COURT", Some(22)),
            Column::Lawyer => ("lawyer", "lawyer", "LAWYER", Some(20)),
            Column::PoliceStation => ("ps", "police_station", "POLICE STATION", Some(16)),
            Column::District => ("district", "district", "DISTRICT", Some(14)),
            Column::Law => ("law", "law", "LAW", Some(10)),
            Column::Stage => ("stage", "stage", "STAGE", Some(17)),
            Column::Bail => ("bail", "bail_status", "BAIL", Some(11)),
            Column::Gender => ("gender", "gender", "GENDER", Some(11)),
            Column::Age => ("age", "age", "AGE", Some(3)),
        }
    }

    /// The column `name` names: its code, its CSV key, or the key without `_` (case aside).
    pub fn from_name(name: &str) -> Option<Column> {
        let wanted = name.trim().to_lowercase();
        Column::ALL
            .iter()
            .copied()
            .find(|c| c.code() == wanted || c.key() == wanted)
    }

    /// This column's value for `row`.
    pub fn value(self, row: &Row) -> Cell {
        let (d, c) = (&row.record.detainee, &row.record.case);
        let text = |t: Option<&str>| Cell::Text(t.map(str::to_string));
        match self {
            Column::Id => Cell::Number(Some(d.id)),
            Column::Name => text(Some(&d.name)),
            Column::Father => text(d.father_name.as_deref()),
            Column::Prison => text(d.prison.as_deref()),
            Column::Days => Cell::Number(Some(row.record.days_in_custody(row.today))),
            Column::Hearing => Cell::Date(row.record.next_hearing(row.today).map(|h| h.date)),
            Column::Band => Cell::Band(row.urgency.band),
            Column::Score => Cell::Number(Some(row.urgency.total)),
            Column::Reason => text(row.urgency.top_reason().map(|r| r.text.as_str())),
            Column::Court => text(c.court.as_deref()),
            Column::Lawyer => text(c.lawyer.as_deref()),
            Column::PoliceStation => text(c.police_station.as_deref()),
            Column::District => text(c.district.as_deref()),
            Column::Law => text(Some(c.law.code())),
            Column::Stage => text(Some(c.stage.code())),
            Column::Bail => text(c.bail_status.map(|b| b.code())),
            Column::Gender => text(d.gender.map(|g| g.code())),
            Column::Age => Cell::Number(row.record.age_at_arrest().map(i64::from)),
        }
    }
}

/// Parses `--columns a,b,c`: each a column code (or CSV key), none twice, at least one.
pub fn parse_columns(text: &str) -> Result<Vec<Column>, ColumnError> {
    let mut out: Vec<Column> = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let column = Column::from_name(name).ok_or_else(|| unknown(name))?;
        if out.contains(&column) {
            return Err(ColumnError::Twice(column.code()));
        }
        out.push(column);
    }
    if out.is_empty() {
        return Err(ColumnError::Empty);
    }
    Ok(out)
}

/// The columns as `--columns` takes them back (for saved views).
pub fn columns_text(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(",")
}

fn unknown(name: &str) -> ColumnError {
    match super::filter::nearest(name, Column::ALL.iter().map(|c| c.code())) {
        Some(suggestion) => ColumnError::UnknownNear {
            name: name.to_string(),
            suggestion,
        },
        None => ColumnError::Unknown {
            name: name.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_parses_by_its_code_and_its_key() {
        for &c in Column::ALL {
            assert_eq!(parse_columns(c.code()), Ok(vec![c]));
            assert_eq!(Column::from_name(&c.key().to_uppercase()), Some(c));
        }
        let all = columns_text(Column::ALL);
        assert_eq!(parse_columns(&all).expect("all"), Column::ALL);
    }

    #[test]
    fn bad_column_lists_name_the_column() {
        let cases: &[(&str, &str)] = &[
            (
                "name,prsion",
                "unknown column 'prsion' — did you mean prison?",
            ),
            ("name,name", "column 'name' is given twice"),
            (" , ", "no column given — columns are id, name,"),
            ("xyzzy", "unknown column 'xyzzy' — columns are id, name,"),
        ];
        for (text, wanted) in cases {
            let message = parse_columns(text).expect_err(text).to_string();
            assert!(message.starts_with(wanted), "{text}: {message}");
        }
    }
}
