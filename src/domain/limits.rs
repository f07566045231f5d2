//! How long a typed or imported value may be: one table, so the CSV import, `caseload
//! add/update`, the TUI form and a hearing's note refuse the same things, and one enormous value
//! (a 50 MB `notes` cell) can neither bloat the file nor make a person's page slow to draw.

use super::edit::{Field, Kind};

/// Notes (a person's, a hearing's) may hold a long account: 64 KB.
pub const NOTE_BYTES: usize = 64 * 1024;

/// The longest value `field` takes: characters for names and short text, bytes for notes.
fn limit(field: Field) -> Limit {
    match field {
        // The longest real names with father's and family names fit easily in 200.
        Field::Name | Field::FatherName => Limit::Chars(200),
        Field::Notes => Limit::Bytes(NOTE_BYTES),
        // Prison, court, lawyer, FIR number, police station…: a line of text.
        _ if field.kind() == Kind::Text => Limit::Chars(500),
        // Dates, numbers and codes are short; the cap only keeps error messages short too.
        _ => Limit::Chars(1000),
    }
}

#[derive(Debug, Clone, Copy)]
enum Limit {
    Chars(usize),
    Bytes(usize),
}

/// Refuses a value longer than its field's limit, with a reason that says both lengths.
pub fn check(field: Field, text: &str) -> Result<(), String> {
    match limit(field) {
        // A string never has more characters than bytes: count only when it might be too long.
        Limit::Chars(max) if text.len() > max => {
            let found = text.chars().count();
            match found > max {
                true => Err(format!("too long: {found} characters, at most {max}")),
                false => Ok(()),
            }
        }
        Limit::Bytes(max) if text.len() > max => Err(note_too_long(text.len())),
        _ => Ok(()),
    }
}

/// A hearing's note, which is not a field of the record but is kept in the same file.
pub fn check_note(text: &str) -> Result<(), String> {
    match text.len() > NOTE_BYTES {
        true => Err(format!("note {}", note_too_long(text.len()))),
        false => Ok(()),
    }
}

fn note_too_long(found: usize) -> String {
    format!("too long: {found} bytes, at most 64 KB ({NOTE_BYTES} bytes)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_counted_in_characters_notes_in_bytes() {
        assert!(check(Field::Name, &"ب".repeat(200)).is_ok()); // 400 bytes, 200 characters
        assert_eq!(
            check(Field::Name, &"a".repeat(201)),
            Err("too long: 201 characters, at most 200".to_string())
        );
        assert!(check(Field::Notes, &"a".repeat(NOTE_BYTES)).is_ok());
        assert_eq!(
            check(Field::Notes, &"a".repeat(NOTE_BYTES + 1)),
            Err("too long: 65537 bytes, at most 64 KB (65536 bytes)".to_string())
        );
        assert!(check(Field::Court, &"a".repeat(501)).is_err());
        assert!(check(Field::ArrestDate, &"1".repeat(1001)).is_err());
    }
}
