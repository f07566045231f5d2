//! CSV import (DOMAIN.md §6): every column, every kind of error with its exact message and line,
//! and idempotent import into the store.

use caseload::domain::model::{
    BailStatus, Case, Detainee, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance,
    Weakness,
};
use caseload::import::{ImportError, parse_csv, read_csv};
use caseload::store::{OpenMode, Store};
use chrono::NaiveDate;
use std::path::Path;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn parse(text: &str) -> Vec<Record> {
    parse_csv("t.csv", text.as_bytes()).expect("valid CSV")
}

/// The full error text for a file that must fail.
fn error(text: &str) -> String {
    error_bytes(text.as_bytes())
}

fn error_bytes(bytes: &[u8]) -> String {
    parse_csv("t.csv", bytes)
        .expect_err("the file has errors")
        .to_string()
}

const ALL_COLUMNS: &str = "name,father_name,gender,date_of_birth,age,juvenile_claimed,pregnant,\
due_date,children_in_prison,health,prison,prisoner_number,law,section,fir_number,police_station,\
district,fir_date,arrest_date,next_hearing,substance,quantity_grams,stage,bail_status,\
capital_charge,previous_conviction,delay_by_defence,first_offence,court,lawyer,notes,weaknesses,\
cnic,children_ages,previous_conviction_death_life,judgment_date,sentence_years";

const KNOWN: &str = "name, father_name, gender, date_of_birth, age, juvenile_claimed, pregnant, \
due_date, children_in_prison, health, prison, prisoner_number, law, section, fir_number, \
police_station, district, fir_date, arrest_date, next_hearing, substance, quantity_grams, stage, \
bail_status, capital_charge, previous_conviction, delay_by_defence, first_offence, court, lawyer, \
notes, weaknesses, previous_conviction_death_life, cnic, children_ages, judgment_date, \
sentence_years";

#[test]
fn a_row_with_every_column_becomes_one_full_record() {
    let text = format!(
        "{ALL_COLUMNS}\n\
         Nasreen Bibi,Abdul Sattar,f,1994-05-02,32,no,yes,20/02/2027,2,hiv; tb,Women's Jail Karachi,\
         WJK/2026/00312,sindh2024,9(b),388/2026,PS Sohrab Goth,Karachi East,13-08-2026,14.08.2026,\
         2026-12-03,charas,450.5,investigation,not_applied,no,no,no,yes,Special Court CNS Karachi-II,\
         Saima Rauf,\"Daughter, aged 3, with her\",no_lab_report;sample_late,42101-1234567-1,3;5,no,,\n"
    );
    let court = Some("Special Court CNS Karachi-II".to_string());
    let expected = Record {
        detainee: Detainee {
            id: 0,
            name: "Nasreen Bibi".into(),
            father_name: Some("Abdul Sattar".into()),
            gender: Some(Gender::Female),
            date_of_birth: Some(date(1994, 5, 2)),
            age_at_arrest: Some(32),
            juvenile_claimed: Some(false),
            pregnant: Some(true),
            due_date: Some(date(2027, 2, 20)),
            children_in_prison: Some(2),
            health: vec![Health::Hiv, Health::Tb],
            prison: Some("Women's Jail Karachi".into()),
            prisoner_number: Some("WJK/2026/00312".into()),
            notes: Some("Daughter, aged 3, with her".into()),
            cnic: Some("4210112345671".into()),
            children_ages: vec![3, 5],
        },
        case: Case {
            id: 0,
            law: Law::Sindh2024,
            section: Some("9(b)".into()),
            fir_number: Some("388/2026".into()),
            fir_date: Some(date(2026, 8, 13)),
            police_station: Some("PS Sohrab Goth".into()),
            district: Some("Karachi East".into()),
            arrest_date: date(2026, 8, 14),
            substance: Some(Substance::Charas),
            quantity_grams: Some(450.5),
            stage: Stage::Investigation,
            bail_status: Some(BailStatus::NotApplied),
            capital_charge: Some(false),
            previous_conviction: Some(false),
            delay_by_defence: Some(false),
            first_offence: Some(true),
            court: court.clone(),
            lawyer: Some("Saima Rauf".into()),
            previous_conviction_death_life: Some(false),
            judgment_date: None,
            sentence_years: None,
        },
        hearings: vec![Hearing {
            id: 0,
            date: date(2026, 12, 3),
            court,
            purpose: Some("next hearing".into()),
            outcome: None,
        }],
        findings: vec![
            Finding {
                code: Weakness::NoLabReport,
                note: None,
            },
            Finding {
                code: Weakness::SampleLate,
                note: None,
            },
        ],
    };
    assert_eq!(parse(&text), vec![expected]);
}

