//! A yes/no question: archive this person? discard what was typed? restore a kept draft? save
//! a new person who may already be in the caseload?

use super::{FormScreen, HearingScreen, Op, Screen, Step, Transition};
use crate::domain::bulk::BulkEdit;
use crate::domain::edit::Change;
use crate::domain::model::{AuditAction, Record};
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::form::Draft;
use crate::tui::undo::{ManyRequest, Pending};

/// The footer's keys.
pub const KEYS: &[Action] = &[Action::Yes, Action::No];

/// The footer's keys for a change to many: yes, all or none, no.
pub const MANY_KEYS: &[Action] = &[Action::Yes, Action::AllOrNone, Action::No];

/// The footer's keys when a new person may already be recorded.
pub const LIKELY_KEYS: &[Action] = &[Action::Open, Action::Yes, Action::No];

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
    /// The new person may already be in the caseload (`matches`, best first, the first is
    /// `id`): save them as a new person (yes), open #id instead (open), or back to the form.
    Likely {
        record: Box<Record>,
        id: i64,
        matches: Vec<String>,
    },
}

/// The question being asked.
#[derive(Debug, Clone)]
pub struct ConfirmScreen {
    pub question: Question,
}

impl ConfirmScreen {
    /// The footer's keys for this question.
    pub fn keys(&self) -> &'static [Action] {
        match self.question {
            Question::Bulk { .. } => MANY_KEYS,
            Question::Likely { .. } => LIKELY_KEYS,
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
        if let (Action::Open, Question::Likely { id, .. }) = (action, &self.question) {
            // The form is left: this person is already recorded.
            return Step::stay().with(Op::Open(*id));
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
            Question::Likely { record, .. } if yes => {
                let change = Change::Add {
                    record: (**record).clone(),
                };
                Step::to(Transition::Pop)
                    .and(Effect::Save(Box::new(change)))
                    .with(Op::Saving(Pending::change(None)))
            }
            Question::Likely { .. } => Step::to(Transition::Pop),
            Question::RestoreDraft(_) => Step::to(Transition::Pop)
                .and(Effect::DiscardDraft)
                .saying("Draft discarded."),
            Question::Bulk { .. } => Step::stay(),
        }
    }
}
