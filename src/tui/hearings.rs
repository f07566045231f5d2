//! The Hearings screen's state: every coming hearing, today first, the most urgent person first
//! within a day, narrowed by court and by lawyer (each cycled with one key).

use crate::domain::daysheet::hearing_court;
use crate::domain::model::Record;
use crate::domain::triage::{Band, Ranked};
use crate::store::ComingHearing;
use chrono::NaiveDate;

/// One hearing as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingRow {
    pub date: NaiveDate,
    pub court: String,
    pub lawyer: String,
    /// Index into the app's roster.
    pub index: usize,
    pub total: i64,
    pub band: Band,
}

/// The list of coming hearings and its filters.
#[derive(Debug, Clone, Default)]
pub struct Hearings {
    all: Vec<HearingRow>,
    courts: Vec<String>,
    lawyers: Vec<String>,
    court: Option<usize>,
    lawyer: Option<usize>,
    shown: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
}

/// The hearings from `today` on of `records` (in id order), as [`Store::coming_hearings`]
/// reads them from the file.
///
/// [`Store::coming_hearings`]: crate::store::Store::coming_hearings
pub fn coming<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    today: NaiveDate,
) -> Vec<ComingHearing> {
    let mut coming: Vec<(ComingHearing, i64)> = Vec::new();
    for record in records {
        for h in record.hearings.iter().filter(|h| h.date >= today) {
            let row = ComingHearing {
                detainee_id: record.detainee.id,
                date: h.date,
                court: hearing_court(record, h).map(str::to_string),
                lawyer: record.case.lawyer.clone(),
            };
            coming.push((row, h.id));
        }
    }
    coming.sort_by_key(|(row, id)| (row.date, *id));
    coming.into_iter().map(|(row, _)| row).collect()
}

impl Hearings {
    /// The `coming` hearings of people in custody (those `ranking` knows, by detainee id),
    /// today first and the most urgent first within a day.
    pub fn build(coming: Vec<ComingHearing>, ranking: impl Fn(i64) -> Option<Ranked>) -> Hearings {
        let mut all = Vec::new();
        for h in coming {
            let Some(r) = ranking(h.detainee_id) else {
                continue;
            };
            all.push(HearingRow {
                date: h.date,
                court: h.court.unwrap_or_else(|| "court not recorded".into()),
                lawyer: h.lawyer.unwrap_or_else(|| "no lawyer".into()),
                index: r.index,
                total: r.total,
                band: r.band,
            });
        }
        all.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then(b.total.cmp(&a.total))
                .then(a.index.cmp(&b.index))
        });
        let distinct = |pick: fn(&HearingRow) -> &String| {
            let mut values: Vec<String> = all.iter().map(|r| pick(r).clone()).collect();
            values.sort();
            values.dedup();
            values
        };
        let mut hearings = Hearings {
            courts: distinct(|r| &r.court),
            lawyers: distinct(|r| &r.lawyer),
            all,
            ..Hearings::default()
        };
        hearings.refilter();
        hearings
    }

    fn refilter(&mut self) {
        let court = self.court.and_then(|i| self.courts.get(i));
        let lawyer = self.lawyer.and_then(|i| self.lawyers.get(i));
        self.shown = (0..self.all.len())
            .filter(|&i| {
                let row = &self.all[i];
                court.is_none_or(|c| &row.court == c) && lawyer.is_none_or(|l| &row.lawyer == l)
            })
            .collect();
        self.selected = 0;
        self.offset = 0;
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

    /// The court filter in force.
    pub fn court(&self) -> Option<&str> {
        self.court
            .and_then(|i| self.courts.get(i))
            .map(String::as_str)
    }

    /// The lawyer filter in force.
    pub fn lawyer(&self) -> Option<&str> {
        self.lawyer
            .and_then(|i| self.lawyers.get(i))
            .map(String::as_str)
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
        self.row(self.selected)
    }
}

fn next(current: Option<usize>, count: usize) -> Option<usize> {
    match current {
        None if count > 0 => Some(0),
        Some(i) if i + 1 < count => Some(i + 1),
        _ => None,
    }
}
