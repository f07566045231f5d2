//! Facts that cannot be, checked wherever a record is typed (the CSV import, `caseload
//! add/update`, the TUI form, all through [`super::edit::apply_fields`]): dates in the future or
//! implausibly old (issue 11 point 9), and people the law's provisos cannot describe (children in
//! prison recorded for a man). Kept apart from the field parsing and length limits in `edit`.
//! Contradictions that are a lawyer's judgment, not a typing mistake (a capital charge after the
//! 2023 amendment, a Sindh 2024 case before the Act), are warnings: see [`law_warnings`].

use super::edit::Field;
use super::model::{Gender, Record, years_between};
use super::triage::score;
use super::weights::Weights;
use chrono::{Days, NaiveDate};

/// Nobody is in pre-trial custody, or arrested, more than this many years ago.
const OLDEST_YEARS: u32 = 50;
/// Nobody is older than this.
const OLDEST_PERSON_YEARS: u32 = 120;
/// Courts fix the next date weeks or months ahead, never years.
const HEARING_AHEAD_DAYS: u64 = 2 * 365;
/// A due date lies at most about 42 weeks ahead.
const DUE_AHEAD_DAYS: u64 = 42 * 7;

/// Every date of `record` that cannot be true on `today`, by field. Fields in `failed` (did not
/// parse) are skipped.
pub fn check_dates(record: &Record, today: NaiveDate, failed: &[Field]) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    let d = &record.detainee;
    let c = &record.case;
    let mut past = |field: Field, date: Option<NaiveDate>, oldest: u32| {
        let Some(date) = date.filter(|_| !failed.contains(&field)) else {
            return;
        };
        if date > today {
            problems.push((field, format!("{date} is after today ({today})")));
        } else if years_between(date, today) >= oldest {
            problems.push((
                field,
                format!("{date} is more than {oldest} years ago: check the year"),
            ));
        }
    };
    past(Field::ArrestDate, Some(c.arrest_date), OLDEST_YEARS);
    past(Field::FirDate, c.fir_date, OLDEST_YEARS);
    past(Field::JudgmentDate, c.judgment_date, OLDEST_YEARS);
    past(Field::DateOfBirth, d.date_of_birth, OLDEST_PERSON_YEARS);
    if let (Some(judgment), false) = (c.judgment_date, failed.contains(&Field::JudgmentDate))
        && judgment < c.arrest_date
    {
        let reason = format!("{judgment} is before the arrest date {}", c.arrest_date);
        problems.push((Field::JudgmentDate, reason));
    }
    let latest_hearing = today + Days::new(HEARING_AHEAD_DAYS);
    if let Some(i) = super::edit::pending_hearing(record)
        && !failed.contains(&Field::NextHearing)
        && record.hearings[i].date > latest_hearing
    {
        let reason = format!(
            "{} is more than two years ahead: check the year",
            record.hearings[i].date
        );
        problems.push((Field::NextHearing, reason));
    }
    if let Some(due) = d.due_date.filter(|_| !failed.contains(&Field::DueDate))
        && due > today + Days::new(DUE_AHEAD_DAYS)
    {
        let reason = format!("{due} is more than 42 weeks ahead: check the date");
        problems.push((Field::DueDate, reason));
    }
    problems
}

/// People the record cannot describe: children living in prison with a man (they stay with
/// their mother), ages that do not match the number of children.
pub fn check_person(record: &Record, failed: &[Field]) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    let d = &record.detainee;
    let children = d.children_in_prison.unwrap_or(0);
    if children > 0
        && d.gender == Some(Gender::Male)
        && d.pregnant != Some(true)
        && !failed.contains(&Field::ChildrenInPrison)
    {
        problems.push((
            Field::ChildrenInPrison,
            "children live in prison with their mother, but `gender` is male".to_string(),
        ));
    }
    if !d.children_ages.is_empty()
        && !failed.contains(&Field::ChildrenAges)
        && d.children_ages.len() != children as usize
    {
        problems.push((
            Field::ChildrenAges,
            format!(
                "{} ages given for {children} children in prison",
                d.children_ages.len()
            ),
        ));
    }
    problems
}

/// Warnings, not errors, for a record that may be right but needs a lawyer's look: the notices
/// of [`super::law::notices`] that point at the record itself.
pub fn law_warnings(record: &Record, today: NaiveDate, weights: &Weights) -> Vec<String> {
    const ABOUT_THE_RECORD: &[&str] = &[
        "capital_after_2023",
        "sindh_before_act",
        "pregnant_gender_blank",
    ];
    score(record, today, weights)
        .notices
        .into_iter()
        .filter(|n| ABOUT_THE_RECORD.contains(&n.id))
        .map(|n| n.text)
        .collect()
}

/// A CNIC: 13 digits, with or without the dashes of `12345-1234567-1`; kept as digits.
pub fn parse_cnic(text: &str) -> Result<String, String> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    if digits.len() == 13 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(format!(
            "'{text}' is not a CNIC (13 digits, like 12345-1234567-1)"
        ))
    }
}

/// `;`-separated whole years; blank means none recorded.
pub fn parse_ages(text: &str) -> Result<Vec<u32>, String> {
    text.split(';')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse::<u32>()
                .ok()
                .filter(|&n| n <= 18)
                .ok_or_else(|| format!("'{a}' is not a child's age in whole years (0 to 18)"))
        })
        .collect()
}

/// A sentence in years (decimals allowed).
pub fn parse_years(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|y| y.is_finite() && (0.0..=100.0).contains(y))
        .ok_or_else(|| format!("'{text}' is not a sentence in years (like 4 or 2.5)"))
}
