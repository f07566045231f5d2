//! Urgency: who needs a lawyer first, and why. A score is the sum of named contributions, each
//! with one human sentence and its legal basis (DOMAIN.md §4), like Taskwarrior's urgency
//! coefficients but explained. Pure: `today` and the weights are parameters.

use super::model::{Health, Law, Record};
use super::weights::Weights;
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::fmt;

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
    /// The law or reasoning behind it.
    pub basis: &'static str,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:+}", self.text, self.points)
    }
}

/// Where the s.497 third-proviso clock stands for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatutoryBail {
    /// The date continuous detention reaches the statutory period.
    pub due: NaiveDate,
    /// Why the proviso does not help, when an exception is recorded.
    pub blocked_by: Option<&'static str>,
}

/// The score of one person and its explanation; the reasons' points sum to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Urgency {
    pub total: i64,
    pub band: Band,
    /// Largest first.
    pub reasons: Vec<Reason>,
    pub statutory_bail: Option<StatutoryBail>,
}

impl Urgency {
    /// The reason that adds the most points, for one-line summaries.
    pub fn top_reason(&self) -> Option<&Reason> {
        self.reasons.first()
    }
}

const FIRST_PROVISO: &str = "CrPC s.497 first proviso; Tahira Batool v State, PLD 2022 SC 764";
const THIRD_PROVISO: &str = "CrPC s.497 third proviso (statutory bail for delay)";

