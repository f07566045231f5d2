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
    if conflict.rows.is_empty() {
        lines.push(Line::from("(the same values: only the version moved on)"));
    }
    let rows = conflict.rows.iter().skip(screen.scroll);
    if width < NARROW {
        lines.extend(rows.flat_map(|(field, theirs, yours)| stacked(field, theirs, yours, width)));
    } else {
        lines.push(Line::styled(
            side_by_side("field", "theirs (saved)", "yours", width),
            heading_style(&app.theme),
        ));
        lines.extend(rows.map(|(field, theirs, yours)| {
            Line::from(side_by_side(field, &blank(theirs), &blank(yours), width))
        }));
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

/// Below this width a field's two values are stacked under it, each wrapped in full: side by
/// side they would be cut to a few letters each (a phone at 45 columns).
const NARROW: usize = 60;

/// An empty value as a dash, so "nothing" is seen.
fn blank(value: &str) -> String {
    if value.is_empty() {
        "—".to_string()
    } else {
        value.to_string()
    }
}

/// One field as one row: field, theirs, yours.
fn side_by_side(field: &str, theirs: &str, yours: &str, width: usize) -> String {
    let column = width.saturating_sub(22) / 2;
    text::clip(
        &format!(
            "{} {} {}",
            text::cell(field, 20.min(width / 3)),
            text::cell(theirs, column.max(1)),
            text::cell(yours, column.max(1))
        ),
        width,
    )
}

/// One field as lines: its name, then theirs and yours each wrapped under a label.
fn stacked(field: &str, theirs: &str, yours: &str, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(text::clip(field, width))];
    for (label, value) in [("theirs", theirs), ("yours ", yours)] {
        let room = width.saturating_sub(10).max(1);
        for (i, part) in text::wrap(&blank(value), room).into_iter().enumerate() {
            let label = if i == 0 { label } else { "      " };
            lines.push(Line::from(text::clip(&format!("  {label}  {part}"), width)));
        }
    }
    lines
}
