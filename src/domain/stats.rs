//! The caseload at a glance (issue 15 §1): headline numbers over the people in custody, and the
//! same few numbers grouped by one field (`--by prison`). Pure: the people come in as
//! [`Subject`]s (triage facts, ranked band and the few place names), `today` is a parameter.
//! The counts follow the triage rules (the same statutory-bail clock, the same juvenile age),
//! so a number here always matches what the list would show person by person.

use super::model::Record;
use super::roster::Roster;
use super::triage::{Band, Facts, Ranked, statutory_bail_of};
use super::weights::Weights;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// One person as the statistics read them: facts, ranked band and the names of places.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub facts: &'a Facts,
    pub band: Band,
    pub prison: Option<&'a str>,
    pub court: Option<&'a str>,
    pub lawyer: Option<&'a str>,
    pub police_station: Option<&'a str>,
    pub district: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// A subject from a full record and its facts (small caseloads and tests).
    pub fn of_record(record: &'a Record, facts: &'a Facts, band: Band) -> Subject<'a> {
        Subject {
            facts,
            band,
            prison: record.detainee.prison.as_deref(),
            court: record.case.court.as_deref(),
            lawyer: record.case.lawyer.as_deref(),
            police_station: record.case.police_station.as_deref(),
            district: record.case.district.as_deref(),
        }
    }
}

/// The ranked people of `roster` as subjects (the court is that of the next hearing, as on the
/// Hearings screen). The district is the roster's: `None` unless its loader recorded it.
pub fn subjects_of_roster<'a>(roster: &'a Roster, ranked: &[Ranked]) -> Vec<Subject<'a>> {
    ranked
        .iter()
        .filter_map(|r| roster_subject(roster, r.index, r.band))
        .collect()
}

/// Roster entry `index`, in `band`, as the statistics count it (`None`: nobody there).
pub fn roster_subject(roster: &Roster, index: usize, band: Band) -> Option<Subject<'_>> {
    let person = roster.person(index)?;
    let (court, lawyer) = roster.docket(index)?;
    let district = roster.place_ids(index)?.district;
    Some(Subject {
        facts: person.facts,
        band,
        prison: person.names.prison,
        court: roster.place(court),
        lawyer: roster.place(lawyer),
        police_station: person.names.police_station,
        district: roster.place(district),
    })
}

/// Days in custody: nearest-rank percentiles (the median is the lower middle value), 0 when
/// nobody is in custody.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DaysSummary {
    pub median: i64,
    pub p90: i64,
    pub max: i64,
}

/// People by time in custody, in whole calendar months from arrest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CustodyBands {
    #[serde(rename = "0-3m")]
    pub under_3m: u64,
    #[serde(rename = "3-6m")]
    pub m3_6: u64,
    #[serde(rename = "6-12m")]
    pub m6_12: u64,
    #[serde(rename = "1-2y")]
    pub y1_2: u64,
    #[serde(rename = "2-3y")]
    pub y2_3: u64,
    #[serde(rename = "3-5y")]
    pub y3_5: u64,
    #[serde(rename = "5y+")]
    pub y5_plus: u64,
}

/// The custody bands' names, in order, as in the JSON.
pub const CUSTODY_BAND_NAMES: [&str; 7] = ["0-3m", "3-6m", "6-12m", "1-2y", "2-3y", "3-5y", "5y+"];

impl CustodyBands {
    /// The counts in the order of [`CUSTODY_BAND_NAMES`] (for a bar chart).
    pub fn counts(&self) -> [u64; 7] {
        [
            self.under_3m,
            self.m3_6,
            self.m6_12,
            self.y1_2,
            self.y2_3,
            self.y3_5,
            self.y5_plus,
        ]
    }

    /// The counts to add to, in the order of [`CUSTODY_BAND_NAMES`].
    fn slots_mut(&mut self) -> [&mut u64; 7] {
        [
            &mut self.under_3m,
            &mut self.m3_6,
            &mut self.m6_12,
            &mut self.y1_2,
            &mut self.y2_3,
            &mut self.y3_5,
            &mut self.y5_plus,
        ]
    }

