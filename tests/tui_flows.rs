//! Whole-app tests of the terminal UI: key strings typed into the App (through the real keymap),
//! snapshots of TestBackend renders, band colours, and no panic at any terminal size.

use caseload::domain::model::{Gender, Record};
use caseload::domain::render::Format;
use caseload::domain::weights::Weights;
use caseload::tui::app::{App, Effect, Mode, Subject};
use caseload::tui::keymap::Key;
use caseload::tui::view;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tui_support::{tabs, type_and_run, type_and_run_at, typed};

mod tui_support;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn today() -> NaiveDate {
    date(2026, 12, 1)
}

/// The issue-7 caseload (see [`tui_support::people`]).
fn caseload() -> Vec<Record> {
    tui_support::people()
}

fn app() -> App {
    App::new(caseload(), today(), Weights::default(), "caseload".into())
}

/// Turns "j", "G", "<enter>", "<pgdn>", "<ctrl-c>" into a key event.
fn key(token: &str) -> KeyEvent {
    let spec = token
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(token);
    let key = Key::parse(spec).expect("test key parses");
    KeyEvent::new(key.code, key.modifiers)
}

/// Draws the app at `width`x`height`, hands the viewport back as the real loop does, and
/// returns the buffer.
fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let mut viewport = None;
    terminal
        .draw(|frame| viewport = Some(view::draw(frame, app)))
        .expect("draw");
    if let Some(viewport) = viewport {
        app.set_viewport(viewport);
    }
    terminal.backend().buffer().clone()
}

/// Types space-separated keys into the app through the default keymap, drawing after each one
/// at 80x24 like the real loop. Returns every effect asked for.
fn type_keys(app: &mut App, keys: &str) -> Vec<Effect> {
    type_keys_at(app, keys, 80, 24)
}

fn type_keys_at(app: &mut App, keys: &str, width: u16, height: u16) -> Vec<Effect> {
    draw(app, width, height);
    let mut effects = Vec::new();
    for token in keys.split_whitespace() {
        if let Some(action) = app.keymap.action(app.screen(), key(token)) {
            for effect in app.update(action) {
                // Searches need no store: run them here, as the loop's worker would.
                match effect {
                    Effect::Search(request) => app.search_done(request.run()),
                    other => effects.push(other),
                }
            }
        }
        draw(app, width, height);
    }
    effects
}

/// The buffer as plain lines (colour dropped), trailing spaces trimmed.
fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn snapshot_at(keys: &str, width: u16, height: u16) -> String {
    let mut app = app();
    type_keys_at(&mut app, keys, width, height);
    text(&draw(&mut app, width, height))
}

/// The position of the first cell where `word` starts, scanning row by row.
fn find(buffer: &Buffer, word: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    let chars: Vec<char> = word.chars().collect();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right().saturating_sub(chars.len() as u16 - 1) {
            let all = chars
                .iter()
                .enumerate()
                .all(|(i, c)| buffer[(x + i as u16, y)].symbol() == c.to_string());
            if all {
                return Some((x, y));
            }
        }
    }
    None
}

#[test]
fn list_snapshot_80x24() {
    insta::assert_snapshot!("list_80x24", snapshot_at("", 80, 24));
}

#[test]
fn list_snapshot_40x12() {
    insta::assert_snapshot!("list_40x12", snapshot_at("", 40, 12));
}

#[test]
fn detail_snapshot_80x24() {
    insta::assert_snapshot!("detail_80x24", snapshot_at("<enter>", 80, 24));
}

#[test]
fn detail_scrolled_snapshot_80x24() {
    insta::assert_snapshot!("detail_end_80x24", snapshot_at("<enter> G", 80, 24));
}

#[test]
fn detail_snapshot_40x12() {
    insta::assert_snapshot!("detail_40x12", snapshot_at("j <enter> <pgdn>", 40, 12));
}

#[test]
fn search_snapshot_80x24() {
    insta::assert_snapshot!("search_80x24", snapshot_at("/ a s l a m", 80, 24));
}

#[test]
fn search_snapshot_40x12() {
    insta::assert_snapshot!("search_40x12", snapshot_at("/ k h", 40, 12));
}

#[test]
fn help_snapshot_80x24() {
    insta::assert_snapshot!("help_80x24", snapshot_at("?", 80, 24));
}

#[test]
fn help_snapshot_40x12() {
    insta::assert_snapshot!("help_40x12", snapshot_at("?", 40, 12));
}

#[test]
fn wide_terminal_shows_list_and_detail_side_by_side() {
    insta::assert_snapshot!("wide_150x30", snapshot_at("j", 150, 30));
}

