//! The built binary, end to end, in a temporary directory: the commands scripts rely on, and
//! bad input giving one clear line, a non-zero exit and no change to the data.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod support;

use support::{TODAY, caseload_on};

fn caseload(dir: &Path) -> Command {
    caseload_on(dir, TODAY)
}

fn generated(rows: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    caseload(dir.path())
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "generate",
            "--rows",
            rows,
            "--seed",
            "7",
        ])
        .assert()
        .success();
    (dir, db)
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf8")
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let mut rows = vec![header];
    for record in reader.records() {
        rows.push(record.expect("row").iter().map(String::from).collect());
    }
    rows
}

#[test]
fn list_csv_has_the_promised_columns_most_urgent_first() {
    let (dir, db) = generated("300");
    let text = stdout(caseload(dir.path()).args([
        "--db",
        db.to_str().expect("p"),
        "list",
        "--format",
        "csv",
    ]));
    let rows = csv_rows(&text);
    let header = &rows[0];
    for column in ["id", "name", "score", "band"] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let score = header.iter().position(|h| h == "score").expect("score");
    let band = header.iter().position(|h| h == "band").expect("band");
    let scores: Vec<i64> = rows[1..]
        .iter()
        .map(|r| r[score].parse().expect("int"))
        .collect();
    assert!(
        scores.len() > 200,
        "most of 300 generated people are in custody"
    );
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "sorted by score");
    assert!(
        rows[1..]
            .iter()
            .all(|r| ["critical", "high", "medium", "low"].contains(&r[band].as_str()))
    );
}

#[test]
fn explain_json_points_sum_to_the_total() {
    let (dir, db) = generated("50");
    let db = db.to_str().expect("p");
    let list: Value = serde_json::from_str(&stdout(
        caseload(dir.path()).args(["--db", db, "list", "--format", "json", "--limit", "5"]),
    ))
    .expect("json");
    let rows = list.as_array().expect("array");
    assert_eq!(rows.len(), 5);
    for row in rows {
        let id = row["id"].as_i64().expect("id");
        let explained: Value = serde_json::from_str(&stdout(caseload(dir.path()).args([
            "--db",
            db,
            "explain",
            &id.to_string(),
            "--format",
            "json",
        ])))
        .expect("json");
        assert_eq!(explained["id"], id);
        assert_eq!(explained["name"], row["name"]);
        assert_eq!(explained["total"], row["score"]);
        let sum: i64 = explained["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .map(|r| r["points"].as_i64().expect("points"))
            .sum();
        assert_eq!(Some(sum), explained["total"].as_i64());
        for reason in explained["reasons"].as_array().expect("reasons") {
            assert!(reason["signal"].is_string() && reason["text"].is_string());
        }
    }
}

#[test]
fn explain_text_shows_each_reason_and_the_total() {
    let (dir, db) = generated("20");
    let text = stdout(caseload(dir.path()).args(["--db", db.to_str().expect("p"), "explain", "1"]));
    assert!(text.starts_with("#1 "), "{text}");
    assert!(text.contains("total"), "{text}");
    assert!(text.contains("basis:"), "{text}");
}

#[test]
fn today_changes_who_is_urgent() {
    let (dir, db) = generated("100");
    let db = db.to_str().expect("p");
    let now = stdout(caseload(dir.path()).args(["--db", db, "list", "--format", "csv"]));
    let later =
        stdout(caseload_on(dir.path(), "2027-06-01").args(["--db", db, "list", "--format", "csv"]));
    assert_ne!(now, later);
}

#[test]
fn generate_is_deterministic_for_a_seed() {
    let (dir_a, db_a) = generated("80");
    let (dir_b, db_b) = generated("80");
    let a = stdout(caseload(dir_a.path()).args([
        "--db",
        db_a.to_str().expect("p"),
        "list",
        "--format",
        "csv",
    ]));
    let b = stdout(caseload(dir_b.path()).args([
        "--db",
        db_b.to_str().expect("p"),
        "list",
        "--format",
        "csv",
    ]));
    assert_eq!(a, b);
}

#[test]
fn search_narrows_the_list() {
    let (dir, db) = generated("200");
    let db = db.to_str().expect("p");
    let all = csv_rows(&stdout(
        caseload(dir.path()).args(["--db", db, "list", "--format", "csv"]),
    ));
    let first_name = all[1][2].clone();
    let found = csv_rows(&stdout(caseload(dir.path()).args([
        "--db",
        db,
        "list",
        "--format",
        "csv",
        "--search",
        &first_name,
    ])));
    assert!(
        found.len() > 1 && found.len() < all.len(),
        "{} of {}",
        found.len(),
        all.len()
    );
    assert_eq!(found[1][2], first_name);
}

#[test]
fn import_then_list_and_import_again_adds_nobody() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    let db = db.to_str().expect("p");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clinic.csv");
    let sample = sample.to_str().expect("p");
    caseload(dir.path())
        .args(["--db", db, "import", sample])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported"));
    let first = stdout(caseload(dir.path()).args(["--db", db, "list", "--format", "csv"]));
    caseload(dir.path())
        .args(["--db", db, "import", sample])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 0 people"));
    let second = stdout(caseload(dir.path()).args(["--db", db, "list", "--format", "csv"]));
    assert_eq!(first, second);
    assert!(csv_rows(&first).len() > 5);
}

