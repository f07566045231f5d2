//! The Hearings screen: coming hearings by date (today first), the most urgent person first
//! within a day, with the court and lawyer filters shown above the table. Columns drop out as
//! the terminal narrows (lawyer, then court, then points), never the date, name or band.

use super::{band_on_row, heading_style, selected_style};
use crate::domain::text;
use crate::tui::app::{App, visible_offset};
use crate::tui::hearings::Hearings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Fixed column widths: the date, the band and the points.
const DATE: usize = 10;
const BAND: usize = 8;
const POINTS: usize = 3;

/// Which columns a width has room for. The date, name and band always stay; as the terminal
/// narrows the lawyer goes first, then the court, then the points (the band says the same in
/// a word), so a name stays readable on a phone at court (45 columns: 21 characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    name: usize,
    points: bool,
    /// 0: not shown.
    court: usize,
    lawyer: usize,
}

impl Columns {
    fn for_width(width: usize) -> Columns {
        // Date, name and band with the spaces between them.
        let base = DATE + BAND + 2;
        let with_points = base + POINTS + 1;
        if width >= 72 {
            let rest = width.saturating_sub(with_points + 2);
            let (name, court) = (rest * 2 / 5, rest * 7 / 20);
            let lawyer = rest.saturating_sub(name + court);
            Columns {
                name,
                points: true,
                court,
                lawyer,
            }
        } else if width >= 56 {
            let rest = width.saturating_sub(with_points + 1);
            let name = rest * 3 / 5;
            Columns {
                name,
                points: true,
                court: rest - name,
                lawyer: 0,
            }
        } else if width >= 40 {
            let name = width.saturating_sub(with_points);
            Columns {
                name,
                points: true,
                court: 0,
                lawyer: 0,
            }
        } else {
            let name = width.saturating_sub(base);
            Columns {
                name,
                points: false,
                court: 0,
                lawyer: 0,
            }
        }
    }
}

/// Draws the hearings into `area`; returns how many rows of hearings fit.
pub fn render(frame: &mut Frame, area: Rect, app: &App, hearings: &Hearings) -> usize {
    if area.height == 0 || area.width == 0 {
        return 0;
    }
    let width = usize::from(area.width);
    let mut filters = format!(
        "Court: {} · Lawyer: {}",
        hearings.court().unwrap_or("all"),
        hearings.lawyer().unwrap_or("all")
    );
    if let Some(day) = hearings.day() {
        filters.push_str(&format!(" · Day: {}", day.format("%a %-d %b %Y")));
    }
    let mut lines = vec![Line::styled(
        text::clip(&filters, width),
        heading_style(&app.theme),
    )];
    let cols = Columns::for_width(width);
    let mut title = format!(
        "{} {} {}",
        text::cell("Date", DATE),
        text::cell("Name", cols.name),
        text::cell("Band", BAND)
    );
    if cols.points {
        title.push_str(&format!(" {}", text::cell("Pts", POINTS)));
    }
    for (heading, room) in [("Court", cols.court), ("Lawyer", cols.lawyer)] {
        if room > 0 {
            title.push_str(&format!(" {}", text::cell(heading, room)));
        }
    }
    lines.push(Line::styled(
        text::clip(&title, width),
        heading_style(&app.theme),
    ));
    if hearings.is_empty() {
        lines.push(Line::from(text::clip("No coming hearings match.", width)));
    }
    let rows = usize::from(area.height).saturating_sub(2);
    let offset = visible_offset(hearings.cursor.offset, hearings.cursor.selected, rows);
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
        let mut spans = vec![
            Span::raw(format!("{} ", text::cell(&row.date.to_string(), DATE))),
            Span::raw(format!("{} ", text::cell(&shown_name, cols.name))),
            Span::styled(
                text::cell(row.band.shout(), BAND),
                band_on_row(row.band, i == hearings.cursor.selected, &app.theme),
            ),
        ];
        if cols.points {
            spans.push(Span::raw(format!(" {:>POINTS$}", row.total)));
        }
        for (who, room) in [(row.court, cols.court), (row.lawyer, cols.lawyer)] {
            if room > 0 {
                spans.push(Span::raw(format!(
                    " {}",
                    text::cell(hearings.name(who), room)
                )));
            }
        }
        let mut line = Line::from(spans);
        if i == hearings.cursor.selected {
            line = line.style(selected_style(&app.theme));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_and_keep_date_name_and_band_readable() {
        for width in 20..=200 {
            let c = Columns::for_width(width);
            let used = DATE
                + 1
                + c.name
                + 1
                + BAND
                + usize::from(c.points) * (POINTS + 1)
                + if c.court > 0 { c.court + 1 } else { 0 }
                + if c.lawyer > 0 { c.lawyer + 1 } else { 0 };
            assert_eq!(used, width, "{width}: {c:?}");
        }
        // A phone at court: the name keeps 21 characters, the court and lawyer make way.
        let phone = Columns::for_width(45);
        assert_eq!((phone.name, phone.court, phone.lawyer), (21, 0, 0));
        assert!(phone.points);
        assert!(Columns::for_width(80).lawyer > 0);
    }
}
