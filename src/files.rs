//! Files that hold detainees' data: created readable by their owner only whatever the umask,
//! written whole or not at all, checked for loose permissions, and the file system they live on
//! (a network file system changes what SQLite can safely do).

use anyhow::{Context, Result, anyhow, bail};
use std::io::Write;
use std::path::Path;

/// Creates a directory (and its parents) readable by its owner only.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("{}: cannot create directory", dir.display()))
}

/// Creates a new, empty file readable and writable by its owner only; fails if it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes `bytes` to `path` as an owner-only file, via a temporary file and a rename so a failure
/// never leaves half a file. An existing file is kept unless `force`.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(
            "{}: already exists; pass --force to overwrite it",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // tempfile creates its files 0600; persisting keeps that mode.
    let mut temp = tempfile::Builder::new()
        .prefix(".caseload-")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot write here", path.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    let persisted = if force {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map_err(|e| anyhow!("{}: cannot write: {}", path.display(), e.error))?;
    Ok(())
}

/// A warning when users outside the file's owner and group can actually read or change `path`,
/// with the command that fixes it. Group access is allowed: it is how a clinic shares one file
/// (see README). A loose mode alone is not enough: the others must also be able to enter every
/// directory on the way (`x`), which the documented `2770` group folder denies them.
pub fn permission_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        let mode = meta.mode() & 0o777;
        let what = match (mode & 0o004 != 0, mode & 0o002 != 0) {
            (true, true) => "read and changed",
            (true, false) => "read",
            (false, true) => "changed",
            (false, false) => return None,
        };
        let full = std::fs::canonicalize(path).ok()?;
        let dirs: Vec<std::fs::Metadata> = full
            .ancestors()
            .skip(1)
            .filter_map(|dir| std::fs::metadata(dir).ok())
            .collect();
        // Users outside owner and group are judged by each directory's `other` bits. (One of
        // them might own a directory or be in its group; a clinic's path does not do that.)
        if !dirs.iter().all(|d| d.mode() & 0o001 != 0) {
            return None;
        }
        // A group that may write is sharing the file on purpose (the clinic's `660`): keep its
        // access (`o-rwx`) when it can reach the file. Group read alone is the umask's doing.
        let group_uses_it = mode & 0o020 != 0
            && dirs
                .iter()
                .all(|d| d.mode() & 0o001 != 0 || (d.gid() == meta.gid() && d.mode() & 0o010 != 0));
        let shown = path.display();
        let fix = if group_uses_it {
            format!(
                "chmod o-rwx '{shown}' (mode {:o}: the group keeps its access)",
                mode & 0o770
            )
        } else {
            format!("chmod 600 '{shown}'")
        };
        return Some(format!(
            "warning: {shown} can be {what} by every user of this machine (mode {mode:o}, and \
             every folder above it lets them in); it holds health and custody details of \
             detainees. Fix it with: {fix}"
        ));
    }
    #[allow(unreachable_code)]
    {
        let _ = path;
        None
    }
}

/// The kind of file system a path lives on, where it matters to SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSystem {
    Local,
    /// NFS, SMB/CIFS, FUSE (sshfs…), 9p, AFS, Ceph…: locking and shared memory are unreliable,
    /// so WAL must not be used.
    Network(&'static str),
}

/// Detects the file system under `path` (its directory when the file does not exist yet).
pub fn file_system(path: &Path) -> FileSystem {
    #[cfg(target_os = "linux")]
    {
        if let Ok(kind) = std::env::var("CASELOAD_ASSUME_FS")
            && kind == "network"
        {
            // Lets tests exercise the network-file-system path on a local disk.
            return FileSystem::Network("network (assumed)");
        }
        let probe = if path.exists() {
            path.to_path_buf()
        } else {
            match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => std::path::PathBuf::from("."),
            }
        };
        let Ok(c_path) = std::ffi::CString::new(probe.as_os_str().as_encoded_bytes()) else {
            return FileSystem::Local;
        };
        let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
        // SAFETY: c_path is a valid NUL-terminated string and stat a properly sized buffer.
        if unsafe { libc::statfs(c_path.as_ptr(), &mut stat) } != 0 {
            return FileSystem::Local;
        }
        // Magic numbers from statfs(2).
        return match stat.f_type as u64 {
            0x6969 => FileSystem::Network("NFS"),
            0xFF53_4D42 => FileSystem::Network("CIFS"),
            0xFE53_4D42 => FileSystem::Network("SMB2"),
            0x517B => FileSystem::Network("SMB"),
            0x6573_5546 => FileSystem::Network("FUSE (sshfs or similar)"),
            0x0102_1997 => FileSystem::Network("9p"),
            0x5346_414F => FileSystem::Network("AFS"),
            0x00C3_6400 => FileSystem::Network("Ceph"),
            0x4750_4653 => FileSystem::Network("GPFS"),
            0x0BD0_0BD0 => FileSystem::Network("Lustre"),
            _ => FileSystem::Local,
        };
    }
    #[allow(unreachable_code)]
    {
        let _ = path;
        FileSystem::Local
    }
}
