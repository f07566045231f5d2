//! Fuzzy search over the ranked caseload: which people match a query, in urgency order, with the
//! matched characters of each name for highlighting. Pure: no terminal, no IO.
//!
//! Each searchable field (name, father's name, FIR number, prison, police station) is matched on
//! its own with skim's algorithm and the best field wins. Results keep the ranked order, not the
//! match score: a filtered list is still a triage list.

use super::model::Record;
use super::triage::Ranked;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::collections::HashMap;

/// One person who matches a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the ranked slice (not into the records).
    pub position: usize,
    /// The best field's match score (0 when the query is blank).
    pub score: i64,
    /// Char indices in `detainee.name` that the query matched, for highlighting; empty when the
    /// name itself did not match (another field did).
    pub name_positions: Vec<usize>,
}

/// What search can read: the searchable text fields of the `index`th person — the name, then the
/// father's name, FIR number, prison and police station. Implemented by the full records and by
/// the compact [`Roster`](super::roster::Roster).
pub trait Corpus {
    fn fields(&self, index: usize) -> Option<(&str, [Option<&str>; 4])>;
}

impl Corpus for [Record] {
    fn fields(&self, index: usize) -> Option<(&str, [Option<&str>; 4])> {
        let record = self.get(index)?;
        let d = &record.detainee;
        let c = &record.case;
        Some((
            &d.name,
            [
                d.father_name.as_deref(),
                c.fir_number.as_deref(),
                d.prison.as_deref(),
                c.police_station.as_deref(),
            ],
        ))
    }
}

impl Corpus for Vec<Record> {
    fn fields(&self, index: usize) -> Option<(&str, [Option<&str>; 4])> {
        self.as_slice().fields(index)
    }
}

/// Everyone in `ranked` who matches `query`, in ranked (urgency) order. A blank query matches
/// every position. A big list is split across the machine's cores.
pub fn filter<C: Corpus + ?Sized + Sync>(records: &C, ranked: &[Ranked], query: &str) -> Vec<Hit> {
    let query = query.trim();
    if query.is_empty() {
        return (0..ranked.len()).map(blank_hit).collect();
    }
    search(records, ranked, 0..ranked.len(), query)
}

/// Like [`filter`], over only the `candidates` positions of `ranked` (ascending: a filter's
/// result).
pub fn within<C: Corpus + ?Sized + Sync>(
    records: &C,
    ranked: &[Ranked],
    candidates: &[usize],
    query: &str,
) -> Vec<Hit> {
    let query = query.trim();
    if query.is_empty() {
        return candidates.iter().copied().map(blank_hit).collect();
    }
    search(records, ranked, candidates.iter().copied(), query)
}

/// Like [`filter`], but when `query` only appends to the query that produced `previous`, re-checks
/// just the previous hits (a longer pattern can only match a subset). `previous_query` is the
/// query `previous` was computed for.
pub fn narrow<C: Corpus + ?Sized + Sync>(
    records: &C,
    ranked: &[Ranked],
    previous: &[Hit],
    previous_query: &str,
    query: &str,
) -> Vec<Hit> {
    let grows = !previous_query.trim().is_empty()
        && query.starts_with(previous_query)
        && query.trim_start() == query
        && previous_query.trim_start() == previous_query;
    if !grows {
        return filter(records, ranked, query);
    }
    let candidates = previous.iter().map(|hit| hit.position);
    search(records, ranked, candidates, query.trim())
}

/// Below this many people one thread is quicker than starting more.
const PARALLEL_FROM: usize = 20_000;

/// The hits among the `candidates` positions of `ranked`, in ranked order. People are visited in
/// corpus order, not ranked order: the corpus is then read front to back (a roster's entries and
/// text stay in the CPU caches), on one thread per core for a big list.
fn search<C: Corpus + ?Sized + Sync>(
    records: &C,
    ranked: &[Ranked],
    candidates: impl Iterator<Item = usize>,
    query: &str,
) -> Vec<Hit> {
    // By corpus index, the ranked position + 1 of each candidate (0: not a candidate).
    let end = ranked.iter().map(|r| r.index + 1).max().unwrap_or(0);
    let mut wanted = vec![0usize; end];
    let mut count = 0;
    for position in candidates {
        if let Some(r) = ranked.get(position) {
            wanted[r.index] = position + 1;
            count += 1;
        }
    }
    let threads = crate::domain::parallel::threads_for(count, PARALLEL_FROM);
    let mut hits: Vec<Hit> = crate::domain::parallel::in_chunks(end, threads, |range| {
        let mut scorer = Scorer::new(query);
        wanted[range.clone()]
            .iter()
            .zip(range)
            .filter(|(slot, _)| **slot != 0)
            .filter_map(|(slot, index)| scorer.hit(records.fields(index)?, slot - 1))
            .collect()
    });
    hits.sort_unstable_by_key(|hit| hit.position);
    hits
}

fn blank_hit(position: usize) -> Hit {
    Hit {
        position,
        score: 0,
        name_positions: Vec::new(),
    }
}

/// Distinct texts a scorer remembers per query; past it (a caseload of all-different names) it
/// stops remembering rather than grow.
const REMEMBER: usize = 65_536;

/// Scores people for one query on one thread. Names, prisons and police stations repeat across
/// a caseload, so each distinct text is matched once and its result remembered.
struct Scorer<'a, 'q> {
    matcher: SkimMatcherV2,
    query: &'q str,
    names: HashMap<&'a str, Option<(i64, Vec<usize>)>>,
    others: HashMap<&'a str, Option<i64>>,
}

