//! The subcommands and their options, as clap reads them; [`super::run`] hands each to its
//! module.

use super::{calendar, checklist, docs, duplicates, edit, export, import, report_file, stats};
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

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
        /// Only people every term holds for, e.g. "court:lahore band:critical -has:lawyer"
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
        #[command(flatten)]
        mode: import::ImportMode,
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
    Export(export::ExportOptions),
    /// Record what happened at a hearing, and the next date
    Hearing(edit::HearingRequest),
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
    Stats(stats::StatsRequest),
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

pub(super) fn parse_today(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date in the form YYYY-MM-DD"))
}
