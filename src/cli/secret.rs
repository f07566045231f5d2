//! Passphrases for encrypted databases: from an owner-only key file (scripts) or asked on the
//! terminal without echo. Never from the command line, where `ps` would show it to everyone.
//! A new passphrase meets the same rule from either source
//! ([`crate::maintenance::check_new_passphrase`]).

use anyhow::{Context, Result, anyhow, bail};
use std::io::{IsTerminal, Read};
use std::path::Path;

/// Reads the passphrase from `file`: a regular file that only its owner can read.
pub fn read_key_file(file: &Path) -> Result<String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading waits for a writer: a cron job would never return. With
        // O_NONBLOCK the open returns at once and the type check below refuses it.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut handle = options
        .open(file)
        .with_context(|| format!("{}: cannot read key file", file.display()))?;
    // Checked on the open file, not the path: what is read is what was checked.
    let meta = handle
        .metadata()
        .with_context(|| format!("{}: cannot read key file", file.display()))?;
    if !meta.is_file() {
        bail!(
            "{}: the key file is not a regular file (a directory, pipe or device); give a file holding the passphrase",
            file.display()
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            bail!(
                "{}: key file can be read by other users (mode {:o}); run: chmod 600 '{}'",
                file.display(),
                mode & 0o777,
                file.display()
            );
        }
    }
    let mut text = String::new();
    handle
        .read_to_string(&mut text)
        .with_context(|| format!("{}: cannot read key file", file.display()))?;
    let key = text.trim_end_matches(['\r', '\n']).to_string();
    if key.is_empty() {
        bail!("{}: key file is empty", file.display());
    }
    Ok(key)
}

/// Reads a new passphrase (for `encrypt`) from `file`, held to the same rule as one typed.
pub fn read_new_key_file(file: &Path) -> Result<String> {
    let key = read_key_file(file)?;
    crate::maintenance::check_new_passphrase(&key)
        .map_err(|rule| anyhow!("{}: {rule}", file.display()))?;
    Ok(key)
}

/// Asks for the passphrase of an encrypted database, when a person is at a terminal.
pub fn ask_passphrase(db: &Path) -> Result<Option<String>> {
    if !std::io::stdin().is_terminal() {
        // Not at a terminal: let opening fail with its message about --key-file.
        return Ok(None);
    }
    let key = rpassword::prompt_password(format!(
        "Passphrase for {}: ",
        crate::domain::text::sanitize(&db.display().to_string())
    ))
    .context("cannot read the passphrase from the terminal")?;
    Ok(Some(key))
}

/// Asks twice for a new passphrase.
pub fn ask_new_passphrase(db: &Path) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask for a passphrase: pass --key-file PATH (an owner-only file)");
    }
    let first = rpassword::prompt_password(format!(
        "New passphrase for {}: ",
        crate::domain::text::sanitize(&db.display().to_string())
    ))?;
    crate::maintenance::check_new_passphrase(&first).map_err(|rule| anyhow!("{rule}"))?;
    let second = rpassword::prompt_password("Again: ")?;
    if first != second {
        bail!("the two passphrases differ; nothing changed");
    }
    Ok(first)
}
