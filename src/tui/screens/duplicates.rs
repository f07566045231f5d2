//! The duplicate review (`D`, issue 16 §3): pairs of records that may be one person, one pair
//! at a time, side by side and field by field. Where they differ the user chooses which value
//! the surviving record keeps (`h`/`l`, or `1`/`2`); `m` merges the pair into the left record
//! (the older one, the smaller id), `n` remembers they are two people, `Esc` leaves them for
//! later. Nothing is merged without `m`, and `u` undoes a merge.
//!
//! The pairs are found by the runner ([`crate::tui::app::Effect::FindDuplicates`]: it reads
//! the store), again whenever the caseload changes under the screen.

use super::{Cx, Op, Step, Transition, browse};
use crate::domain::duplicates::Pair;
use crate::domain::edit::{Change, Field, Versioned};
use crate::domain::merge::{self, Merge, Side};
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::undo::Pending;
use std::collections::HashMap;
use std::sync::Arc;

/// The footer's keys.
pub const KEYS: &[Action] = &[
    Action::KeepLeft,
    Action::KeepRight,
    Action::Merge,
    Action::NotSame,
    Action::NextPair,
    Action::Back,
    Action::Help,
];

/// At most this many pairs are reviewed at a time, best first (the rest come after a merge or
/// an answer, when the pairs are found again).
pub const REVIEWED: usize = 500;

/// What the runner found: the pairs, best first, and both people of each with their version.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub pairs: Vec<Pair>,
    pub people: HashMap<i64, Versioned>,
}

/// One field of the pair shown: both values, and which one the survivor keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub field: Field,
    pub left: String,
    pub right: String,
    /// The values differ: the user chooses.
    pub differs: bool,
    pub keep: Side,
}

/// The screen's state.
#[derive(Debug, Clone)]
pub struct DuplicatesScreen {
    /// `None` until the runner has found the pairs.
    found: Option<Arc<Found>>,
    /// The pair shown, and the field selected in it.
    pub pair: usize,
    pub row: usize,
    /// The values chosen from the right record, for the pair shown.
    choices: HashMap<Field, Side>,
    /// The caseload changed since the pairs were found: find them again.
    stale: bool,
}

impl Default for DuplicatesScreen {
    fn default() -> DuplicatesScreen {
        DuplicatesScreen {
            found: None,
            pair: 0,
            row: 0,
            choices: HashMap::new(),
            stale: true,
        }
    }
}

impl DuplicatesScreen {
    /// Whether the pairs must be found (again); asking clears it, so a failure is not retried
    /// frame after frame.
    pub fn take_stale(&mut self) -> bool {
        std::mem::take(&mut self.stale)
    }

    /// The caseload changed: the pairs are found again before the next draw.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// The pairs are found: the same pair stays shown (with its choices) if it still is one.
    pub fn found(&mut self, found: Found) {
        let shown = self.current().map(|(p, _, _)| (p.id_a, p.id_b));
        let at = shown.and_then(|ids| found.pairs.iter().position(|p| (p.id_a, p.id_b) == ids));
        if at.is_none() {
            self.choices.clear();
            self.row = 0;
        }
        self.pair = at
            .unwrap_or(self.pair)
            .min(found.pairs.len().saturating_sub(1));
        self.found = Some(Arc::new(found));
    }

    /// Whether the runner has answered.
    pub fn is_found(&self) -> bool {
        self.found.is_some()
    }

    /// The pairs to review, best first.
    pub fn pairs(&self) -> &[Pair] {
        self.found.as_ref().map_or(&[], |f| &f.pairs)
    }

    /// How many pairs there are to review.
    pub fn len(&self) -> usize {
        self.found.as_ref().map_or(0, |f| f.pairs.len())
    }

    /// Nothing to review (or not found yet).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pair `a`, `b` was answered "two people": it goes from the list.
    pub fn drop_pair(&mut self, a: i64, b: i64) {
        let Some(found) = self.found.as_mut() else {
            return;
        };
        let found = Arc::make_mut(found);
        found
            .pairs
            .retain(|p| (p.id_a, p.id_b) != (a.min(b), a.max(b)));
        self.pair = self.pair.min(found.pairs.len().saturating_sub(1));
        self.row = 0;
        self.choices.clear();
    }