#[test]
fn only_name_and_arrest_date_are_needed_and_defaults_apply() {
    let records = parse("arrest_date,name\n2025-01-02,Ali Hassan\n");
    assert_eq!(records, vec![Record::new("Ali Hassan", date(2025, 1, 2))]);
    assert_eq!(records[0].case.law, Law::Cnsa1997);
    assert_eq!(records[0].case.stage, Stage::Investigation);
}

#[test]
fn blank_values_mean_not_recorded() {
    let records =
        parse("name,arrest_date,pregnant,gender,age,health,lawyer\nAli,2025-01-02, , ,,;,\n");
    assert_eq!(records, vec![Record::new("Ali", date(2025, 1, 2))]);
}

#[test]
fn unknown_column_is_named_with_the_known_ones() {
    assert_eq!(
        error("name,arrest_date,Colour\nAli,2025-01-02,blue\n"),
        format!(
            "t.csv:1: column `Colour`: unknown column (known columns: {KNOWN})\n\
             1 error; nothing imported"
        )
    );
}

#[test]
fn duplicate_and_missing_columns_are_errors() {
    assert_eq!(
        error("name,Name,arrest_date\n"),
        "t.csv:1: column `name`: appears twice (columns 1 and 2)\n1 error; nothing imported"
    );
    assert_eq!(
        error("name,age\nAli,30\n"),
        "t.csv:1: column `arrest_date`: required column is missing\n1 error; nothing imported"
    );
    assert_eq!(
        error(""),
        "t.csv:1: no header row (the file is empty); the first line must name the columns\n\
         1 error; nothing imported"
    );
}

#[test]
fn bad_date_names_line_column_and_formats() {
    assert_eq!(
        error("name,arrest_date\nAli,2024-02-30\n"),
        "t.csv:2: column `arrest_date`: '2024-02-30' is not a date \
         (use YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY)\n1 error; nothing imported"
    );
}

#[test]
fn bad_codes_list_the_accepted_ones() {
    assert_eq!(
        error("name,arrest_date,gender\nAli,2025-01-02,x\n"),
        "t.csv:2: column `gender`: 'x' is not one of male, female, transgender\n\
         1 error; nothing imported"
    );
    assert_eq!(
        error("name,arrest_date,health\nAli,2025-01-02,hiv;flu\n"),
        "t.csv:2: column `health`: 'flu' is not one of hiv, tb, hepatitis_c, opioid_dependence, \
         disability, mental_illness, serious_illness\n1 error; nothing imported"
    );
    assert_eq!(
        error("name,arrest_date,law\nAli,2025-01-02,cnsa1998\n"),
        "t.csv:2: column `law`: 'cnsa1998' is not one of cnsa1997, sindh2024, kp2019, punjab2025\n\
         1 error; nothing imported"
    );
}

#[test]
fn bad_yes_no() {
    assert_eq!(
        error("name,arrest_date,first_offence\nAli,2025-01-02,maybe\n"),
        "t.csv:2: column `first_offence`: 'maybe' is not yes or no \
         (use yes/no/y/n/true/false/1/0)\n1 error; nothing imported"
    );
}

#[test]
fn bad_numbers() {
    assert_eq!(
        error(
            "name,arrest_date,age,children_in_prison,quantity_grams\n\
             Ali,2025-01-02,130,two,-5\n"
        ),
        "t.csv:2: column `age`: '130' is not a whole number of years from 0 to 120\n\
         t.csv:2: column `children_in_prison`: 'two' is not a whole number (0 or more)\n\
         t.csv:2: column `quantity_grams`: '-5' is not a number of grams (0 or more, like 120 or 12.5)\n\
         3 errors; nothing imported"
    );
}

