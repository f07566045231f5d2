//! Exports as text: Markdown, plain text for 80 columns, self-contained HTML (and PDF). Each is
//! a pure function of an [`Export`]; the same data gives the same bytes, apart from the
//! `generated` line.

mod html;
mod markdown;
pub(crate) mod page;
mod pdf;
mod plain;

pub(crate) use html::esc;
pub use html::html;
pub use markdown::markdown;
pub(crate) use pdf::is_arabic_script;
pub use pdf::{PdfError, pdf};
pub use plain::plain;

use super::checklist::{Checklist, ItemKind};
use super::daysheet::Export;

/// Section headings of a checklist, in page order. The notices ("how the law applies here":
/// contradictions, unconfirmed rules) come first, and only when there are any.
pub(crate) fn item_sections(checklist: &Checklist) -> Vec<(ItemKind, &'static str)> {
    let mut sections = Vec::with_capacity(4);
    if checklist.items_of(ItemKind::Notice).next().is_some() {
        sections.push((ItemKind::Notice, "How the law applies here (read first)"));
    }
    sections.extend([
        (ItemKind::Document, "Documents to bring or obtain"),
        (ItemKind::Argument, "Arguments available"),
        (ItemKind::Request, "To ask the court for"),
    ]);
    sections
}

/// "2026-12-03, Special Court CNS Karachi-I (bail)" or "No hearing scheduled".
pub(crate) fn hearing_line(checklist: &Checklist) -> String {
    match &checklist.hearing {
        Some(h) => {
            let mut line = h.date.to_string();
            if let Some(court) = h.court.as_deref().or_else(|| court_of(checklist)) {
                line.push_str(", ");
                line.push_str(court);
            }
            if let Some(purpose) = &h.purpose {
                line.push_str(&format!(" ({purpose})"));
            }
            line
        }
        None => "No hearing scheduled: ask for a date".to_string(),
    }
}

fn court_of(checklist: &Checklist) -> Option<&str> {
    checklist
        .case
        .iter()
        .find(|e| e.label == "Court")
        .map(|e| e.value.as_str())
}

/// The cover table's row for one person: court, name, band, the one-line reason, the main argument.
pub(crate) struct CoverRow {
    pub court: String,
    pub name: String,
    pub band: &'static str,
    pub reason: String,
    pub argument: String,
}

pub(crate) fn cover_rows(export: &Export) -> Vec<CoverRow> {
    export
        .checklists
        .iter()
        .map(|c| CoverRow {
            court: c
                .hearing
                .as_ref()
                .and_then(|h| h.court.as_deref())
                .or_else(|| court_of(c))
                .unwrap_or("-")
                .to_string(),
            name: c.name.clone(),
            band: c.band.shout(),
            reason: c
                .why_now
                .first()
                .map(|w| w.text.clone())
                .unwrap_or_default(),
            argument: c
                .main_argument()
                .map(|a| a.text.clone())
                .unwrap_or_else(|| "-".into()),
        })
        .collect()
}

/// The export formats, for callers that choose one at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Html,
    Pdf,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// A name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Pdf => "PDF",
        }
    }

    /// Renders an export in this format.
    pub fn render(self, export: &Export) -> Result<Vec<u8>, PdfError> {
        Ok(match self {
            Format::Markdown => markdown(export).into_bytes(),
            Format::Text => plain(export).into_bytes(),
            Format::Html => html(export).into_bytes(),
            Format::Pdf => pdf(export)?,
        })
    }
}
