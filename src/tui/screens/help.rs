//! Every key and what it does, scrolled like a page.

use super::detail::scroll_page;
use super::{Cx, Step, Transition};
use crate::tui::action::Action;

/// The footer's keys.
pub const KEYS: &[Action] = &[Action::MoveDown, Action::MoveUp, Action::Back];

/// The help screen's state: how far it is scrolled.
#[derive(Debug, Clone, Default)]
pub struct HelpScreen {
    pub scroll: usize,
}

impl HelpScreen {
    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match action {
            Action::Back => Step::to(Transition::Pop),
            Action::Help => Step::stay(),
            movement => {
                self.scroll = scroll_page(self.scroll, movement, cx);
                Step::stay()
            }
        }
    }
}
