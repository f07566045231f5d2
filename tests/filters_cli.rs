//! Issue 14 from the command line, end to end on the built binary: `list --filter` term by term
//! against predicates written out here (not the filter's own code), errors that name the term,
//! `--sort`/`--columns` keeping the urgency rank, and filter words with `--search`.

mod common;

use caseload::domain::model::{Gender, Record, Stage, Substance};
use caseload::domain::triage::{Band, rank};
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use common::*;

type Predicate = fn(&Record, Band, i64) -> bool;

#[test]
fn each_filter_term_lists_exactly_the_people_in_custody_it_names_in_rank_order() {
    let (dir, db) = generated("400");
    let records = Store::open(&db, OpenMode::MustExist)
        .expect("open")
        .load_all()
        .expect("records");
    let weights = Weights::default();
    let ranked = rank(&records, today(), &weights);
    let cases: &[(&str, Predicate)] = &[
        ("court:lahore", |r, _, _| {
            contains(r.case.court.as_deref(), "lahore")
                || contains(
                    r.next_hearing(today()).and_then(|h| h.court.as_deref()),
                    "lahore",
                )
        }),
        ("prison:\"central jail\"", |r, _, _| {
            contains(r.detainee.prison.as_deref(), "central jail")
        }),
        ("ps:lyari", |r, _, _| {
            contains(r.case.police_station.as_deref(), "lyari")
        }),
        ("district:\"karachi south\"", |r, _, _| {
            contains(r.case.district.as_deref(), "karachi south")
        }),
        ("band:critical,high", |_, b, _| {
            matches!(b, Band::Critical | Band::High)
        }),
        ("gender:f", |r, _, _| {
            r.detainee.gender == Some(Gender::Female)
        }),
        ("stage:t", |r, _, _| r.case.stage == Stage::Trial),
        ("substance:heroin", |r, _, _| {
            r.case.substance == Some(Substance::Heroin)
        }),
        ("-has:lawyer", |r, _, _| r.case.lawyer.is_none()),
        ("has:weakness", |r, _, _| !r.findings.is_empty()),
        ("hearing:none", |r, _, _| r.next_hearing(today()).is_none()),
        ("days>365", |r, _, _| r.days_in_custody(today()) > 365),
        ("days<=90", |r, _, _| r.days_in_custody(today()) <= 90),
        ("score>=100", |_, _, s| s >= 100),
        ("age<18", |r, _, _| {
            r.age_at_arrest().is_some_and(|a| a < 18)
        }),
        ("is:pregnant", |r, _, _| r.detainee.pregnant == Some(true)),
        ("court:karachi -has:lawyer band:critical", |r, b, _| {
            contains(r.case.court.as_deref(), "karachi")
                && r.case.lawyer.is_none()
                && b == Band::Critical
        }),
    ];
    for (expr, keep) in cases {
        let expected: Vec<i64> = ranked
            .iter()
            .filter(|rk| keep(&records[rk.index], rk.band, rk.total))
            .map(|rk| records[rk.index].detainee.id)
            .collect();
        let rows = list_json(dir.path(), &db, &["--filter", expr]);
        assert_eq!(ids_of(&rows), expected, "{expr}");
        // The rank printed is the person's place in the whole urgency order.
        for row in &rows {
            let id = row["id"].as_i64().expect("id");
            let at = ranked
                .iter()
                .position(|rk| records[rk.index].detainee.id == id)
                .expect("ranked");
            assert_eq!(row["rank"].as_u64(), Some(at as u64 + 1), "{expr}");
        }
        assert!(
            !expected.is_empty() || expr.contains(' '),
            "{expr}: the demo data should hold someone for every single term"
        );
    }
}

