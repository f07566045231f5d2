//! Issue 14 from the command line, end to end on the built binary: `list --filter` term by term
//! against predicates written out here (not the filter's own code), errors that name the term,
//! `--sort`/`--columns` keeping the urgency rank, `export` → `import` → `export` giving the
//! same bytes (demo data and hostile text), owner-only files, and `update --filter` with
//! `--dry-run`.

use assert_cmd::Command;
use caseload::domain::model::{Gender, Record, Stage, Substance};
use caseload::domain::triage::{Band, rank, score};
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const TODAY: &str = "2026-12-01";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

fn caseload(dir: &Path, db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("caseload").expect("binary");
    cmd.current_dir(dir)
        .env_remove("CASELOAD_DB")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["--today", TODAY, "--db", db.to_str().expect("utf8")]);
    cmd
}

/// A demo caseload of `rows` people in a fresh directory.
fn generated(rows: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    caseload(dir.path(), &db)
        .args(["generate", "--rows", rows, "--seed", "7"])
        .assert()
        .success();
    (dir, db)
}

fn run_ok(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf8")
}

fn list_json(dir: &Path, db: &Path, args: &[&str]) -> Vec<Value> {
    let text = run_ok(
        caseload(dir, db)
            .args(["list", "--format", "json"])
            .args(args),
    );
    serde_json::from_str::<Vec<Value>>(&text).expect("json")
}

fn ids_of(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().expect("id")).collect()
}

fn contains(text: Option<&str>, needle: &str) -> bool {
    text.is_some_and(|t| t.to_lowercase().contains(needle))
}

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

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

/// `export --format csv` of `db` into `dir/name.csv`, with health details.
fn export_csv(dir: &Path, db: &Path, name: &str, extra: &[&str]) -> Vec<u8> {
    let out = dir.join(format!("{name}.csv"));
    run_ok(
        caseload(dir, db)
            .args(["export", "--format", "csv", "--include-health", "--out"])
            .arg(&out)
            .args(extra),
    );
    std::fs::read(&out).expect("export written")
}

#[test]
fn export_then_import_into_an_empty_file_gives_the_same_records() {
    let (dir, db) = generated("300");
    let first = export_csv(dir.path(), &db, "first", &[]);
    let out = dir.path().join("first.csv");
    #[cfg(unix)]
    for file in [&out, &dir.path().join("first.hearings.csv")] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    assert!(dir.path().join("first.findings.csv").exists());
    let copy = dir.path().join("copy.db");
    run_ok(caseload(dir.path(), &copy).arg("import").arg(&out));
    let second = export_csv(dir.path(), &copy, "second", &[]);
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
    let before = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    let after = Store::open(&copy, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    assert_eq!(before.len(), after.len());
    let weights = Weights::default();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.detainee.name, a.detainee.name);
        assert_eq!(b.detainee.health, a.detainee.health);
        assert_eq!(b.findings.len(), a.findings.len());
        // Same facts, same urgency: the lawyer's triage survives the move.
        assert_eq!(
            score(b, today(), &weights).total,
            score(a, today(), &weights).total,
            "{}",
            b.detainee.name
        );
    }
    // Every person exported has an audit row saying where the data went.
    let history =
        run_ok(caseload(dir.path(), &db).args(["history", &before[0].detainee.id.to_string()]));
    assert!(
        history.contains("records CSV with health details"),
        "{history}"
    );
}

