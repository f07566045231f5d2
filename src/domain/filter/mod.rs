//! The filter language of issue 14 §1, the same in the TUI and the CLI: `EXPR` is
//! space-separated terms, all of which must hold (`court:multan band:critical,high -has:lawyer
//! days>365`); commas mean OR within a term, `-TERM` means not, values with spaces are quoted
//! (`prison:"women jail"`), and free words are handed back as the fuzzy-search text. Pure: the
//! caller passes `today`, the weights and the login's lawyer name (for `lawyer:me`).
//!
//! [`Filter::parse`] turns text into a [`Filter`] or one [`FilterError`] line naming the term;
//! [`Filter::matches`] tests one [`Subject`]; [`filter_ranked`] tests a ranked roster (or the
//! store's leaner read of facts and places), a million people on every core, comparing each
//! distinct interned text (court, prison, lawyer…) once.

mod parse;
mod roster;

pub use parse::nearest;
pub use roster::{Keeper, Subjects, filter_ranked, filter_roster, roster_subject};

use super::model::{BailStatus, Gender, Law, Record, Stage, Substance, Weakness};
use super::roster::PlaceSet;
use super::triage::{Band, Facts, statutory_bail_of};
use super::weights::Weights;
use chrono::{Days, NaiveDate};

/// Why a filter could not be parsed: one line naming the term and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// A field that is not one of [`FIELDS`], close to one of them.
    #[error("unknown field '{field}' — did you mean {suggestion}?")]
    UnknownFieldNear {
        field: String,
        suggestion: &'static str,
    },
    /// A field that is not one of [`FIELDS`], close to none.
    #[error("unknown field '{field}' — fields are {}", FIELDS.join(", "))]
    UnknownField { field: String },
    /// A known field with a value (or operator) it does not take.
    #[error("'{term}': expected {expected}")]
    BadValue { term: String, expected: String },
    /// A `"` with no closing `"`.
    #[error("'{term}': a quote is not closed")]
    OpenQuote { term: String },
    /// `-word`: free search words cannot be negated.
    #[error("'{term}': '-' negates a term such as court:X; search words cannot be negated")]
    NegatedWord { term: String },
}

/// Every field a term may name, for errors and suggestions.
pub const FIELDS: &[&str] = &[
    "court",
    "prison",
    "lawyer",
    "ps",
    "district",
    "band",
    "gender",
    "law",
    "stage",
    "bail",
    "substance",
    "is",
    "has",
    "weakness",
    "hearing",
    "days",
    "months",
    "score",
    "age",
];

/// A parsed filter: terms that must all hold, and the free words for fuzzy search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    terms: Vec<Term>,
    /// The free words, joined by single spaces ("" when none): hand them to `search::filter`.
    pub search: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    negated: bool,
    test: Test,
}

/// Which text a `field:X` term reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextField {
    Court,
    Prison,
    Lawyer,
    PoliceStation,
    District,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    Juvenile,
    Pregnant,
    Woman,
    Sick,
    Overdue,
    Near,
    Released,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    Lawyer,
    Hearing,
    Weakness,
    Prison,
    Court,
    PoliceStation,
    District,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Today,
    Within(u64),
    On(NaiveDate),
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    Days,
    /// Whole calendar months from arrest, as the statistics' custody bands count them.
    Months,
    Score,
    Age,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// Contains any needle (already lower-case), or with `exact` (`court=X`) is one, case
    /// aside; `me` also accepts the login's lawyer name.
    Text {
        field: TextField,
        needles: Vec<String>,
        me: bool,
        exact: bool,
    },
    Band(Vec<Band>),
    Gender(Vec<Gender>),
    Law(Vec<Law>),
    Stage(Vec<Stage>),
    Bail(Vec<BailStatus>),
    Substance(Vec<Substance>),
    Weakness(Vec<Weakness>),
    Is(Vec<Flag>),
    Has(Vec<Presence>),
    Hearing(Vec<When>),
    Compare {
        what: Number,
        op: Op,
        values: Vec<i64>,
    },
}