#[test]
fn the_reason_for_the_rank_comes_first_on_the_persons_page() {
    // Issue 10.7: at 80x24 "Why this rank" was on the third page, below every fact.
    let screen = snapshot_at("<enter>", 80, 24);
    let why = screen.find("Why this rank").expect("on the first page");
    let person = screen.find("Person").unwrap_or(usize::MAX);
    assert!(
        why < person,
        "the breakdown comes before the facts:\n{screen}"
    );
    assert!(screen.contains("basis:"), "{screen}");
    insta::assert_snapshot!("detail_45x20", snapshot_at("<enter>", 45, 20));
    // From 120 columns: the breakdown on the left, the facts beside it from the top.
    let wide = snapshot_at("<enter>", 120, 30);
    let second = wide.lines().nth(1).unwrap_or_default();
    assert!(
        second.starts_with("Bushra Bibi") && second.contains("Person"),
        "{wide}"
    );
    insta::assert_snapshot!("wide_120x30", wide);
}

#[test]
fn a_phone_at_court_45x20_keeps_date_name_and_band_readable() {
    // Issue 10.7: the Hearings screen cut every name to 7 characters at 45 columns.
    let hearings = snapshot_at("H", 45, 20);
    for name in ["Bushra Bibi", "Zahid Hussain", "Gul Khan", "Rashid Ali"] {
        assert!(hearings.contains(name), "{name} cut:\n{hearings}");
    }
    for band in ["CRITICAL", "HIGH", "MEDIUM", "LOW"] {
        assert!(hearings.contains(band), "{band}:\n{hearings}");
    }
    assert!(hearings.contains("2026-12-02"), "{hearings}");
    insta::assert_snapshot!("hearings_45x20", hearings);
    let list = snapshot_at("", 45, 20);
    assert!(list.contains("Bushra Bibi"), "{list}");
    insta::assert_snapshot!("list_45x20", list);
}

#[test]
fn escape_sequences_in_names_are_shown_not_obeyed() {
    let screen = snapshot_at("", 80, 24);
    assert!(screen.contains("Evil␛]52;c;aGk="), "{screen}");
    assert!(screen.contains("Jail␛[2J"), "{screen}");
    let mut app = app();
    type_keys(&mut app, "G k <enter>");
    let page = text(&draw(&mut app, 80, 24));
    assert!(page.contains("Evil␛]52;c;aGk=␇ �Name"), "{page}");
    assert!(!screen.contains('\u{1b}'));
}

