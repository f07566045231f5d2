//! The command line: global options, subcommands, exit statuses, and a `run` that hands each
//! subcommand to its module: `start` (the terminal UI, the default, and `demo`), `report`
//! (`list`, `explain`), `edit` (`add`, `update`, `hearing`, `show`, `history`), `import`
//! (`import`, `generate`), `checklist`, `maintenance` (`backup`, `check`, `encrypt`) and
//! `weights`. Every command but the UI prints and exits, for scripts, screen readers and tests.

mod checklist;
mod checklist_command;
pub mod edit;
mod import;
mod maintenance;
mod population;
mod report;
mod report_file;
pub mod say;
mod secret;
mod start;
pub mod stats;
mod trend;
mod weights;

use crate::config;
use crate::domain::weights::Weights;
use crate::store::{OpenMode, Store, StoreError};
use anyhow::Result;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

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

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal UI on the database (the default)
    Tui {
        /// Start with the privacy screen on: health details masked, names shortened
        #[arg(long)]
        private: bool,
    },
    /// Open the terminal UI on a freshly generated synthetic caseload (touches no real data)
    Demo {
        /// How many people to generate
        #[arg(long, default_value_t = 400)]
        rows: usize,
        /// Seed for the generator: the same seed gives the same caseload
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Start with the privacy screen on
        #[arg(long)]
        private: bool,
    },
    /// Write a synthetic caseload into --db (deterministic for a seed)
    Generate {
        /// How many people to generate
        #[arg(long)]
        rows: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// List people in custody, most urgent first
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Show at most this many people
        #[arg(long)]
        limit: Option<usize>,
        /// Fuzzy search over name, father's name, FIR number, prison and police station
        #[arg(long, value_name = "QUERY")]
        search: Option<String>,
    },
    /// Explain one person's urgency: every reason and its points
    Explain {
        /// The person's id (as in `caseload list`)
        id: i64,
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
    },
    /// Import detainees from a CSV file (all rows or none)
    Import {
        file: PathBuf,
        /// Check the file and report what would be added, without writing
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the default urgency weights, as a starting weights.toml
    Weights,
    /// Copy the database to PATH, consistently, even while others are writing
    Backup {
        path: PathBuf,
        /// Replace PATH if it exists
        #[arg(long)]
        force: bool,
    },
    /// Check the database's integrity and links, and report in plain words
    Check,
    /// Encrypt the database in place (SQLCipher); the passphrase is asked twice on the
    /// terminal, or read from --key-file. Run it when no one else has the file open.
    Encrypt,
    /// Add a person: `caseload add name=… arrest_date=… [field=value…]` (fields as in the CSV import)
    Add {
        /// field=value pairs; `name` and `arrest_date` are required
        #[arg(value_name = "FIELD=VALUE", required = true)]
        fields: Vec<String>,
    },
    /// Change fields of a person: `caseload update ID field=value…`
    Update {
        id: i64,
        /// field=value pairs (a blank value clears the field)
        #[arg(value_name = "FIELD=VALUE", required = true)]
        fields: Vec<String>,
        /// Refuse (and change nothing) unless the record is still at this version
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Record what happened at a hearing, and the next date
    Hearing {
        id: i64,
        /// adjourned, bail_granted, bail_refused, charge_framed, evidence, arguments,
        /// judgment_reserved, acquitted, convicted, released, other
        #[arg(long)]
        outcome: String,
        /// The next hearing date
        #[arg(long, value_name = "DATE")]
        next: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Refuse (and change nothing) unless the record is still at this version
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Print one person's record with its version
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = edit::ShowFormat::Text)]
        format: edit::ShowFormat,
    },
    /// Print one person's history: every change, who made it and when
    History { id: i64 },
    /// Numbers about the people in custody: the headline, one row per value (--by), counts
    /// safe to publish (--anonymised), or the monthly trend from the history (--trend)
    Stats {
        /// Only the people this filter keeps (`court:multan band:critical,high -has:lawyer`)
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        /// One row per value of prison, court, lawyer, police_station, district, law, gender,
        /// substance, band or stage; with --anonymised one or two fields (`prison,gender`)
        #[arg(long, value_name = "FIELD[,FIELD]")]
        by: Option<String>,
        #[arg(long, value_enum, default_value_t = stats::StatsFormat::Table)]
        format: stats::StatsFormat,
        /// Counts only, safe to publish: a count under the threshold is shown as <N, and more
        /// are hidden so that none can be worked out from the totals
        #[arg(long)]
        anonymised: bool,
        /// With --anonymised: the smallest count shown (never below 3)
        #[arg(
            long,
            value_name = "N",
            env = "CASELOAD_THRESHOLD",
            default_value_t = 5
        )]
        threshold: u64,
        /// Per calendar month over the last 12 months, from the audit trail and hearing dates
        #[arg(long, value_enum, value_name = "PERIOD")]
        trend: Option<stats::TrendPeriod>,
    },
    /// A report to print or send: headline, custody-band chart, by prison and by court, and
    /// the trend, as HTML or PDF (owner-only file, recorded in the audit trail)
    Report {
        #[arg(long, value_enum)]
        format: report_file::ReportFormat,
        /// The file to write (created owner-only)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only the people this filter keeps
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        /// Made from the suppressed tables only, as `stats --anonymised` publishes them
        #[arg(long)]
        anonymised: bool,
        /// With --anonymised: the smallest count shown (never below 3)
        #[arg(
            long,
            value_name = "N",
            env = "CASELOAD_THRESHOLD",
            default_value_t = 5
        )]
        threshold: u64,
        /// Overwrite --out if it exists
        #[arg(long)]
        force: bool,
    },
    /// Hearing checklists: one person's, or every hearing of a court day, most urgent first
    #[command(group = clap::ArgGroup::new("subject").required(true).args(["date", "id"]))]
    Checklist {
        /// Every hearing on this date (YYYY-MM-DD)
        #[arg(long, value_parser = parse_today)]
        date: Option<NaiveDate>,
        /// With --date: only this court (part of its name, any case)
        #[arg(long, requires = "date")]
        court: Option<String>,
        /// With --date: only this lawyer's cases (part of the name, any case)
        #[arg(long, requires = "date")]
        lawyer: Option<String>,
        /// One person's checklist for their next hearing
        #[arg(long)]
        id: Option<i64>,
        #[arg(long, value_enum)]
        format: checklist::ChecklistFormat,
        /// Write to this file (created owner-only) instead of standard output
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Include health details (HIV, TB, hepatitis C, mental health); left out by default
        #[arg(long)]
        include_health: bool,
        /// Overwrite --out if it exists
        #[arg(long)]
        force: bool,
        /// Extra checklist rules, added to the defaults [default: checklist.toml in your config directory, if present]
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

fn parse_today(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date in the form YYYY-MM-DD"))
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
    let keys = cli.keys.as_deref();
    match cli.command.unwrap_or(Command::Tui { private: false }) {
        Command::Tui { private } => start::tui(&context, today, private, keys),
        Command::Demo {
            rows,
            seed,
            private,
        } => start::demo(&context, today, (rows, seed), private, keys),
        Command::Generate { rows, seed } => import::generate(&context, rows, seed, today),
        Command::List {
            format,
            limit,
            search,
        } => report::run_list(&context, today, format, limit, search.as_deref()),
        Command::Explain { id, format } => report::run_explain(&context, today, id, format),
        Command::Import { file, dry_run } => import::run(&context, &file, dry_run, today),
        command @ Command::Checklist { .. } => checklist_command::run(&context, today, command),
        Command::Backup { path, force } => maintenance::backup(&context, &path, force),
        Command::Check => maintenance::check(&context),
        Command::Encrypt => maintenance::encrypt(&context),
        Command::Weights => weights::run(),
        Command::Add { fields } => {
            let weights = context.weights()?;
            edit::add(
                &mut context.open(OpenMode::MustExist)?,
                &fields,
                today,
                &weights,
            )
        }
        Command::Update {
            id,
            fields,
            if_version,
        } => edit::update(
            &mut context.open(OpenMode::MustExist)?,
            id,
            &fields,
            if_version,
            today,
            &context.weights()?,
        ),
        Command::Hearing {
            id,
            outcome,
            next,
            note,
            if_version,
        } => edit::hearing(
            &mut context.open(OpenMode::MustExist)?,
            id,
            &outcome,
            next.as_deref(),
            note,
            if_version,
            today,
        ),
        Command::Show { id, format } => edit::run_show(&context, id, format),
        Command::History { id } => edit::run_history(&context, id),
        Command::Stats {
            filter,
            by,
            format,
            anonymised,
            threshold,
            trend,
        } => stats::run(
            &context,
            today,
            stats::StatsRequest {
                filter,
                by,
                format,
                anonymised,
                threshold,
                trend,
            },
        ),
        command @ Command::Report { .. } => report_file::run(&context, today, command),
    }
}

/// Runs `write` on a locked standard output and flushes it, so a failed write (a closed pipe)
/// is reported as the command's error.
fn to_stdout(write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> Result<()>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    write(&mut out)?;
    out.flush()?;
    Ok(())
}

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
