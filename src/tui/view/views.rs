//! Saved views: each with its filter and sort, the chosen one marked; or the name being typed
//! for the list's filter, with why it cannot be saved yet.

use super::{error_style, heading_style, selected_style};
use crate::domain::text;
use crate::domain::theme::Theme;
use crate::tui::app::{App, Rows};
use crate::tui::screens::views::{Naming, ViewsScreen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Lines a view takes at `width`, how many views fit in `height` under the title, and the
/// first one shown (so the chosen one stays in sight).
fn shown(screen: &ViewsScreen, width: usize, height: usize) -> (usize, usize, usize) {
    let per_view = if width < 60 { 2 } else { 1 };
    let room = (height.saturating_sub(1) / per_view).max(1);
    (per_view, room, screen.selected.saturating_sub(room - 1))
}

/// Where the views were drawn (under the title), for a tap on one; none while a name is typed.
pub fn view_rows(screen: &ViewsScreen, area: Rect) -> Option<Rows> {
    if screen.naming.is_some() || screen.views.is_empty() || area.height < 2 {
        return None;
    }
    let (per, room, first) = shown(screen, usize::from(area.width), usize::from(area.height));
    let count = room.min(screen.views.len() - first) as u16;
    Some(Rows {
        top: area.y + 1,
        count,
        per: per as u16,
        left: area.x,
        right: area.right(),
        selected: Some((screen.selected - first) as u16).filter(|&row| row < count),
    })
}

/// Draws the screen; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, app: &App, screen: &ViewsScreen) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let width = usize::from(area.width).max(1);
    let lines = match &screen.naming {
        Some(naming) => naming_lines(app, naming, width),
        None => pick_lines(screen, (width, usize::from(area.height)), &app.theme),
    };
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines), area);
    total
}

/// One line a view (name, then its filter), two on a narrow screen; the chosen one kept in
/// sight.
fn pick_lines(
    screen: &ViewsScreen,
    (width, height): (usize, usize),
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        text::clip("Views: Enter puts one on the list", width),
        heading_style(theme),
    )];
    if screen.views.is_empty() {
        lines.push(Line::from(
            "No views yet: filter the list (f), then V saves it.",
        ));
        return lines;
    }
    let (per_view, room, first) = shown(screen, width, height);
    for (i, view) in screen.views.iter().enumerate().skip(first).take(room) {
        let chosen = i == screen.selected;
        let marker = if chosen { "›" } else { " " };
        let mut about = text::sanitize(&view.filter);
        if view.sort != Default::default() {
            about.push_str(&format!(" · sort {}", view.sort.key));
        }
        let name = text::sanitize(&view.name);
        let rows = if per_view == 1 {
            vec![format!("{marker} {} {about}", text::cell(&name, 28))]
        } else {
            vec![format!("{marker} {name}"), format!("    {about}")]
        };
        for row in rows {
            let row = text::clip(&row, width);
            lines.push(if chosen {
                Line::styled(row, selected_style(theme))
            } else {
                Line::from(row)
            });
        }
    }
    lines
}

fn naming_lines(app: &App, naming: &Naming, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        text::clip("Save the list's filter as a view", width),
        heading_style(&app.theme),
    )];
    lines.push(Line::from(text::clip(
        &format!("Filter: {}", text::sanitize(&naming.filter)),
        width,
    )));
    lines.push(Line::from(text::clip(
        &format!("Name:   {}▏", text::sanitize(&naming.name)),
        width,
    )));
    if let Some(error) = &naming.error {
        for part in text::wrap(&format!("✗ {error}"), width) {
            lines.push(Line::styled(part, error_style(&app.theme)));
        }
    }
    lines.push(Line::default());
    let note = "Everyone on this file sees it in v; a view of the same name is replaced.";
    lines.extend(text::wrap(note, width).into_iter().map(Line::from));
    lines
}
