//! Coming hearings as an iCalendar file for a lawyer's phone (issue 17 §4): one all-day VEVENT
//! per hearing, the court as its LOCATION, a reminder the evening before, and a UID derived from
//! the hearing's identity so that importing a newer file updates events instead of duplicating
//! them. Serialisation (line folding at 75 octets, TEXT escaping, CRLF) is the `icalendar`
//! crate's; this module only decides what goes in.
//!
//! Privacy by default: titles carry the case reference (FIR number, else prisoner number) and the
//! band, never the person's name or any health detail; [`IcsOptions::include_names`] puts names
//! in. Pure: `today` and the stamp time are parameters.

use super::daysheet::hearing_court;
use super::model::{Hearing, Record};
use super::ranking::RankKey;
use super::triage::{Band, score};
use super::weights::Weights;
use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, Component, EventLike, Property, Trigger};

/// The longest window `--days` may ask for: ten years is already far past any listed hearing.
pub const MAX_DAYS: u32 = 3660;

/// How far ahead the export looks when the user does not say.
pub const DEFAULT_DAYS: u32 = 60;

/// Why a calendar cannot be made; each message names the option at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// `--days` outside 1..=[`MAX_DAYS`].
    #[error("--days: {days} is not between 1 and {MAX_DAYS}")]
    Days { days: u32 },
    /// `--from` plus `--days` runs past the last date the calendar can hold.
    #[error("--from: {from} plus {days} days is past the last date a calendar can hold")]
    PastEnd { from: NaiveDate, days: u32 },
    /// The reminder must fall between the day before and the hearing day's start.
    #[error("reminder: {hours} hours before is not between 0 and 24")]
    Reminder { hours: u32 },
}

/// The dates a calendar export covers: `from` and the `days - 1` days after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    from: NaiveDate,
    days: u32,
}

impl Window {
    /// A window of `days` days from `from` (`--from DATE --days N`).
    pub fn new(from: NaiveDate, days: u32) -> Result<Window, IcsError> {
        if days == 0 || days > MAX_DAYS {
            return Err(IcsError::Days { days });
        }
        from.checked_add_days(Days::new(u64::from(days)))
            .ok_or(IcsError::PastEnd { from, days })?;
        Ok(Window { from, days })
    }

    /// The first date in the window.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Whether `date` falls in the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        // `new` checked that the end exists.
        let end = self.from + Days::new(u64::from(self.days));
        self.from <= date && date < end
    }
}

/// One coming hearing, as the phone's calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingEvent {
    pub detainee_id: i64,
    /// The hearing's database id: with the detainee id, the event's identity.
    pub hearing_id: i64,
    pub date: NaiveDate,
    /// "FIR 123/2026", else "Prisoner no. 4567", else "Person 12": never the name.
    pub case_ref: String,
    /// The person's band today.
    pub band: Band,
    /// The hearing's court, else the case's.
    pub court: Option<String>,
    /// Shown only with [`IcsOptions::include_names`].
    pub name: String,
    /// Shown only with [`IcsOptions::include_names`]: free text may name people.
    pub purpose: Option<String>,
}

