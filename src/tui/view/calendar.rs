//! The month calendar: a title line with the filters, the weekday names, then each week as two
//! lines (the day's number, then how many hearings and the most urgent band) or, where the
//! terminal is short, one. Bands are words or letters, today carries a `*`, the selected day is
//! reverse video with the terminal cursor on it: nothing depends on colour alone. The selected
//! day is also said in a sentence under the grid.

use super::{band_style, heading_style, selected_style, today_style};
use crate::domain::month::{DayCell, DayLoad};
use crate::domain::text;
use crate::domain::theme::Theme;
use crate::domain::triage::Band;
use crate::tui::app::App;
use crate::tui::screens::CalendarScreen;
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Draws the calendar into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App, screen: &CalendarScreen) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = usize::from(area.width);
    let column = (width / 7).max(1);
    let grid = screen.grid();
    let hearings = screen.hearings();
    let title = format!(
        "{} · Court: {} · Lawyer: {}",
        grid.month.title(),
        hearings.court().unwrap_or("all"),
        hearings.lawyer().unwrap_or("all")
    );
    let mut lines = vec![Line::styled(
        text::clip(&title, width),
        heading_style(&app.theme),
    )];
    let names: Vec<Span> = grid
        .weekday_names()
        .iter()
        .map(|n| Span::styled(text::cell(n, column), heading_style(&app.theme)))
        .collect();
    lines.push(Line::from(names));
    // Two lines a week when they fit with the title, the names and the sentence under the grid.
    let tall = usize::from(area.height) >= 3 + 2 * grid.weeks.len();
    let mut cursor = None;
    for week in &grid.weeks {
        let y = lines.len();
        let cells = week.iter().map(|cell| (cell, cell.date == screen.day));
        if tall {
            lines.push(Line::from(
                cells
                    .clone()
                    .map(|(c, sel)| day_number(c, sel, column, &app.theme))
                    .collect::<Vec<_>>(),
            ));
            lines.push(Line::from(
                cells
                    .map(|(c, sel)| load_span(c, sel, column, &app.theme, false))
                    .collect::<Vec<_>>(),
            ));
        } else {
            lines.push(Line::from(
                cells
                    .map(|(c, sel)| load_span(c, sel, column, &app.theme, true))
                    .collect::<Vec<_>>(),
            ));
        }
        if let Some(col) = week.iter().position(|c| c.date == screen.day) {
            cursor = Some((col, y));
        }
    }
    let summary = say_day(screen);
    lines.push(Line::from(summary));
    if let Some((col, y)) = cursor
        && y < usize::from(area.height)
    {
        // Magnifiers and braille displays follow the terminal cursor: put it on the selection.
        let x = area.x + (col * column).min(width.saturating_sub(1)) as u16;
        frame.set_cursor_position((x, area.y + y as u16));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The day's number, with `*` for today; blank outside the month.
fn day_number(cell: &DayCell, selected: bool, column: usize, theme: &Theme) -> Span<'static> {
    if !cell.in_month {
        return Span::raw(" ".repeat(column));
    }
    let mark = if cell.today { "*" } else { "" };
    let number = text::cell(&format!("{}{mark}", cell.date.day()), column);
    Span::styled(number, day_style(cell, selected, theme))
}

/// How many hearings and the most urgent band: "3 CRITICAL" where it fits, else "3C". `compact`
/// puts the day's number first (one line a week).
fn load_span(
    cell: &DayCell,
    selected: bool,
    column: usize,
    theme: &Theme,
    compact: bool,
) -> Span<'static> {
    if !cell.in_month {
        return Span::raw(" ".repeat(column));
    }
    let day = if compact {
        format!("{}{}", cell.date.day(), if cell.today { "*" } else { "" })
    } else {
        String::new()
    };
    // One cell is kept free after the load, so neighbouring days never run together.
    let room = column.saturating_sub(text::width(&day) + usize::from(compact) + 1);
    let load = match cell.load {
        None if compact => String::new(),
        None => "-".to_string(),
        Some(load) => load_text(load, room.max(2)),
    };
    let shown = if day.is_empty() || load.is_empty() {
        format!("{day}{load}")
    } else if text::width(&day) + 1 + text::width(&load) <= column {
        // The band letter ends the cell, so the next day's number cannot run into the count.
        format!("{day} {load}")
    } else {
        format!("{day}{load}")
    };
    let style = match cell.load {
        Some(load) => band_style(load.top, theme),
        None => Style::new(),
    };
    let style = if selected {
        style.patch(selected_style(theme))
    } else {
        style
    };
    let style = if compact {
        style.patch(day_style(cell, selected, theme))
    } else {
        style
    };
    Span::styled(text::cell(&shown, column), style)
}

/// "3 CRITICAL" when `room` holds it, else "3 C", else "3C".
fn load_text(load: DayLoad, room: usize) -> String {
    let word = format!("{} {}", load.hearings, load.top.shout());
    if text::width(&word) <= room {
        return word;
    }
    let spaced = format!("{} {}", load.hearings, letter(load.top));
    if text::width(&spaced) <= room {
        spaced
    } else {
        format!("{}{}", load.hearings, letter(load.top))
    }
}

/// The band's first letter: C, H, M, L (the sentence under the grid gives the word).
fn letter(band: Band) -> &'static str {
    &band.shout()[..1]
}

fn day_style(cell: &DayCell, selected: bool, theme: &Theme) -> Style {
    let mut style = Style::new();
    if cell.today {
        style = today_style(theme);
    }
    if selected {
        style = style.patch(selected_style(theme));
    }
    style
}

/// The selected day in words: "Wed 2 Dec 2026 (today): 1 hearing, most urgent CRITICAL".
fn say_day(screen: &CalendarScreen) -> String {
    let mut out = screen.day.format("%a %-d %b %Y").to_string();
    if screen.is_today() {
        out.push_str(" (today)");
    }
    match screen.load() {
        None => out.push_str(": no hearings"),
        Some(load) => out.push_str(&format!(
            ": {} hearing{}, most urgent {}",
            load.hearings,
            if load.hearings == 1 { "" } else { "s" },
            load.top.shout()
        )),
    }
    out
}
