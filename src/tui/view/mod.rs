//! Drawing: one file per screen, each a pure function of the [`App`]. This file owns what the
//! screens share: the split of the terminal, the header and footer lines, and the styles
//! (colour only where it adds to text that already says the same thing).

pub mod confirm;
pub mod conflict;
pub mod detail;
pub mod form;
pub mod hearing;
pub mod hearings;
pub mod help;
pub mod list;
pub mod released;

use super::action::Action;
use super::app::{App, Screen, Viewport};
use crate::domain::text;
use crate::domain::triage::Band;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// From this width the list shows the selected person's detail beside it.
pub const WIDE: u16 = 140;

/// Draws the app into the frame and reports what fitted (for paging and scroll limits).
pub fn draw(frame: &mut Frame, app: &App) -> Viewport {
    let area = frame.area();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header_line(app, header.width)), header);
    frame.render_widget(Paragraph::new(footer_line(app, footer.width)), footer);
    if app.screen() == Screen::Search {
        // The terminal cursor sits after the query in the footer.
        let x = footer.x + text::width(&search_prompt(app)).min(usize::from(footer.width)) as u16;
        frame.set_cursor_position((x.min(footer.right().saturating_sub(1)), footer.y));
    }
    let mut viewport = Viewport {
        list_rows: 0,
        page_rows: usize::from(body.height),
        page_lines: 0,
        side_pane: false,
    };
    let screen = match app.screen() {
        // The export prompt sits in the footer, over the screen it was asked from.
        Screen::Export => app.export_return(),
        screen => screen,
    };
    match screen {
        Screen::List | Screen::Search if body.width >= WIDE => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(body);
            viewport.list_rows = list::render(frame, left, app);
            let block = Block::default().borders(Borders::LEFT);
            let inner = block.inner(right);
            frame.render_widget(block, right);
            detail::render(frame, inner, app, 0);
            viewport.side_pane = true;
        }
        Screen::List | Screen::Search => viewport.list_rows = list::render(frame, body, app),
        Screen::Detail => viewport.page_lines = detail::render(frame, body, app, app.scroll()),
        Screen::Hearings => viewport.list_rows = hearings::render(frame, body, app),
        Screen::Help => viewport.page_lines = help::render(frame, body, app),
        Screen::Export => {}
        Screen::Form => viewport.page_lines = form::render(frame, body, app),
        Screen::Hearing => viewport.page_lines = hearing::render(frame, body, app),
        Screen::Confirm => viewport.page_lines = confirm::render(frame, body, app),
        Screen::Conflict => viewport.page_lines = conflict::render(frame, body, app),
        Screen::Released => viewport.list_rows = released::render(frame, body, app),
    }
    viewport
}

/// The colour and weight of a band's label. Critical is bold even without colour.
pub fn band_style(band: Band, no_color: bool) -> Style {
    let style = match band {
        Band::Critical => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Band::High => Style::new().fg(Color::Yellow),
        Band::Medium => Style::new().fg(Color::Cyan),
        Band::Low => Style::new(),
    };
    if no_color { plain(style) } else { style }
}

/// The style of characters the search matched.
pub fn match_style(no_color: bool) -> Style {
    let style = Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    if no_color { plain(style) } else { style }
}

/// The selected row: reverse video, which needs no colour.
pub fn selected_style() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// A field's problem: red, and bold so it stands out without colour too.
pub fn error_style(no_color: bool) -> Style {
    let style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
    if no_color { plain(style) } else { style }
}

/// Headings and column titles.
pub fn heading_style() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A style with its colours removed, keeping bold/underline/reverse.
fn plain(style: Style) -> Style {
    Style {
        fg: None,
        bg: None,
        ..style
    }
}

