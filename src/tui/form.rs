//! The state of the two editing forms, with no terminal and no database: the add/edit form over
//! every field of DOMAIN.md §6 (values kept as typed text, each checked with the same
//! [`Field::set`] as the import when the user leaves it), and the short "record hearing" form.
//! Both serialise, so a form open when the terminal goes away is kept as a draft.

use crate::domain::edit::{self, Field, HearingEntry, Kind};
use crate::domain::model::{Outcome, Record, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a form saves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Target {
    /// A new person.
    Add,
    /// Person `id` as read at `version`; `base` is that record (kept for conflicts).
    Edit {
        id: i64,
        version: i64,
        base: Box<Record>,
    },
}

/// The add/edit form: one text value per field of [`Field::ALL`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub target: Target,
    /// The values as typed (choices as codes, lists `;`-separated), by field.
    pub values: Vec<String>,
    /// Why each field is not valid, if it is not.
    pub errors: Vec<Option<String>>,
    /// The field with the cursor (index into [`Field::ALL`]).
    pub focus: usize,
    /// The option under the cursor in a multi-choice field (health, weaknesses).
    pub option: usize,
    /// Something was typed or chosen since the form opened.
    pub dirty: bool,
}

impl Form {
    /// An empty form for a new person; law and stage start at their defaults.
    pub fn add() -> Form {
        let mut record = Record::new("", NaiveDate::default());
        record.case.arrest_date = NaiveDate::default();
        let mut form = Form::from_record(Target::Add, &record);
        let arrest = index(Field::ArrestDate);
        form.values[arrest].clear();
        form
    }

    /// A form over person `id`'s record as read at `version`.
    pub fn edit(id: i64, version: i64, record: &Record) -> Form {
        let target = Target::Edit {
            id,
            version,
            base: Box::new(record.clone()),
        };
        Form::from_record(target, record)
    }

    fn from_record(target: Target, record: &Record) -> Form {
        let values: Vec<String> = Field::ALL.iter().map(|f| f.get(record)).collect();
        Form {
            target,
            errors: vec![None; values.len()],
            values,
            focus: 0,
            option: 0,
            dirty: false,
        }
    }

    /// The field with the cursor.
    pub fn field(&self) -> Field {
        Field::ALL[self.focus.min(Field::ALL.len() - 1)]
    }

    /// The person's name as typed, for titles.
    pub fn title(&self) -> String {
        match &self.target {
            Target::Add => "Add a person".to_string(),
            Target::Edit { id, .. } => format!("Edit {} (id {id})", self.values[0]),
        }
    }

    /// A character typed: into a text field; in a multi-choice field a space toggles the
    /// option under the cursor; choice fields are not typed into.
    pub fn type_char(&mut self, c: char) {
        let field = self.field();
        match field.kind() {
            Kind::Choice => {}
            Kind::Multi => {
                if c == ' ' {
                    self.toggle_option();
                }
            }
            _ => {
                self.values[self.focus].push(c);
                self.errors[self.focus] = None;
                self.dirty = true;
            }
        }
    }

    /// Deletes the last character of a text field (or clears a choice).
    pub fn backspace(&mut self) {
        if matches!(self.field().kind(), Kind::Choice | Kind::Multi) {
            return;
        }
        if self.values[self.focus].pop().is_some() {
            self.errors[self.focus] = None;
            self.dirty = true;
        }
    }

    /// Empties the field (a choice goes back to "not recorded" where that is allowed).
    pub fn clear(&mut self) {
        let field = self.field();
        if field.kind() == Kind::Choice && !field.choices().contains(&"") {
            return;
        }
        if !self.values[self.focus].is_empty() {
            self.values[self.focus].clear();
            self.errors[self.focus] = None;
            self.dirty = true;
        }
    }

    /// Left/Right: the next or previous value of a choice field; in a multi-choice field, moves
    /// the cursor between options.
    pub fn cycle(&mut self, forward: bool) {
        let field = self.field();
        let choices = field.choices();
        if choices.is_empty() {
            return;
        }
        let step = |i: usize| {
            if forward {
                (i + 1) % choices.len()
            } else {
                (i + choices.len() - 1) % choices.len()
            }
        };
        match field.kind() {
            Kind::Choice => {
                let current = choices
                    .iter()
                    .position(|c| *c == self.values[self.focus])
                    .unwrap_or(0);
                self.values[self.focus] = choices[step(current)].to_string();
                self.errors[self.focus] = None;
                self.dirty = true;
            }
            Kind::Multi => self.option = step(self.option),
            _ => {}
        }
    }

    fn toggle_option(&mut self) {
        let choices = self.field().choices();
        let Some(&code) = choices.get(self.option) else {
            return;
        };
        let mut items: Vec<String> = self.values[self.focus]
            .split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        match items.iter().position(|s| s == code) {
            Some(i) => {
                items.remove(i);
            }
            None => items.push(code.to_string()),
        }
        // Keep the list in the order of the options.
        items.sort_by_key(|s| choices.iter().position(|c| c == s));
        self.values[self.focus] = items.join(";");
        self.errors[self.focus] = None;
        self.dirty = true;
    }

    /// Tab / Shift-Tab: checks the field being left, then moves.
    pub fn move_focus(&mut self, forward: bool) {
        self.check_field(self.focus);
        let count = Field::ALL.len();
        self.focus = if forward {
            (self.focus + 1) % count
        } else {
            (self.focus + count - 1) % count
        };
        self.option = 0;
    }

