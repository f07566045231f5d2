//! The suppression property (issue 15 §4), on random tables through the public API: for every
//! table emitted, nothing under the threshold is published, every published number is the true
//! one, and no suppressed number can be worked out by subtraction from a published total
//! (every row, column and grand-total relation with a hidden member has at least two).

use caseload::domain::disclosure::{Cell, Table, Threshold, suppress};
use proptest::prelude::*;

/// Small counts are the interesting ones: mostly under 10, some large.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 0u64..10, 1 => 10u64..200]
}

/// A table of 1 to 6 rows and 1 to 6 columns (one column: one-dimensional).
fn counts() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (1usize..=6, 1usize..=6).prop_flat_map(|(rows, cols)| {
        prop::collection::vec(prop::collection::vec(count(), cols), rows)
    })
}

fn emit(counts: &[Vec<u64>], threshold: u64) -> Table {
    let rows = (0..counts.len()).map(|i| format!("r{i}")).collect();
    let cols = (0..counts[0].len()).map(|i| format!("c{i}")).collect();
    let threshold = Threshold::new(threshold).expect("at least 3");
    suppress(rows, cols, counts, threshold).expect("well formed")
}

/// Every relation of the table as (total, members), in published form.
fn relations(t: &Table) -> Vec<(Cell, Vec<Cell>)> {
    let mut out = Vec::new();
    if t.row_totals.is_empty() {
        out.push((t.total, t.cells.iter().map(|r| r[0]).collect()));
        return out;
    }
    for (r, row) in t.cells.iter().enumerate() {
        out.push((t.row_totals[r], row.clone()));
    }
    for c in 0..t.col_labels.len() {
        out.push((t.col_totals[c], t.cells.iter().map(|r| r[c]).collect()));
    }
    out.push((t.total, t.row_totals.clone()));
    out.push((t.total, t.col_totals.clone()));
    out
}

fn truth(counts: &[Vec<u64>]) -> (Vec<u64>, Vec<u64>, u64) {
    let rows = counts.iter().map(|r| r.iter().sum()).collect();
    let cols = (0..counts[0].len())
        .map(|c| counts.iter().map(|r| r[c]).sum())
        .collect();
    (rows, cols, counts.iter().flatten().sum())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_suppressed_cell_is_recoverable_by_subtraction(counts in counts(), threshold in 3u64..=7) {
        let t = emit(&counts, threshold);
        let published = |c: Cell| matches!(c, Cell::Count(_));
        // Nothing under the threshold is published, and what is published is true.
        let (row_totals, col_totals, total) = truth(&counts);
        for (r, row) in t.cells.iter().enumerate() {
            for (c, &cell) in row.iter().enumerate() {
                if let Cell::Count(n) = cell {
                    prop_assert!(n >= threshold);
                    prop_assert_eq!(n, counts[r][c]);
                }
            }
        }
        for (cell, want) in t.row_totals.iter().zip(&row_totals) {
            if let Cell::Count(n) = *cell { prop_assert!(n >= threshold); prop_assert_eq!(n, *want); }
        }
        if !t.row_totals.is_empty() {
            for (cell, want) in t.col_totals.iter().zip(&col_totals) {
                if let Cell::Count(n) = *cell { prop_assert!(n >= threshold); prop_assert_eq!(n, *want); }
            }
        }
        if let Cell::Count(n) = t.total { prop_assert!(n >= threshold); prop_assert_eq!(n, total); }
        // The property: no relation has exactly one hidden member.
        for (sum, members) in relations(&t) {
            let hidden = members.iter().chain([&sum]).filter(|c| !published(**c)).count();
            prop_assert!(hidden != 1, "a lone hidden number in {:?} = {:?}\n{:?}", sum, members, t);
        }
        // Rendering keeps the hidden ones hidden.
        let csv = t.to_csv().expect("csv");
        for line in csv.lines().skip(1) {
            for field in line.split(',').skip(1) {
                prop_assert!(field.starts_with('<') || field.parse::<u64>().is_ok_and(|n| n >= threshold));
            }
        }
    }
}

/// Timing on a large cross-table (prison × court, 60 × 40): `cargo test --test disclosure --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn timing_of_a_large_table() {
    let counts: Vec<Vec<u64>> = (0..60u64)
        .map(|r| (0..40u64).map(|c| (r * 7 + c * 13) % 23).collect())
        .collect();
    let start = std::time::Instant::now();
    let t = emit(&counts, 5);
    let hidden = t
        .cells
        .iter()
        .flatten()
        .filter(|c| **c == Cell::Suppressed)
        .count();
    println!(
        "60x40 table: {hidden} of 2400 cells hidden in {:?}",
        start.elapsed()
    );
}
