//! Someone else saved the same person first: both versions field by field, and the choice to
//! re-apply your changes over theirs, reload theirs, or go back to your form.

use super::{FormScreen, HearingScreen, Op, Screen, Step, Transition};
use crate::domain::edit::{self, Change};
use crate::domain::model::Record;
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::form::{Form, HearingForm};

/// The footer's keys.
pub const KEYS: &[Action] = &[Action::Reapply, Action::Reload, Action::Back];

/// A save refused because someone else saved first.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: i64,
    /// The version in the file now.
    pub found: i64,
    pub theirs: Record,
    pub yours: Record,
    /// What you started from, when known (to re-apply only your changes).
    pub base: Option<Record>,
    /// The change that was refused.
    pub change: Change,
    /// Field, theirs, yours: every field where the two differ.
    pub rows: Vec<(String, String, String)>,
    /// The form it came from, to go back to.
    pub form: Option<Form>,
}

impl Conflict {
    /// The refused `change` (from `form`, if a form sent it), now that the record is `theirs` at
    /// version `found`.
    pub fn new(
        change: Change,
        found: i64,
        theirs: Record,
        yours: Record,
        base: Option<Record>,
        form: Option<Form>,
    ) -> Conflict {
        Conflict {
            id: change_id(&change).unwrap_or(0),
            found,
            rows: conflict_rows(&theirs, &yours),
            theirs,
            yours,
            base,
            change,
            form,
        }
    }
}

/// The conflict shown, and how far its table is scrolled.
#[derive(Debug, Clone)]
pub struct ConflictScreen {
    /// Boxed: two records and a form, far bigger than any other screen.
    pub conflict: Box<Conflict>,
    pub scroll: usize,
}

impl ConflictScreen {
    pub fn update(&mut self, action: Action) -> Step {
        let conflict = &self.conflict;
        match action {
            Action::MoveDown => {
                self.scroll = self.scroll.saturating_add(1).min(conflict.rows.len());
                Step::stay()
            }
            Action::MoveUp => {
                self.scroll = self.scroll.saturating_sub(1);
                Step::stay()
            }
            Action::Reload => Step::to(Transition::CloseEdit)
                .with(Op::Put(Box::new(conflict.theirs.clone())))
                .saying(format!(
                    "Reloaded {}: your changes were dropped.",
                    conflict.theirs.detainee.name
                )),
            // Shown until the save lands (the edit closes) or is refused again.
            Action::Reapply => Step::effect(Effect::Save(Box::new(reapply(conflict))))
                .with(Op::Resending(Box::new(conflict.theirs.clone()))),
            Action::Back => back(conflict).with(Op::Abandon),
            _ => Step::stay(),
        }
    }
}

/// Back from a conflict: to your form over their record, or (nothing to go back to) theirs.
fn back(conflict: &Conflict) -> Step {
    match (&conflict.form, &conflict.change) {
        (Some(_), Change::Update { record, .. }) => {
            // Their record with your changes, at their version.
            let base = conflict.base.clone().unwrap_or(conflict.theirs.clone());
            let merged = edit::merge(&base, record, &conflict.theirs);
            let mut form = Form::edit(conflict.id, conflict.found, &conflict.theirs);
            form.values = edit::Field::ALL.iter().map(|f| f.get(&merged)).collect();
            form.dirty = true;
            Step::to(Transition::ReopenEdit(Screen::Form(FormScreen { form })))
                .saying("Their record with your changes: check and save again.")
        }
        (_, Change::Hearing { id, entry, .. }) => {
            let mut form = HearingForm::new(*id, conflict.found, &conflict.theirs.detainee.name);
            form.outcome = entry.outcome;
            form.next = entry.next.map(|d| d.to_string()).unwrap_or_default();
            form.note = entry.note.clone().unwrap_or_default();
            form.dirty = true;
            Step::to(Transition::ReopenEdit(Screen::Hearing(HearingScreen {
                form,
            })))
        }
        _ => Step::to(Transition::CloseEdit).with(Op::Put(Box::new(conflict.theirs.clone()))),
    }
}

/// The refused change again, at their version: your edits re-applied over their record.
fn reapply(conflict: &Conflict) -> Change {
    let found = conflict.found;
    match conflict.change.clone() {
        Change::Update {
            id, record, action, ..
        } => {
            let base = conflict.base.clone().unwrap_or(conflict.theirs.clone());
            Change::Update {
                id,
                version: found,
                record: edit::merge(&base, &record, &conflict.theirs),
                action,
            }
        }
        Change::Hearing {
            id, entry, today, ..
        } => Change::Hearing {
            id,
            version: found,
            entry,
            today,
        },
        Change::Archive { id, action, .. } => Change::Archive {
            id,
            version: found,
            action,
        },
        Change::Restore { id, action, .. } => Change::Restore {
            id,
            version: found,
            action,
        },
        other => other,
    }
}

fn change_id(change: &Change) -> Option<i64> {
    match change {
        Change::Add { .. } => None,
        Change::Update { id, .. }
        | Change::Hearing { id, .. }
        | Change::Archive { id, .. }
        | Change::Restore { id, .. } => Some(*id),
        Change::Merge(merge) | Change::Unmerge(merge) => Some(merge.id),
    }
}

/// Every field where their record and yours differ: (field, theirs, yours).
pub fn conflict_rows(theirs: &Record, yours: &Record) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for &field in edit::Field::ALL {
        let (t, y) = (field.get(theirs), field.get(yours));
        if t != y {
            rows.push((field.name().to_string(), t, y));
        }
    }
    let hearings = |r: &Record| {
        r.hearings
            .iter()
            .rev()
            .take(2)
            .map(edit::hearing_text)
            .collect::<Vec<_>>()
            .join("; ")
    };
    if theirs.hearings != yours.hearings {
        rows.push(("hearings".into(), hearings(theirs), hearings(yours)));
    }
    rows
}