#[test]
fn empty_required_values() {
    assert_eq!(
        error("name,arrest_date\n  ,2025-01-02\nAli,\n"),
        "t.csv:2: column `name`: required value is empty\n\
         t.csv:3: column `arrest_date`: required value is empty\n\
         2 errors; nothing imported"
    );
}

#[test]
fn facts_that_contradict_each_other() {
    assert_eq!(
        error(
            "name,arrest_date,gender,pregnant,due_date,date_of_birth,age,next_hearing\n\
             Ali,2025-01-02,m,yes,2025-03-01,2026-01-01,,2024-12-01\n\
             Sana,2025-01-02,f,,2025-03-01,2000-01-01,30,\n"
        ),
        "t.csv:2: column `pregnant`: is yes but `gender` is male\n\
         t.csv:2: column `date_of_birth`: 2026-01-01 is after the arrest date\n\
         t.csv:2: column `next_hearing`: 2024-12-01 is before the arrest date 2025-01-02\n\
         t.csv:3: column `due_date`: a due date needs `pregnant` to be yes\n\
         t.csv:3: column `age`: 30 does not match the date of birth (25 at arrest on 2025-01-02)\n\
         5 errors; nothing imported"
    );
}

#[test]
fn a_row_with_the_wrong_number_of_fields() {
    assert_eq!(
        error("name,arrest_date,age\nAli,2025-01-02\nSana,2025-01-02,30,extra\n"),
        "t.csv:2: expected 3 fields (one per header column), found 2\n\
         t.csv:3: expected 3 fields (one per header column), found 4\n\
         2 errors; nothing imported"
    );
}

#[test]
fn every_bad_row_is_reported_with_its_line() {
    let text = "name,arrest_date,gender\n\
                Ali,2025-01-02,m\n\
                Sana,yesterday,f\n\
                Bilal,2025-01-02,m\n\
                Hina,2025-01-02,woman\n";
    assert_eq!(
        error(text),
        "t.csv:3: column `arrest_date`: 'yesterday' is not a date \
         (use YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY)\n\
         t.csv:5: column `gender`: 'woman' is not one of male, female, transgender\n\
         2 errors; nothing imported"
    );
}

#[test]
fn a_quoted_field_spanning_lines_shifts_later_line_numbers() {
    let text = "name,arrest_date,notes\n\
                Ali,2025-01-02,\"first line\nsecond line\nthird line\"\n\
                Sana,2025-13-01,\n";
    let message = error(text);
    assert!(
        message.starts_with("t.csv:5: column `arrest_date`:"),
        "{message}"
    );
    let records = parse("name,arrest_date,notes\nAli,2025-01-02,\"one\ntwo\"\n");
    assert_eq!(records[0].detainee.notes.as_deref(), Some("one\ntwo"));
}

#[test]
fn blank_lines_and_rows_of_bare_commas_are_skipped() {
    let records = parse("name,arrest_date\n\nAli,2025-01-02\n,\n");
    assert_eq!(records.len(), 1);
    let message = error("name,arrest_date\n\n,\nAli,x\n");
    assert!(
        message.starts_with("t.csv:4: column `arrest_date`:"),
        "{message}"
    );
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let text = "\u{feff}name,arrest_date\r\nAli,2025-01-02\r\nSana,2025-01-03\r\n";
    let records = parse(text);
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].detainee.name, "Sana");
    let bad = "\u{feff}name,arrest_date\r\nAli,2025-01-02\r\nSana,x\r\n";
    let message = error(bad);
    assert!(
        message.starts_with("t.csv:3: column `arrest_date`"),
        "{message}"
    );
}

#[test]
fn crlf_line_numbers_count_blank_lines_and_quoted_line_breaks() {
    let text =
        "\r\nname,arrest_date,notes\r\n\r\nAli,2025-01-02,\"a\r\nb\"\r\nSana,x,\r\nHina,y,\r\n";
    assert_eq!(
        error(text),
        "t.csv:6: column `arrest_date`: 'x' is not a date \
         (use YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY)\n\
         t.csv:7: column `arrest_date`: 'y' is not a date \
         (use YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY)\n\
         2 errors; nothing imported"
    );
    let header_problem = error("\n\nname,colour\n");
    assert!(
        header_problem.starts_with("t.csv:3: column `colour`"),
        "{header_problem}"
    );
}