    fn add(&mut self, months: u32) {
        if let Some(slot) = self.slots_mut().into_iter().nth(custody_band_index(months)) {
            *slot += 1;
        }
    }
}

/// The custody-band index (into [`CUSTODY_BAND_NAMES`]) of someone held `months` months.
pub fn custody_band_index(months: u32) -> usize {
    match months {
        0..3 => 0,
        3..6 => 1,
        6..12 => 2,
        12..24 => 3,
        24..36 => 4,
        36..60 => 5,
        _ => 6,
    }
}

/// People by urgency band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct BandCounts {
    pub critical: u64,
    pub high: u64,
    pub medium: u64,
    pub low: u64,
}

/// The headline numbers of `caseload stats`; `serde_json` gives exactly the keys of issue 15.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headline {
    pub as_of: NaiveDate,
    pub in_custody: u64,
    /// Stage investigation, trial or judgment reserved.
    pub pre_trial: u64,
    pub convicted: u64,
    /// Treated as a woman for the s.497 provisos: recorded female, or pregnant.
    pub women: u64,
    pub transgender: u64,
    /// Under the juvenile age at arrest (verified age, not a claim).
    pub juveniles: u64,
    pub pregnant: u64,
    /// People with at least one child living with them in prison.
    pub with_children: u64,
    /// The children themselves.
    pub children_in_prison: u64,
    /// Sick or infirm as s.497 reads it: a recorded illness or disability, or the elderly age.
    pub sick: u64,
    /// The s.497 third-proviso date has come and no exception is recorded.
    pub statutory_bail_due: u64,
    /// It falls due within the near-days threshold.
    pub statutory_bail_near: u64,
    pub no_lawyer: u64,
    /// No future hearing date recorded.
    pub no_hearing: u64,
    pub days_in_custody: DaysSummary,
    pub custody_bands: CustodyBands,
    pub bands: BandCounts,
}

/// Whole calendar months from `arrest` to `today` (0 if the arrest is later): the largest `m`
/// with `arrest + m months <= today`, where a month added to the 31st (or 29 February) lands on
/// the month's last day, as the statutory-bail clock counts.
pub fn months_in_custody(arrest: NaiveDate, today: NaiveDate) -> u32 {
    if today <= arrest {
        return 0;
    }
    let guess = (today.year() - arrest.year()) * 12 + today.month() as i32 - arrest.month() as i32;
    let guess = u32::try_from(guess).unwrap_or(0);
    match arrest.checked_add_months(Months::new(guess)) {
        Some(date) if date <= today => guess,
        _ => guess.saturating_sub(1),
    }
}

/// What one person adds to the counts, worked out once.
struct Marks {
    pre_trial: bool,
    woman: bool,
    juvenile: bool,
    bail_due: bool,
    bail_near: bool,
}

fn marks(f: &Facts, today: NaiveDate, weights: &Weights) -> Marks {
    let t = &weights.thresholds;
    let until = statutory_bail_of(f, weights)
        .filter(|sb| sb.blocked_by.is_none())
        .map(|sb| (sb.due - today).num_days());
    Marks {
        pre_trial: f.stage.trial_pending(),
        woman: f.treated_as_woman(),
        juvenile: f.age_at_arrest().is_some_and(|a| a < t.juvenile_age),
        bail_due: until.is_some_and(|u| u <= 0),
        bail_near: until.is_some_and(|u| u > 0 && u <= t.statutory_bail_near_days),
    }
}

/// Median, p90 and maximum of `days` (reordered in place), by nearest rank: the `p`th
/// percentile is the value at 1-based rank `ceil(p * n)`. O(n), no full sort.
pub fn summarise_days(days: &mut [i64]) -> DaysSummary {
    DaysSummary {
        median: nearest_rank(days, 50),
        p90: nearest_rank(days, 90),
        max: days.iter().copied().max().unwrap_or(0),
    }
}

fn nearest_rank(days: &mut [i64], percent: usize) -> i64 {
    if days.is_empty() {
        return 0;
    }
    let rank = (percent * days.len()).div_ceil(100).max(1);
    *days.select_nth_unstable(rank - 1).1
}

