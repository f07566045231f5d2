//! The terminal going away mid-form, in a real pseudo-terminal: the built binary runs as the
//! session leader of a fresh pty (as under sshd or tmux), a form gets typed into, and then the
//! connection drops (the master side closed), or SIGHUP, SIGTERM or SIGINT arrives. The typed
//! form must be kept as an owner-only draft in the user's data directory, the process must end
//! within 2 seconds with 128 + the signal (1 for a terminal that vanished without one), never
//! 101 (a panic); the next start offers the draft. Ctrl-Z suspends and a SIGCONT brings the
//! screen back. Also the keymap file through the real start-up path.
#![cfg(unix)]

use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_caseload");
const TODAY: &str = "2026-12-01";

/// Held while a pty is made and while any child is started (see [`Session::start`]).
static SPAWN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs a command to its end, started under [`SPAWN`].
fn output(cmd: &mut Command) -> std::process::Output {
    let child = {
        let _one_at_a_time = SPAWN.lock().unwrap_or_else(|e| e.into_inner());
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start caseload")
    };
    child.wait_with_output().expect("run caseload")
}

/// A temporary home (data and config directories) with a small database in it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let home = Home {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        let out = output(home.command().args(["generate", "--rows", "6"]));
        assert!(out.status.success(), "{out:?}");
        home
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("clinic.db")
    }

    fn drafts(&self) -> PathBuf {
        self.dir.path().join("data").join("caseload").join("drafts")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config").join("caseload")
    }

    /// The binary with this home, the database and a fixed date.
    fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--db")
            .arg(self.db())
            .args(["--today", TODAY])
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("TERM", "xterm-256color")
            .env_remove("CASELOAD_DB")
            .env_remove("NO_COLOR");
        cmd
    }

    /// The drafts kept so far, with their text.
    fn draft_files(&self) -> Vec<(PathBuf, String)> {
        let Ok(entries) = std::fs::read_dir(self.drafts()) else {
            return Vec::new();
        };
        entries
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("read draft");
                (p, text)
            })
            .collect()
    }
}

/// The binary running in a pty of `rows` x `cols`, with what it drew so far.
struct Session {
    master: Option<OwnedFd>,
    child: Child,
    screen: vt100::Parser,
}

impl Session {
    fn start(cmd: Command, rows: u16, cols: u16) -> Session {
        Session::start_with(cmd, rows, cols, false)
    }

    /// As [`Session::start`]; with `null_stdin`, standard input is `/dev/null` (at end-of-file
    /// from the start) while the pty stays the controlling terminal and standard output.
    fn start_with(mut cmd: Command, rows: u16, cols: u16, null_stdin: bool) -> Session {
        // One pty at a time is made and handed to its child: a child another test forks in
        // between would inherit these descriptors before they are marked close-on-exec.
        let _one_at_a_time = SPAWN.lock().unwrap_or_else(|e| e.into_inner());
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: valid out-pointers; no name buffer; the size is read only.
        let made = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: openpty just returned these two open descriptors, owned by nobody else.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        // SAFETY: fcntl on fds we own. Close-on-exec, or caseload itself (and any child
        // another test starts) would inherit the master and keep the pty open.
        unsafe {
            let flags = libc::fcntl(master.as_raw_fd(), libc::F_GETFL);
            libc::fcntl(master.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK);
            for fd in [master.as_raw_fd(), slave.as_raw_fd()] {
                libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
            }
        }
        let io = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup slave"));
        cmd.stdin(if null_stdin {
            Stdio::null()
        } else {
            io(&slave)
        })
        .stdout(io(&slave))
        .stderr(io(&slave));
        // SAFETY: only async-signal-safe calls between fork and exec: a new session whose
        // controlling terminal is the pty, as sshd does.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(1, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn caseload");
        drop(slave);
        Session {
            master: Some(master),
            child,
            screen: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
        }
    }

    /// Reads whatever the program has drawn.
    fn pump(&mut self) {
        let Some(master) = &self.master else { return };
        let mut buf = [0u8; 8192];
        loop {
            // SAFETY: reading into a buffer of the given length from an fd we own.
            let n = unsafe { libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                return;
            }
            self.screen.process(&buf[..n as usize]);
        }
    }

    fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Waits (up to 10 s: a loaded CI machine) until the screen shows `what`.
    fn wait_for(&mut self, what: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            self.pump();
            if self.text().contains(what) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never showed {what:?}:\n{}", self.text());
    }

    /// Presses `key` every half second until the screen shows `what` (up to 10 s).
    fn press_until(&mut self, key: &[u8], what: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            self.send(key);
            for _ in 0..10 {
                self.pump();
                if self.text().contains(what) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("the screen never showed {what:?}:\n{}", self.text());
    }

    fn send(&mut self, bytes: &[u8]) {
        let master = self.master.as_ref().expect("open master");
        let mut file = std::fs::File::from(master.try_clone().expect("dup master"));
        file.write_all(bytes).expect("type");
        std::thread::sleep(Duration::from_millis(150));
        self.pump();
    }

    fn signal(&self, signal: i32) {
        let pid = i32::try_from(self.child.id()).expect("pid");
        // SAFETY: sending a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// Closes the master side: what sshd does when the connection drops.
    fn hang_up(&mut self) {
        self.master = None;
    }

    /// Waits for the end; panics if it takes more than `limit`.
    fn wait(&mut self, limit: Duration) -> (ExitStatus, Duration) {
        let start = Instant::now();
        loop {
            self.pump();
            if let Some(status) = self.child.try_wait().expect("wait") {
                return (status, start.elapsed());
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                panic!("still running after {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The state letter of the process in /proc (`T`: stopped).
    fn state(&self) -> char {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // "pid (comm) S ...": the state follows the last ')'.
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.trim_start().chars().next())
            .unwrap_or('?')
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How the terminal goes away in each case.
#[derive(Debug, Clone, Copy)]
enum Ending {
    MasterClosed,
    Signal(i32),
}

/// Opens the add form (`a`) or the hearing form (`h`), types `typed` into it, ends the session
/// the given way, and checks the exit and the draft.
fn typed_form_survives(form: &str, ending: Ending) {
    let home = Home::new();
    let mut session = Session::start(home.command(), 24, 80);
    session.wait_for("in custody");
    let typed = match form {
        "add" => {
            session.send(b"a");
            session.wait_for("Add a person");
            session.send("Bilal Masih".as_bytes());
            session.wait_for("Bilal Masih");
            "Bilal Masih"
        }
        _ => {
            // The first rows show before everyone is loaded; `h` works once they are.
            session.press_until(b"h", "Record hearing");
            // Outcome, next date, then the note.
            session.send(b"\t\t");
            session.send(b"asked for the medical report");
            session.wait_for("asked for the medical report");
            "asked for the medical report"
        }
    };
    let expected: &[i32] = match ending {
        Ending::MasterClosed => {
            session.hang_up();
            // The kernel sends SIGHUP to the session leader as the pty closes; a terminal that
            // vanished without one ends with 1.
            &[129, 1]
        }
        Ending::Signal(signal) => {
            session.signal(signal);
            &[128 + signal]
        }
    };
    let (status, took) = session.wait(Duration::from_secs(5));
    assert!(
        took <= Duration::from_secs(2),
        "{form} {ending:?}: ended after {took:?}"
    );
    assert_ne!(status.code(), Some(101), "{form} {ending:?}: it panicked");
    assert!(
        status.code().is_some_and(|c| expected.contains(&c)),
        "{form} {ending:?}: exit {status:?}, expected one of {expected:?}"
    );
    let drafts = home.draft_files();
    assert_eq!(
        drafts.len(),
        1,
        "{form} {ending:?}: one draft, got {drafts:?}"
    );
    let (path, text) = &drafts[0];
    assert!(text.contains(typed), "{form} {ending:?}: {text}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{form} {ending:?}: owner-only");
    // Nothing beside the database: the group-shared folder gets no draft.
    let beside: Vec<_> = std::fs::read_dir(home.dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("draft"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn add_form_survives_the_master_closing() {
    typed_form_survives("add", Ending::MasterClosed);
}

#[test]
fn add_form_survives_sighup() {
    typed_form_survives("add", Ending::Signal(libc::SIGHUP));
}

#[test]
fn add_form_survives_sigterm() {
    typed_form_survives("add", Ending::Signal(libc::SIGTERM));
}

#[test]
fn add_form_survives_sigint() {
    typed_form_survives("add", Ending::Signal(libc::SIGINT));
}

#[test]
fn add_form_survives_sigquit() {
    typed_form_survives("add", Ending::Signal(libc::SIGQUIT));
}

#[test]
fn hearing_form_survives_the_master_closing() {
    typed_form_survives("hearing", Ending::MasterClosed);
}

#[test]
fn hearing_form_survives_sighup() {
    typed_form_survives("hearing", Ending::Signal(libc::SIGHUP));
}

#[test]
fn hearing_form_survives_sigterm() {
    typed_form_survives("hearing", Ending::Signal(libc::SIGTERM));
}

#[test]
fn the_next_start_offers_the_kept_draft() {
    let home = Home::new();
    let mut session = Session::start(home.command(), 24, 80);
    session.wait_for("in custody");
    session.send(b"a");
    session.wait_for("Add a person");
    session.send("Bilal Masih".as_bytes());
    session.wait_for("Bilal Masih");
    session.hang_up();
    session.wait(Duration::from_secs(5));

    let mut next = Session::start(home.command(), 24, 80);
    next.wait_for("A draft was kept when a session ended");
    next.wait_for("a new person (Bilal Masih)");
    next.send(b"y");
    next.wait_for("Add a person");
    assert!(next.text().contains("Bilal Masih"), "{}", next.text());
    // Restored: the file is gone (the open form would be the next draft).
    assert!(home.draft_files().is_empty());
    next.send(b"\x1b");
    next.send(b"y");
    next.send(b"q");
    let (status, _) = next.wait(Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn ctrl_z_suspends_and_sigcont_redraws_and_takes_keys() {
    let home = Home::new();
    let mut session = Session::start(home.command(), 24, 80);
    session.wait_for("in custody");
    session.send(b"\x1a");
    let start = Instant::now();
    while session.state() != 'T' && start.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(session.state(), 'T', "Ctrl-Z stops the process");
    session.pump();
    // Suspended: the terminal is back on the normal screen.
    assert!(!session.screen.screen().alternate_screen());
    session.signal(libc::SIGCONT);
    session.wait_for("in custody");
    let start = Instant::now();
    while !session.screen.screen().alternate_screen() && start.elapsed() < Duration::from_secs(5) {
        session.pump();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        session.screen.screen().alternate_screen(),
        "redrawn on continue"
    );
    session.send(b"q");
    let (status, _) = session.wait(Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn sigtstp_suspends_like_ctrl_z() {
    let home = Home::new();
    let mut session = Session::start(home.command(), 24, 80);
    session.wait_for("in custody");
    session.signal(libc::SIGTSTP);
    let start = Instant::now();
    while session.state() != 'T' && start.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(session.state(), 'T', "SIGTSTP stops the process");
    session.signal(libc::SIGCONT);
    session.send(b"q");
    let (status, _) = session.wait(Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "{status:?}");
}

fn write_keymap(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write keymap");
}

#[test]
fn a_bad_keymap_file_is_one_line_naming_file_line_and_key() {
    let home = Home::new();
    let file = home.dir.path().join("keys.toml");
    write_keymap(
        &file,
        "[list]\nmove_down = [\"n\"]\nsearch = [\"hyperspace\"]\n",
    );
    let out = output(home.command().arg("--keys").arg(&file));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim_end(),
        format!(
            "caseload: {}: line 3: [list] search: 'hyperspace' is not a key",
            file.display()
        )
    );
    // A key bound twice (the user's `j` and the default move_down) names both actions.
    write_keymap(&file, "[list]\nsearch = [\"j\"]\n");
    let out = output(home.command().arg("--keys").arg(&file));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2: [list] key 'j' is bound twice: move_down and search"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // The same from the config directory, with no flag.
    write_keymap(
        &home.config().join("keymap.toml"),
        "[list]\nsearch = [\"j\"]\n",
    );
    let out = output(&mut home.command());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("keymap.toml: line 2:"), "{err}");
}

#[test]
fn the_users_keymap_drives_the_keys_footer_and_help() {
    let home = Home::new();
    write_keymap(
        &home.config().join("keymap.toml"),
        "[list]\nadd = [\"n\"]\n",
    );
    let mut session = Session::start(home.command(), 24, 80);
    session.wait_for("in custody");
    // The footer shows the user's key, `a` no longer adds and `n` does.
    session.wait_for("n add");
    session.send(b"a");
    assert!(
        !session.text().contains("Add a person"),
        "{}",
        session.text()
    );
    session.send(b"?");
    session.wait_for("Add a new person");
    let help = session.text();
    let add = help
        .lines()
        .find(|l| l.contains("Add a new person"))
        .expect("add line");
    assert!(add.trim_start().starts_with("n "), "{help}");
    session.send(b"\x1b");
    session.send(b"n");
    session.wait_for("Add a person");
    session.send(b"\x1b");
    session.send(b"q");
    let (status, _) = session.wait(Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "{status:?}");
}

fn nonzero(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("a size above zero")
}

#[test]
fn a_link_planted_at_the_old_draft_path_beside_the_database_is_not_followed() {
    let home = Home::new();
    let victim = home.dir.path().join("authorized_keys");
    std::fs::write(&victim, "ssh-ed25519 AAAA ayesha\n").expect("victim");
    // Where drafts used to go: beside the database, in the group's shared folder.
    let old = home.dir.path().join("clinic.db.draft.ayesha.json");
    std::os::unix::fs::symlink(&victim, &old).expect("plant");
    let mut cmd = home.command();
    cmd.env("LOGNAME", "ayesha").env("USER", "ayesha");
    let mut session = Session::start(cmd, 24, 80);
    session.wait_for("in custody");
    session.send(b"a");
    session.wait_for("Add a person");
    session.send(b"Bilal Masih");
    session.wait_for("Bilal Masih");
    session.hang_up();
    session.wait(Duration::from_secs(5));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "ssh-ed25519 AAAA ayesha\n"
    );
    assert_eq!(home.draft_files().len(), 1, "kept in the user's own folder");
}

#[test]
fn stdin_at_end_of_file_ends_the_session_without_spinning() {
    let home = Home::new();
    let mut session = Session::start_with(home.command(), 24, 80, true);
    let (status, took) = session.wait(Duration::from_secs(5));
    assert!(took <= Duration::from_secs(2), "ended after {took:?}");
    assert_eq!(status.code(), Some(1), "{status:?}");
    assert!(
        session.text().contains("the terminal went away"),
        "{}",
        session.text()
    );
}

#[test]
fn mouse_reports_are_on_while_it_runs_a_tap_opens_and_a_hang_up_turns_them_off() {
    use vt100::MouseProtocolMode::None as Off;
    let home = Home::new();
    let mut session = Session::start(home.command(), 20, 45);
    session.wait_for("in custody");
    assert_ne!(session.screen.screen().mouse_protocol_mode(), Off);
    // An SGR tap on the selected first row (line 3, 1-based) opens the person's page. Input
    // sent at the very start can be lost (as for keys): tap until it shows.
    session.press_until(b"\x1b[<0;5;3M\x1b[<0;5;3m", "Why this rank");
    session.signal(libc::SIGHUP);
    let (status, _) = session.wait(Duration::from_secs(5));
    assert_eq!(status.code(), Some(129), "{status:?}");
    assert_eq!(session.screen.screen().mouse_protocol_mode(), Off);
    let mut no_mouse = home.command();
    no_mouse.arg("--no-mouse");
    let mut session = Session::start(no_mouse, 20, 45);
    session.wait_for("in custody");
    assert_eq!(session.screen.screen().mouse_protocol_mode(), Off);
}
