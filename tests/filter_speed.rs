//! How long a filter takes over a big roster (issue 14 "Speed": results ≤ 100 ms at 1M people).
//! Ignored by default; run with
//! `cargo test --test filter_speed -- --ignored --nocapture` (add `--release` for real figures).

use caseload::domain::filter::{Context, Filter, filter_roster};
use caseload::domain::model::{Gender, Record, Stage};
use caseload::domain::roster::{Names, Roster};
use caseload::domain::triage::{Band, Facts, Ranked};
use caseload::domain::weights::Weights;
use chrono::NaiveDate;
use std::time::Instant;

#[test]
#[ignore = "timing, not a check; run by hand"]
fn one_million_people_filtered() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let n: usize = std::env::var("PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let courts: Vec<String> = (0..300)
        .map(|i| format!("Special Court CNS {i} Multan"))
        .collect();
    let prisons: Vec<String> = (0..120).map(|i| format!("District Jail {i}")).collect();
    let lawyers: Vec<String> = (0..400).map(|i| format!("Advocate Number {i}")).collect();
    let mut roster = Roster::with_capacity(n);
    let mut ranked = Vec::with_capacity(n);
    let started = Instant::now();
    for i in 0..n {
        let mut record = Record::new(
            "Muhammad Aslam",
            today - chrono::Days::new((i % 900) as u64),
        );
        record.detainee.gender = Some(if i % 7 == 0 {
            Gender::Female
        } else {
            Gender::Male
        });
        record.detainee.age_at_arrest = Some(15 + (i % 50) as u32);
        record.case.stage = if i % 11 == 0 {
            Stage::Released
        } else {
            Stage::Trial
        };
        let facts = Facts::of(&record, today);
        let names = Names {
            name: "Muhammad Aslam",
            prison: Some(&prisons[i % prisons.len()]),
            ..Names::default()
        };
        let at = roster.push(i as i64 + 1, names, facts);
        roster.set_docket(
            at,
            Some(&courts[i % courts.len()]),
            (i % 3 != 0).then(|| lawyers[i % lawyers.len()].as_str()),
        );
        roster.set_district(at, Some(if i % 5 == 0 { "Multan" } else { "Lahore" }));
        let total = (i % 160) as i64;
        let band = match total {
            100.. => Band::Critical,
            60.. => Band::High,
            30.. => Band::Medium,
            _ => Band::Low,
        };
        ranked.push(Ranked {
            index: at,
            total,
            band,
        });
    }
    eprintln!("built {n} people in {:?}", started.elapsed());
    let weights = Weights::default();
    let cx = Context {
        today,
        weights: &weights,
        me: Some("Advocate Number 7"),
    };
    let mut all = Vec::new();
    for expr in [
        "court:multan band:critical",
        "court:\"cns 12 \" -has:lawyer",
        "lawyer:me",
        "district:multan is:juvenile days>365",
        "is:overdue,near gender:f",
        "prison:jail,court score>=100 -is:released",
    ] {
        let filter = Filter::parse(expr).expect("parses");
        let mut times = Vec::new();
        let mut kept = 0;
        for _ in 0..5 {
            let t = Instant::now();
            kept = filter_roster(&roster, &ranked, &filter, &cx).len();
            times.push(t.elapsed());
        }
        all.extend(times.iter().copied());
        let best = times.iter().min().copied().unwrap_or_default();
        let worst = times.iter().max().copied().unwrap_or_default();
        eprintln!("{expr:45} {kept:>8} kept  best {best:?}, worst {worst:?} of 5");
    }
    all.sort();
    let p95 = all[((all.len() - 1) as f64 * 0.95).round() as usize];
    eprintln!("every run: p95 {p95:?} (target ≤ 100 ms at 1M)");
}