/// A field `--by` can group on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Prison,
    Court,
    Lawyer,
    PoliceStation,
    District,
    Law,
    Gender,
    Substance,
    Band,
    Stage,
}

impl Field {
    /// Every field, in the order of the issue.
    pub const ALL: [Field; 10] = [
        Field::Prison,
        Field::Court,
        Field::Lawyer,
        Field::PoliceStation,
        Field::District,
        Field::Law,
        Field::Gender,
        Field::Substance,
        Field::Band,
        Field::Stage,
    ];

    /// The name on the command line and in output headers.
    pub fn code(self) -> &'static str {
        match self {
            Field::Prison => "prison",
            Field::Court => "court",
            Field::Lawyer => "lawyer",
            Field::PoliceStation => "police_station",
            Field::District => "district",
            Field::Law => "law",
            Field::Gender => "gender",
            Field::Substance => "substance",
            Field::Band => "band",
            Field::Stage => "stage",
        }
    }

    /// The value of this field for `s`; `None` when not recorded.
    pub fn value<'a>(self, s: &Subject<'a>) -> Option<&'a str> {
        let f = s.facts;
        match self {
            Field::Prison => s.prison,
            Field::Court => s.court,
            Field::Lawyer => s.lawyer,
            Field::PoliceStation => s.police_station,
            Field::District => s.district,
            Field::Law => Some(f.law.code()),
            Field::Gender => f.gender.map(|g| g.code()),
            Field::Substance => f.substance.map(|x| x.code()),
            Field::Band => Some(s.band.code()),
            Field::Stage => Some(f.stage.code()),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A field name that is not one `--by` knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--by: '{given}' is not a field to group by; expected one of {expected}")]
pub struct UnknownField {
    pub given: String,
    pub expected: String,
}

impl FromStr for Field {
    type Err = UnknownField;
    fn from_str(s: &str) -> Result<Field, UnknownField> {
        let wanted = s.trim().to_lowercase().replace('-', "_");
        Field::ALL
            .into_iter()
            .find(|f| f.code() == wanted)
            .ok_or_else(|| UnknownField {
                given: s.trim().to_string(),
                expected: Field::ALL.map(Field::code).join(", "),
            })
    }
}

/// The label of people whose field is not recorded.
pub const NOT_RECORDED: &str = "(not recorded)";

/// One row of `--by FIELD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupRow {
    /// The field's value; `None` for people where it is not recorded.
    pub value: Option<String>,
    pub in_custody: u64,
    pub pre_trial: u64,
    pub women: u64,
    pub juveniles: u64,
    pub statutory_bail_due: u64,
    pub no_lawyer: u64,
    pub median_days: i64,
}

impl GroupRow {
    /// The numbers after the value, in the order of the issue (`in_custody` … `median_days`).
    pub fn numbers(&self) -> [i64; 7] {
        let n = |x: u64| i64::try_from(x).unwrap_or(i64::MAX);
        [
            n(self.in_custody),
            n(self.pre_trial),
            n(self.women),
            n(self.juveniles),
            n(self.statutory_bail_due),
            n(self.no_lawyer),
            self.median_days,
        ]
    }

    /// The value as shown, [`NOT_RECORDED`] when missing.
    pub fn label(&self) -> &str {
        self.value.as_deref().unwrap_or(NOT_RECORDED)
    }
}

/// One row per value of `field` over the people in custody, most people first (ties: by
/// value, not recorded last), so the order is the same on every run.
pub fn group_by(
    people: &[Subject],
    field: Field,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<GroupRow> {
    group_by_of(people, field, today, weights)
}

/// [`group_by`] over any [`Source`].
pub fn group_by_of(
    people: &(impl Source + ?Sized),
    field: Field,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<GroupRow> {
    group_by_each_of(people, &[field], today, weights)
        .pop()
        .unwrap_or_default()
}

mod tally;
pub use tally::{Source, group_by_each, group_by_each_of, headline, headline_of};

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