#[test]
fn a_bad_csv_imports_nothing_and_names_every_bad_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    let db = db.to_str().expect("p");
    let csv = dir.path().join("visit.csv");
    std::fs::write(
        &csv,
        "name,arrest_date,gender\nAsif Khan,2026-01-02,male\nBilal Ahmed,2026-13-40,male\nSadia Parveen,2026-02-03,woman\n",
    )
    .expect("write");
    let output = caseload(dir.path())
        .args(["--db", db, "import", csv.to_str().expect("p")])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("visit.csv:3") && stderr.contains("arrest_date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("visit.csv:4") && stderr.contains("gender"),
        "{stderr}"
    );
    // Nothing was imported: the database is empty or was never created.
    if Path::new(db).exists() {
        let list = stdout(caseload(dir.path()).args(["--db", db, "list", "--format", "csv"]));
        assert_eq!(csv_rows(&list).len(), 1, "{list}");
    }
}

#[test]
fn bad_input_gives_one_clear_line_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--db".into(), "no/such/dir/clinic.db".into(), "list".into()],
            "does not exist",
        ),
        (
            vec!["--db".into(), "absent.db".into(), "list".into()],
            "no caseload database",
        ),
        (
            vec!["--db".into(), "notes.txt".into(), "list".into()],
            "not an SQLite file",
        ),
        (
            vec![
                "--weights".into(),
                "bad.toml".into(),
                "--db".into(),
                "x.db".into(),
                "list".into(),
            ],
            "bad.toml",
        ),
        (
            vec![
                "import".into(),
                "missing.csv".into(),
                "--db".into(),
                "x.db".into(),
            ],
            "missing.csv",
        ),
    ];
    std::fs::write(
        dir.path().join("notes.txt"),
        "not a database at all, just notes ".repeat(200),
    )
    .expect("w");
    std::fs::write(
        dir.path().join("bad.toml"),
        "[points]\npregnant = \"lots\"\n",
    )
    .expect("w");
    caseload(dir.path())
        .args(["--db", "x.db", "generate", "--rows", "3"])
        .assert()
        .success();
    for (args, expected) in cases {
        let output = caseload(dir.path()).args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("absent.db").exists());
    let weights_error = caseload(dir.path())
        .args(["--weights", "bad.toml", "--db", "x.db", "list"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&weights_error.stderr).contains("line 2"));
}

#[test]
fn weights_prints_a_file_that_loads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = stdout(caseload(dir.path()).arg("weights"));
    assert!(text.contains("[points]") && text.contains("statutory_bail_due"));
    std::fs::write(dir.path().join("w.toml"), &text).expect("write");
    caseload(dir.path())
        .args(["--db", "x.db", "generate", "--rows", "5"])
        .assert()
        .success();
    caseload(dir.path())
        .args(["--weights", "w.toml", "--db", "x.db", "list"])
        .assert()
        .success();
}

#[test]
fn the_default_database_lives_in_the_data_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    caseload(dir.path())
        .args(["generate", "--rows", "4"])
        .assert()
        .success();
    let db = dir.path().join("data/caseload/caseload.db");
    assert!(db.exists(), "{}", db.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(db.parent().expect("dir"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}

#[test]
fn import_then_list_gives_the_same_order_as_the_terminal_ui() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clinic.csv");
    caseload(dir.path())
        .args([
            "--db",
            db.to_str().expect("p"),
            "import",
            sample.to_str().expect("p"),
        ])
        .assert()
        .success();
    let listed: Vec<String> = csv_rows(&stdout(caseload(dir.path()).args([
        "--db",
        db.to_str().expect("p"),
        "list",
        "--format",
        "csv",
    ])))[1..]
        .iter()
        .map(|row| row[1].clone())
        .collect();

    let store =
        caseload::store::Store::open(&db, caseload::store::OpenMode::MustExist).expect("open");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let app = caseload::tui::app::App::new(
        store.load_all().expect("load"),
        today,
        caseload::domain::weights::Weights::default(),
        "t".into(),
    );
    let shown: Vec<String> = (0..app.visible_len())
        .filter_map(|row| app.row(row).map(|(_, _, person, _)| person.id.to_string()))
        .collect();
    assert_eq!(listed, shown);
    assert!(listed.len() >= 8);
}

fn private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777 == 0o600
}

