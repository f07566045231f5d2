//! Keeping the caseload current, safely with several users on one file: the store's write API
//! (versions, conflicts, audit rows in the same transaction), the schema refusing to alter the
//! audit trail, several processes writing at once, drafts, and the `add`/`update`/`show`/
//! `history`/`hearing` commands end to end.

use assert_cmd::Command;
use caseload::domain::edit::{Change, HearingEntry};
use caseload::domain::model::{AuditAction, BailStatus, Outcome, Record, Stage};
use caseload::store::{OpenMode, Store, StoreError};
use caseload::tui::app::{App, Mode};
use caseload::tui::form::{Draft, Form};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid")
}

fn person(name: &str) -> Record {
    let mut r = Record::new(name, date(2026, 3, 1));
    r.case.court = Some("ASJ Court 3".into());
    r
}

fn file_with_one() -> (tempfile::TempDir, PathBuf, i64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing).expect("create");
    let id = store
        .add(&person("Nasreen Akhtar"))
        .expect("add")
        .record
        .detainee
        .id;
    (dir, path, id)
}

#[test]
fn a_save_over_someone_elses_change_is_refused_and_nothing_is_lost() {
    let (_dir, path, id) = file_with_one();
    let mut first = Store::open(&path, OpenMode::MustExist).expect("first");
    let mut second = Store::open(&path, OpenMode::MustExist).expect("second");
    let seen_by_first = first.get_versioned(id).expect("get").expect("there");
    let seen_by_second = second.get_versioned(id).expect("get").expect("there");
    assert_eq!(seen_by_first.version, seen_by_second.version);

    let mut mine = seen_by_first.record.clone();
    mine.case.lawyer = Some("Ayesha Khan".into());
    let saved = first
        .update(id, seen_by_first.version, &mine, AuditAction::Edit)
        .expect("first save lands");
    assert_eq!(saved.version, seen_by_first.version + 1);

    let mut theirs = seen_by_second.record.clone();
    theirs.detainee.prison = Some("Adiala Jail".into());
    let err = second
        .update(id, seen_by_second.version, &theirs, AuditAction::Edit)
        .expect_err("second save refused");
    match &err {
        StoreError::Conflict {
            found,
            theirs: now,
            yours,
            ..
        } => {
            assert_eq!(*found, saved.version);
            assert_eq!(now.case.lawyer.as_deref(), Some("Ayesha Khan"));
            assert_eq!(yours.detainee.prison.as_deref(), Some("Adiala Jail"));
        }
        other => panic!("expected a conflict, got {other}"),
    }
    assert!(err.to_string().contains("changed by someone else"), "{err}");
    let now = second.get_versioned(id).expect("get").expect("there");
    assert_eq!(now.record.case.lawyer.as_deref(), Some("Ayesha Khan"));
    assert_eq!(now.record.detainee.prison, None);
    assert_eq!(now.version, saved.version);
}

#[test]
fn other_connections_commits_move_data_version() {
    let (_dir, path, id) = file_with_one();
    let watcher = Store::open(&path, OpenMode::MustExist).expect("watcher");
    let mut writer = Store::open(&path, OpenMode::MustExist).expect("writer");
    let before = watcher.data_version().expect("dv");
    let last = watcher.last_audit_id().expect("last");
    let v = writer.get_versioned(id).expect("get").expect("there");
    let mut r = v.record.clone();
    r.detainee.notes = Some("visited".into());
    writer
        .update(id, v.version, &r, AuditAction::Edit)
        .expect("save");
    assert_ne!(watcher.data_version().expect("dv"), before);
    let (changed, _) = watcher.changed_since(last, 10).expect("changed");
    assert_eq!(changed, Some(vec![id]));
}

