//! Tests of `domain::edit`.

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

#[test]
fn every_field_round_trips_through_its_text() {
    let mut r = Record::new("Ali", day(2026, 1, 2));
    let values = [
        (Field::Gender, "male"),
        (Field::DateOfBirth, "2000-01-01"),
        (Field::Health, "hiv;tb"),
        (Field::QuantityGrams, "12.5"),
        (Field::NextHearing, "2026-02-03"),
        (Field::Weaknesses, "sample_late"),
        (Field::Stage, "trial"),
    ];
    for (field, text) in values {
        field.set(&mut r, text).expect("valid");
        assert_eq!(field.get(&r), text, "{field:?}");
    }
    assert_eq!(
        Field::ArrestDate.set(&mut r, ""),
        Err("required value is empty".into())
    );
    assert!(Field::DueDate.set(&mut r, "31/02/2026").is_err());
}

#[test]
fn bail_granted_takes_the_person_out_of_custody_and_keeps_the_record() {
    let mut r = Record::new("Ali", day(2026, 1, 2));
    r.hearings.push(Hearing {
        id: 5,
        date: day(2026, 3, 1),
        court: None,
        purpose: None,
        outcome: None,
    });
    let entry = HearingEntry {
        outcome: Outcome::BailGranted,
        next: Some(day(2026, 4, 1)),
        note: Some("surety 50,000".into()),
    };
    let after = apply_hearing(&r, &entry, day(2026, 3, 1)).expect("valid");
    assert!(!after.in_custody());
    assert_eq!(after.hearings.len(), 2);
    assert_eq!(
        after.hearings[0].outcome.as_deref(),
        Some("bail granted: surety 50,000")
    );
    let changes = diff(&r, &after);
    assert!(
        changes
            .iter()
            .any(|(f, _, n)| f == "bail_status" && n.as_deref() == Some("granted"))
    );
    assert_eq!(changes.iter().filter(|(f, _, _)| f == "hearing").count(), 2);
}

#[test]
fn merge_keeps_their_fields_and_your_changes() {
    let base = Record::new("Ali", day(2026, 1, 2));
    let mut yours = base.clone();
    yours.detainee.prison = Some("Adiala".into());
    let mut theirs = base.clone();
    theirs.case.lawyer = Some("Sana".into());
    let merged = merge(&base, &yours, &theirs);
    assert_eq!(merged.detainee.prison.as_deref(), Some("Adiala"));
    assert_eq!(merged.case.lawyer.as_deref(), Some("Sana"));
}