#[test]
fn headers_and_values_are_case_insensitive_and_trimmed() {
    let records = parse(
        " NAME , Arrest_Date ,GENDER,Pregnant,Law,Stage,Health,Weaknesses\n\
         \x20 Sana Bibi ,  2025-01-02 , F ,YES, Punjab2025 ,TRIAL, HIV ; TB ,SAMPLE_LATE\n",
    );
    let r = &records[0];
    assert_eq!(r.detainee.name, "Sana Bibi");
    assert_eq!(r.case.arrest_date, date(2025, 1, 2));
    assert_eq!(r.detainee.gender, Some(Gender::Female));
    assert_eq!(r.detainee.pregnant, Some(true));
    assert_eq!(r.case.law, Law::Punjab2025);
    assert_eq!(r.case.stage, Stage::Trial);
    assert_eq!(r.detainee.health, vec![Health::Hiv, Health::Tb]);
    assert_eq!(r.findings[0].code, Weakness::SampleLate);
}

#[test]
fn text_is_kept_as_typed() {
    let records = parse("name,arrest_date,police_station\nALI raza,2025-01-02,ps LYARI\n");
    assert_eq!(records[0].detainee.name, "ALI raza");
    assert_eq!(records[0].case.police_station.as_deref(), Some("ps LYARI"));
}

#[test]
fn urdu_names_survive_unchanged() {
    let records = parse("name,father_name,arrest_date\n غلام مصطفیٰ ,محمد رمضان,2024-07-05\n");
    assert_eq!(records[0].detainee.name, "غلام مصطفیٰ");
    assert_eq!(
        records[0].detainee.father_name.as_deref(),
        Some("محمد رمضان")
    );
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    let bytes = b"name,arrest_date\nAli,2025-01-02\nS\xE9na,2025-01-02\n";
    assert_eq!(
        error_bytes(bytes),
        "t.csv:3: column `name`: not valid UTF-8 text (byte 2)\n1 error; nothing imported"
    );
}

#[test]
fn a_missing_file_is_named() {
    let err = read_csv(Path::new("/nonexistent/clinic.csv")).expect_err("no such file");
    assert!(matches!(err, ImportError::Unreadable { .. }));
    assert!(
        err.to_string()
            .starts_with("/nonexistent/clinic.csv: cannot read:")
    );
    assert!(err.problems().is_empty());
}

#[test]
fn importing_the_same_file_twice_adds_nobody_the_second_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("clinic.csv");
    std::fs::write(
        &path,
        "name,father_name,arrest_date,fir_number,police_station\n\
         Ali Raza,Riaz Ahmed,2025-01-02,12/2025,PS Lyari\n\
         Sana Bibi,Abdul Sattar,2025-02-03,13/2025,PS Lyari\n",
    )
    .expect("write file");
    let mut store = Store::open_in_memory().expect("store");
    let first = store
        .insert_records(&read_csv(&path).expect("valid"))
        .expect("insert");
    assert_eq!((first.added, first.already_present), (2, 0));
    let second = store
        .insert_records(&read_csv(&path).expect("valid"))
        .expect("insert");
    assert_eq!((second.added, second.already_present), (0, 2));
    assert_eq!(store.count().expect("count"), 2);
}

#[test]
fn one_bad_row_means_nothing_is_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("clinic.csv");
    std::fs::write(&path, "name,arrest_date\nAli,2025-01-02\nSana,not a date\n").expect("write");
    let err = read_csv(&path).expect_err("bad row");
    assert_eq!(err.problems().len(), 1);
    assert_eq!(err.problems()[0].line, 3);
    assert_eq!(err.problems()[0].column.as_deref(), Some("arrest_date"));
    assert!(
        err.to_string()
            .starts_with(&format!("{}:3: column `arrest_date`", path.display()))
    );
}

#[test]
fn the_example_file_imports_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clinic.csv");
    let records = read_csv(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(records.len() >= 10, "{}", records.len());
    assert!(records.iter().any(|r| r.detainee.name == "غلام مصطفیٰ"));
    assert!(records.iter().any(|r| r.detainee.pregnant == Some(true)));
    let mut store = Store::open_in_memory().expect("store");
    let outcome = store.insert_records(&records).expect("insert");
    assert_eq!(outcome.added, records.len());
}

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// Imports `csv` into `store` as `caseload import` does: the whole file is validated before the
/// write lock is taken, then inserted in one transaction.
fn stream_into(store: &mut Store, csv: &Path) -> Result<usize, AnyError> {
    let records = read_csv(csv)?;
    Ok(store.insert_all(records)?.added)
}

