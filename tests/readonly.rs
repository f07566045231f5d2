//! Reading never needs write access (issue 10, point 2): a `0444` file, a file in a `0555`
//! folder (SQLite cannot create `-wal`/`-shm` there), an old-schema file, and — when the tests
//! run as root, as CI does — the real case of another Unix user, with and without the owner
//! holding the file open. Every reading command works, every change is refused with one
//! sentence, and the file's bytes never change.

use assert_cmd::Command;
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use caseload::tui::action::Action;
use caseload::tui::app::{App, Mode, READ_ONLY};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TODAY: &str = "2026-12-01";
const NOBODY: u32 = 65534;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

/// The binary with a private home; `uid` runs it as another user.
fn caseload(home: &Path, uid: Option<u32>) -> Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("caseload"));
    if let Some(uid) = uid {
        use std::os::unix::process::CommandExt;
        cmd.uid(uid).gid(uid);
    }
    cmd.current_dir(home)
        .env_remove("CASELOAD_DB")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .args(["--today", TODAY]);
    Command::from_std(cmd)
}

/// A caseload of 60 people (with hearings, findings and audit rows) at `dir/clinic.db`.
fn generated(dir: &Path) -> PathBuf {
    let db = dir.join("clinic.db");
    caseload(dir, None)
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "generate",
            "--rows",
            "60",
        ])
        .assert()
        .success();
    db
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Every reading command succeeds on `db`, run from `home` (the user's own folder, where
/// `--out` and the backup go).
fn every_reading_command_works(db: &Path, home: &Path, uid: Option<u32>) {
    let db = db.to_str().expect("utf8");
    let day = home.join("day.md");
    let copy = home.join("copy.db");
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--format", "json", "--limit", "5"],
        vec!["explain", "1"],
        vec!["show", "1", "--format", "json"],
        vec!["history", "1"],
        vec!["checklist", "--id", "1", "--format", "txt"],
        vec![
            "checklist",
            "--date",
            "2026-12-03",
            "--format",
            "md",
            "--out",
            day.to_str().expect("utf8"),
        ],
        vec!["check"],
        vec!["backup", copy.to_str().expect("utf8")],
    ];
    for args in commands {
        let output = caseload(home, uid)
            .args(["--db", db])
            .args(&args)
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(
        day.exists(),
        "the day sheet was written to the user's folder"
    );
    assert!(copy.exists(), "the backup was written to the user's folder");
}

/// `update` is refused with the one sentence that says why and what to do.
fn update_is_refused(db: &Path, home: &Path, uid: Option<u32>) {
    let output = caseload(home, uid)
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "update",
            "1",
            "lawyer=X",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        errors(&output.stderr),
        format!(
            "caseload: {} is read-only for you, so nothing was changed: ask the file's owner \
             for group write access (to the file and its folder)\n",
            db.display()
        )
    );
}

/// Standard error without the permission warning a world-readable file rightly gets.
fn errors(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|line| !line.starts_with("caseload: warning:"))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The file and its `-wal`, byte for byte (a missing `-wal` reads as empty: SQLite may leave
/// an empty one behind a reader, which holds nothing).
fn snapshot(db: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (
        std::fs::read(db).expect("read"),
        std::fs::read(wal).unwrap_or_default(),
    )
}

#[test]
fn a_0444_file_is_read_and_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = generated(dir.path());
    chmod(&db, 0o444);
    let before = snapshot(&db);
    every_reading_command_works(&db, dir.path(), None);
    update_is_refused(&db, dir.path(), None);
    let key = dir.path().join("k.key");
    std::fs::write(&key, "a long passphrase\n").expect("key");
    chmod(&key, 0o600);
    let encrypt = caseload(dir.path(), None)
        .args(["--db", db.to_str().expect("utf8")])
        .args(["--key-file", key.to_str().expect("utf8"), "encrypt"])
        .output()
        .expect("runs");
    assert_eq!(encrypt.status.code(), Some(1));
    assert!(errors(&encrypt.stderr).contains("is read-only for you, so nothing was changed"));
    assert_eq!(snapshot(&db), before);
    let store = Store::open(&db, OpenMode::MustExist).expect("opens");
    assert!(store.is_read_only());
}

#[test]
fn a_file_in_a_folder_no_one_may_write_is_read_without_wal_or_shm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shelf = dir.path().join("shelf");
    std::fs::create_dir(&shelf).expect("mkdir");
    let db = generated(&shelf);
    chmod(&shelf, 0o555);
    let before = snapshot(&db);
    every_reading_command_works(&db, dir.path(), None);
    update_is_refused(&db, dir.path(), None);
    let beside: Vec<_> = std::fs::read_dir(&shelf)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    chmod(&shelf, 0o755);
    assert_eq!(snapshot(&db), before);
    assert_eq!(
        beside,
        ["clinic.db"],
        "no -wal, -shm or journal was created"
    );
}

