//! Numbers that can leave the clinic (issue 15 §4): counts of people by one or two fields, with
//! every count under the threshold shown as `<N` (primary suppression) and enough other cells
//! and totals suppressed that no hidden count can be worked out from what is published
//! (secondary suppression, as statistics offices do). Counts only: no names, ids or dates.
//!
//! A table is a set of linear relations (each row total is the sum of its row, each column
//! total the sum of its column, the grand total the sum of either). A hidden number is safe
//! when no combination of the published numbers pins it down. We first make sure that no
//! relation has exactly one hidden member (else one subtraction finds it), then check the
//! whole system by elimination and hide more until no hidden number is determined.

use super::stats::{Field, Subject};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The threshold when the clinic sets none.
pub const DEFAULT_THRESHOLD: u64 = 5;
/// No clinic may publish counts smaller than this.
pub const MIN_THRESHOLD: u64 = 3;

/// A threshold that is at least [`MIN_THRESHOLD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold(u64);

/// Why a table cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisclosureError {
    #[error("threshold: {0} is below the minimum of {MIN_THRESHOLD}")]
    ThresholdTooLow(u64),
    #[error("table: {0} rows of cells for {1} row labels")]
    Shape(usize, usize),
    #[error("table: row {0} has {1} cells for {2} column labels")]
    RowWidth(usize, usize, usize),
}

impl Threshold {
    /// `n`, unless it is below [`MIN_THRESHOLD`].
    pub fn new(n: u64) -> Result<Threshold, DisclosureError> {
        if n < MIN_THRESHOLD {
            return Err(DisclosureError::ThresholdTooLow(n));
        }
        Ok(Threshold(n))
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Threshold {
        Threshold(DEFAULT_THRESHOLD)
    }
}

/// One published number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Count(u64),
    /// Shown as `<N`.
    Suppressed,
}

/// A table safe to publish. One-dimensional tables have one column and no row totals (each
/// row's only cell would be its total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub row_field: String,
    pub col_field: Option<String>,
    pub row_labels: Vec<String>,
    /// One label (`people`) for a one-dimensional table.
    pub col_labels: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
    /// Empty for a one-dimensional table.
    pub row_totals: Vec<Cell>,
    pub col_totals: Vec<Cell>,
    pub total: Cell,
    pub threshold: u64,
}

/// Counts of people in custody by `row` (and `col`), labels sorted, "(not recorded)" included.
pub fn count_by(
    people: &[Subject],
    row: Field,
    col: Option<Field>,
) -> (Vec<String>, Vec<String>, Vec<Vec<u64>>) {
    let label = |v: Option<&str>| v.unwrap_or(super::stats::NOT_RECORDED).to_string();
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for s in people.iter().filter(|s| s.facts.in_custody()) {
        let c = col.map_or_else(|| "people".to_string(), |f| label(f.value(s)));
        *counts.entry((label(row.value(s)), c)).or_default() += 1;
    }
    let rows: Vec<String> = dedup(counts.keys().map(|k| k.0.clone()));
    let cols: Vec<String> = dedup(counts.keys().map(|k| k.1.clone()));
    let cells = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| counts.get(&(r.clone(), c.clone())).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    (rows, cols, cells)
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = items.collect();
    v.sort();
    v.dedup();
    v
}

/// The anonymised table of `people` by `row` (and `col`).
pub fn anonymised(
    people: &[Subject],
    row: Field,
    col: Option<Field>,
    threshold: Threshold,
) -> Result<Table, DisclosureError> {
    let (rows, cols, counts) = count_by(people, row, col);
    let mut table = suppress(rows, cols, &counts, threshold)?;
    table.row_field = row.code().to_string();
    table.col_field = col.map(|c| c.code().to_string());
    Ok(table)
}

/// The items of a table (cells, row totals, column totals, grand total) and their relations.
struct Layout {
    values: Vec<u64>,
    /// (total item, member items).
    relations: Vec<(usize, Vec<usize>)>,
    rows: usize,
    cols: usize,
    two_d: bool,
}

