//! A yes/no question: archive this person? discard what was typed? restore a kept draft?

use super::{FormScreen, HearingScreen, Op, Screen, Step, Transition};
use crate::domain::bulk::BulkEdit;
use crate::domain::edit::Change;
use crate::domain::model::AuditAction;
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::form::Draft;
use crate::tui::undo::{ManyRequest, Pending};

/// The footer's keys.
pub const KEYS: &[Action] = &[Action::Yes, Action::No];

/// The footer's keys for a change to many: yes, all or none, no.
pub const MANY_KEYS: &[Action] = &[Action::Yes, Action::AllOrNone, Action::No];

/// A yes/no question and what "yes" does.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Archive this person.
    Archive { id: i64, version: i64, name: String },
    /// Close the form, losing what was typed.
    DiscardForm,
    /// A draft from a session that ended: restore it (yes) or discard it (no).
    RestoreDraft(Box<Draft>),
    /// Change every marked person by `edit`: yes (anyone changed meanwhile is left alone and
    /// named), all or none, or no.
    Bulk { ids: Vec<i64>, edit: BulkEdit },
}

/// The question being asked.
#[derive(Debug, Clone)]
pub struct ConfirmScreen {
    pub question: Question,
}

impl ConfirmScreen {
    /// The keys this question takes.
    pub fn keys(&self) -> &'static [Action] {
        match self.question {
            Question::Bulk { .. } => MANY_KEYS,
            _ => KEYS,
        }
    }

    pub fn update(&mut self, action: Action) -> Step {
        if let Question::Bulk { ids, edit } = &self.question {
            let all_or_none = match action {
                Action::Yes => false,
                Action::AllOrNone => true,
                Action::No => return Step::to(Transition::Pop),
                _ => return Step::stay(),
            };
            let request = ManyRequest::Apply {
                ids: ids.clone(),
                edit: edit.clone(),
                all_or_none,
            };
            return Step::effect(Effect::Many(Box::new(request)));
        }
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
            Question::Bulk { .. } => Step::stay(),
        }
    }
}
