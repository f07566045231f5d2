//! Keeping the file healthy: a consistent backup while others write (SQLite's online backup),
//! a check of integrity and foreign keys reported in plain words, and encryption in place:
//! only while nobody else has the file open, keeping its owner, group and mode.

use crate::store::Store;
use anyhow::{Context, Result, bail};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Copies the open database to `dest` (a new owner-only file) page by page while other
/// processes keep writing; the copy is a consistent snapshot. The copy is made in a fresh
/// temporary file beside `dest` and renamed into place, so whatever sits at `dest` (a link
/// planted in a shared folder) is refused or, with `force`, replaced, never written through.
pub fn backup(store: &Store, dest: &Path, force: bool) -> Result<()> {
    // `--force` would otherwise replace the database with its own copy.
    if std::fs::File::open(store.path()).is_ok_and(|db| same_file(&db, dest)) {
        bail!(
            "{}: that is the database itself; give another path for the backup",
            dest.display()
        );
    }
    if !force && std::fs::symlink_metadata(dest).is_ok() {
        bail!(
            "{}: already exists; pass --force to replace it",
            dest.display()
        );
    }
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // tempfile creates it exclusively (O_EXCL), owner-only.
    let temp = tempfile::Builder::new()
        .prefix(".caseload-backup-")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create", dest.display()))?;
    let result = (|| -> Result<()> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let mut target = Connection::open_with_flags(temp.path(), flags)?;
        crate::store::apply_key(&target, store.key())?;
        {
            let backup = Backup::new(store.connection(), &mut target)?;
            // Small steps with a pause let writers in between; a step restarts if they wrote.
            backup.run_to_completion(256, Duration::from_millis(5), None)?;
        }
        let mode: String = target.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        debug_assert_eq!(mode, "delete");
        target.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    if let Err(e) = result {
        return Err(e.context(format!("{}: backup failed; nothing kept", dest.display())));
    }
    let persisted = if force {
        temp.persist(dest)
    } else {
        temp.persist_noclobber(dest)
    };
    persisted.map_err(|e| {
        anyhow::anyhow!(
            "{}: backup failed; nothing kept: {}",
            dest.display(),
            e.error
        )
    })?;
    Ok(())
}

/// What `caseload check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub problems: Vec<String>,
    pub counts: Vec<(&'static str, i64)>,
}

/// Runs SQLite's integrity and foreign-key checks and counts the rows of each table.
pub fn check(store: &Store) -> Result<Health> {
    let conn = store.connection();
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for row in rows.into_iter().filter(|r| r != "ok") {
        problems.push(format!("damaged: {row}"));
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let orphans: Vec<(String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (table, rowid, parent) in orphans {
        problems.push(format!(
            "row {rowid} of {table} points to a missing row of {parent}"
        ));
    }
    let mut counts = Vec::new();
    for table in ["detainees", "cases", "hearings", "findings"] {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        counts.push((table, n));
    }
    Ok(Health { problems, counts })
}

/// Converts a plain database into one encrypted with `passphrase` (SQLCipher), in place: the
/// data is exported into a fresh file beside it that then replaces the original, keeping its
/// group and mode. Refused while anyone else has the file open: their next save would go into
/// the replaced file and be lost. Returns a note when the ownership had to change.
pub fn encrypt(store: Store, passphrase: &str) -> Result<Option<String>> {
    let path = store.path().to_path_buf();
    if store.key().is_some() {
        bail!("{}: already encrypted", path.display());
    }
    check_new_passphrase(passphrase).map_err(|rule| anyhow::anyhow!("{rule}"))?;
    let original = std::fs::metadata(&path)
        .with_context(|| format!("{}: cannot read its owner and mode", path.display()))?;
    take_alone(&store)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "caseload.db".into());
    // A new name with a random part, created with O_EXCL (tempfile): never opened through a
    // path (or link) someone else put there. Removed again if anything below fails.
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.encrypting-"))
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create the encrypted copy", dir.display()))?;
    let note = copy_owner_and_mode(temp.as_file(), &original, &path)?;
    let exported = (|| -> Result<()> {
        let conn = store.connection();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![temp.path().to_string_lossy(), passphrase],
        )?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
        Ok(())
    })();
    if let Err(e) = exported {
        return Err(e.context(format!(
            "{}: encryption failed; the file is unchanged",
            path.display()
        )));
    }
    if !same_file(temp.as_file(), temp.path()) {
        bail!(
            "{}: the encrypted copy was moved or replaced while it was written; the file is unchanged",
            temp.path().display()
        );
    }
    // Leaving WAL removed the old `-wal` and `-shm`; anything still there is stale and would be
    // taken for the new file's. Removed now, before anyone can open the new file and make its own.
    for suffix in ["-wal", "-shm"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    // Renamed while this connection still holds the old file exclusively: nobody can open and
    // write the old file in between.
    temp.persist(&path).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot replace with the encrypted copy: {}",
            path.display(),
            e.error
        )
    })?;
    drop(store);
    // Prove the new file opens with the passphrase before saying it worked.
    let reopened =
        Store::open_with_key(&path, crate::store::OpenMode::MustExist, Some(passphrase))?;
    reopened.count()?;
    Ok(note)
}

