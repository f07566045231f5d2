//! The main screen: people in custody, most urgent first, one row each. Only the rows on screen
//! are scored in full (for their top reason), so a caseload of a million draws as fast as ten.
//! Columns drop out as the terminal narrows: prison and reason first, then days in custody.

use super::{band_on_row, heading_style, match_style, selected_style};
use crate::domain::roster::Person;
use crate::domain::search::Hit;
use crate::domain::text;
use crate::domain::theme::Theme;
use crate::domain::triage::{self, Ranked};
use crate::tui::app::{App, Mode, visible_offset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Rank,
    Name,
    Prison,
    Days,
    Hearing,
    Band,
    Score,
    Reason,
}

impl Column {
    fn title(self) -> &'static str {
        match self {
            Column::Rank => "#",
            Column::Name => "Name",
            Column::Prison => "Prison",
            Column::Days => "Days",
            Column::Hearing => "Hearing",
            Column::Band => "Band",
            Column::Score => "Pts",
            Column::Reason => "Why",
        }
    }

    fn right_aligned(self) -> bool {
        matches!(self, Column::Rank | Column::Days | Column::Score)
    }
}

/// The columns that fit in `width` cells, with their widths (one space between columns).
/// `rank` is the width of the largest rank number.
pub fn columns(width: u16, rank: usize) -> Vec<(Column, usize)> {
    use Column::*;
    let width = usize::from(width);
    let (days, hearing, band, score) = (4, 10, 8, 3);
    let rest_after = |fixed: usize, count: usize| width.saturating_sub(fixed + count - 1);
    if width >= 72 {
        let rest = rest_after(rank + days + hearing + band + score, 8);
        let name = rest * 7 / 20;
        let prison = rest / 5;
        vec![
            (Rank, rank),
            (Name, name),
            (Prison, prison),
            (Days, days),
            (Hearing, hearing),
            (Band, band),
            (Score, score),
            (Reason, rest - name - prison),
        ]
    } else if width >= 56 {
        let rest = rest_after(rank + days + hearing + band + score, 7);
        let name = rest * 2 / 5;
        vec![
            (Rank, rank),
            (Name, name),
            (Days, days),
            (Hearing, hearing),
            (Band, band),
            (Score, score),
            (Reason, rest - name),
        ]
    } else if width >= 32 {
        vec![
            (Rank, rank),
            (Name, rest_after(rank + hearing + band, 4)),
            (Hearing, hearing),
            (Band, band),
        ]
    } else {
        vec![(Name, rest_after(band, 2)), (Band, band)]
    }
}

/// A marked person's first column (a character, not colour alone, so it reads without it).
const MARK: &str = "* ";
const UNMARKED: &str = "  ";

