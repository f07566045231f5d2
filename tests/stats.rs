//! `caseload stats` end to end (issue 15 §1, §3, §4): the headline and `--by` numbers against a
//! hand-counted caseload, the edge cases (nobody in custody, one person, everyone in one
//! prison), anonymised tables where no count under the threshold survives and no hidden count
//! can be worked out from the published ones, the trend's "too short" sentence, and bad input.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod support;

use support::TODAY;

fn caseload(dir: &Path) -> Command {
    support::caseload_on(dir, TODAY)
}

const HEADER: &str = "name,gender,age,pregnant,children_in_prison,health,prison,stage,lawyer,\
                      court,arrest_date,next_hearing";

/// The hand-counted caseload (as of 2026-12-01; statutory bail after 12 months for a man and
/// 6 for a woman):
/// 1. man, trial, arrested 2025-12-20 (346 days, 11 months: bail due 2026-12-20, near)
/// 2. pregnant woman, 2 children with her, investigation, no lawyer, no hearing, 2026-03-01
///    (275 days, 9 months: bail due since 2026-09-01)
/// 3. boy of 16, trial, 2026-08-20 (103 days, 3 months)
/// 4. convicted man, 2023-01-10 (1421 days, 46 months), no hearing
/// 5. man with HIV, trial, no lawyer, 2025-11-15 (381 days, 12 months: bail due 2026-11-15)
/// 6. transgender detainee, investigation, 2026-11-20 (11 days), no hearing
/// 7. released: not counted
const CASELOAD: &str = "\
Imran Ali,male,30,,,,Central Jail Karachi,trial,Sana Mir,Special Court CNS Karachi-I,2025-12-20,2026-12-10
Amna Bibi,female,25,yes,2,,Women Jail Karachi,investigation,,,2026-03-01,
Bilal Khan,male,16,,,,Central Jail Karachi,trial,Sana Mir,Juvenile Court Karachi,2026-08-20,2026-12-05
Rashid Mehmood,male,40,,,,Central Jail Karachi,convicted,Ali Shah,,2023-01-10,
Naveed Akhtar,male,35,,,hiv,Central Jail Lahore,trial,,Special Court CNS Lahore,2025-11-15,2026-12-15
Guddi,transgender,28,,,,Central Jail Lahore,investigation,Ali Shah,,2026-11-20,
Salma Parveen,female,33,,,,Women Jail Karachi,released,Sana Mir,,2025-01-01,
";

/// A database holding exactly these rows (after the header), imported from a CSV.
fn with_rows(rows: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, format!("{HEADER}\n{rows}")).expect("write csv");
    caseload(dir.path())
        .args(["--db", db.to_str().expect("utf8"), "import"])
        .arg(&csv)
        .assert()
        .success();
    (dir, db)
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> String {
    let output = caseload(dir)
        .args(["--db", db.to_str().expect("utf8"), "stats"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "stats {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf8")
}

fn json(dir: &Path, db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&run(dir, db, &all)).expect("json")
}

fn fails(dir: &Path, db: &Path, args: &[&str]) -> String {
    let output = caseload(dir)
        .args(["--db", db.to_str().expect("utf8"), "stats"])
        .args(args)
        .output()
        .expect("runs");
    assert!(!output.status.success(), "stats {args:?} should fail");
    assert!(output.stdout.is_empty(), "nothing partial on stdout");
    String::from_utf8(output.stderr).expect("utf8")
}

#[test]
fn headline_matches_the_hand_counted_caseload() {
    let (dir, db) = with_rows(CASELOAD);
    let h = json(dir.path(), &db, &[]);
    let expected = [
        ("in_custody", 6),
        ("pre_trial", 5),
        ("convicted", 1),
        ("women", 1),
        ("transgender", 1),
        ("juveniles", 1),
        ("pregnant", 1),
        ("with_children", 1),
        ("children_in_prison", 2),
        ("sick", 1),
        ("statutory_bail_due", 2),
        ("statutory_bail_near", 1),
        ("no_lawyer", 2),
        ("no_hearing", 3),
    ];
    for (key, n) in expected {
        assert_eq!(h[key], n, "{key}");
    }
    assert_eq!(h["as_of"], TODAY);
    assert_eq!(
        h["days_in_custody"],
        serde_json::json!({"median": 275, "p90": 1421, "max": 1421})
    );
    assert_eq!(
        h["custody_bands"],
        serde_json::json!({"0-3m": 1, "3-6m": 1, "6-12m": 2, "1-2y": 1, "2-3y": 0, "3-5y": 1, "5y+": 0})
    );
    let bands: i64 = ["critical", "high", "medium", "low"]
        .iter()
        .map(|b| h["bands"][b].as_i64().expect("count"))
        .sum();
    assert_eq!(bands, 6);
    // The bands are the list's, person by person.
    let list = caseload(dir.path())
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "list",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let list: Value = serde_json::from_slice(&list.stdout).expect("json");
    for band in ["critical", "high", "medium", "low"] {
        let n = list
            .as_array()
            .expect("array")
            .iter()
            .filter(|p| p["band"] == band)
            .count();
        assert_eq!(h["bands"][band], n, "{band}");
    }
}

