//! What the runner hands back to the duplicate review (`D`): the pairs found, and a pair
//! answered "not the same person". The review screens on the stack follow.

use super::App;
use crate::tui::screens::Screen;
use crate::tui::screens::duplicates::{DuplicatesScreen, Found};

impl App {
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
