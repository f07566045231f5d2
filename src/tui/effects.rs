//! Carrying out the app's export and copy effects: build the checklist, write it to an
//! owner-only file in the exports folder (never over an existing one), or send it to the user's
//! clipboard with OSC 52. Each returns the one-line message the footer shows.

use super::app::{App, Subject};
use crate::domain::checklist::{Privacy, Rules};
use crate::domain::daysheet::{DayFilter, Export, day_sheet, generated_line, person_sheet};
use crate::domain::render::Format;
use crate::store::{Store, StoreError};
use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What exporting from the TUI needs beyond the app.
#[derive(Debug, Clone)]
pub struct ExportSettings {
    pub rules: Rules,
    /// Where exported files go (created owner-only on first use).
    pub dir: PathBuf,
}

/// The checklists of `subject`, read from the store (a person, or everyone heard that day).
fn build(
    store: &Store,
    app: &App,
    settings: &ExportSettings,
    subject: &Subject,
    include_health: bool,
) -> Result<Export, StoreError> {
    let privacy = Privacy { include_health };
    let generated = generated_line(chrono::Local::now(), app.today, include_health);
    Ok(match subject {
        Subject::Person(id) => {
            let record = store.get(*id)?.ok_or_else(|| StoreError::NotFound {
                path: store.path().to_path_buf(),
                id: *id,
            })?;
            person_sheet(
                &record,
                app.today,
                &app.weights,
                &settings.rules,
                privacy,
                generated,
            )
        }
        Subject::Day {
            date,
            court,
            lawyer,
        } => day_sheet(
            &store.load_hearing_day(*date)?,
            *date,
            &DayFilter {
                date: Some(*date),
                court: court.clone(),
                lawyer: lawyer.clone(),
            },
            app.today,
            &app.weights,
            &settings.rules,
            privacy,
            generated,
        ),
    })
}

/// A file name that is not taken yet: `stem.ext`, else `stem-2.ext`, `stem-3.ext`… A link
/// counts as taken even when it points nowhere (the write below would refuse it anyway).
fn free_path(dir: &Path, stem: &str, extension: &str) -> PathBuf {
    let mut candidate = dir.join(format!("{stem}.{extension}"));
    let mut n = 2;
    while std::fs::symlink_metadata(&candidate).is_ok() {
        candidate = dir.join(format!("{stem}-{n}.{extension}"));
        n += 1;
    }
    candidate
}

/// Writes the export and says where.
pub fn export(
    store: &mut Store,
    app: &App,
    settings: &ExportSettings,
    subject: &Subject,
    format: Format,
    include_health: bool,
) -> String {
    let export = match build(store, app, settings, subject, include_health) {
        Ok(export) => export,
        Err(e) => return format!("Export failed: {e}"),
    };
    let stem = match subject {
        Subject::Person(id) => format!("checklist-{id}-{}", app.today),
        Subject::Day { date, .. } => format!("day-{date}"),
    };
    let result = crate::files::create_private_dir(&settings.dir).and_then(|()| {
        let bytes = format.render(&export)?;
        let path = free_path(&settings.dir, &stem, format.extension());
        crate::files::write_private(&path, &bytes, false)?;
        Ok(path)
    });
    match result {
        // The file name first: on a narrow screen the folder is what gets cut.
        Ok(path) => {
            let count = export.checklists.len();
            let what = format!(
                "{} checklist{}",
                format.label(),
                if include_health {
                    " with health details"
                } else {
                    ""
                }
            );
            if let Err(e) = record(store, &export, &what, &path.display().to_string()) {
                return format!(
                    "Wrote {} but could not record it in the history: {e}",
                    path.display()
                );
            }
            format!(
                "Wrote {} ({}, {count} checklist{}{}) in {}",
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                format.label(),
                if count == 1 { "" } else { "s" },
                if include_health {
                    ", WITH health details"
                } else {
                    ""
                },
                settings.dir.display()
            )
        }
        Err(e) => format!("Export failed: {e:#}"),
    }
}

/// Every export is recorded in the audit trail, one row per person in it.
fn record(store: &mut Store, export: &Export, what: &str, to: &str) -> Result<(), StoreError> {
    let ids: Vec<i64> = export.checklists.iter().map(|c| c.id).collect();
    store.record_export(&ids, what, to)
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\u{1b}]52;c;{encoded}\u{7}")
}

/// Sends the plain-text checklist (health withheld) to the user's clipboard.
pub fn copy(store: &mut Store, app: &App, settings: &ExportSettings, subject: &Subject) -> String {
    let export = match build(store, app, settings, subject, false) {
        Ok(export) => export,
        Err(e) => return format!("Not copied: {e}"),
    };
    if let Err(e) = record(store, &export, "text checklist", "the clipboard (OSC 52)") {
        return format!("Not copied: could not record it in the history: {e}");
    }
    let text = crate::domain::render::plain(&export);
    let mut stdout = std::io::stdout();
    let sent = stdout
        .write_all(osc52(&text).as_bytes())
        .and_then(|()| stdout.flush());
    match sent {
        Ok(()) => format!(
            "Copied the text checklist ({} lines, health withheld) to your clipboard, if your terminal allows OSC 52",
            text.lines().count()
        ),
        Err(e) => format!("Copy failed: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_wraps_base64_text() {
        assert_eq!(osc52("hi"), "\u{1b}]52;c;aGk=\u{7}");
    }

    #[test]
    fn free_path_never_reuses_a_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = free_path(dir.path(), "day-2026-12-03", "txt");
        std::fs::write(&first, "x").expect("write");
        let second = free_path(dir.path(), "day-2026-12-03", "txt");
        assert_ne!(first, second);
        assert!(second.ends_with("day-2026-12-03-2.txt"));
    }
}
