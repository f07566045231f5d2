use super::pdf::{Op, layout};
use super::*;
use crate::domain::model::{Gender, Record, Stage};
use crate::domain::trend::monthly;
use crate::domain::triage::{Facts, score};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

/// 17 people in custody in three prisons (one written in Urdu), every other one a woman.
fn records() -> Vec<Record> {
    let mut out = Vec::new();
    for (prison, n, arrest) in [
        ("Central Jail Karachi", 9, "2026-02-10"),
        ("District Jail Malir", 2, "2026-10-01"),
        ("جیل کراچی", 6, "2024-05-01"),
    ] {
        for i in 0..n {
            let date = NaiveDate::parse_from_str(arrest, "%Y-%m-%d").expect("date");
            let mut r = Record::new(&format!("Person {prison} {i}"), date);
            r.detainee.id = out.len() as i64 + 1;
            r.detainee.prison = Some(prison.to_string());
            r.detainee.gender = Some(if i % 2 == 0 {
                Gender::Male
            } else {
                Gender::Female
            });
            r.case.stage = Stage::Trial;
            r.case.court = Some("Special Court CNS Karachi-I".into());
            out.push(r);
        }
    }
    out
}

fn report(anonymised: bool) -> StatsReport {
    let weights = Weights::default();
    let records = records();
    let facts: Vec<Facts> = records.iter().map(|r| Facts::of(r, today())).collect();
    let bands: Vec<_> = records
        .iter()
        .map(|r| score(r, today(), &weights).band)
        .collect();
    let people: Vec<Subject> = records
        .iter()
        .zip(&facts)
        .zip(&bands)
        .map(|((r, f), b)| Subject::of_record(r, f, *b))
        .collect();
    let trend = monthly(&[], today());
    if anonymised {
        let t = Threshold::new(5).expect("threshold");
        StatsReport::anonymised(&people, today(), &weights, &trend, t, None).expect("report")
    } else {
        StatsReport::full(&people, today(), &weights, &trend, Some("band:critical"))
    }
}

#[test]
fn the_full_report_carries_every_count() {
    let r = report(false);
    assert_eq!(
        r.headline[0],
        ("People in custody".into(), Shown::Count(17))
    );
    let bars: Vec<u64> = r
        .custody_bands
        .bars
        .iter()
        .map(|(_, v)| v.count())
        .collect();
    assert_eq!(bars, [2, 0, 9, 0, 6, 0, 0]);
    let prisons: Vec<&str> = r.tables[0].rows.iter().map(|row| row[0].as_str()).collect();
    assert_eq!(
        prisons,
        ["Central Jail Karachi", "جیل کراچی", "District Jail Malir"]
    );
    assert_eq!(
        r.tables[0].rows[2][1], "2",
        "small counts stay in the clinic's own copy"
    );
    assert_eq!(r.as_of, "2026-12-01");
    assert!(r.trend.too_short.is_some());
}

#[test]
fn the_anonymised_report_shows_no_count_under_the_threshold() {
    let r = report(true);
    assert_eq!(r.as_of, "2026-12", "the month, never the day");
    let mut numbers: Vec<&Shown> = r.headline.iter().map(|(_, v)| v).collect();
    numbers.extend(r.custody_bands.bars.iter().map(|(_, v)| v));
    for shown in numbers {
        if let Shown::Count(n) = shown {
            assert!(*n >= 5, "{shown:?}");
        }
    }
    for block in &r.tables {
        for row in &block.rows {
            for cell in &row[1..] {
                match cell.parse::<u64>() {
                    Ok(n) => assert!(n >= 5, "{block:?}"),
                    Err(_) => assert_eq!(cell, "<5"),
                }
            }
        }
    }
    let malir = r.tables[0]
        .rows
        .iter()
        .find(|row| row[0] == "District Jail Malir");
    assert_eq!(malir.map(|row| row[1].as_str()), Some("<5"));
}

#[test]
fn the_pdf_layout_keeps_to_the_page_and_draws_real_bars() {
    for anonymised in [false, true] {
        let pages = layout(&report(anonymised));
        let mut bars = 0;
        for ops in &pages {
            for op in ops {
                match op {
                    Op::Text { x, y, .. } => {
                        assert!(
                            (0.0..=595.0).contains(x) && (0.0..=842.0).contains(y),
                            "{op:?}"
                        );
                    }
                    Op::Rect { y, h, .. } => {
                        bars += 1;
                        assert!(*y >= 0.0 && y + h <= 842.0 - 40.0, "{op:?}");
                    }
                    Op::Rule { .. } => {}
                }
            }
        }
        assert!(bars >= 7, "custody-band bars drawn as rectangles: {bars}");
        let bytes = pdf(&report(anonymised)).expect("pdf");
        assert!(bytes.starts_with(b"%PDF"));
    }
}

#[test]
fn html_escapes_names_and_draws_svg() {
    let mut r = report(false);
    r.tables[0].rows[0][0] = "<script>alert(1)</script>".into();
    let page = html(&r);
    assert!(!page.contains("<script>"), "escaped");
    assert!(page.contains("&lt;script&gt;"));
    assert!(page.contains("<svg") && page.contains("<rect class=\"bar\""));
    assert!(page.contains("@font-face"), "font embedded");
    assert!(
        !page.contains("src=\"http"),
        "nothing loaded from the network"
    );
}