#[test]
fn band_cells_carry_colour_and_lose_it_with_no_color() {
    let mut app = app();
    // Off the most urgent person: the selected row draws its band in the row's colours.
    type_keys(&mut app, "G");
    let buffer = draw(&mut app, 80, 24);
    let (x, y) = find(&buffer, "CRITICAL").expect("a critical person on screen");
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buffer, "HIGH").expect("a high person on screen");
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);

    app.theme = caseload::domain::theme::Theme::of(caseload::domain::theme::ThemeName::Mono);
    let buffer = draw(&mut app, 80, 24);
    for y in 0..24 {
        for x in 0..80 {
            assert_eq!(buffer[(x, y)].fg, Color::Reset, "colour at {x},{y}");
            assert_eq!(buffer[(x, y)].bg, Color::Reset, "colour at {x},{y}");
        }
    }
    let (x, y) = find(&buffer, "CRITICAL").expect("band still written");
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn selected_row_is_reverse_video() {
    let mut app = app();
    type_keys(&mut app, "j");
    let buffer = draw(&mut app, 80, 24);
    // Row 0 is the header line, row 1 the column titles, row 2 the first person.
    assert!(!buffer[(10, 2)].modifier.contains(Modifier::REVERSED));
    assert!(buffer[(10, 3)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn search_highlights_matched_name_chars() {
    let mut app = app();
    type_keys(&mut app, "/ a s l a m");
    let buffer = draw(&mut app, 80, 24);
    let (x, y) = find(&buffer, "Aslam").expect("match shown");
    for i in 0..5 {
        assert!(buffer[(x + i, y)].modifier.contains(Modifier::UNDERLINED));
    }
    assert!(!buffer[(x - 1, y)].modifier.contains(Modifier::UNDERLINED));
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);
}

#[test]
fn moving_and_opening_a_person() {
    let mut app = app();
    type_keys(&mut app, "j j <enter>");
    assert_eq!(app.screen(), Mode::Detail);
    assert_eq!(app.selected(), 2);
    type_keys(&mut app, "<esc>");
    assert_eq!(app.screen(), Mode::List);
    type_keys(&mut app, "G");
    assert_eq!(app.selected(), app.visible_len() - 1);
    type_keys(&mut app, "<home>");
    assert_eq!(app.selected(), 0);
    type_keys(&mut app, "k k <up>");
    assert_eq!(app.selected(), 0, "stops at the top");
    type_keys(&mut app, "<end> j j <down>");
    assert_eq!(app.selected(), app.visible_len() - 1, "stops at the bottom");
}

#[test]
fn released_people_are_not_listed() {
    let app = app();
    assert_eq!(app.visible_len(), 7);
    let names: Vec<&str> = (0..app.visible_len())
        .filter_map(|row| app.row(row))
        .map(|(_, _, person, _)| person.names.name)
        .collect();
    assert!(!names.contains(&"Naveed Akhtar"), "{names:?}");
}

#[test]
fn search_narrows_live_and_esc_clears() {
    let mut app = app();
    type_keys(&mut app, "/ a s l a m");
    assert_eq!(app.screen(), Mode::Search);
    assert_eq!(app.query(), "aslam");
    // Muhammad Aslam, and محمد اسلم on the name key.
    assert_eq!(app.visible_len(), 2);
    type_keys(&mut app, "<backspace> <backspace> <backspace> <backspace>");
    assert_eq!(app.query(), "a");
    assert!(app.visible_len() > 1);
    type_keys(&mut app, "<esc>");
    assert_eq!(app.screen(), Mode::List);
    assert_eq!(app.query(), "");
    assert_eq!(app.visible_len(), 7);
}

#[test]
fn search_enter_keeps_the_filter_for_moving_and_opening() {
    let mut app = app();
    type_keys(&mut app, "/ k h a n <enter>");
    assert_eq!(app.screen(), Mode::List);
    assert!(app.is_filtered());
    let shown = app.visible_len();
    assert!(shown >= 1);
    type_keys(&mut app, "j j j j j j j j <enter>");
    assert_eq!(app.selected(), shown - 1);
    assert_eq!(app.screen(), Mode::Detail);
    type_keys(&mut app, "<esc> <esc>");
    assert!(!app.is_filtered(), "esc in the list clears the filter");
    assert_eq!(app.visible_len(), 7);
}

#[test]
fn search_finds_urdu_names_and_other_fields() {
    let mut app = app();
    type_keys(&mut app, "/ ا س ل م");
    // Both spellings meet the word on its name key (a variant each): in urgency order.
    assert_eq!(app.visible_len(), 2);
    let (_, _, record, hit) = app.row(0).expect("first row");
    assert_eq!(record.names.name, "Muhammad Aslam");
    assert_eq!(hit.expect("hit").name_positions, [9, 10, 11, 12, 13]);
    let (_, _, record, hit) = app.row(1).expect("second row");
    assert_eq!(record.names.name, "محمد اسلم");
    assert_eq!(hit.expect("hit").name_positions, [5, 6, 7, 8]);
    let mut app = self::app();
    type_keys(&mut app, "/ s a d d a r");
    assert_eq!(app.visible_len(), 1, "police station");
}

#[test]
fn typed_q_and_question_mark_go_into_the_search() {
    let mut app = app();
    let effects = type_keys(&mut app, "/ q ?");
    assert!(effects.is_empty());
    assert_eq!(app.query(), "q?");
    assert_eq!(app.screen(), Mode::Search);
}

#[test]
fn quit_from_anywhere() {
    let mut app = app();
    assert_eq!(type_keys(&mut app, "q"), [Effect::Quit]);
    let mut app = self::app();
    let effects = type_keys(&mut app, "<enter> q");
    assert_eq!(effects.last(), Some(&Effect::Quit));
    let mut app = self::app();
    assert_eq!(type_keys(&mut app, "/ a <ctrl-c>"), [Effect::Quit]);
    let mut app = self::app();
    assert_eq!(type_keys(&mut app, "? <ctrl-c>"), [Effect::Quit]);
}

#[test]
fn help_opens_and_returns_where_it_came_from() {
    let mut app = app();
    type_keys(&mut app, "?");
    assert_eq!(app.screen(), Mode::Help);
    type_keys(&mut app, "?");
    assert_eq!(app.screen(), Mode::List);
    type_keys(&mut app, "<enter> ? q");
    assert_eq!(app.screen(), Mode::Detail);
    type_keys(&mut app, "? <esc>");
    assert_eq!(app.screen(), Mode::Detail);
}

#[test]
fn page_keys_move_by_the_rows_on_screen() {
    let mut records = Vec::new();
    for i in 0..60 {
        let mut r = Record::new(&format!("Person {i:02}"), date(2026, 1, 1));
        r.detainee.id = i;
        records.push(r);
    }
    let mut app = App::new(records, today(), Weights::default(), "caseload".into());
    // 12 rows: header, column titles, footer leave 9 people on screen.
    type_keys_at(&mut app, "<pgdn>", 80, 12);
    assert_eq!(app.selected(), 9);
    type_keys_at(&mut app, "<pgdn> <pgdn>", 80, 12);
    assert_eq!(app.selected(), 27);
    assert_eq!(
        app.list_offset(),
        19,
        "selection kept on the last visible row"
    );
    type_keys_at(&mut app, "<pgup>", 80, 12);
    assert_eq!(app.selected(), 18);
    type_keys_at(&mut app, "G", 80, 12);
    assert_eq!(app.selected(), 59);
    let screen = text(&draw(&mut app, 80, 12));
    assert!(screen.contains("Person 59"), "{screen}");
}

#[test]
fn detail_scroll_stops_at_the_end_of_the_page() {
    let mut app = app();
    type_keys(&mut app, "<enter> G");
    let at_end = app.scroll();
    assert!(
        at_end > 0,
        "the first person's page is longer than 22 lines"
    );
    type_keys(&mut app, "j j <pgdn>");
    assert_eq!(app.scroll(), at_end);
    type_keys(&mut app, "k");
    assert_eq!(app.scroll(), at_end - 1);
    type_keys(&mut app, "g");
    assert_eq!(app.scroll(), 0);
}

#[test]
fn empty_caseload_and_no_match_render() {
    let mut app = App::new(Vec::new(), today(), Weights::default(), "caseload".into());
    type_keys(&mut app, "j <enter> G /");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("No one in custody."), "{screen}");
    let mut app = self::app();
    type_keys(&mut app, "/ z z z z");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("No one in custody matches “zzzz”."),
        "{screen}"
    );
}

