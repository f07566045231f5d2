//! Urgency: who needs a lawyer first, and why. A score is the sum of named contributions, each
//! with one human sentence and its legal basis (DOMAIN.md §4), like Taskwarrior's urgency
//! coefficients but explained. Pure: `today` and the weights are parameters.

use super::model::{BailStatus, Gender, Health, Law, Record, Stage, Weakness, years_between};
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
    pub arrest_date: NaiveDate,
    pub quantity_grams: Option<f64>,
    pub stage: Stage,
    pub bail_status: Option<BailStatus>,
    pub capital_charge: Option<bool>,
    pub previous_conviction: Option<bool>,
    pub delay_by_defence: Option<bool>,
    pub first_offence: Option<bool>,
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
            arrest_date: c.arrest_date,
            quantity_grams: c.quantity_grams,
            stage: c.stage,
            bail_status: c.bail_status,
            capital_charge: c.capital_charge,
            previous_conviction: c.previous_conviction,
            delay_by_defence: c.delay_by_defence,
            first_offence: c.first_offence,
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

    fn age_at_arrest(&self) -> Option<u32> {
        match self.date_of_birth {
            Some(dob) => Some(years_between(dob, self.arrest_date)),
            None => self.age_at_arrest,
        }
    }

    fn age_on(&self, today: NaiveDate) -> Option<u32> {
        match self.date_of_birth {
            Some(dob) => Some(years_between(dob, today)),
            None => self
                .age_at_arrest
                .map(|age| age + years_between(self.arrest_date, today)),
        }
    }

    fn is_woman(&self) -> bool {
        self.gender == Some(Gender::Female)
    }
}

/// How many codes [`Codes`] keeps without a heap allocation.
const INLINE_CODES: usize = 7;

/// A short list of small codes (health conditions, findings) in recorded order. Up to seven are
/// kept inline, so a million people cost no allocation each; longer lists go to the heap.
#[derive(Clone, PartialEq, Eq)]
pub enum Codes<T> {
    /// The codes, then `None`s.
    Inline([Option<T>; INLINE_CODES]),
    Spilled(Box<[T]>),
}

impl<T: Copy> Codes<T> {
    /// No codes.
    pub const fn new() -> Codes<T> {
        Codes::Inline([None; INLINE_CODES])
    }

    /// Appends a code.
    pub fn push(&mut self, code: T) {
        match self {
            Codes::Inline(items) => match items.iter_mut().find(|slot| slot.is_none()) {
                Some(slot) => *slot = Some(code),
                None => {
                    let mut all: Vec<T> = items.iter().flatten().copied().collect();
                    all.push(code);
                    *self = Codes::Spilled(all.into());
                }
            },
            Codes::Spilled(items) => {
                let mut all = items.to_vec();
                all.push(code);
                *items = all.into();
            }
        }
    }

    /// The codes in recorded order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        let (inline, spilled): (&[Option<T>], &[T]) = match self {
            Codes::Inline(items) => (items, &[]),
            Codes::Spilled(items) => (&[], items),
        };
        inline.iter().flatten().chain(spilled)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    pub fn contains(&self, code: &T) -> bool
    where
        T: PartialEq,
    {
        self.iter().any(|c| c == code)
    }
}

impl<T: Copy> Default for Codes<T> {
    fn default() -> Codes<T> {
        Codes::new()
    }
}

impl<T: Copy> FromIterator<T> for Codes<T> {
    fn from_iter<I: IntoIterator<Item = T>>(codes: I) -> Codes<T> {
        let mut all = Codes::new();
        for code in codes {
            all.push(code);
        }
        all
    }
}

impl<T: Copy> From<&[T]> for Codes<T> {
    fn from(codes: &[T]) -> Codes<T> {
        codes.iter().copied().collect()
    }
}

impl<T: Copy + fmt::Debug> fmt::Debug for Codes<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Where the signals go: the explained score keeps each reason's sentence; the fast total only
/// adds points and never formats a string.
trait Sink {
    fn add(
        &mut self,
        signal: &'static str,
        points: i64,
        text: impl FnOnce() -> String,
        basis: &'static str,
    );
}

impl Sink for Vec<Reason> {
    fn add(
        &mut self,
        signal: &'static str,
        points: i64,
        text: impl FnOnce() -> String,
        basis: &'static str,
    ) {
        if points != 0 {
            self.push(Reason {
                signal,
                points,
                text: text(),
                basis,
            });
        }
    }
}

/// The fast path: the sum, and whether a signal that sets a band floor scored.
struct Tally<'w> {
    total: i64,
    floored: bool,
    floor_signals: &'w [String],
}

