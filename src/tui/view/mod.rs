//! Drawing: one file per screen, each a pure function of the [`App`]. This file owns what the
//! screens share: the split of the terminal, the header and footer lines, and the styles
//! (colour only where it adds to text that already says the same thing).

pub mod bulk;
pub mod calendar;
pub mod confirm;
pub mod conflict;
pub mod detail;
pub mod duplicates;
pub mod form;
pub mod hearing;
pub mod hearings;
pub mod help;
pub mod list;
pub mod released;
pub mod stats;
pub mod style;
mod taps;
pub mod views;

use super::action::Action;
use super::app::{App, Mode, Viewport};
use super::screens::Screen;
use super::screens::list as list_keys;
use crate::domain::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
pub use style::{
    band_on_row, band_selected_style, band_style, base_style, error_style, heading_style,
    match_style, muted_style, selected_style, today_style,
};

/// From this width the list shows the selected person's detail beside it.
pub const WIDE: u16 = 140;

/// Draws the app into the frame and reports what fitted (for paging and scroll limits) and
/// where what a tap can reach was drawn.
pub fn draw(frame: &mut Frame, app: &App) -> Viewport {
    let area = frame.area();
    // The theme's own background (high contrast) under every cell; nothing for the others.
    frame.render_widget(Block::default().style(base_style(&app.theme)), area);
    let (footer_text, footer_taps) = footer_lines(app, area.width);
    // A long filter error wraps onto more footer rows rather than being cut off, when there is
    // room for it beside the list (a quarter of the screen at most).
    let footer_rows = (footer_text.len() as u16).clamp(1, (area.height / 4).max(1));
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(footer_rows),
    ])
    .areas(area);
    let (header_text, back) = header_line(app, header.width);
    frame.render_widget(Paragraph::new(header_text), header);
    frame.render_widget(Paragraph::new(footer_text), footer);
    if matches!(app.screen(), Mode::Search | Mode::Filter) {
        // The terminal cursor sits after the query or filter in the footer.
        let x = footer.x + text::width(&typed_line(app)).min(usize::from(footer.width)) as u16;
        frame.set_cursor_position((x.min(footer.right().saturating_sub(1)), footer.y));
    }
    let mut viewport = Viewport {
        list_rows: 0,
        page_rows: usize::from(body.height),
        page_lines: 0,
        side_pane: false,
        rows: None,
        taps: Vec::new(),
    };
    if header.height > 0 {
        viewport.taps.extend(taps::back(app, header, back));
    }
    if footer.height > 0 && footer.y > header.y {
        viewport.taps.extend(taps::in_footer(footer, footer_taps));
    }
    draw_body(frame, body, app, &mut viewport);
    viewport
}

/// The screen under the header: the top screen that is not an overlay (the export prompt, in
/// the footer, shows over the screen beneath it).
fn draw_body(frame: &mut Frame, body: Rect, app: &App, viewport: &mut Viewport) {
    match app.stack().iter().rev().find(|s| !s.is_overlay()) {
        None if body.width >= WIDE => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(body);
            viewport.list_rows = list::render(frame, left, app);
            viewport.rows = taps::list_rows(app, left, viewport.list_rows);
            let block = Block::default().borders(Borders::LEFT);
            let inner = block.inner(right);
            frame.render_widget(block, right);
            detail::render(frame, inner, app, 0);
            viewport.side_pane = true;
        }
        None => {
            viewport.list_rows = list::render(frame, body, app);
            viewport.rows = taps::list_rows(app, body, viewport.list_rows);
        }
        Some(Screen::Detail(s)) => {
            viewport.page_lines = detail::render(frame, body, app, s.scroll);
        }
        Some(Screen::Hearings(s)) => {
            viewport.list_rows = hearings::render(frame, body, app, &s.hearings);
            viewport.rows = taps::hearing_rows(&s.hearings, body, viewport.list_rows);
        }
        Some(Screen::Help(s)) => viewport.page_lines = help::render(frame, body, app, s.scroll),
        Some(Screen::Form(s)) => viewport.page_lines = form::render(frame, body, app, &s.form),
        Some(Screen::Hearing(s)) => {
            viewport.page_lines = hearing::render(frame, body, app, &s.form);
        }
        Some(Screen::Confirm(s)) => {
            viewport.page_lines = confirm::render(frame, body, &app.theme, &s.question);
        }
        Some(Screen::Conflict(s)) => viewport.page_lines = conflict::render(frame, body, app, s),
        Some(Screen::Released(s)) => {
            viewport.list_rows = released::render(frame, body, app, s);
            viewport.rows = taps::released_rows(s, body, viewport.list_rows);
        }
        Some(Screen::Calendar(s)) => calendar::render(frame, body, app, s),
        Some(Screen::Stats(s)) => viewport.page_rows = stats::render(frame, body, &app.theme, s),
        Some(Screen::Bulk(s)) => {
            viewport.page_lines = bulk::render(frame, body, app, s);
            viewport.rows = bulk::choice_rows(app, s, body);
        }
        Some(Screen::Views(s)) => {
            viewport.page_lines = views::render(frame, body, app, s);
            viewport.rows = views::view_rows(s, body);
        }
        Some(Screen::Duplicates(s)) => {
            viewport.page_lines = duplicates::render(frame, body, app, s);
        }
        Some(Screen::Export(_)) => {}
    }
}

/// Below this width the header leaves out the caseload's title.
const NARROW_HEADER: u16 = 100;

