//! Starting the terminal UI: on the database (`caseload`, `caseload tui`), or on a synthetic
//! caseload in a temporary file (`caseload demo`), with the options both share; or, with
//! `--plain` or on a dumb terminal, plain mode (`crate::plain`) on the same store.

use super::Settings;
use crate::config;
use crate::domain::demo;
use crate::domain::theme::ThemeName;
use crate::store::{OpenMode, Store};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::path::Path;

/// How the session starts, from the command line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Start<'a> {
    /// `--private`: the privacy screen on.
    pub private: bool,
    /// `--mine`: open on `lawyer:me`.
    pub mine: bool,
    /// `--plain`: plain lines instead of the full-screen UI.
    pub plain: bool,
    /// `--no-mouse`.
    pub no_mouse: bool,
    /// `--theme`.
    pub theme: Option<ThemeName>,
    /// `--keys FILE`.
    pub keys: Option<&'a Path>,
}

impl Start<'_> {
    /// Plain mode when asked for, or when the terminal says it cannot move the cursor
    /// (`TERM=dumb`: Emacs shells, some screen-reader set-ups), where the full-screen UI would
    /// only print escape sequences.
    fn is_plain(&self) -> bool {
        self.plain || std::env::var_os("TERM").is_some_and(|term| term == "dumb")
    }

    /// The full-screen UI's options (`None` in plain mode, which has no keys to load).
    fn tui_options(&self, drafts: bool) -> Result<Option<crate::tui::Options>> {
        if self.is_plain() {
            return Ok(None);
        }
        let mut options = tui_options(self.private, self.keys, drafts)?;
        options.mine = self.mine;
        // The command line wins over config.toml; NO_COLOR over any theme (no-color.org).
        let settings = config::load_tui_settings()?;
        options.mouse = !self.no_mouse && settings.mouse.unwrap_or(true);
        let no_color = std::env::var("NO_COLOR").ok();
        options.theme = ThemeName::resolve(self.theme.or(settings.theme), no_color.as_deref());
        Ok(Some(options))
    }

    /// The full-screen UI with `options`, or plain mode, on `store`.
    fn run(
        &self,
        options: Option<crate::tui::Options>,
        (store, today, weights): (Store, NaiveDate, crate::domain::weights::Weights),
        title: String,
    ) -> Result<()> {
        match options {
            Some(options) => crate::tui::run(store, today, weights, title, options),
            None => {
                let options = crate::plain::Options {
                    title,
                    private: self.private,
                    mine: self.mine,
                };
                crate::plain::run(store, today, weights, &options)
            }
        }
    }
}

/// `caseload tui` (the default): the terminal UI on the database, read-only if it must be.
pub(super) fn tui(context: &Settings, today: NaiveDate, start: Start) -> Result<()> {
    let weights = context.weights()?;
    // A mistake in the key bindings stops the start before any file is opened or created.
    let options = start.tui_options(true)?;
    let store = context.open(OpenMode::CreateIfMissing)?;
    // The path may come from CASELOAD_DB: sanitised like every other line shown.
    let mut title = crate::domain::text::sanitize(&format!("caseload: {}", store.path().display()));
    if store.is_read_only() {
        title.push_str(" · read-only");
    }
    start.run(options, (store, today, weights), title)
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
    // No drafts: the demo's file is gone when it ends, a draft of it would mean nothing.
    let options = start.tui_options(false)?;
    let dir = tempfile::Builder::new()
        .prefix("caseload-demo-")
        .tempdir()
        .context("cannot create a temporary directory for the demo")?;
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing)?;
    store.insert_all(demo::generate(rows, seed, today))?;
    let title = format!("caseload demo ({rows} synthetic people)");
    // `dir` lives until the session returns: the demo file is removed afterwards.
    let result = start.run(options, (store, today, weights), title);
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
        mouse: true,
        theme: ThemeName::Default,
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
