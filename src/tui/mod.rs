//! The terminal UI: sets the terminal up, runs the event loop, carries out the app's effects
//! against the store, and always puts the terminal back: on quit, on error, on panic, on a
//! signal and when the terminal vanishes ([`terminal`]). A form open when the session ends is
//! kept as an owner-only draft in the user's own data directory ([`draft`]) and offered on the
//! next start.
//!
//! Flow: key event → [`keymap::Keymap`] → [`action::Action`] → [`app::App::update`] → effects
//! run here ([`execute`]). Drawing is [`view::draw`], a pure function of the app. Redraws happen
//! only after an event changed something, or when another process committed a change (checked
//! with `PRAGMA data_version` about once a second while idle), never on idle timeouts alone.

pub mod action;
pub mod app;
pub mod bulk;
pub mod caseload;
pub mod cursor;
pub mod draft;
pub mod duplicates;
pub mod editor;
pub mod effects;
mod event_loop;
pub mod form;
pub mod frame;
pub mod hearings;
pub mod keymap;
pub mod loader;
pub mod mode;
pub mod output;
pub mod runner;
pub mod screens;
pub mod scroll;
pub mod searcher;
pub mod stats;
pub mod terminal;
pub mod undo;
pub mod view;
pub mod watch;

use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::Context;
use app::App;
use chrono::NaiveDate;
pub use draft::{draft_path, read_draft, write_draft};
use event_loop::{Ended, LoopContext, event_loop};
pub use frame::draw_frame;
use frame::setup;
pub use runner::execute;
use std::io::{self, Write};
use std::path::PathBuf;
pub use terminal::Interrupted;
use terminal::Signals;
pub use watch::Watch;

/// How the TUI is started beyond its data.
#[derive(Debug, Clone)]
pub struct Options {
    /// Open with the privacy screen on (`--private`).
    pub private: bool,
    /// Checklist rules and the folder exports go to.
    pub export: effects::ExportSettings,
    /// The user's own drafts folder ([`crate::config::drafts_dir`]); none: no drafts (the demo).
    pub drafts: Option<PathBuf>,
    /// The key bindings in force (defaults patched by the user's `keymap.toml`).
    pub keymap: keymap::Keymap,
    /// Open on `lawyer:me` (`--mine`).
    pub mine: bool,
    /// Taps, clicks and the wheel (on unless `--no-mouse` or `[tui] mouse = false`).
    pub mouse: bool,
    /// The theme in force, `NO_COLOR` already applied ([`ThemeName::resolve`]).
    ///
    /// [`ThemeName::resolve`]: crate::domain::theme::ThemeName::resolve
    pub theme: crate::domain::theme::ThemeName,
}

/// Runs the TUI on `store` until the user quits or a signal arrives, in `options.theme`. A session ended by a signal or by the
/// terminal going away returns [`Interrupted`] (its exit status follows the shell's convention),
/// after keeping any open form as a draft.
pub fn run(
    mut store: Store,
    today: NaiveDate,
    weights: Weights,
    title: String,
    options: Options,
) -> anyhow::Result<()> {
    // Listen first: a SIGINT or SIGHUP while the preview loads must not kill the process with
    // the terminal left raw.
    let signals = Signals::watch().context("could not watch for termination signals")?;
    let (mut app, loader) = open_app(&store, today, weights, title)?;
    app.theme = crate::domain::theme::Theme::of(options.theme);
    terminal::set_mouse(options.mouse);
    app.private = options.private;
    app.read_only = store.is_read_only();
    app.keymap = options.keymap.clone();
    // The clinic's shared settings: who this login is in cases, and the saved views. A file
    // from before views existed (or a read that fails) leaves them empty rather than failing.
    let me = store.staff_name(store.actor()).ok().flatten();
    if options.mine && me.is_none() {
        app.show_message(format!(
            "No lawyer's name is mapped to your login ({}): caseload staff add {} \"NAME\"",
            store.actor(),
            store.actor()
        ));
    }
    app.set_me(me);
    app.set_views(store.all_views().unwrap_or_default());
    if options.mine {
        app.start_filtered("lawyer:me");
    }
    let draft_file = options
        .drafts
        .as_deref()
        .and_then(|dir| draft_path(dir, store.path()));
    if let Some(draft) = draft_file.as_deref().and_then(read_draft) {
        app.offer_draft(draft);
    }

    terminal::install_panic_hook();
    let result = setup().and_then(|mut term| {
        let context = LoopContext {
            store: &mut store,
            export: &options.export,
            draft: draft_file.as_deref(),
            loader,
            searcher: searcher::Searcher::spawn(),
            stats: None,
            duplicates: None,
            likely: None,
            suspend: false,
        };
        // A panic in the loop must not lose the form: it is caught here (the hook has already
        // restored the terminal and printed it) and the draft kept below.
        let looped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            event_loop(&mut term, &mut app, &signals, context)
        }))
        .unwrap_or_else(|_| Err(anyhow::anyhow!("an internal error ended the session")));
        terminal::restore();
        // ratatui's Terminal, dropped with the cursor hidden, shows it and prints the failure
        // with `eprintln!`, which panics when the terminal is gone (exit 101, no draft).
        if term.show_cursor().is_err() {
            std::mem::forget(term);
        }
        looped
    });
    terminal::restore();
    // Whatever ended the session (quit, a signal, a vanished terminal, an error), a form with
    // something typed in it is kept. The database itself is only ever written in whole
    // transactions.
    if let Some(path) = draft_file.as_deref() {
        keep_draft(path, &app);
    }
    drop(signals);
    match result? {
        Ended::Quit => Ok(()),
        Ended::Interrupted(why) => Err(why.into()),
    }
}

/// Everyone being loaded behind the preview.
type Loading = Option<std::sync::mpsc::Receiver<Result<loader::Loaded, crate::store::StoreError>>>;

/// The app to start on, and the loader still bringing everyone in.
fn open_app(
    store: &Store,
    today: NaiveDate,
    weights: Weights,
    title: String,
) -> anyhow::Result<(App, Loading)> {
    // A file opens on the cached most urgent people while a thread loads everyone; an
    // in-memory store (tests) has no second connection, so it loads here.
    Ok(if store.path().as_os_str() == ":memory:" {
        let mut app = App::from_roster(store.load_roster(today)?, today, weights, title);
        app.set_archived(store.load_archived()?);
        app.set_merges(store.merged_into()?);
        (app, None)
    } else {
        let app = loader::preview(store, today, weights.clone(), title)?;
        let path = store.path().to_path_buf();
        let key = store.key().map(str::to_string);
        (app, Some(loader::spawn(path, key, today, weights)))
    })
}

/// Keeps an open form with something typed in it as a draft. The terminal may be gone, so
/// nothing printed here may fail the exit.
fn keep_draft(path: &std::path::Path, app: &App) {
    let Some(draft) = app.draft().filter(|draft| draft.is_dirty()) else {
        return;
    };
    let kept = match write_draft(path, &draft) {
        Ok(()) => format!("your unsaved form was kept in {}", path.display()),
        Err(e) => format!("could not keep your unsaved form: {e:#}"),
    };
    let _ = writeln!(
        io::stderr(),
        "caseload: {}",
        crate::domain::text::sanitize(&kept)
    );
}
