//! The command line: global options, subcommands, exit statuses, and a `run` that hands each
//! subcommand to its module: `start` (the terminal UI, the default, and `demo`), `list`
//! (`--filter`, `--sort`, `--columns`), `report` (`explain`), `edit` (`add`, `update`,
//! `hearing`, `show`, `history`), `bulk` (`update --filter`), `export` (records out in the
//! import format), `view`, `staff`, `import` (`import`, `generate`), `checklist`,
//! `maintenance` (`backup`, `check`, `encrypt`), `weights`, `stats` and `report_file`
//! (`report`), `duplicates` (with `likely`, the check before `add` and `import` save),
//! `calendar` (hearings as .ics) and `docs` (`completions`, `man`). Every command but the UI
//! prints and exits, for scripts, screen readers and tests.

mod args;
mod bulk;
mod calendar;
pub(crate) mod checklist;
mod checklist_command;
mod docs;
mod duplicates;
pub mod edit;
mod export;
mod import;
mod likely;
pub mod list;
mod maintenance;
mod population;
pub(crate) mod report;
mod report_file;
pub mod say;
mod secret;
mod staff;
mod start;
pub mod stats;
mod trend;
pub mod view;
mod weights;

use crate::config;
use crate::domain::weights::Weights;
use crate::store::{OpenMode, Store, StoreError};
use anyhow::Result;
use chrono::NaiveDate;
use clap::Parser;
use std::io::Write;
use std::path::PathBuf;

use args::parse_today;
pub use args::{Command, ExplainFormat, ListFormat, Shape, StaffAction, ViewAction};

/// Legal-aid caseload triage: who in custody needs a lawyer first, and why.
#[derive(Debug, Parser)]
#[command(name = "caseload", version, about, propagate_version = true, after_help = EXIT_STATUS)]
pub struct Cli {
    /// The caseload database [default: caseload.db in your data directory]
    #[arg(long, global = true, env = "CASELOAD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Compute everything as of this date (YYYY-MM-DD) instead of today
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<NaiveDate>,

    /// Urgency weights file [default: weights.toml in your config directory, if present]
    #[arg(long, global = true, value_name = "FILE")]
    pub weights: Option<PathBuf>,

    /// Key bindings for the terminal UI, laid over the defaults [default: keymap.toml in your
    /// config directory, if present]
    #[arg(long, global = true, value_name = "FILE")]
    pub keys: Option<PathBuf>,

    /// Passphrase of an encrypted database, read from this owner-only file (for scripts;
    /// otherwise caseload asks on the terminal)
    #[arg(long, global = true, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// Open the terminal UI on your own cases (`lawyer:me`: the name `caseload staff add` maps
    /// your login to)
    #[arg(long, global = true)]
    pub mine: bool,

    /// Plain lines instead of the full-screen UI, for screen readers and braille displays:
    /// commands by word on standard input, numbered lines out (also chosen when TERM=dumb)
    #[arg(long, global = true)]
    pub plain: bool,

    /// No taps, clicks or wheel in the terminal UI (the terminal keeps its own mouse: select
    /// and copy) [also `[tui] mouse = false` in config.toml]
    #[arg(long, global = true)]
    pub no_mouse: bool,

    /// Colours of the terminal UI: default, high-contrast or mono [also `[tui] theme` in
    /// config.toml; NO_COLOR chooses mono]
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<crate::domain::theme::ThemeName>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The exit statuses, as `--help` shows them.
const EXIT_STATUS: &str = "Exit status: 0 done; 1 an error (one line on standard error says \
which); 2 a mistake on the command line; 75 the database is busy because another program is \
writing to it: nothing was changed, try again.";

/// Exit status when another program holds the database's write lock (BSD's `EX_TEMPFAIL`:
/// nothing was changed, the same command may succeed later).
pub const EXIT_BUSY: u8 = 75;

/// The exit status for an error that ended the command (see [`EXIT_STATUS`]).
/// A TUI session a signal ended exits 128 + the signal's number (129 SIGHUP, 130 SIGINT,
/// 143 SIGTERM).
pub fn exit_status(error: &anyhow::Error) -> u8 {
    if let Some(why) = error.downcast_ref::<crate::tui::Interrupted>() {
        return why.exit_status();
    }
    let busy = error
        .chain()
        .any(|cause| matches!(cause.downcast_ref(), Some(StoreError::Busy { .. })));
    if busy { EXIT_BUSY } else { 1 }
}

/// The error as the one line `main` prints: anyhow's chain joined with `: `, leaving out a
/// cause that only repeats the one before it (rusqlite's "Error code 5: database is locked"
/// after "database is locked"), so no cause is printed twice whatever wrapped it.
pub fn error_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut previous = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !previous.is_empty() && (previous.contains(&text) || text.contains(&previous)) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
        previous = text;
    }
    line
}

