//! What `u` undoes and `ctrl-r` redoes: each change of this session (one person's, or one
//! change to many marked people, undone as one), and what a save in flight was, so its result
//! lands on the right stack.

use crate::domain::bulk::BulkEdit;
use crate::domain::edit::{Change, Versioned};
use crate::domain::merge::Merge;
use crate::domain::model::{AuditAction, Record};

/// One step of the undo (or redo) stack.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// One person's change.
    One(Undoable),
    /// One change to many people (the marked ones): `u` undoes all of them at once.
    Many(Vec<Undoable>),
}

/// What `u` or `ctrl-r` sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    /// One person's change, saved like any other.
    One(Box<Change>),
    /// A change to many, for the runner ([`crate::tui::bulk`]).
    Many(ManyRequest),
}

/// A change to many people, as the runner carries it out (one transaction).
#[derive(Debug, Clone, PartialEq)]
pub enum ManyRequest {
    /// Change everyone in `ids` by `edit`. Someone changed meanwhile (or whom the change does
    /// not fit) is reported and left alone; with `all_or_none` nobody is changed then.
    Apply {
        ids: Vec<i64>,
        edit: BulkEdit,
        all_or_none: bool,
    },
    /// Undo the change to many these are (each as it stands now).
    Undo(Vec<Undoable>),
    /// Do it again.
    Redo(Vec<Undoable>),
}

/// A change of this session that `u` can undo (and `ctrl-r` redo).
#[derive(Debug, Clone, PartialEq)]
pub enum Undoable {
    /// The record went from `before` to `after`, now at `version`.
    Edited {
        id: i64,
        before: Box<Record>,
        after: Box<Record>,
        version: i64,
    },
    /// Archived (`true`) or restored, now at `version`.
    Archived {
        id: i64,
        archived: bool,
        version: i64,
    },
    /// Person `other` merged into `id` (which went from `before` to `after`), now at `version`.
    Merged {
        id: i64,
        other: i64,
        before: Box<Record>,
        after: Box<Record>,
        version: i64,
    },
}

/// What a save in flight was, so its result lands on the right stack.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// A change the user made; `before` is the record before it (none for an add).
    Change {
        before: Option<Box<Record>>,
    },
    Undo(Undoable),
    Redo(Undoable),
    /// A merge of `other` into the record that was `before`.
    Merge {
        other: i64,
        before: Box<Record>,
    },
}

impl Pending {
    /// A change the user made to a record that was `before` (none: an add, archive, restore).
    pub fn change(before: Option<Record>) -> Pending {
        Pending::Change {
            before: before.map(Box::new),
        }
    }

    /// The record the change started from, when known (to re-apply only your edits on a
    /// conflict).
    pub fn base(&self) -> Option<Record> {
        match self {
            Pending::Change { before } => before.as_deref().cloned(),
            Pending::Undo(Undoable::Edited { after, .. }) => Some((**after).clone()),
            Pending::Redo(Undoable::Edited { before, .. }) => Some((**before).clone()),
            _ => None,
        }
    }

    /// The undo or redo in flight, rebuilt as the change it sends.
    pub fn change_sent(&self) -> Option<Change> {
        match self {
            Pending::Undo(item) => Some(item.undo_change()),
            Pending::Redo(item) => Some(item.redo_change()),
            Pending::Change { .. } | Pending::Merge { .. } => None,
        }
    }
}

impl Undoable {
    /// What a save of a user's change (that started from `before`) leaves to undo.
    pub fn of_saved(before: Option<Box<Record>>, saved: &Versioned) -> Undoable {
        let id = saved.record.detainee.id;
        match before {
            Some(before) => Undoable::Edited {
                id,
                before,
                after: Box::new(saved.record.clone()),
                version: saved.version,
            },
            // An add, archive or restore is undone by archiving or restoring.
            None => Undoable::Archived {
                id,
                archived: saved.archived,
                version: saved.version,
            },
        }
    }

    /// A merge's undo or redo for the store: the survivor as `record`, the other person as
    /// they stand. (Only called on [`Undoable::Merged`].)
    fn merge(&self, record: &Record) -> Box<Merge> {
        let (id, other, version) = match self {
            Undoable::Merged {
                id, other, version, ..
            } => (*id, *other, *version),
            Undoable::Edited { id, version, .. } | Undoable::Archived { id, version, .. } => {
                (*id, 0, *version)
            }
        };
        Box::new(Merge {
            id,
            version,
            other,
            other_version: None,
            record: record.clone(),
        })
    }

    /// The change that undoes this one (audited as `undo`).
    pub fn undo_change(&self) -> Change {
        match self {
            Undoable::Merged { before, .. } => Change::Unmerge(self.merge(before)),
            Undoable::Edited {
                id,
                before,
                version,
                ..
            } => Change::Update {
                id: *id,
                version: *version,
                record: (**before).clone(),
                action: AuditAction::Undo,
            },
            Undoable::Archived {
                id,
                archived: true,
                version,
            } => Change::Restore {
                id: *id,
                version: *version,
                action: AuditAction::Undo,
            },
            Undoable::Archived { id, version, .. } => Change::Archive {
                id: *id,
                version: *version,
                action: AuditAction::Undo,
            },
        }
    }

    /// The change that does this one again (audited as `redo`).
    pub fn redo_change(&self) -> Change {
        match self {
            Undoable::Merged { after, .. } => Change::Merge(self.merge(after)),
            Undoable::Edited {
                id, after, version, ..
            } => Change::Update {
                id: *id,
                version: *version,
                record: (**after).clone(),
                action: AuditAction::Redo,
            },
            Undoable::Archived {
                id,
                archived: true,
                version,
            } => Change::Archive {
                id: *id,
                version: *version,
                action: AuditAction::Redo,
            },
            Undoable::Archived { id, version, .. } => Change::Restore {
                id: *id,
                version: *version,
                action: AuditAction::Redo,
            },
        }
    }

    /// The same change, after its undo (`undone`) or redo landed as `saved`.
    pub fn landed(self, saved: &Versioned, undone: bool) -> Undoable {
        match self {
            Undoable::Edited {
                id, before, after, ..
            } => {
                // Re-inserted hearings get new ids: keep the side just written as stored.
                let now = Box::new(saved.record.clone());
                let (before, after) = if undone { (now, after) } else { (before, now) };
                Undoable::Edited {
                    id,
                    before,
                    after,
                    version: saved.version,
                }
            }
            Undoable::Archived { id, archived, .. } => Undoable::Archived {
                id,
                archived,
                version: saved.version,
            },
            Undoable::Merged {
                id,
                other,
                before,
                after,
                ..
            } => Undoable::Merged {
                id,
                other,
                before,
                after,
                version: saved.version,
            },
        }
    }
}
