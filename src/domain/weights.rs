//! Urgency weights, thresholds and bands (DOMAIN.md §4): the defaults, and the clinic's TOML file
//! that overrides any of them. Unknown keys are an error so a typo never silently does nothing.

use super::model::{Law, Stage, Substance, Weakness};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod signals;
use signals::is_signal;
pub use signals::{SIGNALS, Sig, sig};

/// The commented defaults file that `caseload weights` prints; a test keeps it equal to
/// `Weights::default()`.
pub const DEFAULT_WEIGHTS_TOML: &str = include_str!("../../assets/weights.toml");

/// Everything the triage rules can be tuned by. `signals` and `slab` are merged by name / id
/// onto the shipped defaults (see [`Weights::from_toml`]), so a clinic file names only what it
/// changes or switches off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    #[serde(default)]
    pub points: Points,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub weakness: WeaknessPoints,
    #[serde(default)]
    pub bands: Bands,
    #[serde(default)]
    pub law: LawSettings,
    /// Per score signal: its basis, the laws, stages and offence dates it applies to, or off.
    #[serde(default)]
    pub signals: BTreeMap<String, SignalRule>,
    /// Punishment slabs by law version and substance (DOMAIN.md §2).
    #[serde(default)]
    pub slab: Vec<Slab>,
    /// `signals` by [`Sig::index`], built by [`Weights::compile`].
    #[serde(skip)]
    compiled: Vec<SignalRule>,
}

impl Default for Weights {
    fn default() -> Self {
        let (signals, slab) = shipped_rules().clone();
        let mut weights = Weights {
            points: Points::default(),
            thresholds: Thresholds::default(),
            weakness: WeaknessPoints::default(),
            bands: Bands::default(),
            law: LawSettings::default(),
            signals,
            slab,
            compiled: Vec::new(),
        };
        weights.compile();
        weights
    }
}

/// The `[signals]` and `[[slab]]` of the shipped file, parsed once. The file is checked by a
/// test; an error here is a build defect, and leaves the rules empty rather than panicking.
fn shipped_rules() -> &'static (BTreeMap<String, SignalRule>, Vec<Slab>) {
    static RULES: OnceLock<(BTreeMap<String, SignalRule>, Vec<Slab>)> = OnceLock::new();
    RULES.get_or_init(|| match toml::from_str::<Weights>(DEFAULT_WEIGHTS_TOML) {
        Ok(w) => (w.signals, w.slab),
        Err(_) => (BTreeMap::new(), Vec::new()),
    })
}

/// The dates that decide which version of an Act governs an offence, and the post-conviction
/// settings. Every date here is a clinic setting: check it against the Gazette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LawSettings {
    /// CNSA (Amendment) 2022: the s.9(1) table by substance and s.9A. Offences on or after.
    pub cnsa_2022_amendment: NaiveDate,
    /// CNSA (Amendment) 2023: no death penalty under s.9. Offences on or after.
    pub cnsa_2023_amendment: NaiveDate,
    /// Sindh CNSA 2024 in force (offences on or after); earlier Sindh offences: CNSA 1997.
    pub sindh_2024_commencement: NaiveDate,
    /// A capital charge recorded on a CNSA offence after the 2023 amendment is inconsistent:
    /// by default the non-capital statutory-bail period is used; `true` keeps the recorded charge.
    pub capital_after_2023_as_recorded: bool,
    /// Days from judgment to appeal to the High Court. Unconfirmed until checked against CNSA
    /// s.48 and the Limitation Act 1908; set `appeal_days_confirmed` once the clinic has.
    pub appeal_days: u32,
    pub appeal_days_confirmed: bool,
    /// The appeal deadline counts as near this many days before it.
    pub appeal_near_days: i64,
}

