//! `caseload duplicates`: pairs of records that may be one person (issue 16 §3), scored by
//! [`crate::domain::duplicates`], printed as a table, CSV (`id_a,id_b,score,reasons`) or JSON.
//! The wording of a likely match is [`crate::domain::duplicates::may_be`]'s, shared by
//! `caseload add`, `caseload import` and the TUI's add form. Nothing here merges; `--not-same A B`
//! only records an answer.

use super::list::csv_cell;
use super::{Settings, to_stdout};
use crate::domain::duplicates::{self, Pair, Scoring};
pub use crate::domain::duplicates::{may_be, who};
use crate::domain::model::Record;
use crate::domain::text::sanitize;
use crate::store::OpenMode;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Write;

/// Output formats of `caseload duplicates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DuplicatesFormat {
    Table,
    Csv,
    Json,
}

/// `caseload duplicates`: every likely pair among the people not archived, best first (or,
/// with `--not-same A B`, that answer recorded).
pub(super) fn run(
    context: &Settings,
    today: NaiveDate,
    (min_score, format): (Option<i32>, DuplicatesFormat),
    not_same: Option<&[i64]>,
) -> Result<()> {
    if let Some(ids) = not_same {
        return mark_not_same(context, ids);
    }
    let store = context.open(OpenMode::MustExist)?;
    let scoring = Scoring {
        min_score: min_score.unwrap_or(Scoring::default().min_score),
        ..Scoring::default()
    };
    let people = store.duplicate_candidates(today)?;
    let pairs = duplicates::pairs_among(people, scoring, &store.not_same()?);
    // Only the table names the people: CSV and JSON give ids.
    let records = match format {
        DuplicatesFormat::Table => store.people_and_cases_of(&ids_in(&pairs))?,
        DuplicatesFormat::Csv | DuplicatesFormat::Json => Vec::new(),
    };
    let by_id: HashMap<i64, &Record> = records.iter().map(|r| (r.detainee.id, r)).collect();
    to_stdout(|out| write_pairs(out, &pairs, &by_id, format, today))
}

/// Everyone named in `pairs`, once, in id order.
fn ids_in(pairs: &[Pair]) -> Vec<i64> {
    let mut ids: Vec<i64> = pairs.iter().flat_map(|p| [p.id_a, p.id_b]).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `caseload duplicates --not-same A B`: remembers that A and B are two people, so that
/// neither this command nor the review screen (`D`) suggests them again.
fn mark_not_same(context: &Settings, ids: &[i64]) -> Result<()> {
    let &[a, b] = ids else {
        anyhow::bail!("--not-same takes two person ids: --not-same A B");
    };
    let mut store = context.open(OpenMode::MustExist)?;
    let fresh = store.mark_not_same(a, b)?;
    let (a, b) = (a.min(b), a.max(b));
    super::say::out(match fresh {
        true => format!("#{a} and #{b} are two people: they will not be suggested as one again"),
        false => format!("#{a} and #{b} were already marked as two people: nothing changed"),
    });
    Ok(())
}

/// Prints `pairs` in `format`; the table names both people, CSV and JSON give ids only.
pub fn write_pairs(
    out: &mut impl Write,
    pairs: &[Pair],
    people: &HashMap<i64, &Record>,
    format: DuplicatesFormat,
    today: NaiveDate,
) -> Result<()> {
    match format {
        DuplicatesFormat::Table => table(out, pairs, people, today),
        DuplicatesFormat::Csv => {
            // The reasons quote spellings of names: sanitised on a terminal, as stored in a file.
            let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
            let mut writer = ::csv::Writer::from_writer(out);
            writer.write_record(["id_a", "id_b", "score", "reasons"])?;
            for p in pairs {
                writer.write_record([
                    p.id_a.to_string(),
                    p.id_b.to_string(),
                    p.score.to_string(),
                    csv_cell(&p.reasons, on_terminal),
                ])?;
            }
            writer.flush()?;
            Ok(())
        }
        DuplicatesFormat::Json => {
            let rows: Vec<JsonPair> = pairs
                .iter()
                .map(|p| JsonPair {
                    id_a: p.id_a,
                    id_b: p.id_b,
                    reasons: &p.reasons,
                    score: p.score,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
            Ok(())
        }
    }
}

/// One pair in the JSON output, its keys in alphabetical order as they have always been
/// printed. A struct rather than `json!` objects: at a million people, 1.5M maps of four
/// allocated keys took longer than the scan.
#[derive(serde::Serialize)]
struct JsonPair<'a> {
    id_a: i64,
    id_b: i64,
    reasons: &'a str,
    score: i32,
}

/// Three lines per pair (score and the first person, the second, the reasons), so a narrow
/// phone terminal or a screen reader gets each whole, then a blank line.
fn table(
    out: &mut impl Write,
    pairs: &[Pair],
    people: &HashMap<i64, &Record>,
    today: NaiveDate,
) -> Result<()> {
    if pairs.is_empty() {
        writeln!(out, "no likely duplicates")?;
        return Ok(());
    }
    let who = |id: i64| people.get(&id).map_or_else(String::new, |r| who(r, today));
    for p in pairs {
        writeln!(out, "{:>5}  #{} {}", p.score, p.id_a, who(p.id_a))?;
        writeln!(out, "{:>5}  #{} {}", "", p.id_b, who(p.id_b))?;
        writeln!(out, "{:>5}  {}", "", sanitize(&p.reasons))?;
        writeln!(out)?;
    }
    let noun = if pairs.len() == 1 { "pair" } else { "pairs" };
    writeln!(
        out,
        "{} {noun} that may be one person (score, then both people and why); nothing is merged",
        pairs.len()
    )?;
    Ok(())
}
