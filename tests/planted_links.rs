//! Files the program writes where others can write too: a draft, a backup, an export. A
//! colleague in the clinic group can plant a symbolic link (to the victim's own files) or a
//! fake file at the path; none may be written through, and a planted draft is never offered.
#![cfg(unix)]

use caseload::tui::form::{Draft, Form};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

fn typed_draft(name: &str) -> Draft {
    let mut form = Form::add();
    form.values[0] = name.into();
    form.dirty = true;
    Draft::Form(form)
}

/// A file the attacker wants overwritten (in real life `~/.ssh/authorized_keys`).
fn victim(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("authorized_keys");
    std::fs::write(&path, "ssh-ed25519 AAAA ayesha\n").expect("victim");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    path
}

fn assert_untouched(victim: &Path) {
    assert_eq!(
        std::fs::read_to_string(victim).expect("victim"),
        "ssh-ed25519 AAAA ayesha\n"
    );
    let mode = std::fs::metadata(victim)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "the victim's mode is unchanged");
}

#[test]
fn a_link_planted_at_the_draft_path_is_replaced_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let victim = victim(dir.path());
    let drafts = dir.path().join("drafts");
    let db = dir.path().join("clinic.db");
    let path = caseload::tui::draft_path(&drafts, &db).expect("path");
    std::fs::create_dir(&drafts).expect("mkdir");
    std::os::unix::fs::symlink(&victim, &path).expect("plant");
    caseload::tui::write_draft(&path, &typed_draft("Half typed")).expect("write");
    assert_untouched(&victim);
    let meta = std::fs::symlink_metadata(&path).expect("draft");
    assert!(meta.is_file(), "the link was replaced by the draft itself");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_drafts_folder_that_is_a_link_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let drafts = dir.path().join("drafts");
    std::os::unix::fs::symlink(&elsewhere, &drafts).expect("plant");
    let path = caseload::tui::draft_path(&drafts, &dir.path().join("c.db")).expect("path");
    let err = caseload::tui::write_draft(&path, &typed_draft("x")).expect_err("refused");
    assert!(err.to_string().contains("not a directory"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).expect("list").count(), 0);
}

#[test]
fn only_a_regular_file_of_ones_own_is_offered_as_a_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.json");
    caseload::tui::write_draft(&good, &typed_draft("Mine")).expect("write");
    assert_eq!(caseload::tui::read_draft(&good), Some(typed_draft("Mine")));
    // A link to a perfectly good draft is not followed.
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&good, &link).expect("link");
    assert_eq!(caseload::tui::read_draft(&link), None);
    // A FIFO in its place neither hangs the start nor is offered.
    let fifo = dir.path().join("fifo.json");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    assert_eq!(caseload::tui::read_draft(&fifo), None);
    // Something that does not parse is not offered.
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{ not a draft").expect("junk");
    assert_eq!(caseload::tui::read_draft(&junk), None);
}

#[test]
fn a_draft_owned_by_another_user_is_not_offered() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        println!("SKIPPED: needs root to give a file to another user (uid 65534); CI runs as root");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let planted = dir.path().join("planted.json");
    caseload::tui::write_draft(&planted, &typed_draft("Planted by a colleague")).expect("write");
    assert!(
        caseload::tui::read_draft(&planted).is_some(),
        "ours: offered"
    );
    std::os::unix::fs::chown(&planted, Some(65534), Some(65534)).expect("chown");
    assert_eq!(std::fs::metadata(&planted).expect("meta").uid(), 65534);
    assert_eq!(caseload::tui::read_draft(&planted), None);
}

fn caseload(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_caseload"));
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("CASELOAD_DB")
        .args(["--today", "2026-12-01"]);
    cmd
}

#[test]
fn a_backup_never_writes_through_a_planted_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let out = caseload(d)
        .args(["--db", "clinic.db", "generate", "--rows", "3"])
        .output()
        .expect("generate");
    assert!(out.status.success(), "{out:?}");
    let victim = victim(d);
    std::os::unix::fs::symlink(&victim, d.join("backup.db")).expect("plant");
    // Without --force: refused, whatever the link points to.
    let out = caseload(d)
        .args(["--db", "clinic.db", "backup", "backup.db"])
        .output()
        .expect("backup");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already exists"),
        "{out:?}"
    );
    assert_untouched(&victim);
    // A dangling link too (the old check looked through it and found nothing there).
    std::fs::remove_file(d.join("backup.db")).expect("rm");
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("backup.db")).expect("plant");
    let out = caseload(d)
        .args(["--db", "clinic.db", "backup", "backup.db"])
        .output()
        .expect("backup");
    assert!(!out.status.success(), "{out:?}");
    assert!(
        !d.join("nowhere").exists(),
        "nothing created through the link"
    );
    // With --force the link itself is replaced by the copy.
    std::fs::remove_file(d.join("backup.db")).expect("rm");
    std::os::unix::fs::symlink(&victim, d.join("backup.db")).expect("plant");
    let out = caseload(d)
        .args(["--db", "clinic.db", "backup", "backup.db", "--force"])
        .output()
        .expect("backup");
    assert!(out.status.success(), "{out:?}");
    assert_untouched(&victim);
    let meta = std::fs::symlink_metadata(d.join("backup.db")).expect("copy");
    assert!(meta.is_file());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let out = caseload(d)
        .args(["--db", "backup.db", "check"])
        .output()
        .expect("check");
    assert!(out.status.success(), "{out:?}");
    // No temporary file left behind.
    let left: Vec<_> = std::fs::read_dir(d)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".caseload"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
