//! Text, CSV and JSON output of the ranked list and of one person's explanation. Untrusted text
//! is sanitised here, where it leaves for the terminal or a file.

use super::{ExplainFormat, ListFormat};
use crate::domain::model::Record;
use crate::domain::search;
use crate::domain::text::{cell, sanitize};
use crate::domain::triage::{Urgency, rank, rank_by_parallel, score};
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;

/// One ranked person as the list prints them.
struct Line<'a> {
    rank: usize,
    record: &'a Record,
    urgency: Urgency,
    next_hearing: Option<NaiveDate>,
}

/// Prints people in custody, most urgent first, optionally narrowed by a fuzzy search.
pub fn list(
    out: &mut impl Write,
    records: &[Record],
    today: NaiveDate,
    weights: &Weights,
    format: ListFormat,
    limit: Option<usize>,
    query: Option<&str>,
) -> Result<()> {
    let ranked = rank(records, today, weights);
    let hits = search::filter(records, &ranked, query.unwrap_or(""));
    let shown = hits
        .iter()
        .take(limit.unwrap_or(usize::MAX))
        .map(|hit| (hit.position + 1, &records[ranked[hit.position].index]));
    print_list(out, shown, today, weights, format)
}

/// Like [`list`] for a big caseload with a limit: ranks everyone from their facts alone (no
/// names held), searches in the same pass over the file, then loads only the people printed.
pub fn list_ranked(
    out: &mut impl Write,
    store: &Store,
    today: NaiveDate,
    weights: &Weights,
    format: ListFormat,
    limit: usize,
    query: Option<&str>,
) -> Result<()> {
    let facts = store.load_ranking_facts(today, query)?;
    let ranked = rank_by_parallel(facts.len(), |i| facts.get(i), today, weights);
    let mut shown = Vec::new();
    let matching = ranked
        .iter()
        .enumerate()
        .filter(|(_, r)| facts.matches(r.index));
    for (position, r) in matching.take(limit) {
        let Some(id) = facts.id(r.index) else {
            continue;
        };
        if let Some(record) = store.get(id)? {
            shown.push((position + 1, record));
        }
    }
    drop(facts);
    print_list(
        out,
        shown.iter().map(|(rank, r)| (*rank, r)),
        today,
        weights,
        format,
    )
}

/// Prints `(rank, record)` pairs in the list's format.
fn print_list<'a>(
    out: &mut impl Write,
    shown: impl Iterator<Item = (usize, &'a Record)>,
    today: NaiveDate,
    weights: &Weights,
    format: ListFormat,
) -> Result<()> {
    let lines = shown.map(|(rank, record)| Line {
        rank,
        record,
        urgency: score(record, today, weights),
        next_hearing: record.next_hearing(today).map(|h| h.date),
    });
    match format {
        ListFormat::Table => table(out, lines, today),
        ListFormat::Csv => csv(out, lines, today),
        ListFormat::Json => {
            let rows: Vec<_> = lines
                .map(|l| {
                    json!({
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
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
            Ok(())
        }
    }
}

fn table<'a>(
    out: &mut impl Write,
    lines: impl Iterator<Item = Line<'a>>,
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

fn csv<'a>(
    out: &mut impl Write,
    lines: impl Iterator<Item = Line<'a>>,
    today: NaiveDate,
) -> Result<()> {
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
        let d = &l.record.detainee;
        writer.write_record([
            l.rank.to_string(),
            d.id.to_string(),
            spreadsheet_safe(&d.name),
            spreadsheet_safe(d.father_name.as_deref().unwrap_or("")),
            spreadsheet_safe(d.prison.as_deref().unwrap_or("")),
            l.record.days_in_custody(today).to_string(),
            l.next_hearing.map(|d| d.to_string()).unwrap_or_default(),
            l.urgency.total.to_string(),
            l.urgency.band.code().to_string(),
            l.urgency
                .top_reason()
                .map(|r| spreadsheet_safe(&r.text))
                .unwrap_or_default(),
        ])?;
    }
    writer.flush()?;
    Ok(())
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
        }
    }
    Ok(())
}
