//! `caseload backup`, `caseload check` and `caseload encrypt`: looking after the file itself
//! (the work is in [`crate::maintenance`]; here what the user is told).

use super::{Settings, say, secret};
use crate::config;
use crate::store::{OpenMode, Store, StoreError};
use anyhow::{Result, anyhow};
use std::path::Path;

/// `caseload backup PATH`: a consistent copy, even while others write.
pub(super) fn backup(context: &Settings, path: &Path, force: bool) -> Result<()> {
    let store = context.open(OpenMode::MustExist)?;
    crate::maintenance::backup(&store, path, force)?;
    say::err(format_args!(
        "backed up {} to {}",
        store.path().display(),
        path.display()
    ));
    Ok(())
}

/// `caseload check`: integrity and links, in plain words; an error when anything is wrong.
pub(super) fn check(context: &Settings) -> Result<()> {
    let store = context.open(OpenMode::MustExist)?;
    let health = crate::maintenance::check(&store)?;
    let counts: Vec<String> = health
        .counts
        .iter()
        .map(|(table, n)| format!("{n} {table}"))
        .collect();
    say::out(format_args!(
        "{}: {}",
        store.path().display(),
        counts.join(", ")
    ));
    if health.problems.is_empty() {
        say::out(format_args!(
            "ok: the file is intact and every hearing and finding belongs to a case"
        ));
        return Ok(());
    }
    for problem in &health.problems {
        say::out(format_args!("problem: {problem}"));
    }
    Err(anyhow!(
        "{}: {} problems found; restore from a backup (see README: restore drill)",
        store.path().display(),
        health.problems.len()
    ))
}

/// `caseload encrypt`: the plain file encrypted in place, with a new passphrase.
pub(super) fn encrypt(context: &Settings) -> Result<()> {
    let path = config::database_path(context.db.as_deref())?;
    if !crate::store::is_plain_sqlite(&path) {
        return Err(anyhow!(
            "{}: already encrypted (or not a caseload database)",
            path.display()
        ));
    }
    let store = Store::open(&path, OpenMode::MustExist)?;
    if store.is_read_only() {
        return Err(StoreError::ReadOnly { path }.into());
    }
    let passphrase = match &context.key_file {
        Some(file) => secret::read_new_key_file(file)?,
        None => secret::ask_new_passphrase(&path)?,
    };
    if let Some(note) = crate::maintenance::encrypt(store, &passphrase)? {
        say::err(format_args!("caseload: {note}"));
    }
    say::err(format_args!(
        "{} is now encrypted; keep the passphrase safe: without it the records cannot be read",
        path.display()
    ));
    Ok(())
}
