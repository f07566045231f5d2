//! The one model every screen reads: the roster and its ranking, the full records read so far,
//! the archive, the history shown, this session's undo and redo, and the save in flight. Only
//! this type changes them (through [`super::app::App`], which applies what screens ask for), so
//! no screen holds a copy that can go stale.

use super::undo::{Entry, ManyRequest, Pending, Sent, Undoable};
use crate::domain::edit::{AuditEntry, Versioned};
use crate::domain::model::Record;
use crate::domain::roster::Roster;
use crate::domain::triage::Ranked;
use crate::domain::weights::Weights;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// How many full records are kept for the screens when not every record is (a few pages' worth).
const KEEP: usize = 256;

/// The caseload as this session sees it.
#[derive(Debug, Clone)]
pub struct Caseload {
    /// Everyone not archived, compact: what the list ranks, shows and searches. Shared with a
    /// search in flight; a change while one runs copies it first.
    roster: Arc<Roster>,
    /// People in custody, most urgent first (indexes into `roster`).
    ranked: Arc<Vec<Ranked>>,
    /// Full records read for the screens that need them (detail, forms), by detainee id.
    details: HashMap<i64, Record>,
    /// `details` holds every record (a caseload made from records): nothing needs loading.
    all_details: bool,
    archived: Vec<Record>,
    /// Of the archived, who was merged into whom (merged id → survivor id).
    merges: HashMap<i64, i64>,
    history: Option<(i64, Vec<AuditEntry>)>,
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    pending: Option<Pending>,
    /// Showing the cached most urgent people while everyone loads: how many are in custody
    /// as of the last ranking.
    loading: Option<usize>,
    reloading: bool,
    /// The clinic's views (saved in the file, then shipped): what `v` offers.
    views: Vec<crate::domain::views::View>,
    /// The day urgency is computed for.
    pub today: NaiveDate,
    /// The clinic's weights.
    pub weights: Weights,
}

impl Caseload {
    /// Ranks `roster` for `today`.
    pub fn new(roster: Roster, today: NaiveDate, weights: Weights) -> Caseload {
        let ranked = roster.rank(today, &weights);
        Caseload {
            roster: Arc::new(roster),
            ranked: Arc::new(ranked),
            details: HashMap::new(),
            all_details: false,
            archived: Vec::new(),
            merges: HashMap::new(),
            history: None,
            undo: Vec::new(),
            redo: Vec::new(),
            pending: None,
            loading: None,
            reloading: false,
            views: Vec::new(),
            today,
            weights,
        }
    }

    /// The views `v` offers.
    pub fn views(&self) -> &[crate::domain::views::View] {
        &self.views
    }

    /// The views, as read from the file at start (saved first, then the shipped ones).
    pub fn set_views(&mut self, views: Vec<crate::domain::views::View>) {
        self.views = views;
    }

    /// A view was saved: it replaces the one of the same name, or goes first.
    pub fn view_saved(&mut self, view: crate::domain::views::View) {
        self.views
            .retain(|v| !v.name.eq_ignore_ascii_case(&view.name));
        self.views.insert(0, view);
    }

    /// Keeps `records` as read (`all`: they are everyone, so nothing ever needs loading).
    pub fn keep_records(&mut self, records: Vec<Record>, all: bool) {
        self.details = records.into_iter().map(|r| (r.detainee.id, r)).collect();
        self.all_details = all;
    }

    /// Everyone not archived, ranked or not.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// Everyone in custody, most urgent first.
    pub fn ranked(&self) -> &[Ranked] {
        &self.ranked
    }

    /// The roster and ranking, shared with a search worker.
    pub fn shared(&self) -> (Arc<Roster>, Arc<Vec<Ranked>>) {
        (Arc::clone(&self.roster), Arc::clone(&self.ranked))
    }

    /// The full record of person `id`, once read.
    pub fn record(&self, id: i64) -> Option<&Record> {
        self.details.get(&id)
    }

    /// Whether person `id`'s full record is here (read, or every record kept).
    pub fn has_record(&self, id: i64) -> bool {
        self.details.contains_key(&id)
    }

    /// The full record of `id` if read: in the kept details, else among the archived.
    pub fn record_by_id(&self, id: i64) -> Option<&Record> {
        self.details
            .get(&id)
            .or_else(|| self.archived.iter().find(|r| r.detainee.id == id))
    }

    /// The archived records.
    pub fn archived(&self) -> &[Record] {
        &self.archived
    }

    /// The audit trail loaded for person `id`, if it is the one loaded.
    pub fn history_of(&self, id: i64) -> Option<&[AuditEntry]> {
        match &self.history {
            Some((hid, entries)) if *hid == id => Some(entries),
            _ => None,
        }
    }

    /// How many changes `u` can undo.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// While a preview shows: how many people are being loaded and ranked.
    pub fn loading(&self) -> Option<usize> {
        self.loading
    }

    /// Everyone is being read again behind the screen.
    pub fn is_reloading(&self) -> bool {
        self.reloading
    }

    /// The save in flight, if any.
    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    /// A preview of `people` while everyone loads.
    pub fn set_loading(&mut self, people: usize) {
        self.loading = Some(people);
    }

    /// Everyone is being read again (after a big change elsewhere).
    pub fn set_reloading(&mut self) {
        self.reloading = true;
    }

    /// A record was read (with its history) for a screen.
    pub fn loaded(&mut self, record: Record, history: Vec<AuditEntry>) {
        self.history = Some((record.detainee.id, history));
        self.remember(record);
    }

    /// Everyone is loaded and ranked.
    pub fn roster_loaded(&mut self, roster: Roster, ranked: Vec<Ranked>, archived: Vec<Record>) {
        self.roster = Arc::new(roster);
        self.ranked = Arc::new(ranked);
        self.archived = archived;
        self.loading = None;
        self.reloading = false;
    }

