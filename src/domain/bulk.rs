//! The same change for many people at once (issue 14 §5: the people marked in the TUI): assign
//! a lawyer, set the next hearing and its court, record one hearing outcome for each, or
//! archive. Pure: each person's record before → after, or the one sentence saying why it
//! cannot be changed. The store saves them all in one transaction ([`crate::store::ManyChange`]).

use super::edit::{Field, HearingEntry, apply_fields, apply_hearing};
use super::model::Record;
use chrono::NaiveDate;

/// What is done to every marked person.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkEdit {
    /// The same values for these fields (the lawyer; the next hearing date and court).
    Fields(Vec<(Field, String)>),
    /// The same outcome recorded for each person's hearing (their pending one, or today's).
    Hearing(HearingEntry),
    /// Archive them.
    Archive,
}

impl BulkEdit {
    /// `record` after the change, or why it cannot be made (naming the field). Archiving
    /// leaves the record as it is (the store sets the flag).
    pub fn apply(&self, record: &Record, today: NaiveDate) -> Result<Record, String> {
        match self {
            BulkEdit::Fields(fields) => {
                let mut after = record.clone();
                let texts: Vec<(Field, &str)> =
                    fields.iter().map(|(f, t)| (*f, t.as_str())).collect();
                let problems = apply_fields(&mut after, &texts, today);
                if problems.is_empty() {
                    Ok(after)
                } else {
                    let why: Vec<String> = problems
                        .iter()
                        .map(|(field, reason)| format!("{}: {reason}", field.name()))
                        .collect();
                    Err(why.join("; "))
                }
            }
            BulkEdit::Hearing(entry) => apply_hearing(record, entry, today),
            BulkEdit::Archive => Ok(record.clone()),
        }
    }

    /// The change in a few words, for the confirm question and the footer: "lawyer →
    /// 'Ayesha Siddiqui'", "outcome adjourned, next 2026-12-20", "archive".
    pub fn describe(&self) -> String {
        match self {
            BulkEdit::Fields(fields) => fields
                .iter()
                .map(|(field, text)| match text.is_empty() {
                    true => format!("{} cleared", field.label()),
                    false => format!("{} → '{text}'", field.label()),
                })
                .collect::<Vec<_>>()
                .join(", "),
            BulkEdit::Hearing(entry) => {
                let mut what = format!("hearing outcome {}", entry.outcome.code());
                if let Some(next) = entry.next {
                    what.push_str(&format!(", next {next}"));
                }
                what
            }
            BulkEdit::Archive => "archive".to_string(),
        }
    }

    /// Archiving rather than changing the record.
    pub fn is_archive(&self) -> bool {
        matches!(self, BulkEdit::Archive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Outcome;

    fn person() -> Record {
        let mut record = Record::new(
            "Muhammad Aslam",
            NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"),
        );
        record.case.court = Some("Special Court CNS Multan".into());
        record
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
    }

    #[test]
    fn fields_are_set_and_the_rest_kept() {
        let edit = BulkEdit::Fields(vec![(Field::Lawyer, "Ayesha Siddiqui".into())]);
        let after = edit.apply(&person(), today()).expect("applies");
        assert_eq!(after.case.lawyer.as_deref(), Some("Ayesha Siddiqui"));
        assert_eq!(after.case.court, person().case.court);
        assert_eq!(edit.describe(), "Lawyer → 'Ayesha Siddiqui'");
    }

    #[test]
    fn a_bad_value_names_the_field() {
        let edit = BulkEdit::Fields(vec![(Field::NextHearing, "32/13/2026".into())]);
        let why = edit.apply(&person(), today()).expect_err("refused");
        assert!(why.starts_with("next_hearing: "), "{why}");
    }

    #[test]
    fn a_hearing_outcome_is_recorded_with_the_next_date() {
        let next = NaiveDate::from_ymd_opt(2026, 12, 20).expect("date");
        let edit = BulkEdit::Hearing(HearingEntry {
            outcome: Outcome::Adjourned,
            next: Some(next),
            note: None,
        });
        let after = edit.apply(&person(), today()).expect("applies");
        assert!(
            after
                .hearings
                .iter()
                .any(|h| h.date == next && h.outcome.is_none())
        );
        assert_eq!(
            edit.describe(),
            "hearing outcome adjourned, next 2026-12-20"
        );
    }
}
