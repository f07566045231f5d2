//! Urgency: who needs a lawyer first, and why. A score is the sum of named contributions, each
//! with one human sentence and its legal basis (DOMAIN.md §4), like Taskwarrior's urgency
//! coefficients but explained. Pure: `today` and the weights are parameters. Where each signal
//! applies (laws, stages, offence dates) and its basis are data (`[signals.NAME]` in the
//! weights file); the version of the law comes from [`super::law`].

pub use super::codes::Codes;
use super::law::{self, Applicable, Notice, Version};
use super::model::{
    BailStatus, Gender, Health, Law, Record, Stage, Substance, Weakness, years_between,
};
use super::weights::Weights;
use chrono::{Days, Months, NaiveDate};
use serde::Serialize;
use std::fmt;

mod signals;
use signals::{Tally, signals};

/// How urgent a person is, from the band thresholds in the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Low,
    Medium,
    High,
    Critical,
}

impl Band {
    /// Lower-case name, as in CSV and JSON output.
    pub fn code(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
            Band::Critical => "critical",
        }
    }

    /// Upper-case name, readable without colour.
    pub fn shout(self) -> &'static str {
        match self {
            Band::Low => "LOW",
            Band::Medium => "MEDIUM",
            Band::High => "HIGH",
            Band::Critical => "CRITICAL",
        }
    }

    /// The band a score falls in.
    pub fn of(total: i64, weights: &Weights) -> Band {
        let b = &weights.bands;
        if total >= b.critical {
            Band::Critical
        } else if total >= b.high {
            Band::High
        } else if total >= b.medium {
            Band::Medium
        } else {
            Band::Low
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One named contribution to a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable name of the signal (`pregnant`, `statutory_bail_due`, a weakness code…).
    pub signal: &'static str,
    pub points: i64,
    /// One sentence a person can read.
    pub text: String,
    /// The law or reasoning behind it (from the weights file).
    pub basis: String,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:+}", self.text, self.points)
    }
}

/// Where the s.497 third-proviso clock stands for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatutoryBail {
    /// The first day continuous detention *exceeds* the statutory period (arrested 2025-12-01,
    /// one year: due 2026-12-02).
    pub due: NaiveDate,
    /// Why the proviso does not help, when an exception is recorded. The clock is still shown:
    /// counsel may argue the exception does not hold.
    pub blocked_by: Option<&'static str>,
    /// The period in months that was applied.
    pub months: u32,
}

/// The score of one person and its explanation; the reasons' points sum to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Urgency {
    pub total: i64,
    pub band: Band,
    /// Largest first.
    pub reasons: Vec<Reason>,
    pub statutory_bail: Option<StatutoryBail>,
    /// The version of the law that governs the case ("CNSA 1997 as amended 2022 — offence …").
    pub law: String,
    /// What a lawyer must read beside the score: contradictions, unconfirmed rules, how the
    /// person is being treated.
    pub notices: Vec<Notice>,
}

impl Urgency {
    /// The reason that adds the most points, for one-line summaries.
    pub fn top_reason(&self) -> Option<&Reason> {
        self.reasons.first()
    }

    /// Whether a notice with this id was raised.
    pub fn has_notice(&self, id: &str) -> bool {
        self.notices.iter().any(|n| n.id == id)
    }
}

/// Everything triage reads about one person, as small plain values: no names, no notes. Built
/// from a [`Record`] (or straight from the database for a big caseload), it lets a million people
/// be ranked without holding a million full records. `next_hearing` is relative to the `today`
/// the facts were built for.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    /// As recorded (used when the date of birth is unknown).
    pub age_at_arrest: Option<u32>,
    pub juvenile_claimed: Option<bool>,
    pub pregnant: Option<bool>,
    pub due_date: Option<NaiveDate>,
    pub children_in_prison: Option<u32>,
    /// In the recorded order (the reason text lists them so).
    pub health: Codes<Health>,
    pub law: Law,
    pub fir_date: Option<NaiveDate>,
    pub arrest_date: NaiveDate,
    pub substance: Option<Substance>,
    pub quantity_grams: Option<f64>,
    pub stage: Stage,
    pub bail_status: Option<BailStatus>,
    pub capital_charge: Option<bool>,
    /// Any previous conviction (does not by itself block statutory bail).
    pub previous_conviction: Option<bool>,
    /// A previous conviction for an offence punishable with death or life (fourth proviso).
    pub previous_conviction_death_life: Option<bool>,
    pub delay_by_defence: Option<bool>,
    pub first_offence: Option<bool>,
    pub judgment_date: Option<NaiveDate>,
    /// A lawyer's name is recorded (not blank).
    pub has_lawyer: bool,
    /// In the recorded order.
    pub findings: Codes<Weakness>,
    /// The first hearing on or after the `today` these facts were built for.
    pub next_hearing: Option<NaiveDate>,
}

