//! What the event loop brings back when the file changes under the app: another session's
//! saves, everyone read again after a big change, the archive and who was merged into whom.
//! The list, the released view and the selection follow each.

use super::App;
use crate::domain::edit::Versioned;
use crate::domain::model::Record;
use crate::domain::roster::Roster;
use crate::domain::triage::Ranked;
use std::collections::HashMap;

impl App {
    /// Records another process changed: each `(id, Some(record))` is current, `None` was
    /// archived or removed. The ranking and the selection follow.
    pub fn refresh(&mut self, changed: Vec<(i64, Option<Versioned>)>) {
        let keep = self.selected_id();
        for (id, found) in changed {
            match found {
                Some(v) => self.caseload.put(id, Some(v.record), v.archived),
                None => self.caseload.put(id, None, false),
            }
        }
        self.after_change(keep);
    }

    /// Everyone is being read again behind the screen (after a big change elsewhere); the list
    /// stays usable meanwhile.
    pub fn reloading(&mut self) {
        self.caseload.set_reloading();
    }

    /// Everyone is loaded and ranked: the list switches to them, keeping the selected person.
    pub fn roster_loaded(&mut self, roster: Roster, ranked: Vec<Ranked>, archived: Vec<Record>) {
        let keep = self.selected_id();
        self.caseload.roster_loaded(roster, ranked, archived);
        self.after_change(keep);
    }

    /// Everyone reloaded (after another process changed many records).
    pub fn replace_roster(&mut self, roster: Roster, archived: Vec<Record>) {
        let keep = self.selected_id();
        self.caseload.replace_roster(roster, archived);
        self.after_change(keep);
    }

    /// The archived records, for the released/archived view.
    pub fn set_archived(&mut self, archived: Vec<Record>) {
        self.caseload.set_archived(archived);
        self.after_change(None);
    }

    /// Who each person archived by a merge was merged into ([`Store::merged_into`]).
    ///
    /// [`Store::merged_into`]: crate::store::Store::merged_into
    pub fn set_merges(&mut self, merges: HashMap<i64, i64>) {
        self.caseload.set_merges(merges);
    }
}
