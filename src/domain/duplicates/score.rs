//! The score of one pair of people who may be one ([`super::Index`] picks the pairs): points
//! for each kind of evidence ([`Scoring`]) and, for the pairs reported, the reasons in one
//! sentence. Numbers are compared compacted, once per person ([`super::Keyed`]).

use super::{Candidate, Keyed, Scoring};

pub(super) fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Lower case without spaces, dots or dashes: "FIR 12/2025" and "fir-12/2025" are one number.
pub(super) fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The reasons a pair scores, gathered only when they will be shown: most pairs a group holds
/// fall short of the least score, and their words would be thrown away.
struct Why {
    on: bool,
    same: Vec<&'static str>,
    notes: Vec<String>,
}

impl Why {
    fn same(&mut self, what: &'static str) {
        if self.on {
            self.same.push(what);
        }
    }

    fn note(&mut self, text: impl FnOnce() -> String) {
        if self.on {
            self.notes.push(text());
        }
    }

    /// "same name key and father's name; ages 34 and 35".
    fn sentence(mut self) -> String {
        if !self.same.is_empty() {
            self.notes
                .insert(0, format!("same {}", join_and(&self.same)));
        }
        self.notes.join("; ")
    }
}

/// The reasons of a pair's score in one sentence.
pub(super) fn score_in_words(s: &Scoring, a: &Keyed, b: &Keyed) -> String {
    score(s, a, b, true).1
}

/// The score of a pair, and (with `words`) its reasons in one sentence.
pub(super) fn score(s: &Scoring, a: &Keyed, b: &Keyed, words: bool) -> (i32, String) {
    let mut total = 0;
    let mut why = Why {
        on: words,
        same: Vec::new(),
        notes: Vec::new(),
    };
    if a.name.same_key(&b.name) {
        total += s.same_name_key;
        why.same("name key");
    } else if a.name.meets(&b.name) {
        total += s.name_variant;
        why.note(|| format!("name spelt \"{}\" and \"{}\"", a.person.name, b.person.name));
    } else if a.name.spelt_alike(&b.name) {
        total += s.name_spelt_alike;
        why.note(|| {
            format!(
                "names spelt alike: \"{}\" and \"{}\"",
                a.person.name, b.person.name
            )
        });
    }
    match (&a.father, &b.father) {
        (Some(x), Some(y)) if x.same_key(y) => {
            total += s.same_father;
            why.same("father's name");
        }
        (Some(x), Some(y)) if x.meets(y) || x.spelt_alike(y) => {
            total += s.father_variant;
            why.note(|| "father's name in another spelling".into());
        }
        (Some(_), Some(_)) => {
            total += s.different_father;
            why.note(|| "different fathers' names".into());
        }
        _ => {}
    }
    if !a.cnic.is_empty() && !b.cnic.is_empty() {
        if a.cnic == b.cnic {
            total += s.same_cnic;
            why.same("CNIC");
        } else {
            total += s.different_cnic;
            why.note(|| "different CNICs".into());
        }
    }
    if !a.prisoner.is_empty() && a.prisoner == b.prisoner {
        total += s.same_prisoner_number;
        why.same("prisoner number");
    }
    if a.fir.is_some() && a.fir == b.fir {
        total += s.same_fir_and_station;
        why.same("FIR number and police station");
    }
    total += age_points(s, &a.person, &b.person, &mut why);
    (total, why.sentence())
}

fn age_points(s: &Scoring, a: &Candidate, b: &Candidate, why: &mut Why) -> i32 {
    if let (Some(x), Some(y)) = (a.date_of_birth, b.date_of_birth)
        && x == y
    {
        why.same("date of birth");
        return s.same_birth_date;
    }
    let (Some(x), Some(y)) = (a.age, b.age) else {
        return 0;
    };
    let gap = x.abs_diff(y);
    let (lo, hi) = (x.min(y), x.max(y));
    if gap <= s.age_tolerance {
        why.note(|| match gap {
            0 => format!("both aged {x}"),
            _ => format!("ages {lo} and {hi}"),
        });
        s.close_age
    } else if gap > 2 * s.age_tolerance {
        why.note(|| format!("ages {lo} and {hi} are far apart"));
        s.distant_age
    } else {
        0
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