#[test]
fn every_screen_renders_at_every_size_without_panic() {
    let mut widths: Vec<u16> = (0..=120).step_by(7).collect();
    widths.extend([1, 2, 40, 80, 139, 140, 200]);
    let mut heights: Vec<u16> = (0..=40).step_by(3).collect();
    heights.extend([1, 2, 12, 24, 60]);
    for keys in [
        "",
        "/ a s l a m",
        "<enter>",
        "<enter> G",
        "?",
        "? G",
        "/ z z z <enter>",
        "H",
        "H c c G",
        "H x",
        "x",
        "p <enter>",
        "H <enter>",
    ] {
        let mut app = app();
        type_keys(&mut app, keys);
        for &width in &widths {
            for &height in &heights {
                draw(&mut app, width, height);
            }
        }
    }
}

// ---- editing: forms, hearings, undo, conflicts, run against an in-memory store ----

use caseload::store::Store;

/// The fixed caseload in an in-memory store (ids 1..8 in the order of `caseload()`), and an app
/// loaded from it as the real loop does: on the compact roster, full records read on demand.
fn stored() -> (Store, App) {
    tui_support::stored_with(&caseload())
}

fn listed_names(app: &App) -> Vec<String> {
    (0..app.visible_len())
        .filter_map(|row| app.row(row))
        .map(|(_, _, p, _)| p.names.name.to_string())
        .collect()
}

/// Position of the arrest date in the form (DOMAIN.md §6 order).
const ARREST: usize = 18;

#[test]
fn adding_a_person_with_a_wrong_date_shows_why_and_saves_once_fixed() {
    let (mut store, mut app) = stored();
    let keys = format!(
        "a {} {} {} {}",
        typed("Nasreen Akhtar"),
        tabs(ARREST),
        typed("31/02/2026"),
        "<tab>"
    );
    type_and_run(&mut store, &mut app, &keys);
    assert_eq!(app.screen(), Mode::Form);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("✗ '31/02/2026' is not a date"), "{screen}");
    insta::assert_snapshot!("form_date_error_80x24", screen);
    // Saving now is refused and goes back to the field.
    type_and_run(&mut store, &mut app, "<enter>");
    assert_eq!(app.screen(), Mode::Form);
    assert_eq!(app.form().expect("form").focus, ARREST);
    assert_eq!(store.count().expect("count"), 8);
    type_and_run(
        &mut store,
        &mut app,
        &format!("<ctrl-u> {} <enter>", typed("01/02/2026")),
    );
    assert_eq!(app.screen(), Mode::List);
    assert_eq!(store.count().expect("count"), 9);
    assert!(listed_names(&app).contains(&"Nasreen Akhtar".to_string()));
    let (_, _, selected, _) = app.row(app.selected()).expect("selected");
    assert_eq!(
        selected.names.name, "Nasreen Akhtar",
        "the new person is selected"
    );
    assert_eq!(selected.facts.arrest_date, date(2026, 2, 1));
    assert!(
        app.message()
            .expect("message")
            .starts_with("Saved: Nasreen Akhtar")
    );
}

#[test]
fn editing_a_date_and_choosing_from_lists() {
    let (mut store, mut app) = stored();
    let id = app.selected_id().expect("someone selected");
    // Gender is the third field: right cycles through the list; the name is kept.
    type_and_run(&mut store, &mut app, "e <tab> <tab> <right>");
    let form = app.form().expect("form open");
    assert_eq!(form.focus, 2);
    assert!(form.dirty);
    type_and_run(
        &mut store,
        &mut app,
        &format!(
            "{} <ctrl-u> {} <ctrl-s>",
            tabs(ARREST - 2),
            typed("2026-02-27")
        ),
    );
    assert_eq!(app.screen(), Mode::List);
    let saved = store.get_versioned(id).expect("get").expect("there");
    assert_eq!(saved.record.case.arrest_date, date(2026, 2, 27));
    let history = store.history(id).expect("history");
    assert!(
        history
            .iter()
            .any(|e| e.field.as_deref() == Some("arrest_date"))
    );
}

