//! One text-field editor for every form (the person form and the hearing form): the keys that
//! type, delete, clear, move between fields and cycle choices act the same on each, and leaving
//! or saving is reported back to the app, which knows what they mean for that form.

use super::action::Action;
use super::form::{Form, HearingForm};

/// A form the shared editor can drive.
pub trait FieldEditor {
    /// A character typed into the focused field.
    fn type_char(&mut self, c: char);
    /// Deletes the last character of the focused field.
    fn backspace(&mut self);
    /// Empties the focused field.
    fn clear(&mut self);
    /// Tab / Shift-Tab.
    fn move_focus(&mut self, forward: bool);
    /// Left/Right on a choice.
    fn cycle(&mut self, forward: bool);
    /// Something was typed or chosen since the form opened.
    fn dirty(&self) -> bool;
}

/// What an action did to a form, beyond editing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// Edited in place (or nothing to do).
    Done,
    /// The user wants to leave; `dirty` says whether there is something to lose.
    Leave { dirty: bool },
    /// The user wants to save.
    Save,
}

/// Applies `action` to `form`.
pub fn edit(form: &mut impl FieldEditor, action: Action) -> Edited {
    match action {
        Action::Insert(c) => form.type_char(c),
        Action::DeleteChar => form.backspace(),
        Action::ClearField => form.clear(),
        Action::NextField => form.move_focus(true),
        Action::PrevField => form.move_focus(false),
        Action::ChoiceNext => form.cycle(true),
        Action::ChoicePrev => form.cycle(false),
        Action::Cancel | Action::Back => {
            return Edited::Leave {
                dirty: form.dirty(),
            };
        }
        Action::Save => return Edited::Save,
        _ => {}
    }
    Edited::Done
}

impl FieldEditor for Form {
    fn type_char(&mut self, c: char) {
        Form::type_char(self, c);
    }
    fn backspace(&mut self) {
        Form::backspace(self);
    }
    fn clear(&mut self) {
        Form::clear(self);
    }
    fn move_focus(&mut self, forward: bool) {
        Form::move_focus(self, forward);
    }
    fn cycle(&mut self, forward: bool) {
        Form::cycle(self, forward);
    }
    fn dirty(&self) -> bool {
        self.dirty
    }
}

impl FieldEditor for HearingForm {
    fn type_char(&mut self, c: char) {
        HearingForm::type_char(self, c);
    }
    fn backspace(&mut self) {
        HearingForm::backspace(self);
    }
    fn clear(&mut self) {
        HearingForm::clear(self);
    }
    fn move_focus(&mut self, forward: bool) {
        HearingForm::move_focus(self, forward);
    }
    fn cycle(&mut self, forward: bool) {
        HearingForm::cycle(self, forward);
    }
    fn dirty(&self) -> bool {
        self.dirty
    }
}
