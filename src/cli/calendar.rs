//! `caseload calendar --format ics`: the coming hearings as an iCalendar file for a lawyer's
//! phone (issue 17 §4). What goes in is [`crate::domain::ics`]'s (private by default: the case
//! reference and band, no names, no health); this file picks the people (`--filter`, the
//! window), writes the file owner-only, and records the export in the audit trail.

use super::{Settings, say};
use crate::domain::filter::{Context, Filter, Subject};
use crate::domain::ics::{self, IcsOptions, Window};
use crate::domain::model::Record;
use crate::domain::name_match;
use crate::domain::search;
use crate::domain::triage::{Facts, score};
use crate::domain::weights::Weights;
use crate::store::{OpenMode, Store};
use anyhow::{Result, anyhow};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// File formats of `caseload calendar` (iCalendar only, for now: what every phone imports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CalendarFormat {
    Ics,
}

/// What `caseload calendar` was asked for (its command-line options).
#[derive(Debug, Clone, clap::Args)]
pub struct Request {
    #[arg(long, value_enum, default_value_t = CalendarFormat::Ics)]
    pub format: CalendarFormat,
    /// Only people this filter keeps, as in the terminal UI (`court:lahore band:high`)
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// The first day (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_today)]
    pub from: Option<NaiveDate>,
    /// How many days from --from
    #[arg(long, value_name = "N", default_value_t = ics::DEFAULT_DAYS)]
    pub days: u32,
    /// The calendar file to write (created owner-only)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Put people's names (and hearing purposes) in the events
    #[arg(long)]
    pub include_names: bool,
    /// Overwrite --out if it exists
    #[arg(long)]
    pub force: bool,
}

/// `caseload calendar`: writes the file, says what went in, and audits it.
pub(super) fn run(context: &Settings, today: NaiveDate, request: &Request) -> Result<()> {
    let CalendarFormat::Ics = request.format;
    // Every option is checked before the database is opened: a typo costs nothing.
    let filter = Filter::parse(request.filter.as_deref().unwrap_or(""))
        .map_err(|e| anyhow!("--filter: {e}"))?;
    let window = Window::new(request.from.unwrap_or(today), request.days)?;
    let weights = context.weights()?;
    let mut store = context.open(OpenMode::MustExist)?;
    let records = people_heard_in(&store, window, request.days)?;
    let kept: Vec<Record> = records
        .into_iter()
        .filter(|r| passes(&filter, r, today, &weights))
        .collect();
    let events = ics::coming_hearings(&kept, window, today, &weights);
    let options = IcsOptions {
        include_names: request.include_names,
        ..IcsOptions::new(chrono::Utc::now())
    };
    let text = ics::to_ics(&events, &options)?;
    crate::files::write_private(&request.out, text.as_bytes(), request.force)?;
    let mut ids: Vec<i64> = events.iter().map(|e| e.detainee_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = if request.include_names {
        "names included"
    } else {
        "no names"
    };
    say::err(format_args!(
        "wrote {} hearing{} of {} {} from {} for {} days to {} ({names}{})",
        events.len(),
        if events.len() == 1 { "" } else { "s" },
        ids.len(),
        if ids.len() == 1 { "person" } else { "people" },
        window.from(),
        request.days,
        request.out.display(),
        if request.include_names {
            ""
        } else {
            "; --include-names puts them in"
        }
    ));
    if store.is_read_only() {
        say::err(format_args!(
            "caseload: {} is read-only for you, so this export is not in its audit trail",
            store.path().display()
        ));
    }
    let what = format!("calendar (ics, {} hearings, {names})", events.len());
    store.record_export(&ids, &what, &request.out.display().to_string())?;
    Ok(())
}

/// The people not archived with a hearing in the window, each once: read day by day through
/// the hearings-by-date index, so a big caseload costs only the people heard.
fn people_heard_in(store: &Store, window: Window, days: u32) -> Result<Vec<Record>> {
    let mut by_id: BTreeMap<i64, Record> = BTreeMap::new();
    for offset in 0..days {
        let Some(date) = window.from().checked_add_days(Days::new(u64::from(offset))) else {
            break;
        };
        for record in store.load_hearing_day(date)? {
            by_id.entry(record.detainee.id).or_insert(record);
        }
    }
    Ok(by_id.into_values().collect())
}

/// Whether `record` passes `--filter`: every term, and the free words as search does (the
/// name under any spelling, or fuzzy over name, father's name, FIR number, prison and police
/// station).
fn passes(filter: &Filter, record: &Record, today: NaiveDate, weights: &Weights) -> bool {
    let facts = Facts::of(record, today);
    let urgency = score(record, today, weights);
    let subject = Subject::of_record(record, &facts, urgency.total, urgency.band, today);
    // No login is mapped to a lawyer's name yet (issue 14's staff table): `lawyer:me` finds
    // nobody rather than guess.
    let cx = Context {
        today,
        weights,
        me: None,
    };
    if !filter.matches(&subject, &cx) {
        return false;
    }
    let words = filter.search.as_str();
    if words.is_empty() {
        return true;
    }
    let d = &record.detainee;
    name_match::classify(words, &d.name, d.father_name.as_deref()).is_some()
        || search::matches_any(
            [
                Some(d.name.as_str()),
                d.father_name.as_deref(),
                record.case.fir_number.as_deref(),
                d.prison.as_deref(),
                record.case.police_station.as_deref(),
            ]
            .into_iter()
            .flatten(),
            words,
        )
}