#[test]
fn a_hearing_that_grants_bail_moves_the_person_out_undo_brings_them_back_redo_again() {
    let (mut store, mut app) = stored();
    let id = app.selected_id().expect("someone selected");
    let name = store
        .get_versioned(id)
        .expect("get")
        .expect("there")
        .record
        .detainee
        .name;
    type_and_run(&mut store, &mut app, "h");
    assert_eq!(app.screen(), Mode::Hearing);
    insta::assert_snapshot!("hearing_80x24", text(&draw(&mut app, 80, 24)));
    // Outcome: one step right is "bail granted"; then the next date, and save.
    type_and_run(
        &mut store,
        &mut app,
        &format!("<right> <tab> {} <enter>", typed("10/01/2027")),
    );
    assert_eq!(app.screen(), Mode::List);
    assert!(!listed_names(&app).contains(&name), "left the custody list");
    assert_eq!(app.visible_len(), 6);
    let v = store.get_versioned(id).expect("get").expect("there");
    assert!(!v.record.in_custody());
    assert!(
        v.record
            .hearings
            .iter()
            .any(|h| h.date == date(2027, 1, 10))
    );
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("out of custody"), "{screen}");

    type_and_run(&mut store, &mut app, "R");
    assert_eq!(app.screen(), Mode::Released);
    let out = text(&draw(&mut app, 80, 24));
    assert!(out.contains(&name) && out.contains("on bail"), "{out}");
    type_and_run(&mut store, &mut app, "R");

    type_and_run(&mut store, &mut app, "u");
    assert!(listed_names(&app).contains(&name), "undo brings them back");
    assert_eq!(app.visible_len(), 7);
    assert!(
        store
            .get_versioned(id)
            .expect("get")
            .expect("there")
            .record
            .in_custody()
    );

    type_and_run(&mut store, &mut app, "<ctrl-r>");
    assert!(
        !listed_names(&app).contains(&name),
        "redo takes them out again"
    );
    let actions: Vec<String> = store
        .history(id)
        .expect("history")
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["hearing", "undo", "redo"] {
        assert!(actions.iter().any(|a| a == action), "{actions:?}");
    }
}

#[test]
fn archive_asks_first_and_restore_brings_back() {
    let (mut store, mut app) = stored();
    let id = app.selected_id().expect("selected");
    type_and_run(&mut store, &mut app, "d");
    assert_eq!(app.screen(), Mode::Confirm);
    type_and_run(&mut store, &mut app, "n");
    assert_eq!(app.visible_len(), 7, "no: nothing archived");
    type_and_run(&mut store, &mut app, "d y");
    assert_eq!(app.visible_len(), 6);
    assert!(
        store
            .get_versioned(id)
            .expect("get")
            .expect("there")
            .archived
    );
    type_and_run(&mut store, &mut app, "R");
    let row = (0..app.out_len())
        .find(|&i| app.out_row(i).is_some_and(|(p, a)| a && p.id == id))
        .expect("archived person listed");
    let keys = vec!["j"; row].join(" ");
    type_and_run(&mut store, &mut app, &format!("g {keys} r"));
    assert!(
        !store
            .get_versioned(id)
            .expect("get")
            .expect("there")
            .archived
    );
    type_and_run(&mut store, &mut app, "<esc>");
    assert_eq!(app.visible_len(), 7);
}

#[test]
fn esc_on_a_typed_form_asks_before_discarding() {
    let (mut store, mut app) = stored();
    type_and_run(&mut store, &mut app, "a A l i <esc>");
    assert_eq!(app.screen(), Mode::Confirm);
    type_and_run(&mut store, &mut app, "n");
    assert_eq!(app.screen(), Mode::Form);
    type_and_run(&mut store, &mut app, "<esc> y");
    assert_eq!(app.screen(), Mode::List);
    type_and_run(&mut store, &mut app, "a <esc>");
    assert_eq!(app.screen(), Mode::List, "nothing typed: closes at once");
    assert_eq!(store.count().expect("count"), 8);
}

/// Opens the edit form on the selected person, lets "someone else" change the same record,
/// then changes the prison and saves.
fn conflicted(w: u16, h: u16) -> (Store, App, i64) {
    tui_support::conflicted_in(&caseload(), w, h)
}

#[test]
fn a_conflicting_save_is_refused_shows_both_and_reapplies_only_your_change() {
    let (mut store, mut app, id) = conflicted(80, 24);
    assert_eq!(app.screen(), Mode::Conflict);
    let screen = text(&draw(&mut app, 80, 24));
    insta::assert_snapshot!("conflict_80x24", screen);
    let v = store.get_versioned(id).expect("get").expect("there");
    assert_ne!(
        v.record.detainee.prison.as_deref(),
        Some("Adiala Jail"),
        "not overwritten"
    );
    type_and_run(&mut store, &mut app, "a");
    let v = store.get_versioned(id).expect("get").expect("there");
    assert_eq!(v.record.detainee.prison.as_deref(), Some("Adiala Jail"));
    assert_eq!(
        v.record.case.lawyer.as_deref(),
        Some("Sana Malik"),
        "their change kept"
    );
}

#[test]
fn a_conflict_can_be_reloaded_dropping_yours() {
    let (mut store, mut app, id) = conflicted(80, 24);
    type_and_run(&mut store, &mut app, "r");
    assert_eq!(app.screen(), Mode::List);
    let v = store.get_versioned(id).expect("get").expect("there");
    assert_ne!(v.record.detainee.prison.as_deref(), Some("Adiala Jail"));
}

