//! Issue 12 on the TUI person page: the version of the law and the notices (how a transgender
//! detainee is treated, a due date that passed) are on the page, not only in `explain`.

use caseload::domain::model::{Gender, Record, Stage};
use caseload::domain::weights::Weights;
use caseload::tui::app::App;
use caseload::tui::keymap::Key;
use caseload::tui::view;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The person page of `record` at 100x120 (tall enough to hold all of it), as plain text.
fn person_page(record: Record) -> String {
    let mut app = App::new(
        vec![record],
        date(2026, 12, 1),
        Weights::default(),
        "t".into(),
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 120)).expect("terminal");
    let mut draw = |app: &mut App| {
        let mut viewport = None;
        terminal
            .draw(|frame| viewport = Some(view::draw(frame, app)))
            .expect("draw");
        if let Some(viewport) = viewport {
            app.set_viewport(viewport);
        }
    };
    draw(&mut app);
    let enter = Key::parse("enter").expect("key");
    let action = app
        .keymap
        .action(app.screen(), KeyEvent::new(enter.code, enter.modifiers))
        .expect("enter opens the person");
    app.update(action);
    draw(&mut app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_person_page_shows_the_law_version_and_how_the_person_is_treated() {
    let mut r = Record::new("Shabnam", date(2026, 8, 20));
    r.detainee.id = 1;
    r.detainee.gender = Some(Gender::Transgender);
    r.case.fir_date = Some(date(2026, 8, 15));
    r.case.stage = Stage::Trial;
    let page = person_page(r);
    assert!(
        page.contains("Law: CNSA 1997 as amended 2022 and 2023 — offence 2026-08-15"),
        "{page}"
    );
    assert!(
        page.contains("Transgender: treated under the men's statutory-bail period"),
        "{page}"
    );
}

#[test]
fn the_person_page_says_a_due_date_passed() {
    let mut r = Record::new("Nasreen", date(2026, 5, 1));
    r.detainee.id = 1;
    r.detainee.gender = Some(Gender::Female);
    r.detainee.pregnant = Some(true);
    r.detainee.due_date = Some(date(2026, 9, 1));
    r.case.stage = Stage::Trial;
    let page = person_page(r);
    assert!(
        page.contains("due date passed — update the record"),
        "{page}"
    );
    assert!(!page.contains("Pregnant, 53 weeks"), "{page}");
}