/// One person as the roster and the ranking know them. Texts are as recorded (not lowered).
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub facts: &'a Facts,
    /// The score and band as ranked.
    pub total: i64,
    pub band: Band,
    pub court: Option<&'a str>,
    /// The court the next hearing names, when it names its own (`court:X` matches either).
    pub hearing_court: Option<&'a str>,
    pub prison: Option<&'a str>,
    pub lawyer: Option<&'a str>,
    pub police_station: Option<&'a str>,
    pub district: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// A full record's subject (the CLI over loaded records): `facts` are
    /// `Facts::of(record, today)`, `total` and `band` its ranked score.
    pub fn of_record(
        record: &'a Record,
        facts: &'a Facts,
        total: i64,
        band: Band,
        today: NaiveDate,
    ) -> Subject<'a> {
        Subject {
            facts,
            total,
            band,
            court: record.case.court.as_deref(),
            hearing_court: record.next_hearing(today).and_then(|h| h.court.as_deref()),
            prison: record.detainee.prison.as_deref(),
            lawyer: record.case.lawyer.as_deref(),
            police_station: record.case.police_station.as_deref(),
            district: record.case.district.as_deref(),
        }
    }
}

/// What a filter is evaluated against besides the person.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub weights: &'a Weights,
    /// The lawyer's name this login is mapped to (`lawyer:me`); `None`: `lawyer:me` finds nobody.
    pub me: Option<&'a str>,
}

impl Filter {
    /// Parses `expr`; see the module docs. A blank expression keeps everyone.
    pub fn parse(expr: &str) -> Result<Filter, FilterError> {
        parse::parse(expr)
    }

    /// True when there are no terms (free words aside).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether `subject` passes every term.
    /// The place texts the terms read (`court:X`, `has:prison`, `lawyer:me`…): what a fast
    /// read must keep for this filter.
    pub fn places_read(&self) -> PlaceSet {
        let mut set = PlaceSet::NONE;
        for t in &self.terms {
            match &t.test {
                Test::Text { field, .. } => match field {
                    TextField::Court => set.court = true,
                    TextField::Prison => set.prison = true,
                    TextField::Lawyer => set.lawyer = true,
                    TextField::PoliceStation => set.police_station = true,
                    TextField::District => set.district = true,
                },
                Test::Has(what) => {
                    for p in what {
                        match p {
                            Presence::Prison => set.prison = true,
                            Presence::Court => set.court = true,
                            Presence::PoliceStation => set.police_station = true,
                            Presence::District => set.district = true,
                            Presence::Lawyer | Presence::Hearing | Presence::Weakness => {}
                        }
                    }
                }
                _ => {}
            }
        }
        set
    }

    pub fn matches(&self, subject: &Subject, cx: &Context) -> bool {
        self.terms.iter().all(|t| {
            t.negated
                != t.test.holds(subject, cx, &mut |_, _, text, needle| {
                    contains_lower(text, needle)
                })
        })
    }
}

/// Whether two texts are equal, case aside (no allocation for ASCII names).
fn same_text(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

/// Whether `haystack` contains `needle` (lower-case), ignoring case.
fn contains_lower(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle)
}

