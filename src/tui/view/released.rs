//! People no longer in the custody list: out of custody (bail granted, acquitted, released) and
//! archived ("deleted") people, by name. Archived people can be restored from here.

use super::{heading_style, selected_style};
use crate::domain::text;
use crate::tui::app::{App, visible_offset};
use crate::tui::screens::ReleasedScreen;
use crate::tui::screens::released::OutPerson;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Draws the view; returns how many people fit.
pub fn render(frame: &mut Frame, area: Rect, app: &App, screen: &ReleasedScreen) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let width = usize::from(area.width);
    let rows = usize::from(area.height).saturating_sub(1);
    let offset = visible_offset(0, screen.cursor.selected, rows);
    let shown = offset..(offset + rows).min(screen.len());
    // Wide enough for the rows shown ("merged into #1234" is wider than "archived").
    let status_width = shown
        .clone()
        .filter_map(|i| screen.row(app.caseload(), i))
        .map(|(person, archived)| text::width(&status(&person, archived)))
        .fold(10, usize::max)
        .min(width / 2);
    let name_width = width.saturating_sub(status_width + 1);
    let mut lines = vec![Line::styled(
        text::clip(
            &format!("{} {}", text::cell("Name", name_width), "Status"),
            width,
        ),
        heading_style(&app.theme),
    )];
    if screen.is_empty() {
        lines.push(Line::from(text::clip(
            "No one released, acquitted, on bail or archived.",
            width,
        )));
    }
    for i in shown {
        let Some((person, archived)) = screen.row(app.caseload(), i) else {
            continue;
        };
        let status = status(&person, archived);
        let line = text::clip(
            &format!(
                "{} {}",
                text::cell(person.name, name_width),
                text::cell(&status, status_width)
            ),
            width,
        );
        lines.push(if i == screen.cursor.selected {
            Line::styled(line, selected_style(&app.theme))
        } else {
            Line::from(line)
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
    rows
}

/// A row's status: archived (by a merge: into whom), on bail, or the stage that ended custody.
fn status(person: &OutPerson, archived: bool) -> String {
    match (archived, person.merged_into) {
        (true, Some(survivor)) => format!("merged into #{survivor}"),
        (true, None) => "archived".to_string(),
        (false, _) if person.stage.in_custody() => "on bail".to_string(),
        (false, _) => person.stage.label().to_string(),
    }
}