#[test]
fn every_kind_of_change_writes_audit_rows_with_who_and_what() {
    let mut store = Store::open_in_memory().expect("memory");
    store.set_actor("supervisor");
    store
        .insert_records(&[person("Imported Person")])
        .expect("import");
    let added = store.add(&person("Gul Khan")).expect("add");
    let id = added.record.detainee.id;
    let mut edited = added.record.clone();
    edited.case.arrest_date = date(2026, 2, 27);
    let v = store
        .update(id, added.version, &edited, AuditAction::Edit)
        .expect("edit");
    let entry = HearingEntry {
        outcome: Outcome::BailGranted,
        next: Some(date(2026, 5, 1)),
        note: Some("surety 50,000".into()),
    };
    let heard = store
        .record_hearing(id, v.version, &entry, date(2026, 4, 1))
        .expect("hearing");
    assert!(!heard.record.in_custody(), "bail granted: out of custody");
    assert_eq!(heard.record.case.bail_status, Some(BailStatus::Granted));
    let undone = store
        .update(id, heard.version, &v.record, AuditAction::Undo)
        .expect("undo");
    assert!(undone.record.in_custody());
    assert_eq!(undone.record.hearings, v.record.hearings);
    let redone = store
        .update(id, undone.version, &heard.record, AuditAction::Redo)
        .expect("redo");
    assert!(!redone.record.in_custody());
    let archived = store
        .apply(&Change::Archive {
            id,
            version: redone.version,
            action: AuditAction::Delete,
        })
        .expect("archive");
    assert!(archived.archived);
    assert!(
        store
            .load_all()
            .expect("load")
            .iter()
            .all(|r| r.detainee.id != id)
    );
    assert_eq!(store.load_archived().expect("archived").len(), 1);
    let restored = store
        .apply(&Change::Restore {
            id,
            version: archived.version,
            action: AuditAction::Restore,
        })
        .expect("restore");
    assert!(!restored.archived);

    let history = store.history(id).expect("history");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "add", "edit", "hearing", "undo", "redo", "delete", "restore",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
    assert!(history.iter().all(|e| e.actor == "supervisor"));
    let date_change = history
        .iter()
        .find(|e| e.field.as_deref() == Some("arrest_date"))
        .expect("arrest date audited");
    assert_eq!(date_change.old_value.as_deref(), Some("2026-03-01"));
    assert_eq!(date_change.new_value.as_deref(), Some("2026-02-27"));
    assert!(
        history
            .iter()
            .any(|e| e.field.as_deref() == Some("bail_status")
                && e.new_value.as_deref() == Some("granted"))
    );
    let imported = store.history(1).expect("history");
    assert_eq!(imported[0].action, "import");
}

#[test]
fn the_schema_refuses_to_change_or_delete_audit_rows() {
    let mut store = Store::open_in_memory().expect("memory");
    store.add(&person("Gul Khan")).expect("add");
    let conn = store.connection();
    let err = conn
        .execute("UPDATE audit SET actor = 'someone else'", [])
        .expect_err("update refused");
    assert!(err.to_string().contains("cannot be changed"), "{err}");
    let err = conn
        .execute("DELETE FROM audit", [])
        .expect_err("delete refused");
    assert!(err.to_string().contains("cannot be deleted"), "{err}");
    let count: i64 = conn
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 1);
}

#[test]
fn a_stale_version_from_a_hearing_or_archive_is_refused_too() {
    let mut store = Store::open_in_memory().expect("memory");
    let v = store.add(&person("Gul Khan")).expect("add");
    let id = v.record.detainee.id;
    let mut r = v.record.clone();
    r.case.stage = Stage::Trial;
    store
        .update(id, v.version, &r, AuditAction::Edit)
        .expect("edit");
    let entry = HearingEntry {
        outcome: Outcome::Adjourned,
        next: None,
        note: None,
    };
    assert!(matches!(
        store.record_hearing(id, v.version, &entry, date(2026, 4, 1)),
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        store.set_archived(id, v.version, true, AuditAction::Delete),
        Err(StoreError::Conflict { .. })
    ));
}

#[cfg(unix)]
#[test]
fn a_draft_is_kept_owner_only_and_offered_on_the_next_start() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    let drafts = dir.path().join("home").join("drafts");
    let path = caseload::tui::draft_path(&drafts, &db).expect("a path");
    // In the user's own drafts folder, named after the database, never beside it.
    assert_eq!(path.parent(), Some(drafts.as_path()));
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("clinic.db-") && name.ends_with(".json"),
        "{name}"
    );
    let mut form = Form::add();
    form.values[0] = "Half typed".into();
    form.dirty = true;
    let draft = Draft::Form(form.clone());
    caseload::tui::write_draft(&path, &draft).expect("write");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let mode = std::fs::metadata(&drafts)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "the drafts folder is owner-only");
    let read = caseload::tui::read_draft(&path).expect("read back");
    assert_eq!(read, draft);

    let mut app = App::new(
        Vec::new(),
        date(2026, 12, 1),
        Default::default(),
        "t".into(),
    );
    app.offer_draft(read);
    assert_eq!(app.screen(), Mode::Confirm);
    let effects = app.update(caseload::tui::action::Action::Yes);
    assert_eq!(app.screen(), Mode::Form);
    assert_eq!(app.form().expect("form").values[0], "Half typed");
    let mut store = Store::open(&db, OpenMode::CreateIfMissing).expect("store");
    for effect in effects {
        let exports = caseload::tui::effects::ExportSettings {
            rules: caseload::domain::checklist::Rules::defaults(),
            dir: dir.path().join("exports"),
        };
        caseload::tui::execute(&mut store, &mut app, effect, &exports, Some(&path));
    }
    assert!(!path.exists(), "a restored draft is removed");
    assert!(
        matches!(app.draft(), Some(Draft::Form(_))),
        "the open form is the next draft"
    );
}

// ---- the built binary ----

const TODAY: &str = "2026-12-01";

