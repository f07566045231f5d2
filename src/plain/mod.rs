//! Plain mode (`caseload --plain`, and the default when `TERM=dumb`): the caseload for screen
//! readers and braille displays. No alternate screen, no raw mode, no colour, no box drawing,
//! no spinner: the terminal stays in its ordinary line mode, so the reader's own review keys,
//! history and braille routing work, and every answer is a few lines of words. It reads one
//! command per line from standard input (`list`, `open 3`, `next`, `search aslam`,
//! `filter court:multan`, `hearing 3 adjourned 2026-12-20`, `help`, `quit`) and prints only what
//! changed, then the prompt. `commands.rs` turns a line into a [`commands::Command`],
//! `session.rs` carries it out against the store, `lines.rs` words the answers.

pub mod commands;
pub mod lines;
pub mod session;

use crate::domain::text::sanitize_lines;
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use std::io::{BufRead, IsTerminal, Write};

pub use session::Session;

/// The prompt, printed before each command is read.
pub const PROMPT: &str = "caseload> ";

/// How a session starts.
#[derive(Debug, Clone)]
pub struct Options {
    /// What the first line says the session is on (the database, or the demo).
    pub title: String,
    /// The privacy screen: health details hidden, names shortened, as the TUI's `p`.
    pub private: bool,
    /// `--mine`: start filtered on `lawyer:me`, as the TUI does.
    pub mine: bool,
}

/// Plain mode on standard input and output until `quit` or the end of input.
pub fn run(store: Store, today: NaiveDate, weights: Weights, options: &Options) -> Result<()> {
    let mut session = Session::open(store, today, weights, options.private)?;
    if options.mine {
        session.act(commands::Command::Filter(Some("lawyer:me".to_string())))?;
    }
    let stdin = std::io::stdin();
    // Typed at a terminal, the command is already on the screen; read from a file or a pipe,
    // it is written after the prompt so the output reads as the conversation it was.
    let echo = !stdin.is_terminal();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", sanitize_lines(&session.greeting(&options.title)))?;
    converse(&mut session, stdin.lock(), &mut out, echo)
}

/// The loop: prompt, read a line, answer it. A command that fails prints its one line and the
/// session goes on; only a failed write to `out` (the terminal gone) ends it early.
pub fn converse(
    session: &mut Session,
    mut input: impl BufRead,
    out: &mut impl Write,
    echo: bool,
) -> Result<()> {
    let mut bytes = Vec::new();
    loop {
        write!(out, "{PROMPT}")?;
        out.flush()?;
        bytes.clear();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            // End of input (Ctrl-D): end the prompt's line so the shell's starts clean.
            writeln!(out)?;
            out.flush()?;
            return Ok(());
        }
        // Bytes that are not UTF-8 are shown as replacement characters, never refused.
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches(['\n', '\r']);
        if echo {
            writeln!(out, "{}", sanitize_lines(line))?;
        }
        let answer = match commands::parse(line) {
            Ok(commands::Command::Quit) => {
                out.flush()?;
                return Ok(());
            }
            Ok(command) => session
                .act(command)
                .unwrap_or_else(|error| vec![crate::cli::error_line(&error)]),
            Err(message) => vec![message],
        };
        for line in answer {
            writeln!(out, "{}", sanitize_lines(&line))?;
        }
    }
}
