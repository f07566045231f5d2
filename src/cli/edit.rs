//! Non-interactive edits for scripts: `add`, `update`, `hearing`, `show` and `history`. The same
//! per-field validation as the CSV import and the TUI form ([`Field::set`], [`edit::check`]), the
//! same versions and audit trail as the TUI. Bad input is one line naming the field, a non-zero
//! exit, and nothing changed.

use super::{Settings, say, to_stdout};
use crate::domain::edit::{self, Field, HearingEntry};
use crate::domain::model::{AuditAction, Outcome, Record, parse_date};
use crate::domain::weights::Weights;
use crate::store::{OpenMode, Store, StoreError, Versioned};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use std::io::Write;

/// Parses `field=value` arguments; every problem is a line naming the field.
pub fn parse_assignments(args: &[String]) -> Result<Vec<(Field, String)>> {
    let mut out: Vec<(Field, String)> = Vec::new();
    for arg in args {
        let Some((name, value)) = arg.split_once('=') else {
            bail!("`{arg}`: expected field=value (fields: {})", Field::known());
        };
        let Some(field) = Field::from_name(name) else {
            bail!(
                "unknown field `{}` (fields: {})",
                name.trim(),
                Field::known()
            );
        };
        if out.iter().any(|(f, _)| *f == field) {
            bail!("field `{}` is given twice", field.name());
        }
        out.push((field, value.to_string()));
    }
    Ok(out)
}

/// Sets the fields on `record` and checks the whole record; errors name every bad field.
pub(super) fn apply(
    record: &mut Record,
    fields: &[(Field, String)],
    check_all: bool,
    today: NaiveDate,
) -> Result<()> {
    let texts: Vec<(Field, &str)> = if check_all {
        Field::ALL
            .iter()
            .map(|&f| {
                let text = fields
                    .iter()
                    .find(|(g, _)| *g == f)
                    .map_or("", |(_, t)| t.as_str());
                (f, text)
            })
            .collect()
    } else {
        fields.iter().map(|(f, t)| (*f, t.as_str())).collect()
    };
    let problems = edit::apply_fields(record, &texts, today);
    if problems.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = problems
        .iter()
        .map(|(f, reason)| format!("field `{}`: {reason}", f.name()))
        .collect();
    bail!("{}; nothing changed", lines.join("\n"))
}

/// The law warnings of a saved record (a capital charge after 2023, a Sindh 2024 case before the
/// Act…), one line each on standard error: the record is saved, a lawyer should look.
fn warn_law(record: &Record, today: NaiveDate, weights: &Weights) {
    for warning in crate::domain::validate::law_warnings(record, today, weights) {
        say::err(format_args!("warning: {warning}"));
    }
}

/// `caseload add field=value… [--force]`: prints the new id and version. When the person may
/// already be in the caseload (a likely match by name, father's name, age, CNIC…), the matches
/// are listed on standard error and nothing is saved unless `force`: a script that adds blindly
/// gets a non-zero exit, a person at the terminal reads who it may be and decides.
/// What `caseload hearing` was asked for.
#[derive(Debug, Clone, clap::Args)]
pub struct HearingRequest {
    pub id: i64,
    /// adjourned, bail_granted, bail_refused, charge_framed, evidence, arguments,
    /// judgment_reserved, acquitted, convicted, released, other
    #[arg(long)]
    pub outcome: String,
    /// The next hearing date
    #[arg(long, value_name = "DATE")]
    pub next: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Refuse (and change nothing) unless the record is still at this version
    #[arg(long, value_name = "N")]
    pub if_version: Option<i64>,
}

/// `caseload hearing`.
pub(super) fn run_hearing(
    context: &Settings,
    today: NaiveDate,
    request: HearingRequest,
) -> Result<()> {
    hearing(
        &mut context.open(OpenMode::MustExist)?,
        request.id,
        &request.outcome,
        request.next.as_deref(),
        request.note,
        request.if_version,
        today,
    )
}

/// `caseload add`.
pub(super) fn run_add(
    context: &Settings,
    today: NaiveDate,
    fields: &[String],
    force: bool,
) -> Result<()> {
    let weights = context.weights()?;
    add(
        &mut context.open(OpenMode::MustExist)?,
        fields,
        force,
        today,
        &weights,
    )
}