impl Default for LawSettings {
    fn default() -> Self {
        LawSettings {
            cnsa_2022_amendment: date(2022, 9, 1),
            cnsa_2023_amendment: date(2023, 1, 1),
            sindh_2024_commencement: date(2024, 10, 1),
            capital_after_2023_as_recorded: false,
            appeal_days: 30,
            appeal_days_confirmed: false,
            appeal_near_days: 10,
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Where one score signal applies and what it rests on. Every field is optional so that a
/// clinic's `[signals.NAME]` changes only what it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SignalRule {
    pub basis: Option<String>,
    /// A different basis under some laws (e.g. Sindh 2024, where s.35 excludes CrPC s.497).
    pub basis_by_law: Option<BTreeMap<Law, String>>,
    /// Only under these laws (all when left out).
    pub laws: Option<Vec<Law>>,
    /// Only at these stages (all when left out).
    pub stages: Option<Vec<Stage>>,
    /// Only for offences on or after / before these dates.
    pub offence_from: Option<NaiveDate>,
    pub offence_before: Option<NaiveDate>,
    /// Switched off: the signal never scores.
    pub disabled: Option<bool>,
}

impl SignalRule {
    fn overlay(&mut self, other: SignalRule) {
        macro_rules! take {
            ($($field:ident),*) => { $(if other.$field.is_some() { self.$field = other.$field; })* };
        }
        take!(
            basis,
            basis_by_law,
            laws,
            stages,
            offence_from,
            offence_before,
            disabled
        );
    }

    /// Whether the signal may score for a case under `law` at `stage` for an offence on `offence`.
    pub fn applies(&self, law: Law, stage: Stage, offence: NaiveDate) -> bool {
        self.disabled != Some(true)
            && self.laws.as_ref().is_none_or(|l| l.contains(&law))
            && self.stages.as_ref().is_none_or(|s| s.contains(&stage))
            && self.offence_from.is_none_or(|d| offence >= d)
            && self.offence_before.is_none_or(|d| offence < d)
    }

    /// The basis to show under `law`.
    pub fn basis_for(&self, law: Law) -> &str {
        self.basis_by_law
            .as_ref()
            .and_then(|m| m.get(&law))
            .or(self.basis.as_ref())
            .map_or("", String::as_str)
    }
}

/// One punishment slab of one version of an Act: quantities up to `max_grams` (no limit when
/// left out) of the listed substances (all when empty), punishable with up to `max_years`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Slab {
    pub id: String,
    /// Law version codes (see `domain::law::Version`).
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub substances: Vec<Substance>,
    pub max_grams: Option<f64>,
    /// The maximum punishment in years (decides the juvenile offence class).
    pub max_years: Option<f64>,
    #[serde(default)]
    pub label: String,
    /// Not yet checked against the Gazette: said wherever the slab is used.
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub disabled: bool,
}

/// Points added by each signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Points {
    pub pregnant: i64,
    pub pregnant_late: i64,
    pub juvenile: i64,
    pub under_sixteen: i64,
    pub juvenile_claimed: i64,
    pub woman: i64,
    pub children_in_prison: i64,
    pub children_in_prison_each_more: i64,
    pub children_in_prison_max: i64,
    pub sick_or_infirm: i64,
    pub opioid_dependence: i64,
    pub custody_per_year: i64,
    pub custody_max_years: i64,
    pub statutory_bail_due: i64,
    pub statutory_bail_near: i64,
    pub low_quantity: i64,
    pub no_lawyer: i64,
    pub bail_never_sought: i64,
    pub hearing_very_soon: i64,
    pub hearing_soon: i64,
    pub no_hearing_scheduled: i64,
    pub first_offence: i64,
    /// Convicted: the appeal deadline is within `[law] appeal_near_days`.
    pub appeal_deadline_near: i64,
}

