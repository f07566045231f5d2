//! Sort keys of issue 14 §4: each key's order, reverse, missing values last, ties in urgency
//! order, and the rank (position in the urgency order) never lost.

use caseload::domain::model::{Hearing, Record};
use caseload::domain::roster::Roster;
use caseload::domain::sort::{Sort, SortKey, sort_positions};
use caseload::domain::triage::{Band, Ranked};
use chrono::NaiveDate;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

const TODAY: (i32, u32, u32) = (2026, 12, 1);

fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

/// (name, arrested, prison, next hearing); ranked in this order with falling scores, except
/// that Bushra and Kashif tie at 50.
fn roster() -> (Roster, Vec<Ranked>) {
    let people = [
        (
            "Zainab",
            date(2026, 6, 1),
            Some("b jail"),
            Some(date(2026, 12, 9)),
        ),
        ("aslam", date(2025, 1, 1), None, None),
        (
            "Bushra",
            date(2026, 11, 1),
            Some("A Jail"),
            Some(date(2026, 12, 2)),
        ),
        (
            "Kashif",
            date(2024, 1, 1),
            Some("c jail"),
            Some(date(2026, 12, 2)),
        ),
    ];
    let records: Vec<Record> = people
        .iter()
        .enumerate()
        .map(|(i, (name, arrested, prison, next))| {
            let mut r = Record::new(name, *arrested);
            r.detainee.id = i as i64 + 1;
            r.detainee.prison = prison.map(str::to_string);
            if let Some(d) = next {
                r.hearings.push(Hearing {
                    id: 0,
                    date: *d,
                    court: None,
                    purpose: None,
                    outcome: None,
                });
            }
            r
        })
        .collect();
    let totals = [90, 70, 50, 50];
    let ranked = totals
        .iter()
        .enumerate()
        .map(|(index, &total)| Ranked {
            index,
            total,
            band: Band::Medium,
        })
        .collect();
    (Roster::from_records(&records, today()), ranked)
}

fn names(order: &[usize]) -> Vec<&'static str> {
    let all = ["zainab", "aslam", "bushra", "kashif"];
    order.iter().map(|&p| all[p]).collect()
}

#[test]
fn each_key_orders_as_documented_and_reverse_keeps_missing_last() {
    let (roster, ranked) = roster();
    let all = [0, 1, 2, 3];
    let cases: &[(SortKey, bool, &[&str])] = &[
        (
            SortKey::Score,
            false,
            &["zainab", "aslam", "bushra", "kashif"],
        ),
        // Ties (Bushra and Kashif at 50) stay in urgency order, reversed or not.
        (
            SortKey::Score,
            true,
            &["bushra", "kashif", "aslam", "zainab"],
        ),
        (
            SortKey::Days,
            false,
            &["kashif", "aslam", "zainab", "bushra"],
        ),
        (
            SortKey::Days,
            true,
            &["bushra", "zainab", "aslam", "kashif"],
        ),
        (
            SortKey::NextHearing,
            false,
            &["bushra", "kashif", "zainab", "aslam"],
        ),
        (
            SortKey::NextHearing,
            true,
            &["zainab", "bushra", "kashif", "aslam"],
        ),
        (
            SortKey::Name,
            false,
            &["aslam", "bushra", "kashif", "zainab"],
        ),
        (
            SortKey::Name,
            true,
            &["zainab", "kashif", "bushra", "aslam"],
        ),
        (
            SortKey::Prison,
            false,
            &["bushra", "zainab", "kashif", "aslam"],
        ),
        (
            SortKey::Prison,
            true,
            &["kashif", "zainab", "bushra", "aslam"],
        ),
    ];
    for &(key, reverse, want) in cases {
        let order = sort_positions(&roster, &ranked, &all, Sort { key, reverse }, today());
        assert_eq!(names(&order), want, "{key} reverse={reverse}");
    }
}

#[test]
fn a_filtered_subset_sorts_and_keeps_its_ranks() {
    let (roster, ranked) = roster();
    let order = sort_positions(
        &roster,
        &ranked,
        &[1, 3],
        Sort {
            key: SortKey::Name,
            reverse: false,
        },
        today(),
    );
    // Positions are the urgency ranks minus one: Aslam is still rank 2, Kashif rank 4.
    assert_eq!(order, [1, 3]);
}

#[test]
fn keys_cycle_and_parse() {
    let mut key = SortKey::default();
    let mut seen = Vec::new();
    for _ in 0..SortKey::ALL.len() {
        seen.push(key);
        key = key.next();
    }
    assert_eq!(seen, SortKey::ALL);
    assert_eq!(key, SortKey::Score);
    for k in SortKey::ALL {
        assert_eq!(k.code().parse::<SortKey>(), Ok(*k));
    }
    assert_eq!(
        " Next_Hearing ".parse::<SortKey>(),
        Ok(SortKey::NextHearing)
    );
    let err = "court".parse::<SortKey>().expect_err("not a key");
    assert_eq!(
        err.to_string(),
        "unknown sort key 'court' — expected one of score, days, hearing, name, prison"
    );
}

proptest! {
    /// Any key, either way, any subset: sorting neither loses nor invents a person.
    #[test]
    fn sorting_permutes_the_positions(key in prop::sample::select(SortKey::ALL), reverse: bool, keep in prop::collection::vec(any::<bool>(), 4)) {
        let (roster, ranked) = roster();
        let positions: Vec<usize> = (0..4).filter(|&p| keep[p]).collect();
        let mut order = sort_positions(&roster, &ranked, &positions, Sort { key, reverse }, today());
        order.sort_unstable();
        prop_assert_eq!(order, positions);
    }
}
