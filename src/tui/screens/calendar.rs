//! The month calendar of hearings (issue 17 §3): one square a day with how many hearings fall
//! on it and the most urgent band among them. Moves by day, week and month; `Enter` opens that
//! day on the Hearings screen. Counts come from the Hearings model (the roster's next hearings,
//! with the court and lawyer filters of the screen it was opened from).

use super::{HearingsScreen, Screen, Step, Transition};
use crate::domain::month::{self, DayLoad, MonthGrid, Move, YearMonth};
use crate::tui::action::Action;
use crate::tui::hearings::Hearings;
use chrono::{NaiveDate, Weekday};
use std::collections::BTreeMap;

/// The footer's keys.
pub const KEYS: &[Action] = &[
    Action::Open,
    Action::PrevMonth,
    Action::NextMonth,
    Action::Back,
    Action::Help,
];

/// Weeks start on Monday, as court diaries in Pakistan do.
pub const WEEK_START: Weekday = Weekday::Mon;

/// The calendar's state: the hearings it counts and the selected day.
#[derive(Debug, Clone)]
pub struct CalendarScreen {
    hearings: Hearings,
    /// The list's people, passed on to the Hearings screen a day opens (see
    /// [`HearingsScreen::people`]).
    people: Option<Vec<i64>>,
    loads: BTreeMap<NaiveDate, DayLoad>,
    today: NaiveDate,
    /// The selected day; the month shown is the one it falls in.
    pub day: NaiveDate,
}

impl CalendarScreen {
    /// The hearings `hearings` lets through (its court and lawyer filters kept), on today.
    pub fn of(screen: HearingsScreen, today: NaiveDate) -> CalendarScreen {
        let HearingsScreen {
            mut hearings,
            people,
        } = screen;
        hearings.set_day(None);
        let loads = month::day_loads(hearings.dated_bands());
        CalendarScreen {
            hearings,
            people,
            loads,
            today,
            day: today,
        }
    }

    /// The month shown, laid out in weeks.
    pub fn grid(&self) -> MonthGrid {
        month::month_grid(YearMonth::of(self.day), self.today, WEEK_START, &self.loads)
    }

    /// The hearings on the selected day.
    pub fn load(&self) -> Option<DayLoad> {
        self.loads.get(&self.day).copied()
    }

    /// Whether the selected day is today.
    pub fn is_today(&self) -> bool {
        self.day == self.today
    }

    /// The court and lawyer filters in force, for the header line.
    pub fn hearings(&self) -> &Hearings {
        &self.hearings
    }

    pub fn update(&mut self, action: Action) -> Step {
        let movement = match action {
            Action::Back => return Step::to(Transition::Pop),
            Action::Open => return self.open_day(),
            Action::First => {
                self.day = self.today;
                return Step::stay();
            }
            Action::PrevDay => Move::PrevDay,
            Action::NextDay => Move::NextDay,
            Action::MoveUp => Move::PrevWeek,
            Action::MoveDown => Move::NextWeek,
            Action::PrevMonth => Move::PrevMonth,
            Action::NextMonth => Move::NextMonth,
            _ => return Step::stay(),
        };
        self.day = month::step(self.day, movement);
        Step::stay()
    }

    /// The selected day on the Hearings screen (a day without hearings says so instead).
    fn open_day(&self) -> Step {
        if self.load().is_none() {
            return Step::say(format!(
                "No hearings on {}.",
                self.day.format("%a %-d %b %Y")
            ));
        }
        let mut hearings = self.hearings.clone();
        hearings.set_day(Some(self.day));
        Step::to(Transition::Push(Screen::Hearings(HearingsScreen {
            hearings,
            people: self.people.clone(),
        })))
    }
}
