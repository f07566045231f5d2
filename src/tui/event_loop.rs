//! The event loop: waits on the terminal, the loader, the search worker and the file; hands
//! each key to the app through the keymap, runs the effects it returns, and redraws only when
//! something changed. Ends on quit, a signal or a vanished terminal, saying which.

use super::app::{App, Effect};
use super::frame::{Term, draw_frame, redraw_whole};
use super::runner::execute;
use super::terminal::{self, Interrupted, Signals, Stdin};
use super::{Watch, duplicates, effects, loader, searcher, stats};
use crate::store::{Store, StoreError};
use crossterm::event::{self, Event, KeyEventKind};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// How long the loop waits for an event before checking the signal flags.
const POLL: Duration = Duration::from_millis(250);

/// How often an idle loop asks whether another process changed the file.
const WATCH: Duration = Duration::from_millis(1000);

/// What handling one event asks of the loop.
enum Next {
    Quit,
    Redraw,
    Nothing,
}

/// The loop's resources that effects need.
pub struct LoopContext<'a> {
    pub store: &'a mut Store,
    pub export: &'a effects::ExportSettings,
    pub draft: Option<&'a Path>,
    /// Everyone being loaded behind the preview, until they arrive.
    pub loader: Option<Receiver<Result<loader::Loaded, StoreError>>>,
    /// Runs searches off the loop's thread.
    pub searcher: searcher::Searcher,
    /// The statistics screen's numbers being counted on a thread, until they arrive.
    pub stats: Option<Receiver<stats::StatsResult>>,
    /// The duplicate review's pairs being found on a thread, until they arrive.
    pub duplicates: Option<Receiver<Result<duplicates::Found, String>>>,
    /// The add form's likely matches being found on a thread (the latest save's only).
    pub likely: Option<Receiver<Result<duplicates::Likely, String>>>,
    /// The user pressed the suspend key: stop at the next turn of the loop.
    pub suspend: bool,
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
        effect => match to_worker(app, context, effect) {
            None => false,
            Some(effect) => execute(context.store, app, effect, context.export, context.draft),
        },
    }
}

/// Hands the statistics, the duplicate scan and the add form's check to a worker on its own
/// connection to the file; gives back any other effect, and every effect on a database in
/// memory (tests), which only this connection can see, to be run here.
fn to_worker(app: &mut App, context: &mut LoopContext, effect: Effect) -> Option<Effect> {
    let Some((path, key)) = own_connection(context.store) else {
        return Some(effect);
    };
    match effect {
        Effect::Stats(request) => context.stats = Some(stats::spawn(request, path, key)),
        Effect::FindDuplicates => {
            context.duplicates = Some(duplicates::spawn(path, key, app.today()));
        }
        Effect::CheckLikely(record) => {
            app.show_message("Checking whether they are already in the caseload…".into());
            context.likely = Some(duplicates::spawn_likely(path, key, *record, app.today()));
        }
        other => return Some(other),
    }
    None
}

