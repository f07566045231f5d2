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
pub mod caseload;
pub mod cursor;
pub mod draft;
pub mod editor;
pub mod effects;
pub mod form;
pub mod hearings;
pub mod keymap;
pub mod loader;
pub mod mode;
pub mod output;
pub mod screens;
pub mod scroll;
pub mod searcher;
pub mod terminal;
pub mod undo;
pub mod view;
pub mod watch;

use crate::domain::weights::Weights;
use crate::store::{Store, StoreError};
use anyhow::Context;
use app::{App, Effect, Purpose};
use chrono::NaiveDate;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
pub use draft::{draft_path, read_draft, write_draft};
use form::Draft;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use std::io::{self, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;
use std::time::Instant;
pub use terminal::Interrupted;
use terminal::{Signals, Stdin};
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
}

/// How long the loop waits for an event before checking the signal flags.
const POLL: Duration = Duration::from_millis(250);

/// How often an idle loop asks whether another process changed the file.
const WATCH: Duration = Duration::from_millis(1000);

/// Runs the TUI on `store` until the user quits or a signal arrives. Colour is off when the
/// `NO_COLOR` environment variable is set and not empty. A session ended by a signal or by the
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
    // A file opens on the cached most urgent people while a thread loads everyone; an
    // in-memory store (tests) has no second connection, so it loads here.
    let (mut app, loader) = if store.path().as_os_str() == ":memory:" {
        let mut app = App::from_roster(store.load_roster(today)?, today, weights, title);
        app.set_archived(store.load_archived()?);
        (app, None)
    } else {
        let app = loader::preview(&store, today, weights.clone(), title)?;
        let path = store.path().to_path_buf();
        let key = store.key().map(str::to_string);
        (app, Some(loader::spawn(path, key, today, weights)))
    };
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.private = options.private;
    app.read_only = store.is_read_only();
    app.keymap = options.keymap.clone();
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
    // transactions. The terminal may be gone, so nothing printed here may fail the exit.
    if let (Some(path), Some(draft)) = (draft_file.as_deref(), app.draft())
        && is_dirty(&draft)
    {
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
    drop(signals);
    match result? {
        Ended::Quit => Ok(()),
        Ended::Interrupted(why) => Err(why.into()),
    }
}

fn is_dirty(draft: &Draft) -> bool {
    match draft {
        Draft::Form(form) => form.dirty,
        Draft::Hearing(form) => form.dirty,
    }
}