impl Default for Points {
    fn default() -> Self {
        Points {
            pregnant: 40,
            pregnant_late: 15,
            juvenile: 45,
            under_sixteen: 10,
            juvenile_claimed: 25,
            woman: 10,
            children_in_prison: 10,
            children_in_prison_each_more: 5,
            children_in_prison_max: 20,
            sick_or_infirm: 15,
            opioid_dependence: 8,
            custody_per_year: 20,
            custody_max_years: 2,
            statutory_bail_due: 30,
            statutory_bail_near: 10,
            low_quantity: 10,
            no_lawyer: 15,
            bail_never_sought: 10,
            hearing_very_soon: 15,
            hearing_soon: 8,
            no_hearing_scheduled: 8,
            first_offence: 5,
            appeal_deadline_near: 40,
        }
    }
}

/// Ages, periods and quantities at which signals switch on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub pregnant_late_weeks: i64,
    pub juvenile_age: u32,
    pub under_sixteen_age: u32,
    pub elderly_age: u32,
    /// CrPC s.497 third proviso, in months of continuous detention from arrest.
    pub statutory_bail_months_man: u32,
    pub statutory_bail_months_man_capital: u32,
    pub statutory_bail_months_woman: u32,
    pub statutory_bail_months_woman_capital: u32,
    pub statutory_bail_near_days: i64,
    pub bail_never_sought_days: i64,
    pub hearing_very_soon_days: i64,
    pub hearing_soon_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            pregnant_late_weeks: 28,
            juvenile_age: 18,
            under_sixteen_age: 16,
            elderly_age: 60,
            statutory_bail_months_man: 12,
            statutory_bail_months_man_capital: 24,
            statutory_bail_months_woman: 6,
            statutory_bail_months_woman_capital: 12,
            statutory_bail_near_days: 30,
            bail_never_sought_days: 14,
            hearing_very_soon_days: 2,
            hearing_soon_days: 7,
        }
    }
}

/// Points for each case-weakness finding (DOMAIN.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WeaknessPoints {
    pub sample_late: i64,
    pub no_lab_report: i64,
    pub lab_report_defective: i64,
    pub custody_chain_gap: i64,
    pub packets_not_sampled: i64,
    pub quantity_disputed: i64,
    pub near_slab_boundary: i64,
    pub prosecution_delay: i64,
    pub no_independent_witness: i64,
    pub other: i64,
}

impl Default for WeaknessPoints {
    fn default() -> Self {
        WeaknessPoints {
            sample_late: 15,
            no_lab_report: 12,
            lab_report_defective: 12,
            custody_chain_gap: 12,
            packets_not_sampled: 10,
            quantity_disputed: 10,
            near_slab_boundary: 8,
            prosecution_delay: 8,
            no_independent_witness: 2,
            other: 5,
        }
    }
}

impl WeaknessPoints {
    /// The points for one finding.
    pub fn for_code(&self, code: Weakness) -> i64 {
        match code {
            Weakness::SampleLate => self.sample_late,
            Weakness::NoLabReport => self.no_lab_report,
            Weakness::LabReportDefective => self.lab_report_defective,
            Weakness::CustodyChainGap => self.custody_chain_gap,
            Weakness::PacketsNotSampled => self.packets_not_sampled,
            Weakness::QuantityDisputed => self.quantity_disputed,
            Weakness::NearSlabBoundary => self.near_slab_boundary,
            Weakness::ProsecutionDelay => self.prosecution_delay,
            Weakness::NoIndependentWitness => self.no_independent_witness,
            Weakness::Other => self.other,
        }
    }
}

/// Score thresholds of the bands, and the signals that lift a person to at least "high".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Bands {
    pub critical: i64,
    pub high: i64,
    pub medium: i64,
    /// Signal names (as in `caseload explain`) that make a person at least "high".
    pub floor_high: Vec<String>,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            critical: 100,
            high: 60,
            medium: 30,
            floor_high: vec![
                "juvenile".into(),
                "pregnant".into(),
                "statutory_bail_due".into(),
            ],
        }
    }
}

static NO_RULE: SignalRule = SignalRule {
    basis: None,
    basis_by_law: None,
    laws: None,
    stages: None,
    offence_from: None,
    offence_before: None,
    disabled: None,
};

/// A weights file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WeightsError(String);

