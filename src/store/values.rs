//! How values are written to and read from the file as text: `YYYY-MM-DD` dates (also without
//! allocating), `;`-separated lists, codes, and the natural key that says "the same person on
//! the same case" across imports.

use crate::domain::model::Record;
use chrono::NaiveDate;
use std::str::FromStr;

/// A date as `YYYY-MM-DD` without allocating (years 0–9999; others take [`iso`]).
pub(super) struct IsoDate([u8; 10]);

impl IsoDate {
    pub(super) fn new(date: NaiveDate) -> Option<IsoDate> {
        use chrono::Datelike;
        let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
        let mut text = *b"0000-00-00";
        let digits = |out: &mut [u8], mut n: u32| {
            for slot in out.iter_mut().rev() {
                *slot = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        digits(&mut text[0..4], year);
        digits(&mut text[5..7], date.month());
        digits(&mut text[8..10], date.day());
        Some(IsoDate(text))
    }

    pub(super) fn as_str(&self) -> &str {
        // Only ASCII digits and dashes are ever written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Children's ages as stored: `;`-separated, NULL when none are recorded.
pub(super) fn ages_text(ages: &[u32]) -> Option<String> {
    (!ages.is_empty()).then(|| {
        ages.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(";")
    })
}

/// Identifies "the same person on the same case" across imports: name, father's name, FIR,
/// police station and arrest date, case-folded and with spaces collapsed.
pub fn natural_key(record: &Record) -> String {
    let d = &record.detainee;
    let c = &record.case;
    let mut key = String::with_capacity(96);
    for part in [
        Some(d.name.as_str()),
        d.father_name.as_deref(),
        c.fir_number.as_deref(),
        c.police_station.as_deref(),
    ] {
        fold_into(&mut key, part.unwrap_or_default());
        key.push('|');
    }
    match IsoDate::new(c.arrest_date) {
        Some(date) => key.push_str(date.as_str()),
        None => key.push_str(&c.arrest_date.to_string()),
    }
    key
}

/// Appends `text` lower-cased, its words joined by single spaces. ASCII (nearly every name)
/// is folded in place; other text takes `to_lowercase` on the whole, whose result can depend
/// on neighbouring letters (a final Greek sigma).
pub(super) fn fold_into(key: &mut String, text: &str) {
    if text.is_ascii() {
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            let start = key.len();
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        }
    } else {
        let words: Vec<&str> = text.split_whitespace().collect();
        key.push_str(&words.join(" ").to_lowercase());
    }
}

pub(super) fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub(super) fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// `YYYY-MM-DD` without the general parser (a million dates per load).
pub(super) fn fast_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A stored code by exact match first (what this program writes), then the lenient parser.
pub(super) fn fast_code<T: Copy + FromStr<Err = String>>(
    all: &[T],
    code: fn(T) -> &'static str,
    text: &str,
) -> Result<T, String> {
    match all.iter().find(|&&v| code(v) == text) {
        Some(&v) => Ok(v),
        None => T::from_str(text),
    }
}
