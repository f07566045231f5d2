//! `caseload checklist`: which people the export is about (one person, or a court day narrowed by
//! court and lawyer), handed to `checklist.rs` to render and write, then recorded in the audit
//! trail. (Kept apart from `checklist.rs`, which the one-export-path work changes.)

use super::{Command, Settings, checklist, say};
use crate::config;
use crate::store::OpenMode;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;

/// Carries out a [`Command::Checklist`] (any other command is refused).
pub(super) fn run(context: &Settings, today: NaiveDate, command: Command) -> Result<()> {
    let Command::Checklist {
        date,
        court,
        lawyer,
        id,
        format,
        out,
        include_health,
        force,
        rules,
    } = command
    else {
        return Err(anyhow!("not a checklist command"));
    };
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
                people: None,
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