/// The rule every new passphrase meets, wherever it comes from (prompt or key file): the
/// broken rule in one sentence.
pub fn check_new_passphrase(passphrase: &str) -> Result<(), String> {
    if passphrase.trim().is_empty() {
        return Err("the passphrase is empty or only spaces: use at least 8 characters".into());
    }
    let length = passphrase.chars().count();
    if length < MIN_PASSPHRASE {
        return Err(format!(
            "the passphrase is too short ({length} characters): use at least {MIN_PASSPHRASE}"
        ));
    }
    Ok(())
}

/// The shortest passphrase `encrypt` accepts.
pub const MIN_PASSPHRASE: usize = 8;

/// Makes `store`'s connection the only one on the file, or refuses in one sentence.
///
/// Every other connection in WAL mode holds a shared lock on the file for as long as it is
/// open, also while idle (a TUI between keys), so leaving WAL, which needs the exclusive lock,
/// fails with "busy" while anyone else has it open. In exclusive locking mode the lock is then
/// kept until this connection closes, so nobody can open it during the copy; the in-memory
/// journal leaves no `-journal` file behind to be mistaken for the new file's. On a network
/// file system (rollback journal) an idle reader holds no lock and cannot be seen; the open
/// session then notices the new file before its next save (`Store::check_same_file`).
fn take_alone(store: &Store) -> Result<()> {
    let conn = store.connection();
    let busy = || {
        anyhow::anyhow!(
            "{}: someone else has the file open (a caseload window or command); ask everyone to close it, then run encrypt again; nothing changed",
            store.path().display()
        )
    };
    // Short: a colleague's save takes milliseconds; an open window never lets go.
    conn.busy_timeout(Duration::from_millis(500))?;
    conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |_| Ok(()))?;
    let mode: String = match conn.query_row("PRAGMA journal_mode = MEMORY", [], |r| r.get(0)) {
        Ok(mode) => mode,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
            return Err(busy());
        }
        Err(e) => return Err(e.into()),
    };
    if mode != "memory" {
        return Err(busy());
    }
    match conn.execute_batch("BEGIN EXCLUSIVE; COMMIT") {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Err(busy()),
        other => Ok(other?),
    }
}

/// Gives the new file the original's owner, group and mode (owner-only only if the original
/// was), so the rest of a clinic's group can still open it. Only root may give a file away: for
/// anyone else the new file is theirs, and the note says so.
fn copy_owner_and_mode(
    file: &std::fs::File,
    original: &std::fs::Metadata,
    path: &Path,
) -> Result<Option<String>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let (uid, gid) = (original.uid(), original.gid());
        let mut note = None;
        if std::os::unix::fs::fchown(file, Some(uid), Some(gid)).is_err() {
            let group_kept = std::os::unix::fs::fchown(file, None, Some(gid)).is_ok();
            note = Some(format!(
                "note: {} now belongs to you (it belonged to {}){}",
                path.display(),
                owner_name(uid),
                if group_kept {
                    ", with the same group and mode as before".to_string()
                } else {
                    format!(
                        "; it could not keep group {gid}, run: chgrp {gid} '{}'",
                        path.display()
                    )
                }
            ));
        }
        // After chown, which may clear set-id bits.
        file.set_permissions(std::fs::Permissions::from_mode(original.mode() & 0o777))
            .with_context(|| format!("{}: cannot set the mode of the copy", path.display()))?;
        Ok(note)
    }
    #[cfg(not(unix))]
    {
        let _ = (file, original, path);
        Ok(None)
    }
}

/// The login of `uid`, or `uid N`.
#[cfg(unix)]
fn owner_name(uid: u32) -> String {
    crate::store::account_of(uid)
}

/// Whether `path` still names the open `file` (same device and inode).
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // The path itself, not a link's target: a link planted there is not our file.
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}
