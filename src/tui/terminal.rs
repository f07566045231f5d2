//! The terminal's life: raw mode and the alternate screen in and out (also from the panic hook,
//! and around a suspend), the signals that end or stop the session, and noticing that the
//! terminal itself has gone (an SSH drop closes the pty: reads hit end-of-file, writes fail with
//! EIO, and often no signal arrives). Nothing here may panic or block on a vanished terminal:
//! every write to it is best effort.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use std::io;
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// How a session ended other than by the user quitting: the exit status follows the shell's
/// convention (128 + the signal's number; 1 for a terminal that went away without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Interrupted {
    #[error("ended by {}", signal_name(*.0))]
    Signal(i32),
    #[error("the terminal went away")]
    TerminalLost,
}

impl Interrupted {
    /// The process exit status for this ending.
    pub fn exit_status(self) -> u8 {
        match self {
            Interrupted::Signal(n) => u8::try_from(128 + n).unwrap_or(1),
            Interrupted::TerminalLost => 1,
        }
    }
}

fn signal_name(signal: i32) -> String {
    match signal {
        SIGHUP => "SIGHUP (the terminal hung up)".into(),
        SIGINT => "SIGINT".into(),
        SIGQUIT => "SIGQUIT".into(),
        SIGTERM => "SIGTERM".into(),
        n => format!("signal {n}"),
    }
}

/// The signals the session listens to while it runs; unregistered when dropped, so the shell's
/// defaults come back.
pub struct Signals {
    /// The last ending signal received (0: none).
    ending: Arc<AtomicUsize>,
    /// SIGTSTP arrived: suspend at the next turn of the loop.
    suspend: Arc<AtomicBool>,
    /// SIGCONT arrived: the screen may have been overwritten meanwhile, so redraw it whole.
    continued: Arc<AtomicBool>,
    ids: Vec<signal_hook::SigId>,
}

/// Signals that end the session the way SIGTERM does: the form kept, the terminal restored.
const ENDING: [i32; 4] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM];

impl Signals {
    /// Starts listening. Handlers only set flags; the loop looks at them at least every
    /// the loop's poll interval (and a signal cuts the wait short).
    pub fn watch() -> io::Result<Signals> {
        let ending = Arc::new(AtomicUsize::new(0));
        let suspend = Arc::new(AtomicBool::new(false));
        let continued = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for signal in ENDING {
            let value = usize::try_from(signal).unwrap_or(usize::MAX);
            ids.push(signal_hook::flag::register_usize(
                signal,
                Arc::clone(&ending),
                value,
            )?);
        }
        ids.push(signal_hook::flag::register(SIGTSTP, Arc::clone(&suspend))?);
        ids.push(signal_hook::flag::register(
            SIGCONT,
            Arc::clone(&continued),
        )?);
        Ok(Signals {
            ending,
            suspend,
            continued,
            ids,
        })
    }

    /// The ending signal received, if any.
    pub fn ended(&self) -> Option<Interrupted> {
        match self.ending.load(Ordering::SeqCst) {
            0 => None,
            n => Some(Interrupted::Signal(i32::try_from(n).unwrap_or(SIGTERM))),
        }
    }

    /// Whether SIGTSTP asked to suspend since the last look.
    pub fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::SeqCst)
    }

    /// Whether the process was continued since the last look.
    pub fn take_continued(&self) -> bool {
        self.continued.swap(false, Ordering::SeqCst)
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// The terminal is in raw mode on the alternate screen; the panic hook checks this.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();
/// Taps, clicks and the wheel are reported to the session (set once at start; a suspend and
/// continue turns them on again).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Whether [`enter`] asks the terminal for mouse events (`--no-mouse` leaves the terminal's own
/// mouse: selecting and copying text).
pub fn set_mouse(on: bool) {
    MOUSE.store(on, Ordering::SeqCst);
}

/// Whether mouse reports are wanted: with `--no-mouse` the loop ignores any that still arrive
/// (a terminal left reporting by another program, or typed escape sequences).
pub fn mouse_on() -> bool {
    MOUSE.load(Ordering::SeqCst)
}

/// Raw mode, alternate screen, cursor hidden, and mouse reports when they are wanted.
pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Leaves raw mode, mouse reports and the alternate screen and shows the cursor. Safe to call
/// twice, and on a terminal that has gone (every error is ignored: there is no one left to
/// tell). Mouse reports are turned off first and always: a shell left receiving them prints
/// escape sequences at every click.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        let _ = disable_raw_mode();
        let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
    }
}

/// Restores the terminal before the previous hook prints the panic, so the message is readable.
/// The default hook ignores a failing stderr, and so does [`restore`].
pub fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Puts the terminal back, stops the process until the shell continues it (`fg`), then takes
/// the terminal again. The caller redraws the whole screen afterwards.
pub fn suspend() -> io::Result<()> {
    restore();
    // SIGSTOP, not SIGTSTP: our own SIGTSTP handler would only set the flag again.
    // SAFETY: raise has no preconditions; the process stops here until SIGCONT.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
    enter()
}

/// What waiting on the terminal's input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdin {
    Ready,
    Idle,
    /// The terminal has gone away (an SSH drop or a closed window): poll reports a hang-up or
    /// an error on it.
    HungUp,
}

/// Waits up to `timeout` for input on stdin. A signal cuts the wait short (EINTR: `Idle`).
pub fn wait_for_stdin(timeout: Duration) -> Stdin {
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

/// Whether stdin still is a working terminal. After a hang-up the kernel answers every
/// terminal request on it with EIO, so this tells a vanished terminal from a slow one.
pub fn alive() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: a zeroed termios is a valid buffer for tcgetattr to fill.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd 0 and a valid pointer; tcgetattr only writes the buffer.
        unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut termios) == 0 }
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Whether stdin has reached end-of-file: poll calls it readable but there are no bytes to
/// read (a terminal that hung up without saying so, or input that is not a terminal at all).
pub fn at_end_of_file() -> bool {
    #[cfg(unix)]
    {
        let mut waiting: libc::c_int = 0;
        // SAFETY: FIONREAD writes one c_int through a valid pointer.
        let asked = unsafe { libc::ioctl(libc::STDIN_FILENO, libc::FIONREAD, &mut waiting) };
        asked != 0 || waiting == 0
    }
    #[cfg(not(unix))]
    {
        false
    }
}
