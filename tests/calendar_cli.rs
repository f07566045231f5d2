//! `caseload calendar --format ics` end to end (issue 17 §4): the file parsed back by the
//! `icalendar` crate, UIDs the same on a second run, CRLF line ends, lines folded within 75
//! octets (an Urdu court name arrives whole), a reminder the evening before, no names unless
//! asked, an owner-only file never overwritten without `--force`, `--filter`, and the export in
//! the audit trail.

mod support;

use chrono::NaiveDate;
use icalendar::{Calendar, Component, DatePerhapsTime, EventLike};
use std::collections::BTreeSet;
use std::path::Path;
use support::{caseload, fails, generated, ok, write};

fn export(dir: &Path, name: &str, extra: &[&str]) -> (String, String) {
    let out = dir.join(name);
    let (_, err) = ok(caseload(dir)
        .arg("calendar")
        .arg("--out")
        .arg(&out)
        .args(extra));
    (
        std::fs::read_to_string(&out).expect("calendar written"),
        err,
    )
}

fn events(text: &str) -> Vec<icalendar::Event> {
    let calendar: Calendar = text.parse().expect("parses back as iCalendar");
    calendar.events().cloned().collect()
}

fn uids(events: &[icalendar::Event]) -> BTreeSet<String> {
    events
        .iter()
        .map(|e| e.get_uid().expect("every event has a UID").to_string())
        .collect()
}

#[test]
fn a_private_calendar_parses_back_with_stable_uids_and_reminders() {
    let dir = generated(300);
    let (first, err) = export(dir.path(), "hearings.ics", &["--format", "ics"]);
    assert!(
        err.contains("no names; --include-names puts them in"),
        "{err}"
    );
    let parsed = events(&first);
    assert!(
        parsed.len() > 20,
        "the demo has coming hearings: {}",
        parsed.len()
    );
    assert_eq!(uids(&parsed).len(), parsed.len(), "one UID per hearing");

    // Every line ends in CRLF and is at most 75 octets.
    assert!(first.ends_with("\r\n"));
    for line in first.split("\r\n") {
        assert!(!line.contains('\n'), "a bare LF: {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // All-day events in the 60-day window, each with a reminder at 18:00 the evening before.
    for event in &parsed {
        let summary = event.get_summary().expect("summary");
        assert!(summary.contains(" hearing"), "{summary}");
        assert!(
            summary.starts_with("FIR ") || summary.starts_with("Prisoner no. "),
            "{summary}"
        );
    }
    assert_eq!(first.matches("BEGIN:VALARM").count(), parsed.len());
    // Six hours before the day starts: 18:00 the evening before.
    assert_eq!(
        first.matches("TRIGGER;RELATED=START:-PT21600S\r\n").count(),
        parsed.len()
    );
    assert!(first.contains("DTSTART;VALUE=DATE:2026"), "all-day events");

    // No name of anyone in the caseload is in the private file.
    let names = support::ids_by_name(dir.path());
    for name in names.keys() {
        assert!(
            !first.contains(name.as_str()),
            "{name} is in a private calendar"
        );
    }

    // A second run: the same events under the same UIDs, so a phone updates, not duplicates.
    let (second, _) = export(dir.path(), "again.ics", &[]);
    assert_eq!(uids(&events(&second)), uids(&parsed));

    // Owner-only, and never overwritten without --force.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("hearings.ics"))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let out = dir.path().join("hearings.ics");
    let err = fails(caseload(dir.path()).arg("calendar").arg("--out").arg(&out));
    assert!(err.contains("already exists; pass --force"), "{err}");
    ok(caseload(dir.path())
        .arg("calendar")
        .arg("--out")
        .arg(&out)
        .arg("--force"));
}

#[test]
fn include_names_puts_names_in_and_the_export_is_audited() {
    let dir = generated(300);
    let (text, err) = export(dir.path(), "named.ics", &["--include-names"]);
    assert!(err.contains("names included"), "{err}");
    let parsed = events(&text);
    let names = support::ids_by_name(dir.path());
    let named: Vec<(&String, &i64)> = names
        .iter()
        .filter(|(name, _)| {
            parsed
                .iter()
                .any(|e| e.get_summary().is_some_and(|s| s.ends_with(name.as_str())))
        })
        .collect();
    assert!(!named.is_empty(), "names are in the titles");
    let (_, id) = named[0];
    let (history, _) = ok(caseload(dir.path()).args(["history", &id.to_string()]));
    assert!(history.contains("calendar (ics, "), "{history}");
    assert!(history.contains("names included"), "{history}");
    assert!(history.contains("named.ics"), "{history}");
}

#[test]
fn filter_and_window_narrow_the_calendar() {
    let dir = generated(300);
    let (all, _) = export(dir.path(), "all.ics", &[]);
    let (critical, _) = export(dir.path(), "critical.ics", &["--filter", "band:critical"]);
    let all = events(&all);
    let critical = events(&critical);
    assert!(!critical.is_empty() && critical.len() < all.len());
    for event in &critical {
        assert!(event.get_summary().expect("summary").contains("CRITICAL"));
    }
    let (week, _) = export(
        dir.path(),
        "week.ics",
        &["--from", "2026-12-01", "--days", "7"],
    );
    let week = events(&week);
    assert!(week.len() < all.len());
    let (from, end) = (date(2026, 12, 1), date(2026, 12, 8));
    for event in &week {
        match event.get_start() {
            Some(DatePerhapsTime::Date(day)) => assert!(from <= day && day < end, "{day}"),
            other => panic!("not an all-day event: {other:?}"),
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[test]
fn a_long_urdu_court_name_is_folded_and_arrives_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let court = "عدالت انسداد منشیات، ضلع کچہری ملتان، کمرہ نمبر سات، جج محترمہ صاحبہ";
    let csv = format!(
        "name,arrest_date,fir_number,court,next_hearing\n\
         Muhammad Aslam,2026-03-01,123/2026,\"{court}\",2026-12-05\n"
    );
    let file = write(dir.path(), "one.csv", &csv);
    ok(caseload(dir.path()).arg("import").arg(&file));
    let (text, _) = export(dir.path(), "court.ics", &[]);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
    }
    assert!(text.contains("\r\n "), "long lines are folded");
    let parsed = events(&text);
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].get_location(), Some(court));
    assert!(
        parsed[0]
            .get_summary()
            .expect("summary")
            .starts_with("FIR 123/2026 · ")
    );
    assert!(!text.contains("Muhammad Aslam"));
}

#[test]
fn bad_options_are_one_line_and_write_nothing() {
    let dir = generated(50);
    let out = dir.path().join("x.ics");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--filter", "cuort:multan"],
            "--filter: unknown field 'cuort'",
        ),
        (&["--days", "0"], "--days: 0 is not between 1 and"),
        (&["--from", "01/12/2026"], "YYYY-MM-DD"),
        (&["--format", "csv"], "--format"),
    ];
    for (args, expected) in cases {
        let err = fails(
            caseload(dir.path())
                .arg("calendar")
                .arg("--out")
                .arg(&out)
                .args(*args),
        );
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!out.exists(), "{args:?} wrote a file");
    }
}