impl Test {
    /// Whether the test holds. `text(slot, needle_at, value, needle)` answers "does this value
    /// contain the needle" (slot 0: the field, 1: the hearing's court), so the roster path can
    /// answer from its per-id cache.
    fn holds(&self, s: &Subject, cx: &Context, text: &mut TextTest) -> bool {
        let f = s.facts;
        match self {
            Test::Text {
                field,
                needles,
                me,
                exact,
            } => {
                let values: [Option<&str>; 2] = match field {
                    // Exactly one court: the one they appear before next, as the statistics
                    // count it (the hearing's own, else the case's).
                    TextField::Court if *exact => [s.hearing_court.or(s.court), None],
                    TextField::Court => [s.court, s.hearing_court],
                    TextField::Prison => [s.prison, None],
                    TextField::Lawyer => [s.lawyer, None],
                    TextField::PoliceStation => [s.police_station, None],
                    TextField::District => [s.district, None],
                };
                // `lawyer:me` is the mapped name itself (case aside), not a part of it.
                let mine = *me
                    && cx
                        .me
                        .zip(s.lawyer)
                        .is_some_and(|(name, lawyer)| same_text(name.trim(), lawyer.trim()));
                if *exact {
                    let is = |v: &str| needles.iter().any(|n| same_text(v.trim(), n));
                    return mine || values.iter().flatten().any(|v| is(v));
                }
                mine || needles.iter().enumerate().any(|(at, n)| {
                    values
                        .iter()
                        .enumerate()
                        .any(|(slot, v)| v.is_some_and(|v| text(slot, at, v, n)))
                })
            }
            Test::Band(bands) => bands.contains(&s.band),
            Test::Gender(g) => f.gender.is_some_and(|x| g.contains(&x)),
            Test::Law(l) => l.contains(&f.law),
            Test::Stage(st) => st.contains(&f.stage),
            Test::Bail(b) => f.bail_status.is_some_and(|x| b.contains(&x)),
            Test::Substance(sub) => f.substance.is_some_and(|x| sub.contains(&x)),
            Test::Weakness(w) => w.iter().any(|code| f.findings.contains(code)),
            Test::Is(flags) => flags.iter().any(|&flag| is(flag, f, cx)),
            Test::Has(what) => what.iter().any(|p| match p {
                Presence::Lawyer => f.has_lawyer,
                Presence::Hearing => f.next_hearing.is_some(),
                Presence::Weakness => !f.findings.is_empty(),
                Presence::Prison => recorded(s.prison),
                Presence::Court => recorded(s.hearing_court.or(s.court)),
                Presence::PoliceStation => recorded(s.police_station),
                Presence::District => recorded(s.district),
            }),
            Test::Hearing(whens) => whens.iter().any(|w| hearing(*w, f.next_hearing, cx.today)),
            Test::Compare { what, op, values } => {
                let actual = match what {
                    Number::Days => Some(f.days_in_custody(cx.today)),
                    Number::Months => Some(i64::from(super::stats::months_in_custody(
                        f.arrest_date,
                        cx.today,
                    ))),
                    Number::Score => Some(s.total),
                    Number::Age => f.age_at_arrest().map(i64::from),
                };
                actual.is_some_and(|a| values.iter().any(|&v| op.holds(a, v)))
            }
        }
    }
}

/// A place's name is recorded (not missing, not blank).
fn recorded(text: Option<&str>) -> bool {
    text.is_some_and(|t| !t.trim().is_empty())
}

/// See [`Test::holds`].
type TextTest<'t> = dyn FnMut(usize, usize, &str, &str) -> bool + 't;

impl Op {
    fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
        }
    }
}

/// The flags from the triage facts, by the same rules the score uses.
fn is(flag: Flag, f: &Facts, cx: &Context) -> bool {
    let open_clock = || {
        statutory_bail_of(f, cx.weights)
            .filter(|sb| sb.blocked_by.is_none())
            .map(|sb| (sb.due - cx.today).num_days())
    };
    match flag {
        // Under 18 at arrest (JJSA), or says so and no age is recorded (age determination due).
        Flag::Juvenile => match f.age_at_arrest() {
            Some(age) => age < cx.weights.thresholds.juvenile_age,
            None => f.juvenile_claimed == Some(true),
        },
        Flag::Pregnant => f.pregnant == Some(true),
        Flag::Woman => f.treated_as_woman(),
        Flag::Sick => {
            f.health.iter().any(|h| h.is_sickness())
                || f.age_on(cx.today)
                    .is_some_and(|a| a >= cx.weights.thresholds.elderly_age)
        }
        Flag::Overdue => f.in_custody() && open_clock().is_some_and(|until| until <= 0),
        Flag::Near => {
            let near = cx.weights.thresholds.statutory_bail_near_days;
            f.in_custody() && open_clock().is_some_and(|until| until > 0 && until <= near)
        }
        Flag::Released => !f.in_custody(),
    }
}

fn hearing(w: When, next: Option<NaiveDate>, today: NaiveDate) -> bool {
    match (w, next) {
        (When::None, next) => next.is_none(),
        (When::Today, Some(d)) => d == today,
        (When::Within(n), Some(d)) => {
            d >= today
                && today
                    .checked_add_days(Days::new(n))
                    .is_some_and(|end| d <= end)
        }
        (When::On(day), Some(d)) => d == day,
        (_, None) => false,
    }
}