/// The reference a calendar title carries instead of a name: the FIR number, else the prisoner
/// number, else the clinic's own id.
pub fn case_ref(record: &Record) -> String {
    fn present(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    if let Some(fir) = present(&record.case.fir_number) {
        format!("FIR {fir}")
    } else if let Some(number) = present(&record.detainee.prisoner_number) {
        format!("Prisoner no. {number}")
    } else {
        format!("Person {}", record.detainee.id)
    }
}

impl HearingEvent {
    /// The event for `hearing` of `record`, with the person's band.
    pub fn of(record: &Record, hearing: &Hearing, band: Band) -> HearingEvent {
        HearingEvent {
            detainee_id: record.detainee.id,
            hearing_id: hearing.id,
            date: hearing.date,
            case_ref: case_ref(record),
            band,
            court: hearing_court(record, hearing).map(str::to_string),
            name: record.detainee.name.clone(),
            purpose: hearing.purpose.clone(),
        }
    }
}

/// Every hearing in `window` of a person in custody, by date, then in the one ranking order
/// ([`RankKey`]). Filter `records` first (issue 11 filters) to narrow it.
pub fn coming_hearings(
    records: &[Record],
    window: Window,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<HearingEvent> {
    let mut found: Vec<(NaiveDate, RankKey, HearingEvent)> = Vec::new();
    for record in records.iter().filter(|r| r.in_custody()) {
        let mut hearings = record.hearings.iter().filter(|h| window.contains(h.date));
        let Some(first) = hearings.next() else {
            continue;
        };
        // Scored once per person, not per hearing.
        let band = score(record, today, weights).band;
        let key = RankKey::of(record, today, weights);
        for hearing in std::iter::once(first).chain(hearings) {
            found.push((hearing.date, key, HearingEvent::of(record, hearing, band)));
        }
    }
    found.sort_by_key(|a| (a.0, a.1, a.2.hearing_id));
    found.into_iter().map(|(_, _, event)| event).collect()
}

/// How the file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsOptions {
    /// Put the person's name (and the hearing's purpose) in the title and description.
    pub include_names: bool,
    /// Hours before the hearing day begins (midnight) that the reminder fires: 6 is 18:00 the
    /// evening before.
    pub reminder_hours: u32,
    /// The right-hand side of every UID; a clinic with two databases gives each its own.
    pub uid_domain: String,
    /// When the file was made (DTSTAMP): the caller's clock, so the output is reproducible.
    pub stamp: DateTime<Utc>,
}

impl IcsOptions {
    /// Private by default: no names, a reminder at 18:00 the evening before.
    pub fn new(stamp: DateTime<Utc>) -> IcsOptions {
        IcsOptions {
            include_names: false,
            reminder_hours: 6,
            uid_domain: "caseload".to_string(),
            stamp,
        }
    }
}

/// The event's UID: from the detainee and hearing ids only, so it is the same on every run and
/// the phone updates the event (a moved date, a changed band) instead of adding another. Ids are
/// not names: nothing private leaks through it.
pub fn uid(event: &HearingEvent, domain: &str) -> String {
    if event.hearing_id == 0 {
        // Not saved yet (no id): the date tells two such hearings of one person apart.
        return format!(
            "hearing-{}-person-{}@{domain}",
            event.date.format("%Y%m%d"),
            event.detainee_id
        );
    }
    format!(
        "hearing-{}-person-{}@{domain}",
        event.hearing_id, event.detainee_id
    )
}

/// The event's title: "FIR 123/2026 · HIGH hearing", with the name only when asked.
pub fn summary(event: &HearingEvent, include_names: bool) -> String {
    let mut title = format!("{} · {} hearing", event.case_ref, event.band.shout());
    if include_names {
        title.push_str(" · ");
        title.push_str(&event.name);
    }
    title
}

/// The event's description: what the lawyer needs to find the person's checklist.
pub fn description(event: &HearingEvent, include_names: bool) -> String {
    let mut lines = vec![
        format!("Hearing for {}.", event.case_ref),
        format!("Urgency: {} (as of the export).", event.band.shout()),
    ];
    if let Some(court) = &event.court {
        lines.push(format!("Court: {court}."));
    }
    if include_names {
        lines.push(format!("Person: {}.", event.name));
        if let Some(purpose) = event.purpose.as_deref().filter(|p| !p.trim().is_empty()) {
            lines.push(format!("Purpose: {purpose}."));
        }
    }
    lines.push("Open caseload for the hearing checklist.".to_string());
    lines.join("\n")
}

/// The VCALENDAR text (CRLF line ends, folded, escaped) of `events`.
pub fn to_ics(events: &[HearingEvent], options: &IcsOptions) -> Result<String, IcsError> {
    if options.reminder_hours > 24 {
        return Err(IcsError::Reminder {
            hours: options.reminder_hours,
        });
    }
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//caseload//hearings//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name("caseload hearings");
    for event in events {
        calendar.push(vevent(event, options));
    }
    // The crate folds, but its last continuation line can reach 76 octets (a leading space plus
    // 75): unfold its output and fold again within the RFC's 75.
    Ok(fold(&icalendar::parser::unfold(
        &calendar.done().to_string(),
    )))
}

/// The longest content line RFC 5545 §3.1 allows, in octets, not counting CRLF.
pub const LINE_OCTETS: usize = 75;

/// Folds every CRLF-ended line of `text` to at most [`LINE_OCTETS`] octets (RFC 5545 §3.1),
/// continuation lines starting with one space, never splitting a UTF-8 character, so that an
/// Urdu court name arrives whole.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 24);
    for line in text.split_terminator("\r\n") {
        let mut rest = line;
        let mut limit = LINE_OCTETS;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            // Lenient readers strip more than the one space unfolding removes: keep a space
            // that would start the next piece on this one, when there is room to.
            while cut > 1 && rest[cut..].starts_with(char::is_whitespace) {
                cut -= 1;
                while !rest.is_char_boundary(cut) {
                    cut -= 1;
                }
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            // The leading space takes one of the 75 octets.
            limit = LINE_OCTETS - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

fn vevent(event: &HearingEvent, options: &IcsOptions) -> icalendar::Event {
    let reminder =
        Trigger::before_start(chrono::Duration::hours(i64::from(options.reminder_hours)));
    let title = summary(event, options.include_names);
    let mut vevent = icalendar::Event::new();
    vevent
        .uid(&uid(event, &options.uid_domain))
        .timestamp(options.stamp)
        .summary(&title)
        .description(&description(event, options.include_names))
        .starts(event.date)
        // DTEND is exclusive (RFC 5545 §3.6.1): an all-day event ends the next day. `all_day`
        // writes DTEND = DTSTART, which the RFC forbids.
        .ends(event.date.succ_opt().unwrap_or(event.date))
        // Free: a hearing day should not block the lawyer's calendar for other clients.
        .add_property("TRANSP", "TRANSPARENT")
        .alarm(
            Alarm::display(&format!("Tomorrow: {title}"), reminder)
                // The crate stamps a VALARM with the clock and a random UID when they are
                // missing: give both, so the same data always makes the same file.
                .timestamp(options.stamp)
                .add_property(
                    "UID",
                    format!("{}-reminder", uid(event, &options.uid_domain)),
                )
                .done(),
        );
    if let Some(court) = &event.court {
        vevent.location(court);
    }
    vevent.done()
}

#[cfg(test)]
#[path = "ics_tests.rs"]
mod tests;