/// The header, and the width of its back marker (0: none; the list at the root has none).
fn header_line(app: &App, width: u16) -> (Line<'static>, u16) {
    let shown = app.visible_len();
    let total = app.ranked().len();
    let count = match app.loading() {
        Some(people) => format!("top {total} of {people} · ranking all…"),
        None => format!("{shown}/{total} in custody"),
    };
    let mut state = Vec::new();
    if app.private {
        state.push("PRIVATE".to_string());
    }
    if app.searching() {
        state.push("searching…".into());
    }
    if app.is_reloading() {
        state.push("reloading…".into());
    }
    let place = match app.stack().last() {
        Some(top) => top.heading().into_iter().collect(),
        None => list_words(app),
    };
    // Below 100 columns (a laptop's half screen, a phone) the title would crowd out what
    // narrows the list: the count, then where you are (the screen, the marks, the filter),
    // then the date, which is the first to be clipped; read-only is said on its own.
    let words: Vec<String> = if width < NARROW_HEADER {
        let read_only = app.read_only.then(|| "read-only".to_string());
        std::iter::once(count)
            .chain(read_only)
            .chain(state)
            .chain(place)
            .chain(std::iter::once(app.today().to_string()))
            .collect()
    } else {
        [app.title.clone(), count, app.today().to_string()]
            .into_iter()
            .chain(state)
            .chain(place)
            .collect()
    };
    let mut words = words;
    // A stacked screen starts with a back marker, drawn first so it is never clipped: a tap
    // on it is Esc, for phones whose keyboards hide that key.
    let back = !app.stack().is_empty();
    if back {
        words.insert(0, taps::BACK.to_string());
    }
    let line = text::clip(&words.join(" │ "), usize::from(width));
    let marker = if back {
        (text::width(taps::BACK) as u16).min(width)
    } else {
        0
    };
    (
        Line::from(Span::styled(line, heading_style(&app.theme))),
        marker,
    )
}

/// What narrows or orders the list, for the header: the search, the filter line, the sort.
fn list_words(app: &App) -> Vec<String> {
    let query = app.list().list_query();
    let mut words = Vec::new();
    let marked = app.list().marked().len();
    if marked > 0 {
        words.push(format!("{marked} marked"));
    }
    if app.screen() == Mode::List && !query.search.trim().is_empty() {
        words.push(format!("search: {}", text::sanitize(&query.search)));
    }
    if app.screen() != Mode::Filter && !query.filter_text.trim().is_empty() {
        words.push(format!(
            "filter: {}",
            text::sanitize(query.filter_text.trim())
        ));
    }
    if query.sort != Default::default() {
        let order = if query.sort.reverse { ", reversed" } else { "" };
        words.push(format!("sort: {}{order}", query.sort.key));
    }
    words
}

/// The line being typed in the footer: `/query` or `f filter`.
fn typed_line(app: &App) -> String {
    if app.screen() == Mode::Filter {
        let (typed, _) = app.list().filter_line();
        return format!("filter: {}", text::sanitize(typed));
    }
    format!("/{}", text::sanitize(app.query()))
}

/// The footer: one line of keys (or the message), or a filter line's error wrapped in full.
fn footer_lines(app: &App, width: u16) -> (Vec<Line<'static>>, Vec<taps::Key>) {
    if app.screen() == Mode::Filter
        && app.stack().is_empty()
        && app.message().is_none()
        && let (_, Some(error)) = app.list().filter_line()
    {
        let full = format!("{}  ⚠ {}", typed_line(app), text::sanitize(error));
        let rows = text::wrap(&full, usize::from(width).max(1));
        if rows.len() > 1 {
            return (rows.into_iter().map(Line::from).collect(), Vec::new());
        }
    }
    footer_line(app, width)
}

/// The main keys of the screen, from the keymap (so they cannot drift from the bindings), and
/// where each was drawn (a tap on one runs it: the phone's toolbar). Keys that do not fit
/// make room for help, or wrap onto more lines where help cannot open (the export prompt, the
/// typed lines): a key is never cut to a few letters.
fn footer_line(app: &App, width: u16) -> (Vec<Line<'static>>, Vec<taps::Key>) {
    let (prefix, actions) = match app.stack().last() {
        Some(top) => top.footer(),
        None if app.screen() == Mode::Filter => match app.list().filter_line() {
            (_, Some(error)) => (format!("{}  ⚠ {error}", typed_line(app)), &[][..]),
            (_, None) => (format!("{}  ", typed_line(app)), list_keys::SEARCH_KEYS),
        },
        None if app.screen() == Mode::Search => {
            (format!("{}  ", typed_line(app)), list_keys::SEARCH_KEYS)
        }
        None if !app.list().marked().is_empty() => (String::new(), list_keys::MARKED_KEYS),
        None => (String::new(), list_keys::KEYS),
    };
    if let Some(message) = app.message() {
        let line = Line::from(Span::styled(
            text::clip(&text::sanitize(message), usize::from(width)),
            heading_style(&app.theme),
        ));
        return (vec![line], Vec::new());
    }
    let keys: Vec<(Action, String)> = app
        .keymap
        .footer_keys(app.screen(), actions)
        .into_iter()
        .filter(|(_, _, short)| app.screen() != Mode::List || *short != "back" || app.is_filtered())
        .map(|(action, keys, short)| (action, format!("{keys} {short}")))
        .collect();
    let rows = taps::arrange(app, &prefix, keys, width);
    let placed = taps::place(&prefix, &rows, width);
    let lines = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let words: Vec<&str> = row.iter().map(|(_, words)| words.as_str()).collect();
            let start = if i == 0 { prefix.as_str() } else { "" };
            Line::from(Span::styled(
                text::clip(
                    &format!("{start}{}", words.join(taps::GAP)),
                    usize::from(width),
                ),
                muted_style(&app.theme),
            ))
        })
        .collect();
    (lines, placed)
}