#[test]
fn conflict_snapshot_40x12() {
    let (_store, mut app, _) = conflicted(40, 12);
    insta::assert_snapshot!("conflict_40x12", text(&draw(&mut app, 40, 12)));
}

#[test]
fn form_snapshots() {
    let mut app = app();
    type_keys(&mut app, "a");
    insta::assert_snapshot!("form_add_80x24", text(&draw(&mut app, 80, 24)));
    insta::assert_snapshot!("form_add_40x12", text(&draw(&mut app, 40, 12)));
    let (mut store, mut app) = stored();
    type_and_run_at(
        &mut store,
        &mut app,
        "e <tab> <tab> <tab> <tab> <tab> <tab> <tab> <tab> <tab>",
        40,
        12,
    );
    insta::assert_snapshot!("form_edit_health_40x12", text(&draw(&mut app, 40, 12)));
}

#[test]
fn another_process_change_shows_up_without_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    let mut writer =
        Store::open(&path, caseload::store::OpenMode::CreateIfMissing).expect("writer");
    writer.insert_records(&caseload()).expect("insert");
    let reader = Store::open(&path, caseload::store::OpenMode::MustExist).expect("reader");
    let mut app = App::new(
        reader.load_all().expect("load"),
        today(),
        Weights::default(),
        "t".into(),
    );
    let mut watch = caseload::tui::Watch::new(&reader).expect("watch");
    assert!(
        !watch.poll(&reader, &mut app).expect("poll"),
        "nothing changed: no redraw"
    );
    let mut added = Record::new("Parveen Bibi", date(2026, 11, 28));
    added.detainee.gender = Some(Gender::Female);
    writer.add(&added).expect("add");
    assert!(watch.poll(&reader, &mut app).expect("poll"));
    assert!(listed_names(&app).contains(&"Parveen Bibi".to_string()));
    assert!(!watch.poll(&reader, &mut app).expect("poll"));
}

#[test]
fn the_new_screens_render_at_every_size_without_panic() {
    let mut widths: Vec<u16> = (0..=120).step_by(9).collect();
    widths.extend([1, 2, 40, 80, 200]);
    let mut heights: Vec<u16> = (0..=40).step_by(5).collect();
    heights.extend([1, 2, 12, 24, 60]);
    let flows = [
        "a",
        "a x <tab> <tab> <tab> <tab> <tab> <tab> <tab> <tab> <tab> <enter>",
        "e",
        "h",
        "h <tab> x <tab>",
        "d",
        "R",
        "a x <esc>",
        "<enter> h <right> <enter> <enter>",
    ];
    for keys in flows {
        let (mut store, mut app) = stored();
        type_and_run(&mut store, &mut app, keys);
        for &w in &widths {
            for &h in &heights {
                draw(&mut app, w, h);
            }
        }
    }
    let (_store, mut app, _) = conflicted(80, 24);
    for &w in &widths {
        for &h in &heights {
            draw(&mut app, w, h);
        }
    }
}

/// Draws `mode` at every size from 0x0 to 200x60: nothing panics, what the view reports
/// fitting fits, and drawing never changes the screen.
fn sweep(mode: Mode) {
    let mut app = tui_support::reach(mode, &caseload());
    assert_eq!(app.screen(), mode, "reached {mode:?}");
    let mut terminal = Terminal::new(TestBackend::new(0, 0)).expect("test terminal");
    for width in 0..=200u16 {
        for height in 0..=60u16 {
            terminal.backend_mut().resize(width, height);
            let mut viewport = None;
            terminal
                .draw(|frame| viewport = Some(view::draw(frame, &app)))
                .expect("draw");
            let viewport = viewport.expect("drawn");
            let body = usize::from(height.saturating_sub(2));
            assert!(viewport.list_rows <= body, "{mode:?} at {width}x{height}");
            assert!(viewport.page_rows <= body, "{mode:?} at {width}x{height}");
            app.set_viewport(viewport);
            assert_eq!(app.screen(), mode, "a draw never changes the screen");
        }
    }
}

/// One test per screen, so the sweep runs on every core.
macro_rules! size_sweeps {
    ($($name:ident: $mode:ident,)*) => {
        $(
            #[test]
            fn $name() {
                sweep(Mode::$mode);
            }
        )*
    };
}

size_sweeps! {
    list_renders_at_every_size: List,
    search_renders_at_every_size: Search,
    filter_line_renders_at_every_size: Filter,
    detail_renders_at_every_size: Detail,
    hearings_render_at_every_size: Hearings,
    export_prompt_renders_at_every_size: Export,
    help_renders_at_every_size: Help,
    form_renders_at_every_size: Form,
    hearing_form_renders_at_every_size: Hearing,
    question_renders_at_every_size: Confirm,
    conflict_renders_at_every_size: Conflict,
    released_renders_at_every_size: Released,
    calendar_renders_at_every_size: Calendar,
    stats_render_at_every_size: Stats,
    bulk_choices_render_at_every_size: Bulk,
    views_render_at_every_size: Views,
    duplicates_render_at_every_size: Duplicates,
}