/// What a worker needs to open the file again on its own connection (path and passphrase);
/// none for a database in memory.
fn own_connection(store: &Store) -> Option<(PathBuf, Option<String>)> {
    let path = store.path();
    (path.as_os_str() != ":memory:").then(|| (path.to_path_buf(), store.key().map(str::to_string)))
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
            app.set_merges(loaded.merges);
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

/// Hands the app what the search and statistics workers finished; whether anything came.
fn take_answers(app: &mut App, context: &mut LoopContext) -> bool {
    let mut came = false;
    while let Some(result) = context.searcher.try_result() {
        app.search_done(result);
        came = true;
    }
    let counted = take_stats(app, context);
    let checked = take_likely(app, context);
    take_duplicates(app, context) || counted || checked || came
}

/// Carries on the add form's save once its likely matches are found; whether they came.
fn take_likely(app: &mut App, context: &mut LoopContext) -> bool {
    let Some(receiver) = &context.likely else {
        return false;
    };
    let answer = match receiver.try_recv() {
        Err(TryRecvError::Empty) => return false,
        Err(TryRecvError::Disconnected) => Err("the check stopped".to_string()),
        Ok(answer) => answer,
    };
    context.likely = None;
    match answer {
        Ok((record, matches)) => {
            for effect in app.likely_answered(record, matches) {
                // A save: the store is this thread's.
                run_effect(app, context, effect);
            }
        }
        Err(e) => app.show_error(format!("Not saved: could not look for likely matches: {e}")),
    }
    true
}

/// Hands the duplicate review its pairs once the worker has them; whether they came.
fn take_duplicates(app: &mut App, context: &mut LoopContext) -> bool {
    let Some(receiver) = &context.duplicates else {
        return false;
    };
    match receiver.try_recv() {
        Err(TryRecvError::Empty) => return false,
        Ok(Ok(found)) => app.duplicates_found(found),
        Ok(Err(e)) => app.show_error(format!("Could not look for duplicates: {e}")),
        Err(TryRecvError::Disconnected) => {
            app.show_message("Could not look for duplicates.".into());
        }
    }
    context.duplicates = None;
    true
}

/// Hands the statistics screen its numbers once the worker has them; whether they came.
fn take_stats(app: &mut App, context: &mut LoopContext) -> bool {
    let Some(receiver) = &context.stats else {
        return false;
    };
    match receiver.try_recv() {
        Err(TryRecvError::Empty) => return false,
        Ok(result) => app.stats_done(result),
        Err(TryRecvError::Disconnected) => {
            app.show_message("The statistics could not be counted.".into());
        }
    }
    context.stats = None;
    true
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
        Event::Mouse(mouse) if terminal::mouse_on() => {
            let Some(effects) = app.mouse(mouse) else {
                return Next::Nothing;
            };
            for effect in effects {
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
pub enum Ended {
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

/// What drawing the changed screen came to.
enum Drawn {
    Quit,
    /// Drawn, and nothing more to read.
    Done,
    /// The draw revealed a page still to be read: read it and draw again.
    Again,
}

/// Reads what the page will show first (one record: well under a millisecond), so the key
/// costs one frame, not a "reading" frame and then another; then draws.
fn draw_changed(
    terminal: &mut Term,
    app: &mut App,
    context: &mut LoopContext,
) -> io::Result<Drawn> {
    while let Some(effect) = app.wanted() {
        if run_effect(app, context, effect) {
            return Ok(Drawn::Quit);
        }
    }
    draw_frame(terminal, app)?;
    // The draw may have revealed a page (a resize to a wide terminal): read and redraw.
    let Some(effect) = app.wanted() else {
        return Ok(Drawn::Done);
    };
    Ok(if run_effect(app, context, effect) {
        Drawn::Quit
    } else {
        Drawn::Again
    })
}

/// Handles every event already waiting before drawing again: a held key (auto-repeat) or a
/// paste costs one frame, not one per key.
fn handle_waiting(app: &mut App, context: &mut LoopContext) -> io::Result<Next> {
    let mut next = Next::Nothing;
    loop {
        match handle(app, context, event::read()?) {
            Next::Quit => return Ok(Next::Quit),
            Next::Redraw => next = Next::Redraw,
            Next::Nothing => {}
        }
        if context.suspend || !event::poll(Duration::ZERO)? {
            return Ok(next);
        }
    }
}

/// An idle look at the file: applies other processes' saves, and starts a reload behind the
/// screen when they are too many to apply one by one. True: the screen changed.
fn look_for_changes(
    app: &mut App,
    context: &mut LoopContext,
    watch: &mut Watch,
) -> anyhow::Result<bool> {
    let changed = watch.poll(context.store, app)?;
    if watch.take_reload() && context.loader.is_none() {
        let store = &context.store;
        let (path, key) = (store.path().to_path_buf(), store.key().map(str::to_string));
        app.reloading();
        context.loader = Some(loader::spawn(path, key, app.today(), app.weights().clone()));
    }
    Ok(changed)
}

pub fn event_loop(
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
        if take_answers(app, &mut context) {
            dirty = true;
        }
        if dirty {
            match tty!(draw_changed(terminal, app, &mut context), signals) {
                Drawn::Quit => return Ok(Ended::Quit),
                Drawn::Again => continue,
                Drawn::Done => dirty = false,
            }
        }
        if signals.ended().is_some() || context.suspend {
            continue;
        }
        // Wait on stdin ourselves: crossterm's own poll spins forever on a hung-up terminal.
        let working = context.loader.is_some()
            || context.stats.is_some()
            || context.duplicates.is_some()
            || context.likely.is_some();
        let wait = if working || app.searching() {
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
                dirty = look_for_changes(app, &mut context, &mut watch)?;
            }
            continue;
        }
        empty_reads = 0;
        match tty!(handle_waiting(app, &mut context), signals) {
            Next::Quit => return Ok(Ended::Quit),
            Next::Redraw => dirty = true,
            Next::Nothing => {}
        }
    }
}
