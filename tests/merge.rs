//! Merging two records of one person in the store (issue 16 §3): one audited transaction that
//! keeps every hearing, finding and audit row of both under the survivor and archives the other
//! as "merged into #N"; the undo gives back both records exactly.

use caseload::domain::edit::{Change, Field};
use caseload::domain::merge::{self, Merge, Side};
use caseload::domain::model::{AuditAction, Finding, Hearing, Record, Weakness};
use caseload::store::{Store, StoreError};
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn hearing(date: NaiveDate, outcome: Option<&str>) -> Hearing {
    Hearing {
        id: 0,
        date,
        court: Some("ASJ Rawalpindi".into()),
        purpose: Some("bail".into()),
        outcome: outcome.map(str::to_string),
    }
}

/// One man recorded twice: after the FIR, and again after a prison visit.
fn two_records() -> (Record, Record) {
    let mut fir = Record::new("Muhammad Aslam", date(2026, 3, 1));
    fir.detainee.father_name = Some("Ghulam Rasool".into());
    fir.detainee.age_at_arrest = Some(34);
    fir.case.fir_number = Some("112/2026".into());
    fir.case.police_station = Some("Saddar".into());
    fir.case.quantity_grams = Some(0.1 + 0.2);
    fir.hearings
        .push(hearing(date(2026, 10, 2), Some("adjourned")));
    fir.findings.push(Finding {
        code: Weakness::SampleLate,
        note: Some("road certificate 5 days late".into()),
    });
    let mut visit = Record::new("Mohd. Aslam", date(2026, 3, 2));
    visit.detainee.father_name = Some("Gulam Rasul".into());
    visit.detainee.age_at_arrest = Some(35);
    visit.detainee.prison = Some("Adiala".into());
    visit.detainee.cnic = Some("3520212345671".into());
    visit.hearings.push(hearing(date(2026, 11, 20), None));
    visit.hearings.push(hearing(date(2026, 12, 9), None));
    visit.findings.push(Finding {
        code: Weakness::NoLabReport,
        note: None,
    });
    (fir, visit)
}

struct Stored {
    store: Store,
    a: caseload::store::Versioned,
    b: caseload::store::Versioned,
}

/// Both people added (and B edited once, so both have history), as the store holds them.
fn stored() -> Stored {
    let mut store = Store::open_in_memory().expect("memory");
    let (fir, visit) = two_records();
    let a = store.add(&fir).expect("add a");
    let b = store.add(&visit).expect("add b");
    let mut edited = b.record.clone();
    edited.detainee.notes = Some("met at Adiala".into());
    let b = store
        .update(b.record.detainee.id, b.version, &edited, AuditAction::Edit)
        .expect("edit b");
    Stored { store, a, b }
}

fn plan(s: &Stored) -> Merge {
    let choices = [
        (Field::Age, Side::Right),
        (Field::Prison, Side::Right),
        (Field::Cnic, Side::Right),
    ];
    Merge {
        id: s.a.record.detainee.id,
        version: s.a.version,
        other: s.b.record.detainee.id,
        other_version: Some(s.b.version),
        record: merge::merged(&s.a.record, &s.b.record, &choices).expect("merged"),
    }
}

fn audit_rows(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_merge_keeps_every_hearing_finding_and_audit_row_of_both() {
    let mut s = stored();
    let (a, b) = (s.a.record.detainee.id, s.b.record.detainee.id);
    let history_before = [
        s.store.history(a).expect("a"),
        s.store.history(b).expect("b"),
    ]
    .concat();
    let audit_before = audit_rows(&s.store);
    let saved = s
        .store
        .apply(&Change::Merge(Box::new(plan(&s))))
        .expect("merges");

    let survivor = &saved.record;
    assert_eq!(survivor.detainee.id, a);
    assert_eq!(survivor.detainee.name, "Muhammad Aslam", "not chosen: kept");
    assert_eq!(survivor.detainee.age_at_arrest, Some(35));
    assert_eq!(survivor.detainee.prison.as_deref(), Some("Adiala"));
    assert_eq!(survivor.detainee.cnic.as_deref(), Some("3520212345671"));
    let dates: Vec<NaiveDate> = survivor.hearings.iter().map(|h| h.date).collect();
    assert_eq!(
        dates,
        [date(2026, 10, 2), date(2026, 11, 20), date(2026, 12, 9)]
    );
    let codes: Vec<Weakness> = survivor.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, [Weakness::SampleLate, Weakness::NoLabReport]);

    let gone = s.store.get_versioned(b).expect("read").expect("kept");
    assert!(gone.archived, "the other is archived, not deleted");
    assert!(gone.record.hearings.is_empty() && gone.record.findings.is_empty());
    assert_eq!(s.store.load_all().expect("all").len(), 1);

    let history = s.store.history(a).expect("history");
    for row in &history_before {
        assert!(history.contains(row), "{row:?} kept under the survivor");
    }
    assert!(history.iter().any(|e| e.field.as_deref() == Some("merged")
        && e.new_value.as_deref() == Some(&*format!("#{b}"))));
    assert!(history.iter().any(
        |e| e.detainee_id == b && e.new_value.as_deref() == Some(&*format!("merged into #{a}"))
    ));
    assert!(audit_rows(&s.store) > audit_before, "audited");
}

