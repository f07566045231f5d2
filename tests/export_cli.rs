//! Issue 14's `export` and `update --filter` end to end: `export` → `import` → `export` giving
//! the same bytes (demo data and hostile text), owner-only files, health only when asked, and
//! bulk updates shown by `--dry-run`, then made, or refused whole.

mod common;

use caseload::domain::model::Gender;
use caseload::domain::triage::score;
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use common::*;
use serde_json::Value;
use std::path::Path;

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
