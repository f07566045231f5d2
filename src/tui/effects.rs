//! Carrying out the app's export and copy effects: build the checklist, write it to an
//! owner-only file in the exports folder (never over an existing one), or send it to the user's
//! clipboard with OSC 52. Each returns the one-line message the footer shows.

use super::app::{App, Subject};
use crate::domain::checklist::{Privacy, Rules};
use crate::domain::render::Format;
use crate::export::{self, Basis, Sheet};
use crate::store::Store;
use base64::Engine;
use std::io::Write;
use std::path::PathBuf;

/// What exporting from the TUI needs beyond the app.
#[derive(Debug, Clone)]
pub struct ExportSettings {
    pub rules: Rules,
    /// Where exported files go (created owner-only on first use).
    pub dir: PathBuf,
}

/// The sheet of `subject`, read from the store (a person, or everyone heard that day).
fn build(
    store: &Store,
    app: &App,
    settings: &ExportSettings,
    subject: &Subject,
    include_health: bool,
) -> anyhow::Result<Sheet> {
    let records = subject.load(store)?;
    let basis = Basis {
        today: app.today(),
        weights: app.weights(),
        rules: &settings.rules,
    };
    export::sheet(&records, subject, &basis, Privacy { include_health })
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
    let sheet = match build(store, app, settings, subject, include_health) {
        Ok(sheet) => sheet,
        Err(e) => return format!("Export failed: {e}"),
    };
    let stem = subject.file_stem(app.today());
    let result = crate::files::create_private_dir(&settings.dir).and_then(|()| {
        let path = export::free_path(&settings.dir, &stem, format.extension());
        sheet.write(format, &path, false)?;
        Ok(path)
    });
    match result {
        // The file name first: on a narrow screen the folder is what gets cut.
        Ok(path) => {
            let count = sheet.count();
            if let Err(e) = sheet.audit(store, &sheet.what(format), &path.display().to_string()) {
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

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\u{1b}]52;c;{encoded}\u{7}")
}

/// Sends the plain-text checklist (health withheld) to the user's clipboard.
pub fn copy(store: &mut Store, app: &App, settings: &ExportSettings, subject: &Subject) -> String {
    let sheet = match build(store, app, settings, subject, false) {
        Ok(sheet) => sheet,
        Err(e) => return format!("Not copied: {e}"),
    };
    if let Err(e) = sheet.audit(store, "text checklist", "the clipboard (OSC 52)") {
        return format!("Not copied: could not record it in the history: {e}");
    }
    let text = crate::domain::render::plain(&sheet.export);
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
}
