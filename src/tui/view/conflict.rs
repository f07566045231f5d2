//! Someone else saved the same person first. Nothing was overwritten: this screen shows their
//! version and yours, field by field, and offers to re-apply your changes over theirs, to reload
//! theirs, or to go back and edit.

use super::{error_style, heading_style};
use crate::domain::text;
use crate::tui::app::App;
use crate::tui::screens::ConflictScreen;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Draws the conflict from its scroll line; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, app: &App, screen: &ConflictScreen) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let conflict = &screen.conflict;
    let width = usize::from(area.width);
    let mut lines = Vec::new();
    let title = format!(
        "Not saved: {} was changed by someone else (now version {}).",
        conflict.theirs.detainee.name, conflict.found
    );
    for part in text::wrap(&title, width.max(1)) {
        lines.push(Line::styled(part, error_style(&app.theme)));
    }
    let column = width.saturating_sub(22) / 2;
    let row = |a: &str, b: &str, c: &str| {
        text::clip(
            &format!(
                "{} {} {}",
                text::cell(a, 20.min(width / 3)),
                text::cell(b, column.max(1)),
                text::cell(c, column.max(1))
            ),
            width,
        )
    };
    lines.push(Line::styled(
        row("field", "theirs (saved)", "yours"),
        heading_style(&app.theme),
    ));
    if conflict.rows.is_empty() {
        lines.push(Line::from("(the same values: only the version moved on)"));
    }
    for (field, theirs, yours) in conflict.rows.iter().skip(screen.scroll) {
        let blank = |s: &str| {
            if s.is_empty() {
                "—".to_string()
            } else {
                s.to_string()
            }
        };
        lines.push(Line::from(row(field, &blank(theirs), &blank(yours))));
    }
    lines.push(Line::default());
    for part in text::wrap(
        "a: save your changes over theirs · r: reload theirs, drop yours · esc: edit again",
        width.max(1),
    ) {
        lines.push(Line::from(part));
    }
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines), area);
    total
}