#[test]
fn hostile_text_survives_export_and_import_and_never_starts_a_formula() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("hostile.db");
    let csv = concat!(
        "name,father_name,arrest_date,prison,notes\n",
        "\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",+92 300,2026-06-01,@SUM(A1),-2+3\n",
        "\"Evil\u{1b}[2J\u{1b}[HClear\",'quoted,2026-06-02,\"comma, and \"\"quotes\"\"\",\"two\nlines\"\n",
        "محمد اسلم 🙂,غلام رسول,2026-06-05,Adiala,\"bidi \u{202e}x\u{202c}\"\n",
    );
    let file = dir.path().join("hostile.csv");
    std::fs::write(&file, csv).expect("write");
    run_ok(caseload(dir.path(), &db).arg("import").arg(&file));
    let first = export_csv(dir.path(), &db, "first", &[]);
    let copy = dir.path().join("copy.db");
    run_ok(
        caseload(dir.path(), &copy)
            .arg("import")
            .arg(dir.path().join("first.csv")),
    );
    let second = export_csv(dir.path(), &copy, "second", &[]);
    assert_eq!(first, second);
    let names = |path: &Path| -> Vec<String> {
        let records = Store::open(path, OpenMode::MustExist)
            .expect("open")
            .load_all()
            .expect("records");
        records.into_iter().map(|r| r.detainee.name).collect()
    };
    assert_eq!(names(&db), names(&copy));
    assert!(names(&copy).contains(&"Evil\u{1b}[2J\u{1b}[HClear".to_string()));
    let mut reader = csv::Reader::from_reader(&first[..]);
    for row in reader.records() {
        for cell in row.expect("row").iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
        }
    }
}

#[test]
fn export_selects_by_filter_leaves_health_out_and_never_overwrites() {
    let (dir, db) = generated("300");
    let out = dir.path().join("women.json");
    let said = run_ok(
        caseload(dir.path(), &db)
            .args([
                "export", "--format", "json", "--filter", "gender:f", "--out",
            ])
            .arg(&out),
    );
    let rows: Vec<Value> =
        serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
    let records = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    let women = records
        .iter()
        .filter(|r| r.detainee.gender == Some(Gender::Female))
        .count();
    assert!(women > 0);
    assert_eq!(rows.len(), women);
    assert!(
        said.contains(&format!("exported {women} people matching the filter")),
        "{said}"
    );
    assert!(
        rows.iter()
            .all(|r| r["gender"] == "female" && r.get("health").is_none())
    );
    assert!(
        rows.iter()
            .all(|r| r["hearings"].is_array() && r["findings"].is_array())
    );
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    // Not over an existing file without --force, and no side file written either.
    let csv_out = dir.path().join("women.csv");
    std::fs::write(dir.path().join("women.findings.csv"), "keep").expect("write");
    let refused = caseload(dir.path(), &db)
        .args(["export", "--format", "csv", "--out"])
        .arg(&csv_out)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists"));
    assert!(!csv_out.exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("women.findings.csv")).expect("r"),
        "keep"
    );
    // Without --include-health the CSV has no health column.
    let header = String::from_utf8(export_csv(dir.path(), &db, "plain", &[])).expect("utf8");
    assert!(
        header
            .lines()
            .next()
            .expect("h")
            .split(',')
            .any(|c| c == "health")
    );
    let plain = dir.path().join("nohealth.csv");
    run_ok(
        caseload(dir.path(), &db)
            .args(["export", "--format", "csv", "--out"])
            .arg(&plain),
    );
    let text = std::fs::read_to_string(&plain).expect("r");
    assert!(
        !text
            .lines()
            .next()
            .expect("h")
            .split(',')
            .any(|c| c == "health")
    );
}

#[test]
fn update_by_filter_shows_who_would_change_then_changes_exactly_them() {
    let (dir, db) = generated("300");
    let records = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    let unassigned: Vec<i64> = records
        .iter()
        .filter(|r| {
            r.case.lawyer.is_none()
                && contains(r.case.court.as_deref(), "karachi")
                && r.in_custody()
        })
        .map(|r| r.detainee.id)
        .collect();
    assert!(!unassigned.is_empty());
    let expr = "court:karachi -has:lawyer -is:released";
    let dry = run_ok(caseload(dir.path(), &db).args([
        "update",
        "--filter",
        expr,
        "lawyer=Ayesha Siddiqui",
        "--dry-run",
    ]));
    let n = unassigned.len();
    assert!(
        dry.starts_with(&format!("would change {n} of {n} people selected")),
        "{dry}"
    );
    for id in &unassigned {
        assert!(dry.contains(&format!("#{id} ")), "{id}: {dry}");
    }
    assert!(dry.contains("lawyer '' → 'Ayesha Siddiqui'"), "{dry}");
    let unchanged = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    assert_eq!(unchanged, records, "--dry-run changes nothing");

    let done = run_ok(caseload(dir.path(), &db).args([
        "update",
        "--filter",
        expr,
        "lawyer=Ayesha Siddiqui",
    ]));
    assert!(done.starts_with(&format!("updated {n} people")), "{done}");
    let after = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    for (b, a) in records.iter().zip(&after) {
        if unassigned.contains(&b.detainee.id) {
            assert_eq!(a.case.lawyer.as_deref(), Some("Ayesha Siddiqui"));
            let mut expected = b.clone();
            expected.case.lawyer = a.case.lawyer.clone();
            assert_eq!(&expected, a, "only the lawyer changed");
        } else {
            assert_eq!(b, a, "{} was not selected", b.detainee.id);
        }
    }
    let history = run_ok(caseload(dir.path(), &db).args(["history", &unassigned[0].to_string()]));
    assert!(history.contains("lawyer: — → Ayesha Siddiqui"), "{history}");
    // Now nobody matches: the second run changes nobody.
    let again = run_ok(caseload(dir.path(), &db).args([
        "update",
        "--filter",
        expr,
        "lawyer=Ayesha Siddiqui",
    ]));
    assert!(again.starts_with("updated 0 people"), "{again}");
}