impl Layout {
    fn new(counts: &[Vec<u64>], cols: usize) -> Layout {
        let rows = counts.len();
        let two_d = cols > 1;
        let mut values: Vec<u64> = counts.iter().flatten().copied().collect();
        let cell = |r: usize, c: usize| r * cols + c;
        let mut relations = Vec::new();
        let grand;
        if two_d {
            let row_at = values.len();
            values.extend(counts.iter().map(|r| r.iter().sum::<u64>()));
            let col_at = values.len();
            values.extend((0..cols).map(|c| counts.iter().map(|r| r[c]).sum::<u64>()));
            grand = values.len();
            for r in 0..rows {
                relations.push((row_at + r, (0..cols).map(|c| cell(r, c)).collect()));
            }
            for c in 0..cols {
                relations.push((col_at + c, (0..rows).map(|r| cell(r, c)).collect()));
            }
            relations.push((grand, (row_at..row_at + rows).collect()));
            relations.push((grand, (col_at..col_at + cols).collect()));
        } else {
            grand = values.len();
            relations.push((grand, (0..rows * cols).collect()));
        }
        values.push(values[..rows * cols].iter().sum());
        Layout {
            values,
            relations,
            rows,
            cols,
            two_d,
        }
    }
}

/// Applies primary and secondary suppression to `counts` (`rows` × `cols`; one column makes a
/// one-dimensional table).
pub fn suppress(
    row_labels: Vec<String>,
    col_labels: Vec<String>,
    counts: &[Vec<u64>],
    threshold: Threshold,
) -> Result<Table, DisclosureError> {
    if counts.len() != row_labels.len() {
        return Err(DisclosureError::Shape(counts.len(), row_labels.len()));
    }
    if let Some((i, r)) = counts
        .iter()
        .enumerate()
        .find(|(_, r)| r.len() != col_labels.len())
    {
        return Err(DisclosureError::RowWidth(i, r.len(), col_labels.len()));
    }
    let layout = Layout::new(counts, col_labels.len());
    let hidden = hide(&layout, threshold.get());
    let cell = |i: usize| {
        if hidden[i] {
            Cell::Suppressed
        } else {
            Cell::Count(layout.values[i])
        }
    };
    let (rows, cols) = (layout.rows, layout.cols);
    let n = rows * cols;
    Ok(Table {
        row_field: String::new(),
        col_field: None,
        row_labels,
        col_labels,
        cells: (0..rows)
            .map(|r| (0..cols).map(|c| cell(r * cols + c)).collect())
            .collect(),
        row_totals: if layout.two_d {
            (n..n + rows).map(cell).collect()
        } else {
            Vec::new()
        },
        col_totals: if layout.two_d {
            (n + rows..n + rows + cols).map(cell).collect()
        } else {
            vec![cell(n)]
        },
        total: cell(layout.values.len() - 1),
        threshold: threshold.get(),
    })
}

/// Which items to hide: those under the threshold, then more until nothing hidden is
/// recoverable. Terminates: every round hides at least one more item.
fn hide(layout: &Layout, threshold: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = layout.values.iter().map(|&v| v < threshold).collect();
    loop {
        // A relation with exactly one hidden member gives it away by one subtraction; else
        // the whole system may still pin a hidden item down (a chain of subtractions).
        let lone = layout.relations.iter().find(|(total, members)| {
            members
                .iter()
                .chain([total])
                .filter(|&&i| hidden[i])
                .count()
                == 1
        });
        let suspects: Vec<&(usize, Vec<usize>)> = match lone {
            Some(relation) => vec![relation],
            None => match determined(layout, &hidden) {
                Some(i) => layout
                    .relations
                    .iter()
                    .filter(|(t, m)| *t == i || m.contains(&i))
                    .collect(),
                None => return hidden,
            },
        };
        // Hide the smallest visible member (the least information lost); the total only when
        // every member is already hidden.
        let pick = suspects.iter().find_map(|(total, members)| {
            members
                .iter()
                .copied()
                .filter(|&i| !hidden[i])
                .min_by_key(|&i| (layout.values[i], i))
                .or((!hidden[*total]).then_some(*total))
        });
        match pick {
            Some(i) => hidden[i] = true,
            None => {
                // Nothing visible is left near it: hiding everything is always safe.
                hidden.iter_mut().for_each(|h| *h = true);
                return hidden;
            }
        }
    }
}

