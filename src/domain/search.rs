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
/// every position.
pub fn filter<C: Corpus + ?Sized>(records: &C, ranked: &[Ranked], query: &str) -> Vec<Hit> {
    let query = query.trim();
    if query.is_empty() {
        return (0..ranked.len()).map(blank_hit).collect();
    }
    let matcher = matcher();
    ranked
        .iter()
        .enumerate()
        .filter_map(|(position, r)| {
            match_record(&matcher, records.fields(r.index)?, query, position)
        })
        .collect()
}

/// Like [`filter`], but when `query` only appends to the query that produced `previous`, re-checks
/// just the previous hits (a longer pattern can only match a subset). `previous_query` is the
/// query `previous` was computed for.
pub fn narrow<C: Corpus + ?Sized>(
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
    let trimmed = query.trim();
    let matcher = matcher();
    previous
        .iter()
        .filter_map(|hit| {
            let fields = records.fields(ranked.get(hit.position)?.index)?;
            match_record(&matcher, fields, trimmed, hit.position)
        })
        .collect()
}

fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

fn blank_hit(position: usize) -> Hit {
    Hit {
        position,
        score: 0,
        name_positions: Vec::new(),
    }
}

fn match_record(
    matcher: &SkimMatcherV2,
    (name, others): (&str, [Option<&str>; 4]),
    query: &str,
    position: usize,
) -> Option<Hit> {
    // Every query char must occur, in order, in some field: a cheap test that rules out most
    // people before the matcher's full scoring runs.
    if !std::iter::once(Some(name))
        .chain(others)
        .flatten()
        .any(|field| may_match(field, query))
    {
        return None;
    }
    let (name_score, name_positions) = match matcher.fuzzy_indices(name, query) {
        Some((score, indices)) => (Some(score), indices),
        None => (None, Vec::new()),
    };
    let best = others
        .into_iter()
        .flatten()
        .filter_map(|field| matcher.fuzzy_match(field, query))
        .chain(name_score)
        .max()?;
    Some(Hit {
        position,
        score: best,
        name_positions,
    })
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