#[test]
fn a_bad_bulk_update_changes_nobody() {
    let (dir, db) = generated("100");
    let before = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--filter", "band:critical", "next_hearing=31/02/2027"],
            "next_hearing",
        ),
        (
            &["--filter", "band:critical", "cuort=x"],
            "unknown field `cuort`",
        ),
        (&["--filter", "", "lawyer=x"], "give at least one term"),
        (
            &["--filter", "bnad:critical", "lawyer=x"],
            "did you mean band?",
        ),
        (&["notanid", "lawyer=x"], "expected the person's id first"),
        (
            &["--filter", "band:critical", "--if-version", "3", "lawyer=x"],
            "--if-version",
        ),
    ];
    for (args, wanted) in cases {
        let output = caseload(dir.path(), &db)
            .arg("update")
            .args(*args)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
    let after = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    assert_eq!(before, after);
}

#[test]
fn a_shipped_view_opens_its_filter_sort_and_columns() {
    let (dir, db) = generated("300");
    let views = run_ok(caseload(dir.path(), &db).args(["view", "list"]));
    for name in [
        "No lawyer, critical",
        "Past statutory bail",
        "Hearings this week",
        "Juveniles in adult prisons",
    ] {
        assert!(views.lines().any(|l| l == name), "{name}: {views}");
    }
    let by_view = run_ok(caseload(dir.path(), &db).args([
        "list",
        "--format",
        "csv",
        "--view",
        "past statutory bail",
    ]));
    let by_hand = run_ok(caseload(dir.path(), &db).args([
        "list",
        "--format",
        "csv",
        "--filter",
        "is:overdue",
        "--sort",
        "days",
        "--columns",
        "id,name,prison,days,court,lawyer,score,reason",
    ]));
    assert_eq!(by_view, by_hand);
    assert!(by_view.lines().count() > 1, "someone is past the period");
    // A --filter beside the view adds terms; the table's first line names the view.
    let table = run_ok(caseload(dir.path(), &db).args([
        "list",
        "--view",
        "Hearings this week",
        "--filter",
        "court:karachi",
    ]));
    let first = table.lines().next().expect("summary");
    assert!(
        first.contains("· view: Hearings this week · filter: hearing:7d court:karachi"),
        "{first}"
    );
    let out = dir.path().join("week.json");
    run_ok(
        caseload(dir.path(), &db)
            .args([
                "export",
                "--format",
                "json",
                "--view",
                "Hearings this week",
                "--out",
            ])
            .arg(&out),
    );
    let rows: Vec<Value> =
        serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
    let listed = list_json(dir.path(), &db, &["--view", "Hearings this week"]);
    let mut exported = ids_of(&rows);
    let mut shown = ids_of(&listed);
    exported.sort_unstable();
    shown.sort_unstable();
    assert_eq!(exported, shown, "nobody released has a hearing this week");
    let missing = caseload(dir.path(), &db)
        .args(["list", "--view", "mine"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        said.contains("--view: no view named 'mine' — views are 'No lawyer, critical'"),
        "{said}"
    );
}

#[test]
fn saved_views_are_shared_audited_and_lawyer_me_is_the_staff_name() {
    let (dir, db) = generated("300");
    run_ok(caseload(dir.path(), &db).args([
        "view",
        "save",
        "Karachi, no lawyer",
        "--filter",
        "-has:lawyer court:karachi",
        "--sort",
        "days",
        "--columns",
        "id,name,days,court",
    ]));
    let listed = run_ok(caseload(dir.path(), &db).args(["view", "list"]));
    assert!(listed.starts_with("Karachi, no lawyer\n"), "{listed}");
    assert!(listed.contains("  --filter \"-has:lawyer court:karachi\" --sort days --columns id,name,days,court  (saved)"), "{listed}");
    assert!(listed.contains("Past statutory bail\n"), "{listed}");
    let by_view = run_ok(caseload(dir.path(), &db).args([
        "list",
        "--format",
        "csv",
        "--view",
        "karachi, NO lawyer",
    ]));
    let by_hand = run_ok(caseload(dir.path(), &db).args([
        "list",
        "--format",
        "csv",
        "--filter",
        "-has:lawyer court:karachi",
        "--sort",
        "days",
        "--columns",
        "id,name,days,court",
    ]));
    assert_eq!(by_view, by_hand);
    // Saved again under the same name: replaced. The audit trail has both, under the clinic (0).
    run_ok(caseload(dir.path(), &db).args([
        "view",
        "save",
        "Karachi, no lawyer",
        "--filter",
        "-has:lawyer court:karachi band:critical",
    ]));
    let conn = Store::open(&db, OpenMode::MustExist).expect("open");
    let rows: Vec<(Option<String>, Option<String>)> = conn
        .connection()
        .prepare("SELECT old_value, new_value FROM audit WHERE detainee_id = 0 ORDER BY id")
        .expect("sql")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[1]
            .1
            .as_deref()
            .is_some_and(|v| v.contains("band:critical")),
        "{rows:?}"
    );
    assert_eq!(
        rows[1].0, rows[0].1,
        "the old definition is kept in the trail"
    );
    let bad = caseload(dir.path(), &db)
        .args(["view", "save", "x", "--filter", "cuort:y"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("view 'x': filter: unknown field 'cuort' — did you mean court?")
    );
    run_ok(caseload(dir.path(), &db).args(["view", "delete", "karachi, no lawyer"]));
    let gone = caseload(dir.path(), &db)
        .args(["view", "delete", "Past statutory bail"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&gone.stderr).contains("shipped views cannot be deleted"));

    // lawyer:me: this login mapped to a lawyer's name, as written in cases.
    let me = caseload::store::login_name();
    let records = Store::open(&db, OpenMode::MustExist)
        .expect("o")
        .load_all()
        .expect("r");
    let lawyer = records
        .iter()
        .find_map(|r| r.case.lawyer.clone())
        .expect("someone has a lawyer");
    let theirs: Vec<i64> = rank(&records, today(), &Weights::default())
        .iter()
        .map(|rk| &records[rk.index])
        .filter(|r| r.case.lawyer.as_deref() == Some(lawyer.as_str()))
        .map(|r| r.detainee.id)
        .collect();
    assert!(
        list_json(dir.path(), &db, &["--filter", "lawyer:me"]).is_empty(),
        "no mapping yet"
    );
    run_ok(caseload(dir.path(), &db).args(["staff", "add", &me, &lawyer]));
    let staff = run_ok(caseload(dir.path(), &db).args(["staff", "list"]));
    assert!(staff.contains(&lawyer), "{staff}");
    assert_eq!(
        ids_of(&list_json(dir.path(), &db, &["--filter", "lawyer:me"])),
        theirs
    );
    // History shows the name beside the login.
    let id = theirs[0].to_string();
    run_ok(caseload(dir.path(), &db).args(["update", &id, "notes=seen today"]));
    let history = run_ok(caseload(dir.path(), &db).args(["history", &id]));
    assert!(
        history.contains(&format!("{me} ({lawyer}) edit notes")),
        "{history}"
    );
}
