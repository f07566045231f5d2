//! The terminal UI: sets the terminal up, runs the event loop, carries out the app's effects,
//! and always puts the terminal back: on quit, on error, on panic and on SIGTERM/SIGHUP.
//!
//! Flow: key event → [`keymap::Keymap`] → [`action::Action`] → [`app::App::update`] → effects
//! run here. Drawing is [`view::draw`], a pure function of the app. Redraws happen only after an
//! event changed something, never on idle timeouts.

pub mod action;
pub mod app;
pub mod effects;
pub mod hearings;
pub mod keymap;
pub mod view;

use crate::domain::model::Record;
use crate::domain::weights::Weights;
use anyhow::Context;
use app::{App, Effect};
use chrono::NaiveDate;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How the TUI is started beyond its data.
#[derive(Debug, Clone)]
pub struct Options {
    /// Open with the privacy screen on (`--private`).
    pub private: bool,
    /// Checklist rules and the folder exports go to.
    pub export: effects::ExportSettings,
}

/// How long the loop waits for an event before checking the signal flags.
const POLL: Duration = Duration::from_millis(250);

/// The terminal is in raw mode on the alternate screen; the panic hook checks this.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Runs the TUI over `records` until the user quits or a signal arrives. Colour is off when the
/// `NO_COLOR` environment variable is set and not empty.
pub fn run(
    records: Vec<Record>,
    today: NaiveDate,
    weights: Weights,
    title: String,
    options: Options,
) -> anyhow::Result<()> {
    let mut app = App::new(records, today, weights, title);
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.private = options.private;

    let stop = Arc::new(AtomicBool::new(false));
    let mut signal_ids = Vec::new();
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let id = signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("could not watch for termination signals")?;
        signal_ids.push(id);
    }

    install_panic_hook();
    let result = setup().and_then(|mut terminal| {
        let looped = event_loop(&mut terminal, &mut app, &stop, &options.export);
        restore();
        looped
    });
    restore();
    for id in signal_ids {
        signal_hook::low_level::unregister(id);
    }
    result
}

fn setup() -> anyhow::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode().context("could not put the terminal in raw mode")?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)
        .context("could not switch to the alternate screen")?;
    Terminal::new(CrosstermBackend::new(io::stdout())).context("could not open the terminal")
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call twice.
fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
    }
}

/// Restores the terminal before the previous hook prints the panic, so the message is readable.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    stop: &AtomicBool,
    export: &effects::ExportSettings,
) -> anyhow::Result<()> {
    let mut dirty = true;
    loop {
        if dirty {
            let mut viewport = None;
            terminal.draw(|frame| viewport = Some(view::draw(frame, app)))?;
            if let Some(viewport) = viewport {
                app.set_viewport(viewport);
            }
            dirty = false;
        }
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        // Wait on stdin ourselves: crossterm's own poll spins forever on a hung-up terminal.
        if wait_for_stdin(POLL) == Stdin::HungUp {
            return Ok(());
        }
        // Ready or not, ask crossterm without waiting: it also reports resizes (SIGWINCH).
        if !event::poll(Duration::ZERO)? {
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let Some(action) = app.keymap.action(app.screen(), key) else {
                    continue;
                };
                for effect in app.update(action) {
                    match effect {
                        Effect::Quit => return Ok(()),
                        Effect::Export {
                            subject,
                            format,
                            include_health,
                        } => {
                            app.status = Some(effects::export(
                                app,
                                export,
                                &subject,
                                format,
                                include_health,
                            ));
                        }
                        Effect::Copy(subject) => {
                            app.status = Some(effects::copy(app, export, &subject));
                        }
                    }
                }
                dirty = true;
            }
            Event::Resize(..) => dirty = true,
            _ => {}
        }
    }
}

/// What waiting on the terminal's input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stdin {
    Ready,
    Idle,
    /// The terminal has gone away (an SSH drop or a closed window that delivered no SIGHUP):
    /// stdin reads end-of-file forever.
    HungUp,
}

/// Waits up to `timeout` for input on stdin.
fn wait_for_stdin(timeout: Duration) -> Stdin {
    #[cfg(unix)]
    {
        let mut stdin = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut stdin, 1, millis) };
        match ready {
            n if n > 0 && stdin.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 => {
                Stdin::HungUp
            }
            n if n > 0 => Stdin::Ready,
            _ => Stdin::Idle,
        }
    }
    #[cfg(not(unix))]
    {
        std::thread::sleep(timeout);
        Stdin::Ready
    }
}
