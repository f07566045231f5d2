//! The duplicate review: the pair shown, field by field. From [`SIDE_BY_SIDE`] columns both
//! records are side by side; narrower (a phone), each field's two values are one above the
//! other. A field whose values differ is marked `≠` (and drawn bold, so the mark does not rest
//! on colour alone); the value the surviving record keeps is marked `▸`.

use super::{heading_style, match_style, selected_style};
use crate::domain::edit::Field;
use crate::domain::merge::Side;
use crate::domain::text;
use crate::tui::app::App;
use crate::tui::screens::DuplicatesScreen;
use crate::tui::screens::duplicates::Row;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// From this width the two records are drawn side by side.
pub const SIDE_BY_SIDE: u16 = 60;

/// Marks a field whose values differ.
const DIFFERS: &str = "≠";
/// Marks the value the surviving record keeps.
const KEPT: &str = "▸";

/// What the privacy screen shows instead of health details and notes.
const HIDDEN: &str = "hidden (p)";

/// Draws the review; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, app: &App, screen: &DuplicatesScreen) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let width = usize::from(area.width);
    let Some((pair, left, right)) = screen.current() else {
        let said = match screen.is_found() {
            false => "Finding likely duplicates…",
            true => "No likely duplicates: nobody seems to be recorded twice. Esc goes back.",
        };
        let lines: Vec<Line> = text::wrap(said, width)
            .into_iter()
            .map(Line::from)
            .collect();
        let total = lines.len();
        frame.render_widget(Paragraph::new(lines), area);
        return total;
    };
    let (a, b) = (left.record.detainee.id, right.record.detainee.id);
    let mut head: Vec<Line> = Vec::new();
    let title = format!(
        "Pair {} of {}, score {}: {}",
        screen.pair + 1,
        screen.len(),
        pair.score,
        pair.reasons
    );
    for part in text::wrap(&title, width) {
        head.push(Line::styled(part, heading_style(&app.theme)));
    }
    let rows = screen.rows();
    let shown = Shown {
        app,
        rows: &rows,
        selected: screen.row,
        ids: (a, b),
        width,
    };
    let (mut body, selected) = match area.width >= SIDE_BY_SIDE {
        true => side_by_side(&shown),
        false => one_above_the_other(&shown),
    };
    let kept = |r: &crate::domain::model::Record| (r.hearings.len(), r.findings.len());
    let ((ha, fa), (hb, fb)) = (kept(&left.record), kept(&right.record));
    let foot = format!(
        "Kept under #{a}: hearings {ha} + {hb}, findings {fa} + {fb} and the history of both; \
         #{b} is archived as merged into #{a}."
    );
    let foot: Vec<Line> = text::wrap(&foot, width)
        .into_iter()
        .map(Line::from)
        .collect();
    // The selected field stays in view: the rows scroll, the title and the keys stay.
    let room = usize::from(area.height).saturating_sub(head.len() + foot.len());
    let offset = crate::tui::cursor::visible_offset(0, selected, room.max(1));
    let total = head.len() + body.len() + foot.len();
    let mut lines = head;
    lines.extend(body.drain(..).skip(offset).take(room.max(1)));
    lines.extend(foot);
    frame.render_widget(Paragraph::new(lines), area);
    total
}

/// A value as shown: "—" when not recorded, hidden on the privacy screen where sensitive.
fn shown(app: &App, field: Field, value: &str) -> String {
    match (value.is_empty(), app.private) {
        (true, _) => "—".to_string(),
        (false, true) if matches!(field, Field::Health | Field::Notes) => HIDDEN.to_string(),
        (false, true) if field == Field::Name => text::short_name(value),
        (false, _) => value.to_string(),
    }
}

/// The marks of a row: `≠` where the values differ, and `▸` on the side kept.
fn marks(row: &Row) -> (&'static str, &'static str, &'static str) {
    match (row.differs, row.keep) {
        (false, _) => (" ", " ", " "),
        (true, Side::Left) => (DIFFERS, KEPT, " "),
        (true, Side::Right) => (DIFFERS, " ", KEPT),
    }
}

fn style(app: &App, row: &Row, selected: bool) -> Style {
    match (selected, row.differs) {
        (true, _) => selected_style(&app.theme),
        (false, true) => match_style(&app.theme),
        (false, false) => Style::new(),
    }
}

/// What the pair's fields are drawn from.
struct Shown<'a> {
    app: &'a App,
    rows: &'a [Row],
    /// The selected row.
    selected: usize,
    /// The left (kept) and right person.
    ids: (i64, i64),
    width: usize,
}

/// One line a field: the label, then each record's value in its column. Returns the lines and
/// the line of the selected field.
fn side_by_side(pane: &Shown) -> (Vec<Line<'static>>, usize) {
    let &Shown {
        app,
        rows,
        selected,
        ids: (a, b),
        width,
    } = pane;
    let label = 18.min(width / 4);
    let column = width.saturating_sub(label + 8) / 2;
    let line = |m: (&str, &str, &str), field: &str, l: &str, r: &str| {
        let text = format!(
            "{} {} {} {} {} {}",
            m.0,
            text::cell(field, label),
            m.1,
            text::cell(l, column.max(1)),
            m.2,
            text::cell(r, column.max(1))
        );
        text::clip(&text, width)
    };
    let heads = (format!("#{a} (kept)"), format!("#{b} (archived)"));
    let mut lines = vec![Line::styled(
        line((" ", " ", " "), "field", &heads.0, &heads.1),
        heading_style(&app.theme),
    )];
    for (i, row) in rows.iter().enumerate() {
        let (l, r) = (
            shown(app, row.field, &row.left),
            shown(app, row.field, &row.right),
        );
        let text = line(marks(row), row.field.label(), &l, &r);
        lines.push(Line::styled(text, style(app, row, i == selected)));
    }
    (lines, selected + 1)
}

/// A field as a heading line, then each record's value on a line of its own (a field whose
/// values agree is one line). Returns the lines and the line of the selected field.
fn one_above_the_other(pane: &Shown) -> (Vec<Line<'static>>, usize) {
    let Shown { app, rows, .. } = *pane;
    let (selected, (a, b), width) = (pane.selected, pane.ids, pane.width);
    let mut lines = Vec::new();
    let mut at = 0;
    for (i, row) in rows.iter().enumerate() {
        let style = style(app, row, i == selected);
        if i == selected {
            at = lines.len();
        }
        let (l, r) = (
            shown(app, row.field, &row.left),
            shown(app, row.field, &row.right),
        );
        if !row.differs {
            let text = format!("  {}: {l}", row.field.label());
            lines.push(Line::styled(text::clip(&text, width), style));
            continue;
        }
        let m = marks(row);
        let heading = format!("{} {}", m.0, row.field.label());
        lines.push(Line::styled(text::clip(&heading, width), style));
        for (mark, id, value) in [(m.1, a, l), (m.2, b, r)] {
            let text = format!("  {mark} #{id} {value}");
            lines.push(Line::styled(text::clip(&text, width), style));
        }
    }
    (lines, at)
}
