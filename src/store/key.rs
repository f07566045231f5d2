//! Encryption: the SQLCipher key pragmas on a fresh connection, and telling a plain SQLite
//! file from an encrypted one by its header.

use rusqlite::Connection;
use std::path::Path;

/// Sets the SQLCipher key on a fresh connection (it must come before anything else is read).
pub fn apply_key(conn: &Connection, key: Option<&str>) -> rusqlite::Result<()> {
    match key {
        Some(key) => {
            // SQLCipher (4.20) logs to stderr by default: a wrong passphrase would print
            // "ERROR CORE sqlcipher_page_cipher: hmac check failed…" before our own sentence.
            // Both settings are process-wide; set before keying, so before the first read.
            conn.query_row("PRAGMA cipher_log = off", [], |_| Ok(()))?;
            conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))?;
            conn.pragma_update(None, "key", key)
        }
        None => Ok(()),
    }
}

/// Whether the file at `path` is a plain SQLite database (its header is readable text) as
/// opposed to an encrypted one or something else. Missing and empty files count as plain.
pub fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut file) => match file.read(&mut header) {
            Ok(0) => true,
            Ok(n) => n == 16 && &header == b"SQLite format 3\0",
            Err(_) => true,
        },
        Err(_) => true,
    }
}
