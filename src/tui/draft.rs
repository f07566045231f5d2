//! Drafts: a form open when the session ended, kept for its owner and offered at the next start.
//!
//! A draft lives in the user's own data directory (`drafts/`, created 0700), never beside the
//! database: that directory is shared by the whole clinic group, so anyone in it could plant a
//! symbolic link (overwriting the owner's files through it) or a fake draft (saved under the
//! owner's name if restored). The file is named after the database's canonical path, written
//! through a fresh temporary file and a rename (which replaces whatever sits at the path, never
//! writes through it), and read only when it is a regular file owned by the current user.

use super::form::Draft;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Where the draft for the database at `db` is kept inside `dir` (the user's drafts folder):
/// the database's file name, for people looking in the folder, and a hash of its canonical
/// path, so two databases with the same name never share a draft. None for an in-memory store.
pub fn draft_path(dir: &Path, db: &Path) -> Option<PathBuf> {
    if db.as_os_str() == ":memory:" {
        return None;
    }
    let canonical = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let name: String = canonical
        .file_name()?
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let hash = fnv1a(canonical.as_os_str().as_encoded_bytes());
    Some(dir.join(format!("{name}-{hash:016x}.json")))
}

/// FNV-1a, 64 bits: a stable hash (std's may change between releases, and a draft written by
/// one build must be found by the next).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes the draft, readable by its owner only, whole or not at all. The drafts folder is
/// created owner-only and must be a real directory of this user.
pub fn write_draft(path: &Path, draft: &Draft) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    ensure_private_dir(dir)?;
    let json = serde_json::to_vec_pretty(draft).context("could not encode the draft")?;
    // A temporary file created exclusively, then renamed over the path: a link planted there
    // is replaced, not followed.
    crate::files::write_private(path, &json, true)
}

/// Creates `dir` owner-only if missing, and refuses one that is a symbolic link or belongs to
/// someone else.
fn ensure_private_dir(dir: &Path) -> Result<()> {
    if std::fs::symlink_metadata(dir).is_err() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(dir)
            .with_context(|| format!("{}: cannot create the drafts folder", dir.display()))?;
    }
    let meta = std::fs::symlink_metadata(dir)
        .with_context(|| format!("{}: cannot read the drafts folder", dir.display()))?;
    if !meta.is_dir() {
        bail!(
            "{}: the drafts folder is not a directory (a link or a file is in its place)",
            dir.display()
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != current_uid() {
            bail!(
                "{}: the drafts folder belongs to another user (uid {})",
                dir.display(),
                meta.uid()
            );
        }
    }
    Ok(())
}

/// The kept draft, if there is one this user may trust: a regular file (not a link, not a
/// FIFO), owned by the current user, that parses. Anything else is ignored.
pub fn read_draft(path: &Path) -> Option<Draft> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No following a link; no waiting on a FIFO planted in its place.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    // The checks are made on the opened file, so nothing can be swapped in between.
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != current_uid() {
            return None;
        }
    }
    serde_json::from_reader(std::io::BufReader::new(file)).ok()
}

#[cfg(unix)]
fn current_uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}
