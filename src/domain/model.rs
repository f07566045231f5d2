//! The records a clinic keeps: a detainee, their case, its hearings and the weakness findings a
//! lawyer recorded. Plain values only: no database, no terminal.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares a closed set of codes, each with its stored/imported spelling, accepted aliases and a
/// human label, plus `FromStr` (case-insensitive, trimmed) and `Display` (the code).
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal [$($alias:literal),*] $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as stored in the database and written in CSV files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// A short human label for screens and checklists.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The accepted spellings, for error messages.
            pub fn expected() -> String {
                [$($code),+].join(", ")
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_lowercase();
                $(
                    if wanted == $code $(|| wanted == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                Err(format!("'{}' is not one of {}", s.trim(), Self::expected()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum!(
    /// Gender as recorded in the FIR or by the prison.
    Gender {
        Male = "male" ["m"] "male",
        Female = "female" ["f"] "female",
        Transgender = "transgender" ["t"] "transgender",
    }
);

code_enum!(
    /// The statute the case is brought under (DOMAIN.md §2).
    Law {
        Cnsa1997 = "cnsa1997" [] "CNSA 1997 (federal)",
        Sindh2024 = "sindh2024" [] "Sindh CNSA 2024",
        Kp2019 = "kp2019" [] "KP CNSA 2019",
        Punjab2025 = "punjab2025" [] "Punjab CNSA 2025",
    }
);

code_enum!(
    /// The substance recovered.
    Substance {
        Charas = "charas" [] "charas",
        Heroin = "heroin" [] "heroin",
        Opium = "opium" [] "opium",
        Ice = "ice" [] "ice (methamphetamine)",
        Cocaine = "cocaine" [] "cocaine",
        PoppyStraw = "poppy_straw" [] "poppy straw",
        Other = "other" [] "other substance",
    }
);

code_enum!(
    /// Where the case stands.
    Stage {
        Investigation = "investigation" [] "investigation",
        Trial = "trial" [] "trial",
        JudgmentReserved = "judgment_reserved" [] "judgment reserved",
        Convicted = "convicted" [] "convicted",
        Acquitted = "acquitted" [] "acquitted",
        Released = "released" [] "released",
    }
);

code_enum!(
    /// The state of the bail application.
    BailStatus {
        NotApplied = "not_applied" [] "not applied",
        Pending = "pending" [] "pending",
        Rejected = "rejected" [] "rejected",
        Granted = "granted" [] "granted",
    }
);

code_enum!(
    /// Health conditions that matter in custody. Sensitive: kept out of exports unless asked.
    Health {
        Hiv = "hiv" [] "HIV",
        Tb = "tb" [] "TB",
        HepatitisC = "hepatitis_c" [] "hepatitis C",
        OpioidDependence = "opioid_dependence" [] "opioid dependence",
        Disability = "disability" [] "disability",
        MentalIllness = "mental_illness" [] "mental illness",
        SeriousIllness = "serious_illness" [] "serious illness",
    }
);

code_enum!(
    /// Case-weakness findings recorded by the lawyer who read the file (DOMAIN.md §3).
    Weakness {
        SampleLate = "sample_late" [] "samples reached the lab more than 72 hours after seizure",
        NoLabReport = "no_lab_report" [] "no chemical examiner's report on file",
        LabReportDefective = "lab_report_defective" [] "lab report omits the tests, results or protocols used",
        CustodyChainGap = "custody_chain_gap" [] "gap in the chain of custody of the samples",
        PacketsNotSampled = "packets_not_sampled" [] "packets not sampled separately",
        QuantityDisputed = "quantity_disputed" [] "weights differ between FIR, recovery memo and lab",
        NearSlabBoundary = "near_slab_boundary" [] "quantity just above a lower-punishment slab",
        ProsecutionDelay = "prosecution_delay" [] "adjournments sought by the prosecution",
        NoIndependentWitness = "no_independent_witness" [] "only police witnesses",
        Other = "other" [] "other weakness",
    }
);

code_enum!(
    /// What happened at a hearing (the "record hearing" list). Some outcomes move the person out
    /// of custody or on to the next stage: see [`crate::domain::edit::apply_hearing`].
    Outcome {
        Adjourned = "adjourned" [] "adjourned",
        BailGranted = "bail_granted" ["bail granted", "bail"] "bail granted",
        BailRefused = "bail_refused" ["bail refused"] "bail refused",
        ChargeFramed = "charge_framed" ["charge framed"] "charge framed",
        Evidence = "evidence" [] "evidence recorded",
        Arguments = "arguments" [] "arguments heard",
        JudgmentReserved = "judgment_reserved" ["judgment reserved"] "judgment reserved",
        Acquitted = "acquitted" [] "acquitted",
        Convicted = "convicted" [] "convicted",
        Released = "released" [] "released",
        Other = "other" [] "other",
    }
);

code_enum!(
    /// The kind of change an audit row records.
    AuditAction {
        Add = "add" [] "added",
        Edit = "edit" [] "edited",
        Delete = "delete" [] "archived",
        Restore = "restore" [] "restored",
        Import = "import" [] "imported",
        Hearing = "hearing" [] "hearing recorded",
        Undo = "undo" [] "undone",
        Redo = "redo" [] "redone",
        Export = "export" [] "checklist exported",
    }
);

impl Health {
    /// Conditions that make a person "sick or infirm" under CrPC s.497 first proviso.
    /// Opioid dependence is scored on its own (it calls for substitution therapy).
    pub fn is_sickness(self) -> bool {
        !matches!(self, Health::OpioidDependence)
    }
}

impl Stage {
    /// Acquitted and released people are no longer in custody.
    pub fn in_custody(self) -> bool {
        !matches!(self, Stage::Acquitted | Stage::Released)
    }

    /// The trial has not concluded: the s.497 third-proviso clock still runs.
    pub fn trial_pending(self) -> bool {
        matches!(
            self,
            Stage::Investigation | Stage::Trial | Stage::JudgmentReserved
        )
    }
}

/// A person held in custody (or formerly held), as the clinic knows them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Detainee {
    /// Database id; 0 before the record is saved.
    pub id: i64,
    pub name: String,
    /// Father's or husband's name as written in the FIR.
    pub father_name: Option<String>,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    /// Whole years at arrest, when no date of birth is known.
    pub age_at_arrest: Option<u32>,
    /// Says they were under 18 at arrest, not yet verified.
    pub juvenile_claimed: Option<bool>,
    pub pregnant: Option<bool>,
    pub due_date: Option<NaiveDate>,
    /// Children living with her in prison.
    pub children_in_prison: Option<u32>,
    /// Their ages in whole years, when recorded.
    #[serde(default)]
    pub children_ages: Vec<u32>,
    /// National identity card number, 13 digits without dashes (helps tell people apart).
    #[serde(default)]
    pub cnic: Option<String>,
    pub health: Vec<Health>,
    pub prison: Option<String>,
    pub prisoner_number: Option<String>,
    pub notes: Option<String>,
}

/// The narcotics case a detainee is held on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: i64,
    pub law: Law,
    pub section: Option<String>,
    pub fir_number: Option<String>,
    pub fir_date: Option<NaiveDate>,
    pub police_station: Option<String>,
    pub district: Option<String>,
    pub arrest_date: NaiveDate,
    pub substance: Option<Substance>,
    pub quantity_grams: Option<f64>,
    pub stage: Stage,
    pub bail_status: Option<BailStatus>,
    /// Charged with an offence punishable with death (doubles the statutory-bail period).
    pub capital_charge: Option<bool>,
    /// Any previous conviction (proportionality; first offender). Does not by itself block
    /// statutory bail: see `previous_conviction_death_life`.
    pub previous_conviction: Option<bool>,
    /// Previously convicted of an offence punishable with death or life (s.497 fourth proviso).
    #[serde(default)]
    pub previous_conviction_death_life: Option<bool>,
    /// Delay in the trial caused by the defence (defeats statutory bail).
    pub delay_by_defence: Option<bool>,
    pub first_offence: Option<bool>,
    pub court: Option<String>,
    pub lawyer: Option<String>,
    /// Convicted: the date of the judgment (the appeal period runs from it).
    #[serde(default)]
    pub judgment_date: Option<NaiveDate>,
    /// Convicted: the sentence in years.
    #[serde(default)]
    pub sentence_years: Option<f64>,
}

impl Case {
    /// A case with only the required field set; the rest unknown.
    pub fn new(arrest_date: NaiveDate) -> Case {
        Case {
            id: 0,
            law: Law::Cnsa1997,
            section: None,
            fir_number: None,
            fir_date: None,
            police_station: None,
            district: None,
            arrest_date,
            substance: None,
            quantity_grams: None,
            stage: Stage::Investigation,
            bail_status: None,
            capital_charge: None,
            previous_conviction: None,
            delay_by_defence: None,
            first_offence: None,
            court: None,
            lawyer: None,
            previous_conviction_death_life: None,
            judgment_date: None,
            sentence_years: None,
        }
    }
}

/// A court date in the case: past (with an outcome) or coming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    pub id: i64,
    pub date: NaiveDate,
    pub court: Option<String>,
    pub purpose: Option<String>,
    pub outcome: Option<String>,
}

/// One weakness in the prosecution case, with the lawyer's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Weakness,
    pub note: Option<String>,
}

/// Everything triage and checklists need about one person: the detainee and their case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub detainee: Detainee,
    pub case: Case,
    /// Sorted by date, oldest first.
    pub hearings: Vec<Hearing>,
    pub findings: Vec<Finding>,
}

