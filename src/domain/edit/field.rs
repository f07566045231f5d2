//! The fields of DOMAIN.md §6 by name: how each is entered, parsed and set on a record, one at
//! a time (the CSV import, `caseload add/update` and the TUI form all go through
//! [`Field::set`]).

use super::super::model::{
    BailStatus, Finding, Gender, Health, Law, Record, Stage, Substance, Weakness, parse_date,
    parse_yes_no,
};
use super::super::{limits, validate};
use super::{pending_hearing, set_next_hearing};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// How a field's value is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text; blank means not recorded.
    Text,
    /// A date in any DOMAIN.md §6 format.
    Date,
    /// A number typed as text (whole years, a count, grams).
    Number,
    /// One of a closed list, chosen not typed; `""` (not recorded) is first when allowed.
    Choice,
    /// Any number of codes from a closed list.
    Multi,
}

/// Declares the fields with their §6 names and form labels, in the order of DOMAIN.md §6.
macro_rules! fields {
    ($($variant:ident = $name:literal $label:literal),+ $(,)?) => {
        /// A field of a record, named as in DOMAIN.md §6 (the CSV columns and `field=value`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Field { $($variant),+ }

        impl Field {
            /// Every field, in the order of DOMAIN.md §6.
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            /// The name in CSV headers, `field=value` arguments and audit rows.
            pub fn name(self) -> &'static str {
                match self { $(Field::$variant => $name),+ }
            }

            /// The label the form shows.
            pub fn label(self) -> &'static str {
                match self { $(Field::$variant => $label),+ }
            }
        }
    };
}

fields!(
    Name = "name" "Name",
    FatherName = "father_name" "Father/husband",
    Gender = "gender" "Gender",
    DateOfBirth = "date_of_birth" "Date of birth",
    Age = "age" "Age at arrest",
    JuvenileClaimed = "juvenile_claimed" "Juvenile claimed",
    Pregnant = "pregnant" "Pregnant",
    DueDate = "due_date" "Due date",
    ChildrenInPrison = "children_in_prison" "Children in prison",
    Health = "health" "Health",
    Prison = "prison" "Prison",
    PrisonerNumber = "prisoner_number" "Prisoner no.",
    Law = "law" "Law",
    Section = "section" "Section",
    FirNumber = "fir_number" "FIR no.",
    PoliceStation = "police_station" "Police station",
    District = "district" "District",
    FirDate = "fir_date" "FIR date",
    ArrestDate = "arrest_date" "Arrest date",
    NextHearing = "next_hearing" "Next hearing",
    Substance = "substance" "Substance",
    QuantityGrams = "quantity_grams" "Quantity (g)",
    Stage = "stage" "Stage",
    BailStatus = "bail_status" "Bail",
    CapitalCharge = "capital_charge" "Capital charge",
    PreviousConviction = "previous_conviction" "Previous conviction",
    DelayByDefence = "delay_by_defence" "Delay by defence",
    FirstOffence = "first_offence" "First offence",
    Court = "court" "Court",
    Lawyer = "lawyer" "Lawyer",
    Notes = "notes" "Notes",
    Weaknesses = "weaknesses" "Weaknesses",
    // Added with schema 5 (DOMAIN.md §6's later columns), last so that forms keep their order.
    PreviousConvictionDeathLife = "previous_conviction_death_life" "Prev. conviction death/life",
    Cnic = "cnic" "CNIC",
    ChildrenAges = "children_ages" "Children's ages",
    JudgmentDate = "judgment_date" "Judgment date",
    SentenceYears = "sentence_years" "Sentence (years)",
);

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&v| code(v)).collect()
}

impl Field {
    /// The field with this §6 name (case-insensitive, trimmed).
    pub fn from_name(name: &str) -> Option<Field> {
        let wanted = name.trim().to_lowercase();
        Field::ALL.iter().copied().find(|f| f.name() == wanted)
    }

    /// Every field name, for error messages.
    pub fn known() -> String {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        names.join(", ")
    }

    /// A record cannot be saved without it.
    pub fn required(self) -> bool {
        matches!(self, Field::Name | Field::ArrestDate)
    }

