//! The Hearings screen: coming hearings by date (today first), the most urgent person first
//! within a day, with the court and lawyer filters shown above the table.

use super::{band_style, heading_style, selected_style};
use crate::domain::text;
use crate::tui::app::{App, visible_offset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the hearings into `area`; returns how many rows of hearings fit.
pub fn render(frame: &mut Frame, area: Rect, app: &App) -> usize {
    if area.height == 0 || area.width == 0 {
        return 0;
    }
    let width = usize::from(area.width);
    let hearings = app.hearings();
    let filters = format!(
        "Court: {} · Lawyer: {}",
        hearings.court().unwrap_or("all"),
        hearings.lawyer().unwrap_or("all")
    );
    let mut lines = vec![Line::styled(text::clip(&filters, width), heading_style())];
    // Date, band and points are fixed; name, court and lawyer share the rest.
    let (date, band, points) = (10, 8, 3);
    let rest = width.saturating_sub(date + band + points + 5);
    let (name, court) = (rest * 2 / 5, rest * 7 / 20);
    let lawyer = rest.saturating_sub(name + court);
    let title = format!(
        "{} {} {} {} {} {}",
        text::cell("Date", date),
        text::cell("Name", name),
        text::cell("Band", band),
        text::cell("Pts", points),
        text::cell("Court", court),
        text::cell("Lawyer", lawyer)
    );
    lines.push(Line::styled(text::clip(&title, width), heading_style()));
    if hearings.is_empty() {
        lines.push(Line::from(text::clip("No coming hearings match.", width)));
    }
    let rows = usize::from(area.height).saturating_sub(2);
    let offset = visible_offset(hearings.offset, hearings.selected, rows);
    for i in offset..(offset + rows).min(hearings.len()) {
        let Some(row) = hearings.row(i) else { break };
        let Some(names) = app.roster().names(row.index) else {
            continue;
        };
        let shown_name = if app.private {
            text::short_name(names.name)
        } else {
            names.name.to_string()
        };
        let mut line = Line::from(vec![
            Span::raw(format!("{} ", text::cell(&row.date.to_string(), date))),
            Span::raw(format!("{} ", text::cell(&shown_name, name))),
            Span::styled(
                text::cell(row.band.shout(), band),
                band_style(row.band, app.no_color),
            ),
            Span::raw(format!(" {:>points$} ", row.total)),
            Span::raw(format!("{} ", text::cell(hearings.name(row.court), court))),
            Span::raw(text::cell(hearings.name(row.lawyer), lawyer)),
        ]);
        if i == hearings.selected {
            line = line.style(selected_style());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
    rows
}