/// Runs the command line and returns the process exit code: each subcommand is carried out by
/// its own module.
pub fn run(cli: Cli) -> Result<()> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let context = Settings {
        db: cli.db.clone(),
        weights_file: cli.weights.clone(),
        key_file: cli.key_file.clone(),
    };
    let start = |private| start::Start {
        private,
        mine: cli.mine,
        plain: cli.plain,
        no_mouse: cli.no_mouse,
        theme: cli.theme,
        keys: cli.keys.as_deref(),
    };
    match cli.command.unwrap_or(Command::Tui { private: false }) {
        Command::Tui { private } => start::tui(&context, today, start(private)),
        Command::Demo {
            rows,
            seed,
            private,
        } => start::demo(&context, today, (rows, seed), start(private)),
        Command::Generate { rows, seed } => import::generate(&context, rows, seed, today),
        Command::List {
            format,
            limit,
            search,
            filter,
            shape,
            view,
        } => {
            let asked = view::Asked::new(view, filter, shape);
            list::run_list(&context, today, (format, limit, search), &asked)
        }
        Command::View { action } => view::run(&context, action),
        Command::Staff { action } => staff::run(&context, action),
        Command::Explain { id, format } => report::run_explain(&context, today, id, format),
        Command::Import { file, mode } => import::run(&context, &file, mode, today),
        command @ Command::Checklist { .. } => checklist_command::run(&context, today, command),
        Command::Backup { path, force } => maintenance::backup(&context, &path, force),
        Command::Check => maintenance::check(&context),
        Command::Encrypt => maintenance::encrypt(&context),
        Command::Weights => weights::run(),
        Command::Add { fields, force } => edit::run_add(&context, today, &fields, force),
        // clap refuses --if-version with --filter: each person's version is checked instead.
        Command::Update {
            args,
            filter: Some(filter),
            dry_run,
            all_or_none,
            ..
        } => bulk::run(&context, today, &filter, &args, (dry_run, all_or_none)),
        Command::Update {
            args,
            if_version,
            filter: None,
            ..
        } => edit::run_update(&context, today, &args, if_version),
        Command::Export(options) => export::run(&context, today, &options),
        Command::Hearing(request) => edit::run_hearing(&context, today, request),
        Command::Show { id, format } => edit::run_show(&context, id, format),
        Command::History { id } => edit::run_history(&context, id),
        Command::Stats(request) => stats::run(&context, today, request),
        command @ Command::Report { .. } => report_file::run(&context, today, command),
        Command::Calendar(request) => calendar::run(&context, today, &request),
        Command::Completions { shell } => to_stdout(|out| docs::completions(shell, out)),
        Command::Man { command } => to_stdout(|out| docs::man(command.as_deref(), out)),
        Command::Duplicates {
            min_score,
            format,
            not_same,
        } => duplicates::run(&context, today, (min_score, format), not_same.as_deref()),
    }
}

/// Runs `write` on a locked standard output and flushes it, so a failed write (a closed pipe)
/// is reported as the command's error.
fn to_stdout(write: impl FnOnce(&mut Stdout) -> Result<()>) -> Result<()> {
    // Standard output flushes at every newline; buffered, a million-row table or JSON is a few
    // thousand writes instead of millions of system calls (`duplicates --format table` at 1M:
    // most of its time).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    write(&mut out)?;
    out.flush()?;
    Ok(())
}

/// What [`to_stdout`] writes to.
type Stdout = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// Where every command finds its data.
struct Settings {
    db: Option<PathBuf>,
    weights_file: Option<PathBuf>,
    key_file: Option<PathBuf>,
}

impl Settings {
    /// Opens the database, asking for the passphrase when it is encrypted, and shows any warning
    /// about the file (permissions, network file system) on standard error.
    fn open(&self, mode: OpenMode) -> Result<Store> {
        let path = config::database_path(self.db.as_deref())?;
        let key = match &self.key_file {
            Some(file) => Some(secret::read_key_file(file)?),
            None if !crate::store::is_plain_sqlite(&path) => secret::ask_passphrase(&path)?,
            None => None,
        };
        let store = Store::open_with_key(&path, mode, key.as_deref())?;
        for warning in store.warnings() {
            say::err(format_args!("caseload: {warning}"));
        }
        Ok(store)
    }

    fn weights(&self) -> Result<Weights> {
        config::load_weights(self.weights_file.as_deref())
    }
}