/// A hidden item whose value the published items pin down, if any. The relations, with the
/// hidden items as unknowns, in reduced row echelon form: item `k` is determined exactly when
/// one reduced row is the unit vector of `k`.
fn determined(layout: &Layout, hidden: &[bool]) -> Option<usize> {
    let unknowns: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
    let mut column = vec![usize::MAX; hidden.len()];
    for (c, &u) in unknowns.iter().enumerate() {
        column[u] = c;
    }
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (total, members) in &layout.relations {
        let mut row = vec![0.0; unknowns.len()];
        if let Some(x) = row.get_mut(column[*total]) {
            *x += 1.0;
        }
        for &m in members {
            if let Some(x) = row.get_mut(column[m]) {
                *x -= 1.0;
            }
        }
        if row.iter().any(|&x| x != 0.0) {
            rows.push(row);
        }
    }
    reduce(&mut rows);
    rows.iter().find_map(|row| {
        let mut nonzero = row.iter().enumerate().filter(|(_, x)| x.abs() > EPS);
        match (nonzero.next(), nonzero.next()) {
            (Some((c, _)), None) => Some(unknowns[c]),
            _ => None,
        }
    })
}

/// Coefficients are small integers and tables small: a tolerance this tight is exact enough.
const EPS: f64 = 1e-9;

/// Reduced row echelon form, in place (rows that vanish stay as zero rows).
fn reduce(rows: &mut [Vec<f64>]) {
    let width = rows.first().map_or(0, Vec::len);
    let mut next = 0;
    for col in 0..width {
        let Some(at) = (next..rows.len()).find(|&r| rows[r][col].abs() > EPS) else {
            continue;
        };
        rows.swap(next, at);
        let pivot = rows[next].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            let f = row[col] / pivot[col];
            if r != next && f.abs() > EPS {
                row.iter_mut().zip(&pivot).for_each(|(x, p)| *x -= f * p);
            }
        }
        next += 1;
        if next == rows.len() {
            break;
        }
    }
}

impl Table {
    /// How a cell is written: the count, or `<N`.
    pub fn show(&self, cell: Cell) -> String {
        match cell {
            Cell::Count(n) => n.to_string(),
            Cell::Suppressed => format!("<{}", self.threshold),
        }
    }

    fn json_cell(&self, cell: Cell) -> Value {
        match cell {
            Cell::Count(n) => json!(n),
            Cell::Suppressed => json!(self.show(cell)),
        }
    }

    /// CSV: a header of the row field, the column labels and `total` (two-dimensional), one line
    /// per row, then a `total` line.
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let two_d = !self.row_totals.is_empty();
        let mut header = vec![self.row_field.clone()];
        header.extend(self.col_labels.iter().cloned());
        if two_d {
            header.push("total".into());
        }
        w.write_record(&header)?;
        for (r, label) in self.row_labels.iter().enumerate() {
            let mut line = vec![label.clone()];
            line.extend(self.cells[r].iter().map(|&c| self.show(c)));
            if let Some(&t) = self.row_totals.get(r) {
                line.push(self.show(t));
            }
            w.write_record(&line)?;
        }
        let mut last = vec!["total".to_string()];
        if two_d {
            last.extend(self.col_totals.iter().map(|&c| self.show(c)));
        }
        last.push(self.show(self.total));
        w.write_record(&last)?;
        let bytes = w.into_inner().map_err(|e| e.into_error())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// JSON: `{"threshold", "by", "rows": [{"value", "cells": {col: n|"<5"}, "total"}],
    /// "column_totals", "total"}`.
    pub fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .row_labels
            .iter()
            .enumerate()
            .map(|(r, label)| {
                let cells: serde_json::Map<String, Value> = self
                    .col_labels
                    .iter()
                    .zip(&self.cells[r])
                    .map(|(c, &cell)| (c.clone(), self.json_cell(cell)))
                    .collect();
                let total = self
                    .row_totals
                    .get(r)
                    .map_or(Value::Null, |&t| self.json_cell(t));
                json!({"value": label, "cells": cells, "total": total})
            })
            .collect();
        let column_totals: serde_json::Map<String, Value> = self
            .col_labels
            .iter()
            .zip(&self.col_totals)
            .map(|(c, &cell)| (c.clone(), self.json_cell(cell)))
            .collect();
        let by: Vec<&String> = [Some(&self.row_field), self.col_field.as_ref()]
            .into_iter()
            .flatten()
            .collect();
        json!({
            "threshold": self.threshold,
            "by": by,
            "rows": rows,
            "column_totals": column_totals,
            "total": self.json_cell(self.total),
        })
    }
}

#[cfg(test)]
#[path = "disclosure_tests.rs"]
mod tests;
