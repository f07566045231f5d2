//! Starting the terminal UI: on the database (`caseload`, `caseload tui`), or on a synthetic
//! caseload in a temporary file (`caseload demo`), with the options both share.

use super::Settings;
use crate::config;
use crate::domain::demo;
use crate::store::{OpenMode, Store};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::path::Path;

/// `caseload tui` (the default): the terminal UI on the database, read-only if it must be.
/// How the terminal UI starts, from the command line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Start<'a> {
    /// `--private`: the privacy screen on.
    pub private: bool,
    /// `--mine`: open on `lawyer:me`.
    pub mine: bool,
    /// `--keys FILE`.
    pub keys: Option<&'a Path>,
}

pub(super) fn tui(context: &Settings, today: NaiveDate, start: Start) -> Result<()> {
    let weights = context.weights()?;
    let mut options = tui_options(start.private, start.keys, true)?;
    options.mine = start.mine;
    let store = context.open(OpenMode::CreateIfMissing)?;
    // The path may come from CASELOAD_DB: sanitised like every other line shown.
    let mut title = crate::domain::text::sanitize(&format!("caseload: {}", store.path().display()));
    if store.is_read_only() {
        title.push_str(" · read-only");
    }
    crate::tui::run(store, today, weights, title, options)
}

/// `caseload demo`: the terminal UI on `rows` generated people in a temporary file, removed
/// when the UI ends.
pub(super) fn demo(
    context: &Settings,
    today: NaiveDate,
    (rows, seed): (usize, u64),
    start: Start,
) -> Result<()> {
    let weights = context.weights()?;
    let dir = tempfile::Builder::new()
        .prefix("caseload-demo-")
        .tempdir()
        .context("cannot create a temporary directory for the demo")?;
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing)?;
    store.insert_all(demo::generate(rows, seed, today))?;
    let title = format!("caseload demo ({rows} synthetic people)");
    // `dir` lives until the TUI returns: the demo file is removed afterwards.
    // No drafts: the demo's file is gone when it ends, a draft of it would mean nothing.
    let mut options = tui_options(start.private, start.keys, false)?;
    options.mine = start.mine;
    let result = crate::tui::run(store, today, weights, title, options);
    drop(dir);
    result
}

/// Checklist rules, the exports folder (beside the default database), the user's drafts
/// folder and key bindings for the TUI.
pub fn tui_options(
    private: bool,
    keys: Option<&Path>,
    drafts: bool,
) -> Result<crate::tui::Options> {
    Ok(crate::tui::Options {
        private,
        mine: false,
        keymap: config::load_keymap(keys)?,
        drafts: if drafts {
            Some(config::drafts_dir()?)
        } else {
            None
        },
        export: crate::tui::effects::ExportSettings {
            rules: config::load_rules(None)?,
            dir: config::exports_dir()?,
        },
    })
}
