//! The synthetic caseload: plausible proportions, consistent dates, and records that go into the
//! store without natural-key collisions.

use caseload::domain::demo::generate;
use caseload::domain::model::{Gender, Law, Record};
use caseload::store::Store;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::time::Instant;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date")
}

fn thousand() -> Vec<Record> {
    generate(1000, 42, today()).collect()
}

fn count(records: &[Record], keep: impl Fn(&Record) -> bool) -> usize {
    records.iter().filter(|r| keep(r)).count()
}

#[test]
fn proportions_are_plausible() {
    let records = thousand();
    let women = count(&records, |r| r.detainee.gender == Some(Gender::Female));
    let transgender = count(&records, |r| r.detainee.gender == Some(Gender::Transgender));
    let juveniles = count(&records, |r| r.age_at_arrest().is_some_and(|a| a < 18));
    let under_sixteen = count(&records, |r| r.age_at_arrest().is_some_and(|a| a < 16));
    let claimed = count(&records, |r| r.detainee.juvenile_claimed == Some(true));
    let pregnant = count(&records, |r| r.detainee.pregnant == Some(true));
    let with_children = count(&records, |r| r.detainee.children_in_prison.is_some());
    let no_lawyer = count(&records, |r| r.case.lawyer.is_none());
    let small = count(&records, |r| {
        r.case.quantity_grams.is_some_and(|g| g < 100.0)
    });
    let urdu = count(&records, |r| !r.detainee.name.is_ascii());
    let elderly = count(&records, |r| r.age_at_arrest().is_some_and(|a| a >= 60));
    let capital = count(&records, |r| r.case.capital_charge == Some(true));
    eprintln!(
        "women {women}, transgender {transgender}, juveniles {juveniles} (<16: {under_sixteen}), \
         claimed {claimed}, pregnant {pregnant}, with children {with_children}, no lawyer \
         {no_lawyer}, under 100 g {small}, Urdu names {urdu}, 60+ {elderly}, capital {capital}"
    );
    assert!((50..=120).contains(&women), "women {women}");
    assert!((1..=30).contains(&transgender), "transgender {transgender}");
    assert!((25..=80).contains(&juveniles), "juveniles {juveniles}");
    assert!(
        under_sixteen >= 5 && under_sixteen < juveniles,
        "{under_sixteen}"
    );
    assert!((5..=60).contains(&claimed), "claimed {claimed}");
    assert!((2..=30).contains(&pregnant), "pregnant {pregnant}");
    assert!(
        with_children >= 5 && with_children < women,
        "{with_children}"
    );
    assert!((220..=380).contains(&no_lawyer), "no lawyer {no_lawyer}");
    assert!((350..=650).contains(&small), "small quantities {small}");
    assert!((5..=40).contains(&urdu), "Urdu names {urdu}");
    assert!((10..=80).contains(&elderly), "60+ {elderly}");
    assert!(capital <= 30, "capital {capital}");
}

#[test]
fn dates_are_consistent() {
    let today = today();
    for r in thousand() {
        let c = &r.case;
        assert!(c.arrest_date <= today, "{r:?}");
        assert!((today - c.arrest_date).num_days() <= 950, "{r:?}");
        assert!(c.fir_date.is_some_and(|f| f <= c.arrest_date), "{r:?}");
        if let Some(dob) = r.detainee.date_of_birth {
            assert!(dob < c.arrest_date, "{r:?}");
        }
        if r.detainee.pregnant == Some(true) {
            assert!(r.detainee.due_date.is_some_and(|d| d > today), "{r:?}");
            assert_eq!(r.detainee.gender, Some(Gender::Female), "{r:?}");
        } else {
            assert_eq!(r.detainee.due_date, None, "{r:?}");
        }
        for (i, h) in r.hearings.iter().enumerate() {
            assert!(h.date > c.arrest_date, "{r:?}");
            if h.outcome.is_some() {
                assert!(h.date < today, "past hearing in the future: {r:?}");
            } else {
                assert!(
                    h.date >= today && (h.date - today).num_days() <= 45,
                    "{r:?}"
                );
            }
            if let Some(next) = r.hearings.get(i + 1) {
                assert!(h.date <= next.date, "hearings out of order: {r:?}");
            }
        }
    }
}

#[test]
fn law_matches_province_and_date() {
    let sindh_act = NaiveDate::from_ymd_opt(2024, 10, 1).expect("valid date");
    for r in thousand() {
        let c = &r.case;
        let district = c.district.as_deref().unwrap_or_default();
        let karachi =
            district.starts_with("Karachi") || ["Malir", "Korangi", "Keamari"].contains(&district);
        match c.law {
            Law::Sindh2024 => assert!(karachi && c.arrest_date >= sindh_act, "{r:?}"),
            Law::Kp2019 => assert!(["Peshawar", "Khyber"].contains(&district), "{r:?}"),
            Law::Punjab2025 => assert!(["Lahore", "Rawalpindi"].contains(&district), "{r:?}"),
            Law::Cnsa1997 => assert!(!(karachi && c.arrest_date >= sindh_act), "{r:?}"),
        }
    }
}

#[test]
fn every_record_has_a_distinct_natural_key() {
    let keys: HashSet<String> = generate(20_000, 3, today())
        .map(|r| caseload::store::natural_key(&r))
        .collect();
    assert_eq!(keys.len(), 20_000);
}

#[test]
fn generated_records_go_into_the_store_without_collisions() {
    let records: Vec<Record> = generate(2000, 9, today()).collect();
    let mut store = Store::open_in_memory().expect("store");
    let outcome = store.insert_records(&records).expect("insert");
    assert_eq!((outcome.added, outcome.already_present), (2000, 0));
    let loaded = store.load_all().expect("load");
    assert_eq!(loaded.len(), 2000);
    assert_eq!(loaded[0].detainee.name, records[0].detainee.name);
    let again = store.insert_records(&records[..10]).expect("insert");
    assert_eq!((again.added, again.already_present), (0, 10));
}

#[test]
fn demo_language_is_respectful() {
    let banned = ["addict", "junkie", "mule", "druggie", "abuser"];
    for r in generate(5000, 11, today()) {
        let mut texts = vec![r.detainee.name.clone()];
        texts.extend(r.detainee.notes.clone());
        texts.extend(r.hearings.iter().filter_map(|h| h.outcome.clone()));
        texts.extend(r.findings.iter().filter_map(|f| f.note.clone()));
        for text in texts {
            let lower = text.to_lowercase();
            assert!(!banned.iter().any(|b| lower.contains(b)), "{text}");
        }
    }
}

/// Rate of generation; run with `cargo test --release --test demo -- --ignored --nocapture`.
#[test]
#[ignore = "timing: run by hand in release mode"]
fn a_million_records_timing() {
    let started = Instant::now();
    let mut hearings = 0usize;
    for record in generate(1_000_000, 1, today()) {
        hearings += record.hearings.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "generated 1,000,000 records ({hearings} hearings) in {seconds:.2} s: {:.0} records/s",
        1e6 / seconds
    );
}

/// A look at a few records; run with `cargo test --test demo -- --ignored --nocapture sample`.
#[test]
#[ignore = "prints records for a human to read"]
fn sample() {
    for record in generate(6, 5, today()) {
        eprintln!("{record:#?}");
    }
}