#[test]
fn by_prison_rows_most_people_first() {
    let (dir, db) = with_rows(CASELOAD);
    let v = json(dir.path(), &db, &["--by", "prison"]);
    assert_eq!(v["by"], "prison");
    let rows: Vec<(String, [i64; 7])> = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_i64().expect("number");
            (
                r["value"].as_str().expect("value").to_string(),
                [
                    n("in_custody"),
                    n("pre_trial"),
                    n("women"),
                    n("juveniles"),
                    n("statutory_bail_due"),
                    n("no_lawyer"),
                    n("median_days"),
                ],
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Central Jail Karachi".into(), [3, 2, 0, 1, 0, 0, 346]),
            ("Central Jail Lahore".into(), [2, 2, 0, 0, 1, 1, 11]),
            ("Women Jail Karachi".into(), [1, 1, 1, 0, 1, 1, 275]),
        ]
    );
    let csv = run(dir.path(), &db, &["--by", "prison", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "prison,in_custody,pre_trial,women,juveniles,statutory_bail_due,no_lawyer,median_days"
        )
    );
    assert_eq!(lines.next(), Some("Central Jail Karachi,3,2,0,1,0,0,346"));
    let table = run(dir.path(), &db, &["--by", "stage"]);
    assert!(table.starts_with("STAGE"), "{table}");
    assert!(table.contains("trial"), "{table}");
}

#[test]
fn a_filter_narrows_the_people_counted() {
    let (dir, db) = with_rows(CASELOAD);
    let h = json(dir.path(), &db, &["--filter", "prison:karachi -has:lawyer"]);
    assert_eq!(
        h["in_custody"], 1,
        "only Amna: in a Karachi prison, no lawyer"
    );
    assert_eq!(h["pregnant"], 1);
    let h = json(dir.path(), &db, &["--filter", "bilal"]);
    assert_eq!(h["in_custody"], 1, "free words search names");
    assert_eq!(h["juveniles"], 1);
}

#[test]
fn nobody_in_custody() {
    let (dir, db) =
        with_rows("Salma Parveen,female,33,,,,Women Jail Karachi,released,,,2025-01-01,\n");
    let h = json(dir.path(), &db, &[]);
    assert_eq!(h["in_custody"], 0);
    assert_eq!(
        h["days_in_custody"],
        serde_json::json!({"median": 0, "p90": 0, "max": 0})
    );
    let table = run(dir.path(), &db, &[]);
    assert!(table.contains("Nobody is in custody"), "{table}");
    let v = json(dir.path(), &db, &["--by", "court"]);
    assert_eq!(v["rows"], serde_json::json!([]));
    let v = json(dir.path(), &db, &["--anonymised", "--by", "prison"]);
    assert_eq!(v["total"], "<5");
}