#[test]
fn hearings_screen_lists_coming_hearings_today_first_and_filters() {
    let mut app = app();
    type_keys(&mut app, "H");
    assert_eq!(app.screen(), Mode::Hearings);
    let dates: Vec<NaiveDate> = (0..app.hearings().expect("the Hearings screen is open").len())
        .filter_map(|i| {
            app.hearings()
                .expect("the Hearings screen is open")
                .row(i)
                .map(|r| r.date)
        })
        .collect();
    assert!(!dates.is_empty());
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(dates.iter().all(|d| *d >= today()));
    let everyone = app.hearings().expect("the Hearings screen is open").len();
    type_keys(&mut app, "c");
    let court = app
        .hearings()
        .expect("the Hearings screen is open")
        .court()
        .expect("a court")
        .to_string();
    assert!(app.hearings().expect("the Hearings screen is open").len() <= everyone);
    assert!(
        (0..app.hearings().expect("the Hearings screen is open").len()).all(|i| {
            app.hearings()
                .expect("the Hearings screen is open")
                .row(i)
                .is_some_and(|r| {
                    app.hearings()
                        .expect("the Hearings screen is open")
                        .name(r.court)
                        == court
                })
        })
    );
    type_keys(&mut app, "l");
    let lawyer = app
        .hearings()
        .expect("the Hearings screen is open")
        .lawyer()
        .expect("a lawyer")
        .to_string();
    assert!(
        app.hearings().expect("the Hearings screen is open").len() < everyone,
        "the lawyer filter narrows"
    );
    assert!(
        (0..app.hearings().expect("the Hearings screen is open").len()).all(|i| {
            app.hearings()
                .expect("the Hearings screen is open")
                .row(i)
                .is_some_and(|r| {
                    app.hearings()
                        .expect("the Hearings screen is open")
                        .name(r.lawyer)
                        == lawyer
                })
        })
    );
    insta::assert_snapshot!("hearings_80x24", snapshot_at("H", 80, 24));
    insta::assert_snapshot!("hearings_40x12", snapshot_at("H", 40, 12));
}

#[test]
fn enter_on_a_hearing_opens_that_person() {
    let mut app = app();
    type_keys(&mut app, "H j");
    let index = app
        .hearings()
        .expect("the Hearings screen is open")
        .selected_row()
        .expect("row")
        .index;
    type_keys(&mut app, "<enter>");
    assert_eq!(app.screen(), Mode::Detail);
    let (_, ranked, _, _) = app.row(app.selected()).expect("selected");
    assert_eq!(ranked.index, index);
}

#[test]
fn exporting_asks_the_format_and_returns_an_export_effect() {
    let mut app = app();
    assert!(type_keys(&mut app, "x").is_empty());
    assert_eq!(app.screen(), Mode::Export);
    let prompt = text(&draw(&mut app, 80, 24));
    assert!(prompt.contains("Export as (health withheld)"), "{prompt}");
    let effects = type_keys(&mut app, "t");
    assert_eq!(app.screen(), Mode::List);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Export {
            subject: Subject::Person(_),
            format: Format::Text,
            include_health: false
        }]
    ));

    type_keys(&mut app, "H");
    let date = app
        .hearings()
        .expect("the Hearings screen is open")
        .selected_row()
        .expect("row")
        .date;
    let effects = type_keys(&mut app, "x i h");
    assert_eq!(app.screen(), Mode::Hearings);
    assert_eq!(
        effects,
        [Effect::Export {
            subject: Subject::day(date, None, None),
            format: Format::Html,
            include_health: true
        }]
    );
    assert!(type_keys(&mut app, "x <esc>").is_empty());
    assert_eq!(app.screen(), Mode::Hearings);
    assert_eq!(
        type_keys(&mut app, "y"),
        [Effect::Copy(Subject::day(date, None, None))]
    );
}

#[test]
fn the_privacy_screen_shortens_names_and_hides_health() {
    let mut app = app();
    let before = text(&draw(&mut app, 80, 24));
    assert!(before.contains("Muhammad Aslam"));
    type_keys(&mut app, "p");
    assert!(app.private);
    let list = text(&draw(&mut app, 80, 24));
    assert!(list.contains("PRIVATE"), "{list}");
    assert!(!list.contains("Muhammad Aslam"), "{list}");
    assert!(list.contains("Muhammad A."), "{list}");
    // Gul Khan has opioid dependence: his page must not say so.
    type_keys(&mut app, "G");
    while app
        .row(app.selected())
        .is_some_and(|(_, _, p, _)| p.names.name != "Gul Khan")
    {
        type_keys(&mut app, "k");
    }
    type_keys(&mut app, "<enter>");
    let mut page = String::new();
    for _ in 0..6 {
        page.push_str(&text(&draw(&mut app, 80, 24)));
        type_keys(&mut app, "<pgdn>");
    }
    assert!(!page.to_lowercase().contains("opioid"), "{page}");
    assert!(page.contains("hidden"), "{page}");
}