fn header_line(app: &App, width: u16) -> Line<'static> {
    let shown = app.visible_len();
    let total = app.ranked().len();
    let count = match app.loading() {
        Some(people) => format!("top {total} of {people} · ranking all…"),
        None => format!("{shown}/{total} in custody"),
    };
    let mut words = vec![app.title.clone(), count, app.today.to_string()];
    if app.private {
        words.push("PRIVATE".into());
    }
    if app.searching() {
        words.push("searching…".into());
    }
    if app.is_reloading() {
        words.push("reloading…".into());
    }
    match app.screen() {
        Screen::Detail => words.push("detail".into()),
        Screen::Hearings => words.push("hearings".into()),
        Screen::Help => words.push("help".into()),
        Screen::Form => words.push("form".into()),
        Screen::Hearing => words.push("hearing".into()),
        Screen::Conflict => words.push("conflict".into()),
        Screen::Released => words.push(format!("{} released/archived", app.out_len())),
        Screen::List if app.is_filtered() => words.push(format!("filter: {}", app.query())),
        _ => {}
    }
    let line = text::clip(&words.join(" │ "), usize::from(width));
    Line::from(Span::styled(line, heading_style()))
}

fn search_prompt(app: &App) -> String {
    format!("/{}", text::sanitize(app.query()))
}

/// The main keys of the screen, from the keymap (so they cannot drift from the bindings).
fn footer_line(app: &App, width: u16) -> Line<'static> {
    let (prefix, actions): (String, &[Action]) = match app.screen() {
        Screen::List => (
            String::new(),
            &[
                Action::Open,
                Action::Search,
                Action::Back,
                Action::Add,
                Action::Edit,
                Action::RecordHearing,
                Action::Hearings,
                Action::Help,
                Action::Quit,
            ],
        ),
        Screen::Search => (
            format!("{}  ", search_prompt(app)),
            &[
                Action::SearchAccept,
                Action::SearchCancel,
                Action::SearchBackspace,
            ],
        ),
        Screen::Detail => (
            String::new(),
            &[
                Action::MoveDown,
                Action::PageDown,
                Action::Back,
                Action::Edit,
                Action::RecordHearing,
                Action::Help,
                Action::Quit,
            ],
        ),
        Screen::Hearings => (
            String::new(),
            &[
                Action::Open,
                Action::CycleCourt,
                Action::CycleLawyer,
                Action::Export,
                Action::Copy,
                Action::Back,
                Action::Help,
            ],
        ),
        Screen::Export => (
            format!(
                "Export as ({}):  ",
                if app.export_includes_health() {
                    "WITH health details"
                } else {
                    "health withheld"
                }
            ),
            &[
                Action::ExportMarkdown,
                Action::ExportText,
                Action::ExportHtml,
                Action::ExportPdf,
                Action::ToggleHealth,
                Action::Back,
            ],
        ),
        Screen::Help => (
            String::new(),
            &[Action::MoveDown, Action::MoveUp, Action::Back],
        ),
        Screen::Form | Screen::Hearing => (
            String::new(),
            &[
                Action::NextField,
                Action::ChoiceNext,
                Action::Save,
                Action::Cancel,
            ],
        ),
        Screen::Confirm => (String::new(), &[Action::Yes, Action::No]),
        Screen::Conflict => (
            String::new(),
            &[Action::Reapply, Action::Reload, Action::Back],
        ),
        Screen::Released => (
            String::new(),
            &[
                Action::MoveDown,
                Action::Restore,
                Action::Edit,
                Action::ToggleReleased,
                Action::Undo,
                Action::Quit,
            ],
        ),
    };
    if let Some(message) = app.message() {
        return Line::from(Span::styled(
            text::clip(&text::sanitize(message), usize::from(width)),
            heading_style(),
        ));
    }
    let keys: Vec<String> = app
        .keymap
        .footer(app.screen(), actions)
        .into_iter()
        .filter(|(_, short)| app.screen() != Screen::List || *short != "back" || app.is_filtered())
        .map(|(keys, short)| format!("{keys} {short}"))
        .collect();
    Line::from(text::clip(
        &format!("{prefix}{}", keys.join(" · ")),
        usize::from(width),
    ))
}
