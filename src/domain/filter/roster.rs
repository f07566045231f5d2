//! A filter over a ranked [`Roster`]: every core, and each distinct interned text (a court, a
//! prison, a lawyer) compared once per needle and thread.

use super::{Context, Filter, Subject, Test, TextField, contains_lower};
use crate::domain::roster::Roster;
use crate::domain::triage::Ranked;

/// Below this many people one thread is quicker than starting more (as in `search`).
const PARALLEL_FROM: usize = 20_000;

/// The positions in `ranked` (a ranking of `roster`) of everyone `filter` keeps, in ranked order.
/// Each thread remembers, per interned text id and needle, whether it matched, so a court's name
/// is compared once however many people it holds.
pub fn filter_roster(
    roster: &Roster,
    ranked: &[Ranked],
    filter: &Filter,
    cx: &Context,
) -> Vec<usize> {
    if filter.is_empty() {
        return (0..ranked.len()).collect();
    }
    let threads = crate::domain::parallel::threads_for(ranked.len(), PARALLEL_FROM);
    crate::domain::parallel::in_chunks(ranked.len(), threads, |range| {
        let mut cache = TextCache::new(roster, filter);
        range
            .filter(|&position| roster_matches(roster, &ranked[position], filter, cx, &mut cache))
            .collect()
    })
}

/// The filter's view of roster entry `index`, scored `total` and `band` (none: not present).
pub fn roster_subject(
    roster: &Roster,
    index: usize,
    total: i64,
    band: crate::domain::triage::Band,
) -> Option<Subject<'_>> {
    let (true, Some(entry), Some(ids)) = (
        roster.is_present(index),
        roster.entry(index),
        roster.place_ids(index),
    ) else {
        return None;
    };
    Some(Subject {
        facts: &entry.facts,
        total,
        band,
        court: roster.place(ids.court),
        hearing_court: roster.place(ids.hearing_court),
        prison: roster.place(ids.prison),
        lawyer: roster.place(ids.lawyer),
        police_station: roster.place(ids.police_station),
        district: roster.place(ids.district),
    })
}

fn roster_matches(
    roster: &Roster,
    r: &Ranked,
    filter: &Filter,
    cx: &Context,
    cache: &mut TextCache,
) -> bool {
    // Someone taken off the roster since the ranking was made is not kept.
    let (Some(subject), Some(ids)) = (
        roster_subject(roster, r.index, r.total, r.band),
        roster.place_ids(r.index),
    ) else {
        return false;
    };
    filter.terms.iter().enumerate().all(|(term_at, t)| {
        let field = match &t.test {
            Test::Text { field, .. } => *field,
            _ => {
                return t.negated
                    != t.test
                        .holds(&subject, cx, &mut |_, _, v, n| contains_lower(v, n));
            }
        };
        let mut text = |slot: usize, needle_at: usize, value: &str, needle: &str| {
            let id = match (slot, field) {
                (1, _) => ids.hearing_court,
                (_, TextField::Court) => ids.court,
                (_, TextField::Prison) => ids.prison,
                (_, TextField::Lawyer) => ids.lawyer,
                (_, TextField::PoliceStation) => ids.police_station,
                (_, TextField::District) => ids.district,
            };
            cache.contains(term_at, needle_at, id, value, needle)
        };
        t.negated != t.test.holds(&subject, cx, &mut text)
    })
}

/// Per term, per needle, per interned id: 0 not yet known, 1 no, 2 yes.
pub(super) struct TextCache {
    tables: Vec<Vec<Vec<u8>>>,
    size: usize,
}

impl TextCache {
    fn new(roster: &Roster, filter: &Filter) -> TextCache {
        let tables = filter
            .terms
            .iter()
            .map(|t| match &t.test {
                Test::Text { needles, .. } => vec![Vec::new(); needles.len()],
                _ => Vec::new(),
            })
            .collect();
        TextCache {
            tables,
            size: roster.place_count(),
        }
    }

    /// Whether `text` (interned as `id`) holds the `needle_at`th needle of term `term`.
    fn contains(
        &mut self,
        term: usize,
        needle_at: usize,
        id: u32,
        text: &str,
        needle: &str,
    ) -> bool {
        let Some(table) = self.tables.get_mut(term).and_then(|t| t.get_mut(needle_at)) else {
            return contains_lower(text, needle);
        };
        if table.is_empty() {
            table.resize(self.size, 0);
        }
        match table.get(id as usize).copied() {
            Some(1) => false,
            Some(2) => true,
            Some(_) => {
                let found = contains_lower(text, needle);
                table[id as usize] = if found { 2 } else { 1 };
                found
            }
            None => contains_lower(text, needle),
        }
    }
}
