//! The compact roster ranks and searches exactly like the full records it stands in for.

use caseload::domain::demo;
use caseload::domain::search;
use caseload::domain::triage::{Facts, rank, score, total};
use caseload::domain::weights::Weights;
use caseload::store::Store;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid")
}

#[test]
fn roster_ranks_and_searches_like_the_records() {
    let mut store = Store::open_in_memory().expect("store");
    store
        .insert_all(demo::generate(3000, 7, today()))
        .expect("insert");
    let weights = Weights::default();
    let records = store.load_all().expect("records");
    let roster = store.load_roster(today()).expect("roster");
    assert_eq!(roster.len(), records.len());

    for (i, record) in records.iter().enumerate() {
        let entry = roster.entry(i).expect("entry");
        assert_eq!(entry.id, record.detainee.id);
        assert_eq!(
            entry.facts,
            Facts::of(record, today()),
            "{}",
            record.detainee.id
        );
        let names = roster.names(i).expect("names");
        assert_eq!(names.name, record.detainee.name);
        assert_eq!(names.father_name, record.detainee.father_name.as_deref());
        assert_eq!(names.fir_number, record.case.fir_number.as_deref());
        assert_eq!(names.prison, record.detainee.prison.as_deref());
        assert_eq!(names.police_station, record.case.police_station.as_deref());
        let (court, lawyer) = roster.docket(i).expect("docket");
        let next_court = record
            .next_hearing(today())
            .and_then(|h| h.court.as_deref())
            .or(record.case.court.as_deref());
        assert_eq!(roster.place(court), next_court);
        assert_eq!(roster.place(lawyer), record.case.lawyer.as_deref());
        let urgency = score(record, today(), &weights);
        assert_eq!(
            total(&entry.facts, today(), &weights),
            (urgency.total, urgency.band)
        );
    }

    let by_records = rank(&records, today(), &weights);
    let by_roster = roster.rank(today(), &weights);
    assert_eq!(by_records, by_roster);

    for query in ["muhamad asl", "m", "bibi", "FIR", "karachi", "zzzq", "اسلم"] {
        assert_eq!(
            search::filter(&roster, &by_roster, query),
            search::filter(&records, &by_records, query),
            "{query}"
        );
    }
}

/// Edits, adds and archivals applied one at a time leave the roster and its ranking exactly as
/// a fresh load and a full ranking would.
#[test]
fn one_change_at_a_time_ranks_like_a_fresh_load() {
    let weights = Weights::default();
    let mut store = Store::open_in_memory().expect("store");
    store
        .insert_all(demo::generate(600, 11, today()))
        .expect("insert");
    let mut roster = store.load_roster(today()).expect("roster");
    let mut ranked = roster.rank(today(), &weights);
    let records = store.load_all().expect("records");
    let mut rng = fastrand::Rng::with_seed(5);
    for step in 0..200 {
        let mut record = records[rng.usize(..records.len())].clone();
        match step % 4 {
            0 => record.case.arrest_date = today() - chrono::Days::new(rng.u64(0..2000)),
            1 => record.detainee.pregnant = Some(rng.bool()),
            2 => {
                record.case.bail_status = Some(caseload::domain::model::BailStatus::Granted);
            }
            _ => {
                let index = roster.remove(record.detainee.id);
                if let Some(index) = index {
                    roster.rerank_one(&mut ranked, index, today(), &weights);
                }
                assert!(roster.index_of(record.detainee.id).is_none());
                continue;
            }
        }
        let index = roster.put(&record, today());
        assert_eq!(roster.index_of(record.detainee.id), Some(index));
        roster.rerank_one(&mut ranked, index, today(), &weights);
        assert_eq!(ranked, roster.rank(today(), &weights), "step {step}");
    }
    // Someone new (a higher id) and someone committed out of order are both found again.
    let mut new = records[0].clone();
    new.detainee.id = 10_000;
    let at = roster.put(&new, today());
    let mut late = records[1].clone();
    late.detainee.id = 9_000;
    let late_at = roster.put(&late, today());
    assert_eq!(roster.index_of(10_000), Some(at));
    assert_eq!(roster.index_of(9_000), Some(late_at));
    assert_eq!(
        roster.person(at).expect("present").names.name,
        new.detainee.name
    );
}

/// A day sheet reads exactly the people heard that day.
#[test]
fn a_court_day_reads_everyone_heard_that_day() {
    let mut store = Store::open_in_memory().expect("store");
    store
        .insert_all(demo::generate(800, 3, today()))
        .expect("insert");
    let records = store.load_all().expect("records");
    let day = records
        .iter()
        .filter_map(|r| r.next_hearing(today()))
        .map(|h| h.date)
        .min()
        .expect("someone has a hearing");
    let mut heard: Vec<i64> = store
        .load_hearing_day(day)
        .expect("day")
        .iter()
        .map(|r| r.detainee.id)
        .collect();
    let mut expected: Vec<i64> = records
        .iter()
        .filter(|r| r.hearings.iter().any(|h| h.date == day))
        .map(|r| r.detainee.id)
        .collect();
    heard.sort_unstable();
    expected.sort_unstable();
    assert_eq!(heard, expected);
}