    /// Everyone reloaded (after another process changed many records).
    pub fn replace_roster(&mut self, roster: Roster, archived: Vec<Record>) {
        self.ranked = Arc::new(roster.rank(self.today, &self.weights));
        self.roster = Arc::new(roster);
        self.archived = archived;
        if !self.all_details {
            self.details.clear();
        }
    }

    /// The archived records, for the released/archived view.
    pub fn set_archived(&mut self, archived: Vec<Record>) {
        self.archived = archived;
    }

    /// Who each person archived by a merge was merged into.
    pub fn set_merges(&mut self, merges: HashMap<i64, i64>) {
        self.merges = merges;
    }

    /// The survivor archived person `id` was merged into, if a merge archived them.
    pub fn merged_into(&self, id: i64) -> Option<i64> {
        self.merges.get(&id).copied()
    }

    /// Puts one person's new state in the roster, the archive and the ranking: one entry and
    /// one ranking update, whatever the caseload's size. `None`: removed.
    pub fn put(&mut self, id: i64, record: Option<Record>, archived: bool) {
        self.archived.retain(|r| r.detainee.id != id);
        let index = match record {
            Some(record) if !archived => {
                let index = Arc::make_mut(&mut self.roster).put(&record, self.today);
                self.remember(record);
                Some(index)
            }
            other => {
                if let Some(record) = other {
                    self.archived.push(record);
                    self.archived.sort_by_key(|r| r.detainee.id);
                }
                self.details.remove(&id);
                Arc::make_mut(&mut self.roster).remove(id)
            }
        };
        if let Some(index) = index {
            let ranked = Arc::make_mut(&mut self.ranked);
            self.roster
                .rerank_one(ranked, index, self.today, &self.weights);
        }
    }

    /// Keeps a full record for the screens; only the last few unless every record is kept.
    fn remember(&mut self, record: Record) {
        if !self.all_details && self.details.len() >= KEEP {
            self.details.clear();
        }
        self.details.insert(record.detainee.id, record);
    }

    /// A save is in flight: what it was, so its result lands on the right stack.
    pub fn begin(&mut self, pending: Pending) {
        self.pending = Some(pending);
    }

    /// The save in flight failed or was abandoned.
    pub fn abandon(&mut self) {
        self.pending = None;
    }

    /// A conflict's change is sent again from `theirs`: what it started from is now theirs.
    pub fn rebase_pending(&mut self, theirs: &Record) {
        match &mut self.pending {
            Some(Pending::Change { before }) => *before = Some(Box::new(theirs.clone())),
            Some(_) => {}
            None => self.pending = Some(Pending::change(Some(theirs.clone()))),
        }
    }

    /// What `u` sends, taking it off the undo stack (none: nothing to undo).
    pub fn start_undo(&mut self) -> Option<Sent> {
        Some(match self.undo.pop()? {
            Entry::One(item) => {
                let change = item.undo_change();
                self.pending = Some(Pending::Undo(item));
                Sent::One(Box::new(change))
            }
            Entry::Many(items) => Sent::Many(ManyRequest::Undo(items)),
        })
    }

    /// What `ctrl-r` sends, taking it off the redo stack.
    pub fn start_redo(&mut self) -> Option<Sent> {
        Some(match self.redo.pop()? {
            Entry::One(item) => {
                let change = item.redo_change();
                self.pending = Some(Pending::Redo(item));
                Sent::One(Box::new(change))
            }
            Entry::Many(items) => Sent::Many(ManyRequest::Redo(items)),
        })
    }

    /// A change to many landed: each person's new state (record, archived) goes in, and the
    /// change (`items`, as it now stands) goes on the stack `request`'s kind belongs to.
    pub fn many_landed(
        &mut self,
        request: &ManyRequest,
        items: Vec<Undoable>,
        records: Vec<(Record, bool)>,
    ) {
        for (record, archived) in records {
            self.put(record.detainee.id, Some(record), archived);
        }
        if items.is_empty() {
            return;
        }
        match request {
            ManyRequest::Apply { .. } => {
                self.undo.push(Entry::Many(items));
                self.redo.clear();
            }
            ManyRequest::Undo(_) => self.redo.push(Entry::Many(items)),
            ManyRequest::Redo(_) => self.undo.push(Entry::Many(items)),
        }
    }

    /// A save landed as `saved`: the record changes, and the change goes on the stack its kind
    /// belongs to. Returns the verb the footer uses ("Saved", "Undone", "Redone").
    pub fn landed(&mut self, saved: &Versioned) -> &'static str {
        let id = saved.record.detainee.id;
        let pending = self.pending.take();
        self.put(id, Some(saved.record.clone()), saved.archived);
        match pending {
            Some(Pending::Change { before }) => {
                self.undo
                    .push(Entry::One(Undoable::of_saved(before, saved)));
                self.redo.clear();
                "Saved"
            }
            Some(Pending::Merge { other, before }) => {
                self.merges.insert(other, id);
                self.undo.push(Entry::One(Undoable::Merged {
                    id,
                    other,
                    before,
                    after: Box::new(saved.record.clone()),
                    version: saved.version,
                }));
                self.redo.clear();
                "Merged"
            }
            Some(Pending::Undo(item)) => {
                if let Undoable::Merged { other, .. } = &item {
                    self.merges.remove(other);
                }
                self.redo.push(Entry::One(item.landed(saved, true)));
                "Undone"
            }
            Some(Pending::Redo(item)) => {
                if let Undoable::Merged { id, other, .. } = &item {
                    self.merges.insert(*other, *id);
                }
                self.undo.push(Entry::One(item.landed(saved, false)));
                "Redone"
            }
            None => "Saved",
        }
    }
}
