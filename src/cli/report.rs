//! `caseload list` and `caseload explain`: text, CSV and JSON output of the ranked list and of
//! one person's explanation. Untrusted text is sanitised here, where it leaves for the terminal
//! or a file.

use super::{ExplainFormat, ListFormat, Settings, to_stdout};
use crate::domain::model::Record;
use crate::domain::text::{cell, sanitize};
use crate::domain::triage::{Urgency, rank_by_parallel, score};
use crate::domain::weights::Weights;
use crate::store::OpenMode;
use crate::store::Store;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde_json::json;
use std::collections::HashMap;
use std::io::Write;

/// `caseload list`: everyone or a few, ranked from facts alone; full records read only for the
/// people printed, a chunk at a time.
pub(super) fn run_list(
    context: &Settings,
    today: NaiveDate,
    format: ListFormat,
    limit: Option<usize>,
    query: Option<&str>,
) -> Result<()> {
    let weights = context.weights()?;
    let store = context.open(OpenMode::MustExist)?;
    to_stdout(|out| list_ranked(out, &store, today, &weights, format, limit, query))
}

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

/// One ranked person as the list prints them.
struct Line {
    rank: usize,
    record: Record,
    urgency: Urgency,
    next_hearing: Option<NaiveDate>,
}

/// How many full records are read at a time while printing: memory stays small however many
/// people are printed.
const CHUNK: usize = 512;

/// Prints people in custody, most urgent first, optionally narrowed by a fuzzy search and cut
/// to `limit`. Ranks everyone from their facts alone (no names held), searches in the same pass
/// over the file, then reads the full records of the people printed, a chunk at a time in rank
/// order: a million people stream out in seconds.
pub fn list_ranked(
    out: &mut impl Write,
    store: &Store,
    today: NaiveDate,
    weights: &Weights,
    format: ListFormat,
    limit: Option<usize>,
    query: Option<&str>,
) -> Result<()> {
    let facts = store.load_ranking_facts(today, query)?;
    let ranked = rank_by_parallel(facts.len(), |i| facts.get(i), today, weights);
    let order: Vec<(usize, i64)> = ranked
        .iter()
        .enumerate()
        .filter(|(_, r)| facts.matches(r.index))
        .take(limit.unwrap_or(usize::MAX))
        .filter_map(|(position, r)| Some((position + 1, facts.id(r.index)?)))
        .collect();
    drop(ranked);
    drop(facts);
    let shown = order.chunks(CHUNK).flat_map(|chunk| {
        let ids: Vec<i64> = chunk.iter().map(|&(_, id)| id).collect();
        match store.get_many(&ids) {
            Ok(records) => {
                let mut by_id: HashMap<i64, Record> =
                    records.into_iter().map(|r| (r.detainee.id, r)).collect();
                chunk
                    .iter()
                    .filter_map(|(rank, id)| Some(Ok((*rank, by_id.remove(id)?))))
                    .collect::<Vec<_>>()
            }
            Err(e) => vec![Err(e.into())],
        }
    });
    print_list(out, shown, today, weights, format)
}

/// Prints `(rank, record)` pairs in the list's format.
fn print_list(
    out: &mut impl Write,
    shown: impl Iterator<Item = Result<(usize, Record)>>,
    today: NaiveDate,
    weights: &Weights,
    format: ListFormat,
) -> Result<()> {
    let lines = shown.map(|row| {
        row.map(|(rank, record)| Line {
            rank,
            urgency: score(&record, today, weights),
            next_hearing: record.next_hearing(today).map(|h| h.date),
            record,
        })
    });
    match format {
        ListFormat::Table => table(out, lines, today),
        ListFormat::Csv => csv(out, lines, today),
        ListFormat::Json => {
            let mut rows = Vec::new();
            for l in lines {
                let l = l?;
                rows.push(json!({
                    "rank": l.rank,
                    "id": l.record.detainee.id,
                    "name": l.record.detainee.name,
                    "father_name": l.record.detainee.father_name,
                    "prison": l.record.detainee.prison,
                    "days_in_custody": l.record.days_in_custody(today),
                    "next_hearing": l.next_hearing,
                    "score": l.urgency.total,
                    "band": l.urgency.band,
                    "top_reason": l.urgency.top_reason().map(|r| r.text.clone()),
                }));
            }
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
            Ok(())
        }
    }
}

