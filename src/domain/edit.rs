//! What a change to a record is, independent of where it is typed: the fields of DOMAIN.md §6 by
//! name, each parsed and validated one at a time (the CSV import, `caseload add/update` and the
//! TUI form all go through [`Field::set`] and [`check`]), the effect of a hearing's outcome, the
//! field-by-field difference the audit trail records, and the changes a user can ask the store
//! to make. Plain values only.

use super::model::{
    AuditAction, BailStatus, Gender, Hearing, Outcome, Record, Stage, years_between,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod field;
pub use field::{Field, Kind};

/// Sets `fields` on `record` in the order of §6 (the next hearing last, so it takes the court
/// already set), then checks the whole record, its dates against `today` included
/// ([`super::validate::check_dates`]). Returns every problem, by field; the record keeps every
/// value that parsed.
pub fn apply_fields(
    record: &mut Record,
    fields: &[(Field, &str)],
    today: NaiveDate,
) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    let mut ordered: Vec<&(Field, &str)> = fields.iter().collect();
    ordered.sort_by_key(|(f, _)| (*f == Field::NextHearing, *f as usize));
    for (field, text) in ordered {
        if let Err(reason) = field.set(record, text) {
            problems.push((*field, reason));
        }
    }
    let failed: Vec<Field> = problems.iter().map(|(f, _)| *f).collect();
    problems.extend(check(record, &failed));
    problems.extend(super::validate::check_dates(record, today, &failed));
    problems.extend(super::validate::check_person(record, &failed));
    problems
}

/// Facts that cannot all be true at once (almost always typing mistakes). Checks that involve a
/// field in `failed` (one that did not parse) are skipped.
pub fn check(record: &Record, failed: &[Field]) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    let d = &record.detainee;
    if d.due_date.is_some() && d.pregnant != Some(true) {
        problems.push((
            Field::DueDate,
            "a due date needs `pregnant` to be yes".to_string(),
        ));
    }
    if d.pregnant == Some(true) && d.gender == Some(Gender::Male) {
        problems.push((Field::Pregnant, "is yes but `gender` is male".to_string()));
    }
    if failed.contains(&Field::ArrestDate) {
        return problems;
    }
    let arrest = record.case.arrest_date;
    if let Some(dob) = d.date_of_birth {
        if dob > arrest {
            let reason = format!("{dob} is after the arrest date");
            problems.push((Field::DateOfBirth, reason));
        } else if let Some(age) = d.age_at_arrest {
            let from_dob = years_between(dob, arrest);
            if age != from_dob {
                let reason = format!(
                    "{age} does not match the date of birth ({from_dob} at arrest on {arrest})"
                );
                problems.push((Field::Age, reason));
            }
        }
    }
    if let Some(i) = pending_hearing(record)
        && record.hearings[i].date < arrest
    {
        let reason = format!(
            "{} is before the arrest date {arrest}",
            record.hearings[i].date
        );
        problems.push((Field::NextHearing, reason));
    }
    problems
}

/// The hearing still waiting for an outcome (the latest one without), if any.
pub fn pending_hearing(record: &Record) -> Option<usize> {
    record.hearings.iter().rposition(|h| h.outcome.is_none())
}

pub(super) fn set_next_hearing(record: &mut Record, date: Option<NaiveDate>) {
    match (pending_hearing(record), date) {
        (Some(i), Some(date)) => record.hearings[i].date = date,
        (Some(i), None) => {
            record.hearings.remove(i);
        }
        (None, Some(date)) => record.hearings.push(Hearing {
            id: 0,
            date,
            court: record.case.court.clone(),
            purpose: Some("next hearing".to_string()),
            outcome: None,
        }),
        (None, None) => {}
    }
    record.hearings.sort_by_key(|h| h.date);
}

/// What happened at a hearing, as the "record hearing" form and `caseload hearing` take it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingEntry {
    pub outcome: Outcome,
    /// The date the court fixed for the next hearing.
    pub next: Option<NaiveDate>,
    pub note: Option<String>,
}

