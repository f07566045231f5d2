//! `cargo bench --bench duplicates [-- SIZES...]`: the duplicate scan of issue 16 §3 over demo
//! people (default 1,000,000), timed in its parts: keys and groups, every pair, and the likely
//! matches of one new record (the check `caseload add` makes). Environment: BENCH_RUNS (default
//! 3), BENCH_TODAY (default 2026-12-01). Prints one Markdown row per size for BENCHMARKS.md.

use caseload::domain::demo;
use caseload::domain::duplicates::{Candidate, Index, NotSame, Scoring};
use caseload::domain::names::NameTable;
use chrono::NaiveDate;
use std::time::{Duration, Instant};

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.replace(['_', ','], "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000_000]
    } else {
        sizes
    };
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let today: NaiveDate = std::env::var("BENCH_TODAY")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date"));
    println!("| people | keys and groups | all pairs | pairs found | one new record | threads |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for size in sizes {
        let people: Vec<Candidate> = demo::generate(size, 7, today)
            .enumerate()
            .map(|(i, r)| Candidate {
                id: i as i64 + 1,
                ..Candidate::from_record(&r, today)
            })
            .collect();
        let (mut keyed, mut scanned, mut one) = (Vec::new(), Vec::new(), Vec::new());
        let mut found = 0;
        for _ in 0..runs.max(1) {
            let copy = people.clone();
            let started = Instant::now();
            let index = Index::new(NameTable::builtin(), copy, Scoring::default());
            keyed.push(started.elapsed());
            let started = Instant::now();
            found = index.pairs(&NotSame::new()).len();
            scanned.push(started.elapsed());
            let new = Candidate {
                id: 0,
                name: "Mohd Aslam Butt".into(),
                father_name: Some("Gulam Rasul Butt".into()),
                age: Some(35),
                ..Candidate::default()
            };
            let started = Instant::now();
            std::hint::black_box(index.likely_matches(NameTable::builtin(), new, &NotSame::new()));
            one.push(started.elapsed());
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "| {size} | {} | {} | {found} | {} | {threads} |",
            median(&mut keyed),
            median(&mut scanned),
            median(&mut one)
        );
    }
}

/// The median of the runs, in the unit that reads best.
fn median(samples: &mut [Duration]) -> String {
    samples.sort();
    let m = samples[samples.len() / 2];
    match m.as_secs_f64() {
        s if s >= 1.0 => format!("{s:.2} s"),
        s if s >= 0.001 => format!("{:.1} ms", s * 1e3),
        s => format!("{:.0} µs", s * 1e6),
    }
}
