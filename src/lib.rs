//! `caseload`: a legal-aid clinic's caseload of people held under narcotics law, ranked by urgency.
//!
//! Module map (data flows one way: file → store → records → triage → ranked rows → views):
//! - [`domain`]: pure rules: records, triage, weights, search, demo data. No IO, no terminal.
//!   `domain::ics` (hearings as iCalendar), `domain::month` (month grid), `domain::theme` (themes).
//!   `filter` (`--filter EXPR`), `sort` (sort keys, rank kept), `records_csv` (export as imported),
//!   `selection` (filter + search + sort, one way), `columns` (list columns), `views` (saved),
//!   `bulk` (one change for many people: the TUI's marks).
//!   Names: `domain::names` (keys, Urdu ↔ Latin), `name_match` (search), `duplicates` (pairs),
//!   `merge` (two records of one person made one: the fields chosen per field).
//!   Statistics: `domain::stats` (headline, `--by`), `disclosure` (suppressed tables), `trend`
//!   (months), `trend_events` (a history's events), `stats_report` (the report: HTML, PDF).
//!   `render` (checklists and day sheets as Markdown, text, HTML, PDF); `render/page.rs` lays
//!   out A4 pages as drawing operations for both PDFs (the checklists' and the report's).
//! - [`store`]: the SQLite file, one room per job, one `impl Store` per file: `store/mod.rs`
//!   (the `Store` handle, `StoreError`, re-exports), `open.rs` (owner-only creation, pragmas,
//!   migrations, read-only when the user may not write the file or its folder), `key.rs`
//!   (SQLCipher key), `read.rs` (records), `write.rs` (versions, conflicts, archive, the
//!   replaced-file check), `bulk.rs` (imports on SQLite's C API: all of its `unsafe`),
//!   `audit.rs` (audit rows, export audit, history), `trend.rs` (the trend scan),
//!   `values.rs` (dates, lists, natural key),
//!   `roster.rs` (the fast ranking read), `rank_cache.rs`, `screens.rs`, `who.rs` (the actor),
//!   `many.rs` (one change to many people, one transaction: updates and archives),
//!   `clinic.rs` (staff, saved views), `not_same.rs` (pairs said to be two people),
//!   `merge.rs` (merge and its undo), `likely.rs` (who a new record may already be: add,
//!   import, the TUI's add form).
//! - [`import`]: CSV → validated records, every error with its line and column.
//! - [`maintenance`]: backup, integrity check, encryption of the file.
//! - [`config`]: where the database and the weights file live.
//! - [`export`]: the one export path, for the CLI and the TUI alike: subject → sheet → render →
//!   owner-only file → audit row.
//! - [`files`]: owner-only files, atomic writes, permission and file-system checks.
//! - [`tui`]: the terminal UI.
//!   - `tui/app/`: the [`tui::app::App`]: the `Caseload` model, the list (the root screen) and
//!     the screens stacked above it; `App::update` hands an action to the top screen and applies
//!     the `Step` it returns (the only place the stack or the model changes); `app/effect.rs` is
//!     what the loop is asked to do (data), `app/reads.rs` what views and tests read,
//!     `app/bulk.rs` where a change to many lands, `app/clinic.rs` the views and `lawyer:me`,
//!     `app/reloads.rs` what the loop brings back when the file changed under the app.
//!   - `tui/caseload.rs`: roster, ranking, records read, archive, history, undo/redo
//!     (`tui/undo.rs`), the save in flight. Screens read it; only the app changes it.
//!   - `tui/screens/`: one file per screen, holding that screen's state, its `update(&Cx,
//!     Action) -> Step` (transition, effects, model ops, message), its footer keys; `mod.rs` has
//!     the `Screen` enum, `Transition`, `Op` and `Step`; `browse.rs` the actions the browsing
//!     screens share.
//!   - `tui/view/`: one drawing file per screen, each a pure function of the app and its
//!     screen's state; `view/mod.rs` draws the top screen (an overlay over the one beneath),
//!     the header and the footer the screen declares.
//!   - keys: `tui/keymap.rs` (imports only `tui/action.rs` and `tui/mode.rs`, the tag a screen's
//!     table is chosen by; defaults in `assets/keymap.toml`, `[moving]` and `[editing]` shared);
//!     `tui/cursor.rs` the one list movement, `tui/editor.rs` the one field editor.
//!   - the session: `tui/mod.rs` starts and ends it, `terminal.rs` sets up and restores the
//!     terminal (signals, hang-ups, panic hook), `event_loop.rs` the loop, `runner.rs` runs
//!     effects against the store (`bulk.rs` the changes to many and their undo),
//!     `frame.rs` draws one frame as one write (`output.rs`,
//!     `scroll.rs` keep it small), `draft.rs` keeps an open form, `watch.rs` follows other
//!     processes' saves, `loader.rs` opens on the cached most urgent people while everyone
//!     loads on a thread, `searcher.rs` searches on a thread, `stats.rs` counts the statistics
//!     screen's numbers and reads the trend on a thread, `effects.rs` exports and copies
//!     through [`export`]. The duplicate review (`screens/duplicates.rs`, `D`) gets its pairs
//!     from the runner (`Effect::FindDuplicates`), like every other read.
//! - [`plain`]: plain mode (`--plain`, `TERM=dumb`) for screen readers and braille displays:
//!   words in on standard input, numbered lines out, no terminal control. `plain/mod.rs` the
//!   loop, `commands.rs` a line into a command (and `help`), `session.rs` what each does
//!   through the same store and domain calls as the CLI, `lines.rs` the wording.
//! - [`cli`]: the clap types and a `run` that only dispatches, one module per subcommand (or a
//!   small group sharing everything): `start` (TUI, demo; or plain mode), `list`, `report`
//!   (explain), `edit` (add, update, hearing, show, history), `bulk` (update --filter), `export`
//!   (records out), `view` (saved views), `staff`, `import` (import, generate), `checklist`,
//!   `maintenance` (backup, check, encrypt), `weights`, `stats` (stats), `report_file` (report),
//!   sharing `population` (who is counted) and `trend` (the history's events); `duplicates`,
//!   `likely` (likely matches at add and import), `calendar` (.ics), `docs` (completions, man).
//!
//! Import rules: `domain` imports nothing else of this crate; `store` and `import` import only
//! `domain`; `tui::app`, `tui::screens` and `tui::view` never touch the database: only the runner
//! (`tui/runner.rs`, called by the loop and by tests) and the loader, search and stats threads do;
//! `cli` ties the rest together.

pub mod cli;
pub mod config;
pub mod domain;
pub mod export;
pub mod files;
pub mod import;
pub mod maintenance;
pub mod plain;
pub mod store;
pub mod tui;
