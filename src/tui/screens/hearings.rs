//! Coming hearings by date, narrowed by court and lawyer: opens a person, exports or copies the
//! selected day's sheet.

use super::{CalendarScreen, Cx, DetailScreen, Op, Screen, Step, Transition, browse};
use crate::domain::search::Hit;
use crate::tui::action::Action;
use crate::tui::app::{Effect, Purpose, Subject};
use crate::tui::caseload::Caseload;
use crate::tui::hearings::Hearings;

/// The footer's keys.
pub const KEYS: &[Action] = &[
    Action::Open,
    Action::CycleCourt,
    Action::CycleLawyer,
    Action::Export,
    Action::Copy,
    Action::Back,
    Action::Help,
];

/// The Hearings screen: its list of hearings, filters and selection.
#[derive(Debug, Clone, Default)]
pub struct HearingsScreen {
    pub hearings: Hearings,
    /// The people the list showed when it opened (sorted ids; none: everyone): a day's sheet
    /// exported from here holds only them.
    pub people: Option<Vec<i64>>,
}

impl HearingsScreen {
    /// The next hearing of everyone in custody, as the caseload stands, or only of the people
    /// the list shows (`shown`: its filter and search).
    pub fn build(caseload: &Caseload, shown: Option<&[Hit]>) -> HearingsScreen {
        let ranked = caseload.ranked();
        let hearings = match shown {
            None => Hearings::build(caseload.roster(), ranked),
            Some(rows) => {
                // In ranking order, so each day keeps the most urgent first.
                let mut positions: Vec<usize> = rows.iter().map(|h| h.position).collect();
                positions.sort_unstable();
                let people: Vec<_> = positions
                    .iter()
                    .filter_map(|&p| ranked.get(p))
                    .copied()
                    .collect();
                Hearings::build(caseload.roster(), &people)
            }
        };
        let people = shown.map(|rows| {
            let mut ids: Vec<i64> = rows
                .iter()
                .filter_map(|h| ranked.get(h.position))
                .filter_map(|r| caseload.roster().person(r.index).map(|p| p.id))
                .collect();
            ids.sort_unstable();
            ids
        });
        HearingsScreen { hearings, people }
    }

    /// The selected hearing's day (with the court and lawyer filters), for an export.
    pub fn subject(&self) -> Option<Subject> {
        let row = self.hearings.selected_row()?;
        let mut subject = Subject::day(
            row.date,
            self.hearings.court().map(str::to_string),
            self.hearings.lawyer().map(str::to_string),
        );
        if let Subject::Day(_, filter) = &mut subject {
            filter.people = self.people.clone();
        }
        Some(subject)
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match action {
            Action::Back => Step::to(Transition::Pop),
            Action::CycleCourt => {
                self.hearings.cycle_court();
                Step::stay()
            }
            Action::CycleLawyer => {
                self.hearings.cycle_lawyer();
                Step::stay()
            }
            Action::Open => self.open_person(cx),
            // The month of the hearings shown (their court and lawyer filters kept).
            Action::Calendar => Step::to(Transition::Push(Screen::Calendar(Box::new(
                CalendarScreen::of(self.clone(), cx.caseload.today),
            )))),
            Action::TogglePrivate | Action::Export | Action::Copy => {
                browse::act(action, cx, None, self.subject()).unwrap_or_default()
            }
            movement => {
                let len = self.hearings.len();
                self.hearings
                    .cursor
                    .apply(movement, len, cx.viewport.list_rows);
                Step::stay()
            }
        }
    }

    /// Opens the person of the selected hearing, selected in the (unsearched) list.
    fn open_person(&self, cx: &Cx) -> Step {
        let Some(index) = self.hearings.selected_row().map(|r| r.index) else {
            return Step::stay();
        };
        let ranked = cx.caseload.ranked();
        let Some(position) = ranked.iter().position(|r| r.index == index) else {
            return Step::stay();
        };
        let open = Step::to(Transition::FromList(
            Screen::Detail(DetailScreen::default()),
        ))
        .with(Op::SelectRanked(position));
        match cx.caseload.roster().person(index) {
            Some(person) => open.and(Effect::Load {
                id: person.id,
                purpose: Purpose::History,
            }),
            None => open,
        }
    }
}
