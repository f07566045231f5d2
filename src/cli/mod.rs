//! The command line: global options, subcommands, exit statuses, and a `run` that hands each
//! subcommand to its module: `start` (the terminal UI, the default, and `demo`), `list`
//! (`--filter`, `--sort`, `--columns`), `report` (`explain`), `edit` (`add`, `update`,
//! `hearing`, `show`, `history`), `bulk` (`update --filter`), `export` (records out in the
//! import format), `view`, `staff`, `import` (`import`, `generate`), `checklist`,
//! `maintenance` (`backup`, `check`, `encrypt`), `weights`, `stats` and `report_file`
//! (`report`), `duplicates` (with `likely`, the check before `add` and `import` save),
//! `calendar` (hearings as .ics) and `docs` (`completions`, `man`). Every command but the UI
//! prints and exits, for scripts, screen readers and tests.

mod bulk;
mod calendar;
mod checklist;
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
mod report;
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
        /// Only people every term holds for, e.g. "court:multan band:critical -has:lawyer"
        /// (the filter language: see README, Filters)
        // A filter may start with a negated term: `--filter -has:lawyer` is a value, not a flag.
        #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
        filter: Option<String>,
        #[command(flatten)]
        shape: Shape,
        /// Open a saved view (`caseload view list`): its filter, sort and columns; options
        /// given beside it win, and a --filter adds terms
        #[arg(long, value_name = "NAME")]
        view: Option<String>,
    },
    /// Saved views: a name, a filter, a sort and the columns shown
    View {
        #[command(subcommand)]
        action: ViewAction,
    },
    /// The clinic's staff: which login is which lawyer
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
    /// Explain one person's urgency: every reason and its points
    Explain {
        /// The person's id (as in `caseload list`)
        id: i64,
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
    },
    /// Import detainees from a CSV file (all rows or none). Rows that may be someone already in
    /// the caseload, or an earlier row, are listed as warnings by line and imported all the same
    Import {
        file: PathBuf,
        /// Check the file and report what would be added (and the likely duplicates), without
        /// writing
        #[arg(long)]
        dry_run: bool,
        /// Leave out the rows that may be someone already in the caseload or an earlier row
        #[arg(long)]
        skip_likely_duplicates: bool,
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
    /// Add a person: `caseload add name=… arrest_date=… [field=value…]` (fields as in the CSV
    /// import). If they may be someone already in the caseload, the likely matches are listed
    /// and nothing is saved unless --force
    Add {
        /// field=value pairs; `name` and `arrest_date` are required
        #[arg(value_name = "FIELD=VALUE", required = true)]
        fields: Vec<String>,
        /// Save as a new person even when they may be someone already in the caseload
        #[arg(long)]
        force: bool,
    },
    /// Change fields of a person, `caseload update ID field=value…`, or of everyone a filter
    /// selects, `caseload update --filter EXPR field=value… [--dry-run]`
    Update {
        /// The person's id, then field=value pairs (a blank value clears the field); with
        /// --filter only the pairs
        #[arg(value_name = "ID FIELD=VALUE", required = true)]
        args: Vec<String>,
        /// Refuse (and change nothing) unless the record is still at this version
        #[arg(long, value_name = "N", conflicts_with = "filter")]
        if_version: Option<i64>,
        /// Change everyone on file this filter selects (released people too: add -is:released)
        #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
        filter: Option<String>,
        /// With --filter: show who would change and how, and change nothing
        #[arg(long, requires = "filter")]
        dry_run: bool,
        /// With --filter: if anyone selected was changed by someone else meanwhile, change
        /// nobody (by default the others are still changed)
        #[arg(long, requires = "filter")]
        all_or_none: bool,
    },
    /// Every field of the selected records to a file, in the import format (CSV) or JSON
    Export {
        /// Only the people this filter selects (everyone on file by default)
        #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
        filter: Option<String>,
        /// Only the people this saved view's filter selects (with --filter: both must hold)
        #[arg(long, value_name = "NAME")]
        view: Option<String>,
        #[arg(long, value_enum)]
        format: export::ExportFormat,
        /// The file to write (created owner-only); CSV adds STEM.hearings.csv and STEM.findings.csv
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Include health details (HIV, TB, hepatitis C, mental health); left out by default
        #[arg(long)]
        include_health: bool,
        /// Overwrite the files if they exist
        #[arg(long)]
        force: bool,
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
    /// Write the coming hearings as a calendar file for a phone: one all-day event per hearing,
    /// a reminder the evening before, the same event ids on every run. Private by default: the
    /// case reference and band, no names, no health
    Calendar(calendar::Request),
    /// Print shell completions (`caseload completions bash > …/completions/caseload`; see README)
    Completions {
        #[arg(value_enum)]
        shell: docs::Shell,
    },
    /// Print the manual page (roff) of caseload, or of one command: `caseload man list | man -l -`
    Man {
        /// A command's own page (caseload-COMMAND)
        command: Option<String>,
    },
    /// List pairs of records that may be one person, best first (nothing is merged)
    Duplicates {
        /// Report only pairs scoring at least this [default: 50]
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
        min_score: Option<i32>,
        #[arg(long, value_enum, default_value_t = duplicates::DuplicatesFormat::Table)]
        format: duplicates::DuplicatesFormat,
        /// Remember that people A and B are two people: never suggested as a pair again
        #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with_all = ["min_score", "format"])]
        not_same: Option<Vec<i64>>,
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

/// How a list is shown: its order and columns (`list`, `view save`).
#[derive(Debug, Clone, clap::Args)]
pub struct Shape {
    /// Order by score (the urgency rank, default), days, hearing, name or prison; the RANK
    /// column still shows the urgency rank
    #[arg(long, value_name = "KEY")]
    pub sort: Option<String>,
    /// Turn the sort round (people with no hearing or prison stay last)
    #[arg(long)]
    pub reverse: bool,
    /// The columns after RANK, comma-separated: id, name, father, prison, days, hearing,
    /// band, score, reason, court, lawyer, ps, district, law, stage, bail, gender, age
    #[arg(long, value_name = "A,B,C")]
    pub columns: Option<String>,
}

/// What `caseload view` does.
#[derive(Debug, Subcommand)]
pub enum ViewAction {
    /// Every view (saved ones first, then the shipped ones), with the options it stands for
    List,
    /// Save a view for everyone on this file (replacing one of the same name), audited
    Save {
        name: String,
        #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
        filter: String,
        #[command(flatten)]
        shape: Shape,
    },
    /// Delete a saved view (the shipped ones stay)
    Delete { name: String },
}

/// What `caseload staff` does.
#[derive(Debug, Subcommand)]
pub enum StaffAction {
    /// Map a login to the lawyer's name as written in cases (`lawyer:me`, history)
    Add { login: String, name: String },
    /// Every login and the name it is mapped to
    List,
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
            filter,
            shape,
            view,
        } => {
            let asked = view::Asked::new(view, filter, shape);
            list::run_list(&context, today, (format, limit, search), &asked)
        }
        Command::View { action } => match action {
            ViewAction::List => to_stdout(|out| view::list(&context, out)),
            ViewAction::Delete { name } => view::delete(&context, &name),
            ViewAction::Save {
                name,
                filter,
                shape,
            } => view::save(
                &context,
                &name,
                &view::Asked::new(None, Some(filter), shape),
            ),
        },
        Command::Staff { action } => match action {
            StaffAction::Add { login, name } => staff::add(&context, &login, &name),
            StaffAction::List => to_stdout(|out| staff::list(&context, out)),
        },
        Command::Explain { id, format } => report::run_explain(&context, today, id, format),
        Command::Import {
            file,
            dry_run,
            skip_likely_duplicates,
        } => {
            let mode = import::ImportMode {
                dry_run,
                skip_likely_duplicates,
            };
            import::run(&context, &file, mode, today)
        }
        command @ Command::Checklist { .. } => checklist_command::run(&context, today, command),
        Command::Backup { path, force } => maintenance::backup(&context, &path, force),
        Command::Check => maintenance::check(&context),
        Command::Encrypt => maintenance::encrypt(&context),
        Command::Weights => weights::run(),
        Command::Add { fields, force } => {
            let weights = context.weights()?;
            edit::add(
                &mut context.open(OpenMode::MustExist)?,
                &fields,
                force,
                today,
                &weights,
            )
        }
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
        } => {
            let (id, fields) = edit::split_id(&args)?;
            edit::update(
                &mut context.open(OpenMode::MustExist)?,
                id,
                fields,
                if_version,
                today,
                &context.weights()?,
            )
        }
        Command::Export {
            filter,
            view,
            format,
            out,
            include_health,
            force,
        } => export::run(
            &context,
            today,
            &export::ExportOptions {
                asked: view::Asked {
                    view,
                    filter,
                    ..view::Asked::default()
                },
                format,
                out,
                include_health,
                force,
            },
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
