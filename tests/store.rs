//! The caseload file: round trip of every field, migration of an older file, refusal of files it
//! must not touch, and owner-only permissions.

use caseload::domain::duplicates::Candidate;
use caseload::domain::model::{
    AuditAction, BailStatus, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance,
    Weakness,
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

/// Every row of the caseload tables, in id order, as text; audit rows without their time.
fn dump(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let mut rows = Vec::new();
    for sql in [
        "SELECT * FROM detainees ORDER BY id",
        "SELECT * FROM cases ORDER BY id",
        "SELECT * FROM hearings ORDER BY id",
        "SELECT * FROM findings ORDER BY id",
        "SELECT id, actor, action, detainee_id, field, old_value, new_value FROM audit ORDER BY id",
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
    ] {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let columns = stmt.column_count();
        let mut result = stmt.query([]).expect("query");
        while let Some(row) = result.next().expect("row") {
            let fields: Vec<String> = (0..columns)
                .map(|i| match row.get_ref(i).expect("value") {
                    rusqlite::types::ValueRef::Text(t) => {
                        format!("{:?}", String::from_utf8_lossy(t))
                    }
                    other => format!("{other:?}"),
                })
                .collect();
            rows.push(format!("{sql}: {}", fields.join(" | ")));
        }
    }
    rows
}

fn demo_with_repeats(count: usize) -> Vec<Record> {
    let today = date(2026, 12, 1);
    let mut records: Vec<Record> = caseload::domain::demo::generate(count, 7, today).collect();
    // The same person twice in one file, and again far apart: the later copies are skipped.
    records.insert(10, records[3].clone());
    records.push(records[0].clone());
    records
}

#[test]
fn bulk_insert_into_an_empty_file_writes_what_one_at_a_time_writes() {
    // 300 people: several full batches of 64 and a remainder; more hearings than a batch.
    let records = demo_with_repeats(300);
    let dir = tempfile::tempdir().expect("tempdir");
    // Into an empty file in one go: the indexes are dropped and built again.
    let mut bulk =
        Store::open(&dir.path().join("bulk.db"), OpenMode::CreateIfMissing).expect("open");
    bulk.set_actor("tester");
    let outcome = bulk.insert_all(records.clone()).expect("bulk");
    assert_eq!((outcome.added, outcome.already_present), (300, 2));
    // One person per insert: only the first finds the file empty; the rest look keys up.
    let mut single =
        Store::open(&dir.path().join("single.db"), OpenMode::CreateIfMissing).expect("open");
    single.set_actor("tester");
    let mut added = 0;
    for record in &records {
        added += single
            .insert_records(std::slice::from_ref(record))
            .expect("one")
            .added;
    }
    assert_eq!(added, 300);
    let (bulk_rows, single_rows) = (dump(&bulk), dump(&single));
    let first = bulk_rows.iter().zip(&single_rows).position(|(a, b)| a != b);
    assert_eq!(first.map(|i| (&bulk_rows[i], &single_rows[i])), None);
    assert_eq!(bulk_rows.len(), single_rows.len());
    let check: String = bulk
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
}

#[test]
fn bulk_insert_writes_the_same_values_as_adding_each_person() {
    let records = demo_with_repeats(150);
    let mut bulk = Store::open_in_memory().expect("store");
    bulk.insert_all(records.clone()).expect("bulk");
    let mut added = Store::open_in_memory().expect("store");
    for record in &records {
        match added.add(record) {
            Ok(_) | Err(StoreError::Duplicate { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
    // `add` records the action as `add`, an import as `import`: the rest must be equal.
    let same = |s: &Store| -> Vec<String> {
        dump(s)
            .into_iter()
            .map(|row| row.replace("\"add\"", "\"import\""))
            .collect()
    };
    let (bulk, added) = (same(&bulk), same(&added));
    let first = bulk.iter().zip(&added).position(|(a, b)| a != b);
    assert_eq!(first.map(|i| (&bulk[i], &added[i])), None);
    assert_eq!(bulk.len(), added.len());
}

#[test]
fn a_failed_bulk_insert_into_an_empty_file_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("c.db"), OpenMode::CreateIfMissing).expect("open");
    let before = dump(&store);
    let mut records: Vec<Record> =
        caseload::domain::demo::generate(200, 3, date(2026, 12, 1)).collect();
    // The very last one breaks a CHECK constraint the types do not rule out.
    records.last_mut().expect("records").detainee.age_at_arrest = Some(131);
    let err = store.insert_all(records).expect_err("age 131");
    assert!(
        err.to_string().contains("age_at_arrest BETWEEN 0 AND 130"),
        "{err}"
    );
    // No people, and the indexes dropped for the bulk insert are all back.
    assert_eq!(dump(&store), before);
    assert_eq!(store.count().expect("count"), 0);
}

#[test]
fn the_bulk_insert_refuses_what_the_schema_checks_would() {
    let mut store = Store::open_in_memory().expect("store");
    store.insert_all(vec![full_record()]).expect("one");
    for (change, constraint) in [
        (
            (|r: &mut Record| r.detainee.name = "   ".into()) as fn(&mut Record),
            "length(trim(name)) > 0",
        ),
        (
            |r| r.detainee.age_at_arrest = Some(131),
            "age_at_arrest BETWEEN 0 AND 130",
        ),
        (
            |r| r.case.quantity_grams = Some(-1.0),
            "quantity_grams >= 0",
        ),
    ] {
        let mut record = Record::new("Someone New", date(2026, 1, 1));
        change(&mut record);
        let err = store.insert_all(vec![record]).expect_err(constraint);
        assert!(err.to_string().contains(constraint), "{err}");
        assert_eq!(store.count().expect("count"), 1);
    }
}

/// The bulk insert turns SQLite's CHECK constraints off and relies on the types plus
/// `store::violated_check`. A new CHECK in the schema must be looked at there.
#[test]
fn every_check_constraint_is_known_to_the_bulk_insert() {
    let checks: Vec<&str> = caseload::store::SCHEMA
        .match_indices("CHECK (")
        .map(|(at, _)| {
            let line_end = caseload::store::SCHEMA[at..].find('\n').unwrap_or(0);
            caseload::store::SCHEMA[at..at + line_end].trim_end()
        })
        .collect();
    let known = [
        "CHECK (length(trim(name)) > 0),",
        "CHECK (gender IN ('male', 'female', 'transgender')),",
        "CHECK (age_at_arrest BETWEEN 0 AND 130),",
        "CHECK (juvenile_claimed IN (0, 1)),",
        "CHECK (pregnant IN (0, 1)),",
        "CHECK (children_in_prison >= 0),",
        "CHECK (archived IN (0, 1)), -- \"deleted\": hidden, restorable (since schema 3)",
        "CHECK (law IN ('cnsa1997', 'sindh2024', 'kp2019', 'punjab2025')),",
        "CHECK (substance IN ('charas', 'heroin', 'opium', 'ice', 'cocaine',",
        "CHECK (quantity_grams >= 0),",
        "CHECK (stage IN ('investigation', 'trial', 'judgment_reserved', 'convicted',",
        "CHECK (bail_status IN ('not_applied', 'pending', 'rejected', 'granted')),",
        "CHECK (capital_charge IN (0, 1)),",
        "CHECK (previous_conviction IN (0, 1)),",
        "CHECK (delay_by_defence IN (0, 1)),",
        "CHECK (first_offence IN (0, 1)),",
        "CHECK (previous_conviction_death_life IN (0, 1)),",
        "CHECK (sentence_years >= 0)",
        "CHECK (code IN ('sample_late', 'no_lab_report', 'lab_report_defective',",
        "CHECK (action IN ('add', 'edit', 'delete', 'restore', 'import',",
        // rank_cache: written only by the TUI's loader, never by the bulk insert.
        "CHECK (id = 1),",
        // staff and views: the clinic's settings, never written by the bulk insert.
        "CHECK (trim(name) != '')",
        "CHECK (reverse IN (0, 1)),",
    ];
    assert_eq!(checks, known);
}

#[test]
fn natural_key_folds_case_and_spaces_of_any_script() {
    // The key as first defined: each part's words joined by one space, then lower-cased.
    let reference = |r: &Record| {
        let fold = |s: Option<&str>| {
            s.unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        format!(
            "{}|{}|{}|{}|{}",
            fold(Some(&r.detainee.name)),
            fold(r.detainee.father_name.as_deref()),
            fold(r.case.fir_number.as_deref()),
            fold(r.case.police_station.as_deref()),
            r.case.arrest_date
        )
    };
    let texts = [
        "  Ali   RAZA ",
        "Ali\tRaza\u{0B}Khan",
        "ΟΔΥΣΣΕΥΣ ΣΑΣ",
        "غلام مصطفیٰ",
        "İstanbul Kalri",
        "MUHAMMAD\u{A0}ASLAM",
        "",
        " ",
    ];
    for (i, text) in texts.iter().enumerate() {
        let mut r = Record::new(text, date(2026, 3, 4));
        r.detainee.father_name = Some(texts[(i + 1) % texts.len()].to_string());
        r.case.fir_number = (i % 2 == 0).then(|| format!("FIR {i}/2026"));
        r.case.police_station = Some(texts[(i + 2) % texts.len()].to_string());
        assert_eq!(caseload::store::natural_key(&r), reference(&r), "{text:?}");
    }
    let far = Record::new("Ali", date(12026, 1, 2));
    assert_eq!(caseload::store::natural_key(&far), reference(&far));
}

/// The duplicate scan's read gives everyone `load_all` reads, as `Candidate::from_record`
/// sees them: the latest case of a person with two, the archived left out, the age from the
/// date of birth or from the age at arrest.
#[test]
fn duplicate_candidates_are_the_records_as_the_check_sees_them() {
    let today = date(2026, 12, 1);
    let mut store = Store::open_in_memory().expect("store");
    store.insert_all(demo_with_repeats(300)).expect("insert");
    let first = store.load_all().expect("all")[0].clone();
    store
        .set_archived(first.detainee.id, 1, true, AuditAction::Delete)
        .expect("archive");
    store
        .connection()
        .execute_batch(
            "INSERT INTO cases (detainee_id, law, fir_number, police_station, arrest_date, stage)
             SELECT detainee_id, 'sindh2024', 'FIR 9/2026', 'PS Later', '2026-11-01', 'trial'
             FROM cases WHERE detainee_id % 7 = 0;",
        )
        .expect("later cases");
    let all = store.load_all().expect("all");
    let want: Vec<Candidate> = all
        .iter()
        .map(|r| Candidate::from_record(r, today))
        .collect();
    assert!(
        want.iter()
            .any(|c| c.fir_number.as_deref() == Some("FIR 9/2026")),
        "a later case counts"
    );
    assert!(
        want.iter()
            .any(|c| c.date_of_birth.is_some() && c.age.is_some())
    );
    assert!(
        want.iter()
            .any(|c| c.date_of_birth.is_none() && c.age.is_some())
    );
    let got = store.duplicate_candidates(today).expect("candidates");
    assert!(got.iter().all(|c| c.id != first.detainee.id));
    assert_eq!(got, want);
}
