//! `caseload report --format html|pdf --out FILE`: the statistics report (issue 15 §5) as one
//! document, written owner-only and recorded in the audit trail (one export row per person
//! counted, as a checklist records each person it names).

use super::stats::{population, threshold};
use super::{Command, Settings};
use crate::domain::stats::Field;
use crate::domain::stats_report::{StatsReport, html, pdf};
use crate::store::OpenMode;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Pdf,
}

/// Builds, writes and audits the report; every option is checked before anything is read.
pub(super) fn run(context: &Settings, today: NaiveDate, command: Command) -> Result<()> {
    let Command::Report {
        format,
        out,
        filter,
        anonymised,
        threshold: n,
        force,
    } = command
    else {
        bail!("not a report command");
    };
    let threshold = threshold(n)?;
    let parsed = super::population::parse_filter(filter.as_deref())?;
    if anonymised {
        super::population::refuse_search_words(&parsed)?;
    }
    if out.exists() && !force {
        bail!(
            "{}: already exists; pass --force to overwrite it",
            out.display()
        );
    }
    let weights = context.weights()?;
    let mut store = context.open(OpenMode::MustExist)?;
    // The tables name prisons and courts: the roster read, not the facts-only one.
    let fields = [Field::Prison, Field::Court];
    let people = population(&store, today, &weights, filter.as_deref(), &fields)?;
    let subjects = people.subjects();
    let trend = super::trend::load(&store, today, &weights, (&parsed, filter.as_deref()))?;
    let report = if anonymised {
        StatsReport::anonymised(
            &subjects,
            today,
            &weights,
            &trend,
            threshold,
            filter.as_deref(),
        )?
    } else {
        StatsReport::full(&subjects, today, &weights, &trend, filter.as_deref())
    };
    let bytes = match format {
        ReportFormat::Html => html(&report).into_bytes(),
        ReportFormat::Pdf => pdf(&report)?,
    };
    crate::files::write_private(&out, &bytes, force)?;
    let what = format!(
        "{} statistics report{}",
        match format {
            ReportFormat::Html => "HTML",
            ReportFormat::Pdf => "PDF",
        },
        if anonymised { " (anonymised)" } else { "" }
    );
    let ids = people.ids();
    store.record_export(&ids, &what, &out.display().to_string())?;
    super::say::err(format_args!(
        "caseload: wrote {} ({} people in custody counted)",
        out.display(),
        ids.len()
    ));
    Ok(())
}
