//! The law by date and place (DOMAIN.md §2): which version of which Act governs a case, chosen
//! from its law code and offence date (FIR date, else arrest date); the punishment slab a
//! quantity falls in; the juvenile offence class; and the notices a lawyer must read beside the
//! score (contradictions in the record, points the clinic has not confirmed). Pure: the dates
//! and slabs are data in the weights file ([`super::weights::LawSettings`], `[[slab]]`).

use super::model::{Gender, Law, Stage, Substance};
use super::triage::{Facts, StatutoryBail};
use super::weights::{LawSettings, Slab, Weights};
use chrono::NaiveDate;
use serde::Serialize;

/// One version of one Act, as it stood for an offence date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Version {
    /// CNSA 1997 before the 2022 amendment: the old s.9(a)-(c) slabs, no s.9A.
    Cnsa1997Original,
    /// CNSA 1997 as amended 2022: the s.9(1) table, s.9A; death still possible under s.9.
    Cnsa1997_2022,
    /// CNSA 1997 as amended 2022 and 2023: no death penalty under s.9.
    Cnsa1997_2023,
    Sindh2024,
    Kp2019,
    Punjab2025,
}

impl Version {
    /// The code slabs name in `versions = [...]`.
    pub fn code(self) -> &'static str {
        match self {
            Version::Cnsa1997Original => "cnsa1997_original",
            Version::Cnsa1997_2022 => "cnsa1997_2022",
            Version::Cnsa1997_2023 => "cnsa1997_2023",
            Version::Sindh2024 => "sindh2024",
            Version::Kp2019 => "kp2019",
            Version::Punjab2025 => "punjab2025",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Version::Cnsa1997Original => "CNSA 1997 before the 2022 amendment",
            Version::Cnsa1997_2022 => "CNSA 1997 as amended 2022",
            Version::Cnsa1997_2023 => "CNSA 1997 as amended 2022 and 2023",
            Version::Sindh2024 => "Sindh CNSA 2024",
            Version::Kp2019 => "KP CNSA 2019",
            Version::Punjab2025 => "Punjab CNSA 2025",
        }
    }

    /// A CNSA 1997 version (the federal Act), whatever the recorded law code.
    pub fn is_cnsa(self) -> bool {
        matches!(
            self,
            Version::Cnsa1997Original | Version::Cnsa1997_2022 | Version::Cnsa1997_2023
        )
    }
}

/// The version that governs a case, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Applicable {
    pub version: Version,
    /// The FIR date, else the arrest date.
    pub offence_date: NaiveDate,
    /// A `sindh2024` case whose offence predates the Act: CNSA 1997 may govern it.
    pub sindh_before_act: bool,
}

impl Applicable {
    /// "CNSA 1997 as amended 2022 — offence 2026-08-15", for the person's page and `explain`.
    pub fn label(&self) -> String {
        format!("{} — offence {}", self.version.label(), self.offence_date)
    }
}

/// The version for `law` and an offence on `offence_date`.
pub fn applicable(law: Law, offence_date: NaiveDate, dates: &LawSettings) -> Applicable {
    let cnsa = || {
        if offence_date < dates.cnsa_2022_amendment {
            Version::Cnsa1997Original
        } else if offence_date < dates.cnsa_2023_amendment {
            Version::Cnsa1997_2022
        } else {
            Version::Cnsa1997_2023
        }
    };
    let sindh_before_act = law == Law::Sindh2024 && offence_date < dates.sindh_2024_commencement;
    let version = match law {
        Law::Cnsa1997 => cnsa(),
        // The Sindh Act is not retrospective: the case is still shown under the Sindh rules the
        // lawyer recorded, with a warning that CNSA 1997 may govern it.
        Law::Sindh2024 => Version::Sindh2024,
        Law::Kp2019 => Version::Kp2019,
        Law::Punjab2025 => Version::Punjab2025,
    };
    Applicable {
        version,
        offence_date,
        sindh_before_act,
    }
}

/// Where a quantity stands among the slabs of its version.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SlabFinding<'w> {
    /// In this slab; `lowest` when it is the lowest for the substance.
    In { slab: &'w Slab, lowest: bool },
    /// No quantity recorded, or no substance where the version's slabs depend on it.
    QuantityUnknown,
    /// The weights file has no slab for this version (and substance).
    NotEncoded,
}

