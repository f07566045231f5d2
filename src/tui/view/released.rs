//! People no longer in the custody list: out of custody (bail granted, acquitted, released) and
//! archived ("deleted") people, by name. Archived people can be restored from here.

use super::{heading_style, selected_style};
use crate::domain::text;
use crate::tui::app::{App, visible_offset};
use crate::tui::screens::ReleasedScreen;
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
    let status_width = 10;
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
    let offset = visible_offset(0, screen.cursor.selected, rows);
    for i in offset..(offset + rows).min(screen.len()) {
        let Some((person, archived)) = screen.row(app.caseload(), i) else {
            continue;
        };
        let status = if archived {
            "archived".to_string()
        } else if person.stage.in_custody() {
            "on bail".to_string()
        } else {
            person.stage.label().to_string()
        };
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
