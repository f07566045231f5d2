//! The one wording of a likely match ("may be #12 Muhammad Aslam s/o Ghulam Rasool, 34,
//! Adiala"), shared by `caseload add`, `caseload import` and the TUI's add form.

use super::Pair;
use crate::domain::model::{Gender, Record};
use crate::domain::text::sanitize;
use chrono::NaiveDate;

/// A person as a likely-match warning names them: "Muhammad Aslam s/o Ghulam Rasool, 34,
/// Adiala" (name, father's or husband's name, age today, prison), sanitised for the terminal.
pub fn who(record: &Record, today: NaiveDate) -> String {
    let d = &record.detainee;
    let mut text = d.name.clone();
    if let Some(father) = d.father_name.as_deref().filter(|f| !f.trim().is_empty()) {
        // The import's `father_name` holds a woman's father's or husband's name (DOMAIN.md §6).
        let link = match d.gender {
            Some(Gender::Female) => "d/o or w/o",
            _ => "s/o",
        };
        text.push_str(&format!(" {link} {father}"));
    }
    if let Some(age) = record.age_on(today) {
        text.push_str(&format!(", {age}"));
    }
    if let Some(prison) = d.prison.as_deref().filter(|p| !p.trim().is_empty()) {
        text.push_str(&format!(", {prison}"));
    }
    sanitize(&text)
}

/// One likely match as a warning line: "may be #12 Muhammad Aslam s/o …, 34, Adiala (same
/// name key and father's name; ages 34 and 35)".
pub fn may_be(pair: &Pair, existing: &Record, today: NaiveDate) -> String {
    format!(
        "may be #{} {} ({})",
        existing.detainee.id,
        who(existing, today),
        sanitize(&pair.reasons)
    )
}