#[test]
fn one_person_and_everyone_in_one_prison() {
    let (dir, db) = with_rows("Imran Ali,male,30,,,,Central Jail Karachi,trial,,,2025-12-20,\n");
    let h = json(dir.path(), &db, &[]);
    assert_eq!(
        (h["in_custody"].as_i64(), h["no_lawyer"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        h["days_in_custody"],
        serde_json::json!({"median": 346, "p90": 346, "max": 346})
    );
    let one_prison: String = (0..7)
        .map(|i| {
            format!(
                "Person {i},male,30,,,,Adiala Jail,trial,,,2026-0{}-01,\n",
                i + 1
            )
        })
        .collect();
    let (dir, db) = with_rows(&one_prison);
    let v = json(dir.path(), &db, &["--by", "prison"]);
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["rows"][0]["in_custody"], 7);
    // Seven in one prison may be published; by gender too (all men, seven).
    let v = json(dir.path(), &db, &["--anonymised", "--by", "prison"]);
    assert_eq!(v["rows"][0]["cells"]["people"], 7);
    assert_eq!(v["total"], 7);
}

/// Published numbers of an anonymised JSON table: (value or None when hidden) for cells, row
/// totals, column totals and the grand total, and the relations between them as indexes.
struct Published {
    values: Vec<Option<u64>>,
    relations: Vec<(usize, Vec<usize>)>,
}

fn published(v: &Value) -> Published {
    let num = |x: &Value| x.as_u64();
    let rows = v["rows"].as_array().expect("rows");
    let cols: Vec<String> = v["column_totals"]
        .as_object()
        .expect("column totals")
        .keys()
        .cloned()
        .collect();
    let mut values = Vec::new();
    let mut cell_at = vec![vec![0; cols.len()]; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        for (c, col) in cols.iter().enumerate() {
            cell_at[r][c] = values.len();
            values.push(num(&row["cells"][col]));
        }
    }
    let grand = |values: &mut Vec<Option<u64>>| {
        values.push(num(&v["total"]));
        values.len() - 1
    };
    let mut relations = Vec::new();
    if cols.len() == 1 {
        let total = grand(&mut values);
        relations.push((total, cell_at.iter().map(|r| r[0]).collect()));
        return Published { values, relations };
    }
    let row_totals: Vec<usize> = rows
        .iter()
        .map(|row| {
            values.push(num(&row["total"]));
            values.len() - 1
        })
        .collect();
    let col_totals: Vec<usize> = cols
        .iter()
        .map(|c| {
            values.push(num(&v["column_totals"][c]));
            values.len() - 1
        })
        .collect();
    let total = grand(&mut values);
    for (r, &t) in row_totals.iter().enumerate() {
        relations.push((t, cell_at[r].clone()));
    }
    for (c, &t) in col_totals.iter().enumerate() {
        relations.push((t, cell_at.iter().map(|r| r[c]).collect()));
    }
    relations.push((total, row_totals.clone()));
    relations.push((total, col_totals));
    Published { values, relations }
}

/// Whether some hidden number is pinned down by the published ones: the relations over the
/// hidden numbers, reduced; a reduced row with one unknown gives that unknown away.
fn some_hidden_is_determined(p: &Published) -> bool {
    let hidden: Vec<usize> = (0..p.values.len())
        .filter(|&i| p.values[i].is_none())
        .collect();
    let mut rows: Vec<Vec<f64>> = p
        .relations
        .iter()
        .map(|(total, members)| {
            hidden
                .iter()
                .map(|h| {
                    let mut x = if h == total { 1.0 } else { 0.0 };
                    x -= members.iter().filter(|m| *m == h).count() as f64;
                    x
                })
                .collect()
        })
        .collect();
    let width = hidden.len();
    let mut next = 0;
    for col in 0..width {
        let Some(at) = (next..rows.len()).find(|&r| rows[r][col].abs() > 1e-9) else {
            continue;
        };
        rows.swap(next, at);
        let pivot = rows[next].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            let f = row[col] / pivot[col];
            if r != next && f.abs() > 1e-9 {
                row.iter_mut().zip(&pivot).for_each(|(x, p)| *x -= f * p);
            }
        }
        next += 1;
    }
    rows.iter()
        .any(|row| row.iter().filter(|x| x.abs() > 1e-9).count() == 1)
}