impl Facts {
    /// The facts of `record` as of `today`.
    pub fn of(record: &Record, today: NaiveDate) -> Facts {
        let d = &record.detainee;
        let c = &record.case;
        Facts {
            gender: d.gender,
            date_of_birth: d.date_of_birth,
            age_at_arrest: d.age_at_arrest,
            juvenile_claimed: d.juvenile_claimed,
            pregnant: d.pregnant,
            due_date: d.due_date,
            children_in_prison: d.children_in_prison,
            health: d.health.iter().copied().collect(),
            law: c.law,
            fir_date: c.fir_date,
            arrest_date: c.arrest_date,
            substance: c.substance,
            quantity_grams: c.quantity_grams,
            stage: c.stage,
            bail_status: c.bail_status,
            capital_charge: c.capital_charge,
            previous_conviction: c.previous_conviction,
            previous_conviction_death_life: c.previous_conviction_death_life,
            delay_by_defence: c.delay_by_defence,
            first_offence: c.first_offence,
            judgment_date: c.judgment_date,
            has_lawyer: c.lawyer.as_deref().is_some_and(|l| !l.trim().is_empty()),
            findings: record.findings.iter().map(|f| f.code).collect(),
            next_hearing: record.next_hearing(today).map(|h| h.date),
        }
    }

    /// Same rule as [`Record::in_custody`].
    pub fn in_custody(&self) -> bool {
        self.stage.in_custody() && self.bail_status != Some(BailStatus::Granted)
    }

    /// Same rule as [`Record::days_in_custody`].
    pub fn days_in_custody(&self, today: NaiveDate) -> i64 {
        (today - self.arrest_date).num_days().max(0)
    }

    /// The date that chooses the version of the law: the FIR date, else the arrest date.
    pub fn offence_date(&self) -> NaiveDate {
        self.fir_date.unwrap_or(self.arrest_date)
    }

    /// The version of the law that governs the case.
    pub fn applicable(&self, weights: &Weights) -> Applicable {
        law::applicable(self.law, self.offence_date(), &weights.law)
    }

    pub fn age_at_arrest(&self) -> Option<u32> {
        match self.date_of_birth {
            Some(dob) => Some(years_between(dob, self.arrest_date)),
            None => self.age_at_arrest,
        }
    }

    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        super::model::age_on(
            self.date_of_birth,
            self.age_at_arrest,
            self.arrest_date,
            today,
        )
    }

    /// Treated as a woman for the s.497 provisos: recorded female, or pregnant (a pregnant person
    /// recorded male or with no gender is a woman; the record is flagged). A transgender person
    /// is not, unless pregnant: counsel decides, and the notices say so.
    pub fn treated_as_woman(&self) -> bool {
        self.gender == Some(Gender::Female) || self.pregnant == Some(true)
    }

    /// The capital charge as the law of the offence date allows it: a capital charge on a CNSA
    /// offence after the 2023 amendment is inconsistent and ignored unless the clinic says so.
    pub fn capital(&self, weights: &Weights) -> bool {
        self.capital_charge == Some(true)
            && (weights.law.capital_after_2023_as_recorded
                || self.applicable(weights).version != Version::Cnsa1997_2023)
    }

    /// The appeal deadline of a convicted person (judgment date + the clinic's appeal period).
    pub fn appeal_deadline(&self, weights: &Weights) -> Option<NaiveDate> {
        if self.stage != Stage::Convicted {
            return None;
        }
        self.judgment_date?
            .checked_add_days(Days::new(u64::from(weights.law.appeal_days)))
    }
}

/// Scores one person on `today`. People not in custody still get a score (the detail screen
/// shows it), but only people in custody are ranked.
pub fn score(record: &Record, today: NaiveDate, weights: &Weights) -> Urgency {
    let mut urgency = explain(&Facts::of(record, today), today, weights);
    urgency.notices.extend(law::record_notices(record, today));
    urgency
}

