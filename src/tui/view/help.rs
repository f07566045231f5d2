//! The help screen: every key of every screen with its action's doc line, generated from the
//! keymap and the `Action` docs, so it always tells the truth about the bindings.

use super::heading_style;
use crate::domain::text;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Width of the keys column.
const KEYS: usize = 18;

/// Draws the help from line `scroll`; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, app: &App, scroll: usize) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let lines = lines(app, usize::from(area.width));
    let total = lines.len();
    let start = scroll.min(total.saturating_sub(usize::from(area.height)));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(start)
        .take(usize::from(area.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    total
}

/// The help text, one binding per line (docs wrapped under themselves).
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let sections = [
        (Mode::List, "In the list"),
        (
            Mode::Search,
            "While searching (other keys type into the search)",
        ),
        (
            Mode::Filter,
            "While typing a filter (other keys type into the filter line)",
        ),
        (Mode::Detail, "On a person's page"),
        (Mode::Hearings, "On the Hearings screen"),
        (Mode::Export, "Choosing an export format"),
        (
            Mode::Form,
            "In the add/edit form (other keys type into the field)",
        ),
        (
            Mode::Hearing,
            "Recording a hearing (other keys type into the date or note)",
        ),
        (Mode::Confirm, "When asked a question"),
        (Mode::Conflict, "When someone else saved first"),
        (Mode::Released, "Released and archived people"),
        (Mode::Stats, "On the statistics screen (#)"),
        (Mode::Help, "In this help"),
    ];
    let keys_width = KEYS.min(width / 3);
    let room = width.saturating_sub(keys_width + 3).max(1);
    let mut lines = Vec::new();
    for (screen, title) in sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(
            text::clip(title, width),
            heading_style(&app.theme),
        ));
        for (action, keys) in app.keymap.bindings(screen) {
            let keys = keys.join(", ");
            for (i, part) in text::wrap(action.doc(), room).into_iter().enumerate() {
                let left = if i == 0 { keys.as_str() } else { "" };
                let line = format!("  {} {part}", text::cell(left, keys_width));
                lines.push(Line::from(text::clip(&line, width)));
            }
        }
    }
    lines
}
