//! `caseload`: a legal-aid clinic's caseload of people held under narcotics law, ranked by urgency.
//!
//! Module map (data flows one way: file → store → records → triage → ranked rows → views):
//! - [`domain`]: pure rules: records, triage, weights, search, demo data. No IO, no terminal.
//!   `domain::ics` (hearings as iCalendar), `domain::month` (month grid), `domain::theme` (themes).
//!   `filter` (`--filter EXPR`), `sort` (sort keys, rank kept), `records_csv` (export as imported).
//!   Names: `domain::names` (keys, Urdu ↔ Latin), `name_match` (search), `duplicates` (pairs).
//!   Statistics: `domain::stats` (headline, `--by`), `disclosure` (suppressed tables), `trend`.
//! - [`store`]: the SQLite file, one room per job, one `impl Store` per file: `store/mod.rs`
//!   (the `Store` handle, `StoreError`, re-exports), `open.rs` (owner-only creation, pragmas,
//!   migrations, read-only when the user may not write the file or its folder), `key.rs`
//!   (SQLCipher key), `read.rs` (records), `write.rs` (versions, conflicts, archive, the
//!   replaced-file check), `bulk.rs` (imports on SQLite's C API: all of its `unsafe`),
//!   `audit.rs` (audit rows, export audit, history), `values.rs` (dates, lists, natural key),
//!   `roster.rs` (the fast ranking read), `rank_cache.rs`, `screens.rs`, `who.rs` (the actor).
//! - [`import`]: CSV → validated records, every error with its line and column.
//! - [`maintenance`]: backup, integrity check, encryption of the file.
//! - [`config`]: where the database and the weights file live.
//! - [`export`]: the one export path, for the CLI and the TUI alike: subject → sheet → render →
//!   owner-only file → audit row.
//! - [`files`]: owner-only files, atomic writes, permission and file-system checks.
//! - [`tui`]: the terminal UI: App state, keymap (`tui::keymap` imports only `tui::action` and
//!   `tui::mode`), views, the event loop; `tui::cursor` is the one list movement, `tui::editor`
//!   the one form editor, exports go through [`export`]; `tui::loader` opens on
//!   the cached most urgent people and loads everyone on a thread, `tui::searcher` searches on a
//!   thread, `tui::scroll` and `tui::output` keep each frame small and in one write.
//! - [`cli`]: the clap types and a `run` that only dispatches, one module per subcommand (or a
//!   small group sharing everything): `start` (TUI, demo), `report` (list, explain), `edit`
//!   (add, update, hearing, show, history), `import` (import, generate), `checklist`,
//!   `maintenance` (backup, check, encrypt), `weights`.
//!
//! Import rules: `domain` imports nothing else of this crate; `store` and `import` import only
//! `domain`; `tui::app` and `tui::view` never touch the database: only the event loop in
//! `tui/mod.rs` (and its loader and search threads) runs their effects against the store; `cli`
//! ties the rest together.

pub mod cli;
pub mod config;
pub mod domain;
pub mod export;
pub mod files;
pub mod import;
pub mod maintenance;
pub mod store;
pub mod tui;
