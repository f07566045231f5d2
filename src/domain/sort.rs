//! Sorting a ranked list by another key (issue 14 §4) without losing the urgency rank: the sort
//! returns positions in the ranked list, so the RANK column (position + 1) still shows each
//! person's place in the urgency order. Equal keys keep the urgency order. Pure.

use super::model::Record;
use super::roster::Roster;
use super::triage::{Facts, Ranked};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// What a list is sorted by. [`SortKey::Score`] is the urgency order itself (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// Most points first: the ranking order.
    #[default]
    Score,
    /// Longest in custody first.
    Days,
    /// Soonest next hearing first; no hearing last.
    NextHearing,
    /// By name, A to Z, case aside.
    Name,
    /// By prison, A to Z, case aside; no prison recorded last.
    Prison,
}

/// A sort key that is not one of [`SortKey::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown sort key '{0}' — expected one of score, days, hearing, name, prison")]
pub struct SortKeyError(pub String);

impl SortKey {
    /// Every key, in the order `s` cycles through them.
    pub const ALL: &'static [SortKey] = &[
        SortKey::Score,
        SortKey::Days,
        SortKey::NextHearing,
        SortKey::Name,
        SortKey::Prison,
    ];

    /// The name in `--sort` and saved views.
    pub fn code(self) -> &'static str {
        match self {
            SortKey::Score => "score",
            SortKey::Days => "days",
            SortKey::NextHearing => "hearing",
            SortKey::Name => "name",
            SortKey::Prison => "prison",
        }
    }

    /// The key after this one (the TUI's `s`), back to score after prison.
    pub fn next(self) -> SortKey {
        let at = SortKey::ALL.iter().position(|&k| k == self).unwrap_or(0);
        SortKey::ALL[(at + 1) % SortKey::ALL.len()]
    }
}

impl FromStr for SortKey {
    type Err = SortKeyError;
    fn from_str(s: &str) -> Result<SortKey, SortKeyError> {
        let wanted = s.trim().to_lowercase();
        let alias = match wanted.as_str() {
            "next_hearing" | "next-hearing" => Some(SortKey::NextHearing),
            "rank" | "urgency" => Some(SortKey::Score),
            _ => None,
        };
        alias
            .or_else(|| SortKey::ALL.iter().copied().find(|k| k.code() == wanted))
            .ok_or_else(|| SortKeyError(s.trim().to_string()))
    }
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A key and a direction (the TUI's `S` flips `reverse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    /// The key's order turned round; people with no value (no hearing, no prison) stay last and
    /// equal keys stay in urgency order either way.
    pub reverse: bool,
}

/// What sorting reads of the `index`th person: implemented by the roster and by full records.
pub trait Sortable {
    fn sort_facts(&self, index: usize) -> Option<(&Facts, &str, Option<&str>)>;
}

impl Sortable for Roster {
    fn sort_facts(&self, index: usize) -> Option<(&Facts, &str, Option<&str>)> {
        let facts = &self.entry(index)?.facts;
        let names = self.names(index)?;
        Some((facts, names.name, names.prison))
    }
}

/// Full records with their facts as of the ranking's `today` (built once by the caller).
pub struct RecordsWithFacts<'a> {
    pub records: &'a [Record],
    pub facts: &'a [Facts],
}

impl Sortable for RecordsWithFacts<'_> {
    fn sort_facts(&self, index: usize) -> Option<(&Facts, &str, Option<&str>)> {
        let r = self.records.get(index)?;
        Some((
            self.facts.get(index)?,
            &r.detainee.name,
            r.detainee.prison.as_deref(),
        ))
    }
}

/// The `positions` of `ranked` (e.g. a filter's result, ascending) ordered by `sort`; the rank
/// of each stays `position + 1`. `today` is the ranking's.
pub fn sort_positions<S: Sortable + ?Sized>(
    people: &S,
    ranked: &[Ranked],
    positions: &[usize],
    sort: Sort,
    today: NaiveDate,
) -> Vec<usize> {
    let mut out: Vec<usize> = positions.to_vec();
    if sort.key == SortKey::Score && !sort.reverse {
        out.sort_unstable();
        return out;
    }
    let flip = |o: Ordering| if sort.reverse { o.reverse() } else { o };
    // Texts compare lower-cased: computed once per person, not once per comparison.
    let key_of = |position: usize| -> Key {
        let Some(r) = ranked.get(position) else {
            return Key::Missing;
        };
        let Some((facts, name, prison)) = people.sort_facts(r.index) else {
            return Key::Missing;
        };
        match sort.key {
            SortKey::Score => Key::Number(r.total),
            SortKey::Days => Key::Number(facts.days_in_custody(today)),
            SortKey::NextHearing => facts.next_hearing.map_or(Key::Missing, Key::Date),
            SortKey::Name => Key::Text(name.to_lowercase()),
            SortKey::Prison => prison.map_or(Key::Missing, |p| Key::Text(p.to_lowercase())),
        }
    };
    let mut keyed: Vec<(Key, usize)> = out.drain(..).map(|p| (key_of(p), p)).collect();
    // Bigger first for numbers (score, days), smaller first for dates and names.
    let natural = |a: &Key, b: &Key| match (a, b) {
        (Key::Number(x), Key::Number(y)) => y.cmp(x),
        (Key::Date(x), Key::Date(y)) => x.cmp(y),
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        _ => Ordering::Equal,
    };
    keyed.sort_by(|(a, pa), (b, pb)| {
        let missing = matches!(a, Key::Missing).cmp(&matches!(b, Key::Missing));
        missing.then_with(|| flip(natural(a, b))).then(pa.cmp(pb))
    });
    keyed.into_iter().map(|(_, p)| p).collect()
}

/// One person's sort value; [`Key::Missing`] sorts last in both directions.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Number(i64),
    Date(NaiveDate),
    Text(String),
    Missing,
}
