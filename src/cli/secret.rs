//! Passphrases for encrypted databases: from an owner-only key file (scripts) or asked on the
//! terminal without echo. Never from the command line, where `ps` would show it to everyone.

use anyhow::{Context, Result, bail};
use std::io::IsTerminal;
use std::path::Path;

/// Reads the passphrase from `file`, refusing a file other users could read.
pub fn read_key_file(file: &Path) -> Result<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file)
            .with_context(|| format!("{}: cannot read key file", file.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            bail!(
                "{}: key file can be read by other users (mode {:o}); run: chmod 600 '{}'",
                file.display(),
                mode & 0o777,
                file.display()
            );
        }
    }
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read key file", file.display()))?;
    let key = text.trim_end_matches(['\r', '\n']).to_string();
    if key.is_empty() {
        bail!("{}: key file is empty", file.display());
    }
    Ok(key)
}

/// Asks for the passphrase of an encrypted database, when a person is at a terminal.
pub fn ask_passphrase(db: &Path) -> Result<Option<String>> {
    if !std::io::stdin().is_terminal() {
        // Not at a terminal: let opening fail with its message about --key-file.
        return Ok(None);
    }
    let key = rpassword::prompt_password(format!("Passphrase for {}: ", db.display()))
        .context("cannot read the passphrase from the terminal")?;
    Ok(Some(key))
}

/// Asks twice for a new passphrase.
pub fn ask_new_passphrase(db: &Path) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask for a passphrase: pass --key-file PATH (an owner-only file)");
    }
    let first = rpassword::prompt_password(format!("New passphrase for {}: ", db.display()))?;
    if first.chars().count() < 8 {
        bail!("the passphrase is too short: use at least 8 characters");
    }
    let second = rpassword::prompt_password("Again: ")?;
    if first != second {
        bail!("the two passphrases differ; nothing changed");
    }
    Ok(first)
}
