//! Every error the program prints is one plain sentence that says each cause once (issue 10,
//! point 3): a busy file (its own exit status, 75), a full disk (nothing written), a directory
//! given as `--db`, values over the field limits, and the rest of the everyday mistakes. The
//! TUI keeps a form open on a busy file and `Ctrl-S` saves it once the file is free.

use assert_cmd::Command;
use caseload::domain::demo;
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store, StoreError};
use caseload::tui::action::Action;
use caseload::tui::app::{App, Effect, Mode};
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-01";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

fn caseload(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("caseload").expect("binary");
    cmd.current_dir(dir)
        .env_remove("CASELOAD_DB")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["--today", TODAY]);
    cmd
}

fn generated(dir: &Path) -> PathBuf {
    let db = dir.join("clinic.db");
    let mut store = Store::open(&db, OpenMode::CreateIfMissing).expect("create");
    store
        .insert_all(demo::generate(30, 7, today()))
        .expect("insert");
    db
}

/// No run of four words appears twice: the same cause is never printed twice in one message.
fn assert_no_phrase_repeats(message: &str) {
    let words: Vec<&str> = message
        .split(|c: char| c.is_whitespace() || c == ':' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let mut seen = std::collections::HashSet::new();
    for window in words.windows(4) {
        assert!(seen.insert(window), "{window:?} repeats in: {message}");
    }
}

/// What one failing command must print (exactly, as one line) and its exit status.
struct Case {
    what: &'static str,
    args: Vec<String>,
    stderr: String,
    status: i32,
}

fn run_cases(dir: &Path, cases: Vec<Case>) {
    for case in cases {
        let output = caseload(dir).args(&case.args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr, format!("{}\n", case.stderr), "{}", case.what);
        assert_eq!(output.status.code(), Some(case.status), "{}", case.what);
        assert_no_phrase_repeats(&stderr);
    }
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| a.to_string()).collect()
}

#[test]
fn every_error_is_one_sentence_with_each_cause_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = generated(dir.path());
    let db_text = db.to_str().expect("utf8");
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("mkdir");
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![b'x'; 4096]).expect("write");
    let long_notes = dir.path().join("long.csv");
    std::fs::write(
        &long_notes,
        format!(
            "name,arrest_date,notes\nAmina Bibi,2026-01-10,{}\n",
            "n".repeat(70_000)
        ),
    )
    .expect("write");
    let before = std::fs::read(&db).expect("read");
    let cases = vec![
        Case {
            what: "a directory as --db",
            args: args(&["--db", folder.to_str().expect("utf8"), "list"]),
            stderr: format!(
                "caseload: {} is a directory, not a database file",
                folder.display()
            ),
            status: 1,
        },
        Case {
            what: "a directory as --db, for a command that may create the file",
            args: args(&["--db", folder.to_str().expect("utf8"), "generate", "--rows", "1"]),
            stderr: format!(
                "caseload: {} is a directory, not a database file",
                folder.display()
            ),
            status: 1,
        },
        Case {
            what: "not a database",
            args: args(&["--db", garbage.to_str().expect("utf8"), "list"]),
            stderr: format!(
                "caseload: {}: not a caseload database (not an SQLite file), or an encrypted one: give its passphrase (--key-file PATH, or run on a terminal to be asked)",
                garbage.display()
            ),
            status: 1,
        },
        Case {
            what: "a missing file",
            args: args(&["--db", "nowhere.db", "list"]),
            stderr: "caseload: nowhere.db: no caseload database here (create one with `caseload import` or `caseload generate`)".to_string(),
            status: 1,
        },
        Case {
            what: "a name over the limit",
            args: args(&[
                "--db",
                db_text,
                "add",
                &format!("name={}", "a".repeat(201)),
                "arrest_date=2026-01-10",
            ]),
            stderr: "caseload: field `name`: too long: 201 characters, at most 200; nothing changed"
                .to_string(),
            status: 1,
        },
        Case {
            what: "notes over the limit in update",
            args: args(&[
                "--db",
                db_text,
                "update",
                "1",
                &format!("notes={}", "n".repeat(65_537)),
            ]),
            stderr: "caseload: field `notes`: too long: 65537 bytes, at most 64 KB (65536 bytes); nothing changed"
                .to_string(),
            status: 1,
        },
        Case {
            what: "notes over the limit in an import",
            args: args(&["--db", db_text, "import", long_notes.to_str().expect("utf8")]),
            stderr: format!(
                "caseload: {}:2: column `notes`: too long: 70000 bytes, at most 64 KB (65536 bytes)\n1 error; nothing imported",
                long_notes.display()
            ),
            status: 1,
        },
        Case {
            what: "a hearing note over the limit",
            args: args(&[
                "--db",
                db_text,
                "hearing",
                "1",
                "--outcome",
                "adjourned",
                "--note",
                &"n".repeat(65_537),
            ]),
            stderr: format!(
                "caseload: {db_text}: person 1: note too long: 65537 bytes, at most 64 KB (65536 bytes); nothing saved"
            ),
            status: 1,
        },
        Case {
            what: "nobody with that id",
            args: args(&["--db", db_text, "explain", "999"]),
            stderr: format!("caseload: {db_text}: no person with id 999"),
            status: 1,
        },
    ];
    run_cases(dir.path(), cases);
    assert_eq!(
        std::fs::read(&db).expect("read"),
        before,
        "nothing was written"
    );
}

