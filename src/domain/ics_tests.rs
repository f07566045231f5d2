//! Tests of the iCalendar export: every file is parsed back with the `icalendar` crate's own
//! parser and checked field by field, as a phone would read it.

use super::*;
use crate::domain::model::{Health, Record, Stage};
use chrono::TimeZone;
use icalendar::{CalendarComponent, Component, EventLike};
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn stamp(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0)
        .single()
        .expect("valid time")
}

fn event(court: &str) -> HearingEvent {
    HearingEvent {
        detainee_id: 42,
        hearing_id: 7,
        date: date(2026, 12, 10),
        case_ref: "FIR 123/2026".to_string(),
        band: Band::High,
        court: Some(court.to_string()),
        name: "Shazia Bibi".to_string(),
        purpose: Some("bail arguments".to_string()),
    }
}

fn ics(events: &[HearingEvent], options: &IcsOptions) -> String {
    to_ics(events, options).expect("valid options")
}

fn parse(text: &str) -> Calendar {
    text.parse::<Calendar>()
        .expect("the crate's parser reads it")
}

fn events_of(calendar: &Calendar) -> Vec<&icalendar::Event> {
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn every_field_reads_back_as_written() {
    let text = ics(
        &[event("Sessions Court Karachi South")],
        &IcsOptions::new(stamp(9)),
    );
    let calendar = parse(&text);
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert_eq!(
        calendar.property_value("PRODID"),
        Some("-//caseload//hearings//EN")
    );
    let events = events_of(&calendar);
    assert_eq!(events.len(), 1);
    let e = events[0];
    assert_eq!(e.get_uid(), Some("hearing-7-person-42@caseload"));
    assert_eq!(e.get_timestamp(), Some(stamp(9)));
    assert_eq!(e.get_summary(), Some("FIR 123/2026 · HIGH hearing"));
    assert_eq!(e.get_location(), Some("Sessions Court Karachi South"));
    assert_eq!(
        e.get_description(),
        Some(
            "Hearing for FIR 123/2026.\nUrgency: HIGH (as of the export).\n\
             Court: Sessions Court Karachi South.\nOpen caseload for the hearing checklist."
        )
    );
    assert_eq!(e.property_value("TRANSP"), Some("TRANSPARENT"));
    // All day: DATE values, DTEND the (exclusive) next day.
    assert!(text.contains("DTSTART;VALUE=DATE:20261210\r\n"), "{text}");
    assert!(text.contains("DTEND;VALUE=DATE:20261211\r\n"), "{text}");
    // The reminder: a display alarm six hours before the day begins (18:00 the evening before).
    let alarms = e.components();
    assert_eq!(alarms.len(), 1);
    let alarm = &alarms[0];
    assert_eq!(alarm.component_kind(), "VALARM");
    assert_eq!(alarm.property_value("ACTION"), Some("DISPLAY"));
    assert_eq!(alarm.property_value("TRIGGER"), Some("-PT21600S"));
    assert_eq!(
        alarm.property_value("DESCRIPTION"),
        Some("Tomorrow: FIR 123/2026 · HIGH hearing")
    );
    assert_eq!(
        alarm.property_value("UID"),
        Some("hearing-7-person-42@caseload-reminder")
    );
}

#[test]
fn folding_keeps_every_line_within_75_octets_and_unfolds_to_the_original() {
    // 76 octets after the first fold: the case the crate's own folding lets through.
    let cases = [
        "x".repeat(75),
        "x".repeat(76),
        "x".repeat(75 + 75),
        "x".repeat(75 + 74 + 1),
        format!("{}{}", "a".repeat(74), "کراچی".repeat(30)),
        format!("{}  {}", "a".repeat(73), "b".repeat(80)),
    ];
    for line in cases {
        let folded = fold(&format!("{line}\r\n"));
        for piece in folded.split_terminator("\r\n") {
            assert!(piece.len() <= 75, "{} octets: {piece:?}", piece.len());
        }
        assert_eq!(icalendar::parser::unfold(&folded), format!("{line}\r\n"));
    }
}

#[test]
fn lines_end_in_crlf_only() {
    let text = ics(&[event("Court,\nline two")], &IcsOptions::new(stamp(9)));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for (at, _) in text.match_indices('\n') {
        assert_eq!(&text[at - 1..at], "\r", "bare LF at byte {at}");
    }
}

#[test]
fn a_long_urdu_court_name_folds_at_75_octets_and_reads_back_whole() {
    let court = "عدالت خصوصی برائے انسداد منشیات، سیشن کورٹ کراچی جنوبی، کمرہ عدالت نمبر تین";
    let text = ics(&[event(court)], &IcsOptions::new(stamp(9)));
    let lines: Vec<&str> = text.split("\r\n").collect();
    for line in &lines {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let location_at = lines
        .iter()
        .position(|l| l.starts_with("LOCATION:"))
        .expect("a LOCATION line");
    assert!(
        lines[location_at + 1].starts_with(' '),
        "the location continues on a folded line"
    );
    let calendar = parse(&text);
    // Commas are escaped on the way out and restored on the way in.
    assert_eq!(events_of(&calendar)[0].get_location(), Some(court));
}

#[test]
fn text_special_characters_are_escaped_and_read_back() {
    let court = r"Court 3, Room 4; Block A\B";
    let mut e = event(court);
    e.court = Some(format!("{court}\nsecond line"));
    let text = ics(&[e.clone()], &IcsOptions::new(stamp(9)));
    assert!(
        text.contains(r"LOCATION:Court 3\, Room 4\; Block A\\B\nsecond line"),
        "{text}"
    );
    let calendar = parse(&text);
    assert_eq!(events_of(&calendar)[0].get_location(), e.court.as_deref());
}

#[test]
fn uids_are_stable_across_runs_and_follow_the_hearing_not_the_date() {
    let first = ics(&[event("A")], &IcsOptions::new(stamp(9)));
    let mut moved = event("A");
    moved.date = date(2026, 12, 17);
    moved.band = Band::Critical;
    let second = ics(&[moved], &IcsOptions::new(stamp(15)));
    let uid_of = |text: &str| {
        events_of(&parse(text))[0]
            .get_uid()
            .map(str::to_string)
            .expect("a UID")
    };
    assert_eq!(uid_of(&first), uid_of(&second));
    assert_ne!(first, second, "the date, band and stamp changed");
    // Same data, same stamp: byte for byte the same file.
    assert_eq!(first, ics(&[event("A")], &IcsOptions::new(stamp(9))));
    let mut other = event("A");
    other.hearing_id = 8;
    assert_ne!(uid(&other, "caseload"), uid(&event("A"), "caseload"));
    let mut unsaved = event("A");
    unsaved.hearing_id = 0;
    assert_eq!(
        uid(&unsaved, "clinic-b"),
        "hearing-20261210-person-42@clinic-b"
    );
}

fn record() -> Record {
    let mut r = Record::new("Shazia Bibi", date(2026, 3, 14));
    r.detainee.id = 42;
    r.detainee.health = vec![Health::Hiv];
    r.detainee.prisoner_number = Some("4567".to_string());
    r.case.fir_number = Some("123/2026".to_string());
    r.case.court = Some("ATC-II Karachi".to_string());
    r.hearings = vec![
        hearing(5, date(2026, 11, 20), None),
        hearing(6, date(2026, 12, 10), Some("Sessions Court Malir")),
        hearing(7, date(2026, 12, 20), None),
    ];
    r
}

fn hearing(id: i64, date: NaiveDate, court: Option<&str>) -> Hearing {
    Hearing {
        id,
        date,
        court: court.map(str::to_string),
        purpose: None,
        outcome: None,
    }
}

#[test]
fn titles_leave_out_names_and_health_unless_asked() {
    let today = date(2026, 12, 1);
    let records = [record()];
    let window = Window::new(today, 60).expect("valid window");
    let events = coming_hearings(&records, window, today, &Weights::default());
    let private = ics(&events, &IcsOptions::new(stamp(9)));
    for word in ["Shazia", "HIV", "hiv"] {
        assert!(!private.contains(word), "{word} in {private}");
    }
    let named = ics(
        &events,
        &IcsOptions {
            include_names: true,
            ..IcsOptions::new(stamp(9))
        },
    );
    assert!(named.contains("Shazia Bibi"));
    assert!(!named.contains("HIV"));
}

#[test]
fn case_reference_is_the_fir_else_the_prisoner_number_else_the_id() {
    let cases: [(Option<&str>, Option<&str>, &str); 4] = [
        (Some("123/2026"), Some("4567"), "FIR 123/2026"),
        (None, Some("4567"), "Prisoner no. 4567"),
        (Some("  "), Some("4567"), "Prisoner no. 4567"),
        (None, None, "Person 42"),
    ];
    for (fir, prisoner, expected) in cases {
        let mut r = record();
        r.case.fir_number = fir.map(str::to_string);
        r.detainee.prisoner_number = prisoner.map(str::to_string);
        assert_eq!(case_ref(&r), expected, "{fir:?} {prisoner:?}");
    }
}

#[test]
fn coming_hearings_keep_the_window_and_people_in_custody_only() {
    let today = date(2026, 12, 1);
    let mut released = record();
    released.detainee.id = 43;
    released.case.stage = Stage::Released;
    let records = [record(), released];
    let window = Window::new(date(2026, 12, 10), 10).expect("valid window");
    let events = coming_hearings(&records, window, today, &Weights::default());
    // 12-10 is in, 12-20 is the first day after a 10-day window, 11-20 is past.
    assert_eq!(
        events
            .iter()
            .map(|e| (e.hearing_id, e.court.as_deref()))
            .collect::<Vec<_>>(),
        [(6, Some("Sessions Court Malir"))]
    );
    let window = Window::new(today, 60).expect("valid window");
    let events = coming_hearings(&records, window, today, &Weights::default());
    // The case's court stands in when the hearing names none.
    assert_eq!(events[1].court.as_deref(), Some("ATC-II Karachi"));
}

#[test]
fn on_one_date_the_more_urgent_person_comes_first() {
    let today = date(2026, 12, 1);
    let mut calm = record();
    calm.detainee.id = 1;
    calm.detainee.health.clear();
    calm.case.arrest_date = date(2026, 11, 20);
    let mut urgent = record();
    urgent.detainee.id = 2;
    urgent.detainee.pregnant = Some(true);
    let window = Window::new(date(2026, 12, 10), 1).expect("valid window");
    let events = coming_hearings(&[calm, urgent], window, today, &Weights::default());
    assert_eq!(
        events.iter().map(|e| e.detainee_id).collect::<Vec<_>>(),
        [2, 1]
    );
}

#[test]
fn bad_windows_and_reminders_say_which_option() {
    let today = date(2026, 12, 1);
    let cases = [
        (Window::new(today, 0), "--days: 0 is not between 1 and 3660"),
        (
            Window::new(today, 4000),
            "--days: 4000 is not between 1 and 3660",
        ),
        (
            Window::new(NaiveDate::MAX, 1),
            "--from: +262142-12-31 plus 1 days is past the last date a calendar can hold",
        ),
    ];
    for (result, message) in cases {
        assert_eq!(result.map_err(|e| e.to_string()), Err(message.to_string()));
    }
    let options = IcsOptions {
        reminder_hours: 30,
        ..IcsOptions::new(stamp(9))
    };
    assert_eq!(
        to_ics(&[], &options).map_err(|e| e.to_string()),
        Err("reminder: 30 hours before is not between 0 and 24".to_string())
    );
}

proptest! {
    /// Whatever a clinic types as a court, the file folds within 75 octets and reads back whole.
    #[test]
    fn any_court_round_trips(court in "[a-zA-Z0-9 ,;:\\\\\\nعدالتکراچی۳]{0,200}") {
        let text = ics(&[event(&court)], &IcsOptions::new(stamp(9)));
        for line in text.split("\r\n") {
            prop_assert!(line.len() <= 75);
        }
        let calendar = parse(&text);
        let events = events_of(&calendar);
        prop_assert_eq!(events[0].get_location(), Some(court.as_str()));
    }
}