/// [`score`] from facts already extracted (built for the same `today`).
pub fn explain(facts: &Facts, today: NaiveDate, weights: &Weights) -> Urgency {
    let mut reasons = Vec::new();
    let statutory_bail = signals(facts, today, weights, &mut reasons);
    reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
    let mut total: i64 = reasons.iter().map(|r| r.points).sum();

    // A floor lifts the score itself, as a visible reason, so the points still sum to the total.
    let floor = weights.bands.high;
    if total < floor {
        let lifting = reasons
            .iter()
            .find(|r| weights.bands.floor_high.iter().any(|s| s == r.signal));
        if let Some(lifting) = lifting {
            let text = format!(
                "Floor: {} is at least high priority",
                lifting.signal.replace('_', " ")
            );
            reasons.push(Reason {
                signal: "floor_high",
                points: floor - total,
                text,
                basis: weights
                    .signal("floor_high")
                    .basis_for(facts.law)
                    .to_string(),
            });
            total = floor;
        }
    }

    Urgency {
        total,
        band: Band::of(total, weights),
        reasons,
        statutory_bail,
        law: facts.applicable(weights).label(),
        notices: law::notices(facts, statutory_bail, today, weights),
    }
}

/// The total and band of [`explain`], without building any reason: what ranking needs.
pub fn total(facts: &Facts, today: NaiveDate, weights: &Weights) -> (i64, Band) {
    let mut tally = Tally {
        total: 0,
        floored: false,
        floor_signals: &weights.bands.floor_high,
    };
    signals(facts, today, weights, &mut tally);
    let floor = weights.bands.high;
    let total = if tally.floored && tally.total < floor {
        floor
    } else {
        tally.total
    };
    (total, Band::of(total, weights))
}

/// The basis of the low-quantity ground: the slab's own label, flagged when unconfirmed.
pub fn slab_basis(slab: &super::weights::Slab) -> String {
    if slab.unconfirmed {
        format!("{} (unconfirmed: check against the Gazette)", slab.label)
    } else {
        slab.label.clone()
    }
}

/// " (period unconfirmed)" until the clinic confirms its appeal period.
pub fn unconfirmed_appeal(weights: &Weights) -> &'static str {
    if weights.law.appeal_days_confirmed {
        ""
    } else {
        " (appeal period unconfirmed: check CNSA s.48 and the Limitation Act 1908)"
    }
}

/// The s.497 third-proviso date for a person whose trial is pending, with any recorded exception.
pub fn statutory_bail(record: &Record, weights: &Weights) -> Option<StatutoryBail> {
    statutory_bail_of(&Facts::of(record, record.case.arrest_date), weights)
}

/// [`statutory_bail`] from facts.
pub fn statutory_bail_of(f: &Facts, weights: &Weights) -> Option<StatutoryBail> {
    if !f.stage.trial_pending() {
        return None;
    }
    let t = &weights.thresholds;
    let months = match (f.treated_as_woman(), f.capital(weights)) {
        (false, false) => t.statutory_bail_months_man,
        (false, true) => t.statutory_bail_months_man_capital,
        (true, false) => t.statutory_bail_months_woman,
        (true, true) => t.statutory_bail_months_woman_capital,
    };
    // The proviso needs detention *exceeding* the period: the first day past it.
    let due = f
        .arrest_date
        .checked_add_months(Months::new(months))?
        .checked_add_days(Days::new(1))?;
    // Only the fourth proviso's exceptions block it: a previous conviction for an offence
    // punishable with death or life (not any conviction), or delay occasioned by the accused.
    let blocked_by = if f.delay_by_defence == Some(true) {
        Some("delay caused by the defence is recorded")
    } else if f.previous_conviction_death_life == Some(true) {
        Some(
            "a previous conviction for an offence punishable with death or life imprisonment \
             is recorded (s.497 fourth proviso)",
        )
    } else {
        None
    };
    Some(StatutoryBail {
        due,
        blocked_by,
        months,
    })
}

/// Grams without a trailing `.0` for whole numbers.
pub fn format_grams(grams: f64) -> String {
    if grams.fract() == 0.0 {
        format!("{grams:.0}")
    } else {
        format!("{grams:.1}")
    }
}

pub use super::ranking::{
    KeptRanks, RankKey, Ranked, bands_kept, rank, rank_by, rank_by_parallel, rank_kept,
};