/// Another program holds the write lock past the 5 s busy timeout.
#[test]
fn a_busy_file_is_one_sentence_and_exit_status_75_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = generated(dir.path());
    let db_text = db.to_str().expect("utf8");
    let before = Store::open(&db, OpenMode::MustExist)
        .expect("open")
        .get_versioned(5)
        .expect("read")
        .expect("person 5");
    let holder = rusqlite::Connection::open(&db).expect("open");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    run_cases(
        dir.path(),
        vec![Case {
            what: "update while another program writes",
            args: args(&["--db", db_text, "update", "5", "lawyer=X"]),
            stderr: format!(
                "caseload: {db_text} is busy: another program is writing to it; nothing was changed, try again in a moment"
            ),
            status: 75,
        }],
    );
    holder.execute_batch("ROLLBACK").expect("unlock");
    let after = Store::open(&db, OpenMode::MustExist)
        .expect("open")
        .get_versioned(5)
        .expect("read")
        .expect("person 5");
    assert_eq!(after.version, before.version);
    caseload(dir.path())
        .args(["--db", db_text, "update", "5", "lawyer=X"])
        .assert()
        .success();
}

#[test]
fn the_help_lists_the_exit_statuses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = caseload(dir.path()).arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("75 the database is busy"), "{help}");
}

/// A full disk (here: the file may not grow past its current pages) fails the whole import with
/// one sentence; the file holds exactly what it held before.
#[test]
fn a_full_disk_is_one_sentence_and_the_data_stays_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = generated(dir.path());
    let mut store = Store::open(&db, OpenMode::MustExist).expect("open");
    let people = store.count().expect("count");
    let pages: i64 = store
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    store
        .connection()
        .execute_batch(&format!("PRAGMA max_page_count = {}", pages + 2))
        .expect("cap");
    let error = store
        .insert_all(demo::generate(3000, 8, today()))
        .expect_err("the file cannot grow");
    assert!(matches!(error, StoreError::Full { .. }), "{error:?}");
    let line = caseload::cli::error_line(&anyhow::Error::from(error));
    assert_eq!(
        line,
        format!(
            "{}: the disk (or your quota) is full; nothing was changed: free some space and try again",
            db.display()
        )
    );
    assert_no_phrase_repeats(&line);
    drop(store);
    let store = Store::open(&db, OpenMode::MustExist).expect("reopen");
    assert_eq!(store.count().expect("count"), people);
    let health = caseload::maintenance::check(&store).expect("check");
    assert!(health.problems.is_empty(), "{:?}", health.problems);
}

/// The loop shows the busy sentence on the form, which stays open; `Ctrl-S` then saves.
#[test]
fn a_busy_save_in_the_terminal_ui_keeps_the_form_and_ctrl_s_retries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = generated(dir.path());
    let mut store = Store::open(&db, OpenMode::MustExist).expect("open");
    let records = store.load_all().expect("records");
    let mut app = App::new(records, today(), Weights::default(), "t".into());
    let exports = caseload::tui::effects::ExportSettings {
        rules: caseload::domain::checklist::Rules::defaults(),
        dir: dir.path().join("exports"),
    };
    let run = |store: &mut Store, app: &mut App, action: Action| {
        for effect in app.update(action) {
            caseload::tui::execute(store, app, effect, &exports, None);
        }
    };
    run(&mut store, &mut app, Action::Edit);
    assert_eq!(app.screen(), Mode::Form);
    for c in " Khan".chars() {
        run(&mut store, &mut app, Action::Insert(c));
    }
    let holder = rusqlite::Connection::open(&db).expect("open");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let effects = app.update(Action::Save);
    assert!(
        matches!(effects.as_slice(), [Effect::Save(_)]),
        "{effects:?}"
    );
    for effect in effects {
        caseload::tui::execute(&mut store, &mut app, effect, &exports, None);
    }
    assert_eq!(app.screen(), Mode::Form, "the form stays open");
    assert_eq!(
        app.message(),
        Some(
            format!(
                "{} is busy: another program is writing to it; nothing was changed, try again in a moment",
                db.display()
            )
            .as_str()
        )
    );
    holder.execute_batch("ROLLBACK").expect("unlock");
    run(&mut store, &mut app, Action::Save);
    assert_ne!(app.screen(), Mode::Form, "saved on the retry");
    let names: Vec<String> = store
        .load_all()
        .expect("records")
        .into_iter()
        .map(|r| r.detainee.name)
        .collect();
    assert!(names.iter().any(|n| n.ends_with(" Khan")), "{names:?}");
}

/// The form refuses a name over the limit like the import and `caseload add` do.
#[test]
fn the_form_refuses_a_name_over_the_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = generated(dir.path());
    let mut store = Store::open(&db, OpenMode::MustExist).expect("open");
    let records = store.load_all().expect("records");
    let mut app = App::new(records, today(), Weights::default(), "t".into());
    let exports = caseload::tui::effects::ExportSettings {
        rules: caseload::domain::checklist::Rules::defaults(),
        dir: dir.path().join("exports"),
    };
    for effect in app.update(Action::Edit) {
        caseload::tui::execute(&mut store, &mut app, effect, &exports, None);
    }
    assert_eq!(app.screen(), Mode::Form);
    for _ in 0..201 {
        app.update(Action::Insert('a'));
    }
    assert!(app.update(Action::Save).is_empty(), "nothing to save");
    assert_eq!(app.screen(), Mode::Form);
    assert_eq!(
        app.message(),
        Some("Not saved: 1 field to fix (shown beside it).")
    );
}