/// The record after the hearing of `today` (or the pending hearing before it) had `entry`'s
/// outcome. Bail granted, acquittal and release take the person out of custody: the record is
/// kept, with its stage or bail status changed.
pub fn apply_hearing(
    record: &Record,
    entry: &HearingEntry,
    today: NaiveDate,
) -> Result<Record, String> {
    if let Some(note) = &entry.note {
        super::limits::check_note(note)?;
    }
    let mut next = record.clone();
    let outcome = match entry.note.as_deref().map(str::trim) {
        Some(note) if !note.is_empty() => format!("{}: {note}", entry.outcome.label()),
        _ => entry.outcome.label().to_string(),
    };
    let held = next
        .hearings
        .iter()
        .rposition(|h| h.outcome.is_none() && h.date <= today);
    let heard_on = match held {
        Some(i) => {
            next.hearings[i].outcome = Some(outcome);
            next.hearings[i].date
        }
        None => {
            next.hearings.push(Hearing {
                id: 0,
                date: today,
                court: next.case.court.clone(),
                purpose: None,
                outcome: Some(outcome),
            });
            today
        }
    };
    if let Some(date) = entry.next {
        // Courts fix the next date weeks or months ahead; years ahead is a typing mistake.
        if date > today + chrono::Days::new(2 * 365) {
            return Err(format!(
                "the next date {date} is more than two years ahead: check the year"
            ));
        }
        if date <= heard_on {
            return Err(format!(
                "the next date {date} must be after the hearing on {heard_on}"
            ));
        }
        if !next.hearings.iter().any(|h| h.date == date) {
            next.hearings.push(Hearing {
                id: 0,
                date,
                court: next.case.court.clone(),
                purpose: None,
                outcome: None,
            });
        }
    }
    next.hearings.sort_by_key(|h| h.date);
    let c = &mut next.case;
    match entry.outcome {
        Outcome::BailGranted => c.bail_status = Some(BailStatus::Granted),
        Outcome::BailRefused => c.bail_status = Some(BailStatus::Rejected),
        Outcome::ChargeFramed if c.stage == Stage::Investigation => c.stage = Stage::Trial,
        Outcome::JudgmentReserved => c.stage = Stage::JudgmentReserved,
        Outcome::Acquitted => c.stage = Stage::Acquitted,
        Outcome::Convicted => c.stage = Stage::Convicted,
        Outcome::Released => c.stage = Stage::Released,
        _ => {}
    }
    Ok(next)
}

/// One line of a record's difference: the field (or `hearing`), old and new text (`None` when
/// blank or absent).
pub type FieldChange = (String, Option<String>, Option<String>);

/// What changed from `old` to `new`, field by field, for the audit trail and the conflict
/// screen. Hearings are compared one by one (by id; new ones have id 0).
pub fn diff(old: &Record, new: &Record) -> Vec<FieldChange> {
    let blank = |s: String| (!s.is_empty()).then_some(s);
    let mut changes = Vec::new();
    for &field in Field::ALL {
        if field == Field::NextHearing {
            continue;
        }
        let (a, b) = (field.get(old), field.get(new));
        if a != b {
            changes.push((field.name().to_string(), blank(a), blank(b)));
        }
    }
    let old_notes: Vec<_> = old.findings.iter().map(|f| &f.note).collect();
    let new_notes: Vec<_> = new.findings.iter().map(|f| &f.note).collect();
    if old_notes != new_notes && Field::Weaknesses.get(old) == Field::Weaknesses.get(new) {
        changes.push((
            "weaknesses".into(),
            Some(findings(old)),
            Some(findings(new)),
        ));
    }
    for h in &old.hearings {
        match new.hearings.iter().find(|n| n.id == h.id && h.id != 0) {
            Some(n) if n != h => changes.push((
                "hearing".into(),
                Some(hearing_text(h)),
                Some(hearing_text(n)),
            )),
            Some(_) => {}
            None => changes.push(("hearing".into(), Some(hearing_text(h)), None)),
        }
    }
    for n in &new.hearings {
        if n.id == 0 || !old.hearings.iter().any(|h| h.id == n.id) {
            changes.push(("hearing".into(), None, Some(hearing_text(n))));
        }
    }
    changes
}

