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