    /// How the value is entered.
    pub fn kind(self) -> Kind {
        use Field as F;
        match self {
            F::Gender
            | F::JuvenileClaimed
            | F::Pregnant
            | F::Law
            | F::Substance
            | F::Stage
            | F::BailStatus
            | F::CapitalCharge
            | F::PreviousConviction
            | F::PreviousConvictionDeathLife
            | F::DelayByDefence
            | F::FirstOffence => Kind::Choice,
            F::Health | F::Weaknesses => Kind::Multi,
            F::DateOfBirth
            | F::DueDate
            | F::FirDate
            | F::ArrestDate
            | F::NextHearing
            | F::JudgmentDate => Kind::Date,
            F::Age | F::ChildrenInPrison | F::QuantityGrams | F::SentenceYears => Kind::Number,
            _ => Kind::Text,
        }
    }

    /// The values a choice or multi field takes, as codes. A choice that may be blank starts
    /// with `""` (not recorded); law and stage always have a value.
    pub fn choices(self) -> Vec<&'static str> {
        use Field as F;
        let mut list = match self {
            F::Gender => codes(Gender::ALL, Gender::code),
            F::Law => return codes(Law::ALL, Law::code),
            F::Stage => return codes(Stage::ALL, Stage::code),
            F::Substance => codes(Substance::ALL, Substance::code),
            F::BailStatus => codes(BailStatus::ALL, BailStatus::code),
            F::Health => return codes(Health::ALL, Health::code),
            F::Weaknesses => return codes(Weakness::ALL, Weakness::code),
            _ if self.kind() == Kind::Choice => vec!["yes", "no"],
            _ => return Vec::new(),
        };
        list.insert(0, "");
        list
    }

    /// The field's value in `record` as canonical text: ISO dates, `yes`/`no`, codes, lists
    /// joined with `;`. Blank when not recorded.
    pub fn get(self, record: &Record) -> String {
        use Field as F;
        let d = &record.detainee;
        let c = &record.case;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let date = |v: Option<NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
        let yes_no = |v: Option<bool>| match v {
            Some(true) => "yes".to_string(),
            Some(false) => "no".to_string(),
            None => String::new(),
        };
        let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        match self {
            F::Name => d.name.clone(),
            F::FatherName => text(&d.father_name),
            F::Cnic => text(&d.cnic),
            F::Gender => d.gender.map(|g| g.code().to_string()).unwrap_or_default(),
            F::DateOfBirth => date(d.date_of_birth),
            F::Age => num(d.age_at_arrest),
            F::JuvenileClaimed => yes_no(d.juvenile_claimed),
            F::Pregnant => yes_no(d.pregnant),
            F::DueDate => date(d.due_date),
            F::ChildrenInPrison => num(d.children_in_prison),
            F::ChildrenAges => {
                let ages: Vec<String> = d.children_ages.iter().map(u32::to_string).collect();
                ages.join(";")
            }
            F::Health => codes(&d.health, Health::code).join(";"),
            F::Prison => text(&d.prison),
            F::PrisonerNumber => text(&d.prisoner_number),
            F::Law => c.law.code().to_string(),
            F::Section => text(&c.section),
            F::FirNumber => text(&c.fir_number),
            F::PoliceStation => text(&c.police_station),
            F::District => text(&c.district),
            F::FirDate => date(c.fir_date),
            F::ArrestDate => c.arrest_date.to_string(),
            F::NextHearing => date(pending_hearing(record).map(|i| record.hearings[i].date)),
            F::Substance => c
                .substance
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
            F::QuantityGrams => c.quantity_grams.map(|g| g.to_string()).unwrap_or_default(),
            F::Stage => c.stage.code().to_string(),
            F::BailStatus => c
                .bail_status
                .map(|b| b.code().to_string())
                .unwrap_or_default(),
            F::CapitalCharge => yes_no(c.capital_charge),
            F::PreviousConviction => yes_no(c.previous_conviction),
            F::PreviousConvictionDeathLife => yes_no(c.previous_conviction_death_life),
            F::DelayByDefence => yes_no(c.delay_by_defence),
            F::FirstOffence => yes_no(c.first_offence),
            F::JudgmentDate => date(c.judgment_date),
            F::SentenceYears => c.sentence_years.map(|y| y.to_string()).unwrap_or_default(),
            F::Court => text(&c.court),
            F::Lawyer => text(&c.lawyer),
            F::Notes => text(&d.notes),
            F::Weaknesses => {
                let list: Vec<&str> = record.findings.iter().map(|f| f.code.code()).collect();
                list.join(";")
            }
        }
    }

    /// Parses `text` (trimmed; blank = not recorded) and stores it in `record`. On error the
    /// record is unchanged and the reason names the accepted values.
    pub fn set(self, record: &mut Record, text: &str) -> Result<(), String> {
        use Field as F;
        let text = text.trim();
        limits::check(self, text)?;
        if text.is_empty() && self.required() {
            return Err("required value is empty".to_string());
        }
        let d = &mut record.detainee;
        let c = &mut record.case;
        match self {
            F::Name => d.name = text.to_string(),
            F::FatherName => d.father_name = opt_text(text),
            F::Cnic => d.cnic = blank_or(text, validate::parse_cnic)?,
            F::Gender => d.gender = code(text)?,
            F::DateOfBirth => d.date_of_birth = date(text)?,
            F::Age => d.age_at_arrest = blank_or(text, parse_age)?,
            F::JuvenileClaimed => d.juvenile_claimed = parse_yes_no(text)?,
            F::Pregnant => d.pregnant = parse_yes_no(text)?,
            F::DueDate => d.due_date = date(text)?,
            F::ChildrenInPrison => d.children_in_prison = blank_or(text, parse_count)?,
            F::ChildrenAges => d.children_ages = validate::parse_ages(text)?,
            F::Health => d.health = list(text)?,
            F::Prison => d.prison = opt_text(text),
            F::PrisonerNumber => d.prisoner_number = opt_text(text),
            F::Law => c.law = code(text)?.unwrap_or(Law::Cnsa1997),
            F::Section => c.section = opt_text(text),
            F::FirNumber => c.fir_number = opt_text(text),
            F::PoliceStation => c.police_station = opt_text(text),
            F::District => c.district = opt_text(text),
            F::FirDate => c.fir_date = date(text)?,
            F::ArrestDate => c.arrest_date = parse_date(text)?,
            F::NextHearing => set_next_hearing(record, date(text)?),
            F::Substance => c.substance = code(text)?,
            F::QuantityGrams => c.quantity_grams = blank_or(text, parse_grams)?,
            F::Stage => c.stage = code(text)?.unwrap_or(Stage::Investigation),
            F::BailStatus => c.bail_status = code(text)?,
            F::CapitalCharge => c.capital_charge = parse_yes_no(text)?,
            F::PreviousConviction => c.previous_conviction = parse_yes_no(text)?,
            F::PreviousConvictionDeathLife => {
                c.previous_conviction_death_life = parse_yes_no(text)?
            }
            F::DelayByDefence => c.delay_by_defence = parse_yes_no(text)?,
            F::FirstOffence => c.first_offence = parse_yes_no(text)?,
            F::JudgmentDate => c.judgment_date = date(text)?,
            F::SentenceYears => c.sentence_years = blank_or(text, validate::parse_years)?,
            F::Court => c.court = opt_text(text),
            F::Lawyer => c.lawyer = opt_text(text),
            F::Notes => d.notes = opt_text(text),
            F::Weaknesses => {
                let wanted: Vec<Weakness> = list(text)?;
                let old = std::mem::take(&mut record.findings);
                record.findings = wanted
                    .into_iter()
                    .map(|code| {
                        let note = old
                            .iter()
                            .find(|f| f.code == code)
                            .and_then(|f| f.note.clone());
                        Finding { code, note }
                    })
                    .collect();
            }
        }
        Ok(())
    }
}

fn opt_text(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn blank_or<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if text.is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

fn code<T: FromStr<Err = String>>(text: &str) -> Result<Option<T>, String> {
    blank_or(text, T::from_str)
}

fn date(text: &str) -> Result<Option<NaiveDate>, String> {
    blank_or(text, parse_date)
}

/// Every `;`-separated code; blank items are ignored; the first bad one is the error.
fn list<T: FromStr<Err = String> + PartialEq>(text: &str) -> Result<Vec<T>, String> {
    let mut items = Vec::new();
    for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let value = T::from_str(item)?;
        if !items.contains(&value) {
            items.push(value);
        }
    }
    Ok(items)
}

fn parse_age(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|age| *age <= 120)
        .ok_or_else(|| format!("'{text}' is not a whole number of years from 0 to 120"))
}

fn parse_count(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .map_err(|_| format!("'{text}' is not a whole number (0 or more)"))
}

fn parse_grams(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|g| g.is_finite() && *g >= 0.0)
        .ok_or_else(|| format!("'{text}' is not a number of grams (0 or more, like 120 or 12.5)"))
}
