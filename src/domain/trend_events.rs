//! The events a trend counts (issue 15 §3), read from one person's record and audit trail:
//! when they were added (the audit row that added or imported them), when they left custody
//! (a stage changed to released or acquitted, or bail granted: the audit row's date, and the
//! days from arrest to it), and the hearings whose date has come. Months only leave here.
//! Pure: the store hands in the record and its audit rows.

use super::edit::AuditEntry;
use super::model::{Record, Stage};
use super::trend::{Event, EventKind, YearMonth};
use chrono::NaiveDate;

/// The date of an audit row (`YYYY-MM-DDTHH:MM:SSZ`, UTC); `None` if it is not one.
fn audit_date(entry: &AuditEntry) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(entry.at.get(..10)?, "%Y-%m-%d").ok()
}

/// Whether this audit row takes the person out of custody.
fn leaves_custody(entry: &AuditEntry) -> bool {
    let new = entry.new_value.as_deref().map(str::trim);
    match entry.field.as_deref() {
        Some("stage") => new.is_some_and(|v| {
            v.parse::<Stage>()
                .is_ok_and(|s| matches!(s, Stage::Released | Stage::Acquitted))
        }),
        Some("bail_status") => new == Some("granted"),
        _ => false,
    }
}

/// What the store keeps about one person that a trend reads: their (latest) arrest date, the
/// dates and outcomes of their hearings, and their audit rows, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub detainee_id: i64,
    pub arrest_date: NaiveDate,
    pub hearings: Vec<(NaiveDate, Option<String>)>,
    pub audit: Vec<AuditEntry>,
}

/// The events of one person from a full record and its audit rows (oldest first, as
/// `Store::history` gives them).
pub fn events_of(record: &Record, history: &[AuditEntry], today: NaiveDate) -> Vec<Event> {
    let hearings: Vec<(NaiveDate, Option<&str>)> = record
        .hearings
        .iter()
        .map(|h| (h.date, h.outcome.as_deref()))
        .collect();
    events(record.case.arrest_date, &hearings, history, today)
}

/// The events of one person as the store's trend scan reads them.
pub fn events_of_history(h: &History, today: NaiveDate) -> Vec<Event> {
    let hearings: Vec<(NaiveDate, Option<&str>)> =
        h.hearings.iter().map(|(d, o)| (*d, o.as_deref())).collect();
    events(h.arrest_date, &hearings, &h.audit, today)
}

/// One change that both grants bail and releases (the same audit time) counts once; hearings
/// count once their date has passed, or on the day when an outcome is recorded.
fn events(
    arrest_date: NaiveDate,
    hearings: &[(NaiveDate, Option<&str>)],
    history: &[AuditEntry],
    today: NaiveDate,
) -> Vec<Event> {
    let mut events = Vec::new();
    let added = history
        .iter()
        .find(|e| matches!(e.action.as_str(), "add" | "import"))
        .and_then(audit_date);
    if let Some(date) = added {
        events.push(event(date, EventKind::Added));
    }
    let mut last_release: Option<&str> = None;
    for entry in history.iter().filter(|e| leaves_custody(e)) {
        if last_release == Some(entry.at.as_str()) {
            continue;
        }
        last_release = Some(entry.at.as_str());
        if let Some(date) = audit_date(entry) {
            let days_in_custody = (date - arrest_date).num_days().max(0);
            events.push(event(date, EventKind::Released { days_in_custody }));
        }
    }
    for &(date, outcome) in hearings {
        let held = date < today || (date == today && outcome.is_some());
        if held {
            let adjourned =
                outcome.is_some_and(|o| o.trim().to_lowercase().starts_with("adjourned"));
            events.push(event(date, EventKind::Hearing { adjourned }));
        }
    }
    events
}

fn event(date: NaiveDate, kind: EventKind) -> Event {
    Event {
        month: YearMonth::of(date),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Hearing;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn row(at: &str, action: &str, field: Option<&str>, new: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: 0,
            at: at.to_string(),
            actor: "clerk".into(),
            action: action.into(),
            detainee_id: 1,
            field: field.map(str::to_string),
            old_value: None,
            new_value: new.map(str::to_string),
        }
    }

    fn hearing(date: &str, outcome: Option<&str>) -> Hearing {
        Hearing {
            id: 0,
            date: day(date),
            court: None,
            purpose: None,
            outcome: outcome.map(str::to_string),
        }
    }

    #[test]
    fn added_released_and_hearings_from_one_history() {
        let mut record = Record::new("Ali Raza", day("2026-01-10"));
        record.hearings = vec![
            hearing("2026-03-02", Some("adjourned: prosecution witness absent")),
            hearing("2026-04-06", Some("bail granted")),
            hearing("2026-12-01", None), // today, nothing recorded yet: not held
            hearing("2026-12-20", None), // ahead: not held
        ];
        let history = [
            row("2026-01-12T09:00:00Z", "import", None, Some("Ali Raza")),
            row("2026-02-01T09:00:00Z", "edit", Some("lawyer"), Some("Sana")),
            row(
                "2026-04-06T11:00:00Z",
                "hearing",
                Some("bail_status"),
                Some("granted"),
            ),
            row(
                "2026-04-06T11:00:00Z",
                "hearing",
                Some("stage"),
                Some("released"),
            ),
            row("2026-05-01T09:00:00Z", "edit", Some("stage"), Some("trial")),
        ];
        let events = events_of(&record, &history, day("2026-12-01"));
        let ym = |y, m| YearMonth { year: y, month: m };
        assert_eq!(
            events,
            vec![
                Event {
                    month: ym(2026, 1),
                    kind: EventKind::Added
                },
                Event {
                    month: ym(2026, 4),
                    kind: EventKind::Released {
                        days_in_custody: 86
                    }
                },
                Event {
                    month: ym(2026, 3),
                    kind: EventKind::Hearing { adjourned: true }
                },
                Event {
                    month: ym(2026, 4),
                    kind: EventKind::Hearing { adjourned: false }
                },
            ]
        );
    }

    #[test]
    fn what_does_not_count() {
        let record = Record::new("Bibi Amna", day("2026-06-01"));
        let cases = [
            row("2026-07-01T00:00:00Z", "edit", Some("stage"), Some("trial")),
            row(
                "2026-07-01T00:00:00Z",
                "edit",
                Some("bail_status"),
                Some("rejected"),
            ),
            row("not a date", "add", None, None),
            row(
                "2026-07-02T00:00:00Z",
                "export",
                Some("PDF checklist"),
                None,
            ),
        ];
        for entry in cases {
            let events = events_of(&record, std::slice::from_ref(&entry), day("2026-12-01"));
            assert!(events.is_empty(), "{entry:?} gave {events:?}");
        }
    }
}
