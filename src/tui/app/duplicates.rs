//! What the runner hands back to the duplicate review (`D`): the pairs found, and a pair
//! answered "not the same person". The review screens on the stack follow.

use super::{App, Effect};
use crate::domain::duplicates::{Pair, may_be};
use crate::domain::edit::Change;
use crate::domain::model::Record;
use crate::tui::form::Target;
use crate::tui::screens::duplicates::{DuplicatesScreen, Found};
use crate::tui::screens::{ConfirmScreen, DetailScreen, Question, Screen};
use crate::tui::undo::Pending;

/// How many likely matches the add form's question lists: the best few are enough to
/// recognise the person.
const SHOWN: usize = 3;

impl App {
    /// The likely matches of a new person about to be saved: none, and they are saved; some,
    /// and the user is asked first ("This may be #12 … — open it / save as a new person").
    pub fn likely_checked(&mut self, record: Record, matches: Vec<(Pair, Record)>) -> Vec<Effect> {
        let Some((_, first)) = matches.first() else {
            self.caseload.begin(Pending::change(None));
            return vec![Effect::Save(Box::new(Change::Add { record }))];
        };
        let today = self.caseload.today;
        let question = Question::Likely {
            id: first.detainee.id,
            matches: matches
                .iter()
                .take(SHOWN)
                .map(|(pair, existing)| may_be(pair, existing, today))
                .collect(),
            record: Box::new(record),
        };
        self.stack.push(Screen::Confirm(ConfirmScreen { question }));
        Vec::new()
    }

    /// The likely matches found off the loop's thread ([`Effect::CheckLikely`] on a file):
    /// carried on as [`App::likely_checked`] only while the add form is still on top holding
    /// that same record. The user may have left it meanwhile, or changed it (then saving
    /// checks it again).
    pub fn likely_answered(&mut self, record: Record, matches: Vec<(Pair, Record)>) -> Vec<Effect> {
        let today = self.caseload.today;
        let still = match self.stack.last() {
            Some(Screen::Form(screen)) => {
                // Built from a copy: the form's own build marks errors and moves the cursor.
                screen.form.target == Target::Add
                    && screen.form.clone().build(today).as_ref() == Some(&record)
            }
            _ => false,
        };
        if !still {
            return Vec::new();
        }
        self.message = None;
        self.likely_checked(record, matches)
    }

    /// Leaves the edit for person `id`'s page, if the list has them (out of custody: where).
    pub(super) fn open_person(&mut self, id: i64) {
        self.close_edit();
        self.list.show_everyone();
        self.select_id(id);
        if self.selected_id() == Some(id) {
            self.stack.push(Screen::Detail(DetailScreen::default()));
        } else {
            self.message = Some(format!(
                "#{id} is not on the custody list: R shows released and archived people."
            ));
        }
    }

    /// The pairs that may be one person, found by the runner for the review screen.
    pub fn duplicates_found(&mut self, found: Found) {
        if let Some(review) = self.reviews().next_back() {
            review.found(found);
        }
    }

    /// People `a` and `b` are remembered as two people: their pair leaves the review.
    pub fn not_same_marked(&mut self, a: i64, b: i64) {
        for review in self.reviews() {
            review.drop_pair(a, b);
        }
        let (a, b) = (a.min(b), a.max(b));
        self.message = Some(format!(
            "#{a} and #{b} are two people: not suggested again."
        ));
    }

    /// The records of the review changed (a merge refused): find the pairs again.
    pub fn duplicates_changed(&mut self) {
        for review in self.reviews() {
            review.mark_stale();
        }
    }

    /// The duplicate review open on top, for the views and tests.
    pub fn duplicates(&self) -> Option<&DuplicatesScreen> {
        match self.stack.last() {
            Some(Screen::Duplicates(review)) => Some(review),
            _ => None,
        }
    }

    fn reviews(&mut self) -> impl DoubleEndedIterator<Item = &mut DuplicatesScreen> {
        self.stack.iter_mut().filter_map(|screen| match screen {
            Screen::Duplicates(review) => Some(&mut **review),
            _ => None,
        })
    }
}