fn caseload(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("caseload").expect("binary");
    cmd.current_dir(dir)
        .env_remove("CASELOAD_DB")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("USER", "student1")
        .env("LOGNAME", "student1")
        .args(["--today", TODAY, "--db"])
        .arg(dir.join("clinic.db"));
    cmd
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

fn run_err(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(!out.status.success(), "should fail");
    String::from_utf8(out.stderr).expect("utf8")
}

fn created(dir: &Path) {
    Store::open(&dir.join("clinic.db"), OpenMode::CreateIfMissing).expect("create");
}

#[test]
fn cli_add_update_show_history_and_if_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    created(dir.path());
    let out = run_ok(caseload(dir.path()).args([
        "add",
        "name=Shazia Bibi",
        "arrest_date=14/03/2026",
        "gender=f",
        "prison=Women's Jail Karachi",
    ]));
    assert!(out.contains("as id 1 (version 1)"), "{out}");

    let json: serde_json::Value = serde_json::from_str(&run_ok(
        caseload(dir.path()).args(["show", "1", "--format", "json"]),
    ))
    .expect("json");
    assert_eq!(json["version"], 1);
    assert_eq!(json["arrest_date"], "2026-03-14");
    assert_eq!(json["gender"], "female");
    assert_eq!(json["lawyer"], serde_json::Value::Null);

    let out = run_ok(caseload(dir.path()).args([
        "update",
        "1",
        "lawyer=Ayesha Siddiqui",
        "next_hearing=2026-12-05",
        "--if-version",
        "1",
    ]));
    assert!(out.contains("version 2"), "{out}");

    let err =
        run_err(caseload(dir.path()).args(["update", "1", "lawyer=Someone", "--if-version", "1"]));
    assert!(err.contains("version 2, not 1"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let err = run_err(caseload(dir.path()).args(["update", "1", "fir_date=31/02/2026"]));
    assert!(
        err.contains("field `fir_date`: '31/02/2026' is not a date"),
        "{err}"
    );
    let err = run_err(caseload(dir.path()).args(["update", "1", "colour=red"]));
    assert!(err.contains("unknown field `colour`"), "{err}");
    let err = run_err(caseload(dir.path()).args(["add", "name=No Date"]));
    assert!(
        err.contains("field `arrest_date`: required value is empty"),
        "{err}"
    );

    let text = run_ok(caseload(dir.path()).args(["show", "1"]));
    assert!(text.contains("version              2"), "{text}");
    assert!(
        text.contains("lawyer               Ayesha Siddiqui"),
        "{text}"
    );

    let out = run_ok(caseload(dir.path()).args([
        "hearing",
        "1",
        "--outcome",
        "bail_granted",
        "--next",
        "10/01/2027",
    ]));
    assert!(out.contains("out of custody"), "{out}");

    let history = run_ok(caseload(dir.path()).args(["history", "1"]));
    let lines: Vec<&str> = history.lines().collect();
    // LOGNAME/USER say student1; the audit names the real login of the uid instead.
    let login = caseload::store::login_name();
    assert!(
        lines[0].contains(&format!("{login} add Shazia Bibi")),
        "{history}"
    );
    assert!(!history.contains("student1"), "{history}");
    assert!(
        history.contains("edit lawyer: — → Ayesha Siddiqui"),
        "{history}"
    );
    assert!(
        history.contains("hearing bail_status: — → granted"),
        "{history}"
    );
    assert!(!history.contains("Someone"), "{history}");
}

#[test]
fn several_processes_writing_at_once_all_land_and_none_sees_locked() {
    let dir = tempfile::tempdir().expect("tempdir");
    created(dir.path());
    run_ok(caseload(dir.path()).args(["add", "name=Shared Person", "arrest_date=2026-01-01"]));
    let started = std::time::Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..25 {
                    let mut cmd = caseload(&dir);
                    if i % 5 == 0 {
                        cmd.args([
                            "add",
                            &format!("name=Worker {w} person {i}"),
                            "arrest_date=2026-02-01",
                        ]);
                    } else {
                        cmd.args(["update", "1", &format!("notes=worker {w} write {i}")]);
                    }
                    let out = cmd.output().expect("runs");
                    if !out.status.success() {
                        failures.push(String::from_utf8_lossy(&out.stderr).to_string());
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("worker"))
        .collect();
    eprintln!(
        "100 writes from 4 processes at once: {:?}",
        started.elapsed()
    );
    assert!(failures.is_empty(), "{failures:?}");
    let store = Store::open(&dir.path().join("clinic.db"), OpenMode::MustExist).expect("open");
    assert_eq!(store.count().expect("count"), 1 + 4 * 5);
    let edits = store
        .history(1)
        .expect("history")
        .iter()
        .filter(|e| e.action == "edit")
        .count();
    assert_eq!(edits, 4 * 20, "every update landed");
    assert_eq!(
        store.get_versioned(1).expect("get").expect("there").version,
        1 + 80
    );
}
