//! Issue 17 §3: the month calendar of hearings, driven by keys through the app: counts and the
//! most urgent band per day, today marked, moving by day, week and month, `Enter` opening that
//! day on the Hearings screen, and the way back without an Escape key.

mod tui_support;

use caseload::tui::app::Mode;
use tui_support::{app, date, draw, draw_with_cursor, find, text, type_keys, type_keys_at};

fn calendar_day(app: &caseload::tui::app::App) -> chrono::NaiveDate {
    match app.stack().last() {
        Some(caseload::tui::screens::Screen::Calendar(s)) => s.day,
        other => panic!("not on the calendar: {other:?}"),
    }
}

#[test]
fn c_opens_the_month_with_counts_bands_and_today_marked() {
    let mut app = app();
    type_keys(&mut app, "C");
    assert_eq!(app.screen(), Mode::Calendar);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("December 2026"), "{screen}");
    assert!(screen.contains("1*"), "today carries a star: {screen}");
    // 2 December: two hearings, the most urgent of them critical or high, in a word.
    let grid = match app.stack().last() {
        Some(caseload::tui::screens::Screen::Calendar(s)) => s.grid(),
        _ => unreachable!(),
    };
    let load = grid
        .cell(date(2026, 12, 2))
        .and_then(|c| c.load)
        .expect("load");
    assert_eq!(load.hearings, 2);
    assert!(
        screen.contains(&format!("2 {}", load.top.shout())),
        "{screen}"
    );
    assert!(screen.contains("1 "), "{screen}");
    assert!(
        screen.contains("Tue 1 Dec 2026 (today): no hearings"),
        "{screen}"
    );
}

#[test]
fn keys_move_by_day_week_and_month_and_g_comes_back_to_today() {
    let cases = [
        ("l", date(2026, 12, 2)),
        ("<right> <right>", date(2026, 12, 3)),
        ("h", date(2026, 11, 30)),
        ("j", date(2026, 12, 8)),
        ("<down> <down> k", date(2026, 12, 8)),
        ("]", date(2027, 1, 1)),
        ("[", date(2026, 11, 1)),
        ("<pgdn> <pgdn>", date(2027, 2, 1)),
        ("] ] g", date(2026, 12, 1)),
    ];
    for (keys, want) in cases {
        let mut app = app();
        type_keys(&mut app, &format!("C {keys}"));
        assert_eq!(calendar_day(&app), want, "{keys}");
    }
}

#[test]
fn the_month_shown_follows_the_selected_day() {
    let mut app = app();
    type_keys(&mut app, "C ]");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("January 2027"), "{screen}");
    assert!(screen.contains("Fri 1 Jan 2027: no hearings"), "{screen}");
    assert!(screen.contains("5"), "{screen}");
    type_keys(&mut app, "l l l l");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("Tue 5 Jan 2027: 1 hearing, most urgent"),
        "{screen}"
    );
}

#[test]
fn enter_opens_that_day_on_the_hearings_screen_and_back_returns() {
    let mut app = app();
    type_keys(&mut app, "C l <enter>");
    assert_eq!(app.screen(), Mode::Hearings);
    let hearings = app.hearings().expect("hearings");
    assert_eq!(hearings.day(), Some(date(2026, 12, 2)));
    assert_eq!(hearings.len(), 2);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Day: Wed 2 Dec 2026"), "{screen}");
    assert!(screen.contains("Muhammad Aslam") && screen.contains("Zahid Hussain"));
    assert!(
        !screen.contains("Gul Khan"),
        "another day's hearing: {screen}"
    );
    type_keys(&mut app, "<esc>");
    assert_eq!(app.screen(), Mode::Calendar);
    assert_eq!(calendar_day(&app), date(2026, 12, 2), "the day is kept");
}

#[test]
fn enter_on_a_day_without_hearings_says_so_and_stays() {
    let mut app = app();
    type_keys(&mut app, "C <enter>");
    assert_eq!(app.screen(), Mode::Calendar);
    assert_eq!(app.message(), Some("No hearings on Tue 1 Dec 2026."));
}

#[test]
fn esc_q_and_backspace_each_go_back() {
    for back in ["<esc>", "q", "<backspace>"] {
        let mut app = app();
        type_keys(&mut app, &format!("C {back}"));
        assert_eq!(app.screen(), Mode::List, "{back}");
    }
}

#[test]
fn opened_from_hearings_it_counts_only_the_lawyer_chosen() {
    let mut app = app();
    // The hearings screen's lawyers in name order: "Ayesha Khan" before "no lawyer".
    type_keys(&mut app, "H l C");
    assert_eq!(app.screen(), Mode::Calendar);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Lawyer: Ayesha Khan"), "{screen}");
    type_keys(&mut app, "l");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains(": 1 hearing,"),
        "only Ayesha Khan's: {screen}"
    );
}

#[test]
fn the_cursor_sits_on_the_selected_day() {
    let mut app = app();
    type_keys(&mut app, "C l");
    let (buffer, cursor) = draw_with_cursor(&mut app, 80, 24);
    // Wednesday is the third column (80 / 7 = 11 cells each); the first week's numbers are
    // under the header, the title and the weekday names.
    assert_eq!(cursor, Some((22, 3)), "{}", text(&buffer));
    assert_eq!(find(&buffer, "2 ").map(|(_, y)| y), Some(3));
}

#[test]
fn readable_without_colour() {
    let mut app = app();
    app.theme = caseload::domain::theme::Theme::of(caseload::domain::theme::ThemeName::Mono);
    type_keys(&mut app, "C");
    let buffer = draw(&mut app, 80, 24);
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
    }
    assert!(text(&buffer).contains("most urgent") || text(&buffer).contains("no hearings"));
}

#[test]
fn calendar_snapshot_80x24() {
    let mut app = app();
    type_keys_at(&mut app, "C l", 80, 24);
    insta::assert_snapshot!("calendar_80x24", text(&draw(&mut app, 80, 24)));
}

#[test]
fn calendar_snapshot_45x20() {
    let mut app = app();
    type_keys_at(&mut app, "C l", 45, 20);
    insta::assert_snapshot!("calendar_45x20", text(&draw(&mut app, 45, 20)));
}

#[test]
fn calendar_snapshot_40x12() {
    let mut app = app();
    type_keys_at(&mut app, "C l", 40, 12);
    insta::assert_snapshot!("calendar_40x12", text(&draw(&mut app, 40, 12)));
}

#[test]
fn in_the_list_the_cursor_sits_on_the_selected_row_but_not_while_searching() {
    let mut app = app();
    type_keys(&mut app, "j");
    let (buffer, cursor) = draw_with_cursor(&mut app, 80, 24);
    // The header line, the column titles, then the rows: the second person is on line 3.
    assert_eq!(cursor, Some((0, 3)), "{}", text(&buffer));
    type_keys(&mut app, "/ g");
    let (_, cursor) = draw_with_cursor(&mut app, 80, 24);
    assert_eq!(
        cursor.map(|(_, y)| y),
        Some(23),
        "the cursor is on the query"
    );
}