impl<'a, 'q> Scorer<'a, 'q> {
    fn new(query: &'q str) -> Self {
        Scorer {
            matcher: SkimMatcherV2::default().ignore_case(),
            query,
            names: HashMap::new(),
            others: HashMap::new(),
        }
    }

    /// The best field's score; the matcher runs only on fields that hold the query's characters
    /// in order (for the others it finds nothing, at the cost of copying the field to chars).
    fn hit(
        &mut self,
        (name, others): (&'a str, [Option<&'a str>; 4]),
        position: usize,
    ) -> Option<Hit> {
        let named = self.name(name);
        let best = others
            .into_iter()
            .flatten()
            .filter_map(|field| self.other(field))
            .chain(named.as_ref().map(|(score, _)| *score))
            .max()?;
        Some(Hit {
            position,
            score: best,
            name_positions: named.map(|(_, positions)| positions).unwrap_or_default(),
        })
    }

    fn name(&mut self, name: &'a str) -> Option<(i64, Vec<usize>)> {
        if !may_match(name, self.query) {
            return None;
        }
        if let Some(known) = self.names.get(name) {
            return known.clone();
        }
        let found = self.matcher.fuzzy_indices(name, self.query);
        if self.names.len() < REMEMBER {
            self.names.insert(name, found.clone());
        }
        found
    }

    fn other(&mut self, field: &'a str) -> Option<i64> {
        if !may_match(field, self.query) {
            return None;
        }
        if let Some(&known) = self.others.get(field) {
            return known;
        }
        let found = self.matcher.fuzzy_match(field, self.query);
        if self.others.len() < REMEMBER {
            self.others.insert(field, found);
        }
        found
    }
}

/// Whether [`filter`] keeps a person whose searchable fields are `fields`: some field holds the
/// (trimmed) query's characters in order, which is exactly when skim's matcher finds a match.
/// Cheap: no matcher runs, no scores; for a names-only first pass.
pub fn matches_any<'a>(fields: impl IntoIterator<Item = &'a str>, query: &str) -> bool {
    let query = query.trim();
    query.is_empty() || fields.into_iter().any(|field| may_match(field, query))
}

/// False exactly when the matcher's own first test fails: some char of `query` (ASCII case
/// folded, as skim folds) does not occur in order in `field`. Avoids the matcher's per-call
/// char buffers for the people who cannot match.
fn may_match(field: &str, query: &str) -> bool {
    if field.is_ascii() && query.is_ascii() {
        let mut hay = field.bytes();
        return query
            .bytes()
            .all(|q| hay.any(|h| h.eq_ignore_ascii_case(&q)));
    }
    let mut hay = field.chars();
    query
        .chars()
        .all(|q| hay.any(|h| h.eq_ignore_ascii_case(&q)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::triage::{Band, Ranked};
    use chrono::NaiveDate;

    fn records() -> Vec<Record> {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let mut a = Record::new("Muhammad Aslam", day);
        a.detainee.prison = Some("Central Jail Karachi".into());
        let mut b = Record::new("محمد اسلم", day);
        b.detainee.father_name = Some("Ghulam Rasool".into());
        let mut c = Record::new("Bushra Bibi", day);
        c.case.fir_number = Some("FIR 123/2025".into());
        c.case.police_station = Some("Saddar".into());
        vec![a, b, c]
    }

    /// Ranked deliberately not in record order: results must follow this order.
    fn ranked() -> Vec<Ranked> {
        [2, 0, 1]
            .into_iter()
            .map(|index| Ranked {
                index,
                total: 50,
                band: Band::Medium,
            })
            .collect()
    }

    fn positions(hits: &[Hit]) -> Vec<usize> {
        hits.iter().map(|h| h.position).collect()
    }

    #[test]
    fn blank_query_keeps_everyone_in_ranked_order() {
        let hits = filter(&records(), &ranked(), "  ");
        assert_eq!(positions(&hits), [0, 1, 2]);
    }

    #[test]
    fn name_match_reports_char_positions() {
        let hits = filter(&records(), &ranked(), "aslam");
        assert_eq!(positions(&hits), [1]);
        assert_eq!(hits[0].name_positions, [9, 10, 11, 12, 13]);
    }

    #[test]
    fn other_fields_match_without_name_positions() {
        let recs = records();
        let hits = filter(&recs, &ranked(), "saddar");
        assert_eq!(positions(&hits), [0]);
        assert!(hits[0].name_positions.is_empty());
        assert_eq!(positions(&filter(&recs, &ranked(), "123/2025")), [0]);
        assert_eq!(positions(&filter(&recs, &ranked(), "ghulam")), [2]);
        assert_eq!(positions(&filter(&recs, &ranked(), "karachi")), [1]);
    }

    #[test]
    fn urdu_names_match_by_char_index() {
        let hits = filter(&records(), &ranked(), "اسلم");
        assert_eq!(positions(&hits), [2]);
        assert_eq!(hits[0].name_positions, [5, 6, 7, 8]);
    }

    #[test]
    fn narrow_equals_filter_when_query_grows() {
        let recs = records();
        let first = filter(&recs, &ranked(), "a");
        for longer in ["as", "asl", "a b", "ab"] {
            let narrowed = narrow(&recs, &ranked(), &first, "a", longer);
            assert_eq!(narrowed, filter(&recs, &ranked(), longer), "{longer}");
        }
        // Not an append: falls back to a full filter.
        let other = narrow(&recs, &ranked(), &first, "a", "sa");
        assert_eq!(other, filter(&recs, &ranked(), "sa"));
    }
}
