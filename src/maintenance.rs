//! Keeping the file healthy: a consistent backup while others write (SQLite's online backup),
//! and a check of integrity and foreign keys reported in plain words.

use crate::files::create_private_file;
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
/// data is exported into a new owner-only file that then replaces the original. Run it when no
/// one else has the file open.
pub fn encrypt(store: Store, passphrase: &str) -> Result<()> {
    if store.key().is_some() {
        bail!("{}: already encrypted", store.path().display());
    }
    if passphrase.is_empty() {
        bail!("the passphrase is empty");
    }
    let path = store.path().to_path_buf();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "caseload.db".into());
    let temp = path.with_file_name(format!(".{name}.encrypting"));
    let _ = std::fs::remove_file(&temp);
    create_private_file(&temp).with_context(|| format!("{}: cannot create", temp.display()))?;
    let exported = (|| -> Result<()> {
        let conn = store.connection();
        // Fold the WAL into the file first, so nothing is left behind in plain text beside it.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![temp.to_string_lossy(), passphrase],
        )?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
        Ok(())
    })();
    if let Err(e) = exported {
        let _ = std::fs::remove_file(&temp);
        return Err(e.context(format!(
            "{}: encryption failed; the file is unchanged",
            path.display()
        )));
    }
    drop(store);
    std::fs::rename(&temp, &path)
        .with_context(|| format!("{}: cannot replace with the encrypted copy", path.display()))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    // Prove the new file opens with the passphrase before saying it worked.
    let reopened =
        Store::open_with_key(&path, crate::store::OpenMode::MustExist, Some(passphrase))?;
    reopened.count()?;
    Ok(())
}
