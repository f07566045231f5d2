//! One clinic, one server, many logins (issue 11): the documented setup played by two users of
//! one group. The built binary runs as other uids (plain numbers, no accounts created) in a
//! setgid `2770` folder; that needs root, as in CI. Without root each test says so and skips.

use caseload::store::{OpenMode, Store, StoreError};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-12-01";
/// The clinic's group and two of its members; no passwd entries, so they are shown as `uid N`.
const CLINIC: u32 = 60_000;
const AYESHA: u32 = 60_001;
const BILAL: u32 = 60_002;
/// `nobody`, which has a passwd entry: its login is what the audit must show.
const NOBODY: u32 = 65_534;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

macro_rules! needs_root {
    () => {
        if !is_root() {
            eprintln!(
                "skipped: this test plays two users (runs caseload as other uids) and needs root, as in CI"
            );
            return;
        }
    };
}

/// A clinic folder: setgid, group `CLINIC`, `2770`, as the README documents.
struct Clinic {
    dir: tempfile::TempDir,
}

impl Clinic {
    fn new() -> Clinic {
        let dir = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::chown(dir.path(), Some(0), Some(CLINIC)).expect("chown");
        chmod(dir.path(), 0o2770);
        Clinic { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn db(&self) -> PathBuf {
        self.path().join("clinic.db")
    }

    /// `caseload --db clinic.db ARGS` as `uid` (a member of the clinic's group).
    fn command(&self, uid: u32, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_caseload"));
        let home = self.path().join(format!("home-{uid}"));
        cmd.current_dir(self.path())
            .env_remove("CASELOAD_DB")
            .env_remove("CASELOAD_ASSUME_FS")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .args(["--today", TODAY, "--db"])
            .arg(self.db())
            .args(args);
        as_user(&mut cmd, uid);
        cmd
    }

    fn run(&self, uid: u32, args: &[&str]) -> Output {
        self.command(uid, args).output().expect("runs")
    }

    fn ok(&self, uid: u32, args: &[&str]) -> String {
        let out = self.run(uid, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    /// The clinic's file as a new clinic would make it: Ayesha generates it, `chmod 660`.
    fn with_file(self) -> Clinic {
        self.ok(AYESHA, &["generate", "--rows", "5"]);
        chmod(&self.db(), 0o660);
        self
    }
}

/// Drops to `uid`, group `CLINIC`, in the child before exec. `CommandExt::groups` is not
/// stable yet, so the three calls are made here, in the order that still has the right to.
fn as_user(cmd: &mut Command, uid: u32) {
    // SAFETY: only async-signal-safe libc calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let groups = [CLINIC];
            if libc::setgroups(1, groups.as_ptr()) != 0
                || libc::setgid(CLINIC) != 0
                || libc::setuid(uid) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn key_file(clinic: &Clinic, uid: u32, name: &str, passphrase: &str) -> PathBuf {
    let path = clinic.path().join(name);
    std::fs::write(&path, format!("{passphrase}\n")).expect("write key");
    std::os::unix::fs::chown(&path, Some(uid), Some(CLINIC)).expect("chown");
    chmod(&path, 0o600);
    path
}

#[test]
fn the_audit_names_the_real_login_whatever_logname_says() {
    needs_root!();
    let clinic = Clinic::new().with_file();
    let mut update = clinic.command(NOBODY, &["update", "1", "notes=seen at Adiala"]);
    update.env("LOGNAME", "ayesha").env("USER", "ayesha");
    let out = update.output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut update = clinic.command(BILAL, &["update", "1", "lawyer=Someone Else"]);
    update.env("LOGNAME", "ayesha").env("USER", "ayesha");
    assert!(update.output().expect("runs").status.success());

    let history = clinic.ok(AYESHA, &["history", "1"]);
    assert!(!history.contains("ayesha"), "{history}");
    assert!(
        history.contains("nobody edit notes"),
        "nobody has a passwd entry: {history}"
    );
    assert!(
        history.contains(&format!("uid {BILAL} edit lawyer")),
        "a uid without an entry is shown as its number: {history}"
    );
    assert!(
        history.contains(&format!("uid {AYESHA} import")),
        "{history}"
    );
}

#[test]
fn encrypt_refuses_while_a_colleague_has_the_file_open() {
    needs_root!();
    let clinic = Clinic::new().with_file();
    let key = key_file(&clinic, BILAL, "bilal.key", "correct horse battery");
    // Ayesha's window, idle between keys: a connection that has read the file and holds no
    // transaction.
    let ayesha = Store::open(&clinic.db(), OpenMode::MustExist).expect("open");
    assert_eq!(ayesha.count().expect("count"), 5);

    let started = std::time::Instant::now();
    let out = clinic.run(
        BILAL,
        &["--key-file", key.to_str().expect("utf8"), "encrypt"],
    );
    assert!(!out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
    assert!(
        stderr.contains("someone else has the file open"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing changed"), "{stderr}");
    assert!(started.elapsed().as_secs() < 5, "refused at once");
    assert!(
        caseload::store::is_plain_sqlite(&clinic.db()),
        "not encrypted"
    );
    // Intact, and Ayesha's window can still save into the same file.
    let leftovers: Vec<String> = std::fs::read_dir(clinic.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("encrypting"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary copy left: {leftovers:?}"
    );
    let mut ayesha = ayesha;
    let v = ayesha.get_versioned(1).expect("get").expect("present");
    ayesha
        .update(
            1,
            v.version,
            &v.record,
            caseload::domain::model::AuditAction::Edit,
        )
        .expect("still saves");
    assert!(
        clinic
            .ok(AYESHA, &["check"])
            .contains("ok: the file is intact")
    );

    // Once she has closed it, encrypt goes ahead.
    drop(ayesha);
    clinic.ok(
        BILAL,
        &["--key-file", key.to_str().expect("utf8"), "encrypt"],
    );
    assert!(!caseload::store::is_plain_sqlite(&clinic.db()));
}

#[test]
fn a_session_whose_file_was_replaced_stops_saving_and_writes_nothing() {
    needs_root!();
    let clinic = Clinic::new().with_file();
    let mut ayesha = Store::open(&clinic.db(), OpenMode::MustExist).expect("open");
    let v = ayesha.get_versioned(1).expect("get").expect("present");
    // Someone moves the file away and puts another in its place (a restore from backup).
    let moved = clinic.path().join("clinic-old.db");
    std::fs::rename(clinic.db(), &moved).expect("rename");
    for side in ["-wal", "-shm"] {
        let _ = std::fs::rename(
            clinic.path().join(format!("clinic.db{side}")),
            clinic.path().join(format!("clinic-old.db{side}")),
        );
    }
    clinic.ok(BILAL, &["generate", "--rows", "5"]);
    let before = clinic.ok(BILAL, &["history", "1"]);

    let mut record = v.record.clone();
    record.detainee.notes = Some("saved into the wrong file?".into());
    let error = ayesha
        .update(
            1,
            v.version,
            &record,
            caseload::domain::model::AuditAction::Edit,
        )
        .expect_err("refused");
    assert!(matches!(error, StoreError::Replaced { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("replaced or removed"), "{message}");
    assert!(message.contains("nothing saved"), "{message}");
    assert_eq!(
        clinic.ok(BILAL, &["history", "1"]),
        before,
        "replacement untouched"
    );
    let old = Store::open(&moved, OpenMode::MustExist).expect("old");
    let kept = old.get_versioned(1).expect("get").expect("present");
    assert_eq!(
        kept.version, v.version,
        "nothing written to the old file either"
    );

    // Deleted outright: the same sentence.
    std::fs::remove_file(clinic.db()).expect("rm");
    let error = ayesha
        .update(
            1,
            v.version,
            &record,
            caseload::domain::model::AuditAction::Edit,
        )
        .expect_err("refused");
    assert!(matches!(error, StoreError::Replaced { .. }), "{error}");
}

#[test]
fn encrypt_on_a_network_disk_replaces_the_file_under_an_idle_session_which_then_stops() {
    needs_root!();
    // On a network file system caseload uses a rollback journal: an idle reader holds no lock
    // and encrypt cannot see it. The session must notice before its next save.
    let clinic = Clinic::new().with_file();
    let mut ayesha = Store::open(&clinic.db(), OpenMode::MustExist).expect("open");
    let mode: String = ayesha
        .connection()
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .expect("delete mode");
    assert_eq!(mode, "delete");
    let v = ayesha.get_versioned(1).expect("get").expect("present");
    let key = key_file(&clinic, BILAL, "bilal.key", "correct horse battery");
    let mut encrypt = clinic.command(
        BILAL,
        &["--key-file", key.to_str().expect("utf8"), "encrypt"],
    );
    encrypt.env("CASELOAD_ASSUME_FS", "network");
    let out = encrypt.output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));

    let error = ayesha
        .update(
            1,
            v.version,
            &v.record,
            caseload::domain::model::AuditAction::Edit,
        )
        .expect_err("refused");
    assert!(matches!(error, StoreError::Replaced { .. }), "{error}");
    let store = Store::open_with_key(
        &clinic.db(),
        OpenMode::MustExist,
        Some("correct horse battery"),
    )
    .expect("encrypted opens");
    let now = store.get_versioned(1).expect("get").expect("present");
    assert_eq!(now.version, v.version);
}

#[test]
fn encrypt_keeps_the_group_and_mode_and_says_whose_file_it_now_is() {
    needs_root!();
    // As root: owner, group and mode all kept.
    let clinic = Clinic::new().with_file();
    let key = key_file(&clinic, 0, "root.key", "correct horse battery");
    let before = std::fs::metadata(clinic.db()).expect("meta");
    let out = clinic.run(0, &["--key-file", key.to_str().expect("utf8"), "encrypt"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = std::fs::metadata(clinic.db()).expect("meta");
    assert_eq!(after.mode() & 0o7777, 0o660);
    assert_eq!(after.gid(), CLINIC);
    assert_eq!(after.uid(), before.uid(), "root gives it back to its owner");

    // As another member: group and mode kept, the new owner said in one sentence.
    let clinic = Clinic::new().with_file();
    let key = key_file(&clinic, BILAL, "bilal.key", "correct horse battery");
    // A link planted where the old code put its temporary file: not followed.
    let victim = clinic.path().join("victim");
    std::fs::write(&victim, "precious").expect("write");
    std::os::unix::fs::symlink(&victim, clinic.path().join(".clinic.db.encrypting"))
        .expect("symlink");
    let out = clinic.run(
        BILAL,
        &["--key-file", key.to_str().expect("utf8"), "encrypt"],
    );
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let after = std::fs::metadata(clinic.db()).expect("meta");
    assert_eq!(after.mode() & 0o7777, 0o660, "the group can still open it");
    assert_eq!(after.gid(), CLINIC);
    assert_eq!(after.uid(), BILAL);
    assert!(
        stderr.contains(&format!("now belongs to you (it belonged to uid {AYESHA})")),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    // And Ayesha, the group member, can open it with the passphrase.
    let shared = key_file(&clinic, AYESHA, "ayesha.key", "correct horse battery");
    let list = clinic.ok(
        AYESHA,
        &["--key-file", shared.to_str().expect("utf8"), "list"],
    );
    assert_eq!(list.lines().count(), 6, "{list}");
}

#[test]
fn a_wrong_passphrase_is_one_sentence_without_library_log_lines() {
    needs_root!();
    let clinic = Clinic::new().with_file();
    let key = key_file(&clinic, AYESHA, "ayesha.key", "correct horse battery");
    clinic.ok(
        AYESHA,
        &["--key-file", key.to_str().expect("utf8"), "encrypt"],
    );
    let wrong = key_file(&clinic, BILAL, "bilal.key", "not the passphrase");
    let out = clinic.run(
        BILAL,
        &["--key-file", wrong.to_str().expect("utf8"), "list"],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("wrong passphrase"), "{stderr}");
    assert!(!stderr.contains("ERROR"), "{stderr}");
}

#[test]
fn the_permission_warning_follows_what_other_users_can_reach() {
    needs_root!();
    // The documented folder (2770) with a 664 file: others cannot enter; no warning.
    let clinic = Clinic::new().with_file();
    chmod(&clinic.db(), 0o664);
    let out = clinic.run(BILAL, &["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "no false alarm in a 2770 folder");

    // The same file in a folder others can enter: warned, with the fix that keeps the group.
    chmod(clinic.path(), 0o2775);
    let out = clinic.run(BILAL, &["list"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("can be read by every user"), "{stderr}");
    assert!(stderr.contains("chmod o-rwx"), "{stderr}");
    assert!(!stderr.contains("chmod 600"), "{stderr}");
    chmod(clinic.path(), 0o2770);
}

#[test]
fn an_open_form_is_kept_when_its_file_was_replaced() {
    needs_root!();
    use caseload::tui::action::Action;
    use caseload::tui::app::{App, Mode};
    let clinic = Clinic::new().with_file();
    let mut store = Store::open(&clinic.db(), OpenMode::MustExist).expect("open");
    let records = store.load_all().expect("load");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut app = App::new(records, today, Default::default(), "t".into());
    let exports = caseload::tui::effects::ExportSettings {
        rules: caseload::domain::checklist::Rules::defaults(),
        dir: clinic.path().join("exports"),
    };
    let run = |store: &mut Store, app: &mut App, action: Action| {
        for effect in app.update(action) {
            caseload::tui::execute(store, app, effect, &exports, None);
        }
        while let Some(effect) = app.wanted() {
            caseload::tui::execute(store, app, effect, &exports, None);
        }
    };
    run(&mut store, &mut app, Action::Edit);
    assert_eq!(app.screen(), Mode::Form);
    std::fs::rename(clinic.db(), clinic.path().join("moved.db")).expect("rename");
    clinic.ok(BILAL, &["generate", "--rows", "5"]);

    run(&mut store, &mut app, Action::Save);
    assert_eq!(app.screen(), Mode::Form, "the form stays open");
    assert!(app.form().is_some());
    let message = app.message().expect("a message").to_string();
    assert!(message.contains("replaced or removed"), "{message}");
    assert!(!clinic.ok(BILAL, &["history", "1"]).contains("edit"));
}