/// Draws the list into `area`; returns how many people fit.
pub fn render(frame: &mut Frame, area: Rect, app: &App) -> usize {
    if area.height == 0 || area.width == 0 {
        return 0;
    }
    // Wide enough for everyone being loaded, so the columns do not jump when they arrive.
    let everyone = app.ranked().len().max(app.loading().unwrap_or(0));
    let rank_width = everyone.to_string().len().clamp(2, 7);
    // With people marked, every row starts with a two-cell mark column.
    let marked = app.list().marked();
    let mark_width = if marked.is_empty() {
        0
    } else {
        MARK.len() as u16
    };
    let columns = columns(area.width.saturating_sub(mark_width), rank_width);
    let rows = usize::from(area.height - 1);
    let mut lines = vec![title_row(&columns, &app.theme)];
    if mark_width > 0 {
        lines[0].spans.insert(0, Span::raw(UNMARKED));
    }
    if app.visible_len() == 0 {
        let message = if app.is_filtered() {
            format!("No one in custody matches “{}”.", app.query())
        } else {
            "No one in custody.".to_string()
        };
        lines.push(Line::from(text::clip(&message, usize::from(area.width))));
    }
    let offset = visible_offset(app.list_offset(), app.selected(), rows);
    for row in offset..(offset + rows).min(app.visible_len()) {
        if let Some((position, ranked, person, hit)) = app.row(row) {
            let id = person.id;
            let mut line = person_row(app, &columns, position, ranked, person, hit);
            if mark_width > 0 {
                let mark = if marked.contains(&id) { MARK } else { UNMARKED };
                line.spans.insert(0, Span::raw(mark));
            }
            if row == app.selected() {
                line = line.style(selected_style(&app.theme));
                // Magnifiers and braille displays follow the terminal cursor (issue 17 §5);
                // while a search is typed it stays in the footer's query instead.
                if app.screen() == Mode::List {
                    let y = area.y + lines.len() as u16;
                    frame.set_cursor_position((area.x, y));
                }
            }
            lines.push(line);
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
    rows
}

fn title_row(columns: &[(Column, usize)], theme: &Theme) -> Line<'static> {
    let spans = columns
        .iter()
        .map(|&(column, width)| Span::raw(aligned(column, column.title(), width)))
        .collect::<Vec<_>>();
    Line::from(gaps(spans)).style(heading_style(theme))
}

fn person_row(
    app: &App,
    columns: &[(Column, usize)],
    position: usize,
    ranked: Ranked,
    person: Person,
    hit: Option<&Hit>,
) -> Line<'static> {
    let mut spans = Vec::new();
    for &(column, width) in columns {
        let cell = match column {
            Column::Name => {
                if app.private {
                    spans.push(Span::raw(text::cell(
                        &text::short_name(person.names.name),
                        width,
                    )));
                    spans.push(Span::raw(" "));
                    continue;
                }
                let matched = hit.map_or(&[][..], |h| h.name_positions.as_slice());
                spans.extend(highlighted(person.names.name, matched, width, &app.theme));
                spans.push(Span::raw(" "));
                continue;
            }
            Column::Rank => (position + 1).to_string(),
            Column::Prison => person.names.prison.unwrap_or_default().to_string(),
            Column::Days => person.facts.days_in_custody(app.today()).to_string(),
            Column::Hearing => person
                .facts
                .next_hearing
                .map_or("none".to_string(), |date| date.to_string()),
            Column::Band => {
                let label = text::cell(ranked.band.shout(), width);
                // On the selected row the row's colours, so a band colour cannot vanish on it.
                let selected = app.selected_id() == Some(person.id);
                let style = band_on_row(ranked.band, selected, &app.theme);
                spans.push(Span::styled(label, style));
                spans.push(Span::raw(" "));
                continue;
            }
            Column::Score => ranked.total.to_string(),
            Column::Reason => {
                // Scored only for rows on screen.
                let urgency = triage::explain(person.facts, app.today(), app.weights());
                match urgency.top_reason() {
                    Some(r) if app.private && text::HEALTH_SIGNALS.contains(&r.signal) => {
                        "Health grounds".to_string()
                    }
                    Some(r) => r.text.clone(),
                    None => String::new(),
                }
            }
        };
        spans.push(Span::raw(aligned(column, &cell, width)));
        spans.push(Span::raw(" "));
    }
    spans.pop();
    Line::from(spans)
}

/// The name clipped to `width`, with the search's matched chars styled.
fn highlighted(name: &str, matched: &[usize], width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let padded = text::cell(name, width);
    if matched.is_empty() {
        return vec![Span::raw(padded)];
    }
    let (kept, _) = text::fit_chars(&text::sanitize(name), width);
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (i, c) in padded.chars().enumerate() {
        let style = if i < kept && matched.contains(&i) {
            match_style(theme)
        } else {
            Style::new()
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    spans
}

fn aligned(column: Column, value: &str, width: usize) -> String {
    if column.right_aligned() {
        let clipped = text::clip(value, width);
        let pad = width.saturating_sub(text::width(&clipped));
        format!("{}{clipped}", " ".repeat(pad))
    } else {
        text::cell(value, width)
    }
}

fn gaps(spans: Vec<Span<'static>>) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(spans.len() * 2);
    for span in spans {
        if !out.is_empty() {
            out.push(Span::raw(" "));
        }
        out.push(span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_exactly_and_drop_when_narrow() {
        for width in [32u16, 40, 55, 56, 71, 72, 80, 120] {
            let cols = columns(width, 3);
            let used: usize = cols.iter().map(|(_, w)| w).sum::<usize>() + cols.len() - 1;
            assert_eq!(used, usize::from(width), "width {width}");
        }
        let names = |w| {
            columns(w, 7)
                .into_iter()
                .map(|(c, _)| c)
                .collect::<Vec<_>>()
        };
        assert!(names(80).contains(&Column::Prison));
        assert!(!names(60).contains(&Column::Prison));
        assert!(names(60).contains(&Column::Reason));
        assert!(!names(40).contains(&Column::Reason));
        assert!(names(10).contains(&Column::Band));
    }
}