impl Weights {
    /// Parses a weights file; keys left out keep their defaults. `[signals.NAME]` tables change
    /// only the fields they give; a `[[slab]]` with a shipped id replaces (or, with
    /// `disabled = true`, removes) that slab, a new id adds one.
    pub fn from_toml(text: &str) -> Result<Weights, WeightsError> {
        retired_keys(text)?;
        let mut weights: Weights =
            toml::from_str(text).map_err(|e| WeightsError(one_line(&e.to_string())))?;
        let (default_signals, default_slabs) = shipped_rules().clone();
        let mut signals = default_signals;
        for (name, rule) in std::mem::take(&mut weights.signals) {
            if !is_signal(&name) {
                return Err(WeightsError(format!(
                    "[signals.{name}]: no such signal (see `caseload explain` for the names)"
                )));
            }
            signals.entry(name).or_default().overlay(rule);
        }
        weights.signals = signals;
        let mut slabs = default_slabs;
        for slab in std::mem::take(&mut weights.slab) {
            match slabs.iter_mut().find(|s| s.id == slab.id) {
                Some(shipped) => *shipped = slab,
                None => slabs.push(slab),
            }
        }
        slabs.retain(|s| !s.disabled);
        weights.slab = slabs;
        weights.validate()?;
        weights.compile();
        Ok(weights)
    }

    /// Builds the by-index table of the signal rules (after `signals` changed).
    pub fn compile(&mut self) {
        let names = SIGNALS
            .iter()
            .copied()
            .chain(Weakness::ALL.iter().map(|w| w.code()));
        self.compiled = names
            .map(|name| self.signals.get(name).cloned().unwrap_or_default())
            .collect();
    }

    /// The rule of one signal, by index (an empty rule, which always applies, when none).
    pub fn signal_at(&self, sig: Sig) -> &SignalRule {
        self.compiled.get(sig.index).unwrap_or(&NO_RULE)
    }

    /// The rule of one signal (an empty rule, which always applies, when none is written).
    pub fn signal(&self, name: &str) -> &SignalRule {
        self.signals.get(name).unwrap_or(&NO_RULE)
    }

    fn validate(&self) -> Result<(), WeightsError> {
        for slab in &self.slab {
            if slab.label.trim().is_empty() || slab.versions.is_empty() {
                return Err(WeightsError(format!(
                    "[[slab]] id = \"{}\": a new slab needs `versions` and `label`",
                    slab.id
                )));
            }
        }
        let b = &self.bands;
        if !(b.critical > b.high && b.high > b.medium) {
            return Err(WeightsError(format!(
                "[bands]: critical ({}) must be above high ({}), and high above medium ({})",
                b.critical, b.high, b.medium
            )));
        }
        Ok(())
    }
}

/// Keys an earlier caseload wrote into `caseload weights` whose meaning has moved: a clinic's
/// copy that still sets one is told where the setting lives now, instead of the setting being
/// dropped without a word (or a bare "unknown field").
const RETIRED_KEYS: &[(&str, &str)] = &[(
    "low_quantity_grams",
    "is no longer used: which quantity is low now depends on the law and the offence date; \
     change `max_grams` of the `[[slab]]` rows (see `caseload weights`) and remove this line",
)];

fn retired_keys(text: &str) -> Result<(), WeightsError> {
    for (number, line) in text.lines().enumerate() {
        let key = line.split('=').next().unwrap_or_default().trim();
        if let Some((_, advice)) = RETIRED_KEYS.iter().find(|(k, _)| *k == key) {
            return Err(WeightsError(format!(
                "line {}: `{key}` {advice}",
                number + 1
            )));
        }
    }
    Ok(())
}

/// toml's errors span several lines with a source excerpt; keep the first line and the message.
fn one_line(message: &str) -> String {
    let mut lines = message.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default().trim().to_string();
    match lines.next_back() {
        Some(last) if last.trim() != first => format!("{first}: {}", last.trim()),
        _ => first,
    }
}

#[cfg(test)]
#[path = "weights_tests.rs"]
mod tests;
