//! The caseload file: round trip of every field, migration of an older file, refusal of files it
//! must not touch, and owner-only permissions.

use caseload::domain::model::{
    BailStatus, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance, Weakness,
};
use caseload::store::{OpenMode, SCHEMA_VERSION, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::path::Path;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid")
}

fn full_record() -> Record {
    let mut r = Record::new("Shazia Bibi", date(2026, 3, 14));
    let d = &mut r.detainee;
    d.father_name = Some("Muhammad Rafiq".into());
    d.gender = Some(Gender::Female);
    d.date_of_birth = Some(date(1994, 2, 3));
    d.juvenile_claimed = Some(false);
    d.pregnant = Some(true);
    d.due_date = Some(date(2027, 1, 20));
    d.children_in_prison = Some(2);
    d.health = vec![Health::Hiv, Health::OpioidDependence];
    d.prison = Some("Women's Jail Karachi".into());
    d.prisoner_number = Some("WJK-0412".into());
    d.notes = Some("Family in Lyari; brother visits on Fridays".into());
    let c = &mut r.case;
    c.law = Law::Sindh2024;
    c.section = Some("9(1)3(b)".into());
    c.fir_number = Some("FIR 112/2026".into());
    c.fir_date = Some(date(2026, 3, 13));
    c.police_station = Some("Kalri".into());
    c.district = Some("Karachi South".into());
    c.substance = Some(Substance::Heroin);
    c.quantity_grams = Some(120.5);
    c.stage = Stage::Trial;
    c.bail_status = Some(BailStatus::Rejected);
    c.capital_charge = Some(false);
    c.previous_conviction = Some(false);
    c.delay_by_defence = Some(false);
    c.first_offence = Some(true);
    c.court = Some("Special Court CNS Karachi-I".into());
    c.lawyer = Some("Ayesha Siddiqui".into());
    r.hearings = vec![
        Hearing {
            id: 0,
            date: date(2026, 11, 2),
            court: Some("Special Court CNS Karachi-I".into()),
            purpose: Some("evidence".into()),
            outcome: Some("adjourned: prosecution witness absent".into()),
        },
        Hearing {
            id: 0,
            date: date(2026, 12, 3),
            court: None,
            purpose: Some("bail".into()),
            outcome: None,
        },
    ];
    r.findings = vec![
        Finding {
            code: Weakness::SampleLate,
            note: Some("sent on day 5".into()),
        },
        Finding {
            code: Weakness::Other,
            note: None,
        },
    ];
    r
}

/// Ids are assigned by the store; compare everything else.
fn without_ids(mut r: Record) -> Record {
    r.detainee.id = 0;
    r.case.id = 0;
    for h in &mut r.hearings {
        h.id = 0;
    }
    r
}

#[test]
fn every_field_survives_a_round_trip_through_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    let mut urdu = Record::new("محمد اسلم", date(2026, 1, 5));
    urdu.detainee.father_name = Some("غلام رسول".into());
    {
        let mut store = Store::open(&path, OpenMode::CreateIfMissing).expect("create");
        let outcome = store
            .insert_records(&[full_record(), urdu.clone()])
            .expect("insert");
        assert_eq!(outcome.added, 2);
    }
    let store = Store::open(&path, OpenMode::MustExist).expect("reopen");
    let loaded = store.load_all().expect("load");
    assert_eq!(loaded.len(), 2);
    assert_eq!(without_ids(loaded[0].clone()), full_record());
    assert_eq!(without_ids(loaded[1].clone()), urdu);
    assert_eq!(
        store.get(loaded[1].detainee.id).expect("get"),
        Some(loaded[1].clone())
    );
}

#[test]
fn the_same_person_and_case_is_added_once() {
    let mut store = Store::open_in_memory().expect("memory");
    let mut spaced = full_record();
    spaced.detainee.name = "  shazia   BIBI ".into();
    assert_eq!(
        store.insert_records(&[full_record()]).expect("first").added,
        1
    );
    let again = store.insert_records(&[spaced]).expect("second");
    assert_eq!((again.added, again.already_present), (0, 1));
    assert_eq!(store.count().expect("count"), 1);
}

