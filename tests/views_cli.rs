//! Issue 14's saved views and staff end to end: the shipped views, views saved for the clinic
//! (audited), `lawyer:me` from the staff table, and the name beside the login in history.

mod common;

use caseload::domain::triage::rank;
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use common::*;
use serde_json::Value;

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
