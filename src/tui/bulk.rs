//! Changes to many people against the store (issue 14 §5): the marked people changed by one
//! [`BulkEdit`], or such a change undone or redone, each in one transaction with every
//! person's own version check and audit rows ([`Store::update_many`], [`Store::archive_many`]).
//! Run by [`super::runner`]; what it returns goes to [`super::app::App::many_landed`].

use super::undo::{ManyRequest, Undoable};
use crate::domain::bulk::BulkEdit;
use crate::domain::edit::Versioned;
use crate::domain::model::{AuditAction, Record};
use crate::store::{ManyChange, ManyOutcome, Store, StoreError};
use chrono::NaiveDate;

/// What a change to many did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManyLanded {
    /// The change as it now stands, for the undo or redo stack (empty: nothing changed).
    pub items: Vec<Undoable>,
    /// Each changed person's new state: the record and whether it is archived.
    pub records: Vec<(Record, bool)>,
    /// Left alone: someone else changed or archived them since they were read.
    pub changed_meanwhile: Vec<i64>,
    /// Left alone: the change does not fit them (the reason names the field).
    pub refused: Vec<(i64, String)>,
    /// Nobody was changed because someone could not be (the user chose all or none).
    pub none_saved: bool,
}

/// Carries out `request` on the store.
pub fn run(
    store: &mut Store,
    request: &ManyRequest,
    today: NaiveDate,
) -> Result<ManyLanded, StoreError> {
    match request {
        ManyRequest::Apply {
            ids,
            edit,
            all_or_none,
        } => apply(store, ids, edit, *all_or_none, today),
        ManyRequest::Undo(items) => again(store, items, true),
        ManyRequest::Redo(items) => again(store, items, false),
    }
}

/// The marked people read as stored, the edit applied to each, all saved at once.
fn apply(
    store: &mut Store,
    ids: &[i64],
    edit: &BulkEdit,
    all_or_none: bool,
    today: NaiveDate,
) -> Result<ManyLanded, StoreError> {
    let mut landed = ManyLanded::default();
    let mut befores = store.get_many_versioned(ids)?;
    befores.retain(|found| !found.archived);
    // Gone or archived since they were marked.
    let found: std::collections::HashSet<i64> =
        befores.iter().map(|b| b.record.detainee.id).collect();
    landed.changed_meanwhile = ids
        .iter()
        .copied()
        .filter(|id| !found.contains(id))
        .collect();
    if all_or_none && !landed.changed_meanwhile.is_empty() {
        landed.none_saved = true;
        return Ok(landed);
    }
    if edit.is_archive() {
        let people: Vec<(i64, i64)> = befores
            .iter()
            .map(|b| (b.record.detainee.id, b.version))
            .collect();
        let outcome = store.archive_many(&people, true, AuditAction::Delete, all_or_none)?;
        return Ok(archived(landed, outcome, &befores, true, all_or_none));
    }
    let mut changes = Vec::with_capacity(befores.len());
    for before in befores {
        match edit.apply(&before.record, today) {
            Ok(after) if after == before.record => {}
            Ok(after) => changes.push(ManyChange {
                before: before.record,
                version: before.version,
                after,
            }),
            Err(why) => landed.refused.push((before.record.detainee.id, why)),
        }
    }
    if all_or_none && !landed.refused.is_empty() {
        landed.none_saved = true;
        return Ok(landed);
    }
    let action = match edit {
        BulkEdit::Hearing(_) => AuditAction::Hearing,
        _ => AuditAction::Edit,
    };
    let outcome = store.update_many(&changes, action, all_or_none)?;
    edited(
        store,
        landed,
        outcome,
        &changes,
        all_or_none,
        |change, now| Undoable::Edited {
            id: now.record.detainee.id,
            before: Box::new(change.before.clone()),
            after: Box::new(now.record.clone()),
            version: now.version,
        },
    )
}

