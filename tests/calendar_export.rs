//! The calendar export through the public API, as `caseload calendar --format ics` will call it:
//! demo caseload → coming hearings → .ics text → parsed back by the `icalendar` crate.

use caseload::domain::demo::generate;
use caseload::domain::ics::{IcsOptions, Window, coming_hearings, to_ics};
use caseload::domain::model::Record;
use caseload::domain::month::{Move, YearMonth, day_loads, month_grid, step};
use caseload::domain::weights::Weights;
use chrono::{NaiveDate, TimeZone, Utc, Weekday};
use icalendar::{Calendar, Component};
use std::collections::HashSet;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date")
}

/// Demo records with the ids the store would give them.
fn caseload() -> Vec<Record> {
    let mut next_hearing = 0;
    generate(400, 7, today())
        .enumerate()
        .map(|(i, mut r)| {
            r.detainee.id = i as i64 + 1;
            for h in &mut r.hearings {
                next_hearing += 1;
                h.id = next_hearing;
            }
            r
        })
        .collect()
}

#[test]
fn a_demo_caseload_exports_one_private_event_per_coming_hearing() {
    let records = caseload();
    let weights = Weights::default();
    let window = Window::new(today(), 60).expect("valid window");
    let events = coming_hearings(&records, window, today(), &weights);
    assert!(events.len() > 50, "the demo has coming hearings");
    let stamp = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("valid time");
    let text = to_ics(&events, &IcsOptions::new(stamp)).expect("valid options");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    let calendar: Calendar = text.parse().expect("parses back");
    let parsed: Vec<_> = calendar.events().collect();
    assert_eq!(parsed.len(), events.len());
    let uids: HashSet<&str> = parsed.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), events.len(), "one distinct UID per hearing");
    for record in &records {
        assert!(
            !text.contains(&record.detainee.name),
            "{} is named in a private export",
            record.detainee.name
        );
    }

    // The same hearings on the month calendar: every one counted on its day.
    let loads = day_loads(events.iter().map(|e| (e.date, e.band)));
    let month = YearMonth::of(today());
    let grid = month_grid(month, today(), Weekday::Mon, &loads);
    let counted: u32 = grid
        .weeks
        .iter()
        .flatten()
        .filter_map(|c| c.load.map(|l| l.hearings))
        .sum();
    let shown: HashSet<NaiveDate> = grid.weeks.iter().flatten().map(|c| c.date).collect();
    let expected = events.iter().filter(|e| shown.contains(&e.date)).count();
    assert_eq!(counted as usize, expected);
    assert_eq!(YearMonth::of(step(today(), Move::NextMonth)).month(), 1);
}

/// Timing, not a check: `cargo test --test calendar_export -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_of_a_large_export() {
    let records: Vec<Record> = (0..25)
        .flat_map(|_| caseload())
        .enumerate()
        .map(|(i, mut r)| {
            r.detainee.id = i as i64 + 1;
            r
        })
        .collect();
    let weights = Weights::default();
    let stamp = Utc.timestamp_opt(0, 0).single().expect("valid time");
    let started = std::time::Instant::now();
    let window = Window::new(today(), 60).expect("valid window");
    let events = coming_hearings(&records, window, today(), &weights);
    let selected = started.elapsed();
    let text = to_ics(&events, &IcsOptions::new(stamp)).expect("valid options");
    let written = started.elapsed() - selected;
    let parsed: Calendar = text.parse().expect("parses back");
    println!(
        "{} people, {} events: select {selected:?}, write {written:?} ({} KB), parse back {:?} ({} events)",
        records.len(),
        events.len(),
        text.len() / 1024,
        started.elapsed() - selected - written,
        parsed.events().count()
    );
}
