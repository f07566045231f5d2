//! Who a list shows, in which order (issue 14): the filter's terms first (the cheap, exact
//! part, on every core), then the free words of the filter and any `--search` query by fuzzy
//! and name-key search among the people the terms kept, each query on its own (all must
//! match), then the sort (in urgency order, the name-key matches of the last query first). One function, so that filter, search and sort combine the same way wherever a list of
//! people is drawn. Pure: returns positions in the ranking, so each person's urgency rank is
//! still `position + 1` whatever the sort.

use super::filter::{Context, Filter, Subject, filter_roster};
use super::model::Record;
use super::roster::Roster;
use super::search;
use super::sort::{Sort, sort_positions};
use super::triage::{Facts, Ranked, explain};

/// The positions in `ranked` (a ranking of `roster`) of everyone `filter` keeps who also
/// matches the filter's free words and every one of `searches`, ordered by `sort`.
pub fn select(
    roster: &Roster,
    ranked: &[Ranked],
    filter: &Filter,
    searches: &[&str],
    sort: Sort,
    cx: &Context,
) -> Vec<usize> {
    let mut positions = filter_roster(roster, ranked, filter, cx);
    let words = std::iter::once(filter.search.as_str()).chain(searches.iter().copied());
    let mut last = None;
    for query in words.filter(|q| !q.trim().is_empty()) {
        let hits = search::within(roster, ranked, &positions, query);
        positions = hits.iter().map(|hit| hit.position).collect();
        last = Some(hits);
    }
    match last {
        // In urgency order, the last search's name-key matches first (as the TUI shows them).
        Some(mut hits) if sort == Sort::default() => {
            search::names_first(&mut hits);
            hits.into_iter().map(|hit| hit.position).collect()
        }
        _ => sort_positions(roster, ranked, &positions, sort, cx.today),
    }
}

/// The indices of the `records` (everyone on file, in or out of custody, in their order) that
/// `filter` keeps, its free words matched by the same fuzzy search as the list. For the
/// commands that act on whole records: `export` and `update --filter`. Each person is scored
/// as the list would (`score>=100`, `band:critical` read the same points).
pub fn select_records(records: &[Record], filter: &Filter, cx: &Context) -> Vec<usize> {
    // Everyone gets a place, in file order, so the search keeps that order.
    let all: Vec<Ranked> = records
        .iter()
        .enumerate()
        .map(|(index, record)| {
            let facts = Facts::of(record, cx.today);
            let urgency = explain(&facts, cx.today, cx.weights);
            Ranked {
                index,
                total: urgency.total,
                band: urgency.band,
            }
        })
        .collect();
    let kept: Vec<usize> = all
        .iter()
        .filter(|r| {
            let record = &records[r.index];
            let facts = Facts::of(record, cx.today);
            let subject = Subject::of_record(record, &facts, r.total, r.band, cx.today);
            filter.matches(&subject, cx)
        })
        .map(|r| r.index)
        .collect();
    if filter.search.trim().is_empty() {
        return kept;
    }
    search::within(records, &all, &kept, &filter.search)
        .into_iter()
        .map(|hit| hit.position)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Record;
    use crate::domain::sort::SortKey;
    use crate::domain::weights::Weights;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    /// Three people in Multan and Karachi, arrested at different times.
    fn people() -> Vec<Record> {
        let rows = [
            (1, "Muhammad Aslam", "Central Jail Multan", day(2025, 1, 5)),
            (2, "Bushra Bibi", "Women Jail Karachi", day(2026, 10, 1)),
            (3, "Aslam Khan", "Central Jail Multan", day(2026, 6, 1)),
        ];
        rows.iter()
            .map(|&(id, name, prison, arrest)| {
                let mut r = Record::new(name, arrest);
                r.detainee.id = id;
                r.detainee.prison = Some(prison.to_string());
                r
            })
            .collect()
    }

    fn ids(filter: &str, searches: &[&str], sort: Sort) -> Vec<i64> {
        let today = day(2026, 12, 1);
        let weights = Weights::default();
        let roster = Roster::from_records(&people(), today);
        let ranked = roster.rank(today, &weights);
        let cx = Context {
            today,
            weights: &weights,
            me: None,
        };
        let filter = Filter::parse(filter).expect("parses");
        select(&roster, &ranked, &filter, searches, sort, &cx)
            .into_iter()
            .map(|p| roster.entry(ranked[p].index).expect("entry").id)
            .collect()
    }

    #[test]
    fn terms_words_searches_and_sort_combine() {
        let by_days = Sort {
            key: SortKey::Days,
            reverse: false,
        };
        let mut multan = ids("prison:multan", &[], Sort::default());
        multan.sort_unstable();
        assert_eq!(multan, [1, 3]);
        assert_eq!(ids("prison:multan", &[], by_days), [1, 3]);
        let reversed = Sort {
            reverse: true,
            ..by_days
        };
        assert_eq!(ids("prison:multan", &[], reversed), [3, 1]);
        // A free word and a --search query must both match, on top of the term.
        assert_eq!(ids("prison:multan khan", &[], by_days), [3]);
        assert_eq!(ids("prison:multan", &["khan"], by_days), [3]);
        assert_eq!(ids("prison:multan bushra", &[], by_days), Vec::<i64>::new());
        assert_eq!(ids("", &["bushra"], by_days), [2]);
    }

    #[test]
    fn whole_records_are_selected_in_file_order_released_people_too() {
        let today = day(2026, 12, 1);
        let weights = Weights::default();
        let mut records = people();
        records[0].case.stage = crate::domain::model::Stage::Released;
        let cx = Context {
            today,
            weights: &weights,
            me: None,
        };
        let pick = |expr: &str| select_records(&records, &Filter::parse(expr).expect("p"), &cx);
        assert_eq!(pick("prison:multan"), [0, 2]);
        assert_eq!(pick("prison:multan -is:released"), [2]);
        assert_eq!(pick("is:released"), [0]);
        assert_eq!(pick("aslam"), [0, 2]);
        assert_eq!(pick("prison:karachi aslam"), Vec::<usize>::new());
    }
}
