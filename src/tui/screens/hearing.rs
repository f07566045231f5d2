//! Recording a hearing: its outcome, the next date and a note, typed through the shared field
//! editor.

use super::form::leave;
use super::{Cx, Op, Step};
use crate::domain::edit::Change;
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::editor::{self, Edited};
use crate::tui::form::HearingForm;
use crate::tui::undo::Pending;

/// The hearing form's state: the form itself.
#[derive(Debug, Clone)]
pub struct HearingScreen {
    pub form: HearingForm,
}

impl HearingScreen {
    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match editor::edit(&mut self.form, action) {
            Edited::Done => Step::stay(),
            Edited::Leave { dirty } => leave(dirty),
            Edited::Save => self.save(cx),
        }
    }

    fn save(&mut self, cx: &Cx) -> Step {
        let Some(entry) = self.form.build() else {
            return Step::say("Not saved: the next date is not valid.");
        };
        let (id, version) = (self.form.id, self.form.version);
        let before = cx.caseload.record_by_id(id).cloned();
        let change = Change::Hearing {
            id,
            version,
            entry,
            today: cx.caseload.today,
        };
        Step::effect(Effect::Save(Box::new(change))).with(Op::Saving(Pending::change(before)))
    }
}
