//! The terminal UI: sets the terminal up, runs the event loop, carries out the app's effects,
//! and always puts the terminal back: on quit, on error, on panic and on SIGTERM/SIGHUP.
//!
//! Flow: key event → [`keymap::Keymap`] → [`action::Action`] → [`app::App::update`] → effects
//! run here. Drawing is [`view::draw`], a pure function of the app. Redraws happen only after an
//! event changed something, never on idle timeouts.

pub mod action;
pub mod app;
pub mod keymap;
pub mod view;

use crate::domain::model::Record;
use crate::domain::weights::Weights;
use anyhow::Context;
use app::{App, Effect};
use chrono::NaiveDate;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

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
) -> anyhow::Result<()> {
    let mut app = App::new(records, today, weights, title);
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());

    let stop = Arc::new(AtomicBool::new(false));
    let mut signal_ids = Vec::new();
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let id = signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("could not watch for termination signals")?;
        signal_ids.push(id);
    }

    install_panic_hook();
    let result = setup().and_then(|mut terminal| {
        let looped = event_loop(&mut terminal, &mut app, &stop);
        restore();
        looped
    });
    restore();
    for id in signal_ids {
        signal_hook::low_level::unregister(id);
    }
    result
}

/// The terminal the loop draws to: output buffered so a frame leaves in one write.
type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Room for a full 200x50 frame with styles, so it leaves in one write.
const FRAME_BUFFER: usize = 256 * 1024;

fn setup() -> anyhow::Result<Term> {
    enable_raw_mode().context("could not put the terminal in raw mode")?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)
        .context("could not switch to the alternate screen")?;
    let out = BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
    Terminal::new(CrosstermBackend::new(out)).context("could not open the terminal")
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

/// Draws one frame of `app` and hands the viewport back to it. The frame is wrapped in
/// synchronized-output markers (the terminal shows it whole, never half-drawn) and flushed once:
/// one write per frame. Only the cells that changed since the last frame are sent. The
/// benchmarks draw through this same function into a byte-counting writer.
pub fn draw_frame<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    let mut viewport = None;
    terminal.draw(|frame| viewport = Some(view::draw(frame, app)))?;
    queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()?;
    if let Some(viewport) = viewport {
        app.set_viewport(viewport);
    }
    Ok(())
}

/// What handling one event asks of the loop.
enum Next {
    Quit,
    Redraw,
    Nothing,
}

fn handle(app: &mut App, event: Event) -> Next {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let Some(action) = app.keymap.action(app.screen(), key) else {
                return Next::Nothing;
            };
            // Quit is the only effect so far; saving and exporting will join it here.
            if app.update(action).contains(&Effect::Quit) {
                Next::Quit
            } else {
                Next::Redraw
            }
        }
        Event::Resize(..) => Next::Redraw,
        _ => Next::Nothing,
    }
}

fn event_loop(terminal: &mut Term, app: &mut App, stop: &AtomicBool) -> anyhow::Result<()> {
    let mut dirty = true;
    loop {
        if dirty {
            draw_frame(terminal, app)?;
            dirty = false;
        }
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        if !event::poll(POLL)? {
            continue;
        }
        // Handle every event already waiting before drawing again: a held key (auto-repeat) or
        // a paste costs one frame, not one per key.
        loop {
            match handle(app, event::read()?) {
                Next::Quit => return Ok(()),
                Next::Redraw => dirty = true,
                Next::Nothing => {}
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}