/// The slab `grams` of `substance` falls in under `version`.
pub fn slab_of<'w>(
    version: Version,
    substance: Option<Substance>,
    grams: Option<f64>,
    slabs: &'w [Slab],
) -> SlabFinding<'w> {
    let limit = |s: &Slab| s.max_grams.unwrap_or(f64::INFINITY);
    let of_version = || {
        slabs
            .iter()
            .filter(|s| !s.disabled && s.versions.iter().any(|v| v == version.code()))
    };
    // Rows by substance: without the substance, no row can be chosen.
    if substance.is_none() && of_version().any(|s| !s.substances.is_empty()) {
        return SlabFinding::QuantityUnknown;
    }
    let mut candidates: Vec<&Slab> = of_version()
        .filter(|s| {
            s.substances.is_empty() || substance.is_some_and(|sub| s.substances.contains(&sub))
        })
        .collect();
    // A substance-specific row wins over an "any substance" row with the same limit.
    candidates.sort_by(|a, b| {
        limit(a)
            .total_cmp(&limit(b))
            .then(b.substances.len().cmp(&a.substances.len()))
    });
    if candidates.is_empty() {
        return SlabFinding::NotEncoded;
    }
    let Some(grams) = grams else {
        return SlabFinding::QuantityUnknown;
    };
    match candidates.iter().position(|s| grams <= limit(s)) {
        Some(at) => SlabFinding::In {
            slab: candidates[at],
            lowest: at == 0,
        },
        None => SlabFinding::NotEncoded,
    }
}

/// The "low quantity" slab, when the quantity is in the lowest slab of its version.
pub fn lowest_slab(
    version: Version,
    substance: Option<Substance>,
    grams: Option<f64>,
    slabs: &[Slab],
) -> Option<&Slab> {
    match slab_of(version, substance, grams, slabs) {
        SlabFinding::In { slab, lowest: true } => Some(slab),
        _ => None,
    }
}

/// Juvenile Justice System Act 2018 s.6 classes, by maximum punishment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffenceClass {
    /// Up to 3 years: bail shall be granted.
    Minor,
    /// Over 3 and up to 7 years: bail shall be granted.
    Major,
    /// Over 7 years (or death): bail for a juvenile under 16; discretionary at 16-17.
    Heinous,
}

impl OffenceClass {
    pub fn of_years(max_years: f64) -> OffenceClass {
        if max_years <= 3.0 {
            OffenceClass::Minor
        } else if max_years <= 7.0 {
            OffenceClass::Major
        } else {
            OffenceClass::Heinous
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OffenceClass::Minor => "minor",
            OffenceClass::Major => "major",
            OffenceClass::Heinous => "heinous",
        }
    }
}

/// The offence class: heinous for a (consistent) capital charge, else from the slab's maximum.
/// `None` when the slab is unknown or not encoded; `unconfirmed` when its row is.
pub fn offence_class(finding: SlabFinding<'_>, capital: bool) -> (Option<OffenceClass>, bool) {
    if capital {
        return (Some(OffenceClass::Heinous), false);
    }
    match finding {
        SlabFinding::In { slab, .. } => {
            (slab.max_years.map(OffenceClass::of_years), slab.unconfirmed)
        }
        _ => (None, false),
    }
}

/// One line a lawyer must read beside the score: a contradiction in the record, a rule the
/// clinic has not confirmed, or how the person is being treated. `id` is stable for tests and
/// JSON; `text` is one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub id: &'static str,
    pub text: String,
}

impl Notice {
    pub fn new(id: &'static str, text: impl Into<String>) -> Notice {
        Notice {
            id,
            text: text.into(),
        }
    }
}