/// Columns and indexes of every table, to compare schemas reached by different roads.
fn schema_shape(conn: &Connection) -> Vec<String> {
    let mut shape = Vec::new();
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("prepare");
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    for table in names {
        let mut cols = conn
            .prepare(&format!("PRAGMA table_info({table})"))
            .expect("info");
        let rows = cols
            .query_map([], |r| {
                Ok(format!(
                    "{table}.{}:{}:{}:{:?}",
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?
                ))
            })
            .expect("cols");
        for row in rows {
            shape.push(row.expect("col"));
        }
    }
    let mut idx = conn
        .prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .expect("idx");
    for row in idx
        .query_map([], |r| {
            Ok(format!(
                "index {}:{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?
            ))
        })
        .expect("idx rows")
    {
        shape.push(row.expect("index"));
    }
    shape
}

#[test]
fn a_version_1_file_is_migrated_without_losing_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.db");
    {
        let conn = Connection::open(&old).expect("create v1");
        conn.execute_batch(include_str!("../migrations/0001_initial.sql"))
            .expect("v1 schema");
        conn.execute_batch(
            "INSERT INTO detainees (id, name, gender, health, natural_key)
                 VALUES (7, 'Nasreen Akhtar', 'female', 'tb', 'k1');
             INSERT INTO cases (id, detainee_id, arrest_date, stage) VALUES (3, 7, '2026-01-10', 'trial');
             INSERT INTO hearings (case_id, date, outcome) VALUES (3, '2026-12-04', NULL);
             INSERT INTO findings (case_id, code) VALUES (3, 'no_lab_report');",
        )
        .expect("v1 rows");
    }
    let store = Store::open(&old, OpenMode::MustExist).expect("migrates");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let records = store.load_all().expect("load");
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.detainee.name, "Nasreen Akhtar");
    assert_eq!(r.detainee.health, vec![Health::Tb]);
    assert_eq!(r.hearings.len(), 1);
    assert_eq!(r.findings[0].code, Weakness::NoLabReport);

    let fresh = Store::open(&dir.path().join("new.db"), OpenMode::CreateIfMissing).expect("fresh");
    assert_eq!(
        schema_shape(store.connection()),
        schema_shape(fresh.connection())
    );
}

fn open_err(path: &Path, mode: OpenMode) -> String {
    match Store::open(path, mode) {
        Ok(_) => panic!("{} opened", path.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn files_it_must_not_touch_are_refused_with_one_clear_line() {
    let dir = tempfile::tempdir().expect("tempdir");

    let missing_dir = dir.path().join("nowhere/clinic.db");
    let msg = open_err(&missing_dir, OpenMode::CreateIfMissing);
    assert!(msg.contains("does not exist"), "{msg}");
    assert!(!missing_dir.parent().expect("parent").exists());

    let missing = dir.path().join("absent.db");
    let msg = open_err(&missing, OpenMode::MustExist);
    assert!(msg.contains("no caseload database"), "{msg}");
    assert!(!missing.exists());

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "these are my notes, not a database\n".repeat(100)).expect("write");
    let msg = open_err(&text, OpenMode::MustExist);
    assert!(msg.contains("not an SQLite file"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(&text).expect("read"),
        "these are my notes, not a database\n".repeat(100)
    );

    let newer = dir.path().join("newer.db");
    Connection::open(&newer)
        .expect("create")
        .execute_batch("CREATE TABLE detainees (id INTEGER); PRAGMA user_version = 99;")
        .expect("newer");
    let msg = open_err(&newer, OpenMode::MustExist);
    assert!(msg.contains("newer caseload (schema version 99"), "{msg}");

    let other = dir.path().join("other.db");
    Connection::open(&other)
        .expect("create")
        .execute_batch("CREATE TABLE recipes (id INTEGER);")
        .expect("other");
    let msg = open_err(&other, OpenMode::MustExist);
    assert!(msg.contains("not a caseload database"), "{msg}");

    assert!(!msg.contains('\n'));
}

#[cfg(unix)]
#[test]
fn a_new_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing).expect("create");
    store.insert_records(&[full_record()]).expect("insert");
    for file in [path.clone(), dir.path().join("clinic.db-wal")] {
        if file.exists() {
            let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", file.display());
        }
    }
}

#[test]
fn a_store_error_names_the_file() {
    let err = StoreError::Missing {
        path: "/tmp/x.db".into(),
    };
    assert!(err.to_string().starts_with("/tmp/x.db:"));
}