/// `caseload update ID FIELD=VALUE…` (one person; `--filter` is [`super::bulk`]).
pub(super) fn run_update(
    context: &Settings,
    today: NaiveDate,
    args: &[String],
    if_version: Option<i64>,
) -> Result<()> {
    let (id, fields) = split_id(args)?;
    let weights = context.weights()?;
    update(
        &mut context.open(OpenMode::MustExist)?,
        id,
        fields,
        if_version,
        today,
        &weights,
    )
}

pub fn add(
    store: &mut Store,
    args: &[String],
    force: bool,
    today: NaiveDate,
    weights: &Weights,
) -> Result<()> {
    let fields = parse_assignments(args)?;
    let mut record = Record::new("", NaiveDate::default());
    apply(&mut record, &fields, true, today)?;
    let matches = super::likely::for_new_record(store, &record, today)?;
    for text in &matches {
        say::err(format_args!("warning: {text}"));
    }
    if !matches.is_empty() && !force {
        bail!(
            "nothing saved: {} may already be in the caseload (see above); check with `caseload \
             show ID`, or pass --force to save as a new person",
            crate::domain::text::sanitize(&record.detainee.name)
        );
    }
    let saved = store.add(&record)?;
    warn_law(&saved.record, today, weights);
    say::out(format_args!(
        "added {} as id {} (version {})",
        saved.record.detainee.name, saved.record.detainee.id, saved.version
    ));
    Ok(())
}

/// `ID field=value…` as `caseload update` takes them without `--filter`: the id first.
pub fn split_id(args: &[String]) -> Result<(i64, &[String])> {
    let Some((first, fields)) = args.split_first() else {
        bail!("give the person's id, then field=value pairs (or --filter EXPR)");
    };
    let id = first.trim().parse::<i64>().map_err(|_| {
        anyhow!("`{first}`: expected the person's id first, then field=value pairs (or --filter EXPR to change everyone it selects)")
    })?;
    if fields.is_empty() {
        bail!("give at least one field=value (fields: {})", Field::known());
    }
    Ok((id, fields))
}

/// `caseload update ID field=value… [--if-version N]`.
pub fn update(
    store: &mut Store,
    id: i64,
    args: &[String],
    if_version: Option<i64>,
    today: NaiveDate,
    weights: &Weights,
) -> Result<()> {
    let fields = parse_assignments(args)?;
    if fields.is_empty() {
        bail!("give at least one field=value (fields: {})", Field::known());
    }
    // Without --if-version the fields named are set on the record as it is when the write
    // starts: a conflict with another writer just means reading it again.
    for _ in 0..RETRIES {
        let current = get(store, id)?;
        if let Some(wanted) = if_version
            && wanted != current.version
        {
            bail!(
                "person {id} is at version {}, not {wanted}: someone changed it since (see `caseload history {id}`); nothing changed",
                current.version
            );
        }
        let mut record = current.record.clone();
        apply(&mut record, &fields, false, today)?;
        match store.update(id, current.version, &record, AuditAction::Edit) {
            Ok(saved) => {
                warn_law(&saved.record, today, weights);
                say::out(format_args!(
                    "updated person {id} (version {})",
                    saved.version
                ));
                return Ok(());
            }
            Err(StoreError::Conflict { .. }) if if_version.is_none() => continue,
            Err(e) => return Err(conflict_message(e)),
        }
    }
    bail!("person {id} kept changing under other writers; nothing changed, try again")
}

/// How often a write without `--if-version` re-reads after another writer got in first.
const RETRIES: usize = 50;

/// `caseload hearing ID --outcome X [--next DATE] [--note TEXT] [--if-version N]`.
pub fn hearing(
    store: &mut Store,
    id: i64,
    outcome: &str,
    next: Option<&str>,
    note: Option<String>,
    if_version: Option<i64>,
    today: NaiveDate,
) -> Result<()> {
    let outcome: Outcome = outcome
        .parse()
        .map_err(|e| anyhow!("--outcome: {e}; nothing changed"))?;
    let next = next
        .map(parse_date)
        .transpose()
        .map_err(|e| anyhow!("--next: {e}; nothing changed"))?;
    let entry = HearingEntry {
        outcome,
        next,
        note,
    };
    let saved = record_hearing(store, id, &entry, if_version, today)?;
    let custody = if saved.record.in_custody() {
        "in custody"
    } else {
        "out of custody"
    };
    say::out(format_args!(
        "recorded {} for person {id} ({custody}; version {})",
        outcome.label(),
        saved.version
    ));
    Ok(())
}

