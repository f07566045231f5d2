//! `caseload`: a legal-aid clinic's caseload of people held under narcotics law, ranked by urgency.
//!
//! Module map (data flows one way: file → store → records → triage → ranked rows → views):
//! - [`domain`]: pure rules: records, triage, weights, search, demo data. No IO, no terminal.
//!   Statistics too: `domain::stats` (headline, `--by`), `domain::disclosure` (suppressed tables), `domain::trend` (monthly).
//! - [`store`]: the SQLite file: open safely (read-only when the user may not write it or its
//!   folder), migrate, load, and every write (versions, conflicts, audit trail, archive).
//! - [`import`]: CSV → validated records, every error with its line and column.
//! - [`maintenance`]: backup, integrity check, encryption of the file.
//! - [`config`]: where the database and the weights file live.
//! - [`files`]: owner-only files, atomic writes, permission and file-system checks.
//! - [`tui`]: the terminal UI: App state, keymap, views, the event loop; `tui::loader` opens on
//!   the cached most urgent people and loads everyone on a thread, `tui::searcher` searches on a
//!   thread, `tui::scroll` and `tui::output` keep each frame small and in one write.
//! - [`cli`]: subcommands, on the same core.
//!
//! Import rules: `domain` imports nothing else of this crate; `store` and `import` import only
//! `domain`; `tui::app` and `tui::view` never touch the database: only the event loop in
//! `tui/mod.rs` (and its loader and search threads) runs their effects against the store; `cli`
//! ties the rest together.

pub mod cli;
pub mod config;
pub mod domain;
pub mod files;
pub mod import;
pub mod maintenance;
pub mod store;
pub mod tui;