/// Scores one person on `today`. People not in custody still get a score (the detail screen
/// shows it), but only people in custody are ranked.
pub fn score(record: &Record, today: NaiveDate, weights: &Weights) -> Urgency {
    let mut reasons = Vec::new();
    let mut add = |signal, points, text: String, basis| {
        if points != 0 {
            reasons.push(Reason {
                signal,
                points,
                text,
                basis,
            });
        }
    };
    let p = &weights.points;
    let t = &weights.thresholds;
    let d = &record.detainee;
    let case = &record.case;
    let days = record.days_in_custody(today);

    if d.pregnant == Some(true) {
        let (points, text) = match d.due_date {
            Some(due) => {
                let weeks_to_due = (due - today).num_days().div_euclid(7);
                let weeks = 40 - weeks_to_due;
                let late = if weeks >= t.pregnant_late_weeks {
                    p.pregnant_late
                } else {
                    0
                };
                (
                    p.pregnant + late,
                    format!("Pregnant, {weeks} weeks (due {due})"),
                )
            }
            None => (p.pregnant, "Pregnant (due date not recorded)".to_string()),
        };
        add(
            "pregnant",
            points,
            text,
            "CrPC s.497 first proviso (woman); health in custody",
        );
    }

    let age = record.age_at_arrest();
    let juvenile = age.is_some_and(|a| a < t.juvenile_age);
    if let Some(age) = age.filter(|_| juvenile) {
        add(
            "juvenile",
            p.juvenile,
            format!("Juvenile: {age} at arrest, must be held apart from adults"),
            "Juvenile Justice System Act 2018 ss.2, 6",
        );
        if age < t.under_sixteen_age {
            add(
                "under_sixteen",
                p.under_sixteen,
                format!("Under {}: bail is the rule", t.under_sixteen_age),
                "CrPC s.497 first proviso; JJSA 2018 s.6",
            );
        }
    }
    if d.juvenile_claimed == Some(true) && !juvenile {
        add(
            "juvenile_claimed",
            p.juvenile_claimed,
            "Says under 18, age not verified: age determination needed".to_string(),
            "Juvenile Justice System Act 2018 s.8",
        );
    }

    if record.is_woman() {
        add(
            "woman",
            p.woman,
            "Woman: bail is the rule, refusal the exception".to_string(),
            FIRST_PROVISO,
        );
    }
    if let Some(children) = d.children_in_prison.filter(|&n| n > 0) {
        let points = (p.children_in_prison
            + p.children_in_prison_each_more * (children as i64 - 1))
            .min(p.children_in_prison_max);
        let noun = if children == 1 { "child" } else { "children" };
        add(
            "children_in_prison",
            points,
            format!("{children} {noun} living with her in prison"),
            "Welfare of children held with their mother",
        );
    }

    let sickness: Vec<&str> = d
        .health
        .iter()
        .filter(|h| h.is_sickness())
        .map(|h| h.label())
        .collect();
    let elderly = record.age_on(today).filter(|&a| a >= t.elderly_age);
    if !sickness.is_empty() || elderly.is_some() {
        let mut what = sickness.join(", ");
        if let Some(age) = elderly {
            if !what.is_empty() {
                what.push_str(", ");
            }
            what.push_str(&format!("aged {age}"));
        }
        add(
            "sick_or_infirm",
            p.sick_or_infirm,
            format!("Sick or infirm: {what}"),
            FIRST_PROVISO,
        );
    }
    if d.health.contains(&Health::OpioidDependence) {
        add(
            "opioid_dependence",
            p.opioid_dependence,
            "Opioid dependence: withdrawal in custody, needs substitution therapy".to_string(),
            "Right to health in custody",
        );
    }

    let capped_days = days.min(365 * p.custody_max_years);
    let custody_points = (p.custody_per_year as f64 * capped_days as f64 / 365.0).round() as i64;
    add(
        "time_in_custody",
        custody_points,
        format!(
            "In custody {days} days, since arrest on {}",
            case.arrest_date
        ),
        "Pre-trial detention grows with remand length",
    );

    let statutory_bail = statutory_bail(record, weights);
    if let Some(sb) = statutory_bail.filter(|sb| sb.blocked_by.is_none()) {
        let until = (sb.due - today).num_days();
        let sindh = if case.law == Law::Sindh2024 {
            "; Sindh 2024 s.35 bars trial-court bail: High Court writ"
        } else {
            ""
        };
        if until <= 0 {
            add(
                "statutory_bail_due",
                p.statutory_bail_due,
                format!(
                    "Statutory bail due since {}, {} days ago{sindh}",
                    sb.due, -until
                ),
                THIRD_PROVISO,
            );
        } else if until <= t.statutory_bail_near_days {
            add(
                "statutory_bail_near",
                p.statutory_bail_near,
                format!(
                    "Statutory bail falls due on {}, in {until} days{sindh}",
                    sb.due
                ),
                THIRD_PROVISO,
            );
        }
    }

    for finding in &record.findings {
        add(
            finding.code.code(),
            weights.weakness.for_code(finding.code),
            format!("Weak case: {}", finding.code.label()),
            weakness_basis(finding.code),
        );
    }

    if let Some(grams) = case.quantity_grams.filter(|&g| g <= t.low_quantity_grams) {
        add(
            "low_quantity",
            p.low_quantity,
            format!("Low quantity: {} g", format_grams(grams)),
            "Old CNSA s.9(a) slab: up to 2 years",
        );
    }
    if case.lawyer.as_deref().is_none_or(|l| l.trim().is_empty()) {
        add(
            "no_lawyer",
            p.no_lawyer,
            "No lawyer assigned".to_string(),
            "Right to counsel",
        );
    }
    if case.bail_status == Some(super::model::BailStatus::NotApplied)
        && days > t.bail_never_sought_days
    {
        add(
            "bail_never_sought",
            p.bail_never_sought,
            format!("No bail application after {days} days in custody"),
            "CrPC ss.496-497",
        );
    }
    match record.next_hearing(today) {
        Some(h) => {
            let until = (h.date - today).num_days();
            let when = match until {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            let points = if until <= t.hearing_very_soon_days {
                p.hearing_very_soon
            } else if until <= t.hearing_soon_days {
                p.hearing_soon
            } else {
                0
            };
            add(
                "hearing_soon",
                points,
                format!("Hearing {when} ({}): prepare now", h.date),
                "Preparation time",
            );
        }
        None if record.in_custody() => add(
            "no_hearing_scheduled",
            p.no_hearing_scheduled,
            "No future hearing date recorded".to_string(),
            "A person in custody must be produced before a court",
        ),
        None => {}
    }
    if case.first_offence == Some(true) {
        add(
            "first_offence",
            p.first_offence,
            "First offence".to_string(),
            "Proportionality",
        );
    }

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
                basis: "Band floor in the weights file",
            });
            total = floor;
        }
    }

    Urgency {
        total,
        band: Band::of(total, weights),
        reasons,
        statutory_bail,
    }
}