fn schema_of(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT coalesce(sql, name) FROM sqlite_schema ORDER BY name")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .expect("schema")
}

#[test]
fn a_bad_row_on_the_last_line_means_nothing_is_imported_while_streaming() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("clinic.csv");
    let mut text = String::from("name,arrest_date,fir_number\n");
    for i in 0..3000 {
        text.push_str(&format!("Person {i},2025-01-02,{i}/2025\n"));
    }
    text.push_str("Last Person,2025-13-02,x\n");
    std::fs::write(&path, text).expect("write");
    for existing in [0, 10] {
        let db = dir.path().join(format!("c{existing}.db"));
        let mut store = Store::open(&db, OpenMode::CreateIfMissing).expect("store");
        let today = date(2026, 12, 1);
        store
            .insert_all(caseload::domain::demo::generate(existing, 1, today))
            .expect("people");
        let schema = schema_of(&store);
        let err = stream_into(&mut store, &path).expect_err("bad last row");
        let err = err.downcast_ref::<ImportError>().expect("an import error");
        assert_eq!(err.problems().len(), 1, "{err}");
        assert_eq!(err.problems()[0].line, 3002);
        assert_eq!(store.count().expect("count"), existing as i64);
        // Into an empty file the indexes were dropped for the insert: they are back.
        assert_eq!(schema_of(&store), schema);
        // And a good file still imports afterwards.
        std::fs::write(
            dir.path().join("good.csv"),
            "name,arrest_date\nAli,2025-01-02\n",
        )
        .expect("write");
        let added = stream_into(&mut store, &dir.path().join("good.csv")).expect("good file");
        assert_eq!(added, 1);
    }
}

#[test]
fn streaming_imports_what_reading_imports() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clinic.csv");
    let mut streamed = Store::open_in_memory().expect("store");
    let added = stream_into(&mut streamed, &path).expect("valid");
    let mut read = Store::open_in_memory().expect("store");
    let outcome = read
        .insert_records(&read_csv(&path).expect("valid"))
        .expect("insert");
    assert_eq!(added, outcome.added);
    assert_eq!(
        streamed.load_all().expect("load"),
        read.load_all().expect("load")
    );
    // Again: nobody new.
    assert_eq!(stream_into(&mut streamed, &path).expect("again"), 0);
}

/// Rate of import; run with `cargo test --release --test import -- --ignored --nocapture`.
#[test]
#[ignore = "timing: run by hand in release mode"]
fn a_hundred_thousand_rows_timing() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clinic.csv");
    let sample = std::fs::read_to_string(path).expect("example file");
    let (header, rows) = sample.split_once('\n').expect("header");
    let rows: Vec<&str> = rows.lines().collect();
    let mut text = format!("{header}\n");
    for i in 0..100_000 {
        text.push_str(rows[i % rows.len()]);
        text.push('\n');
    }
    let started = std::time::Instant::now();
    let records = parse_csv("big.csv", text.as_bytes()).expect("valid");
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "parsed {} rows ({} MB) in {seconds:.3} s: {:.0} rows/s",
        records.len(),
        text.len() / 1_000_000,
        records.len() as f64 / seconds
    );
}

proptest::proptest! {
    /// Whatever bytes arrive, import answers with records or problems, never a panic, and every
    /// problem points at a line inside the file.
    #[test]
    fn arbitrary_input_never_panics(body in proptest::collection::vec(
        proptest::sample::select(b"ab,;\"\r\n 0123-/.\xEF\xBB\xBF\xC3\xA9\xE9yesno".to_vec()),
        0..300,
    )) {
        let mut bytes = b"name,arrest_date,age,pregnant,health\n".to_vec();
        bytes.extend(&body);
        let lines = 1 + bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        if let Err(err) = parse_csv("p.csv", &bytes) {
            for problem in err.problems() {
                proptest::prop_assert!((1..=lines).contains(&problem.line), "{problem:?}");
            }
        }
        let _ = parse_csv("p.csv", &body);
    }
}
