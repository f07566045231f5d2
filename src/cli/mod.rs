//! The command line: global options, subcommands, and what each one runs. The terminal UI is the
//! default; every other command prints and exits, for scripts, screen readers and tests.

mod checklist;
pub mod edit;
mod report;
pub mod say;
mod secret;

use crate::config;
use crate::domain::demo;
use crate::domain::model::Record;
use crate::domain::weights::{DEFAULT_WEIGHTS_TOML, Weights};
use crate::import;
use crate::store::{OpenMode, Store, StoreError};
use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> Result<()> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let context = Settings {
        db: cli.db.clone(),
        weights_file: cli.weights.clone(),
        key_file: cli.key_file.clone(),
    };
    match cli.command.unwrap_or(Command::Tui { private: false }) {
        Command::Tui { private } => {
            let weights = context.weights()?;
            let options = tui_options(private, cli.keys.as_deref(), true)?;
            let store = context.open(OpenMode::CreateIfMissing)?;
            // The path may come from CASELOAD_DB: sanitised like every other line shown.
            let mut title =
                crate::domain::text::sanitize(&format!("caseload: {}", store.path().display()));
            if store.is_read_only() {
                title.push_str(" · read-only");
            }
            crate::tui::run(store, today, weights, title, options)
        }
        Command::Demo {
            rows,
            seed,
            private,
        } => {
            let weights = context.weights()?;
            let dir = tempfile::Builder::new()
                .prefix("caseload-demo-")
                .tempdir()
                .context("cannot create a temporary directory for the demo")?;
            let path = dir.path().join("demo.db");
            let mut store = Store::open(&path, OpenMode::CreateIfMissing)?;
            store.insert_all(demo::generate(rows, seed, today))?;
            let title = format!("caseload demo ({rows} synthetic people)");
            // `dir` lives until the TUI returns: the demo file is removed afterwards.
            // No drafts: the demo's file is gone when it ends, a draft of it would mean nothing.
            let options = tui_options(private, cli.keys.as_deref(), false)?;
            let result = crate::tui::run(store, today, weights, title, options);
            drop(dir);
            result
        }
        Command::Generate { rows, seed } => {
            keep_heap_for_bulk_writes();
            let mut store = context.open(OpenMode::CreateIfMissing)?;
            let started = std::time::Instant::now();
            let outcome = store.insert_all(demo::generate(rows, seed, today))?;
            let seconds = started.elapsed().as_secs_f64();
            say::err(format_args!(
                "generated {} people into {} in {seconds:.2} s ({:.0} people/s){}",
                outcome.added,
                store.path().display(),
                outcome.added as f64 / seconds.max(1e-9),
                already(outcome.already_present),
            ));
            Ok(())
        }
        Command::List {
            format,
            limit,
            search,
        } => {
            let weights = context.weights()?;
            let store = context.open(OpenMode::MustExist)?;
            let mut out = std::io::stdout().lock();
            // Everyone or a few: ranked from facts alone, full records read only for the
            // people printed, a chunk at a time.
            let query = search.as_deref();
            report::list_ranked(&mut out, &store, today, &weights, format, limit, query)?;
            out.flush()?;
            Ok(())
        }
        Command::Explain { id, format } => {
            let weights = context.weights()?;
            let store = context.open(OpenMode::MustExist)?;
            let record = store
                .get(id)?
                .ok_or_else(|| anyhow!("{}: no person with id {id}", store.path().display()))?;
            let mut out = std::io::stdout().lock();
            report::explain(&mut out, &record, today, &weights, format)?;
            out.flush()?;
            Ok(())
        }
        Command::Import { file, dry_run } => {
            keep_heap_for_bulk_writes();
            import_file(&context, &file, dry_run, today)
        }
        Command::Checklist {
            date,
            court,
            lawyer,
            id,
            format,
            out,
            include_health,
            force,
            rules,
        } => {
            let weights = context.weights()?;
            let rules = config::load_rules(rules.as_deref())?;
            let mut store = context.open(OpenMode::MustExist)?;
            // Only the people the export is about: instant at any caseload size.
            let records = match (id, date) {
                (Some(id), _) => store
                    .get_versioned(id)?
                    .filter(|v| !v.archived)
                    .map(|v| vec![v.record])
                    .unwrap_or_default(),
                (None, Some(date)) => store.load_hearing_day(date)?,
                (None, None) => Vec::new(),
            };
            let subject = match (id, date) {
                (Some(id), _) => checklist::Subject::Person(id),
                (None, Some(date)) => checklist::Subject::Day(
                    date,
                    crate::domain::daysheet::DayFilter {
                        date: Some(date),
                        court,
                        lawyer,
                    },
                ),
                (None, None) => return Err(anyhow!("give --date or --id")),
            };
            let request = checklist::Request {
                subject,
                format,
                out: out.as_deref(),
                privacy: crate::domain::checklist::Privacy { include_health },
                force,
            };
            let exported = checklist::run(&records, today, &weights, &rules, &request)?;
            if store.is_read_only() {
                say::err(format_args!(
                    "caseload: {} is read-only for you, so this export is not in its audit trail",
                    store.path().display()
                ));
            }
            store.record_export(&exported.ids, &exported.what, &exported.to)?;
            Ok(())
        }
        Command::Backup { path, force } => {
            let store = context.open(OpenMode::MustExist)?;
            crate::maintenance::backup(&store, &path, force)?;
            say::err(format_args!(
                "backed up {} to {}",
                store.path().display(),
                path.display()
            ));
            Ok(())
        }
        Command::Check => {
            let store = context.open(OpenMode::MustExist)?;
            let health = crate::maintenance::check(&store)?;
            let counts: Vec<String> = health
                .counts
                .iter()
                .map(|(table, n)| format!("{n} {table}"))
                .collect();
            say::out(format_args!(
                "{}: {}",
                store.path().display(),
                counts.join(", ")
            ));
            if health.problems.is_empty() {
                say::out(format_args!(
                    "ok: the file is intact and every hearing and finding belongs to a case"
                ));
                return Ok(());
            }
            for problem in &health.problems {
                say::out(format_args!("problem: {problem}"));
            }
            Err(anyhow!(
                "{}: {} problems found; restore from a backup (see README: restore drill)",
                store.path().display(),
                health.problems.len()
            ))
        }
        Command::Encrypt => {
            let path = config::database_path(context.db.as_deref())?;
            if !crate::store::is_plain_sqlite(&path) {
                return Err(anyhow!(
                    "{}: already encrypted (or not a caseload database)",
                    path.display()
                ));
            }
            let store = Store::open(&path, OpenMode::MustExist)?;
            if store.is_read_only() {
                return Err(StoreError::ReadOnly { path }.into());
            }
            let passphrase = match &context.key_file {
                Some(file) => secret::read_new_key_file(file)?,
                None => secret::ask_new_passphrase(&path)?,
            };
            if let Some(note) = crate::maintenance::encrypt(store, &passphrase)? {
                say::err(format_args!("caseload: {note}"));
            }
            say::err(format_args!(
                "{} is now encrypted; keep the passphrase safe: without it the records cannot be read",
                path.display()
            ));
            Ok(())
        }
        Command::Weights => {
            print!("{DEFAULT_WEIGHTS_TOML}");
            Ok(())
        }
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
        Command::Show { id, format } => {
            let store = context.open(OpenMode::MustExist)?;
            let mut out = std::io::stdout().lock();
            edit::show(&store, id, format, &mut out)?;
            out.flush()?;
            Ok(())
        }
        Command::History { id } => {
            let store = context.open(OpenMode::MustExist)?;
            let mut out = std::io::stdout().lock();
            edit::history(&store, id, &mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Imports a CSV: every error reported, nothing written unless the whole file is valid.
fn import_file(context: &Settings, file: &Path, dry_run: bool, today: NaiveDate) -> Result<()> {
    if dry_run {
        return dry_run_import(context, file, today);
    }
    // The whole file is parsed and validated before the write lock is taken, so others' saves
    // wait only for the insert (not the parsing), and a bad file never takes the lock at all.
    // The insert is still one transaction: all rows or none.
    let records = import::read_csv_as_of(file, today)?;
    let weights = context.weights()?;
    for record in &records {
        warn_law(file, record, today, &weights);
    }
    let mut store = context.open(OpenMode::CreateIfMissing)?;
    let outcome = store.insert_all(records)?;
    say::out(format_args!(
        "{}: imported {} people into {}{}",
        file.display(),
        outcome.added,
        store.path().display(),
        already(outcome.already_present)
    ));
    Ok(())
}

/// Prints the law warnings of one imported record (a capital charge after the 2023 amendment, a
/// Sindh 2024 case before the Act…) on standard error, naming the person: they are imported.
fn warn_law(file: &Path, record: &Record, today: NaiveDate, weights: &Weights) {
    for warning in crate::domain::validate::law_warnings(record, today, weights) {
        eprintln!(
            "{}: warning: {}: {}",
            file.display(),
            crate::domain::text::sanitize(&record.detainee.name),
            warning
        );
    }
}

/// Validates the whole file and says how many people an import would add; writes nothing.
fn dry_run_import(context: &Settings, file: &Path, today: NaiveDate) -> Result<()> {
    let records: Vec<Record> = import::read_csv_as_of(file, today)?;
    let weights = context.weights()?;
    for record in &records {
        warn_law(file, record, today, &weights);
    }
    let path = config::database_path(context.db.as_deref())?;
    let present = if path.exists() {
        Store::open(&path, OpenMode::MustExist)?.count_present(&records)?
    } else {
        0
    };
    say::out(format_args!(
        "{}: {} valid rows: would import {} people{}; nothing written (dry run)",
        file.display(),
        records.len(),
        records.len() - present,
        already(present)
    ));
    Ok(())
}

/// Checklist rules, the exports folder (beside the default database), the user's drafts
/// folder and key bindings for the TUI.
pub fn tui_options(
    private: bool,
    keys: Option<&Path>,
    drafts: bool,
) -> Result<crate::tui::Options> {
    Ok(crate::tui::Options {
        private,
        keymap: config::load_keymap(keys)?,
        drafts: if drafts {
            Some(config::drafts_dir()?)
        } else {
            None
        },
        export: crate::tui::effects::ExportSettings {
            rules: config::load_rules(None)?,
            dir: config::exports_dir()?,
        },
    })
}

/// Bulk inserts make SQLite's page cache allocate and free pages by the million; glibc then
/// returns memory to the OS and asks for it again with `brk` each time. Keeping freed memory
/// (no trim, 64 MB top pad) halved a 1M-person generate. Process-wide, so only for bulk commands.
fn keep_heap_for_bulk_writes() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator tunables; called before any threads are started.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

fn already(count: usize) -> String {
    match count {
        0 => String::new(),
        n => format!(" ({n} already present, left as they were)"),
    }
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
