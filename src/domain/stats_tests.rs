//! Tests of the headline numbers and `--by` rows against hand-counted fixtures.

use super::*;
use crate::domain::model::{BailStatus, Gender, Health, Record, Stage};
use crate::domain::triage;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

const TODAY: (i32, u32, u32) = (2026, 12, 1);

fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

/// Facts and bands of `records` as the ranking would give them.
fn prepared(records: &[Record]) -> Vec<(Facts, Band)> {
    let w = Weights::default();
    records
        .iter()
        .map(|r| {
            let f = Facts::of(r, today());
            let (_, band) = triage::total(&f, today(), &w);
            (f, band)
        })
        .collect()
}

fn subjects<'a>(records: &'a [Record], prepared: &'a [(Facts, Band)]) -> Vec<Subject<'a>> {
    records
        .iter()
        .zip(prepared)
        .map(|(r, (f, b))| Subject::of_record(r, f, *b))
        .collect()
}

fn person(arrest: NaiveDate, edit: impl FnOnce(&mut Record)) -> Record {
    let mut r = Record::new("Test Person", arrest);
    r.case.lawyer = Some("Advocate A".into());
    edit(&mut r);
    r
}

#[test]
fn nobody_in_custody_gives_all_zeros_with_every_key() {
    let records = vec![person(date(2025, 1, 1), |r| r.case.stage = Stage::Released)];
    let p = prepared(&records);
    let h = headline(&subjects(&records, &p), today(), &Weights::default());
    let json = serde_json::to_value(&h).expect("serialises");
    let expected = serde_json::json!({"as_of": "2026-12-01", "in_custody": 0, "pre_trial": 0,
        "convicted": 0, "women": 0, "transgender": 0, "juveniles": 0, "pregnant": 0,
        "with_children": 0, "children_in_prison": 0, "sick": 0, "statutory_bail_due": 0,
        "statutory_bail_near": 0, "no_lawyer": 0, "no_hearing": 0,
        "days_in_custody": {"median": 0, "p90": 0, "max": 0},
        "custody_bands": {"0-3m": 0, "3-6m": 0, "6-12m": 0, "1-2y": 0, "2-3y": 0, "3-5y": 0,
            "5y+": 0},
        "bands": {"critical": 0, "high": 0, "medium": 0, "low": 0}});
    assert_eq!(json, expected);
    assert!(group_by(&[], Field::Prison, today(), &Weights::default()).is_empty());
}

#[test]
fn one_person_counts_once_everywhere_that_applies() {
    // A woman arrested 2026-01-10 (325 days), pre-trial, no lawyer, no hearing, two children,
    // HIV: statutory bail (6 months for a woman) fell due on 2026-07-11.
    let records = vec![person(date(2026, 1, 10), |r| {
        r.detainee.gender = Some(Gender::Female);
        r.detainee.children_in_prison = Some(2);
        r.detainee.health = vec![Health::Hiv];
        r.detainee.prison = Some("Central Jail Karachi".into());
        r.case.lawyer = None;
        r.case.stage = Stage::Trial;
    })];
    let p = prepared(&records);
    let s = subjects(&records, &p);
    let h = headline(&s, today(), &Weights::default());
    assert_eq!(h.in_custody, 1);
    assert_eq!((h.pre_trial, h.convicted), (1, 0));
    assert_eq!(
        (h.women, h.transgender, h.juveniles, h.pregnant),
        (1, 0, 0, 0)
    );
    assert_eq!((h.with_children, h.children_in_prison, h.sick), (1, 2, 1));
    assert_eq!((h.statutory_bail_due, h.statutory_bail_near), (1, 0));
    assert_eq!((h.no_lawyer, h.no_hearing), (1, 1));
    assert_eq!(
        h.days_in_custody,
        DaysSummary {
            median: 325,
            p90: 325,
            max: 325
        }
    );
    assert_eq!(h.custody_bands.counts(), [0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(
        h.bands.critical + h.bands.high,
        1,
        "bail due floors at high"
    );
    let rows = group_by(&s, Field::Prison, today(), &Weights::default());
    assert_eq!(
        rows,
        vec![GroupRow {
            value: Some("Central Jail Karachi".into()),
            in_custody: 1,
            pre_trial: 1,
            women: 1,
            juveniles: 0,
            statutory_bail_due: 1,
            no_lawyer: 1,
            median_days: 325,
        }]
    );
}

/// Ten people, all in one prison: counted by hand.
fn ten_in_one_prison() -> Vec<Record> {
    let arrests = [
        date(2026, 11, 30), // 1 day, 0 months
        date(2026, 9, 1),   // 91 days, exactly 3 months
        date(2026, 9, 2),   // 90 days, 2 months
        date(2026, 5, 1),   // 214 days, 7 months
        date(2025, 12, 1),  // 365 days, 12 months
        date(2024, 12, 2),  // 729 days, 23 months
        date(2023, 12, 1),  // 1096 days, 36 months
        date(2021, 12, 1),  // 1826 days, 60 months
        date(2026, 6, 1),   // convicted, 183 days, 6 months
        date(2020, 1, 1),   // released: not counted
    ];
    arrests
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            person(a, |r| {
                r.detainee.prison = Some("District Jail Malir".into());
                r.case.court = Some(if i % 2 == 0 { "ATC-1" } else { "Sessions East" }.into());
                r.case.stage = match i {
                    8 => Stage::Convicted,
                    9 => Stage::Released,
                    _ => Stage::Trial,
                };
                if i == 3 {
                    r.detainee.age_at_arrest = Some(16);
                }
                if i == 4 {
                    r.case.bail_status = Some(BailStatus::Rejected);
                    r.detainee.gender = Some(Gender::Transgender);
                }
            })
        })
        .collect()
}