/// Carries out one effect (and any it leads to) against the store, feeding the results back to
/// the app. Returns true when the app asked to quit. Shared by the event loop and the tests.
pub fn execute(
    store: &mut Store,
    app: &mut App,
    effect: Effect,
    export: &effects::ExportSettings,
    draft: Option<&Path>,
) -> bool {
    let mut queue = vec![effect];
    while let Some(effect) = queue.pop() {
        match effect {
            Effect::Quit => return true,
            // Job control needs the terminal: the event loop does it (see `run_effect`).
            Effect::Suspend => {}
            Effect::Export {
                subject,
                format,
                include_health,
            } => {
                app.show_message(effects::export(
                    store,
                    app,
                    export,
                    &subject,
                    format,
                    include_health,
                ));
            }
            Effect::Copy(subject) => {
                let message = effects::copy(store, app, export, &subject);
                app.show_message(message);
            }
            Effect::Load { id, purpose } => {
                let history = store.history(id).unwrap_or_default();
                match store.get_versioned(id) {
                    Ok(found) => queue.extend(app.loaded(id, purpose, found, history)),
                    Err(e) => app.show_error(e.to_string()),
                }
            }
            Effect::Save(change) => match store.apply(&change) {
                Ok(saved) => {
                    let id = saved.record.detainee.id;
                    app.apply_saved(saved);
                    queue.push(Effect::Load {
                        id,
                        purpose: Purpose::History,
                    });
                }
                Err(StoreError::Conflict {
                    found,
                    theirs,
                    yours,
                    ..
                }) => app.show_conflict(found, *theirs, *yours),
                Err(e) => app.show_error(e.to_string()),
            },
            Effect::Search(request) => app.search_done(request.run()),
            Effect::DiscardDraft => {
                if let Some(path) = draft {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
    false
}

/// The terminal the loop draws to: output held so a frame leaves in one write.
type Term = Terminal<CrosstermBackend<output::FrameWriter<Stdout>>>;

fn setup() -> anyhow::Result<Term> {
    terminal::enter().context("could not put the terminal in raw mode on the alternate screen")?;
    let out = output::FrameWriter::new(io::stdout());
    Terminal::new(CrosstermBackend::new(out)).context("could not open the terminal")
}

/// Clears the screen and makes the next frame draw every cell: after a suspend or a continue
/// the screen no longer shows the last frame. (ratatui's own `clear` first asks the terminal
/// where its cursor is and waits up to 2 s for the answer.)
fn redraw_whole(terminal: &mut Term) -> io::Result<()> {
    queue!(
        terminal.backend_mut(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // ratatui diffs the next frame against its previous buffer: swapping once leaves both
    // buffers empty, so every cell of the next frame is written.
    terminal.swap_buffers();
    LAST_FRAME.with_borrow_mut(|last| *last = None);
    Ok(())
}

/// Draws one frame of `app` and hands the viewport back to it. The frame is wrapped in
/// synchronized-output markers (the terminal shows it whole, never half-drawn) and flushed once:
/// one write per frame. Only the cells that changed since the last frame are sent, and when the
/// frame is the last one with rows shifted (the list scrolled), the terminal scrolls them itself
/// ([`scroll`]). The benchmarks draw through this same function into a byte-counting writer.
pub fn draw_frame<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    // ratatui keeps the last frame private, so a copy is kept per terminal (by address and
    // frame count; a stale copy costs bytes, never correctness, see below).
    let id = std::ptr::from_ref(terminal) as usize;
    let mut last = LAST_FRAME.with_borrow_mut(|last| last.take());
    let mut scrolled = None;
    let mut viewport = None;
    let count = terminal.get_frame().count();
    let completed = terminal.draw(|frame| {
        viewport = Some(view::draw(frame, app));
        let Some(old) = last
            .as_mut()
            .filter(|l| l.terminal == id && l.count == count)
            .map(|l| &mut l.buffer)
        else {
            return;
        };
        // A resize changes the area (no scroll; ratatui repaints everything). The scroll region
        // spans whole terminal rows, so the frame must start at the left edge (the event loop's
        // is full screen).
        if frame.area().x != 0 {
            return;
        }
        if let Some(band) = scroll::find(old, frame.buffer_mut()) {
            // Have ratatui present the last frame again (no cells written: the screen shows
            // it), keeping the new one aside to paint over the scrolled screen below.
            std::mem::swap(old, frame.buffer_mut());
            scrolled = Some(band);
        }
    })?;
    let area = completed.buffer.area;
    let mut kept = last.map_or_else(|| Buffer::empty(area), |l| l.buffer);
    if let Some(band) = scrolled {
        // The screen shows the last frame now, even if the kept copy was stale: ratatui just
        // diffed it onto the screen from its own previous buffer. `kept` holds the new frame.
        let mut shifted = completed.buffer.clone();
        scroll::apply(&mut shifted, band);
        let backend = terminal.backend_mut();
        // Save the cursor ratatui placed (the scroll moves it) and restore it after.
        backend.write_all(b"\x1b7")?;
        scroll::write(backend, band, area.y)?;
        // ratatui's previous buffer becomes the scrolled screen, so its diff writes only what
        // still differs: the rows scrolled in, a moved highlight, a counter.
        *terminal.current_buffer_mut() = shifted;
        terminal.swap_buffers();
        terminal.current_buffer_mut().clone_from(&kept);
        terminal.flush()?;
        terminal.swap_buffers();
        terminal.backend_mut().write_all(b"\x1b8")?;
    } else {
        kept.clone_from(completed.buffer);
    }
    LAST_FRAME.with_borrow_mut(|last| {
        *last = Some(LastFrame {
            terminal: id,
            count: count.wrapping_add(1),
            buffer: kept,
        });
    });
    queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()?;
    if let Some(viewport) = viewport {
        app.set_viewport(viewport);
    }
    Ok(())
}

/// The last frame [`draw_frame`] drew on this thread, and to which terminal.
struct LastFrame {
    terminal: usize,
    count: usize,
    buffer: Buffer,
}

thread_local! {
    static LAST_FRAME: std::cell::RefCell<Option<LastFrame>> = const { std::cell::RefCell::new(None) };
}

/// What handling one event asks of the loop.
enum Next {
    Quit,
    Redraw,
    Nothing,
}

/// The loop's resources that effects need.
struct LoopContext<'a> {
    store: &'a mut Store,
    export: &'a effects::ExportSettings,
    draft: Option<&'a Path>,
    /// Everyone being loaded behind the preview, until they arrive.
    loader: Option<Receiver<Result<loader::Loaded, StoreError>>>,
    /// Runs searches off the loop's thread.
    searcher: searcher::Searcher,
    /// The user pressed the suspend key: stop at the next turn of the loop.
    suspend: bool,
}

/// Carries out one effect: a search goes to the worker, the rest run here. True: quit.
fn run_effect(app: &mut App, context: &mut LoopContext, effect: Effect) -> bool {
    match effect {
        Effect::Search(request) => {
            context.searcher.send(request);
            false
        }
        Effect::Suspend => {
            context.suspend = true;
            false
        }
        effect => execute(context.store, app, effect, context.export, context.draft),
    }
}

/// Returns the heap the loader freed (its half-read tables, the old roster) to the system:
/// glibc keeps a thread's freed memory in that thread's arena otherwise, and on a shared server
/// the resident size is what other users feel.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; no pointer is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How often the loop looks for the loader's result while the preview shows.
const LOADING_POLL: Duration = Duration::from_millis(20);

/// Hands everyone to the app once the loader has them; returns whether the screen changed.
fn take_loaded(
    app: &mut App,
    context: &mut LoopContext,
    watch: &mut Watch,
) -> anyhow::Result<bool> {
    let Some(receiver) = &context.loader else {
        return Ok(false);
    };
    let loaded = match receiver.try_recv() {
        Err(TryRecvError::Empty) => return Ok(false),
        Err(TryRecvError::Disconnected) => Err("the loading thread stopped".to_string()),
        Ok(result) => result.map_err(|e| e.to_string()),
    };
    context.loader = None;
    match loaded {
        Ok(loaded) => {
            app.roster_loaded(loaded.roster, loaded.ranked, loaded.archived);
            // Changes made while it loaded (here or elsewhere) are applied on top.
            watch.catch_up(context.store, app, loaded.audit)?;
            give_back_freed_memory();
        }
        Err(e) => app.show_error(format!(
            "Showing only the most urgent: could not load everyone: {e}"
        )),
    }
    Ok(true)
}

fn handle(app: &mut App, context: &mut LoopContext, event: Event) -> Next {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let Some(action) = app.keymap.action(app.screen(), key) else {
                return Next::Nothing;
            };
            for effect in app.update(action) {
                if run_effect(app, context, effect) {
                    return Next::Quit;
                }
            }
            Next::Redraw
        }
        Event::Resize(..) => Next::Redraw,
        _ => Next::Nothing,
    }
}

/// How the loop ended.
enum Ended {
    /// The user quit.
    Quit,
    /// A signal, or the terminal went away.
    Interrupted(Interrupted),
}

/// A failed read or write on the terminal: a vanished terminal (EIO, or it no longer answers
/// as a terminal) ends the session like a hang-up; anything else is an error.
fn terminal_failed(error: io::Error, signals: &Signals) -> anyhow::Result<Ended> {
    if error.raw_os_error() == Some(libc::EIO) || !terminal::alive() {
        return Ok(lost(signals));
    }
    Err(error.into())
}

/// The terminal is gone: say by which signal if one came with it (an SSH drop usually sends
/// SIGHUP as it closes the pty).
fn lost(signals: &Signals) -> Ended {
    Ended::Interrupted(signals.ended().unwrap_or(Interrupted::TerminalLost))
}

/// Turns a terminal I/O result into the loop's: a vanished terminal ends it (see
/// [`terminal_failed`]).
macro_rules! tty {
    ($result:expr, $signals:expr) => {
        match $result {
            Ok(value) => value,
            Err(error) => return terminal_failed(error, $signals),
        }
    };
}

/// Stdin polled readable with nothing to read this many times in a row means end-of-file: a
/// real keystroke is read by crossterm and never shows up here twice.
const END_OF_FILE_TURNS: u32 = 3;

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    signals: &Signals,
    mut context: LoopContext,
) -> anyhow::Result<Ended> {
    let mut watch = Watch::new(context.store)?;
    // With a file, a big change elsewhere reloads on the loader thread, not in the loop.
    watch.reload_behind = context.store.path().as_os_str() != ":memory:";
    let mut last_look = Instant::now();
    let mut dirty = true;
    let mut empty_reads = 0;
    loop {
        if let Some(why) = signals.ended() {
            return Ok(Ended::Interrupted(why));
        }
        if std::mem::take(&mut context.suspend) || signals.take_suspend() {
            tty!(terminal::suspend(), signals);
        }
        if signals.take_continued() {
            // Continued (after our own suspend or someone's SIGSTOP): the shell has had the
            // terminal, so take it again and draw every cell.
            tty!(terminal::enter(), signals);
            tty!(redraw_whole(terminal), signals);
            dirty = true;
        }
        if take_loaded(app, &mut context, &mut watch)? {
            dirty = true;
        }
        while let Some(result) = context.searcher.try_result() {
            app.search_done(result);
            dirty = true;
        }
        if dirty {
            // Read what the page will show first (one record: well under a millisecond), so
            // the key costs one frame, not a "reading" frame and then another.
            while let Some(effect) = app.wanted() {
                if run_effect(app, &mut context, effect) {
                    return Ok(Ended::Quit);
                }
            }
            tty!(draw_frame(terminal, app), signals);
            dirty = false;
            // The draw may have revealed a page (a resize to a wide terminal): read and redraw.
            if let Some(effect) = app.wanted() {
                if run_effect(app, &mut context, effect) {
                    return Ok(Ended::Quit);
                }
                dirty = true;
                continue;
            }
        }
        if signals.ended().is_some() || context.suspend {
            continue;
        }
        // Wait on stdin ourselves: crossterm's own poll spins forever on a hung-up terminal.
        let wait = if context.loader.is_some() || app.searching() {
            LOADING_POLL
        } else {
            POLL
        };
        let stdin = terminal::wait_for_stdin(wait);
        if stdin == Stdin::HungUp {
            return Ok(lost(signals));
        }
        // Ready or not, ask crossterm without waiting: it also reports resizes (SIGWINCH).
        if !tty!(event::poll(Duration::ZERO), signals) {
            // Readable with nothing to read: end-of-file, which a poll never stops reporting
            // (the loop would spin the CPU).
            if stdin == Stdin::Ready && terminal::at_end_of_file() {
                empty_reads += 1;
                if empty_reads >= END_OF_FILE_TURNS || !terminal::alive() {
                    return Ok(lost(signals));
                }
            } else {
                empty_reads = 0;
            }
            if last_look.elapsed() >= WATCH {
                last_look = Instant::now();
                dirty = watch.poll(context.store, app)?;
                if watch.take_reload() && context.loader.is_none() {
                    let store = &context.store;
                    let (path, key) = (store.path().to_path_buf(), store.key().map(str::to_string));
                    app.reloading();
                    context.loader =
                        Some(loader::spawn(path, key, app.today(), app.weights().clone()));
                }
            }
            continue;
        }
        empty_reads = 0;
        // Handle every event already waiting before drawing again: a held key (auto-repeat) or
        // a paste costs one frame, not one per key.
        loop {
            match handle(app, &mut context, tty!(event::read(), signals)) {
                Next::Quit => return Ok(Ended::Quit),
                Next::Redraw => dirty = true,
                Next::Nothing => {}
            }
            if context.suspend || !tty!(event::poll(Duration::ZERO), signals) {
                break;
            }
        }
    }
}