/// The notices for one person (see [`Notice`]): what `explain`, the checklist and the person's
/// page show under the score. Only the explained path builds them; ranking never does.
pub fn notices(
    f: &Facts,
    statutory_bail: Option<StatutoryBail>,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Notice> {
    let mut out = Vec::new();
    let applicable = f.applicable(weights);
    version_notices(f, &applicable, &weights.law, &mut out);
    gender_notices(f, &mut out);
    if let (Some(true), Some(due)) = (f.pregnant, f.due_date)
        && due < today
    {
        out.push(Notice::new(
            "due_date_passed",
            format!("Pregnancy due date {due} passed — update the record"),
        ));
    }
    if let Some(sb) = statutory_bail
        && let Some(why) = sb.blocked_by
    {
        out.push(Notice::new(
            "statutory_bail_blocked",
            format!(
                "Statutory bail would be due {} ({} months), but {why}: if the delay was not \
                 occasioned by the accused, or the exception does not hold, argue it",
                sb.due, sb.months
            ),
        ));
    }
    slab_notices(f, &applicable, weights, &mut out);
    appeal_notices(f, weights, &mut out);
    out
}

/// Which law governs: an offence before the Sindh Act, a capital charge after the 2023
/// amendment.
fn version_notices(
    f: &Facts,
    applicable: &Applicable,
    settings: &LawSettings,
    out: &mut Vec<Notice>,
) {
    if applicable.sindh_before_act {
        out.push(Notice::new(
            "sindh_before_act",
            format!(
                "The offence ({}) predates the Sindh CNSA 2024 (in force {}): CNSA 1997 may \
                 govern this case; check the law recorded",
                applicable.offence_date, settings.sindh_2024_commencement
            ),
        ));
    }
    if f.capital_charge == Some(true)
        && f.law == Law::Cnsa1997
        && applicable.version == Version::Cnsa1997_2023
    {
        let what = format!(
            "A capital charge is recorded on a CNSA offence after the 2023 amendment (in force \
             {}, date unconfirmed), which removed death from s.9",
            settings.cnsa_2023_amendment
        );
        let text = if settings.capital_after_2023_as_recorded {
            format!("{what}: the clinic keeps the recorded charge (capital period used)")
        } else {
            format!(
                "{what}: the non-capital statutory-bail period is used (the clinic can keep the \
                 charge with `[law] capital_after_2023_as_recorded`)"
            )
        };
        out.push(Notice::new("capital_after_2023", text));
    }
}

/// The punishment slab, where it decides something and is not encoded or not confirmed.
fn slab_notices(f: &Facts, applicable: &Applicable, weights: &Weights, out: &mut Vec<Notice>) {
    if f.stage.trial_pending() && f.quantity_grams.is_some() {
        match slab_of(
            applicable.version,
            f.substance,
            f.quantity_grams,
            &weights.slab,
        ) {
            SlabFinding::NotEncoded => out.push(Notice::new(
                "slab_not_encoded",
                format!(
                    "Punishment slab for this Act not encoded ({}): no low-quantity ground is scored",
                    applicable.version.label()
                ),
            )),
            // Said where the slab decides something: the low-quantity ground, or a
            // juvenile's offence class.
            SlabFinding::In { slab, lowest }
                if slab.unconfirmed
                    && (lowest
                        || f
                            .age_at_arrest()
                            .is_some_and(|a| a < weights.thresholds.juvenile_age)) =>
            {
                out.push(Notice::new(
                "slab_unconfirmed",
                format!(
                    "Slab: {} (unconfirmed: check against the Gazette)",
                    slab.label
                ),
            ))
            }
            _ => {}
        }
    }
}

/// A convicted person's appeal deadline, or the missing judgment date that hides it.
fn appeal_notices(f: &Facts, weights: &Weights, out: &mut Vec<Notice>) {
    let settings = &weights.law;
    if f.stage == Stage::Convicted {
        match f.appeal_deadline(weights) {
            Some(deadline) => out.push(Notice::new(
                "appeal_deadline",
                format!(
                    "Appeal deadline {deadline}: {} days from the judgment of {}{}",
                    settings.appeal_days,
                    f.judgment_date.unwrap_or(deadline),
                    super::triage::unconfirmed_appeal(weights)
                ),
            )),
            None => out.push(Notice::new(
                "judgment_date_missing",
                "Convicted, but no judgment date is recorded: the appeal deadline cannot be shown",
            )),
        }
    }
}

/// Children may stay in prison with their mother up to about this age (3 in Balochistan):
/// DOMAIN.md §2, unconfirmed against current provincial rules.
const CHILD_AGE_LIMIT: u32 = 6;

/// The notices only a full record can give (the ranking facts leave these out): a convicted
/// person held longer than the sentence; a child in prison past the usual age limit.
pub fn record_notices(record: &super::model::Record, today: NaiveDate) -> Vec<Notice> {
    let c = &record.case;
    let days = record.days_in_custody(today);
    let mut out = Vec::new();
    if let Some(age) = record.detainee.children_ages.iter().max()
        && *age > CHILD_AGE_LIMIT
    {
        out.push(Notice::new(
            "child_over_age_limit",
            format!(
                "A child aged {age} lives with her in prison: children usually stay up to about \
                 {CHILD_AGE_LIMIT} (3 in Balochistan; unconfirmed against current provincial \
                 rules): ask about the child's care"
            ),
        ));
    }
    out.extend(match c.sentence_years {
        Some(years) if c.stage == Stage::Convicted && days as f64 > years * 365.25 => {
            vec![Notice::new(
                "sentence_served",
                format!(
                    "Held {days} days since arrest, longer than the sentence of {years} years: \
                     ask for release (detention before judgment counts towards the sentence, \
                     CrPC s.382-B)"
                ),
            )]
        }
        _ => Vec::new(),
    });
    out
}

/// How the first proviso's "any woman" is being applied, said where it is not plain.
fn gender_notices(f: &Facts, out: &mut Vec<Notice>) {
    let pregnant = f.pregnant == Some(true);
    match f.gender {
        Some(Gender::Transgender) if !pregnant => out.push(Notice::new(
            "transgender",
            "Transgender: treated under the men's statutory-bail period and without the \
             first-proviso 'woman' ground; whether the proviso covers her is counsel's call",
        )),
        Some(Gender::Transgender) => out.push(Notice::new(
            "transgender",
            "Transgender and pregnant: treated as a woman (first proviso, women's period); \
             counsel's call",
        )),
        None if pregnant => out.push(Notice::new(
            "pregnant_gender_blank",
            "Pregnant, gender not recorded: treated as a woman (first proviso, women's period); \
             record the gender",
        )),
        Some(Gender::Male) if pregnant => out.push(Notice::new(
            "pregnant_male",
            "Pregnant but recorded as male: treated as a woman; correct the record",
        )),
        _ => {}
    }
    if f.gender == Some(Gender::Male) && !pregnant && f.children_in_prison.is_some_and(|n| n > 0) {
        out.push(Notice::new(
            "children_for_a_man",
            "Children in prison are recorded for a man: not scored (children stay with their \
             mother); correct the record",
        ));
    }
}