    /// Checks one field on its own, showing the reason beside it.
    pub fn check_field(&mut self, i: usize) {
        let Some(&field) = Field::ALL.get(i) else {
            return;
        };
        let mut scratch = self.start();
        self.errors[i] = field.set(&mut scratch, &self.values[i]).err();
    }

    fn start(&self) -> Record {
        match &self.target {
            Target::Add => Record::new("", NaiveDate::default()),
            Target::Edit { base, .. } => (**base).clone(),
        }
    }

    /// The record the form describes, if every field is valid and the facts agree; otherwise
    /// every reason is shown beside its field and the cursor goes to the first.
    pub fn build(&mut self, today: NaiveDate) -> Option<Record> {
        let mut record = self.start();
        let texts: Vec<(Field, &str)> = Field::ALL
            .iter()
            .zip(&self.values)
            .map(|(f, v)| (*f, v.as_str()))
            .collect();
        let problems = edit::apply_fields(&mut record, &texts, today);
        self.errors = vec![None; Field::ALL.len()];
        for (field, reason) in &problems {
            let i = index(*field);
            if self.errors[i].is_none() {
                self.errors[i] = Some(reason.clone());
            }
        }
        match self.errors.iter().position(Option::is_some) {
            Some(first) => {
                self.focus = first;
                None
            }
            None => Some(record),
        }
    }

    /// How many fields have a problem showing.
    pub fn error_count(&self) -> usize {
        self.errors.iter().filter(|e| e.is_some()).count()
    }
}

/// The position of `field` in [`Field::ALL`].
pub fn index(field: Field) -> usize {
    Field::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

/// The fields of the hearing form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HearingField {
    Outcome,
    Next,
    Note,
}

impl HearingField {
    pub const ALL: [HearingField; 3] = [
        HearingField::Outcome,
        HearingField::Next,
        HearingField::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HearingField::Outcome => "Outcome",
            HearingField::Next => "Next date",
            HearingField::Note => "Note",
        }
    }
}

/// "Record hearing" on one person: outcome from a list, next date, a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HearingForm {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub outcome: Outcome,
    pub next: String,
    pub note: String,
    pub focus: HearingField,
    /// Why the next date is not valid, if it is not.
    pub error: Option<String>,
    pub dirty: bool,
}

impl HearingForm {
    /// A form for person `id` at `version`; the outcome starts at "adjourned".
    pub fn new(id: i64, version: i64, name: &str) -> HearingForm {
        HearingForm {
            id,
            version,
            name: name.to_string(),
            outcome: Outcome::Adjourned,
            next: String::new(),
            note: String::new(),
            focus: HearingField::Outcome,
            error: None,
            dirty: false,
        }
    }

    pub fn type_char(&mut self, c: char) {
        match self.focus {
            HearingField::Outcome => {}
            HearingField::Next => {
                self.next.push(c);
                self.error = None;
            }
            HearingField::Note => self.note.push(c),
        }
        self.dirty |= self.focus != HearingField::Outcome;
    }

    pub fn backspace(&mut self) {
        match self.focus {
            HearingField::Outcome => {}
            HearingField::Next => {
                self.next.pop();
                self.error = None;
            }
            HearingField::Note => {
                self.note.pop();
            }
        }
    }

    pub fn clear(&mut self) {
        match self.focus {
            HearingField::Outcome => {}
            HearingField::Next => {
                self.next.clear();
                self.error = None;
            }
            HearingField::Note => self.note.clear(),
        }
    }

    /// Left/Right on the outcome: the next or previous one in the list.
    pub fn cycle(&mut self, forward: bool) {
        if self.focus != HearingField::Outcome {
            return;
        }
        let all = Outcome::ALL;
        let i = all.iter().position(|o| *o == self.outcome).unwrap_or(0);
        let j = if forward {
            (i + 1) % all.len()
        } else {
            (i + all.len() - 1) % all.len()
        };
        self.outcome = all[j];
        self.dirty = true;
    }

    pub fn move_focus(&mut self, forward: bool) {
        if self.focus == HearingField::Next {
            self.error = self.next_date().err();
        }
        let i = HearingField::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        let n = HearingField::ALL.len();
        self.focus = HearingField::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    fn next_date(&self) -> Result<Option<NaiveDate>, String> {
        let text = self.next.trim();
        if text.is_empty() {
            Ok(None)
        } else {
            parse_date(text).map(Some)
        }
    }

    /// The entry, if the next date is valid (otherwise the reason shows beside it).
    pub fn build(&mut self) -> Option<HearingEntry> {
        match self.next_date() {
            Ok(next) => {
                let note = self.note.trim();
                Some(HearingEntry {
                    outcome: self.outcome,
                    next,
                    note: (!note.is_empty()).then(|| note.to_string()),
                })
            }
            Err(reason) => {
                self.error = Some(reason);
                self.focus = HearingField::Next;
                None
            }
        }
    }
}

/// A form open when the terminal went away, kept to be offered on the next start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Draft {
    Form(Form),
    Hearing(HearingForm),
}

impl Draft {
    /// Something was typed or chosen in it (an untouched form is not worth keeping).
    pub fn is_dirty(&self) -> bool {
        match self {
            Draft::Form(form) => form.dirty,
            Draft::Hearing(form) => form.dirty,
        }
    }

    /// One line saying what the draft is.
    pub fn describe(&self) -> String {
        match self {
            Draft::Form(form) => match &form.target {
                Target::Add => format!("a new person ({})", form.values[0]),
                Target::Edit { id, .. } => format!("changes to {} (id {id})", form.values[0]),
            },
            Draft::Hearing(h) => format!("a hearing for {} (id {})", h.name, h.id),
        }
    }
}
