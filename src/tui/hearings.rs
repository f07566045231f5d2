//! The Hearings screen's state: each person in custody at their next hearing, today first and
//! the most urgent person first within a day, narrowed by court and by lawyer (each cycled with
//! one key), and to one day when opened from the calendar. Built from the roster, so it opens
//! at once at any caseload size.

use super::cursor::Cursor;
use crate::domain::roster::Roster;
use crate::domain::triage::{Band, Ranked};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One hearing as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingRow {
    pub date: NaiveDate,
    /// The court (the hearing's own, else the case's) and the lawyer, as ids into the
    /// screen's names: see [`Hearings::name`].
    pub court: u32,
    pub lawyer: u32,
    /// Index into the app's roster.
    pub index: usize,
    pub total: i64,
    pub band: Band,
}

/// The list of coming hearings and its filters.
#[derive(Debug, Clone, Default)]
pub struct Hearings {
    all: Vec<HearingRow>,
    /// Court and lawyer names (a few dozen, however many people).
    names: Vec<String>,
    /// Ids of the courts and lawyers present, each list in name order.
    courts: Vec<u32>,
    lawyers: Vec<u32>,
    court: Option<usize>,
    lawyer: Option<usize>,
    /// Only this day's hearings (the calendar's `Enter`).
    day: Option<NaiveDate>,
    shown: Vec<usize>,
    /// The selected hearing and the first one drawn.
    pub cursor: Cursor,
}

impl Hearings {
    /// The next hearing (from the roster's `today` on) of everyone in `ranked`.
    pub fn build(roster: &Roster, ranked: &[Ranked]) -> Hearings {
        let mut names: Vec<String> = Vec::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        // Roster place id → name id: a million rows, a few dozen places, so hash names once.
        // Courts and lawyers apart: id 0 ("not recorded") reads differently for each.
        let mut by_place: Vec<Option<u32>> = Vec::new();
        let mut name_id = |place: u32, missing: &str| -> u32 {
            let slot = place as usize * 2 + usize::from(missing == "no lawyer");
            if by_place.len() <= slot {
                by_place.resize(slot + 1, None);
            }
            if let Some(id) = by_place[slot] {
                return id;
            }
            let name = roster.place(place).unwrap_or(missing);
            let id = *ids.entry(name.to_string()).or_insert_with(|| {
                names.push(name.to_string());
                names.len() as u32 - 1
            });
            by_place[slot] = Some(id);
            id
        };
        let mut all = Vec::new();
        for r in ranked {
            let Some(date) = roster.entry(r.index).and_then(|e| e.facts.next_hearing) else {
                continue;
            };
            let (court, lawyer) = roster.docket(r.index).unwrap_or((0, 0));
            all.push(HearingRow {
                date,
                court: name_id(court, "court not recorded"),
                lawyer: name_id(lawyer, "no lawyer"),
                index: r.index,
                total: r.total,
                band: r.band,
            });
        }
        // `ranked` is in the one ranking order: a stable sort by date keeps it within each day.
        all.sort_by_key(|r| r.date);
        let distinct = |pick: fn(&HearingRow) -> u32| {
            let mut values: Vec<u32> = all.iter().map(pick).collect();
            values.sort_unstable();
            values.dedup();
            values.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
            values
        };
        let mut hearings = Hearings {
            courts: distinct(|r| r.court),
            lawyers: distinct(|r| r.lawyer),
            all,
            names,
            ..Hearings::default()
        };
        hearings.refilter();
        hearings
    }

    /// The court or lawyer name of an id in a [`HearingRow`].
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    fn refilter(&mut self) {
        let court = self.court.and_then(|i| self.courts.get(i)).copied();
        let lawyer = self.lawyer.and_then(|i| self.lawyers.get(i)).copied();
        let day = self.day;
        self.shown = (0..self.all.len())
            .filter(|&i| {
                let row = &self.all[i];
                court.is_none_or(|c| row.court == c)
                    && lawyer.is_none_or(|l| row.lawyer == l)
                    && day.is_none_or(|d| row.date == d)
            })
            .collect();
        self.cursor = Cursor::default();
    }

    /// Shows the next court (after the last: every court).
    pub fn cycle_court(&mut self) {
        self.court = next(self.court, self.courts.len());
        self.refilter();
    }

    /// Shows the next lawyer's hearings (after the last: everyone's).
    pub fn cycle_lawyer(&mut self) {
        self.lawyer = next(self.lawyer, self.lawyers.len());
        self.refilter();
    }

    /// Shows only `day`'s hearings (`None`: every coming day).
    pub fn set_day(&mut self, day: Option<NaiveDate>) {
        self.day = day;
        self.refilter();
    }

    /// The day the screen is narrowed to.
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    /// The date and band of every hearing the court and lawyer filters let through, whatever
    /// the day filter: what the month calendar counts.
    pub fn dated_bands(&self) -> impl Iterator<Item = (NaiveDate, Band)> + '_ {
        let court = self.court.and_then(|i| self.courts.get(i)).copied();
        let lawyer = self.lawyer.and_then(|i| self.lawyers.get(i)).copied();
        self.all
            .iter()
            .filter(move |r| {
                court.is_none_or(|c| r.court == c) && lawyer.is_none_or(|l| r.lawyer == l)
            })
            .map(|r| (r.date, r.band))
    }

    /// The court filter in force.
    pub fn court(&self) -> Option<&str> {
        let id = *self.courts.get(self.court?)?;
        Some(self.name(id))
    }

    /// The lawyer filter in force.
    pub fn lawyer(&self) -> Option<&str> {
        let id = *self.lawyers.get(self.lawyer?)?;
        Some(self.name(id))
    }

    /// How many hearings are shown.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    /// Whether no hearing is shown.
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The `row`th hearing shown.
    pub fn row(&self, row: usize) -> Option<&HearingRow> {
        self.shown.get(row).and_then(|&i| self.all.get(i))
    }

    /// The hearing under the cursor.
    pub fn selected_row(&self) -> Option<&HearingRow> {
        self.row(self.cursor.selected)
    }
}

fn next(current: Option<usize>, count: usize) -> Option<usize> {
    match current {
        None if count > 0 => Some(0),
        Some(i) if i + 1 < count => Some(i + 1),
        _ => None,
    }
}