fn table(
    out: &mut impl Write,
    lines: impl Iterator<Item = Result<Line>>,
    today: NaiveDate,
) -> Result<()> {
    writeln!(
        out,
        "{:>5} {:>7}  {}  {}  {:>5}  {:<10}  {:<8} {:>5}  TOP REASON",
        "RANK",
        "ID",
        cell("NAME", 24),
        cell("PRISON", 22),
        "DAYS",
        "HEARING",
        "BAND",
        "SCORE"
    )?;
    for l in lines {
        let l = l?;
        let d = &l.record.detainee;
        writeln!(
            out,
            "{:>5} {:>7}  {}  {}  {:>5}  {:<10}  {:<8} {:>5}  {}",
            l.rank,
            d.id,
            cell(&d.name, 24),
            cell(d.prison.as_deref().unwrap_or("-"), 22),
            l.record.days_in_custody(today),
            l.next_hearing
                .map_or_else(|| "none".to_string(), |d| d.to_string()),
            l.urgency.band.shout(),
            l.urgency.total,
            sanitize(l.urgency.top_reason().map_or("", |r| &r.text)),
        )?;
    }
    Ok(())
}

fn csv(
    out: &mut impl Write,
    lines: impl Iterator<Item = Result<Line>>,
    today: NaiveDate,
) -> Result<()> {
    // Piped into a file, the CSV keeps the data as stored; shown on a terminal, its text is
    // sanitised like every other line (a name may carry escape sequences from a hostile CSV).
    let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let cell = |text: &str| csv_cell(text, on_terminal);
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record([
        "rank",
        "id",
        "name",
        "father_name",
        "prison",
        "days_in_custody",
        "next_hearing",
        "score",
        "band",
        "top_reason",
    ])?;
    for l in lines {
        let l = l?;
        let d = &l.record.detainee;
        writer.write_record([
            l.rank.to_string(),
            d.id.to_string(),
            cell(&d.name),
            cell(d.father_name.as_deref().unwrap_or("")),
            cell(d.prison.as_deref().unwrap_or("")),
            l.record.days_in_custody(today).to_string(),
            l.next_hearing.map(|d| d.to_string()).unwrap_or_default(),
            l.urgency.total.to_string(),
            l.urgency.band.code().to_string(),
            l.urgency
                .top_reason()
                .map(|r| cell(&r.text))
                .unwrap_or_default(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// One text cell of the CSV list: formula-guarded always, sanitised when shown on a terminal.
pub(super) fn csv_cell(text: &str, on_terminal: bool) -> String {
    if on_terminal {
        spreadsheet_safe(&crate::domain::text::sanitize(text))
    } else {
        spreadsheet_safe(text)
    }
}

/// A cell a spreadsheet would run as a formula (`= + - @` first) gets a leading apostrophe.
fn spreadsheet_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// Prints one person's score as measure and contribution, like `task info`.
pub fn explain(
    out: &mut impl Write,
    record: &Record,
    today: NaiveDate,
    weights: &Weights,
    format: ExplainFormat,
) -> Result<()> {
    let urgency = score(record, today, weights);
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

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn a_csv_cell_shown_on_a_terminal_carries_no_escape_sequence() {
        let hostile = "Ali\u{1b}]0;pwned\u{7}\u{1b}[2J";
        let shown = csv_cell(hostile, true);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(shown.starts_with("Ali"), "{shown:?}");
        assert_eq!(
            csv_cell(hostile, false),
            hostile,
            "a file keeps the data as stored"
        );
        assert_eq!(csv_cell("=1+1", true), "'=1+1");
    }
}