fn findings(record: &Record) -> String {
    let parts: Vec<String> = record
        .findings
        .iter()
        .map(|f| match &f.note {
            Some(note) => format!("{}: {note}", f.code.code()),
            None => f.code.code().to_string(),
        })
        .collect();
    parts.join("; ")
}

/// A hearing as one line: `2026-12-02 · court · purpose → outcome`.
pub fn hearing_text(h: &Hearing) -> String {
    let mut line = h.date.to_string();
    for part in [&h.court, &h.purpose].into_iter().flatten() {
        line.push_str(" · ");
        line.push_str(part);
    }
    if let Some(outcome) = &h.outcome {
        line.push_str(" → ");
        line.push_str(outcome);
    }
    line
}

/// Your changes re-applied over theirs: every field you changed from the `base` you started
/// from takes your value; everything else keeps theirs. New hearings of yours are added.
pub fn merge(base: &Record, yours: &Record, theirs: &Record) -> Record {
    let mut merged = theirs.clone();
    for &field in Field::ALL {
        if field == Field::NextHearing {
            continue;
        }
        let mine = field.get(yours);
        if mine != field.get(base) {
            // Both texts came from `get`, so they parse.
            let _ = field.set(&mut merged, &mine);
        }
    }
    if yours.findings != base.findings {
        merged.findings = yours.findings.clone();
    }
    for h in &yours.hearings {
        match base.hearings.iter().find(|b| b.id == h.id && h.id != 0) {
            Some(b) if b == h => {}
            Some(_) => {
                if let Some(t) = merged.hearings.iter_mut().find(|t| t.id == h.id) {
                    *t = h.clone();
                }
            }
            None => merged.hearings.push(h.clone()),
        }
    }
    merged.hearings.sort_by_key(|h| h.date);
    merged
}

/// A record with what the store keeps about it beyond the domain: its version and whether it
/// is archived.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned {
    pub record: Record,
    /// Bumped by every change to the person, case, hearings or findings.
    pub version: i64,
    pub archived: bool,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// The login name of whoever made the change.
    pub actor: String,
    /// add, edit, delete, restore, import, hearing, undo or redo.
    pub action: String,
    pub detainee_id: i64,
    /// A DOMAIN.md §6 field name, `hearing`, `archived`, or none for the whole record.
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

impl AuditEntry {
    /// The entry as one line: when, who, what, which field, old → new (sanitised for display).
    pub fn line(&self) -> String {
        let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_string());
        let line = match &self.field {
            Some(field) => format!(
                "{} {} {} {field}: {} → {}",
                self.at,
                self.actor,
                self.action,
                value(&self.old_value),
                value(&self.new_value)
            ),
            None => format!(
                "{} {} {} {}",
                self.at,
                self.actor,
                self.action,
                value(&self.new_value)
            ),
        };
        super::text::sanitize(&line)
    }
}

/// A change a user asks the store to make. Each is one transaction with its audit rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// A new person.
    Add { record: Record },
    /// The whole record replaced by `record`, if it is still at `version`.
    Update {
        id: i64,
        version: i64,
        record: Record,
        action: AuditAction,
    },
    /// A hearing's outcome, applied to the record as it stands at `version`.
    Hearing {
        id: i64,
        version: i64,
        entry: HearingEntry,
        today: NaiveDate,
    },
    /// Archive (the program's "delete"): hidden from the lists, restorable, history kept.
    Archive {
        id: i64,
        version: i64,
        action: AuditAction,
    },
    /// Bring an archived person back.
    Restore {
        id: i64,
        version: i64,
        action: AuditAction,
    },
    /// Two records of one person made one (the duplicate review's `m`).
    Merge(Box<super::merge::Merge>),
    /// A merge undone: both people as they were.
    Unmerge(Box<super::merge::Merge>),
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
