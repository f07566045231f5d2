//! Issue 17 §1: phone keyboards hide Escape, so on every screen where keys are not typed text,
//! whatever Escape does is also on `q` or Backspace (elsewhere the header's `‹ back` marker
//! stands in for it, see tests/mouse.rs).

mod tui_support;

use caseload::tui::action::Action;
use caseload::tui::app::Mode;
use caseload::tui::keymap::Keymap;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::MODES;

/// The screens where keys type text: there `q` and Backspace are letters, so Esc stays alone
/// (the back marker stands in for it on a phone). The match makes a new screen a compile
/// error here until it is sorted.
fn types_text(mode: Mode) -> bool {
    match mode {
        Mode::Search | Mode::Filter | Mode::Form | Mode::Hearing => true,
        Mode::List
        | Mode::Detail
        | Mode::Hearings
        | Mode::Export
        | Mode::Help
        | Mode::Confirm
        | Mode::Conflict
        | Mode::Released
        | Mode::Calendar
        | Mode::Stats
        | Mode::Bulk
        | Mode::Views
        | Mode::Duplicates => false,
    }
}

#[test]
fn every_esc_also_has_q_or_backspace_where_they_are_not_typed() {
    let keymap = Keymap::default();
    let press = |mode, code| keymap.action(mode, KeyEvent::new(code, KeyModifiers::NONE));
    for mode in MODES {
        let Some(esc) = press(mode, KeyCode::Esc) else {
            panic!("{mode:?}: Esc does nothing");
        };
        if types_text(mode) {
            continue;
        }
        let q = press(mode, KeyCode::Char('q'));
        let backspace = press(mode, KeyCode::Backspace);
        assert!(
            q == Some(esc) || backspace == Some(esc),
            "{mode:?}: Esc is {esc:?}, q is {q:?}, Backspace is {backspace:?}"
        );
    }
    assert_eq!(press(Mode::Confirm, KeyCode::Char('q')), Some(Action::No));
}
