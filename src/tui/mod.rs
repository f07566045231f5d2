//! The terminal UI: sets the terminal up, runs the event loop, carries out the app's effects
//! against the store, and always puts the terminal back: on quit, on error, on panic and on
//! SIGTERM/SIGHUP. A form open when the session ends is kept as an owner-only draft file next to
//! the database and offered on the next start.
//!
//! Flow: key event → [`keymap::Keymap`] → [`action::Action`] → [`app::App::update`] → effects
//! run here ([`execute`]). Drawing is [`view::draw`], a pure function of the app. Redraws happen
//! only after an event changed something, or when another process committed a change (checked
//! with `PRAGMA data_version` about once a second while idle), never on idle timeouts alone.

pub mod action;
pub mod app;
pub mod effects;
pub mod form;
pub mod hearings;
pub mod keymap;
pub mod loader;
pub mod output;
pub mod scroll;
pub mod searcher;
pub mod view;

use crate::domain::weights::Weights;
use crate::store::{Store, StoreError};
use anyhow::Context;
use app::{App, Effect, Purpose};
use chrono::NaiveDate;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use form::Draft;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use std::io::{self, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;
use std::time::Instant;

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

/// How often an idle loop asks whether another process changed the file.
const WATCH: Duration = Duration::from_millis(1000);

/// At most this many changed people are reloaded one by one; more means a full reload.
const INCREMENTAL: usize = 500;

/// The terminal is in raw mode on the alternate screen; the panic hook checks this.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Runs the TUI on `store` until the user quits or a signal arrives. Colour is off when the
/// `NO_COLOR` environment variable is set and not empty.
pub fn run(
    mut store: Store,
    today: NaiveDate,
    weights: Weights,
    title: String,
    options: Options,
) -> anyhow::Result<()> {
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
    let draft_file = draft_path(store.path(), store.actor());
    if let Some(draft) = draft_file.as_deref().and_then(read_draft) {
        app.offer_draft(draft);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let mut signal_ids = Vec::new();
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let id = signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("could not watch for termination signals")?;
        signal_ids.push(id);
    }

    install_panic_hook();
    let result = setup().and_then(|mut terminal| {
        let context = LoopContext {
            store: &mut store,
            export: &options.export,
            draft: draft_file.as_deref(),
            loader,
            searcher: searcher::Searcher::spawn(),
        };
        let looped = event_loop(&mut terminal, &mut app, &stop, context);
        restore();
        looped
    });
    restore();
    // Whatever ended the session (quit, SIGHUP, an error), a form with something typed in it
    // is kept. The database itself is only ever written in whole transactions.
    if let (Some(path), Some(draft)) = (draft_file.as_deref(), app.draft())
        && is_dirty(&draft)
    {
        write_draft(path, &draft).context("could not keep the draft")?;
        eprintln!("caseload: your unsaved form was kept in {}", path.display());
    }
    for id in signal_ids {
        signal_hook::low_level::unregister(id);
    }
    result
}

fn is_dirty(draft: &Draft) -> bool {
    match draft {
        Draft::Form(form) => form.dirty,
        Draft::Hearing(form) => form.dirty,
    }
}

/// Where the draft of `actor` on the database at `db` is kept: `<db>.draft.<actor>.json`, next
/// to the database (none for an in-memory store).
pub fn draft_path(db: &Path, actor: &str) -> Option<PathBuf> {
    if db.as_os_str() == ":memory:" {
        return None;
    }
    let safe: String = actor
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut name = db.file_name()?.to_os_string();
    name.push(format!(".draft.{safe}.json"));
    Some(db.with_file_name(name))
}

/// Writes the draft, readable by its owner only.
pub fn write_draft(path: &Path, draft: &Draft) -> std::io::Result<()> {
    use std::io::Write;
    let json = serde_json::to_vec_pretty(draft).map_err(std::io::Error::other)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    let mut file = options.open(path)?;
    file.write_all(&json)?;
    file.sync_all()
}

/// The kept draft, if there is a readable one.
pub fn read_draft(path: &Path) -> Option<Draft> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
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

/// What the loop last saw of the file, to notice other processes' commits.
pub struct Watch {
    data_version: i64,
    last_audit: i64,
    /// Leave a full reload to the loop (which runs it on the loader thread) instead of
    /// reading everyone here.
    pub reload_behind: bool,
    reload: bool,
}

impl Watch {
    pub fn new(store: &Store) -> Result<Watch, StoreError> {
        Ok(Watch {
            data_version: store.data_version()?,
            last_audit: store.last_audit_id()?,
            reload_behind: false,
            reload: false,
        })
    }

    /// Brings the app up to date if another connection committed since the last look. Returns
    /// whether anything changed (so the loop redraws only then).
    pub fn poll(&mut self, store: &Store, app: &mut App) -> Result<bool, StoreError> {
        let version = store.data_version()?;
        if version == self.data_version {
            return Ok(false);
        }
        self.data_version = version;
        self.apply_since(store, app, self.last_audit)
    }

    /// Applies every change audited after row `since` (the loader's snapshot): the app was just
    /// given everyone as of that row.
    pub fn catch_up(
        &mut self,
        store: &Store,
        app: &mut App,
        since: i64,
    ) -> Result<bool, StoreError> {
        self.data_version = store.data_version()?;
        self.apply_since(store, app, since)
    }

    fn apply_since(
        &mut self,
        store: &Store,
        app: &mut App,
        since: i64,
    ) -> Result<bool, StoreError> {
        let (changed, last) = store.changed_since(since, INCREMENTAL)?;
        self.last_audit = last;
        match changed {
            Some(ids) if ids.is_empty() => return Ok(false),
            Some(ids) => {
                let mut found = Vec::with_capacity(ids.len());
                for id in ids {
                    found.push((id, store.get_versioned(id)?));
                }
                app.refresh(found);
            }
            // Too many to read one by one (an import elsewhere): reload everyone, behind the
            // screen when the loop can.
            None if self.reload_behind => self.reload = true,
            None => app.replace_roster(store.load_roster(app.today)?, store.load_archived()?),
        }
        Ok(true)
    }

    /// Whether everyone must be reloaded (only asked for when reloading behind the screen).
    pub fn take_reload(&mut self) -> bool {
        std::mem::take(&mut self.reload)
    }
}

/// The terminal the loop draws to: output held so a frame leaves in one write.
type Term = Terminal<CrosstermBackend<output::FrameWriter<Stdout>>>;

fn setup() -> anyhow::Result<Term> {
    enable_raw_mode().context("could not put the terminal in raw mode")?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)
        .context("could not switch to the alternate screen")?;
    let out = output::FrameWriter::new(io::stdout());
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
}

