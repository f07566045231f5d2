//! The statistics screen: the headline numbers pinned at the top (in as many columns as fit),
//! and under them the screen's rows, scrolled so the selected one shows. Every bar carries its
//! count and percent beside it and every sparkline its latest, largest and total numbers, so
//! nothing depends on colour or on reading a bar's length. On a short terminal the charts give
//! way and the headline stays.

use super::{heading_style, selected_style};
use crate::domain::stats::Headline;
use crate::domain::text;
use crate::domain::theme::Theme;
use crate::tui::cursor::visible_offset;
use crate::tui::screens::stats::{Row, StatsScreen, View};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// A headline cell: the label's width, then the number's.
const LABEL: usize = 11;
const NUMBER: usize = 7;
/// Between headline cells.
const GAP: usize = 2;

/// Eighths of a cell, for the end of a bar.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
/// Sparkline levels, lowest first.
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Draws the screen into `area`; returns how many rows the scrolled part has (a page).
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, screen: &StatsScreen) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let width = usize::from(area.width);
    let height = usize::from(area.height);
    let mut lines = match (&screen.numbers, screen.view) {
        (Some(numbers), View::Overview) => {
            let mut top = headline(&numbers.headline, width);
            top.push(Line::default());
            top
        }
        _ => Vec::new(),
    };
    lines.truncate(height);
    let page = height - lines.len();
    let rows = screen.rows();
    let start = visible_offset(screen.offset, screen.selected, page);
    for (i, row) in rows.iter().enumerate().skip(start).take(page) {
        let chosen = i == screen.selected && row.pick().is_some();
        if chosen {
            let y = area.y + lines.len() as u16;
            frame.set_cursor_position((area.x, y));
        }
        lines.push(line(row, width, chosen, theme));
    }
    frame.render_widget(Paragraph::new(lines), area);
    page
}

/// The headline numbers, as many cells a line as fit.
pub fn headline(h: &Headline, width: usize) -> Vec<Line<'static>> {
    let d = &h.days_in_custody;
    let cells = [
        ("in custody", h.in_custody),
        ("pre-trial", h.pre_trial),
        ("convicted", h.convicted),
        ("women", h.women),
        ("juveniles", h.juveniles),
        ("pregnant", h.pregnant),
        ("sick", h.sick),
        ("bail due", h.statutory_bail_due),
        ("bail near", h.statutory_bail_near),
        ("no lawyer", h.no_lawyer),
        ("no hearing", h.no_hearing),
        ("median days", d.median.max(0).unsigned_abs()),
        ("p90 days", d.p90.max(0).unsigned_abs()),
    ];
    let per_line = ((width + GAP) / (LABEL + 1 + NUMBER + GAP)).max(1);
    cells
        .chunks(per_line)
        .map(|chunk| {
            let text: Vec<String> = chunk
                .iter()
                .map(|(label, n)| format!("{} {n:>NUMBER$}", text::cell(label, LABEL)))
                .collect();
            Line::from(text::clip(&text.join(&" ".repeat(GAP)), width))
        })
        .collect()
}

/// One body line at `width`.
fn line(row: &Row, width: usize, chosen: bool, theme: &Theme) -> Line<'static> {
    let mark = if chosen { ">" } else { " " };
    let body = match row {
        Row::Heading(title) => return Line::styled(text::clip(title, width), heading_style(theme)),
        Row::Text(words) => format!(" {words}"),
        Row::Blank => String::new(),
        Row::Bar {
            label,
            count,
            total,
            scale,
            ..
        } => bar_line(mark, label, (*count, *total, *scale), width),
        Row::Choice { label, note, .. } => format!("{mark}{} {note}", text::cell(label, 16)),
        Row::Spark { label, series } => spark_line(label, series),
    };
    let body = text::clip(&body, width);
    if chosen {
        Line::styled(body, selected_style(theme))
    } else {
        Line::from(body)
    }
}

/// `label  count  pct  bar`: the bar fills what is left, the longest of its chart at full.
fn bar_line(
    mark: &str,
    label: &str,
    (count, total, scale): (u64, u64, u64),
    width: usize,
) -> String {
    let label_cells = (width * 2 / 5).clamp(8, 32);
    let percent = match total {
        0 => 0,
        t => (count * 200 + t) / (2 * t),
    };
    let head = format!(
        "{mark}{} {count:>6} {:>4} ",
        text::cell(label, label_cells),
        format!("{percent}%")
    );
    let room = width.saturating_sub(text::width(&head));
    format!("{head}{}", bar(count, scale, room))
}

/// A bar of `count` against `scale` in `cells` cells, in eighths; any count above none shows.
pub fn bar(count: u64, scale: u64, cells: usize) -> String {
    if scale == 0 || cells == 0 {
        return String::new();
    }
    let eighths = (count.saturating_mul(cells as u64 * 8) / scale) as usize;
    let mut out = "█".repeat(eighths / 8);
    match eighths % 8 {
        0 if eighths == 0 && count > 0 => out.push('▏'),
        0 => {}
        part => out.push(EIGHTHS[part]),
    }
    out
}

/// `label  ▁▃█…  now N · max M · total T`.
fn spark_line(label: &str, series: &[u64]) -> String {
    let max = series.iter().copied().max().unwrap_or(0);
    let now = series.last().copied().unwrap_or(0);
    let total: u64 = series.iter().sum();
    format!(
        " {} {}  now {now} · max {max} · total {total}",
        text::cell(label, 9),
        sparkline(series)
    )
}

/// One character a month: `·` for none, else a level scaled to the largest month.
pub fn sparkline(series: &[u64]) -> String {
    let max = series.iter().copied().max().unwrap_or(0);
    series
        .iter()
        .map(|&v| match v {
            0 => '·',
            v => LEVELS[((v * 8).div_ceil(max.max(1)) as usize).clamp(1, 8) - 1],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest_and_never_hide_a_count() {
        assert_eq!(bar(4, 4, 10), "██████████");
        assert_eq!(bar(2, 4, 10), "█████");
        assert_eq!(bar(1, 1000, 10), "▏");
        assert_eq!(bar(0, 4, 10), "");
        assert_eq!(bar(1, 8, 1), "▏");
    }

    #[test]
    fn sparklines_mark_empty_months() {
        assert_eq!(sparkline(&[0, 1, 8, 4]), "·▁█▄");
        assert_eq!(sparkline(&[]), "");
    }
}
