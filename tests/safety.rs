//! Sensitive records on shared machines: owner-only files under a loose umask, warnings about
//! loose files and network disks, backup and check, the restore drill, encryption at rest, and
//! all-or-nothing imports under `kill -9`.

use assert_cmd::Command;
use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-01";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("caseload")
}

fn caseload(dir: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.current_dir(dir)
        .env_remove("CASELOAD_DB")
        .env_remove("CASELOAD_ASSUME_FS")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["--today", TODAY]);
    cmd
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777
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

/// Runs the binary through a shell with umask 022, as on a default shared server.
fn under_umask_022(dir: &Path, args: &str) {
    let status = std::process::Command::new("sh")
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("CASELOAD_DB")
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' --today {TODAY} {args}",
            bin().display()
        ))
        .status()
        .expect("sh runs");
    assert!(status.success(), "{args}");
}

#[test]
fn every_file_is_owner_only_under_umask_022() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    under_umask_022(d, "generate --rows 200");
    let data = d.join("data/caseload");
    assert_eq!(mode(&data), 0o700);
    let db = data.join("caseload.db");
    assert_eq!(mode(&db), 0o600);
    for side in ["caseload.db-wal", "caseload.db-shm"] {
        let file = data.join(side);
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{side}");
        }
    }
    under_umask_022(
        d,
        "checklist --date 2026-12-03 --format html --out day.html",
    );
    assert_eq!(mode(&d.join("day.html")), 0o600);
    under_umask_022(d, "checklist --date 2026-12-03 --format pdf --out day.pdf");
    assert_eq!(mode(&d.join("day.pdf")), 0o600);
    under_umask_022(d, "backup copy.db");
    assert_eq!(mode(&d.join("copy.db")), 0o600);
}

