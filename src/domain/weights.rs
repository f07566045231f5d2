//! Urgency weights, thresholds and bands (DOMAIN.md §4): the defaults, and the clinic's TOML file
//! that overrides any of them. Unknown keys are an error so a typo never silently does nothing.

use super::model::Weakness;
use serde::{Deserialize, Serialize};

/// The commented defaults file that `caseload weights` prints; a test keeps it equal to
/// `Weights::default()`.
pub const DEFAULT_WEIGHTS_TOML: &str = include_str!("../../assets/weights.toml");

/// Everything the triage rules can be tuned by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub points: Points,
    pub thresholds: Thresholds,
    pub weakness: WeaknessPoints,
    pub bands: Bands,
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
    pub low_quantity_grams: f64,
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
            low_quantity_grams: 100.0,
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

/// A weights file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WeightsError(String);

impl Weights {
    /// Parses a weights file; keys left out keep their defaults.
    pub fn from_toml(text: &str) -> Result<Weights, WeightsError> {
        let weights: Weights =
            toml::from_str(text).map_err(|e| WeightsError(one_line(&e.to_string())))?;
        weights.validate()?;
        Ok(weights)
    }

    fn validate(&self) -> Result<(), WeightsError> {
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
mod tests {
    use super::*;

    #[test]
    fn shipped_defaults_file_matches_built_in_defaults() {
        let parsed = Weights::from_toml(DEFAULT_WEIGHTS_TOML).expect("defaults parse");
        assert_eq!(parsed, Weights::default());
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let w = Weights::from_toml("[points]\npregnant = 50\n").expect("parses");
        assert_eq!(w.points.pregnant, 50);
        assert_eq!(w.points.juvenile, 45);
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = Weights::from_toml("[points]\npregnent = 50\n").expect_err("typo");
        assert!(err.to_string().contains("pregnent"), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");
    }
}
