//! One person's page (the person selected in the list): scrolls; acts on that person.

use super::{Cx, Step, Transition, browse};
use crate::tui::action::Action;
use crate::tui::app::Subject;
use crate::tui::cursor::step;

/// The footer's keys.
pub const KEYS: &[Action] = &[
    Action::MoveDown,
    Action::PageDown,
    Action::Back,
    Action::Edit,
    Action::RecordHearing,
    Action::Help,
    Action::Quit,
];

/// The detail page's state: how far it is scrolled.
#[derive(Debug, Clone, Default)]
pub struct DetailScreen {
    pub scroll: usize,
}

impl DetailScreen {
    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match action {
            Action::Back => Step::to(Transition::Pop),
            Action::TogglePrivate
            | Action::Hearings
            | Action::Export
            | Action::Copy
            | Action::Add
            | Action::Edit
            | Action::RecordHearing
            | Action::Archive
            | Action::Undo
            | Action::Redo => {
                let subject = cx.selected.map(Subject::Person);
                browse::act(action, cx, cx.selected, subject).unwrap_or_default()
            }
            movement => {
                self.scroll = scroll_page(self.scroll, movement, cx);
                Step::stay()
            }
        }
    }
}

/// Where a page scrolled to `scroll` goes on `action`, within what the last draw showed.
pub fn scroll_page(scroll: usize, action: Action, cx: &Cx) -> usize {
    let viewport = cx.viewport;
    let last = viewport.page_lines.saturating_sub(viewport.page_rows);
    step(scroll, action, viewport.page_rows, last)
}
