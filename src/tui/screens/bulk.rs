//! Acting on the marked people at once (issue 14 §5): choose what to do, type the value in a
//! short form (the shared field editor), then answer the question that says how many people
//! it changes. Nothing is written before that answer; the change is one transaction and one
//! `u` undoes it.

use super::{ConfirmScreen, Cx, ExportScreen, Question, Screen, Step, Transition};
use crate::domain::bulk::BulkEdit;
use crate::domain::edit::Field;
use crate::domain::model::Record;
use crate::tui::action::Action;
use crate::tui::app::Subject;
use crate::tui::cursor;
use crate::tui::editor::{self, Edited, FieldEditor};
use crate::tui::form::HearingForm;
use crate::tui::mode::Mode;
use chrono::NaiveDate;

/// The footer's keys while choosing.
pub const KEYS: &[Action] = &[Action::MoveDown, Action::MoveUp, Action::Open, Action::Back];

/// What can be done to the marked people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    AssignLawyer,
    NextHearing,
    Outcome,
    Export,
    Archive,
}

impl Choice {
    pub const ALL: [Choice; 5] = [
        Choice::AssignLawyer,
        Choice::NextHearing,
        Choice::Outcome,
        Choice::Export,
        Choice::Archive,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Choice::AssignLawyer => "Assign a lawyer",
            Choice::NextHearing => "Set the next hearing date and court",
            Choice::Outcome => "Record the same hearing outcome",
            Choice::Export => "Export their checklists as one sheet",
            Choice::Archive => "Archive them",
        }
    }
}

/// A few fields typed once for everyone (the lawyer; the next hearing date and court).
#[derive(Debug, Clone, PartialEq)]
pub struct BulkFields {
    pub fields: Vec<(Field, String)>,
    pub focus: usize,
    /// Why a value does not parse, naming the field.
    pub error: Option<String>,
    dirty: bool,
}

impl BulkFields {
    fn of(fields: &[Field]) -> BulkFields {
        BulkFields {
            fields: fields.iter().map(|&f| (f, String::new())).collect(),
            focus: 0,
            error: None,
            dirty: false,
        }
    }

    /// The edit, if every value parses (checked on a blank record; each person's own record is
    /// checked again when the change is made).
    fn build(&mut self) -> Option<BulkEdit> {
        let mut scratch = Record::new("", NaiveDate::default());
        for (i, (field, text)) in self.fields.iter().enumerate() {
            if let Err(why) = field.set(&mut scratch, text.trim()) {
                self.error = Some(format!("{}: {why}", field.label()));
                self.focus = i;
                return None;
            }
        }
        let fields = self
            .fields
            .iter()
            .map(|(f, t)| (*f, t.trim().to_string()))
            .collect();
        Some(BulkEdit::Fields(fields))
    }
}

impl FieldEditor for BulkFields {
    fn type_char(&mut self, c: char) {
        self.fields[self.focus].1.push(c);
        self.error = None;
        self.dirty = true;
    }
    fn backspace(&mut self) {
        self.fields[self.focus].1.pop();
        self.error = None;
    }
    fn clear(&mut self) {
        self.fields[self.focus].1.clear();
        self.error = None;
    }
    fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }
    fn cycle(&mut self, _forward: bool) {}
    fn dirty(&self) -> bool {
        self.dirty
    }
}

/// The value being typed, once a choice needs one.
#[derive(Debug, Clone)]
pub enum Typing {
    Fields(BulkFields),
    Outcome(Box<HearingForm>),
}

/// The marked people and where the choice stands.
#[derive(Debug, Clone)]
pub struct BulkScreen {
    pub ids: Vec<i64>,
    pub selected: usize,
    pub typing: Option<Typing>,
}

impl BulkScreen {
    pub fn new(ids: Vec<i64>) -> BulkScreen {
        BulkScreen {
            ids,
            selected: 0,
            typing: None,
        }
    }

    /// Choosing (its own table), or typing (the forms' editing keys).
    pub fn mode(&self) -> Mode {
        match self.typing {
            None => Mode::Bulk,
            Some(_) => Mode::Form,
        }
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        if self.typing.is_some() {
            return self.type_value(cx, action);
        }
        let last = Choice::ALL.len() - 1;
        match action {
            Action::Back => return Step::to(Transition::Pop),
            Action::Open => return self.choose(),
            movement => self.selected = cursor::step(self.selected, movement, last + 1, last),
        }
        Step::stay()
    }

    fn choose(&mut self) -> Step {
        let n = self.ids.len();
        match Choice::ALL[self.selected] {
            Choice::AssignLawyer => {
                self.typing = Some(Typing::Fields(BulkFields::of(&[Field::Lawyer])));
            }
            Choice::NextHearing => {
                let fields = BulkFields::of(&[Field::NextHearing, Field::Court]);
                self.typing = Some(Typing::Fields(fields));
            }
            Choice::Outcome => {
                let form = HearingForm::new(0, 0, &format!("{n} marked people"));
                self.typing = Some(Typing::Outcome(Box::new(form)));
            }
            Choice::Export => {
                let export = ExportScreen::new(Subject::People(self.ids.clone()));
                return Step::to(Transition::Replace(Screen::Export(export)));
            }
            Choice::Archive => return self.ask(BulkEdit::Archive),
        }
        Step::stay()
    }

    fn type_value(&mut self, _cx: &Cx, action: Action) -> Step {
        let edited = match &mut self.typing {
            Some(Typing::Fields(fields)) => editor::edit(fields, action),
            Some(Typing::Outcome(form)) => editor::edit(form.as_mut(), action),
            None => return Step::stay(),
        };
        match edited {
            Edited::Done => Step::stay(),
            // Back to the choices; nothing was written, so nothing is lost but the typing.
            Edited::Leave { .. } => {
                self.typing = None;
                Step::stay()
            }
            Edited::Save => {
                let edit = match &mut self.typing {
                    Some(Typing::Fields(fields)) => fields.build(),
                    Some(Typing::Outcome(form)) => form.build().map(BulkEdit::Hearing),
                    None => None,
                };
                match edit {
                    Some(edit) => self.ask(edit),
                    None => Step::say("Not yet: a value is not valid (see the form)."),
                }
            }
        }
    }

    /// The question before anything is written.
    fn ask(&self, edit: BulkEdit) -> Step {
        let question = Question::Bulk {
            ids: self.ids.clone(),
            edit,
        };
        Step::to(Transition::Push(Screen::Confirm(ConfirmScreen {
            question,
        })))
    }
}
