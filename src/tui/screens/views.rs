//! Saved views in the TUI (issue 14 §3): `v` lists the clinic's views (saved in the file for
//! everyone, then the shipped ones) to pick one, which puts its filter and sort on the list;
//! `V` names the list's current filter and sort and saves them as a view (audited, for every
//! member of the clinic).

use super::{Cx, Op, Step, Transition};
use crate::domain::sort::Sort;
use crate::domain::views::View;
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::cursor;
use crate::tui::editor::{self, Edited, FieldEditor};
use crate::tui::mode::Mode;

/// The footer's keys while picking.
pub const KEYS: &[Action] = &[Action::MoveDown, Action::MoveUp, Action::Open, Action::Back];

/// The view being named before it is saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Naming {
    pub name: String,
    pub filter: String,
    pub sort: Sort,
    /// Why the view cannot be saved as it stands.
    pub error: Option<String>,
}

impl FieldEditor for Naming {
    fn type_char(&mut self, c: char) {
        self.name.push(c);
        self.error = None;
    }
    fn backspace(&mut self) {
        self.name.pop();
        self.error = None;
    }
    fn clear(&mut self) {
        self.name.clear();
    }
    fn move_focus(&mut self, _forward: bool) {}
    fn cycle(&mut self, _forward: bool) {}
    fn dirty(&self) -> bool {
        !self.name.is_empty()
    }
}

/// Picking a view, or naming one to save.
#[derive(Debug, Clone)]
pub struct ViewsScreen {
    pub views: Vec<View>,
    pub selected: usize,
    pub naming: Option<Naming>,
}

impl ViewsScreen {
    /// The views to pick from.
    pub fn pick(views: &[View]) -> ViewsScreen {
        ViewsScreen {
            views: views.to_vec(),
            selected: 0,
            naming: None,
        }
    }

    /// Naming the list's `filter` and `sort` as a view.
    pub fn save(views: &[View], filter: &str, sort: Sort) -> ViewsScreen {
        ViewsScreen {
            naming: Some(Naming {
                name: String::new(),
                filter: filter.trim().to_string(),
                sort,
                error: None,
            }),
            ..ViewsScreen::pick(views)
        }
    }

    /// Picking (its own table), or typing the name (the forms' editing keys).
    pub fn mode(&self) -> Mode {
        match self.naming {
            None => Mode::Views,
            Some(_) => Mode::Form,
        }
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        if let Some(naming) = &mut self.naming {
            return match editor::edit(naming, action) {
                Edited::Done => Step::stay(),
                Edited::Leave { .. } => Step::to(Transition::Pop),
                Edited::Save => save(naming),
            };
        }
        let last = self.views.len().saturating_sub(1);
        match action {
            Action::Back => return Step::to(Transition::Pop),
            Action::Open => {
                if let Some(view) = self.views.get(self.selected) {
                    return Step::to(Transition::Pop).with(Op::UseView(Box::new(view.clone())));
                }
            }
            movement => {
                self.selected = cursor::step(self.selected, movement, cx.viewport.page_rows, last)
            }
        }
        Step::stay()
    }
}

/// The view named, checked as `caseload view save` checks it, sent to the store.
fn save(naming: &mut Naming) -> Step {
    let key = naming.sort.key.to_string();
    match View::new(
        &naming.name,
        &naming.filter,
        Some(&key),
        naming.sort.reverse,
        None,
    ) {
        Ok(view) => Step::to(Transition::Pop).and(Effect::SaveView(Box::new(view))),
        Err(e) => {
            naming.error = Some(e.to_string());
            Step::stay()
        }
    }
}
