//! What gets exported: one person's checklist, or a court day's sheet (every hearing on a date,
//! optionally for one court or one lawyer, most urgent first).

use super::checklist::{Checklist, Privacy, Rules, checklist};
use super::model::{Hearing, Record};
use super::ranking::RankKey;
use super::triage::score;
use super::weights::Weights;
use chrono::NaiveDate;

/// A document to render: a title, an optional cover table, and checklists in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub title: String,
    /// The one line allowed to differ between two exports of the same data.
    pub generated: String,
    /// Day sheets open with a cover table of every hearing.
    pub cover: bool,
    pub checklists: Vec<Checklist>,
}

/// The line that says when and how an export was made (the one line allowed to differ).
pub fn generated_line(
    now: chrono::DateTime<chrono::Local>,
    today: NaiveDate,
    include_health: bool,
) -> String {
    format!(
        "Prepared by caseload on {} as of {today}; {}",
        now.format("%Y-%m-%d %H:%M"),
        if include_health {
            "CONTAINS HEALTH DETAILS"
        } else {
            "health details withheld"
        }
    )
}

/// Which hearings a day sheet gathers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayFilter {
    pub date: Option<NaiveDate>,
    /// Case-insensitive part of the court's name.
    pub court: Option<String>,
    /// Case-insensitive part of the lawyer's name.
    pub lawyer: Option<String>,
    /// Only these people (ids, sorted): the TUI list's filter and search, when it has them.
    pub people: Option<Vec<i64>>,
}

fn contains(haystack: Option<&str>, needle: &Option<String>) -> bool {
    match needle {
        None => true,
        Some(needle) => {
            haystack.is_some_and(|h| h.to_lowercase().contains(&needle.trim().to_lowercase()))
        }
    }
}

/// The court a hearing sits in: its own, else the case's.
pub fn hearing_court<'a>(record: &'a Record, hearing: &'a Hearing) -> Option<&'a str> {
    hearing.court.as_deref().or(record.case.court.as_deref())
}

/// Every hearing on `date` that passes the filter, most urgent person first.
pub fn hearings_on<'a>(
    records: &'a [Record],
    date: NaiveDate,
    filter: &DayFilter,
) -> Vec<(&'a Record, &'a Hearing)> {
    records
        .iter()
        .filter(|r| contains(r.case.lawyer.as_deref(), &filter.lawyer))
        .filter(|r| {
            filter
                .people
                .as_ref()
                .is_none_or(|people| people.binary_search(&r.detainee.id).is_ok())
        })
        .flat_map(|r| {
            r.hearings
                .iter()
                .filter(move |h| h.date == date)
                .map(move |h| (r, h))
        })
        .filter(|(r, h)| contains(hearing_court(r, h), &filter.court))
        .collect()
}

/// The day sheet for `date`.
#[allow(clippy::too_many_arguments)]
pub fn day_sheet(
    records: &[Record],
    date: NaiveDate,
    filter: &DayFilter,
    today: NaiveDate,
    weights: &Weights,
    rules: &Rules,
    privacy: Privacy,
    generated: String,
) -> Export {
    let hearings = hearings_on(records, date, filter)
        .into_iter()
        .map(|(record, hearing)| (record, Some(hearing)))
        .collect();
    let checklists = ranked_checklists(hearings, today, weights, rules, privacy);
    let mut title = format!("Court day {date}");
    if let Some(court) = &filter.court {
        title.push_str(&format!(", court: {court}"));
    }
    if let Some(lawyer) = &filter.lawyer {
        title.push_str(&format!(", lawyer: {lawyer}"));
    }
    if filter.people.is_some() {
        title.push_str(", the list's filter");
    }
    Export {
        title,
        generated,
        cover: true,
        checklists,
    }
}

/// Each person's checklist for the hearing beside them, most urgent first (the one ranking
/// order, `domain::ranking`, as `list` and the screens use).
fn ranked_checklists(
    mut people: Vec<(&Record, Option<&Hearing>)>,
    today: NaiveDate,
    weights: &Weights,
    rules: &Rules,
    privacy: Privacy,
) -> Vec<Checklist> {
    people.sort_by_cached_key(|(record, _)| RankKey::of(record, today, weights));
    people
        .into_iter()
        .map(|(record, hearing)| {
            let urgency = score(record, today, weights);
            checklist(record, hearing, &urgency, today, weights, rules, privacy)
        })
        .collect()
}

/// One sheet of checklists for the people chosen (the TUI's marked people), each for their next
/// hearing, most urgent first, with the cover table a day sheet has.
pub fn people_sheet(
    records: &[Record],
    today: NaiveDate,
    weights: &Weights,
    rules: &Rules,
    privacy: Privacy,
    generated: String,
) -> Export {
    let people = records
        .iter()
        .map(|record| (record, record.next_hearing(today)))
        .collect();
    let checklists = ranked_checklists(people, today, weights, rules, privacy);
    let noun = if checklists.len() == 1 {
        "person"
    } else {
        "people"
    };
    Export {
        title: format!("Hearing checklists: {} {noun}", checklists.len()),
        generated,
        cover: true,
        checklists,
    }
}

/// One person's checklist for their next hearing (or with none scheduled).
pub fn person_sheet(
    record: &Record,
    today: NaiveDate,
    weights: &Weights,
    rules: &Rules,
    privacy: Privacy,
    generated: String,
) -> Export {
    let urgency = score(record, today, weights);
    let next = record.next_hearing(today);
    Export {
        title: format!("Hearing checklist: {}", record.detainee.name),
        generated,
        cover: false,
        checklists: vec![checklist(
            record, next, &urgency, today, weights, rules, privacy,
        )],
    }
}
