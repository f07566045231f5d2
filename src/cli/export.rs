//! `caseload export`: every field of every selected record out, in the format it came in
//! (issue 14 §6). CSV is exactly the import format (`domain::records_csv`), so `export` then
//! `import` into an empty file gives the same records; what that format cannot carry (past
//! hearings, findings' notes) goes to two side files beside it. JSON is one file, each record
//! as `show --format json` prints it. Files are owner-only and never over an existing one
//! without `--force`; health details only with `--include-health`; one audit row per person.

use super::{Settings, edit::record_json, list::parse_filter, say};
use crate::domain::filter::{Context, Filter};
use crate::domain::model::Record;
use crate::domain::records_csv::{Columns, findings_csv, hearings_csv, records_csv};
use crate::domain::selection::select_records;
use crate::files::write_private;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Formats of `caseload export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The import format of DOMAIN.md §6, plus `.hearings.csv` and `.findings.csv` side files
    Csv,
    /// One JSON array: each record with every field, its hearings and findings
    Json,
}

/// What `caseload export` was asked for.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportOptions {
    /// Only the people this filter selects (everyone on file by default)
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub filter: Option<String>,
    /// Only the people this saved view's filter selects (with --filter: both must hold)
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write (created owner-only); CSV adds STEM.hearings.csv and STEM.findings.csv
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Include health details (HIV, TB, hepatitis C, mental health); left out by default
    #[arg(long)]
    pub include_health: bool,
    /// Overwrite the files if they exist
    #[arg(long)]
    pub force: bool,
}

/// `caseload export`: selects, checks every output path, writes, audits, reports.
pub(super) fn run(context: &Settings, today: NaiveDate, options: &ExportOptions) -> Result<()> {
    let weights = context.weights()?;
    let asked = super::view::Asked {
        view: options.view.clone(),
        filter: options.filter.clone(),
        ..super::view::Asked::default()
    };
    let (mut store, chosen) = super::view::open_and_choose(context, &asked)?;
    let filter = parse_filter(chosen.filter.as_deref())?.unwrap_or_default();
    let mut records = store.load_all()?;
    let me = store.staff_name(store.actor())?;
    let cx = Context {
        today,
        weights: &weights,
        me: me.as_deref(),
    };
    let keep = select_records(&records, &filter, &cx);
    let mut kept = vec![false; records.len()];
    keep.iter().for_each(|&i| kept[i] = true);
    let mut flags = kept.into_iter();
    records.retain(|_| flags.next().unwrap_or(false));
    let files = files_for(options, &records)?;
    // Every path is checked before the first is written: a refusal leaves nothing behind.
    if !options.force
        && let Some((path, _)) = files.iter().find(|(p, _)| p.exists())
    {
        bail!(
            "{}: already exists; pass --force to overwrite it (nothing was written)",
            path.display()
        );
    }
    for (path, bytes) in &files {
        write_private(path, bytes, options.force)?;
    }
    let ids: Vec<i64> = records.iter().map(|r| r.detainee.id).collect();
    store.record_export(&ids, &what(options), &options.out.display().to_string())?;
    report(options, &files, records.len(), &filter);
    Ok(())
}

/// The audit trail's "what": the format, and whether health details were included.
fn what(options: &ExportOptions) -> String {
    let format = match options.format {
        ExportFormat::Csv => "records CSV",
        ExportFormat::Json => "records JSON",
    };
    let health = if options.include_health {
        " with health details"
    } else {
        ""
    };
    format!("{format}{health}")
}

/// Each file to write and its bytes: `OUT`, and for CSV `STEM.hearings.csv` and
/// `STEM.findings.csv` beside it.
fn files_for(options: &ExportOptions, records: &[Record]) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let columns = Columns {
        include_health: options.include_health,
    };
    Ok(match options.format {
        ExportFormat::Csv => vec![
            (options.out.clone(), records_csv(records, columns)?),
            (side_file(&options.out, "hearings"), hearings_csv(records)?),
            (side_file(&options.out, "findings"), findings_csv(records)?),
        ],
        ExportFormat::Json => {
            let fields = columns.fields();
            let rows = records
                .iter()
                .map(|r| record_json(r, &fields).map(Value::Object))
                .collect::<Result<Vec<_>>>()?;
            let mut bytes = serde_json::to_vec_pretty(&rows)?;
            bytes.push(b'\n');
            vec![(options.out.clone(), bytes)]
        }
    })
}

/// `clinic.csv` → `clinic.hearings.csv` (the extension replaced; added when there is none).
pub fn side_file(out: &Path, what: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.{what}.csv"))
}

fn report(options: &ExportOptions, files: &[(PathBuf, Vec<u8>)], count: usize, filter: &Filter) {
    let people = if count == 1 { "person" } else { "people" };
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    let health = if options.include_health {
        "health details included"
    } else {
        "health details left out (--include-health adds them)"
    };
    let selected = if filter.is_empty() && filter.search.is_empty() {
        ""
    } else {
        " matching the filter"
    };
    say::out(format_args!(
        "exported {count} {people}{selected} to {}; {health}",
        names.join(", ")
    ));
}

#[cfg(test)]
mod tests {
    use super::side_file;
    use std::path::Path;

    #[test]
    fn side_files_sit_beside_the_export() {
        let cases = [
            ("out/clinic.csv", "out/clinic.hearings.csv"),
            ("clinic", "clinic.hearings.csv"),
            ("a.b.csv", "a.b.hearings.csv"),
        ];
        for (out, wanted) in cases {
            assert_eq!(side_file(Path::new(out), "hearings"), Path::new(wanted));
        }
    }
}