#[test]
fn a_page_on_screen_reads_its_full_record_from_the_file() {
    // Wide: the selected person's page sits beside the list and follows the selection.
    let (mut store, mut app) = stored();
    let before = text(&draw(&mut app, 160, 40));
    assert!(before.contains("Reading the full record"), "{before}");
    type_and_run_at(&mut store, &mut app, "j j", 160, 40);
    let selected = app.selected_id().expect("selected");
    assert!(app.record(selected).is_some());
    let wide = text(&draw(&mut app, 160, 40));
    assert!(wide.contains("Father/husband"), "{wide}");
    assert!(!wide.contains("Reading the full record"), "{wide}");

    // Narrow: nothing is read until the page opens.
    let (mut store, mut app) = stored();
    type_and_run(&mut store, &mut app, "j");
    assert!(app.record(app.selected_id().expect("selected")).is_none());
    type_and_run(&mut store, &mut app, "<enter>");
    let page = text(&draw(&mut app, 80, 24));
    assert!(page.contains("Father/husband"), "{page}");
}

#[test]
fn hearings_read_from_the_file_match_the_in_memory_screen() {
    let (mut store, mut from_file) = stored();
    type_and_run(&mut store, &mut from_file, "H");
    let mut in_memory = app();
    type_keys(&mut in_memory, "H");
    let rows = |app: &App| -> Vec<(NaiveDate, String, String, i64)> {
        (0..app.hearings().expect("the Hearings screen is open").len())
            .filter_map(|i| app.hearings().expect("the Hearings screen is open").row(i))
            .map(|r| {
                let h = app.hearings().expect("the Hearings screen is open");
                (
                    r.date,
                    h.name(r.court).to_string(),
                    h.name(r.lawyer).to_string(),
                    r.total,
                )
            })
            .collect()
    };
    assert!(!rows(&from_file).is_empty());
    assert_eq!(rows(&from_file), rows(&in_memory));
}

/// Types keys without running any effect: what the screen shows before the worker answers.
fn type_only(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for token in keys.split_whitespace() {
        if let Some(action) = app.keymap.action(app.screen(), key(token)) {
            effects.extend(app.update(action));
        }
    }
    effects
}

#[test]
fn the_query_shows_at_once_and_only_the_latest_answer_lands() {
    let mut app = app();
    let everyone = app.visible_len();
    let mut effects = type_only(&mut app, "/ g u");
    // Echoed before any result: the footer has the query, the list is unchanged.
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("/gu"), "{screen}");
    assert_eq!(app.visible_len(), everyone);
    assert!(app.searching());
    let (Some(Effect::Search(late)), Some(Effect::Search(first))) = (effects.pop(), effects.pop())
    else {
        panic!("one search per keystroke");
    };
    assert_eq!(
        (first.query.search.as_str(), late.query.search.as_str()),
        ("g", "gu")
    );
    // The answer to "g" arrives after "gu" was asked: ignored.
    app.search_done(first.run());
    assert_eq!(app.visible_len(), everyone);
    app.search_done(late.run());
    assert!(!app.searching());
    assert!(app.visible_len() < everyone);
    assert!(
        listed_names(&app)
            .iter()
            .all(|n| n.to_lowercase().contains('g'))
    );
}

#[test]
fn the_search_worker_answers_the_newest_request_like_a_direct_search() {
    let mut app = app();
    let searcher = caseload::tui::searcher::Searcher::spawn();
    let mut requests = Vec::new();
    for effect in type_only(&mut app, "/ m u h") {
        if let Effect::Search(request) = effect {
            requests.push(request.clone());
            searcher.send(request);
        }
    }
    let newest = requests.last().expect("requests").clone();
    let mut got = None;
    for _ in 0..200 {
        if let Some(result) = searcher.try_result() {
            got = Some(result.clone());
            app.search_done(result);
            if got
                .as_ref()
                .is_some_and(|r| r.generation == newest.generation)
            {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let got = got.expect("an answer");
    assert_eq!(got.generation, newest.generation);
    assert_eq!(got.hits, newest.run().hits);
    assert_eq!(app.query(), "muh");
    assert!(!app.searching());
}

#[test]
fn a_change_while_a_search_runs_asks_again() {
    let (mut store, mut app) = stored();
    type_and_run(&mut store, &mut app, "/ a <enter>");
    assert!(app.is_filtered());
    let pending = type_only(&mut app, "/ l");
    assert!(matches!(pending.as_slice(), [Effect::Search(_)]));
    // Another process changes someone while "al" is being searched.
    let id = app.selected_id().expect("selected");
    let mut versioned = store.get_versioned(id).expect("read").expect("exists");
    versioned.record.detainee.pregnant = Some(true);
    app.refresh(vec![(id, Some(versioned))]);
    let Some(Effect::Search(again)) = app.wanted() else {
        panic!("the search is asked for again");
    };
    let Some(Effect::Search(stale)) = pending.into_iter().next() else {
        unreachable!()
    };
    app.search_done(stale.run());
    assert!(app.searching(), "the answer for the old ranking is dropped");
    app.search_done(again.run());
    assert!(!app.searching());
    assert_eq!(app.query(), "al");
}