/// Carries out one effect: a search goes to the worker, the rest run here. True: quit.
fn run_effect(app: &mut App, context: &mut LoopContext, effect: Effect) -> bool {
    match effect {
        Effect::Search(request) => {
            context.searcher.send(request);
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

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    stop: &AtomicBool,
    mut context: LoopContext,
) -> anyhow::Result<()> {
    let mut watch = Watch::new(context.store)?;
    // With a file, a big change elsewhere reloads on the loader thread, not in the loop.
    watch.reload_behind = context.store.path().as_os_str() != ":memory:";
    let mut last_look = Instant::now();
    let mut dirty = true;
    loop {
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
                    return Ok(());
                }
            }
            draw_frame(terminal, app)?;
            dirty = false;
            // The draw may have revealed a page (a resize to a wide terminal): read and redraw.
            if let Some(effect) = app.wanted() {
                if run_effect(app, &mut context, effect) {
                    return Ok(());
                }
                dirty = true;
                continue;
            }
        }
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        // Wait on stdin ourselves: crossterm's own poll spins forever on a hung-up terminal.
        let wait = if context.loader.is_some() || app.searching() {
            LOADING_POLL
        } else {
            POLL
        };
        if wait_for_stdin(wait) == Stdin::HungUp {
            return Ok(());
        }
        // Ready or not, ask crossterm without waiting: it also reports resizes (SIGWINCH).
        if !event::poll(Duration::ZERO)? {
            if last_look.elapsed() >= WATCH {
                last_look = Instant::now();
                dirty = watch.poll(context.store, app)?;
                if watch.take_reload() && context.loader.is_none() {
                    let store = &context.store;
                    let (path, key) = (store.path().to_path_buf(), store.key().map(str::to_string));
                    app.reloading();
                    context.loader = Some(loader::spawn(path, key, app.today, app.weights.clone()));
                }
            }
            continue;
        }
        // Handle every event already waiting before drawing again: a held key (auto-repeat) or
        // a paste costs one frame, not one per key.
        loop {
            match handle(app, &mut context, event::read()?) {
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
