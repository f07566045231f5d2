//! A yes/no question: archive this person? discard what was typed? restore a kept draft?

use super::{FormScreen, HearingScreen, Op, Screen, Step, Transition};
use crate::domain::edit::Change;
use crate::domain::model::AuditAction;
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::form::Draft;
use crate::tui::undo::Pending;

/// The footer's keys.
pub const KEYS: &[Action] = &[Action::Yes, Action::No];

/// A yes/no question and what "yes" does.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Archive this person.
    Archive { id: i64, version: i64, name: String },
    /// Close the form, losing what was typed.
    DiscardForm,
    /// A draft from a session that ended: restore it (yes) or discard it (no).
    RestoreDraft(Box<Draft>),
}

/// The question being asked.
#[derive(Debug, Clone)]
pub struct ConfirmScreen {
    pub question: Question,
}

impl ConfirmScreen {
    pub fn update(&mut self, action: Action) -> Step {
        let yes = match action {
            Action::Yes => true,
            Action::No => false,
            _ => return Step::stay(),
        };
        match &self.question {
            Question::Archive { id, version, .. } if yes => {
                let change = Change::Archive {
                    id: *id,
                    version: *version,
                    action: AuditAction::Delete,
                };
                Step::to(Transition::Pop)
                    .and(Effect::Save(Box::new(change)))
                    .with(Op::Saving(Pending::change(None)))
            }
            Question::Archive { .. } => Step::to(Transition::Pop),
            Question::DiscardForm if yes => Step::to(Transition::CloseEdit),
            // Back to the form, as typed.
            Question::DiscardForm => Step::to(Transition::Pop),
            Question::RestoreDraft(draft) if yes => {
                let screen = match (**draft).clone() {
                    Draft::Form(form) => Screen::Form(FormScreen { form }),
                    Draft::Hearing(form) => Screen::Hearing(HearingScreen { form }),
                };
                Step::to(Transition::Replace(screen)).and(Effect::DiscardDraft)
            }
            Question::RestoreDraft(_) => Step::to(Transition::Pop)
                .and(Effect::DiscardDraft)
                .saying("Draft discarded."),
        }
    }
}