/// Records `entry` for person `id` (a new version and its audit row), re-reading after
/// another writer got in first unless `if_version` pins the version: the one write path of
/// `caseload hearing` and plain mode's `hearing`.
pub(crate) fn record_hearing(
    store: &mut Store,
    id: i64,
    entry: &HearingEntry,
    if_version: Option<i64>,
    today: NaiveDate,
) -> Result<Versioned> {
    let mut attempt = 0;
    loop {
        let current = get(store, id)?;
        let version = if_version.unwrap_or(current.version);
        match store.record_hearing(id, version, entry, today) {
            Ok(saved) => return Ok(saved),
            Err(StoreError::Conflict { .. }) if if_version.is_none() && attempt < RETRIES => {
                attempt += 1;
            }
            Err(e) => return Err(conflict_message(e)),
        }
    }
}

fn get(store: &Store, id: i64) -> Result<Versioned> {
    store
        .get_versioned(id)?
        .ok_or_else(|| anyhow!("{}: no person with id {id}", store.path().display()))
}

/// A conflict as one line a script's user can act on.
fn conflict_message(error: StoreError) -> anyhow::Error {
    match error {
        StoreError::Conflict {
            id,
            expected,
            found,
            ..
        } => anyhow!(
            "person {id} is at version {found}, not {expected}: someone changed it since (see `caseload history {id}`); nothing changed"
        ),
        other => other.into(),
    }
}

/// Output formats of `caseload show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

/// `caseload show ID`: every field by its §6 name, with the version.
pub fn show(store: &Store, id: i64, format: ShowFormat, out: &mut impl Write) -> Result<()> {
    let v = get(store, id)?;
    match format {
        ShowFormat::Json => {
            let mut map = record_json(&v.record, Field::ALL)?;
            map.insert("version".into(), json!(v.version));
            map.insert("archived".into(), json!(v.archived));
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&Value::Object(map))?
            )?;
        }
        ShowFormat::Text => {
            writeln!(out, "{:<20} {id}", "id")?;
            writeln!(out, "{:<20} {}", "version", v.version)?;
            let state = match (v.archived, v.record.in_custody()) {
                (true, _) => "archived",
                (false, true) => "in custody",
                (false, false) => "out of custody",
            };
            writeln!(out, "{:<20} {state}", "status")?;
            for &field in Field::ALL {
                let text = crate::domain::text::sanitize(&field.get(&v.record));
                writeln!(out, "{:<20} {text}", field.name())?;
            }
            for h in &v.record.hearings {
                let line = crate::domain::text::sanitize(&edit::hearing_text(h));
                writeln!(out, "{:<20} {line}", "hearing")?;
            }
        }
    }
    Ok(())
}

/// A record as JSON: its id, the `fields` by their §6 names (null when not recorded), and every
/// hearing and finding. `show` writes every field; `export` leaves health out unless asked.
pub(super) fn record_json(record: &Record, fields: &[Field]) -> Result<Map<String, Value>> {
    let mut map = Map::new();
    map.insert("id".into(), json!(record.detainee.id));
    for &field in fields {
        let text = field.get(record);
        let value = if text.is_empty() {
            Value::Null
        } else {
            Value::String(text)
        };
        map.insert(field.name().into(), value);
    }
    map.insert("hearings".into(), serde_json::to_value(&record.hearings)?);
    map.insert("findings".into(), serde_json::to_value(&record.findings)?);
    Ok(map)
}

/// `caseload history ID`: the audit trail, oldest first, one change per line.
pub fn history(store: &Store, id: i64, out: &mut impl Write) -> Result<()> {
    get(store, id)?;
    let staff: std::collections::HashMap<String, String> = store.staff()?.into_iter().collect();
    for mut entry in store.history(id)? {
        // The lawyer's name beside the login (`caseload staff add`): who did it, in words.
        if let Some(name) = staff.get(&entry.actor) {
            entry.actor = format!("{} ({name})", entry.actor);
        }
        writeln!(out, "{}", entry.line())?;
    }
    Ok(())
}

/// `caseload show ID`: the record on standard output.
pub(super) fn run_show(context: &Settings, id: i64, format: ShowFormat) -> Result<()> {
    let store = context.open(OpenMode::MustExist)?;
    to_stdout(|out| show(&store, id, format, out))
}

/// `caseload history ID`: the audit trail on standard output.
pub(super) fn run_history(context: &Settings, id: i64) -> Result<()> {
    let store = context.open(OpenMode::MustExist)?;
    to_stdout(|out| history(&store, id, out))
}