#[test]
fn a_malformed_term_or_option_is_one_line_naming_it_and_nothing_is_printed() {
    let (dir, db) = generated("50");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--filter", "cuort:multan"],
            "--filter: unknown field 'cuort' — did you mean court?",
        ),
        (
            &["--filter", "band:hot"],
            "--filter: 'band:hot': expected one of",
        ),
        (
            &["--filter", "days>many"],
            "--filter: 'days>many': expected a whole number",
        ),
        (
            &["--filter", "prison:\"women jail"],
            "--filter: 'prison:\"women jail': a quote is not closed",
        ),
        (
            &["--filter", "hearing:soon"],
            "--filter: 'hearing:soon': expected today, Nd",
        ),
        (
            &["--columns", "name,prsion"],
            "--columns: unknown column 'prsion' — did you mean prison?",
        ),
        (&["--sort", "dayz"], "unknown sort key 'dayz'"),
    ];
    for (args, wanted) in cases {
        let output = caseload(dir.path(), &db)
            .arg("list")
            .args(*args)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
}

#[test]
fn sorting_and_columns_keep_the_urgency_rank() {
    let (dir, db) = generated("300");
    let by_rank = list_json(dir.path(), &db, &[]);
    let rank_of = |id: i64| {
        by_rank
            .iter()
            .find(|r| r["id"].as_i64() == Some(id))
            .and_then(|r| r["rank"].as_u64())
    };
    let text = run_ok(caseload(dir.path(), &db).args([
        "list",
        "--format",
        "csv",
        "--sort",
        "days",
        "--columns",
        "id,name,prison,days,band",
    ]));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("h")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        ["rank", "id", "name", "prison", "days_in_custody", "band"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), by_rank.len());
    let days: Vec<i64> = rows.iter().map(|r| r[4].parse().expect("days")).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "longest first");
    for row in &rows {
        let id: i64 = row[1].parse().expect("id");
        assert_eq!(Some(row[0].parse::<u64>().expect("rank")), rank_of(id));
    }
    // Reversed: shortest first; the table says what it shows.
    let reversed = list_json(dir.path(), &db, &["--sort", "days", "--reverse"]);
    let first = reversed.first().expect("someone");
    let last = reversed.last().expect("someone");
    assert!(first["days_in_custody"].as_i64() <= last["days_in_custody"].as_i64());
    let table = run_ok(caseload(dir.path(), &db).args([
        "list",
        "--filter",
        "band:critical",
        "--sort",
        "name",
        "--columns",
        "name,band",
        "--limit",
        "3",
    ]));
    let critical = list_json(dir.path(), &db, &["--filter", "band:critical"]).len();
    let mut lines = table.lines();
    assert_eq!(
        lines.next(),
        Some(
            format!(
                "{critical} of {} in custody (first 3 shown) · filter: band:critical · sort: name",
                by_rank.len()
            )
            .as_str()
        )
    );
    assert_eq!(
        lines.next().map(str::split_whitespace).map(Vec::from_iter),
        Some(vec!["RANK", "NAME", "BAND"])
    );
    assert_eq!(lines.filter(|l| l.contains("CRITICAL")).count(), 3);
}

#[test]
fn filter_words_and_search_narrow_together() {
    let (dir, db) = generated("300");
    let everyone = list_json(dir.path(), &db, &[]);
    let name = everyone[0]["name"].as_str().expect("name").to_string();
    let first = name.split_whitespace().next().expect("word").to_string();
    let prison = everyone[0]["prison"]
        .as_str()
        .expect("prison")
        .to_lowercase();
    let word = prison.split_whitespace().last().expect("word").to_string();
    let searched = list_json(dir.path(), &db, &["--search", &first]);
    let both = list_json(
        dir.path(),
        &db,
        &["--search", &first, "--filter", &format!("prison:{word}")],
    );
    let in_words = list_json(
        dir.path(),
        &db,
        &["--filter", &format!("prison:{word} {first}")],
    );
    assert!(!both.is_empty() && both.len() <= searched.len());
    assert_eq!(ids_of(&both), ids_of(&in_words));
    for row in &both {
        assert!(contains(row["prison"].as_str(), &word), "{row}");
    }
    let expected: Vec<i64> = searched
        .iter()
        .filter(|r| contains(r["prison"].as_str(), &word))
        .map(|r| r["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids_of(&both), expected);
}
