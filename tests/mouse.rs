//! Issue 17 §1: taps, clicks, the wheel and swipes, sent through `App::mouse` after a
//! TestBackend draw, as the event loop sends them.

mod tui_support;

use caseload::tui::app::{App, Mode};
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_support::{app, draw, find, text, type_keys_at};

const W: u16 = 45;
const H: u16 = 20;

fn event(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// A tap (press and release) at a cell, then a draw, as the loop does.
fn tap(app: &mut App, (x, y): (u16, u16)) {
    app.mouse(event(MouseEventKind::Down(MouseButton::Left), x, y));
    app.mouse(event(MouseEventKind::Up(MouseButton::Left), x, y));
    draw(app, W, H);
}

fn wheel(app: &mut App, kind: MouseEventKind) {
    app.mouse(event(kind, 10, 5));
    draw(app, W, H);
}

/// Where `word` is on the screen now (drawn at the phone's size).
fn at(app: &mut App, word: &str) -> (u16, u16) {
    let buffer = draw(app, W, H);
    find(&buffer, word).unwrap_or_else(|| panic!("{word:?} on\n{}", text(&buffer)))
}

#[test]
fn a_tap_on_a_row_selects_it_and_a_second_tap_opens_it() {
    let mut app = app();
    let second = app.row(1).expect("a second row").2.names.name.to_string();
    let place = at(&mut app, &second);
    tap(&mut app, place);
    assert_eq!(app.selected(), 1, "the tapped row is selected");
    assert_eq!(app.screen(), Mode::List, "the first tap only selects");
    tap(&mut app, place);
    assert_eq!(app.screen(), Mode::Detail, "the second tap opens");
    let page = text(&draw(&mut app, W, H));
    assert!(page.contains(&second), "{page}");
}

#[test]
fn a_tap_below_the_rows_or_on_the_titles_does_nothing() {
    let mut app = app();
    draw(&mut app, W, H);
    tap(&mut app, (3, 1));
    tap(&mut app, (3, H - 3));
    assert_eq!((app.selected(), app.screen()), (0, Mode::List));
}

#[test]
fn the_wheel_and_a_swipe_scroll() {
    let mut app = app();
    draw(&mut app, W, H);
    wheel(&mut app, MouseEventKind::ScrollDown);
    assert_eq!(app.selected(), 3, "three rows a turn");
    wheel(&mut app, MouseEventKind::ScrollUp);
    assert_eq!(app.selected(), 0);
    // A finger pulled up two lines shows what is below: two rows on.
    app.mouse(event(MouseEventKind::Down(MouseButton::Left), 30, H - 4));
    app.mouse(event(MouseEventKind::Drag(MouseButton::Left), 30, H - 5));
    app.mouse(event(MouseEventKind::Drag(MouseButton::Left), 30, H - 6));
    app.mouse(event(MouseEventKind::Up(MouseButton::Left), 30, H - 6));
    assert_eq!(app.selected(), 2);
    // The wheel on the person's page scrolls the page.
    type_keys_at(&mut app, "<enter>", W, H);
    wheel(&mut app, MouseEventKind::ScrollDown);
    assert_eq!((app.screen(), app.scroll()), (Mode::Detail, 3));
}

#[test]
fn a_tap_on_the_footers_help_opens_help() {
    let mut app = app();
    let (x, y) = at(&mut app, "? help");
    assert_eq!(y, H - 1, "in the footer");
    tap(&mut app, (x + 2, y));
    assert_eq!(app.screen(), Mode::Help);
}

#[test]
fn a_tap_on_a_footer_key_runs_it_on_a_stacked_screen() {
    let mut app = app();
    type_keys_at(&mut app, "H", W, H);
    let (x, y) = at(&mut app, "c court");
    assert_eq!(y, H - 1, "in the footer");
    tap(&mut app, (x + 4, y));
    let screen = text(&draw(&mut app, W, H));
    assert!(screen.contains("Court: ASJ Court 3"), "{screen}");
    // The gap between two keys runs nothing.
    tap(&mut app, (x - 2, y));
    assert_eq!(text(&draw(&mut app, W, H)), screen);
}

#[test]
fn the_back_marker_shows_on_stacked_screens_and_acts_as_esc() {
    let mut app = app();
    let root = text(&draw(&mut app, W, H));
    assert!(
        !root.lines().next().unwrap_or("").contains("back"),
        "{root}"
    );
    for (keys, from) in [
        ("<enter>", Mode::Detail),
        ("H", Mode::Hearings),
        ("?", Mode::Help),
    ] {
        type_keys_at(&mut app, keys, W, H);
        assert_eq!(app.screen(), from);
        assert_eq!(at(&mut app, "‹ back"), (0, 0), "{from:?}");
        tap(&mut app, (1, 0));
        assert_eq!(app.screen(), Mode::List, "back from {from:?}");
    }
    // On a form Esc cancels: so does the marker (nothing typed: it closes at once).
    type_keys_at(&mut app, "a", W, H);
    assert_eq!(app.screen(), Mode::Form);
    tap(&mut app, (0, 0));
    assert_eq!(app.screen(), Mode::List);
}

#[test]
fn moves_and_releases_change_nothing_and_ask_for_no_redraw() {
    let mut app = app();
    draw(&mut app, W, H);
    assert!(app.mouse(event(MouseEventKind::Moved, 4, 4)).is_none());
    assert!(
        app.mouse(event(MouseEventKind::Up(MouseButton::Left), 4, 4))
            .is_none()
    );
    assert_eq!(app.selected(), 0);
}

#[test]
fn a_tap_picks_a_saved_view_and_a_second_tap_puts_it_on_the_list() {
    let mut app = tui_support::reach(Mode::Views, &tui_support::people());
    // At 45 columns each view takes two lines (its name, then its filter): either line picks it.
    let (x, y) = at(&mut app, "is:overdue");
    tap(&mut app, (x, y));
    assert_eq!(app.screen(), Mode::Views, "the first tap only picks");
    let (x, y) = at(&mut app, "Past statutory bail");
    tap(&mut app, (x, y));
    assert_eq!(app.screen(), Mode::List);
    let header = text(&draw(&mut app, 80, 24));
    assert!(header.contains("filter: is:overdue"), "{header}");
}

#[test]
fn a_tap_chooses_what_to_do_to_the_marked() {
    let mut app = tui_support::reach(Mode::Bulk, &tui_support::people());
    let place = at(&mut app, "Archive them");
    tap(&mut app, place);
    assert_eq!(app.screen(), Mode::Bulk);
    let screen = text(&draw(&mut app, W, H));
    assert!(screen.contains("› Archive them"), "{screen}");
}
