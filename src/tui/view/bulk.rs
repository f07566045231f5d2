//! Acting on the marked people: the choices, then the short form for the value (the hearing
//! form's layout for an outcome), naming a few of the people it will change.

use super::{error_style, heading_style, hearing, selected_style};
use crate::domain::text;
use crate::tui::app::{App, Rows};
use crate::tui::screens::bulk::{BulkFields, BulkScreen, Choice, Typing};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// How many marked people are named under the heading.
const NAMED: usize = 3;

const LABEL: usize = 14;

/// Draws the screen; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, app: &App, screen: &BulkScreen) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    if let Some(Typing::Outcome(form)) = &screen.typing {
        return hearing::render(frame, area, app, form);
    }
    let width = usize::from(area.width).max(1);
    let mut lines = Vec::new();
    for part in heading(app, screen, width) {
        lines.push(Line::styled(part, heading_style(&app.theme)));
    }
    lines.push(Line::default());
    match &screen.typing {
        Some(Typing::Fields(fields)) => field_lines(&mut lines, app, fields, width),
        _ => {
            for (i, choice) in Choice::ALL.iter().enumerate() {
                let chosen = i == screen.selected;
                let marker = if chosen { "›" } else { " " };
                let line = text::clip(&format!("{marker} {}", choice.label()), width);
                lines.push(if chosen {
                    Line::styled(line, selected_style(&app.theme))
                } else {
                    Line::from(line)
                });
            }
            lines.push(Line::default());
            let note = "Nothing changes before you answer the question that follows; one u \
                        undoes the whole change.";
            lines.extend(text::wrap(note, width).into_iter().map(Line::from));
        }
    }
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines), area);
    total
}

/// The heading, wrapped: who will be changed.
fn heading(app: &App, screen: &BulkScreen, width: usize) -> Vec<String> {
    let heading = format!("Act on {} marked: {}", screen.ids.len(), names(app, screen));
    text::wrap(&heading, width)
}

/// Where the choices were drawn (under the heading and a blank line), for a tap on one; none
/// while a value is typed.
pub fn choice_rows(app: &App, screen: &BulkScreen, area: Rect) -> Option<Rows> {
    if screen.typing.is_some() || area.width == 0 {
        return None;
    }
    let head = heading(app, screen, usize::from(area.width)).len() as u16 + 1;
    let count = (Choice::ALL.len() as u16).min(area.height.saturating_sub(head));
    Some(Rows {
        top: area.y + head,
        count,
        per: 1,
        left: area.x,
        right: area.right(),
        selected: Some(screen.selected as u16).filter(|&row| row < count),
    })
}

/// The fields being typed, the focused one marked and showing the cursor.
fn field_lines(lines: &mut Vec<Line<'static>>, app: &App, fields: &BulkFields, width: usize) {
    let value_width = width.saturating_sub(LABEL + 3).max(1);
    for (i, (field, value)) in fields.fields.iter().enumerate() {
        let focused = i == fields.focus;
        let shown = if focused {
            format!("{value}▏")
        } else {
            value.clone()
        };
        lines.push(hearing::field_row(
            field.label(),
            &shown,
            focused,
            (LABEL, value_width),
            &app.theme,
        ));
    }
    if let Some(reason) = &fields.error {
        for part in text::wrap(&format!("✗ {reason}"), width) {
            lines.push(Line::styled(part, error_style(&app.theme)));
        }
    }
    lines.push(Line::default());
    let hint = "Blank clears the field for everyone. Enter: review before saving.";
    lines.extend(text::wrap(hint, width).into_iter().map(Line::from));
}

/// The first few marked people's names (short behind the privacy screen), and how many more.
fn names(app: &App, screen: &BulkScreen) -> String {
    let roster = app.roster();
    let mut shown: Vec<String> = screen
        .ids
        .iter()
        .filter_map(|&id| roster.index_of(id).and_then(|i| roster.person(i)))
        .take(NAMED)
        .map(|p| {
            let name = p.names.name;
            if app.private {
                text::short_name(name)
            } else {
                text::sanitize(name)
            }
        })
        .collect();
    if screen.ids.len() > NAMED {
        shown.push(format!("and {} more", screen.ids.len() - NAMED));
    }
    shown.join(", ")
}
