//! Hand-made tables: what is hidden, and how it is written.

use super::*;

fn labels(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

fn table(counts: &[&[u64]]) -> Table {
    let counts: Vec<Vec<u64>> = counts.iter().map(|r| r.to_vec()).collect();
    let cols = counts.first().map_or(0, Vec::len);
    suppress(
        labels("r", counts.len()),
        labels("c", cols),
        &counts,
        Threshold::default(),
    )
    .expect("a well-formed table")
}

use Cell::{Count as C, Suppressed as S};

#[test]
fn threshold_is_never_below_three() {
    assert_eq!(Threshold::new(2), Err(DisclosureError::ThresholdTooLow(2)));
    assert_eq!(
        Threshold::new(2)
            .map(|_| ())
            .expect_err("too low")
            .to_string(),
        "threshold: 2 is below the minimum of 3"
    );
    assert_eq!(Threshold::new(3).map(Threshold::get), Ok(3));
    assert_eq!(Threshold::default().get(), 5);
}

#[test]
fn one_dimensional_with_one_small_row_hides_the_next_smallest_too() {
    let t = table(&[&[40], &[2], &[9], &[12]]);
    assert_eq!(t.cells, [[C(40)], [S], [S], [C(12)]]);
    assert_eq!(t.total, C(63));
    assert!(t.row_totals.is_empty());
}

#[test]
fn one_dimensional_with_a_single_small_row_hides_the_total() {
    let t = table(&[&[3]]);
    assert_eq!((t.cells.clone(), t.total), (vec![vec![S]], S));
}

#[test]
fn nothing_small_nothing_hidden() {
    let t = table(&[&[10, 20], &[30, 40]]);
    assert_eq!(t.cells, [[C(10), C(20)], [C(30), C(40)]]);
    assert_eq!(
        (t.row_totals.clone(), t.col_totals.clone()),
        (vec![C(30), C(70)], vec![C(40), C(60)])
    );
    assert_eq!(t.total, C(100));
}

#[test]
fn two_dimensional_small_cell_gets_a_rectangle_of_partners() {
    // The 2 hides; its row and column each need a second hidden cell, and those a fourth.
    let t = table(&[&[2, 10, 30], &[8, 20, 40], &[50, 60, 70]]);
    assert_eq!(
        t.cells,
        [[S, S, C(30)], [S, S, C(40)], [C(50), C(60), C(70)]]
    );
    assert_eq!(t.total, C(290));
}

#[test]
fn a_small_total_is_hidden_as_well() {
    let t = table(&[&[1, 2], &[30, 40]]);
    assert_eq!(t.row_totals[0], S);
    assert!(t.cells[0].iter().all(|&c| c == S));
}

#[test]
fn shapes_are_checked() {
    let bad = suppress(
        labels("r", 2),
        labels("c", 1),
        &[vec![1]],
        Threshold::default(),
    );
    assert_eq!(bad, Err(DisclosureError::Shape(1, 2)));
    let bad = suppress(
        labels("r", 1),
        labels("c", 2),
        &[vec![1]],
        Threshold::default(),
    );
    assert_eq!(bad, Err(DisclosureError::RowWidth(0, 1, 2)));
}

#[test]
fn csv_and_json_write_suppressed_cells_as_under_the_threshold() {
    let mut t = table(&[&[2, 10], &[8, 20]]);
    t.row_field = "prison".into();
    t.col_field = Some("gender".into());
    let csv = t.to_csv().expect("csv");
    assert_eq!(
        csv,
        "prison,c0,c1,total\nr0,<5,<5,12\nr1,<5,<5,28\ntotal,10,30,40\n"
    );
    let json = t.to_json();
    assert_eq!(json["rows"][0]["cells"]["c0"], "<5");
    assert_eq!(json["rows"][1]["total"], 28);
    assert_eq!(json["total"], 40);
    assert_eq!(json["by"], serde_json::json!(["prison", "gender"]));
    assert_eq!(json["threshold"], 5);
}

#[test]
fn a_chain_of_subtractions_is_caught_too() {
    // Hidden cells forming a path that every single relation sees twice would still be pinned
    // down through the whole system; the elimination check hides more until it is not.
    let t = table(&[&[1, 9, 50], &[50, 1, 9], &[9, 50, 1]]);
    let hidden = t.cells.iter().flatten().filter(|&&c| c == S).count();
    assert!(hidden >= 6, "{:?}", t.cells);
    assert!(
        t.cells
            .iter()
            .flatten()
            .all(|&c| c == S || matches!(c, C(n) if n >= 5))
    );
}
