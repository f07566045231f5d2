//! The command line: global options, subcommands, and what each one runs. The terminal UI is the
//! default; every other command prints and exits, for scripts, screen readers and tests.

mod checklist;
mod report;

use crate::config;
use crate::domain::demo;
use crate::domain::model::Record;
use crate::domain::weights::{DEFAULT_WEIGHTS_TOML, Weights};
use crate::import;
use crate::store::{OpenMode, Store};
use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Legal-aid caseload triage: who in custody needs a lawyer first, and why.
#[derive(Debug, Parser)]
#[command(name = "caseload", version, about, propagate_version = true)]
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

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal UI on the database (the default)
    Tui,
    /// Open the terminal UI on a freshly generated synthetic caseload (touches no real data)
    Demo {
        /// How many people to generate
        #[arg(long, default_value_t = 400)]
        rows: usize,
        /// Seed for the generator: the same seed gives the same caseload
        #[arg(long, default_value_t = 2026)]
        seed: u64,
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

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> Result<()> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let context = Settings {
        db: cli.db.clone(),
        weights_file: cli.weights.clone(),
    };
    match cli.command.unwrap_or(Command::Tui) {
        Command::Tui => {
            let weights = context.weights()?;
            let store = context.open(OpenMode::CreateIfMissing)?;
            let records = store.load_all()?;
            let title = format!("caseload: {}", store.path().display());
            drop(store);
            crate::tui::run(records, today, weights, title)
        }
        Command::Demo { rows, seed } => {
            let weights = context.weights()?;
            let dir = tempfile::Builder::new()
                .prefix("caseload-demo-")
                .tempdir()
                .context("cannot create a temporary directory for the demo")?;
            let path = dir.path().join("demo.db");
            let mut store = Store::open(&path, OpenMode::CreateIfMissing)?;
            store.insert_all(demo::generate(rows, seed, today))?;
            let records = store.load_all()?;
            drop(store);
            let title = format!("caseload demo ({rows} synthetic people)");
            crate::tui::run(records, today, weights, title)
        }
        Command::Generate { rows, seed } => {
            keep_heap_for_bulk_writes();
            let mut store = context.open(OpenMode::CreateIfMissing)?;
            let started = std::time::Instant::now();
            let outcome = store.insert_all(demo::generate(rows, seed, today))?;
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "generated {} people into {} in {seconds:.2} s ({:.0} people/s){}",
                outcome.added,
                store.path().display(),
                outcome.added as f64 / seconds.max(1e-9),
                already(outcome.already_present),
            );
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
            match limit {
                // A few people shown: rank the compact roster, load only those printed.
                Some(limit) => {
                    let roster = store.load_roster(today)?;
                    let query = search.as_deref();
                    report::list_roster(
                        &mut out, &store, &roster, today, &weights, format, limit, query,
                    )?;
                }
                None => {
                    let records = store.load_all()?;
                    let query = search.as_deref();
                    report::list(&mut out, &records, today, &weights, format, None, query)?;
                }
            }
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
            import_file(&context, &file, dry_run)
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
            let records = context.open(OpenMode::MustExist)?.load_all()?;
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
            checklist::run(&records, today, &weights, &rules, &request)
        }
        Command::Weights => {
            print!("{DEFAULT_WEIGHTS_TOML}");
            Ok(())
        }
    }
}

/// Imports a CSV: every error reported, nothing written unless the whole file is valid.
fn import_file(context: &Settings, file: &Path, dry_run: bool) -> Result<()> {
    let records: Vec<Record> = import::read_csv(file)?;
    if dry_run {
        let path = config::database_path(context.db.as_deref())?;
        let present = if path.exists() {
            Store::open(&path, OpenMode::MustExist)?.count_present(&records)?
        } else {
            0
        };
        println!(
            "{}: {} valid rows: would import {} people{}; nothing written (dry run)",
            file.display(),
            records.len(),
            records.len() - present,
            already(present)
        );
        return Ok(());
    }
    let mut store = context.open(OpenMode::CreateIfMissing)?;
    let outcome = store.insert_records(&records)?;
    println!(
        "{}: imported {} people into {}{}",
        file.display(),
        outcome.added,
        store.path().display(),
        already(outcome.already_present)
    );
    Ok(())
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
}

impl Settings {
    fn open(&self, mode: OpenMode) -> Result<Store> {
        let path = config::database_path(self.db.as_deref())?;
        Ok(Store::open(&path, mode)?)
    }

    fn weights(&self) -> Result<Weights> {
        config::load_weights(self.weights_file.as_deref())
    }
}