#[test]
fn the_terminal_ui_loads_a_read_only_file_and_refuses_every_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = generated(dir.path());
    chmod(&db, 0o444);
    let before = snapshot(&db);
    let store = Store::open(&db, OpenMode::MustExist).expect("opens");
    let cache = store.rank_cache().expect("reads");
    // The loader (everyone, on its thread) would refresh the rank cache; read-only it must not.
    let loaded = caseload::tui::loader::spawn(db.clone(), None, today(), Weights::default())
        .recv_timeout(Duration::from_secs(60))
        .expect("answers")
        .expect("loads");
    assert!(!loaded.ranked.is_empty());
    assert_eq!(store.rank_cache().expect("reads"), cache);

    let records = store.load_all().expect("records");
    let mut app = App::new(records, today(), Weights::default(), "t".into());
    app.read_only = true;
    for action in [
        Action::Add,
        Action::Edit,
        Action::RecordHearing,
        Action::Archive,
        Action::Undo,
    ] {
        assert!(
            app.update(action).is_empty(),
            "{action:?} asked for nothing"
        );
        assert_eq!(app.message(), Some(READ_ONLY), "{action:?}");
        assert_eq!(app.screen(), Mode::List);
    }
    app.update(Action::ToggleReleased);
    assert!(app.update(Action::Restore).is_empty());
    assert_eq!(app.message(), Some(READ_ONLY));
    drop(store);
    assert_eq!(snapshot(&db), before);
}

#[test]
fn an_old_file_opened_read_only_says_it_needs_upgrading_by_someone_who_can_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("old.db");
    let conn = rusqlite::Connection::open(&db).expect("create");
    conn.execute_batch(include_str!("../migrations/0001_initial.sql"))
        .expect("v1 schema");
    drop(conn);
    chmod(&db, 0o444);
    let before = snapshot(&db);
    let output = caseload(dir.path(), None)
        .args(["--db", db.to_str().expect("utf8"), "list"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        errors(&output.stderr),
        format!(
            "caseload: {}: written by an older caseload (schema version 1) and read-only for \
             you: someone who can write it must open it once with this caseload to upgrade it\n",
            db.display()
        )
    );
    assert_eq!(snapshot(&db), before);
}

/// Whether this process may run commands as another user; if not, why the test is skipped.
fn as_root() -> bool {
    // SAFETY: geteuid has no preconditions and only returns a number.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        eprintln!("skipped: not root, so the binary cannot be run as another user (uid {NOBODY})");
    }
    root
}

/// A folder tree `nobody` may read: `/tmp/…/shared` (the owner's, `0755`) holding the file
/// (`0644`), and `nobody`'s own home for exports and backups.
fn shared_with_nobody() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    chmod(dir.path(), 0o755);
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).expect("mkdir");
    let db = generated(&shared);
    chmod(&shared, 0o755);
    chmod(&db, 0o644);
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("mkdir");
    std::os::unix::fs::chown(&home, Some(NOBODY), Some(NOBODY)).expect("chown");
    (dir, db, home)
}

#[test]
fn another_user_reads_the_owners_file_and_cannot_change_it() {
    if !as_root() {
        return;
    }
    let (_dir, db, home) = shared_with_nobody();
    let before = snapshot(&db);
    every_reading_command_works(&db, &home, Some(NOBODY));
    update_is_refused(&db, &home, Some(NOBODY));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn another_user_reads_while_the_owner_has_the_file_open() {
    if !as_root() {
        return;
    }
    let (_dir, db, home) = shared_with_nobody();
    // The owner's open connection, with a commit still in its -wal (made 0644 like the file).
    let owner = rusqlite::Connection::open(&db).expect("owner opens");
    owner
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0;
             UPDATE cases SET lawyer = 'Ayesha Siddiqui' WHERE detainee_id = 1;",
        )
        .expect("owner writes");
    let shown = caseload(&home, Some(NOBODY))
        .args(["--db", db.to_str().expect("utf8"), "show", "1"])
        .output()
        .expect("runs");
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("Ayesha Siddiqui"),
        "the owner's commit in the -wal is seen"
    );
    let before = snapshot(&db);
    every_reading_command_works(&db, &home, Some(NOBODY));
    update_is_refused(&db, &home, Some(NOBODY));
    assert_eq!(snapshot(&db), before);
    drop(owner);
}