#[test]
fn anonymised_tables_hide_small_counts_and_cannot_be_undone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    caseload(dir.path())
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "generate",
            "--rows",
            "400",
            "--seed",
            "11",
        ])
        .assert()
        .success();
    let truth = json(dir.path(), &db, &["--by", "prison"]);
    let true_total: u64 = truth["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["in_custody"].as_u64().expect("n"))
        .sum();
    let mut hidden_somewhere = false;
    for (by, threshold) in [
        ("prison", "5"),
        ("prison,gender", "5"),
        ("court,band", "5"),
        ("gender,stage", "3"),
        ("police_station", "10"),
        ("law,substance", "5"),
    ] {
        let v = json(
            dir.path(),
            &db,
            &["--anonymised", "--by", by, "--threshold", threshold],
        );
        let t: u64 = threshold.parse().expect("n");
        assert_eq!(v["threshold"], t);
        let p = published(&v);
        for value in p.values.iter().flatten() {
            assert!(
                *value >= t,
                "--by {by}: a published count {value} under {t}"
            );
        }
        assert!(
            !some_hidden_is_determined(&p),
            "--by {by}: a hidden count can be worked out"
        );
        for (total, members) in &p.relations {
            if let (Some(t), true) = (
                p.values[*total],
                members.iter().all(|m| p.values[*m].is_some()),
            ) {
                let sum: u64 = members.iter().map(|m| p.values[*m].unwrap_or(0)).sum();
                assert_eq!(sum, t, "--by {by}: published numbers add up");
            }
        }
        if let Some(total) = v["total"].as_u64() {
            assert_eq!(total, true_total, "--by {by}");
        }
        hidden_somewhere |= p.values.iter().any(Option::is_none);
        let text = v.to_string();
        assert!(!text.contains(TODAY), "no exact date in {text}");
        assert_eq!(v["as_of_month"], "2026-12");
    }
    assert!(
        hidden_somewhere,
        "the demo has small cells: the test must see some hidden"
    );
    let csv = run(
        dir.path(),
        &db,
        &["--anonymised", "--by", "prison,gender", "--format", "csv"],
    );
    for line in csv.lines().skip(1) {
        for cell in line.split(',').skip(1) {
            if let Ok(n) = cell.parse::<u64>() {
                assert!(n >= 5, "{line}");
            } else {
                assert_eq!(cell, "<5", "{line}");
            }
        }
    }
}

#[test]
fn trend_says_plainly_when_the_history_is_too_short() {
    let (dir, db) = with_rows(CASELOAD);
    let table = run(dir.path(), &db, &["--trend", "monthly"]);
    assert!(table.contains("Too little history for a trend"), "{table}");
    let v = json(dir.path(), &db, &["--trend", "monthly"]);
    assert_eq!(v["months"].as_array().map(Vec::len), Some(12));
    assert_eq!(v["months"][0]["month"], "2026-01");
    assert!(v["too_short"].is_string());
}

#[test]
fn trend_counts_hearings_and_releases_from_the_history() {
    let (dir, db) = with_rows(CASELOAD);
    let db_arg = db.to_str().expect("utf8");
    // Two recorded hearings on different days: Imran's adjourned on 2026-11-03 (recorded as
    // of that day), Naveed granted bail on 2026-12-01.
    let mut earlier = Command::cargo_bin("caseload").expect("binary");
    earlier
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .args([
            "--today",
            "2026-11-03",
            "--db",
            db_arg,
            "hearing",
            "1",
            "--outcome",
            "adjourned",
        ])
        .assert()
        .success();
    caseload(dir.path())
        .args(["--db", db_arg, "hearing", "5", "--outcome", "bail_granted"])
        .assert()
        .success();
    let v = json(dir.path(), &db, &["--trend", "monthly"]);
    let nov = &v["months"][10];
    let dec = &v["months"][11];
    assert_eq!(nov["month"], "2026-11");
    assert_eq!(
        (nov["hearings"].as_u64(), nov["adjournments"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(dec["hearings"], 1);
    // Released this month (the audit row's date is the real clock's: only its count is
    // checked when that is this month).
    let released: u64 = v["months"]
        .as_array()
        .expect("months")
        .iter()
        .map(|m| m["released"].as_u64().expect("n"))
        .sum();
    assert!(released <= 1, "one release at most: {v}");
    assert!(v["too_short"].is_null(), "two months with events: a trend");
}

#[test]
fn bad_input_names_the_option_and_prints_nothing() {
    let (dir, db) = with_rows(CASELOAD);
    let cases: [(&[&str], &str); 7] = [
        (&["--by", "colour"], "--by: 'colour' is not a field"),
        (&["--by", "prison,gender"], "at most 1"),
        (&["--filter", "cort:x"], "--filter: unknown field 'cort'"),
        (
            &["--anonymised", "--by", "prison", "--threshold", "2"],
            "below the minimum of 3",
        ),
        (&["--anonymised"], "--anonymised: name what to count by"),
        (
            &["--anonymised", "--by", "prison", "--filter", "imran"],
            "search words",
        ),
        (
            &["--anonymised", "--by", "prison,prison"],
            "same field twice",
        ),
    ];
    for (args, message) in cases {
        let err = fails(dir.path(), &db, args);
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line: {err}");
    }
}