impl Record {
    /// A record with a name and arrest date and nothing else known.
    pub fn new(name: &str, arrest_date: NaiveDate) -> Record {
        Record {
            detainee: Detainee {
                name: name.to_string(),
                ..Detainee::default()
            },
            case: Case::new(arrest_date),
            hearings: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Still held: not released, acquitted, or granted bail.
    pub fn in_custody(&self) -> bool {
        self.case.stage.in_custody() && self.case.bail_status != Some(BailStatus::Granted)
    }

    /// Whole days from arrest to `today` (0 if the arrest date is in the future).
    pub fn days_in_custody(&self, today: NaiveDate) -> i64 {
        (today - self.case.arrest_date).num_days().max(0)
    }

    /// Age in whole years at arrest: from the date of birth when known, else as recorded.
    pub fn age_at_arrest(&self) -> Option<u32> {
        match self.detainee.date_of_birth {
            Some(dob) => Some(years_between(dob, self.case.arrest_date)),
            None => self.detainee.age_at_arrest,
        }
    }

    /// Age in whole years today (approximate when only the age at arrest is known).
    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        let d = &self.detainee;
        age_on(
            d.date_of_birth,
            d.age_at_arrest,
            self.case.arrest_date,
            today,
        )
    }

    /// Treated as a woman for the s.497 provisos: recorded female, or pregnant (see
    /// [`crate::domain::triage::Facts::treated_as_woman`]).
    pub fn is_woman(&self) -> bool {
        self.detainee.gender == Some(Gender::Female) || self.detainee.pregnant == Some(true)
    }

    /// The date that chooses the version of the law: the FIR date, else the arrest date.
    pub fn offence_date(&self) -> NaiveDate {
        self.case.fir_date.unwrap_or(self.case.arrest_date)
    }

    /// The first hearing on or after `today`; today's once its outcome is recorded has been
    /// held, and is not it (the store's roster read agrees: `store/roster/scan.rs`).
    pub fn next_hearing(&self, today: NaiveDate) -> Option<&Hearing> {
        self.hearings
            .iter()
            .filter(|h| h.date > today || (h.date == today && h.outcome.is_none()))
            .min_by_key(|h| h.date)
    }
}

/// Whole years from `from` to `to` (0 when `to` is earlier).
/// The one age rule: whole years `today` from the date of birth, else the age at arrest plus
/// the years since (approximate).
pub fn age_on(
    date_of_birth: Option<NaiveDate>,
    age_at_arrest: Option<u32>,
    arrest_date: NaiveDate,
    today: NaiveDate,
) -> Option<u32> {
    match date_of_birth {
        Some(dob) => Some(years_between(dob, today)),
        None => age_at_arrest.map(|age| age + years_between(arrest_date, today)),
    }
}

pub fn years_between(from: NaiveDate, to: NaiveDate) -> u32 {
    use chrono::Datelike;
    if to < from {
        return 0;
    }
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Parses a date in any of the formats of DOMAIN.md §6: `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY`,
/// `DD.MM.YYYY`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    for format in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Ok(date);
        }
    }
    Err(format!(
        "'{text}' is not a date (use YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY)"
    ))
}

