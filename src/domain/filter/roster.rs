//! A filter over a ranked [`Roster`] or any other [`Subjects`]: every core, and each distinct
//! interned text (a court, a prison, a lawyer) compared once per needle and thread.

use super::{Context, Filter, Subject, Test, TextField, contains_lower};
use crate::domain::roster::{PlaceIds, Roster};
use crate::domain::triage::Ranked;

/// People a filter can test fast: each ranked person's [`Subject`] with the interned ids of
/// its texts, ids of one field (and slot) standing for one text, so a court's name is compared
/// once however many people it holds. The [`Roster`] is one; the store's read of facts and
/// only the places a filter names is another.
pub trait Subjects: Sync {
    /// Calls `test` with the person ranked `r` (false when they are not there: someone taken
    /// off since the ranking was made is not kept).
    fn test_subject(&self, r: &Ranked, test: &mut dyn FnMut(&Subject, PlaceIds) -> bool) -> bool;
}

impl Subjects for Roster {
    fn test_subject(&self, r: &Ranked, test: &mut dyn FnMut(&Subject, PlaceIds) -> bool) -> bool {
        match (
            roster_subject(self, r.index, r.total, r.band),
            self.place_ids(r.index),
        ) {
            (Some(subject), Some(ids)) => test(&subject, ids),
            _ => false,
        }
    }
}

/// The positions in `ranked` (a ranking of `roster`) of everyone `filter` keeps, in ranked order.
pub fn filter_roster(
    roster: &Roster,
    ranked: &[Ranked],
    filter: &Filter,
    cx: &Context,
) -> Vec<usize> {
    filter_ranked(roster, ranked, filter, cx)
}

/// The positions in `ranked` (a ranking of `people`) of everyone `filter` keeps, in ranked
/// order, on every core. People are tested in the order they are stored, not ranked: a ranked
/// order jumps about memory, and at a million people those jumps were most of the filter's
/// time. Each thread remembers, per interned text id and needle, whether it matched.
pub fn filter_ranked(
    people: &impl Subjects,
    ranked: &[Ranked],
    filter: &Filter,
    cx: &Context,
) -> Vec<usize> {
    if filter.is_empty() {
        return (0..ranked.len()).collect();
    }
    // Copies, not references: reading through a reference would jump about again.
    let by_index = crate::domain::ranking::by_stored_order(ranked, 0..ranked.len());
    let len = by_index.len();
    let threads = crate::domain::parallel::threads_for(len);
    let keep = crate::domain::parallel::in_chunks(len, threads, |range| {
        let mut keeper = Keeper::new(people, filter, cx);
        range
            .map(|index| by_index[index].is_some_and(|r| keeper.keeps(&r)))
            .collect()
    });
    (0..ranked.len())
        .filter(|&position| keep[ranked[position].index])
        .collect()
}

/// One thread's test of scored people against a filter, remembering per interned text id and
/// needle whether it matched (one per thread: [`rank_kept`](crate::domain::ranking::rank_kept)
/// and [`bands_kept`](crate::domain::ranking::bands_kept) make one per thread).
pub struct Keeper<'a, P: Subjects> {
    people: &'a P,
    filter: &'a Filter,
    cx: &'a Context<'a>,
    cache: TextCache,
}

impl<P: Subjects> crate::domain::ranking::Keep for Keeper<'_, P> {
    fn keeps(&mut self, r: &Ranked) -> bool {
        Keeper::keeps(self, r)
    }
}

impl<'a, P: Subjects> Keeper<'a, P> {
    pub fn new(people: &'a P, filter: &'a Filter, cx: &'a Context<'a>) -> Keeper<'a, P> {
        Keeper {
            people,
            filter,
            cx,
            cache: TextCache::new(filter),
        }
    }

    /// Whether the filter keeps the person scored `r` (everyone, when it has no terms).
    pub fn keeps(&mut self, r: &Ranked) -> bool {
        let Keeper {
            people,
            filter,
            cx,
            cache,
        } = self;
        filter.is_empty()
            || people.test_subject(r, &mut |subject, ids| {
                subject_matches(subject, ids, filter, cx, cache)
            })
    }
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

fn subject_matches(
    subject: &Subject,
    ids: PlaceIds,
    filter: &Filter,
    cx: &Context,
    cache: &mut TextCache,
) -> bool {
    filter.terms.iter().enumerate().all(|(term_at, t)| {
        let field = match &t.test {
            Test::Text { field, .. } => *field,
            _ => {
                return t.negated
                    != t.test
                        .holds(subject, cx, &mut |_, _, v, n| contains_lower(v, n));
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
            cache.contains((term_at, needle_at, slot), id, value, needle)
        };
        t.negated != t.test.holds(subject, cx, &mut text)
    })
}

/// Per term, per needle, per slot (the field, or the hearing's court), per interned id: 0 not
/// yet known, 1 no, 2 yes. Tables grow to the largest id seen.
pub(super) struct TextCache {
    tables: Vec<Vec<[Vec<u8>; 2]>>,
}

impl TextCache {
    fn new(filter: &Filter) -> TextCache {
        let tables = filter
            .terms
            .iter()
            .map(|t| match &t.test {
                Test::Text { needles, .. } => vec![[Vec::new(), Vec::new()]; needles.len()],
                _ => Vec::new(),
            })
            .collect();
        TextCache { tables }
    }

    /// Whether `text` (interned as `id`) holds the `needle_at`th needle of term `term`.
    fn contains(
        &mut self,
        (term, needle_at, slot): (usize, usize, usize),
        id: u32,
        text: &str,
        needle: &str,
    ) -> bool {
        let table = self
            .tables
            .get_mut(term)
            .and_then(|t| t.get_mut(needle_at))
            .and_then(|slots| slots.get_mut(slot));
        let Some(table) = table else {
            return contains_lower(text, needle);
        };
        let at = id as usize;
        if table.len() <= at {
            table.resize(at + 1, 0);
        }
        match table[at] {
            1 => false,
            2 => true,
            _ => {
                let found = contains_lower(text, needle);
                table[at] = if found { 2 } else { 1 };
                found
            }
        }
    }
}
