//! What the views and tests read from the app: the model, the screens on the stack, and the
//! state of each (found on the stack, so nothing here is a copy).

use super::{App, Conflict, Mode, Question};
use crate::domain::edit::AuditEntry;
use crate::domain::model::Record;
use crate::domain::roster::{Person, Roster};
use crate::domain::search::Hit;
use crate::domain::triage::Ranked;
use crate::domain::weights::Weights;
use crate::tui::caseload::Caseload;
use crate::tui::form::{Form, HearingForm};
use crate::tui::hearings::Hearings;
use crate::tui::screens::released::OutPerson;
use crate::tui::screens::{ListScreen, ReleasedScreen, Screen};
use chrono::NaiveDate;

impl App {
    /// The model.
    pub fn caseload(&self) -> &Caseload {
        &self.caseload
    }

    /// The list (the root screen).
    pub fn list(&self) -> &ListScreen {
        &self.list
    }

    /// The screens above the list, bottom first.
    pub fn stack(&self) -> &[Screen] {
        &self.stack
    }

    /// The day urgency is computed for.
    pub fn today(&self) -> NaiveDate {
        self.caseload.today
    }

    /// The clinic's weights.
    pub fn weights(&self) -> &Weights {
        &self.caseload.weights
    }

    /// The screen showing.
    pub fn screen(&self) -> Mode {
        match self.stack.last() {
            Some(top) => top.mode(),
            None => self.list.mode(),
        }
    }

    /// A one-line message for the footer (what the last action did, or why it did not).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The add/edit form, when open.
    pub fn form(&self) -> Option<&Form> {
        self.stack.iter().rev().find_map(|s| match s {
            Screen::Form(s) => Some(&s.form),
            _ => None,
        })
    }

    /// The hearing form, when open.
    pub fn hearing_form(&self) -> Option<&HearingForm> {
        self.stack.iter().rev().find_map(|s| match s {
            Screen::Hearing(s) => Some(&s.form),
            _ => None,
        })
    }

    /// The question being asked, if any.
    pub fn question(&self) -> Option<&Question> {
        match self.stack.last() {
            Some(Screen::Confirm(s)) => Some(&s.question),
            _ => None,
        }
    }

    /// The conflict being shown, if any.
    pub fn conflict(&self) -> Option<&Conflict> {
        match self.stack.last() {
            Some(Screen::Conflict(s)) => Some(&s.conflict),
            _ => None,
        }
    }

    /// Lines scrolled in the detail, help or conflict screen.
    pub fn scroll(&self) -> usize {
        self.stack.last().map_or(0, Screen::scroll)
    }

    /// The Hearings screen's list and filters, when it is open.
    pub fn hearings(&self) -> Option<&Hearings> {
        self.stack.iter().rev().find_map(|s| match s {
            Screen::Hearings(s) => Some(&s.hearings),
            _ => None,
        })
    }

    /// The screen an export prompt was opened from (drawn beneath it).
    pub fn export_return(&self) -> Mode {
        let beneath = self.stack.iter().rev().find(|s| !s.is_overlay());
        beneath.map_or(self.list.mode(), Screen::mode)
    }

    /// Whether the export being chosen will include health details.
    pub fn export_includes_health(&self) -> bool {
        matches!(self.stack.last(), Some(Screen::Export(s)) if s.include_health)
    }

    /// The audit trail loaded for person `id`, if it is the one loaded.
    pub fn history_of(&self, id: i64) -> Option<&[AuditEntry]> {
        self.caseload.history_of(id)
    }

    /// How many changes `u` can undo.
    pub fn undo_depth(&self) -> usize {
        self.caseload.undo_depth()
    }

    /// While the preview shows: how many people are being loaded and ranked.
    pub fn loading(&self) -> Option<usize> {
        self.caseload.loading()
    }

    /// Everyone is being read again behind the screen.
    pub fn is_reloading(&self) -> bool {
        self.caseload.is_reloading()
    }

    /// Everyone not archived, ranked or not.
    pub fn roster(&self) -> &Roster {
        self.caseload.roster()
    }

    /// The full record of person `id`, once read (see [`Effect::Load`](super::Effect::Load)).
    pub fn record(&self, id: i64) -> Option<&Record> {
        self.caseload.record(id)
    }

    /// Everyone in custody, most urgent first.
    pub fn ranked(&self) -> &[Ranked] {
        self.caseload.ranked()
    }

    /// The id of the selected person in the custody list.
    pub fn selected_id(&self) -> Option<i64> {
        self.list.selected_id(&self.caseload)
    }

    /// How many people the list shows (after any search).
    pub fn visible_len(&self) -> usize {
        self.list.visible_len(&self.caseload)
    }

    /// The `row`th person the list shows: their position in `ranked` (rank − 1), their ranking,
    /// roster entry, and search hit if searched.
    pub fn row(&self, row: usize) -> Option<(usize, Ranked, Person<'_>, Option<&Hit>)> {
        self.list.row(&self.caseload, row)
    }

    /// The selected row of the list.
    pub fn selected(&self) -> usize {
        self.list.cursor.selected
    }

    /// The first row the list showed last time (the view keeps the selection in sight).
    pub fn list_offset(&self) -> usize {
        self.list.cursor.offset
    }

    /// The search query as typed.
    pub fn query(&self) -> &str {
        self.list.query()
    }

    /// A search filter is in force (the list shows only matches).
    pub fn is_filtered(&self) -> bool {
        self.list.is_filtered()
    }

    /// A search is running; the list shows the previous result until it lands.
    pub fn searching(&self) -> bool {
        self.list.searching()
    }

    fn released(&self) -> Option<&ReleasedScreen> {
        self.stack.iter().rev().find_map(|s| match s {
            Screen::Released(s) => Some(s),
            _ => None,
        })
    }

    /// How many rows the released/archived view has.
    pub fn out_len(&self) -> usize {
        self.released().map_or(0, |s| s.len())
    }

    /// The `i`th row of the released/archived view: who, and whether they are archived.
    pub fn out_row(&self, i: usize) -> Option<(OutPerson<'_>, bool)> {
        self.released()?.row(&self.caseload, i)
    }

    /// The selected row of the released/archived view.
    pub fn out_selected(&self) -> usize {
        self.released().map_or(0, |s| s.cursor.selected)
    }
}