#[test]
fn a_database_others_can_read_gets_a_warning_with_the_fix() {
    let dir = tempfile::tempdir().expect("tempdir");
    caseload(dir.path())
        .args(["--db", "c.db", "generate", "--rows", "5"])
        .assert()
        .success();
    std::fs::set_permissions(
        dir.path().join("c.db"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    // A folder everyone may enter: only then can they reach the file.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    caseload(dir.path())
        .args(["--db", "c.db", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("can be read by every user"))
        .stderr(predicate::str::contains("chmod 600"));
}

#[test]
fn on_a_network_file_system_wal_is_not_used_and_the_user_is_told() {
    let dir = tempfile::tempdir().expect("tempdir");
    caseload(dir.path())
        .env("CASELOAD_ASSUME_FS", "network")
        .args(["--db", "n.db", "generate", "--rows", "5"])
        .assert()
        .success()
        .stderr(predicate::str::contains("network file system"))
        .stderr(predicate::str::contains("one person writing at a time"));
    let conn = rusqlite::Connection::open(dir.path().join("n.db")).expect("open");
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(journal, "delete");
}

#[test]
fn backup_check_and_the_restore_drill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    caseload(d)
        .args(["--db", "clinic.db", "generate", "--rows", "300"])
        .assert()
        .success();
    let before = stdout(caseload(d).args(["--db", "clinic.db", "list", "--format", "csv"]));
    caseload(d)
        .args(["--db", "clinic.db", "backup", "backup.db"])
        .assert()
        .success();
    caseload(d)
        .args(["--db", "clinic.db", "backup", "backup.db"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
    caseload(d)
        .args(["--db", "backup.db", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("300 detainees"))
        .stdout(predicate::str::contains("ok:"));

    // The drill: the working file is lost; copy the backup back and carry on.
    for file in ["clinic.db", "clinic.db-wal", "clinic.db-shm"] {
        let _ = std::fs::remove_file(d.join(file));
    }
    std::fs::copy(d.join("backup.db"), d.join("clinic.db")).expect("restore");
    caseload(d)
        .args(["--db", "clinic.db", "check"])
        .assert()
        .success();
    let after = stdout(caseload(d).args(["--db", "clinic.db", "list", "--format", "csv"]));
    assert_eq!(before, after);
}

#[test]
fn check_reports_a_damaged_file_in_plain_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    caseload(d)
        .args(["--db", "c.db", "generate", "--rows", "2000"])
        .assert()
        .success();
    caseload(d)
        .args(["--db", "c.db", "backup", "damaged.db"])
        .assert()
        .success();
    // Scribble over pages in the middle of the file, past the header and schema.
    let path = d.join("damaged.db");
    let mut bytes = std::fs::read(&path).expect("read");
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 8192] {
        *b = 0x5a;
    }
    std::fs::write(&path, bytes).expect("write");
    let output = caseload(d)
        .args(["--db", "damaged.db", "check"])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("problem") || text.contains("malformed"),
        "{text}"
    );
}

#[test]
fn backup_is_consistent_while_another_process_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    caseload(d)
        .args(["--db", "busy.db", "generate", "--rows", "3000"])
        .assert()
        .success();
    // A second process keeps adding people while the backup runs.
    let mut writer = std::process::Command::new(bin())
        .current_dir(d)
        .args([
            "--today", TODAY, "--db", "busy.db", "generate", "--rows", "20000", "--seed", "99",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("writer");
    std::thread::sleep(std::time::Duration::from_millis(200));
    caseload(d)
        .args(["--db", "busy.db", "backup", "snap.db"])
        .assert()
        .success();
    let status = writer.wait().expect("writer ends");
    assert!(status.success());
    let conn = rusqlite::Connection::open(d.join("snap.db")).expect("open");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM detainees", [], |r| r.get(0))
        .expect("count");
    // The writer's generate is one transaction: the snapshot holds all of it or none.
    assert!(n == 3000 || n == 23000, "{n}");
}

fn write_key(dir: &Path, name: &str, key: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{key}\n")).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    path
}

#[test]
fn an_encrypted_database_is_unreadable_without_its_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    caseload(d)
        .args(["--db", "secret.db", "generate", "--rows", "300"])
        .assert()
        .success();
    let before = stdout(caseload(d).args(["--db", "secret.db", "list", "--format", "csv"]));
    let some_name = before
        .lines()
        .nth(1)
        .expect("row")
        .split(',')
        .nth(2)
        .expect("name")
        .to_string();
    write_key(d, "key", "correct horse battery staple");
    caseload(d)
        .args(["--db", "secret.db", "--key-file", "key", "encrypt"])
        .assert()
        .success();
    let after = stdout(caseload(d).args([
        "--db",
        "secret.db",
        "--key-file",
        "key",
        "list",
        "--format",
        "csv",
    ]));
    assert_eq!(before, after);

    // Nothing of the records can be read in the file or beside it.
    caseload(d)
        .args([
            "--db",
            "secret.db",
            "--key-file",
            "key",
            "backup",
            "secret-backup.db",
        ])
        .assert()
        .success();
    for file in ["secret.db", "secret.db-wal", "secret-backup.db"] {
        let path = d.join(file);
        if path.exists() {
            let bytes = std::fs::read(&path).expect("read");
            assert!(!bytes.starts_with(b"SQLite format 3"), "{file}");
            let needle = some_name.as_bytes();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{some_name} readable in {file}"
            );
        }
    }
    let backup = stdout(caseload(d).args([
        "--db",
        "secret-backup.db",
        "--key-file",
        "key",
        "list",
        "--format",
        "csv",
    ]));
    assert_eq!(before, backup);

    caseload(d)
        .args(["--db", "secret.db", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("passphrase"));
    write_key(d, "wrong", "not the passphrase");
    caseload(d)
        .args(["--db", "secret.db", "--key-file", "wrong", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("wrong passphrase"));
    let loose = write_key(d, "loose", "correct horse battery staple");
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    caseload(d)
        .args(["--db", "secret.db", "--key-file", "loose", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("chmod 600"));
}

/// A CSV of `rows` valid people, written by hand so the test does not depend on an exporter.
fn big_csv(path: &Path, rows: usize) {
    let mut text = String::from(
        "name,father_name,gender,arrest_date,fir_number,police_station,prison,quantity_grams,weaknesses\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "Person {i},Father {i},male,2026-0{}-1{},{i}/2026,PS Kalri,Central Jail Karachi,{},sample_late;no_lab_report\n",
            1 + i % 9,
            i % 10,
            50 + i % 900
        ));
    }
    std::fs::write(path, text).expect("write csv");
}

#[test]
fn kill_9_during_an_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let rows = 40_000;
    big_csv(&d.join("big.csv"), rows);
    let mut interrupted = 0;
    for (attempt, delay_ms) in [30u64, 120, 300, 700, 1500].into_iter().enumerate() {
        let db = format!("k{attempt}.db");
        caseload(d)
            .args(["--db", &db, "generate", "--rows", "10"])
            .assert()
            .success();
        let mut child = std::process::Command::new(bin())
            .current_dir(d)
            .args(["--today", TODAY, "--db", &db, "import", "big.csv"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("import starts");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let conn = rusqlite::Connection::open(d.join(&db)).expect("open");
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(ok, "ok", "attempt {attempt}");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM detainees", [], |r| r.get(0))
            .expect("count");
        assert!(
            n == 10 || n == 10 + rows as i64,
            "attempt {attempt} after {delay_ms} ms: {n} people"
        );
        interrupted += usize::from(n == 10);
        let orphans: i64 = conn
            .query_row(
                "SELECT count(*) FROM cases WHERE detainee_id NOT IN (SELECT id FROM detainees)",
                [],
                |r| r.get(0),
            )
            .expect("orphans");
        assert_eq!(orphans, 0);
    }
    assert!(
        interrupted > 0,
        "no kill landed during an import: the test proved nothing"
    );
}

/// Every new passphrase meets one rule, from a key file as from the prompt: the broken rule said.
#[test]
fn a_key_file_passphrase_meets_the_prompts_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    caseload(d)
        .args(["--db", "c.db", "generate", "--rows", "5"])
        .assert()
        .success();
    for (key, said) in [
        ("a", "too short (1 characters): use at least 8"),
        (" ", "only spaces"),
        ("        ", "only spaces"),
        ("seven77", "too short (7 characters)"),
    ] {
        write_key(d, "k", key);
        caseload(d)
            .args(["--db", "c.db", "--key-file", "k", "encrypt"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(said))
            .stderr(predicate::function(|e: &str| e.lines().count() == 1));
        let conn = rusqlite::Connection::open(d.join("c.db")).expect("open");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM detainees", [], |r| r.get(0))
            .expect("still plain");
        assert_eq!(n, 5, "{key:?}: left unencrypted");
    }
    write_key(d, "k", "eight888");
    caseload(d)
        .args(["--db", "c.db", "--key-file", "k", "encrypt"])
        .assert()
        .success();
}

/// A FIFO or a folder as --key-file is refused at once (a cron job must not hang on it).
#[test]
fn a_key_file_must_be_a_regular_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    caseload(d)
        .args(["--db", "c.db", "generate", "--rows", "5"])
        .assert()
        .success();
    let fifo = d.join("fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let folder = d.join("keys");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    for (key, command) in [("fifo", "encrypt"), ("fifo", "list"), ("keys", "list")] {
        let mut child = std::process::Command::new(bin())
            .current_dir(d)
            .env("HOME", d)
            .args(["--db", "c.db", "--key-file", key, command])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > std::time::Duration::from_secs(10) {
                let _ = child.kill();
                panic!("--key-file {key} {command}: hangs");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
            .expect("read");
        assert!(!status.success(), "{key} {command}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
}

/// What others can reach decides the warning: the file's `other` bits and an `x` for others on
/// every folder above it; the advice keeps a group's access when the group uses the file.
#[test]
fn the_permission_warning_over_folder_and_file_modes() {
    // (outer folder, inner folder, file, warned?, advice)
    let cases: &[(u32, u32, u32, bool, &str)] = &[
        (0o755, 0o755, 0o600, false, ""),
        (0o755, 0o755, 0o660, false, ""),
        (0o755, 0o755, 0o644, true, "chmod 600"),
        (0o755, 0o755, 0o604, true, "chmod 600"),
        (0o755, 0o755, 0o664, true, "chmod o-rwx"),
        (0o755, 0o755, 0o666, true, "chmod o-rwx"),
        (0o755, 0o755, 0o662, true, "chmod o-rwx"),
        (0o755, 0o2770, 0o664, false, ""),
        (0o755, 0o2770, 0o666, false, ""),
        (0o700, 0o755, 0o644, false, ""),
        (0o750, 0o755, 0o644, false, ""),
        (0o711, 0o711, 0o644, true, "chmod 600"),
        (0o755, 0o2775, 0o664, true, "chmod o-rwx"),
        (0o755, 0o754, 0o644, false, ""),
    ];
    for &(outer_mode, inner_mode, file_mode, warned, advice) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let outer = dir.path().join("outer");
        let inner = outer.join("inner");
        std::fs::create_dir_all(&inner).expect("mkdir");
        let file = inner.join("c.db");
        std::fs::write(&file, b"").expect("write");
        let set = |p: &Path, m: u32| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
        };
        set(dir.path(), 0o755);
        set(&file, file_mode);
        set(&inner, inner_mode);
        set(&outer, outer_mode);
        let case = format!("{outer_mode:o}/{inner_mode:o}/{file_mode:o}");
        let warning = caseload::files::permission_warning(&file);
        assert_eq!(warning.is_some(), warned, "{case}: {warning:?}");
        if let Some(w) = warning {
            assert!(w.contains(advice), "{case}: {w}");
            let read = file_mode & 0o004 != 0;
            assert_eq!(w.contains("can be read"), read, "{case}: {w}");
            if advice == "chmod o-rwx" {
                assert!(!w.contains("chmod 600"), "{case}: locks the group out: {w}");
            }
        }
        set(&outer, 0o755);
    }
}

/// `backup --force` onto the database itself would delete it to make room for the copy.
#[test]
fn a_backup_onto_the_database_itself_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    caseload(d)
        .args(["--db", "c.db", "generate", "--rows", "5"])
        .assert()
        .success();
    caseload(d)
        .args(["--db", "c.db", "backup", "./c.db", "--force"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("that is the database itself"));
    let listed = stdout(caseload(d).args(["--db", "c.db", "list", "--format", "csv"]));
    assert_eq!(listed.lines().count(), 6, "{listed}");
}