    /// The pair shown, with the left (surviving) and right records.
    pub fn current(&self) -> Option<(&Pair, &Versioned, &Versioned)> {
        let found = self.found.as_ref()?;
        let pair = found.pairs.get(self.pair)?;
        Some((
            pair,
            found.people.get(&pair.id_a)?,
            found.people.get(&pair.id_b)?,
        ))
    }

    /// The fields of the pair shown that either record holds, in the order of DOMAIN.md §6.
    pub fn rows(&self) -> Vec<Row> {
        let Some((_, left, right)) = self.current() else {
            return Vec::new();
        };
        merge::fields()
            .filter_map(|field| {
                let (l, r) = (field.get(&left.record), field.get(&right.record));
                if l.is_empty() && r.is_empty() {
                    return None;
                }
                let differs = l != r;
                let keep = match differs {
                    true => (self.choices.get(&field).copied())
                        .unwrap_or_else(|| merge::default_side(&l, &r)),
                    false => Side::Left,
                };
                Some(Row {
                    field,
                    left: l,
                    right: r,
                    differs,
                    keep,
                })
            })
            .collect()
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        let rows = self.rows();
        match action {
            Action::Back => Step::to(Transition::Pop),
            Action::NextPair | Action::PrevPair => {
                let last = self.len().saturating_sub(1);
                self.pair = match action {
                    Action::NextPair => (self.pair + 1).min(last),
                    _ => self.pair.saturating_sub(1),
                };
                self.row = 0;
                self.choices.clear();
                Step::stay()
            }
            Action::KeepLeft | Action::KeepRight => self.choose(&rows, action),
            Action::Merge => self.merge(),
            Action::NotSame => match self.current() {
                Some((pair, _, _)) => Step::effect(Effect::MarkNotSame {
                    a: pair.id_a,
                    b: pair.id_b,
                }),
                None => Step::stay(),
            },
            Action::Undo | Action::Redo | Action::TogglePrivate => {
                browse::act(action, cx, None, None).unwrap_or_default()
            }
            movement => {
                let last = rows.len().saturating_sub(1);
                let page = cx.viewport.page_rows.saturating_sub(4);
                self.row = crate::tui::cursor::step(self.row, movement, page, last);
                Step::stay()
            }
        }
    }

    /// Keeps the left or right value of the selected field, where the two differ.
    fn choose(&mut self, rows: &[Row], action: Action) -> Step {
        let Some(row) = rows.get(self.row) else {
            return Step::stay();
        };
        if !row.differs {
            return Step::say(format!(
                "{}: the same in both records, nothing to choose.",
                row.field.label()
            ));
        }
        let side = match action {
            Action::KeepRight => Side::Right,
            _ => Side::Left,
        };
        self.choices.insert(row.field, side);
        Step::stay()
    }

    /// Sends the merge of the pair shown, with the values chosen.
    fn merge(&self) -> Step {
        let Some((_, left, right)) = self.current() else {
            return Step::say("No pair to merge.");
        };
        // What the screen marks kept (`▸`) is what is merged, defaults included.
        let choices: Vec<(Field, Side)> = (self.rows().iter())
            .filter(|row| row.differs)
            .map(|row| (row.field, row.keep))
            .collect();
        let record = match merge::merged(&left.record, &right.record, &choices) {
            Ok(record) => record,
            Err(reason) => return Step::say(format!("Not merged: {reason}")),
        };
        let (id, other) = (left.record.detainee.id, right.record.detainee.id);
        let change = Change::Merge(Box::new(Merge {
            id,
            version: left.version,
            other,
            other_version: Some(right.version),
            record,
        }));
        Step::effect(Effect::Save(Box::new(change))).with(Op::Saving(Pending::Merge {
            other,
            before: Box::new(left.record.clone()),
        }))
    }
}