#[test]
fn checklist_files_are_private_and_never_overwritten_without_force() {
    let (dir, db) = generated("300");
    let db = db.to_str().expect("p");
    let out = dir.path().join("day.html");
    let day = "2026-12-03";
    let args = [
        "--db",
        db,
        "checklist",
        "--date",
        day,
        "--format",
        "html",
        "--out",
        "day.html",
    ];
    caseload(dir.path()).args(args).assert().success();
    let first = std::fs::read_to_string(&out).expect("html");
    assert!(first.contains("<section class=\"person\">"));
    assert!(private(&out));
    // Every export is in the audit trail, one row per person on the sheet.
    let conn = rusqlite::Connection::open(dir.path().join("clinic.db")).expect("open");
    let (rows, to): (i64, String) = conn
        .query_row(
            "SELECT count(*), max(new_value) FROM audit WHERE action = 'export'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("audit");
    assert_eq!(
        rows as usize,
        first.matches("<section class=\"person\">").count()
    );
    assert!(to.ends_with("day.html"), "{to}");
    std::fs::write(&out, "kept").expect("write");
    caseload(dir.path())
        .args(args)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "kept");
    caseload(dir.path())
        .args(args)
        .arg("--force")
        .assert()
        .success();
    assert!(private(&out));
}

#[test]
fn checklist_text_goes_to_stdout_and_is_deterministic() {
    let (dir, db) = generated("300");
    let db = db.to_str().expect("p");
    let run = || {
        let text = stdout(caseload(dir.path()).args([
            "--db",
            db,
            "checklist",
            "--date",
            "2026-12-03",
            "--format",
            "txt",
        ]));
        // Only the generated-at line may differ between two runs.
        text.lines()
            .filter(|l| !l.starts_with("Prepared by caseload"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let text = run();
    assert!(text.contains("COURT DAY 2026-12-03"));
    assert!(text.lines().all(|l| l.chars().count() <= 80));
    assert_eq!(text, run());
    let one =
        stdout(caseload(dir.path()).args(["--db", db, "checklist", "--id", "1", "--format", "md"]));
    assert!(one.starts_with("# Hearing checklist: "));
}

#[test]
fn checklist_pdf_reads_back_as_text() {
    let (dir, db) = generated("300");
    let db = db.to_str().expect("p");
    caseload(dir.path())
        .args([
            "--db",
            db,
            "checklist",
            "--date",
            "2026-12-03",
            "--format",
            "pdf",
            "--out",
            "day.pdf",
        ])
        .assert()
        .success();
    let pdf = dir.path().join("day.pdf");
    assert!(private(&pdf));
    // Read back in Rust (pdf-extract decodes the embedded fonts' character maps), so
    // `cargo test` needs nothing but a Rust toolchain.
    let text = pdf_extract::extract_text(&pdf).expect("the PDF reads back as text");
    // A document, not a text dump: headings, the cover table's columns, a running header with
    // the hearing's date and court on each person's pages, page numbers.
    for expected in [
        "Court day 2026-12-03",
        "Hearings of the day",
        "Why now",
        "Argue",
        "Arguments available",
        "Basis:",
        "Next date",
        "page 1 of",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(
        !text.contains("====="),
        "no separator lines of the text export: {text}"
    );
    assert!(
        text.matches("2026-12-03, ").count() >= 2,
        "the running header: {text}"
    );
    caseload(dir.path())
        .args(["--db", db, "checklist", "--id", "1", "--format", "pdf"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--out"));
}

/// `list` of everyone streams the full records a chunk at a time: the same people, in the same
/// order, as the list read whole, across several chunks.
#[test]
fn the_whole_list_streams_in_rank_order_across_chunks() {
    let (dir, db) = generated("1500");
    let db = db.to_str().expect("utf8");
    let everyone = stdout(caseload(dir.path()).args(["--db", db, "list", "--format", "csv"]));
    let records = caseload::store::Store::open(Path::new(db), caseload::store::OpenMode::MustExist)
        .expect("open")
        .load_all()
        .expect("records");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let ranked = caseload::domain::triage::rank(
        &records,
        today,
        &caseload::domain::weights::Weights::default(),
    );
    let ids: Vec<String> = everyone
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).expect("id column").to_string())
        .collect();
    let expected: Vec<String> = ranked
        .iter()
        .map(|r| records[r.index].detainee.id.to_string())
        .collect();
    assert!(expected.len() > 1024, "more than two chunks");
    assert_eq!(ids, expected);
    let top =
        stdout(caseload(dir.path()).args(["--db", db, "list", "--format", "csv", "--limit", "20"]));
    assert!(everyone.starts_with(&top));
}
