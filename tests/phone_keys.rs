//! Issue 17 §1: phone keyboards hide Escape, so on every screen where keys are not typed text,
//! whatever Escape does is also on `q` or Backspace.

use caseload::tui::app::Mode;
use caseload::tui::keymap::Keymap;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn every_escape_also_has_q_or_backspace_where_nothing_is_typed() {
    let keymap = Keymap::default();
    // Search and the two forms take typed text: there `q` and Backspace are letters and edits.
    let browsing = [
        Mode::List,
        Mode::Detail,
        Mode::Hearings,
        Mode::Export,
        Mode::Help,
        Mode::Confirm,
        Mode::Conflict,
        Mode::Released,
        Mode::Calendar,
    ];
    for mode in browsing {
        let Some(escape) = keymap.action(mode, press(KeyCode::Esc)) else {
            continue;
        };
        let others = [KeyCode::Char('q'), KeyCode::Backspace, KeyCode::Char('n')];
        let also = others
            .iter()
            .any(|&code| keymap.action(mode, press(code)) == Some(escape));
        assert!(also, "{mode:?}: {escape:?} is only on Escape");
    }
}
