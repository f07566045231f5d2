//! `caseload explain`: text and JSON output of one person's explanation (the list is
//! `cli/list.rs`). Untrusted text is sanitised here, where it leaves for the terminal.

use super::{ExplainFormat, Settings, to_stdout};
use crate::domain::model::Record;
use crate::domain::text::sanitize;
use crate::domain::triage::{Urgency, score};
use crate::domain::weights::Weights;
use crate::store::OpenMode;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;

/// `caseload explain ID`: every reason for one person's urgency, and its points.
pub(super) fn run_explain(
    context: &Settings,
    today: NaiveDate,
    id: i64,
    format: ExplainFormat,
) -> Result<()> {
    let weights = context.weights()?;
    let store = context.open(OpenMode::MustExist)?;
    let record = store
        .get(id)?
        .ok_or_else(|| anyhow!("{}: no person with id {id}", store.path().display()))?;
    to_stdout(|out| explain(out, &record, today, &weights, format))
}

/// Prints one person's score as measure and contribution, like `task info`.
pub fn explain(
    out: &mut impl Write,
    record: &Record,
    today: NaiveDate,
    weights: &Weights,
    format: ExplainFormat,
) -> Result<()> {
    explain_urgency(out, record, &score(record, today, weights), today, format)
}

/// [`explain`] of an urgency already scored: plain mode masks the health reasons of its
/// privacy screen first, as the TUI's page does.
pub(crate) fn explain_urgency(
    out: &mut impl Write,
    record: &Record,
    urgency: &Urgency,
    today: NaiveDate,
    format: ExplainFormat,
) -> Result<()> {
    let d = &record.detainee;
    match format {
        ExplainFormat::Json => {
            let value = json!({
                "id": d.id,
                "name": d.name,
                "total": urgency.total,
                "band": urgency.band,
                "in_custody": record.in_custody(),
                "statutory_bail_due": urgency.statutory_bail.map(|s| s.due),
                "statutory_bail": urgency.statutory_bail,
                "law": urgency.law,
                "notices": urgency.notices,
                "reasons": urgency.reasons,
            });
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        ExplainFormat::Text => {
            let father = d
                .father_name
                .as_deref()
                .map(|f| format!(", child/spouse of {}", sanitize(f)))
                .unwrap_or_default();
            writeln!(out, "#{} {}{father}", d.id, sanitize(&d.name))?;
            if !record.in_custody() {
                writeln!(
                    out,
                    "Not in custody ({}): not ranked.",
                    record.case.stage.label()
                )?;
            }
            writeln!(out, "Law: {}", urgency.law)?;
            writeln!(
                out,
                "Urgency {} ({}) as of {today}:",
                urgency.total,
                urgency.band.shout()
            )?;
            for reason in &urgency.reasons {
                writeln!(
                    out,
                    "  {:>+5}  {}\n         basis: {}",
                    reason.points, reason.text, reason.basis
                )?;
            }
            writeln!(out, "  -----\n  {:>5}  total", urgency.total)?;
            if let Some(sb) = urgency.statutory_bail {
                match sb.blocked_by {
                    None => writeln!(
                        out,
                        "Statutory bail (CrPC s.497 third proviso): due {}",
                        sb.due
                    )?,
                    Some(why) => writeln!(
                        out,
                        "Statutory bail (CrPC s.497 third proviso): would be due {}, but {why}",
                        sb.due
                    )?,
                }
            }
            for notice in &urgency.notices {
                writeln!(out, "Note: {}", sanitize(&notice.text))?;
            }
        }
    }
    Ok(())
}
