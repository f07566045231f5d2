//! People no longer in the custody list: out of custody (bail, acquittal, release) and
//! archived people, by name. Archived people can be restored from here.

use super::{Cx, Step, Transition, browse};
use crate::domain::filter::{Context, Filter, Subject, roster_subject};
use crate::domain::model::Stage;
use crate::domain::triage::{self, Facts};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Purpose};
use crate::tui::caseload::Caseload;
use crate::tui::cursor::Cursor;
use crate::tui::searcher::Judged;
use std::sync::Arc;

/// The footer's keys.
pub const KEYS: &[Action] = &[
    Action::MoveDown,
    Action::Restore,
    Action::Edit,
    Action::ToggleReleased,
    Action::Undo,
    Action::Quit,
];

/// Who a row of the view is.
#[derive(Debug, Clone, Copy)]
pub struct OutPerson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub stage: Stage,
    /// Archived by a merge: the survivor's id.
    pub merged_into: Option<i64>,
}

/// A row of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutRow {
    /// Out of custody: index into the roster.
    Released(usize),
    /// Archived: index into the archived records.
    Archived(usize),
}

/// The view's rows (built when it opens and after each change) and selection.
#[derive(Debug, Clone, Default)]
pub struct ReleasedScreen {
    rows: Vec<OutRow>,
    /// The list's filter when the view opened: it narrows this view too (`court:multan`).
    filter: Option<(Arc<Filter>, Arc<Judged>)>,
    pub cursor: Cursor,
}

impl ReleasedScreen {
    /// Everyone out of custody and everyone archived that the list's `filter` keeps, by name.
    pub fn build(
        caseload: &Caseload,
        filter: Option<(Arc<Filter>, Arc<Judged>)>,
    ) -> ReleasedScreen {
        let mut screen = ReleasedScreen {
            filter: filter.filter(|(f, _)| !f.is_empty()),
            ..ReleasedScreen::default()
        };
        screen.rebuild(caseload);
        screen
    }

    /// The view is narrowed by the list's filter.
    pub fn is_filtered(&self) -> bool {
        self.filter.is_some()
    }

    /// Whether the filter (if any) keeps `subject`.
    fn keeps(&self, subject: Option<Subject>) -> bool {
        match (&self.filter, subject) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((filter, judged)), Some(subject)) => filter.matches(
                &subject,
                &Context {
                    today: judged.today,
                    weights: &judged.weights,
                    me: judged.me.as_deref(),
                },
            ),
        }
    }

    /// The rows again, after the caseload changed.
    pub fn rebuild(&mut self, caseload: &Caseload) {
        let roster = caseload.roster();
        let mut rows: Vec<(String, OutRow)> = Vec::new();
        for i in 0..roster.len() {
            if let Some(p) = roster.person(i)
                && !p.facts.in_custody()
                && self.keeps(self.filter.as_ref().and_then(|_| {
                    let (total, band) = triage::total(p.facts, caseload.today, &caseload.weights);
                    roster_subject(roster, i, total, band)
                }))
            {
                rows.push((p.names.name.to_lowercase(), OutRow::Released(i)));
            }
        }
        for (i, r) in caseload.archived().iter().enumerate() {
            if self.filter.is_some() {
                let facts = Facts::of(r, caseload.today);
                let (total, band) = triage::total(&facts, caseload.today, &caseload.weights);
                let subject = Subject::of_record(r, &facts, total, band, caseload.today);
                if !self.keeps(Some(subject)) {
                    continue;
                }
            }
            rows.push((r.detainee.name.to_lowercase(), OutRow::Archived(i)));
        }
        rows.sort();
        self.rows = rows.into_iter().map(|(_, row)| row).collect();
        self.cursor.selected = self.cursor.selected.min(self.rows.len().saturating_sub(1));
    }

    /// How many rows the view has.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The view has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The `i`th row: who, and whether they are archived.
    pub fn row<'a>(&self, caseload: &'a Caseload, i: usize) -> Option<(OutPerson<'a>, bool)> {
        match *self.rows.get(i)? {
            OutRow::Released(j) => caseload.roster().person(j).map(|p| {
                let person = OutPerson {
                    id: p.id,
                    name: p.names.name,
                    stage: p.facts.stage,
                    merged_into: None,
                };
                (person, false)
            }),
            OutRow::Archived(j) => caseload.archived().get(j).map(|r| {
                let person = OutPerson {
                    id: r.detainee.id,
                    name: &r.detainee.name,
                    stage: r.case.stage,
                    merged_into: caseload.merged_into(r.detainee.id),
                };
                (person, true)
            }),
        }
    }

    /// Selects person `id` if the view shows them.
    pub fn select_id(&mut self, caseload: &Caseload, id: i64) {
        if let Some(row) =
            (0..self.rows.len()).find(|&i| self.row(caseload, i).is_some_and(|(p, _)| p.id == id))
        {
            self.cursor.selected = row;
        }
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        let selected = self.row(cx.caseload, self.cursor.selected);
        match action {
            Action::Back | Action::ToggleReleased => Step::to(Transition::Pop),
            Action::Restore => match selected {
                Some((person, true)) => Step::effect(Effect::Load {
                    id: person.id,
                    purpose: Purpose::Restore,
                }),
                Some((_, false)) => Step::say(
                    "Not archived: out of custody. Press e and change the stage or bail to bring them back to the list.",
                ),
                None => Step::stay(),
            },
            Action::Add | Action::Edit | Action::Undo | Action::Redo => {
                let id = selected.map(|(p, _)| p.id);
                browse::act(action, cx, id, None).unwrap_or_default()
            }
            movement => {
                self.cursor
                    .apply(movement, self.rows.len(), cx.viewport.list_rows);
                Step::stay()
            }
        }
    }
}