#[test]
fn everyone_in_one_prison() {
    let records = ten_in_one_prison();
    let p = prepared(&records);
    let s = subjects(&records, &p);
    let w = Weights::default();
    let h = headline(&s, today(), &w);
    assert_eq!((h.in_custody, h.pre_trial, h.convicted), (9, 8, 1));
    assert_eq!((h.juveniles, h.transgender, h.women), (1, 1, 0));
    // Men: one year, so due for the 365-day one? Due the day *after* a year: 2026-12-02, near.
    // 729, 1096 and 1826 days are past it.
    assert_eq!((h.statutory_bail_due, h.statutory_bail_near), (3, 1));
    assert_eq!(h.custody_bands.counts(), [2, 1, 2, 2, 0, 1, 1]);
    // Sorted days: 1 90 91 183 214 365 729 1096 1826: median rank 5, p90 rank ceil(8.1) = 9.
    assert_eq!(
        h.days_in_custody,
        DaysSummary {
            median: 214,
            p90: 1826,
            max: 1826
        }
    );
    let rows = group_by(&s, Field::Prison, today(), &w);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].label(), "District Jail Malir");
    assert_eq!((rows[0].in_custody, rows[0].median_days), (9, 214));
    let courts = group_by(&s, Field::Court, today(), &w);
    let summary: Vec<(&str, u64)> = courts.iter().map(|r| (r.label(), r.in_custody)).collect();
    assert_eq!(summary, [("ATC-1", 5), ("Sessions East", 4)]);
    let stages = group_by(&s, Field::Stage, today(), &w);
    let summary: Vec<(&str, u64)> = stages.iter().map(|r| (r.label(), r.in_custody)).collect();
    assert_eq!(summary, [("trial", 8), ("convicted", 1)]);
}

#[test]
fn band_edges_by_calendar_months() {
    // (arrest, today, whole months, band)
    let cases = [
        ((2026, 9, 1), (2026, 12, 1), 3, "3-6m"),
        ((2026, 9, 2), (2026, 12, 1), 2, "0-3m"),
        ((2026, 8, 31), (2026, 11, 30), 3, "3-6m"), // the 31st lands on the month's last day
        ((2026, 11, 30), (2027, 2, 28), 3, "3-6m"),
        ((2024, 2, 29), (2024, 5, 28), 2, "0-3m"),
        ((2024, 2, 29), (2024, 5, 29), 3, "3-6m"),
        ((2024, 2, 29), (2025, 2, 28), 12, "1-2y"), // no 29 Feb in 2025: its last day
        ((2024, 2, 29), (2025, 2, 27), 11, "6-12m"),
        ((2024, 2, 29), (2029, 2, 28), 60, "5y+"),
        ((2025, 12, 2), (2026, 12, 1), 11, "6-12m"),
        ((2025, 12, 1), (2026, 12, 1), 12, "1-2y"),
        ((2026, 12, 5), (2026, 12, 1), 0, "0-3m"), // arrest after today
    ];
    for ((ay, am, ad), (ty, tm, td), months, band) in cases {
        let (arrest, on) = (date(ay, am, ad), date(ty, tm, td));
        assert_eq!(months_in_custody(arrest, on), months, "{arrest} to {on}");
        assert_eq!(
            CUSTODY_BAND_NAMES[custody_band_index(months)],
            band,
            "{arrest} to {on}"
        );
    }
}