#[test]
fn undo_gives_back_both_records_exactly() {
    let mut s = stored();
    let (a, b) = (s.a.record.detainee.id, s.b.record.detainee.id);
    let before_a = s.store.get(a).expect("a").expect("a");
    let before_b = s.store.get(b).expect("b").expect("b");
    let merged = s
        .store
        .apply(&Change::Merge(Box::new(plan(&s))))
        .expect("merges");
    let undo = Merge {
        id: a,
        version: merged.version,
        other: b,
        other_version: None,
        record: before_a.clone(),
    };
    let audit_merged = audit_rows(&s.store);
    let merges = s.store.merged_into().expect("merges");
    assert_eq!(merges.get(&b), Some(&a), "the archive names the survivor");
    let back = s
        .store
        .apply(&Change::Unmerge(Box::new(undo.clone())))
        .expect("undoes");
    assert_eq!(back.record, before_a);
    assert_eq!(s.store.get(a).expect("a"), Some(before_a));
    assert_eq!(s.store.get(b).expect("b"), Some(before_b));
    assert!(!s.store.get_versioned(b).expect("b").expect("b").archived);
    assert!(s.store.merged_into().expect("merges").is_empty(), "undone");
    assert_eq!(s.store.load_all().expect("all").len(), 2);
    assert!(
        audit_rows(&s.store) > audit_merged,
        "the undo is audited too"
    );
    let history = s.store.history(a).expect("history");
    assert!(
        history.iter().all(|e| e.detainee_id == a),
        "b's history is b's again"
    );

    // Undone once: a second undo finds no merge to undo and changes nothing.
    let again = Merge {
        version: back.version,
        ..undo
    };
    let err = s
        .store
        .apply(&Change::Unmerge(Box::new(again)))
        .expect_err("nothing to undo");
    assert!(matches!(err, StoreError::Refused { .. }), "{err}");
}

#[test]
fn a_merge_over_a_changed_record_is_refused_and_writes_nothing() {
    let mut s = stored();
    let plan = plan(&s);
    let mut edited = s.b.record.clone();
    edited.detainee.notes = Some("moved to Camp Jail".into());
    let b = s.b.record.detainee.id;
    s.store
        .update(b, s.b.version, &edited, AuditAction::Edit)
        .expect("someone edits b");
    let before = s.store.load_all().expect("all");
    let err = s
        .store
        .apply(&Change::Merge(Box::new(plan)))
        .expect_err("stale");
    assert!(
        matches!(err, StoreError::Conflict { id, .. } if id == b),
        "{err}"
    );
    assert_eq!(s.store.load_all().expect("all"), before);
}

#[test]
fn the_survivor_may_take_the_spelling_the_other_had() {
    let mut s = stored();
    let mut plan = plan(&s);
    // Every part of the natural key from the other record: it is set aside with them.
    for field in [Field::Name, Field::FatherName, Field::ArrestDate] {
        field
            .set(&mut plan.record, &field.get(&s.b.record))
            .expect("set");
    }
    plan.record.case.fir_number = s.b.record.case.fir_number.clone();
    plan.record.case.police_station = s.b.record.case.police_station.clone();
    let saved = s
        .store
        .apply(&Change::Merge(Box::new(plan)))
        .expect("merges");
    assert_eq!(saved.record.detainee.name, "Mohd. Aslam");
}
