//! `caseload checklist`: one person's hearing checklist or a court day's sheet, written to stdout
//! or to an owner-only file that is never overwritten without `--force`.

use super::say;
use crate::domain::checklist::{Privacy, Rules};
use crate::domain::model::Record;
use crate::domain::render;
use crate::domain::weights::Weights;
use anyhow::{Result, bail};
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

impl ChecklistFormat {
    fn as_render(self) -> render::Format {
        match self {
            ChecklistFormat::Md => render::Format::Markdown,
            ChecklistFormat::Txt => render::Format::Text,
            ChecklistFormat::Html => render::Format::Html,
            ChecklistFormat::Pdf => render::Format::Pdf,
        }
    }
}

/// What to export: a person, or a court day (the library's one subject).
pub use crate::export::Subject;

/// Everything `checklist` needs besides the records.
pub struct Request<'a> {
    pub subject: Subject,
    pub format: ChecklistFormat,
    pub out: Option<&'a Path>,
    pub privacy: Privacy,
    pub force: bool,
}

/// What left the program, for the audit trail.
pub struct Exported {
    /// The people whose checklists were exported.
    pub ids: Vec<i64>,
    /// The format, and whether health details were included.
    pub what: String,
    /// Where it went: the file, or standard output.
    pub to: String,
}

/// Builds the export and writes it where asked; says what left, for the audit trail.
pub fn run(
    records: &[Record],
    today: NaiveDate,
    weights: &Weights,
    rules: &Rules,
    request: &Request,
) -> Result<Exported> {
    let basis = crate::export::Basis {
        today,
        weights,
        rules,
    };
    let sheet = crate::export::sheet(records, &request.subject, &basis, request.privacy)?;
    let format = request.format.as_render();
    let bytes = sheet.render(format)?;
    if request.format == ChecklistFormat::Pdf && request.out.is_none() {
        bail!("a PDF needs a file: pass --out PATH");
    }
    let exported = Exported {
        ids: sheet.ids(),
        what: sheet.what(format),
        to: request.out.map_or_else(
            || "standard output".to_string(),
            |p| p.display().to_string(),
        ),
    };
    match request.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
        Some(path) => {
            crate::files::write_private(path, &bytes, request.force)?;
            say::err(format_args!(
                "wrote {} ({} checklist{}) to {}",
                format.label(),
                sheet.count(),
                if sheet.count() == 1 { "" } else { "s" },
                path.display()
            ));
        }
    }
    Ok(exported)
}
