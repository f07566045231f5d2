//! Merging two records of one person (issue 16 §3), as data: which fields a merge chooses
//! between, where two records differ, and the surviving record built from a choice per field.
//! Pure: the store carries a [`Merge`] out in one transaction and can undo it.
//!
//! The survivor keeps its own id and case row; its fields come from the side chosen for each
//! (its own where nothing was chosen). Hearings and findings are not chosen: both people's are
//! kept, under the survivor's case. The other person is archived as "merged into #N".

use super::edit::Field;
use super::model::Record;
use serde::{Deserialize, Serialize};

/// Which of the two records a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The survivor's own value (the record shown on the left, or above).
    Left,
    /// The other record's value.
    Right,
}

/// One merge (or its undo) for the store: person `other` into person `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Merge {
    /// The survivor, expected at `version`.
    pub id: i64,
    pub version: i64,
    /// The person archived as merged into `id`; at `other_version` when given (a redo merges
    /// them as they stand).
    pub other: i64,
    pub other_version: Option<i64>,
    /// Merging: the survivor as chosen field by field. Undoing: the survivor as it was before.
    pub record: Record,
}

/// Hearings and findings are kept from both records, never chosen between.
fn chosen(field: Field) -> bool {
    !matches!(field, Field::NextHearing | Field::Weaknesses)
}

/// The fields a merge chooses between, in the order of DOMAIN.md §6.
pub fn fields() -> impl Iterator<Item = Field> {
    Field::ALL.iter().copied().filter(|&f| chosen(f))
}

/// The fields whose values differ between `left` and `right`.
pub fn differences(left: &Record, right: &Record) -> Vec<Field> {
    fields().filter(|f| f.get(left) != f.get(right)).collect()
}

/// The side kept for a field until the user chooses: the survivor's own value, unless it has
/// none and the other record has one. A merge made without a look at every field then loses
/// nothing that only the other record knew (an age, a prison, a CNIC).
pub fn default_side(left: &str, right: &str) -> Side {
    match left.trim().is_empty() && !right.trim().is_empty() {
        true => Side::Right,
        false => Side::Left,
    }
}

/// The survivor: `left` (its id, case, hearings and findings) with each field in `choices`
/// that says [`Side::Right`] taken from `right`. A value that no longer parses (it cannot, both
/// come from the file) is the error, naming the field.
pub fn merged(left: &Record, right: &Record, choices: &[(Field, Side)]) -> Result<Record, String> {
    let mut survivor = left.clone();
    for &(field, side) in choices {
        if side == Side::Right && chosen(field) {
            field
                .set(&mut survivor, &field.get(right))
                .map_err(|reason| format!("{}: {reason}", field.name()))?;
        }
    }
    Ok(survivor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Finding, Weakness};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("date")
    }

    #[test]
    fn the_survivor_takes_each_chosen_field_and_keeps_the_rest() {
        let mut left = Record::new("Muhammad Aslam", day(1));
        left.detainee.id = 1;
        left.detainee.father_name = Some("Ghulam Rasool".into());
        left.detainee.age_at_arrest = Some(34);
        let mut right = Record::new("Mohd. Aslam", day(9));
        right.detainee.id = 2;
        right.detainee.age_at_arrest = Some(35);
        right.detainee.cnic = Some("3520212345671".into());
        right.findings.push(Finding {
            code: Weakness::NoLabReport,
            note: None,
        });
        let differ = differences(&left, &right);
        assert_eq!(
            differ,
            [
                Field::Name,
                Field::FatherName,
                Field::Age,
                Field::ArrestDate,
                Field::Cnic
            ]
        );
        let choices = [
            (Field::Age, Side::Right),
            (Field::Cnic, Side::Right),
            (Field::Name, Side::Left),
            (Field::Weaknesses, Side::Right),
        ];
        let survivor = merged(&left, &right, &choices).expect("merges");
        assert_eq!(survivor.detainee.id, 1);
        assert_eq!(survivor.detainee.name, "Muhammad Aslam");
        assert_eq!(
            survivor.detainee.father_name.as_deref(),
            Some("Ghulam Rasool")
        );
        assert_eq!(survivor.detainee.age_at_arrest, Some(35));
        assert_eq!(survivor.detainee.cnic.as_deref(), Some("3520212345671"));
        assert_eq!(survivor.case.arrest_date, day(1));
        assert!(
            survivor.findings.is_empty(),
            "findings are moved, not chosen"
        );
    }

    #[test]
    fn until_chosen_a_field_keeps_the_survivors_value_unless_only_the_other_has_one() {
        for (left, right, want) in [
            ("Muhammad Aslam", "Mohd Aslam", Side::Left),
            ("34", "", Side::Left),
            ("", "35", Side::Right),
            ("  ", "Adiala", Side::Right),
            ("", "", Side::Left),
            ("", "  ", Side::Left),
        ] {
            assert_eq!(default_side(left, right), want, "{left:?} / {right:?}");
        }
    }
}