/// Undoes (`undo`) or redoes a change to many: each person back to the side they came from,
/// checked against the version they were left at.
fn again(store: &mut Store, items: &[Undoable], undo: bool) -> Result<ManyLanded, StoreError> {
    let landed = ManyLanded::default();
    let action = if undo {
        AuditAction::Undo
    } else {
        AuditAction::Redo
    };
    let mut changes = Vec::new();
    let mut people = Vec::new();
    let mut archive = true;
    for item in items {
        match item {
            Undoable::Edited {
                before,
                after,
                version,
                ..
            } => {
                let (from, to) = if undo {
                    (after, before)
                } else {
                    (before, after)
                };
                changes.push(ManyChange {
                    before: (**from).clone(),
                    version: *version,
                    after: (**to).clone(),
                });
            }
            Undoable::Archived {
                id,
                archived,
                version,
            } => {
                // Undoing an archive restores; redoing it archives again.
                archive = *archived != undo;
                people.push((*id, *version));
            }
            // A merge is one person's change, never part of a change to many.
            Undoable::Merged { .. } => {}
        }
    }
    if !people.is_empty() {
        let outcome = store.archive_many(&people, archive, action, false)?;
        let ids: Vec<i64> = people.iter().map(|&(id, _)| id).collect();
        let befores = store.get_many_versioned(&ids)?;
        // The stack keeps the original change (an archive), whichever way it was just done.
        return Ok(archived(landed, outcome, &befores, archive, false));
    }
    let outcome = store.update_many(&changes, action, false)?;
    edited(store, landed, outcome, &changes, false, |change, now| {
        // Keep the side just written as stored (re-inserted hearings get new ids).
        let (before, after) = if undo {
            (now.record.clone(), change.before.clone())
        } else {
            (change.before.clone(), now.record.clone())
        };
        Undoable::Edited {
            id: now.record.detainee.id,
            before: Box::new(before),
            after: Box::new(after),
            version: now.version,
        }
    })
}

/// The saved people as stored (read back when hearings changed: they get new ids), each made
/// an undo item.
fn edited(
    store: &mut Store,
    mut landed: ManyLanded,
    outcome: ManyOutcome,
    changes: &[ManyChange],
    all_or_none: bool,
    item: impl Fn(&ManyChange, &Versioned) -> Undoable,
) -> Result<ManyLanded, StoreError> {
    landed.changed_meanwhile.extend(&outcome.changed_meanwhile);
    landed.none_saved = all_or_none && outcome.saved.is_empty() && !changes.is_empty();
    // `saved` is in the order of `changes`, with the changed-meanwhile ones left out.
    let mut saved = outcome.saved.iter().zip(&outcome.versions).peekable();
    for change in changes {
        let id = change.before.detainee.id;
        let Some((_, &version)) = saved.next_if(|(saved_id, _)| **saved_id == id) else {
            continue;
        };
        // Only a change to hearings comes back different from what was sent (new hearings
        // get their ids): anything else is stored as sent and need not be read back.
        let now = if change.before.hearings != change.after.hearings {
            store.get_versioned(id)?
        } else {
            Some(Versioned {
                record: change.after.clone(),
                version,
                archived: false,
            })
        };
        if let Some(now) = now {
            landed.items.push(item(change, &now));
            landed.records.push((now.record, now.archived));
        }
    }
    Ok(landed)
}

/// The people archived (or restored) by `outcome`, from their records as read.
fn archived(
    mut landed: ManyLanded,
    outcome: ManyOutcome,
    records: &[Versioned],
    archive: bool,
    all_or_none: bool,
) -> ManyLanded {
    landed.changed_meanwhile.extend(&outcome.changed_meanwhile);
    landed.none_saved = all_or_none && !landed.changed_meanwhile.is_empty();
    for (&id, &version) in outcome.saved.iter().zip(&outcome.versions) {
        if let Some(found) = records.iter().find(|r| r.record.detainee.id == id) {
            landed.items.push(Undoable::Archived {
                id,
                archived: true,
                version,
            });
            landed.records.push((found.record.clone(), archive));
        }
    }
    landed
}