#[test]
fn percentiles_by_nearest_rank() {
    let cases: [(&[i64], DaysSummary); 4] = [
        (&[], DaysSummary::default()),
        (
            &[7],
            DaysSummary {
                median: 7,
                p90: 7,
                max: 7,
            },
        ),
        (
            &[4, 1, 3, 2],
            DaysSummary {
                median: 2,
                p90: 4,
                max: 4,
            },
        ),
        (
            &[10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
            DaysSummary {
                median: 50,
                p90: 90,
                max: 100,
            },
        ),
    ];
    for (days, want) in cases {
        assert_eq!(summarise_days(&mut days.to_vec()), want, "{days:?}");
    }
}

#[test]
fn rows_are_most_people_first_and_not_recorded_last_on_ties() {
    let mut records: Vec<Record> = (0..3)
        .map(|_| person(date(2026, 6, 1), |r| r.detainee.gender = Some(Gender::Male)))
        .collect();
    records.push(person(date(2026, 6, 1), |r| {
        r.detainee.gender = Some(Gender::Female)
    }));
    records.push(person(date(2026, 6, 1), |_| {}));
    let p = prepared(&records);
    let rows = group_by(
        &subjects(&records, &p),
        Field::Gender,
        today(),
        &Weights::default(),
    );
    let got: Vec<(&str, u64, u64)> = rows
        .iter()
        .map(|r| (r.label(), r.in_custody, r.women))
        .collect();
    assert_eq!(
        got,
        [("male", 3, 0), ("female", 1, 1), (NOT_RECORDED, 1, 0)]
    );
}

#[test]
fn every_field_of_the_issue_parses_and_unknown_ones_are_named() {
    for name in [
        "prison",
        "court",
        "lawyer",
        "police_station",
        "district",
        "law",
        "gender",
        "substance",
        "band",
        "stage",
    ] {
        let field: Field = name.parse().expect("a field of the issue");
        assert_eq!(field.code(), name);
    }
    assert_eq!("Police-Station".parse::<Field>(), Ok(Field::PoliceStation));
    let err = "colour".parse::<Field>().expect_err("not a field");
    assert_eq!(err.given, "colour");
    assert!(err.to_string().contains("'colour'") && err.to_string().contains("police_station"));
}

#[test]
fn every_field_groups_the_fixture_into_rows_that_sum_to_the_total() {
    let records = ten_in_one_prison();
    let p = prepared(&records);
    let s = subjects(&records, &p);
    for field in Field::ALL {
        let rows = group_by(&s, field, today(), &Weights::default());
        assert_eq!(rows.iter().map(|r| r.in_custody).sum::<u64>(), 9, "{field}");
        assert!(
            rows.windows(2).all(|w| w[0].in_custody >= w[1].in_custody),
            "{field}"
        );
    }
}

#[test]
fn roster_subjects_match_record_subjects() {
    let records: Vec<Record> = ten_in_one_prison()
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.detainee.id = i as i64 + 1;
            r
        })
        .collect();
    let w = Weights::default();
    let roster = Roster::from_records(&records, today());
    let ranked = roster.rank(today(), &w);
    let from_roster = subjects_of_roster(&roster, &ranked);
    let p = prepared(&records);
    let from_records = subjects(&records, &p);
    assert_eq!(
        headline(&from_roster, today(), &w),
        headline(&from_records, today(), &w)
    );
    assert_eq!(
        group_by(&from_roster, Field::Court, today(), &w),
        group_by(&from_records, Field::Court, today(), &w)
    );
}