/// Parses yes/no in the spellings of DOMAIN.md §6; blank means not recorded.
pub fn parse_yes_no(text: &str) -> Result<Option<bool>, String> {
    match text.trim().to_lowercase().as_str() {
        "" => Ok(None),
        "yes" | "y" | "true" | "1" => Ok(Some(true)),
        "no" | "n" | "false" | "0" => Ok(Some(false)),
        _ => Err(format!(
            "'{}' is not yes or no (use yes/no/y/n/true/false/1/0)",
            text.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn dates_parse_in_every_documented_format() {
        for text in [
            "2024-03-05",
            "05/03/2024",
            "05-03-2024",
            "05.03.2024",
            " 2024-03-05 ",
        ] {
            assert_eq!(parse_date(text), Ok(date(2024, 3, 5)), "{text}");
        }
        assert!(parse_date("2024-13-01").is_err());
        assert!(parse_date("March 5").is_err());
    }

    #[test]
    fn codes_parse_case_insensitively_with_aliases() {
        assert_eq!("F".parse::<Gender>(), Ok(Gender::Female));
        assert_eq!(" Transgender ".parse::<Gender>(), Ok(Gender::Transgender));
        assert_eq!(
            "POPPY_STRAW".parse::<Substance>(),
            Ok(Substance::PoppyStraw)
        );
        let err = "x".parse::<Gender>().expect_err("not a gender");
        assert_eq!(err, "'x' is not one of male, female, transgender");
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(years_between(date(2008, 6, 1), date(2024, 5, 31)), 15);
        assert_eq!(years_between(date(2008, 6, 1), date(2024, 6, 1)), 16);
        assert_eq!(years_between(date(2024, 6, 1), date(2008, 6, 1)), 0);
    }
}