/// The s.497 third-proviso date for a person whose trial is pending, with any recorded exception.
pub fn statutory_bail(record: &Record, weights: &Weights) -> Option<StatutoryBail> {
    let case = &record.case;
    if !case.stage.trial_pending() {
        return None;
    }
    let t = &weights.thresholds;
    let capital = case.capital_charge == Some(true);
    let months = match (record.is_woman(), capital) {
        (false, false) => t.statutory_bail_months_man,
        (false, true) => t.statutory_bail_months_man_capital,
        (true, false) => t.statutory_bail_months_woman,
        (true, true) => t.statutory_bail_months_woman_capital,
    };
    let due = case.arrest_date.checked_add_months(Months::new(months))?;
    let blocked_by = if case.delay_by_defence == Some(true) {
        Some("delay caused by the defence")
    } else if case.previous_conviction == Some(true) {
        Some("previous conviction (s.497 fourth proviso)")
    } else {
        None
    };
    Some(StatutoryBail { due, blocked_by })
}

fn weakness_basis(code: super::model::Weakness) -> &'static str {
    use super::model::Weakness::*;
    match code {
        SampleLate => "Analysts Rules 2001 r.4(2); Sagheer Ahmed, 2024 SCMR 913",
        NoLabReport => "CNSA s.36; Analysts Rules 2001 r.6",
        LabReportDefective => "Analysts Rules 2001 r.6; State v Imam Bakhsh, 2018 SCMR 2039",
        CustodyChainGap => "Qaiser Khan, 2021 SCMR 363; State v Imam Bakhsh, 2018 SCMR 2039",
        PacketsNotSampled => "Ameer Zeb, PLD 2012 SC 380",
        QuantityDisputed => "Quantity decides sentence: Ameer Zeb, PLD 2012 SC 380",
        NearSlabBoundary => "PLJ 2024 Cr.C. (Note) 210",
        ProsecutionDelay => "CrPC s.497 third proviso",
        NoIndependentWitness => "Weak ground: CNSA s.25 excludes CrPC s.103",
        Other => "Lawyer's note",
    }
}

/// Grams without a trailing `.0` for whole numbers.
pub fn format_grams(grams: f64) -> String {
    if grams.fract() == 0.0 {
        format!("{grams:.0}")
    } else {
        format!("{grams:.1}")
    }
}

/// One ranked person: an index into the records slice, and what the list needs to sort and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    pub index: usize,
    pub total: i64,
    pub band: Band,
}

/// People in custody, most urgent first; ties go to the longer-held, then the lower id, so the
/// order is the same on every run.
pub fn rank(records: &[Record], today: NaiveDate, weights: &Weights) -> Vec<Ranked> {
    let mut ranked: Vec<(Ranked, i64)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.in_custody())
        .map(|(index, record)| {
            let urgency = score(record, today, weights);
            (
                Ranked {
                    index,
                    total: urgency.total,
                    band: urgency.band,
                },
                record.days_in_custody(today),
            )
        })
        .collect();
    ranked.sort_by(|(a, a_days), (b, b_days)| {
        b.total.cmp(&a.total).then(b_days.cmp(a_days)).then(
            records[a.index]
                .detainee
                .id
                .cmp(&records[b.index].detainee.id),
        )
    });
    ranked.into_iter().map(|(r, _)| r).collect()
}
