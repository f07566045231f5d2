//! The add/edit form on a person: typed through the shared field editor; saving sends the
//! change (a new person only after the likely matches are looked for), leaving with something
//! typed asks first.

use super::{ConfirmScreen, Cx, Op, Question, Screen, Step, Transition};
use crate::domain::edit::Change;
use crate::domain::model::AuditAction;
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::editor::{self, Edited};
use crate::tui::form::{Form, Target};
use crate::tui::undo::Pending;

/// The footer's keys (the hearing form shares them).
pub const KEYS: &[Action] = &[
    Action::NextField,
    Action::ChoiceNext,
    Action::Save,
    Action::Cancel,
];

/// The person form's state: the form itself.
#[derive(Debug, Clone)]
pub struct FormScreen {
    pub form: Form,
}

impl FormScreen {
    /// An empty form for a new person.
    pub fn add() -> FormScreen {
        FormScreen { form: Form::add() }
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match editor::edit(&mut self.form, action) {
            Edited::Done => Step::stay(),
            Edited::Leave { dirty } => leave(dirty),
            Edited::Save => self.save(cx),
        }
    }

    fn save(&mut self, cx: &Cx) -> Step {
        let Some(record) = self.form.build(cx.caseload.today) else {
            let n = self.form.error_count();
            return Step::say(format!(
                "Not saved: {n} field{} to fix (shown beside {}).",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "each" }
            ));
        };
        let (change, pending) = match &self.form.target {
            // Who they may already be is asked first (the runner reads the store).
            Target::Add => return Step::effect(Effect::CheckLikely(Box::new(record))),
            Target::Edit { id, version, base } => (
                Change::Update {
                    id: *id,
                    version: *version,
                    record,
                    action: AuditAction::Edit,
                },
                Pending::Change {
                    before: Some(base.clone()),
                },
            ),
        };
        Step::effect(Effect::Save(Box::new(change))).with(Op::Saving(pending))
    }
}

/// Esc on a form: asks first when something would be lost.
pub fn leave(dirty: bool) -> Step {
    if dirty {
        let question = ConfirmScreen {
            question: Question::DiscardForm,
        };
        Step::to(Transition::Push(Screen::Confirm(question)))
    } else {
        Step::to(Transition::CloseEdit)
    }
}