impl Sink for Tally<'_> {
    fn add(&mut self, signal: &'static str, points: i64, _: impl FnOnce() -> String, _: &str) {
        if points != 0 {
            self.total += points;
            self.floored = self.floored || self.floor_signals.iter().any(|s| s == signal);
        }
    }
}

/// Scores one person on `today`. People not in custody still get a score (the detail screen
/// shows it), but only people in custody are ranked.
pub fn score(record: &Record, today: NaiveDate, weights: &Weights) -> Urgency {
    explain(&Facts::of(record, today), today, weights)
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

/// Every signal of DOMAIN.md §4, in order, into `sink`. The one place the rules live.
fn signals(
    f: &Facts,
    today: NaiveDate,
    weights: &Weights,
    sink: &mut impl Sink,
) -> Option<StatutoryBail> {
    let p = &weights.points;
    let t = &weights.thresholds;
    let days = f.days_in_custody(today);

    if f.pregnant == Some(true) {
        let basis = "CrPC s.497 first proviso (woman); health in custody";
        match f.due_date {
            Some(due) => {
                let weeks_to_due = (due - today).num_days().div_euclid(7);
                let weeks = 40 - weeks_to_due;
                let late = if weeks >= t.pregnant_late_weeks {
                    p.pregnant_late
                } else {
                    0
                };
                sink.add(
                    "pregnant",
                    p.pregnant + late,
                    || format!("Pregnant, {weeks} weeks (due {due})"),
                    basis,
                );
            }
            None => sink.add(
                "pregnant",
                p.pregnant,
                || "Pregnant (due date not recorded)".to_string(),
                basis,
            ),
        }
    }

    let age = f.age_at_arrest();
    let juvenile = age.is_some_and(|a| a < t.juvenile_age);
    if let Some(age) = age.filter(|_| juvenile) {
        sink.add(
            "juvenile",
            p.juvenile,
            || format!("Juvenile: {age} at arrest, must be held apart from adults"),
            "Juvenile Justice System Act 2018 ss.2, 6",
        );
        if age < t.under_sixteen_age {
            sink.add(
                "under_sixteen",
                p.under_sixteen,
                || format!("Under {}: bail is the rule", t.under_sixteen_age),
                "CrPC s.497 first proviso; JJSA 2018 s.6",
            );
        }
    }
    if f.juvenile_claimed == Some(true) && !juvenile {
        sink.add(
            "juvenile_claimed",
            p.juvenile_claimed,
            || "Says under 18, age not verified: age determination needed".to_string(),
            "Juvenile Justice System Act 2018 s.8",
        );
    }

    if f.is_woman() {
        sink.add(
            "woman",
            p.woman,
            || "Woman: bail is the rule, refusal the exception".to_string(),
            FIRST_PROVISO,
        );
    }
    if let Some(children) = f.children_in_prison.filter(|&n| n > 0) {
        let points = (p.children_in_prison
            + p.children_in_prison_each_more * (children as i64 - 1))
            .min(p.children_in_prison_max);
        let noun = if children == 1 { "child" } else { "children" };
        sink.add(
            "children_in_prison",
            points,
            || format!("{children} {noun} living with her in prison"),
            "Welfare of children held with their mother",
        );
    }

    let sick = f.health.iter().any(|h| h.is_sickness());
    let elderly = f.age_on(today).filter(|&a| a >= t.elderly_age);
    if sick || elderly.is_some() {
        sink.add(
            "sick_or_infirm",
            p.sick_or_infirm,
            || {
                let mut what = f
                    .health
                    .iter()
                    .filter(|h| h.is_sickness())
                    .map(|h| h.label())
                    .collect::<Vec<_>>()
                    .join(", ");
                if let Some(age) = elderly {
                    if !what.is_empty() {
                        what.push_str(", ");
                    }
                    what.push_str(&format!("aged {age}"));
                }
                format!("Sick or infirm: {what}")
            },
            FIRST_PROVISO,
        );
    }
    if f.health.contains(&Health::OpioidDependence) {
        sink.add(
            "opioid_dependence",
            p.opioid_dependence,
            || "Opioid dependence: withdrawal in custody, needs substitution therapy".to_string(),
            "Right to health in custody",
        );
    }

    let capped_days = days.min(365 * p.custody_max_years);
    let custody_points = (p.custody_per_year as f64 * capped_days as f64 / 365.0).round() as i64;
    sink.add(
        "time_in_custody",
        custody_points,
        || format!("In custody {days} days, since arrest on {}", f.arrest_date),
        "Pre-trial detention grows with remand length",
    );

    let statutory_bail = statutory_bail_of(f, weights);
    if let Some(sb) = statutory_bail.filter(|sb| sb.blocked_by.is_none()) {
        let until = (sb.due - today).num_days();
        let sindh = if f.law == Law::Sindh2024 {
            "; Sindh 2024 s.35 bars trial-court bail: High Court writ"
        } else {
            ""
        };
        if until <= 0 {
            sink.add(
                "statutory_bail_due",
                p.statutory_bail_due,
                || {
                    format!(
                        "Statutory bail due since {}, {} days ago{sindh}",
                        sb.due, -until
                    )
                },
                THIRD_PROVISO,
            );
        } else if until <= t.statutory_bail_near_days {
            sink.add(
                "statutory_bail_near",
                p.statutory_bail_near,
                || {
                    format!(
                        "Statutory bail falls due on {}, in {until} days{sindh}",
                        sb.due
                    )
                },
                THIRD_PROVISO,
            );
        }
    }

    for &code in f.findings.iter() {
        sink.add(
            code.code(),
            weights.weakness.for_code(code),
            || format!("Weak case: {}", code.label()),
            weakness_basis(code),
        );
    }

    if let Some(grams) = f.quantity_grams.filter(|&g| g <= t.low_quantity_grams) {
        sink.add(
            "low_quantity",
            p.low_quantity,
            || format!("Low quantity: {} g", format_grams(grams)),
            "Old CNSA s.9(a) slab: up to 2 years",
        );
    }
    if !f.has_lawyer {
        sink.add(
            "no_lawyer",
            p.no_lawyer,
            || "No lawyer assigned".to_string(),
            "Right to counsel",
        );
    }
    if f.bail_status == Some(BailStatus::NotApplied) && days > t.bail_never_sought_days {
        sink.add(
            "bail_never_sought",
            p.bail_never_sought,
            || format!("No bail application after {days} days in custody"),
            "CrPC ss.496-497",
        );
    }
    match f.next_hearing {
        Some(date) => {
            let until = (date - today).num_days();
            let points = if until <= t.hearing_very_soon_days {
                p.hearing_very_soon
            } else if until <= t.hearing_soon_days {
                p.hearing_soon
            } else {
                0
            };
            sink.add(
                "hearing_soon",
                points,
                || {
                    let when = match until {
                        0 => "today".to_string(),
                        1 => "tomorrow".to_string(),
                        n => format!("in {n} days"),
                    };
                    format!("Hearing {when} ({date}): prepare now")
                },
                "Preparation time",
            );
        }
        None if f.in_custody() => sink.add(
            "no_hearing_scheduled",
            p.no_hearing_scheduled,
            || "No future hearing date recorded".to_string(),
            "A person in custody must be produced before a court",
        ),
        None => {}
    }
    if f.first_offence == Some(true) {
        sink.add(
            "first_offence",
            p.first_offence,
            || "First offence".to_string(),
            "Proportionality",
        );
    }
    statutory_bail
}

/// The s.497 third-proviso date for a person whose trial is pending, with any recorded exception.
pub fn statutory_bail(record: &Record, weights: &Weights) -> Option<StatutoryBail> {
    let c = &record.case;
    statutory_bail_for(
        c.stage,
        record.is_woman(),
        c.capital_charge,
        c.arrest_date,
        c.delay_by_defence,
        c.previous_conviction,
        weights,
    )
}

fn statutory_bail_of(f: &Facts, weights: &Weights) -> Option<StatutoryBail> {
    statutory_bail_for(
        f.stage,
        f.is_woman(),
        f.capital_charge,
        f.arrest_date,
        f.delay_by_defence,
        f.previous_conviction,
        weights,
    )
}

fn statutory_bail_for(
    stage: Stage,
    woman: bool,
    capital_charge: Option<bool>,
    arrest_date: NaiveDate,
    delay_by_defence: Option<bool>,
    previous_conviction: Option<bool>,
    weights: &Weights,
) -> Option<StatutoryBail> {
    if !stage.trial_pending() {
        return None;
    }
    let t = &weights.thresholds;
    let capital = capital_charge == Some(true);
    let months = match (woman, capital) {
        (false, false) => t.statutory_bail_months_man,
        (false, true) => t.statutory_bail_months_man_capital,
        (true, false) => t.statutory_bail_months_woman,
        (true, true) => t.statutory_bail_months_woman_capital,
    };
    let due = arrest_date.checked_add_months(Months::new(months))?;
    let blocked_by = if delay_by_defence == Some(true) {
        Some("delay caused by the defence")
    } else if previous_conviction == Some(true) {
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
    rank_by(
        records.len(),
        |i| {
            let record = &records[i];
            record
                .in_custody()
                .then(|| (Facts::of(record, today), record.detainee.id))
        },
        today,
        weights,
    )
}

/// Most points, then longest held, then lowest id, then input order; and the band to keep.
type SortKey = (
    std::cmp::Reverse<i64>,
    std::cmp::Reverse<i64>,
    i64,
    usize,
    Band,
);

/// [`rank`] over any collection: `facts(i)` gives the facts and detainee id of the `i`th person
/// of `len`, or `None` for someone not to rank. Scores with the fast path [`total`].
pub fn rank_by<F: std::borrow::Borrow<Facts>>(
    len: usize,
    facts: impl Fn(usize) -> Option<(F, i64)>,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Ranked> {
    // One sort key per person; the index last keeps equal keys in input order, as a stable sort.
    let mut keys: Vec<SortKey> = (0..len)
        .filter_map(|index| {
            let (f, id) = facts(index)?;
            let f = f.borrow();
            if !f.in_custody() {
                return None;
            }
            let (total, band) = total(f, today, weights);
            Some((
                std::cmp::Reverse(total),
                std::cmp::Reverse(f.days_in_custody(today)),
                id,
                index,
                band,
            ))
        })
        .collect();
    keys.sort_unstable_by_key(|&(total, days, id, index, _)| (total, days, id, index));
    keys.into_iter()
        .map(|(total, _, _, index, band)| Ranked {
            index,
            total: total.0,
            band,
        })
        .collect()
}

/// [`rank_by`] on two or more threads, for `facts` whose detainee ids rise with the index (as a
/// roster loaded from the file does; otherwise it falls back to [`rank_by`]). The same order.
pub fn rank_by_parallel<F: std::borrow::Borrow<Facts>>(
    len: usize,
    facts: impl Fn(usize) -> Option<(F, i64)> + Sync,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Ranked> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = len.div_ceil(threads).max(1);
    let runs: Vec<KeyRun> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..len)
            .step_by(chunk)
            .map(|start| {
                let facts = &facts;
                s.spawn(move || key_run(start..(start + chunk).min(len), facts, today, weights))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let ids_rise = runs.iter().all(|r| r.ids_rise)
        && runs
            .windows(2)
            .all(|w| w[0].last_id.zip(w[1].first_id).is_none_or(|(a, b)| a < b));
    if !ids_rise || u32::try_from(len).is_err() {
        return rank_by(len, facts, today, weights);
    }
    merge_runs(runs.into_iter().map(|r| r.keys).collect())
        .into_iter()
        .map(|key| {
            let total = unpack_total(key);
            Ranked {
                index: (key & u128::from(u32::MAX)) as usize,
                total,
                band: Band::of(total, weights),
            }
        })
        .collect()
}

/// The sorted keys of one chunk, and whether its ids rise.
struct KeyRun {
    keys: Vec<u128>,
    ids_rise: bool,
    first_id: Option<i64>,
    last_id: Option<i64>,
}

fn key_run<F: std::borrow::Borrow<Facts>>(
    range: std::ops::Range<usize>,
    facts: &impl Fn(usize) -> Option<(F, i64)>,
    today: NaiveDate,
    weights: &Weights,
) -> KeyRun {
    let mut run = KeyRun {
        keys: Vec::new(),
        ids_rise: true,
        first_id: None,
        last_id: None,
    };
    for index in range {
        let Some((f, id)) = facts(index) else {
            continue;
        };
        run.ids_rise &= run.last_id.is_none_or(|last| last < id);
        run.first_id = run.first_id.or(Some(id));
        run.last_id = Some(id);
        let f = f.borrow();
        if f.in_custody() {
            let (total, _) = total(f, today, weights);
            run.keys
                .push(pack_key(total, f.days_in_custody(today), index));
        }
    }
    run.keys.sort_unstable();
    run
}

/// Most points, then longest held, then lowest index (= lowest id when ids rise) as one
/// integer: sorting it ascending is [`rank_by`]'s order. Days fit 32 bits (chrono's dates span
/// under 2^28 days), indexes are checked to.
fn pack_key(total: i64, days: i64, index: usize) -> u128 {
    let total = !((total as u64) ^ (1 << 63));
    let days = u32::MAX - u32::try_from(days).unwrap_or(u32::MAX);
    (u128::from(total) << 64) | (u128::from(days) << 32) | (index as u128 & u128::from(u32::MAX))
}

fn unpack_total(key: u128) -> i64 {
    (!((key >> 64) as u64) ^ (1 << 63)) as i64
}

/// Sorted runs merged into one sorted list.
fn merge_runs(mut runs: Vec<Vec<u128>>) -> Vec<u128> {
    while runs.len() > 1 {
        let b = runs.pop().unwrap_or_default();
        let a = runs.pop().unwrap_or_default();
        let mut merged = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i] <= b[j] {
                merged.push(a[i]);
                i += 1;
            } else {
                merged.push(b[j]);
                j += 1;
            }
        }
        merged.extend_from_slice(&a[i..]);
        merged.extend_from_slice(&b[j..]);
        runs.push(merged);
    }
    runs.pop().unwrap_or_default()
}
