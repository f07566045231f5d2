//! `caseload checklist`: one person's hearing checklist or a court day's sheet, written to stdout
//! or to an owner-only file that is never overwritten without `--force`.

use crate::domain::checklist::{Privacy, Rules};
use crate::domain::daysheet::{DayFilter, Export, day_sheet, person_sheet};
use crate::domain::model::Record;
use crate::domain::render;
use crate::domain::weights::Weights;
use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::io::Write;
use std::path::Path;

/// Output formats of a checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    Md,
    Txt,
    Html,
    Pdf,
}

/// What to export: a person, or a court day.
#[derive(Debug, Clone)]
pub enum Subject {
    Person(i64),
    Day(NaiveDate, DayFilter),
}

/// Everything `checklist` needs besides the records.
pub struct Request<'a> {
    pub subject: Subject,
    pub format: ChecklistFormat,
    pub out: Option<&'a Path>,
    pub privacy: Privacy,
    pub force: bool,
}

/// Builds the export and writes it where asked; returns the path written, if any.
pub fn run(
    records: &[Record],
    today: NaiveDate,
    weights: &Weights,
    rules: &Rules,
    request: &Request,
) -> Result<()> {
    let generated = format!(
        "Prepared by caseload on {} as of {today}{}",
        chrono::Local::now().format("%Y-%m-%d %H:%M"),
        if request.privacy.include_health {
            "; CONTAINS HEALTH DETAILS"
        } else {
            "; health details withheld"
        }
    );
    let export: Export = match &request.subject {
        Subject::Person(id) => {
            let record = records
                .iter()
                .find(|r| r.detainee.id == *id)
                .ok_or_else(|| anyhow!("no person with id {id}"))?;
            person_sheet(record, today, weights, rules, request.privacy, generated)
        }
        Subject::Day(date, filter) => day_sheet(
            records,
            *date,
            filter,
            today,
            weights,
            rules,
            request.privacy,
            generated,
        ),
    };
    let bytes = match request.format {
        ChecklistFormat::Md => render::markdown(&export).into_bytes(),
        ChecklistFormat::Txt => render::plain(&export).into_bytes(),
        ChecklistFormat::Html => render::html(&export).into_bytes(),
        ChecklistFormat::Pdf => render::pdf(&export)?,
    };
    if request.format == ChecklistFormat::Pdf && request.out.is_none() {
        bail!("a PDF needs a file: pass --out PATH");
    }
    match request.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
        Some(path) => {
            write_private(path, &bytes, request.force)?;
            eprintln!(
                "wrote {} ({} checklist{}) to {}",
                match request.format {
                    ChecklistFormat::Md => "Markdown",
                    ChecklistFormat::Txt => "text",
                    ChecklistFormat::Html => "HTML",
                    ChecklistFormat::Pdf => "PDF",
                },
                export.checklists.len(),
                if export.checklists.len() == 1 {
                    ""
                } else {
                    "s"
                },
                path.display()
            );
        }
    }
    Ok(())
}

/// Writes a file readable by its owner only; an existing file is kept unless `force`.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(
            "{}: already exists; pass --force to overwrite it",
            path.display()
        );
    }
    // Write beside it and rename, so a failure never leaves half a file.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".caseload-export-")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot write here", path.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.flush())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    // tempfile creates files 0600 already; persisting keeps that mode.
    let persisted = if force {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map_err(|e| anyhow!("{}: cannot write: {}", path.display(), e.error))?;
    Ok(())
}
