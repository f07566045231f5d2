//! Everything out, in the format it came in (issue 14 §6): demo data and hostile text →
//! `records_csv` → `import::parse_csv_as_of` → the same records, field by field; a second round
//! gives byte-identical CSV and equal records; health only when asked; the formula guard.

use caseload::domain::demo;
use caseload::domain::edit::Field;
use caseload::domain::model::{Finding, Hearing, Record, Weakness};
use caseload::domain::records_csv::{
    Columns, findings_csv, formula_guard, formula_unguard, hearings_csv, records_csv,
};
use caseload::import::parse_csv_as_of;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date")
}

const ALL: Columns = Columns {
    include_health: true,
};

fn round_trip(records: &[Record], columns: Columns) -> Vec<Record> {
    let bytes = records_csv(records, columns).expect("writes");
    parse_csv_as_of("export.csv", &bytes, today()).unwrap_or_else(|e| panic!("{e}"))
}

/// Every column of the import format, as canonical text, is the same after the round trip.
fn assert_same_fields(before: &[Record], after: &[Record], columns: Columns) {
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(after) {
        for field in columns.fields() {
            assert_eq!(
                field.get(b),
                field.get(a),
                "{}: {}",
                b.detainee.name,
                field.name()
            );
        }
    }
}

#[test]
fn demo_data_round_trips_through_the_import() {
    let records: Vec<Record> = demo::generate(400, 7, today()).collect();
    let once = round_trip(&records, ALL);
    assert_same_fields(&records, &once, ALL);
    // What the import made is a fixed point: same bytes out, equal records back.
    let twice = round_trip(&once, ALL);
    assert_eq!(once, twice);
    assert_eq!(
        records_csv(&once, ALL).expect("writes"),
        records_csv(&twice, ALL).expect("writes")
    );
}

#[test]
fn health_is_left_out_unless_asked() {
    let records: Vec<Record> = demo::generate(200, 3, today()).collect();
    assert!(records.iter().any(|r| !r.detainee.health.is_empty()));
    let bytes = records_csv(&records, Columns::default()).expect("writes");
    let text = String::from_utf8(bytes).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert!(!header.split(',').any(|c| c == "health"), "{header}");
    let back = round_trip(&records, Columns::default());
    assert!(back.iter().all(|r| r.detainee.health.is_empty()));
    assert_same_fields(&records, &back, Columns::default());
    let with = String::from_utf8(records_csv(&records, ALL).expect("writes")).expect("utf-8");
    assert!(
        with.lines()
            .next()
            .expect("header")
            .split(',')
            .any(|c| c == "health")
    );
    assert_eq!(
        with.lines().next().expect("header").split(',').count(),
        Field::ALL.len()
    );
}

/// Text a spreadsheet or a terminal could be tricked by, in every text column.
const HOSTILE: &[&str] = &[
    "=HYPERLINK(\"http://x\",\"click\")",
    "+92 300 1234567",
    "-2+3",
    "@SUM(A1:A9)",
    "'quoted",
    "''twice",
    "'=already guarded",
    "comma, and \"quotes\"",
    "line one\nline two",
    "محمد اسلم ولد غلام رسول",
    "bidi \u{202e}reversed\u{202c} text",
    "escape \u{1b}[2J clear",
    "emoji 🙂 and tab\tinside",
];

fn hostile_record(i: usize, text: &str) -> Record {
    let mut r = Record::new(
        "placeholder",
        NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"),
    );
    for field in [
        Field::Name,
        Field::FatherName,
        Field::Prison,
        Field::PrisonerNumber,
        Field::Section,
        Field::FirNumber,
        Field::PoliceStation,
        Field::District,
        Field::Court,
        Field::Lawyer,
        Field::Notes,
    ] {
        field
            .set(&mut r, text)
            .unwrap_or_else(|e| panic!("{i} {}: {e}", field.name()));
    }
    r
}

#[test]
fn hostile_text_round_trips_and_never_starts_a_cell_as_a_formula() {
    let records: Vec<Record> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, t)| hostile_record(i, t))
        .collect();
    let bytes = records_csv(&records, ALL).expect("writes");
    let back = parse_csv_as_of("hostile.csv", &bytes, today()).unwrap_or_else(|e| panic!("{e}"));
    assert_same_fields(&records, &back, ALL);
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[..]);
    for row in reader.records() {
        for cell in row.expect("row").iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell starts as a formula: {cell:?}"
            );
        }
    }
}

#[test]
fn side_files_carry_hearings_and_finding_notes() {
    let mut r = Record::new("Aslam", NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"));
    r.detainee.id = 9;
    r.hearings.push(Hearing {
        id: 1,
        date: NaiveDate::from_ymd_opt(2026, 2, 1).expect("date"),
        court: Some("ATC Multan".into()),
        purpose: Some("bail".into()),
        outcome: Some("=adjourned".into()),
    });
    r.findings.push(Finding {
        code: Weakness::SampleLate,
        note: Some("road certificate, 5 days".into()),
    });
    let hearings = String::from_utf8(hearings_csv(&[r.clone()]).expect("writes")).expect("utf-8");
    assert_eq!(
        hearings,
        "detainee_id,name,date,court,purpose,outcome\n9,Aslam,2026-02-01,ATC Multan,bail,'=adjourned\n"
    );
    let findings = String::from_utf8(findings_csv(&[r]).expect("writes")).expect("utf-8");
    assert_eq!(
        findings,
        "detainee_id,name,code,note\n9,Aslam,sample_late,\"road certificate, 5 days\"\n"
    );
}

proptest! {
    /// The guard is undone exactly, whatever the text.
    #[test]
    fn unguard_inverts_guard(text in ".*") {
        let guarded = formula_guard(&text);
        prop_assert_eq!(formula_unguard(&guarded), text.as_str());
        prop_assert!(!guarded.starts_with(['=', '+', '-', '@', '\t', '\r']));
    }
}
